import { _wholeResult } from '../outcomes/appraise.js';
import type { ConditionTrace } from '../engine/evaluateStage.js';
import type { Appraisal, AppraisalResult, UnitOutcome } from '../outcomes/types.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { Decimal, roundTo } from '../scoring/decimal.js';
import { averageOf, compareScores, placesOf, shareOf } from '../scoring/score.js';
import { _documentHtml, documentToMarkdown, type Block, type DocumentModel } from './document.js';
import { _REPORT_GENERATOR, _signedChange } from './page.js';
import { _conditionReader, _explanation } from './explain.js';
import { STATUS_LABELS, labelsOf, unitsByCategory } from './labels.js';

/** The folders follow-up documents are filed in, within the report's: its own, the evaluation reports', the letters'. */
export const _FOLLOW_UP_FOLDERS = ['', 'evaluation-reports', 'letters'] as const;

/** One follow-up document, in Markdown and HTML, with the path (without extension) it is filed under. */
export interface FollowUpDocument {
  /** e.g. `evaluation-reports/S01-什刹海街道`, `org-list`, `letters/V01-区国税局`, `interviews` */
  readonly path: string;
  readonly kind: 'evaluation-report' | 'org-list' | 'letter' | 'interviews' | 'index';
  readonly title: string;
  readonly markdown: string;
  readonly html: string;
}

/**
 * Builds the documents that follow from the results, as the rule set's `followUp` assigns them to
 * flags: an evaluation report (评价报告) for every unit with the evaluation-report flag; the list for the
 * organisation department and HR bureau, with the extra share of staff each grade may rate excellent;
 * a letter to its municipal counterpart for every unit with the letter flag; the interview (约谈) list
 * with each unit's reason; and an index of them all.
 *
 * @param given - the appraisal result, or an appraisal from `appraiseOnDemand` (its outcomes are made)
 * @param ruleSet - the rule set it was appraised under
 * @returns the documents, index last
 */
export function followUpDocuments(given: AppraisalResult | Appraisal, ruleSet: RuleSet): FollowUpDocument[] {
  const result = _wholeResult(given);
  const flags = ruleSet.followUp?.documents ?? {};
  const withFlag = (flag: string | undefined) => (flag === undefined ? [] : result.units.filter((unit) => unit.flags.includes(flag)));
  const documents: FollowUpDocument[] = [];
  // each document's path its own, as a file system that does not tell case apart reads it: two units whose code
  // and name come out alike (S01 named A-什刹海街道 and S01-A named 什刹海街道) are told apart by a number after
  const taken = new Set<string>();
  const add = (wanted: string, kind: FollowUpDocument['kind'], model: DocumentModel) => {
    let path = wanted;
    for (let n = 2; taken.has(path.toLowerCase()); n++) path = `${wanted}~${n}`;
    taken.add(path.toLowerCase());
    documents.push({ path, kind, title: model.title, markdown: documentToMarkdown(model), html: _documentHtml(model, _REPORT_GENERATOR) });
  };

  for (const unit of withFlag(flags.evaluationReport)) add(`${_FOLLOW_UP_FOLDERS[1]}/${_fileName(unit)}`, 'evaluation-report', evaluationReport(unit, result, ruleSet));
  if (flags.orgList !== undefined) add('org-list', 'org-list', orgList(withFlag(flags.orgList), result, ruleSet));
  for (const unit of withFlag(flags.letter)) add(`${_FOLLOW_UP_FOLDERS[2]}/${_fileName(unit)}`, 'letter', letter(unit, result, ruleSet));
  if (flags.interview !== undefined) add('interviews', 'interviews', interviewList(withFlag(flags.interview), result, ruleSet));

  const index: DocumentModel = {
    title: `${result.ruleSet.title}：结果运用文件`,
    blocks: [
      { type: 'paragraph', text: `共 ${documents.length} 份文件（不含本索引）。` },
      // each document's title a link to it, in the index's own form (its Markdown to the Markdown)
      { type: 'table', head: ['文件', '路径'], rows: documents.map((document) => [document.title, document.path]), links: documents.map((document) => document.path) },
    ],
  };
  add('index', 'index', index);
  return documents;
}

/**
 * The evaluation report (评价报告) of one unit: its result, each indicator against its category's
 * average and best, its rank, what decided its grade, what it lacked for a better one, and its weakest
 * indicators as the areas to improve.
 *
 * @param unit - the unit
 * @param result - the whole result, for its category's figures
 * @param ruleSet - the rule set
 * @returns the document
 */
export function evaluationReport(unit: UnitOutcome, result: AppraisalResult, ruleSet: RuleSet): DocumentModel {
  const labels = labelsOf(ruleSet);
  const { decimals, rounding } = ruleSet.precision;
  const figures = _categoryFigures(result, unit.category, decimals, rounding);
  const grade = unit.status === 'graded' ? labels.grade(unit.grade) : STATUS_LABELS[unit.status];
  const blocks: Block[] = [
    { type: 'heading', text: '考评结果' },
    {
      type: 'table',
      head: ['项目', '内容'],
      rows: [
        ['单位', `${unit.name}（${unit.id}）`],
        ['类别', labels.category(unit.category)],
        ['等次', grade],
        ['综合得分', unit.composite ?? '—'],
        ['本类排名', unit.rank === null ? '—' : `${unit.rank} / ${unit.groupSize}`],
        ['上年综合得分', unit.prior?.composite ?? '—'],
        ['比上年', unit.change === null ? '—' : _signedChange(unit.change)],
      ],
    },
  ];
  const rows: string[][] = [];
  const gaps: { label: string; below: string; share: string }[] = [];
  for (const entry of unit.indicators) {
    const { count, average, best, exact } = figures.get(entry.id) ?? { count: 0, average: null, best: null, exact: null };
    rows.push([
      `${entry.label}${entry.counts ? '' : '（不计分）'}`,
      entry.points,
      entry.score ?? '—',
      entry.score === null ? '—' : _percent(shareOf(entry.score, entry.points), true),
      average ?? '—',
      best ?? '—',
      entry.rank === null ? '—' : `${entry.rank} / ${count}`,
    ]);
    if (entry.counts && entry.score !== null && exact !== null && !new Decimal(entry.points).isZero()) {
      // how far below the category average, as a share of the indicator's points, so indicators of different size
      // compare: from the average itself, not the table's, which is rounded to the rule set's places
      const below = roundTo(exact.minus(entry.score).dividedBy(entry.points), 4, 'half-up').toFixed(4);
      gaps.push({ label: entry.label, below, share: _percent(shareOf(entry.score, entry.points), true) });
    }
  }
  blocks.push({ type: 'heading', text: '各项指标得分' }, { type: 'table', head: ['指标', '分值', '得分', '得分率', '本类平均', '本类最高', '本类排名'], rows, numeric: [false, true, true, true, true, true, true] });
  if (unit.adjustments.length > 0) {
    blocks.push(
      { type: 'heading', text: '加减分' },
      { type: 'list', items: unit.adjustments.map((entry) => `${ruleSet.adjustments.find((item) => item.id === entry.item)?.label ?? entry.item} ${entry.applied}（${entry.reasons.join('；')}）`) },
    );
  }
  const explanation = _explanation(unit, result, ruleSet, false).trimEnd().split('\n');
  // from the first rule's sentence (what decided, what was missed, what was lacked: 依据, 未得, 距), not the unit's
  // lines above it. Escaped: a regular expression is the one place the build leaves characters beyond ASCII as they
  // are, and one such character makes the command's whole program a string of two bytes a character
  const from = explanation.findIndex((line) => /^(\u4f9d\u636e|\u672a\u5f97|\u8ddd)/.test(line));
  const basis = from < 0 ? [] : explanation.slice(from).filter((line) => line.trim() !== '' && !line.startsWith('后续事项') && !line.startsWith('  ·'));
  blocks.push({ type: 'heading', text: '等次依据' });
  // each rule's heading a paragraph, its conditions a list under it, a condition inside another set in by a
  // full-width space a level
  for (const text of basis) {
    const depth = (text.length - text.trimStart().length) / 2;
    const last = blocks.at(-1);
    if (depth === 0) blocks.push({ type: 'paragraph', text });
    else {
      const item = `${'　'.repeat(depth - 1)}${text.trim()}`;
      if (last?.type === 'list') blocks[blocks.length - 1] = { type: 'list', items: [...last.items, item] };
      else blocks.push({ type: 'list', items: [item] });
    }
  }
  // the most below first; of two as far below, the indicator the rule set lists first
  const weakest = gaps.filter((gap) => !gap.below.startsWith('-') && gap.below !== '0.0000').sort((a, b) => compareScores(b.below, a.below)).slice(0, 3);
  blocks.push({ type: 'heading', text: '改进方向' });
  if (weakest.length > 0) {
    blocks.push({ type: 'list', items: weakest.map((gap) => `${gap.label}：得分率 ${gap.share}，比本类平均低 ${_percent(gap.below, true).replace('%', '')} 个百分点`) });
  } else {
    const lowest = [...gaps].sort((a, b) => compareScores(a.share.replace('%', ''), b.share.replace('%', '')))[0];
    blocks.push({ type: 'paragraph', text: `各项计分指标均不低于本类平均水平。${lowest ? `得分率最低的是${lowest.label}（${lowest.share}）。` : ''}` });
  }
  return { title: `${unit.name}${result.ruleSet.year}年度绩效管理考评评价报告`, blocks };
}

/** A category's figures on an indicator, as every unit's evaluation report gives them. */
interface _Figures {
  readonly count: number;
  readonly average: string | null;
  readonly best: string | null;
  readonly exact: Decimal | null;
}

/** Per result's list of units, per category, its figures by indicator: worked out once, not once per unit's report. */
const _figuresOf = new WeakMap<readonly UnitOutcome[], Map<string, Map<string, _Figures>>>();

/**
 * The figures of a category's units with a composite, by indicator: how many have a score, its average (rounded as
 * the rule set rounds) and exactly, and the best score.
 */
function _categoryFigures(result: AppraisalResult, category: string, decimals: number, rounding: RuleSet['precision']['rounding']): Map<string, _Figures> {
  let byCategory = _figuresOf.get(result.units);
  if (byCategory === undefined) _figuresOf.set(result.units, (byCategory = new Map()));
  let figures = byCategory.get(category);
  if (figures !== undefined) return figures;
  const scores = new Map<string, string[]>();
  for (const peer of result.units) {
    if (peer.category !== category || peer.composite === null) continue;
    for (const entry of peer.indicators) {
      if (entry.score === null) continue;
      const list = scores.get(entry.id);
      if (list) list.push(entry.score);
      else scores.set(entry.id, [entry.score]);
    }
  }
  figures = new Map();
  for (const [id, list] of scores) {
    const best = list.reduce((top, score) => (compareScores(score, top) > 0 ? score : top));
    const exact = list.reduce((sum, score) => sum.plus(score), new Decimal(0)).dividedBy(list.length);
    figures.set(id, { count: list.length, average: averageOf(list, decimals, rounding), best, exact });
  }
  byCategory.set(category, figures);
  return figures;
}

/**
 * The list for the organisation department and HR bureau: every unit with its grade and the extra share
 * of its staff that may be rated excellent at the year-end review (and, where the dataset gives the
 * staff, the extra places), by the rule set's `followUp.staffExcellentQuota`.
 *
 * @param units - the units on the list
 * @param result - the whole result
 * @param ruleSet - the rule set
 * @returns the document
 */
export function orgList(units: readonly UnitOutcome[], result: AppraisalResult, ruleSet: RuleSet): DocumentModel {
  const labels = labelsOf(ruleSet);
  const quota = ruleSet.followUp?.staffExcellentQuota;
  const staff = new Map(units.map((unit) => [unit.id, unit.staff]));
  const ordered = unitsByCategory({ ...result, units }, ruleSet).flatMap((group) => group.units);
  const rows = ordered.map((unit) => {
    const share = quota && unit.grade !== null ? (quota.byGrade[unit.grade] ?? '0') : null;
    const headcount = staff.get(unit.id);
    return [
      unit.id,
      unit.name,
      labels.category(unit.category),
      labels.grade(unit.grade),
      unit.composite ?? '—',
      ...(quota ? [share === null ? '—' : _percent(share), headcount == null ? '—' : String(headcount), share === null || headcount == null ? '—' : String(placesOf(share, headcount, quota.rounding))] : []),
    ];
  });
  const head = ['编码', '单位', '类别', '等次', '综合得分', ...(quota ? [quota.label, '编制人数', '增设优秀名额'] : [])];
  const blocks: Block[] = [
    { type: 'paragraph', text: `${result.ruleSet.title}结果，共 ${units.length} 个单位，提交区委组织部和区人力社保局，作为领导班子考核评价、年度评先评优和增设年底考核优秀指标的依据。` },
    { type: 'table', head, rows, numeric: head.map((_, i) => i >= 4) },
  ];
  if (quota) {
    const rule = ruleSet.grades.map((grade) => `${grade.label} ${_percent(quota.byGrade[grade.id] ?? '0')}`).join('，');
    blocks.push({ type: 'paragraph', text: `${quota.label}：${rule}。增设名额 = 编制人数 × 比例，${quota.rounding === 'floor' ? '向下取整' : `按 ${quota.rounding} 取整`}。` });
  }
  return { title: `${result.ruleSet.year}年度绩效考评结果（报区委组织部、区人力社保局）`, blocks };
}

/**
 * The letter that tells a vertical-management unit's municipal counterpart its result, worded by the
 * rule set's `followUp.letter` (or a plain default).
 *
 * @param unit - the unit
 * @param result - the whole result
 * @param ruleSet - the rule set
 * @returns the document
 */
export function letter(unit: UnitOutcome, result: AppraisalResult, ruleSet: RuleSet): DocumentModel {
  const template = ruleSet.followUp?.letter ?? {
    title: '关于{unit}{year}年度绩效管理考评情况的函',
    body: '{counterpart}：\n{year}年，{unit}在绩效管理工作中{assessment}。{mentions}\n特此函告。',
    sender: '绩效管理工作领导小组办公室',
  };
  const assessment = ruleSet.verticalTrack?.groups.find((group) => group.id === unit.trackGroup)?.assessment ?? '';
  const mentionTexts = ruleSet.notice?.vertical?.mentions ?? [];
  const mentions = unit.mentions
    .map((mention) => mentionTexts.find((entry) => entry.mention === mention)?.text.replaceAll('{units}', unit.name) ?? `${unit.name}${labelsOf(ruleSet).mention(mention)}`)
    .join('，');
  const fill = (text: string) =>
    text
      .replaceAll('{counterpart}', unit.counterpart ?? '（市级对口单位）')
      .replaceAll('{unit}', unit.name)
      .replaceAll('{year}', String(result.ruleSet.year))
      .replaceAll('{assessment}', assessment)
      .replaceAll('{mentions}', mentions ? `${mentions}。` : '')
      .replaceAll('{sender}', template.sender);
  return { title: fill(template.title), blocks: [{ type: 'paragraph', text: fill(template.body) }, { type: 'paragraph', text: template.sender }] };
}

/**
 * The interview (约谈) list: each unit, its numbers, and the conditions of the interview rule it met.
 *
 * @param units - the units to be interviewed
 * @param result - the whole result
 * @param ruleSet - the rule set
 * @returns the document
 */
export function interviewList(units: readonly UnitOutcome[], result: AppraisalResult, ruleSet: RuleSet): DocumentModel {
  const labels = labelsOf(ruleSet);
  const flag = ruleSet.followUp?.documents.interview;
  const condition = _conditionReader(ruleSet);
  const rows = units.map((unit) => {
    const trace = unit.stages.flatMap((stage) => stage.applied).find((entry) => entry.event.type === 'flag' && entry.event.value === flag);
    const reasons = trace ? _held(trace.conditions).filter((leaf) => leaf.fact !== 'status') : [];
    const why = reasons.map(condition).join('；');
    return [unit.name, labels.category(unit.category), unit.composite ?? '—', unit.prior?.composite ?? '—', unit.change === null ? '—' : _signedChange(unit.change), `${trace?.reason ?? ''}${why ? `（${why}）` : ''}`];
  });
  const blocks: Block[] =
    units.length === 0
      ? [{ type: 'paragraph', text: '本年度没有需要约谈的单位。' }]
      : [{ type: 'table', head: ['单位', '类别', '综合得分', '上年', '变化', '原因'], rows, numeric: [false, false, true, true, true, false] }];
  return { title: ruleSet.followUp?.interview?.heading ?? `${result.ruleSet.year}年度约谈名单`, blocks };
}

function _held(node: ConditionTrace): Extract<ConditionTrace, { fact: string }>[] {
  if ('all' in node) return node.all.flatMap(_held);
  if ('any' in node) return node.any.filter((child) => child.result === true).flatMap(_held);
  if ('not' in node) return [];
  return node.result === true ? [node] : [];
}

/** The most bytes of a unit's name in its documents' file names: with the code (64 at most) and `.html`, under 255. */
const _NAME_BYTES = 150;

const _BYTES = new TextEncoder();

function _fileName(unit: UnitOutcome): string {
  // a file's name is at most 255 bytes on most file systems: a long name (up to 200 characters, 600 bytes in
  // UTF-8) is cut to what fits, the code before it keeping each unit's file its own
  let name = unit.name;
  while (_BYTES.encode(name).length > _NAME_BYTES) name = [...name].slice(0, -1).join('');
  return `${unit.id}-${name}`.replace(/[\\/:*?"<>|\s]+/g, '_');
}

/** A share as a percentage: with two places where shares are compared (`90.00%`, `88.20%`), else as few as it needs (`5%`). */
function _percent(share: string | null, fixed = false): string {
  if (share === null) return '—';
  const [whole = '0', fraction = ''] = share.replace(/^-/, '').split('.');
  // move the decimal point two places: exact, no arithmetic
  const digits = `${whole}${fraction.padEnd(2, '0')}`;
  const point = whole.length + 2;
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const rest = fixed ? digits.slice(point).padEnd(2, '0') : digits.slice(point).replace(/0+$/, '');
  return `${share.startsWith('-') ? '-' : ''}${integer}${rest ? `.${rest}` : ''}%`;
}

