import type { Dataset, Unit } from '../schema/dataset.js';
import type { Status } from '../schema/primitives.js';
import type { RuleSet, SortKey } from '../schema/ruleSet.js';
import { Decimal, difference, formatDecimal } from '../scoring/decimal.js';
import { percentileOf, type UnitScores } from '../scoring/score.js';
import { compareByKeys, compareIds } from './order.js';

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
  dataFlags: string[];
  status: Status;
  grade: string | null;
  mentions: string[];
  flags: string[];
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
 * @param ruleSet - a checked rule set
 * @param dataset - a dataset checked against it
 * @param scores - every unit's scores
 * @returns facts per unit id
 */
export function deriveFacts(ruleSet: RuleSet, dataset: Dataset, scores: ReadonlyMap<string, UnitScores>): Map<string, UnitFacts> {
  const decimals = ruleSet.precision.decimals;
  const text = (value: Decimal | null | undefined) => (value == null ? null : formatDecimal(value, decimals));
  const prior = new Map(dataset.prior.map((entry) => [entry.unit, entry]));
  const facts = new Map<string, UnitFacts>();
  for (const unit of dataset.units) {
    const unitScores = scores.get(unit.id);
    const indicators: Record<string, IndicatorFacts> = Object.create(null);
    for (const indicator of ruleSet.indicators) {
      const score = unitScores?.indicators.get(indicator.id)?.score ?? null;
      indicators[indicator.id] = { score: text(score), rank: null, percentile: null, points: indicator.points };
    }
    const composite = unitScores?.composite ?? null;
    const priorEntry = prior.get(unit.id);
    const priorComposite = priorEntry?.composite ?? null;
    facts.set(unit.id, {
      category: unit.category,
      trackGroup: unit.trackGroup ?? null,
      dataFlags: [...unit.dataFlags].sort(compareIds),
      status: 'graded',
      grade: null,
      mentions: [],
      flags: [],
      composite: text(composite),
      bonus: text(unitScores?.bonus),
      deduction: text(unitScores?.deduction),
      rank: null,
      groupSize: 0,
      percentile: null,
      indicators,
      priorComposite: priorComposite === null ? null : formatDecimal(new Decimal(priorComposite), decimals),
      priorGrade: priorEntry?.grade ?? null,
      change: composite !== null && priorComposite !== null ? text(new Decimal(difference(composite.toFixed(), priorComposite))) : null,
    });
  }
  _rankWithinCategories(ruleSet, dataset.units, facts);
  return facts;
}

function _rankWithinCategories(ruleSet: RuleSet, units: readonly Unit[], facts: Map<string, UnitFacts>): void {
  const byCategory = new Map<string, UnitFacts[]>();
  for (const unit of [...units].sort((a, b) => compareIds(a.id, b.id))) {
    const unitFacts = facts.get(unit.id);
    if (!unitFacts) continue;
    byCategory.set(unit.category, [...(byCategory.get(unit.category) ?? []), unitFacts]);
  }
  const tieBreak = ruleSet.ranking.orderBy;
  for (const members of byCategory.values()) {
    const ranked = members.filter((member) => member.composite !== null);
    const keys: SortKey[] = tieBreak[0]?.by === 'composite' ? tieBreak : [{ by: 'composite', order: 'desc' }, ...tieBreak];
    for (const [member, rank] of _competitionRanks(ranked, keys)) {
      member.rank = rank;
      member.percentile = percentileOf(rank, ranked.length);
    }
    for (const member of members) member.groupSize = ranked.length;
    for (const indicator of ruleSet.indicators) {
      const withScore = members.filter((member) => member.indicators[indicator.id]?.score != null);
      const indicatorKeys: SortKey[] = [{ by: `indicators.${indicator.id}`, order: 'desc' }, ...tieBreak];
      for (const [member, rank] of _competitionRanks(withScore, indicatorKeys)) {
        const entry = member.indicators[indicator.id];
        if (entry) member.indicators[indicator.id] = { ...entry, rank, percentile: percentileOf(rank, withScore.length) };
      }
    }
  }
}

function _competitionRanks(members: UnitFacts[], keys: readonly SortKey[]): [UnitFacts, number][] {
  const sorted = [...members].sort((a, b) => compareByKeys(keys, a, b));
  const ranks: [UnitFacts, number][] = [];
  sorted.forEach((member, index) => {
    const previous = ranks[index - 1];
    const tied = previous !== undefined && compareByKeys(keys, previous[0], member) === 0;
    ranks.push([member, tied ? previous[1] : index + 1]);
  });
  return ranks;
}
