import type { ConditionTrace } from '../engine/evaluateStage.js';
import { orderRules, quotaOrder, type QuotaTrace } from '../quotas/decideStage.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { _alwaysHolds } from '../schema/lintRuleSet.js';
import { changeOf } from '../scoring/score.js';
import type { RuleTrace, StageTrace } from './types.js';

const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** A condition a unit did not meet, and by how much. */
export interface ConditionGap {
  readonly fact: string;
  readonly path?: string;
  readonly operator: string;
  /** What the condition compares with: a value, or another fact (`{ "fact": "priorComposite" }`). */
  readonly value: unknown;
  /** Where `value` names another fact: what that fact held for the unit (null where it held nothing). */
  readonly compared?: unknown;
  /** The unit's value. */
  readonly seen: unknown;
  /**
   * For decimal comparisons: value − seen, exactly. Positive means the unit's value must rise by this much
   * (by more than this for a strict comparison), negative that it must fall. Null when the condition is not
   * a matter of degree (a category, a flag).
   */
  readonly gap: string | null;
  /** True when the condition sits under a `not`: it held, and must not. */
  readonly negated: boolean;
  /** For the closest of several alternatives (`any`): how many alternatives there were. */
  readonly alternatives?: number;
}

/** What a unit lacked for the next better grade. */
export interface Shortfall {
  /** The next better grade. */
  readonly grade: string;
  readonly stage: string;
  /** The rule that gives it, which the unit missed. */
  readonly rule: string;
  readonly reason: string;
  /** Conditions that did not hold; of alternatives, the closest one. Empty when only the quota stood in the way. */
  readonly failed: readonly ConditionGap[];
  /** When the conditions held but the quota was full: the unit's place, and how far behind the last admitted it was. */
  readonly quota: (QuotaTrace & { readonly behind: string | null }) | null;
}

/**
 * A rule's conditions evaluated for a unit in full, as the stage saw the unit: every condition, whatever its
 * priority (json-rules-engine leaves conditions of a lower priority unevaluated once a higher one has decided, and
 * the stage's trace shows them so). Null where the stage did not look at the unit.
 */
export type FullConditions = (stage: string, rule: string) => ConditionTrace | null;

/**
 * Works out what a graded unit lacked for the grade just above its own (for a graded unit no rule gave a grade,
 * the lowest grade): which rule gives that grade, which of its conditions failed and by how much, or, when they
 * held, where the quota cut it off.
 *
 * @param ruleSet - the rule set (its grades, best first)
 * @param grade - the unit's grade, null where no rule gave it one
 * @param stages - the unit's stage traces
 * @param ownValue - the unit's own value on a sort key (`composite`, `indicators.duties`, …)
 * @param full - a rule's conditions evaluated for the unit in full, where the caller can evaluate them: a condition
 *   the trace left unevaluated may have failed too, and a rule a first-match stage never came to may have held
 * @returns the shortfall, or null for a unit with the best grade, or no such rule tried
 */
export function shortfallOf(
  ruleSet: RuleSet,
  grade: string | null,
  stages: readonly StageTrace[],
  ownValue: (by: string) => string | null,
  full: FullConditions = () => null,
): Shortfall | null {
  const index = grade === null ? ruleSet.grades.length : ruleSet.grades.findIndex((entry) => entry.id === grade);
  const better = index > 0 ? ruleSet.grades[index - 1]?.id : undefined;
  if (better === undefined) return null;
  const candidates = _fromDecidingStage(stages).flatMap((stage) =>
    stage.missed.filter((trace) => trace.event.type === 'grade' && trace.event.value === better).map((trace) => ({ stage: stage.stage, trace, failed: _failures(trace, full(stage.stage, trace.rule)) })),
  );
  const closest = candidates.sort((a, b) => a.failed.length - b.failed.length || _distance(a.failed) - _distance(b.failed))[0];
  if (!closest) return grade === null ? null : _caughtBefore(ruleSet, grade, better, stages, full);
  const quota = closest.trace.outcome === 'over-quota' && closest.trace.quota ? closest.trace.quota : null;
  return {
    grade: better,
    stage: closest.stage,
    rule: closest.trace.rule,
    reason: closest.trace.reason,
    // a gap on a decimal fact has the rule set's places; one on a count (a rank, a category's size) is whole
    failed: closest.failed.map((failure) => (failure.gap === null || _counts(failure) ? failure : { ...failure, gap: changeOf(failure.gap, '0', ruleSet.precision.decimals) })),
    quota: quota && { ...quota, behind: _behind(quota, ownValue, ruleSet.precision.decimals, _firstKeyAscends(ruleSet, closest.stage, closest.trace.rule)) },
  };
}

/**
 * The grades better than the next better one whose rule's conditions the unit met, but whose quota was full:
 * what a unit cut off there contests first, though a grade it came nearer lies between (a street tied with the last
 * admitted to 综合优秀 and put after it by its code, yet short of 单项优秀 by 0.08). Best grade first; for a graded
 * unit without a grade, every grade cut off so.
 *
 * @param ruleSet - as for {@link shortfallOf}
 * @param grade - as for {@link shortfallOf}
 * @param stages - as for {@link shortfallOf}
 * @param ownValue - as for {@link shortfallOf}
 * @returns each such grade as a shortfall of no failed condition, with the quota's cut
 */
export function quotaCutsAbove(ruleSet: RuleSet, grade: string | null, stages: readonly StageTrace[], ownValue: (by: string) => string | null): Shortfall[] {
  const own = grade === null ? ruleSet.grades.length + 1 : ruleSet.grades.findIndex((entry) => entry.id === grade);
  const cuts: { rank: number; shortfall: Shortfall }[] = [];
  for (const stage of _fromDecidingStage(stages)) {
    for (const trace of stage.missed) {
      const rank = ruleSet.grades.findIndex((entry) => entry.id === trace.event.value);
      if (trace.event.type !== 'grade' || trace.outcome !== 'over-quota' || !trace.quota || rank < 0 || rank >= own - 1) continue;
      if (cuts.some((cut) => cut.rank === rank)) continue;
      const behind = _behind(trace.quota, ownValue, ruleSet.precision.decimals, _firstKeyAscends(ruleSet, stage.stage, trace.rule));
      cuts.push({ rank, shortfall: { grade: trace.event.value, stage: stage.stage, rule: trace.rule, reason: trace.reason, failed: [], quota: { ...trace.quota, behind } } });
    }
  }
  return cuts.sort((a, b) => a.rank - b.rank).map((cut) => cut.shortfall);
}

/**
 * What a unit lacked for a grade that a rule always gives, when a rule before it in a first-match stage gave the
 * unit its grade (a year's 一般 for a composite below 85, before 良好 for the rest): that the earlier rule should
 * not hold, nor any rule between the two that holds for the unit too (一般 for a serious incident, then 一般 below
 * 85: a unit with both must be rid of both). Null where no such rule is there to say so.
 */
function _caughtBefore(ruleSet: RuleSet, grade: string, better: string, stages: readonly StageTrace[], full: FullConditions): Shortfall | null {
  // the stage that gave the unit the grade it has: the last to give it one (a later stage may have changed the
  // grade an earlier one gave)
  const trace = [...stages].reverse().find((entry) => entry.applied.some((applied) => applied.event.type === 'grade'));
  const decided = trace === undefined ? undefined : [...trace.applied].reverse().find((entry) => entry.event.type === 'grade');
  const stage = ruleSet.stages.find((entry) => entry.id === trace?.stage);
  if (stage?.mode !== 'first-match' || decided === undefined || decided.event.value !== grade) return null;
  // a rule that always holds and has no quota, after the one that decided: it gives the grade to every unit
  // the earlier rule does not catch
  const rule = stage.rules.find((entry) => entry.event.type === 'grade' && entry.event.params.grade === better && !entry.quota && _alwaysHolds(entry.conditions));
  if (rule === undefined) return null;
  // the rules the stage would come to, once the one that decided no longer held, before the one that gives the
  // better grade: each that holds for the unit would catch it in its turn
  const order = orderRules(stage.rules);
  const between = order.slice(order.findIndex((entry) => entry.id === decided.rule) + 1, order.indexOf(rule));
  const failed = [decided.conditions, ...between.map((entry) => full(stage.id, entry.id))].flatMap((conditions, k) => {
    const evaluated = k === 0 ? (full(stage.id, decided.rule) ?? conditions) : conditions;
    return evaluated?.result === true ? (_failed(evaluated, true) ?? []) : [];
  });
  return { grade: better, stage: stage.id, rule: rule.id, reason: rule.reason, failed, quota: null };
}

/**
 * The stage that set a unit's grade, and those after it: what a rule of an earlier stage would have given, the
 * stage that set the grade would have changed all the same. Every stage, where none set it.
 */
function _fromDecidingStage(stages: readonly StageTrace[]): readonly StageTrace[] {
  const last = stages.reduce((found, stage, s) => (stage.applied.some((trace) => trace.event.type === 'grade') ? s : found), -1);
  return last < 0 ? stages : stages.slice(last);
}

/** Whether a condition reads a whole number: a rank, on the composite or an indicator, or a category's size. */
function _counts(failure: ConditionGap): boolean {
  return failure.fact === 'rank' || failure.fact === 'groupSize' || (failure.fact === 'indicators' && failure.path !== undefined && /\.rank$/.test(failure.path));
}

function _failures(trace: RuleTrace, full: ConditionTrace | null): ConditionGap[] {
  return trace.outcome === 'failed' ? (_failed(full ?? trace.conditions, false) ?? []) : [];
}

/** The leaves that kept a condition from holding, or null when it held (or was not evaluated). */
function _failed(node: ConditionTrace, negated: boolean): ConditionGap[] | null {
  if (node.result !== false && !negated) return null;
  if (negated && node.result !== true) return null;
  // every child must change where all must hold, or, under a not, where any held (not any = all not); one
  // suffices, the closest, where any must hold, or, under a not, where all held (not all = any not)
  if ('all' in node || 'any' in node) {
    const children = 'all' in node ? node.all : node.any;
    if (('all' in node) !== negated) return children.flatMap((child) => _failed(child, negated) ?? []);
    const options = children.map((child) => _failed(child, negated)).filter((option): option is ConditionGap[] => option !== null && option.length > 0);
    const best = options.sort((a, b) => a.length - b.length || _distance(a) - _distance(b))[0];
    if (!best) return [];
    return options.length > 1 && best.length === 1 && best[0] ? [{ ...best[0], alternatives: options.length }] : best;
  }
  if ('not' in node) return _failed(node.not, !negated);
  return [
    {
      fact: node.fact,
      ...(node.path === undefined ? {} : { path: node.path }),
      operator: node.operator,
      value: node.value,
      ...('compared' in node ? { compared: node.compared } : {}),
      seen: node.seen,
      gap: negated ? null : _gap(node.operator, 'compared' in node ? node.compared : node.value, node.seen),
      negated,
    },
  ];
}

function _gap(operator: string, value: unknown, seen: unknown): string | null {
  if (!/^decimal(Equal|GreaterThan|GreaterThanInclusive|LessThan|LessThanInclusive)$/.test(operator)) return null;
  const numeric = (x: unknown) => (typeof x === 'string' && DECIMAL.test(x)) || (typeof x === 'number' && Number.isSafeInteger(x));
  if (!numeric(value) || !numeric(seen)) return null;
  return changeOf(String(value), String(seen), 0);
}

/** How far off a set of failures is, for choosing the closest: the sum of absolute gaps; unknown gaps count as far. */
function _distance(failures: readonly ConditionGap[]): number {
  // only used to rank alternatives against each other; the gaps reported stay exact decimals
  return failures.reduce((sum, failure) => sum + (failure.gap === null ? Number.MAX_SAFE_INTEGER / 1e6 : Math.abs(Number(failure.gap))), 0);
}

/**
 * How far the unit is behind the last admitted unit on the quota's first key: by how much its value is lower, or,
 * where the key orders the lowest first, higher.
 */
function _behind(quota: QuotaTrace, ownValue: (by: string) => string | null, decimals: number, ascending: boolean): string | null {
  const own = ownValue(quota.cutoff?.by ?? 'composite');
  if (quota.cutoff?.value == null || own === null) return null;
  return ascending ? changeOf(own, quota.cutoff.value, decimals) : changeOf(quota.cutoff.value, own, decimals);
}

/** Whether a rule's quota orders its first key lowest first. */
function _firstKeyAscends(ruleSet: RuleSet, stage: string, rule: string): boolean {
  const found = ruleSet.stages.find((entry) => entry.id === stage)?.rules.find((entry) => entry.id === rule);
  return found !== undefined && quotaOrder(found, ruleSet.ranking.orderBy)[0]?.order === 'asc';
}
