import { Engine, type Operator } from 'json-rules-engine';
import type { UnitFacts } from '../facts/deriveFacts.js';
import type { Condition } from '../schema/conditions.js';
import type { Stage } from '../schema/ruleSet.js';
import type { ConditionTrace } from './evaluateStage.js';
import { compareExact } from '../scoring/decimal.js';
import { _toDecimal, decimalOperators, decimalPredicateOf, pathKeys, resolveKeys } from './operators.js';
import { _hundredths } from '../texts.js';
import { BytesByNumber } from '../numbered.js';

/** A rule's conditions compiled into closures: a fast yes/no, and the same evaluation with its trace. */
export interface CompiledRule {
  readonly id: string;
  /** Every fact the rule's conditions read, compared facts included, each once. */
  readonly facts: readonly string[];
  /**
   * Whether the conditions hold, evaluated as json-rules-engine would, without building a trace.
   *
   * @param facts - the unit's facts
   * @param unit - the unit's number in the {@link IndicatorScores} the rule was compiled with, if any: its
   *   indicators' scores and points are then read from them, and its `indicators` fact is not read
   */
  holds(facts: UnitFacts, unit?: number): boolean;
  /**
   * {@link CompiledRule.holds} for many units at once, condition by condition: each condition is evaluated for
   * all the units that come to it, in one loop (where the same closures are called for every unit, which V8 can
   * then inline), and a unit comes to a condition exactly when json-rules-engine would evaluate it for that unit.
   *
   * @param facts - every unit's facts, by the unit's number
   * @param units - the numbers of the units to evaluate, from the first
   * @param count - how many of them
   * @param into - where each unit's answer goes, by its place in `units`: 1 where the conditions hold, else 0
   * @param numbers - the units' scores and composites as numbers of hundredths, where the caller has them:
   *   comparisons with a constant then answer from the number, once per value, without reading the text. Given
   *   for the call only: a compiled rule keeps nothing of it
   */
  column(facts: FactsSource, units: Int32Array, count: number, into: Uint8Array, numbers?: ScoreNumbers): void;
  /** The same evaluation, with every condition, the value it saw, and its result (null where not evaluated). */
  trace(facts: UnitFacts): ConditionTrace;
}

/**
 * Units' facts by their numbers, for {@link CompiledRule.column}: a fact read without a path is read from the
 * source's column where it has one, and a unit's facts are made whole only for what reads them so.
 */
export interface FactsSource {
  /** The unit's facts whole. */
  at(unit: number): UnitFacts;
  /** A reader of a fact by the unit's number that does not make the unit's facts, where the source has one. */
  reader(fact: string): ((unit: number) => unknown) | undefined;
}

/**
 * A list of units' facts as a {@link FactsSource}, each unit's the entry at its number.
 *
 * @param facts - every unit's facts, by the unit's number
 */
export function factsList(facts: readonly UnitFacts[]): FactsSource {
  return { at: (unit) => facts[unit] as UnitFacts, reader: () => undefined };
}

/**
 * Where compiled rules read units' indicator scores when their indicator facts are not made yet (see
 * `deriveFacts`): what a unit's `indicators` fact gives at `$.<id>.score` and `$.<id>.points`.
 */
export interface IndicatorScores {
  /** The rule set's indicators, in its order. */
  readonly indicators: readonly { readonly id: string; readonly points: string }[];
  /** The score of a unit (by the number the caller gives it) on the indicator at index k, null when it has none. */
  scoreAt(unit: number, k: number): string | null;
}

/**
 * Units' scores and composites as numbers of hundredths, each from 0 to 99,999 where known (the value of the text
 * {@link IndicatorScores.scoreAt} gives, or of the unit's `composite` fact), negative where not.
 */
export interface ScoreNumbers {
  /** Per unit, by the number the caller gives it, its row in the lists below. */
  readonly rows: Int32Array;
  /** Per row, then per indicator in the rule set's order: the score. */
  readonly scores: Int32Array;
  /** How many indicators: a row's scores are `scores[row * width]` to `scores[row * width + width - 1]`. */
  readonly width: number;
  /** Per row: the composite. */
  readonly composites: Int32Array;
}

/**
 * Compiles a stage's rules into synchronous closures that give exactly what json-rules-engine's `run` gives —
 * the same operators (taken from a json-rules-engine `Engine` loaded with kaoping's decimal operators), the
 * same path resolution, the same evaluation order by condition priority, the same short-circuits — without
 * its promises, fact almanac or deep copies. json-rules-engine's own engine stays available as the reference
 * (`createStageEngine`), and a differential test holds the two to the same results and traces.
 *
 * @param stage - the stage
 * @param scores - where {@link CompiledRule.holds} reads indicator scores, for units it is given the number of
 * @returns one compiled rule per rule of the stage, in file order
 */
export function compileStage(stage: Stage, scores?: IndicatorScores): CompiledRule[] {
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const operator of decimalOperators) engine.addOperator(operator);
  const operators = (engine as unknown as { operators: { get(name: string): Operator | undefined } }).operators;
  return stage.rules.map((rule) => {
    const root = _compile(rule.conditions, operators, scores);
    return {
      id: rule.id,
      facts: [...new Set(_factsOf(rule.conditions))],
      holds: (facts, unit) => root.holds(facts as unknown as Facts, unit),
      column: (facts, units, count, into, numbers) => root.column(facts, units, count, into, numbers),
      // json-rules-engine records no result on the top-level all/any/not itself: it is the rule's
      trace: (facts) => {
        const node = root.trace(facts as unknown as Facts);
        return { ...node, result: root.holds(facts as unknown as Facts) };
      },
    };
  });
}

type Facts = Readonly<Record<string, unknown>>;

/** The facts a condition reads, the facts its values refer to included. */
function _factsOf(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(_factsOf);
  if ('any' in condition) return condition.any.flatMap(_factsOf);
  if ('not' in condition) return _factsOf(condition.not);
  const value = condition.value;
  const other = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { fact: string }).fact : undefined;
  return other === undefined ? [condition.fact] : [condition.fact, other];
}

interface _Node {
  readonly priority: number;
  /** See {@link CompiledRule.holds}. */
  holds(facts: Facts, unit?: number): boolean;
  /** See {@link CompiledRule.column}. */
  column(facts: FactsSource, units: Int32Array, count: number, into: Uint8Array, numbers: ScoreNumbers | undefined): void;
  trace(facts: Facts): ConditionTrace;
  /** The trace of a condition json-rules-engine skipped. */
  skipped(): ConditionTrace;
}

function _compile(condition: Condition, operators: { get(name: string): Operator | undefined }, scores: IndicatorScores | undefined): _Node {
  if ('all' in condition || 'any' in condition) {
    const kind = 'all' in condition ? 'all' : 'any';
    const children = ('all' in condition ? condition.all : condition.any).map((child) => _compile(child, operators, scores));
    const groups = _byPriority(children);
    const priority = Number.parseInt(String(condition.priority), 10) || 1;
    const holds = (facts: Facts, unit?: number): boolean => {
      if (children.length === 0) return true;
      if (children.length === 1) return (children[0] as _Node).holds(facts, unit);
      // indexed loops: this runs for every unit and rule, and a loop over an iterator costs an object per step
      // until V8 optimizes it
      for (let g = 0; g < groups.length; g++) {
        const group = groups[g] as _Node[];
        // within a group json-rules-engine evaluates every condition; between groups it stops when the outcome is settled
        let all = true;
        let some = false;
        for (let c = 0; c < group.length; c++) {
          const result = (group[c] as _Node).holds(facts, unit);
          all &&= result;
          some ||= result;
        }
        if (kind === 'all' && !all) return false;
        if (kind === 'any' && some) return true;
      }
      return kind === 'all';
    };
    const trace = (facts: Facts): ConditionTrace => {
      const traces = new Map<_Node, ConditionTrace>();
      let settled = false;
      if (children.length === 1) traces.set(children[0] as _Node, (children[0] as _Node).trace(facts));
      else {
        for (const group of groups) {
          if (settled) break;
          let all = true;
          let some = false;
          for (const child of group) {
            const childTrace = child.trace(facts);
            traces.set(child, childTrace);
            all &&= childTrace.result === true;
            some ||= childTrace.result === true;
          }
          settled = kind === 'all' ? !all : some;
        }
      }
      const list = children.map((child) => traces.get(child) ?? child.skipped());
      return kind === 'all' ? { all: list, result: holds(facts) } : { any: list, result: holds(facts) };
    };
    const skipped = (): ConditionTrace => {
      const list = children.map((child) => child.skipped());
      return kind === 'all' ? { all: list, result: null } : { any: list, result: null };
    };
    const column = (facts: FactsSource, units: Int32Array, count: number, into: Uint8Array, numbers: ScoreNumbers | undefined): void => {
      if (children.length === 0) into.fill(1, 0, count);
      else if (children.length === 1) (children[0] as _Node).column(facts, units, count, into, numbers);
      else _groupsColumn(kind, groups, facts, units, count, into, numbers);
    };
    return { priority, holds, column, trace, skipped };
  }
  if ('not' in condition) {
    const child = _compile(condition.not, operators, scores);
    const priority = Number.parseInt(String(condition.priority), 10) || 1;
    return {
      priority,
      holds: (facts, unit) => !child.holds(facts, unit),
      column: (facts, units, count, into, numbers) => {
        child.column(facts, units, count, into, numbers);
        for (let t = 0; t < count; t++) into[t] = into[t] === 1 ? 0 : 1;
      },
      trace: (facts) => {
        const inner = child.trace(facts);
        return { not: inner, result: inner.result === null ? null : !inner.result };
      },
      skipped: () => ({ not: child.skipped(), result: null }),
    };
  }
  const operator = operators.get(condition.operator);
  if (!operator) throw new Error(`internal: no operator ${condition.operator}`);
  const { fact, path, value } = condition;
  const refersToFact = value !== null && typeof value === 'object' && !Array.isArray(value);
  const readFact = _reader(fact, path, scores);
  const other = refersToFact ? { fact: value.fact, path: value.path } : undefined;
  const readOther = other ? _reader(other.fact, other.path, scores) : undefined;
  const compared = (facts: Facts, unit?: number): unknown => (readOther ? readOther(facts, unit) : value);
  // kaoping's own decimal operators against a constant: the constant is checked once, here, and each evaluation
  // does what the operator's evaluate does with it (json-rules-engine's validator, then the comparison)
  const predicate = refersToFact ? undefined : decimalPredicateOf(operator);
  const constant = predicate === undefined ? null : _toDecimal(value);
  const comparison = predicate !== undefined && constant !== null ? new _AgainstConstant(predicate, constant) : undefined;
  const evaluate =
    comparison !== undefined
      ? comparison.evaluate
      : (factValue: unknown, jsonValue: unknown): boolean => (operator as unknown as { evaluate(a: unknown, b: unknown): boolean }).evaluate(factValue, jsonValue);
  // where the fact's value is at hand as a number of hundredths, a comparison with a constant reads that
  const numbered = comparison === undefined ? -2 : _numbered(fact, path, scores);
  const base = { fact, ...(typeof path === 'string' ? { path } : {}), operator: condition.operator };
  // each trace is given its own copy of a list or an object to compare with: an explanation changed by its reader
  // changes neither the next explanation nor what the rule compares
  // (a rule set's values are scalars, lists of scalars or a { fact, path } naming another fact: a shallow copy is one)
  const valueOf = Array.isArray(value) ? (): unknown => value.slice() : value !== null && typeof value === 'object' ? (): unknown => ({ ...value }) : (): unknown => value;
  return {
    priority: condition.priority === undefined ? 1 : Number.parseInt(String(condition.priority), 10) || 1,
    holds: (facts, unit) => evaluate(readFact(facts, unit), compared(facts, unit)),
    column: (facts, units, count, into, numbers) => {
      const read = _columnReader(fact, path, scores, readFact, facts);
      if (comparison === undefined || numbered === -2 || numbers === undefined) {
        if (other && readOther) {
          const readCompared = _columnReader(other.fact, other.path, scores, readOther, facts);
          for (let t = 0; t < count; t++) {
            const unit = units[t] as number;
            into[t] = evaluate(read(unit), readCompared(unit)) ? 1 : 0;
          }
          return;
        }
        // against a constant, the answer for the value the unit before had is the answer for the same value (the
        // operators are functions of the two values alone): units in a row with the same status, category or
        // shared text are answered without evaluating again
        let last: unknown = _NOTHING;
        let answer = 0;
        for (let t = 0; t < count; t++) {
          const unit = units[t] as number;
          const seen = read(unit);
          if (seen !== last) {
            last = seen;
            answer = evaluate(seen, value) ? 1 : 0;
          }
          into[t] = answer;
        }
        return;
      }
      // each unit's number read from the lists in the loop itself: no call per unit but where a value is met first
      const rows = numbers.rows;
      const list = numbered === -1 ? numbers.composites : numbers.scores;
      const width = numbered === -1 ? 1 : numbers.width;
      const offset = numbered === -1 ? 0 : numbered;
      const answers = comparison.answers();
      for (let t = 0; t < count; t++) {
        const unit = units[t] as number;
        const key = list[(rows[unit] as number) * width + offset] as number;
        let answer = key >= 0 && key < _KEYS ? answers.get(key) : 0;
        if (answer === 0) {
          // not answered for this value yet (or not a number of hundredths): compared as holds compares it, and
          // the answer kept for the value
          answer = comparison.evaluate(read(unit)) ? 1 : 2;
          if (key >= 0 && key < _KEYS) answers.set(key, answer);
        }
        into[t] = answer === 1 ? 1 : 0;
      }
    },
    trace: (facts) => {
      const seen = readFact(facts);
      const other = compared(facts);
      return { ...base, value: valueOf(), ...(refersToFact ? { compared: other ?? null } : {}), seen: seen ?? null, result: evaluate(seen, other) };
    },
    skipped: () => ({ ...base, value: valueOf(), ...(refersToFact ? { compared: null } : {}), seen: null, result: null }),
  };
}

/**
 * What reads a fact, at a path, from a unit's facts, or, for an indicator's score or points, from the scores for
 * a unit given by its number: the same value either way. Paths are split once, here, not at every evaluation.
 */
function _reader(name: string, at: string | undefined, scores: IndicatorScores | undefined): (facts: Facts, unit?: number) => unknown {
  const keys = at ? pathKeys(at) : undefined;
  // a fact without a path, read by a function of its own: each reads one property, where one function for all
  // reads whichever it is given, which V8 looks up anew each time
  const own = keys === undefined ? _OWN_READERS[name] : undefined;
  if (own !== undefined) return own;
  const fromFacts = (facts: Facts): unknown => {
    const factValue = facts[name];
    // as json-rules-engine's almanac: a path applies to objects; other values are returned as they are
    return keys && factValue != null && typeof factValue === 'object' ? resolveKeys(factValue, keys) : factValue;
  };
  const field = keys?.length === 2 ? keys[1] : undefined;
  if (scores === undefined || name !== 'indicators' || (field !== 'score' && field !== 'points')) return fromFacts;
  // a unit's indicator facts have an entry of its own for each of the rule set's indicators, and nothing else
  const k = scores.indicators.findIndex((indicator) => indicator.id === (keys as string[])[0]);
  if (k === -1) return (facts, unit) => (unit === undefined ? fromFacts(facts) : undefined);
  if (field === 'points') {
    const points = (scores.indicators[k] as { points: string }).points;
    return (facts, unit) => (unit === undefined ? fromFacts(facts) : points);
  }
  return (facts, unit) => (unit === undefined ? fromFacts(facts) : scores.scoreAt(unit, k));
}

/**
 * What reads a fact, at a path, for {@link CompiledRule.column}, by the unit's number: a fact without a path from
 * the source's column where it has one, an indicator's score or points from the scores (as `read` does, given the
 * unit's number), anything else from the unit's facts made whole.
 */
function _columnReader(name: string, at: string | undefined, scores: IndicatorScores | undefined, read: (facts: Facts, unit?: number) => unknown, source: FactsSource): (unit: number) => unknown {
  if (!at) {
    const column = source.reader(name);
    if (column !== undefined) return column;
  } else if (scores !== undefined && name === 'indicators') {
    const keys = pathKeys(at);
    if (keys.length === 2 && (keys[1] === 'score' || keys[1] === 'points')) return (unit) => read(_NO_FACTS, unit);
  }
  return (unit) => read(source.at(unit) as unknown as Facts, unit);
}

/** What a reader that reads nothing of a unit's facts is given in their place. */
const _NO_FACTS: Facts = Object.freeze({});

/**
 * Where a fact is kept as a number of hundredths for each unit (see {@link ScoreNumbers}): -1 for a unit's
 * composite, k for its score on the indicator at k (with the scores the rule is compiled with), -2 for any other
 * fact.
 */
function _numbered(name: string, at: string | undefined, scores: IndicatorScores | undefined): number {
  if (name === 'composite' && at === undefined) return -1;
  if (scores === undefined || name !== 'indicators' || at === undefined) return -2;
  const keys = pathKeys(at);
  const k = keys.length === 2 && keys[1] === 'score' ? scores.indicators.findIndex((indicator) => indicator.id === keys[0]) : -1;
  return k === -1 ? -2 : k;
}

/** A reader for each of the facts that units have, by its name (a table with no prototype). */
const _OWN_READERS: Readonly<Record<string, (facts: Facts) => unknown>> = Object.assign(Object.create(null) as Record<string, (facts: Facts) => unknown>, {
  category: (facts: Facts) => facts['category'],
  trackGroup: (facts: Facts) => facts['trackGroup'],
  dataFlags: (facts: Facts) => facts['dataFlags'],
  status: (facts: Facts) => facts['status'],
  grade: (facts: Facts) => facts['grade'],
  mentions: (facts: Facts) => facts['mentions'],
  flags: (facts: Facts) => facts['flags'],
  composite: (facts: Facts) => facts['composite'],
  bonus: (facts: Facts) => facts['bonus'],
  deduction: (facts: Facts) => facts['deduction'],
  rank: (facts: Facts) => facts['rank'],
  groupSize: (facts: Facts) => facts['groupSize'],
  percentile: (facts: Facts) => facts['percentile'],
  indicators: (facts: Facts) => facts['indicators'],
  priorComposite: (facts: Facts) => facts['priorComposite'],
  priorGrade: (facts: Facts) => facts['priorGrade'],
  change: (facts: Facts) => facts['change'],
});

/** A value no fact has: what a block's first unit is compared with. */
const _NOTHING: unique symbol = Symbol('nothing');

/** How many values in hundredths a comparison with a constant keeps its answers for: 0.00 to 999.99. */
const _KEYS = 100_000;

/**
 * A decimal comparison of a fact's value with a constant. A value with two places from -999.99 to 999.99 (most
 * scores, composites and changes on last year) gives the same answer whenever it is met: the answer is kept, by
 * the value in hundredths (see _hundredths), and each later unit with that value reads it instead of comparing
 * digits again.
 */
class _AgainstConstant {
  /** per value in hundredths: 0 not compared yet, 1 holds, 2 does not */
  #answers: BytesByNumber | undefined;
  /** the same for values below zero, by the number of hundredths below zero */
  #below: BytesByNumber | undefined;
  readonly #predicate: (order: number) => boolean;
  readonly #constant: string;

  constructor(predicate: (order: number) => boolean, constant: string) {
    this.#predicate = predicate;
    this.#constant = constant;
  }

  /** The answers kept, by value in hundredths (made on first need: most comparisons never meet such a value). */
  answers(): BytesByNumber {
    return (this.#answers ??= new BytesByNumber());
  }

  readonly evaluate = (factValue: unknown): boolean => {
    if (typeof factValue === 'string') {
      const below = factValue.charCodeAt(0) === 0x2d;
      const key = _hundredths(factValue, below ? 1 : 0);
      // -0.00 is compared as it is
      if (key > 0 || (key === 0 && !below)) {
        const answers = below ? (this.#below ??= new BytesByNumber()) : this.answers();
        const known = answers.get(key);
        if (known !== 0) return known === 1;
        const holds = this.#predicate(compareExact(factValue, this.#constant));
        answers.set(key, holds ? 1 : 2);
        return holds;
      }
    }
    const left = _toDecimal(factValue);
    return left !== null && this.#predicate(compareExact(left, this.#constant));
  };
}

/**
 * An all or any of several conditions for many units, as its `holds` evaluates it for one: group by group
 * (highest priority first), every condition of a group for the units not settled yet; a unit is settled when a
 * group has a condition that fails (all) or holds (any). Units never settled hold for all, and fail for any.
 */
function _groupsColumn(kind: 'all' | 'any', groups: readonly (readonly _Node[])[], facts: FactsSource, units: Int32Array, count: number, into: Uint8Array, numbers: ScoreNumbers | undefined): void {
  into.fill(kind === 'all' ? 1 : 0, 0, count);
  // the units not settled, and each one's place in `into` (the function's own lists, narrowed in place)
  const open = units.slice(0, count);
  const at = new Int32Array(count);
  for (let t = 0; t < count; t++) at[t] = t;
  let left = count;
  const answer = new Uint8Array(count);
  const seen = new Uint8Array(count);
  for (let g = 0; g < groups.length && left > 0; g++) {
    const group = groups[g] as readonly _Node[];
    // all: whether every condition of the group holds; any: whether one does
    seen.fill(kind === 'all' ? 1 : 0, 0, left);
    for (let c = 0; c < group.length; c++) {
      (group[c] as _Node).column(facts, open, left, answer, numbers);
      if (kind === 'all') for (let t = 0; t < left; t++) seen[t] = (seen[t] as number) & (answer[t] as number);
      else for (let t = 0; t < left; t++) seen[t] = (seen[t] as number) | (answer[t] as number);
    }
    let kept = 0;
    for (let t = 0; t < left; t++) {
      const settled = kind === 'all' ? seen[t] === 0 : seen[t] === 1;
      if (settled) into[at[t] as number] = kind === 'all' ? 0 : 1;
      else {
        open[kept] = open[t] as number;
        at[kept++] = at[t] as number;
      }
    }
    left = kept;
  }
}

/** Children grouped by priority, highest first, as json-rules-engine's prioritizeConditions orders them. */
function _byPriority(children: readonly _Node[]): _Node[][] {
  const groups = new Map<number, _Node[]>();
  for (const child of children) {
    const group = groups.get(child.priority);
    if (group) group.push(child);
    else groups.set(child.priority, [child]);
  }
  return [...groups.entries()].sort((a, b) => (a[0] > b[0] ? -1 : 1)).map(([, group]) => group);
}
