import * as z from 'zod';
import { ValidationError } from '../errors.js';
import type { DatasetInput } from '../schema/dataset.js';
import type { ParseOptions } from '../schema/parse.js';
import { _safeParse } from '../schema/parse.js';
import { STATUSES, decimalString, identifier } from '../schema/primitives.js';

/** The parts of a kaoping result that a next year's appraisal reads. Other keys are allowed and ignored. */
const resultShape = z.object({
  ruleSet: z.object({ year: z.int() }).optional(),
  units: z.array(
    z.object({
      id: identifier,
      status: z.enum(STATUSES),
      grade: identifier.nullable(),
      composite: decimalString.nullable(),
    }),
  ),
});

/**
 * Turns last year's kaoping JSON result into this year's prior-year table: each unit's composite and
 * grade, by unit id. Units with neither (excluded last year) are left out.
 *
 * @param input - last year's result, as parsed JSON (the output of `kaoping run --format json`)
 * @param options - where it came from, for messages
 * @returns prior-year entries for a dataset's `prior`
 * @throws {@link ValidationError} when the input is not a kaoping result
 * @example
 * ```ts
 * // on the input, before it is parsed (a parsed dataset is frozen)
 * const input = JSON.parse(await readFile('dataset-2014.json', 'utf8'));
 * input.prior = priorFromResult(JSON.parse(await readFile('results-2013.json', 'utf8')));
 * const dataset = parseDataset(input, ruleSet);
 * ```
 */
export function priorFromResult(input: unknown, options: ParseOptions = {}): NonNullable<DatasetInput['prior']> {
  // problems said as the dataset's are (what was found, what was expected), each as a result's
  const parsed = _safeParse(resultShape, input, 'dataset', options, true);
  if (!parsed.ok) {
    throw new ValidationError(parsed.issues.slice(0, 20).map((issue) => ({ ...issue, code: 'prior-result', message: `not a kaoping result: ${issue.message}` })));
  }
  return parsed.value.units
    .filter((unit) => unit.composite !== null || unit.grade !== null)
    .map((unit) => ({
      unit: unit.id,
      ...(unit.composite === null ? {} : { composite: unit.composite }),
      ...(unit.grade === null ? {} : { grade: unit.grade }),
    }));
}

/**
 * Whether parsed JSON looks like a kaoping result (rather than a prior-year table).
 *
 * @param input - parsed JSON
 * @returns true for an object with a `units` array whose entries carry a `status`
 */
export function isAppraisalResult(input: unknown): boolean {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return false;
  const units = (input as { units?: unknown }).units;
  return Array.isArray(units) && units.length > 0 && units.every((unit) => unit !== null && typeof unit === 'object' && 'status' in unit);
}
