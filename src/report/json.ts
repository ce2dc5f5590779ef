import type { AppraisalResult } from '../outcomes/types.js';

/**
 * Renders the full result as JSON: every unit with its numbers (decimal strings) and explanation, keys
 * in a fixed order, so the same appraisal always gives the same bytes.
 *
 * @param result - the appraisal result
 * @returns indented JSON ending with a newline
 */
export function renderJson(result: AppraisalResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
