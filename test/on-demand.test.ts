/**
 * appraiseOnDemand: an appraisal whose outcomes are made as they are asked for. Each outcome, row, iteration and
 * written form must be what appraise's result gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ValidationError,
  appraise,
  appraiseOnDemand,
  csvChunks,
  diffResults,
  followUpDocuments,
  htmlChunks,
  jsonChunks,
  markdownChunks,
  parseDataset,
  parseRuleSet,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderNotice,
  type Appraisal,
  type AppraisalResult,
  type DatasetInput,
  type StageTrace,
  type UnitOutcome,
} from '../src/index.js';
import { population2014 } from './support/arbitraries.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';
import { tinyRuleSet } from './support/tiny.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const ruleSet = parseRuleSet(ruleSetInput2014());
const OMITTED = new Set(['indicators', 'adjustments', 'stages', 'shortfall']);

/** An outcome's plain fields, as a row is to give them: its own keys in order, less the omitted ones. */
function plainFields(outcome: UnitOutcome): [string, unknown][] {
  return Object.keys(outcome)
    .filter((key) => !OMITTED.has(key))
    .map((key) => [key, (outcome as unknown as Record<string, unknown>)[key]]);
}

/** Everything an appraisal gives, checked against the result appraise gives for the same input. */
function expectSameAsResult(appraisal: Appraisal, result: AppraisalResult, perPiece: number): void {
  expect(appraisal.size).toBe(result.units.length);
  expect(appraisal.ruleSet).toEqual(result.ruleSet);
  expect(appraisal.surveys).toEqual(result.surveys);
  // read in another order than the result's
  for (let index = appraisal.size - 1; index >= 0; index--) {
    const unit = result.units[index] as UnitOutcome;
    const made = appraisal.outcome(index);
    expect(Object.keys(made)).toEqual(Object.keys(unit));
    expect(JSON.stringify(made)).toBe(JSON.stringify(unit));
    const row = appraisal.row(index);
    expect(Object.entries(row)).toEqual(plainFields(unit));
  }
  expect(JSON.stringify([...appraisal])).toBe(JSON.stringify(result.units));
  expect(renderJson(appraisal)).toBe(renderJson(result));
  expect([...jsonChunks(appraisal, perPiece)].join('')).toBe(renderJson(result));
  expect(renderCsv(appraisal, ruleSet)).toBe(renderCsv(result, ruleSet));
  expect([...csvChunks(appraisal, ruleSet, perPiece)].join('')).toBe(renderCsv(result, ruleSet));
}

describe('appraiseOnDemand', () => {
  it('gives the outcomes, rows, JSON and CSV of the 2014 result', async () => {
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    const result = await appraise(ruleSet, dataset);
    const appraisal = await appraiseOnDemand(ruleSet, dataset);
    expectSameAsResult(appraisal, result, 7);
    // the whole result, as appraise gives it
    expect(JSON.stringify(appraisal.result())).toBe(JSON.stringify(result));
    expect(appraisal.result().units.map((unit) => unit.stages)).toEqual(result.units.map((unit) => unit.stages));
  });

  it('is taken by every writer of a whole result: the notice, HTML, Markdown, follow-up documents and diffs', async () => {
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    const result = await appraise(ruleSet, dataset);
    const appraisal = await appraiseOnDemand(ruleSet, dataset);
    expect(renderNotice(appraisal, ruleSet, { appendix: true })).toBe(renderNotice(result, ruleSet, { appendix: true }));
    expect(renderNotice(appraisal, ruleSet)).toContain('区商务委');
    expect(renderHtml(appraisal, ruleSet)).toBe(renderHtml(result, ruleSet));
    expect([...htmlChunks(appraisal, ruleSet, 7)].join('')).toBe(renderHtml(result, ruleSet));
    expect(renderMarkdown(appraisal, ruleSet)).toBe(renderMarkdown(result, ruleSet));
    expect([...markdownChunks(appraisal, ruleSet, 7)].join('')).toBe(renderMarkdown(result, ruleSet));
    expect(JSON.stringify(followUpDocuments(appraisal, ruleSet))).toBe(JSON.stringify(followUpDocuments(result, ruleSet)));
    expect(diffResults(appraisal, result)).toEqual(diffResults(result, result));
    expect(diffResults(result, appraisal)).toEqual(diffResults(result, result));
  });

  it('gives what appraise gives for any population, piece size and evaluation path', async () => {
    await fc.assert(
      fc.asyncProperty(population2014(25), fc.integer({ min: 1, max: 30 }), fc.constantFrom('compiled' as const, 'reference' as const), async (input, perPiece, evaluation) => {
        const dataset = parseDataset(input, ruleSet);
        expectSameAsResult(await appraiseOnDemand(ruleSet, dataset, { evaluation }), await appraise(ruleSet, dataset, { evaluation }), perPiece);
      }),
      { numRuns: RUNS },
    );
  });

  it('makes each outcome and row anew, the explanation of one read not kept for the next', async () => {
    const appraisal = await appraiseOnDemand(ruleSet, parseDataset(datasetInput2014(), ruleSet));
    const first = appraisal.outcome(3);
    const stages = first.stages;
    const second = appraisal.outcome(3);
    expect(second).not.toBe(first);
    expect(second.stages).not.toBe(stages);
    expect(second.stages).toEqual(stages);
    expect(appraisal.row(3)).not.toBe(appraisal.row(3));
    // a row is a plain object: JSON writes all of it
    expect(JSON.parse(JSON.stringify(appraisal.row(3)))).toEqual({ ...appraisal.row(3) });
    expect(Object.getPrototypeOf(appraisal.row(3))).toBe(Object.prototype);
  });

  it('gives outcomes that share nothing a caller can change: shared lists and last year\'s values are frozen, the rest is each one\'s own', async () => {
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    const appraisal = await appraiseOnDemand(ruleSet, dataset);
    const before = renderJson(appraisal);
    const flagged = [...Array(appraisal.size).keys()].find((i) => appraisal.row(i).dataFlags.length > 0) as number;
    expect(flagged).toBeDefined();
    for (const list of [appraisal.outcome(flagged).dataFlags, appraisal.row(flagged).dataFlags, appraisal.outcome(flagged).mentions, appraisal.outcome(flagged).flags]) {
      expect(Object.isFrozen(list)).toBe(true);
    }
    expect(() => (appraisal.outcome(flagged).dataFlags as string[]).push('changed')).toThrow(TypeError);
    // last year's values: one frozen object for each pair, which outcomes and rows of units that have it share
    const priors = [...Array(appraisal.size).keys()].flatMap((i) => [appraisal.outcome(i).prior, appraisal.row(i).prior]);
    expect(priors.filter((prior) => prior !== null).length).toBeGreaterThan(0);
    expect(priors.every((prior) => prior === null || Object.isFrozen(prior))).toBe(true);
    const withPrior = [...Array(appraisal.size).keys()].find((i) => appraisal.row(i).prior !== null) as number;
    expect(appraisal.outcome(withPrior).prior).toBe(appraisal.row(withPrior).prior);
    expect(() => ((appraisal.outcome(withPrior).prior as { grade: string | null }).grade = 'changed')).toThrow(TypeError);
    // a quota's cut, which the traces of a category's units share
    const cutoffs = [...Array(appraisal.size).keys()].flatMap((i) => appraisal.outcome(i).stages.flatMap((stage) => [...stage.applied, ...stage.missed]).flatMap((trace) => (trace.quota?.cutoff ? [trace.quota.cutoff] : [])));
    expect(cutoffs.length).toBeGreaterThan(0);
    expect(cutoffs.every((cutoff) => Object.isFrozen(cutoff))).toBe(true);
    // what a result or an outcome holds of its own, changed, changes nothing in the appraisal
    const result = appraisal.result();
    (result.surveys as unknown as { label: string }[]).forEach((survey) => (survey.label = 'changed'));
    (result.surveys as unknown[]).push({});
    (result.ruleSet as { title: string }).title = 'changed';
    const outcome = appraisal.outcome(0) as unknown as { adjustments: unknown[]; stages: { applied: unknown[] }[] };
    outcome.stages.forEach((stage) => stage.applied.splice(0));
    expect(Object.isFrozen(appraisal.ruleSet) && Object.isFrozen(appraisal.surveys)).toBe(true);
    expect(renderJson(appraisal)).toBe(before);
    expect(renderJson(await appraise(ruleSet, dataset))).toBe(before);
  });

  it('gives each explanation its own lists and objects a condition compares with, on both evaluation paths', async () => {
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    const compared = (outcome: { stages: readonly StageTrace[] }) =>
      outcome.stages.flatMap((stage) => [...stage.applied, ...stage.missed]).flatMap((trace) => ('all' in trace.conditions ? trace.conditions.all : [])).filter((condition) => 'operator' in condition && condition.operator === 'in');
    for (const evaluation of ['compiled', 'reference'] as const) {
      const appraisal = await appraiseOnDemand(ruleSet, dataset, { evaluation });
      const before = renderJson(appraisal);
      const lists = [...Array(appraisal.size).keys()].flatMap((i) => compared(appraisal.outcome(i)));
      expect(lists.length, evaluation).toBeGreaterThan(0);
      // every unit's category added to a list the 2014 rules compare categories with
      for (const condition of lists) (condition as { value: string[] }).value.push(...new Set(dataset.units.map((unit) => unit.category)));
      expect(renderJson(appraisal), evaluation).toBe(before);
      // one outcome's explanation changed: the others', and the next appraisal's, are as they were
      const result = await appraise(ruleSet, dataset, { evaluation });
      for (const condition of compared(result.units[0] as UnitOutcome)) (condition as { value: string[] }).value.splice(0);
      expect(JSON.stringify(result.units.slice(1)), evaluation).toBe(JSON.stringify((JSON.parse(before) as AppraisalResult).units.slice(1)));
      expect(renderJson(await appraise(ruleSet, dataset, { evaluation })), evaluation).toBe(before);
    }
  });

  it('gives each outcome its own explanation on json-rules-engine\'s path too', async () => {
    const appraisal = await appraiseOnDemand(ruleSet, parseDataset(datasetInput2014(), ruleSet), { evaluation: 'reference' });
    const before = renderJson(appraisal);
    const first = appraisal.outcome(0).stages.flatMap((stage) => [...stage.applied, ...stage.missed]);
    expect(first.length).toBeGreaterThan(0);
    for (const trace of first) (trace.conditions as { result: unknown }).result = 'changed';
    expect(renderJson(appraisal)).toBe(before);
  });

  it('gives scores by subject frozen, read alike by every outcome of the unit', async () => {
    const tiny = parseRuleSet(tinyRuleSet());
    const dataset = parseDataset(
      {
        units: [
          { id: 'S1', name: '街道S1', category: 'street' },
          { id: 'S2', name: '街道S2', category: 'street' },
        ],
        scores: [
          { unit: 'S1', indicator: 'a', subject: 's1', score: '30' },
          { unit: 'S1', indicator: 'a', subject: 's2', score: '15.5' },
          { unit: 'S1', indicator: 'b', score: '30' },
          { unit: 'S2', indicator: 'a', score: '50' },
          { unit: 'S2', indicator: 'b', score: '20' },
        ],
      },
      tiny,
    );
    const appraisal = await appraiseOnDemand(tiny, dataset);
    const bySubject = appraisal.outcome(0).indicators[0]?.bySubject ?? [];
    expect(bySubject).toEqual([
      { subject: 's1', score: '30.00' },
      { subject: 's2', score: '15.50' },
    ]);
    expect(Object.isFrozen(bySubject) && bySubject.every((part) => Object.isFrozen(part))).toBe(true);
    expect(JSON.stringify(appraisal.outcome(0))).toBe(JSON.stringify((await appraise(tiny, dataset)).units[0]));
  });

  it('refuses a place outside the appraisal, saying which places it has', async () => {
    const appraisal = await appraiseOnDemand(ruleSet, parseDataset(datasetInput2014(), ruleSet));
    const last = appraisal.size - 1;
    expect(appraisal.outcome(last).id).toBe(appraisal.row(last).id);
    for (const place of [-1, appraisal.size, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => appraisal.outcome(place)).toThrow(RangeError);
      expect(() => appraisal.row(place)).toThrow(`no unit at place ${String(place)}: an appraisal of ${appraisal.size} unit(s) has places 0 to ${last}`);
    }
  });

  it('checks the dataset as appraise does', async () => {
    const input = datasetInput2014() as DatasetInput & { units: { id: string }[] };
    const dataset = parseDataset(input, ruleSet);
    // a copy with a unit twice (a plain object, not the frozen one parseDataset gave) is checked, and refused
    const copy = structuredClone(dataset) as unknown as { units: unknown[] };
    copy.units.push(copy.units[0]);
    await expect(appraise(ruleSet, copy as never)).rejects.toThrow(ValidationError);
    await expect(appraiseOnDemand(ruleSet, copy as never)).rejects.toThrow(ValidationError);
  });

  it('is unchanged by changes made to the rule set after it', async () => {
    const own = parseRuleSet(ruleSetInput2014());
    const dataset = parseDataset(datasetInput2014(), own);
    const before = renderJson(await appraise(own, dataset));
    const appraisal = await appraiseOnDemand(own, dataset);
    (own.stages as unknown as { rules: { reason: string }[] }[]).forEach((stage) => stage.rules.forEach((rule) => (rule.reason = 'changed')));
    expect(renderJson(appraisal)).toBe(before);
  });

  it('gives an appraisal of one unit, with one place', async () => {
    const one = parseDataset(fc.sample(population2014(1), { numRuns: 1, seed: 11 })[0] as DatasetInput, ruleSet);
    const appraisal = await appraiseOnDemand(ruleSet, one);
    const result = await appraise(ruleSet, one);
    expect(appraisal.size).toBe(1);
    expectSameAsResult(appraisal, result, 1);
    expect(() => appraisal.row(1)).toThrow('no unit at place 1: an appraisal of 1 unit(s) has places 0 to 0');
    expect(() => appraisal.row('0' as unknown as number)).toThrow('no unit at place "0" (a string, not a number): an appraisal of 1 unit(s) has places 0 to 0');
    // places JSON cannot write are named all the same
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => appraisal.row(0n as unknown as number)).toThrow(new RangeError('no unit at place 0n (a bigint, not a number): an appraisal of 1 unit(s) has places 0 to 0'));
    expect(() => appraisal.outcome(cyclic as unknown as number)).toThrow(new RangeError('no unit at place [object Object] (a object, not a number): an appraisal of 1 unit(s) has places 0 to 0'));
    expect(() => appraisal.outcome(Symbol('s') as unknown as number)).toThrow(RangeError);
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(() => appraisal.outcome(revoked.proxy as unknown as number)).toThrow(new RangeError('no unit at place a object (a object, not a number): an appraisal of 1 unit(s) has places 0 to 0'));
    expect(() => appraisal.row((() => 'a long function body, longer than any message would want') as unknown as number)).toThrow(new RangeError('no unit at place a function (a function, not a number): an appraisal of 1 unit(s) has places 0 to 0'));
    expect(() => appraisal.row(Array.from({ length: 40 }, (_, i) => i) as unknown as number)).toThrow(new RangeError('no unit at place [0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18... (a object, not a number): an appraisal of 1 unit(s) has places 0 to 0'));
    // a shape alone is no appraisal: the writers say what they expected
    expect(() => renderCsv({ size: 1, row: () => appraisal.row(0) } as unknown as Appraisal, ruleSet)).toThrow('csvChunks: expected a result (with its units), or an appraisal from appraiseOnDemand');
  });
});
