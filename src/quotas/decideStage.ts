import type { UnitFacts } from '../facts/deriveFacts.js';
import { codesUpTo, type Codes } from '../facts/codes.js';
import { compareIds, SortColumns, sortValue } from '../facts/order.js';
import type { Rule, SortKey, Stage } from '../schema/ruleSet.js';
import { quotaPlaces } from '../scoring/score.js';

/** Where a unit stood against a quota. */
export interface QuotaTrace {
  /** The category the quota counts within. */
  readonly category: string;
  /** How many units of the category the stage applied to. */
  readonly groupSize: number;
  /** How many the quota admits. */
  readonly places: number;
  /** The unit's place among those that met the rule's conditions, in the quota's order (1 = first). */
  readonly position: number;
  /** How many units met the rule's conditions in the category. */
  readonly candidates: number;
  readonly admitted: boolean;
  /** True when the unit tied with the unit on the other side of the cut on every key, so its id decided. */
  readonly decidedById: boolean;
  /**
   * The last unit admitted, and its value on the quota's first key (usually the composite), for saying how
   * far behind an unadmitted unit is. Null when the quota admits no one.
   */
  readonly cutoff: { readonly unit: string; readonly by: string; readonly value: string | null } | null;
}

/** What one rule meant for one unit in a stage. */
export interface RuleDecision {
  readonly rule: Rule;
  /** applied: the rule's outcome was given; failed: its conditions did not hold; over-quota: they held but the quota was full. */
  readonly outcome: 'applied' | 'failed' | 'over-quota';
  readonly quota?: QuotaTrace;
}

/** A unit's part in a stage: the rules that applied, and the ones it missed. Units decided alike share one. */
export interface StageDecision {
  readonly applied: readonly RuleDecision[];
  readonly missed: readonly RuleDecision[];
}

/** A unit the stage applies to, with its facts and whether each rule's conditions hold for it. */
export interface StageCandidate {
  readonly id: string;
  readonly facts: UnitFacts;
  /** Whether each rule's conditions hold for the unit, by the rule's place in the stage's file order. */
  readonly held: readonly boolean[];
}

/**
 * The units a stage applies to, read by their place among them: what a list of {@link StageCandidate}s gives,
 * without an object per unit (a million units were a million objects per stage, kept to the stage's end).
 */
export interface StageCandidates {
  readonly length: number;
  /** True where the caller knows the candidates come in the order of their ids, which is then not checked. */
  readonly inIdOrder?: boolean;
  idAt(place: number): string;
  factsAt(place: number): UnitFacts;
  /** The unit's category, where the caller reads it otherwise than from its facts (made whole for the call). */
  categoryAt?(place: number): string;
  /** The unit's rank in its category, where the caller reads it otherwise than from its facts. */
  rankAt?(place: number): number | null;
  /**
   * The unit's value on a sort key, where the caller reads it otherwise than from its facts (its indicator scores
   * when its indicator facts are not made yet); else it is read from the facts.
   */
  valueAt?(place: number, by: string): string | null;
  /** Whether each rule's conditions hold for the unit, by the rule's place in the stage's file order. */
  heldAt(place: number): readonly boolean[];
}

/**
 * Decides which rules apply to which units in a stage, honouring the stage's mode and its quotas.
 *
 * Rules are taken by priority (higher first), then in file order. In a first-match stage a unit is
 * decided by the first rule that holds for it and has room; a unit over a quota falls through to the
 * next rule. In an all-match stage every rule that holds (and has room) applies. A quota orders its
 * candidates by its own keys, or the rule set's ranking, and admits the first `places` per category;
 * units tied on every key are ordered by id, and the trace says so.
 *
 * @param stage - the stage
 * @param candidates - the units the stage applies to, with their evaluations
 * @param rankingOrder - the rule set's ranking order, for quotas without their own
 * @returns each unit's decision, in the order of the candidates
 */
export function decideStage(stage: Stage, candidates: readonly StageCandidate[] | StageCandidates, rankingOrder: readonly SortKey[]): StageDecision[] {
  const { codes, decisionOf } = decideStageCoded(stage, candidates, rankingOrder);
  return Array.from(codes, (_, k) => decisionOf(k));
}

/** A stage's decisions as {@link decideStageCoded} gives them. */
export interface CodedDecisions {
  /**
   * The different decisions. A rule decision a quota made is in them without its trace, so that units a quota
   * admitted (or turned away) alike share one: {@link CodedDecisions.decisionOf} gives it with its trace.
   */
  readonly table: readonly StageDecision[];
  /** Each candidate's decision, as its place in the table, in the order of the candidates. */
  readonly codes: ArrayLike<number>;
  /**
   * A candidate's decision whole, with the trace of each quota that decided it: made anew at each call where a
   * quota did, else the table's own.
   *
   * @param place - the candidate's place among the candidates
   */
  decisionOf(place: number): StageDecision;
}

/**
 * {@link decideStage}'s decisions as a table of the different ones and, per candidate, its decision's place in the
 * table: units decided alike share one decision, so a stage's decisions for a million units are a few objects and
 * a few typed arrays, not a list of a million references the collector goes through. Where a unit stood against a
 * quota is kept as numbers, and made a {@link QuotaTrace} when its decision is asked for whole.
 *
 * @param stage - as for {@link decideStage}
 * @param candidates - as for {@link decideStage}
 * @param rankingOrder - as for {@link decideStage}
 * @param scratch - lists to work in, shared by the stages of one appraisal; made for this stage where none is given
 * @returns the decisions
 */
export function decideStageCoded(
  stage: Stage,
  candidates: readonly StageCandidate[] | StageCandidates,
  rankingOrder: readonly SortKey[],
  scratch: DecisionScratch = new DecisionScratch(),
): CodedDecisions {
  const all: StageCandidates = _isList(candidates)
    ? { length: candidates.length, idAt: (k: number) => (candidates[k] as StageCandidate).id, factsAt: (k: number) => (candidates[k] as StageCandidate).facts, heldAt: (k: number) => (candidates[k] as StageCandidate).held }
    : candidates;
  const valueAt = all.valueAt?.bind(all);
  const categoryAt = all.categoryAt?.bind(all);
  const rankAt = all.rankAt?.bind(all);
  const count = all.length;
  // candidates are referred to by their place in id order; `given` is each one's place in the candidates
  const given = all.inIdOrder === true ? undefined : _idOrder(all);
  const ordered: StageCandidates = given
    ? {
        length: count,
        idAt: (i) => all.idAt(given[i] as number),
        factsAt: (i) => all.factsAt(given[i] as number),
        ...(valueAt ? { valueAt: (i: number, by: string) => valueAt(given[i] as number, by) } : {}),
        ...(categoryAt ? { categoryAt: (i: number) => categoryAt(given[i] as number) } : {}),
        ...(rankAt ? { rankAt: (i: number) => rankAt(given[i] as number) } : {}),
        heldAt: (i) => all.heldAt(given[i] as number),
      }
    : all;
  const rules = orderRules(stage.rules);
  // how many units of each category the stage applies to, which only quotas read (units of one category mostly
  // come together, so the count of the last one is kept at hand rather than looked up for every unit)
  const sizes = new Map<string, number>();
  if (rules.some((rule) => rule.quota)) {
    let last: string | undefined;
    let run = 0;
    for (let k = 0; k < count; k++) {
      const category = categoryAt ? categoryAt(k) : all.factsAt(k).category;
      if (category === last) {
        run++;
        continue;
      }
      if (last !== undefined) sizes.set(last, (sizes.get(last) ?? 0) + run);
      last = category;
      run = 1;
    }
    if (last !== undefined) sizes.set(last, (sizes.get(last) ?? 0) + run);
  }
  const place = new Map(stage.rules.map((rule, index) => [rule, index]));
  // what each rule (in the order tried) meant for each unit: 0 not reached, 1 applied, 2 failed, 3 admitted by its
  // quota, 4 over its quota (where the unit stood is in the rule's ledger)
  const outcomes = new Uint8Array(count * rules.length);
  const ledgers = new Map<Rule, _QuotaLedger>();
  // the units no rule has decided yet, and those the rule at hand holds for, each the first so many places of a
  // list made once: lists of a million numbers grown a push at a time, and a new one filtered for each rule, took
  // twice as long per unit as at a hundred thousand
  const pending = scratch.ints(_SLOT.pending, count);
  for (let i = 0; i < count; i++) pending[i] = i;
  let pendingCount = count;
  const holding = scratch.ints(_SLOT.holding, count);
  // in a first-match stage, the units a rule has decided, which later rules pass over
  const decided = new Uint8Array(count);

  rules.forEach((rule, r) => {
    const index = place.get(rule) ?? -1;
    let holdingCount = 0;
    // indexed loops over units: a loop over an iterator costs an object per step until V8 optimizes it
    for (let j = 0; j < pendingCount; j++) {
      const i = pending[j] as number;
      if (ordered.heldAt(i)[index] === true) holding[holdingCount++] = i;
      else outcomes[i * rules.length + r] = 2;
    }
    let admitted = 0;
    if (!rule.quota) {
      for (let j = 0; j < holdingCount; j++) {
        const i = holding[j] as number;
        outcomes[i * rules.length + r] = 1;
        decided[i] = 1;
      }
      admitted = holdingCount;
    } else {
      const ledger = _admit(rule, ordered, holding.subarray(0, holdingCount), sizes, rankingOrder, scratch);
      ledgers.set(rule, ledger);
      for (let j = 0; j < holdingCount; j++) {
        const i = holding[j] as number;
        const position = ledger.positions[i] as number;
        const group = ledger.groups[ledger.groupOf[i] as number] as _QuotaGroup;
        if (position <= group.places) {
          outcomes[i * rules.length + r] = 3;
          decided[i] = 1;
          admitted++;
        } else {
          outcomes[i * rules.length + r] = 4;
        }
      }
    }
    if (stage.mode === 'first-match' && admitted > 0) {
      let kept = 0;
      for (let j = 0; j < pendingCount; j++) {
        const i = pending[j] as number;
        if (decided[i] === 0) pending[kept++] = i;
      }
      pendingCount = kept;
    }
  });

  // per outcome (1 to 4, at 0 to 3) and rule, the one decision units share
  const shares = (['applied', 'failed', 'applied', 'over-quota'] as const).map((outcome) => rules.map((rule): RuleDecision => ({ rule, outcome })));
  const table: StageDecision[] = [];
  // per decision of the table, whether a quota made part of it
  const quotaMade: boolean[] = [];
  // each shared decision's place in the table, by its outcomes
  const shared = new Map<number, number>();
  // a decision's place is below the number of candidates, and, for up to 22 rules, below the number of
  // different outcomes they can have
  const codes = codesUpTo(count, Math.min(count, rules.length <= 22 ? 5 ** rules.length : count) - 1);
  for (let i = 0; i < count; i++) {
    const start = i * rules.length;
    // the outcomes as the digits of a number in base 5, exact for up to 22 rules; beyond, each unit has a decision
    // of its own
    let key: number | undefined = rules.length <= 22 ? 0 : undefined;
    for (let r = 0; r < rules.length && key !== undefined; r++) key = key * 5 + (outcomes[start + r] as number);
    let code = key === undefined ? undefined : shared.get(key);
    if (code === undefined) {
      const built = { applied: [] as RuleDecision[], missed: [] as RuleDecision[] };
      let byQuota = false;
      for (let r = 0; r < rules.length; r++) {
        const outcome = outcomes[start + r] as number;
        if (outcome === 0) continue;
        const decision = shares[outcome - 1]?.[r] as RuleDecision;
        (outcome === 1 || outcome === 3 ? built.applied : built.missed).push(decision);
        if (outcome >= 3) byQuota = true;
      }
      code = table.length;
      table.push(built);
      quotaMade.push(byQuota);
      if (key !== undefined) shared.set(key, code);
    }
    codes[given ? (given[i] as number) : i] = code;
  }
  // each candidate's place in id order, where they were given in another
  let inIdOrder: Int32Array | undefined;
  if (given) {
    inIdOrder = new Int32Array(count);
    for (let i = 0; i < count; i++) inIdOrder[given[i] as number] = i;
  }
  return { table, codes, decisionOf: _wholeDecisions(table, codes, quotaMade, ledgers, inIdOrder) };
}

/**
 * What gives a candidate's decision whole (see {@link CodedDecisions.decisionOf}). Made apart from
 * {@link decideStageCoded}, so that it holds only what it reads, not the stage's candidates and outcomes.
 */
function _wholeDecisions(
  table: readonly StageDecision[],
  codes: Codes,
  quotaMade: readonly boolean[],
  ledgers: ReadonlyMap<Rule, _QuotaLedger>,
  inIdOrder: Int32Array | undefined,
): (place: number) => StageDecision {
  return (k) => {
    const code = codes[k] as number;
    const decision = table[code] as StageDecision;
    if (quotaMade[code] !== true) return decision;
    const i = inIdOrder ? (inIdOrder[k] as number) : k;
    const traced = (entry: RuleDecision): RuleDecision => {
      const ledger = entry.outcome === 'failed' ? undefined : ledgers.get(entry.rule);
      return ledger ? { rule: entry.rule, quota: _traceOf(ledger, i), outcome: entry.outcome } : entry;
    };
    return { applied: decision.applied.map(traced), missed: decision.missed.map(traced) };
  };
}

/** Where the units a quota looked at stood, by their place in id order: what their {@link QuotaTrace}s are made of. */
interface _QuotaLedger {
  /** the categories the quota counted within */
  readonly groups: readonly _QuotaGroup[];
  /** each unit's category among the groups */
  readonly groupOf: Codes;
  /** each unit's place among its category's candidates, from 1; 0 for a unit the quota did not look at */
  readonly positions: Uint32Array;
  /** the units tied with the unit on the other side of the cut on every key, whose id decided */
  readonly decidedById: ReadonlySet<number>;
}

/** What a quota's units in one category share. */
interface _QuotaGroup {
  readonly category: string;
  readonly groupSize: number;
  readonly places: number;
  readonly candidates: number;
  readonly cutoff: QuotaTrace['cutoff'];
}

function _traceOf(ledger: _QuotaLedger, i: number): QuotaTrace {
  const { category, groupSize, places, candidates, cutoff } = ledger.groups[ledger.groupOf[i] as number] as _QuotaGroup;
  const position = ledger.positions[i] as number;
  return { category, groupSize, places, position, candidates, admitted: position <= places, decidedById: ledger.decidedById.has(i), cutoff };
}

function _isList(candidates: readonly StageCandidate[] | StageCandidates): candidates is readonly StageCandidate[] {
  return Array.isArray(candidates);
}

/** The candidates' places in id order, or undefined when they are given in it already (the usual case). */
function _idOrder(candidates: StageCandidates): number[] | undefined {
  for (let i = 1; i < candidates.length; i++) {
    if (compareIds(candidates.idAt(i - 1), candidates.idAt(i)) > 0) {
      return Array.from({ length: candidates.length }, (_, k) => k).sort((a, b) => compareIds(candidates.idAt(a), candidates.idAt(b)));
    }
  }
  return undefined;
}

/**
 * The order rules are tried in: priority, higher first; equal priorities in file order.
 *
 * @param rules - a stage's rules
 * @returns the same rules, ordered
 */
export function orderRules(rules: readonly Rule[]): Rule[] {
  return rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => (b.rule.priority ?? 1) - (a.rule.priority ?? 1) || a.index - b.index)
    .map(({ rule }) => rule);
}

/**
 * The order a quota admits units in: its own `orderBy` exactly as written, or else the rule set's ranking
 * order, with the composite put first when that order does not start with it.
 *
 * @param rule - the rule with the quota
 * @param rankingOrder - the rule set's ranking order
 * @returns the sort keys
 */
export function quotaOrder(rule: Rule, rankingOrder: readonly SortKey[]): readonly SortKey[] {
  if (rule.quota?.orderBy) return rule.quota.orderBy;
  return rankingOrder[0]?.by === 'composite' ? rankingOrder : [{ by: 'composite', order: 'desc' }, ...rankingOrder];
}

function _admit(
  rule: Rule,
  ordered: StageCandidates,
  holding: ArrayLike<number>,
  sizes: ReadonlyMap<string, number>,
  rankingOrder: readonly SortKey[],
  scratch: DecisionScratch,
): _QuotaLedger {
  const quota = rule.quota;
  if (!quota) throw new Error(`internal: rule ${rule.id} has no quota`);
  const keys = quotaOrder(rule, rankingOrder);
  // the candidates by category, in the order categories first come, each category's in the order held (id order):
  // counted first, then put in one list at their category's offset
  const categories: string[] = [];
  const categoryIndex = new Map<string, number>();
  // each candidate's category; the same list then holds a category's order (see _rankOrder)
  const categoryOf = scratch.ints(_SLOT.order, holding.length);
  const counts: number[] = [];
  let last: string | undefined;
  let lastIndex = -1;
  for (let j = 0; j < holding.length; j++) {
    const category = ordered.categoryAt ? ordered.categoryAt(holding[j] as number) : ordered.factsAt(holding[j] as number).category;
    if (category !== last) {
      last = category;
      lastIndex = categoryIndex.get(category) ?? -1;
      if (lastIndex === -1) {
        lastIndex = categories.length;
        categoryIndex.set(category, lastIndex);
        categories.push(category);
        counts.push(0);
      }
    }
    categoryOf[j] = lastIndex;
    counts[lastIndex] = (counts[lastIndex] as number) + 1;
  }
  const starts = new Int32Array(categories.length + 1);
  for (let c = 0; c < categories.length; c++) starts[c + 1] = (starts[c] as number) + (counts[c] as number);
  const byCategory = scratch.ints(_SLOT.byCategory, holding.length);
  const filled = starts.slice(0, categories.length);
  for (let j = 0; j < holding.length; j++) byCategory[(filled[categoryOf[j] as number] as number)++] = holding[j] as number;

  const groups: _QuotaGroup[] = [];
  // a group per category: one byte a unit for up to 256 categories
  const groupOf = codesUpTo(ordered.length, Math.max(0, categories.length - 1));
  const positions = new Uint32Array(ordered.length);
  const decidedById = new Set<number>();
  for (let c = 0; c < categories.length; c++) {
    const category = categories[c] as string;
    const members = byCategory.subarray(starts[c] as number, starts[c + 1] as number);
    const factsAt = (member: number) => ordered.factsAt(members[member] as number);
    const valueAt = (member: number, by: string) => (ordered.valueAt ? ordered.valueAt(members[member] as number, by) : sortValue(factsAt(member), by));
    // members are in id order, so a stable sort leaves units tied on every key in id order
    const rankOf = ordered.rankAt ? (member: number) => (ordered.rankAt as (place: number) => number | null)(members[member] as number) : (member: number) => factsAt(member).rank;
    const byRank = quota.orderBy === undefined ? _rankOrder(members.length, rankOf, scratch) : undefined;
    const compare =
      byRank?.compare ??
      new SortColumns(
        { length: members.length, valueAt },
        (by) => (member) => valueAt(member, by),
      ).comparator(keys);
    const order: ArrayLike<number> = byRank?.order ?? Array.from({ length: members.length }, (_, member) => member).sort(compare);
    const groupSize = sizes.get(category) ?? members.length;
    const places = quotaPlaces(quota, groupSize);
    const lastIn = places >= 1 && places <= order.length ? (order[places - 1] as number) : undefined;
    const firstOut = places < order.length ? (order[places] as number) : undefined;
    const tiedAtCut = lastIn !== undefined && firstOut !== undefined && compare(lastIn, firstOut) === 0;
    const firstKey = keys[0]?.by ?? 'composite';
    // frozen: the traces of every unit of the group read this one
    const cutoff = lastIn === undefined ? null : Object.freeze({ unit: ordered.idAt(members[lastIn] as number), by: firstKey, value: valueAt(lastIn, firstKey) });
    const group = groups.length;
    groups.push({ category, groupSize, places, candidates: order.length, cutoff });
    // each candidate's position (from 0), the candidates in id order: as counted by rank, or from the sorted order
    const positionOf = byRank?.positionOf ?? _positionsIn(order);
    for (let member = 0; member < members.length; member++) {
      const i = members[member] as number;
      groupOf[i] = group;
      positions[i] = (positionOf[member] as number) + 1;
      if (tiedAtCut && compare(lastIn, member) === 0) decidedById.add(i);
    }
  }
  return { groups, groupOf, positions, decidedById };
}

/** Each place's position in an order of places (from 0). */
function _positionsIn(order: ArrayLike<number>): Int32Array {
  const positionOf = new Int32Array(order.length);
  for (let position = 0; position < order.length; position++) positionOf[order[position] as number] = position;
  return positionOf;
}

/**
 * A quota's order of its candidates in a category when it is the rule set's ranking order: the order of their
 * ranks. A unit's rank in its category is its competition rank by composite and then the ranking's keys, the keys
 * a quota without its own `orderBy` sorts by (see {@link quotaOrder}), and none of them changes from stage to
 * stage: units rank apart exactly when the quota's comparison tells them apart. Ranks are whole numbers no larger
 * than the category, so the order is counted rather than sorted: how many candidates rank before each rank, then
 * each candidate's position, the candidates in id order, so that those of the same rank stay in it. No list is
 * read or written out of order but the order itself (a sort of a million units' ranks, and the positions written
 * in the sorted order, took more than twice as long per unit as at 100,000, their lists too large for the caches).
 * Undefined when a candidate has no rank (no composite).
 *
 * @param count - how many candidates the category has
 * @param rankAt - a candidate's rank, by its place among the category's candidates
 * @param scratch - where the order is made and the ranks kept
 * @returns the places in the quota's order, each place's position in it (from 0), and the comparison of two places
 */
function _rankOrder(count: number, rankAt: (member: number) => number | null, scratch: DecisionScratch): { order: Int32Array; positionOf: Int32Array; compare: (a: number, b: number) => number } | undefined {
  // the ranks, for comparing two candidates without reading their facts again (at a tie at the cut, every
  // candidate of the category is compared with the last one admitted)
  const ranks = scratch.ints(_SLOT.ranks, count);
  let highest = 0;
  for (let k = 0; k < count; k++) {
    const rank = rankAt(k);
    if (rank === null || rank === undefined || rank < 0) return undefined;
    ranks[k] = rank;
    if (rank > highest) highest = rank;
  }
  // before[r]: how many candidates rank before r
  const before = scratch.ints(_SLOT.before, highest + 2).fill(0);
  for (let k = 0; k < count; k++) (before[(ranks[k] as number) + 1] as number)++;
  for (let r = 1; r <= highest + 1; r++) before[r] = (before[r] as number) + (before[r - 1] as number);
  const positionOf = scratch.ints(_SLOT.positions, count);
  const order = scratch.ints(_SLOT.order, count);
  for (let k = 0; k < count; k++) {
    const position = (before[ranks[k] as number] as number)++;
    positionOf[k] = position;
    order[position] = k;
  }
  return { order, positionOf, compare: (a, b) => (ranks[a] as number) - (ranks[b] as number) };
}

/**
 * The lists of {@link DecisionScratch} a stage's decision uses, each for one thing at a time: a category's
 * candidates by category are gathered in `order` before the category's order is made there.
 */
const _SLOT = { pending: 0, holding: 1, byCategory: 2, order: 3, ranks: 5, before: 6, positions: 7 } as const;

/**
 * Lists of numbers a stage's decision works in, made once and used again by every stage of an appraisal: a
 * million units' lists made anew for each stage were tens of megabytes outside the heap, which V8 counts towards
 * starting a full collection, and lists of numbers grown a push at a time took twice as long per unit at a million
 * units as at a hundred thousand. A list given out holds whatever it held last: it is written before it is read.
 */
export class DecisionScratch {
  /** The slot of the list of a stage's units, which the stage's caller fills (see {@link _SLOT}). */
  static readonly STAGE_UNITS = 4;

  readonly #ints: Int32Array[] = [];

  /**
   * The whole-number list at a slot, `length` long; the list given out at the slot before is overwritten.
   *
   * @param slot - which list (see {@link _SLOT})
   * @param length - how long
   */
  ints(slot: number, length: number): Int32Array {
    let list = this.#ints[slot];
    if (list === undefined || list.length < length) this.#ints[slot] = list = new Int32Array(length);
    return list.subarray(0, length);
  }
}
