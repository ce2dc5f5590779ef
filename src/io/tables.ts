import type { Issue } from '../errors.js';
import type { DatasetInput } from '../schema/dataset.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { _ScoreColumnsGatherer, _columnKey, _markTwoPlaces, _withScoreColumns, scoreRowsOf, type ScoreColumns } from '../schema/scoreColumns.js';
import { _hundredths, textInterner } from '../texts.js';
import { _unitObject } from '../schema/plainScores.js';

/** A cell as a reader found it: text, a number (from a workbook), or nothing. */
export type Cell = string | number | undefined;

/** One row of a table, with its 1-based line or row number in the file. */
export interface TableRow {
  readonly row: number;
  readonly cells: readonly Cell[];
}

/** A table read from a file or a sheet: its header row first. */
export interface Table {
  /** The name messages use: `data/scores.csv`, or `data.xlsx [得分]`. */
  readonly source: string;
  readonly rows: readonly TableRow[];
}

/**
 * A table read as it is converted: its rows, the header first, given once each, perhaps parsed a piece at a time
 * as they are asked for (see `csvRows`).
 */
export interface TableRows {
  /** The name messages use. */
  readonly source: string;
  /** How many rows it has, its header included. */
  readonly count: number;
  /** Its rows in order, to be read once, each before the next is asked for (the next may be given in the same objects). */
  readonly rows: Iterable<TableRow>;
}

/**
 * A table, or what reads it when it is wanted. Tables given as readers are read one at a time, as the conversion
 * comes to them, and each row is let go once converted: a large dataset's tables are then never all in memory
 * at once, nor whole beside what they become.
 */
export type TableSource = Table | (() => Table | TableRows);

/** A table being converted: its name, its size, its header, and what gives its other rows. */
interface _Opened {
  readonly source: string;
  /** its rows, the header included */
  readonly count: number;
  readonly header: TableRow | undefined;
  /** what gives its other rows, one at a time (undefined after the last) */
  readonly rest: _RowReader;
}

/** What gives a table's rows one at a time: the next, or undefined after the last. */
interface _RowReader {
  read(): TableRow | undefined;
}

/** Where a row of quote-free CSV text stands in the text (one of {@link _TextLines}), for its cells to be read in place. */
interface _TextLine {
  /** the text the row's line is in (a file's, or a piece's) */
  text: string;
  /** where the line starts */
  start: number;
  /** where it ends, before its line break */
  end: number;
  /** its 1-based line number in the file */
  row: number;
}

/**
 * The lines of rows of quote-free CSV text, where they stand in it (see `_Lines` in readCsv): line k, for k from
 * `from` to `count` - 1, starts at `starts[k]` and ends (before its break) at `ends[k]`, or, where `ends` is
 * undefined, where the next one starts less a break (the last at `lastEnd`); its number in the file is
 * `linesBefore` + `numbers[k]`, or + k + 1 where `numbers` is undefined.
 */
export interface _TextLines {
  text: string;
  starts: Uint32Array;
  ends: Uint32Array | undefined;
  numbers: Uint32Array | undefined;
  breakLength: number;
  lastEnd: number;
  count: number;
  from: number;
  linesBefore: number;
}

/** A reader of rows that can also give them as lines (see {@link _TextLines}). */
interface _LineReader extends _RowReader {
  /** The lines of the rows not read yet, of one text; false after the last. */
  lines(into: _TextLines): boolean;
  /** Moves on past rows read as lines. */
  skip(count: number): void;
}

/** The rows of an iterator, one at a time. */
class _IteratedRows implements _RowReader {
  readonly #rows: Iterator<TableRow, unknown, undefined>;

  constructor(rows: Iterator<TableRow, unknown, undefined>) {
    this.#rows = rows;
  }

  read(): TableRow | undefined {
    const next = this.#rows.next();
    return next.done === true ? undefined : next.value;
  }
}

function _open(source: TableSource | undefined): _Opened | undefined {
  if (source === undefined) return undefined;
  const table = typeof source === 'function' ? source() : source;
  const count = 'count' in table ? table.count : table.rows.length;
  const rows = table.rows[Symbol.iterator]();
  // rows read from CSV a line at a time are read without the objects an iterator's steps return
  const rest: _RowReader = typeof (rows as Partial<_RowReader>).read === 'function' ? (rows as unknown as _RowReader) : new _IteratedRows(rows);
  let first = rest.read();
  // blank rows above the header (a sheet cleared but for its commas, ",,,,", or begun lower down), and a title
  // above it (2014年度绩效考评得分表), as government sheets have, and a line under it (单位：分), blank rows between
  // them: a row of one text, or of one merged across the row, is no table's header (each has two columns at least)
  let blank = 0;
  let titles = 0;
  while (first !== undefined) {
    if (first.cells.every((cell) => _text(cell) === undefined)) {
      first = rest.read();
      blank++;
    } else if (titles < _TITLE_ROWS && _titleRow(first.cells)) {
      const next = rest.read();
      if (next === undefined) break;
      first = next;
      titles++;
    } else break;
  }
  // the header's own copy: a table read a row at a time may give the next row in the same objects
  const header = first === undefined ? undefined : { row: first.row, cells: [...first.cells] };
  return { source: table.source, count: count - blank - titles, header, rest };
}

/** Whether a stretch of a list holds nothing. */
function _none(list: readonly unknown[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (list[k] !== undefined) return false;
  return true;
}

/** The most title rows read above a table's header. */
const _TITLE_ROWS = 3;

/**
 * Whether a row is a title: its cells with a value all hold the same text (one cell, or one merged across the
 * row), and that text is not a row of a file separated otherwise than by commas (`编码;单位名称;…`), which is the
 * table's header, to be refused as such.
 */
function _titleRow(cells: readonly Cell[]): boolean {
  let text: string | undefined;
  for (const cell of cells) {
    const value = _text(cell);
    if (value === undefined) continue;
    if (text !== undefined && value !== text) return false;
    text = value;
  }
  return text !== undefined && !_SEPARATED.test(text);
}

/** A text that holds a row of cells separated by semicolons or tabs. */
const _SEPARATED = /[;\t]/;

/** Whether a header is one cell that holds a row of cells separated otherwise than by commas. */
function _separatedHeader(cells: readonly Cell[]): boolean {
  const texts = cells.map(_text).filter((text) => text !== undefined);
  return texts.length === 1 && _SEPARATED.test(texts[0] as string);
}

/** Where a dataset entry came from, so that a problem found in it can be named by file, row and column. */
export interface Location {
  readonly source: string;
  readonly row: number;
  /** dataset field → the column header it came from */
  readonly columns: Readonly<Record<string, string>>;
}

/** The tables of a dataset, by their role. */
export type TableName = 'units' | 'scores' | 'adjustments' | 'prior' | 'surveys';

/**
 * Where each entry of a converted dataset came from, by its JSON path (`$.scores[12]`). Kept as runs of entries
 * from one file's rows, one after another (see {@link Locations.add}), or, for scores in wide form, kept as
 * columns, as the table's row numbers and its cells (a wide row gives one entry per score, each with its own score
 * column); a {@link Location} is put together only when an issue asks for one.
 */
export class Locations {
  readonly #tables = new Map<TableName, _TableLocations>();

  /**
   * Records the next entry of a table.
   *
   * @param table - the table
   * @param location - the row it came from
   */
  add(table: TableName, location: Location): void {
    _addLocation(this.#entriesOf(table), location);
  }

  /**
   * What records the next entries of a table, for a table of many: {@link add} without finding the table each time.
   *
   * @param table - the table
   * @returns what records its next entry, given the row it came from
   */
  adder(table: TableName): (location: Location) => void {
    const entries = this.#entriesOf(table);
    return (location) => _addLocation(entries, location);
  }

  /**
   * What records the next entries of a table from rows that follow one another, as {@link adder} would record each.
   *
   * @param table - the table
   * @returns what records `count` entries, the first from the row given and each next from the row after
   */
  runAdder(table: TableName): (location: Location, count: number) => void {
    const entries = this.#entriesOf(table);
    return (location, count) => _addLocations(entries, location, count);
  }

  #entriesOf(table: TableName): _TableLocations {
    let entries = this.#tables.get(table);
    if (!entries) this.#tables.set(table, (entries = { count: 0, rows: undefined, runs: [] }));
    return entries;
  }

  /**
   * Where an entry came from.
   *
   * @param path - the entry's path, e.g. `$.units[3]`
   * @returns its location, or undefined for an entry that did not come from a table
   */
  get(path: string): Location | undefined {
    const match = /^\$\.([A-Za-z]+)\[(\d+)\]$/.exec(path);
    const entries = match ? this.#tables.get(match[1] as TableName) : undefined;
    if (!match || !entries) return undefined;
    const index = Number(match[2]);
    if (entries.wide) return _wideLocation(entries.wide, index);
    if (index >= entries.count) return undefined;
    const run = _runOf(entries.runs, index);
    return { source: run.source, row: entries.rows?.[index] ?? run.row + (index - run.start), columns: run.columns };
  }

  /**
   * The file (or sheet) a table came from, its first where several gave it.
   *
   * @param table - the table's name, as in a path (`units`)
   * @returns its source, or undefined where no table of that name was read
   */
  sourceOf(table: string): string | undefined {
    const entries = this.#tables.get(table as TableName);
    return entries?.wide?.source ?? entries?.runs[0]?.source;
  }

  /**
   * Where a unit's score of an indicator would be, for a score that is missing: in a scores table in wide form, the
   * unit's row and the indicator's column (or the table, where it has no row for the unit); in long form, the table.
   *
   * @param unit - the unit's id
   * @param indicator - the indicator's id; none for the unit's row
   * @returns the place, its row 0 where it is the table's as a whole; undefined where there is no scores table
   */
  scoreCell(unit: string, indicator?: string): Location | undefined {
    const entries = this.#tables.get('scores');
    const wide = entries?.wide;
    if (wide === undefined) {
      const run = entries?.runs[0];
      return run === undefined ? undefined : { source: run.source, row: 0, columns: {} };
    }
    let rows = wide.unitRows;
    if (rows === undefined) {
      rows = wide.unitRows = new Map();
      for (let r = wide.scores.units.length - 1; r >= 0; r--) {
        const id = wide.scores.units[r];
        if (id !== undefined) rows.set(id, r);
      }
    }
    const r = rows.get(unit);
    const column = indicator === undefined ? undefined : wide.columns[indicator];
    return r === undefined ? { source: wide.source, row: 0, columns: {} } : { source: wide.source, row: wide.rows[r] as number, columns: column === undefined ? {} : { score: column } };
  }

  /**
   * Records a table's entries kept as wide columns (see {@link ScoreColumns}): entry k is the k-th cell that is not
   * empty, row by row, each row's from the file's row of the same place in `rows`.
   *
   * @param table - the table
   * @param wide - its file, the row number of each of its rows, its columns' headers by field, and its cells
   */
  addWide(table: TableName, wide: { readonly source: string; readonly rows: readonly number[]; readonly columns: Readonly<Record<string, string>>; readonly scores: ScoreColumns }): void {
    this.#tables.set(table, { count: 0, rows: undefined, runs: [], wide: { ...wide, starts: undefined } });
  }

  /**
   * These locations with one table's replaced by another set's.
   *
   * @param table - the table
   * @param from - where to take its locations from
   * @returns a new set
   */
  withTable(table: TableName, from: Locations): Locations {
    const result = new Locations();
    for (const [name, entries] of this.#tables) if (name !== table) result.#tables.set(name, entries);
    const replacement = from.#tables.get(table);
    if (replacement) result.#tables.set(table, replacement);
    return result;
  }
}

/** Records the next entry of a table (see {@link Locations.add}). */
function _addLocation(entries: _TableLocations, location: Location): void {
  const index = entries.count++;
  // a file's rows share its name and columns, and mostly follow one another: they are kept once per run of
  // entries from the same file, with the first one's row (a million score rows would otherwise keep a million
  // objects, or a million numbers); each entry's row number is kept only once a row is not the one after the
  // last (a blank line, or a row giving no entry)
  const run = entries.runs[entries.runs.length - 1];
  if (run === undefined || run.source !== location.source || run.columns !== location.columns) {
    entries.runs.push({ start: index, row: location.row, source: location.source, columns: location.columns });
  } else if (entries.rows === undefined && location.row !== run.row + (index - run.start)) {
    const rows: number[] = (entries.rows = []);
    entries.runs.forEach((earlier, r) => {
      const end = entries.runs[r + 1]?.start ?? index;
      for (let k = earlier.start; k < end; k++) rows.push(earlier.row + (k - earlier.start));
    });
  }
  entries.rows?.push(location.row);
}

/** Records the next entries of a table, from rows that follow one another (see {@link Locations.runAdder}). */
function _addLocations(entries: _TableLocations, location: Location, count: number): void {
  if (count === 0) return;
  // the first as any other; the rest follow it in the same run
  _addLocation(entries, location);
  const rows = entries.rows;
  if (rows !== undefined) for (let k = 1; k < count; k++) rows.push(location.row + k);
  entries.count += count - 1;
}

/** A run of entries from one file: the first entry's index and row, the file and its columns. */
interface _Run {
  readonly start: number;
  readonly row: number;
  readonly source: string;
  readonly columns: Readonly<Record<string, string>>;
}

/** The run an entry is in. */
function _runOf(runs: readonly _Run[], index: number): _Run {
  let low = 0;
  let high = runs.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((runs[middle] as _Run).start <= index) low = middle;
    else high = middle - 1;
  }
  return runs[low] as _Run;
}

interface _TableLocations {
  /** how many entries there are */
  count: number;
  /** each entry's row number, once one is not the row after the last of its run (see {@link Locations.add}) */
  rows: number[] | undefined;
  readonly runs: _Run[];
  /** for a table kept as wide columns, instead of the above */
  readonly wide?: _Wide;
}

interface _Wide {
  readonly source: string;
  readonly rows: readonly number[];
  readonly columns: Readonly<Record<string, string>>;
  readonly scores: ScoreColumns;
  /** the number of entries before each row, counted when a location is first asked for */
  starts: Int32Array | undefined;
  /** each unit's first row, found when a missing score's place is first asked for */
  unitRows?: Map<string, number>;
}

/** Where the entry at an index of a table kept as wide columns came from: its row, and its cell's column. */
function _wideLocation(wide: _Wide, index: number): Location | undefined {
  const { cells, indicators, units } = wide.scores;
  const width = indicators.length;
  if (!wide.starts) {
    const starts = new Int32Array(units.length + 1);
    for (let r = 0; r < units.length; r++) {
      let count = 0;
      for (let c = 0; c < width; c++) if (cells[r * width + c] !== undefined) count++;
      starts[r + 1] = (starts[r] as number) + count;
    }
    wide.starts = starts;
  }
  const starts = wide.starts;
  if (!Number.isSafeInteger(index) || index < 0 || index >= (starts[units.length] as number)) return undefined;
  // the last row whose entries start at or before the index
  let low = 0;
  let high = units.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if ((starts[middle] as number) <= index) low = middle;
    else high = middle - 1;
  }
  let left = index - (starts[low] as number);
  for (let c = 0; c < width; c++) {
    if (cells[low * width + c] === undefined) continue;
    if (left-- > 0) continue;
    const indicator = indicators[c] as string;
    return { source: wide.source, row: wide.rows[low] as number, columns: { ...wide.columns, score: wide.columns[indicator] ?? indicator } };
  }
  return undefined;
}

/** How many units ahead of the last one found a table's next row is looked for before all ids are mapped. */
const _AHEAD = 8;

/** File and sheet names each table may have: the id, or the Chinese name. */
export const TABLE_NAMES: Readonly<Record<TableName, readonly string[]>> = {
  units: ['units', '单位'],
  scores: ['scores', '得分'],
  adjustments: ['adjustments', '加减分'],
  prior: ['prior', '上年结果'],
  surveys: ['surveys', '调查数据'],
};

/** Columns every table may have and that are read as none: a row number (序号), which most sheets begin with. */
export const IGNORED_COLUMNS: readonly string[] = ['序号', '序', 'No.'];

/** Column headers each table accepts: the field id first, then Chinese names. */
export const COLUMNS = {
  units: {
    id: ['id', '编码', '单位编码', '代码'],
    name: ['name', '名称', '单位名称'],
    category: ['category', '类别', '单位类别'],
    trackGroup: ['trackGroup', '分组', '垂直管理分组'],
    dataFlags: ['dataFlags', '数据标记'],
    counterpart: ['counterpart', '市级对口单位'],
    staff: ['staff', '编制人数'],
  },
  scores: {
    unit: ['unit', '单位', '编码', '单位编码'],
    name: ['name', '名称', '单位名称'],
    indicator: ['indicator', '指标'],
    subject: ['subject', '考评主体'],
    score: ['score', '得分'],
  },
  adjustments: {
    unit: ['unit', '单位', '编码', '单位编码'],
    name: ['name', '名称', '单位名称'],
    item: ['item', '项目', '加减分项'],
    points: ['points', '分值'],
    reason: ['reason', '事由'],
  },
  prior: {
    unit: ['unit', '单位', '编码', '单位编码'],
    name: ['name', '名称', '单位名称'],
    composite: ['composite', '综合得分', '上年综合得分'],
    grade: ['grade', '等次', '上年等次'],
  },
  surveys: {
    id: ['id', '编码'],
    label: ['label', '名称', '调查项目'],
    value: ['value', '数值', '本年'],
    prior: ['prior', '上年'],
    unit: ['unit', '计量单位'],
    note: ['note', '备注'],
  },
} as const;

const REQUIRED: Readonly<Record<TableName, readonly string[]>> = {
  units: ['id', 'name', 'category'],
  scores: ['unit'],
  adjustments: ['unit', 'item', 'points', 'reason'],
  prior: ['unit'],
  surveys: ['id', 'label', 'value'],
};

/**
 * Told how far loading has come: while reading, the table (its `source`), the rows converted and the rows in
 * all; while checking, the units, at the start and at the end.
 */
export type TableProgress = (progress: {
  /**
   * `opening` as a workbook's sheets are read from its file; `reading` as a table's rows are converted;
   * `checking` while the whole dataset is checked
   */
  readonly phase: 'opening' | 'reading' | 'checking';
  /** the table's file or sheet while opening or reading; `checking` while checking */
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}) => void;

/** What converting tables gives: a dataset to validate, where each entry came from, and table-level problems. */
export interface Converted {
  readonly input: DatasetInput;
  readonly locations: Locations;
  readonly issues: readonly Issue[];
  /** The units with a score row under an indicator or subject label the rule set does not know (an issue each). */
  readonly unlabelled?: ReadonlySet<string>;
}

/**
 * What separates a unit's data flags in its cell: a semicolon, a comma or an enumeration comma, full-width or not
 * (；，、). Written as escapes, so that the command's compiled program stays ASCII, which Node reads into a string
 * of one byte a character: one character beyond ASCII made the whole program's text two bytes a character, twice
 * the memory to read, check and compile at every start.
 */
const _FLAG_SEPARATORS = /[;\uff1b,\uff0c\u3001]/;

/**
 * Turns the tables of a CSV folder or a workbook into a dataset. Headers may be field ids or the Chinese
 * names above; indicators, categories, groups, flags, items and grades may be written as ids or as the
 * labels the rule set declares; units may be referred to by code or by name. Scores come in long form
 * (unit, indicator, [subject], score) or wide form (unit, then one column per indicator).
 *
 * Cells are normalised only where it cannot change their meaning: surrounding white space (also the
 * ideographic space) is dropped, and codes and numbers are NFKC-normalised, so full-width digits and
 * points (９２．７７) read as 92.77. Nothing else is guessed: `92,77` or `九十` stay as written, and the
 * validation that follows refuses them with their row and column.
 *
 * @param tables - the tables found, by role
 * @param ruleSet - the rule set, for labels
 * @param source - the dataset's name, for a problem that is no table's
 * @param onProgress - told as rows are converted, table by table, at most about a hundred times per table
 * @returns the dataset, locations and table-level problems
 */
export function tablesToDataset(tables: Partial<Record<TableName, TableSource>>, ruleSet: RuleSet, source = 'dataset', onProgress?: TableProgress): Converted {
  const issues: Issue[] = [];
  const locations = new Locations();
  const problem = (source: string, path: string, message: string) => issues.push(_problem(source, path, message));

  const vocab = {
    category: _vocabulary(ruleSet.categories),
    trackGroup: _vocabulary(ruleSet.verticalTrack?.groups ?? []),
    dataFlag: _vocabulary(ruleSet.dataFlags),
    indicator: _vocabulary(ruleSet.indicators),
    subject: _vocabulary(ruleSet.subjects),
    item: _vocabulary(ruleSet.adjustments),
    grade: _vocabulary(ruleSet.grades),
  };

  /** An id or label from the rule set; text that is neither, and could not be an id, is named with the values allowed. */
  const ref = (entry: _Record, field: string, vocabulary: _Vocabulary, cell: Cell = entry.values[field]): string | undefined => {
    // the text that followed the last one found, the last time, first: a long table names its indicators in
    // the same order for each unit, and a comparison costs less than the lookup (a fresh text has no hash yet)
    const last = vocabulary.last;
    const guess = last?.next;
    if (guess !== undefined && guess.text === cell) {
      vocabulary.last = guess;
      return guess.id;
    }
    const text = _text(cell);
    if (text === undefined) return undefined;
    const known = vocabulary.map.get(text);
    if (known !== undefined) {
      if (last !== undefined) last.next = known;
      vocabulary.last = known;
      return known.id;
    }
    // NFKC-normalised (full-width letters and digits), it may be an id or label still
    const code = _nfkc(text);
    const value = vocabulary.map.get(code)?.id ?? code;
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(value)) {
      const column = entry.location.columns[field] ?? field;
      problem(entry.location.source, `row ${entry.location.row}, column "${column}"`, `unknown value ${JSON.stringify(text)}; expected one of ${vocabulary.allowed}`);
      // an id no rule set declares stands in for it, which the schema takes: the dataset's check then runs, and
      // says every other problem in the same run (this cell's, as an id, is not said again)
      return _UNKNOWN_VALUE;
    }
    return value;
  };
  /** A number cell; a workbook number that was computed rather than typed is named, with what to do. */
  const number = (entry: _Record, field: string, cell: Cell = entry.values[field]): string | number | undefined => {
    if (typeof cell === 'number') {
      if (_typedNumber(cell)) return String(cell);
      const column = entry.location.columns[field] ?? field;
      problem(entry.location.source, `row ${entry.location.row}, column "${column}"`, `the cell holds the computed number ${String(cell)}, not a decimal as typed; round it in the sheet (e.g. =ROUND(…, 2))`);
    }
    return _number(cell);
  };
  // scores repeat (two decimals between 0 and 100 allow ten thousand values), and so do points, reasons, last
  // year's composites and counterparts: each text is kept once, so that a large table's cells, read as new
  // strings, are let go instead of being kept by the dataset
  const intern = textInterner();
  const input: DatasetInput = { units: [] };
  const unlabelled = new Set<string>();
  const units = _open(tables.units);
  if (!units) {
    problem(source, '', `no units table: expected a file or sheet named ${TABLE_NAMES.units.join(' or ')}`);
    return { input, locations, issues };
  }
  if (units.count === 1) problem(units.source, `row ${units.header?.row ?? 1}`, 'the table has a header but no units');
  // each id, as the units table gave it: other tables' references to it are kept as that one string (see unitOf)
  let unitIds: Map<string, string> | undefined;
  // the ids of each name, made when first wanted: a unit referred to by name, or a table with a name column
  let unitsByName: Map<string, string[]> | undefined;
  const idsNamed = (name: string): readonly string[] | undefined => {
    if (!unitsByName) {
      unitsByName = new Map();
      for (const unit of input.units as { id?: unknown; name?: unknown }[]) {
        if (typeof unit.name !== 'string' || typeof unit.id !== 'string') continue;
        const ids = unitsByName.get(unit.name);
        if (ids) ids.push(unit.id);
        else unitsByName.set(unit.name, [unit.id]);
      }
    }
    return unitsByName.get(name);
  };
  // the ids of units listed without a name; and whether the units table has names at all (a table without the
  // column is said to lack it, once, and the names other tables give are then compared with none)
  const unnamed = new Set<string>();
  let named = false;
  const records = _records(units, 'units', COLUMNS.units, issues, {}, onProgress);
  for (let entry = records.read(); entry !== undefined; entry = records.read()) {
    const id = _code(entry.values['id']);
    const name = _text(entry.values['name']);
    named ||= entry.location.columns['name'] !== undefined;
    // said here, once: other tables' names for the unit are then not compared with none
    if (name === undefined && entry.location.columns['name'] !== undefined) {
      problem(entry.location.source, `row ${entry.location.row}, column "${entry.location.columns['name']}"`, 'the cell is empty; every unit needs its name');
      if (id !== undefined) unnamed.add(id);
    }
    // made with its keys in the schema's order, data flags always, so that the check takes it as it is
    const unit = _unitObject(id, name, ref(entry, 'category', vocab.category));
    const trackGroup = ref(entry, 'trackGroup', vocab.trackGroup);
    if (trackGroup !== undefined) unit['trackGroup'] = trackGroup;
    const flags = _text(entry.values['dataFlags']);
    unit['dataFlags'] = flags === undefined ? [] : flags.split(_FLAG_SEPARATORS).map((flag) => ref(entry, 'dataFlags', vocab.dataFlag, flag)).filter((flag) => flag !== undefined);
    const counterpart = _text(entry.values['counterpart']);
    if (counterpart !== undefined) unit['counterpart'] = intern(counterpart);
    const staff = number(entry, 'staff');
    if (staff !== undefined) {
      const whole = typeof staff === 'number' ? Number.isSafeInteger(staff) && staff >= 0 : /^[0-9]{1,9}$/.test(staff);
      if (whole) unit['staff'] = Number(staff);
      else problem(entry.location.source, `row ${entry.location.row}, column "${entry.location.columns['staff'] ?? 'staff'}"`, `expected a whole number of staff, found ${JSON.stringify(String(staff))}`);
    }
    locations.add('units', entry.location);
    input.units.push(unit as DatasetInput['units'][number]);
  }
  // the place of the unit the next row of a table most likely refers to: tables usually list units in the order of
  // the units table, and an id found there needs no map of all ids
  const place: _Place = { next: 0 };
  /** Each id the units table gave, to itself as given, made when first wanted. */
  const listedIds = (): Map<string, string> => {
    if (!unitIds) {
      unitIds = new Map();
      for (const { id } of input.units as readonly { id?: unknown }[]) if (typeof id === 'string' && !unitIds.has(id)) unitIds.set(id, id);
    }
    return unitIds;
  };
  /** The unit a row refers to, by code or by name, as the units table gave its id; its name is checked if given. */
  const unitOf = (entry: _Record): string | undefined => {
    const cell = entry.values['unit'];
    const listed = input.units as readonly { id?: unknown }[];
    // the row before's unit first, as written: a long table gives a unit's scores one row each, and a cell
    // that is an id as the units table gave it (trimmed, normalised) needs neither
    const next = place.next;
    const before = next > 0 ? listed[next - 1]?.id : undefined;
    let unit = typeof before === 'string' && cell === before ? before : undefined;
    const code = unit ?? _code(cell);
    if (code === undefined) return code;
    for (let p = next; unit === undefined && p < Math.min(next + _AHEAD, listed.length); p++) {
      const id = listed[p]?.id;
      if (id === code) {
        unit = id;
        place.next = p + 1;
      }
    }
    if (unit === undefined) unit = listedIds().get(code);
    if (unit === undefined) {
      const byName = idsNamed(_text(cell) ?? '');
      if (byName?.length !== 1) return code;
      unit = byName[0] as string;
    }
    const name = _text(entry.values['name']);
    if (name !== undefined && named && !unnamed.has(unit) && !(idsNamed(name) ?? []).includes(unit)) {
      problem(entry.location.source, `row ${entry.location.row}, column "${entry.location.columns['name']}"`, `the name ${JSON.stringify(name)} is not the name of unit ${unit}`);
    }
    return unit;
  };

  const scores = _open(tables.scores);
  if (scores) {
    const header = scores.header?.cells ?? [];
    const long = header.some((cell) => (COLUMNS.scores.indicator as readonly string[]).includes(_text(cell) ?? ''));
    if (long) {
      // gathered into wide columns as they are read, as a wide table's are: nine rows a unit would be nine objects
      // a unit. A column per indicator's whole scores and per subject's part of one. A row the columns cannot hold
      // (one with a cell missing, or of an indicator, or a subject of it, the rule set does not declare), or
      // columns grown sparse, turn what was gathered into rows, and the rest are rows too.
      const known = new Set(ruleSet.indicators.flatMap((indicator) => [indicator.id, ...indicator.subjects.map((share) => _columnKey(indicator.id, share.subject))]));
      const addScore = locations.adder('scores');
      let gathered: _ScoreColumnsGatherer | undefined = new _ScoreColumnsGatherer(Math.max(0, scores.count - 1), known);
      let rows: Record<string, unknown>[] = [];
      // whether every score so far is a text with two places (those read in place all are)
      let twoPlaces = true;
      const records = _records(scores, 'scores', COLUMNS.scores, issues, {}, onProgress);
      // rows read in place while they are plain, and as records where they are not (see _PlainScoreLines)
      const plain = _PlainScoreLines.of(records.lines, { units: input.units, place, indicators: vocab.indicator, subjects: vocab.subject, intern, addScores: locations.runAdder('scores') });
      for (;;) {
        if (plain !== undefined && gathered !== undefined) plain.gather(gathered);
        const entry = records.read();
        if (entry === undefined) break;
        const unit = unitOf(entry);
        const indicator = ref(entry, 'indicator', vocab.indicator, entry.values['indicator']);
        const cell = entry.values['score'];
        const hundredths = typeof cell === 'string' ? _hundredths(cell) : -1;
        const score = hundredths >= 0 ? intern(cell, hundredths) : intern(number(entry, 'score'));
        twoPlaces &&= hundredths >= 0;
        const subject = ref(entry, 'subject', vocab.subject, entry.values['subject']);
        // a unit with a score under a label the rule set does not know: which score it lacks is not known
        if ((indicator === _UNKNOWN_VALUE || subject === _UNKNOWN_VALUE) && unit !== undefined) unlabelled.add(unit);
        addScore(entry.location);
        if (gathered !== undefined) {
          if (unit !== undefined && indicator !== undefined && score !== undefined && ((gathered.rows & 0xffff) !== 0 || !gathered.sparse) && gathered.add(unit, indicator, score, subject)) continue;
          rows = scoreRowsOf(gathered.columns());
          gathered = undefined;
        }
        const row: Record<string, unknown> = { unit, indicator, score };
        if (subject !== undefined) row['subject'] = subject;
        rows.push(row);
      }
      if (gathered === undefined || gathered.rows === 0) input.scores = rows as NonNullable<DatasetInput['scores']>;
      else if (gathered.sparse) input.scores = scoreRowsOf(gathered.columns());
      else _withScoreColumns(input, twoPlaces ? _markTwoPlaces(gathered.columns()) : gathered.columns());
    } else {
      const indicatorColumns = Object.fromEntries(ruleSet.indicators.flatMap((indicator) => [[indicator.id, indicator.id], [indicator.label, indicator.id]]));
      // (a header of one cell separated otherwise is said so once, below)
      // (and a table with no header, as an empty one, is said to be empty)
      const missing = scores.header === undefined || _separatedHeader(header) ? [] : ruleSet.indicators.filter((indicator) => indicator.counts && !header.some((cell) => indicatorColumns[_text(cell) ?? ''] === indicator.id));
      for (const indicator of missing) {
        problem(scores.source, `row ${scores.header?.row ?? 1}`, `no column for the counted indicator ${indicator.label} (${indicator.id}); scores in wide form need one column per indicator`);
      }
      // kept as the table has them: a unit per row, a score per indicator's column (see ScoreColumns)
      const indicators = ruleSet.indicators.map((indicator) => indicator.id);
      // made at their full size, the table's rows less its header, and cut to the rows that were not blank: lists
      // grown a cell at a time leave a copy behind at each doubling, a hundred megabytes for a million rows
      const most = Math.max(0, scores.count - 1);
      const rowUnits = new Array<string | undefined>(most);
      const rowNumbers = new Array<number>(most);
      const cells = new Array<string | number | undefined>(most * indicators.length);
      let columns: Readonly<Record<string, string>> = {};
      // each indicator's column in the table (-1: none), from its header
      let columnOf: number[] = [];
      const onFields = (fields: readonly (string | undefined)[]) => (columnOf = indicators.map((id) => fields.indexOf(id)));
      let r = 0;
      let c = 0;
      // whether every score is a text with two places
      let twoPlaces = true;
      const records = _records(scores, 'scores', { unit: COLUMNS.scores.unit, name: COLUMNS.scores.name }, issues, indicatorColumns, onProgress, onFields);
      for (let entry = records.read(); entry !== undefined; entry = records.read()) {
        const unit = unitOf(entry);
        rowUnits[r] = unit;
        rowNumbers[r++] = entry.location.row;
        columns = entry.location.columns;
        const first = c;
        for (let i = 0; i < indicators.length; i++) {
          const column = columnOf[i] as number;
          const cell = column < 0 ? undefined : entry.cells[column];
          // most cells are scores with two places, which trimming and normalising leave as they are
          const hundredths = typeof cell === 'string' ? _hundredths(cell) : -1;
          if (hundredths >= 0) cells[c++] = intern(cell, hundredths);
          else {
            const score = cell === undefined || _text(cell) === undefined ? undefined : intern(number(entry, indicators[i] as string, cell));
            cells[c++] = score;
            twoPlaces &&= score === undefined;
          }
        }
        // a row of a unit not listed, with no score to be refused for it, is said here where its code is one that
        // was mistyped; a sheet's footer (制表：区绩效办, 备注：…) is no code, and is passed over as before
        if (unit !== undefined && _none(cells, first, c) && /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(unit) && !listedIds().has(unit) && idsNamed(unit) === undefined) {
          problem(entry.location.source, `row ${entry.location.row}, column "${entry.location.columns['unit'] ?? 'unit'}"`, `no unit ${JSON.stringify(unit)} is listed in ${units.source}, and the row has no scores`);
        }
      }
      rowUnits.length = r;
      rowNumbers.length = r;
      cells.length = c;
      const columnsOfScores: ScoreColumns = { indicators, units: rowUnits, cells };
      if (twoPlaces) _markTwoPlaces(columnsOfScores);
      locations.addWide('scores', { source: scores.source, rows: rowNumbers, columns, scores: columnsOfScores });
      _withScoreColumns(input, columnsOfScores);
    }
  } else if (ruleSet.indicators.some((indicator) => indicator.counts)) {
    // no scores at all: said once, rather than each scored unit's every indicator said to have none (with a sheet
    // named 得分表, say, which is named in a warning as no table)
    const scored = new Set(ruleSet.categories.filter((category) => category.scored).map((category) => category.id));
    const needing = input.units.filter((unit) => scored.has(unit.category as string)).length;
    if (needing > 0) problem(source, '', `no scores table: expected a file or sheet named ${TABLE_NAMES.scores.join(' or ')}, with the scores of the ${needing} units whose categories are scored`);
  }

  const adjustmentsTable = _open(tables.adjustments);
  if (adjustmentsTable) {
    const adjustments: NonNullable<DatasetInput['adjustments']> = (input.adjustments = []);
    const records = _records(adjustmentsTable, 'adjustments', COLUMNS.adjustments, issues, {}, onProgress);
    for (let entry = records.read(); entry !== undefined; entry = records.read()) {
      const unit = unitOf(entry);
      locations.add('adjustments', entry.location);
      adjustments.push({
        unit,
        item: ref(entry, 'item', vocab.item),
        points: intern(number(entry, 'points')),
        reason: intern(_text(entry.values['reason'])),
      } as (typeof adjustments)[number]);
    }
  }

  const priorTable = _open(tables.prior);
  if (priorTable) {
    const prior: NonNullable<DatasetInput['prior']> = (input.prior = []);
    const records = _records(priorTable, 'prior', COLUMNS.prior, issues, {}, onProgress);
    for (let entry = records.read(); entry !== undefined; entry = records.read()) {
      const unit = unitOf(entry);
      const row: Record<string, unknown> = { unit };
      const composite = intern(number(entry, 'composite'));
      if (composite !== undefined) row['composite'] = composite;
      const grade = _unknownLabel(entry.values['grade'], vocab.grade) ? undefined : ref(entry, 'grade', vocab.grade);
      if (grade !== undefined) row['grade'] = grade;
      else if (_unknownLabel(entry.values['grade'], vocab.grade)) {
        // last year's rules may have had grades this year's have not (a grade dropped): a label of one is no id a
        // rule could read, and is left out, with a warning, as the check warns of a grade given by an unknown id
        const column = entry.location.columns['grade'] ?? 'grade';
        const text = JSON.stringify(_text(entry.values['grade']));
        issues.push({
          code: 'unknown-prior-grade',
          severity: 'warning',
          document: 'dataset',
          source: entry.location.source,
          path: `row ${entry.location.row}, column "${column}"`,
          message: `last year's grade ${text} is not one of this rule set's grades (${vocab.grade.allowed}): the unit's prior grade is left empty, and rules reading priorGrade see none`,
        });
      }
      locations.add('prior', entry.location);
      prior.push(row as (typeof prior)[number]);
    }
  }

  const surveysTable = _open(tables.surveys);
  if (surveysTable) {
    const surveys: NonNullable<DatasetInput['surveys']> = (input.surveys = []);
    const records = _records(surveysTable, 'surveys', COLUMNS.surveys, issues, {}, onProgress);
    for (let entry = records.read(); entry !== undefined; entry = records.read()) {
      const row: Record<string, unknown> = { id: _code(entry.values['id']), label: _text(entry.values['label']), value: number(entry, 'value') };
      for (const [field, read] of [['prior', (cell: Cell) => number(entry, 'prior', cell)], ['unit', _text], ['note', _text]] as const) {
        const value = read(entry.values[field]);
        if (value !== undefined) row[field] = value;
      }
      locations.add('surveys', entry.location);
      surveys.push(row as (typeof surveys)[number]);
    }
  }
  return { input, locations, issues, unlabelled };
}

/**
 * Re-addresses a dataset issue found by validation to the file, row and column it came from.
 *
 * @param issue - an issue with a JSON path into the converted dataset
 * @param locations - where each entry came from
 * @returns the issue, naming the file and `row N, column "header"` where the entry came from a table
 */
export function locateIssue(issue: Issue, locations: Locations): Issue {
  // a missing score is missing from the scores table, not from the unit's row in the units table
  const cell = issue.code === 'missing-score' && issue.unit !== undefined ? locations.scoreCell(issue.unit, issue.indicator) : undefined;
  if (cell !== undefined) {
    const header = cell.columns['score'];
    return { ...issue, source: cell.source, path: cell.row === 0 ? '' : `row ${cell.row}${header === undefined ? '' : `, column "${header}"`}` };
  }
  const match = /^(\$\.[A-Za-z]+\[\d+\])(?:\.([A-Za-z]+))?/.exec(issue.path);
  const location = match?.[1] === undefined ? undefined : locations.get(match[1]);
  if (!match || !location) return issue;
  const header = match[2] === undefined ? undefined : location.columns[match[2]];
  // a value the schema requires is, in a table, a cell left empty
  const message = header !== undefined && issue.message.startsWith('required: ') ? 'the cell is empty; a value is required here' : _locatedMessage(issue.message, location.source, locations);
  return { ...issue, source: location.source, path: `row ${location.row}${header === undefined ? '' : `, column "${header}"`}`, message };
}

/**
 * A message's JSON paths into the dataset (`already used at $.units[0]`, `listed in $.units`) said as the tables
 * they came from: the row, and its file where it is not the issue's own.
 */
function _locatedMessage(message: string, source: string, locations: Locations): string {
  if (!message.includes('$.')) return message;
  return message.replace(/\$\.([A-Za-z]+)(?:\[(\d+)\])?(?![\w.[])/g, (path: string, table: string, index: string | undefined) => {
    if (index === undefined) return locations.sourceOf(table) ?? path;
    const at = locations.get(path);
    if (at === undefined) return path;
    return at.source === source ? `row ${at.row}` : `${at.source} row ${at.row}`;
  });
}

/** Where the unit a table's next row most likely refers to is listed: after the last one found. */
interface _Place {
  next: number;
}

/** What reading a long scores table in place reads and records with, as its records are read. */
interface _LongTableState {
  readonly units: readonly { readonly id?: unknown; readonly name?: unknown }[];
  readonly place: _Place;
  readonly indicators: _Vocabulary;
  readonly subjects: _Vocabulary;
  readonly intern: <T>(value: T, hundredths?: number) => T;
  /** records the locations of scores from rows that follow one another */
  readonly addScores: (location: Location, count: number) => void;
}

/**
 * The rows of a long scores table read where they stand in the text, for as long as each is plain: its cells in
 * the columns of the header and no more, its unit the one the row before named or one of the next few listed, as the
 * units table gave its id (and its name, where the table has that column, as the units table gave it, or none),
 * its indicator and subject (where the table has that column) an id or label of the rule set as it is, or the
 * subject none, and its score a decimal with two places. Such a row is what reading it as a record would make of
 * it, with nothing to trim, normalise, look for or complain of: the same unit, ids and score text, the same
 * location and the same progress told, and the next unit looked for where a record would look. The column after
 * the last row's is tried first, by the texts the file named it by before, compared where they stand: nothing is
 * cut from the text for a row but a score text not met before, and, for a column first met, its indicator and
 * subject. The first row that is not plain is left to be read as a record, and so is a row the columns do not
 * take.
 *
 * Read as records, the 14.4 million rows of a million units' scores by subjects took 0.73 µs each: each cell cut
 * from the text, long ones copied, the record's fields read through getters, its unit, indicator and subject
 * looked up (an indicator shared by two subjects is followed by itself and by the next in turn, which the
 * vocabulary's guess of the text after the last misses).
 */
class _PlainScoreLines {
  readonly #lines: _RecordLines;
  readonly #state: _LongTableState;
  // the lines of a text being read, and the one read by #takeCells
  readonly #run: _TextLines = { text: '', starts: new Uint32Array(0), ends: undefined, numbers: undefined, breakLength: 1, lastEnd: 0, count: 0, from: 0, linesBefore: 0 };
  readonly #line: _TextLine = { text: '', start: 0, end: 0, row: 0 };
  readonly #width: number;
  // each field's column, -1 where the table has none
  readonly #unit: number;
  readonly #name: number;
  readonly #indicator: number;
  readonly #subject: number;
  readonly #score: number;
  // where each of a row's cells starts and ends
  readonly #bounds: Int32Array;
  // each two-place score's text, by its value in hundredths, as interned
  readonly #scores: (string | undefined)[] = [];
  // the texts each column's indicator and subject ('' for none) were named by, where they are a term's own
  readonly #indicatorTexts: (string | undefined)[] = [];
  readonly #subjectTexts: (string | undefined)[] = [];
  // whether the columns are unit, indicator, subject (if any) and score, in that order, and no more; and if so,
  // each column's texts as they come between a row's unit and score (`duties,supervision-office,`)
  readonly #inOrder: boolean;
  readonly #named: (string | undefined)[] = [];
  // the last unit's id found plain (see #plainId)
  #lastPlainId: string | undefined;
  // the next comma in the text, kept from line to line (see _SplitLines in readCsv)
  #comma = -1;
  #text = '';
  #read = 0;
  #givenBack = 0;
  // the rows taken whose locations are not recorded yet: how many, from which row on
  #pending = 0;
  #firstPending = 0;

  private constructor(lines: _RecordLines, state: _LongTableState, columns: { unit: number; name: number; indicator: number; subject: number; score: number }) {
    this.#lines = lines;
    this.#state = state;
    this.#width = lines.width;
    this.#unit = columns.unit;
    this.#name = columns.name;
    this.#indicator = columns.indicator;
    this.#subject = columns.subject;
    this.#score = columns.score;
    this.#bounds = new Int32Array(2 * lines.width);
    const subjects = columns.subject >= 0 ? 1 : 0;
    this.#inOrder = columns.unit === 0 && columns.indicator === 1 && columns.subject === (subjects === 1 ? 2 : -1) && columns.score === 2 + subjects && columns.name < 0 && lines.width === 3 + subjects;
  }

  /**
   * What reads a long scores table's rows in place, where its rows are lines of text and its header names the
   * unit, indicator and score columns once each; undefined otherwise.
   */
  static of(lines: _RecordLines | undefined, state: _LongTableState): _PlainScoreLines | undefined {
    if (lines === undefined) return undefined;
    const columns = { unit: lines.columnOf('unit'), name: lines.columnOf('name'), indicator: lines.columnOf('indicator'), subject: lines.columnOf('subject'), score: lines.columnOf('score') };
    if (columns.unit < 0 || columns.indicator < 0 || columns.score < 0) return undefined;
    return new _PlainScoreLines(lines, state, columns);
  }

  /**
   * Reads rows in place into the columns, up to the first that is not plain, or that the columns do not take (which
   * is given back), or the end of the table. A table whose rows are mostly not plain is left to its records: after
   * a thousand rows left to be read as records, when they are more than a quarter as many as those read in place,
   * no more are read in place.
   *
   * @param gathered - the columns
   */
  gather(gathered: _ScoreColumnsGatherer): void {
    if (this.#givenBack > 1000 && this.#givenBack * 4 > this.#read) return;
    const lines = this.#lines;
    const run = this.#run;
    const line = this.#line;
    const inOrder = this.#inOrder;
    const state = this.#state;
    const units = state.units;
    const place = state.place;
    const named = this.#named;
    const scores = this.#scores;
    while (lines.lines(run)) {
      const { text, starts, ends, numbers, breakLength, lastEnd, count, from, linesBefore } = run;
      // the rows read so far counted every so often, so that the progress is told as they are read
      let counted = from;
      for (let i = from; i < count; i++) {
        if (i - counted === _COUNTED_EVERY) {
          lines.took(_COUNTED_EVERY);
          counted = i;
        }
        const start = starts[i] as number;
        const end = ends !== undefined ? (ends[i] as number) : i + 1 < count ? (starts[i + 1] as number) - breakLength : lastEnd;
        const row = linesBefore + (numbers === undefined ? i + 1 : (numbers[i] as number));
        this.#read++;
        expected: if (inOrder) {
          // a row that is what the rows before it make likely (see #takeCells for the rest): its unit the row
          // before's or one of the next few listed, followed by the texts that named the column after the last
          // one's, and a score; nothing else is looked for, not even the commas
          const next = place.next;
          const at = _listedAt(units, next, text, start, end, false);
          if (at < 0) break expected;
          const unit = units[at]?.id as string;
          if (!this.#plainId(unit)) break expected;
          let column = gathered.last + 1;
          if (column >= gathered.width) column = 0;
          const texts = named[column];
          if (texts === undefined) break expected;
          const textsStart = start + unit.length + 1;
          const scoreStart = textsStart + texts.length;
          if (scoreStart > end || text.substring(textsStart, scoreStart) !== texts) break expected;
          const hundredths = _hundredths(text, scoreStart, end);
          if (hundredths < 0 || ((gathered.rows & 0xffff) === 0 && gathered.sparse)) break expected;
          let score = scores[hundredths];
          if (score === undefined) scores[hundredths] = score = state.intern(text.slice(scoreStart, end), hundredths);
          gathered.addTo(unit, column, score);
          if (at >= next) place.next = at + 1;
          this.#located(row);
          continue;
        }
        line.text = text;
        line.start = start;
        line.end = end;
        line.row = row;
        if (this.#takeCells(gathered)) continue;
        // the rows before it read, this one and the rest left to be read as records
        this.#read--;
        this.#givenBack++;
        lines.took(i - counted);
        this.#flush();
        return;
      }
      lines.took(count - counted);
    }
    this.#flush();
    // the last text let go
    this.#text = '';
    line.text = '';
  }

  /**
   * Whether a unit's id, found as a row's cell is, is what reading the cell as a record finds too: a cell of its
   * own (an id with a comma in it is more than one), and its own code (trimmed and NFKC-normalised, a few ids the
   * units table gave are not: NFKC of U+00A8 begins with a space).
   */
  #plainId(unit: string): boolean {
    if (unit === this.#lastPlainId) return true;
    if (unit.includes(',') || _code(unit) !== unit) return false;
    this.#lastPlainId = unit;
    return true;
  }

  /** Records the location of a row taken: rows that follow one another, at once. */
  #located(row: number): void {
    if (this.#pending > 0 && row === this.#firstPending + this.#pending) {
      this.#pending++;
      return;
    }
    this.#flush();
    this.#firstPending = row;
    this.#pending = 1;
  }

  #flush(): void {
    if (this.#pending === 0) return;
    this.#state.addScores(this.#lines.locationAt(this.#firstPending), this.#pending);
    this.#pending = 0;
  }

  /**
   * Reads the line just given into the columns, its cells found first, if it is plain and they take it: true, or
   * false, nothing changed (but a score text kept for later rows).
   */
  #takeCells(gathered: _ScoreColumnsGatherer): boolean {
    const { text, start, end } = this.#line;
    const bounds = this.#bounds;
    const width = this.#width;
    // the cells' bounds: no more cells than the header has
    if (text !== this.#text) {
      this.#text = text;
      this.#comma = -1;
    }
    let comma = this.#comma;
    let n = 0;
    for (let from = start; ; ) {
      if (comma < from) {
        comma = text.indexOf(',', from);
        if (comma === -1) comma = Infinity;
      }
      if (n === width) return false;
      const stop = comma < end ? comma : end;
      bounds[2 * n] = from;
      bounds[2 * n + 1] = stop;
      n++;
      if (stop === end) break;
      from = stop + 1;
    }
    this.#comma = comma;
    if (this.#unit >= n || this.#indicator >= n || this.#score >= n) return false;
    const state = this.#state;
    // the unit: the row before's, or one of the next few listed
    const units = state.units;
    const next = state.place.next;
    const unitStart = bounds[2 * this.#unit] as number;
    const unitEnd = bounds[2 * this.#unit + 1] as number;
    const at = _listedAt(units, next, text, unitStart, unitEnd, true);
    if (at < 0) return false;
    const unit = units[at]?.id as string;
    if (!this.#plainId(unit)) return false;
    if (this.#name >= 0 && this.#name < n) {
      const nameStart = bounds[2 * this.#name] as number;
      const nameEnd = bounds[2 * this.#name + 1] as number;
      const name = units[at]?.name;
      if (nameEnd > nameStart && (typeof name !== 'string' || !_sameText(text, nameStart, nameEnd, name))) return false;
    }
    const scoreStart = bounds[2 * this.#score] as number;
    const scoreEnd = bounds[2 * this.#score + 1] as number;
    const hundredths = _hundredths(text, scoreStart, scoreEnd);
    if (hundredths < 0) return false;
    if ((gathered.rows & 0xffff) === 0 && gathered.sparse) return false;
    const indicatorStart = bounds[2 * this.#indicator] as number;
    const indicatorEnd = bounds[2 * this.#indicator + 1] as number;
    const withSubject = this.#subject >= 0 && this.#subject < n;
    const subjectStart = withSubject ? (bounds[2 * this.#subject] as number) : 0;
    const subjectEnd = withSubject ? (bounds[2 * this.#subject + 1] as number) : 0;
    // the column after the last one first, with the texts the file named it by, as rows mostly follow one another
    // in the same order unit after unit
    let column = gathered.last + 1;
    if (column >= gathered.width) column = 0;
    const indicatorText = this.#indicatorTexts[column];
    const subjectText = this.#subjectTexts[column];
    const guessed = indicatorText !== undefined && subjectText !== undefined && _sameText(text, indicatorStart, indicatorEnd, indicatorText) && _sameText(text, subjectStart, subjectEnd, subjectText);
    let score = this.#scores[hundredths];
    if (score === undefined) this.#scores[hundredths] = score = state.intern(text.slice(scoreStart, scoreEnd), hundredths);
    if (guessed) gathered.addTo(unit, column, score);
    else {
      const indicator = _termIn(state.indicators, text, indicatorStart, indicatorEnd);
      if (indicator === undefined || indicator === _NO_TERM) return false;
      const subject = withSubject ? _termIn(state.subjects, text, subjectStart, subjectEnd) : _NO_TERM;
      if (subject === undefined) return false;
      if (!gathered.add(unit, indicator.id, score, subject === _NO_TERM ? undefined : subject.id)) return false;
      // the texts that name the column, where the cells are them as they are
      column = gathered.last;
      const subjectNamed = subject === _NO_TERM ? subjectEnd === subjectStart : _sameText(text, subjectStart, subjectEnd, subject.text);
      if (_sameText(text, indicatorStart, indicatorEnd, indicator.text) && subjectNamed) {
        this.#indicatorTexts[column] = indicator.text;
        this.#subjectTexts[column] = subject.text;
        // (texts of cells, which have no comma)
        if (this.#inOrder) this.#named[column] = `${indicator.text},${withSubject ? `${subject.text},` : ''}`;
      }
    }
    // as reading the row as a record would have left it
    if (at >= next) state.place.next = at + 1;
    this.#located(this.#line.row);
    return true;
  }
}

/** How many rows read in place are counted at once, at most (see {@link _RecordLines.took}). */
const _COUNTED_EVERY = 4096;

/** A cell that holds nothing (see {@link _termIn}). */
const _NO_TERM: _Term = { text: '', id: '', next: undefined };

/**
 * The term a cell of a text is, cut from the text and trimmed, as `ref` in {@link tablesToDataset} finds it by its
 * text; {@link _NO_TERM} for a cell with nothing in it, or only spaces; undefined for any other text, which only
 * reading it as a record can say what it is (a text to normalise, or a problem).
 */
function _termIn(vocabulary: _Vocabulary, text: string, start: number, end: number): _Term | undefined {
  if (start === end) return _NO_TERM;
  const cell = _text(text.slice(start, end));
  return cell === undefined ? _NO_TERM : vocabulary.map.get(cell);
}

/**
 * Where the unit a row names is listed, as `unitOf` in {@link tablesToDataset} finds it when the cell is a code as
 * the units table gave it: the unit before `next` (the row before's) or one of the few from `next` on; -1 where
 * it is none of them. The cell is between `start` and `end`, or, where `ends` is false, starts at `start` and ends
 * at the first comma after the code, within a line that ends at `end` (see {@link _cellAt}).
 */
function _listedAt(units: _LongTableState['units'], next: number, text: string, start: number, end: number, ends: boolean): number {
  const last = Math.min(next + _AHEAD, units.length);
  for (let at = next > 0 ? next - 1 : 0; at < last; at++) {
    const unit = units[at]?.id;
    if (typeof unit === 'string' && (ends ? _sameText(text, start, end, unit) : _cellAt(text, start, end, unit))) return at;
  }
  return -1;
}

/** Whether a cell starts at a place of a line of a text (which ends at `end`), followed by a comma, and is another text. */
function _cellAt(text: string, start: number, end: number, other: string): boolean {
  const stop = start + other.length;
  return stop < end && text.charCodeAt(stop) === 0x2c && text.substring(start, stop) === other;
}

/**
 * Whether the text between two places is another text. Cut and compared whole, which V8 does as one comparison of
 * memory: a loop comparing a character at a time took twice as long for the unit, indicator and subject of a row.
 */
function _sameText(text: string, start: number, end: number, other: string): boolean {
  return end - start === other.length && text.substring(start, end) === other;
}

/** A row being converted: the same object for every row of a table, to be read before the next row is asked for. */
interface _Record {
  /** the cells of the table's named columns, by field (a column of an `extra` field is read from `cells`) */
  values: Record<string, Cell>;
  /** the row's cells, in the order of the table's columns */
  cells: readonly Cell[];
  location: { readonly source: string; row: number; readonly columns: Readonly<Record<string, string>> };
}

/**
 * Maps a table's rows to field values by its header, as they are read; unknown, duplicate and missing columns are
 * problems, and so are cells past the header's.
 */
function _records(
  table: _Opened,
  name: TableName,
  columns: Readonly<Record<string, readonly string[]>>,
  issues: Issue[],
  extra: Readonly<Record<string, string>> = {},
  onProgress?: TableProgress,
  onFields?: (fields: readonly (string | undefined)[]) => void,
): _RecordReader {
  const problem = (path: string, message: string) => issues.push(_problem(table.source, path, message));
  const header = table.header;
  if (!header) {
    problem('', 'the table is empty: expected a header row');
    return _NO_RECORDS;
  }
  const fields: (string | undefined)[] = [];
  const seen = new Map<string, number>();
  // whether the header is one cell of a file separated otherwise: its columns are then not each said missing
  let separated = false;
  const unitNamed = _unitNamed(header.cells, columns);
  header.cells.forEach((cell, index) => {
    const text = _text(cell);
    if (text === undefined) {
      fields.push(undefined);
      return;
    }
    const field = (text === _UNIT && unitNamed ? 'name' : undefined) ?? Object.entries(columns).find(([, aliases]) => aliases.includes(text))?.[0] ?? (Object.hasOwn(extra, text) ? extra[text] : undefined);
    if (field === undefined && IGNORED_COLUMNS.includes(text)) {
      // a row number column, as government sheets begin with: read as no column, as one without a header is
      fields.push(undefined);
      return;
    }
    if (field === undefined && _separatedHeader(header.cells)) {
      separated = true;
      // the whole header in one cell: a file whose cells are separated by semicolons or tabs
      problem(`row ${header.row}`, `the header is one cell, ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}: the file's cells look separated by ${text.includes('\t') ? 'tabs' : 'semicolons'}; save it as CSV, its cells separated by commas`);
    } else if (field === undefined) {
      const expected = [...Object.values(columns).map((aliases) => aliases[0]), ...(Object.keys(extra).length > 0 ? ['an indicator id or label'] : [])];
      problem(`row ${header.row}, column ${index + 1}`, `unknown column ${JSON.stringify(text)}; expected ${expected.join(', ')}`);
    } else if (seen.has(field)) {
      problem(`row ${header.row}, column ${index + 1}`, `the column ${JSON.stringify(text)} repeats column ${(seen.get(field) ?? 0) + 1}`);
    } else {
      seen.set(field, index);
    }
    fields.push(field !== undefined && seen.get(field) === index ? field : undefined);
  });
  for (const field of separated ? [] : REQUIRED[name]) {
    if (!seen.has(field)) problem(`row ${header.row}`, `no column for ${field}; expected a header such as ${(columns[field] ?? [field]).map((alias) => JSON.stringify(alias)).join(' or ')}`);
  }
  const columnNames: Record<string, string> = {};
  fields.forEach((field, index) => {
    if (field !== undefined) columnNames[field] = _text(header.cells[index]) ?? field;
  });
  onFields?.(fields);
  // the named fields and their columns, put in each row's values
  const named = fields.flatMap((field, index) => (field !== undefined && Object.hasOwn(columns, field) ? [{ field, index }] : []));
  return new _Records(table, fields.length, named, columnNames, issues, onProgress);
}

/** What stands in for a value that is neither an id nor a label the rule set declares (see tablesToDataset's ref). */
export const _UNKNOWN_VALUE = 'kaoping-unknown-value';

/** 单位, "unit": a header that names a unit's code in some sheets and its name in others (kaoping's own results among them). */
const _UNIT = '单位';

/**
 * Whether a header's 单位 heads the units' names: where another column holds their codes (`编码,单位,…`, as
 * kaoping's own results have it) and none their names, or in the units table, whose codes are never headed 单位.
 */
function _unitNamed(cells: readonly Cell[], columns: Readonly<Record<string, readonly string[]>>): boolean {
  const all = cells.map(_text);
  const texts = all.filter((text): text is string => text !== undefined && text !== _UNIT);
  if (!all.includes(_UNIT) || columns['name'] === undefined || texts.some((text) => columns['name']?.includes(text))) return false;
  const codes = columns['unit'] ?? columns['id'];
  return codes !== undefined && (columns['unit'] === undefined || texts.some((text) => codes.includes(text)));
}

/** What reads a table's records; and, where its rows are lines of text, those lines (see {@link _Records.lines}). */
interface _RecordReader {
  read(): _Record | undefined;
  readonly lines: _RecordLines | undefined;
}

/** The records of a table with no header: none. */
const _NO_RECORDS: _RecordReader = { read: () => undefined, lines: undefined };

/**
 * The records of a table's rows after its header (see {@link _records}): one record for all rows, its values and
 * row number those of the row just read, as what a row is converted to is made from it before the next is read (a
 * million rows made three million objects that died at once). Read with `read`, not as an iterator (nor a
 * generator, as it was): V8 inlines it where the records are read, and there is no object for each step to make.
 */
class _Records implements _RecordReader {
  readonly #table: _Opened;
  readonly #width: number;
  readonly #issues: Issue[];
  readonly #onProgress: TableProgress | undefined;
  readonly #record: _Record;
  // the table's cells past the header's are put before the problems its rows' values give, as when every row was
  // looked at before the first was converted: the rows are converted as they are read, and let go
  readonly #before: number;
  readonly #beyond: Issue[] = [];
  readonly #total: number;
  readonly #step: number;
  #read = 0;
  // the last row count told: the last row, where it is also a hundredth, is not told twice
  #told = 0;
  #done = false;
  readonly #named: readonly { field: string; index: number }[];

  constructor(table: _Opened, width: number, named: readonly { field: string; index: number }[], columns: Readonly<Record<string, string>>, issues: Issue[], onProgress: TableProgress | undefined) {
    this.#table = table;
    this.#width = width;
    this.#named = named;
    this.#issues = issues;
    this.#onProgress = onProgress;
    this.#before = issues.length;
    this.#total = table.count - 1;
    this.#step = Math.max(1, Math.ceil(this.#total / 100));
    // each named field read from the row's cells when asked for: writing each field, a key at a time, cost more
    // than every read (a tenth of the time a long table of scores takes to convert)
    const values: Record<string, Cell> = {};
    const record = { values, cells: [] as readonly Cell[], location: { source: table.source, row: 0, columns } };
    for (const { field, index } of named) Object.defineProperty(values, field, { get: () => record.cells[index], enumerable: true });
    this.#record = record;
  }

  /** The next row's record, or undefined after the last. */
  read(): _Record | undefined {
    const table = this.#table;
    for (let row = table.rest.read(); row !== undefined; row = table.rest.read()) {
      this.#count();
      const cells = row.cells;
      for (let index = this.#width; index < cells.length; index++) {
        const cell = cells[index];
        if (_text(cell) !== undefined) this.#beyond.push(_problem(table.source, `row ${row.row}, column ${index + 1}`, `a value with no column header: ${JSON.stringify(cell)}`));
      }
      let blank = true;
      for (let index = 0; index < cells.length && blank; index++) blank = _text(cells[index]) === undefined;
      if (blank) continue;
      this.#record.cells = cells;
      this.#record.location.row = row.row;
      return this.#record;
    }
    if (!this.#done && this.#beyond.length > 0) {
      const after = this.#issues.splice(this.#before);
      for (const issue of this.#beyond) this.#issues.push(issue);
      for (const issue of after) this.#issues.push(issue);
    }
    this.#done = true;
    return undefined;
  }

  /**
   * The table's rows as lines of text, read in place, where its reader gives them so (quote-free CSV): they are
   * counted, and the progress told at the same rows as for records, once whoever reads them says how many it read
   * (every few thousand); cells past the header's, and blank rows, are for it to leave to {@link read} (see
   * {@link _RecordLines}).
   */
  get lines(): _RecordLines | undefined {
    const rest = this.#table.rest as Partial<_LineReader>;
    if (typeof rest.lines !== 'function' || typeof rest.skip !== 'function') return undefined;
    const reader = rest as _LineReader;
    const location = this.#record.location;
    return {
      width: this.#width,
      columnOf: (field) => this.#named.find((named) => named.field === field)?.index ?? -1,
      lines: (into) => reader.lines(into),
      took: (count) => {
        reader.skip(count);
        this.#counted(count);
      },
      locationAt: (row) => {
        location.row = row;
        return location;
      },
    };
  }

  /** Counts rows read as lines, telling the progress at each hundredth of the table among them. */
  #counted(count: number): void {
    const before = this.#read;
    const after = (this.#read = before + count);
    if (!this.#onProgress) return;
    const step = this.#step;
    for (let r = (Math.floor(before / step) + 1) * step; r <= after; r += step) this.#tell(r);
    if (before < this.#total && this.#total <= after) this.#tell(this.#total);
  }

  #tell(r: number): void {
    if (r === this.#told) return;
    this.#told = r;
    this.#onProgress?.({ phase: 'reading', stage: this.#table.source, done: r, total: this.#total });
  }

  /** Counts a row read, telling the progress every hundredth of the table. */
  #count(): void {
    const r = ++this.#read;
    if (this.#onProgress && (r % this.#step === 0 || r === this.#total)) this.#tell(r);
  }
}

/**
 * A table's rows as lines of text, to be read in place (see {@link _Records.lines}), a text's at a time: the rows
 * read so are counted once passed (`took`), and the first found to need more than its line can tell (a cell to
 * trim, a value to look up or to complain of) is read as a record.
 */
interface _RecordLines {
  /** how many columns the header has */
  readonly width: number;
  /** the column a field is read from, or -1 */
  columnOf(field: string): number;
  /** The lines of the rows not read yet, of one text; false after the last. */
  lines(into: _TextLines): boolean;
  /** Moves on past rows read as lines, counting them. */
  took(count: number): void;
  /** The location of a row of the table, for {@link Locations.add}: one object for all, its row set to the one given. */
  locationAt(row: number): Location;
}

/** A problem with a table's files, rows or cells. */
function _problem(source: string, path: string, message: string): Issue {
  return { code: 'table', severity: 'error', document: 'dataset', source, path, message };
}

const SPACE = /^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0\ufeff]+$/g;

/** A text cell, trimmed; empty is nothing. */
function _text(cell: Cell): string | undefined {
  if (cell === undefined) return undefined;
  const text = String(cell);
  // most cells have nothing to trim: looking at both ends is cheaper than the replacement
  if (text !== '' && !_space(text.charCodeAt(0)) && !_space(text.charCodeAt(text.length - 1))) return text;
  const trimmed = text.replace(SPACE, '');
  return trimmed === '' ? undefined : trimmed;
}

/** Whether a character is one {@link SPACE} trims. */
function _space(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return SPACE_CHARACTER.test(String.fromCharCode(code));
}

const SPACE_CHARACTER = /^[\s\u3000\u00a0\ufeff]$/;

/** A code or id: trimmed and NFKC-normalised (full-width letters and digits become ASCII). */
function _code(cell: Cell): string | undefined {
  const text = _text(cell);
  return text === undefined ? undefined : _nfkc(text);
}

/** A text NFKC-normalised; ASCII, which NFKC leaves as it is, is not passed to it (checking is several times cheaper). */
function _nfkc(text: string): string {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return text.normalize('NFKC');
  return text;
}

/**
 * A number: workbook numbers as JavaScript prints them, when that is exact (15 significant digits or
 * fewer); text trimmed and NFKC-normalised. What is not a plain decimal is left for validation to refuse.
 */
function _number(cell: Cell): string | number | undefined {
  if (typeof cell === 'number') return cell;
  return _code(cell);
}

/** Whether a workbook number reads back as the decimal that was typed: plain, and at most 15 digits. */
function _typedNumber(value: number): boolean {
  const text = String(value);
  if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(text)) return false;
  // most are short enough to hold no more than 15 digits whatever they are
  return text.length <= 15 || text.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15;
}

/** An id or label of a rule set's vocabulary, the id it stands for, and the text found after it last time. */
interface _Term {
  /**
   * the id or label; a term found is one a cell's text, trimmed, is, so a cell that is a found term's text as it
   * is needs no trimming
   */
  readonly text: string;
  readonly id: string;
  next: _Term | undefined;
}

/** Whether a cell holds a text that is neither an id nor a label of a vocabulary, nor could be an id: a label of something else. */
function _unknownLabel(cell: Cell, vocabulary: _Vocabulary): boolean {
  const text = _text(cell);
  if (text === undefined || vocabulary.map.has(text)) return false;
  const code = _nfkc(text);
  return !vocabulary.map.has(code) && !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(code);
}

interface _Vocabulary {
  /** each id and label, as a term */
  readonly map: ReadonlyMap<string, _Term>;
  /** The values allowed, for messages: `加分项 (bonus), 扣分项 (deduction)`. */
  readonly allowed: string;
  /** the term last found */
  last: _Term | undefined;
}

function _vocabulary(entries: readonly { id: string; label: string }[]): _Vocabulary {
  const map = new Map<string, _Term>();
  for (const entry of entries) map.set(entry.label, { text: entry.label, id: entry.id, next: undefined });
  for (const entry of entries) map.set(entry.id, { text: entry.id, id: entry.id, next: undefined });
  return { map, allowed: entries.map((entry) => `${entry.label} (${entry.id})`).join(', ') || '(none declared)', last: undefined };
}
