import { readFile } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import { decodeText } from './decode.js';
import { InputError } from './InputError.js';
import type { Table, TableRow, TableRows } from './tables.js';

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
  return { source, rows: [..._csvRows(text, source, _keeper()).rows] };
}

/**
 * Parses CSV text as a table read as it is converted (see {@link TableRows}), each row numbered by its line in
 * the text.
 *
 * Text without quotes has one record per line, its cells the line's text between commas, and cannot be
 * malformed: its lines are found first, and each is split as its row is asked for, so that a large file's rows are
 * never all in memory at once. If the line breaks are of more than one kind (a lone carriage return inside a
 * field, say), or the text has quotes, csv-parse reads it whole, here.
 *
 * Rows read this way die young, once converted: their short cells are not shared with equal ones, as a table kept
 * whole has them ({@link parseCsvText}), but a long cell is still copied from the text (see {@link _copier}).
 *
 * @param text - decoded CSV text
 * @param source - its name for messages
 * @returns the rows, to be read once, each before the next is asked for: quote-free text gives every row's cells in
 *   the same list, filled again for the next row
 * @throws {@link InputError} when the text is not CSV
 */
export function csvRows(text: string, source: string): TableRows {
  return { source, ..._csvRows(text, source, _copier(), true) };
}

/**
 * How many rows CSV text has, and its rows, each row's cells passed through `keep` where they are split here, in
 * one list for all rows where `reuse` (see {@link _SplitLines}).
 */
function _csvRows(text: string, source: string, keep: (cells: string[]) => string[], reuse = false): { count: number; rows: Iterable<TableRow> } {
  if (!text.includes('"')) {
    const lines = _nonEmptyLines(text);
    if (lines !== null) return { count: lines.count, rows: new _SplitLines(text, lines, keep, reuse) };
  }
  const options = { skip_empty_lines: true, relax_column_count: true, bom: true } as const;
  try {
    const records = parse(text, { ...options, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    return { count: records.length, rows: records.map(({ record, info }) => ({ row: info.lines, cells: record })) };
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new InputError('invalid-csv', source, `not valid CSV: ${error.message.replace(/^[^:]*:\s*/, '')}`, line === undefined ? undefined : `line ${line}`, { cause: error });
    }
    throw error;
  }
}

/**
 * The rows of quote-free text, a line at a time, each row's cells passed through `keep`. A line's cells are cut
 * from the text between its commas, found with indexOf: a third less time than d3-dsv's row parser, which reads
 * the text a character at a time, and the cells are the same (a property test holds them to csv-parse's).
 *
 * An iterator of its own, not a generator's, with a `read` that gives the next row without the object each of an
 * iterator's steps returns: where the rows are read, V8 can inline it (a tenth of the time nine million rows take
 * to convert).
 */
class _SplitLines implements IterableIterator<TableRow> {
  // let go after the last row, so that a large file's text is garbage as soon as it is read
  #text: string;
  #lines: _Lines;
  readonly #keep: (cells: string[]) => string[];
  #line = 0;
  // the next comma in the text, kept from line to line: each is looked for once, so lines without a comma (a
  // table separated by semicolons, a table of one column) do not each search the rest of the text
  #comma = -1;
  readonly #cells: string[] = [];

  readonly #reuse: boolean;

  /** @param reuse - whether each row's cells are given in the list they are cut into, for rows read one at a time */
  constructor(text: string, lines: _Lines, keep: (cells: string[]) => string[], reuse: boolean) {
    this.#text = text;
    this.#lines = lines;
    this.#keep = keep;
    this.#reuse = reuse;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<TableRow, undefined> {
    const row = this.read();
    return row === undefined ? { done: true, value: undefined } : { done: false, value: row };
  }

  /** The next row, or undefined after the last: {@link next} without the object it returns. */
  read(): TableRow | undefined {
    const i = this.#line;
    const lines = this.#lines;
    if (i >= lines.count) {
      this.#text = '';
      this.#lines = _NO_LINES;
      return undefined;
    }
    this.#line = i + 1;
    const text = this.#text;
    const end = _lineEnd(lines, i);
    // cut into one list for all rows, and given in it, or copied from it: a list made and filled for each row
    // would be made where V8 counts how many of what is made at that place live on, and at times it decides,
    // mid-file, that they all live long and makes them in its old generation from then on (the rest of the file's
    // rows then left a gigabyte of garbage there: four seconds more for nine million rows). The copy, made by
    // `slice`, is counted by no place, and has no room to spare.
    const cut = this.#cells;
    let n = 0;
    let comma = this.#comma;
    for (let start = lines.starts[i] as number; ; ) {
      if (comma < start) {
        comma = text.indexOf(',', start);
        if (comma === -1) comma = Infinity;
      }
      const stop = comma < end ? comma : end;
      cut[n++] = text.slice(start, stop);
      if (stop === end) break;
      start = stop + 1;
    }
    this.#comma = comma;
    let cells = cut;
    if (!this.#reuse) cells = cut.slice(0, n);
    else if (cut.length !== n) cut.length = n;
    return new _Row(lines.numbers === undefined ? i + 1 : (lines.numbers[i] as number), this.#keep(cells));
  }
}

/** A row of a table, made by a constructor rather than a literal (see {@link _SplitLines.read}). */
class _Row implements TableRow {
  constructor(
    readonly row: number,
    readonly cells: readonly string[],
  ) {}
}

/**
 * What keeps a row's cells, row after row: each long cell copied, and each short one shared with the same text
 * in the same column of an earlier row.
 *
 * Cells are cut out of the text, and V8 keeps a cut of 13 characters or more as a view of the whole text:
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
      if (cell.length >= _LONG) {
        cells[i] = _ownCopy(cell);
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
    return cells;
  };
}

/**
 * What copies a row's long cells from the text (see {@link _keeper}), row after row, and leaves the rest as they
 * are. A long text met before in the same column is given the copy made then: a column of categories or of
 * indicators (`key-area-office`, `central-service`) is a few texts, each copied once, not once a row. Past
 * {@link _SHARED_PER_COLUMN} texts, a column's are copied each time.
 */
function _copier(): (cells: string[]) => string[] {
  const copies: (Map<string, string> | null | undefined)[] = [];
  return (cells) => {
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i] as string;
      if (cell.length < _LONG) continue;
      let texts = copies[i];
      if (texts === null) {
        cells[i] = _ownCopy(cell);
        continue;
      }
      if (texts === undefined) copies[i] = texts = new Map();
      const copy = texts.get(cell);
      if (copy !== undefined) {
        cells[i] = copy;
        continue;
      }
      // the map keeps the copy, never the cut, which would keep the whole text
      const own = _ownCopy(cell);
      cells[i] = own;
      if (texts.size < _SHARED_PER_COLUMN) texts.set(own, own);
      else copies[i] = null;
    }
    return cells;
  };
}

/** How long a cut of a text is for V8 to keep it as a view of the text (see {@link _keeper}). */
const _LONG = 13;

/** A text as a string of its own, not a view of a larger one. */
function _ownCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** How many different texts a column's cells are shared among, at most (see {@link _keeper}). */
const _SHARED_PER_COLUMN = 1 << 16;

/**
 * The non-empty lines of a text: how many, where each starts, and each one's number and where it ends. Where no
 * empty line comes between two others, a line's number is its place plus one, and it ends where the next one
 * starts, less the line break: only where one does are numbers and ends kept (a text of nine million lines then
 * takes 34 MB of positions rather than 103).
 */
interface _Lines {
  readonly count: number;
  readonly starts: Uint32Array;
  /** each line's number, where an empty line comes between two others */
  readonly numbers: Uint32Array | undefined;
  /** where each line's break is, or the end of the text, where an empty line comes between two others */
  readonly ends: Uint32Array | undefined;
  /** the length of a line break */
  readonly breakLength: number;
  /** where the last line ends */
  readonly lastEnd: number;
}

/** No lines. */
const _NO_LINES: _Lines = { count: 0, starts: new Uint32Array(0), numbers: undefined, ends: undefined, breakLength: 1, lastEnd: 0 };

/** Where a line of a text ends, before its break (see {@link _Lines}). */
function _lineEnd(lines: _Lines, i: number): number {
  if (lines.ends !== undefined) return lines.ends[i] as number;
  return i + 1 < lines.count ? (lines.starts[i + 1] as number) - lines.breakLength : lines.lastEnd;
}

/**
 * The non-empty lines of a text, or null when they may not be csv-parse's records: line breaks of more than one
 * kind (csv-parse takes the first kind it meets as the record delimiter, and the others as text). Breaks are found
 * with indexOf, which V8 runs over the text's characters far faster than a loop here reading each one.
 */
function _nonEmptyLines(text: string): _Lines | null {
  const first = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const returns = _occurrences(text, '\r', first);
  const feeds = _occurrences(text, '\n', first);
  // \r\n throughout, \r alone, or \n alone: a text with both is all \r\n only if every \r is followed by a \n and
  // every \n follows a \r
  const both = returns > 0 && feeds > 0;
  if (both && (returns !== feeds || _occurrences(text, '\r\n', first) !== feeds)) return null;
  const lineBreak = both ? '\r\n' : returns > 0 ? '\r' : '\n';
  const breakLength = lineBreak.length;
  // a line more than there are breaks, at most: lists grown as lines are found would leave copies behind, and
  // end up to twice the size (a hundred megabytes more for nine million lines)
  const most = (returns > 0 ? returns : feeds) + 1;
  const starts = new Uint32Array(most);
  let numbers: Uint32Array | undefined;
  let ends: Uint32Array | undefined;
  let found = 0;
  let lastEnd = 0;
  let line = 1;
  for (let start = first; ; line++) {
    let end = text.indexOf(lineBreak, start);
    if (end === -1) end = text.length;
    if (end > start) {
      starts[found] = start;
      if (numbers !== undefined && ends !== undefined) {
        numbers[found] = line;
        ends[found] = end;
      }
      found++;
      lastEnd = end;
    } else if (numbers === undefined && end < text.length) {
      // an empty line with more after it: the lines so far are numbered by their places, and end where the next
      // starts (the last, where this one does), less a break
      numbers = new Uint32Array(most);
      ends = new Uint32Array(most);
      for (let k = 0; k < found; k++) {
        numbers[k] = k + 1;
        ends[k] = (k + 1 < found ? (starts[k + 1] as number) : start) - breakLength;
      }
    }
    if (end === text.length) break;
    start = end + breakLength;
  }
  return { count: found, starts, numbers, ends, breakLength, lastEnd };
}

/** How many times a text holds another, from a position on, without overlaps. */
function _occurrences(text: string, what: string, from: number): number {
  let count = 0;
  for (let at = text.indexOf(what, from); at !== -1; at = text.indexOf(what, at + what.length)) count++;
  return count;
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
