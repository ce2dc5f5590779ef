/**
 * CSV text without quotes is split at its line breaks and commas and numbered line by line, without csv-parse,
 * whose record information costs most of a large file's parsing. This property holds rows and numbers to
 * csv-parse's own (as a spreadsheet numbers them), on text with blank lines, CRLF, line breaks of several kinds, a BOM, a missing final line
 * break and stray carriage returns,
 * whether the table is kept whole or read a row at a time.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import iconv from 'iconv-lite';
import { _LINE_RUNS, _firstBadLine, decodeText } from '../src/io/decode.js';
import { InputError } from '../src/io/InputError.js';
import { _Pieces, _csvRowsOfBytes, _csvRowsOfFile, csvRows, parseCsvText } from '../src/io/readCsv.js';
import type { TableRows } from '../src/io/tables.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40) * 25;

// tabs, comment and quote marks, odd spaces and line separators, a byte-order mark inside the text, and now and
// then a double quote, which sends the text to csv-parse
const cell = fc.oneof(
  { weight: 12, arbitrary: fc.stringMatching(/^[a-z0-9 .\-_分数单位\t#'\u00a0\u2028\u3000\ufeff]{0,6}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z"]{0,4}$/) },
);
const line = fc.oneof({ weight: 5, arbitrary: fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(',')) }, { weight: 1, arbitrary: fc.constant('') });
const text = fc
  .tuple(fc.array(line, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.boolean(), fc.option(fc.nat({ max: 40 })), fc.option(fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 12, maxLength: 12 })))
  .map(([lines, newline, bom, finalBreak, strayAt, mixed]) => {
    // line breaks of one kind, or now and then of each kind in turn, as rows added in another editor leave them
    const joinedLines = mixed === null ? lines.join(newline) : lines.map((text, k) => (k === 0 ? '' : mixed[k]) + text).join('');
    let joined = (bom ? '\ufeff' : '') + joinedLines + (finalBreak ? newline : '');
    // a lone carriage return somewhere, as a badly converted file might have
    if (strayAt !== null && strayAt < joined.length) joined = `${joined.slice(0, strayAt)}\r${joined.slice(strayAt)}`;
    return joined;
  });

/**
 * csv-parse's rows, as kaoping asks for them (line breaks of every kind, mixed too, taken as such), each with the
 * row a spreadsheet shows it in: the records and blank lines up to it.
 */
function withInfo(csv: string) {
  const records = parse(csv, { info: true, skip_empty_lines: true, relax_column_count: true, bom: true, record_delimiter: ['\r\n', '\n', '\r'] }) as unknown as { record: string[]; info: { records: number; empty_lines: number } }[];
  return records.map(({ record, info }) => ({ row: info.records + info.empty_lines, cells: record }));
}

describe('CSV rows and their line numbers', () => {
  it('are the same counted here as csv-parse gives them', () => {
    fc.assert(
      fc.property(text, (csv) => {
        let expected: unknown;
        try {
          expected = withInfo(csv);
        } catch {
          expect(() => parseCsvText(csv, 'x.csv')).toThrow();
          return;
        }
        expect(parseCsvText(csv, 'x.csv').rows).toEqual(expected);
        // read a row at a time, as a folder's files are: each row before the next is asked for
        const rows = csvRows(csv, 'x.csv');
        expect(Array.from(rows.rows, ({ row, cells }) => ({ row, cells: [...cells] }))).toEqual(expected);
        expect(rows.count).toBe((expected as unknown[]).length);
      }),
      { numRuns: RUNS },
    );
  });

  it('look at each character of the text once for commas, whatever its lines hold', () => {
    // lines without a comma (a table separated by semicolons, or of one column) among lines with many
    const lines = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? `U${i};单位${i};38.00` : i % 3 === 1 ? `U${i},,${i},` : `U${i}`));
    const csv = lines.join('\r\n');
    const indexOf = vi.spyOn(String.prototype, 'indexOf');
    try {
      const cells = Array.from(csvRows(csv, 'x.csv').rows, (row) => [...row.cells]);
      expect(cells).toEqual(lines.map((line) => line.split(',')));
      // how far each search for a comma in the text went, from where it started to what it found (or the end)
      let scanned = 0;
      indexOf.mock.calls.forEach((args, call) => {
        const result = indexOf.mock.results[call]?.value as number;
        if (indexOf.mock.contexts[call] === csv && args[0] === ',') scanned += (result === -1 ? csv.length : result) - (args[1] ?? 0);
      });
      expect(scanned).toBeGreaterThan(0);
      expect(scanned).toBeLessThanOrEqual(csv.length);
    } finally {
      indexOf.mockRestore();
    }
  });

  it('number rows as a spreadsheet shows them: blank lines counted, a line break inside a cell not', () => {
    expect(parseCsvText('\ufeffa,b\r\n\r\nc,d\r\ne\r\n', 'x.csv').rows).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 3, cells: ['c', 'd'] },
      { row: 4, cells: ['e'] },
    ]);
    expect(parseCsvText('a,"b\nc"\nd\r\n"e\r\nf\rg",h\n\ni', 'x.csv').rows).toEqual([
      { row: 1, cells: ['a', 'b\nc'] },
      { row: 2, cells: ['d'] },
      { row: 3, cells: ['e\r\nf\rg', 'h'] },
      { row: 5, cells: ['i'] },
    ]);
  });

  it('keep no long cell as a view of the whole text, which would keep the text alive with it', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    // about 30 MB of text as a string; a long name from every thousandth row is kept
    let text: string | undefined = Array.from({ length: 400_000 }, (_, i) => `U${i},北京市西城区发展和改革委员会第${i}处,department`).join('\n');
    const kept = parseCsvText(text, 'x.csv').rows.filter((_, i) => i % 1000 === 0).map((row) => row.cells[1]);
    text = undefined;
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(kept).toHaveLength(400);
    expect(kept[1]).toBe('北京市西城区发展和改革委员会第1000处');
    expect(grown).toBeLessThan(4 * 2 ** 20);
  });

  it('share short cells of the same text in a column, and leave a column of many texts as it comes', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const scores = (i: number) => Array.from({ length: 9 }, (_, c) => `${(i * 7 + c * 13) % 100}.${(i + c) % 10}5`);
    const text = Array.from({ length: 100_000 }, (_, i) => `U${i},${scores(i).join(',')}`).join('\n');
    gc();
    const before = process.memoryUsage().heapUsed;
    const table = parseCsvText(text, 'scores.csv');
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(table.rows).toHaveLength(100_000);
    expect(table.rows[99_999]).toEqual({ row: 100_000, cells: ['U99999', ...scores(99_999)] });
    expect(new Set(table.rows.map((row) => row.cells[0])).size).toBe(100_000);
    // the rows, their lists of cells and the codes take about 12 MB; 900,000 score cells of their own take
    // about 20 MB more
    expect(grown).toBeLessThan(22 * 2 ** 20);
  });
});

describe('a CSV file too large to be one text', () => {
  /** All the rows, copied, or the error reading them threw. */
  const readAll = (rows: () => TableRows) => {
    try {
      const table = rows();
      return { count: table.count, rows: Array.from(table.rows, ({ row, cells }) => ({ row, cells: [...cells] })) };
    } catch (error) {
      return { error: error instanceof InputError ? error.code : String(error) };
    }
  };

  it('read a piece at a time, gives the rows, numbers and count of the whole text, in UTF-8 and GB18030', () => {
    fc.assert(
      fc.property(text, fc.boolean(), fc.integer({ min: 1, max: 24 }), (csv, gbk, pieceBytes) => {
        const bytes = gbk ? iconv.encode(csv, 'gb18030') : Buffer.from(csv, 'utf8');
        const whole = readAll(() => csvRows(decodeText(bytes, 'x.csv').text, 'x.csv'));
        // every file is in pieces here, of a few bytes, or of a longer line
        const pieces = readAll(() => _csvRowsOfBytes(bytes, 'x.csv', undefined, pieceBytes));
        // a text without quotes whose line breaks are line feeds, or a carriage return and a line feed, throughout;
        // any other is refused as too large before any row is read
        const plain = !csv.includes('"') && !/\r(?!\n)/.test(csv) && !(/\r\n/.test(csv) && /(?<!\r)\n/.test(csv));
        if (!plain) expect(pieces).toEqual({ error: 'too-large' });
        else if ('error' in whole) expect(pieces).toHaveProperty('error');
        else expect(pieces).toEqual(whole);
      }),
      { numRuns: RUNS },
    );
  });

  it('is read in pieces of whole lines, a line longer than a piece in one, and a byte-order mark dropped only at the start', () => {
    // (a piece starts at U3's line: its mark is its own)
    const csv = `\ufeffunit,score\n\nU1,1\nU2,${'9'.repeat(40)}\n\ufeffU3,3\n\n`;
    const rows = _csvRowsOfBytes(Buffer.from(csv, 'utf8'), 'x.csv', undefined, 8);
    expect(rows.count).toBe(4);
    expect(Array.from(rows.rows, ({ row, cells }) => ({ row, cells: [...cells] }))).toEqual([
      { row: 1, cells: ['unit', 'score'] },
      { row: 3, cells: ['U1', '1'] },
      { row: 4, cells: ['U2', '9'.repeat(40)] },
      { row: 5, cells: ['\ufeffU3', '3'] },
    ]);
  });

  it('keeps a character at the start of a piece in any encoding, ÿ in windows-1252 among them', () => {
    const csv = 'a,b\nÿ,þ\n\ufeffc,d\nÿ\n';
    for (const [encoding, bytes] of [['latin1', iconv.encode(csv, 'windows-1252')], ['gb18030', iconv.encode(csv, 'gb18030')], [undefined, Buffer.from(csv, 'utf8')]] as const) {
      const whole = readAll(() => csvRows(decodeText(bytes, 'x.csv', encoding).text, 'x.csv'));
      for (const pieceBytes of [1, 2, 3, 5]) expect(readAll(() => _csvRowsOfBytes(bytes, 'x.csv', encoding, pieceBytes)), `${encoding} ${pieceBytes}`).toEqual(whole);
    }
  });

  it('is refused as too large where it has quotes, line breaks of two kinds, or is in UTF-16 or ISO-2022-JP', () => {
    const message = (bytes: Buffer, encoding?: string) => readAll(() => _csvRowsOfBytes(bytes, 'x.csv', encoding, 4));
    // ISO-2022-JP's escapes carry over line feeds: ESC ( J reads the next lines' 0x5C as a yen sign
    expect(message(Buffer.from('\x1b(Jid,price\nA,\\5\nB,\\6\n', 'latin1'), 'iso-2022-jp')).toEqual({ error: 'too-large' });
    expect(message(Buffer.from('a,"b"\nc,d\n'))).toEqual({ error: 'too-large' });
    expect(message(Buffer.from('a,b\r\nc,d\ne,f\n'))).toEqual({ error: 'too-large' });
    expect(message(Buffer.from('\ufeffa,b\nc,d\n', 'utf16le'))).toEqual({ error: 'too-large' });
    expect(message(Buffer.from('a,b\nc,d\n'), 'utf-16le')).toEqual({ error: 'too-large' });
    expect(() => _csvRowsOfBytes(Buffer.from('a,"b"\n'), 'x.csv', undefined, 4)).toThrow(
      /^x\.csv: the file is too large to read as one text \(0 MB; a text holds at most [\d,]+ characters\), and it has quotes, which only a file read as one text may have; saved without quotes, its line breaks all of one kind that ends in a line feed, in UTF-8, GBK or any encoding but UTF-16 and ISO-2022-JP, it would be read a piece at a time$/,
    );
    // bytes that are no character, named at their line
    expect(() => Array.from(_csvRowsOfBytes(Buffer.from([...Buffer.from('a,b\nc,d\n'), 0xff, 0x0a]), 'x.csv', 'gbk', 4).rows)).toThrow(/line 3/);
  });
});

describe('a large CSV file that can be one text', () => {
  const folder = mkdtempSync(join(tmpdir(), 'kaoping-pieces-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  /** All the rows, copied, or the error reading them threw, with its message. */
  const readAll = (rows: () => TableRows) => {
    try {
      const table = rows();
      return { count: table.count, rows: Array.from(table.rows, ({ row, cells }) => ({ row, cells: [...cells] })) };
    } catch (error) {
      return error instanceof InputError ? { error: error.code, message: error.message } : { error: String(error) };
    }
  };

  it('is read a piece at a time where it has no quotes and its line breaks are of one kind, and as one text otherwise, its rows, count and errors the same', () => {
    const file = join(folder, 'scores.csv');
    let inPieces = 0;
    let whole = 0;
    fc.assert(
      fc.property(text, fc.constantFrom('utf-8', 'gb18030', 'broken'), fc.integer({ min: 1, max: 24 }), (csv, encoding, pieceBytes) => {
        let bytes = encoding === 'gb18030' ? iconv.encode(csv, 'gb18030') : Buffer.from(csv, 'utf8');
        // a byte that is no character in UTF-8, nor in GB18030 after a line feed
        if (encoding === 'broken') bytes = Buffer.concat([bytes, Buffer.from([0x0a, 0xff, 0x0a])]);
        writeFileSync(file, bytes);
        const expected = readAll(() => csvRows(decodeText(bytes, 'x.csv').text, 'x.csv'));
        let route: unknown;
        const read = readAll(() => {
          const table = _csvRowsOfFile(file, 'x.csv', undefined, pieceBytes);
          route = table.rows;
          return table;
        });
        // bytes that are no character in the file's encoding are an error either way, its message perhaps of another
        // place: pieces are decoded one by one, the whole text at once
        if ('error' in expected && expected.error === 'encoding') expect(read).toHaveProperty('error', 'encoding');
        else expect(read).toEqual(expected);
        // (the line feeds a byte that is no character comes between are line breaks too)
        const breaks = encoding === 'broken' ? `${csv}\n\n` : csv;
        const plain = !csv.includes('"') && !/\r(?!\n)/.test(breaks) && !(/\r\n/.test(breaks) && /(?<!\r)\n/.test(breaks));
        // (an error found before any row is read leaves no rows to read either way)
        if (route === undefined) expect(read).toHaveProperty('error');
        else expect(route instanceof _Pieces).toBe(plain);
        if (route instanceof _Pieces) inPieces++;
        else if (route !== undefined) whole++;
      }),
      { numRuns: RUNS },
    );
    // both ways were taken, many times
    expect(Math.min(inPieces, whole)).toBeGreaterThan(RUNS / 50);
  });

  it('changed after its survey, is refused as changed while it was read, not read as the survey found it', () => {
    const file = join(folder, 'changed.csv');
    const before = 'unit,score\nU1,1\nU2,2\nU3,3\nU4,4\nU5,5\n';
    writeFileSync(file, before);
    utimesSync(file, 1_000_000, 1_000_000);
    const table = _csvRowsOfFile(file, 'changed.csv', undefined, 8);
    expect(table.count).toBe(6);
    // saved again, as long, its line feeds and cells elsewhere
    writeFileSync(file, 'unit,score\nU1,1,x\nU2\n\nU3,3\nU4,4\nU5,55\n');
    expect(() => Array.from(table.rows)).toThrow('changed.csv: cannot be read: it changed while it was read (saved again?); read it again once it is saved');
  });

  it('changed while its rows are read, a megabyte or more into it, is refused as changed, not read on as the other file', () => {
    const file = join(folder, 'changed-later.csv');
    const lines = Array.from({ length: 200_000 }, (_, i) => `U${String(i).padStart(6, '0')},${i % 100}`);
    writeFileSync(file, `unit,score\n${lines.join('\n')}\n`);
    utimesSync(file, 1_000_000, 1_000_000);
    const table = _csvRowsOfFile(file, 'changed-later.csv', undefined, 32 * 1024);
    const rows = table.rows[Symbol.iterator]();
    // the first rows, all in the file's first megabyte
    for (let i = 0; i < 1_000; i++) expect(rows.next().value?.cells[0]).toBe(i === 0 ? 'unit' : `U${String(i - 1).padStart(6, '0')}`);
    // the same bytes, saved again
    utimesSync(file, 2_000_000, 2_000_000);
    expect(() => {
      for (let next = rows.next(); !next.done; next = rows.next());
    }).toThrow('changed-later.csv: cannot be read: it changed while it was read (saved again?); read it again once it is saved');
  });

  it('is read as one text where a line is longer than 16 MiB (a file whose line breaks are carriage returns alone has one line)', () => {
    const file = join(folder, 'returns.csv');
    const bytes = Buffer.concat([Buffer.from('unit,score\rU1,1\r'), Buffer.alloc(17 * 2 ** 20, 0x20), Buffer.from('\rU2,2\r')]);
    writeFileSync(file, bytes);
    const table = _csvRowsOfFile(file, 'returns.csv');
    expect(table.rows instanceof _Pieces).toBe(false);
    expect(readAll(() => _csvRowsOfFile(file, 'returns.csv'))).toEqual(readAll(() => csvRows(decodeText(bytes, 'returns.csv').text, 'returns.csv')));
  });

  it('given an encoding, is read in it, a piece at a time', () => {
    const file = join(folder, 'gbk.csv');
    const bytes = iconv.encode('unit,score\nU1,1\n单位,2\n', 'gbk');
    writeFileSync(file, bytes);
    const table = _csvRowsOfFile(file, 'gbk.csv', 'gbk', 4);
    expect(table.rows instanceof _Pieces).toBe(true);
    expect(Array.from(table.rows, ({ row, cells }) => ({ row, cells: [...cells] }))).toEqual([
      { row: 1, cells: ['unit', 'score'] },
      { row: 2, cells: ['U1', '1'] },
      { row: 3, cells: ['单位', '2'] },
    ]);
  });
});

describe('a file named as GBK', () => {
  // 0xA2 0xE3 and 0xA6 0xD9 are € and ︐ (Node 20's own GBK decoder gives characters of the Private Use Area for
  // them, which would be refused as a sign of another encoding); a lone 0xFF is no character
  const valid = Buffer.from([...Buffer.from('unit,name\nU1,'), 0xa2, 0xe3, 0xa6, 0xd9, ...Buffer.from('\n')]);
  const stray = Buffer.from([...Buffer.from('unit,score\nU1,9'), 0xff, ...Buffer.from('5.00\n')]);
  const error = (read: () => unknown) => {
    try {
      read();
    } catch (thrown) {
      return thrown instanceof InputError ? { code: thrown.code, message: thrown.message } : { thrown: String(thrown) };
    }
    return undefined;
  };

  it('is decoded as the Encoding Standard decodes GBK, by the GB18030 decoder, as one text and in pieces', () => {
    for (const label of ['gbk', 'GBK', 'gb2312']) {
      const decoded = decodeText(valid, 'x.csv', label);
      expect(decoded).toEqual({ text: 'unit,name\nU1,€︐\n', encoding: 'gbk' });
      for (const pieceBytes of [1, 3, 64]) {
        expect(Array.from(_csvRowsOfBytes(valid, 'x.csv', label, pieceBytes).rows, ({ cells }) => [...cells])).toEqual([
          ['unit', 'name'],
          ['U1', '€︐'],
        ]);
      }
    }
  });

  it('refuses a byte that is no character in it as not valid in it, at its line', () => {
    expect(error(() => decodeText(stray, 'x.csv', 'gbk'))).toEqual({ code: 'encoding', message: 'x.csv: line 2: the file is not valid gbk, the encoding given' });
    expect(error(() => Array.from(_csvRowsOfBytes(stray, 'x.csv', 'gbk', 4).rows))).toEqual({ code: 'encoding', message: 'x.csv: line 2: the file is not valid gbk, the encoding given' });
  });

  it('names GBK where a character of the Private Use Area shows the file is in another encoding, at its line', () => {
    // 0xAA 0xA1 is the first of GB18030's user-defined codes; lines end as rows do, a carriage return alone too
    for (const newline of ['\n', '\r\n', '\r']) {
      const pua = Buffer.from([...Buffer.from(`unit,name${newline}U1,a${newline}U2,`), 0xaa, 0xa1, ...Buffer.from(newline)]);
      expect(error(() => decodeText(pua, 'x.csv', 'gbk'))).toEqual({ code: 'encoding', message: 'x.csv: line 3: the file has a byte that is no character in GBK; is it in another encoding? name it with --encoding' });
      if (newline !== '\r') expect(error(() => Array.from(_csvRowsOfBytes(pua, 'x.csv', 'gbk', 5).rows))).toEqual({ code: 'encoding', message: 'x.csv: line 3: the file has a byte that is no character in GBK; is it in another encoding? name it with --encoding' });
    }
  });

  it('takes the four-byte sequences of GB18030, as the GBK decoder of the Encoding Standard does', () => {
    // 0x81 0x30 0x81 0x30 is U+0080; 0x90 0x30 0x81 0x30 is U+10000
    const bytes = Buffer.from([...Buffer.from('unit,name\nU1,'), 0x90, 0x30, 0x81, 0x30, ...Buffer.from('\n')]);
    expect(decodeText(bytes, 'x.csv', 'gbk').text).toBe('unit,name\nU1,\u{10000}\n');
  });
});

describe('bytes that are no character', () => {
  const cellText = fc.stringMatching(/^[a-z0-9 .分数单位]{0,8}$/);
  const lines = fc.array(fc.array(cellText, { minLength: 1, maxLength: 3 }).map((cells) => cells.join(',')), { minLength: 1, maxLength: 10 });

  it('are named by their line, as rows are numbered, as one text and in pieces, in any encoding whose lines can be read apart', () => {
    const runs = _LINE_RUNS.bytes;
    try {
      fc.assert(
        fc.property(
          lines,
          fc.nat(),
          fc.nat(),
          fc.constantFrom('\n', '\r\n', '\r'),
          fc.constantFrom(undefined, 'gbk', 'shift_jis'),
          fc.integer({ min: 1, max: 40 }),
          (texts, which, where, newline, encoding, runBytes) => {
            _LINE_RUNS.bytes = runBytes;
            // 0xFF is no character in UTF-8, GB18030 (what a file that is not UTF-8 is read in), GBK or Shift_JIS
            const bad = which % texts.length;
            const at = where % ((texts[bad] as string).length + 1);
            const encode = (text: string) => (encoding === undefined ? iconv.encode(text, bad % 2 === 0 ? 'utf8' : 'gb18030') : iconv.encode(text, encoding));
            const parts = texts.map((text, k) => (k === bad ? Buffer.concat([encode(text.slice(0, at)), Buffer.from([0xff]), encode(text.slice(at))]) : encode(text)));
            const bytes = Buffer.concat(parts.flatMap((part, k) => (k === 0 ? [part] : [Buffer.from(newline), part])));
            expect(_firstBadLine(encoding === undefined ? ['utf-8', 'gb18030'] : [encoding], bytes)).toBe(bad + 1);
            const thrown = (read: () => unknown) => {
              try {
                read();
              } catch (error) {
                return error instanceof InputError ? error.place : String(error);
              }
              return 'nothing thrown';
            };
            expect(thrown(() => decodeText(bytes, 'x.csv', encoding))).toBe(`line ${bad + 1}`);
            // in pieces, a file of UTF-8 read as GB18030 because it is not all UTF-8 fails at the first piece that
            // is not GB18030, which may be an earlier one of UTF-8: no line of that piece is then named
            const utf8 = encoding === undefined && bad % 2 === 0;
            if (newline !== '\r') expect([`line ${bad + 1}`, ...(utf8 ? [undefined] : [])]).toContain(thrown(() => Array.from(_csvRowsOfBytes(bytes, 'x.csv', encoding, 1 + (where % 16)).rows)));
          },
        ),
        { numRuns: RUNS / 5 },
      );
    } finally {
      _LINE_RUNS.bytes = runs;
    }
  });

  it('are named by the first line that is neither UTF-8 nor GB18030, in a file of lines of each', () => {
    // a line of GBK, one of UTF-8 (together valid in neither) and a line with 0xFF, in runs of two lines and of all
    const bytes = Buffer.concat([iconv.encode('分\n', 'gbk'), Buffer.from('分\n'), Buffer.from([0x61, 0xff])]);
    const runs = _LINE_RUNS.bytes;
    try {
      for (const runBytes of [4, 1 << 20]) {
        _LINE_RUNS.bytes = runBytes;
        expect(_firstBadLine(['utf-8', 'gb18030'], bytes)).toBe(3);
        expect(() => decodeText(bytes, 'x.csv')).toThrow(/^x\.csv: line 3: the file is neither UTF-8 nor GBK\/GB18030/);
      }
      expect(_firstBadLine(['utf-8', 'gb18030'], bytes.subarray(0, -2))).toBeUndefined();
    } finally {
      _LINE_RUNS.bytes = runs;
    }
  });

  it('are named by no line in UTF-16, whose lines cannot be read apart', () => {
    expect(_firstBadLine(['utf-16le'], Buffer.from([0x61, 0x00, 0x0a, 0x00, 0x00, 0xdc]))).toBeUndefined();
    expect(() => decodeText(Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00, 0x00, 0xdc]), 'x.csv')).toThrow(/^x\.csv: the file starts with a utf-16le byte-order mark but is not valid utf-16le$/);
  });
});
