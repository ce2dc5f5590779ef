import { compareIds } from '../facts/order.js';
import type { Status } from '../schema/primitives.js';
import { changeOf } from '../scoring/score.js';
import type { Appraisal, AppraisalResult, UnitOutcome } from './types.js';
import { _wholeResult } from './appraise.js';

/** A unit's outcome in short, for comparing two appraisals. */
export interface OutcomeSummary {
  readonly status: Status;
  readonly grade: string | null;
  readonly mentions: readonly string[];
  readonly flags: readonly string[];
  readonly composite: string | null;
  readonly rank: number | null;
  /** The reason of the rule that set the status or grade. */
  readonly reason: string;
  /** The rule that set the grade (or status), by stage. */
  readonly decidedBy: string | null;
}

/** One unit under two rule sets. */
export interface UnitDiff {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly before: OutcomeSummary | null;
  readonly after: OutcomeSummary | null;
  /** Status, grade, mentions or flags differ. */
  readonly changed: boolean;
  /**
   * What differs, in order: status, grade, mentions, flags, composite, rank; or, for a unit only one of the two
   * appraisals has, `added` (only the second has it) or `removed` (only the first).
   */
  readonly changes: readonly string[];
  /** after − before, when both have a composite. */
  readonly compositeChange: string | null;
}

/** Counts per category under the two rule sets. */
export interface CategoryDiff {
  readonly category: string;
  /** outcome key (`grade:good`, `status:vertical`, …) → count */
  readonly before: Readonly<Record<string, number>>;
  readonly after: Readonly<Record<string, number>>;
  readonly changed: number;
}

/** The difference between two appraisals of the same data. */
export interface AppraisalDiff {
  readonly before: AppraisalResult['ruleSet'];
  readonly after: AppraisalResult['ruleSet'];
  readonly units: readonly UnitDiff[];
  readonly categories: readonly CategoryDiff[];
}

/**
 * Compares two appraisals of the same dataset (typically under two rule sets): per unit, what changed and
 * the rules that decided each side; per category, the counts of each outcome before and after.
 *
 * @param givenBefore - the first result (e.g. this year's rules), or an appraisal from `appraiseOnDemand`
 * @param givenAfter - the second result (e.g. a draft of next year's), or an appraisal
 * @returns every unit of either result, by id, and a summary per category
 */
export function diffResults(givenBefore: AppraisalResult | Appraisal, givenAfter: AppraisalResult | Appraisal): AppraisalDiff {
  const before = _wholeResult(givenBefore);
  const after = _wholeResult(givenAfter);
  const byId = (result: AppraisalResult) => new Map(result.units.map((unit) => [unit.id, unit]));
  const a = byId(before);
  const b = byId(after);
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort(compareIds);
  const units = ids.map((id): UnitDiff => {
    const left = a.get(id);
    const right = b.get(id);
    const summary = (unit: UnitOutcome | undefined) => (unit ? _summary(unit) : null);
    const before = summary(left);
    const after = summary(right);
    const changes: string[] = [];
    if (before && after) {
      if (before.status !== after.status) changes.push('status');
      if (before.grade !== after.grade) changes.push('grade');
      if (before.mentions.join() !== after.mentions.join()) changes.push('mentions');
      if (before.flags.join() !== after.flags.join()) changes.push('flags');
      if (before.composite !== after.composite) changes.push('composite');
      if (before.rank !== after.rank) changes.push('rank');
    } else changes.push(before ? 'removed' : 'added');
    const unit = (right ?? left) as UnitOutcome;
    return {
      id,
      name: unit.name,
      category: unit.category,
      before,
      after,
      changed: !before || !after || changes.some((change) => change !== 'composite' && change !== 'rank'),
      changes,
      compositeChange: before?.composite != null && after?.composite != null ? _change(after.composite, before.composite) : null,
    };
  });
  const categories = [...new Set(units.map((unit) => unit.category))].map((category) => {
    const members = units.filter((unit) => unit.category === category);
    const count = (side: 'before' | 'after') => {
      const counts: Record<string, number> = {};
      for (const member of members) {
        const outcome = member[side];
        if (!outcome) continue;
        const key = outcome.status === 'graded' ? `grade:${outcome.grade}` : `status:${outcome.status}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    };
    return { category, before: count('before'), after: count('after'), changed: members.filter((member) => member.changed).length };
  });
  return { before: before.ruleSet, after: after.ruleSet, units, categories };
}

function _summary(unit: UnitOutcome): OutcomeSummary {
  const decisive = unit.stages.flatMap((stage) => stage.applied.filter((trace) => trace.event.type === 'grade' || trace.event.type === 'status').map((trace) => `${stage.stage}/${trace.rule}`));
  return {
    status: unit.status,
    grade: unit.grade,
    mentions: unit.mentions,
    flags: unit.flags,
    composite: unit.composite,
    rank: unit.rank,
    reason: unit.reason,
    decidedBy: decisive.at(-1) ?? null,
  };
}

/** How a composite changed, with the places the composites are written with (`-0.50`, `0.00`), as a unit's `change` is. */
function _change(after: string, before: string): string {
  const places = (text: string) => (text.includes('.') ? text.length - text.indexOf('.') - 1 : 0);
  return changeOf(after, before, Math.max(places(after), places(before)));
}
