import type { ConditionTrace } from '../engine/evaluateStage.js';
import type { QuotaTrace } from '../quotas/decideStage.js';
import type { Status } from '../schema/primitives.js';
import type { Shortfall } from './shortfall.js';

/** A rule's part in one unit's outcome. */
export interface RuleTrace {
  readonly rule: string;
  /** The rule's reason, as the rule set words it. */
  readonly reason: string;
  /** What the rule gives: a status, grade, mention or flag. */
  readonly event: { readonly type: 'status' | 'grade' | 'mention' | 'flag'; readonly value: string };
  /** applied, failed (conditions did not hold) or over-quota (they held, the quota was full). */
  readonly outcome: 'applied' | 'failed' | 'over-quota';
  /** Each condition with the value it saw. */
  readonly conditions: ConditionTrace;
  readonly quota?: QuotaTrace;
}

/** How one stage treated one unit. A unit outside a stage's `appliesTo` has `skipped: true`. */
export interface StageTrace {
  readonly stage: string;
  readonly label: string;
  readonly mode: 'first-match' | 'all-match';
  readonly skipped: boolean;
  /** Rules whose outcome the unit received (at most one in a first-match stage). */
  readonly applied: readonly RuleTrace[];
  /** Rules tried before the deciding one (first-match) or not applied (all-match), with why. */
  readonly missed: readonly RuleTrace[];
}

/** A unit's result on one indicator. */
export interface IndicatorOutcome {
  readonly id: string;
  readonly label: string;
  /** The score, or null when the unit has none. */
  readonly score: string | null;
  readonly points: string;
  /** Whether it adds to the composite. */
  readonly counts: boolean;
  /** Rank within the category on this indicator. */
  readonly rank: number | null;
  /** Each evaluation subject's part, where the data gave the scores per subject; an empty list otherwise. */
  readonly bySubject: readonly { readonly subject: string; readonly score: string }[];
}

/** Everything the appraisal says about one unit. */
export interface UnitOutcome {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly trackGroup: string | null;
  readonly status: Status;
  /** The grade, for graded units; null otherwise (and for a graded unit no rule gave a grade). */
  readonly grade: string | null;
  readonly mentions: readonly string[];
  readonly flags: readonly string[];
  /** Why the unit has its status and grade, in the rule set's words. */
  readonly reason: string;
  readonly composite: string | null;
  readonly rank: number | null;
  readonly groupSize: number;
  readonly percentile: string | null;
  readonly indicators: readonly IndicatorOutcome[];
  readonly bonus: string | null;
  readonly deduction: string | null;
  readonly adjustments: readonly { readonly item: string; readonly points: string; readonly applied: string; readonly reasons: readonly string[] }[];
  readonly prior: { readonly composite: string | null; readonly grade: string | null } | null;
  readonly change: string | null;
  readonly dataFlags: readonly string[];
  readonly counterpart: string | null;
  /** Established staff, when the dataset gives it. */
  readonly staff: number | null;
  /** Stage by stage: which rule decided, each condition with the value it saw, and what was missed. */
  readonly stages: readonly StageTrace[];
  /**
   * For a graded unit short of a better grade: the next better grade (for a graded unit no rule gave a grade, the
   * lowest), and what it lacked, exactly.
   */
  readonly shortfall: Shortfall | null;
}

/** A district-wide survey figure and its change. */
export interface SurveyOutcome {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly prior: string | null;
  readonly change: string | null;
  readonly unit: string | null;
  readonly note: string | null;
}

/** The result of an appraisal: every unit of the dataset exactly once, ordered by id. */
export interface AppraisalResult {
  readonly ruleSet: { readonly id: string; readonly year: number; readonly title: string };
  readonly units: readonly UnitOutcome[];
  readonly surveys: readonly SurveyOutcome[];
}

/**
 * An outcome's plain fields, in the order its own are listed: everything but its indicators, adjustments and
 * explanation. What a table, a count or a summary of many units reads, made without the outcome.
 */
export type UnitRow = Omit<UnitOutcome, 'indicators' | 'adjustments' | 'stages' | 'shortfall'>;

/**
 * An appraisal whose outcomes are made as they are asked for, from `appraiseOnDemand`: for a large
 * population, whose outcomes (a few hundred bytes each, without their explanation) need not all be in memory at
 * once. Places run from 0 to `size` - 1, in id order, the order of {@link AppraisalResult.units}; each outcome is
 * made anew at each call and is, property for property, the one `appraise` gives for that place. Iterating
 * it gives the outcomes in order. `JSON.stringify` writes it as it writes the whole result; the writers
 * (`jsonChunks`, `csvChunks`) take it as they take a result, and make each outcome (for CSV, its row)
 * only as they write it.
 */
export interface Appraisal extends Iterable<UnitOutcome> {
  readonly ruleSet: AppraisalResult['ruleSet'];
  readonly surveys: readonly SurveyOutcome[];
  /** How many units the appraisal holds. */
  readonly size: number;
  /**
   * The outcome of the unit at a place, made anew at each call.
   *
   * @throws RangeError when `index` is not a whole number from 0 to `size` - 1
   */
  outcome(index: number): UnitOutcome;
  /**
   * The plain fields of the unit at a place, made without its outcome: a fifth of the cost of one.
   *
   * @throws RangeError when `index` is not a whole number from 0 to `size` - 1
   */
  row(index: number): UnitRow;
  /** The result `appraise` gives, every outcome made. */
  result(): AppraisalResult;
  /** What `JSON.stringify` writes of it: its result (write a large one with `jsonChunks`, an outcome at a time). */
  toJSON(): AppraisalResult;
}
