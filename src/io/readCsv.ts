import { readFile } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import { csvParseRows } from 'd3-dsv';
import { decodeText } from './decode.js';
import { InputError } from './InputError.js';
import type { Table } from './tables.js';

/**
 * Reads a CSV file as a table: decoded (see {@link decodeText}), parsed as csv-parse parses it, blank lines skipped,
 * each row numbered by its line in the file.
 *
 * @param path - the file
 * @param source - its name for messages
 * @param encoding - an encoding to force, or undefined to detect
 * @returns the table
 * @throws {@link InputError} when the file cannot be read, decoded or parsed
 */
export async function readCsv(path: string, source: string, encoding?: string): Promise<Table> {
  const { text } = decodeText(await _read(path, source), source, encoding);
  return parseCsvText(text, source);
}

/**
 * Parses CSV text as a table, each row numbered by its line in the text.
 *
 * @param text - decoded CSV text
 * @param source - its name for messages
 * @returns the table
 * @throws {@link InputError} when the text is not CSV
 */
export function parseCsvText(text: string, source: string): Table {
  const options = { skip_empty_lines: true, relax_column_count: true, bom: true } as const;
  try {
    // without quotes every record is one line, and the text cannot be malformed: d3-dsv's row parser, a
    // third of csv-parse's time, splits it, and the lines are counted here. If the counts disagree, or the
    // line breaks are of more than one kind (a lone carriage return inside a field, say), csv-parse reads it
    if (!text.includes('"')) {
      const keep = _keeper();
      const records = csvParseRows(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, (cells) => (cells.length > 1 || cells[0] !== '' ? keep(cells) : null));
      const lines = _nonEmptyLines(text, records.length);
      if (lines !== null) return { source, rows: records.map((cells, i) => ({ row: lines[i] as number, cells })) };
    }
    const records = parse(text, { ...options, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    return { source, rows: records.map(({ record, info }) => ({ row: info.lines, cells: record })) };
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new InputError('invalid-csv', source, `not valid CSV: ${error.message.replace(/^[^:]*:\s*/, '')}`, line === undefined ? undefined : `line ${line}`, { cause: error });
    }
    throw error;
  }
}

/**
 * What keeps a row's cells, row after row: each long cell copied, and each short one shared with the same text
 * in the same column of an earlier row.
 *
 * d3-dsv cuts cells out of the text, and V8 keeps a cut of 13 characters or more as a view of the whole text:
 * one such cell kept in the dataset (a unit's long name) would keep the whole file's text with it. A JSON round
 * trip gives the same text as a string of its own.
 *
 * A shorter cut is a string of its own, one per cell: a million rows of nine scores are nine million strings, of
 * a few thousand texts. Each column's texts are kept in a map, and a cell whose text is there already is given
 * that string, so the copies die young instead of being carried, with the rows, to the end of the file. A column
 * that holds more than {@link _SHARED_PER_COLUMN} texts (codes, names) is left as it comes from then on, its map
 * let go: such a column is mostly texts met once, and the few it repeats are not worth a lookup per cell.
 */
function _keeper(): (cells: string[]) => string[] {
  const known: (Map<string, string> | null | undefined)[] = [];
  return (cells) => {
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i] as string;
      if (cell.length >= 13) {
        cells[i] = JSON.parse(JSON.stringify(cell)) as string;
        continue;
      }
      let texts = known[i];
      if (texts === null) continue;
      if (texts === undefined) known[i] = texts = new Map();
      const seen = texts.get(cell);
      if (seen !== undefined) cells[i] = seen;
      else if (texts.size < _SHARED_PER_COLUMN) texts.set(cell, cell);
      else known[i] = null;
    }
    // d3-dsv grows each row's list a cell at a time, which leaves room for 17 cells in a list of 10: a copy holds
    // just the cells (152 → 96 bytes a row of ten, while the table is held)
    return cells.slice();
  };
}

/** How many different texts a column's cells are shared among, at most (see {@link _keeper}). */
const _SHARED_PER_COLUMN = 1 << 16;

/**
 * The numbers of the non-empty lines of a text, or null when they may not be csv-parse's records: more or
 * fewer than expected, or line breaks of more than one kind (csv-parse takes the first kind it meets as the
 * record delimiter, and the others as text).
 */
function _nonEmptyLines(text: string, expected: number): Uint32Array | null {
  const lines = new Uint32Array(expected);
  let found = 0;
  let line = 1;
  let kind = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = start; i <= text.length; i++) {
    const code = i === text.length ? -1 : text.charCodeAt(i);
    if (code !== -1 && code !== 0x0a && code !== 0x0d) continue;
    if (i > start) {
      if (found === expected) return null;
      lines[found++] = line;
    }
    if (code !== -1) {
      // 1: \n, 2: \r, 3: \r\n
      const here = code === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 3 : code === 0x0d ? 2 : 1;
      if (kind !== 0 && here !== kind) return null;
      kind = here;
      if (here === 3) i++;
    }
    line++;
    start = i + 1;
  }
  return found === expected ? lines : null;
}

/**
 * Reads a file's bytes, turning the file system's errors into messages about the file.
 *
 * @param path - the file
 * @param source - its name for messages
 * @returns the bytes
 */
export async function _read(path: string, source: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('file-not-found', source, 'no such file', undefined, { cause: error });
    if (code === 'EISDIR') throw new InputError('is-a-directory', source, 'is a folder, expected a file', undefined, { cause: error });
    if (code === 'EACCES') throw new InputError('permission-denied', source, 'cannot be read: permission denied', undefined, { cause: error });
    throw new InputError('unreadable', source, `cannot be read (${code ?? String(error)})`, undefined, { cause: error });
  }
}
