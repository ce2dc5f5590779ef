import type { AppraisalResult, UnitOutcome } from '../outcomes/types.js';
import type { Status } from '../schema/primitives.js';
import type { RuleSet } from '../schema/ruleSet.js';

/** How reports name each status. */
export const STATUS_LABELS: Readonly<Record<Status, string>> = {
  graded: '参评',
  excluded: '不列入参评范围',
  vertical: '驻区垂直管理部门',
};

/** Looks up the labels a rule set gives its ids, for reports. */
export interface Labels {
  category(id: string): string;
  grade(id: string | null): string;
  mention(id: string): string;
  flag(id: string): string;
  dataFlag(id: string): string;
  trackGroup(id: string | null): string;
}

/**
 * The rule set's labels for its ids; an id with no label reads as itself.
 *
 * @param ruleSet - the rule set
 * @returns label lookups
 */
export function labelsOf(ruleSet: RuleSet): Labels {
  const lookup = (entries: readonly { id: string; label: string }[]) => {
    const map = new Map(entries.map((entry) => [entry.id, entry.label]));
    return (id: string | null) => (id === null ? '' : (map.get(id) ?? id));
  };
  const trackGroup = lookup(ruleSet.verticalTrack?.groups ?? []);
  return {
    category: lookup(ruleSet.categories),
    grade: lookup(ruleSet.grades),
    mention: lookup(ruleSet.mentions),
    flag: lookup(ruleSet.flags),
    dataFlag: lookup(ruleSet.dataFlags),
    trackGroup,
  };
}

/**
 * Units of each category, categories in the notice's order and then the rule set's, units by rank and
 * then id (unranked units last).
 *
 * @param result - the appraisal result
 * @param ruleSet - the rule set
 * @returns one entry per category that has units
 */
export function unitsByCategory(result: AppraisalResult, ruleSet: RuleSet): { category: string; units: UnitOutcome[] }[] {
  const order = [...(ruleSet.notice?.categoryOrder ?? [])];
  for (const category of ruleSet.categories) if (!order.includes(category.id)) order.push(category.id);
  return order
    .map((category) => ({
      category,
      units: result.units
        .filter((unit) => unit.category === category)
        .sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    }))
    .filter((group) => group.units.length > 0);
}
