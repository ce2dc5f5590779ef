import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, renderJson, validateRuleSet, type Condition, type RuleSetInput } from '../src/index.js';
import { compareExact, Decimal } from '../src/scoring/decimal.js';
import { readsIndicatorRanks } from '../src/facts/deriveFacts.js';
import { population2014 } from './support/arbitraries.js';
import { ruleSetInput2014 } from './support/load.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const INDICATORS = ['duties', 'lawful', 'public', 'third-party'];
const decimal = fc.integer({ min: -1000, max: 10000 }).map((n) => (n / 100).toFixed(n % 3 === 0 ? 0 : 2));
const priority = fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined });

/**
 * A condition on what earlier stages decided, the track group or the category: the compiled path evaluates a rule
 * that reads nothing else once per kind of unit and view.
 */
const kindLeaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ fact: fc.constant('status'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.constantFrom('graded', 'vertical', 'excluded'), priority }),
  fc.record({ fact: fc.constant('grade'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.constantFrom('overall-excellent', 'single-item-excellent', 'good', null), priority }),
  fc.record({ fact: fc.constantFrom('mentions', 'flags'), operator: fc.constantFrom('contains', 'doesNotContain'), value: fc.constantFrom('outstanding', 'municipal-tasks-completed', 'org-list', 'interview'), priority }),
  fc.record({ fact: fc.constant('trackGroup'), operator: fc.constantFrom('equal', 'notEqual', 'in'), value: fc.constantFrom('tax', 'land-planning', null, ['tax', 'public-security']), priority }),
  fc.record({ fact: fc.constant('category'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.constantFrom('department', 'street', 'vertical'), priority }),
) as fc.Arbitrary<Condition>;

/** A random condition over real facts, with operators that suit them, nested with all/any/not and priorities. */
const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    fact: fc.constantFrom('composite', 'bonus', 'deduction', 'change', 'percentile', 'priorComposite'),
    operator: fc.constantFrom('decimalEqual', 'decimalNotEqual', 'decimalGreaterThan', 'decimalGreaterThanInclusive', 'decimalLessThan', 'decimalLessThanInclusive'),
    value: fc.oneof(decimal, fc.constant({ fact: 'priorComposite' })),
    priority,
  }),
  fc.record({
    fact: fc.constant('indicators'),
    path: fc.tuple(fc.constantFrom(...INDICATORS), fc.constantFrom('score', 'points', 'percentile', 'rank')).map(([id, field]) => `$.${id}.${field}`),
    operator: fc.constantFrom('decimalGreaterThanInclusive', 'decimalLessThan'),
    value: decimal,
    priority,
  }),
  fc.record({ fact: fc.constant('rank'), operator: fc.constantFrom('lessThanInclusive', 'greaterThan', 'equal'), value: fc.integer({ min: 1, max: 12 }), priority }),
  fc.record({ fact: fc.constant('rank'), operator: fc.constantFrom('in', 'notIn'), value: fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 3 }), priority }),
  fc.record({ fact: fc.constant('category'), operator: fc.constantFrom('equal', 'notEqual'), value: fc.constantFrom('department', 'street', 'key-area-office'), priority }),
  fc.record({ fact: fc.constant('category'), operator: fc.constantFrom('in', 'notIn'), value: fc.subarray(['department', 'street', 'key-area-office']), priority }),
  fc.record({ fact: fc.constant('dataFlags'), operator: fc.constantFrom('contains', 'doesNotContain'), value: fc.constant('municipal-tasks-completed'), priority }),
  fc.constant(null),
).chain((condition) => (condition === null ? kindLeaf : fc.constant(condition)))
  .map((condition) => Object.fromEntries(Object.entries(condition).filter(([, v]) => v !== undefined)) as Condition);

const { tree } = fc.letrec<{ tree: Condition }>((recurse) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(recurse('tree'), { maxLength: 4 }), priority }),
    fc.record({ any: fc.array(recurse('tree'), { maxLength: 4 }), priority }),
    fc.record({ not: recurse('tree'), priority }),
  ).map((condition) => Object.fromEntries(Object.entries(condition).filter(([, v]) => v !== undefined)) as Condition),
}));

const { kindTree } = fc.letrec<{ kindTree: Condition }>((recurse) => ({
  kindTree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    kindLeaf,
    fc.record({ all: fc.array(recurse('kindTree'), { maxLength: 3 }), priority }),
    fc.record({ any: fc.array(recurse('kindTree'), { maxLength: 3 }), priority }),
    fc.record({ not: recurse('kindTree'), priority }),
  ).map((condition) => Object.fromEntries(Object.entries(condition).filter(([, v]) => v !== undefined)) as Condition),
}));

/** A quota's own order, now and then on indicator scores, which units without a composite are sorted by too. */
const quotaOrder = fc.option(
  fc.array(fc.record({ by: fc.constantFrom('composite', 'bonus', 'change', ...INDICATORS.map((id) => `indicators.${id}`)), order: fc.constantFrom('asc', 'desc') }), { minLength: 1, maxLength: 3 }),
  { nil: undefined },
);

/**
 * The 2014 rule set with random conditions on its grade and follow-up rules, and a random quota. Half of them read
 * no indicator rank or percentile: the units' indicator facts are then made only for the explanations, and the
 * compiled rules and the quota read the scores without them.
 */
const ruleSets = fc
  .record({
    excellent: tree,
    single: tree,
    // now and then reading nothing but a unit's kind and view
    interview: fc.oneof(tree, kindTree),
    share: fc.integer({ min: 0, max: 10 }),
    rounding: fc.constantFrom('floor', 'half-up', 'ceil'),
    orderBy: quotaOrder,
    tieBreak: fc.boolean(),
    scoresOnly: fc.boolean(),
  })
  .map(({ excellent, single, interview, share, rounding, orderBy, tieBreak, scoresOnly }) => {
    const input = ruleSetInput2014();
    const grade = input.stages.find((stage) => stage.id === 'grade');
    const followUp = input.stages.find((stage) => stage.id === 'follow-up');
    const wrap = (condition: Condition) => {
      const whole = 'all' in condition || 'any' in condition || 'not' in condition ? condition : { all: [condition] };
      return (scoresOnly ? JSON.parse(JSON.stringify(whole).replace(/\.(rank|percentile)"/g, '.score"')) : whole) as never;
    };
    if (grade?.rules[0] && grade.rules[1] && followUp?.rules[3]) {
      grade.rules[0].conditions = wrap(excellent);
      grade.rules[0].quota = { share: (share / 10).toFixed(1), rounding: rounding as 'floor', ...(orderBy ? { orderBy: orderBy as never } : {}) };
      grade.rules[1].conditions = wrap(single);
      followUp.rules[3].conditions = wrap(interview);
    }
    if (!tieBreak) input.ranking = { orderBy: [{ by: 'composite', order: 'desc' }] };
    return input;
  });

describe('the compiled evaluation and json-rules-engine agree (differential)', () => {
  it('gives identical results and explanations, byte for byte, on random rule sets and populations', async () => {
    let compared = 0;
    let scoresOnly = 0;
    await fc.assert(
      fc.asyncProperty(ruleSets, population2014(15), async (input: RuleSetInput, data) => {
        const validated = validateRuleSet(input);
        fc.pre(validated.ok);
        if (!validated.ok) return;
        const dataset = parseDataset(data, validated.value);
        if (!readsIndicatorRanks(validated.value)) scoresOnly += 1;
        const compiled = renderJson(await appraise(validated.value, dataset, { evaluation: 'compiled' }));
        const reference = renderJson(await appraise(validated.value, dataset, { evaluation: 'reference' }));
        expect(compiled).toBe(reference);
        compared += 1;
      }),
      { numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS / 2);
    expect(scoresOnly).toBeGreaterThan(RUNS / 8);
  });

  it('gives identical results where a rule reads only what units of a kind and view share', async () => {
    const { parseRuleSet } = await import('../src/index.js');
    const { datasetInput2014 } = await import('./support/load.js');
    const variants: Condition[] = [
      { all: [{ fact: 'grade', operator: 'equal', value: 'good' }] },
      { any: [{ fact: 'grade', operator: 'equal', value: 'overall-excellent' }, { fact: 'mentions', operator: 'contains', value: 'outstanding' }] },
      { all: [{ fact: 'trackGroup', operator: 'equal', value: 'tax' }] },
      { all: [{ fact: 'category', operator: 'equal', value: 'street' }, { not: { fact: 'grade', operator: 'equal', value: 'good' } }] },
    ];
    for (const condition of variants) {
      const input = ruleSetInput2014();
      const followUp = input.stages.find((stage) => stage.id === 'follow-up');
      (followUp?.rules[3] as { conditions: Condition }).conditions = condition;
      const ruleSet = parseRuleSet(input);
      const dataset = parseDataset(datasetInput2014(), ruleSet);
      const compiled = await appraise(ruleSet, dataset, { evaluation: 'compiled' });
      const flagged = compiled.units.filter((unit) => unit.flags.includes('interview')).length;
      // some units are flagged and some are not: the rule tells units of one kind apart, or kinds
      expect(flagged, JSON.stringify(condition)).toBeGreaterThan(0);
      expect(flagged, JSON.stringify(condition)).toBeLessThan(compiled.units.length);
      expect(renderJson(compiled), JSON.stringify(condition)).toBe(renderJson(await appraise(ruleSet, dataset, { evaluation: 'reference' })));
    }
  });

  it('gives the 2014 example identical results and explanations on both paths', async () => {
    const { parseRuleSet } = await import('../src/index.js');
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const { datasetInput2014 } = await import('./support/load.js');
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    expect(renderJson(await appraise(ruleSet, dataset, { evaluation: 'compiled' }))).toBe(renderJson(await appraise(ruleSet, dataset, { evaluation: 'reference' })));
  });
});

describe('exact comparison without decimal.js', () => {
  it('orders plain decimal strings exactly as decimal.js does', () => {
    const plain = fc
      .tuple(fc.boolean(), fc.stringMatching(/^(0|[1-9][0-9]{0,11})$/), fc.option(fc.stringMatching(/^[0-9]{1,12}$/), { nil: undefined }))
      .map(([negative, integer, fraction]) => `${negative ? '-' : ''}${integer}${fraction === undefined ? '' : `.${fraction}`}`);
    fc.assert(
      fc.property(plain, plain, (a, b) => {
        expect(compareExact(a, b)).toBe(new Decimal(a).comparedTo(b));
        expect(compareExact(a, a)).toBe(0);
      }),
      { numRuns: 2000 },
    );
    // values that agree in all but their last digits, either side of the 15 characters compared as numbers
    const close = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[1-9][0-9]{11,16}$/), fc.integer({ min: 0, max: 16 }), fc.integer({ min: -3, max: 3 }), fc.stringMatching(/^0{0,2}$/))
      .chain(([negative, digits, point, change, zeros]) => {
        const at = (text: string) => `${negative ? '-' : ''}${point < text.length - 1 ? `${text.slice(0, point + 1)}.${text.slice(point + 1)}` : text}`;
        const changed = (BigInt(digits) + BigInt(change)).toString();
        return fc.constant([at(digits), `${at(changed)}${at(changed).includes('.') ? zeros : ''}`] as const);
      });
    fc.assert(
      fc.property(close, ([a, b]) => {
        expect(compareExact(a, b)).toBe(new Decimal(a).comparedTo(b));
        expect(compareExact(b, a)).toBe(new Decimal(b).comparedTo(a));
      }),
      { numRuns: 2000 },
    );
    expect(compareExact('-0.00', '0')).toBe(0);
    expect(compareExact('999999999999999', '999999999999998')).toBe(1);
    expect(compareExact('9999999999999999', '9999999999999998')).toBe(1);
    expect(compareExact('0.10000000000001', '0.1')).toBe(1);
    expect(compareExact('100.00', '99.99')).toBe(1);
    expect(compareExact('-5.01', '-5')).toBe(-1);
  });
});
