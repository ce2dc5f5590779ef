import { _wholeResult } from '../outcomes/appraise.js';
import type { Condition } from '../schema/conditions.js';
import { compareDecimals } from '../scoring/decimal.js';
import type { Appraisal, AppraisalResult, UnitOutcome } from '../outcomes/types.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { STATUS_LABELS, labelsOf, unitsByCategory, type Labels } from './labels.js';
import { renderNotice } from './notice.js';
import { _escapeHtml, _htmlPageParts, _signedChange } from './page.js';

const GRADE_COLOURS = ['#1b7f3b', '#3d7fc1', '#8a8f98', '#c98a1b', '#b03a2e', '#6b4fa0'];
const TRACK_COLOUR = '#7a5c3e';
const EXCLUDED_COLOUR = '#d0d4da';

/**
 * Renders the results as one self-contained HTML file: no scripts, fonts or images from anywhere else,
 * so it opens offline, prints cleanly and reads on a phone. It holds the notice's results section; a
 * chart of composite scores by category with the grade thresholds the rules hold composites to; a chart
 * of grade counts per category; each scored unit's indicator profile; the full results table; and the
 * survey figures. Charts are inline SVG; bar lengths are pixel geometry only, every number printed is
 * the exact decimal.
 *
 * A unit takes about 3 KB of this HTML: a result of more than about 150,000 units is longer than a string can
 * be. Write such a result with {@link htmlChunks}, which gives the same text in pieces.
 *
 * @param given - the appraisal result, or an appraisal from `appraiseOnDemand` (its outcomes are made)
 * @param ruleSet - the rule set, for labels, thresholds and the notice layout
 * @returns the HTML document
 */
export function renderHtml(given: AppraisalResult | Appraisal, ruleSet: RuleSet): string {
  const result = _wholeResult(given);
  return [...htmlChunks(result, ruleSet)].join('');
}

/**
 * The text of {@link renderHtml} in pieces, made one at a time: no piece holds more than `unitsPerPiece` units'
 * bars, profiles or table rows. Joined, the pieces are renderHtml's text, byte for byte; written as they come, a
 * large result's page is written without its whole text in memory at once.
 *
 * @param given - the appraisal result, or an appraisal from `appraiseOnDemand` (its outcomes are made)
 * @param ruleSet - the rule set, for labels, thresholds and the notice layout
 * @param unitsPerPiece - units per piece, at most
 * @returns the pieces
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * await writeFile('results.html', htmlChunks(result, ruleSet));
 * ```
 */
export function* htmlChunks(given: AppraisalResult | Appraisal, ruleSet: RuleSet, unitsPerPiece = 1000): Generator<string, void, undefined> {
  const result = _wholeResult(given);
  const per = Math.max(1, Math.floor(unitsPerPiece) || 1);
  const labels = labelsOf(ruleSet);
  const colour = _gradeColours(ruleSet);
  const groups = unitsByCategory(result, ruleSet);
  const thresholds = compositeThresholds(ruleSet);
  const notice = renderNotice(result, ruleSet);
  const [head, tail] = _htmlPageParts(result.ruleSet.title, STYLE);
  const header = `<header><h1>${_esc(result.ruleSet.title)}</h1><p class="note">${result.units.length} 个单位 · 规则集 ${_esc(result.ruleSet.id)}</p></header>`;
  // the sections, one after another on lines of their own
  yield `${head}${header}\n<main>\n`;
  if (notice) yield `<section id="notice"><h2>通报</h2>${notice.trim().split(/\n\n+/).map((p) => `<p>${_esc(p)}</p>`).join('')}</section>\n`;
  yield `<section id="composites"><h2>各类单位综合得分</h2>${_legend(ruleSet, colour)}`;
  for (const { category, units } of groups) {
    if (!units.some((unit) => unit.composite !== null)) continue;
    yield* _compositeChart(labels.category(category), units, thresholds.filter((threshold) => threshold.categories?.includes(category) ?? true), labels, colour, per);
  }
  yield `</section>\n<section id="grades"><h2>各类单位等次分布</h2>${_gradeChart(groups, ruleSet, labels, colour)}</section>\n`;
  yield '<section id="profiles"><h2>各单位指标得分</h2><p class="note">每项指标得分占该项分值的比例；虚线框为不计入综合得分的指标。</p><div class="profiles">';
  const scored = groups.flatMap(({ units }) => units).filter((unit) => unit.composite !== null);
  for (let start = 0; start < scored.length; start += per) yield scored.slice(start, start + per).map((unit) => _profile(unit, labels, colour)).join('');
  yield '</div></section>\n<section id="table"><h2>考评结果一览</h2>';
  yield* _table(groups, ruleSet, labels, per);
  yield '</section>';
  if (result.surveys.length > 0) yield `\n<section id="surveys"><h2>全区调查数据</h2>${_surveys(result)}</section>`;
  yield `\n</main>${tail}`;
}

/** A composite threshold a grade rule holds units to, e.g. 90 for overall excellent. */
export interface Threshold {
  readonly value: string;
  readonly grade: string;
  /** The categories the rule is limited to by a top-level category condition; null when it is not. */
  readonly categories: readonly string[] | null;
}

/**
 * The composite thresholds of the grade rules: every `composite ≥ x` or `composite > x` condition not
 * under a `not`, with the grade its rule gives.
 *
 * @param ruleSet - the rule set
 * @returns thresholds, highest first, one per value and grade
 */
export function compositeThresholds(ruleSet: RuleSet): Threshold[] {
  const found = new Map<string, Threshold>();
  const visit = (condition: Condition, grade: string, categories: readonly string[] | null) => {
    if ('all' in condition) condition.all.forEach((child) => visit(child, grade, categories));
    else if ('any' in condition) condition.any.forEach((child) => visit(child, grade, categories));
    else if ('not' in condition) return;
    else if (condition.fact === 'composite' && /^decimalGreaterThan(Inclusive)?$/.test(condition.operator) && typeof condition.value === 'string') {
      found.set(`${condition.value}/${grade}`, { value: condition.value, grade, categories });
    }
  };
  for (const stage of ruleSet.stages) {
    for (const rule of stage.rules) if (rule.event.type === 'grade') visit(rule.conditions, rule.event.params.grade, _categoriesOf(rule.conditions));
  }
  return [...found.values()].sort((a, b) => compareDecimals(b.value, a.value));
}

/** The categories a rule's top-level `all` limits it to (`category` equal or in), or null. */
function _categoriesOf(conditions: Condition): readonly string[] | null {
  if (!('all' in conditions)) return null;
  for (const condition of conditions.all) {
    if (!('fact' in condition) || condition.fact !== 'category' || condition.path !== undefined) continue;
    if (condition.operator === 'equal' && typeof condition.value === 'string') return [condition.value];
    if (condition.operator === 'in' && Array.isArray(condition.value)) return condition.value.map(String);
  }
  return null;
}

const WIDTH = 720;
const LABEL = 150;
const ROW = 22;

function* _compositeChart(
  title: string,
  units: UnitOutcome[],
  thresholds: Threshold[],
  labels: Labels,
  colour: (unit: UnitOutcome) => string,
  per: number,
): Generator<string, void, undefined> {
  const scored = units.filter((unit) => unit.composite !== null);
  // the lowest and highest value, in a loop: spread into Math.min, a large category's values overflow the stack
  let lowest = Infinity;
  let highest = -Infinity;
  for (const value of [...scored.map((unit) => Number(unit.composite)), ...thresholds.map((threshold) => Number(threshold.value))]) {
    if (value < lowest) lowest = value;
    if (value > highest) highest = value;
  }
  const low = Math.max(0, Math.floor((lowest - 5) / 10) * 10);
  const high = Math.max(100, Math.ceil(highest));
  const x = (value: number) => LABEL + ((value - low) / (high - low)) * (WIDTH - LABEL - 60);
  const height = scored.length * ROW + 40;
  const bar = (unit: UnitOutcome, i: number) => {
    const y = 20 + i * ROW;
    return `<g class="bar"><title>${_esc(`${unit.name}：${unit.composite}，${unit.status === 'graded' ? labels.grade(unit.grade) : STATUS_LABELS[unit.status]}`)}</title><text x="${LABEL - 6}" y="${y + 15}" text-anchor="end">${_esc(unit.name)}</text><rect x="${LABEL}" y="${y + 3}" width="${(x(Number(unit.composite)) - LABEL).toFixed(1)}" height="${ROW - 6}" fill="${colour(unit)}"/><text x="${(x(Number(unit.composite)) + 4).toFixed(1)}" y="${y + 15}" class="value">${unit.composite}</text></g>`;
  };
  const lines = thresholds
    .map((threshold) => {
      const at = x(Number(threshold.value)).toFixed(1);
      return `<g class="threshold"><line x1="${at}" x2="${at}" y1="14" y2="${height - 20}"/><text x="${at}" y="${height - 6}" text-anchor="middle">${_esc(`${labels.grade(threshold.grade)} ≥ ${threshold.value}`)}</text></g>`;
    })
    .join('');
  const axis = `<text x="${LABEL}" y="12" class="axis">${low}</text><text x="${x(high).toFixed(1)}" y="12" text-anchor="end" class="axis">${high}</text>`;
  yield `<figure class="chart composite"><figcaption>${_esc(title)}（${scored.length}）</figcaption><svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${_esc(title)}综合得分">${axis}`;
  for (let start = 0; start < scored.length; start += per) yield scored.slice(start, start + per).map((unit, i) => bar(unit, start + i)).join('');
  yield `${lines}</svg></figure>`;
}

function _gradeChart(groups: { category: string; units: UnitOutcome[] }[], ruleSet: RuleSet, labels: Labels, colour: (unit: UnitOutcome) => string): string {
  const kinds = [...ruleSet.grades.map((grade) => ({ key: `grade:${grade.id}`, label: grade.label })), { key: 'status:vertical', label: STATUS_LABELS.vertical }, { key: 'status:excluded', label: STATUS_LABELS.excluded }];
  const keyOf = (unit: UnitOutcome) => (unit.status === 'graded' ? `grade:${unit.grade}` : `status:${unit.status}`);
  const largest = Math.max(...groups.map(({ units }) => units.length));
  const height = groups.length * 34 + 10;
  const rows = groups
    .map(({ category, units }, i) => {
      let offset = LABEL;
      const segments = kinds
        .map((kind) => {
          const members = units.filter((unit) => keyOf(unit) === kind.key);
          if (members.length === 0) return '';
          const width = (members.length / largest) * (WIDTH - LABEL - 20);
          const segment = `<g class="segment"><title>${_esc(`${labels.category(category)} · ${kind.label}：${members.length}`)}</title><rect x="${offset.toFixed(1)}" y="${8 + i * 34}" width="${width.toFixed(1)}" height="24" fill="${colour(members[0] as UnitOutcome)}"/><text x="${(offset + width / 2).toFixed(1)}" y="${25 + i * 34}" text-anchor="middle" class="${kind.key === 'status:excluded' ? 'count light' : 'count'}">${members.length}</text></g>`;
          offset += width;
          return segment;
        })
        .join('');
      return `<text x="${LABEL - 6}" y="${25 + i * 34}" text-anchor="end">${_esc(labels.category(category))}</text>${segments}`;
    })
    .join('');
  return `<figure class="chart grades">${_legend(ruleSet, colour)}<svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="等次分布">${rows}</svg></figure>`;
}

function _profile(unit: UnitOutcome, labels: Labels, colour: (unit: UnitOutcome) => string): string {
  const rowHeight = 16;
  const width = 300;
  const label = 78;
  const bars = unit.indicators
    .map((entry, i) => {
      const share = entry.score === null ? 0 : Math.min(1, Number(entry.score) / Number(entry.points));
      const y = 4 + i * rowHeight;
      const frame = `<rect x="${label}" y="${y + 2}" width="${width - label - 54}" height="${rowHeight - 5}" class="${entry.counts ? 'track' : 'track uncounted'}"/>`;
      const bar = `<rect x="${label}" y="${y + 2}" width="${(share * (width - label - 54)).toFixed(1)}" height="${rowHeight - 5}" fill="${entry.counts ? colour(unit) : '#b9bec6'}"/>`;
      return `<g><title>${_esc(`${entry.label}：${entry.score ?? '—'} / ${entry.points}${entry.counts ? '' : '（不计分）'}`)}</title><text x="${label - 4}" y="${y + 12}" text-anchor="end">${_esc(entry.label)}</text>${frame}${bar}<text x="${width - 50}" y="${y + 12}" class="value">${entry.score ?? '—'}</text></g>`;
    })
    .join('');
  const grade = unit.status === 'graded' ? labels.grade(unit.grade) : STATUS_LABELS[unit.status];
  return `<figure class="profile" data-unit="${_esc(unit.id)}"><figcaption><strong>${_esc(unit.name)}</strong> <span>${unit.composite} · ${_esc(grade)}${unit.rank === null ? '' : ` · 第${unit.rank}/${unit.groupSize}`}</span></figcaption><svg viewBox="0 0 ${width} ${unit.indicators.length * rowHeight + 8}" role="img" aria-label="${_esc(unit.name)}指标得分">${bars}</svg></figure>`;
}

function* _table(groups: { category: string; units: UnitOutcome[] }[], ruleSet: RuleSet, labels: Labels, per: number): Generator<string, void, undefined> {
  const indicators = ruleSet.indicators;
  const units = groups.flatMap((group) => group.units);
  // last year's composite and the change, where the dataset gave last year's results (an interview flag for a
  // drop reads them)
  const prior = units.some((unit) => unit.prior?.composite != null);
  const head = `<tr><th>编码</th><th>单位</th><th>类别</th><th>等次/状态</th><th>综合得分</th><th>排名</th>${prior ? '<th>上年综合得分</th><th>比上年</th>' : ''}${indicators.map((indicator) => `<th>${_esc(indicator.label)}</th>`).join('')}<th>评价与后续事项</th><th>说明</th></tr>`;
  const row = (unit: UnitOutcome) => {
    const grade = unit.status === 'graded' ? labels.grade(unit.grade) : STATUS_LABELS[unit.status];
    const notes = [...unit.mentions.map(labels.mention), ...unit.flags.map(labels.flag)].join('；');
    const change = prior ? `<td class="num">${unit.prior?.composite ?? ''}</td><td class="num">${_signedChange(unit.change)}</td>` : '';
    return `<tr data-unit="${_esc(unit.id)}"><td>${_esc(unit.id)}</td><td>${_esc(unit.name)}</td><td>${_esc(labels.category(unit.category))}</td><td>${_esc(grade)}</td><td class="num">${unit.composite ?? ''}</td><td class="num">${unit.rank ?? ''}</td>${change}${unit.indicators.map((entry) => `<td class="num">${entry.score ?? ''}</td>`).join('')}<td>${_esc(notes)}</td><td>${_esc(unit.reason)}</td></tr>`;
  };
  yield `<div class="scroll"><table><thead>${head}</thead><tbody>`;
  for (let start = 0; start < units.length; start += per) yield units.slice(start, start + per).map(row).join('');
  yield '</tbody></table></div>';
}

function _surveys(result: AppraisalResult): string {
  const rows = result.surveys
    .map((survey) => {
      const unit = survey.unit ?? '';
      return `<tr><td>${_esc(survey.label)}</td><td class="num">${survey.value}${_esc(unit)}</td><td class="num">${survey.prior === null ? '' : `${survey.prior}${_esc(unit)}`}</td><td class="num">${_signedChange(survey.change)}</td><td>${_esc(survey.note ?? '')}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>项目</th><th>本年</th><th>上年</th><th>变化</th><th>备注</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function _legend(ruleSet: RuleSet, colour: (unit: UnitOutcome) => string): string {
  const entries = [
    ...ruleSet.grades.map((grade) => ({ label: grade.label, fill: colour({ status: 'graded', grade: grade.id } as UnitOutcome) })),
    { label: STATUS_LABELS.vertical, fill: TRACK_COLOUR },
    { label: STATUS_LABELS.excluded, fill: EXCLUDED_COLOUR },
  ];
  return `<p class="legend">${entries.map((entry) => `<span><i style="background:${entry.fill}"></i>${_esc(entry.label)}</span>`).join('')}</p>`;
}

function _gradeColours(ruleSet: RuleSet): (unit: UnitOutcome) => string {
  const byGrade = new Map(ruleSet.grades.map((grade, i) => [grade.id, GRADE_COLOURS[i % GRADE_COLOURS.length] ?? '#888']));
  return (unit) => (unit.status === 'vertical' ? TRACK_COLOUR : unit.status === 'excluded' ? EXCLUDED_COLOUR : (byGrade.get(unit.grade ?? '') ?? '#888'));
}

const _esc = _escapeHtml;

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1d232b;background:#fff}
body{margin:0 auto;max-width:1100px;padding:16px;line-height:1.6}
h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.2rem;border-bottom:2px solid #e3e6ea;padding-bottom:.2em;margin-top:2em}
.note{color:#5b6470;font-size:.9rem}
#notice p{text-indent:2em;margin:.6em 0}
figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.3em}
svg{width:100%;height:auto;font-size:12px}
svg text{fill:#1d232b}svg .value,svg .axis{fill:#5b6470;font-size:11px}svg .count{fill:#fff;font-weight:600}svg .count.light{fill:#1d232b}
.threshold line{stroke:#b03a2e;stroke-width:1.5;stroke-dasharray:5 4}.threshold text{fill:#b03a2e;font-size:11px}
.track{fill:#f1f3f5}.track.uncounted{fill:none;stroke:#9aa1ab;stroke-dasharray:3 2}
.legend span{display:inline-flex;align-items:center;margin-right:1em;font-size:.9rem}.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;border-radius:2px}
.profiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}
.profile{border:1px solid #e3e6ea;border-radius:6px;padding:8px;margin:0;break-inside:avoid}.profile figcaption span{color:#5b6470;font-weight:400;font-size:.85rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.85rem;width:100%}th,td{border:1px solid #e3e6ea;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f6f7f9;white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}figure,tr{break-inside:avoid}.scroll{overflow:visible}}
`;
