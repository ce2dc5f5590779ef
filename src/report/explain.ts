import type { ConditionTrace } from '../engine/evaluateStage.js';
import type { ConditionGap } from '../outcomes/shortfall.js';
import type { AppraisalResult, RuleTrace, UnitOutcome } from '../outcomes/types.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { sortValue } from '../facts/order.js';
import { quotaCutsAbove } from '../outcomes/shortfall.js';
import { quotaOrder } from '../quotas/decideStage.js';
import { compareDecimals } from '../scoring/decimal.js';
import { STATUS_LABELS, labelsOf, type Labels } from './labels.js';
import { _sortable } from './notice.js';
import { _signedChange } from './page.js';

const OPERATORS: Readonly<Record<string, string>> = {
  decimalEqual: '=',
  decimalNotEqual: '≠',
  decimalGreaterThan: '>',
  decimalGreaterThanInclusive: '≥',
  decimalLessThan: '<',
  decimalLessThanInclusive: '≤',
  equal: '=',
  notEqual: '≠',
  in: '属于',
  notIn: '不属于',
  contains: '包含',
  doesNotContain: '不包含',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  lessThan: '<',
  lessThanInclusive: '≤',
};

const FACT_LABELS: Readonly<Record<string, string>> = {
  category: '类别',
  trackGroup: '分组',
  dataFlags: '数据标记',
  status: '状态',
  grade: '等次',
  mentions: '评价',
  flags: '后续事项',
  composite: '综合得分',
  bonus: '加分',
  deduction: '扣分',
  rank: '本类排名',
  groupSize: '本类单位数',
  percentile: '本类百分位',
  priorComposite: '上年综合得分',
  priorGrade: '上年等次',
  change: '比上年变化',
};

/**
 * Explains one unit's outcome in Chinese: its result and the rule that decided it, each condition with
 * the value it saw, what it lacked for the next better grade and by how much (including where a quota cut
 * it off), and the follow-up that applies.
 *
 * @param unit - the unit's outcome
 * @param result - the whole result (for the names of other units)
 * @param ruleSet - the rule set, for labels
 * @returns plain text, ending with a newline
 */
export function renderExplanation(unit: UnitOutcome, result: AppraisalResult, ruleSet: RuleSet): string {
  return _explanation(unit, result, ruleSet, true);
}

/**
 * {@link renderExplanation}, naming each rule by its id beside its reason or not: a document sent to the unit has
 * no use for the rule set's ids.
 */
export function _explanation(unit: UnitOutcome, result: AppraisalResult, ruleSet: RuleSet, ids: boolean): string {
  const rule = (id: string) => (ids ? `规则 ${id} —— ` : '');
  const labels = labelsOf(ruleSet);
  const describe = _describer(ruleSet);
  const show = (fact: string, value: unknown) => _value(value, _vocabulary(fact, labels));
  const names = _byId(result).names;
  const lines: string[] = [];
  const outcome = unit.status === 'graded' ? (unit.grade === null ? '未评定等次' : labels.grade(unit.grade)) : STATUS_LABELS[unit.status];
  lines.push(`${unit.name}（${unit.id}，${labels.category(unit.category)}${unit.trackGroup ? `，${labels.trackGroup(unit.trackGroup)}` : ''}）`);
  lines.push(`结果：${outcome}${unit.reason ? ` —— ${unit.reason}` : ''}`);
  if (unit.mentions.length > 0) lines.push(`评价：${unit.mentions.map(labels.mention).join('；')}`);
  if (unit.composite !== null) {
    const prior = unit.prior?.composite ? `；上年 ${unit.prior.composite}${unit.change ? `，${_signedChange(unit.change)}` : ''}` : '';
    lines.push(`综合得分 ${unit.composite}，本类第 ${unit.rank}/${unit.groupSize} 名${prior}`);
    const parts = unit.indicators.map((entry) => `${entry.label} ${entry.score ?? '—'}/${entry.points}${entry.counts ? '' : '（不计分）'}`);
    lines.push(`指标：${parts.join('，')}`);
    if (unit.adjustments.length > 0) {
      const items = unit.adjustments.map((entry) => {
        const item = ruleSet.adjustments.find((candidate) => candidate.id === entry.item);
        const capped = entry.points === entry.applied ? '' : `（计 ${entry.applied}，封顶）`;
        return `${item?.label ?? entry.item} ${entry.points}${capped}：${entry.reasons.join('；')}`;
      });
      lines.push(`加减分：${items.join('；')}`);
    }
  }
  // a rule's part: its heading and reason, each condition, and its quota, held (✓) or full (✗)
  const ruleLines = (heading: string, trace: RuleTrace, mark: '✓' | '✗') => {
    lines.push('', `${heading}：${rule(trace.rule)}${trace.reason}`, ..._conditionLines(trace.conditions, describe, show, '  '));
    if (trace.quota) lines.push(`  ${mark} ${_quotaLine(trace, names, describe)}`);
  };
  for (const stage of unit.stages.filter((entry) => !entry.skipped)) {
    for (const trace of stage.applied.filter((entry) => entry.event.type === 'status' || entry.event.type === 'grade')) ruleLines(`依据（${stage.label}）`, trace, '✓');
    // a mention's rule too: the 评价 line above names it, this says why the unit has it
    for (const trace of stage.applied.filter((entry) => entry.event.type === 'mention')) ruleLines(`依据（评价：${labels.mention(trace.event.value)}）`, trace, '✓');
    // and a mention the stage could have given the unit and did not: what failed, or the quota that was full
    for (const trace of stage.missed.filter((entry) => entry.event.type === 'mention' && !unit.mentions.includes(entry.event.value))) {
      ruleLines(`未得评价（${labels.mention(trace.event.value)}）`, trace, '✗');
    }
  }
  // a graded unit no rule gave a grade: each grade rule it missed, and what failed
  if (unit.status === 'graded' && unit.grade === null) {
    for (const stage of unit.stages.filter((entry) => !entry.skipped)) {
      for (const trace of stage.missed.filter((entry) => entry.event.type === 'grade' && entry.outcome === 'failed')) {
        lines.push('', `未得${labels.grade(trace.event.value)}（${stage.label}）：${rule(trace.rule)}${trace.reason}`);
        lines.push(..._conditionLines(trace.conditions, describe, show, '  '));
      }
    }
  }
  // what it lacked for the next better grade; and any better grade still whose quota alone cut it off
  const ownValue = (by: string) => sortValue(_sortable(unit), by);
  // (for a unit still graded: one a later stage excluded or set apart is not told of the grades it missed)
  const shortfalls = [...(unit.status === 'graded' ? quotaCutsAbove(ruleSet, unit.grade, unit.stages, ownValue) : []), ...(unit.shortfall ? [unit.shortfall] : [])];
  for (const shortfall of shortfalls) {
    lines.push('', `距${labels.grade(shortfall.grade)}（${ids ? `规则 ${shortfall.rule}：` : ''}${shortfall.reason}）：`);
    for (const failure of shortfall.failed) lines.push(`  ✗ ${_gapLine(failure, describe, show)}`);
    if (shortfall.quota) {
      const trace = unit.stages.flatMap((stage) => stage.missed).find((entry) => entry.rule === shortfall.rule);
      if (trace) lines.push(`  ✗ ${_quotaLine(trace, names, describe, shortfall.quota.behind)}${_decidingKey(unit, shortfall, result, ruleSet, describe, names)}`);
    }
  }
  const followUp = unit.stages.flatMap((stage) => stage.applied).filter((trace) => trace.event.type === 'flag');
  if (followUp.length > 0) {
    lines.push('', '后续事项：');
    for (const trace of followUp) lines.push(`  · ${labels.flag(trace.event.value)} —— ${trace.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Where a quota's cut fell between a unit and the last admitted on a later key than the first (their composites
 * the same): which key, and the two values on it (`；综合得分相同，按甲得分排序：本单位 50.00，单位B 60.00`), the
 * reason a unit contests. Nothing where the first key told them apart, or the unit ids did.
 */
function _decidingKey(
  unit: UnitOutcome,
  shortfall: NonNullable<UnitOutcome['shortfall']>,
  result: AppraisalResult,
  ruleSet: RuleSet,
  describe: (fact: string, path: string | undefined) => string,
  names: ReadonlyMap<string, string>,
): string {
  const quota = shortfall.quota;
  const cutoff = quota?.cutoff;
  if (!quota || !cutoff || quota.decidedById || quota.behind === null || Number(quota.behind) !== 0) return '';
  const other = _byId(result).units.get(cutoff.unit);
  const rule = ruleSet.stages.find((stage) => stage.id === shortfall.stage)?.rules.find((entry) => entry.id === shortfall.rule);
  if (!other || !rule?.quota) return '';
  const keys = quotaOrder(rule, ruleSet.ranking.orderBy);
  const label = (by: string) => _keyLabel(by, describe);
  const mine = _sortable(unit);
  const cut = _sortable(other);
  for (const key of keys.slice(1)) {
    const own = sortValue(mine, key.by);
    const theirs = sortValue(cut, key.by);
    if (own === theirs || (own !== null && theirs !== null && compareDecimals(own, theirs) === 0)) continue;
    return `；${label(cutoff.by)}相同，按${label(key.by)}排序（${key.order === 'asc' ? '低者在前' : '高者在前'}）：本单位 ${own ?? '无'}，${names.get(other.id) ?? other.id} ${theirs ?? '无'}`;
  }
  return '';
}

/** What a sort key reads, as explanations name facts: `综合得分`, `公众评价得分`. */
function _keyLabel(by: string, describe: (fact: string, path: string | undefined) => string): string {
  return by.startsWith('indicators.') ? describe('indicators', `$.${by.slice('indicators.'.length)}.score`) : describe(by, undefined);
}

function _quotaLine(trace: RuleTrace, names: ReadonlyMap<string, string>, describe: (fact: string, path: string | undefined) => string, behind: string | null = null): string {
  const quota = trace.quota;
  if (!quota) return '';
  const base = `限额：本类 ${quota.groupSize} 个单位限 ${quota.places} 个，符合条件的 ${quota.candidates} 个单位中排第 ${quota.position}`;
  // the value on the quota's first key: the composite as it stands, any other key named
  const by = quota.cutoff?.by;
  const key = by === undefined || by === 'composite' ? '' : `${_keyLabel(by, describe)} `;
  const cut = quota.cutoff && !quota.admitted ? `；第 ${quota.places} 名为${names.get(quota.cutoff.unit) ?? quota.cutoff.unit}（${key}${quota.cutoff.value ?? '—'}）${behind === null ? '' : `，落后 ${behind} 分`}` : '';
  const tie = quota.decidedById ? '；与限额边界上的单位各项排序指标完全相同，按单位编码排序' : '';
  return `${base}${cut}${tie}`;
}

type _Show = (fact: string, value: unknown) => string;

/**
 * What reads one condition of a unit's trace as the explanation says it: the fact by its name, the value it saw
 * and the value it was compared with by their labels (`职责任务得分 29.26 < 29.5`, `数据标记 〔重大事故〕 包含 重大事故`).
 *
 * @param ruleSet - the rule set, for names and labels
 * @returns the reader
 */
export function _conditionReader(ruleSet: RuleSet): (leaf: Extract<ConditionTrace, { fact: string }>) => string {
  const labels = labelsOf(ruleSet);
  const describe = _describer(ruleSet);
  const show = (fact: string, value: unknown) => _value(value, _vocabulary(fact, labels));
  return (leaf) => _leafText(leaf, describe, show);
}

/** One condition of a trace: the fact, the value it saw, the operator and what it was compared with. */
function _leafText(leaf: Extract<ConditionTrace, { fact: string }>, describe: (fact: string, path: string | undefined) => string, show: _Show): string {
  const value = _compareText(leaf.fact, leaf.value, 'compared' in leaf ? leaf.compared : undefined, describe, show);
  return `${describe(leaf.fact, leaf.path)} ${show(leaf.fact, leaf.seen)} ${OPERATORS[leaf.operator] ?? leaf.operator} ${value}`;
}

function _gapLine(failure: ConditionGap, describe: (fact: string, path: string | undefined) => string, show: _Show): string {
  const subject = describe(failure.fact, failure.path);
  const value = _compareText(failure.fact, failure.value, failure.compared, describe, show);
  const seen = show(failure.fact, failure.seen);
  const alternatives = failure.alternatives ? `（${failure.alternatives} 项可选条件中最接近的一项）` : '';
  if (failure.negated) return `${subject} 不得满足 ${OPERATORS[failure.operator] ?? failure.operator} ${value}，实为 ${seen}${alternatives}`;
  const requirement = `${subject} 需 ${OPERATORS[failure.operator] ?? failure.operator} ${value}，实为 ${seen}`;
  if (failure.gap === null) return `${requirement}${alternatives}`;
  const amount = failure.gap.replace(/^-/, '');
  const strict = failure.operator.endsWith('GreaterThan') || failure.operator.endsWith('LessThan');
  const direction = failure.gap.startsWith('-') ? (strict ? '需减少超过' : '需减少') : strict ? '需提高超过' : '差';
  return `${requirement}，${direction} ${amount}${alternatives}`;
}

/**
 * A condition's trace as lines, each group of several conditions under a line that says how they combine: a rule's
 * own conditions must all hold, and need no such line, but an `all` within an `any` or a `not` does, or its
 * conditions would read as alternatives of their own.
 */
function _conditionLines(node: ConditionTrace, describe: (fact: string, path: string | undefined) => string, show: _Show, indent: string, top = true): string[] {
  const mark = node.result === null ? '·' : node.result ? '✓' : '✗';
  if ('all' in node || 'any' in node) {
    const children = 'all' in node ? node.all : node.any;
    if (children.length === 0) return [`${indent}✓ 无条件`];
    const header = children.length < 2 || (top && 'all' in node) ? [] : [`${indent}${mark} ${'any' in node ? '满足其一' : '同时满足'}：`];
    return [...header, ...children.flatMap((child) => _conditionLines(child, describe, show, header.length > 0 ? `${indent}  ` : indent, top && header.length === 0))];
  }
  if ('not' in node) return [`${indent}${mark} 不满足：`, ..._conditionLines(node.not, describe, show, `${indent}  `, false)];
  return [`${indent}${mark} ${_leafText(node, describe, show)}`];
}

/**
 * What a condition compares with, as the explanation says it: a value as the fact's values read, or another fact
 * by its name and what it held for the unit (`上年综合得分 92.50`, `上年综合得分（无）` where it held nothing).
 */
function _compareText(fact: string, value: unknown, compared: unknown, describe: (fact: string, path: string | undefined) => string, show: _Show): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as { fact?: unknown }).fact !== 'string') return show(fact, value);
  const other = value as { fact: string; path?: string };
  const name = describe(other.fact, other.path);
  return compared === null || compared === undefined ? `${name}（无）` : `${name} ${show(other.fact, compared)}`;
}

function _describer(ruleSet: RuleSet): (fact: string, path: string | undefined) => string {
  return (fact, path) => {
    if (fact === 'indicators' && path) {
      const [id, field] = path.split('.').slice(1);
      const indicator = ruleSet.indicators.find((entry) => entry.id === id);
      const fieldLabel = field === 'score' ? '得分' : field === 'rank' ? '排名' : field === 'percentile' ? '百分位' : '分值';
      return `${indicator?.label ?? id}${fieldLabel}`;
    }
    return FACT_LABELS[fact] ?? fact;
  };
}

function _value(value: unknown, label: (id: string) => string): string {
  if (value === null || value === undefined) return '无';
  if (Array.isArray(value)) return value.length === 0 ? '（无）' : `〔${value.map((item) => label(String(item))).join('、')}〕`;
  if (typeof value === 'object') return JSON.stringify(value);
  return label(String(value));
}

/** How a fact's values read: category and grade ids as their labels, everything else as it is. */
function _vocabulary(fact: string, labels: Labels): (id: string) => string {
  switch (fact) {
    case 'category':
      return labels.category;
    case 'grade':
    case 'priorGrade':
      return (id) => labels.grade(id);
    case 'mentions':
      return labels.mention;
    case 'flags':
      return labels.flag;
    case 'dataFlags':
      return labels.dataFlag;
    case 'trackGroup':
      return (id) => labels.trackGroup(id);
    case 'status':
      return (id) => (id in STATUS_LABELS ? STATUS_LABELS[id as keyof typeof STATUS_LABELS] : id);
    default:
      return (id) => id;
  }
}

/** Per result's list of units, its units and their names by id: made once, not once per unit explained. */
const _byIds = new WeakMap<readonly UnitOutcome[], { units: ReadonlyMap<string, UnitOutcome>; names: ReadonlyMap<string, string> }>();

function _byId(result: AppraisalResult): { units: ReadonlyMap<string, UnitOutcome>; names: ReadonlyMap<string, string> } {
  let found = _byIds.get(result.units);
  if (found === undefined) {
    found = { units: new Map(result.units.map((entry) => [entry.id, entry])), names: new Map(result.units.map((entry) => [entry.id, entry.name])) };
    _byIds.set(result.units, found);
  }
  return found;
}
