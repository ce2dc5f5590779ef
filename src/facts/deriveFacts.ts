import type { Dataset, Unit } from '../schema/dataset.js';
import type { Status } from '../schema/primitives.js';
import type { RuleSet, SortKey } from '../schema/ruleSet.js';
import { changeOf, percentileOf, withDecimals, type PopulationScores } from '../scoring/score.js';
import { compareIds, SortColumns } from './order.js';
import { ascendingIds, UnitPlaces } from '../schema/places.js';
import { pathKeys } from '../engine/operators.js';
import type { Condition } from '../schema/conditions.js';

/** What a unit looks like on one indicator. */
export interface IndicatorFacts {
  readonly score: string | null;
  readonly rank: number | null;
  readonly percentile: string | null;
  readonly points: string;
}

/**
 * Everything rules may read about a unit (see {@link FACTS}). Decimals are strings. `status`, `grade`,
 * `mentions` and `flags` are what earlier stages decided; the evaluation updates them as it goes.
 */
export interface UnitFacts {
  category: string;
  trackGroup: string | null;
  dataFlags: readonly string[];
  status: Status;
  grade: string | null;
  mentions: readonly string[];
  flags: readonly string[];
  composite: string | null;
  bonus: string | null;
  deduction: string | null;
  rank: number | null;
  groupSize: number;
  percentile: string | null;
  indicators: Record<string, IndicatorFacts>;
  priorComposite: string | null;
  priorGrade: string | null;
  change: string | null;
}

/** Last year's composite and grade, as a unit's outcome gives them. */
export interface Prior {
  readonly composite: string | null;
  readonly grade: string | null;
}

/** What earlier stages decided about a unit: the facts the stages change, as a stage sees them. */
export interface FactsView {
  readonly status: Status;
  readonly grade: string | null;
  readonly mentions: readonly string[];
  readonly flags: readonly string[];
}

/** What every unit is before the first stage: graded, with no grade, mention or flag. */
export const FIRST_VIEW: FactsView = Object.freeze({ status: 'graded', grade: null, mentions: Object.freeze([]) as readonly string[], flags: Object.freeze([]) as readonly string[] } as const);

/**
 * Every unit's facts but those the stages change ({@link FactsView}), as columns by the unit's index in id order:
 * a list or a typed array per fact, not an object per unit (at a million units, a million objects of some twenty
 * properties, kept to the end, were a tenth of an appraisal's time and more of its collector's). A unit's facts
 * whole, as rules and explanations read them, are made from them when asked for ({@link FactsTable.at}).
 */
export class FactsTable {
  /** the units, in id order */
  readonly units: readonly Unit[];
  readonly composite: readonly (string | null)[];
  readonly bonus: readonly (string | null)[];
  readonly deduction: readonly (string | null)[];
  /** the unit's rank in its category by composite, 0 where it has none */
  readonly rank: Int32Array;
  /** how many units of its category have a composite */
  readonly groupSize: Int32Array;
  readonly priorComposite: (string | null)[];
  readonly priorGrade: FactsColumn<string | null>;
  readonly change: (string | null)[];
  /** sorted by id and frozen: outcomes made for the unit read this one list */
  readonly dataFlags: FactsColumn<readonly string[]>;
  /** the unit's indicator facts by id, once made (see {@link deriveFacts}); until then an empty table */
  readonly indicators: FactsColumn<Record<string, IndicatorFacts>>;

  /**
   * @param units - the units, in id order
   * @param totals - their composites, bonuses and deductions in that order, lists no one changes: taken as they
   *   are, not copied (a list of a hundred thousand entries costs about a millisecond to make and fill)
   */
  constructor(units: readonly Unit[], totals: { readonly composite: readonly (string | null)[]; readonly bonus: readonly (string | null)[]; readonly deduction: readonly (string | null)[] }) {
    const size = units.length;
    this.units = units;
    this.composite = totals.composite;
    this.bonus = totals.bonus;
    this.deduction = totals.deduction;
    this.rank = new Int32Array(size);
    this.groupSize = new Int32Array(size);
    this.priorComposite = new Array<string | null>(size).fill(null);
    this.priorGrade = new FactsColumn<string | null>(size, null);
    this.change = new Array<string | null>(size).fill(null);
    this.dataFlags = new FactsColumn<readonly string[]>(size, _EMPTY);
    this.indicators = new FactsColumn<Record<string, IndicatorFacts>>(size, _NO_INDICATORS);
  }

  /** How many units there are. */
  get length(): number {
    return this.units.length;
  }

  /** The unit's rank in its category by composite, null where it has none. */
  rankAt(index: number): number | null {
    const rank = this.rank[index] as number;
    return rank === 0 ? null : rank;
  }

  /** The unit's percentile in its category by composite, null where it has no rank. */
  percentileAt(index: number): string | null {
    const rank = this.rank[index] as number;
    return rank === 0 ? null : percentileOf(rank, this.groupSize[index] as number);
  }

  /**
   * Last year's composite and grade as the unit's outcome and row give them, none where the dataset gave neither:
   * one frozen object for each pair of values, shared by the units that have it, as lists of mentions and flags
   * are (at 100,000 units, some 86,000 objects of 40 bytes each were most of what last year's values cost a row).
   */
  priorAt(index: number): Prior | null {
    const composite = this.priorComposite[index] as string | null;
    const grade = this.priorGrade.at(index);
    if (composite === null && grade === null) return null;
    let byComposite = this.#priors.get(grade);
    if (byComposite === undefined) this.#priors.set(grade, (byComposite = new Map()));
    let prior = byComposite.get(composite);
    if (prior === undefined) byComposite.set(composite, (prior = Object.freeze({ composite, grade })));
    return prior;
  }

  /** each pair of last year's values given out, by grade and then composite */
  readonly #priors = new Map<string | null, Map<string | null, Prior>>();

  /**
   * The unit's facts whole, as rules read them, with what the stages had decided: made anew at each call, for a
   * rule or an explanation that reads them whole.
   *
   * @param index - the unit's index in id order
   * @param view - what earlier stages had decided about it
   */
  at(index: number, view: FactsView): UnitFacts {
    const unit = this.units[index] as Unit;
    return {
      category: unit.category,
      trackGroup: unit.trackGroup ?? null,
      dataFlags: this.dataFlags.at(index),
      status: view.status,
      grade: view.grade,
      mentions: view.mentions,
      flags: view.flags,
      composite: this.composite[index] as string | null,
      bonus: this.bonus[index] as string | null,
      deduction: this.deduction[index] as string | null,
      rank: this.rankAt(index),
      groupSize: this.groupSize[index] as number,
      percentile: this.percentileAt(index),
      indicators: this.indicators.at(index),
      priorComposite: this.priorComposite[index] as string | null,
      priorGrade: this.priorGrade.at(index),
      change: this.change[index] as string | null,
    };
  }

  /**
   * A reader of a fact the table holds (any but `indicators` and those the stages change), by the unit's index,
   * which reads its column without making the unit's facts.
   *
   * @param fact - the fact's name
   * @returns the reader, or undefined for a fact the table does not hold as a column
   */
  reader(fact: string): ((index: number) => unknown) | undefined {
    switch (fact) {
      case 'category':
        return (index) => (this.units[index] as Unit).category;
      case 'trackGroup':
        return (index) => (this.units[index] as Unit).trackGroup ?? null;
      case 'dataFlags':
        return (index) => this.dataFlags.at(index);
      case 'composite':
        return (index) => this.composite[index];
      case 'bonus':
        return (index) => this.bonus[index];
      case 'deduction':
        return (index) => this.deduction[index];
      case 'rank':
        return (index) => this.rankAt(index);
      case 'groupSize':
        return (index) => this.groupSize[index];
      case 'percentile':
        return (index) => this.percentileAt(index);
      case 'priorComposite':
        return (index) => this.priorComposite[index];
      case 'priorGrade':
        return (index) => this.priorGrade.at(index);
      case 'change':
        return (index) => this.change[index];
      default:
        return undefined;
    }
  }

  /** The value a sort key reads of the unit (as {@link sortValue} reads it from its facts). */
  sortValueAt(index: number, by: string): string | null {
    if (by.startsWith('indicators.')) {
      const id = by.slice('indicators.'.length);
      const indicators = this.indicators.at(index);
      return Object.hasOwn(indicators, id) ? (indicators[id]?.score ?? null) : null;
    }
    switch (by) {
      case 'composite':
        return this.composite[index] as string | null;
      case 'bonus':
        return this.bonus[index] as string | null;
      case 'deduction':
        return this.deduction[index] as string | null;
      case 'change':
        return this.change[index] as string | null;
      case 'priorComposite':
        return this.priorComposite[index] as string | null;
      default:
        return null;
    }
  }
}

/**
 * A fact's value for each unit, the same for all (`fallback`) until one is given another: the list of the units'
 * values is made when the first is. Most units have no data flags nor last year's grade, and their indicator facts
 * are made only when read: a list of a hundred thousand entries made and filled for nothing is 800 KB of memory
 * the program has not used before, about 3 ms on a machine where that is dear.
 */
export class FactsColumn<T> {
  #values: T[] | undefined;

  constructor(
    /** how many units there are */
    readonly length: number,
    /** the value of every unit not given another */
    readonly fallback: T,
  ) {}

  /** The unit's value. */
  at(index: number): T {
    const values = this.#values;
    return values === undefined ? this.fallback : (values[index] as T);
  }

  /** Gives the unit its value. */
  set(index: number, value: T): void {
    (this.#values ??= new Array<T>(this.length).fill(this.fallback))[index] = value;
  }
}

/**
 * Derives every unit's facts. Ranks and percentiles need the whole population, so this runs once,
 * before any rule: ranks are within the unit's category, by composite and then the rule set's
 * tie-break; per indicator, by the indicator's score and then the same tie-break. Units the keys
 * cannot tell apart share a rank (1, 2, 2, 4).
 *
 * Indicator facts can be left for later, when no rule reads their ranks ({@link readsIndicatorRanks}): the units'
 * `indicators` are then empty until `rankIndicators` is called, which gives them what they would have had, ranks
 * and all. Until then a unit's scores are read with `scoreAt`, from the scores (which it keeps while it is kept):
 * compiled rules and quotas read them (and an indicator's points) without a unit's indicator facts, which at a
 * million units are a million objects made with nine keys each.
 *
 * @param ruleSet - a checked rule set
 * @param dataset - a dataset checked against it
 * @param scores - every unit's scores, by its place in the dataset's units (from `scoreUnits`)
 * @param indicatorRanks - `now`, or `later` to leave them to `rankIndicators`
 * @param inIdOrder - the units' places in the order of their ids, where the caller has it (from {@link placesInIdOrder})
 * @param onRanked - told, after each category, how many units have been ranked so far
 * @returns every unit's facts, as a table by the unit's index in id order; what gives them their indicator facts
 *   when they were left for later (else nothing); and the score of the unit at a place in the dataset's units on
 *   the indicator at an index in the rule set's order
 */
export function deriveFacts(
  ruleSet: RuleSet,
  dataset: Dataset,
  scores: PopulationScores,
  indicatorRanks: 'now' | 'later' = 'now',
  inIdOrder: Int32Array = placesInIdOrder(dataset.units),
  onRanked?: (units: number) => void,
): { table: FactsTable; rankIndicators: () => void; scoreAt: (place: number, k: number) => string | null } {
  const decimals = ruleSet.precision.decimals;
  // units listed in id order (a table sorted by code) are taken as they are listed
  const listed = listedInIdOrder(inIdOrder, dataset.units.length);
  // the scoring's totals are by place in the dataset: for units listed in id order, already in that order (the
  // scoring gives every unit each of them), taken as they are; else copied into it
  let totals: { composite: readonly (string | null)[]; bonus: readonly (string | null)[]; deduction: readonly (string | null)[] } = scores;
  if (!listed) {
    const inOrder = (list: readonly (string | null)[]) => Array.from(inIdOrder, (p) => list[p] ?? null);
    totals = { composite: inOrder(scores.composite), bonus: inOrder(scores.bonus), deduction: inOrder(scores.deduction) };
  }
  const table = new FactsTable(listed ? dataset.units : Array.from(inIdOrder, (p) => dataset.units[p] as Unit), totals);
  // each unit's index in id order by its place in the dataset (the same number for units listed in id order)
  const indexOf = listed ? undefined : new Int32Array(inIdOrder.length);
  if (indexOf) for (let i = 0; i < inIdOrder.length; i++) indexOf[inIdOrder[i] as number] = i;
  for (let i = 0; i < inIdOrder.length; i++) {
    const flags = (table.units[i] as Unit).dataFlags;
    if (flags.length > 0) table.dataFlags.set(i, Object.freeze([...flags].sort(compareIds)));
  }
  // each unit's prior-year row (a prior row of a unit not listed is left out, as the check warned)
  const unitPlaces = new UnitPlaces(dataset.units);
  for (let r = 0; r < dataset.prior.length; r++) {
    const entry = dataset.prior[r] as Dataset['prior'][number];
    const place = unitPlaces.of(entry.unit);
    if (place === undefined) continue;
    const i = indexOf === undefined ? place : (indexOf[place] as number);
    const priorComposite = entry.composite ?? null;
    const composite = table.composite[i] as string | null;
    table.priorComposite[i] = priorComposite === null ? null : withDecimals(priorComposite, decimals);
    if (entry.grade !== undefined) table.priorGrade.set(i, entry.grade);
    table.change[i] = composite !== null && priorComposite !== null ? changeOf(composite, priorComposite, decimals) : null;
  }
  // units (by their index) by category, each category in id order: each unit's category numbered and counted
  // first, then each category's members written into a typed array of its size (not lists grown a unit at a time)
  const numbers = new Map<string, number>();
  const categoryOf = new Uint32Array(table.length);
  const counts: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const category = (table.units[i] as Unit).category;
    let number = numbers.get(category);
    if (number === undefined) numbers.set(category, (number = counts.push(0) - 1));
    categoryOf[i] = number;
    counts[number] = (counts[number] as number) + 1;
  }
  const byCategory = counts.map((count) => new Int32Array(count));
  const filled = new Uint32Array(counts.length);
  for (let i = 0; i < table.length; i++) {
    const number = categoryOf[i] as number;
    (byCategory[number] as Int32Array)[(filled[number] as number)++] = i;
  }
  const later: (() => void)[] = [];
  let ranked = 0;
  for (const members of byCategory) {
    // the members' places in the dataset: their indexes, for units listed in id order
    const places = listed ? members : members.map((i) => inIdOrder[i] as number);
    const scoreOf = _memberScores(scores, places);
    const rest = _rankCategory(ruleSet, table, members, scoreOf, _memberHundredths(scores, places), _memberComposite(scores, places), indicatorRanks);
    if (rest) later.push(rest);
    ranked += members.length;
    onRanked?.(ranked);
  }
  return { table, rankIndicators: _once(later), scoreAt: _scoreAt(scores) };
}

/**
 * A category member's score on the indicator at k, read from the scores. Made here, apart (see {@link _once}): it
 * is kept until indicator facts left for later are made, and keeps only the list of scores and the members' places.
 */
function _memberScores(scores: PopulationScores, places: ArrayLike<number>): (member: number, k: number) => string | null {
  const scoreAt = _scoreAt(scores);
  return (member, k) => scoreAt(places[member] as number, k);
}

/**
 * A category member's score on the indicator at k as a number of hundredths, where the scoring knew it: -2 where
 * the member has no score, -1 where its text is to be read.
 */
function _memberHundredths(scores: PopulationScores, places: ArrayLike<number>): (member: number, k: number) => number {
  const { width, hundredths } = scores;
  return (member, k) => hundredths[(places[member] as number) * width + k] as number;
}

/** A category member's composite as a number of hundredths, where the scoring knew it (as {@link _memberHundredths}). */
function _memberComposite(scores: PopulationScores, places: ArrayLike<number>): (member: number) => number {
  const { composite, compositeHundredths } = scores;
  return (member) => {
    const place = places[member] as number;
    return composite[place] == null ? -2 : (compositeHundredths[place] as number) >= 0 ? (compositeHundredths[place] as number) : -1;
  };
}

/** A unit's score on an indicator read from the list of scores (kept as long as this is), not the rest of them. */
function _scoreAt(scores: PopulationScores): (place: number, k: number) => string | null {
  const { width, scores: list } = scores;
  return (place, k) => list[place * width + k] ?? null;
}

/**
 * Whether units are listed in the order of their ids: their places in that order (from {@link placesInIdOrder})
 * are their places in the list, so that what is kept by place is kept in id order too.
 *
 * @param inIdOrder - the units' places in the order of their ids
 * @param count - how many units there are
 */
export function listedInIdOrder(inIdOrder: ArrayLike<number>, count: number): boolean {
  if (inIdOrder.length !== count) return false;
  for (let i = 0; i < inIdOrder.length; i++) if (inIdOrder[i] !== i) return false;
  return true;
}

/**
 * The places of units in the order of their ids (code-point order).
 *
 * @param units - a checked dataset's units (ids unique)
 * @returns each unit's index in `units`, the unit with the first id first
 */
export function placesInIdOrder(units: readonly Unit[]): Int32Array {
  // a typed array, half the memory of a list of numbers, which the appraisal keeps as it is
  const places = new Int32Array(units.length);
  for (let p = 0; p < places.length; p++) places[p] = p;
  // units listed by their codes (a table sorted by code lists them so) are in id order already
  if (ascendingIds(units)) return places;
  const ids = units.map((unit) => unit.id);
  return places.sort((a, b) => compareIds(ids[a] as string, ids[b] as string));
}

/**
 * One function that runs some once, then nothing. Made here, apart: a function made inside deriveFacts would
 * keep all of deriveFacts' variables that any of its functions use, the dataset among them, as long as the
 * result keeps it.
 */
function _once(pending: (() => void)[]): () => void {
  return () => {
    // each is let go once it has run, so one that fails runs again next time instead of being skipped
    while (pending.length > 0) {
      (pending[0] as () => void)();
      pending.shift();
    }
  };
}

/**
 * Whether a rule set's rules read indicator ranks or percentiles: anything of the `indicators` fact but an
 * indicator's score or points (a condition on the whole fact, or on a whole indicator, reads them too).
 *
 * @param ruleSet - the rule set
 * @returns false when every rule leaves them alone
 */
export function readsIndicatorRanks(ruleSet: RuleSet): boolean {
  const reads = (fact: string, path: string | undefined) => {
    if (fact !== 'indicators') return false;
    const keys = path === undefined ? [] : pathKeys(path);
    return !(keys.length === 2 && (keys[1] === 'score' || keys[1] === 'points'));
  };
  const inCondition = (condition: Condition): boolean => {
    if ('all' in condition) return condition.all.some(inCondition);
    if ('any' in condition) return condition.any.some(inCondition);
    if ('not' in condition) return inCondition(condition.not);
    const value = condition.value;
    const other = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { fact: string; path?: string }) : undefined;
    return reads(condition.fact, condition.path) || (other !== undefined && reads(other.fact, other.path));
  };
  return ruleSet.stages.some((stage) => stage.rules.some((rule) => inCondition(rule.conditions)));
}

/**
 * One empty list for every unit without data flags, mentions or flags (most units): lists of facts are never
 * changed in place, a rule's outcome replaces them.
 */
const _EMPTY: readonly string[] = Object.freeze([]);

/** In place of a unit's indicator facts until they are made. */
const _NO_INDICATORS: Record<string, IndicatorFacts> = Object.freeze({});

/**
 * Ranks one category's units: by composite and then the tie-break, and on each indicator by its score and then
 * the same tie-break; then gives each unit its indicator facts, made once with their ranks (a unit's indicator
 * facts are most of the objects a large population makes). Indicator ranks left for later are given by the
 * function returned.
 */
function _rankCategory(
  ruleSet: RuleSet,
  table: FactsTable,
  members: Int32Array,
  scoreOf: (member: number, k: number) => string | null,
  hundredthsOf: (member: number, k: number) => number,
  compositeOf: (member: number) => number,
  indicatorRanks: 'now' | 'later',
): (() => void) | undefined {
  const tieBreak = ruleSet.ranking.orderBy;
  // by composite, then the tie-break (which may start with the composite itself: the same order either way)
  const compositeKey: SortKey = tieBreak[0]?.by === 'composite' ? tieBreak[0] : { by: 'composite', order: 'desc' };
  const columns = _sortColumns(ruleSet, table, members, scoreOf, (by) => {
    // and as numbers, where the scoring knew them so
    if (by === 'composite') return compositeOf;
    const k = _indicatorIndex(ruleSet, by);
    return k === undefined ? undefined : (member) => hundredthsOf(member, k);
  });
  // every ranking breaks ties by the same keys: their order is worked out once
  const tieOrder = columns.codes(tieBreak);
  const ranked = columns.having('composite');
  const giveRank = (i: number, rank: number) => {
    table.rank[members[i] as number] = rank;
  };
  if (compositeKey === tieBreak[0]) {
    // the tie-break starts with the composite: the codes of units with one are their competition ranks by it and
    // then the tie-break, less one, which is what ranking by the composite and then the codes would give
    for (let k = 0; k < ranked.length; k++) {
      const i = ranked[k] as number;
      giveRank(i, (tieOrder[i] as number) + 1);
    }
  } else columns.competitionRanks(compositeKey, tieOrder, ranked, giveRank);
  for (let i = 0; i < members.length; i++) table.groupSize[members[i] as number] = ranked.length;
  if (indicatorRanks === 'later') return _rankLater(ruleSet, table, members, scoreOf, tieOrder);
  _indicatorTables(ruleSet, table, members, scoreOf, columns, tieOrder);
  return undefined;
}

/** The index of the indicator a sort key names (`indicators.<id>`) in the rule set's order, if it names one. */
function _indicatorIndex(ruleSet: RuleSet, by: string): number | undefined {
  if (!by.startsWith('indicators.')) return undefined;
  const id = by.slice('indicators.'.length);
  const k = ruleSet.indicators.findIndex((indicator) => indicator.id === id);
  return k === -1 ? undefined : k;
}

/**
 * A category's values on sort keys, for ranking it: indicator scores read from the scores (its units' indicator
 * facts are not made yet), every other key from the table's columns.
 */
function _sortColumns(
  ruleSet: RuleSet,
  table: FactsTable,
  members: Int32Array,
  scoreOf: (member: number, k: number) => string | null,
  hundredthsOf?: (by: string) => ((member: number) => number) | undefined,
): SortColumns {
  return new SortColumns(
    { length: members.length, valueAt: (member, by) => table.sortValueAt(members[member] as number, by) },
    (by) => {
      const k = _indicatorIndex(ruleSet, by);
      return k === undefined ? undefined : (member) => scoreOf(member, k);
    },
    hundredthsOf,
  );
}

/**
 * Ranks a category's units on each indicator, and gives each unit its indicator facts, made once with their
 * ranks (a unit's indicator facts are most of the objects a large population makes).
 */
function _indicatorTables(ruleSet: RuleSet, table: FactsTable, members: Int32Array, scoreOf: (member: number, k: number) => string | null, columns: SortColumns, tieOrder: Uint32Array): void {
  const ranks = ruleSet.indicators.map(() => new Int32Array(members.length));
  const counts = ruleSet.indicators.map(() => 0);
  _rankIndicators(ruleSet, columns, tieOrder, (i, k, rank, count) => {
    (ranks[k] as Int32Array)[i] = rank;
    counts[k] = count;
  });
  for (let i = 0; i < members.length; i++) {
    const indicators = new _IndicatorTable();
    for (let k = 0; k < ruleSet.indicators.length; k++) {
      const indicator = ruleSet.indicators[k] as RuleSet['indicators'][number];
      const score = scoreOf(i, k);
      const rank = score === null ? null : ((ranks[k] as Int32Array)[i] as number);
      indicators[indicator.id] = { score, rank, percentile: rank === null ? null : percentileOf(rank, counts[k] as number), points: indicator.points };
    }
    table.indicators.set(members[i] as number, indicators);
  }
}

/** Ranks a category's units on each indicator, ties broken by the tie-break's codes. */
function _rankIndicators(ruleSet: RuleSet, columns: SortColumns, tieOrder: Uint32Array, give: (member: number, k: number, rank: number, count: number) => void): void {
  ruleSet.indicators.forEach((indicator, k) => {
    const by = `indicators.${indicator.id}`;
    const withScore = columns.having(by);
    columns.competitionRanks({ by, order: 'desc' }, tieOrder, withScore, (i, rank) => give(i, k, rank, withScore.length));
  });
}

/**
 * What gives a category's units their indicator facts later, with their ranks, from their scores. Made apart from
 * {@link _rankCategory} so that it keeps only what it names (see {@link _once}): the table, the category's members
 * and the list of scores, not the rest of the scores.
 */
function _rankLater(ruleSet: RuleSet, table: FactsTable, members: Int32Array, scoreOf: (member: number, k: number) => string | null, tieOrder: Uint32Array): () => void {
  return () => _indicatorTables(ruleSet, table, members, scoreOf, _sortColumns(ruleSet, table, members, scoreOf), tieOrder);
}

/**
 * A unit's indicator facts by id. Nothing is inherited (an indicator may be called `toString`), as with
 * `Object.create(null)`; but objects made by a constructor stay in V8's compact form, where `Object.create(null)`
 * starts as a hash table of about a kilobyte, once per unit.
 */
const _IndicatorTable = function _IndicatorTable() {} as unknown as new () => Record<string, IndicatorFacts>;
_IndicatorTable.prototype = Object.create(null) as object;
