import { _forWriting, _isAppraisal } from '../outcomes/appraise.js';
import type { Appraisal, AppraisalResult } from '../outcomes/types.js';

/**
 * Renders the full result as JSON: every unit with its numbers (decimal strings) and explanation, keys
 * in a fixed order, so the same appraisal always gives the same bytes.
 *
 * A JavaScript string holds at most about 500 million characters (2^29 in Node 20), and a unit's explanation
 * takes a few kilobytes of JSON: a result of tens of thousands of units is too large for one string. Write such
 * a result with {@link jsonChunks}, which gives the same text in pieces.
 *
 * @param result - the appraisal result, or an appraisal from {@link appraiseOnDemand} (written as its result)
 * @returns indented JSON ending with a newline
 */
export function renderJson(result: AppraisalResult | Appraisal): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/**
 * The text of {@link renderJson} in pieces, made one at a time: the first piece runs up to the first unit, each
 * of the others holds `unitsPerPiece` units (the last one also the rest of the text). Joined, the pieces are
 * renderJson's text, byte for byte, for a result of any size; written as they come, a result of a million
 * units is written without its whole text in memory at once.
 *
 * @param result - the appraisal result; or an appraisal from {@link appraiseOnDemand}, each outcome then made as it
 *   is written and let go, so that not all are in memory at once
 * @param unitsPerPiece - units per piece after the first
 * @returns the pieces
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * await writeFile('results.json', jsonChunks(result));
 * ```
 */
export function* jsonChunks(result: AppraisalResult | Appraisal, unitsPerPiece = 1000): Generator<string, void, undefined> {
  if (_isAppraisal(result)) {
    yield* _jsonPieces({ ruleSet: result.ruleSet, units: null, surveys: result.surveys }, result.size, (index) => result.outcome(index), unitsPerPiece);
    return;
  }
  const record = result as unknown as Record<string, unknown>;
  const units = record['units'];
  // what JSON.stringify does first: a result that says how it is written, or whose units are no list, is written
  // whole
  if (typeof record['toJSON'] === 'function' || !Array.isArray(units) || units.length === 0 || typeof (units as { toJSON?: unknown }).toJSON === 'function') {
    yield renderJson(result);
    return;
  }
  yield* _jsonPieces(record, units.length, (index) => _forWriting(units[index]), unitsPerPiece);
}

/**
 * {@link jsonChunks}'s pieces for a result whose units are read from `unitAt` by their place, once each, and
 * whose other members are `record`'s (its `units`, whatever it holds, only marks their place): the command
 * writes outcomes made as they are asked for, and not kept, this way.
 *
 * @param record - the result's members, in order, `units` among them
 * @param count - how many units
 * @param unitAt - the unit at a place, from 0 to `count` - 1, as JSON.stringify is to read it
 * @param unitsPerPiece - as for {@link jsonChunks}
 * @returns the pieces
 */
export function* _jsonPieces(record: Readonly<Record<string, unknown>>, count: number, unitAt: (index: number) => unknown, unitsPerPiece = 1000): Generator<string, void, undefined> {
  if (count === 0) {
    yield `${JSON.stringify({ ...record, units: [] }, null, 2)}\n`;
    return;
  }
  // the result's own keys in order, each written as JSON.stringify writes a member at depth one; the units one
  // at a time, each as JSON.stringify writes an element at depth two (its lines indented four spaces: strings in
  // JSON hold no line breaks, so every line break is the layout's)
  const members: string[] = [];
  let before = '';
  for (const key of Object.keys(record)) {
    if (key === 'units') {
      before = members.length === 0 ? '{\n' : `{\n${members.join(',\n')},\n`;
      members.length = 0;
      members.push('');
      continue;
    }
    const text = JSON.stringify(record[key], null, 2) as string | undefined;
    if (text !== undefined) members.push(`  ${JSON.stringify(key)}: ${text.replace(/\n/g, '\n  ')}`);
  }
  // members now holds a placeholder for the units, then the members after them
  const after = members.slice(1);
  yield `${before}  "units": [\n`;
  // a piece's units are written in one call, as the units of an object like the result, and cut out of it: their
  // lines are then indented as in the result, without a copy of each unit's text to indent it
  const per = Math.max(1, Math.floor(unitsPerPiece) || 1);
  const opening = '{\n  "units": [\n'.length;
  const closing = '\n  ]\n}'.length;
  let piece = '';
  for (let start = 0; start < count; start += per) {
    const end = Math.min(start + per, count);
    const units = new Array<unknown>(end - start);
    for (let i = start; i < end; i++) units[i - start] = unitAt(i);
    const text = JSON.stringify({ units }, null, 2);
    piece = text.slice(opening, text.length - closing);
    if (end < count) yield `${piece},\n`;
  }
  yield `${piece}\n  ]${after.length === 0 ? '' : `,\n${after.join(',\n')}`}\n}\n`;
}
