import { _wholeResult } from '../outcomes/appraise.js';
import { compareByKeys, compareIds, type Sortable } from '../facts/order.js';
import type { Appraisal, AppraisalResult, UnitOutcome } from '../outcomes/types.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { _signedChange } from './page.js';

/** Options for {@link renderNotice}. */
export interface NoticeOptions {
  /**
   * Also print what the notice leaves implicit: the units of every grade the notice does not list
   * (those rated good), and the district survey figures with their change. Default false.
   */
  readonly appendix?: boolean | undefined;
}

/**
 * Renders the results section of the notice (一、年终考评结果) as the rule set's `notice` lays it out:
 * one line per grade list, its groups in `categoryOrder` joined by ；, units within a group by score
 * (the ranking order) joined by 、; then the closing and excluded-units sentence; then the
 * vertical-management paragraph, its groups in the rule set's order with their units by code, and its
 * mentions, units by score. Paragraphs are separated by a blank line.
 *
 * @param given - the appraisal result, or an appraisal from `appraiseOnDemand` (its outcomes are made)
 * @param ruleSet - the rule set it was appraised under
 * @param options - whether to add the appendix
 * @returns the text, ending with a newline; empty for a rule set without a `notice`, which has no layout to render
 *   (the appendix included: it belongs to the notice)
 * @example
 * ```ts
 * process.stdout.write(renderNotice(await appraise(ruleSet, dataset), ruleSet, { appendix: true }));
 * ```
 */
export function renderNotice(given: AppraisalResult | Appraisal, ruleSet: RuleSet, options: NoticeOptions = {}): string {
  const result = _wholeResult(given);
  const layout = ruleSet.notice;
  if (!layout) return '';
  const paragraphs: string[] = [layout.heading];
  const byScore = (units: readonly UnitOutcome[]) => _byScore(units, ruleSet);
  const names = (units: readonly UnitOutcome[]) => units.map((unit) => unit.name).join('、');
  const listLine = (grade: string) => {
    const graded = result.units.filter((unit) => unit.status === 'graded' && unit.grade === grade);
    const groups = _categoryGroups(graded, layout.categoryOrder, ruleSet).map((group) => names(byScore(group)));
    return groups.length === 0 ? '（无）' : `${groups.join('；')}。`;
  };

  for (const list of layout.lists) paragraphs.push(list.heading, listLine(list.grade));

  const excluded = result.units.filter((unit) => unit.status === 'excluded');
  const closing = [layout.closing ?? '', excluded.length > 0 && layout.excluded ? layout.excluded.replaceAll('{units}', names(excluded)) : ''].join('');
  if (closing) paragraphs.push(closing);

  const vertical = result.units.filter((unit) => unit.status === 'vertical');
  if (layout.vertical && vertical.length > 0) {
    const groups = [...(ruleSet.verticalTrack?.groups ?? []), { id: null, assessment: '' }]
      .map((group) => ({ group, members: vertical.filter((unit) => unit.trackGroup === group.id || (group.id === null && !_inTrack(unit, ruleSet))) }))
      .filter(({ members }) => members.length > 0)
      .map(({ group, members }) => `${names(members)}${group.assessment}`);
    const mentions = layout.vertical.mentions
      .map((entry) => ({ entry, units: byScore(vertical.filter((unit) => unit.mentions.includes(entry.mention))) }))
      .filter(({ units }) => units.length > 0)
      .map(({ entry, units }) => entry.text.replaceAll('{units}', names(units)));
    const mentionText = mentions.length > 0 ? `${layout.vertical.mentionsLead}${mentions.join('，')}。` : '';
    paragraphs.push(`${layout.vertical.opening}${groups.join('；')}。${mentionText}`);
  }

  if (options.appendix) paragraphs.push(..._appendix(result, ruleSet, listLine));
  return `${paragraphs.join('\n\n')}\n`;
}

function _appendix(result: AppraisalResult, ruleSet: RuleSet, listLine: (grade: string) => string): string[] {
  const listed = new Set(ruleSet.notice?.lists.map((list) => list.grade));
  const lines: string[] = [];
  for (const grade of ruleSet.grades.filter((entry) => !listed.has(entry.id))) {
    lines.push(`附：${grade.label}单位`, listLine(grade.id));
  }
  if (result.surveys.length > 0) {
    const priorYear = `${result.ruleSet.year - 1}年`;
    const figures = result.surveys.map((survey) => {
      const unit = survey.unit ?? '';
      const prior =
        survey.prior === null ? '' : `（${priorYear}：${survey.prior}${unit}，${_signedChange(survey.change)}）`;
      return `${survey.label}：${survey.value}${unit}${prior}${survey.note ? `；${survey.note}` : ''}`;
    });
    lines.push('附：全区调查数据', figures.join('\n'));
  }
  return lines;
}

/** Units grouped by category: first the layout's order, then any other category in the rule set's order. */
function _categoryGroups(units: readonly UnitOutcome[], order: readonly string[], ruleSet: RuleSet): UnitOutcome[][] {
  const categories = [...order, ...ruleSet.categories.map((category) => category.id).filter((id) => !order.includes(id))];
  return categories.map((category) => units.filter((unit) => unit.category === category)).filter((group) => group.length > 0);
}

function _inTrack(unit: UnitOutcome, ruleSet: RuleSet): boolean {
  return (ruleSet.verticalTrack?.groups ?? []).some((group) => group.id === unit.trackGroup);
}

/** Orders units by the rule set's ranking order (composite first), then by id. */
function _byScore(units: readonly UnitOutcome[], ruleSet: RuleSet): UnitOutcome[] {
  const keys = ruleSet.ranking.orderBy[0]?.by === 'composite' ? ruleSet.ranking.orderBy : [{ by: 'composite', order: 'desc' as const }, ...ruleSet.ranking.orderBy];
  const sortable = new Map(units.map((unit) => [unit, _sortable(unit)]));
  const of = (unit: UnitOutcome) => sortable.get(unit) ?? _sortable(unit);
  return [...units].sort((a, b) => compareByKeys(keys, of(a), of(b)) || compareIds(a.id, b.id));
}

/** What the ranking order reads of an outcome, and nothing else: a copy of the whole outcome would build its explanation. */
export function _sortable(unit: UnitOutcome): Sortable {
  return {
    composite: unit.composite,
    bonus: unit.bonus,
    deduction: unit.deduction,
    change: unit.change,
    priorComposite: unit.prior?.composite ?? null,
    indicators: Object.fromEntries(unit.indicators.map((entry) => [entry.id, entry])),
  };
}
