import { csvFormatRow } from 'd3-dsv';
import { _isAppraisal, _rowOf, type _UnitRow } from '../outcomes/appraise.js';
import type { Appraisal, AppraisalResult, UnitOutcome } from '../outcomes/types.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { STATUS_LABELS, labelsOf } from './labels.js';

/**
 * Renders one row per unit as CSV that Excel and WPS open correctly: UTF-8 with a byte-order mark, CRLF
 * line ends, Chinese headers and labels. Columns: code, name, category, status, grade, composite, rank,
 * group size, each indicator's score, bonus, deduction, prior composite, change, mentions, flags, reason.
 * A field holding a comma, a double quote, a line feed or a carriage return is quoted (RFC 4180). A text that
 * begins as a formula does (`=`, `+`, `-`, `@`, a tab, a carriage return) is written with a leading `'`, which
 * Excel and WPS show as text instead of running it; numbers are written as they are.
 *
 * @param result - the appraisal result, or an appraisal from {@link appraiseOnDemand}
 * @param ruleSet - the rule set, for labels
 * @returns the CSV text, starting with U+FEFF
 */
export function renderCsv(result: AppraisalResult | Appraisal, ruleSet: RuleSet): string {
  return [...csvChunks(result, ruleSet)].join('');
}

/**
 * The text of {@link renderCsv} in pieces of a few hundred rows, made one at a time: a large result is
 * written without its whole text, or all its rows, in memory at once.
 *
 * @param result - the appraisal result; or an appraisal from {@link appraiseOnDemand}, each unit's row then made
 *   from what its outcome would be made of, as it is written, without the outcome
 * @param ruleSet - the rule set, for labels
 * @param rowsPerChunk - units per piece (the first piece is the byte-order mark and the header alone); a
 *   number below 1, or not a number, counts as 1, and a fraction is rounded down. 500 rows are some 80 KB of
 *   text, which V8 collects as soon as it is written; pieces of several thousand rows are made where only a
 *   full collection frees them
 * @returns the pieces, which joined are renderCsv's text
 */
export function* csvChunks(result: AppraisalResult | Appraisal, ruleSet: RuleSet, rowsPerChunk = 500): Generator<string, void, undefined> {
  if (_isAppraisal(result)) {
    yield* _csvPieces(ruleSet, result.size, (index) => result._tableRow(index), rowsPerChunk, true);
    return;
  }
  const units = (result as Partial<AppraisalResult>).units;
  if (!Array.isArray(units)) throw new TypeError('csvChunks: expected a result (with its units), or an appraisal from appraiseOnDemand');
  yield* _csvPieces(ruleSet, units.length, (index) => _rowOf(units[index] as UnitOutcome), rowsPerChunk);
}

/**
 * {@link csvChunks}'s pieces for `count` units, each unit's row read from `rowAt` by its place, once: the command
 * writes rows made as they are asked for, from what outcomes are made of, this way.
 *
 * @param ruleSet - the rule set, for labels
 * @param count - how many units
 * @param rowAt - the row of the unit at a place, from 0 to `count` - 1
 * @param rowsPerChunk - as for {@link csvChunks}
 * @param ownRows - whether the rows are an appraisal's own (`_tableRow`): their codes are identifiers and their
 *   scores, composites and changes decimals, which no cell of these holds anything to quote in, and only their names,
 *   labels, lists and reasons are looked at (the same text as csvFormatRow's; a test holds the two to it)
 * @returns the pieces
 */
export function* _csvPieces(ruleSet: RuleSet, count: number, rowAt: (index: number) => _UnitRow, rowsPerChunk = 500, ownRows = false): Generator<string, void, undefined> {
  const lines = _csvLines(ruleSet, count, rowAt, ownRows);
  // the byte-order mark and the header alone, then the rows
  const header = lines.next();
  if (header.done === true) return;
  yield header.value;
  yield* _inPieces(lines, Math.max(1, Math.floor(rowsPerChunk) || 1));
}

/**
 * Texts joined, so many at a time.
 *
 * @param texts - the texts
 * @param per - how many to a piece (at least 1)
 * @returns the pieces, the last one with what is left
 */
export function* _inPieces(texts: Iterable<string>, per: number): Generator<string, void, undefined> {
  let text = '';
  let count = 0;
  for (const line of texts) {
    text += line;
    if (++count >= per) {
      yield text;
      text = '';
      count = 0;
    }
  }
  if (count > 0) yield text;
}

/**
 * {@link _csvPieces}'s text a line at a time: the byte-order mark and the header, then each unit's row, each with its
 * line break. The command encodes them as they come.
 *
 * @param ruleSet - the rule set, for labels
 * @param count - how many units
 * @param rowAt - the row of the unit at a place, from 0 to `count` - 1
 * @param ownRows - as for {@link _csvPieces}
 * @returns the lines
 */
export function* _csvLines(ruleSet: RuleSet, count: number, rowAt: (index: number) => _UnitRow, ownRows = false): Generator<string, void, undefined> {
  const labels = labelsOf(ruleSet);
  const header = [
    '编码', '单位', '类别', '状态', '等次', '综合得分', '类内排名', '类内单位数',
    ...ruleSet.indicators.map((indicator) => _text(indicator.counts ? indicator.label : `${indicator.label}（不计分）`)),
    '加分', '扣分', '上年综合得分', '比上年', '评价', '后续事项', '说明',
  ];
  // units decided alike share their lists of mentions and of flags, frozen: each such list's text is made once
  const mentionTexts = new Map<readonly string[], string>();
  const flagTexts = new Map<readonly string[], string>();
  const listText = (texts: Map<readonly string[], string>, list: readonly string[], label: (id: string) => string): string => {
    if (list.length === 0) return '';
    if (!Object.isFrozen(list)) return _text(list.map(label).join('；'));
    let text = texts.get(list);
    if (text === undefined) texts.set(list, (text = _text(list.map(label).join('；'))));
    return text;
  };
  const row = (unit: _UnitRow): string[] => {
    const scores = unit.scores;
    const cells = new Array<string>(15 + scores.length);
    let c = 0;
    cells[c++] = unit.id;
    cells[c++] = _text(unit.name);
    cells[c++] = _text(labels.category(unit.category));
    cells[c++] = STATUS_LABELS[unit.status];
    cells[c++] = _text(labels.grade(unit.grade));
    cells[c++] = unit.composite ?? '';
    cells[c++] = unit.rank === null ? '' : String(unit.rank);
    cells[c++] = unit.composite === null ? '' : String(unit.groupSize);
    for (let k = 0; k < scores.length; k++) cells[c++] = scores[k] ?? '';
    cells[c++] = unit.bonus ?? '';
    cells[c++] = unit.deduction ?? '';
    cells[c++] = unit.priorComposite ?? '';
    cells[c++] = unit.change ?? '';
    cells[c++] = listText(mentionTexts, unit.mentions, labels.mention);
    cells[c++] = listText(flagTexts, unit.flags, labels.flag);
    cells[c++] = _text(unit.reason);
    return cells;
  };
  // the cells of texts that many units share (labels, reasons, lists of mentions and of flags), each looked through
  // for what needs quotes once, up to a few thousand texts
  const cells = new Map<string, string>();
  const cellOf = (text: string): string => {
    let cell = cells.get(text);
    if (cell === undefined) {
      cell = _cell(_text(text));
      if (cells.size < _SHARED_CELLS) cells.set(text, cell);
    }
    return cell;
  };
  // an appraisal's own row written straight, without a list of its cells to join and look through: a microsecond
  // a row, a second for a million units
  const line = (unit: _UnitRow): string => {
    let text = `${unit.id},${_cell(_text(unit.name))},${cellOf(labels.category(unit.category))},${cellOf(STATUS_LABELS[unit.status])},${cellOf(labels.grade(unit.grade))},${unit.composite ?? ''},${unit.rank ?? ''},${unit.composite === null ? '' : unit.groupSize}`;
    const scores = unit.scores;
    for (let k = 0; k < scores.length; k++) text += `,${scores[k] ?? ''}`;
    return `${text},${unit.bonus ?? ''},${unit.deduction ?? ''},${unit.priorComposite ?? ''},${unit.change ?? ''},${cellOf(listText(mentionTexts, unit.mentions, labels.mention))},${cellOf(listText(flagTexts, unit.flags, labels.flag))},${cellOf(unit.reason)}`;
  };
  // each record ends with its own line break, so the lines join into one text
  yield `\ufeff${csvFormatRow(header)}\r\n`;
  if (ownRows) for (let i = 0; i < count; i++) yield `${line(rowAt(i))}\r\n`;
  else for (let i = 0; i < count; i++) yield `${_formatRow(row(rowAt(i)))}\r\n`;
}

/**
 * A text as a cell of its own: one that begins as a formula does (`=`, `+`, `-`, `@`, a tab or a carriage
 * return) is given a leading `'`, which Excel and WPS show as text rather than run (a unit's name
 * `=HYPERLINK(…)` from one of many submitters). Numbers are not texts here: a change of `-1.50` stays as it is.
 */
function _text(text: string): string {
  const first = text.charCodeAt(0);
  return first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 || first === 0x09 || first === 0x0d ? `'${text}` : text;
}

/** How many texts' cells a CSV's lines keep (see {@link _csvLines}). */
const _SHARED_CELLS = 4096;

/** A cell as csvFormatRow writes it: quoted where it holds a comma, a double quote or a line break. */
function _cell(text: string): string {
  return _NEEDS_QUOTES.test(text) || text.indexOf(',') !== -1 ? csvFormatRow([text]) : text;
}

/**
 * A row as d3-dsv's csvFormatRow writes it. Most rows have no cell to quote: their cells joined are the row, which
 * a look for a comma in each cell and one look at the joined text (no quote mark or line break) tell, instead of a
 * regular expression run over each cell.
 */
export function _formatRow(cells: readonly string[]): string {
  for (let i = 0; i < cells.length; i++) if ((cells[i] as string).indexOf(',') !== -1) return csvFormatRow(cells as string[]);
  const text = cells.join(',');
  return _NEEDS_QUOTES.test(text) ? csvFormatRow(cells as string[]) : text;
}

/** What in a cell makes csvFormatRow quote it, but the delimiter. */
const _NEEDS_QUOTES = /["\n\r]/;
