/**
 * A dataset parsed from the caller's input keeps plainly valid score rows as wide columns (a column per indicator's
 * whole scores and per subject's part of one), where they are dense enough, and makes its rows again, frozen, when
 * they are read. These tests hold it to the plain way: the same input with its rows kept as rows
 * (`validateLoadedDataset`, which takes rows as they are) gives the same problems, the same dataset and the same
 * appraisal, before and after its rows are read; the rows read back are the input's, in its order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, renderJson, validateDataset, type DatasetInput } from '../src/index.js';
import { _checkedBefore } from '../src/schema/checked.js';
import { validateLoadedDataset } from '../src/schema/parse.js';
import { _scoreColumnsOf, _scoreColumnsOfRows, scoreRowsOf } from '../src/schema/scoreColumns.js';
import { population2014, shuffled } from './support/arbitraries.js';
import { ruleSetInput2014 } from './support/load.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const ruleSet = parseRuleSet(ruleSetInput2014());

type ScoreRow = NonNullable<DatasetInput['scores']>[number];

/** Ways to change score rows: two swapped, one repeated, one gone, an unknown unit or indicator, a score out of range, a score by subjects. */
type Change = readonly [kind: number, at: number, other: number];

function changed(input: DatasetInput, changes: readonly Change[]): DatasetInput {
  const scores: ScoreRow[] = structuredClone(input.scores ?? []);
  for (const [kind, at, other] of changes) {
    if (scores.length === 0) break;
    const i = at % scores.length;
    const j = other % scores.length;
    const row = scores[i] as ScoreRow;
    switch (kind) {
      case 0:
        scores[i] = scores[j] as ScoreRow;
        scores[j] = row;
        break;
      case 1:
        scores.splice(j, 0, { ...row });
        break;
      case 2:
        scores.splice(i, 1);
        break;
      case 3:
        row.unit = `X${other % 7}`;
        break;
      case 4:
        row.indicator = other % 2 === 0 ? 'nope' : 'duties';
        break;
      case 5:
        row.score = '999.99';
        break;
      default: {
        // a unit's score on duties given by its two subjects instead
        const duties = scores.flatMap((entry, k) => (entry.indicator === 'duties' && entry.subject === undefined ? [k] : []));
        const k = duties[at % Math.max(1, duties.length)];
        if (k === undefined) break;
        const unit = (scores[k] as ScoreRow).unit;
        scores.splice(k, 1, { unit, indicator: 'duties', subject: 'supervision-office', score: '20.00' }, { unit, indicator: 'duties', subject: 'development-reform', score: '10.50' });
      }
    }
  }
  return { ...input, scores };
}

describe('score rows of a parsed dataset', () => {
  it('give the problems, the dataset and the appraisal their rows give, in any order, before and after they are read', async () => {
    let asColumns = 0;
    await fc.assert(
      fc.asyncProperty(population2014(12), fc.array(fc.tuple(fc.nat(6), fc.nat(), fc.nat()), { maxLength: 4 }), async (base, changes) => {
        const input = changed(base, changes);
        const parsed = validateDataset(structuredClone(input), ruleSet);
        const plain = validateLoadedDataset(structuredClone(input), ruleSet);
        expect(parsed.issues).toEqual(plain.issues);
        expect(parsed.ok).toBe(plain.ok);
        if (!parsed.ok || !plain.ok) return;
        if (_scoreColumnsOf(parsed.value)) asColumns += 1;
        const expected = renderJson(await appraise(ruleSet, plain.value));
        expect(renderJson(await appraise(ruleSet, parsed.value))).toBe(expected);
        // the rows, read: the input's, in its order, frozen
        expect(JSON.stringify(parsed.value)).toBe(JSON.stringify(plain.value));
        expect(JSON.stringify(parsed.value.scores)).toBe(JSON.stringify(input.scores));
        expect(Object.isFrozen(parsed.value.scores) && parsed.value.scores.every((row) => Object.isFrozen(row))).toBe(true);
        expect(_scoreColumnsOf(parsed.value)).toBeUndefined();
        expect(renderJson(await appraise(ruleSet, parsed.value))).toBe(expected);
      }),
      { numRuns: RUNS },
    );
    expect(asColumns).toBeGreaterThan(0);
  });

  it('are kept as columns, read by the check for the appraisal, where they come a unit at a time', () => {
    const input = fc.sample(population2014(40), { numRuns: 1, seed: 7 })[0] as DatasetInput;
    const dataset = parseDataset(structuredClone(input), ruleSet);
    expect(_scoreColumnsOf(dataset)).toBeDefined();
    expect(_checkedBefore(dataset, ruleSet)?.read).toBeDefined();
    // nothing of the input is held: the rows read are new objects with the input's values
    expect(dataset.scores).toEqual(input.scores);
  });

  it('stay rows, copies of the input, where they are in no order', () => {
    const input = fc.sample(population2014(40), { numRuns: 1, seed: 11 })[0] as DatasetInput;
    const rows = input.scores ?? [];
    const scattered = { ...input, scores: (fc.sample(shuffled(rows), { numRuns: 1, seed: 3 })[0] as ScoreRow[]).map((row) => ({ ...row })) };
    // the first unit's duties by subjects: their columns come first, and every other unit's rows then take two rows
    // of the table
    const bySubjectsFirst = changed(input, [[6, 0, 0]]);
    for (const given of [scattered, bySubjectsFirst]) {
      const dataset = parseDataset(given, ruleSet);
      expect(_scoreColumnsOf(dataset)).toBeUndefined();
      expect(dataset.scores).toEqual(given.scores);
      expect(dataset.scores[0]).not.toBe(given.scores?.[0]);
    }
  });

  it("keep a subject's part of an indicator in a column of its own", () => {
    const input = fc.sample(population2014(40), { numRuns: 1, seed: 11 })[0] as DatasetInput;
    // the last unit's duties by subjects
    const duties = (input.scores ?? []).filter((row) => row.indicator === 'duties').length;
    const given = changed(input, [[6, duties - 1, 0]]);
    const dataset = parseDataset(given, ruleSet);
    const columns = _scoreColumnsOf(dataset);
    expect(columns?.subjects?.filter((subject) => subject !== undefined)).toEqual(['supervision-office', 'development-reform']);
    // the rows read back, a subject's with the schema's keys in its order
    expect(dataset.scores).toEqual(given.scores);
    const part = dataset.scores.find((row) => row.subject !== undefined);
    expect(Object.keys(part ?? {})).toEqual(['unit', 'indicator', 'subject', 'score']);
  });

  it("read each of the caller's rows once, and nothing of its list but its items, in columns or not", () => {
    const input = fc.sample(population2014(20), { numRuns: 1, seed: 5 })[0] as DatasetInput;
    const inOrder = input.scores ?? [];
    const scattered = [...inOrder].sort((a, b) => (a.indicator < b.indicator ? -1 : a.indicator > b.indicator ? 1 : 0));
    for (const [rows, asColumns] of [
      [inOrder, true],
      [scattered, false],
    ] as const) {
      const given = rows.map((row) => ({ ...row }));
      // a score that reads differently the second time, and a list whose own map would change every row
      let reads = 0;
      const first = given[0] as ScoreRow;
      const score = first.score;
      Object.defineProperty(first, 'score', { enumerable: true, configurable: true, get: () => (++reads === 1 ? score : '0.00') });
      Object.defineProperty(given, 'map', { value: () => given.map((row) => ({ ...row, score: '0.00' })) });
      const dataset = parseDataset({ ...input, scores: given }, ruleSet);
      expect(reads).toBe(1);
      expect(_scoreColumnsOf(dataset) !== undefined).toBe(asColumns);
      expect(Array.isArray(dataset.scores) && Object.getPrototypeOf(dataset.scores)).toBe(Array.prototype);
      expect(dataset.scores).toEqual(rows);
    }
  });

  it('as columns, stand for the rows in their order: a unit whose rows come out of order or twice takes more rows of the table', () => {
    const rows: ScoreRow[] = [
      { unit: 'A', indicator: 'duties', score: '30.00' },
      { unit: 'A', indicator: 'lawful', score: '7.00' },
      { unit: 'A', indicator: 'public', score: '18.00' },
      { unit: 'B', indicator: 'lawful', score: '6.00' },
      { unit: 'B', indicator: 'duties', score: '31.00' },
      { unit: 'B', indicator: 'public', score: '19.00' },
      { unit: 'C', indicator: 'duties', score: '29.00' },
      { unit: 'C', indicator: 'lawful', score: '5.00' },
      { unit: 'C', indicator: 'lawful', score: '4.00' },
      { unit: 'C', indicator: 'public', score: '17.00' },
    ];
    const columns = _scoreColumnsOfRows(rows as Parameters<typeof _scoreColumnsOfRows>[0]);
    expect(columns).toEqual({
      indicators: ['duties', 'lawful', 'public'],
      units: ['A', 'B', 'B', 'C', 'C'],
      cells: [
        ...['30.00', '7.00', '18.00'],
        ...[undefined, '6.00', undefined],
        ...['31.00', undefined, '19.00'],
        ...['29.00', '5.00', undefined],
        ...[undefined, '4.00', '17.00'],
      ],
    });
    expect(scoreRowsOf(columns as NonNullable<typeof columns>)).toEqual(rows);
    // sparser than two cells a row, or none: rows; a subject's part of an indicator has a column of its own
    expect(_scoreColumnsOfRows([...rows, { unit: 'D', indicator: 'x1', score: '1' }, { unit: 'D', indicator: 'x2', score: '1' }, { unit: 'D', indicator: 'x3', score: '1' }] as Parameters<typeof _scoreColumnsOfRows>[0])).toBeUndefined();
    expect(_scoreColumnsOfRows([])).toBeUndefined();
    expect(_scoreColumnsOfRows([{ unit: 'A', indicator: 'duties', subject: 'supervision-office', score: '20.00' }])).toEqual({
      indicators: ['duties'],
      subjects: ['supervision-office'],
      units: ['A'],
      cells: ['20.00'],
    });
  });
});
