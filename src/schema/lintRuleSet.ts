import type { Issue } from '../errors.js';
import { pathKeys } from '../engine/operators.js';
import { quotaOrder } from '../quotas/decideStage.js';
import { Decimal, compareDecimals, fullMarks, sumOf } from '../scoring/decimal.js';
import type { Condition } from './conditions.js';
import type { RuleSet } from './ruleSet.js';

/**
 * Finds what is valid but almost certainly a mistake in a rule set:
 * - error: a rule of a first-match stage that can never decide, because an earlier rule without a quota
 *   always holds, or holds whenever it does (the same conditions);
 * - error: follow-up documents tied to flags, or staff quotas tied to grades, that the rule set does not declare;
 * - warning: a quota whose order has no tie-break after its first key (ties at the cut fall to unit ids);
 * - warning: a grade no rule gives; an evaluation subject that scores no indicator;
 * - warning: no declared total to check the points against;
 * - warning: a condition asking an indicator's score or the composite to reach more than it can;
 * - warning: a stage that applies only to a status no earlier stage gives, and a condition that asks for a status,
 *   grade, mention or flag no earlier stage gives (the order of stages put wrong): neither ever holds;
 * - warning: a condition that compares last year's grade with a grade this year's rule set does not declare (last
 *   year's results may hold it, if last year's rules declared it; else it is misspelt).
 *
 * @param ruleSet - a rule set that passed the schema
 * @returns every finding, errors and warnings
 */
export function lintRuleSet(ruleSet: RuleSet): Issue[] {
  const issues: Issue[] = [];
  const report = (severity: Issue['severity'], path: string, code: string, message: string) =>
    issues.push({ code, severity, document: 'ruleSet', path, message });

  ruleSet.stages.forEach((stage, s) => {
    stage.rules.forEach((rule, index) => _emptyAny(rule.conditions, `$.stages[${s}].rules[${index}].conditions`, report));
    if (stage.mode !== 'first-match') return;
    const ordered = stage.rules
      .map((rule, index) => ({ rule, index }))
      .sort((a, b) => (b.rule.priority ?? 1) - (a.rule.priority ?? 1) || a.index - b.index);
    ordered.forEach(({ rule, index }, position) => {
      const earlier = ordered.slice(0, position).find(({ rule: before }) => !before.quota && (_alwaysHolds(before.conditions) || _same(before.conditions, rule.conditions)));
      if (earlier) {
        const why = _alwaysHolds(earlier.rule.conditions) ? 'always holds' : 'has the same conditions';
        report('error', `$.stages[${s}].rules[${index}]`, 'unreachable-rule', `rule ${JSON.stringify(rule.id)} can never decide: the earlier rule ${JSON.stringify(earlier.rule.id)} ${why} and has no quota`);
      }
      const quota = rule.quota;
      if (quota) {
        const keys = quotaOrder(rule, ruleSet.ranking.orderBy);
        if (keys.length < 2) {
          report('warning', `$.stages[${s}].rules[${index}].quota`, 'quota-without-tie-break', `the quota orders by ${keys[0]?.by ?? 'composite'} alone: units tied on it at the cut are taken in unit-id order; add tie-break keys (quota.orderBy or ranking.orderBy)`);
        }
      }
    });
  });

  const given = new Set(ruleSet.stages.flatMap((stage) => stage.rules.flatMap((rule) => (rule.event.type === 'grade' ? [rule.event.params.grade] : []))));
  ruleSet.grades.forEach((grade, i) => {
    if (!given.has(grade.id)) report('warning', `$.grades[${i}]`, 'grade-never-given', `no rule gives the grade ${JSON.stringify(grade.id)}`);
  });
  const owners = new Set(ruleSet.indicators.flatMap((indicator) => indicator.subjects.map((share) => share.subject)));
  ruleSet.subjects.forEach((subject, i) => {
    if (!owners.has(subject.id)) report('warning', `$.subjects[${i}]`, 'idle-subject', `the evaluation subject ${JSON.stringify(subject.id)} scores no indicator`);
  });
  if (ruleSet.total === undefined) {
    report('warning', '$', 'no-total', `no total is declared to check the indicators against; the counted indicators' points × weight add up to ${fullMarks(ruleSet.indicators)}`);
  }

  const flags = new Set(ruleSet.flags.map((flag) => flag.id));
  for (const [document, flag] of Object.entries(ruleSet.followUp?.documents ?? {})) {
    if (flag !== undefined && !flags.has(flag)) report('error', `$.followUp.documents.${document}`, 'unknown-flag', `no flag ${JSON.stringify(flag)} is declared in $.flags`);
  }
  _outOfReach(ruleSet, report);
  _beforeDecided(ruleSet, report);
  _priorGrades(ruleSet, report);

  const grades = new Set(ruleSet.grades.map((grade) => grade.id));
  for (const grade of Object.keys(ruleSet.followUp?.staffExcellentQuota?.byGrade ?? {})) {
    if (!grades.has(grade)) report('error', `$.followUp.staffExcellentQuota.byGrade[${JSON.stringify(grade)}]`, 'unknown-grade', `no grade ${JSON.stringify(grade)} is declared in $.grades`);
  }
  return issues;
}

/**
 * Finds conditions that ask a score or composite to reach more than it can: an indicator's score above its points
 * (a threshold left as it was when the points were lowered), a composite above the counted indicators' points ×
 * weight and every bonus at its cap (left when `total` was). Such a condition never holds, and nothing says so.
 */
function _outOfReach(ruleSet: RuleSet, report: (severity: Issue['severity'], path: string, code: string, message: string) => void): void {
  const points = new Map(ruleSet.indicators.map((indicator) => [indicator.id, indicator.points]));
  // the most a composite can be, rounded up to its places; unbounded where a bonus has no cap
  const bonuses = ruleSet.adjustments.filter((item) => item.kind === 'bonus');
  const mostComposite = bonuses.every((item) => item.cap !== undefined)
    ? new Decimal(sumOf([fullMarks(ruleSet.indicators), ...bonuses.map((item) => item.cap ?? '0')])).toDecimalPlaces(ruleSet.precision.decimals, Decimal.ROUND_CEIL).toString()
    : undefined;
  const visit = (condition: Condition, path: string): void => {
    if ('all' in condition) condition.all.forEach((inner, k) => visit(inner, `${path}.all[${k}]`));
    else if ('any' in condition) condition.any.forEach((inner, k) => visit(inner, `${path}.any[${k}]`));
    else if ('not' in condition) visit(condition.not, `${path}.not`);
    else {
      const { fact, operator, value } = condition;
      if (typeof value !== 'string' || !_REACHING.has(operator) || !/^-?\d+(\.\d+)?$/.test(value)) return;
      const keys = condition.path === undefined ? [] : pathKeys(condition.path);
      const indicator = fact === 'indicators' && keys.length === 2 && keys[1] === 'score' ? keys[0] : undefined;
      const most = fact === 'composite' ? mostComposite : indicator === undefined ? undefined : points.get(indicator);
      if (most === undefined) return;
      const order = compareDecimals(value, most);
      if (order > 0 || (order === 0 && operator === 'decimalGreaterThan')) {
        const what = fact === 'composite' ? `a composite is at most ${most} (the counted indicators' points × weight${bonuses.length > 0 ? ' and every bonus at its cap' : ''})` : `${indicator} is scored out of ${most} points`;
        report('warning', `${path}.value`, 'out-of-reach', `${operator} ${value} can never hold: ${what}`);
      }
    }
  };
  ruleSet.stages.forEach((stage, s) => stage.rules.forEach((rule, r) => visit(rule.conditions, `$.stages[${s}].rules[${r}].conditions`)));
}

/** The operators that ask a decimal to reach a value. */
const _REACHING: ReadonlySet<string> = new Set(['decimalGreaterThan', 'decimalGreaterThanInclusive', 'decimalEqual']);

/** Whether json-rules-engine would find these conditions true whatever the facts: an empty all or any holds. */
/**
 * Finds each `any` of no conditions: json-rules-engine holds it for every unit, as it holds an empty `all`, where a
 * reader of the rule takes "one of none" to hold for none.
 */
function _emptyAny(condition: Condition, path: string, report: (severity: Issue['severity'], path: string, code: string, message: string) => void, negated = false): void {
  if ('any' in condition) {
    if (condition.any.length === 0) {
      // under a not, the not holds for none
      const then = negated ? 'here under a "not", which reads it so: give it conditions, or leave it out' : 'give it conditions, or write "all": [] where the rule is meant to hold always';
      report('warning', path, 'empty-any', `an empty "any" holds for every unit, as an empty "all" does (json-rules-engine holds a list of no conditions); ${then}`);
    }
    condition.any.forEach((child, k) => _emptyAny(child, `${path}.any[${k}]`, report, negated));
  } else if ('all' in condition) condition.all.forEach((child, k) => _emptyAny(child, `${path}.all[${k}]`, report, negated));
  else if ('not' in condition) _emptyAny(condition.not, `${path}.not`, report, !negated);
}

/**
 * Finds what the order of stages keeps from ever holding: a stage for a status no earlier stage gives (every unit
 * is graded until a stage gives it another status), and a condition, not under a `not`, that asks for a status,
 * grade, mention or flag no earlier stage gives (a stage sees what the stages before it decided, not its own).
 */
function _beforeDecided(ruleSet: RuleSet, report: (severity: Issue['severity'], path: string, code: string, message: string) => void): void {
  const given: Record<'status' | 'grade' | 'mentions' | 'flags', Set<string>> = { status: new Set(['graded']), grade: new Set(), mentions: new Set(), flags: new Set() };
  ruleSet.stages.forEach((stage, s) => {
    if (stage.appliesTo && !stage.appliesTo.some((status) => given.status.has(status))) {
      const statuses = stage.appliesTo.map((status) => JSON.stringify(status)).join(', ');
      report('warning', `$.stages[${s}].appliesTo`, 'stage-never-applies', `the stage applies to units of status ${statuses}, which no earlier stage gives: it applies to no unit; move it after the stage that gives the status`);
    }
    stage.rules.forEach((rule, r) => {
      const visit = (condition: Condition, path: string, negated: boolean): void => {
        if ('all' in condition) condition.all.forEach((child, k) => visit(child, `${path}.all[${k}]`, negated));
        else if ('any' in condition) condition.any.forEach((child, k) => visit(child, `${path}.any[${k}]`, negated));
        else if ('not' in condition) visit(condition.not, `${path}.not`, !negated);
        else if (!negated && ['status', 'grade', 'mentions', 'flags'].includes(condition.fact) && ['equal', 'in', 'contains'].includes(condition.operator)) {
          const known = given[condition.fact as keyof typeof given];
          const asked = (Array.isArray(condition.value) ? condition.value : [condition.value]).filter((value): value is string => typeof value === 'string');
          if (asked.length > 0 && !asked.some((value) => known.has(value))) {
            const what = asked.map((value) => JSON.stringify(value)).join(', ');
            report('warning', `${path}.value`, 'never-given-before', `no stage before this one gives ${condition.fact} ${what}: the condition never holds here; move the stage after the one that gives it`);
          }
        }
      };
      visit(rule.conditions, `$.stages[${s}].rules[${r}].conditions`, false);
    });
    // what this stage gives, later stages see
    for (const rule of stage.rules) {
      const event = rule.event;
      if (event.type === 'status') given.status.add(event.params.status);
      else if (event.type === 'grade') given.grade.add(event.params.grade);
      else if (event.type === 'mention') given.mentions.add(event.params.mention);
      else given.flags.add(event.params.flag);
    }
  });
}

/** Finds conditions comparing last year's grade with a grade this year's rule set does not declare. */
function _priorGrades(ruleSet: RuleSet, report: (severity: Issue['severity'], path: string, code: string, message: string) => void): void {
  const grades = new Set(ruleSet.grades.map((grade) => grade.id));
  const declared = ruleSet.grades.map((grade) => JSON.stringify(grade.id)).join(', ');
  ruleSet.stages.forEach((stage, s) =>
    stage.rules.forEach((rule, r) => {
      const visit = (condition: Condition, path: string): void => {
        if ('all' in condition) condition.all.forEach((child, k) => visit(child, `${path}.all[${k}]`));
        else if ('any' in condition) condition.any.forEach((child, k) => visit(child, `${path}.any[${k}]`));
        else if ('not' in condition) visit(condition.not, `${path}.not`);
        else if (condition.fact === 'priorGrade') {
          for (const value of Array.isArray(condition.value) ? condition.value : [condition.value]) {
            if (typeof value === 'string' && !grades.has(value)) {
              report('warning', `${path}.value`, 'unknown-prior-grade', `last year's grade is compared with ${JSON.stringify(value)}, which is not one of this rule set's grades (${declared}): right only if last year's rules gave it; check its spelling`);
            }
          }
        }
      };
      visit(rule.conditions, `$.stages[${s}].rules[${r}].conditions`);
    }),
  );
}

/** Whether conditions hold whatever a unit's facts (an empty `all` or `any`, a `not` of what never holds, …). */
export function _alwaysHolds(condition: Condition): boolean {
  if ('all' in condition) return condition.all.every(_alwaysHolds);
  if ('any' in condition) return condition.any.length === 0 || condition.any.some(_alwaysHolds);
  if ('not' in condition) return _neverHolds(condition.not);
  return false;
}

function _neverHolds(condition: Condition): boolean {
  if ('all' in condition) return condition.all.length > 0 && condition.all.some(_neverHolds);
  if ('any' in condition) return condition.any.length > 0 && condition.any.every(_neverHolds);
  if ('not' in condition) return _alwaysHolds(condition.not);
  return false;
}

function _same(a: Condition, b: Condition): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
