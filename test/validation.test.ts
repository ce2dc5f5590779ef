import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  appraise,
  formatIssue,
  parseDataset,
  parseRuleSet,
  validateDataset,
  validateRuleSet,
  type DatasetInput,
  type Issue,
} from '../src/index.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';
import { tinyDataset, tinyRuleSet } from './support/tiny.js';

const errors = (issues: readonly Issue[]) => issues.filter((issue) => issue.severity === 'error').map((issue) => [issue.path, issue.message]);
const at = (issues: readonly Issue[], path: string) => issues.filter((issue) => issue.path === path).map((issue) => issue.message);

describe('rule-set validation', () => {
  it('accepts the shipped 2014 rule set with no issue at all', () => {
    expect(validateRuleSet(ruleSetInput2014()).issues).toEqual([]);
  });

  it('names the JSON path, what was found and what was expected for schema errors', () => {
    const input = ruleSetInput2014() as unknown as Record<string, unknown>;
    input['year'] = '2014';
    input['stagse'] = [];
    const result = validateRuleSet(input, { source: 'rules/2015.json' });
    expect(result.ok).toBe(false);
    expect(at(result.issues, '$.year')).toEqual(['expected number, found the text "2014"']);
    expect(at(result.issues, '$.stagse')).toEqual(['unknown key "stagse"']);
    expect(result.issues.every((issue) => issue.source === 'rules/2015.json' && issue.document === 'ruleSet')).toBe(true);
  });

  it('reaches into nested conditions to say which one is malformed', () => {
    const input = ruleSetInput2014();
    const grade = input.stages[2]?.rules[0]?.conditions;
    if (grade && 'all' in grade) grade.all.push({ fact: 'composite', value: '90' } as never);
    const result = validateRuleSet(input);
    expect(errors(result.issues)).toEqual([['$.stages[2].rules[0].conditions.all[3].operator', 'required: expected string']]);
  });

  it('refuses decimals a JSON number cannot hold exactly, and exponent notation in strings', () => {
    const input = ruleSetInput2014();
    input.total = 100.00000000000001 as never;
    const indicator = input.indicators[0];
    if (indicator) indicator.points = '4e1';
    const result = validateRuleSet(input);
    expect(at(result.issues, '$.total')[0]).toMatch(/write it as a string so it stays exact/);
    expect(at(result.issues, '$.indicators[0].points')).toEqual(['expected a plain decimal such as "92.77", found "4e1"']);
  });

  it('accepts plain JSON numbers for decimals and keeps them as strings', () => {
    const input = ruleSetInput2014();
    input.total = 100;
    const result = validateRuleSet(input);
    expect(result.ok && result.value.total).toBe('100');
  });

  it('collects every cross-reference problem in one pass, each with its path', () => {
    const input = ruleSetInput2014();
    const stages = input.stages;
    const overall = stages[2]?.rules[0];
    if (overall && 'all' in overall.conditions) {
      overall.conditions.all = [
        { fact: 'score', operator: 'equal', value: 1 },
        { fact: 'composite', operator: 'greaterThanInclusive', value: 90 },
        { fact: 'indicators', path: '$.dutis.score', operator: 'decimalGreaterThan', value: '1' },
        { fact: 'category', operator: 'in', value: ['department', 'streets'] },
        { fact: 'composite', operator: 'decimalGreaterThan', value: 'ninety' },
      ];
    }
    if (overall) overall.event = { type: 'grade', params: { grade: 'excellent' } };
    const single = stages[2]?.rules[1];
    if (single) single.id = 'overall-excellent';
    const duties = input.indicators[0];
    if (duties) duties.subjects = [{ subject: 'supervision-office', points: '25' }, { subject: 'nobody', points: '10' }];
    const result = validateRuleSet(input);
    const base = '$.stages[2].rules[0]';
    expect(errors(result.issues)).toEqual([
      ['$.stages[2].rules[1].id', 'the id "overall-excellent" is already used at $.stages[2].rules[0]'],
      ['$.indicators[0].subjects[1].subject', 'no evaluation subject "nobody" is declared in $.subjects'],
      ['$.indicators[0].subjects', "the subjects' points add up to 35, but the indicator has 40"],
      [`${base}.conditions.all[0].fact`, expect.stringContaining('there is no fact "score"')],
      [`${base}.conditions.all[1].operator`, 'greaterThanInclusive compares decimals inexactly (as binary floats or as text); use decimalGreaterThanInclusive'],
      [`${base}.conditions.all[2].path`, expect.stringContaining('there is no indicator "dutis"')],
      [`${base}.conditions.all[3].value`, expect.stringContaining('category is never "streets"')],
      [`${base}.conditions.all[4].value`, 'decimalGreaterThan compares with a decimal string such as "90", found "ninety"'],
      [`${base}.event.params.grade`, 'no grade "excellent" is declared in $.grades'],
    ]);
  });

  it('refuses labels a table could not tell apart: one two entries share, or one that is another entry\'s id', () => {
    const input = ruleSetInput2014();
    const [first, second] = input.categories;
    const [duties, lawful] = input.indicators;
    if (!first || !second || !duties || !lawful) throw new Error('the 2014 rule set has categories and indicators');
    // a second category labelled as the first: a cell of that label would be the second's, without a word
    second.label = first.label;
    // an indicator labelled with another's id: a column of that name would be the other's
    lawful.label = duties.id;
    expect(errors(validateRuleSet(input).issues)).toEqual([
      ['$.categories[1].label', `the label ${JSON.stringify(first.label)} is already used at $.categories[0]; tables name these by label, so no two may share one`],
      ['$.indicators[1].label', `the label "${duties.id}" is the id of $.indicators[0]; tables name these by id or label, so a label may not be another's id`],
    ]);
    // an entry's label may be its own id; every list a table names by label is checked
    const own = ruleSetInput2014();
    own.dataFlags = [...(own.dataFlags ?? []), { id: 'newly-set-up', label: '新设' }];
    const groups = own.verticalTrack?.groups as { id: string; label: string }[];
    expect(groups.length).toBeGreaterThan(1);
    for (const list of ['categories', 'subjects', 'indicators', 'adjustments', 'dataFlags', 'grades'] as const) {
      const entries = own[list] as { id: string; label: string }[];
      const [one, two] = entries;
      if (one) one.label = one.id;
      if (two && one) two.label = one.id;
    }
    const [group, other] = groups;
    if (group && other) other.label = group.label;
    expect(errors(validateRuleSet(own).issues).map(([path]) => path)).toEqual([
      '$.categories[1].label',
      '$.verticalTrack.groups[1].label',
      '$.dataFlags[1].label',
      '$.indicators[1].label',
      '$.subjects[1].label',
      '$.adjustments[1].label',
      '$.grades[1].label',
    ]);
  });

  it('throws a ValidationError carrying every issue from parseRuleSet', () => {
    const input = ruleSetInput2014();
    input.grades = [];
    try {
      parseRuleSet(input, { source: 'rules/bad.json' });
      expect.unreachable('parseRuleSet accepted a rule set with no grades');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const validation = error as ValidationError;
      expect(validation.code).toBe('invalid-input');
      expect(validation.issues.map(formatIssue)).toContain('rules/bad.json: $.grades: expected at least 1 entry, found 0');
      expect(validation.message).toContain('rules/bad.json: $.grades');
    }
  });
});

describe('dataset validation', () => {
  const ruleSet = parseRuleSet(ruleSetInput2014());

  it('accepts the 2014 example dataset with no issue at all', () => {
    expect(validateDataset(datasetInput2014(), ruleSet).issues).toEqual([]);
  });

  it('collects every problem: duplicates, unknown references, out-of-range and missing scores', () => {
    const input = datasetInput2014();
    const units = input.units;
    const first = units[0];
    const second = units[1];
    if (!first || !second) throw new Error('the example has units');
    second.id = first.id;
    units.push({ id: 'X1', name: '新单位', category: 'office' });
    units.push({ id: 'X2', name: '另一单位', category: 'street', trackGroup: 'customs', dataFlags: ['award'] });
    const scores = input.scores ?? [];
    scores.push({ unit: 'ghost', indicator: 'duties', score: '1' });
    scores.push({ unit: 'S01', indicator: 'dutes', score: '1' });
    scores.push({ unit: 'L01', indicator: 'duties', score: '30' });
    const outOfRange = scores.find((row) => row.unit === 'S01' && row.indicator === 'lawful');
    if (outOfRange) outOfRange.score = '8.01';
    const result = validateDataset(input, ruleSet, { source: 'data.json' });
    expect(result.ok).toBe(false);
    const found = errors(result.issues);
    expect(found).toContainEqual(['$.units[1].id', 'the unit id "D01" is already used at $.units[0]']);
    expect(found).toContainEqual(['$.units[60].category', expect.stringContaining('found category "office"; the rule set declares department')]);
    expect(found).toContainEqual(['$.units[61].trackGroup', expect.stringContaining('found track group "customs"')]);
    expect(found).toContainEqual(['$.units[61].dataFlags[0]', expect.stringContaining('found data flag "award"')]);
    expect(found).toContainEqual([`$.scores[${scores.length - 3}].unit`, 'no unit "ghost" is listed in $.units']);
    expect(found).toContainEqual([`$.scores[${scores.length - 2}].indicator`, expect.stringContaining('found indicator "dutes"')]);
    expect(found).toContainEqual([`$.scores[${scores.length - 1}].unit`, 'unit "L01" is of a category the rule set does not score']);
    expect(found).toContainEqual([expect.stringMatching(/^\$\.scores\[\d+\]\.score$/), 'found 8.01, but lawful is out of 8 points']);
    // a unit with no score at all is said to have none once; one with some, each it lacks, naming both
    expect(found).toContainEqual(['$.units[61]', 'unit X2 (另一单位) has no scores: none for any of the 8 counted indicators']);
    expect(found.filter(([path]) => path === '$.units[61]')).toHaveLength(1);
    expect(result.issues.filter((issue) => issue.code === 'missing-score').map(({ unit, indicator }) => [unit, indicator])).toEqual([['X2', undefined]]);
    scores.push({ unit: 'X2', indicator: 'lawful', score: '1' });
    const some = validateDataset(input, ruleSet, { source: 'data.json' }).issues.filter((issue) => issue.code === 'missing-score');
    expect(some.map(({ unit, indicator, path }) => [unit, indicator, path])).toEqual(
      ruleSet.indicators.filter((indicator) => indicator.counts && indicator.id !== 'lawful').map((indicator) => ['X2', indicator.id, '$.units[61]']),
    );
    expect(some[0]?.message).toBe('unit X2 (另一单位) has no score for duties (职责任务)');
    expect(result.issues.every((issue) => issue.source === 'data.json')).toBe(true);
  });

  it('reports per-subject problems: an unknown subject, a part above its share, a missing part', () => {
    const ruleSet = parseRuleSet(tinyRuleSet());
    const input: DatasetInput = {
      units: [{ id: 'S1', name: '街道一', category: 'street' }],
      scores: [
        { unit: 'S1', indicator: 'a', subject: 's1', score: '40.5' },
        { unit: 'S1', indicator: 'b', subject: 's1', score: '30' },
      ],
    };
    expect(errors(validateDataset(input, ruleSet).issues)).toEqual([
      ['$.scores[0].score', 'found 40.5, but s1 is out of 40 points'],
      ['$.scores[1].subject', 'subject "s1" does not score b; its subjects are s2'],
      ['$.units[0]', 'unit S1 (街道一) has no a score from s2'],
      ['$.units[0]', 'unit S1 (街道一) has no score for b (乙)'],
    ]);
  });

  it('warns of a data flag given twice for a unit, and goes on', () => {
    const rules = tinyRuleSet() as { dataFlags?: { id: string; label: string }[] };
    rules.dataFlags = [{ id: 'tasks', label: '完成市级任务' }];
    const ruleSet = parseRuleSet(rules);
    const flag = 'tasks';
    const input = tinyDataset([['S1', '50', '30']]);
    (input.units[0] as { dataFlags?: string[] }).dataFlags = [flag, flag];
    const validated = validateDataset(input, ruleSet);
    expect(validated.ok).toBe(true);
    expect(validated.issues.map((issue) => [issue.severity, issue.code, issue.path, issue.message])).toEqual([
      ['warning', 'repeated-data-flag', '$.units[0].dataFlags[1]', `the data flag ${JSON.stringify(flag)} is given twice for unit S1`],
    ]);
  });

  it('says a number out of its bounds in its own words, with what was found', () => {
    const ruleSet = parseRuleSet(tinyRuleSet());
    const input = tinyDataset([['S1', '50', '30']]);
    (input.units[0] as { staff?: number }).staff = -3;
    expect(errors(validateDataset(input, ruleSet).issues)).toEqual([['$.units[0].staff', 'expected a number at least 0, found the number -3']]);
    const rules = tinyRuleSet() as { precision?: { decimals: number } };
    rules.precision = { decimals: 30 };
    expect(validateRuleSet(rules).issues.map((issue) => [issue.path, issue.message])).toContainEqual(['$.precision.decimals', 'expected a number at most 10, found the number 30']);
  });

  it('refuses negative, non-numeric and exponent scores with the row that holds them', () => {
    const ruleSet = parseRuleSet(tinyRuleSet());
    const input = tinyDataset([['S1', '-1', '30'], ['S2', 'abc', '1e1'], ['S3', '50', '-0.00']]);
    expect(errors(validateDataset(input, ruleSet).issues)).toEqual([
      ['$.scores[0].score', 'expected a decimal that is not negative, found "-1"'],
      ['$.scores[2].score', 'expected a plain decimal such as "92.77", found "abc"'],
      ['$.scores[3].score', 'expected a plain decimal such as "92.77", found "1e1"'],
      // a zero with a sign is refused for its sign
      ['$.scores[5].score', 'expected a decimal written without a sign, found "-0.00"'],
    ]);
  });

  it('makes appraise refuse a dataset that does not fit the rule set, even one built in code', async () => {
    const ruleSet = parseRuleSet(tinyRuleSet());
    const dataset = parseDataset(tinyDataset([['S1', '50', '30']]), ruleSet);
    const broken = { ...dataset, scores: [...dataset.scores, { unit: 'S9', indicator: 'a', score: '1' }] };
    await expect(appraise(ruleSet, broken)).rejects.toThrow(ValidationError);
  });
});

describe('limits that keep arithmetic exact and validation safe', () => {
  const ruleSet = parseRuleSet(tinyRuleSet());

  it('refuses decimals longer than the arithmetic keeps exact', () => {
    const input = tinyDataset([['S1', '49.99499999999999999999999', '30'], ['S2', '1234567890123.5', '1']]);
    expect(errors(validateDataset(input, ruleSet).issues)).toEqual([
      ['$.scores[0].score', 'the decimal "49.99499999999999999999999" is too long: at most 12 digits before the point, 12 after it and 20 in all'],
      ['$.scores[2].score', 'the decimal "1234567890123.5" is too long: at most 12 digits before the point, 12 after it and 20 in all'],
    ]);
  });

  it('refuses a document nested deeper than 64 levels, without exhausting the stack', () => {
    let conditions: Record<string, unknown> = { fact: 'composite', operator: 'decimalGreaterThan', value: '1' };
    for (let depth = 0; depth < 5000; depth++) conditions = { not: conditions };
    const input = tinyRuleSet() as unknown as { stages: { rules: { conditions: unknown }[] }[] };
    const rule = input.stages[1]?.rules[0];
    if (rule) rule.conditions = conditions;
    const result = validateRuleSet(input);
    expect(result.ok).toBe(false);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.message).toBe('nested deeper than 64 levels');
  });

  it('reads a dataset with properties that are not enumerable as zod reads it, whether its scores are plain or not', () => {
    const ruleSet = parseRuleSet(tinyRuleSet());
    const hidden = (dataset: Record<string, unknown>) => {
      const copy = { ...dataset };
      Object.defineProperty(copy, 'units', { value: dataset['units'], enumerable: false });
      return copy;
    };
    const valid = tinyDataset([['S1', '50', '30']]) as unknown as Record<string, unknown>;
    expect(validateDataset(hidden(valid), ruleSet)).toEqual(validateDataset(valid, ruleSet));
    expect(validateDataset(hidden(valid), ruleSet).ok).toBe(true);
    const row = { indicator: 'a', score: '50', extra: 'x' };
    Object.defineProperty(row, 'unit', { value: 'S1', enumerable: false });
    const withHiddenUnit = { ...valid, scores: [row] };
    expect(validateDataset(withHiddenUnit, ruleSet).issues.map((issue) => issue.message)).toEqual(['unknown key "extra"']);
  });

  it('reads a dataset whose units come from its prototype as zod reads it, and refuses what is not an object', () => {
    const ruleSet = parseRuleSet(tinyRuleSet());
    const valid = tinyDataset([['S1', '50', '30']]) as unknown as Record<string, unknown>;
    const { units, ...rest } = valid;
    const inherited = Object.assign(Object.create({ units }) as Record<string, unknown>, rest);
    expect(validateDataset(inherited, ruleSet)).toEqual(validateDataset(valid, ruleSet));
    for (const input of [null, undefined, 'dataset', 5, [], Object.assign([], { scores: [] })]) {
      const result = validateDataset(input, ruleSet);
      expect(result.ok).toBe(false);
      expect(result.issues.map((issue) => [issue.code, issue.path])).toEqual([['schema', '$']]);
    }
  });

  it('refuses an object 64 levels down, and not one 63 levels down', () => {
    const ruleSet = parseRuleSet(tinyRuleSet());
    // the dataset is level 0, its note level 1: an object nested in lists below it
    const nested = (levels: number): unknown => (levels === 1 ? {} : [nested(levels - 1)]);
    const tooDeep = (levels: number) => validateDataset({ ...tinyDataset([['S1', '50', '30']]), note: nested(levels) }, ruleSet).issues.filter((issue) => issue.code === 'too-deep');
    expect(tooDeep(63)).toEqual([]);
    expect(tooDeep(64).map((issue) => issue.path)).toEqual([`$.note${'[0]'.repeat(63)}`]);
  });

  it('names the path of the too-deep value, through objects and lists, and of one branch only', () => {
    const deep = (levels: number): unknown => (levels === 0 ? { leaf: 'x' } : levels % 2 === 0 ? [1, 'two', deep(levels - 1)] : { k: deep(levels - 1) });
    const result = validateDataset({ units: [], scores: [], note: deep(70), other: { inner: deep(66) } }, parseRuleSet(tinyRuleSet()));
    expect(result.issues.map((issue) => [issue.code, issue.path])).toEqual([['too-deep', `$.other.inner${'[2].k'.repeat(31)}`]]);
  });

  it('reports an unknown category once, not once more for every score of the unit', () => {
    const input = tinyDataset([['S1', '50', '30']]);
    const unit = input.units[0];
    if (unit) unit.category = 'streeet';
    expect(errors(validateDataset(input, ruleSet).issues)).toEqual([['$.units[0].category', 'found category "streeet"; the rule set declares street, lead']]);
  });

  it('says plainly that a rule’s conditions must start with all, any or not', () => {
    const input = tinyRuleSet() as unknown as { stages: { rules: { conditions: unknown }[] }[] };
    const rule = input.stages[1]?.rules[0];
    if (rule) rule.conditions = { fact: 'composite', operator: 'decimalGreaterThan', value: '1' };
    expect(errors(validateRuleSet(input).issues)).toEqual([
      ['$.stages[1].rules[0].conditions', 'a rule\'s conditions start with "all", "any" or "not", e.g. {"all": [{"fact": "composite", "operator": "decimalGreaterThanInclusive", "value": "90"}]}'],
    ]);
  });

  it('says a condition’s value is required when it is missing', () => {
    const input = tinyRuleSet() as unknown as { stages: { rules: { conditions: { all: unknown[] } }[] }[] };
    input.stages[1]?.rules[0]?.conditions.all.push({ fact: 'composite', operator: 'decimalGreaterThan' });
    expect(errors(validateRuleSet(input).issues)).toEqual([
      ['$.stages[1].rules[0].conditions.all[1].value', expect.stringMatching(/^required: expected a value to compare with: a decimal string such as "90", a number/)],
    ]);
  });
});

describe('prior-year grades', () => {
  it('warns, without failing, about a prior grade this rule set does not declare (last year’s rules may have had it)', () => {
    const ruleSet = parseRuleSet(tinyRuleSet());
    const input = { ...tinyDataset([['S1', '50', '30']]), prior: [{ unit: 'S1', composite: '80', grade: 'platinum' }] };
    const result = validateDataset(input, ruleSet);
    expect(result.ok).toBe(true);
    expect(result.issues.map((issue) => [issue.severity, issue.path, issue.message])).toEqual([
      ['warning', '$.prior[0].grade', 'last year\'s grade "platinum" is not one of this rule set\'s grades (excellent, good)'],
    ]);
  });
});
