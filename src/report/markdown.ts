import type { AppraisalResult } from '../outcomes/types.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { STATUS_LABELS, labelsOf, unitsByCategory } from './labels.js';
import { renderNotice } from './notice.js';

/**
 * Renders the results as Markdown: the notice's results section, then a table per category (rank,
 * code, unit, composite, grade or status, mentions and flags, reason), then the district survey figures.
 *
 * @param result - the appraisal result
 * @param ruleSet - the rule set, for labels and the notice layout
 * @returns Markdown text
 */
export function renderMarkdown(result: AppraisalResult, ruleSet: RuleSet): string {
  const labels = labelsOf(ruleSet);
  const out: string[] = [`# ${_escape(result.ruleSet.title)}`, ''];
  const notice = renderNotice(result, ruleSet);
  if (notice) out.push('## 通报', '', ...notice.trimEnd().split('\n').map((line) => (line === '' ? '>' : `> ${line}`)), '');
  for (const { category, units } of unitsByCategory(result, ruleSet)) {
    out.push(`## ${_escape(labels.category(category))}（${units.length}）`, '');
    out.push('| 排名 | 编码 | 单位 | 综合得分 | 等次 | 评价与后续事项 | 说明 |', '| ---: | --- | --- | ---: | --- | --- | --- |');
    for (const unit of units) {
      const notes = [...unit.mentions.map(labels.mention), ...unit.flags.map(labels.flag)].join('；');
      const grade = unit.status === 'graded' ? labels.grade(unit.grade) : STATUS_LABELS[unit.status];
      out.push(`| ${unit.rank ?? ''} | ${_escape(unit.id)} | ${_escape(unit.name)} | ${unit.composite ?? ''} | ${_escape(grade)} | ${_escape(notes)} | ${_escape(unit.reason)} |`);
    }
    out.push('');
  }
  if (result.surveys.length > 0) {
    out.push('## 全区调查数据', '', '| 项目 | 本年 | 上年 | 变化 | 备注 |', '| --- | ---: | ---: | ---: | --- |');
    for (const survey of result.surveys) {
      const unit = survey.unit ?? '';
      out.push(`| ${_escape(survey.label)} | ${survey.value}${unit} | ${survey.prior === null ? '' : `${survey.prior}${unit}`} | ${survey.change ?? ''} | ${_escape(survey.note ?? '')} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

function _escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
