/**
 * How table cells become a dataset's values: codes and numbers are NFKC-normalised (ASCII text, which NFKC
 * leaves alone, is taken as it is), and score texts, kept once per value up to a limit, are read exactly
 * however many distinct values a table has. Rows a reader gives are converted as they are given.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRuleSet } from '../src/index.js';
import { loadDataset } from '../src/io/load.js';
import { tablesToDataset, type Table, type TableRows } from '../src/io/tables.js';
import { ruleSetInput2014 } from './support/load.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const ruleSet = parseRuleSet(ruleSetInput2014());
const INDICATORS = ruleSet.indicators.map((indicator) => indicator.id);

/** Characters NFKC changes and characters it leaves alone, ASCII among them. */
const CHARACTERS = ['A', 'z', '0', '9', '-', '_', '.', 'Ａ', 'ｚ', '０', '９', '．', '－', 'ﬁ', 'Ⅻ', '①', 'é', 'é', '²', 'ª', 'ｶ', '单', '位'];
const text = fc.array(fc.constantFrom(...CHARACTERS), { minLength: 1, maxLength: 8 }).map((characters) => characters.join(''));

function units(ids: readonly string[]): Table {
  return { source: 'units.csv', rows: [{ row: 1, cells: ['id', 'name', 'category'] }, ...ids.map((id, i) => ({ row: i + 2, cells: [id, `单位${i}`, 'department'] }))] };
}

describe('table cells', () => {
  it('give unit codes and scores NFKC-normalised, and ASCII as written', () => {
    fc.assert(
      fc.property(fc.uniqueArray(text, { minLength: 1, maxLength: 6, selector: (id) => id.normalize('NFKC') }), fc.array(text, { minLength: 9, maxLength: 9 }), (ids, scores) => {
        const scoreTable: Table = { source: 'scores.csv', rows: [{ row: 1, cells: ['unit', ...INDICATORS] }, { row: 2, cells: [ids[0], ...scores] }] };
        const { input } = tablesToDataset({ units: units(ids), scores: scoreTable }, ruleSet);
        expect(input.units.map((unit) => unit.id)).toEqual(ids.map((id) => id.normalize('NFKC')));
        expect(input.scores?.map((row) => [row.unit, row.indicator, row.score])).toEqual(INDICATORS.map((indicator, k) => [ids[0]?.normalize('NFKC'), indicator, scores[k]?.normalize('NFKC')]));
      }),
      { numRuns: RUNS },
    );
  });

  it('read every score as written in a table of more distinct values than are kept once', () => {
    // 8,000 units × 9 indicators = 72,000 distinct scores, past the 65,536 texts the conversion shares
    const ids = Array.from({ length: 8000 }, (_, u) => `U${u}`);
    const score = (u: number, k: number) => `${u}.${String(k).padStart(2, '0')}`;
    const scoreTable: Table = { source: 'scores.csv', rows: [{ row: 1, cells: ['unit', ...INDICATORS] }, ...ids.map((id, u) => ({ row: u + 2, cells: [id, ...INDICATORS.map((_, k) => score(u, k))] }))] };
    const { input, issues } = tablesToDataset({ units: units(ids), scores: scoreTable }, ruleSet);
    expect(issues).toEqual([]);
    expect(input.scores).toHaveLength(72000);
    const wrong = (input.scores ?? []).filter((row, i) => row.unit !== ids[Math.floor(i / 9)] || row.score !== score(Math.floor(i / 9), i % 9));
    expect(wrong).toEqual([]);
  });

  it('convert the rows a reader gives as they are given, and leave a table it was given as it was', () => {
    const scoreTable = (): Table => ({ source: 'scores.csv', rows: [{ row: 1, cells: ['unit', ...INDICATORS] }, { row: 2, cells: ['A', ...INDICATORS.map(() => '1.00')] }, { row: 3, cells: ['B', ...INDICATORS.map(() => '2.00')] }] });
    const given = scoreTable();
    let handedOut = 0;
    const ahead: number[] = [];
    const reader = (): TableRows => ({
      source: 'scores.csv',
      count: 3,
      rows: (function* () {
        for (const row of scoreTable().rows) {
          handedOut++;
          yield row;
        }
      })(),
    });
    const fromGiven = tablesToDataset({ units: units(['A', 'B']), scores: given }, ruleSet);
    const fromRead = tablesToDataset({ units: units(['A', 'B']), scores: reader }, ruleSet, 'dataset', ({ stage, done }) => {
      if (stage === 'scores.csv') ahead.push(handedOut - 1 - done);
    });
    expect(fromRead.input).toEqual(fromGiven.input);
    expect(fromRead.input.scores).toHaveLength(18);
    expect(given).toEqual(scoreTable());
    // told of each row as it is converted: the reader had given that row and no other
    expect(ahead).toEqual([0, 0]);
  });

  it('find the unit of each row whatever order a table lists them in, and check a name given with it', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `U${i}`);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 44 }), { maxLength: 60 }), fc.integer({ min: 0, max: 59 }), (refs, wrongAt) => {
        // codes of listed units and of units not listed, and now and then a unit named rather than coded
        const cellOf = (ref: number, i: number) => (ref >= 40 ? `X${ref}` : i % 7 === 3 ? `单位${ref}` : `U${ref}`);
        const rows = refs.map((ref, i) => ({ row: i + 2, cells: [cellOf(ref, i), i === wrongAt ? '别的单位' : ref >= 40 ? '' : `单位${ref}`, 'x', 'y', 'z', 'p'] }));
        const table: Table = { source: 'adjustments.csv', rows: [{ row: 1, cells: ['unit', 'name', 'item', 'points', 'reason', 'extra'] }, ...rows.map((row) => ({ ...row, cells: [...row.cells.slice(0, 5)] }))] };
        const { input, issues } = tablesToDataset({ units: units(ids), adjustments: table }, ruleSet);
        expect(input.adjustments?.map((entry) => entry.unit)).toEqual(refs.map((ref) => (ref >= 40 ? `X${ref}` : `U${ref}`)));
        const named = issues.filter((issue) => issue.message.includes('is not the name of unit'));
        expect(named.map((issue) => issue.path)).toEqual(wrongAt < refs.length && (refs[wrongAt] as number) < 40 ? [`row ${wrongAt + 2}, column "name"`] : []);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it("name a table's cells past its header before the problems of its rows' values, as they come", () => {
    const table: Table = {
      source: 'units.csv',
      rows: [
        { row: 1, cells: ['id', 'name', 'category'] },
        { row: 2, cells: ['A', '甲', '未知类别'] },
        { row: 3, cells: ['B', '乙', 'department', 'stray'] },
        { row: 5, cells: ['C', '丙', 'department', '', 'late'] },
      ],
    };
    const { issues } = tablesToDataset({ units: table, scores: { source: 'scores.csv', rows: [{ row: 1, cells: ['unit', ...INDICATORS] }] } }, ruleSet);
    expect(issues.map((issue) => `${issue.source} ${issue.path}`)).toEqual(['units.csv row 3, column 4', 'units.csv row 5, column 5', 'units.csv row 2, column "category"']);
  });

  it('leave a file of a folder that is no table unread, only named in a warning', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kaoping-tables-'));
    try {
      writeFileSync(join(folder, 'units.csv'), 'id,name,category\nA,甲,department\n');
      writeFileSync(join(folder, 'scores.csv'), `unit,${INDICATORS.join(',')}\nA,${INDICATORS.map(() => '1.00').join(',')}\n`);
      // not valid CSV (an unclosed quote), and not one of the tables: it is not parsed
      writeFileSync(join(folder, 'notes.csv'), 'a,"b\n');
      // nor read at all: reading a named pipe nobody writes to would wait for ever
      if (process.platform !== 'win32') execFileSync('mkfifo', [join(folder, 'pipe.csv')]);
      const steps: string[] = [];
      const { value, warnings } = await loadDataset(folder, ruleSet, { onProgress: ({ stage, done, total }) => steps.push(`${stage} ${done}/${total}`) });
      expect(value.scores).toHaveLength(9);
      expect(steps).toEqual([`${join(folder, 'units.csv')} 1/1`, `${join(folder, 'scores.csv')} 1/1`, 'checking 0/1', 'checking 1/1']);
      const ignored = process.platform === 'win32' ? ['notes.csv'] : ['notes.csv', 'pipe.csv'];
      expect(warnings.map((warning) => [warning.code, warning.source])).toEqual(ignored.map((file) => ['unknown-table', join(folder, file)]));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
