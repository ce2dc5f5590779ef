import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, renderExplanation, type DatasetInput, type RuleSetInput, type StageInput } from '../src/index.js';
import { appraise2014, readJson, unitNamed } from './support/load.js';
import { tinyDataset, tinyRuleSet } from './support/tiny.js';

async function run(dataset: DatasetInput, edit: (ruleSet: RuleSetInput) => void = () => {}) {
  const input = tinyRuleSet();
  edit(input);
  const ruleSet = parseRuleSet(input);
  return { ruleSet, result: await appraise(ruleSet, parseDataset(dataset, ruleSet)) };
}

/** A grade 一般 (fair) below 良好, for a composite below `below`, by a rule before the one that gives 良好 to the rest. */
const withFair = (below: string) => (input: RuleSetInput) => {
  input.grades.push({ id: 'fair', label: '一般' });
  input.stages.find((stage) => stage.id === 'grade')?.rules.splice(1, 0, {
    id: 'fair',
    reason: `综合得分低于${below}分`,
    conditions: { all: [{ fact: 'composite', operator: 'decimalLessThan', value: below }] },
    event: { type: 'grade', params: { grade: 'fair' } },
  });
};

/** A first-match stage for graded units, after the others, of one rule on the composite, named by its id. */
const laterStage = (id: string, reason: string, operator: string, value: string, event: StageInput['rules'][number]['event']): StageInput => ({
  id,
  label: reason,
  mode: 'first-match',
  appliesTo: ['graded'],
  rules: [{ id, reason, conditions: { all: [{ fact: 'composite', operator, value }] }, event }],
});

describe('explanations: what a unit lacked for the next better grade', () => {
  it('names the failed condition and the exact gap for a unit one hundredth short', async () => {
    const { result } = await run(tinyDataset([['S1', '49.99', '30']]));
    const unit = result.units[0];
    expect(unit?.composite).toBe('79.99');
    expect(unit?.grade).toBe('good');
    expect(unit?.shortfall).toEqual({
      grade: 'excellent',
      stage: 'grade',
      rule: 'excellent',
      reason: '优秀',
      failed: [{ fact: 'composite', operator: 'decimalGreaterThanInclusive', value: '80', seen: '79.99', gap: '0.01', negated: false }],
      quota: null,
    });
  });

  it('says where a quota cut a unit off, and how far behind the last admitted it was', async () => {
    const { result } = await run(tinyDataset([['S1', '50', '40'], ['S2', '50', '39.58'], ['S3', '50', '39.16']]));
    const third = result.units.find((unit) => unit.id === 'S3');
    expect(third?.shortfall?.failed).toEqual([]);
    expect(third?.shortfall?.quota).toMatchObject({ places: 2, position: 3, candidates: 3, admitted: false, cutoff: { unit: 'S2', by: 'composite', value: '89.58' }, behind: '0.42' });
  });

  it('reports a quota cut decided by a tie with the last admitted unit: 0 behind, decided by id', async () => {
    const { result } = await run(tinyDataset([['S1', '50', '40'], ['S3', '45', '39'], ['S2', '45', '39']]));
    const cut = result.units.find((unit) => unit.id === 'S3')?.shortfall?.quota;
    expect(cut).toMatchObject({ position: 3, places: 2, decidedById: true, cutoff: { unit: 'S2', value: '84.00' }, behind: '0.00' });
  });

  it('under a not, asks one of an all that held to change, and every one of an any that held', async () => {
    // excellent's conditions: a composite of 80 or more, and not of a list of 甲 ≥ 45 and 乙 ≥ 30
    const notOf = (list: 'all' | 'any') => (input: RuleSetInput) => {
      const rule = input.stages.find((stage) => stage.id === 'grade')?.rules[0];
      const both = [
        { fact: 'indicators', path: '$.a.score', operator: 'decimalGreaterThanInclusive', value: '45' },
        { fact: 'indicators', path: '$.b.score', operator: 'decimalGreaterThanInclusive', value: '30' },
      ];
      if (rule) rule.conditions = { all: [{ fact: 'composite', operator: 'decimalGreaterThanInclusive', value: '80' }, { not: list === 'all' ? { all: both } : { any: both } }] };
    };
    const { result } = await run(tinyDataset([['S1', '50', '35']]), notOf('all'));
    // breaking either of the two would do: the closest one alone, as one of two alternatives
    expect(result.units[0]?.shortfall?.failed).toEqual([expect.objectContaining({ negated: true, alternatives: 2 })]);
    const { result: both } = await run(tinyDataset([['S1', '50', '35']]), notOf('any'));
    // both held, and both must not
    expect(both.units[0]?.shortfall?.failed.map((failure) => [failure.path, failure.negated])).toEqual([
      ['$.a.score', true],
      ['$.b.score', true],
    ]);
  });

  it('picks the closest alternative of an any, and counts the alternatives', async () => {
    const { result } = await appraise2014();
    expect(unitNamed(result, '区卫生局').shortfall?.failed).toEqual([
      { fact: 'indicators', path: '$.coordination.score', operator: 'decimalGreaterThanInclusive', value: '4.75', seen: '4.34', gap: '0.41', negated: false, alternatives: 8 },
    ]);
  });

  it('gives no shortfall to the best grade, nor to excluded and vertical units', async () => {
    const { result } = await appraise2014();
    for (const name of ['中关村西城园管委会', '区政府办公室', '区国税局']) expect(unitNamed(result, name).shortfall, name).toBeNull();
  });

  it('writes the explanation in Chinese, exact numbers included', async () => {
    const { ruleSet, result } = await appraise2014();
    const text = renderExplanation(unitNamed(result, '区发展改革委'), result, ruleSet);
    expect(text).toContain('结果：单项优秀 —— 至少一项计分指标得分达到该项分值的95%\n');
    expect(text).toContain('    ✓ 职责任务得分 38.77 ≥ 38\n');
    expect(text).toContain('  ✗ 限额：本类 24 个单位限 10 个，符合条件的 12 个单位中排第 11；第 10 名为区住房城市建设委（93.12），落后 0.48 分\n');
    const environment = renderExplanation(unitNamed(result, '区环保局'), result, ruleSet);
    expect(environment).toContain('  ✗ 扣分 需 = 0，实为 0.80，需减少 0.80\n');
  });

  it('says why a unit has each mention, with the conditions its rule met', async () => {
    const { ruleSet, result } = await appraise2014();
    const taxes = renderExplanation(unitNamed(result, '区国税局'), result, ruleSet);
    expect(taxes).toContain('评价：表现突出\n');
    expect(taxes).toContain('\n依据（评价：表现突出）：规则 outstanding —— 综合得分不低于95分，在全年绩效管理工作中表现突出\n  ✓ 综合得分 95.80 ≥ 95\n');
    const market = renderExplanation(unitNamed(result, '西城工商分局'), result, ruleSet);
    expect(market).toMatch(/\n依据（评价：完成市政府绩效任务）：规则 municipal-tasks-completed —— 承担并较好地完成了市政府绩效任务\n {2}✓ [^\n]+\n/);
    expect(market).not.toContain('依据（评价：表现突出）');
    // a unit with no mention has no such line
    expect(renderExplanation(unitNamed(result, '区发展改革委'), result, ruleSet)).not.toContain('依据（评价');
  });

  it('says what a unit lacked for a mention its stage could have given it, and nothing of one it has', async () => {
    const { ruleSet, result } = await appraise2014();
    const local = renderExplanation(unitNamed(result, '区地税局'), result, ruleSet);
    expect(local).toContain('\n未得评价（表现突出）：规则 outstanding —— 综合得分不低于95分，在全年绩效管理工作中表现突出\n  ✗ 综合得分 93.96 ≥ 95\n');
    expect(local).toContain('\n未得评价（完成市政府绩效任务）：规则 municipal-tasks-completed —— ');
    const market = renderExplanation(unitNamed(result, '西城工商分局'), result, ruleSet);
    expect(market).toContain('未得评价（表现突出）');
    expect(market).not.toContain('未得评价（完成市政府绩效任务）');
    // a stage that does not apply to the unit says nothing of its mentions
    expect(renderExplanation(unitNamed(result, '区发展改革委'), result, ruleSet)).not.toContain('未得评价');
  });

  it('gives a mention rule\'s quota with its conditions', async () => {
    const input = readJson<RuleSetInput>('rules/2014.json');
    const rule = input.stages.flatMap((stage) => stage.rules).find((entry) => entry.id === 'outstanding');
    if (rule) rule.quota = { max: 1 };
    const ruleSet = parseRuleSet(input);
    const result = await appraise(ruleSet, parseDataset(readJson('examples/xicheng-2014/dataset.json'), ruleSet));
    const text = renderExplanation(unitNamed(result, '区国税局'), result, ruleSet);
    expect(text).toMatch(/\n依据（评价：表现突出）：规则 outstanding —— [^\n]+\n {2}✓ 综合得分 95\.80 ≥ 95\n {2}✓ 限额：[^\n]+\n/);
  });
});

describe('explanations on the outcome', () => {
  it('are enumerable properties like the rest, built once on first read and then the same objects', async () => {
    const { result } = await appraise2014();
    const [first, second] = result.units;
    if (!first || !second) throw new Error('no units');
    expect(Object.keys(first).slice(-2)).toEqual(['stages', 'shortfall']);
    expect(first.stages).toBe(first.stages);
    expect(second.shortfall).toBe(second.shortfall);
    // each outcome explains itself, not another
    expect(first.stages).not.toBe(second.stages);
    const copy = { ...second };
    expect(copy.stages).toBe(second.stages);
    expect(JSON.parse(JSON.stringify(first)).stages).toEqual(JSON.parse(JSON.stringify(first.stages)));
    expect(second.shortfall?.rule).toBe('overall-excellent');
    // what explanations are built from stays out of JSON, keys and copies
    expect(Object.getOwnPropertyNames(copy)).toEqual(Object.keys(second));
  });

  it('give each unit its indicators the same way: in their place among the keys, built once, in copies and JSON', async () => {
    const { ruleSet, result } = await appraise2014();
    const [first, second] = result.units;
    if (!first || !second) throw new Error('no units');
    const keys = Object.keys(first);
    expect(keys.slice(keys.indexOf('percentile'), keys.indexOf('percentile') + 3)).toEqual(['percentile', 'indicators', 'bonus']);
    expect(first.indicators).toBe(first.indicators);
    expect(first.indicators).not.toBe(second.indicators);
    expect({ ...first }.indicators).toBe(first.indicators);
    expect(first.indicators.map((entry) => entry.id)).toEqual(ruleSet.indicators.map((indicator) => indicator.id));
    expect(JSON.parse(JSON.stringify(first)).indicators).toEqual(JSON.parse(JSON.stringify(first.indicators)));
    const proxy = new Proxy(second as object, {}) as typeof second & object;
    expect(proxy.indicators).toBe(second.indicators);
  });

  it('give their scores alone as the indicators do, for outcomes, copies, JSON read back and redefined indicators', async () => {
    const { indicatorScoresOf } = await import('../src/outcomes/appraise.js');
    const fresh = async () => (await appraise2014()).result.units;
    const expected = (await fresh()).map((unit) => unit.indicators.map((entry) => entry.score));
    expect((await fresh()).map((unit) => indicatorScoresOf(unit))).toEqual(expected);
    const units = await fresh();
    expect(units.map((unit) => indicatorScoresOf(new Proxy(unit, {})))).toEqual(expected);
    expect(units.map((unit) => indicatorScoresOf({ ...unit }))).toEqual(expected);
    expect(units.map((unit) => indicatorScoresOf(Object.create(unit) as typeof unit))).toEqual(expected);
    expect(units.map((unit) => indicatorScoresOf(JSON.parse(JSON.stringify(unit)) as typeof unit))).toEqual(expected);
    const [redefined] = await fresh();
    if (!redefined) throw new Error('no units');
    // redefined before they were ever read
    Object.defineProperty(redefined, 'indicators', { value: [{ id: 'duties', label: '职责任务', score: '1.00', points: '40', counts: true, rank: null, bySubject: [] }] });
    expect(indicatorScoresOf(redefined)).toEqual(['1.00']);
  });

  it('read the same through a Proxy or an object derived from the outcome, and after its fields are changed', async () => {
    const fresh = async () => (await appraise2014()).result.units;
    const [expected] = (await fresh()).map((unit) => JSON.parse(JSON.stringify({ stages: unit.stages, shortfall: unit.shortfall })) as unknown);
    const [viaProxy] = await fresh();
    const proxy = new Proxy(viaProxy as object, {}) as typeof viaProxy & object;
    expect(JSON.parse(JSON.stringify({ stages: proxy.stages, shortfall: proxy.shortfall }))).toEqual(expected);
    const [viaDerived] = await fresh();
    const derived = Object.create(viaDerived as object) as typeof viaDerived & object;
    expect(JSON.parse(JSON.stringify({ stages: derived.stages, shortfall: derived.shortfall }))).toEqual(expected);
    const [renamed] = await fresh();
    if (!renamed) throw new Error('no units');
    (renamed as { id: string }).id = 'renamed';
    (renamed as { composite: string | null }).composite = '0';
    expect(JSON.parse(JSON.stringify({ stages: renamed.stages, shortfall: renamed.shortfall }))).toEqual(expected);
  });
});

describe('explanations of a condition that compares with another fact', () => {
  it('names the fact and what it held for the unit, in the trace, the shortfall and its text, or says it held nothing', async () => {
    const dataset = tinyDataset([
      ['S1', '50', '30'],
      ['S2', '45', '30'],
      ['S3', '44', '30'],
    ]);
    dataset.prior = [
      { unit: 'S1', composite: '79.50', grade: 'good' },
      { unit: 'S2', composite: '75.02', grade: 'good' },
    ];
    const { ruleSet, result } = await run(dataset, (input) => {
      const excellent = input.stages[1]?.rules[0];
      if (excellent) excellent.conditions = { all: [{ fact: 'composite', operator: 'decimalGreaterThanInclusive', value: { fact: 'priorComposite' } }] };
    });
    const [s1, s2, s3] = ['S1', 'S2', 'S3'].map((id) => result.units.find((unit) => unit.id === id));
    // S1 at 80.00 above its 79.50; S2 at 75.00, two hundredths short of its 75.02; S3 with no prior year
    expect(renderExplanation(s1 as never, result, ruleSet)).toContain('✓ 综合得分 80.00 ≥ 上年综合得分 79.50');
    expect(s2?.shortfall?.failed).toEqual([{ fact: 'composite', operator: 'decimalGreaterThanInclusive', value: { fact: 'priorComposite' }, compared: '75.02', seen: '75.00', gap: '0.02', negated: false }]);
    expect(renderExplanation(s2 as never, result, ruleSet)).toContain('✗ 综合得分 需 ≥ 上年综合得分 75.02，实为 75.00，差 0.02');
    expect(s3?.shortfall?.failed[0]).toMatchObject({ compared: null, gap: null });
    const third = renderExplanation(s3 as never, result, ruleSet);
    expect(third).toContain('✗ 综合得分 需 ≥ 上年综合得分（无），实为 74.00');
    expect(third).not.toContain('"fact"');
  });
});

describe('explanations of grades beyond the next better one', () => {
  it('say where a better grade still was lost to its quota alone, before what the next better grade lacked', async () => {
    // 天桥街道 (S03) given 德胜街道's (S07) scores: the two tie on every key at the sixth and last place of 综合优秀
    // among the streets, and the codes put S03 first; S07 is then 良好, 0.08 short of 单项优秀
    const { ruleSet, result } = await appraise2014((dataset) => {
      const rows = dataset.scores as { unit: string; indicator: string; score: string }[];
      for (const row of rows) if (row.unit === 'S03') row.score = rows.find((other) => other.unit === 'S07' && other.indicator === row.indicator)?.score ?? row.score;
    });
    const s07 = unitNamed(result, '德胜街道');
    expect([unitNamed(result, '天桥街道').grade, s07.grade, s07.shortfall?.grade]).toEqual(['overall-excellent', 'good', 'single-item-excellent']);
    const text = renderExplanation(s07, result, ruleSet);
    const overall = text.indexOf('距综合优秀（规则 overall-excellent');
    expect(overall).toBeGreaterThan(0);
    expect(text.indexOf('距单项优秀')).toBeGreaterThan(overall);
    expect(text).toContain('排第 7；第 6 名为天桥街道（93.37），落后 0.00 分；与限额边界上的单位各项排序指标完全相同，按单位编码排序\n');
    // the unit it tied with, admitted, has no such lines
    expect(renderExplanation(unitNamed(result, '天桥街道'), result, ruleSet)).not.toContain('距综合优秀');
  });

  it('say what a unit lacked for a grade a later rule gives every unit the earlier rule did not catch', async () => {
    // a year's 一般 (fair) below 良好, for a composite below 75, before the rule that gives 良好 to the rest
    const { ruleSet, result } = await run(tinyDataset([['S1', '40', '30']]), withFair('75'));
    const unit = result.units[0];
    expect(unit?.grade).toBe('fair');
    expect(unit?.shortfall).toEqual({
      grade: 'good',
      stage: 'grade',
      rule: 'good',
      reason: '良好',
      failed: [{ fact: 'composite', operator: 'decimalLessThan', value: '75', seen: '70.00', gap: null, negated: true }],
      quota: null,
    });
    expect(renderExplanation(unit as never, result, ruleSet)).toContain('距良好（规则 good：良好）：\n  ✗ 综合得分 不得满足 < 75，实为 70.00\n');
  });

  it('give no such shortfall where a later stage set the grade, and no quota lines to a unit a later stage excluded', async () => {
    // 一般 (fair) given again by a later stage to composites of 84 and more: the grade stage's rules are not what
    // decided S1's grade, nor is 良好 what it lacked
    const { ruleSet, result } = await run(tinyDataset([['S1', '50', '35.5'], ['S2', '40', '30']]), (input) => {
      withFair('50')(input);
      input.stages.push(laterStage('demote', '降为一般', 'decimalGreaterThanInclusive', '84', { type: 'grade', params: { grade: 'fair' } }));
    });
    const s1 = result.units.find((unit) => unit.id === 'S1');
    expect([s1?.grade, s1?.shortfall]).toEqual(['fair', null]);
    expect(renderExplanation(s1 as never, result, ruleSet)).not.toContain('距');
    // 良好 for a composite of 70 or more, 一般 for the rest, and 一般 again from a later stage below 66: what S2
    // (65.00) missed of 良好 in the grade stage, the later stage would have undone
    const { result: demoted } = await run(tinyDataset([['S2', '45', '20']]), (input) => {
      input.grades.push({ id: 'fair', label: '一般' });
      const rules = input.stages.find((stage) => stage.id === 'grade')?.rules ?? [];
      const good = rules.find((rule) => rule.id === 'good');
      if (good) good.conditions = { all: [{ fact: 'composite', operator: 'decimalGreaterThanInclusive', value: '70' }] };
      rules.push({ id: 'fair', reason: '一般', conditions: { all: [] }, event: { type: 'grade', params: { grade: 'fair' } } });
      input.stages.push(laterStage('demote', '降为一般', 'decimalLessThan', '66', { type: 'grade', params: { grade: 'fair' } }));
    });
    expect([demoted.units[0]?.grade, demoted.units[0]?.shortfall]).toEqual(['fair', null]);
    // three streets over 80 for two places; the third, cut by the quota, then excluded by a later stage
    const { ruleSet: vetoed, result: excluded } = await run(tinyDataset([['S1', '50', '40'], ['S2', '50', '35'], ['S3', '50', '32']]), (input) => {
      input.stages.push(laterStage('veto', '一票否决', 'decimalLessThan', '83', { type: 'status', params: { status: 'excluded' } }));
    });
    const s3 = excluded.units.find((unit) => unit.id === 'S3');
    expect(s3?.status).toBe('excluded');
    expect(renderExplanation(s3 as never, excluded, vetoed)).not.toContain('距');
  });

  it('list, for a graded unit no rule gave a grade, each grade rule it missed and what failed, and what the lowest grade lacked', async () => {
    const { ruleSet, result } = await run(tinyDataset([['S1', '40', '30']]), (input) => {
      const stage = input.stages.find((entry) => entry.id === 'grade');
      const good = stage?.rules.find((rule) => rule.id === 'good');
      if (good) good.conditions = { all: [{ fact: 'composite', operator: 'decimalGreaterThanInclusive', value: '75' }] };
    });
    const unit = result.units[0];
    expect([unit?.grade, unit?.reason]).toEqual([null, '没有规则给出等次']);
    expect(unit?.shortfall).toEqual({
      grade: 'good',
      stage: 'grade',
      rule: 'good',
      reason: '良好',
      failed: [{ fact: 'composite', operator: 'decimalGreaterThanInclusive', value: '75', seen: '70.00', gap: '5.00', negated: false }],
      quota: null,
    });
    const text = renderExplanation(unit as never, result, ruleSet);
    expect(text).toContain('结果：未评定等次 —— 没有规则给出等次\n');
    expect(text).toContain('\n未得优秀（等次）：规则 excellent —— 优秀\n  ✗ 综合得分 70.00 ≥ 80\n');
    expect(text).toContain('\n距良好（规则 good：良好）：\n  ✗ 综合得分 需 ≥ 75，实为 70.00，差 5.00\n');
  });

  it('say every rule between that catches the unit too must not hold, not only the one that decided', async () => {
    // 一般 for a deduction first (by its priority), then 一般 below 75, then 良好 for the rest: a unit with both is
    // told of both, one with the deduction alone of that alone
    const { ruleSet, result } = await run(
      { ...tinyDataset([['S1', '40', '30'], ['S2', '50', '30']]), adjustments: ['S1', 'S2'].map((unit) => ({ unit, item: 'minus', points: '1', reason: '扣分' })) },
      (input) => {
        withFair('75')(input);
        input.stages
          .find((stage) => stage.id === 'grade')
          ?.rules.splice(1, 0, {
            id: 'fair-deducted',
            reason: '有扣分',
            priority: 10,
            conditions: { all: [{ fact: 'deduction', operator: 'decimalGreaterThan', value: '0' }] },
            event: { type: 'grade', params: { grade: 'fair' } },
          });
      },
    );
    const [s1, s2] = result.units;
    expect([s1?.grade, s1?.reason, s2?.grade, s2?.reason]).toEqual(['fair', '有扣分', 'fair', '有扣分']);
    expect(s1?.shortfall?.failed).toEqual([
      { fact: 'deduction', operator: 'decimalGreaterThan', value: '0', seen: '1.00', gap: null, negated: true },
      { fact: 'composite', operator: 'decimalLessThan', value: '75', seen: '69.00', gap: null, negated: true },
    ]);
    expect(s2?.shortfall?.failed).toEqual([{ fact: 'deduction', operator: 'decimalGreaterThan', value: '0', seen: '1.00', gap: null, negated: true }]);
    expect(renderExplanation(s1 as never, result, ruleSet)).toContain('距良好（规则 good：良好）：\n  ✗ 扣分 不得满足 > 0，实为 1.00\n  ✗ 综合得分 不得满足 < 75，实为 69.00\n');
    // the reference path says the same
    const reference = await appraise(ruleSet, parseDataset({ ...tinyDataset([['S1', '40', '30']]), adjustments: [{ unit: 'S1', item: 'minus', points: '1', reason: '扣分' }] }, ruleSet), { evaluation: 'reference' });
    expect(reference.units[0]?.shortfall).toEqual(s1?.shortfall);
  });

  it('count a failed condition the trace left unevaluated after a condition of higher priority failed', async () => {
    // 优秀 needs 80 on the composite (evaluated first) and 35 on b: a unit short of both is told of both
    const { ruleSet, result } = await run(tinyDataset([['S1', '45', '30']]), (input) => {
      const excellent = input.stages.find((stage) => stage.id === 'grade')?.rules.find((rule) => rule.id === 'excellent');
      if (excellent) {
        excellent.conditions = {
          all: [
            { fact: 'composite', operator: 'decimalGreaterThanInclusive', value: '80', priority: 2 },
            { fact: 'indicators', path: '$.b.score', operator: 'decimalGreaterThanInclusive', value: '35' },
          ],
        };
      }
    });
    const unit = result.units[0];
    // the trace is json-rules-engine's: the second condition was not evaluated
    const missed = unit?.stages.find((stage) => stage.stage === 'grade')?.missed[0]?.conditions;
    expect(missed && 'all' in missed ? missed.all.map((condition) => condition.result) : undefined).toEqual([false, null]);
    expect(unit?.shortfall?.failed).toEqual([
      { fact: 'composite', operator: 'decimalGreaterThanInclusive', value: '80', seen: '75.00', gap: '5.00', negated: false },
      { fact: 'indicators', path: '$.b.score', operator: 'decimalGreaterThanInclusive', value: '35', seen: '30.00', gap: '5.00', negated: false },
    ]);
    const reference = await appraise(ruleSet, parseDataset(tinyDataset([['S1', '45', '30']]), ruleSet), { evaluation: 'reference' });
    expect(reference.units[0]?.shortfall).toEqual(unit?.shortfall);
  });

  it('say a strict comparison needs more than the gap, and give a rank its gap as a whole number', async () => {
    const { ruleSet, result } = await run({ ...tinyDataset([['S1', '50', '30'], ['S2', '50', '31']]), adjustments: [{ unit: 'S1', item: 'minus', points: '3', reason: '扣分' }] }, (input) => {
      const excellent = input.stages.find((stage) => stage.id === 'grade')?.rules.find((rule) => rule.id === 'excellent');
      if (excellent) excellent.conditions = { all: [{ fact: 'deduction', operator: 'decimalLessThan', value: '1' }, { fact: 'rank', operator: 'decimalLessThanInclusive', value: '1' }] };
    });
    const s1 = result.units.find((unit) => unit.id === 'S1');
    expect(s1?.shortfall?.failed.map((failure) => failure.gap)).toEqual(['-2.00', '-1']);
    const text = renderExplanation(s1 as never, result, ruleSet);
    expect(text).toContain('  ✗ 扣分 需 < 1，实为 3.00，需减少超过 2.00\n');
    expect(text).toContain('  ✗ 本类排名 需 ≤ 1，实为 2，需减少 1\n');
  });
});

describe('explanations of conditions in groups', () => {
  it('put the conditions of an all within an any under a line of their own, with the result of the group', async () => {
    const { ruleSet, result } = await run(tinyDataset([['S1', '40', '30']]), (input) => {
      input.grades.push({ id: 'fair', label: '一般' });
      input.stages
        .find((stage) => stage.id === 'grade')
        ?.rules.splice(1, 0, {
          id: 'fair',
          reason: '一般',
          conditions: {
            any: [
              { fact: 'composite', operator: 'decimalLessThan', value: '60' },
              {
                all: [
                  { fact: 'indicators', path: '$.b.score', operator: 'decimalLessThan', value: '31' },
                  { fact: 'indicators', path: '$.a.score', operator: 'decimalGreaterThanInclusive', value: '40' },
                ],
              },
              { not: { all: [{ fact: 'composite', operator: 'decimalGreaterThan', value: '0' }, { fact: 'deduction', operator: 'decimalEqual', value: '0' }] } },
            ],
          },
          event: { type: 'grade', params: { grade: 'fair' } },
        });
    });
    expect(result.units[0]?.grade).toBe('fair');
    expect(renderExplanation(result.units[0] as never, result, ruleSet)).toContain(
      [
        '  ✓ 满足其一：',
        '    ✗ 综合得分 70.00 < 60',
        '    ✓ 同时满足：',
        '      ✓ 乙得分 30.00 < 31',
        '      ✓ 甲得分 40.00 ≥ 40',
        '    ✗ 不满足：',
        '      ✓ 同时满足：',
        '        ✓ 综合得分 70.00 > 0',
        '        ✓ 扣分 0.00 = 0',
        '',
      ].join('\n'),
    );
  });
});

describe('explanations of a quota ordered by another key than the composite', () => {
  it('name the key the cut fell on, and say how far behind on it, the lowest first where it orders so', async () => {
    // the quota of two ordered by 乙 (b), lowest first: S2 (25), S1 (30) admitted, S3 (35) left out, 5 behind
    const ascending = (ruleSet: RuleSetInput) => {
      const rule = (ruleSet.stages.find((stage) => stage.id === 'grade')?.rules[0] ?? {}) as { quota?: Record<string, unknown> };
      rule.quota = { max: 2, orderBy: [{ by: 'indicators.b', order: 'asc' }] };
    };
    const { ruleSet, result } = await run(tinyDataset([['S1', '50', '30'], ['S2', '55', '25'], ['S3', '45', '35']]), ascending);
    const s3 = result.units.find((unit) => unit.id === 'S3');
    expect(s3?.shortfall?.quota).toMatchObject({ position: 3, cutoff: { unit: 'S1', by: 'indicators.b', value: '30.00' }, behind: '5.00' });
    expect(renderExplanation(s3 as never, result, ruleSet)).toContain('第 2 名为街道S1（乙得分 30.00），落后 5.00 分\n');
  });
});

describe('explanations of a quota cut decided by a later key', () => {
  it('names the key that put the last admitted unit first, and both values on it', async () => {
    // three streets at 80.00, the quota two, ties broken by 乙 (b): S2 (35), then S1 (30), and S3 (25) left out
    const { ruleSet, result } = await run(
      tinyDataset([
        ['S1', '50', '30'],
        ['S2', '45', '35'],
        ['S3', '55', '25'],
      ]),
    );
    const s3 = result.units.find((unit) => unit.id === 'S3');
    expect(s3?.grade).toBe('good');
    expect(s3?.shortfall?.quota).toMatchObject({ behind: '0.00', decidedById: false, cutoff: { unit: 'S1', by: 'composite', value: '80.00' } });
    expect(renderExplanation(s3 as never, result, ruleSet)).toContain('落后 0.00 分；综合得分相同，按乙得分排序（高者在前）：本单位 25.00，街道S1 30.00\n');
    // a cut the composite decided says no more than how far behind
    const { ruleSet: other, result: apart } = await run(
      tinyDataset([
        ['S1', '51', '30'],
        ['S2', '47', '35'],
        ['S3', '55.5', '25'],
      ]),
    );
    const behind = apart.units.find((unit) => unit.id === 'S3');
    expect(behind?.shortfall?.quota).toMatchObject({ behind: '0.50', cutoff: { unit: 'S1', value: '81.00' } });
    const text = renderExplanation(behind as never, apart, other);
    expect(text).toContain('落后 0.50 分\n');
    expect(text).not.toContain('相同，按');
  });
});
