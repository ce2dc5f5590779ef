/**
 * What a result builds when first read (indicators, explanations) comes from the inputs as they were when it was
 * appraised, and what is shared between outcomes cannot be changed through one of them.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError, appraise, parseDataset, parseRuleSet, renderCsv, renderJson } from '../src/index.js';
import { indicatorScoresOf } from '../src/outcomes/appraise.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';

const inputs = () => {
  const ruleSet = parseRuleSet(ruleSetInput2014());
  return { ruleSet, dataset: parseDataset(datasetInput2014(), ruleSet) };
};

describe('a result and its inputs', () => {
  it('holds outcomes that are plain objects, their keys in the documented order', async () => {
    const { ruleSet, dataset } = inputs();
    const result = await appraise(ruleSet, dataset);
    for (const unit of result.units) {
      expect(Object.getPrototypeOf(unit)).toBe(Object.prototype);
      expect(unit.constructor).toBe(Object);
      expect(Object.keys(unit)).toEqual([
        'id', 'name', 'category', 'trackGroup', 'status', 'grade', 'mentions', 'flags', 'reason', 'composite', 'rank', 'groupSize', 'percentile',
        'indicators', 'bonus', 'deduction', 'adjustments', 'prior', 'change', 'dataFlags', 'counterpart', 'staff', 'stages', 'shortfall',
      ]);
    }
  });

  it('reads its indicators and explanations from the rule set as it was appraised under', async () => {
    const { ruleSet, dataset } = inputs();
    const expected = JSON.stringify((await appraise(parseRuleSet(ruleSetInput2014()), dataset)).units);
    const result = await appraise(ruleSet, dataset);
    // changed afterwards, before anything lazy was read
    (ruleSet.indicators[0] as { label: string }).label = 'CHANGED';
    ruleSet.indicators.reverse();
    (ruleSet.stages[0] as { label: string }).label = 'CHANGED';
    expect(JSON.stringify(result.units)).toBe(expected);
  });

  it('cannot have a parsed dataset changed: every object and list in it is frozen', () => {
    const { dataset } = inputs();
    const frozen: unknown[] = [dataset, dataset.units, dataset.scores, dataset.adjustments, dataset.prior, dataset.surveys];
    for (const unit of dataset.units) frozen.push(unit, unit.dataFlags);
    frozen.push(...dataset.scores, ...dataset.adjustments, ...dataset.prior, ...dataset.surveys);
    for (const value of frozen) expect(Object.isFrozen(value)).toBe(true);
    expect(() => {
      (dataset.scores[0] as { score: string }).score = '5';
    }).toThrow(TypeError);
    expect(() => (dataset.units as unknown[]).push({})).toThrow(TypeError);
  });

  it('refuses a copy of a parsed dataset changed into text that is not a plain decimal', async () => {
    for (const text of ['+5', ' 5', '5 ', '05', '1e1', '-1']) {
      const { ruleSet, dataset: parsed } = inputs();
      const dataset = structuredClone(parsed);
      (dataset.scores[0] as { score: string }).score = text;
      const error = await appraise(ruleSet, dataset).catch((caught: unknown) => caught);
      expect(error, text).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path), text).toContain('$.scores[0].score');
    }
    const { ruleSet, dataset: parsed } = inputs();
    const dataset = structuredClone(parsed);
    (dataset.adjustments[0] as { points: string }).points = '+1';
    (dataset.prior[0] as { composite: string }).composite = ' 90';
    const error = (await appraise(ruleSet, dataset).catch((caught: unknown) => caught)) as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['$.adjustments[0].points', '$.prior[0].composite']));
  });

  it('refuses a copy of a parsed dataset changed into values that are no decimals at all; takes a number as parseDataset does', async () => {
    for (const value of [null, true, { value: '30' }]) {
      const { ruleSet, dataset: parsed } = inputs();
      const dataset = structuredClone(parsed);
      (dataset.scores[0] as { score: unknown }).score = value;
      (dataset.adjustments[0] as { points: unknown }).points = value;
      (dataset.prior[0] as { composite: unknown }).composite = value;
      const error = await appraise(ruleSet, dataset).catch((caught: unknown) => caught);
      expect(error, String(value)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(expect.arrayContaining(['$.scores[0].score', '$.adjustments[0].points', '$.prior[0].composite']));
    }
    // a JSON number is a decimal to parseDataset, and so to appraise: the same result as its parsed copy's
    const { ruleSet, dataset: parsed } = inputs();
    const dataset = structuredClone(parsed);
    (dataset.scores[0] as { score: unknown }).score = 30;
    expect(renderJson(await appraise(ruleSet, dataset))).toBe(renderJson(await appraise(ruleSet, parseDataset(dataset, ruleSet))));
  });

  it('checks a parsed dataset again under a rule set changed since, or another one', async () => {
    const category = (ruleSet: ReturnType<typeof parseRuleSet>) => ruleSet.categories.find((entry) => entry.id === 'street') as { id: string };
    // the same rule set object, changed after the dataset was parsed with it: the streets' category is unknown now
    const { ruleSet, dataset } = inputs();
    category(ruleSet).id = 'streets';
    const error = (await appraise(ruleSet, dataset).catch((caught: unknown) => caught)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.some((issue) => issue.path.startsWith('$.units[') && issue.path.endsWith('.category'))).toBe(true);
    // another rule set, changed the same way
    const other = parseRuleSet(ruleSetInput2014());
    category(other).id = 'streets';
    expect(await appraise(other, inputs().dataset).catch((caught: unknown) => caught)).toBeInstanceOf(ValidationError);
  });

  it('gives a parsed dataset the result a copy of it gets, appraised again and again', async () => {
    const { ruleSet, dataset } = inputs();
    const expected = JSON.stringify(await appraise(ruleSet, structuredClone(dataset)));
    for (let round = 0; round < 3; round++) expect(JSON.stringify(await appraise(ruleSet, dataset))).toBe(expected);
    // and under an equal rule set that is another object
    expect(JSON.stringify(await appraise(parseRuleSet(ruleSetInput2014()), dataset))).toBe(expected);
  });
});

describe('outcomes', () => {
  it('read through a Proxy go through its traps, in reports too', async () => {
    const { ruleSet, dataset } = inputs();
    const result = await appraise(ruleSet, dataset);
    const masked = result.units.map(
      (unit) => new Proxy(unit, { get: (target, key, receiver) => (key === 'indicators' ? target.indicators.map((entry) => ({ ...entry, score: 'MASKED' })) : Reflect.get(target, key, receiver)) }),
    );
    expect(indicatorScoresOf(masked[0] as (typeof masked)[number])).toEqual(ruleSet.indicators.map(() => 'MASKED'));
    expect(renderCsv({ ...result, units: masked }, ruleSet)).toContain('MASKED');
  });

  it('take a new value for their indicators as a plain property would', async () => {
    const { ruleSet, dataset } = inputs();
    const [unit] = (await appraise(ruleSet, dataset)).units;
    if (!unit) throw new Error('no units');
    const replaced = [{ id: 'x', label: 'X', score: '1.00', points: '2', counts: true, rank: null, bySubject: [] }];
    (unit as { indicators: unknown }).indicators = replaced;
    expect(unit.indicators).toBe(replaced);
    expect(Object.keys(unit)).toContain('indicators');
    expect(indicatorScoresOf(unit)).toEqual(['1.00']);
  });

  it('share lists of mentions and flags only frozen: a change to one never becomes another unit’s', async () => {
    const { ruleSet, dataset } = inputs();
    const units = (await appraise(ruleSet, dataset)).units;
    const withFlags = units.filter((unit) => unit.flags.length > 0);
    expect(withFlags.length).toBeGreaterThan(1);
    for (const unit of units) {
      expect(Object.isFrozen(unit.flags), unit.id).toBe(true);
      expect(Object.isFrozen(unit.mentions), unit.id).toBe(true);
      expect(() => (unit.flags as string[]).push('x')).toThrow(TypeError);
    }
  });
});
