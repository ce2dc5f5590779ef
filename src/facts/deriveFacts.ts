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
 * @returns every unit's facts, in the order of the dataset's units; what gives them their indicator facts when
 *   they were left for later (else nothing); and the score of the unit at a place in the dataset's units on the
 *   indicator at an index in the rule set's order
 */
export function deriveFacts(
  ruleSet: RuleSet,
  dataset: Dataset,
  scores: PopulationScores,
  indicatorRanks: 'now' | 'later' = 'now',
  inIdOrder: readonly number[] = placesInIdOrder(dataset.units),
  onRanked?: (units: number) => void,
): { facts: UnitFacts[]; rankIndicators: () => void; scoreAt: (place: number, k: number) => string | null } {
  const decimals = ruleSet.precision.decimals;
  // each unit's prior-year row by its place (a prior row of a unit not listed is left out, as the check warned)
  const prior = new Array<Dataset['prior'][number] | undefined>(dataset.units.length);
  const unitPlaces = new UnitPlaces(dataset.units);
  for (let r = 0; r < dataset.prior.length; r++) {
    const entry = dataset.prior[r] as Dataset['prior'][number];
    const place = unitPlaces.of(entry.unit);
    if (place !== undefined) prior[place] = entry;
  }
  // units (by their place in the dataset) by category, each category in id order
  const byCategory = new Map<string, number[]>();
  for (let k = 0; k < inIdOrder.length; k++) {
    const p = inIdOrder[k] as number;
    const category = (dataset.units[p] as Unit).category;
    const members = byCategory.get(category);
    if (members) members.push(p);
    else byCategory.set(category, [p]);
  }
  const facts: UnitFacts[] = new Array<UnitFacts>(dataset.units.length);
  const later: (() => void)[] = [];
  let ranked = 0;
  for (const places of byCategory.values()) {
    const units = places.map((p) => dataset.units[p] as Unit);
    const scoreOf = _memberScores(scores, places);
    const members = units.map((unit, i): UnitFacts => {
      const composite = scores.composite[places[i] as number] ?? null;
      const priorEntry = prior[places[i] as number];
      const priorComposite = priorEntry?.composite ?? null;
      return {
        category: unit.category,
        trackGroup: unit.trackGroup ?? null,
        // frozen, as lists of mentions and flags are: outcomes made for the unit read this one list
        dataFlags: unit.dataFlags.length === 0 ? _EMPTY : Object.freeze([...unit.dataFlags].sort(compareIds)),
        status: 'graded',
        grade: null,
        mentions: _EMPTY,
        flags: _EMPTY,
        composite,
        bonus: scores.bonus[places[i] as number] ?? null,
        deduction: scores.deduction[places[i] as number] ?? null,
        rank: null,
        groupSize: 0,
        percentile: null,
        // set once the indicator ranks are known: below, or by rankIndicators when they are left for later
        indicators: _NO_INDICATORS,
        priorComposite: priorComposite === null ? null : withDecimals(priorComposite, decimals),
        priorGrade: priorEntry?.grade ?? null,
        change: composite !== null && priorComposite !== null ? changeOf(composite, priorComposite, decimals) : null,
      };
    });
    const rest = _rankCategory(ruleSet, members, scoreOf, _memberHundredths(scores, places), _memberComposite(scores, places), indicatorRanks);
    if (rest) later.push(rest);
    places.forEach((p, i) => (facts[p] = members[i] as UnitFacts));
    ranked += places.length;
    onRanked?.(ranked);
  }
  return { facts, rankIndicators: _once(later), scoreAt: _scoreAt(scores) };
}

/**
 * A category member's score on the indicator at k, read from the scores. Made here, apart (see {@link _once}): it
 * is kept until indicator facts left for later are made, and keeps only the list of scores and the members' places.
 */
function _memberScores(scores: PopulationScores, places: readonly number[]): (member: number, k: number) => string | null {
  const scoreAt = _scoreAt(scores);
  return (member, k) => scoreAt(places[member] as number, k);
}

/**
 * A category member's score on the indicator at k as a number of hundredths, where the scoring knew it: -2 where
 * the member has no score, -1 where its text is to be read.
 */
function _memberHundredths(scores: PopulationScores, places: readonly number[]): (member: number, k: number) => number {
  const { width, hundredths } = scores;
  return (member, k) => hundredths[(places[member] as number) * width + k] as number;
}

/** A category member's composite as a number of hundredths, where the scoring knew it (as {@link _memberHundredths}). */
function _memberComposite(scores: PopulationScores, places: readonly number[]): (member: number) => number {
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
 * The places of units in the order of their ids (code-point order).
 *
 * @param units - a checked dataset's units (ids unique)
 * @returns each unit's index in `units`, the unit with the first id first
 */
export function placesInIdOrder(units: readonly Unit[]): number[] {
  // units listed by their codes (a table sorted by code lists them so) are in id order already
  if (ascendingIds(units)) {
    const places = new Array<number>(units.length);
    for (let p = 0; p < places.length; p++) places[p] = p;
    return places;
  }
  const ids = units.map((unit) => unit.id);
  return ids.map((_, p) => p).sort((a, b) => compareIds(ids[a] as string, ids[b] as string));
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
  members: UnitFacts[],
  scoreOf: (member: number, k: number) => string | null,
  hundredthsOf: (member: number, k: number) => number,
  compositeOf: (member: number) => number,
  indicatorRanks: 'now' | 'later',
): (() => void) | undefined {
  const tieBreak = ruleSet.ranking.orderBy;
  // by composite, then the tie-break (which may start with the composite itself: the same order either way)
  const compositeKey: SortKey = tieBreak[0]?.by === 'composite' ? tieBreak[0] : { by: 'composite', order: 'desc' };
  const place = new Map(ruleSet.indicators.map((indicator, k) => [`indicators.${indicator.id}`, k]));
  // every value a ranking reads is made numeric once per category, not once per ranking or comparison; indicator
  // scores are read from the scores, as the units' indicator facts are not made yet
  const columns = new SortColumns(
    members,
    (by) => {
      const k = place.get(by);
      return k === undefined ? undefined : (member) => scoreOf(member, k);
    },
    // and as numbers, where the scoring knew them so
    (by) => {
      if (by === 'composite') return compositeOf;
      const k = place.get(by);
      return k === undefined ? undefined : (member) => hundredthsOf(member, k);
    },
  );
  // every ranking breaks ties by the same keys: their order is worked out once
  const tieOrder = columns.codes(tieBreak);
  const ranked = columns.having('composite');
  const giveRank = (i: number, rank: number) => {
    const member = members[i] as UnitFacts;
    member.rank = rank;
    member.percentile = percentileOf(rank, ranked.length);
  };
  if (compositeKey === tieBreak[0]) {
    // the tie-break starts with the composite: the codes of units with one are their competition ranks by it and
    // then the tie-break, less one, which is what ranking by the composite and then the codes would give
    for (let k = 0; k < ranked.length; k++) {
      const i = ranked[k] as number;
      giveRank(i, (tieOrder[i] as number) + 1);
    }
  } else columns.competitionRanks(compositeKey, tieOrder, ranked, giveRank);
  for (let i = 0; i < members.length; i++) (members[i] as UnitFacts).groupSize = ranked.length;
  if (indicatorRanks === 'later') return _rankLater(ruleSet, members, scoreOf, tieOrder);
  _indicatorTables(ruleSet, members, scoreOf, columns, tieOrder);
  return undefined;
}

/**
 * Ranks a category's units on each indicator, and gives each unit its indicator facts, made once with their
 * ranks (a unit's indicator facts are most of the objects a large population makes).
 */
function _indicatorTables(ruleSet: RuleSet, members: readonly UnitFacts[], scoreOf: (member: number, k: number) => string | null, columns: SortColumns, tieOrder: Uint32Array): void {
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
    (members[i] as UnitFacts).indicators = indicators;
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
 * {@link _rankCategory} so that it keeps only what it names (see {@link _once}): the category's places and the
 * list of scores, not the rest of the scores.
 */
function _rankLater(ruleSet: RuleSet, members: readonly UnitFacts[], scoreOf: (member: number, k: number) => string | null, tieOrder: Uint32Array): () => void {
  return () => {
    const place = new Map(ruleSet.indicators.map((indicator, k) => [`indicators.${indicator.id}`, k]));
    const columns = new SortColumns(members, (by) => {
      const k = place.get(by);
      return k === undefined ? undefined : (member) => scoreOf(member, k);
    });
    _indicatorTables(ruleSet, members, scoreOf, columns, tieOrder);
  };
}

/**
 * A unit's indicator facts by id. Nothing is inherited (an indicator may be called `toString`), as with
 * `Object.create(null)`; but objects made by a constructor stay in V8's compact form, where `Object.create(null)`
 * starts as a hash table of about a kilobyte, once per unit.
 */
const _IndicatorTable = function _IndicatorTable() {} as unknown as new () => Record<string, IndicatorFacts>;
_IndicatorTable.prototype = Object.create(null) as object;
