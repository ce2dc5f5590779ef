/**
 * The checks of the schema modules, case by case: each test names the issue a user would see (code, path,
 * severity, message) or the value accepted, for inputs the other validation tests do not reach.
 */
import { describe, expect, it } from 'vitest';
import {
  datasetJsonSchema,
  parseRuleSet,
  validateDataset,
  validateRuleSet,
  type DatasetInput,
  type Issue,
  type RuleSetInput,
} from '../src/index.js';
import { tinyDataset, tinyRuleSet } from './support/tiny.js';

type ConditionInput = Record<string, unknown>;

const listed = (issues: readonly Issue[]) => issues.map((issue) => [issue.severity, issue.code, issue.path, issue.message]);
const errorsOf = (issues: readonly Issue[]) => listed(issues.filter((issue) => issue.severity === 'error'));
const ruleSetIssues = (input: unknown) => listed(validateRuleSet(input).issues);

/** The tiny rule set with the first grade rule (`$.stages[1].rules[0]`, under a quota) reading these conditions. */
function withConditions(conditions: ConditionInput): RuleSetInput {
  const input = tinyRuleSet();
  const rule = input.stages[1]?.rules[0];
  if (!rule) throw new Error('the tiny rule set has a grade rule');
  rule.conditions = conditions as never;
  return input;
}

const conditionIssues = (...all: ConditionInput[]) => ruleSetIssues(withConditions({ all }));
const BASE = '$.stages[1].rules[0].conditions';
const VALUE_REQUIRED =
  'required: expected a value to compare with: a decimal string such as "90", a number, true or false, a list of these, or another fact as {"fact": "priorComposite"}';
const EVERY_OPERATOR =
  'decimalEqual, decimalNotEqual, decimalGreaterThan, decimalGreaterThanInclusive, decimalLessThan, decimalLessThanInclusive, equal, notEqual, in, notIn, contains, doesNotContain, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive';

describe('rule-set checks: subjects’ points', () => {
  it('asks for each subject’s points when several subjects share an indicator, naming the first without', () => {
    const first = tinyRuleSet();
    const a = first.indicators[0];
    if (a) a.subjects = [{ subject: 's1' }, { subject: 's2', points: '20' }];
    expect(ruleSetIssues(first)).toEqual([
      ['error', 'subject-points', '$.indicators[0].subjects[0].points', "an indicator shared by several subjects needs each subject's points"],
    ]);
    const second = tinyRuleSet();
    const shared = second.indicators[0];
    if (shared) shared.subjects = [{ subject: 's1', points: '40' }, { subject: 's2' }];
    expect(ruleSetIssues(second)).toEqual([
      ['error', 'subject-points', '$.indicators[0].subjects[1].points', "an indicator shared by several subjects needs each subject's points"],
    ]);
  });

  it('requires a single subject’s points, when given, to equal the indicator’s, compared as numbers', () => {
    const wrong = tinyRuleSet();
    const b = wrong.indicators[1];
    if (b) b.subjects = [{ subject: 's2', points: '30' }];
    expect(ruleSetIssues(wrong)).toEqual([['error', 'subject-points', '$.indicators[1].subjects[0].points', 'a single subject owns the whole indicator: expected 40, found 30']]);
    const same = tinyRuleSet();
    const alsoB = same.indicators[1];
    if (alsoB) alsoB.subjects = [{ subject: 's2', points: '40.00' }];
    expect(ruleSetIssues(same)).toEqual([]);
  });
});

describe('rule-set checks: references', () => {
  it('refuses a ranking or quota key that names an undeclared indicator', () => {
    const input = tinyRuleSet();
    input.ranking = { orderBy: [{ by: 'composite', order: 'desc' }, { by: 'indicators.z', order: 'desc' }] };
    const rule = input.stages[1]?.rules[0];
    if (rule) rule.quota = { max: 2, orderBy: [{ by: 'composite' }, { by: 'indicators.q' }] };
    expect(errorsOf(validateRuleSet(input).issues)).toEqual([
      ['error', 'unknown-indicator', '$.ranking.orderBy[1].by', 'no indicator "z" is declared in $.indicators'],
      ['error', 'unknown-indicator', '$.stages[1].rules[0].quota.orderBy[1].by', 'no indicator "q" is declared in $.indicators'],
    ]);
  });

  it('accepts a quota ordered by a declared indicator', () => {
    const input = tinyRuleSet();
    const rule = input.stages[1]?.rules[0];
    if (rule) rule.quota = { max: 2, orderBy: [{ by: 'indicators.a' }, { by: 'indicators.b' }] };
    expect(ruleSetIssues(input)).toEqual([]);
  });

  it('refuses a status decided in an all-match stage', () => {
    const input = tinyRuleSet();
    const scope = input.stages[0];
    if (scope) scope.mode = 'all-match';
    expect(ruleSetIssues(input)).toEqual([
      [
        'error',
        'all-match-decision',
        '$.stages[0].rules[0].event.type',
        'a status in an all-match stage: when several rules hold, the last would win silently; put status rules in a first-match stage',
      ],
    ]);
  });

  it('checks the notice’s categories, grades and mentions against the rule set, with or without a vertical part', () => {
    const input = tinyRuleSet();
    input.notice = {
      heading: '结果',
      categoryOrder: ['street', 'town'],
      lists: [
        { heading: '优秀', grade: 'excellent' },
        { heading: '卓越', grade: 'superb' },
      ],
    };
    expect(ruleSetIssues(input)).toEqual([
      ['error', 'unknown-category', '$.notice.categoryOrder[1]', 'no category "town" is declared in $.categories'],
      ['error', 'unknown-grade', '$.notice.lists[1].grade', 'no grade "superb" is declared in $.grades'],
    ]);

    const vertical = tinyRuleSet();
    vertical.mentions = [{ id: 'praised', label: '表扬' }];
    vertical.notice = {
      heading: '结果',
      categoryOrder: ['street'],
      lists: [{ heading: '优秀', grade: 'excellent' }],
      vertical: {
        opening: '垂直管理单位',
        mentions: [
          { mention: 'praised', text: '受到表扬' },
          { mention: 'blamed', text: '受到批评' },
        ],
      },
    };
    expect(ruleSetIssues(vertical)).toEqual([['error', 'unknown-mention', '$.notice.vertical.mentions[1].mention', 'no mention "blamed" is declared in $.mentions']]);
  });

  it('reaches conditions under any and under not', () => {
    const unknown = { fact: 'score', operator: 'equal', value: 'x' };
    expect(ruleSetIssues(withConditions({ any: [{ fact: 'composite', operator: 'decimalLessThan', value: '1' }, unknown] }))).toEqual([
      ['error', 'unknown-fact', `${BASE}.any[1].fact`, expect.stringContaining('there is no fact "score"')],
    ]);
    expect(ruleSetIssues(withConditions({ not: unknown }))).toEqual([['error', 'unknown-fact', `${BASE}.not.fact`, expect.stringContaining('there is no fact "score"')]]);
  });
});

describe('rule-set checks: a value that reads another fact', () => {
  it('accepts a fact of the kind the operator compares with', () => {
    expect(
      conditionIssues(
        { fact: 'composite', operator: 'decimalGreaterThan', value: { fact: 'priorComposite' } },
        { fact: 'composite', operator: 'decimalGreaterThanInclusive', value: { fact: 'indicators', path: '$.a.score' } },
        { fact: 'percentile', operator: 'decimalLessThan', value: { fact: 'rank' } },
        { fact: 'grade', operator: 'equal', value: { fact: 'priorGrade' } },
        { fact: 'rank', operator: 'lessThan', value: { fact: 'groupSize' } },
        { fact: 'flags', operator: 'contains', value: { fact: 'priorGrade' } },
      ),
    ).toEqual([]);
  });

  it('refuses a fact of another kind, saying what it holds', () => {
    expect(
      conditionIssues(
        { fact: 'composite', operator: 'decimalEqual', value: { fact: 'dataFlags' } },
        { fact: 'category', operator: 'equal', value: { fact: 'rank' } },
        { fact: 'rank', operator: 'equal', value: { fact: 'composite' } },
        { fact: 'category', operator: 'in', value: { fact: 'grade' } },
        { fact: 'rank', operator: 'in', value: { fact: 'groupSize' } },
        { fact: 'composite', operator: 'decimalEqual', value: { fact: 'score' } },
      ),
    ).toEqual([
      ['error', 'value', `${BASE}.all[0].value`, 'decimalEqual compares with a decimal string such as "90", but dataFlags holds a list'],
      ['error', 'value', `${BASE}.all[1].value`, 'equal compares with a single id, but rank holds integer'],
      ['error', 'value', `${BASE}.all[2].value`, 'equal compares with a whole number such as 3, but composite holds decimal'],
      ['error', 'value', `${BASE}.all[3].value`, 'in compares with a list of ids, but grade holds text'],
      ['error', 'value', `${BASE}.all[4].value`, 'in compares with a list of whole numbers, but groupSize holds integer'],
      ['error', 'unknown-fact', `${BASE}.all[5].value`, expect.stringContaining('there is no fact "score"; expected one of category,')],
    ]);
  });
});

describe('rule-set checks: operators and literal values', () => {
  it('names an unknown operator and lists every known one', () => {
    expect(conditionIssues({ fact: 'composite', operator: 'greaterThen', value: '1' })).toEqual([
      ['error', 'operator', `${BASE}.all[0].operator`, `unknown operator "greaterThen"; expected one of ${EVERY_OPERATOR}`],
    ]);
  });

  it('says which operators a whole-number fact takes, and lets it use the decimal ones', () => {
    expect(
      conditionIssues(
        { fact: 'rank', operator: 'contains', value: 1 },
        { fact: 'rank', operator: 'decimalLessThanInclusive', value: '3' },
        { fact: 'groupSize', operator: 'decimalGreaterThan', value: '10' },
      ),
    ).toEqual([
      [
        'error',
        'operator',
        `${BASE}.all[0].operator`,
        'contains does not apply to a fact that holds a whole number; expected one of decimalEqual, decimalNotEqual, decimalGreaterThan, decimalGreaterThanInclusive, decimalLessThan, decimalLessThanInclusive, equal, notEqual, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, in, notIn',
      ],
    ]);
  });

  it('points equal and notEqual on a decimal fact to their exact forms', () => {
    expect(conditionIssues({ fact: 'composite', operator: 'equal', value: '90' }, { fact: 'bonus', operator: 'notEqual', value: '0' })).toEqual([
      ['error', 'operator', `${BASE}.all[0].operator`, 'equal compares decimals inexactly (as binary floats or as text); use decimalEqual'],
      ['error', 'operator', `${BASE}.all[1].operator`, 'notEqual compares decimals inexactly (as binary floats or as text); use decimalNotEqual'],
    ]);
  });

  it('takes a decimal only as a whole plain decimal string', () => {
    expect(
      conditionIssues(
        { fact: 'composite', operator: 'decimalGreaterThan', value: 90 },
        { fact: 'composite', operator: 'decimalGreaterThan', value: 'x90' },
        { fact: 'composite', operator: 'decimalGreaterThan', value: '90x' },
        { fact: 'composite', operator: 'decimalGreaterThan', value: '-0.5' },
      ),
    ).toEqual([
      ['error', 'value', `${BASE}.all[0].value`, 'decimalGreaterThan compares with a decimal string such as "90", found 90'],
      ['error', 'value', `${BASE}.all[1].value`, 'decimalGreaterThan compares with a decimal string such as "90", found "x90"'],
      ['error', 'value', `${BASE}.all[2].value`, 'decimalGreaterThan compares with a decimal string such as "90", found "90x"'],
    ]);
  });

  it('takes a whole number, or a list of them, for the built-in comparisons of a whole-number fact', () => {
    expect(
      conditionIssues(
        { fact: 'rank', operator: 'lessThanInclusive', value: 3 },
        { fact: 'rank', operator: 'in', value: [1, 2] },
        { fact: 'rank', operator: 'equal', value: 1.5 },
        { fact: 'rank', operator: 'in', value: 3 },
        { fact: 'rank', operator: 'in', value: [1, 'x'] },
        { fact: 'rank', operator: 'notIn', value: [1, 1.5] },
      ),
    ).toEqual([
      ['error', 'value', `${BASE}.all[2].value`, 'equal compares with a whole number such as 3, found 1.5'],
      ['error', 'value', `${BASE}.all[3].value`, 'in compares with a list of whole numbers, found 3'],
      ['error', 'value', `${BASE}.all[4].value`, 'in compares with a list of whole numbers, found [1,"x"]'],
      ['error', 'value', `${BASE}.all[5].value`, 'notIn compares with a list of whole numbers, found [1,1.5]'],
    ]);
  });

  it('takes a single id, or a list of ids, for a text fact; null is neither', () => {
    expect(
      conditionIssues(
        { fact: 'category', operator: 'in', value: ['street', 'lead'] },
        { fact: 'category', operator: 'equal', value: 1 },
        { fact: 'category', operator: 'in', value: 'street' },
        { fact: 'category', operator: 'notIn', value: ['street', 1] },
        { fact: 'grade', operator: 'equal', value: null },
      ),
    ).toEqual([
      ['error', 'value', `${BASE}.all[1].value`, 'equal compares with a single id, found 1'],
      ['error', 'value', `${BASE}.all[2].value`, 'in compares with a list of ids, found "street"'],
      ['error', 'value', `${BASE}.all[3].value`, 'notIn compares with a list of ids, found ["street",1]'],
      ['error', 'value', `${BASE}.all[4].value`, 'equal compares with a single id, found null'],
    ]);
  });
});

describe('rule-set lint: rules that can never decide', () => {
  const weak = { fact: 'composite', operator: 'decimalLessThan', value: '50' };
  const holds = { all: [] };
  const never = { not: { all: [] } };

  /** Lint findings for a first-match stage of two rules: "first" (no quota) reading `conditions`, then "second". */
  const afterFirst = (conditions: ConditionInput) => {
    const input = tinyRuleSet();
    const stage = input.stages[1];
    if (!stage) throw new Error('the tiny rule set has a grade stage');
    stage.rules = [
      { id: 'first', reason: '首条', conditions: conditions as never, event: { type: 'grade', params: { grade: 'good' } } },
      { id: 'second', reason: '次条', conditions: { all: [{ fact: 'composite', operator: 'decimalLessThan', value: '10' }] }, event: { type: 'grade', params: { grade: 'excellent' } } },
    ];
    // (an empty any is warned of apart: see the lint tests)
    return validateRuleSet(input)
      .issues.filter((issue) => issue.code !== 'empty-any')
      .map((issue) => [issue.code, issue.path, issue.message]);
  };
  const unreachable = [['unreachable-rule', '$.stages[1].rules[1]', 'rule "second" can never decide: the earlier rule "first" always holds and has no quota']];

  it.each([
    ['an empty any', { any: [] }],
    ['an any with one branch that always holds', { any: [weak, holds] }],
    ['not of an all that can never hold', { not: { all: [weak, never] } }],
    ['not of an any whose branches can never hold', { not: { any: [never, { not: { any: [] } }] } }],
    ['a double negation of an empty all', { not: { not: holds } }],
    ['an all of conditions that always hold', { all: [{ any: [] }, { not: { not: { any: [] } } }] }],
  ])('errs after a rule that always holds: %s', (_, conditions) => {
    expect(afterFirst(conditions)).toEqual(unreachable);
  });

  it.each([
    ['an any of a comparison', { any: [weak] }],
    ['not of an empty any (which holds)', { not: { any: [] } }],
    ['not of an empty all (which holds)', never],
    ['not of an all of a comparison', { not: { all: [weak] } }],
    ['not of an any with a comparison in it', { not: { any: [weak, never] } }],
    ['not of a comparison', { not: weak }],
  ])('says nothing after a rule that may not hold: %s', (_, conditions) => {
    expect(afterFirst(conditions)).toEqual([]);
  });

  it('orders rules by priority before looking for one that always holds', () => {
    const input = tinyRuleSet();
    const good = input.stages[1]?.rules[1];
    if (good) good.priority = 10;
    expect(validateRuleSet(input).issues.map((issue) => [issue.code, issue.path, issue.message])).toEqual([
      ['unreachable-rule', '$.stages[1].rules[0]', 'rule "excellent" can never decide: the earlier rule "good" always holds and has no quota'],
    ]);
  });

  it('does not call a rule unreachable when its priority puts it before one that always holds', () => {
    const input = tinyRuleSet();
    input.stages[1]?.rules.push({
      id: 'weak',
      reason: '弱',
      priority: 10,
      conditions: { all: [{ fact: 'composite', operator: 'decimalLessThan', value: '10' }] },
      event: { type: 'grade', params: { grade: 'good' } },
    });
    expect(ruleSetIssues(input)).toEqual([]);
  });
});

describe('rule-set lint: thresholds out of reach', () => {
  const outOfReach = (input: RuleSetInput) => listed(validateRuleSet(input).issues.filter((issue) => issue.code === 'out-of-reach'));
  const score = (indicator: string, operator: string, value: string) => ({ fact: 'indicators', path: `$.${indicator}.score`, operator, value });
  const composite = (operator: string, value: string) => ({ fact: 'composite', operator, value });

  it('warns of a score asked above its indicator\'s points, or a composite above full marks and every bonus at its cap', () => {
    // a: 60 points, b: 40, c: 100 not counted; the bonus capped at 2: a composite is at most 102
    const input = withConditions({
      any: [score('a', 'decimalGreaterThanInclusive', '60.01'), score('b', 'decimalGreaterThan', '40'), composite('decimalGreaterThanInclusive', '102.01'), { not: composite('decimalEqual', '190') }],
    });
    expect(outOfReach(input)).toEqual([
      ['warning', 'out-of-reach', `${BASE}.any[0].value`, 'decimalGreaterThanInclusive 60.01 can never hold: a is scored out of 60 points'],
      ['warning', 'out-of-reach', `${BASE}.any[1].value`, 'decimalGreaterThan 40 can never hold: b is scored out of 40 points'],
      ['warning', 'out-of-reach', `${BASE}.any[2].value`, "decimalGreaterThanInclusive 102.01 can never hold: a composite is at most 102 (the counted indicators' points × weight and every bonus at its cap)"],
      ['warning', 'out-of-reach', `${BASE}.any[3].not.value`, "decimalEqual 190 can never hold: a composite is at most 102 (the counted indicators' points × weight and every bonus at its cap)"],
    ]);
    // and the rule set is still valid: a warning
    expect(validateRuleSet(input).ok).toBe(true);
  });

  it('says nothing of what can be reached, of comparisons downwards, nor of a composite a bonus without a cap can raise', () => {
    const reachable = withConditions({
      all: [score('a', 'decimalGreaterThanInclusive', '60'), score('b', 'decimalEqual', '40'), composite('decimalGreaterThanInclusive', '102'), composite('decimalLessThan', '500'), score('c', 'decimalGreaterThan', '99.99')],
    });
    expect(outOfReach(reachable)).toEqual([]);
    const uncapped = withConditions({ all: [composite('decimalGreaterThanInclusive', '150')] });
    const plus = uncapped.adjustments?.[0];
    if (plus) delete plus.cap;
    expect(outOfReach(uncapped)).toEqual([]);
  });
});

describe('rule-set lint: quotas and follow-up', () => {
  it('counts the composite the quota puts first as a key, so one more ranking key is a tie-break', () => {
    const input = tinyRuleSet();
    input.ranking = { orderBy: [{ by: 'indicators.b', order: 'desc' }] };
    expect(ruleSetIssues(input)).toEqual([]);
  });

  it('names the single key of a quota that orders by one key alone', () => {
    const input = tinyRuleSet();
    const rule = input.stages[1]?.rules[0];
    if (rule) rule.quota = { max: 2, orderBy: [{ by: 'indicators.b' }] };
    expect(ruleSetIssues(input)).toEqual([
      [
        'warning',
        'quota-without-tie-break',
        '$.stages[1].rules[0].quota',
        'the quota orders by indicators.b alone: units tied on it at the cut are taken in unit-id order; add tie-break keys (quota.orderBy or ranking.orderBy)',
      ],
    ]);
  });

  it('accepts follow-up documents without a staff quota, and a document left undefined in code', () => {
    const input = tinyRuleSet();
    input.flags = [{ id: 'talk', label: '约谈' }];
    input.followUp = { documents: { interview: 'talk', letter: undefined } };
    expect(ruleSetIssues(input)).toEqual([]);
  });
});

describe('schema messages', () => {
  it('lists the allowed values of a misspelt or missing choice', () => {
    const input = tinyRuleSet() as unknown as { stages: Record<string, unknown>[] };
    const [scope, grade] = input.stages;
    if (scope) scope['mode'] = 'first-matc';
    if (grade) delete grade['mode'];
    expect(ruleSetIssues(input)).toEqual([
      ['error', 'schema', '$.stages[0].mode', 'expected one of "first-match", "all-match", found the text "first-matc"'],
      ['error', 'schema', '$.stages[1].mode', 'expected one of "first-match", "all-match", found nothing'],
    ]);
  });

  it('describes null, and long text cut at 40 characters', () => {
    const at = (year: unknown) => ruleSetIssues({ ...tinyRuleSet(), year });
    expect(at(null)).toEqual([['error', 'schema', '$.year', 'expected number, found null']]);
    expect(at('y'.repeat(40))).toEqual([['error', 'schema', '$.year', `expected number, found the text "${'y'.repeat(40)}"`]]);
    expect(at(`${'y'.repeat(40)}z`)).toEqual([['error', 'schema', '$.year', `expected number, found the text "${'y'.repeat(40)}…"`]]);
  });

  it('writes keys that are not plain names in brackets', () => {
    expect(ruleSetIssues({ ...tinyRuleSet(), 'a-b': 1, '1a': 2, _x$1: 3 })).toEqual([
      ['error', 'schema', '$["a-b"]', 'unknown key "a-b"'],
      ['error', 'schema', '$["1a"]', 'unknown key "1a"'],
      ['error', 'schema', '$._x$1', 'unknown key "_x$1"'],
    ]);
  });

  it('adds no source to an issue when none was given', () => {
    expect(validateRuleSet({ ...tinyRuleSet(), year: null }).issues).toStrictEqual([
      { code: 'schema', severity: 'error', document: 'ruleSet', path: '$.year', message: 'expected number, found null' },
    ]);
  });

  it('names the unknown key of a condition, rather than calling it no condition at all', () => {
    expect(conditionIssues({ fact: 'composite', operator: 'decimalGreaterThan', value: '1', extra: 1 })).toEqual([
      ['error', 'schema', `${BASE}.all[0].extra`, 'unknown key "extra"'],
    ]);
  });

  it('reports each malformed condition of a long all, not the all itself, however many', () => {
    const all = Array.from({ length: 40 }, () => ({ fact: 'composite', operator: 'decimalGreaterThan' }));
    expect(ruleSetIssues(withConditions({ all }))).toEqual(all.map((_, i) => ['error', 'schema', `${BASE}.all[${i}].value`, VALUE_REQUIRED]));
  });

  it('tells a condition that has a value or a path but no fact or operator what it lacks', () => {
    expect(conditionIssues({ value: '90' }, { value: '90', name: '门槛' }, { path: '$.a.score' })).toEqual([
      ['error', 'schema', `${BASE}.all[0].fact`, 'required: expected string'],
      ['error', 'schema', `${BASE}.all[0].operator`, 'required: expected string'],
      ['error', 'schema', `${BASE}.all[1].fact`, 'required: expected string'],
      ['error', 'schema', `${BASE}.all[1].operator`, 'required: expected string'],
      ['error', 'schema', `${BASE}.all[2].fact`, 'required: expected string'],
      ['error', 'schema', `${BASE}.all[2].operator`, 'required: expected string'],
      ['error', 'schema', `${BASE}.all[2].value`, VALUE_REQUIRED],
    ]);
  });

  it('refuses a value object that names no fact with the forms a value takes, and what it lacks of a fact reference', () => {
    const forms = 'expected a value to compare with: a decimal string such as "90", a number, true or false, a list of these, or another fact as {"fact": "priorComposite"}';
    expect(
      conditionIssues(
        { fact: 'composite', operator: 'decimalGreaterThan', value: {} },
        { fact: 'composite', operator: 'decimalGreaterThan', value: { path: '$.a.score' } },
        { fact: 'composite', operator: 'decimalGreaterThan', value: { fct: 'priorComposite' } },
        { fact: 'composite', operator: 'decimalGreaterThan', value: { fact: 'priorComposite', pth: '$.a' } },
      ),
    ).toEqual([
      ['error', 'schema', `${BASE}.all[0].value`, forms],
      ['error', 'schema', `${BASE}.all[1].value`, `${forms}; it lacks "fact"`],
      // no key shared with a fact reference: not one with its key misspelt, but no more "an object is not allowed"
      ['error', 'schema', `${BASE}.all[2].value`, forms],
      // a fact reference with a key more: that key
      ['error', 'schema', `${BASE}.all[3].value.pth`, 'unknown key "pth"'],
    ]);
  });

  it('allows 64 levels of nesting and refuses the 65th, with its path', () => {
    let inside: unknown = null;
    for (let level = 0; level < 64; level++) inside = [inside];
    expect(ruleSetIssues(inside)).toEqual([['error', 'schema', '$', 'expected object, found an array']]);
    let tooDeep: unknown = [];
    for (let level = 0; level < 64; level++) tooDeep = [tooDeep];
    expect(ruleSetIssues(tooDeep)).toEqual([['error', 'too-deep', `$${'[0]'.repeat(64)}`, 'nested deeper than 64 levels']]);
  });
});

describe('decimals, identifiers and labels', () => {
  const ruleSet = parseRuleSet(tinyRuleSet());
  /** Validates the tiny dataset with one survey per value; returns the values as parsed, or the issues. */
  const surveys = (...values: unknown[]) => {
    const input = { ...tinyDataset([['S1', '50', '30']]), surveys: values.map((value, i) => ({ id: `v${i}`, label: '调查', value })) };
    const result = validateDataset(input, ruleSet);
    return result.ok ? result.value.surveys.map((survey) => survey.value) : listed(result.issues);
  };
  const tooLong = (text: string) => `the decimal "${text}" is too long: at most 12 digits before the point, 12 after it and 20 in all`;

  it('takes a JSON number only when it is plain and has at most 15 significant digits', () => {
    expect(surveys(1234.56789012345, 0.5)).toEqual(['1234.56789012345', '0.5']);
    // the string to write where it can be told: exponent form written out, a sum's binary rounding taken off
    expect(surveys(1e-7, 1234.567890123456, 0.1 + 0.2, -(0.7 + 0.1))).toEqual([
      ['error', 'schema', '$.surveys[0].value', 'expected a plain decimal such as "92.77", found the number 1e-7; write it as a string so it stays exact: "0.0000001"'],
      ['error', 'schema', '$.surveys[1].value', 'expected a plain decimal such as "92.77", found the number 1234.567890123456; write it as a string, with the digits it was meant to have, so it stays exact'],
      ['error', 'schema', '$.surveys[2].value', 'expected a plain decimal such as "92.77", found the number 0.30000000000000004; write it as a string so it stays exact: "0.3"'],
      ['error', 'schema', '$.surveys[3].value', 'expected a plain decimal such as "92.77", found the number -0.7999999999999999; write it as a string so it stays exact: "-0.8"'],
    ]);
  });

  it('calls an exact JSON number with too many places too long, not inexact', () => {
    expect(surveys(0.0000012345678901234)).toEqual([['error', 'schema', '$.surveys[0].value', tooLong('0.0000012345678901234')]]);
  });

  it('takes decimals up to 12 digits before the point, 12 after it and 20 in all', () => {
    expect(surveys('999999999999.5', '0.123456789012', '123456789012.12345678', '-0.000000000001')).toEqual([
      '999999999999.5',
      '0.123456789012',
      '123456789012.12345678',
      '-0.000000000001',
    ]);
    expect(surveys('0.1234567890123', '123456789012.123456789')).toEqual([
      ['error', 'schema', '$.surveys[0].value', tooLong('0.1234567890123')],
      ['error', 'schema', '$.surveys[1].value', tooLong('123456789012.123456789')],
    ]);
  });

  it('tells editors, through the JSON Schema, what a decimal looks like', () => {
    const schema = datasetJsonSchema() as { properties: { scores: { items: { properties: { score: Record<string, unknown> } } } } };
    // a string of that pattern, or a number: each a branch of its own type, as strict validators take it
    expect(schema.properties.scores.items.properties.score).toMatchObject({
      anyOf: [{ type: 'string', pattern: '^(0|[1-9][0-9]*)(\\.[0-9]+)?$' }, { type: 'number', minimum: 0 }],
      description: expect.stringContaining('preferably as a string'),
    });
    expect(schema.properties.scores.items.properties.score).not.toHaveProperty('type');
  });

  it('refuses ids with other characters or over 64 characters, and blank names; trims names', () => {
    const input = tinyDataset([['S1', '50', '30']]);
    const unit = input.units[0];
    if (unit) unit.name = ' 街道一 ';
    expect(validateDataset(input, ruleSet).ok && (validateDataset(input, ruleSet) as { value: { units: { name: string }[] } }).value.units[0]?.name).toBe('街道一');
    input.units.push({ id: 'S.2', name: '街道二', category: 'street' }, { id: 'S'.repeat(65), name: '街道三', category: 'street' }, { id: 'S4', name: '   ', category: 'street' }, { id: 'S5', name: '街'.repeat(201), category: 'street' });
    expect(errorsOf(validateDataset(input, ruleSet).issues)).toEqual([
      ['error', 'schema', '$.units[1].id', 'expected an identifier (letters, digits, - and _, not starting with - or _), found "S.2"'],
      ['error', 'schema', '$.units[2].id', 'an identifier is at most 64 characters'],
      ['error', 'schema', '$.units[3].name', 'expected a non-empty label'],
      ['error', 'schema', '$.units[4].name', 'a label is at most 200 characters, found 201'],
    ]);
  });
});

describe('dataset checks', () => {
  const ruleSet = parseRuleSet(tinyRuleSet());
  const check = (input: DatasetInput) => listed(validateDataset(input, ruleSet).issues);
  const unit = (id: string, category = 'street') => ({ id, name: `单位${id}`, category });

  it('errs on a unit listed twice with the second listing, and looks for missing scores on the first', () => {
    const input: DatasetInput = {
      units: [unit('S1'), { ...unit('S1'), name: '又一单位' }],
      scores: [{ unit: 'S1', indicator: 'a', score: '50' }],
    };
    expect(check(input)).toEqual([
      ['error', 'duplicate-unit', '$.units[1].id', 'the unit id "S1" is already used at $.units[0]'],
      ['error', 'missing-score', '$.units[0]', 'unit S1 (单位S1) has no score for b (乙)'],
    ]);
  });

  it('reports a unit of an unknown category once, even without scores', () => {
    expect(check({ units: [unit('S1', 'town')] })).toEqual([['error', 'unknown-category', '$.units[0].category', 'found category "town"; the rule set declares street, lead']]);
  });

  it('warns about two units of the same name', () => {
    const input = tinyDataset([['S1', '50', '30'], ['S2', '50', '30']]);
    const second = input.units[1];
    if (second) second.name = '街道S1';
    expect(check(input)).toEqual([['warning', 'duplicate-name', '$.units[1].name', 'the name "街道S1" is also used at $.units[0]']]);
  });

  it('names the missing declarations of track groups and data flags', () => {
    const input = tinyDataset([['S1', '50', '30']]);
    input.units[0] = { ...unit('S1'), trackGroup: 'customs', dataFlags: ['award'] };
    expect(check(input)).toEqual([
      ['error', 'unknown-track-group', '$.units[0].trackGroup', 'found track group "customs"; the rule set declares none in $.verticalTrack.groups'],
      ['error', 'unknown-data-flag', '$.units[0].dataFlags[0]', 'found data flag "award"; the rule set declares none'],
    ]);
  });

  it('accepts per-subject scores up to each subject’s points, and a lone subject’s up to the indicator’s', () => {
    const input: DatasetInput = {
      units: [unit('S1')],
      scores: [
        { unit: 'S1', indicator: 'a', subject: 's1', score: '40' },
        { unit: 'S1', indicator: 'a', subject: 's2', score: '20.00' },
        { unit: 'S1', indicator: 'b', subject: 's2', score: '40' },
      ],
    };
    expect(check(input)).toEqual([]);
    const over = input.scores?.[2];
    if (over) over.score = '40.01';
    expect(check(input)).toEqual([['error', 'score-out-of-range', '$.scores[2].score', 'found 40.01, but s2 is out of 40 points']]);
  });

  it('errs on a whole score mixed with per-subject scores, whichever comes first', () => {
    const wholeFirst: DatasetInput = {
      units: [unit('S1')],
      scores: [
        { unit: 'S1', indicator: 'a', score: '50' },
        { unit: 'S1', indicator: 'a', subject: 's1', score: '30' },
        { unit: 'S1', indicator: 'b', score: '30' },
      ],
    };
    const mixed = 'unit S1 has both a whole score and per-subject scores for a; give one or the other';
    expect(check(wholeFirst)).toEqual([['error', 'mixed-scores', '$.scores[1]', mixed]]);
    const subjectFirst = { ...wholeFirst, scores: [...(wholeFirst.scores ?? [])].reverse() };
    expect(check(subjectFirst)).toEqual([['error', 'mixed-scores', '$.scores[2]', mixed]]);
  });

  it('errs on a second score for the same indicator, or the same subject of it', () => {
    const input: DatasetInput = {
      units: [unit('S1')],
      scores: [
        { unit: 'S1', indicator: 'a', subject: 's1', score: '30' },
        { unit: 'S1', indicator: 'a', subject: 's2', score: '10' },
        { unit: 'S1', indicator: 'a', subject: 's1', score: '31' },
        { unit: 'S1', indicator: 'b', score: '30' },
        { unit: 'S1', indicator: 'b', score: '31' },
      ],
    };
    expect(check(input)).toEqual([
      ['error', 'duplicate-score', '$.scores[2]', 'unit S1 already has a score for a from s1 at $.scores[0]'],
      ['error', 'duplicate-score', '$.scores[4]', 'unit S1 already has a score for b at $.scores[3]'],
    ]);
  });

  it('checks the unit and the item of every adjustment', () => {
    const input: DatasetInput = {
      ...tinyDataset([['S1', '50', '30']]),
      units: [unit('S1'), unit('L1', 'lead')],
      adjustments: [
        { unit: 'ghost', item: 'plus', points: '1', reason: '表彰' },
        { unit: 'L1', item: 'plus', points: '1', reason: '表彰' },
        { unit: 'S1', item: 'bogus', points: '1', reason: '表彰' },
        { unit: 'S1', item: 'minus', points: '1', reason: '通报' },
      ],
    };
    expect(check(input)).toEqual([
      ['error', 'unknown-unit', '$.adjustments[0].unit', 'no unit "ghost" is listed in $.units'],
      ['error', 'unscored-unit', '$.adjustments[1].unit', 'unit "L1" is of a category the rule set does not score'],
      ['error', 'unknown-adjustment', '$.adjustments[2].item', 'found item "bogus"; the rule set declares plus, minus'],
    ]);
  });

  it('warns about a prior result for a unit not listed', () => {
    const input = { ...tinyDataset([['S1', '50', '30']]), prior: [{ unit: 'ghost', composite: '80' }] };
    expect(check(input)).toEqual([['warning', 'unknown-unit', '$.prior[0].unit', 'no unit "ghost" is listed in $.units; its prior result is ignored']]);
  });

  it('errs on a unit listed twice in prior even when its grade is not one of the rule set’s', () => {
    const input = {
      ...tinyDataset([['S1', '50', '30'], ['S2', '50', '30']]),
      prior: [
        { unit: 'S1', composite: '80', grade: 'platinum' },
        { unit: 'S2', composite: '70', grade: 'good' },
        { unit: 'S1', composite: '81', grade: 'platinum' },
      ],
    };
    const result = validateDataset(input, ruleSet);
    expect(result.ok).toBe(false);
    const grades = "(excellent, good)";
    expect(listed(result.issues)).toEqual([
      ['warning', 'unknown-prior-grade', '$.prior[0].grade', `last year's grade "platinum" is not one of this rule set's grades ${grades}`],
      ['error', 'duplicate-prior', '$.prior[2].unit', 'unit S1 already has a prior result at $.prior[0]'],
      ['warning', 'unknown-prior-grade', '$.prior[2].grade', `last year's grade "platinum" is not one of this rule set's grades ${grades}`],
    ]);
  });

  it('warns when the dataset is for another year than the rule set', () => {
    expect(check({ ...tinyDataset([['S1', '50', '30']]), year: 2019 })).toEqual([['warning', 'year-mismatch', '$.year', 'the dataset is for 2019, the rule set for 2020']]);
    expect(check({ ...tinyDataset([['S1', '50', '30']]), year: 2020 })).toEqual([]);
  });

  it('errs on a survey id used twice', () => {
    const survey = (id: string) => ({ id, label: '满意度', value: '90' });
    expect(check({ ...tinyDataset([['S1', '50', '30']]), surveys: [survey('turnout'), survey('trust'), survey('turnout')] })).toEqual([
      ['error', 'duplicate-id', '$.surveys[2].id', 'the survey id "turnout" is already used at $.surveys[0]'],
    ]);
  });
});

describe('messages that say what was meant', () => {
  it('names the values an event’s type may have, and what was found', () => {
    const input = tinyRuleSet();
    const rule = input.stages[1]?.rules[0];
    if (rule) rule.event = { type: 'flags', params: {} } as never;
    expect(ruleSetIssues(input)).toEqual([['error', 'schema', '$.stages[1].rules[0].event.type', 'expected one of "status", "grade", "mention", "flag", found the text "flags"']]);
    if (rule) rule.event = { params: { grade: 'good' } } as never;
    expect(ruleSetIssues(input)).toEqual([['error', 'schema', '$.stages[1].rules[0].event.type', 'required: expected one of "status", "grade", "mention", "flag"']]);
  });

  it('says what a missing decimal is to be, not only that it is required', () => {
    const input = tinyRuleSet();
    delete (input.indicators[0] as { points?: unknown }).points;
    expect(ruleSetIssues(input)).toEqual([['error', 'schema', '$.indicators[0].points', 'required: expected a decimal such as "92.77", found nothing']]);
  });

  it('says which key of a condition is misspelt, and which it lacks', () => {
    expect(conditionIssues({ fact: 'composite', operater: 'decimalGreaterThan', value: '1' })).toEqual([
      ['error', 'schema', `${BASE}.all[0]`, expect.stringMatching(/; its key "operater" is unknown, and it lacks "operator"$/)],
    ]);
  });

  it('gives a share written as a percentage back, with how a share is written', () => {
    const input = tinyRuleSet();
    const rule = input.stages[1]?.rules[0];
    if (rule) rule.quota = { share: '35' };
    expect(ruleSetIssues(input)).toEqual([
      ['error', 'schema', '$.stages[1].rules[0].quota.share', 'a share is at most 1, found "35": a share is a fraction of 1, as "0.4" for 40%'],
    ]);
  });

  it('refuses a condition’s decimal longer than any decimal of a rule set may be', () => {
    expect(conditionIssues({ fact: 'composite', operator: 'decimalGreaterThan', value: '90.0000000000001' })).toEqual([
      ['error', 'value', `${BASE}.all[0].value`, expect.stringContaining('the decimal "90.0000000000001" is too long: at most')],
    ]);
    expect(conditionIssues({ fact: 'composite', operator: 'decimalGreaterThan', value: '90.000000000001' })).toEqual([]);
  });
});
