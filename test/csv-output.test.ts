/**
 * CSV output is made in pieces of a few thousand rows; however it is cut, the pieces join into the same text.
 * Every field that a reader could take for more than one field, or for the end of a row, is quoted.
 */
import { parse } from 'csv-parse/sync';
import { csvFormatRow, csvParseRows } from 'd3-dsv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appraise, csvChunks, parseDataset, parseRuleSet, renderCsv } from '../src/index.js';
import { _csvPieces, _formatRow } from '../src/report/csv.js';
import { _rowOf, type _UnitRow } from '../src/outcomes/appraise.js';
import { population2014 } from './support/arbitraries.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';

const ruleSet = parseRuleSet(ruleSetInput2014());

describe('CSV in pieces', () => {
  it('joins into the whole text, whatever the size of the pieces', async () => {
    const result = await appraise(ruleSet, parseDataset(datasetInput2014(), ruleSet));
    const whole = renderCsv(result, ruleSet);
    expect(whole.startsWith('\ufeff编码,')).toBe(true);
    expect(whole.split('\r\n').filter(Boolean)).toHaveLength(result.units.length + 1);
    for (const size of [1, 7, 59, 60, 61, 5000]) {
      const pieces = [...csvChunks(result, ruleSet, size)];
      expect(pieces).toHaveLength(1 + Math.ceil(result.units.length / size));
      expect(pieces.join(''), String(size)).toBe(whole);
    }
  });

  it('joins into the whole text for any population', async () => {
    await fc.assert(
      fc.asyncProperty(population2014(), fc.integer({ min: 1, max: 12 }), async (input, size) => {
        const result = await appraise(ruleSet, parseDataset(input, ruleSet));
        expect([...csvChunks(result, ruleSet, size)].join('')).toBe(renderCsv(result, ruleSet));
      }),
      { numRuns: 30 },
    );
  });

  it('quotes a field holding a comma, a double quote or a line break of any kind', async () => {
    const input = datasetInput2014();
    const names = ['第一\n单位', '第二\r单位', '第三,单位', '第四"单位"', '第五\r\n单位'];
    names.forEach((name, i) => {
      (input.units[i] as { name: string }).name = name;
    });
    const result = await appraise(ruleSet, parseDataset(input, ruleSet));
    const whole = renderCsv(result, ruleSet);
    expect(whole).toContain('"第一\n单位"');
    expect(whole).toContain('"第二\r单位"');
    expect(whole).toContain('"第四""单位"""');
    // a reader that ends a row at any line break outside quotes, as spreadsheets do, and csv-parse, which takes
    // the first kind it meets: both read every unit's row whole, with the name as it was
    for (const rows of [csvParseRows(whole.slice(1)), parse(whole.slice(1), { relax_column_count: true }) as string[][]]) {
      expect(rows).toHaveLength(result.units.length + 1);
      const width = (rows[0] as string[]).length;
      for (const row of rows) expect(row).toHaveLength(width);
      expect(rows.slice(1).map((row) => row[1])).toEqual(result.units.map((unit) => unit.name));
      expect(names.every((name) => rows.some((row) => row[1] === name))).toBe(true);
    }
  });

  it('writes a text that begins as a formula does as text, for Excel and WPS, and numbers below zero as numbers', async () => {
    const input = datasetInput2014();
    const names = ['=HYPERLINK("http://x","点我")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1', "'已是文字"];
    names.forEach((name, i) => {
      (input.units[i] as { name: string }).name = name;
    });
    const result = await appraise(ruleSet, parseDataset(input, ruleSet));
    const rows = csvParseRows(renderCsv(result, ruleSet).slice(1));
    const written = new Map(rows.slice(1).map((row) => [row[0], row]));
    names.forEach((_, i) => {
      // names are trimmed: a tab or carriage return before one is gone, and what begins it then counts
      const unit = result.units.find((outcome) => outcome.id === input.units[i]?.id);
      const name = unit?.name ?? '';
      expect(written.get(unit?.id)?.[1]).toBe(name.startsWith("'") ? name : `'${name}`);
    });
    // a change on last year below zero is a number, written as it is
    const falling = result.units.find((unit) => unit.change?.startsWith('-'));
    expect(falling).toBeDefined();
    expect(written.get(falling?.id)?.at(-4)).toBe(falling?.change);
    // the command's rows, written straight, say the same
    const rowsOf = (own: boolean) => [..._csvPieces(ruleSet, result.units.length, (index) => _rowOf(result.units[index] as never), 100, own)].join('');
    expect(rowsOf(true)).toBe(rowsOf(false));
    expect(rowsOf(true)).toContain(`,"'=HYPERLINK(""http://x"",""点我"")",`);
  });

  it('writes each row as csvFormatRow does, cells with commas, quotes and line breaks among them', () => {
    const cell = fc.oneof(fc.stringMatching(/^[a-z0-9.单位,"\r\n ；]{0,5}$/), fc.constantFrom('', ',', '"', '\r\n', 'a,b'));
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (cells) => {
        expect(_formatRow(cells)).toBe(csvFormatRow(cells));
      }),
      { numRuns: 2000 },
    );
  });

  it("writes each row's mentions and flags by their labels, lists shared among rows or changed between them", () => {
    const [first, second] = ruleSet.flags;
    const [mention] = ruleSet.mentions;
    if (!first || !second || !mention) throw new Error('the 2014 rules declare flags and mentions');
    const shared = Object.freeze([first.id, second.id]);
    const changing = [first.id];
    const base = { name: '单位', category: 'street', status: 'graded', grade: null, composite: null, rank: null, groupSize: 0, scores: [], bonus: null, deduction: null, priorComposite: null, change: null, reason: '' } as const;
    const rows: _UnitRow[] = [
      { ...base, id: 'A', mentions: Object.freeze([mention.id]), flags: shared },
      { ...base, id: 'B', mentions: [], flags: shared },
      { ...base, id: 'C', mentions: [], flags: changing },
      { ...base, id: 'D', mentions: [], flags: changing },
    ];
    const text = [
      ..._csvPieces(ruleSet, rows.length, (i) => {
        if (i === 3) changing.push(second.id);
        return rows[i] as _UnitRow;
      }),
    ].join('');
    const lines = text.split('\r\n').slice(1, -1).map((line) => line.split(','));
    expect(lines.map((cells) => cells.slice(-3, -1))).toEqual([
      [mention.label, `${first.label}；${second.label}`],
      ['', `${first.label}；${second.label}`],
      ['', first.label],
      ['', `${first.label}；${second.label}`],
    ]);
  });
  it('writes an appraisal\'s rows as any rows are written, with more texts to quote or not than it keeps the cells of', () => {
    // 5,000 reasons and categories, every third with a comma, a quote or a line break in it
    const marks = ['', ',', '"', '\n'];
    const base = { name: '单位', status: 'graded', grade: null, composite: null, rank: null, groupSize: 0, scores: [], bonus: null, deduction: null, priorComposite: null, change: null, mentions: [], flags: [] } as const;
    const rows: _UnitRow[] = Array.from({ length: 5000 }, (_, i) => ({ ...base, id: `U${i}`, category: `c${i % 7}${marks[i % 4]}`, reason: `r${i}${marks[(i * 3) % 4]}` }));
    const written = (own: boolean) => [..._csvPieces(ruleSet, rows.length, (i) => rows[i] as _UnitRow, 100, own)].join('');
    expect(written(true)).toBe(written(false));
    expect(written(true)).toContain('\r\nU4998,单位,"c0""",');
  });
});
