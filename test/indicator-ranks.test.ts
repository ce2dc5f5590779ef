/**
 * Indicator facts whose ranks no rule reads are made when they are first wanted (an outcome's indicators, an
 * explanation), not before the rules run, which read the scores without them. These tests hold the later facts to
 * the ones made at once, and the check of whether rules read ranks to every way a condition can reach them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, renderJson, type RuleSetInput } from '../src/index.js';
import { deriveFacts, readsIndicatorRanks, type FactsTable, type IndicatorFacts, type UnitFacts } from '../src/facts/deriveFacts.js';
import { factsByPlace } from './support/facts.js';
import { scoreUnits } from '../src/scoring/score.js';
import { population2014 } from './support/arbitraries.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';
import { _appraiseForWriting, _indicatorScores } from '../src/outcomes/appraise.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const ruleSet = parseRuleSet(ruleSetInput2014());

/** The 2014 rule set with one more rule in its last stage, on the given condition. */
function withCondition(condition: unknown) {
  const input = ruleSetInput2014() as RuleSetInput & { stages: { rules: unknown[] }[] };
  const last = input.stages.at(-1) as { rules: unknown[] };
  last.rules.push({ id: 'reads-indicators', reason: '读指标', conditions: { all: [condition] }, event: { type: 'flag', params: { flag: 'interview' } } });
  return parseRuleSet(input);
}

describe('indicator facts left for later', () => {
  it('are made as they would have been at once, and read as scores until then, for any population', () => {
    fc.assert(
      fc.property(population2014(), (input) => {
        const dataset = parseDataset(input, ruleSet);
        const scores = scoreUnits(ruleSet, dataset);
        const now = deriveFacts(ruleSet, dataset, scores, 'now');
        const later = deriveFacts(ruleSet, dataset, scores, 'later');
        const nowFacts = factsByPlace(now.table, dataset.units);
        // not made yet: no unit has an indicator entry, and each score is read from the scores
        expect(factsByPlace(later.table, dataset.units).every((facts) => Object.keys(facts.indicators).length === 0)).toBe(true);
        const table = (facts: UnitFacts) => ruleSet.indicators.map((indicator) => (facts.indicators[indicator.id] as IndicatorFacts).score);
        const read = (scoreAt: (place: number, k: number) => string | null) => dataset.units.map((_, p) => ruleSet.indicators.map((_, k) => scoreAt(p, k)));
        expect(read(later.scoreAt)).toEqual(nowFacts.map(table));
        expect(read(now.scoreAt)).toEqual(nowFacts.map(table));
        later.rankIndicators();
        expect(factsByPlace(later.table, dataset.units)).toEqual(nowFacts);
        expect(later.table).toEqual(now.table);
        expect(read(later.scoreAt)).toEqual(nowFacts.map(table));
        // once given, giving them again changes nothing
        later.rankIndicators();
        expect(factsByPlace(later.table, dataset.units)).toEqual(nowFacts);
      }),
      { numRuns: RUNS },
    );
  });

  it('are made for each unit apart, ranks and all', () => {
    // units of one category with the same score on every indicator: each has its own entries, with its ranks
    const units = ['A1', 'A2', 'A3'].map((id) => ({ id, name: id, category: 'department' }));
    const dataset = parseDataset(
      {
        units,
        scores: units.flatMap((unit, u) => ruleSet.indicators.map((indicator) => ({ unit: unit.id, indicator: indicator.id, score: u === 2 ? '1.5' : '2.5' }))),
      },
      ruleSet,
    );
    const later = deriveFacts(ruleSet, dataset, scoreUnits(ruleSet, dataset), 'later');
    // read again after the indicator facts are made: a unit's facts are made whole from the table when asked for
    const factsNow = () => factsByPlace(later.table, dataset.units) as [UnitFacts, UnitFacts, UnitFacts];
    const [a1] = factsNow();
    const duties = (facts: UnitFacts) => facts.indicators['duties'] as IndicatorFacts;
    expect(duties(a1)).toBeUndefined();
    expect([0, 1, 2].map((p) => later.scoreAt(p, 0))).toEqual(['2.50', '2.50', '1.50']);
    later.rankIndicators();
    const [b1, b2, b3] = factsNow();
    expect(duties(b1)).not.toBe(duties(b2));
    expect([b1, b2, b3].map((facts) => [duties(facts).score, duties(facts).rank, duties(facts).percentile])).toEqual([
      ['2.50', 1, '100.00'],
      ['2.50', 1, '100.00'],
      ['1.50', 3, '0.00'],
    ]);
  });

  it('are not made by the stages, nor for the rows the command writes, and are made whole once an outcome wants them', async () => {
    // the units listed against the order of their ids, which the appraisal's order is
    const input = datasetInput2014();
    input.units.reverse();
    const dataset = parseDataset(input, ruleSet);
    const appraisal = await _appraiseForWriting(ruleSet, dataset);
    const facts = () => {
      const { indicators } = (appraisal as unknown as { final: { table: FactsTable } }).final.table;
      return Array.from({ length: indicators.length }, (_, index) => ({ indicators: indicators.at(index) }));
    };
    const rows = Array.from({ length: appraisal.size }, (_, index) => appraisal._tableRow(index));
    expect(rows.some((row) => row.scores.some((score) => score !== null))).toBe(true);
    expect(facts().every((entry) => Object.keys(entry.indicators).length === 0)).toBe(true);
    const outcome = appraisal.outcome(0);
    expect(outcome.indicators.map((indicator) => indicator.score)).toEqual(rows[0]?.scores);
    const ids = ruleSet.indicators.map((indicator) => indicator.id);
    expect(facts().every((entry) => JSON.stringify(Object.keys(entry.indicators)) === JSON.stringify(ids))).toBe(true);
    // the scores read from the facts now are those read before
    expect(Array.from({ length: appraisal.size }, (_, index) => appraisal._tableRow(index).scores)).toEqual(rows.map((row) => row.scores));
  });

  it('let go of the list of scores they were read from once they are made', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    // made in a function of its own, so that nothing here holds the scores but what is tested
    const made = () => {
      const scores = scoreUnits(ruleSet, dataset);
      const order = Int32Array.from(dataset.units, (_, p) => p);
      const derived = deriveFacts(ruleSet, dataset, scores, 'later', order);
      const unitFacts = derived.table;
      return { list: new WeakRef(scores.scores), unitFacts, ...(_indicatorScores(ruleSet, unitFacts, derived.rankIndicators, { scoreAt: derived.scoreAt, places: order }) as object) } as {
        list: WeakRef<object>;
        unitFacts: FactsTable;
        rankIndicators: () => void;
        scoreAt: (index: number, k: number) => string | null;
      };
    };
    const scores = made();
    const before = scores.unitFacts.units.map((_, index) => ruleSet.indicators.map((_, k) => scores.scoreAt(index, k)));
    // a WeakRef's target is kept to the end of the job that made or read it
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(scores.list.deref()).toBeDefined();
    scores.rankIndicators();
    // collections until it is gone, a few dozen at most: code being optimised on another thread can hold what its
    // functions read for a while, longer on a busy machine
    for (let round = 0; round < 40 && scores.list.deref() !== undefined; round++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      gc();
    }
    expect(scores.list.deref()).toBeUndefined();
    expect(scores.unitFacts.units.map((_, index) => ruleSet.indicators.map((_, k) => scores.scoreAt(index, k)))).toEqual(before);
  });

  it('give the same results whether a rule reads them or not', async () => {
    const reading = withCondition({ fact: 'indicators', path: '$.duties.rank', operator: 'greaterThan', value: 1000000 });
    expect(readsIndicatorRanks(reading)).toBe(true);
    expect(readsIndicatorRanks(ruleSet)).toBe(false);
    await fc.assert(
      fc.asyncProperty(population2014(), async (input) => {
        const plain = renderJson(await appraise(ruleSet, parseDataset(input, ruleSet)));
        const read = JSON.parse(renderJson(await appraise(reading, parseDataset(input, reading)))) as { units: { stages: { missed: { rule: string }[] }[] }[] };
        // the extra rule never holds: take its traces out and the rest is the same
        for (const unit of read.units) for (const stage of unit.stages) stage.missed = stage.missed.filter((entry) => entry.rule !== 'reads-indicators');
        expect(JSON.stringify({ ...read, ruleSet: undefined })).toBe(JSON.stringify({ ...JSON.parse(plain), ruleSet: undefined }));
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });
});

describe('whether rules read indicator ranks', () => {
  it.for([
    [{ fact: 'indicators', path: '$.duties.score', operator: 'decimalGreaterThan', value: '30' }, false],
    [{ fact: 'indicators', path: '$.duties.points', operator: 'decimalGreaterThan', value: '30' }, false],
    [{ fact: 'indicators', path: '$.duties.rank', operator: 'lessThanInclusive', value: 3 }, true],
    [{ fact: 'indicators', path: '$.duties.percentile', operator: 'decimalGreaterThan', value: '90' }, true],
    [{ not: { fact: 'indicators', path: '$.public.rank', operator: 'equal', value: 1 } }, true],
    [{ any: [{ fact: 'composite', operator: 'decimalGreaterThan', value: '90' }, { fact: 'indicators', path: '$.public.rank', operator: 'equal', value: 1 }] }, true],
    [{ fact: 'composite', operator: 'decimalGreaterThan', value: { fact: 'indicators', path: '$.duties.percentile' } }, true],
    [{ fact: 'composite', operator: 'decimalGreaterThan', value: { fact: 'indicators', path: '$.duties.score' } }, false],
  ] as const)('%j: %s', ([condition, expected]) => {
    expect(readsIndicatorRanks(withCondition(condition))).toBe(expected);
  });

  // conditions the rule set checks turn away (a whole indicator, the whole fact) are taken to read them too
  it.for([
    { fact: 'indicators', path: '$.duties', operator: 'equal', value: null },
    { fact: 'indicators', operator: 'equal', value: null },
  ])('%j: true, unchecked', (condition) => {
    const unchecked = structuredClone(ruleSet) as unknown as { stages: { rules: { conditions: unknown }[] }[] };
    (unchecked.stages[0]?.rules[0] as { conditions: unknown }).conditions = { all: [condition] };
    expect(readsIndicatorRanks(unchecked as unknown as typeof ruleSet)).toBe(true);
  });
});
