import type { AppraisalDiff } from '../outcomes/diff.js';
import { STATUSES } from '../schema/primitives.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { STATUS_LABELS, labelsOf } from './labels.js';
import { _signedChange } from './page.js';

/**
 * Renders a comparison of two appraisals in Chinese: a summary per category (counts of each outcome
 * before → after), then every unit whose outcome changed, with both composites and the reason each rule
 * set gave.
 *
 * @param diff - the comparison
 * @param before - the first rule set, for labels
 * @param after - the second rule set, for labels
 * @returns plain text, ending with a newline
 */
export function renderDiff(diff: AppraisalDiff, before: RuleSet, after: RuleSet): string {
  const labels = labelsOf(after);
  const fallback = labelsOf(before);
  const outcomeLabel = (key: string) => {
    const [kind, id = ''] = key.split(':');
    if (kind === 'status') return STATUS_LABELS[id as keyof typeof STATUS_LABELS] ?? id;
    // a graded unit no rule gave a grade
    if (id === 'null' && !after.grades.some((grade) => grade.id === id) && !before.grades.some((grade) => grade.id === id)) return '未评定等次';
    const label = labels.grade(id);
    return label === id ? fallback.grade(id) : label;
  };
  const lines = [`${diff.before.title}（${diff.before.id}） → ${diff.after.title}（${diff.after.id}）`, ''];
  const changed = diff.units.filter((unit) => unit.changed);
  lines.push(`结果变化的单位：${changed.length} / ${diff.units.length}`, '', '按类别：');
  const byOutcome = _byOutcome(after, before);
  for (const category of _inRuleSetOrder(diff, after, before).categories) {
    const keys = [...new Set([...Object.keys(category.before), ...Object.keys(category.after)])].sort(byOutcome);
    const counts = keys.map((key) => `${outcomeLabel(key)} ${category.before[key] ?? 0}→${category.after[key] ?? 0}`).join('，');
    lines.push(`  ${labels.category(category.category)}：${counts}${category.changed > 0 ? `（${category.changed} 个单位变化）` : ''}`);
  }
  if (changed.length > 0) lines.push('', '变化的单位：');
  for (const unit of changed) {
    const side = (outcome: AppraisalDiff['units'][number]['before']) => {
      if (!outcome) return '（无）';
      const what = outcome.status === 'graded' ? outcomeLabel(`grade:${outcome.grade}`) : STATUS_LABELS[outcome.status];
      return `${what}${outcome.composite ? ` ${outcome.composite}` : ''}${outcome.rank ? `（第${outcome.rank}名）` : ''}`;
    };
    lines.push(`  ${unit.name}（${unit.id}）：${side(unit.before)} → ${side(unit.after)}${unit.compositeChange ? `，综合得分 ${_signedChange(unit.compositeChange)}` : ''}`);
    if (unit.before && unit.after && unit.before.reason !== unit.after.reason) {
      lines.push(`    原：${unit.before.reason}`, `    现：${unit.after.reason}`);
    }
    const mentionsOrFlags = unit.changes.filter((change) => change === 'mentions' || change === 'flags');
    for (const change of mentionsOrFlags) {
      const name = change === 'mentions' ? '评价' : '后续事项';
      const show = (ids: readonly string[] | undefined) => (ids && ids.length > 0 ? ids.map(change === 'mentions' ? labels.mention : labels.flag).join('、') : '无');
      lines.push(`    ${name}：${show(unit.before?.[change])} → ${show(unit.after?.[change])}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A diff with its categories in the order the rule set gives them (its notice's, then its list's), as its text
 * and its JSON give them both.
 *
 * @param diff - what diffResults gave
 * @param ruleSet - the rule set of the appraisal after
 * @param before - the rule set of the appraisal before, whose grades the one after does not declare come after its own
 * @returns the diff, its categories in that order
 */
export function _inRuleSetOrder(diff: AppraisalDiff, ruleSet: RuleSet, before?: RuleSet): AppraisalDiff {
  const order = [...(ruleSet.notice?.categoryOrder ?? []), ...ruleSet.categories.map((category) => category.id)];
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  const byOutcome = _byOutcome(ruleSet, before);
  const ordered = (counts: Readonly<Record<string, number>>) => Object.fromEntries(Object.entries(counts).sort(([a], [b]) => byOutcome(a, b)));
  const categories = [...diff.categories].sort((a, b) => rank(a.category) - rank(b.category));
  return { ...diff, categories: categories.map((category) => ({ ...category, before: ordered(category.before), after: ordered(category.after) })) };
}

/**
 * The order of a category's counts: the grades best first, as the rule set declares them, then those only the rule
 * set before declares, in its order, then any other grade (none given), then the statuses, excluded before vertical.
 */
function _byOutcome(ruleSet: RuleSet, before?: RuleSet): (a: string, b: string) => number {
  const grades = [...new Set([...ruleSet.grades, ...(before?.grades ?? [])].map((grade) => `grade:${grade.id}`))];
  const order = [...grades, ...STATUSES.map((status) => `status:${status}`)];
  const place = (key: string) => {
    const at = order.indexOf(key);
    return at >= 0 ? at : key.startsWith('grade:') ? grades.length + 0.5 : order.length;
  };
  return (a, b) => place(a) - place(b) || (a < b ? -1 : a > b ? 1 : 0);
}
