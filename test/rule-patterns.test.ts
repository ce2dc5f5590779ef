/**
 * The compiled path evaluates a stage's rules unit by unit into lists of results that units share, found by the
 * results as the bits of a number (up to 52 rules), and rules that read only a unit's kind and view once per
 * pair of them. Stages beyond those bounds must be decided as json-rules-engine decides them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { codesUpTo } from '../src/facts/codes.js';
import { _TABLES, _kindAnswers } from '../src/outcomes/appraise.js';
import { appraise, parseDataset, parseRuleSet, renderJson, type RuleSetInput } from '../src/index.js';
import { INDICATORS_2014, hundredths } from './support/arbitraries.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';

/** The 2014 rule set with a stage of `count` flag rules, every third reading only the unit's kind and view. */
function withManyRules(count: number): RuleSetInput {
  const input = ruleSetInput2014() as RuleSetInput & { flags: { id: string; label: string }[]; stages: unknown[] };
  const categories = ['department', 'street', 'key-area-office', 'vertical'];
  const rules = Array.from({ length: count }, (_, r) => {
    const flag = `many-${r}`;
    input.flags.push({ id: flag, label: flag });
    const conditions =
      r % 3 === 0
        ? { all: [{ fact: 'category', operator: 'equal', value: categories[r % categories.length] }, { fact: 'status', operator: 'equal', value: 'graded' }] }
        : { any: [{ fact: 'composite', operator: 'decimalGreaterThanInclusive', value: String(80 + (r % 17)) }, { fact: 'change', operator: 'decimalLessThan', value: String(-(r % 5)) }] };
    return { id: flag, reason: flag, conditions, event: { type: 'flag', params: { flag } } };
  });
  input.stages.push({ id: 'many', label: 'many', mode: 'all-match', rules });
  return input;
}

async function expectAsReference(input: RuleSetInput): Promise<void> {
  const ruleSet = parseRuleSet(input);
  const dataset = parseDataset(datasetInput2014(), ruleSet);
  const compiled = renderJson(await appraise(ruleSet, dataset));
  expect(compiled).toBe(renderJson(await appraise(ruleSet, dataset, { evaluation: 'reference' })));
  // the stage decided something: not every unit alike
  expect(new Set((await appraise(ruleSet, dataset)).units.map((unit) => unit.flags.join())).size).toBeGreaterThan(3);
}

describe('a stage of many rules', () => {
  it('numbers its units\' views, lists of results and decisions in as few bytes as the highest needs', () => {
    for (const [highest, bytes] of [[0, 1], [255, 1], [256, 2], [65_535, 2], [65_536, 4], [2 ** 32 - 1, 4]] as const) {
      const codes = codesUpTo(3, highest);
      codes[2] = highest;
      expect([codes.BYTES_PER_ELEMENT, codes[2], codes[0]], String(highest)).toEqual([bytes, highest, 0]);
    }
  });

  it.each([
    ['', false],
    [', one rule with a quota among them', true],
  ])('with more different lists of results, decisions and views than a byte can number%s, is decided as json-rules-engine decides it', async (_, quota) => {
    const input = ruleSetInput2014() as RuleSetInput & { flags: { id: string; label: string }[]; stages: unknown[] };
    // a flag for each indicator's score in the top part of its range: a unit's flags are one of 512 lists
    const rules = INDICATORS_2014.map(([indicator, points], r) => {
      const flag = `mark-${r}`;
      input.flags.push({ id: flag, label: flag });
      const conditions = { all: [{ fact: 'indicators', path: `$.${indicator}.score`, operator: 'decimalGreaterThanInclusive', value: hundredths(Math.floor(points * 0.8)) }] };
      return { id: flag, reason: flag, conditions, event: { type: 'flag', params: { flag } }, ...(quota && r === 0 ? { quota: { share: '0.4', rounding: 'half-up' } } : {}) };
    });
    input.stages.push({ id: 'marks', label: 'marks', mode: 'all-match', rules });
    // and a stage after it that sees each unit as its flags left it
    input.flags.push({ id: 'after', label: 'after' });
    const after = { id: 'after', reason: 'after', conditions: { all: [{ fact: 'flags', operator: 'contains', value: 'mark-0' }] }, event: { type: 'flag', params: { flag: 'after' } } };
    input.stages.push({ id: 'after', label: 'after', mode: 'all-match', rules: [after] });
    const ruleSet = parseRuleSet(input);
    // 1,200 departments with scores from 60% of each indicator's points to all of them (a fixed sequence)
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 1);
    const units = Array.from({ length: 1200 }, (_, i) => ({ id: `U${String(i).padStart(4, '0')}`, name: `单位${i}`, category: 'department' }));
    const scores = units.flatMap((unit) => INDICATORS_2014.map(([indicator, points]) => ({ unit: unit.id, indicator, score: hundredths(Math.floor(points * 0.6) + (next() % (Math.ceil(points * 0.4) + 1))) })));
    const dataset = parseDataset({ year: 2014, units, scores, adjustments: [], prior: [], surveys: [] }, ruleSet);
    const compiled = await appraise(ruleSet, dataset);
    expect(renderJson(compiled)).toBe(renderJson(await appraise(ruleSet, dataset, { evaluation: 'reference' })));
    expect(new Set(compiled.units.map((unit) => unit.flags.filter((flag) => flag.startsWith('mark-')).join())).size).toBeGreaterThan(256);
    expect(compiled.units.filter((unit) => unit.flags.includes('after')).length).toBeGreaterThan(0);
  });

  const bytes = _TABLES.bytes;
  afterEach(() => {
    _TABLES.bytes = bytes;
  });

  it('of more than 52 rules, each unit keeping its own list of results, is decided as json-rules-engine decides it', async () => {
    await expectAsReference(withManyRules(60));
  });

  it('of 52 rules or fewer is decided as json-rules-engine decides it', async () => {
    await expectAsReference(withManyRules(52));
    await expectAsReference(withManyRules(13));
  });

  it('keeps the results of rules read by kind and view in a list where tables would be too large', async () => {
    _TABLES.bytes = Number.NEGATIVE_INFINITY;
    await expectAsReference(withManyRules(13));
  });

  it('keeps results by kind and view, table or list, for any pair', () => {
    for (const tabled of [true, false]) {
      const answers = _kindAnswers(1000, tabled);
      expect(answers[0] ?? 0).toBe(0);
      answers[0] = 1;
      answers[999] = 2;
      answers[500] = 1;
      expect([answers[0], answers[500], answers[999], answers[998] ?? 0]).toEqual([1, 1, 2, 0]);
    }
  });
});
