// Behaviour the mutation run found unpinned in src/scoring/score.ts and src/quotas/decideStage.ts: the order of
// per-subject parts and adjustment entries, uncapped items, scores written as given, quota traces at the cut,
// and decideStage's own handling of candidates and shared decisions.
import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, type DatasetInput, type RuleSetInput, type UnitFacts } from '../src/index.js';
import { decideStage, decideStageCoded, orderRules, quotaOrder, type StageCandidate } from '../src/quotas/decideStage.js';
import { compareScores, scoreUnits } from '../src/scoring/score.js';
import { tinyDataset, tinyRuleSet } from './support/tiny.js';

function parsed(dataset: DatasetInput, edit: (ruleSet: RuleSetInput) => void = () => {}) {
  const input = tinyRuleSet();
  edit(input);
  const ruleSet = parseRuleSet(input);
  return { ruleSet, dataset: parseDataset(dataset, ruleSet) };
}

async function run(dataset: DatasetInput, edit: (ruleSet: RuleSetInput) => void = () => {}) {
  const { ruleSet, dataset: checked } = parsed(dataset, edit);
  return appraise(ruleSet, checked);
}

type Result = Awaited<ReturnType<typeof run>>;

const unitOf = (result: Result, id: string) => {
  const unit = result.units.find((entry) => entry.id === id);
  if (!unit) throw new Error(`no unit ${id}`);
  return unit;
};

const quotaOf = (result: Result, id: string) => {
  const stage = unitOf(result, id).stages.find((entry) => entry.stage === 'grade');
  return [...(stage?.applied ?? []), ...(stage?.missed ?? [])].find((rule) => rule.rule === 'excellent')?.quota;
};

/** Every order of a list. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('scores: order, form and caps', () => {
  it('lists per-subject parts by subject, whatever the order of the rows (sorted input included)', async () => {
    const subjects = ['s1', 's2', 's3'];
    const orders = permutations(subjects);
    const dataset: DatasetInput = {
      units: orders.map((_, u) => ({ id: `U${u}`, name: `街道${u}`, category: 'street' })),
      scores: orders.flatMap((order, u) => [
        ...order.map((subject) => ({ unit: `U${u}`, indicator: 'a', subject, score: subject === 's1' ? '15' : subject === 's2' ? '20.5' : '10.25' })),
        { unit: `U${u}`, indicator: 'b', score: '30' },
      ]),
    };
    const result = await run(dataset, (ruleSet) => {
      ruleSet.subjects.push({ id: 's3', label: '主体三' });
      const a = ruleSet.indicators[0];
      if (a) a.subjects = [{ subject: 's1', points: '20' }, { subject: 's2', points: '25' }, { subject: 's3', points: '15' }];
    });
    expect(orders[0]).toEqual(subjects);
    for (const unit of result.units) {
      expect(unit.indicators[0]?.score, unit.id).toBe('45.75');
      expect(unit.indicators[0]?.bySubject, unit.id).toEqual([
        { subject: 's1', score: '15.00' },
        { subject: 's2', score: '20.50' },
        { subject: 's3', score: '10.25' },
      ]);
    }
  });

  it('gives no per-subject parts for an indicator scored whole', async () => {
    const dataset: DatasetInput = {
      units: [{ id: 'S1', name: '街道一', category: 'street' }],
      scores: [
        { unit: 'S1', indicator: 'a', score: '50.5' },
        { unit: 'S1', indicator: 'b', subject: 's2', score: '30' },
      ],
    };
    const unit = unitOf(await run(dataset), 'S1');
    expect(unit.indicators.map((indicator) => [indicator.id, indicator.score, indicator.bySubject])).toEqual([
      ['a', '50.50', []],
      ['b', '30.00', [{ subject: 's2', score: '30.00' }]],
      ['c', null, []],
    ]);
    const { ruleSet, dataset: checked } = parsed(dataset);
    const scores = scoreUnits(ruleSet, checked);
    const place = checked.units.findIndex((entry) => entry.id === 'S1');
    // (parts kept as columns are read from them when asked for)
    const bySubject = scores.bySubject.get(place) ?? scores.partsOf?.get(place);
    expect(bySubject?.[0]).toBeUndefined();
    expect(bySubject?.[1]).toEqual([{ subject: 's2', score: '30.00' }]);
    expect(bySubject?.[2]).toBeUndefined();
  });

  it('lists adjustment entries by reason, then points, whatever the order of the rows (sorted input included)', async () => {
    const entries = [
      { reason: 'r1', points: '0.5' },
      { reason: 'r1', points: '0.25' },
      { reason: 'r2', points: '1' },
      { reason: 'r3', points: '0.1' },
    ];
    const orders = permutations(entries);
    const dataset: DatasetInput = {
      units: orders.map((_, u) => ({ id: `U${String(u).padStart(2, '0')}`, name: `街道${u}`, category: 'street' })),
      scores: orders.flatMap((_, u) => [
        { unit: `U${String(u).padStart(2, '0')}`, indicator: 'a', score: '50' },
        { unit: `U${String(u).padStart(2, '0')}`, indicator: 'b', score: '30' },
      ]),
      adjustments: orders.flatMap((order, u) => order.map((entry) => ({ unit: `U${String(u).padStart(2, '0')}`, item: 'plus', ...entry }))),
    };
    const { ruleSet, dataset: checked } = parsed(dataset);
    const scores = scoreUnits(ruleSet, checked);
    expect(scores.adjustments.size).toBe(checked.units.length);
    for (const [p, unit] of checked.units.entries()) {
      expect(scores.adjustments.get(p), unit.id).toEqual([
        {
          item: 'plus',
          kind: 'bonus',
          raw: '1.85',
          applied: '1.85',
          entries: [
            { reason: 'r1', points: '0.25' },
            { reason: 'r1', points: '0.50' },
            { reason: 'r2', points: '1.00' },
            { reason: 'r3', points: '0.10' },
          ],
        },
      ]);
    }
    const result = await run(dataset);
    for (const unit of result.units) expect(unit.adjustments, unit.id).toEqual([{ item: 'plus', points: '1.85', applied: '1.85', reasons: ['r1', 'r1', 'r2', 'r3'] }]);
  });

  it('adds an item without a cap in full', async () => {
    const dataset = tinyDataset([['S1', '50', '30']]);
    dataset.adjustments = [
      { unit: 'S1', item: 'extra', points: '4.5', reason: '一' },
      { unit: 'S1', item: 'extra', points: '3', reason: '二' },
      { unit: 'S1', item: 'plus', points: '2.5', reason: '三' },
    ];
    const unit = unitOf(
      await run(dataset, (ruleSet) => {
        ruleSet.adjustments?.push({ id: 'extra', label: '另加', kind: 'bonus' });
      }),
      'S1',
    );
    expect(unit).toMatchObject({ bonus: '9.50', deduction: '0.00', composite: '89.50' });
    expect(unit.adjustments).toEqual([
      { item: 'plus', points: '2.50', applied: '2.00', reasons: ['三'] },
      { item: 'extra', points: '7.50', applied: '7.50', reasons: ['一', '二'] },
    ]);
  });

  it('writes a score given with other places than the rule set’s with the rule set’s places (0 and 3 decimals)', async () => {
    const scoresAt = async (decimals: number, a: string, b: string) => {
      const result = await run(tinyDataset([['S1', a, b]]), (ruleSet) => {
        ruleSet.precision = { decimals, rounding: 'half-up' };
      });
      return unitOf(result, 'S1').indicators.slice(0, 2).map((indicator) => indicator.score);
    };
    // no places kept where none are wanted: 7.50 is 7.5, 30 stays 30
    expect(await scoresAt(0, '7.50', '30')).toEqual(['7.5', '30']);
    // one place given, three wanted: 7.5 is 7.500, 1.5 is 1.500; exactly three given are kept
    expect(await scoresAt(3, '7.5', '1.5')).toEqual(['7.500', '1.500']);
    expect(await scoresAt(3, '7.125', '12')).toEqual(['7.125', '12.000']);
    expect(await scoresAt(4, '1.25', '12.5')).toEqual(['1.2500', '12.5000']);
  });

  it('orders decimal strings by value, not as text', () => {
    expect(compareScores('9.5', '10')).toBeLessThan(0);
    expect(compareScores('10', '9.5')).toBeGreaterThan(0);
    expect(compareScores('9.50', '9.5')).toBe(0);
    expect(['10', '9.5', '100', '0.25'].sort(compareScores)).toEqual(['0.25', '9.5', '10', '100']);
  });
});

describe('quota traces at the cut', () => {
  it('does not say the id decided for the last unit admitted when the next one is behind it', async () => {
    const result = await run(tinyDataset([['S1', '50', '40'], ['S2', '45', '40'], ['S3', '44', '40']]));
    expect(quotaOf(result, 'S1')).toMatchObject({ position: 1, admitted: true, decidedById: false });
    expect(quotaOf(result, 'S2')).toMatchObject({ position: 2, admitted: true, decidedById: false });
    expect(quotaOf(result, 'S3')).toMatchObject({ position: 3, admitted: false, decidedById: false });
  });

  it('does not say the id decided when the quota has room for every tied unit', async () => {
    const result = await run(tinyDataset([['S1', '45', '39'], ['S2', '45', '39']]));
    for (const id of ['S1', 'S2']) {
      expect(quotaOf(result, id), id).toMatchObject({ places: 2, candidates: 2, admitted: true, decidedById: false, cutoff: { unit: 'S2', by: 'composite', value: '84.00' } });
    }
  });

  it('gives the cutoff on the quota’s own first key', async () => {
    const result = await run(tinyDataset([['S1', '50', '38'], ['S2', '55', '30'], ['S3', '41', '39']]), (ruleSet) => {
      const rule = ruleSet.stages[1]?.rules[0];
      if (rule) rule.quota = { max: 1, orderBy: [{ by: 'indicators.b', order: 'desc' }] };
    });
    expect(quotaOf(result, 'S1')).toMatchObject({ position: 2, admitted: false, cutoff: { unit: 'S3', by: 'indicators.b', value: '39.00' } });
    expect(quotaOf(result, 'S2')).toMatchObject({ position: 3, admitted: false, cutoff: { unit: 'S3', by: 'indicators.b', value: '39.00' } });
  });

  it('admits the lowest composites when the ranking order starts with the composite ascending', async () => {
    const result = await run(tinyDataset([['S1', '50', '40'], ['S2', '45', '40'], ['S3', '44', '40']]), (ruleSet) => {
      ruleSet.ranking = { orderBy: [{ by: 'composite', order: 'asc' }] };
    });
    expect(Object.fromEntries(result.units.map((unit) => [unit.id, unit.grade]))).toEqual({ S1: 'good', S2: 'excellent', S3: 'excellent' });
    expect(quotaOf(result, 'S1')).toMatchObject({ position: 3, admitted: false, cutoff: { unit: 'S2', by: 'composite', value: '85.00' } });
  });
});

describe('quota order', () => {
  const ranking = [
    { by: 'composite', order: 'desc' },
    { by: 'indicators.b', order: 'desc' },
  ] as const;

  it('is the ranking order as it stands when it starts with the composite', () => {
    const rule = parseRuleSet(tinyRuleSet()).stages[1]?.rules[0];
    if (!rule) throw new Error('no rule');
    expect(quotaOrder(rule, ranking)).toEqual(ranking);
    expect(quotaOrder(rule, [{ by: 'composite', order: 'asc' }])).toEqual([{ by: 'composite', order: 'asc' }]);
  });

  it('puts the composite first for a rule without a quota, and keeps a quota’s own order', () => {
    const [quoted, plain] = parseRuleSet(tinyRuleSet()).stages[1]?.rules ?? [];
    if (!quoted || !plain) throw new Error('no rules');
    expect(plain.quota).toBeUndefined();
    expect(quotaOrder(plain, [{ by: 'indicators.b', order: 'asc' }])).toEqual([
      { by: 'composite', order: 'desc' },
      { by: 'indicators.b', order: 'asc' },
    ]);
    expect(quotaOrder(plain, ranking)).toEqual(ranking);
    const own = [{ by: 'indicators.a', order: 'asc' }] as const;
    expect(quotaOrder({ ...quoted, quota: { ...(quoted.quota as NonNullable<typeof quoted.quota>), orderBy: [...own] } }, ranking)).toEqual(own);
  });

  it('tries rules by priority, then file order', () => {
    const base = parseRuleSet(tinyRuleSet()).stages[1]?.rules[1];
    if (!base) throw new Error('no rule');
    const rules = [1, 3, undefined, 3, 2, 1].map((priority, i) => ({ ...base, id: `r${i}`, priority }));
    expect(orderRules(rules).map((rule) => rule.id)).toEqual(['r1', 'r3', 'r4', 'r0', 'r2', 'r5']);
  });
});

describe('decideStage on its own', () => {
  const ruleSet = parseRuleSet(tinyRuleSet());
  const [scope, grade] = ruleSet.stages;
  if (!scope || !grade) throw new Error('no stages');
  const facts = (composite: string, b: string): UnitFacts =>
    ({ category: 'street', composite, bonus: '0.00', deduction: '0.00', change: null, priorComposite: null, indicators: { b: { score: b } } }) as unknown as UnitFacts;
  const candidate = (id: string, composite = '85.00', b = '39.00', held = [true, true]): StageCandidate => ({ id, facts: facts(composite, b), held });
  /** decideStage's decisions (one per candidate, in their order) by candidate id. */
  const decide = (stage: typeof scope, candidates: StageCandidate[]) => {
    const decisions = decideStage(stage, candidates, ruleSet.ranking.orderBy);
    expect(decisions).toHaveLength(candidates.length);
    return new Map(candidates.map((entry, k) => [entry.id, decisions[k] as (typeof decisions)[number]]));
  };

  it('reads sort values through the candidates’ valueAt where they give one, whatever order they come in', () => {
    // composites tied: the ranking's tie-break on indicator b decides, read through valueAt from units whose facts
    // have no indicator entries (as a stage sees them before they are made)
    const scores: Record<string, string> = { A: '30.00', B: '39.00', C: '35.00', D: '38.00' };
    for (const order of [['D', 'B', 'A', 'C'], ['A', 'B', 'C', 'D'], ['C', 'A', 'D', 'B']]) {
      const listed = order.map((id) => candidate(id, '85.00', scores[id]));
      const read: string[] = [];
      const bare = {
        length: order.length,
        idAt: (k: number) => order[k] as string,
        factsAt: (k: number) => ({ ...facts('85.00', '0.00'), indicators: {} }) as unknown as UnitFacts,
        valueAt: (k: number, by: string) => {
          read.push(by);
          return by === 'indicators.b' ? (scores[order[k] as string] as string) : by === 'composite' ? '85.00' : null;
        },
        heldAt: () => [true, true],
      };
      const expected = decideStage(grade, listed, ruleSet.ranking.orderBy);
      expect(decideStage(grade, bare, ruleSet.ranking.orderBy), order.join()).toEqual(expected);
      expect(read).toContain('indicators.b');
      const admitted = order.filter((_, k) => expected[k]?.applied[0]?.rule.id === 'excellent').sort();
      expect(admitted, order.join()).toEqual(['B', 'D']);
    }
  });

  it('decides in id order whatever the order candidates come in: a full tie at the cut goes to the lower id', () => {
    for (const order of permutations(['A', 'B', 'C'])) {
      const decisions = decide(grade, order.map((id) => candidate(id)));
      const admitted = [...decisions].filter(([, decision]) => decision.applied[0]?.rule.id === 'excellent').map(([id]) => id).sort();
      expect(admitted, order.join()).toEqual(['A', 'B']);
      expect(decisions.get('C')?.missed[0]?.quota, order.join()).toMatchObject({ position: 3, admitted: false, decidedById: true });
    }
    for (const order of [['B', 'A'], ['A', 'B']]) {
      const decisions = decide({ ...grade, rules: grade.rules.map((rule) => (rule.quota ? { ...rule, quota: { ...rule.quota, max: 1 } } : rule)) }, order.map((id) => candidate(id)));
      expect(decisions.get('A')?.applied.map((entry) => entry.rule.id), order.join()).toEqual(['excellent']);
      expect(decisions.get('B')?.applied.map((entry) => entry.rule.id), order.join()).toEqual(['good']);
    }
  });

  it('gives units decided alike one shared decision, and each unit a quota decided its own', () => {
    const decisions = decide(scope, [candidate('A', '85.00', '39.00', [false]), candidate('B', '80.00', '30.00', [false]), candidate('C', '70.00', '30.00', [true])]);
    expect(decisions.get('A')).toEqual({ applied: [], missed: [expect.objectContaining({ outcome: 'failed' })] });
    expect(decisions.get('A')).toBe(decisions.get('B'));
    expect(decisions.get('C')).not.toBe(decisions.get('A'));
    expect(decisions.get('C')?.applied.map((entry) => entry.rule.id)).toEqual(['lead-out']);

    const graded = decide(grade, [candidate('A', '90.00'), candidate('B', '89.00'), candidate('C', '70.00', '30.00', [false, true]), candidate('D', '60.00', '30.00', [false, true])]);
    expect(graded.get('C')).toBe(graded.get('D'));
    expect(graded.get('A')).not.toBe(graded.get('B'));
    expect(graded.get('A')?.applied[0]?.quota).toMatchObject({ position: 1 });
    expect(graded.get('B')?.applied[0]?.quota).toMatchObject({ position: 2 });
  });

  it('keeps where each unit stood against a quota as numbers: the decisions a quota made are a few shared ones', () => {
    const count = 500;
    // composites from 99.00 down, two of them tied, the units in a scrambled order of ids
    const composites = Array.from({ length: count }, (_, k) => (k === 1 ? '98.00' : (99 - k / 10).toFixed(2)));
    const ids = Array.from({ length: count }, (_, k) => `U${String((k * 7919) % count).padStart(4, '0')}`);
    const candidates = ids.map((id, k) => candidate(id, composites[k]));
    const coded = decideStageCoded(grade, candidates, ruleSet.ranking.orderBy);
    // admitted, or over the quota: one decision each, however many units
    expect(coded.table.length).toBeLessThanOrEqual(4);
    const whole = decideStage(grade, candidates, ruleSet.ranking.orderBy);
    const quotas = whole.map((decision) => [...decision.applied, ...decision.missed].find((entry) => entry.rule.id === 'excellent')?.quota);
    // a unit's place in the quota's order is its place by composite, ties in id order
    const byComposite = ids.map((id, k) => ({ id, composite: composites[k] as string })).sort((a, b) => b.composite.localeCompare(a.composite) || a.id.localeCompare(b.id));
    quotas.forEach((quota, k) => {
      expect(quota?.position).toBe(byComposite.findIndex((entry) => entry.id === ids[k]) + 1);
      expect(quota?.candidates).toBe(count);
      expect(quota?.admitted).toBe((quota?.position ?? 0) <= (quota?.places ?? 0));
    });
    expect(new Set(quotas.map((quota) => quota?.cutoff?.unit)).size).toBe(1);
    // asked for again, a decision is the same
    expect(whole.map((_, k) => coded.decisionOf(k))).toEqual(whole);
  });
});
