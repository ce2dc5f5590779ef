import type { Dataset } from '../schema/dataset.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { Decimal, roundTo } from './decimal.js';

/** One bonus or deduction item of a unit, after its cap. */
export interface AdjustmentTotal {
  readonly item: string;
  readonly kind: 'bonus' | 'deduction';
  /** The entries' points added up, before the cap. */
  readonly raw: Decimal;
  /** What counts: `raw`, or the cap if lower. */
  readonly applied: Decimal;
  readonly entries: readonly { readonly points: Decimal; readonly reason: string }[];
}

/** A unit's scores: per indicator, adjustments, and the composite. */
export interface UnitScores {
  readonly unit: string;
  /** Indicator id → score (null when the unit has none); per-subject parts when given that way. */
  readonly indicators: ReadonlyMap<string, { readonly score: Decimal | null; readonly bySubject: readonly { subject: string; score: Decimal }[] }>;
  readonly adjustments: readonly AdjustmentTotal[];
  /** Capped bonus total, or null for an unscored unit. */
  readonly bonus: Decimal | null;
  /** Capped deduction total (positive), or null for an unscored unit. */
  readonly deduction: Decimal | null;
  /** Counted indicators' score × weight plus bonus minus deduction, rounded as the rule set says; null for unscored units. */
  readonly composite: Decimal | null;
}

/**
 * Computes every unit's indicator scores and composite, exactly.
 *
 * An indicator given per evaluation subject scores the sum of its parts. Indicators that do not count
 * are carried but add nothing. Each bonus or deduction item is capped per unit. The composite is rounded
 * once, at the end, to the rule set's decimals with its rounding mode.
 *
 * @param ruleSet - a checked rule set
 * @param dataset - a dataset checked against it
 * @returns scores per unit id, for every unit of the dataset
 */
export function scoreUnits(ruleSet: RuleSet, dataset: Dataset): Map<string, UnitScores> {
  const scoredCategories = new Set(ruleSet.categories.filter((category) => category.scored).map((category) => category.id));
  const parts = new Map<string, Map<string, { whole?: Decimal; bySubject: { subject: string; score: Decimal }[] }>>();
  for (const row of dataset.scores) {
    const byIndicator = parts.get(row.unit) ?? new Map();
    parts.set(row.unit, byIndicator);
    const entry = byIndicator.get(row.indicator) ?? { bySubject: [] };
    byIndicator.set(row.indicator, entry);
    if (row.subject === undefined) entry.whole = new Decimal(row.score);
    else entry.bySubject.push({ subject: row.subject, score: new Decimal(row.score) });
  }
  const entriesByUnit = new Map<string, Dataset['adjustments']>();
  for (const entry of dataset.adjustments) entriesByUnit.set(entry.unit, [...(entriesByUnit.get(entry.unit) ?? []), entry]);

  const result = new Map<string, UnitScores>();
  for (const unit of dataset.units) {
    const scored = scoredCategories.has(unit.category);
    const indicators = new Map<string, { score: Decimal | null; bySubject: { subject: string; score: Decimal }[] }>();
    let sum = new Decimal(0);
    for (const indicator of ruleSet.indicators) {
      const entry = parts.get(unit.id)?.get(indicator.id);
      const bySubject = [...(entry?.bySubject ?? [])].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
      const score = entry?.whole ?? (bySubject.length > 0 ? bySubject.reduce((acc, part) => acc.plus(part.score), new Decimal(0)) : null);
      indicators.set(indicator.id, { score, bySubject });
      if (indicator.counts && score !== null) sum = sum.plus(score.times(indicator.weight));
    }
    const adjustments = ruleSet.adjustments.flatMap((item): AdjustmentTotal[] => {
      // ordered by reason, then points, so the result never depends on the order of the input rows
      const entries = (entriesByUnit.get(unit.id) ?? [])
        .filter((entry) => entry.item === item.id)
        .sort((a, b) => (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : new Decimal(a.points).comparedTo(b.points)));
      if (entries.length === 0) return [];
      const raw = entries.reduce((acc, entry) => acc.plus(entry.points), new Decimal(0));
      const applied = item.cap === undefined ? raw : Decimal.min(raw, item.cap);
      return [{ item: item.id, kind: item.kind, raw, applied, entries: entries.map((entry) => ({ points: new Decimal(entry.points), reason: entry.reason })) }];
    });
    const total = (kind: 'bonus' | 'deduction') =>
      adjustments.filter((a) => a.kind === kind).reduce((acc, a) => acc.plus(a.applied), new Decimal(0));
    const bonus = scored ? total('bonus') : null;
    const deduction = scored ? total('deduction') : null;
    const composite =
      scored && bonus && deduction ? roundTo(sum.plus(bonus).minus(deduction), ruleSet.precision.decimals, ruleSet.precision.rounding) : null;
    result.set(unit.id, { unit: unit.id, indicators, adjustments, bonus, deduction, composite });
  }
  return result;
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
  return roundTo(new Decimal(groupSize - rank).times(100).dividedBy(groupSize - 1), 2, 'half-up').toFixed(2);
}

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
