import type { _ScoresRead } from '../schema/checkDataset.js';
import type { Dataset } from '../schema/dataset.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { Decimal, compareExact, roundTo } from './decimal.js';
import { UnitPlaces } from '../schema/places.js';
import { _scoreColumnsOf, type ScoreColumns } from '../schema/scoreColumns.js';
import { ZERO, add, format, min, multiply, round, scaled, subtract, type Scaled } from './scaled.js';
import { TextsByNumber } from '../numbered.js';
import { _hundredths, textInterner } from '../texts.js';

/** One bonus or deduction item of a unit, after its cap. Points are decimal strings. */
export interface AdjustmentTotal {
  readonly item: string;
  readonly kind: 'bonus' | 'deduction';
  /** The entries' points added up, before the cap. */
  readonly raw: string;
  /** What counts: `raw`, or the cap if lower. */
  readonly applied: string;
  readonly entries: readonly { readonly points: string; readonly reason: string }[];
}

/** A unit's score on an indicator given per evaluation subject: one part per subject. */
export interface SubjectScore {
  readonly subject: string;
  readonly score: string;
}

/**
 * Every unit's scores, by its place in the dataset's units, as decimal strings: per indicator, adjustments, and
 * the composite. Kept as columns, a list per field for all units, not an object and a list per unit.
 */
export interface PopulationScores {
  /** How many indicators: the unit at place `p` has its scores at `scores[p * width]` to `scores[p * width + width - 1]`. */
  readonly width: number;
  /** Per unit, then per indicator in the rule set's order: the score (null or undefined when the unit has none). */
  readonly scores: readonly (string | null | undefined)[];
  /**
   * Per unit, then per indicator, as `scores`: the score's value in hundredths where it was given with two places
   * (0.00 to 999.99), for ranking without reading its digits again; -1 for any other score, -2 where there is none.
   */
  readonly hundredths: Int32Array;
  /** Per unit: its capped bonus total, or null for an unscored unit. */
  readonly bonus: readonly (string | null)[];
  /** Per unit: its capped deduction total (positive), or null for an unscored unit. */
  readonly deduction: readonly (string | null)[];
  /** Per unit: counted indicators' score × weight plus bonus minus deduction, rounded as the rule set says; null for unscored units. */
  readonly composite: readonly (string | null)[];
  /** Per unit, as `composite`: its value in hundredths where it has two places and is 0.00 to 999.99, else -1. */
  readonly compositeHundredths: Int32Array;
  /** Per unit that has any, by its place: per indicator in the rule set's order, its parts by subject where the data gave them that way. */
  readonly bySubject: ReadonlyMap<number, readonly (readonly SubjectScore[] | undefined)[]>;
  /** The same for scores kept as columns, made when asked for (absent where none is given by subjects). */
  readonly partsOf?: { get(place: number): readonly (readonly SubjectScore[] | undefined)[] | undefined } | undefined;
  /** Per unit that has any, by its place: its bonus and deduction items, made when asked for. */
  readonly adjustments: _AdjustmentsByPlace;
}

/**
 * Each unit's bonus and deduction items, by its place, made anew each time they are asked for: the totals are
 * added up with the scores, but the lists, with the texts of their points and reasons, only an outcome or an
 * explanation reads (making them for every unit was some 20 ms of a CPU profile of scoring 100,000 units, one in
 * seven with entries, about a third of the scoring).
 */
export class _AdjustmentsByPlace {
  constructor(
    /** each unit's entries by its place, for units that have any (an empty list where none has any) */
    private readonly entriesAt: readonly (Dataset['adjustments'] | undefined)[],
    /** how many units have entries */
    readonly size: number,
    private readonly ruleSet: RuleSet,
    private readonly caps: ReadonlyMap<string, Scaled | null>,
  ) {}

  /** The items of the unit at a place, in the rule set's order, each with its entries; none where it has none. */
  get(place: number): readonly AdjustmentTotal[] | undefined {
    const unitEntries = this.entriesAt[place];
    if (unitEntries === undefined) return undefined;
    const decimals = this.ruleSet.precision.decimals;
    const adjustments: AdjustmentTotal[] = [];
    for (const item of this.ruleSet.adjustments) {
      const entries = _entriesOf(unitEntries, item.id);
      if (entries.length === 0) continue;
      // ordered by reason, then points, so the result never depends on the order of the input rows (a single
      // entry's list is the unit's own, which needs no sorting; more are a list of their own)
      if (entries.length > 1) entries.sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : compareExact(a.points, b.points)));
      const first = entries[0] as Dataset['adjustments'][number];
      const { raw, applied } = _itemTotal(entries, this.caps.get(item.id) ?? null);
      // points are plain decimals (checked): one written with the rule set's places is its own text
      const rawText = entries.length === 1 ? withDecimals(first.points, decimals) : format(raw, decimals);
      adjustments.push({
        item: item.id,
        kind: item.kind,
        raw: rawText,
        applied: applied === raw ? rawText : format(applied, decimals),
        entries: entries.map((entry) => ({ points: withDecimals(entry.points, decimals), reason: entry.reason })),
      });
    }
    return adjustments.length > 0 ? adjustments : undefined;
  }
}

/** A unit's entries of one item (most units have one entry, if any: that list itself, or none). */
function _entriesOf(unitEntries: Dataset['adjustments'], item: string): Dataset['adjustments'] {
  return unitEntries.length === 1 ? (unitEntries[0]?.item === item ? unitEntries : []) : unitEntries.filter((entry) => entry.item === item);
}

/**
 * An item's entries' points added up (exactly, so in any order), and what counts of them under its cap.
 *
 * @param entries - a unit's entries of the item, at least one
 * @param cap - the item's cap, if it has one
 */
function _itemTotal(entries: Dataset['adjustments'], cap: Scaled | null): { raw: Scaled; applied: Scaled } {
  let raw = scaled((entries[0] as Dataset['adjustments'][number]).points);
  for (let e = 1; e < entries.length; e++) raw = add(raw, scaled((entries[e] as Dataset['adjustments'][number]).points));
  return { raw, applied: cap === null ? raw : min(raw, cap) };
}

/**
 * Computes every unit's indicator scores and composite, exactly.
 *
 * An indicator given per evaluation subject scores the sum of its parts. Indicators that do not count
 * are carried but add nothing. Each bonus or deduction item is capped per unit. The composite is rounded
 * once, at the end, to the rule set's decimals with its rounding mode. The arithmetic is on scaled
 * integers ({@link Scaled}), exact at any size; every value is written with at least the rule set's
 * decimals.
 *
 * @param ruleSet - a checked rule set
 * @param dataset - a dataset checked against it
 * @param read - its whole scores as its check read them, when it has just been checked (they are then scored as
 *   read, and the rows are not looked for again, nor their digits read again)
 * @param readShared - whether `read`'s list of texts is kept for later appraisals of the dataset: it is then copied
 *   before the scoring first writes a text into it (most appraisals write none); otherwise it is the scoring's
 * @returns every unit's scores, by its place in the dataset's units
 */
export function scoreUnits(ruleSet: RuleSet, dataset: Dataset, read?: _ScoresRead, readShared = false): PopulationScores {
  const { decimals, rounding } = ruleSet.precision;
  const scoredCategories = new Set(ruleSet.categories.filter((category) => category.scored).map((category) => category.id));
  const indicatorIndex = new Map(ruleSet.indicators.map((indicator, i) => [indicator.id, i]));
  const weights = ruleSet.indicators.map((indicator) => (indicator.weight === '1' ? null : scaled(indicator.weight)));
  const width = ruleSet.indicators.length;
  // each unit's place in the dataset (ids are unique in a checked dataset)
  const places = new UnitPlaces(dataset.units);
  // the score rows, by unit and indicator (place × indicators + index): whole scores as given, per-subject
  // parts where there are any. Each score is then written over with its text as the result gives it.
  let whole: (string | null | undefined)[] = read !== undefined ? read.texts : new Array<string | null | undefined>(dataset.units.length * width);
  // whether the list is the scoring's to write: a shared one is copied first
  let own = !readShared || read === undefined;
  const write = (at: number, text: string): void => {
    if (!own) {
      whole = whole.slice();
      own = true;
    }
    whole[at] = text;
  };
  const subjects = new Map<number, { subject: string; score: Scaled }[]>();
  // each score's value in hundredths, as the check read it or as read here
  const hundredthsOf = read !== undefined ? read.hundredths : new Int32Array(dataset.units.length * width).fill(-2);
  // indexed loops over rows and units: a loop over an iterator costs an object per step until V8 optimizes it
  // (what its check read, where given, holds every whole score already, columns' too)
  const columns = read === undefined ? _scoreColumnsOf(dataset) : undefined;
  let columnParts: _ColumnParts | undefined;
  if (columns) {
    // scores kept as columns: each row's unit is looked up once, and each column's indicator once for all rows
    const columnCount = columns.indicators.length;
    const indexOf = columns.indicators.map((id) => indicatorIndex.get(id) ?? -1);
    // columns of subjects' parts are read apart, below (-1 here)
    const wholeIndexOf = columns.subjects === undefined ? indexOf : indexOf.map((index, c) => (columns.subjects?.[c] === undefined ? index : -1));
    const parts = wholeIndexOf === indexOf ? undefined : new _ColumnParts(columns, indexOf, width, dataset.units.length, decimals);
    for (let r = 0; r < columns.units.length; r++) {
      const id = columns.units[r];
      const place = id === undefined ? undefined : places.of(id);
      if (place === undefined) continue;
      for (let c = 0; c < columnCount; c++) {
        const score = columns.cells[r * columnCount + c];
        const index = wholeIndexOf[c] as number;
        if (score !== undefined && index >= 0 && whole[place * width + index] !== score) write(place * width + index, score as string);
      }
      parts?.note(place, r);
    }
    // each unit's score on an indicator given by subjects is the sum of their parts, written as a whole score's text
    // (as the parts of score rows are summed, below); the parts are read again only for an explanation
    if (parts?.any) {
      columnParts = parts;
      parts.sum(write);
    }
  } else if (read === undefined) {
    // a unit's rows mostly come together, in the rule set's order of indicators: the last unit is kept, and the
    // indicator after the last one is tried before a lookup
    let lastId: string | undefined;
    let lastPlace = -1;
    let lastIndicator = -1;
    for (let r = 0; r < dataset.scores.length; r++) {
      const row = dataset.scores[r];
      // a hole in a list changed after parsing is passed over, as the check passes over it
      if (row === undefined) continue;
      if (row.unit !== lastId) {
        lastId = row.unit;
        lastPlace = places.of(row.unit) ?? -1;
      }
      const following = lastIndicator + 1 < width ? lastIndicator + 1 : 0;
      lastIndicator = ruleSet.indicators[following]?.id === row.indicator ? following : (indicatorIndex.get(row.indicator) ?? -1);
      const at = lastPlace * width + lastIndicator;
      if (row.subject === undefined) whole[at] = row.score;
      else {
        const parts = subjects.get(at);
        if (parts) parts.push({ subject: row.subject, score: scaled(row.score) });
        else subjects.set(at, [{ subject: row.subject, score: scaled(row.score) }]);
      }
    }
  }
  // each unit's bonus and deduction entries, by its place (most units have none: a lookup by id for every unit
  // was most of the cost of finding that out)
  const entriesAt = new Array<Dataset['adjustments'] | undefined>(dataset.adjustments.length === 0 ? 0 : dataset.units.length);
  const adjustmentPlaces = new UnitPlaces(dataset.units);
  let withEntries = 0;
  for (let r = 0; r < dataset.adjustments.length; r++) {
    const entry = dataset.adjustments[r] as Dataset['adjustments'][number];
    const place = adjustmentPlaces.of(entry.unit);
    if (place === undefined) continue;
    const entries = entriesAt[place];
    if (entries) entries.push(entry);
    else {
      entriesAt[place] = [entry];
      withEntries++;
    }
  }
  const caps = new Map(ruleSet.adjustments.map((item) => [item.id, item.cap === undefined ? null : scaled(item.cap)]));

  // the texts of totals: most units have the same bonus and deduction (none), and composites repeat, so each
  // text is kept once for all units, as the dataset's scores are
  const shared = textInterner();
  // and the texts of totals with the rule set's places and a value below 100,000 in those places (most totals),
  // each made once, by that value
  const byValue = new TextsByNumber();
  let zero: string | undefined;
  const textOf = (total: Scaled): string => {
    // no bonus or deduction: the same total for most units
    if (total === ZERO) return (zero ??= shared(format(ZERO, decimals)));
    const value = total.value;
    if (total.scale !== decimals || typeof value !== 'number' || value < 0 || value >= 100_000) return shared(format(total, decimals));
    return byValue.get(value) ?? byValue.set(value, shared(format(total, decimals)));
  };
  const count = dataset.units.length;
  const bonuses = new Array<string | null>(count);
  const deductions = new Array<string | null>(count);
  const composites = new Array<string | null>(count);
  const compositeHundredths = new Int32Array(count).fill(-1);
  const bySubject = new Map<number, (SubjectScore[] | undefined)[]>();
  for (let p = 0; p < count; p++) {
    const unit = dataset.units[p] as Dataset['units'][number];
    const scored = scoredCategories.has(unit.category);
    let sum = ZERO;
    // counted scores with two places and a weight of 1, added as numbers of hundredths (nine of them are far
    // below 2^53) and to the sum once, at the end: the same sum, without a scaled value made per score
    let hundredthsSum = 0;
    for (let i = 0; i < width; i++) {
      const indicator = ruleSet.indicators[i] as RuleSet['indicators'][number];
      const at = p * width + i;
      const text = whole[at];
      let score: Scaled | undefined;
      if (text !== undefined && text !== null) {
        // most scores have two places, 0.00 to 999.99: their value in hundredths is the scaled decimal
        let hundredths: number;
        if (read !== undefined) hundredths = read.hundredths[at] as number;
        else hundredthsOf[at] = hundredths = _hundredths(text);
        if (hundredths >= 0 && weights[i] === null) {
          // a score already written with the rule set's places is its own formatted text
          if (decimals !== 2) write(at, format({ value: hundredths, scale: 2 }, decimals));
          if (indicator.counts) hundredthsSum += hundredths;
          continue;
        }
        score = hundredths >= 0 ? { value: hundredths, scale: 2 } : scaled(text);
        if (hundredths >= 0 ? decimals !== 2 : !_hasPlaces(text, decimals)) write(at, format(score, decimals));
      } else {
        const parts = subjects.get(at);
        if (parts) {
          score = parts.reduce((acc, part) => add(acc, part.score), ZERO);
          let unitBySubject = bySubject.get(p);
          if (!unitBySubject) bySubject.set(p, (unitBySubject = new Array<SubjectScore[] | undefined>(width)));
          if (read === undefined) hundredthsOf[at] = -1;
          unitBySubject[i] = [...parts]
            .sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0))
            .map((part) => Object.freeze({ subject: part.subject, score: format(part.score, decimals) }));
          // frozen: every outcome made for the unit reads these
          Object.freeze(unitBySubject[i]);
          write(at, format(score, decimals));
        }
        // no score: the entry stays empty (undefined or null)
      }
      if (indicator.counts && score !== undefined) {
        const weight = weights[i];
        sum = add(sum, weight ? multiply(score, weight) : score);
      }
    }
    const unitEntries = entriesAt.length === 0 ? undefined : entriesAt[p];
    // a unit whose counted scores all have two places and a weight of 1, without bonus or deduction entries (most
    // units): under a rule set of two places its composite is the sum of those scores in hundredths, which
    // rounding to two places leaves as it is; no scaled value is made for it
    if (sum === ZERO && unitEntries === undefined && decimals === 2 && hundredthsSum < 100_000) {
      if (scored) {
        bonuses[p] = deductions[p] = textOf(ZERO);
        composites[p] = byValue.get(hundredthsSum) ?? textOf({ value: hundredthsSum, scale: 2 });
        compositeHundredths[p] = hundredthsSum;
      } else bonuses[p] = deductions[p] = composites[p] = null;
      continue;
    }
    // (with none, adding 0.00 changes nothing the composite's rounding and text can see)
    sum = add(sum, { value: hundredthsSum, scale: 2 });
    let bonus = ZERO;
    let deduction = ZERO;
    if (unitEntries) {
      // the totals only: the items' lists are made when asked for (_AdjustmentsByPlace)
      for (const item of ruleSet.adjustments) {
        const entries = _entriesOf(unitEntries, item.id);
        if (entries.length === 0) continue;
        const { applied } = _itemTotal(entries, caps.get(item.id) ?? null);
        if (item.kind === 'bonus') bonus = add(bonus, applied);
        else deduction = add(deduction, applied);
      }
    }
    bonuses[p] = scored ? textOf(bonus) : null;
    deductions[p] = scored ? textOf(deduction) : null;
    if (scored) {
      const composite = round(subtract(add(sum, bonus), deduction), decimals, rounding);
      composites[p] = textOf(composite);
      if (composite.scale === 2 && typeof composite.value === 'number' && composite.value >= 0 && composite.value < 100_000) compositeHundredths[p] = composite.value;
    } else composites[p] = null;
  }
  return { width, scores: whole, hundredths: hundredthsOf, bonus: bonuses, deduction: deductions, composite: composites, compositeHundredths, bySubject, partsOf: columnParts, adjustments: new _AdjustmentsByPlace(entriesAt, withEntries, ruleSet, caps) };
}

/**
 * Scores given by evaluation subjects and kept as columns (a column per subject's part of an indicator): which
 * rows of the table each unit's parts are in, their sums, and each unit's parts as an explanation shows them, made
 * when asked for. As rows, a million units' parts were some fifteen million objects, and as many again for the
 * explanations, made whether any was read or not.
 */
export class _ColumnParts {
  /** whether any unit has a part */
  any = false;
  /** per unit, by its place: the first row of the table with its parts (-1: none) */
  readonly #first: Int32Array;
  /** and the rows after it, for a unit with parts in more than one row */
  readonly #more = new Map<number, number[]>();
  /** the columns of parts */
  readonly #partColumns: number[] = [];

  constructor(
    private readonly columns: ScoreColumns,
    /** per column, its indicator's place in the rule set (-1: none) */
    private readonly indexOf: readonly number[],
    private readonly width: number,
    count: number,
    private readonly decimals: number,
  ) {
    this.#first = new Int32Array(count).fill(-1);
    for (let c = 0; c < columns.indicators.length; c++) if (columns.subjects?.[c] !== undefined && (indexOf[c] as number) >= 0) this.#partColumns.push(c);
  }

  /** Notes a row of the table as the unit's, where it has a part. */
  note(place: number, r: number): void {
    const columnCount = this.columns.indicators.length;
    const partColumns = this.#partColumns;
    let some = false;
    for (let k = 0; k < partColumns.length && !some; k++) some = this.columns.cells[r * columnCount + (partColumns[k] as number)] !== undefined;
    if (!some) return;
    this.any = true;
    const first = this.#first[place] as number;
    if (first < 0) this.#first[place] = r;
    else {
      const more = this.#more.get(place);
      if (more) more.push(r);
      else this.#more.set(place, [r]);
    }
  }

  /**
   * Writes each unit's score on each indicator given by subjects: the sum of the parts, exact, written with the
   * rule set's places as a sum of score rows' parts is (each text kept once, by value, where the parts all have
   * two places: most sums repeat).
   */
  sum(write: (at: number, text: string) => void): void {
    const { width, decimals, columns, indexOf } = this;
    const columnCount = columns.indicators.length;
    const cells = columns.cells;
    const partColumns = this.#partColumns;
    // per indicator, the sums of the unit's parts: those with two places in hundredths (-1: none), the others as
    // scaled decimals; each put back as it was once written, so that only the indicators a unit has parts on are
    // touched (reading the parts in one loop here, not through #read, and not clearing the sums per unit, took a
    // third off the time at a million units)
    const hundredths = new Float64Array(width).fill(-1);
    const others = new Array<Scaled | undefined>(width).fill(undefined);
    const byValue = new TextsByNumber();
    const first = this.#first;
    const more = this.#more;
    for (let place = 0; place < first.length; place++) {
      const firstRow = first[place] as number;
      if (firstRow < 0) continue;
      const rows = more.size === 0 ? undefined : more.get(place);
      for (let k = -1; k < (rows?.length ?? 0); k++) {
        const r = k < 0 ? firstRow : (rows?.[k] as number);
        for (let p = 0; p < partColumns.length; p++) {
          const c = partColumns[p] as number;
          const text = cells[r * columnCount + c];
          if (text === undefined) continue;
          const index = indexOf[c] as number;
          const value = _hundredths(text as string);
          if (value >= 0) hundredths[index] = Math.max(0, hundredths[index] as number) + value;
          else others[index] = add(others[index] ?? ZERO, scaled(text as string));
        }
      }
      for (let index = 0; index < width; index++) {
        const value = hundredths[index] as number;
        const other = others[index];
        if (other === undefined && value < 0) continue;
        hundredths[index] = -1;
        others[index] = undefined;
        let text: string;
        // the sum of the parts with two places as a scaled decimal of two places, then those with other places
        if (other === undefined && value < 100_000) text = byValue.get(value) ?? byValue.set(value, format({ value, scale: 2 }, decimals));
        else text = format(value < 0 ? (other as Scaled) : add(other ?? ZERO, { value, scale: 2 }), decimals);
        write(place * width + index, text);
      }
    }
  }

  /**
   * A unit's parts, per indicator in the rule set's order, as score rows' parts are given: ordered by subject,
   * written with the rule set's places, frozen.
   *
   * @param place - the unit's place in the dataset
   * @returns its parts, or undefined where it has none
   */
  get(place: number): (SubjectScore[] | undefined)[] | undefined {
    if ((this.#first[place] ?? -1) < 0) return undefined;
    const lists = new Array<SubjectScore[] | undefined>(this.width);
    this.#read(place, (index, text, subject) => {
      (lists[index] ??= []).push({ subject, score: format(scaled(text), this.decimals) });
    });
    for (const list of lists) {
      if (list === undefined) continue;
      list.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
      for (const part of list) Object.freeze(part);
      Object.freeze(list);
    }
    return lists;
  }

  /** Reads a unit's parts: each one's indicator (its place in the rule set), text and subject. */
  #read(place: number, each: (index: number, text: string, subject: string) => void): void {
    const { columns, indexOf } = this;
    const columnCount = columns.indicators.length;
    const first = this.#first[place] as number;
    const more = this.#more.size === 0 ? undefined : this.#more.get(place);
    for (let k = -1; k < (more?.length ?? 0); k++) {
      const r = k < 0 ? first : (more?.[k] as number);
      for (const c of this.#partColumns) {
        const text = columns.cells[r * columnCount + c];
        if (text !== undefined) each(indexOf[c] as number, text as string, columns.subjects?.[c] as string);
      }
    }
  }
}

/**
 * The exact difference of two decimal strings, written with at least `decimals` places.
 *
 * @param a - minuend
 * @param b - subtrahend
 * @param decimals - the minimum number of places
 * @returns a − b
 */
export function changeOf(a: string, b: string, decimals: number): string {
  // two values with two places, 0.00 to 999.99 (most composites): the change is a number of hundredths, within
  // ±999.99, and its text is made once for all the units with that change
  const from = _hundredths(b);
  const to = from < 0 ? -1 : _hundredths(a);
  if (to < 0) return format(subtract(scaled(a), scaled(b)), decimals);
  const texts = (_changes[decimals] ??= new TextsByNumber());
  const key = to - from + _HUNDREDTHS_BELOW;
  return texts.get(key) ?? texts.set(key, format({ value: to - from, scale: 2 }, decimals));
}

/** Values in hundredths that {@link _hundredths} reads are below this. */
const _HUNDREDTHS_BELOW = 100_000;

/** Per number of places, the texts of changes in hundredths (offset by {@link _HUNDREDTHS_BELOW}), each made when first needed. */
const _changes: TextsByNumber[] = [];

/**
 * Writes a decimal string with at least `decimals` places, as scores are shown.
 *
 * @param text - a plain decimal string
 * @param decimals - the minimum number of places
 * @returns e.g. `"91.70"` for `"91.7"`
 */
export function withDecimals(text: string, decimals: number): string {
  // a plain decimal (no sign, no leading zeros) already written with the places is its own result
  return _hasPlaces(text, decimals) ? text : format(scaled(text), decimals);
}

/**
 * How many units a quota admits in a group: `max`, or share × group size rounded as the quota says.
 *
 * @param quota - the quota's share or max, and its rounding
 * @param groupSize - how many units of the group the stage applies to
 * @returns the number of places
 */
export function quotaPlaces(quota: { share?: string | undefined; max?: number | undefined; rounding: Parameters<typeof roundTo>[2] }, groupSize: number): number {
  if (quota.max !== undefined) return quota.max;
  return roundTo(new Decimal(quota.share ?? 0).times(groupSize), 0, quota.rounding).toNumber();
}

/**
 * Percentile of a rank in a group: the share of the other units ranked below it, 0–100, two decimals
 * (half-up). The best is 100, the last 0, a group of one 100.
 *
 * @param rank - 1-based rank, ties sharing the better rank
 * @param groupSize - how many units were ranked
 * @returns e.g. `"66.67"`
 */
export function percentileOf(rank: number, groupSize: number): string {
  if (groupSize <= 1) return '100.00';
  // (size − rank) × 100 / (size − 1) in hundredths, half-up: whole numbers far inside the safe range
  const numerator = (groupSize - rank) * 10000;
  const divisor = groupSize - 1;
  const quotient = Math.floor(numerator / divisor);
  const hundredths = quotient + ((numerator - quotient * divisor) * 2 >= divisor ? 1 : 0);
  return (_percentiles[hundredths] ??= `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`);
}

/** "0.00" … "100.00", each made once when first needed: a ranking gives every unit a percentile, and these are all there are. */
const _percentiles: (string | undefined)[] = new Array<string | undefined>(10001);

/**
 * The exact mean of decimal strings, rounded to a number of places with a mode.
 *
 * @param values - decimal strings
 * @param decimals - places to keep
 * @param mode - rounding mode
 * @returns the mean, or null for no values
 */
export function averageOf(values: readonly string[], decimals: number, mode: Parameters<typeof roundTo>[2]): string | null {
  if (values.length === 0) return null;
  const sum = values.reduce((acc, value) => acc.plus(value), new Decimal(0));
  return roundTo(sum.dividedBy(values.length), decimals, mode).toFixed(decimals);
}

/**
 * A score as a share of its points, exactly, rounded to a number of places with a mode.
 *
 * @param score - the score
 * @param points - the indicator's points
 * @param decimals - places to keep
 * @returns e.g. `"0.9688"`, or null when the indicator has no points
 */
export function shareOf(score: string, points: string, decimals = 4): string | null {
  const whole = new Decimal(points);
  return whole.isZero() ? null : roundTo(new Decimal(score).dividedBy(whole), decimals, 'half-up').toFixed(decimals);
}

/**
 * Extra places a share of staff gives: share × staff, rounded to a whole number with a mode.
 *
 * @param share - e.g. `"0.05"`
 * @param staff - established staff
 * @param mode - rounding mode
 * @returns the number of places
 */
export function placesOf(share: string, staff: number, mode: Parameters<typeof roundTo>[2]): number {
  return roundTo(new Decimal(share).times(staff), 0, mode).toNumber();
}

/**
 * Orders decimal strings; for sorting.
 *
 * @param a - first
 * @param b - second
 * @returns negative, 0 or positive
 */
export function compareScores(a: string, b: string): number {
  return new Decimal(a).comparedTo(b);
}

/** Whether a plain, non-negative decimal string has exactly `decimals` places, so formatting would give it back unchanged. */
function _hasPlaces(text: string, decimals: number): boolean {
  if (text.charCodeAt(0) === 45) return false;
  const point = text.indexOf('.');
  return (point < 0 ? 0 : text.length - point - 1) === decimals;
}
