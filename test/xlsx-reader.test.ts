/**
 * The workbook reader (fflate and saxes, a part at a time) against exceljs reading the same workbooks whole: the
 * example's, the bad-input corpus's, and random workbooks written by exceljs's two writers; and, on workbooks made
 * part by part here, what exceljs does not read or reads otherwise.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/io/InputError.js';
import { _xlsxTables, type _SheetReading } from '../src/io/readXlsx.js';
import { exceljsTables, trimCells, type SheetRows } from './support/exceljsTables.js';
import { projectRoot } from './support/cli.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);

/** A workbook's tables as the reader gives them, in the shape of {@link exceljsTables}'s. */
async function readerTables(bytes: Uint8Array, reading?: _SheetReading): Promise<[string, SheetRows][]> {
  const source = 'book.xlsx';
  const tables = await _xlsxTables(bytes, source, reading);
  return [...tables].map(([name, table]) => {
    expect(table.source).toMatch(/^book\.xlsx \[.*\]$/s);
    const sheet = table.source.slice(source.length + 2, -1);
    expect(sheet.trim()).toBe(name);
    return [sheet, Array.from(table.rows, (row): [number, SheetRows[number][1]] => [row.row, trimCells(row.cells)])];
  });
}

/** What reading a workbook gives: its tables, or the error's code and message. */
async function outcome(read: () => Promise<[string, SheetRows][]>): Promise<unknown> {
  try {
    return await read();
  } catch (error) {
    return error instanceof InputError ? { code: error.code, message: error.message } : { thrown: true };
  }
}

describe('the workbook reader', () => {
  const workbooks = [
    join(projectRoot, 'examples/xicheng-2014/xicheng-2014.xlsx'),
    ...readdirSync(join(projectRoot, 'test/bad-inputs'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) => readdirSync(join(projectRoot, 'test/bad-inputs', entry.name)).filter((file) => file.endsWith('.xlsx')).map((file) => join(projectRoot, 'test/bad-inputs', entry.name, file))),
  ];

  it.each(workbooks.map((path) => [path.slice(projectRoot.length), path]))('reads %s as exceljs does', async (_, path) => {
    const bytes = new Uint8Array(readFileSync(path));
    const reference = await outcome(() => exceljsTables(bytes));
    const read = await outcome(() => readerTables(bytes));
    // exceljs refuses what is no workbook too: the reader says what it is (a compound file, by what it holds)
    if (typeof reference === 'object' && reference !== null && 'thrown' in reference) {
      const compound = bytes[0] === 0xd0 && bytes[1] === 0xcf;
      expect(read).toEqual({ code: 'invalid-xlsx', message: compound ? expect.stringMatching(/^book\.xlsx: (a workbook protected by a password|an Excel 97–2003 workbook)/) : 'book.xlsx: not a readable XLSX workbook (is it corrupt, or an older .xls file? save it as .xlsx)' });
    } else expect(read).toEqual(reference);
  });

  it('reads the 2014 example whole: every sheet, row and value', async () => {
    const tables = await _xlsxTables(new Uint8Array(readFileSync(join(projectRoot, 'examples/xicheng-2014/xicheng-2014.xlsx'))), 'x.xlsx');
    expect([...tables.keys()]).toEqual(['单位', '得分', '加减分', '上年结果', '调查数据']);
    const rowsOf = (name: string) => Array.from(tables.get(name)?.rows ?? [], (row) => ({ row: row.row, cells: [...row.cells] }));
    expect(rowsOf('得分')[1]).toEqual({ row: 2, cells: ['D01', '中关村西城园管委会', 38.75, 7.75, 6.68, 4.73, 18.62, 9.3, 4.71, 4.78, 91.9] });
    expect(rowsOf('单位').length).toBe(61);
    // the rows can be read again, and a table read a row at a time says how many rows it has
    expect(rowsOf('单位')).toEqual(rowsOf('单位'));
    expect(tables.get('单位')).toHaveProperty('count', 61);
  });

  it('reads random workbooks of both exceljs writers as exceljs does', async () => {
    const scanned = { yes: 0, no: 0 };
    const told = (_: string, yes: boolean) => (yes ? scanned.yes++ : scanned.no++);
    await fc.assert(
      fc.asyncProperty(randomWorkbook(), fc.constantFrom('whole', 'streamed', 'streamed, shared strings'), async (book, writer) => {
        const bytes = await writeWorkbook(book, writer);
        expect(await readerTables(bytes, { scan: true, piece: 1 << 20, told })).toEqual(await exceljsTables(bytes));
      }),
      { numRuns: RUNS },
    );
    // most sheets exceljs writes are scanned (not those with rich text written in the cell)
    expect(scanned.yes).toBeGreaterThan(scanned.no);
  });
});

/** A sheet's cells as exceljs writes them: its name, rows of values (a value, or one with a number format), merged ranges. */
interface RandomSheet {
  readonly name: string;
  readonly rows: readonly (readonly { value: ExcelJS.CellValue; numFmt?: string }[])[];
  readonly merges: readonly [number, number, number, number][];
}

interface RandomBook {
  readonly sheets: readonly RandomSheet[];
  readonly date1904: boolean;
}

const TEXTS = ['编码', '单位名称', ' 职责任务 ', 'D01', 'a & b < c > "d"', '换\n行', 'tab\there', '', '😀 emoji', '_x000D_ kept as Excel writes a carriage return', 'x'.repeat(300)];
const NUMBER_FORMATS = ['0.00', '#,##0', '0%', 'yyyy-mm-dd', 'yyyy"年"m"月"d"日"', 'h:mm', '[Red]0.00', '"分"0.0', 'mm-dd-yy'];

function randomWorkbook(): fc.Arbitrary<RandomBook> {
  const number = fc.oneof(fc.integer({ min: -1000, max: 100000 }), fc.integer({ min: 0, max: 10000 }).map((n) => n / 100), fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }));
  const date = fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true });
  const value: fc.Arbitrary<{ value: ExcelJS.CellValue; numFmt?: string }> = fc.oneof(
    { weight: 4, arbitrary: number.map((value) => ({ value })) },
    // within the dates JavaScript has (exceljs fails on a date past them; the reader gives the number)
    { weight: 2, arbitrary: fc.record({ value: number.filter((n) => Math.abs(n) < 1e7), numFmt: fc.constantFrom(...NUMBER_FORMATS) }) },
    { weight: 4, arbitrary: fc.constantFrom(...TEXTS).map((value) => ({ value })) },
    fc.constant({ value: null }),
    fc.boolean().map((value) => ({ value })),
    date.map((value) => ({ value })),
    fc.array(fc.constantFrom(...TEXTS), { minLength: 1, maxLength: 3 }).map((parts) => ({ value: { richText: parts.map((text, k) => ({ text, font: { bold: k % 2 === 0 } })) } })),
    // exceljs reads a formula's result of 0 as none (the reader gives 0: see below)
    fc.oneof(number.filter((n) => n !== 0), fc.constantFrom(...TEXTS)).map((result) => ({ value: { formula: 'A1', result } as ExcelJS.CellValue })),
    fc.constant({ value: { formula: 'NA()', result: { error: '#N/A' } } as ExcelJS.CellValue }),
    fc.constant({ value: { error: '#DIV/0!' } as ExcelJS.CellValue }),
    fc.constantFrom(...TEXTS).map((text) => ({ value: { text, hyperlink: 'https://example.org/' } })),
  );
  const sheet = (name: string) =>
    fc.record({
      name: fc.constant(name),
      rows: fc.array(fc.array(value, { maxLength: 7 }), { maxLength: 12 }),
      merges: fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { maxLength: 2 }),
    });
  const names = fc.uniqueArray(fc.constantFrom('单位', '得分', 'Sheet 3', ' 加减分 ', 'scores', "O'Brien"), { minLength: 1, maxLength: 3 });
  return fc.record({
    sheets: names.chain((list) => fc.tuple(...list.map(sheet))),
    date1904: fc.boolean(),
  }) as fc.Arbitrary<RandomBook>;
}

/** Writes a random workbook with exceljs: whole (JSZip, sizes in each entry's header) or streamed (with data descriptors). */
async function writeWorkbook(book: RandomBook, writer: 'whole' | 'streamed' | 'streamed, shared strings'): Promise<Uint8Array> {
  const fill = (sheet: ExcelJS.Worksheet, spec: RandomSheet, commit: boolean) => {
    // merged ranges that do not overlap, the first of any two that would
    const taken = new Set<string>();
    for (const [top, left, down, across] of spec.merges) {
      const cells: string[] = [];
      for (let r = top; r <= top + down; r++) for (let c = left; c <= left + across; c++) cells.push(`${r},${c}`);
      if (cells.length < 2 || cells.some((cell) => taken.has(cell))) continue;
      for (const cell of cells) taken.add(cell);
      sheet.mergeCells(top, left, top + down, left + across);
    }
    spec.rows.forEach((cells, r) => {
      const row = sheet.getRow(r + 1);
      cells.forEach((cell, c) => {
        const target = row.getCell(c + 1);
        // a merged range's other cells are its first's
        if (target.isMerged && target.master !== target) return;
        target.value = cell.value;
        if (cell.numFmt) target.numFmt = cell.numFmt;
      });
      if (commit) row.commit();
    });
  };
  if (writer === 'whole') {
    const workbook = new ExcelJS.Workbook();
    workbook.properties.date1904 = book.date1904;
    for (const spec of book.sheets) fill(workbook.addWorksheet(spec.name), spec, false);
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }
  const chunks: Buffer[] = [];
  const { PassThrough } = await import('node:stream');
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: writer === 'streamed, shared strings', useStyles: true });
  for (const spec of book.sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    fill(sheet, spec, true);
    sheet.commit();
  }
  await workbook.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

/** A workbook made part by part: the parts exceljs's writers do not write, and what other writers do. */
function handMade(parts: Record<string, string | Uint8Array>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(parts)) files[name] = typeof text === 'string' ? strToU8(text) : text;
  return zipSync(files);
}

const PACKAGE_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = (sheets: string, properties = '') => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${properties}<sheets>${sheets}</sheets></workbook>`;
const RELS = (relationships: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships}</Relationships>`;
const REL = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
const SHEET = (rows: string, after = '') => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData>${after}</worksheet>`;

/** A one-sheet workbook, its sheet named 得分. */
function oneSheet(rows: string, extra: { styles?: string; shared?: string; properties?: string; after?: string } = {}): Uint8Array {
  return handMade({
    '_rels/.rels': PACKAGE_RELS,
    'xl/workbook.xml': WORKBOOK('<sheet name="得分" sheetId="1" r:id="rId1"/>', extra.properties),
    'xl/_rels/workbook.xml.rels': RELS(
      REL('rId1', 'worksheet', 'worksheets/sheet1.xml') + (extra.styles ? REL('rId2', 'styles', 'styles.xml') : '') + (extra.shared ? REL('rId3', 'sharedStrings', 'sharedStrings.xml') : ''),
    ),
    'xl/worksheets/sheet1.xml': SHEET(rows, extra.after),
    ...(extra.styles ? { 'xl/styles.xml': extra.styles } : {}),
    ...(extra.shared ? { 'xl/sharedStrings.xml': extra.shared } : {}),
  });
}

const rowsOf = async (bytes: Uint8Array) => (await readerTables(bytes)).map(([, rows]) => rows);


describe('the workbook reader, on workbooks other writers make', () => {
  it('refuses a part that its entry says is larger than 2 GiB once inflated, before inflating it', async () => {
    const bytes = oneSheet('<row r="1"><c r="A1"><v>1</v></c></row>');
    // the sheet's entry in the central directory: its size once inflated, four bytes at 24, made 3 GiB
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const name = strToU8('xl/worksheets/sheet1.xml');
    let patched = 0;
    for (let at = 0; at + 46 <= bytes.length; at++) {
      if (view.getUint32(at, true) !== 0x02014b50 || view.getUint16(at + 28, true) !== name.length) continue;
      if (!bytes.subarray(at + 46, at + 46 + name.length).every((byte, k) => byte === name[k])) continue;
      view.setUint32(at + 24, 3 * 2 ** 30, true);
      patched++;
    }
    expect(patched).toBe(1);
    expect(await outcome(() => readerTables(bytes))).toEqual({
      code: 'too-large',
      message: "book.xlsx: the workbook's part xl/worksheets/sheet1.xml is 3.0 GiB once inflated, more than the 2 GiB a part may be; save its sheets as CSV files",
    });
  });

  it('reads elements with a namespace prefix, cells and rows without references, and inline strings', async () => {
    const bytes = handMade({
      '_rels/.rels': PACKAGE_RELS,
      'xl/workbook.xml': `<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="得分" sheetId="1" rel:id="R1"/></x:sheets></x:workbook>`,
      'xl/_rels/workbook.xml.rels': RELS(REL('R1', 'worksheet', '/xl/worksheets/data.xml')),
      'xl/worksheets/data.xml': `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>编码</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>职责</x:t></x:r><x:r><x:t>任务</x:t></x:r></x:is></x:c></x:row><x:row><x:c><x:v>38.75</x:v></x:c><x:c r="D2"><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
    });
    expect(await rowsOf(bytes)).toEqual([
      [
        [1, ['编码', '职责任务']],
        [2, [38.75, undefined, undefined, 1, 2]],
      ],
    ]);
  });

  it('gives shared strings their text: runs joined, phonetic guides left out, characters written as _xHHHH_ given back', async () => {
    const shared = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>单位</t><rPh sb="0" eb="2"><t>ダンイ</t></rPh></si><si><r><t>职责</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 任务</t></r></si><si><t>a_x000D__x000a_b_x005F_x0041_</t></si></sst>`;
    const bytes = oneSheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>', { shared });
    expect(await rowsOf(bytes)).toEqual([[[1, ['单位', '职责 任务', 'a\r\nb_x0041_']]]]);
  });

  it('gives numbers in a date or time format, built in or the workbook\'s own, East Asian ones too, as dates', async () => {
    const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.00&quot;分&quot;"/><numFmt numFmtId="165" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="58"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>`;
    const cells = [0, 1, 2, 3, 4, 5].map((s, k) => `<c r="${String.fromCharCode(65 + k)}1" s="${s}"><v>45000</v></c>`).join('');
    const date = '2023-03-15T00:00:00.000Z';
    expect(await rowsOf(oneSheet(`<row r="1">${cells}</row>`, { styles }))).toEqual([[[1, [45000, date, date, date, 45000, date]]]]);
    // counted from 1904 where the workbook says so
    expect(await rowsOf(oneSheet('<row r="1"><c r="A1" s="1"><v>45000</v></c></row>', { styles, properties: '<workbookPr date1904="1"/>' }))).toEqual([[[1, ['2027-03-16T00:00:00.000Z']]]]);
  });

  it('gives each kind of cell its value: booleans, errors, formula results (0 among them), dates written as text, numbers past the dates there are, cells with no value left empty', async () => {
    const row = [
      '<c r="A1" t="b"><v>1</v></c>',
      '<c r="B1" t="b"><v>0</v></c>',
      '<c r="C1" t="e"><v>#N/A</v></c>',
      '<c r="D1" t="str"><f>A1&amp;"x"</f><v>TRUEx</v></c>',
      '<c r="E1"><f>1+1</f><v>2</v></c>',
      '<c r="J1"><f>1-1</f><v>0</v></c>',
      '<c r="K1" s="1"><v>-1e12</v></c>',
      '<c r="F1"><f>1+1</f></c>',
      '<c r="G1" t="d"><v>2014-12-31T00:00:00Z</v></c>',
      '<c r="H1" s="0"/>',
      '<c r="I1"><v>-0.5</v></c>',
    ].join('');
    // a number in a date format past the dates there are stays a number
    const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`;
    expect(await rowsOf(oneSheet(`<row r="1">${row}</row><row r="2"><c r="A2"><f>1</f></c></row>`, { styles }))).toEqual([[[1, ['TRUE', 'FALSE', '#N/A', 'TRUEx', 2, undefined, '2014-12-31T00:00:00.000Z', undefined, -0.5, 0, -1e12]]]]);
  });

  it('reads a date and time written without a zone as UTC, whatever the zone of the machine', async () => {
    const zone = process.env['TZ'];
    try {
      for (const tz of ['Asia/Shanghai', 'America/New_York', 'UTC']) {
        process.env['TZ'] = tz;
        expect(await rowsOf(oneSheet('<row r="1"><c r="A1" t="d"><v>2014-12-31T00:00:00</v></c><c r="B1" t="d"><v>2014-12-31</v></c><c r="C1" t="d"><v>2014-12-31T08:00:00+08:00</v></c></row>'))).toEqual([
          [[1, ['2014-12-31T00:00:00.000Z', '2014-12-31T00:00:00.000Z', '2014-12-31T00:00:00.000Z']]],
        ]);
      }
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });

  it("takes a format's letters written as they are, as a space's width or as a fill for no date, and a conditional format's codes for none of the cells'", async () => {
    const codes = ['0.0\\ \\k\\m', '#,##0.00\\ \\h', '0.0_m', '0.0*d', 'General\\ \\d', 'yyyy\\-mm\\-dd'];
    const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="${codes.length + 1}">${codes.map((code, k) => `<numFmt numFmtId="${164 + k}" formatCode="${code}"/>`).join('')}<numFmt numFmtId="180" formatCode="0.00"/></numFmts><cellXfs count="${codes.length + 1}">${codes.map((_, k) => `<xf numFmtId="${164 + k}"/>`).join('')}<xf numFmtId="180"/></cellXfs><dxfs count="1"><dxf><numFmt numFmtId="180" formatCode="yyyy-mm-dd"/></dxf></dxfs></styleSheet>`;
    const cells = [...codes, '0.00'].map((_, k) => `<c r="${String.fromCharCode(65 + k)}1" s="${k}"><v>12.5</v></c>`).join('');
    expect(await rowsOf(oneSheet(`<row r="1">${cells}</row>`, { styles }))).toEqual([[[1, [12.5, 12.5, 12.5, 12.5, 12.5, '1900-01-11T12:00:00.000Z', 12.5]]]]);
  });

  it('gives a number shown as a percentage as it shows, exactly: by the built-in formats 9 and 10 and by codes with a % of their own', async () => {
    // a % in quotes or brackets, or written as it is, shows the number as it is; a conditional format's is no cell's
    const codes = ['0.0%', '[Red]#,##0.00%;[Blue]-0%', '0.0"%"', '0.0\\%', '[$%-804]0.0', '0.00'];
    const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="${codes.length}">${codes.map((code, k) => `<numFmt numFmtId="${164 + k}" formatCode="${code.replaceAll('"', '&quot;')}"/>`).join('')}</numFmts><cellXfs count="${codes.length + 2}"><xf numFmtId="9"/><xf numFmtId="10"/>${codes.map((_, k) => `<xf numFmtId="${164 + k}"/>`).join('')}</cellXfs><dxfs count="1"><dxf><numFmt numFmtId="169" formatCode="0%"/></dxf></dxfs></styleSheet>`;
    const values = ['0.955', '0.1', '0.3333', '-0.07', '0.5', '0.5', '0.5', '0.5'];
    const cells = values.map((value, k) => `<c r="${String.fromCharCode(65 + k)}1" s="${k}"><v>${value}</v></c>`).join('');
    // 0.1 + 0.2 as a binary float, saved with its seventeen digits: shown as the number the cell holds
    const float = '<c r="A2" s="0"><v>0.30000000000000004</v></c>';
    expect(await rowsOf(oneSheet(`<row r="1">${cells}</row><row r="2">${float}</row>`, { styles }))).toEqual([
      [
        [1, ['95.5%', '10%', '33.33%', '-7%', 0.5, 0.5, 0.5, 0.5]],
        [2, ['30.000000000000004%']],
      ],
    ]);
  });

  it('finds parts by names that differ in case, and by targets with escaped characters', async () => {
    const bytes = handMade({
      '_rels/.rels': PACKAGE_RELS,
      'xl/workbook.xml': WORKBOOK('<sheet name="得分" sheetId="1" r:id="rId1"/>'),
      'xl/_rels/workbook.xml.rels': RELS(REL('rId1', 'worksheet', 'Worksheets/My%20Sheet.xml')),
      'xl/worksheets/my sheet.xml': SHEET('<row r="1"><c r="A1"><v>1</v></c></row>'),
    });
    expect(await rowsOf(bytes)).toEqual([[[1, [1]]]]);
  });

  it("gives a merged range's cells its first cell's value, rows the range makes among them", async () => {
    const bytes = oneSheet('<row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c><c r="B1"><v>5</v></c></row><row r="3"><c r="A3"><v>1</v></c></row>', {
      after: '<mergeCells count="2"><mergeCell ref="A1:A2"/><mergeCell ref="B1:C1"/></mergeCells>',
    });
    expect(await rowsOf(bytes)).toEqual([
      [
        [1, ['甲', 5, 5]],
        [2, ['甲']],
        [3, [1]],
      ],
    ]);
  });

  it('reads worksheets only, in the order of the workbook, not chart sheets', async () => {
    const bytes = handMade({
      '_rels/.rels': PACKAGE_RELS,
      'xl/workbook.xml': WORKBOOK('<sheet name="二" sheetId="2" r:id="rId2"/><sheet name="图" sheetId="3" r:id="rId3"/><sheet name="一" sheetId="1" r:id="rId1"/>'),
      'xl/_rels/workbook.xml.rels': RELS(REL('rId1', 'worksheet', 'worksheets/sheet1.xml') + REL('rId2', 'worksheet', './worksheets/../worksheets/sheet2.xml') + REL('rId3', 'chartsheet', 'chartsheets/sheet1.xml')),
      'xl/worksheets/sheet1.xml': SHEET('<row r="1"><c r="A1"><v>1</v></c></row>'),
      'xl/worksheets/sheet2.xml': SHEET('<row r="1"><c r="A1"><v>2</v></c></row>'),
      'xl/chartsheets/sheet1.xml': '<chartsheet/>',
    });
    expect(await readerTables(bytes)).toEqual([
      ['二', [[1, [2]]]],
      ['一', [[1, [1]]]],
    ]);
  });

  it('refuses what is not a readable workbook, saying so', async () => {
    const refused = { code: 'invalid-xlsx', message: 'book.xlsx: not a readable XLSX workbook (is it corrupt, or an older .xls file? save it as .xlsx)' };
    const good = oneSheet('<row r="1"><c r="A1"><v>1</v></c></row>');
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      strToU8('编码,单位名称\n'),
      good.subarray(0, good.length - 30),
      // a sheet named whose part is not there
      handMade({ '_rels/.rels': PACKAGE_RELS, 'xl/workbook.xml': WORKBOOK('<sheet name="得分" sheetId="1" r:id="rId1"/>'), 'xl/_rels/workbook.xml.rels': RELS(REL('rId1', 'worksheet', 'worksheets/sheet1.xml')) }),
      // no workbook part
      handMade({ '_rels/.rels': PACKAGE_RELS }),
      // XML that is not well formed, and text that is not UTF-8
      oneSheet('<row r="1"><c r="A1"><v>1</v></row>'),
      handMade({
        '_rels/.rels': PACKAGE_RELS,
        'xl/workbook.xml': new Uint8Array([...strToU8(WORKBOOK('<sheet name="得')), 0xff, ...strToU8('" sheetId="1" r:id="rId1"/>')]),
        'xl/_rels/workbook.xml.rels': RELS(REL('rId1', 'worksheet', 'worksheets/sheet1.xml')),
        'xl/worksheets/sheet1.xml': SHEET(''),
      }),
    ];
    // entities a document type declares are not expanded (a few lines of them can make gigabytes of text)
    cases.push(
      handMade({
        '_rels/.rels': PACKAGE_RELS,
        'xl/workbook.xml': WORKBOOK('<sheet name="得分" sheetId="1" r:id="rId1"/>'),
        'xl/_rels/workbook.xml.rels': RELS(REL('rId1', 'worksheet', 'worksheets/sheet1.xml')),
        'xl/worksheets/sheet1.xml': `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>`,
      }),
    );
    for (const bytes of cases) expect(await outcome(() => readerTables(bytes))).toEqual(refused);
    expect(await outcome(() => readerTables(good))).toEqual([['得分', [[1, [1]]]]]);
  });

  it('tells a workbook saved with a password, and an Excel 97–2003 workbook, from a corrupt one', async () => {
    const signature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    // a compound file's first bytes, then its directory's names (UTF-16LE) somewhere after them
    const compound = (...names: string[]) => new Uint8Array([...signature, ...new Uint8Array(1016), ...names.flatMap((name) => [...Buffer.from(name, 'utf16le'), 0, 0])]);
    const encrypted = { code: 'invalid-xlsx', message: expect.stringMatching(/^book\.xlsx: a workbook protected by a password, which kaoping cannot open; remove the password \(in Excel: File > Info > Protect Workbook > Encrypt with Password, and clear it\)/) };
    const old = { code: 'invalid-xlsx', message: 'book.xlsx: an Excel 97–2003 workbook named as .xlsx, a format kaoping does not read; save it as an .xlsx workbook (Excel Workbook) or its sheets as CSV' };
    expect(await outcome(() => readerTables(compound('Root Entry', 'EncryptionInfo', 'EncryptedPackage')))).toEqual(encrypted);
    expect(await outcome(() => readerTables(compound('Root Entry', 'Workbook')))).toEqual(old);
    // the name in another spelling than the directory's is not the stream
    expect(await outcome(() => readerTables(new Uint8Array([...compound('Root Entry', 'Workbook'), ...strToU8('EncryptedPackage')])))).toEqual(old);
    // the signature is the file's first bytes, not bytes met further on
    expect(await outcome(() => readerTables(new Uint8Array([0, ...compound('EncryptedPackage')])))).toEqual({ code: 'invalid-xlsx', message: 'book.xlsx: not a readable XLSX workbook (is it corrupt, or an older .xls file? save it as .xlsx)' });
  });
});

describe('a worksheet read by scanning its rows', () => {
  /** Texts as XML writes them: entities, numbered characters, line ends of each kind, and some XML refuses. */
  const XML_TEXTS = ['38.75', '0', '-1.5', '1e-7', ' 12 ', 'a &amp; b', '&lt;&gt;&quot;&apos;', '&#20013;&#x6587;', '&#x1F600;', '换\r\n行\r', '_x000D_', '单位', '😀', ''];
  const REFUSED_TEXTS = ['a & b', '&nbsp;', '&#0;', '&#xD800;', 'a]]>b', '\u0001', '&#x110000;'];
  const space = fc.constantFrom('', ' ', '\n', '\r\n  ', '\t');
  const quote = fc.constantFrom('"', "'");
  const attribute = (name: string, value: string) => quote.map((q) => ` ${name}=${q}${value}${q}`);
  const cell = (row: number) =>
    fc
      .record({
        column: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        type: fc.option(fc.constantFrom('s', 'str', 'inlineStr', 'b', 'e', 'n', 'd'), { nil: undefined }),
        style: fc.option(fc.constantFrom('0', '1', '2'), { nil: undefined }),
        // mostly what the scan takes, sometimes what it leaves to the parser or XML refuses
        text: fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...XML_TEXTS) }, fc.constantFrom(...REFUSED_TEXTS)),
        content: fc.oneof(
          { weight: 40, arbitrary: fc.constantFrom('v', 'empty v', 'formula and v', 'shared formula and v', 'inline', 'inline preserved', 'none', 'self-closing') },
          fc.constantFrom('rich inline', 'comment'),
        ),
        quotes: fc.tuple(quote, quote, quote),
        space,
      })
      .map(({ column, type, style, text, content, quotes: [q1, q2, q3], space: gap }) => {
        const reference = column === undefined ? '' : ` r=${q1}${String.fromCharCode(64 + Math.min(column, 26))}${row}${q1}`;
        const attributes = `${reference}${type === undefined ? '' : ` t=${q2}${type}${q2}`}${style === undefined ? '' : ` s=${q3}${style}${q3}`}`;
        const value = type === 's' ? String(XML_TEXTS.indexOf(text) % 4) : text;
        switch (content) {
          case 'self-closing':
            return `<c${attributes}/>`;
          case 'none':
            return `<c${attributes}>${gap}</c>`;
          case 'empty v':
            return `<c${attributes}><v/></c>`;
          case 'formula and v':
            return `<c${attributes}>${gap}<f>SUM(A1:B1)&amp;"x"</f>${gap}<v>${value}</v></c>`;
          case 'shared formula and v':
            return `<c${attributes}><f t="shared" si="0"/><v>${value}</v>${gap}</c>`;
          case 'inline':
            return `<c${attributes}><is><t>${text}</t></is></c>`;
          case 'inline preserved':
            return `<c${attributes}><is>${gap}<t xml:space="preserve">${text}</t>${gap}</is></c>`;
          case 'rich inline':
            return `<c${attributes}><is><r><t>${text}</t></r><r><rPr><b/></rPr><t>!</t></r></is></c>`;
          case 'comment':
            return `<c${attributes}><!-- ${value} --><v>${value}</v></c>`;
          default:
            return `<c${attributes}><v>${value}</v></c>`;
        }
      });
  const row = (number: number) =>
    fc
      .record({
        numbered: fc.boolean(),
        extra: fc.option(fc.constantFrom(' spans="1:3"', " ht='15' customHeight='1'", ' x14ac:dyDescent="0.25"', ' note="a &amp; b"'), { nil: undefined }),
        cells: fc.array(cell(number), { maxLength: 6 }),
        gap: space,
        prefixed: fc.integer({ min: 0, max: 20 }).map((k) => k === 0),
      })
      .chain(({ numbered, extra, cells, gap, prefixed }) =>
        (numbered ? attribute('r', String(number)) : fc.constant('')).map((reference) => {
          const attributes = `${reference}${extra ?? ''}`;
          if (prefixed) return `<x:row${attributes}><x:c><x:v>1</x:v></x:c></x:row>`;
          return cells.length === 0 && number % 2 === 0 ? `<row${attributes}/>` : `<row${attributes}>${gap}${cells.join(gap)}${gap}</row>`;
        }),
      );
  const sheet = fc.integer({ min: 0, max: 12 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, k) => row(k + 1)), space));
  const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/></cellXfs></styleSheet>`;
  const shared = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>编码</t></si><si><t>a&amp;b</t></si><si><r><t>x</t></r><r><t>y</t></r></si></sst>`;

  it('gives what parsing its XML gives, whatever it holds, cut into pieces of any size', async () => {
    const scanned = { yes: 0, no: 0 };
    const told = (_: string, yes: boolean) => (yes ? scanned.yes++ : scanned.no++);
    await fc.assert(
      fc.asyncProperty(sheet, fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(1 << 20)), fc.boolean(), async (parts, piece, merged) => {
        const gap = parts.pop() as string;
        const after = merged ? '<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>' : '';
        const bytes = oneSheet(parts.join(gap), { styles, shared, after });
        const parsed = await outcome(() => readerTables(bytes, { scan: false, piece }));
        expect(await outcome(() => readerTables(bytes, { scan: true, piece, told }))).toEqual(parsed);
      }),
      { numRuns: RUNS * 10 },
    );
    // what the scan takes comes up, and so does what it leaves to the parser
    expect(scanned.yes).toBeGreaterThan(0);
    expect(scanned.no).toBeGreaterThan(0);
  });

  it('gives what parsing gives for a sheet with a byte order mark or bytes that are no UTF-8, cut into pieces of any size', async () => {
    // characters of one to four bytes, cut across pieces; a byte that is no UTF-8, a character cut short, or a
    // byte order mark, anywhere in the sheet's bytes
    const texts = ['单位', '😀', 'é', '38.75', 'a &amp; b'];
    const damage = fc.constantFrom('none', 'bom', 'ff', 'lone continuation', 'lead without its continuation', 'cut short');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...texts), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 64 }),
        damage,
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (cells, piece, how, where) => {
          const rows = cells.map((text, k) => `<row r="${k + 1}"><c r="A${k + 1}" t="inlineStr"><is><t>${text}</t></is></c><c r="B${k + 1}"><v>${k}</v></c></row>`).join('');
          let sheet = strToU8(SHEET(rows));
          const at = Math.min(sheet.length - 1, Math.floor(where * sheet.length));
          if (how === 'bom') sheet = Uint8Array.from([0xef, 0xbb, 0xbf, ...sheet]);
          else if (how === 'ff') sheet[at] = 0xff;
          else if (how === 'lone continuation') sheet[at] = 0x80;
          else if (how === 'lead without its continuation') sheet[at] = 0xe4;
          else if (how === 'cut short') {
            // the first character of more than a byte from that place on, its last byte dropped
            const lead = sheet.findIndex((byte, k) => k >= at && byte >= 0xc0);
            if (lead >= 0) sheet = Uint8Array.from([...sheet.subarray(0, lead + 1), ...sheet.subarray(lead + 2)]);
          }
          const bytes = handMade({
            '_rels/.rels': PACKAGE_RELS,
            'xl/workbook.xml': WORKBOOK('<sheet name="得分" sheetId="1" r:id="rId1"/>'),
            'xl/_rels/workbook.xml.rels': RELS(REL('rId1', 'worksheet', 'worksheets/sheet1.xml')),
            'xl/worksheets/sheet1.xml': sheet,
          });
          const parsed = await outcome(() => readerTables(bytes, { scan: false, piece }));
          const told: boolean[] = [];
          expect(await outcome(() => readerTables(bytes, { scan: true, piece, told: (_, yes) => told.push(yes) }))).toEqual(parsed);
          if (how === 'none' || how === 'bom') {
            expect(parsed).toEqual([['得分', cells.map((text, k) => [k + 1, [text.replace('&amp;', '&'), k]])]]);
            // and the rows were scanned, a byte order mark or not
            expect(told).toEqual([true]);
          }
        },
      ),
      { numRuns: RUNS * 10 },
    );
  });

  it('leaves to the parser what it should not read itself, and gives what the parser gives', async () => {
    const rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>二\u0085三\u2028</t></is></c></row>';
    const body = (head: string, sheetData = `<sheetData>${rows}</sheetData>`) => `${head}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${sheetData}</worksheet>`;
    const sheets = [
      // a <sheetData> in a comment or processing instruction before the rows is none
      body('<?xml version="1.0"?><!-- old: <sheetData><row r="5"><c r="A5"><v>99</v></c></row></sheetData> -->'),
      body('<?xml version="1.0"?><?note <sheetData><row r="5"><c r="A5"><v>99</v></c></row></sheetData>?>'),
      // XML 1.1 makes other characters line ends
      body('<?xml version="1.1" encoding="UTF-8"?>'),
      // an attribute given twice, which XML refuses
      body('', '<sheetData><row r="1" spans="1:1" spans="1:1"><c r="A1"><v>1</v></c></row></sheetData>'),
      body('', '<sheetData><row r="1"><c r="A1" cm="1" cm="1"><v>1</v></c></row></sheetData>'),
      // rows that carry more than the scan carries unread from one piece to the next: many rows without an end tag,
      // and prefixed elements, whose rows the scan never finds
      body('', `<sheetData>${'<row/>'.repeat(100)}${rows}</sheetData>`),
      `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>${'<x:row/>'.repeat(100)}<x:row><x:c><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
    ];
    for (const sheet of sheets) {
      const bytes = handMade({
        '_rels/.rels': PACKAGE_RELS,
        'xl/workbook.xml': WORKBOOK('<sheet name="得分" sheetId="1" r:id="rId1"/>'),
        'xl/_rels/workbook.xml.rels': RELS(REL('rId1', 'worksheet', 'worksheets/sheet1.xml')),
        'xl/worksheets/sheet1.xml': sheet,
      });
      const told: boolean[] = [];
      const scanned = await outcome(() => readerTables(bytes, { scan: true, piece: 16, carried: 256, told: (_, yes) => told.push(yes) }));
      expect(told, sheet).toEqual([false]);
      expect(scanned, sheet).toEqual(await outcome(() => readerTables(bytes, { scan: false, piece: 16 })));
    }
    // and the same rows in a plain sheet are scanned
    const told: boolean[] = [];
    const plain = oneSheet(rows);
    expect(await readerTables(plain, { scan: true, piece: 16, carried: 256, told: (_, yes) => told.push(yes) })).toEqual([['得分', [[1, [1]], [2, ['二\u0085三\u2028']]]]]);
    expect(told).toEqual([true]);
  });

  it('tells its progress as its rows are read, about a hundred times, from none to all, scanned or parsed alike', async () => {
    const rows = Array.from({ length: 3000 }, (_, k) => `<row r="${k + 1}"><c r="A${k + 1}"><v>${k}</v></c></row>`).join('');
    const told = async (scan: boolean, sheet: string) => {
      const steps: unknown[] = [];
      await _xlsxTables(oneSheet(sheet), 'book.xlsx', { scan, piece: 4096, onProgress: (step) => steps.push(step) });
      return steps;
    };
    const scanned = (await told(true, rows)) as { phase: string; stage: string; done: number; total: number }[];
    expect(await told(false, rows)).toEqual(scanned);
    expect(scanned[0]).toEqual({ phase: 'opening', stage: 'book.xlsx [得分]', done: 0, total: 3000 });
    expect(scanned.at(-1)).toEqual({ phase: 'opening', stage: 'book.xlsx [得分]', done: 3000, total: 3000 });
    expect(scanned.length).toBeGreaterThan(90);
    expect(scanned.length).toBeLessThanOrEqual(102);
    for (let k = 1; k < scanned.length; k++) expect(scanned[k]?.done).toBeGreaterThan(scanned[k - 1]?.done as number);
    // rows of other elements than <row>, or none, are not counted
    expect(await told(true, '<row r="1"/>')).toEqual([
      { phase: 'opening', stage: 'book.xlsx [得分]', done: 0, total: 1 },
      { phase: 'opening', stage: 'book.xlsx [得分]', done: 1, total: 1 },
    ]);
    expect(await told(true, '')).toEqual([]);
  });

  it('is scanned where its rows are what Excel writes, and reads a large one, its rows cut across pieces, as parsing does', async () => {
    const rows = Array.from({ length: 30_000 }, (_, k) => `<row r="${k + 1}" spans="1:4"><c r="A${k + 1}" t="s"><v>${k % 3}</v></c><c r="B${k + 1}" t="inlineStr"><is><t>单位${k} &amp; 😀</t></is></c><c r="C${k + 1}" s="1"><v>${(k % 10000) / 100}</v></c><c r="D${k + 1}"><f>C${k + 1}*2</f><v>${(k % 10000) / 50}</v></c></row>`);
    const bytes = oneSheet(rows.join(''), { styles, shared });
    const seen: boolean[] = [];
    const scanned = await readerTables(bytes, { scan: true, piece: 1 << 20, told: (_, yes) => seen.push(yes) });
    expect(seen).toEqual([true]);
    expect(scanned).toEqual(await readerTables(bytes, { scan: false, piece: 1 << 20 }));
    expect(scanned[0]?.[1][29_999]).toEqual([30_000, ['xy', '单位29999 & 😀', '1900-04-08T23:45:36.000Z', 199.98]]);
  });
});
