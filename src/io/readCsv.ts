import { Buffer, constants, isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { _pieceDecoder, _tooLargeForPieces, decodeText } from './decode.js';
import { readFile, stat } from './fsAsync.js';
import { InputError } from './InputError.js';
import type { Table, TableRow, TableRows, _TextLines } from './tables.js';

/**
 * Reads a CSV file as a table: decoded (see {@link decodeText}), parsed as csv-parse parses it, blank lines skipped,
 * each row numbered by the row a spreadsheet shows it in (its line, where no cell holds a line break).
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
 * Parses CSV text as a table, each row numbered by the row a spreadsheet shows it in (its line, where no cell holds a line break).
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
 * Parses CSV text as a table read as it is converted (see {@link TableRows}), each row numbered by the row a
 * spreadsheet shows it in (its line, where no cell holds a line break).
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
 * Rows given one at a time by `read`, the next row or undefined after the last, which V8 can inline where the rows
 * are read; and, for whatever reads rows as an iterator, `next`, which makes the object each of an iterator's steps
 * returns.
 */
export abstract class _ReadRows implements IterableIterator<TableRow> {
  /** The next row, or undefined after the last. */
  abstract read(): TableRow | undefined;

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<TableRow, undefined> {
    const row = this.read();
    return row === undefined ? { done: true, value: undefined } : { done: false, value: row };
  }
}

/**
 * The rows of CSV bytes already in memory read a piece at a time, as {@link _csvRowsOfFile} reads a file's: for
 * pieces of any size, where the reading of a file takes pieces of about 32 KiB.
 *
 * @param bytes - the file's content
 * @param source - its name for messages
 * @param encoding - an encoding to force, or undefined to detect
 * @param pieceBytes - about how many bytes a piece has
 * @returns the rows, to be read once, each before the next is asked for
 * @throws {@link InputError} when the bytes cannot be decoded or parsed, or cannot be read in pieces
 */
export function _csvRowsOfBytes(bytes: Uint8Array, source: string, encoding?: string, pieceBytes = _PIECE_BYTES): TableRows {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  return _csvRowsInPieces({ size: file.length, read: (start, end) => file.subarray(start, end) }, source, encoding, pieceBytes, constants.MAX_STRING_LENGTH);
}

/**
 * The rows of a large CSV file, read from the file a piece at a time. A string holds at most 536,870,888
 * characters (2^29 - 24), and a scores table of a million units given by subjects is longer; a file that is
 * shorter is read so too where pieces read it as its whole text would be read (as below, and no line longer than
 * 16 MiB), and otherwise as one text, giving the same rows: its text and its lines' places are then never all in
 * memory (the command on a million units' long table of 213 MB peaked at 0.80 GB instead of 0.88–0.95 GB in
 * UTF-8, and of 1.34 GB in GBK). The file
 * is read through once, cut after line feeds into pieces of about `pieceBytes` each, its non-empty lines counted (a
 * line is empty where it has no byte but its break) and its bytes checked (see {@link _pieceDecoder}); then each
 * piece is read again and decoded when its rows are first asked for, and let go after its last: only a megabyte of
 * the file's bytes (see {@link _READ_BYTES}) and one piece's text are in memory at a time. Such a file must be what a text split a line at a time
 * reads: without quotes, its line breaks all of one kind, in an encoding in which a byte 0x0A is a line feed;
 * otherwise it is refused as too large, saying why, as it was before it could be read in pieces (Node decodes no
 * more bytes than a string holds characters, whatever the text would be).
 *
 * The file is read as it is when this is called, and each later read of it checks that it is still that file (its
 * size, the time it was last changed and its inode): one saved again while its rows are read is refused as changed,
 * never read as part one file and part another.
 *
 * @param path - the file
 * @param source - its name for messages
 * @param encoding - an encoding to force, or undefined to detect
 * @param pieceBytes - about how many bytes a piece has
 * @returns the rows, to be read once, each before the next is asked for
 * @throws {@link InputError} when the file cannot be read, decoded or parsed, is too large to read, or changes while
 *   it is read
 */
export function _csvRowsOfFile(path: string, source: string, encoding?: string, pieceBytes = _PIECE_BYTES): TableRows {
  // the file as it is when its rows are first asked for; each later read checks that it is still that file
  const state = _fileState(path, source);
  const size = state.size;
  // one buffer for every read: a buffer made for each piece of 1 MB is counted by V8 as memory outside its heap, and
  // each 64 MB of it started a full collection of the heap
  let bytes = Buffer.allocUnsafe(0);
  // which of the file's bytes it holds: the file is read a megabyte at a time, each time opened and checked to be
  // the same file, and the pieces within that megabyte are given from it
  let from = 0;
  let to = 0;
  const read = (start: number, end: number) => {
    if (start >= from && end <= to) return bytes.subarray(start - from, end - from);
    const length = Math.min(size - start, Math.max(end - start, _READ_BYTES));
    if (bytes.length < length) bytes = Buffer.allocUnsafe(Math.max(length, Math.min(2 * bytes.length, size)));
    _readRange(path, source, start, start + length, bytes, state);
    from = start;
    to = start + length;
    return bytes.subarray(0, end - start);
  };
  // the rows are read from the file again, not from what the survey read: a file changed since is refused
  const again = () => {
    from = to = 0;
  };
  if (size > constants.MAX_STRING_LENGTH) return _csvRowsInPieces({ size, read, again }, source, encoding, pieceBytes, constants.MAX_STRING_LENGTH);
  // a file that can be one text is read as one where pieces would not read it alike, the survey's bytes let go first
  const whole = () => {
    bytes = Buffer.allocUnsafe(0);
    again();
    return csvRows(decodeText(_readRange(path, source, 0, size, undefined, state), source, encoding).text, source);
  };
  return _csvRowsInPieces({ size, read, again }, source, encoding, pieceBytes, _LONGEST_PIECE_LINE, whole);
}

/**
 * How many bytes of a large file are read at a time (see {@link _csvRowsOfFile}): each read opens the file and
 * checks that it is still the file it was, which for every piece of 32 KiB (see {@link _PIECE_BYTES}) took some
 * 1.6 s of a CPU profile of the command on a million units' scores by subjects.
 */
const _READ_BYTES = 1024 * 1024;

/**
 * The longest line a file that can be one text is read in pieces with: one with a longer line (or whose line
 * breaks are carriage returns alone, and so has one line) is read as one text without reading further.
 */
const _LONGEST_PIECE_LINE = 16 * 2 ** 20;

/** What tells a file from the same file changed: its size, the time it was last changed, and its inode. */
interface _FileState {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

/** A file's {@link _FileState} now, the file system's errors turned into messages about the file. */
function _fileState(path: string, source: string): _FileState {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const { size, mtimeMs, ino } = fstatSync(fd);
    return { size, mtimeMs, ino };
  } catch (error) {
    throw _readError(error, source);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A file's bytes, a range at a time. */
interface _ByteRanges {
  readonly size: number;
  /** The bytes from `start` to `end`, to be used before the next read (which may give them in the same memory). */
  read(start: number, end: number): Buffer;
  /** Reads from now on read the file again, not bytes an earlier read kept. */
  again?(): void;
}

/**
 * About how many bytes a piece of a large file has (see {@link _csvRowsOfFile}): its text, up to 64 KiB in any
 * encoding, is then a string V8 makes and lets go in its young generation, as it does any small object. A string
 * over 128 KiB gets pages of its own, which V8 asks the system for and gives back: in pieces of 1 MB, the command
 * took 14.8–16.2 s on a million units' scores by subjects (574 MB), against 12.0–12.5 s in pieces of 32 KiB, and
 * 12.2–16.2 s against 9.9–11.4 s on their long table in GBK (three runs of each, in turn).
 */
const _PIECE_BYTES = 32 * 1024;

function _csvRowsInPieces(file: _ByteRanges, source: string, encoding: string | undefined, pieceBytes: number, longest: number, whole?: () => TableRows): TableRows {
  const survey = _survey(file, pieceBytes, longest);
  const pieces = survey.refused === undefined ? _pieceDecoder(survey.head, survey.utf8, source, encoding) : { refused: survey.refused };
  // a file that can be one text is read as one where pieces would not read it alike
  if (whole !== undefined && 'refused' in pieces) return whole();
  if ('refused' in pieces) throw _tooLargeForPieces(source, file.size, pieces.refused);
  // the first line counted as its text: what a byte-order mark or two at its start leave of it
  const first = _nonEmptyLines(pieces.decode(file.read(0, survey.firstEnd), true, 0));
  file.again?.();
  return { source, count: survey.count + (first?.count ?? 0), rows: new _Pieces(file, survey.cuts, survey.feeds, survey.crlf, pieces.decode) };
}

/**
 * A file read through once, a piece at a time: where to cut it (after the last line feed within about
 * `pieceBytes` of the cut before, or after the first one past it, for a longer line), how many non-empty lines it
 * has after its first (which ends where its first line feed is), whether its line breaks are carriage returns
 * and line feeds throughout, whether it is all valid UTF-8 (each piece of whole lines is, or is not, as the whole
 * is), and its first bytes; or why it cannot be read in pieces (quotes, line breaks of two kinds, a line longer
 * than `longest`). In the encodings read in pieces, a byte 0x22, 0x0D or 0x0A is a quote, a carriage return or a
 * line feed, never part of another character.
 */
function _survey(file: _ByteRanges, pieceBytes: number, longest: number): { count: number; firstEnd: number; cuts: number[]; feeds: number[]; crlf: boolean; utf8: boolean; head: Uint8Array; refused?: string } {
  const size = file.size;
  const cuts = [0];
  // each piece's line feeds
  const pieceFeeds: number[] = [];
  let count = 0;
  let firstEnd = -1;
  // line feeds, those after a carriage return, and carriage returns
  let feeds = 0;
  let pairs = 0;
  let returns = 0;
  let utf8 = true;
  let head = new Uint8Array(0);
  for (let from = 0; from < size; ) {
    let piece: Buffer | undefined;
    for (let length = pieceBytes; piece === undefined; length *= 2) {
      // a piece is at most as long as a string (a longer line could not be one), or as the longest line asked for
      const end = Math.min(size, from + Math.min(length, longest));
      const read = file.read(from, end);
      const last = end === size ? read.length - 1 : read.lastIndexOf(0x0a);
      if (last >= 0) piece = read.subarray(0, last + 1);
      else if (end - from >= longest) {
        return { count, firstEnd, cuts, feeds: pieceFeeds, crlf: false, utf8, head, refused: 'it has a line longer than a string can hold (a file whose line breaks are carriage returns alone has no other)' };
      }
    }
    if (piece.includes(0x22)) return { count, firstEnd, cuts, feeds: pieceFeeds, crlf: false, utf8, head, refused: 'it has quotes, which only a file read as one text may have' };
    let start = 0;
    const feedsBefore = feeds;
    if (from === 0) {
      head = Uint8Array.from(piece.subarray(0, 4));
      // the first line is counted by the caller, decoded
      firstEnd = piece.indexOf(0x0a);
      if (firstEnd === -1) firstEnd = piece.length;
      else {
        feeds++;
        if (firstEnd > 0 && piece[firstEnd - 1] === 0x0d) pairs++;
      }
      start = firstEnd + 1;
    }
    for (let at = start; at < piece.length; ) {
      let end = piece.indexOf(0x0a, at);
      if (end === -1) end = piece.length;
      else feeds++;
      // a line's carriage return is part of its break where the file's breaks are CRLF
      const paired = end > at && end < piece.length && piece[end - 1] === 0x0d;
      if (paired) pairs++;
      if (end - at - (paired ? 1 : 0) > 0) count++;
      at = end + 1;
    }
    for (let at = piece.indexOf(0x0d); at !== -1; at = piece.indexOf(0x0d, at + 1)) returns++;
    utf8 &&= isUtf8(piece);
    from += piece.length;
    cuts.push(from);
    pieceFeeds.push(feeds - feedsBefore);
  }
  // line feeds alone, or a carriage return and a line feed each, throughout
  const crlf = returns > 0;
  if (crlf && (returns !== pairs || pairs !== feeds)) return { count, firstEnd, cuts, feeds: pieceFeeds, crlf, utf8, head, refused: 'its line breaks are of more than one kind, which only a file read as one text may have' };
  return { count, firstEnd: Math.max(0, firstEnd), cuts, feeds: pieceFeeds, crlf, utf8, head };
}

/** The rows of a large file, a piece at a time (see {@link _csvRowsOfFile}). */
export class _Pieces extends _ReadRows {
  readonly #file: _ByteRanges;
  readonly #cuts: readonly number[];
  readonly #feeds: readonly number[];
  readonly #crlf: boolean;
  readonly #decode: (piece: Uint8Array, first: boolean, linesBefore: number) => string;
  readonly #keep = _copier();
  #next = 0;
  #linesBefore = 0;
  #rows: _SplitLines | undefined;

  constructor(file: _ByteRanges, cuts: readonly number[], feeds: readonly number[], crlf: boolean, decode: (piece: Uint8Array, first: boolean, linesBefore: number) => string) {
    super();
    this.#file = file;
    this.#cuts = cuts;
    this.#feeds = feeds;
    this.#crlf = crlf;
    this.#decode = decode;
  }

  /** The next row, or undefined after the last. */
  read(): TableRow | undefined {
    for (;;) {
      const row = this.#rows?.read();
      if (row !== undefined) return row;
      if (!this.#nextPiece()) return undefined;
    }
  }

  /** The lines of the next rows, those of a piece not read yet (see {@link _SplitLines.lines}); false after the last. */
  lines(into: _TextLines): boolean {
    for (;;) {
      if (this.#rows?.lines(into) === true) return true;
      if (!this.#nextPiece()) return false;
    }
  }

  /** Moves on past rows given as lines (see {@link _SplitLines.skip}). */
  skip(count: number): void {
    this.#rows?.skip(count);
  }

  /** Reads and splits the next piece into lines, letting the last one go; false after the last. */
  #nextPiece(): boolean {
    this.#rows = undefined;
    if (this.#next + 1 >= this.#cuts.length) return false;
    const at = this.#next++;
    const text = this.#decode(this.#file.read(this.#cuts[at] as number, this.#cuts[at + 1] as number), at === 0, this.#linesBefore);
    // the survey found the file's line breaks all of one kind, and counted each piece's
    const lines = _nonEmptyLines(text, at === 0, { lineBreak: this.#crlf ? '\r\n' : '\n', breaks: this.#feeds[at] as number });
    this.#rows = new _SplitLines(text, lines, this.#keep, true, this.#linesBefore);
    this.#linesBefore += lines.breaks;
    return true;
  }
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
  // line breaks of any kind, mixed too (rows added to a Windows file in an editor that writes \n): csv-parse would
  // otherwise take the first kind it meets as the only one, and every row broken otherwise would run into the next
  const options = { skip_empty_lines: true, relax_column_count: true, bom: true, record_delimiter: ['\r\n', '\n', '\r'] };
  try {
    const records = parse(text, { ...options, info: true }) as unknown as { record: string[]; info: { records: number; empty_lines: number } }[];
    // each record numbered by the row a spreadsheet shows it in: the records and blank lines up to it, so that a
    // line break inside a cell (a name typed with Alt+Enter) moves no row after it
    return { count: records.length, rows: records.map(({ record, info }) => ({ row: info.records + info.empty_lines, cells: record })) };
  } catch (error) {
    if (error instanceof CsvError) {
      const { code, lines: line, column } = error as CsvError & { lines?: number; column?: number };
      // where the quote was opened, not where the text ended with it open
      if (code === 'CSV_QUOTE_NOT_CLOSED') {
        throw new InputError('invalid-csv', source, 'not valid CSV: a cell begins with a quote here that is never closed; end it with a quote, or write a quote inside a cell as two ("")', `line ${_unclosedQuoteLine(text)}`, { cause: error });
      }
      if (code === 'INVALID_OPENING_QUOTE' && line !== undefined && column !== undefined) {
        throw new InputError('invalid-csv', source, 'not valid CSV: a quote inside a cell that does not begin with one; put the cell in quotes and write each quote in it as two ("区""卫生""局"), or leave the quote out', `line ${line}, column ${column + 1}`, { cause: error });
      }
      throw new InputError('invalid-csv', source, `not valid CSV: ${error.message.replace(/^[^:]*:\s*/, '')}`, line === undefined ? undefined : `line ${line}`, { cause: error });
    }
    throw error;
  }
}

/**
 * The line on which the last quoted cell of CSV text begins, for text that ends inside it (a quote never closed):
 * a quote at a cell's start opens it, and inside it two quotes are one, and one alone closes it.
 */
function _unclosedQuoteLine(text: string): number {
  let line = 1;
  let opened = 1;
  let quoted = false;
  let cellStart = true;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const lineBreak = c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a);
    if (quoted) {
      if (c === 0x22) {
        if (text.charCodeAt(i + 1) === 0x22) i++;
        else quoted = false;
      } else if (lineBreak) line++;
      continue;
    }
    if (c === 0x22 && cellStart) {
      quoted = true;
      opened = line;
    }
    if (lineBreak) line++;
    cellStart = c === 0x2c || lineBreak || c === 0x0d;
  }
  return opened;
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
class _SplitLines extends _ReadRows {
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
  readonly #linesBefore: number;

  /**
   * @param reuse - whether each row's cells are given in the list they are cut into, for rows read one at a time
   * @param linesBefore - how many lines of the file come before the text (a piece of a larger one), for row numbers
   */
  constructor(text: string, lines: _Lines, keep: (cells: string[]) => string[], reuse: boolean, linesBefore = 0) {
    super();
    this.#text = text;
    this.#lines = lines;
    this.#keep = keep;
    this.#reuse = reuse;
    this.#linesBefore = linesBefore;
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
    return new _Row(this.#linesBefore + (lines.numbers === undefined ? i + 1 : (lines.numbers[i] as number)), this.#keep(cells));
  }

  /**
   * The lines of the rows not read yet, where they stand in the text, instead of cutting their cells: for a reader
   * that reads them in place (see `tablesToDataset`), and then moves on past those it read ({@link skip}), the rest
   * read by {@link read} as any other rows; false after the last, the text let go.
   *
   * @param into - set to the text, its lines, and the place of the next one
   */
  lines(into: _TextLines): boolean {
    const lines = this.#lines;
    if (this.#line >= lines.count) {
      this.#text = '';
      this.#lines = _NO_LINES;
      into.text = '';
      into.starts = _NO_LINES.starts;
      into.ends = undefined;
      into.numbers = undefined;
      return false;
    }
    into.text = this.#text;
    into.starts = lines.starts;
    into.ends = lines.ends;
    into.numbers = lines.numbers;
    into.breakLength = lines.breakLength;
    into.lastEnd = lines.lastEnd;
    into.count = lines.count;
    into.from = this.#line;
    into.linesBefore = this.#linesBefore;
    return true;
  }

  /** Moves on past rows read as lines (see {@link lines}). */
  skip(count: number): void {
    this.#line += count;
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
  /** how many line breaks the text has */
  readonly breaks: number;
}

/** No lines. */
const _NO_LINES: _Lines = { count: 0, starts: new Uint32Array(0), numbers: undefined, ends: undefined, breakLength: 1, lastEnd: 0, breaks: 0 };

/** Where a line of a text ends, before its break (see {@link _Lines}). */
function _lineEnd(lines: _Lines, i: number): number {
  if (lines.ends !== undefined) return lines.ends[i] as number;
  return i + 1 < lines.count ? (lines.starts[i + 1] as number) - lines.breakLength : lines.lastEnd;
}

/**
 * The non-empty lines of a text (from its start, or from a piece's), or null when they may not be csv-parse's
 * records: line breaks of more than one kind (csv-parse takes the first kind it meets as the record delimiter, and the others as text). Breaks are found
 * with indexOf, which V8 runs over the text's characters far faster than a loop here reading each one. With
 * `known`, the text's line break and how many it has, as the survey of a file read in pieces found them, they are
 * not counted again.
 */
function _nonEmptyLines(text: string, start: boolean, known: { lineBreak: string; breaks: number }): _Lines;
function _nonEmptyLines(text: string, start?: boolean): _Lines | null;
function _nonEmptyLines(text: string, start = true, known?: { lineBreak: string; breaks: number }): _Lines | null {
  // a byte-order mark at the start of a file, not of a later piece of one (see _Pieces)
  const first = start && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineBreak: string;
  let breaks: number;
  if (known !== undefined) ({ lineBreak, breaks } = known);
  else {
    const returns = _occurrences(text, '\r', first);
    const feeds = _occurrences(text, '\n', first);
    // \r\n throughout, \r alone, or \n alone: a text with both is all \r\n only if every \r is followed by a \n and
    // every \n follows a \r
    const both = returns > 0 && feeds > 0;
    if (both && (returns !== feeds || _occurrences(text, '\r\n', first) !== feeds)) return null;
    lineBreak = both ? '\r\n' : returns > 0 ? '\r' : '\n';
    breaks = returns > 0 ? returns : feeds;
  }
  const breakLength = lineBreak.length;
  // a line more than there are breaks, at most: lists grown as lines are found would leave copies behind, and
  // end up to twice the size (a hundred megabytes more for nine million lines)
  const most = breaks + 1;
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
  return { count: found, starts, numbers, ends, breakLength, lastEnd, breaks: most - 1 };
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
    throw _readError(error, source);
  }
}

/**
 * A file's size in bytes, the file system's errors turned into messages about the file.
 *
 * @param path - the file
 * @param source - its name for messages
 * @returns its size
 */
export async function _size(path: string, source: string): Promise<number> {
  try {
    const found = await stat(path);
    if (found.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    return found.size;
  } catch (error) {
    throw _readError(error, source);
  }
}

/** Reads a range of a file's bytes (see {@link _read}). */
function _readRange(path: string, source: string, start: number, end: number, into?: Buffer, state?: _FileState): Buffer {
  const bytes = into === undefined ? Buffer.allocUnsafe(end - start) : into.subarray(0, end - start);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    if (state !== undefined) {
      const now = fstatSync(fd);
      if (now.size !== state.size || now.mtimeMs !== state.mtimeMs || now.ino !== state.ino) throw Object.assign(new Error(`${path} changed while it was read`), { code: 'ECHANGED' });
    }
    for (let done = 0; done < bytes.length; ) {
      const read = readSync(fd, bytes, done, bytes.length - done, start + done);
      if (read === 0) throw Object.assign(new Error(`${path} ended at ${start + done} bytes, before ${end}`), { code: 'ESHORT' });
      done += read;
    }
    return bytes;
  } catch (error) {
    throw _readError(error, source);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What the file system's error says about a file, as a message about it. */
function _readError(error: unknown, source: string): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError('file-not-found', source, 'no such file', undefined, { cause: error });
  if (code === 'EISDIR') return new InputError('is-a-directory', source, 'is a folder, expected a file', undefined, { cause: error });
  if (code === 'EACCES') return new InputError('permission-denied', source, 'cannot be read: permission denied', undefined, { cause: error });
  if (code === 'ESHORT') return new InputError('unreadable', source, 'cannot be read: it grew shorter while it was read', undefined, { cause: error });
  if (code === 'ECHANGED') return new InputError('unreadable', source, 'cannot be read: it changed while it was read (saved again?); read it again once it is saved', undefined, { cause: error });
  return new InputError('unreadable', source, `cannot be read (${code ?? String(error)})`, undefined, { cause: error });
}
