import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appraise, diffResults, documentToHtml, documentToMarkdown, followUpDocuments, parseDataset, parseRuleSet, priorFromResult, renderDiff, renderJson } from '../src/index.js';
import { loadDataset } from '../src/node.js';
import { kaoping, scratch } from './support/cli.js';
import { appraise2014, readJson, unitNamed } from './support/load.js';
import { tinyDataset, tinyRuleSet } from './support/tiny.js';
import { evaluationReport } from '../src/report/followUp.js';
import { _inRuleSetOrder } from '../src/report/diff.js';

describe('year over year', () => {
  it('takes last year’s JSON output as this year’s prior-year input, and round-trips', async () => {
    const { ruleSet, dataset, result } = await appraise2014();
    const prior = priorFromResult(JSON.parse(renderJson(result)));
    expect(prior).toHaveLength(58);
    const again = await appraise(ruleSet, parseDataset({ ...readJson<object>('examples/xicheng-2014/dataset.json'), prior }, ruleSet));
    for (const unit of again.units) {
      const before = result.units.find((entry) => entry.id === unit.id);
      if (before?.composite == null) {
        expect(unit.prior, unit.name).toBeNull();
        continue;
      }
      expect(unit.prior, unit.name).toEqual({ composite: before.composite, grade: before.grade });
      expect(unit.change, unit.name).toBe('0.00');
    }
    expect(dataset.prior.length).toBeGreaterThan(0);
  });

  it('reads a prior-year result file through kaoping/node and the --prior option', async () => {
    const folder = scratch();
    const resultFile = join(folder, 'results-2014.json');
    const run = kaoping(['run', 'rules/2014.json', 'examples/xicheng-2014/dataset.json', '--out', resultFile]);
    expect(run.code).toBe(0);
    const ruleSet = parseRuleSet(readJson('rules/2014.json'));
    const { value, warnings } = await loadDataset('examples/xicheng-2014/csv-gbk', ruleSet, { prior: resultFile });
    expect(warnings.map((warning) => warning.code)).toEqual(['prior-replaced']);
    expect(value.prior.find((entry) => entry.unit === 'D23')).toEqual({ unit: 'D23', composite: '96.35', grade: 'overall-excellent' });
    const explained = kaoping(['explain', 'rules/2014.json', 'examples/xicheng-2014/dataset.json', '区财政局', '--prior', resultFile]);
    expect(explained.stdout).toContain('综合得分 96.35，本类第 2/24 名；上年 96.35，+0.00\n');
  });

  it('takes last year’s CSV results under rules that dropped a grade, leaving that grade out with a warning, as from JSON', async () => {
    const folder = scratch();
    const results = join(folder, 'results-2014.csv');
    const run = kaoping(['run', 'rules/2014.json', 'examples/xicheng-2014/dataset.json', '--format', 'csv', '--out', results]);
    expect(run.code).toBe(0);
    // next year's rules without 单项优秀
    const input = readJson<{
      grades: { id: string }[];
      stages: { rules: { event: { type: string; params: { grade?: string } } }[] }[];
      notice: { lists: { grade: string }[] };
      followUp: { staffExcellentQuota: { byGrade: Record<string, string> } };
    }>('rules/2014.json');
    input.grades = input.grades.filter((grade) => grade.id !== 'single-item-excellent');
    input.notice.lists = input.notice.lists.filter((list) => list.grade !== 'single-item-excellent');
    delete input.followUp.staffExcellentQuota.byGrade['single-item-excellent'];
    for (const stage of input.stages) stage.rules = stage.rules.filter((rule) => rule.event.params.grade !== 'single-item-excellent');
    const ruleSet = parseRuleSet(input);
    const { value, warnings } = await loadDataset('examples/xicheng-2014/dataset.json', ruleSet, { prior: results });
    const dropped = warnings.filter((warning) => warning.code === 'unknown-prior-grade');
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped[0]).toMatchObject({ severity: 'warning', source: results, message: expect.stringContaining('last year\'s grade "单项优秀" is not one of this rule set\'s grades') });
    // one warning, with the rows of every unit it is said of
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.path).toMatch(/^rows \d+, [\d, –]+, column "等次"$/);
    // a unit that was 单项优秀 keeps its composite, without a grade; one that was 良好 keeps both
    const before = (await appraise2014()).result.units;
    const single = before.find((unit) => unit.grade === 'single-item-excellent');
    const good = before.find((unit) => unit.grade === 'good');
    expect(value.prior.find((entry) => entry.unit === single?.id)).toEqual({ unit: single?.id, composite: single?.composite });
    expect(value.prior.find((entry) => entry.unit === good?.id)).toEqual({ unit: good?.id, composite: good?.composite, grade: 'good' });
    const rulesFile = join(folder, 'rules-2015.json');
    writeFileSync(rulesFile, JSON.stringify(input));
    const validated = kaoping(['validate', rulesFile, 'examples/xicheng-2014/dataset.json', '--prior', results]);
    expect([validated.code, validated.stderr]).toEqual([0, expect.stringContaining('column "等次": last year\'s grade "单项优秀" is not one of this rule set\'s grades')]);
  });

  it('runs on a tiny dataset whose last-year table (in its folder, or by --prior) names a grade the rules lack: warned of, the composite kept', () => {
    for (const args of [[], ['--prior', 'test/fixtures/prior-unknown-grade/prior.csv']]) {
      const run = kaoping(['run', 'test/bad-inputs/_tiny/rules.json', 'test/fixtures/prior-unknown-grade/data', '--format', 'json', ...args]);
      expect([run.code, args]).toEqual([0, args]);
      expect(run.stderr).toContain('row 2, column "上年等次": last year\'s grade "特优" is not one of this rule set\'s grades');
      const units = (JSON.parse(run.stdout) as { units: { id: string; prior: unknown }[] }).units;
      expect(units.find((unit) => unit.id === 'S1')?.prior).toEqual({ composite: '84.50', grade: null });
    }
  });

  it('refuses a prior file that is neither a result nor a prior table, naming it', () => {
    const file = join(scratch(), 'prior.json');
    writeFileSync(file, JSON.stringify({ units: [{ id: 'D01', status: 'graded', grade: 'good', composite: 'high' }] }));
    const run = kaoping(['run', 'rules/2014.json', 'examples/xicheng-2014/dataset.json', '--prior', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: $.units[0].composite: not a kaoping result`);
  });
});

describe('follow-up documents', () => {
  it('writes an evaluation report per department and street, the org list, letters and the interview list', async () => {
    const { ruleSet, result } = await appraise2014();
    const documents = followUpDocuments(result, ruleSet);
    const kinds = documents.reduce<Record<string, number>>((acc, document) => ({ ...acc, [document.kind]: (acc[document.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual({ 'evaluation-report': 47, 'org-list': 1, letter: 11, interviews: 1, index: 1 });
    const street = documents.find((document) => document.path === 'evaluation-reports/S01-什刹海街道');
    expect(street?.markdown).toContain('| 综合得分 | 95.64 |');
    expect(street?.markdown).toMatch(/\| 职责任务 \| 40 \| 37\.75 \| 94\.38% \| \d+\.\d\d \| \d+\.\d\d \| \d+ \/ 15 \|/);
    expect(street?.html).toContain('<h1>什刹海街道2014年度绩效管理考评评价报告</h1>');
    const orgList = documents.find((document) => document.kind === 'org-list');
    expect(orgList?.markdown).toContain('| D23 | 区财政局 | 区政府工作部门 | 综合优秀 | 96.35 | 5% | — | — |');
    const letter = documents.find((document) => document.path === 'letters/V01-区国税局');
    expect(letter?.markdown).toContain('北京市国家税务局：\n\n2014年，区国税局积极参与西城区政府绩效管理工作，为助推我区经济协调发展');
    expect(letter?.markdown).toContain('区国税局在全年绩效管理工作中表现突出。');
    expect(documents.find((document) => document.kind === 'interviews')?.markdown).toContain('本年度没有需要约谈的单位。');
  });

  it('puts a unit that dropped 5 points on the interview list with its numbers and reason', async () => {
    const { ruleSet, result } = await appraise2014((dataset) => {
      const unit = dataset.units.find((entry) => entry.name === '区司法局');
      const prior = dataset.prior?.find((entry) => entry.unit === unit?.id);
      if (prior) prior.composite = '91.00';
    });
    const interviews = followUpDocuments(result, ruleSet).find((document) => document.kind === 'interviews');
    expect(interviews?.markdown).toContain('| 区司法局 | 区政府工作部门 | 84.67 | 91.00 | -6.33 | 成绩较差（综合得分低于80分）或比上年下降5分以上，约谈主要领导（比上年变化 -6.33 ≤ -5） |');
  });

  it('gives the interview list the conditions as explanations give them: facts by name, ids by label, the change signed', async () => {
    const { ruleSet, result } = await appraise2014(
      (dataset) => {
        const unit = dataset.units.find((entry) => entry.name === '区司法局');
        if (unit) unit.dataFlags = ['municipal-tasks-completed'];
      },
      (input) => {
        const interview = input.stages.flatMap((stage) => stage.rules).find((rule) => rule.event.type === 'flag' && rule.event.params.flag === 'interview');
        if (interview) {
          interview.conditions = {
            any: [
              { all: [{ fact: 'dataFlags', operator: 'contains', value: 'municipal-tasks-completed' }, { fact: 'indicators', path: '$.duties.score', operator: 'decimalLessThan', value: '38.5' }] },
              { fact: 'rank', operator: 'greaterThanInclusive', value: 24 },
            ],
          };
        }
      },
    );
    const interviews = followUpDocuments(result, ruleSet).find((document) => document.kind === 'interviews')?.markdown ?? '';
    const justice = unitNamed(result, '区司法局');
    const duties = justice.indicators.find((indicator) => indicator.id === 'duties')?.score;
    const flag = '承担并较好地完成了市政府绩效任务';
    expect([justice.prior?.composite, justice.change]).toEqual(['83.45', '1.22']);
    expect(interviews).toContain(`| 区司法局 | 区政府工作部门 | 84.67 | 83.45 | +1.22 | 成绩较差（综合得分低于80分）或比上年下降5分以上，约谈主要领导（数据标记 〔${flag}〕 包含 ${flag}；职责任务得分 ${duties} \\< 38.5） |`);
    const last = result.units.find((unit) => unit.category === 'department' && unit.rank === 24);
    expect(interviews).toContain(`（本类排名 24 ≥ 24） |`);
    expect(last).toBeDefined();
  });

  it('computes the extra excellent places from staff numbers with the declared rounding', async () => {
    const { ruleSet, result } = await appraise2014((dataset) => {
      const finance = dataset.units.find((unit) => unit.name === '区财政局');
      const statistics = dataset.units.find((unit) => unit.name === '区统计局');
      if (finance) finance.staff = 59;
      if (statistics) statistics.staff = 120;
    });
    const orgList = followUpDocuments(result, ruleSet).find((document) => document.kind === 'org-list')?.markdown ?? '';
    // 5% of 59 is 2.95, floored to 2; 2% of 120 is 2.4, floored to 2
    expect(orgList).toContain('| D23 | 区财政局 | 区政府工作部门 | 综合优秀 | 96.35 | 5% | 59 | 2 |');
    expect(orgList).toContain('| D22 | 区统计局 | 区政府工作部门 | 单项优秀 | 88.66 | 2% | 120 | 2 |');
  });

  it('writes every document as Markdown and HTML with kaoping report', () => {
    const out = join(scratch(), 'reports');
    const run = kaoping(['report', 'rules/2014.json', 'examples/xicheng-2014/xicheng-2014.xlsx', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('wrote 60 documents and an index');
    expect(readFileSync(join(out, 'org-list.md'), 'utf8')).toContain('| D01 | 中关村西城园管委会 |');
    expect(readFileSync(join(out, 'evaluation-reports', 'S01-什刹海街道.html'), 'utf8')).toContain('<!doctype html>');
    // the index links every document, the Markdown's to the Markdown and the page's to the pages, each one there
    const index = readFileSync(join(out, 'index.md'), 'utf8');
    expect(index).toContain(`(letters/V11-${encodeURIComponent('西城规划分局')}.md) | letters/V11-西城规划分局 |`);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    const targets = [...page.matchAll(/<a href="([^"]+)">/g)].map((match) => decodeURIComponent(match[1] as string));
    expect(targets).toHaveLength(60);
    expect(targets.filter((target) => !existsSync(join(out, target)))).toEqual([]);
    expect([...index.matchAll(/\]\(([^)]+)\)/g)].map((match) => decodeURIComponent(match[1] as string)).filter((target) => !existsSync(join(out, target)))).toEqual([]);
    expect(kaoping(['report', 'rules/2014.json', 'examples/xicheng-2014/dataset.json']).stderr).toContain('name it with --out DIR');
  });

  it('says so when the rule set ties no document to a flag, rather than leaving an index of nothing unexplained', () => {
    const out = join(scratch(), 'reports');
    const run = kaoping(['report', 'test/bad-inputs/_tiny/rules.json', 'test/bad-inputs/_tiny/data.json', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('wrote 0 documents and an index');
    expect(run.stderr).toContain('warning: test/bad-inputs/_tiny/rules.json: $.followUp.documents: the rule set ties no document to a flag');
    expect(kaoping(['report', 'rules/2014.json', 'examples/xicheng-2014/dataset.json', '--out', join(scratch(), 'r')]).stderr).not.toContain('warning');
  });

  it('says so when no unit was given a flag a document for a unit is tied to', () => {
    // documents for units only (the lists are written, saying they are empty, whoever has their flags)
    const input = readJson<{ stages: { id: string; rules: { conditions: unknown }[] }[]; followUp: { documents: unknown } }>('rules/2014.json');
    input.followUp.documents = { evaluationReport: 'evaluation-report', letter: 'letter' };
    for (const rule of input.stages.find((stage) => stage.id === 'follow-up')?.rules ?? []) rule.conditions = { all: [{ fact: 'category', operator: 'equal', value: 'vertical' }, { fact: 'category', operator: 'equal', value: 'street' }] };
    const rules = join(scratch(), 'rules.json');
    writeFileSync(rules, JSON.stringify(input));
    const run = kaoping(['report', rules, 'examples/xicheng-2014/dataset.json', '--out', join(scratch(), 'reports')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('wrote 0 documents and an index');
    expect(run.stderr).toContain(`warning: ${rules}: no unit was given a flag a document is tied to (evaluation-report, letter), so only the index was written`);
  });

  it('shows the committed docs examples as the code writes them today', async () => {
    const { ruleSet, result } = await appraise2014();
    const documents = followUpDocuments(result, ruleSet);
    const street = documents.find((document) => document.path === 'evaluation-reports/S01-什刹海街道');
    const orgList = documents.find((document) => document.kind === 'org-list');
    expect(readFileSync(new URL('../docs/examples/evaluation-report-S01.md', import.meta.url), 'utf8')).toBe(street?.markdown);
    expect(readFileSync(new URL('../docs/examples/org-list.md', import.meta.url), 'utf8')).toBe(orgList?.markdown);
  });
});

describe('the follow-up documents of units whose code and name come out alike', () => {
  it('give each unit its own file, told apart by a number, case not counted', async () => {
    const ruleSet = parseRuleSet(readJson('rules/2014.json'));
    const input = readJson<{ units: { id: string; name: string }[]; scores: { unit: string }[]; adjustments?: { unit: string }[]; prior?: { unit: string }[] }>('examples/xicheng-2014/dataset.json');
    // S01 named A-什刹海街道, and D01 renamed S01-A, named 什刹海街道: both S01-A-什刹海街道
    const rename = <T extends { unit: string }>(rows: T[] | undefined) => rows?.forEach((row) => row.unit === 'D01' && (row.unit = 'S01-A'));
    for (const unit of input.units) {
      if (unit.id === 'S01') unit.name = 'A-什刹海街道';
      if (unit.id === 'D01') Object.assign(unit, { id: 'S01-A', name: '什刹海街道' });
    }
    rename(input.scores);
    rename(input.adjustments);
    rename(input.prior);
    const result = await appraise(ruleSet, parseDataset(input, ruleSet));
    const paths = followUpDocuments(result, ruleSet).map((document) => document.path);
    expect(paths.filter((path) => path.startsWith('evaluation-reports/S01-A-'))).toEqual(['evaluation-reports/S01-A-什刹海街道', 'evaluation-reports/S01-A-什刹海街道~2']);
    expect(new Set(paths.map((path) => path.toLowerCase())).size).toBe(paths.length);
  });
});

describe('the areas to improve in an evaluation report', () => {
  it('measure how far below the category average from the average itself, not the table\'s rounded one', async () => {
    // 乙 (b, 40 points): 20, 30.02 and 30.01, an average of 26.67666…, which the table gives as 26.68
    const ruleSet = parseRuleSet(tinyRuleSet());
    const result = await appraise(ruleSet, parseDataset(tinyDataset([['S1', '50', '20'], ['S2', '50', '30.02'], ['S3', '50', '30.01']]), ruleSet));
    const markdown = documentToMarkdown(evaluationReport(result.units[0] as never, result, ruleSet));
    // (26.67666… − 20) / 40 = 16.69 %; from 26.68 it would be 16.70; shares with two places, as the table's
    expect(markdown).toContain('乙：得分率 50.00%，比本类平均低 16.69 个百分点');
    expect(markdown).toContain('| 乙 | 40 | 20.00 | 50.00% | 26.68 |');
  });

  it('set out, for a unit no rule graded, the rules it missed, not the lines about the unit above them', async () => {
    const rules = tinyRuleSet();
    const stage = rules.stages.find((entry) => entry.id === 'grade');
    if (stage) stage.rules = stage.rules.filter((rule) => rule.id !== 'good');
    const ruleSet = parseRuleSet(rules);
    const result = await appraise(ruleSet, parseDataset(tinyDataset([['S1', '40', '30']]), ruleSet));
    const markdown = documentToMarkdown(evaluationReport(result.units[0] as never, result, ruleSet));
    const basis = markdown.slice(markdown.indexOf('## 等次依据'), markdown.indexOf('## 改进方向'));
    expect(basis).toBe('## 等次依据\n\n未得优秀（等次）：优秀\n\n- ✗ 综合得分 70.00 ≥ 80\n\n');
  });

  it('set out what decided the grade as each rule\'s sentence, its conditions under it, nested ones set in, without rule ids', async () => {
    const { ruleSet, result } = await appraise2014();
    const unit = result.units.find((entry) => entry.name === '区发展改革委');
    const markdown = documentToMarkdown(evaluationReport(unit as never, result, ruleSet));
    expect(markdown).toContain('\n依据（评定等次）：至少一项计分指标得分达到该项分值的95%\n\n- ✓ 满足其一：\n- 　✓ 职责任务得分 38.77 ≥ 38\n- 　✗ 依法行政得分 7.35 ≥ 7.6\n');
    expect(markdown).toContain('\n距综合优秀（综合得分不低于90分且无扣分，在本类单位中位列前40%（四舍五入））：\n\n- ✗ 限额：');
    expect(markdown).not.toMatch(/single-item-excellent|overall-excellent/);
  });
});

describe('what-if and diff', () => {
  it('finds exactly the two departments that swap at the quota when the third-party survey counts', async () => {
    const { result: before } = await appraise2014();
    const ruleSet2015 = parseRuleSet(readJson('examples/what-if-2015/rules-2015.json'));
    const after = await appraise(ruleSet2015, parseDataset(readJson('examples/xicheng-2014/dataset.json'), ruleSet2015));
    const diff = diffResults(before, after);
    expect(diff.units.filter((unit) => unit.changed).map((unit) => [unit.name, unit.before?.grade, unit.after?.grade, unit.compositeChange])).toEqual([
      ['区住房城市建设委', 'overall-excellent', 'good', '-0.54'],
      ['区发展改革委', 'single-item-excellent', 'overall-excellent', '0.49'],
    ]);
    expect(diff.categories.find((category) => category.category === 'department')).toEqual({
      category: 'department',
      before: { 'grade:overall-excellent': 10, 'grade:single-item-excellent': 10, 'grade:good': 4 },
      after: { 'grade:overall-excellent': 10, 'grade:single-item-excellent': 9, 'grade:good': 5 },
      changed: 2,
    });
    // the survey now counts: every scored unit's composite moves, yet only these two change outcome
    expect(diff.units.filter((unit) => unit.compositeChange !== null && unit.compositeChange !== '0.00').length).toBeGreaterThan(40);
    // with the places the composites have, as a unit's change from last year has them
    expect(diff.units.find((unit) => unit.id === 'D07')?.compositeChange).toBe('-0.50');
    expect(diffResults(before, before).units.every((unit) => unit.compositeChange === (unit.after?.composite == null ? null : '0.00'))).toBe(true);
  });

  it('says a unit only one of two appraisals has was added or removed', async () => {
    const { ruleSet, result: before } = await appraise2014();
    const input = readJson<{ units: { id: string }[]; scores: { unit: string }[]; adjustments?: { unit: string }[]; prior?: { unit: string }[] }>('examples/xicheng-2014/dataset.json');
    // the first street gone from the second appraisal
    const gone = 'S01';
    input.units = input.units.filter((unit) => unit.id !== gone);
    input.scores = input.scores.filter((row) => row.unit !== gone);
    if (input.adjustments) input.adjustments = input.adjustments.filter((row) => row.unit !== gone);
    if (input.prior) input.prior = input.prior.filter((row) => row.unit !== gone);
    const after = await appraise(ruleSet, parseDataset(input, ruleSet));
    const removed = diffResults(before, after).units.find((unit) => unit.id === gone);
    expect(removed).toMatchObject({ before: { grade: expect.any(String) }, after: null, changed: true, changes: ['removed'] });
    expect(diffResults(after, before).units.find((unit) => unit.id === gone)).toMatchObject({ before: null, changed: true, changes: ['added'] });
  });

  it('prints the diff the what-if README shows', () => {
    const run = kaoping(['diff', 'rules/2014.json', 'examples/what-if-2015/rules-2015.json', 'examples/xicheng-2014/dataset.json']);
    expect(run.code).toBe(0);
    const readme = readFileSync(new URL('../examples/what-if-2015/README.md', import.meta.url), 'utf8');
    const shown = /```\n(2014年[\s\S]*?)```/.exec(readme)?.[1];
    expect(run.stdout).toBe(shown);
    expect(run.stderr).toBe('warning: examples/xicheng-2014/dataset.json: $.year: the dataset is for 2014, the rule set for 2015\n');
    // the JSON gives the categories in the order the text does, the rule set's
    const json = kaoping(['diff', 'rules/2014.json', 'examples/what-if-2015/rules-2015.json', 'examples/xicheng-2014/dataset.json', '--format', 'json']);
    expect((JSON.parse(json.stdout) as { categories: { category: string }[] }).categories.map((entry) => entry.category)).toEqual(['department', 'key-area-office', 'street', 'lead-department', 'vertical']);
  });

  it('gives a category\'s counts grades first, best first, as the rule set declares them, then the statuses, whatever order they came in', async () => {
    const { ruleSet, result: before } = await appraise2014();
    const ruleSet2015 = parseRuleSet(readJson('examples/what-if-2015/rules-2015.json'));
    const diff = diffResults(before, await appraise(ruleSet2015, parseDataset(readJson('examples/xicheng-2014/dataset.json'), ruleSet2015)));
    const reversed = (counts: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(counts).reverse());
    const shuffled = { ...diff, categories: diff.categories.map((category) => ({ ...category, before: reversed({ ...category.before, 'status:excluded': 1 }), after: reversed(category.after) })) };
    const department = _inRuleSetOrder(shuffled, ruleSet2015).categories.find((category) => category.category === 'department');
    expect(Object.keys(department?.before ?? {})).toEqual(['grade:overall-excellent', 'grade:single-item-excellent', 'grade:good', 'status:excluded']);
    expect(Object.keys(department?.after ?? {})).toEqual(['grade:overall-excellent', 'grade:single-item-excellent', 'grade:good']);
    const text = renderDiff(shuffled, ruleSet, ruleSet2015).split('\n');
    const line = text.find((entry) => entry.includes('综合优秀 10→10')) ?? '';
    expect(line.indexOf('综合优秀')).toBeLessThan(line.indexOf('单项优秀'));
    expect(line.indexOf('单项优秀')).toBeLessThan(line.indexOf('良好'));
    expect(line.indexOf('良好')).toBeLessThan(line.indexOf('不列入参评范围'));
  });

  it('puts the grades only the rule set before declares after the others, in its order, and names a unit given no grade', async () => {
    const { result: before } = await appraise2014();
    const input = readJson<{ grades: { id: string; label: string }[] }>('rules/2014.json');
    input.grades.push({ id: 'poor', label: '较差' }, { id: 'fair', label: '一般' });
    const older = parseRuleSet(input);
    const ruleSet2015 = parseRuleSet(readJson('examples/what-if-2015/rules-2015.json'));
    const diff = diffResults(before, await appraise(ruleSet2015, parseDataset(readJson('examples/xicheng-2014/dataset.json'), ruleSet2015)));
    const extra = { 'status:excluded': 1, 'grade:null': 1, 'grade:fair': 2, 'grade:poor': 1 };
    const shuffled = { ...diff, categories: diff.categories.map((category) => (category.category === 'department' ? { ...category, before: { ...extra, ...category.before } } : category)) };
    const department = _inRuleSetOrder(shuffled, ruleSet2015, older).categories.find((category) => category.category === 'department');
    expect(Object.keys(department?.before ?? {})).toEqual(['grade:overall-excellent', 'grade:single-item-excellent', 'grade:good', 'grade:poor', 'grade:fair', 'grade:null', 'status:excluded']);
    const line = renderDiff(shuffled, older, ruleSet2015).split('\n').find((entry) => entry.includes('综合优秀 10→10')) ?? '';
    expect(line).toContain('较差 1→0，一般 2→0，未评定等次 1→0，不列入参评范围 1→0');
  });

  it('explains a unit by code or name, as text or JSON, and names close matches for an unknown one', () => {
    const json = kaoping(['explain', 'rules/2014.json', 'examples/xicheng-2014/dataset.json', 'D05', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: 'D05', name: '区发展改革委', grade: 'single-item-excellent', shortfall: { quota: { behind: '0.48' } } });
    const unknown = kaoping(['explain', 'rules/2014.json', 'examples/xicheng-2014/dataset.json', '财政']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('error: 财政: no unit has this code or name; did you mean 区财政局 (D23)?\n');
  });

  it('render lists and tables of any length (a list spread into a call overflows the stack past about 125,000 items)', () => {
    const items = Array.from({ length: 200000 }, (_, i) => `U${i}`);
    const document = { title: '名单', blocks: [{ type: 'list' as const, items }, { type: 'table' as const, head: ['编码'], rows: items.map((item) => [item]) }] };
    const markdown = documentToMarkdown(document);
    expect(markdown.split('\n').filter((line) => line.startsWith('- U'))).toHaveLength(items.length);
    expect(markdown.split('\n').filter((line) => line.startsWith('| U'))).toHaveLength(items.length);
    expect(documentToHtml(document).split('<td>U').length - 1).toBe(items.length);
  });
});

describe('the interview list', () => {
  it('says a condition that compares with another fact by that fact and what it held', async () => {
    const input = readJson<{ stages: { rules: { id: string; conditions: unknown }[] }[] }>('rules/2014.json');
    const rule = input.stages.flatMap((stage) => stage.rules).find((entry) => entry.id === 'interview');
    // below last year's composite, rather than down 5 or more
    if (rule) rule.conditions = { all: [{ fact: 'status', operator: 'equal', value: 'graded' }, { fact: 'composite', operator: 'decimalLessThan', value: { fact: 'priorComposite' } }] };
    const ruleSet = parseRuleSet(input);
    const result = await appraise(ruleSet, parseDataset(readJson('examples/xicheng-2014/dataset.json'), ruleSet));
    const list = followUpDocuments(result, ruleSet).find((document) => document.kind === 'interviews');
    const lowered = result.units.find((unit) => unit.flags.includes('interview'));
    expect(lowered).toBeDefined();
    expect(list?.markdown).toContain(`综合得分 ${lowered?.composite} \\< 上年综合得分 ${lowered?.prior?.composite}`);
    expect(list?.html).toContain(`综合得分 ${lowered?.composite} &lt; 上年综合得分 ${lowered?.prior?.composite}`);
    expect(list?.markdown).not.toContain('[object Object]');
  });
});

describe('Markdown of texts from the data', () => {
  it('shows a unit name that is markup as the text it is, in the results and in the follow-up documents', async () => {
    const { default: MarkdownIt } = await import('markdown-it');
    // a permissive renderer, as some Markdown viewers are: raw HTML passed through
    const markdown = new MarkdownIt({ html: true });
    const ruleSet = parseRuleSet(readJson('rules/2014.json'));
    const input = readJson<{ units: { id: string; name: string }[] }>('examples/xicheng-2014/dataset.json');
    const hostile = ['<img src=x onerror=alert(1)> [x](http://e.vil) *c*', '# 标题', '## 市局', '---', '1. 一', 'a|b `c` _d_ ~e~ &amp; \\f'];
    const street = input.units.findIndex((unit) => unit.id === 'S01');
    hostile.forEach((name, k) => {
      (input.units[street + k] as { name: string }).name = name;
    });
    const result = await appraise(ruleSet, parseDataset(input, ruleSet));
    const { renderMarkdown } = await import('../src/index.js');
    const texts = [renderMarkdown(result, ruleSet), ...followUpDocuments(result, ruleSet).map((document) => document.markdown)];
    for (const text of texts) {
      const html = markdown.render(text);
      // (the index's links, to the documents it lists, are its own)
      expect(html.replace(/<a href="(?:(?:evaluation-reports|letters)\/[^"/]+|org-list|interviews)\.md">/g, '')).not.toMatch(/<img|<a |<em>|<h1>标题|<h2>市局|<hr>|<ol>|<code>|<s>/);
    }
    // a link's text is the document's title, the name in it as text
    const index = followUpDocuments(result, ruleSet).find((document) => document.kind === 'index');
    expect(markdown.render(index?.markdown ?? '')).toContain(`<a href="evaluation-reports/S01-_img_src%3Dx_onerror%3Dalert%281%29_%5Bx%5D%28http_e.vil%29_c_.md">&lt;img src=x onerror=alert(1)&gt; [x](http://e.vil) *c*2014年度`);
    // the names read back as they were, as text: in a table's cells and in a report's title
    const page = markdown.render(renderMarkdown(result, ruleSet));
    const shown = page.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    for (const name of hostile) expect(shown).toContain(name);
    const report = followUpDocuments(result, ruleSet).find((document) => document.path.startsWith('evaluation-reports/S01'));
    expect(markdown.render(report?.markdown ?? '')).toContain('<h1>&lt;img src=x onerror=alert(1)&gt; [x](http://e.vil) *c*');
  });
});
