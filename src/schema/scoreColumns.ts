import type { Dataset } from './dataset.js';
import { isIdentifier, isNonNegativeDecimalText } from './primitives.js';

type ScoreRow = Dataset['scores'][number];

/**
 * Scores in wide form, as a table with one row per unit and one column per indicator gives them. A dataset read
 * from such a table keeps its scores this way: nine score rows a unit would be nine objects a unit, most of a
 * large dataset's memory and of the time spent reading and checking it.
 */
export interface ScoreColumns {
  /** The indicator of each column. */
  readonly indicators: readonly string[];
  /**
   * The evaluation subject whose part of its indicator each column gives, where any column gives a subject's part
   * (undefined for a column of whole scores); absent when every column gives whole scores.
   */
  readonly subjects?: readonly (string | undefined)[];
  /** The unit of each row, by id (undefined where the table gave none). */
  readonly units: readonly (string | undefined)[];
  /**
   * The cells, row by row: row r's score on column c at r × `indicators.length` + c; undefined for an empty
   * cell. Numbers are a workbook's cells, left for validation to read.
   */
  readonly cells: readonly (string | number | undefined)[];
}

/** The columns of datasets whose score rows have not been made (or read) yet, with the getter that stands for them. */
const _columns = new WeakMap<object, { readonly columns: ScoreColumns; readonly get: () => unknown }>();

/**
 * Gives a dataset a `scores` property whose rows are made from wide columns when it is first read or set. Until
 * then, scoring and checking read the columns (see {@link _scoreColumnsOf}); from then on, only the rows count, so
 * rows changed after reading them are what is appraised, and the columns are let go. The rows are the entries of
 * the columns' cells that are not empty, row by row and column by column: `{ unit, indicator, score }`. As with a
 * plain property, setting it on a frozen dataset throws, and setting it on an object given the property's
 * descriptor (a copy made with `Object.getOwnPropertyDescriptors`) gives that object rows of its own.
 *
 * @param target - the dataset (or the input it is parsed from), given the property in place
 * @param columns - its scores
 * @returns the target
 */
export function _withScoreColumns<T extends object>(target: T, columns: ScoreColumns): T {
  let held: ScoreColumns | undefined = columns;
  let rows: unknown;
  const get = (): unknown => {
    if (held !== undefined) {
      const made = scoreRowsOf(held);
      // the rows of a frozen dataset (a parse's) are frozen, as the rest of it is
      if (Object.isFrozen(target)) {
        for (const row of made) Object.freeze(row);
        Object.freeze(made);
      }
      rows = made;
      held = undefined;
      _columns.delete(target);
    }
    return rows;
  };
  _columns.set(target, { columns, get });
  Object.defineProperty(target, 'scores', {
    get,
    set(this: object, value: unknown) {
      if (Object.isFrozen(this)) throw new TypeError("Cannot assign to read only property 'scores' of object");
      if (this !== target) {
        Object.defineProperty(this, 'scores', { value, writable: true, enumerable: true, configurable: true });
        return;
      }
      rows = value;
      held = undefined;
      _columns.delete(target);
    },
    enumerable: true,
    configurable: true,
  });
  return target;
}

/**
 * The score columns of a dataset whose rows have not been read: the same scores as its `scores` rows, without
 * making them.
 *
 * @param dataset - a dataset, or the input it is parsed from
 * @returns its columns, or undefined when its scores are rows (or were read as rows, or the property was replaced)
 */
export function _scoreColumnsOf(dataset: object): ScoreColumns | undefined {
  const entry = _columns.get(dataset);
  if (entry === undefined) return undefined;
  // a property deleted and set again, or defined anew, is rows
  if (Object.getOwnPropertyDescriptor(dataset, 'scores')?.get !== entry.get) {
    _columns.delete(dataset);
    return undefined;
  }
  return entry.columns;
}

/**
 * The score rows that wide columns stand for, in their order: row by row, and within a row column by column,
 * empty cells left out.
 *
 * @param columns - the columns
 * @returns `{ unit, indicator, score }` rows
 */
export function scoreRowsOf(columns: ScoreColumns): ScoreRow[] {
  const rows: ScoreRow[] = [];
  const width = columns.indicators.length;
  const subjects = columns.subjects;
  for (let r = 0; r < columns.units.length; r++) {
    const unit = columns.units[r] as string;
    for (let c = 0; c < width; c++) {
      const score = columns.cells[r * width + c];
      if (score === undefined) continue;
      const indicator = columns.indicators[c] as string;
      // the keys in the dataset schema's order, as a parse gives them
      const subject = subjects?.[c];
      rows.push(subject === undefined ? { unit, indicator, score: score as string } : { unit, indicator, subject, score: score as string });
    }
  }
  return rows;
}

/**
 * What tells the columns of scores apart: an indicator's whole scores are its id; a subject's part of it, the
 * indicator's id and the subject's, apart (identifiers have no NUL in them).
 *
 * @param indicator - the indicator's id
 * @param subject - the subject's id, for a column of its parts
 * @returns the column's key
 */
export function _columnKey(indicator: string, subject: string | undefined): string {
  return subject === undefined ? indicator : `${indicator}\u0000${subject}`;
}

/**
 * The columns of score rows, each made when a row first names its indicator (and subject), in that order: the
 * column that follows the last one found is tried first, as a unit's rows mostly come in the same order.
 */
class _Columns {
  readonly indicators: string[] = [];
  readonly subjects: (string | undefined)[] = [];
  /** whether a column gives a subject's parts */
  withSubjects = false;
  readonly #of = new Map<string, number>();

  /**
   * The column of an indicator's whole scores or of a subject's parts of it.
   *
   * @param indicator - the indicator's id
   * @param subject - the subject's id, for its parts
   * @param after - the column of the row before (-1: none): the next one is tried first
   * @returns its place among the columns, or -1 where there is none yet
   */
  find(indicator: string, subject: string | undefined, after: number): number {
    const next = after + 1;
    if (next < this.indicators.length && this.indicators[next] === indicator && this.subjects[next] === subject) return next;
    return this.#of.get(_columnKey(indicator, subject)) ?? -1;
  }

  /** Adds the column of an indicator's whole scores or of a subject's parts of it, and gives its place. */
  add(indicator: string, subject: string | undefined): number {
    const column = this.indicators.length;
    this.#of.set(_columnKey(indicator, subject), column);
    this.indicators.push(indicator);
    this.subjects.push(subject);
    if (subject !== undefined) this.withSubjects = true;
    return column;
  }

  /** The columns' part of {@link ScoreColumns}: their subjects only where a column has one. */
  named(): Pick<ScoreColumns, 'indicators' | 'subjects'> {
    return this.withSubjects ? { indicators: this.indicators, subjects: this.subjects } : { indicators: this.indicators };
  }
}

/**
 * Score rows as wide columns that stand for them, in their order (see {@link scoreRowsOf}), where they are dense
 * enough to be smaller so: a column per indicator's whole scores and per subject's part of an indicator, in the
 * order the rows first name them, and a row of the table per run of rows of one unit whose columns follow that
 * order (a unit's rows in another order, or repeated, take more than one). Nine million score rows are nine
 * million objects; as columns they are one list of their scores' texts.
 *
 * @param rows - plainly valid score rows (see `plainScoreRows`)
 * @returns the columns, or undefined when there are none, or the table would have more than twice as many cells
 *   as there are rows
 */
export function _scoreColumnsOfRows(rows: readonly ScoreRow[]): ScoreColumns | undefined {
  if (rows.length === 0) return undefined;
  const columns = new _Columns();
  // the columns, and how many rows the table needs; then the same walk again, each column known, for the cells
  let tableRows = 0;
  let unit: string | undefined;
  let last = -1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ScoreRow;
    let column = columns.find(row.indicator, row.subject, last);
    if (column < 0) column = columns.add(row.indicator, row.subject);
    if (row.unit !== unit || column <= last) {
      tableRows++;
      unit = row.unit;
    }
    last = column;
  }
  const width = columns.indicators.length;
  if (tableRows * width > 2 * rows.length) return undefined;
  const units = new Array<string>(tableRows);
  const cells = new Array<string | undefined>(tableRows * width);
  let r = -1;
  unit = undefined;
  last = -1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ScoreRow;
    const column = columns.find(row.indicator, row.subject, last);
    if (row.unit !== unit || column <= last) {
      units[++r] = row.unit;
      unit = row.unit;
    }
    last = column;
    cells[r * width + column] = row.score;
  }
  return { ...columns.named(), units, cells };
}

/**
 * Wide columns gathered from score rows as a table gives them, a row at a time, without keeping the rows: the
 * columns {@link _scoreColumnsOfRows} makes of the same rows, where it makes any (the table not sparse: the caller
 * asks whether the columns are {@link sparse}). A column is added when a row first names its indicator (and
 * subject), the cells gathered so far moved to make room for it; the columns that may be made are given, so that
 * there are few.
 */
export class _ScoreColumnsGatherer {
  readonly #columns = new _Columns();
  readonly #units: string[] = [];
  #cells: (string | number | undefined)[];
  #rows = 0;
  #last = -1;

  readonly #allowed: ReadonlySet<string> | undefined;

  /**
   * @param expected - how many rows there will likely be: the cells are made for that many at once
   * @param allowed - the keys (see {@link _columnKey}) of the columns that may be made (any, if not given)
   */
  constructor(expected: number, allowed?: ReadonlySet<string>) {
    this.#cells = new Array<string | number | undefined>(expected);
    this.#allowed = allowed;
  }

  /** How many rows were gathered. */
  get rows(): number {
    return this.#rows;
  }

  /** Whether the columns so far have more than twice as many cells as rows were gathered (see {@link _scoreColumnsOfRows}). */
  get sparse(): boolean {
    return this.#units.length * this.#columns.indicators.length > 2 * this.#rows;
  }

  /**
   * Gathers the next row.
   *
   * @param unit - its unit's id
   * @param indicator - its indicator's id
   * @param score - its score, as read
   * @param subject - its subject's id, where it gives a subject's part
   * @returns false, the row not gathered, for a column not allowed
   */
  add(unit: string, indicator: string, score: string | number, subject?: string): boolean {
    let column = this.#columns.find(indicator, subject, this.#last);
    if (column < 0) {
      if (this.#allowed !== undefined && !this.#allowed.has(_columnKey(indicator, subject))) return false;
      column = this.#widen(indicator, subject);
    }
    this.addTo(unit, column, score);
    return true;
  }

  /** The column the last row gathered went to, -1 before the first. */
  get last(): number {
    return this.#last;
  }

  /** How many columns there are. */
  get width(): number {
    return this.#columns.indicators.length;
  }

  /**
   * Gathers the next row into a column there is already, as {@link add} gathers one of its indicator (and subject):
   * for a reader that knows the column.
   *
   * @param unit - its unit's id
   * @param column - the column, below {@link width}
   * @param score - its score, as read
   */
  addTo(unit: string, column: number, score: string | number): void {
    const units = this.#units;
    if (units.length === 0 || units[units.length - 1] !== unit || column <= this.#last) units.push(unit);
    this.#last = column;
    this.#cells[(units.length - 1) * this.#columns.indicators.length + column] = score;
    this.#rows++;
  }

  /** The columns gathered: the gatherer is not to be used after. */
  columns(): ScoreColumns {
    const cells = this.#cells;
    cells.length = this.#units.length * this.#columns.indicators.length;
    return { ...this.#columns.named(), units: this.#units, cells };
  }

  /** Adds a column, moving each row's cells to their places in the wider rows. */
  #widen(indicator: string, subject: string | undefined): number {
    const width = this.#columns.indicators.length;
    const cells = this.#cells;
    // from the last cell back, so that no cell is written over before it is moved (each moves up, or stays)
    for (let r = this.#units.length - 1; r > 0; r--) {
      cells[r * (width + 1) + width] = undefined;
      for (let c = width - 1; c >= 0; c--) cells[r * (width + 1) + c] = cells[r * width + c];
    }
    if (this.#units.length > 0) cells[width] = undefined;
    return this.#columns.add(indicator, subject);
  }
}

/** Columns whose every cell is a text with two places (see `_hundredths`), as their reader found them. */
const _twoPlaceColumns = new WeakSet<ScoreColumns>();

/**
 * Marks columns whose every cell a reader of a table found to be a decimal text with two places (`_hundredths` of it
 * not negative), a score the dataset schema takes as it is: {@link _plainScoreColumns} then does not read each
 * cell's text again (14 million of them, a third of a second, for a million units' scores by subjects). Only the
 * reader that made the columns, and holds them alone, can say so.
 *
 * @param columns - the columns, just made
 * @returns them
 */
export function _markTwoPlaces(columns: ScoreColumns): ScoreColumns {
  _twoPlaceColumns.add(columns);
  return columns;
}

/**
 * Whether every row the columns stand for is one the dataset schema takes as it is (see `plainScoreRows`): the
 * unit, indicator and subject (where given) identifiers, and the score a string that is a plain decimal, not
 * negative. Rows with no score are no rows, and their unit is not read.
 *
 * @param columns - the columns
 * @returns true when the schema would give the rows back unchanged
 */
export function _plainScoreColumns(columns: ScoreColumns): boolean {
  const twoPlaces = _twoPlaceColumns.has(columns);
  const width = columns.indicators.length;
  if (columns.cells.length !== columns.units.length * width) return false;
  for (let c = 0; c < width; c++) if (!isIdentifier(columns.indicators[c] as string)) return false;
  const subjects = columns.subjects;
  if (subjects !== undefined) {
    if (subjects.length !== width) return false;
    for (let c = 0; c < width; c++) {
      const subject = subjects[c];
      if (subject !== undefined && !isIdentifier(subject)) return false;
    }
  }
  for (let r = 0; r < columns.units.length; r++) {
    let any = false;
    for (let c = 0; c < width; c++) {
      const score = columns.cells[r * width + c];
      if (score === undefined) continue;
      any = true;
      if (!twoPlaces && (typeof score !== 'string' || !isNonNegativeDecimalText(score))) return false;
    }
    const unit = columns.units[r];
    if (any && (typeof unit !== 'string' || !isIdentifier(unit))) return false;
  }
  return true;
}
