/**
 * Scores read from a wide table are kept as columns (a unit per row, a score per indicator's column) until
 * someone reads the dataset's `scores`. These tests hold that to the plain way: the same tables, their scores
 * made into rows before validation, give the same problems at the same files, rows and columns, the same
 * dataset and the same appraisal; and rows read, changed or replaced are what counts from then on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appraise, parseRuleSet, renderJson, validateDataset, type Dataset } from '../src/index.js';
import { Locations, locateIssue, tablesToDataset, type Table } from '../src/io/tables.js';
import { checkDataset } from '../src/schema/checkDataset.js';
import { validateLoadedDataset } from '../src/schema/parse.js';
import { _checkedBefore } from '../src/schema/checked.js';
import { _scoreColumnsOf, _withScoreColumns, scoreRowsOf, type ScoreColumns } from '../src/schema/scoreColumns.js';
import { population2014 } from './support/arbitraries.js';
import { ruleSetInput2014 } from './support/load.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const ruleSet = parseRuleSet(ruleSetInput2014());
const INDICATORS = ruleSet.indicators.map((indicator) => indicator.id);

type Row = (string | undefined)[];

/** A valid population as a units table and a wide scores table (header: unit, then the indicators). */
function tablesOf(input: ReturnType<typeof population2014> extends fc.Arbitrary<infer T> ? T : never): { units: Row[]; scores: Row[] } {
  const units = input.units.map((unit): Row => [unit.id, unit.name, unit.category, unit.trackGroup, unit.dataFlags?.join(';')]);
  const byUnit = new Map<string, Row>();
  for (const row of input.scores ?? []) {
    let cells = byUnit.get(row.unit);
    if (!cells) byUnit.set(row.unit, (cells = [row.unit, ...INDICATORS.map(() => undefined)]));
    cells[1 + INDICATORS.indexOf(row.indicator)] = String(row.score);
  }
  return { units, scores: [...byUnit.values()] };
}

/** Ways to make a wide table's rows wrong, or only different. */
type Change = readonly [kind: number, at: number, other: number];
const BAD_SCORES = ['9x', '-1.00', '999.99', '１２.5', ' 30.5 ', '1e3', '07.5', '40.001', '0'];

function changed(tables: { units: Row[]; scores: Row[] }, changes: readonly Change[]): { units: Row[]; scores: Row[] } {
  const units = tables.units.map((row) => [...row]);
  const scores = tables.scores.map((row) => [...row]);
  for (const [kind, at, other] of changes) {
    const row = scores.length === 0 ? undefined : scores[at % scores.length];
    const column = 1 + (other % INDICATORS.length);
    switch (kind) {
      case 0: // an empty cell
        if (row) row[column] = other % 4 === 0 ? '  ' : undefined;
        break;
      case 1: // a score that is not a plain decimal, is out of range, or needs normalising
        if (row) row[column] = BAD_SCORES[other % BAD_SCORES.length];
        break;
      case 2: // a unit not listed, or none
        if (row) row[0] = other % 3 === 0 ? undefined : `X${other % 7}`;
        break;
      case 3: // a row twice
        if (row) scores.splice(other % (scores.length + 1), 0, [...row]);
        break;
      case 4: // a row gone
        scores.splice(at % Math.max(1, scores.length), 1);
        break;
      case 5: // a unit of a category that is not scored, or of one not declared
        {
          const unit = units[at % Math.max(1, units.length)];
          if (unit) unit[2] = other % 2 === 0 ? 'lead-department' : 'nowhere';
        }
        break;
      case 6: // a unit named instead of coded
        if (row) row[0] = units.find((unit) => unit[0] === row[0])?.[1] ?? row[0];
        break;
      case 7: // two rows swapped
        {
          const a = at % Math.max(1, scores.length);
          const b = other % Math.max(1, scores.length);
          const first = scores[a];
          const second = scores[b];
          if (first && second) [scores[a], scores[b]] = [second, first];
        }
        break;
      case 8: // a row of nothing but its unit
        if (row) for (let c = 1; c < row.length; c++) row[c] = undefined;
        break;
      case 9: // a score copied into another column, whose points it may exceed, in this row and the next
        for (const target of [row, scores[(at + 1) % Math.max(1, scores.length)]]) {
          if (target) target[1 + ((other + 1) % INDICATORS.length)] = target[1 + ((other + 5) % INDICATORS.length)];
        }
        break;
    }
  }
  return { units, scores };
}

function asTables(tables: { units: Row[]; scores: Row[] }): { units: Table; scores: Table } {
  return {
    units: { source: 'units.csv', rows: [{ row: 1, cells: ['id', 'name', 'category', 'trackGroup', 'dataFlags'] }, ...tables.units.map((cells, i) => ({ row: i + 2, cells }))] },
    scores: { source: 'scores.csv', rows: [{ row: 1, cells: ['unit', ...INDICATORS] }, ...tables.scores.map((cells, i) => ({ row: i + 3, cells }))] },
  };
}

/** Where each score row a wide table gives comes from, counted out plainly: its row, and its indicator's column. */
function plainLocations(scores: Table): { row: number; column: string }[] {
  const found: { row: number; column: string }[] = [];
  for (const { row, cells } of scores.rows.slice(1)) {
    if (!cells.some((cell) => cell !== undefined && String(cell).trim() !== '')) continue;
    INDICATORS.forEach((indicator, i) => {
      const cell = cells[1 + i];
      if (cell !== undefined && String(cell).trim() !== '') found.push({ row, column: indicator });
    });
  }
  return found;
}

/** A dataset read from tables and checked as `loadDataset` checks it (frozen), its scores kept as columns. */
function checkedLoader(seed: number): () => Dataset {
  const [input] = fc.sample(population2014(6).filter((population) => (population.scores?.length ?? 0) > 0), { numRuns: 1, seed });
  return () => {
    const validated = validateLoadedDataset(tablesToDataset(asTables(tablesOf(input as NonNullable<typeof input>)), ruleSet).input, ruleSet);
    if (!validated.ok) throw new Error('expected a valid dataset');
    return validated.value;
  };
}

/**
 * The same dataset, not frozen: its fields but the scores copied to a plain object, which is given the same score
 * columns (a dataset can be copied so, and the columns' `scores` must behave as a plain property on it).
 */
function loader(seed: number): () => Dataset {
  const load = checkedLoader(seed);
  return () => {
    const loaded = load();
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(loaded)) if (key !== 'scores') copy[key] = (loaded as unknown as Record<string, unknown>)[key];
    return _withScoreColumns(copy, _scoreColumnsOf(loaded) as ScoreColumns) as unknown as Dataset;
  };
}

describe('scores kept as columns', () => {
  it('give the problems, the dataset and the appraisal that the same scores as rows give', async () => {
    const change = fc.tuple(fc.nat({ max: 9 }), fc.nat(), fc.nat());
    let keptAsColumns = 0;
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(population2014(10), fc.array(change, { maxLength: 4 }), async (input, changes) => {
        const tables = asTables(changed(tablesOf(input), changes));
        const asColumns = tablesToDataset(tables, ruleSet);
        const asRows = tablesToDataset(tables, ruleSet);
        expect(_scoreColumnsOf(asColumns.input)).toBeDefined();
        // the plain way: every score a row object before anything is checked
        const rowsInput = JSON.parse(JSON.stringify(asRows.input)) as unknown;
        expect(asColumns.issues).toEqual(asRows.issues);
        const locate = (issues: readonly Parameters<typeof locateIssue>[0][], locations: Locations) => issues.map((issue) => locateIssue(issue, locations));
        const validatedColumns = validateLoadedDataset(asColumns.input, ruleSet);
        const validatedRows = validateDataset(rowsInput, ruleSet);
        expect(locate(validatedColumns.issues, asColumns.locations)).toEqual(locate(validatedRows.issues, asRows.locations));
        // each score row's location, as a plain count of the table's cells gives it: the row's columns, and the
        // score's own as `score`
        const header = Object.fromEntries([['unit', 'unit'], ...INDICATORS.map((indicator) => [indicator, indicator])]) as Record<string, string>;
        plainLocations(tables.scores).forEach(({ row, column }, k) => {
          expect(asRows.locations.get(`$.scores[${k}]`)).toEqual({ source: 'scores.csv', row, columns: { ...header, score: column } });
        });
        expect(asRows.locations.get(`$.scores[${plainLocations(tables.scores).length}]`)).toBeUndefined();
        if (!validatedColumns.ok || !validatedRows.ok) {
          expect(validatedColumns.ok).toBe(validatedRows.ok);
          invalid++;
          return;
        }
        if (_scoreColumnsOf(validatedColumns.value)) keptAsColumns++;
        expect(checkDataset(ruleSet, validatedColumns.value)).toEqual(checkDataset(ruleSet, validatedRows.value));
        expect(renderJson(await appraise(ruleSet, validatedColumns.value))).toBe(renderJson(await appraise(ruleSet, validatedRows.value)));
        expect(JSON.stringify(validatedColumns.value)).toBe(JSON.stringify(validatedRows.value));
      }),
      { numRuns: RUNS * 3 },
    );
    // both ways were taken: datasets kept as columns to the end, and invalid ones
    expect(keptAsColumns).toBeGreaterThan(0);
    expect(invalid).toBeGreaterThan(0);
  });

  it('are rows once the rows are read: rows changed after that are what is checked and appraised', async () => {
    const load = loader(7);
    const dataset = load();
    const columns = _scoreColumnsOf(dataset);
    expect(columns).toBeDefined();
    const before = renderJson(await appraise(ruleSet, dataset));
    expect(dataset.scores).toEqual(scoreRowsOf(columns as NonNullable<typeof columns>));
    expect(_scoreColumnsOf(dataset)).toBeUndefined();
    expect(dataset.scores).toBe(dataset.scores);
    // a score lowered: the unit's composite follows
    const first = dataset.scores[0] as Dataset['scores'][number];
    first.score = '0.00';
    expect(renderJson(await appraise(ruleSet, dataset))).not.toBe(before);
    // rows replaced without being read: the new rows count
    const replaced = load();
    replaced.scores = [];
    expect(_scoreColumnsOf(replaced)).toBeUndefined();
    expect(checkDataset(ruleSet, replaced).some((issue) => issue.code === 'missing-score')).toBe(true);
    // copies see rows
    const copied = load();
    expect(structuredClone(copied).scores).toEqual(scoreRowsOf(_scoreColumnsOf(load()) as NonNullable<ReturnType<typeof _scoreColumnsOf>>));
  });

  it('stay columns through the check of a loaded dataset and a parse of it, which freeze it, and the rows made from them', async () => {
    const expected = renderJson(await appraise(ruleSet, loader(5)()));
    const loaded = checkedLoader(5)();
    const parsed = validateDataset(loaded, ruleSet);
    if (!parsed.ok) throw new Error('expected a valid dataset');
    for (const [dataset, read] of [
      [loaded, false],
      [parsed.value, true],
    ] as const) {
      expect(Object.isFrozen(dataset) && Object.isFrozen(dataset.units)).toBe(true);
      expect(_scoreColumnsOf(dataset)).toBeDefined();
      // taken as checked: a load's check read no scores for the appraisal, which reads the columns (nothing outside
      // holds them); a parse's read them, as it reads rows
      expect(_checkedBefore(dataset, ruleSet)).toMatchObject({ ruleSet, text: JSON.stringify(ruleSet) });
      expect(_checkedBefore(dataset, ruleSet)?.read !== undefined).toBe(read);
      expect(renderJson(await appraise(ruleSet, dataset))).toBe(expected);
      const rows = dataset.scores;
      expect(rows.length).toBeGreaterThan(0);
      expect(Object.isFrozen(rows)).toBe(true);
      for (const row of rows) expect(Object.isFrozen(row)).toBe(true);
      expect(() => {
        (rows[0] as { score: string }).score = '0.00';
      }).toThrow(TypeError);
      // its rows made: still taken as checked, and appraised alike
      expect(_scoreColumnsOf(dataset)).toBeUndefined();
      expect(_checkedBefore(dataset, ruleSet)).toBeDefined();
      expect(renderJson(await appraise(ruleSet, dataset))).toBe(expected);
    }
  });

  it('behave as a plain property: replaced however, frozen, copied by descriptors, checked under another rule set', async () => {
    const load = loader(11);
    const before = renderJson(await appraise(ruleSet, load()));
    const lowered = (): Dataset['scores'] => {
      const rows = structuredClone(load().scores);
      (rows[0] as Dataset['scores'][number]).score = '0.00';
      return rows;
    };
    const expected = renderJson(await appraise(ruleSet, { ...load(), scores: lowered() }));
    expect(expected).not.toBe(before);
    // deleted and set again, or defined anew: the new rows count
    const deleted = load();
    delete (deleted as Partial<Dataset>).scores;
    deleted.scores = lowered();
    expect(_scoreColumnsOf(deleted)).toBeUndefined();
    expect(renderJson(await appraise(ruleSet, deleted))).toBe(expected);
    const defined = load();
    Object.defineProperty(defined, 'scores', { value: lowered(), writable: true, enumerable: true, configurable: true });
    expect(_scoreColumnsOf(defined)).toBeUndefined();
    expect(renderJson(await appraise(ruleSet, defined))).toBe(expected);
    // frozen: the rows cannot be replaced
    const frozen = Object.freeze(load());
    const count = frozen.scores.length;
    expect(() => {
      (frozen as { scores: unknown }).scores = [];
    }).toThrow(TypeError);
    expect(frozen.scores).toHaveLength(count);
    // a copy made with the property's descriptor: rows set on it are its own
    const original = load();
    const copy = Object.create(Object.getPrototypeOf(original) as object, Object.getOwnPropertyDescriptors(original)) as Dataset;
    copy.scores = [];
    expect(original.scores).toHaveLength(count);
    expect(copy.scores).toHaveLength(0);
    expect(Object.getOwnPropertyDescriptor(copy, 'scores')).toEqual({ value: [], writable: true, enumerable: true, configurable: true });
    // deleted and not set again: no rows, and no columns
    const gone = load();
    delete (gone as Partial<Dataset>).scores;
    expect(_scoreColumnsOf(gone)).toBeUndefined();
    expect(gone.scores).toBeUndefined();
    // a score within one indicator's points and beyond another's, in both: found out of range in the second
    const twice = load();
    const columns = _scoreColumnsOf(twice) as NonNullable<ReturnType<typeof _scoreColumnsOf>>;
    const width = columns.indicators.length;
    const duties = columns.indicators.indexOf('duties');
    const lawful = columns.indicators.indexOf('lawful');
    (columns.cells as (string | undefined)[])[duties] = '30.00';
    (columns.cells as (string | undefined)[])[width + lawful] = '30.00';
    expect(checkDataset(ruleSet, twice).filter((issue) => issue.code === 'score-out-of-range').map((issue) => issue.message)).toEqual(['found 30.00, but lawful is out of 8 points']);
    // checked under a rule set the scores do not fit: the problems are found, and the dataset keeps its columns
    const strict = parseRuleSet({ ...ruleSetInput2014(), indicators: ruleSetInput2014().indicators.map((indicator) => (indicator.id === 'third-party' ? { ...indicator, points: '3' } : indicator)) });
    const kept = load();
    expect(checkDataset(strict, kept).some((issue) => issue.code === 'score-out-of-range')).toBe(true);
    expect(_scoreColumnsOf(kept)).toBeDefined();
  });
});
