import { _wholeResult } from '../outcomes/appraise.js';
import type { Appraisal, AppraisalResult } from '../outcomes/types.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { STATUS_LABELS, labelsOf, unitsByCategory } from './labels.js';
import { renderNotice } from './notice.js';
import { _markdownText, _signedChange } from './page.js';

/**
 * Renders the results as Markdown: the notice's results section, then a table per category (rank,
 * code, unit, composite, grade or status, mentions and flags, reason), then the district survey figures.
 *
 * @param given - the appraisal result, or an appraisal from `appraiseOnDemand` (its outcomes are made)
 * @param ruleSet - the rule set, for labels and the notice layout
 * @returns Markdown text
 */
export function renderMarkdown(given: AppraisalResult | Appraisal, ruleSet: RuleSet): string {
  const result = _wholeResult(given);
  return [...markdownChunks(result, ruleSet)].join('');
}

/**
 * The text of {@link renderMarkdown} in pieces, made one at a time, each of at most `unitsPerPiece` units' rows
 * (and the lines around them). Joined, the pieces are renderMarkdown's text, byte for byte.
 *
 * @param given - the appraisal result, or an appraisal from `appraiseOnDemand` (its outcomes are made)
 * @param ruleSet - the rule set, for labels and the notice layout
 * @param unitsPerPiece - units per piece, at most
 * @returns the pieces
 */
export function* markdownChunks(given: AppraisalResult | Appraisal, ruleSet: RuleSet, unitsPerPiece = 5000): Generator<string, void, undefined> {
  const result = _wholeResult(given);
  const per = Math.max(1, Math.floor(unitsPerPiece) || 1);
  const labels = labelsOf(ruleSet);
  // the lines not yet given, and how many of them are units' rows: a piece is given, with the line break after
  // it, when the next line comes and the piece is full; the last piece ends without one
  let out: string[] = [`# ${_escape(result.ruleSet.title)}`, ''];
  let rows = 0;
  const notice = renderNotice(result, ruleSet);
  if (notice) out.push('## 通报', '', ...notice.trimEnd().split('\n').map((line) => (line === '' ? '>' : `> ${_escape(line)}`)), '');
  // last year's composite and the change, where the dataset gave last year's results
  const prior = result.units.some((unit) => unit.prior?.composite != null);
  for (const { category, units } of unitsByCategory(result, ruleSet)) {
    out.push(`## ${_escape(labels.category(category))}（${units.length}）`, '');
    out.push(
      `| 排名 | 编码 | 单位 | 综合得分 |${prior ? ' 上年综合得分 | 比上年 |' : ''} 等次 | 评价与后续事项 | 说明 |`,
      `| ---: | --- | --- | ---: |${prior ? ' ---: | ---: |' : ''} --- | --- | --- |`,
    );
    for (const unit of units) {
      if (rows === per) {
        yield `${out.join('\n')}\n`;
        out = [];
        rows = 0;
      }
      const notes = [...unit.mentions.map(labels.mention), ...unit.flags.map(labels.flag)].join('；');
      const grade = unit.status === 'graded' ? labels.grade(unit.grade) : STATUS_LABELS[unit.status];
      out.push(`| ${unit.rank ?? ''} | ${_escape(unit.id)} | ${_escape(unit.name)} | ${unit.composite ?? ''} |${prior ? ` ${unit.prior?.composite ?? ''} | ${_signedChange(unit.change)} |` : ''} ${_escape(grade)} | ${_escape(notes)} | ${_escape(unit.reason)} |`);
      rows++;
    }
    out.push('');
  }
  if (result.surveys.length > 0) {
    out.push('## 全区调查数据', '', '| 项目 | 本年 | 上年 | 变化 | 备注 |', '| --- | ---: | ---: | ---: | --- |');
    for (const survey of result.surveys) {
      const unit = _escape(survey.unit ?? '');
      out.push(`| ${_escape(survey.label)} | ${survey.value}${unit} | ${survey.prior === null ? '' : `${survey.prior}${unit}`} | ${_signedChange(survey.change)} | ${_escape(survey.note ?? '')} |`);
    }
    out.push('');
  }
  yield out.join('\n');
}

/** A text of the data or the rule set, as text in Markdown (see {@link _markdownText}). */
const _escape = _markdownText;
