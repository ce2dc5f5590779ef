/**
 * A long scores table (unit, indicator, [subject], score: a score per row) is gathered into wide columns as its
 * rows are read, where its rows allow, and kept as rows where they do not. These tests hold both to the plain
 * reading of the table: the rows the dataset gives are the table's rows, in its order, each entry located at its
 * own row; and the columns are checked and appraised as the same rows given as rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appraise, parseRuleSet, renderJson, validateDataset } from '../src/index.js';
import { locateIssue, tablesToDataset, type Table } from '../src/io/tables.js';
import { validateLoadedDataset } from '../src/schema/parse.js';
import { _ScoreColumnsGatherer, _scoreColumnsOf, _scoreColumnsOfRows, scoreRowsOf } from '../src/schema/scoreColumns.js';
import { population2014 } from './support/arbitraries.js';
import { ruleSetInput2014 } from './support/load.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const ruleSet = parseRuleSet(ruleSetInput2014());
const LABELS = new Map(ruleSet.indicators.map((indicator) => [indicator.label, indicator.id]));

/** A table's row: text, or a workbook's number (scores only), or nothing. */
type Row = (string | number | undefined)[];

/** Ways to make a long table's rows wrong, or only different; the numbers pick the row and what is put there. */
type Change = readonly [kind: number, at: number, other: number];

function longTable(input: ReturnType<typeof population2014> extends fc.Arbitrary<infer T> ? T : never, changes: readonly Change[]): { units: Row[]; scores: (Row | null)[] } {
  const units = input.units.map((unit): Row => [unit.id, unit.name, unit.category, unit.trackGroup, unit.dataFlags?.join(';')]);
  // null: a blank line
  const scores: (Row | null)[] = (input.scores ?? []).map((row) => [row.unit, row.indicator, undefined, String(row.score)]);
  for (const [kind, at, other] of changes) {
    const index = at % Math.max(1, scores.length);
    const row = scores[index];
    switch (kind) {
      case 0: // two rows swapped: a unit's scores out of order, or two units' interleaved
        {
          const b = other % Math.max(1, scores.length);
          const first = scores[index];
          const second = scores[b];
          if (first !== undefined && second !== undefined) [scores[index], scores[b]] = [second, first];
        }
        break;
      case 1: // a row twice
        if (row) scores.splice(other % (scores.length + 1), 0, [...row]);
        break;
      case 2: // a row gone
        scores.splice(index, 1);
        break;
      case 3: // a blank line
        scores.splice(other % (scores.length + 1), 0, null);
        break;
      case 4: // an empty score, one with spaces, one that is not a number, or a workbook's number
        if (row) row[3] = [undefined, ' 30.50 ', '9x', '１２.5', 30.5, 7][other % 6];
        break;
      case 5: // an indicator the rule set does not declare, one given by its label, one with spaces, or none
        if (row) row[1] = ['nope', [...LABELS.keys()][other % LABELS.size] as string, ` ${row[1] ?? ''}\u3000`, undefined][other % 4];
        break;
      case 6: // a score from a subject
        if (row) row[2] = ruleSet.subjects[other % ruleSet.subjects.length]?.id;
        break;
      case 7: // a unit named instead of coded, one not listed, one with spaces, or none
        if (row) row[0] = [units.find((unit) => unit[0] === row[0])?.[1] ?? row[0], 'X9', ` ${row[0] ?? ''} `, undefined][other % 4];
        break;
    }
  }
  return { units, scores };
}

function asTables(tables: { units: Row[]; scores: (Row | null)[] }): { units: Table; scores: Table } {
  const rows: Table['rows'][number][] = [];
  tables.scores.forEach((cells, i) => rows.push({ row: i + 2, cells: cells ?? [] }));
  return {
    units: { source: 'units.csv', rows: [{ row: 1, cells: ['id', 'name', 'category', 'trackGroup', 'dataFlags'] }, ...tables.units.map((cells, i) => ({ row: i + 2, cells }))] },
    scores: { source: 'scores.csv', rows: [{ row: 1, cells: ['unit', 'indicator', 'subject', 'score'] }, ...rows] },
  };
}

/** The score rows a long table gives, read plainly: each row that is not blank, its unit and indicator as ids. */
function plainRows(tables: { units: Row[]; scores: (Row | null)[] }): { row: number; value: Record<string, unknown> }[] {
  const named = (name: string) => tables.units.filter((unit) => unit[1] === name);
  const found: { row: number; value: Record<string, unknown> }[] = [];
  tables.scores.forEach((cells, i) => {
    if (cells === null) return;
    const [unit, indicator, subject, score] = cells.map((cell) => (typeof cell === 'number' ? cell : cell?.trim() === '' ? undefined : cell?.trim()));
    // only scores are ever numbers here
    const byName = typeof unit !== 'string' || tables.units.some((listed) => listed[0] === unit) ? [] : named(unit);
    const value: Record<string, unknown> = {
      unit: byName.length === 1 ? byName[0]?.[0] : unit,
      indicator: typeof indicator !== 'string' ? indicator : (LABELS.get(indicator) ?? indicator),
      score: typeof score === 'string' ? score.normalize('NFKC') : score,
    };
    if (subject !== undefined) value['subject'] = subject;
    found.push({ row: i + 2, value });
  });
  return found;
}

describe('a long scores table', () => {
  it('gives its rows in order, each at its own row, whether gathered as columns or kept as rows', () => {
    let gathered = 0;
    let kept = 0;
    fc.assert(
      fc.property(population2014(8), fc.array(fc.tuple(fc.nat({ max: 7 }), fc.nat(), fc.nat()), { maxLength: 4 }), (input, changes) => {
        const tables = longTable(input, changes);
        const converted = tablesToDataset(asTables(tables), ruleSet);
        if (_scoreColumnsOf(converted.input)) gathered++;
        else kept++;
        const expected = plainRows(tables);
        expect(JSON.parse(JSON.stringify(converted.input.scores))).toEqual(JSON.parse(JSON.stringify(expected.map(({ value }) => value))));
        const columns = { unit: 'unit', indicator: 'indicator', subject: 'subject', score: 'score' };
        expected.forEach(({ row }, k) => expect(converted.locations.get(`$.scores[${k}]`)).toEqual({ source: 'scores.csv', row, columns }));
        expect(converted.locations.get(`$.scores[${expected.length}]`)).toBeUndefined();
      }),
      { numRuns: RUNS * 3 },
    );
    expect(gathered).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
  });

  it('gathered as columns, is checked and appraised as the same rows given as rows', async () => {
    let valid = 0;
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(population2014(8), fc.array(fc.tuple(fc.nat({ max: 7 }), fc.nat(), fc.nat()), { maxLength: 3 }), async (input, changes) => {
        const converted = tablesToDataset(asTables(longTable(input, changes)), ruleSet);
        if (!_scoreColumnsOf(converted.input)) return;
        const asRows = JSON.parse(JSON.stringify(converted.input)) as unknown;
        const fromColumns = validateLoadedDataset(converted.input, ruleSet);
        const fromRows = validateDataset(asRows, ruleSet);
        const located = (issues: typeof fromRows.issues) => issues.map((issue) => locateIssue(issue, converted.locations));
        expect(located(fromColumns.issues)).toEqual(located(fromRows.issues));
        if (!fromColumns.ok || !fromRows.ok) {
          expect(fromColumns.ok).toBe(fromRows.ok);
          invalid++;
          return;
        }
        valid++;
        expect(renderJson(await appraise(ruleSet, fromColumns.value))).toBe(renderJson(await appraise(ruleSet, fromRows.value)));
      }),
      { numRuns: RUNS * 3 },
    );
    expect(valid).toBeGreaterThan(0);
    expect(invalid).toBeGreaterThan(0);
  });
});

describe('score columns gathered a row at a time', () => {
  const rows = fc.array(
    fc.record({ unit: fc.constantFrom('A', 'B', 'C'), indicator: fc.constantFrom('a', 'b', 'c', 'd', 'e'), score: fc.constantFrom('1.00', '2.50', '30') }),
    { maxLength: 40 },
  );

  it('are the columns made from the same rows at once, and stand for the rows in their order', () => {
    fc.assert(
      fc.property(rows, (given) => {
        const gatherer = new _ScoreColumnsGatherer(given.length);
        for (const row of given) gatherer.add(row.unit, row.indicator, row.score);
        const atOnce = _scoreColumnsOfRows(given);
        expect(gatherer.rows).toBe(given.length);
        expect(gatherer.sparse).toBe(given.length > 0 && atOnce === undefined);
        const columns = gatherer.columns();
        if (atOnce) expect(columns).toEqual(atOnce);
        expect(scoreRowsOf(columns)).toEqual(given);
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('make room for a column first met after other rows, moving the cells gathered', () => {
    const gatherer = new _ScoreColumnsGatherer(0);
    gatherer.add('A', 'a', '1');
    gatherer.add('B', 'a', '2');
    gatherer.add('B', 'b', '3');
    gatherer.add('C', 'c', '4');
    gatherer.add('C', 'a', '5');
    expect(gatherer.columns()).toEqual({ indicators: ['a', 'b', 'c'], units: ['A', 'B', 'C', 'C'], cells: ['1', undefined, undefined, '2', '3', undefined, undefined, undefined, '4', '5', undefined, undefined] });
  });
});
