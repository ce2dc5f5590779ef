import type { Dataset } from './dataset.js';
import { isIdentifier, isNonNegativeDecimalText } from './primitives.js';

type ScoreRow = Dataset['scores'][number];

/** The keys a score row may have. */
const _KEYS: ReadonlySet<string> = new Set(['unit', 'indicator', 'score', 'subject']);

/**
 * A dataset's score rows as the dataset schema would give them, checked without zod, or null as soon as one row
 * is not plainly valid (zod then checks them all and says what is wrong). Score rows are most of a large
 * dataset and nearly always valid; checked here, they cost a fraction of zod's object and union machinery.
 * Plainly valid: a plain object with `unit`, `indicator` and `score` and perhaps `subject`, nothing else,
 * identifiers as {@link isIdentifier} and the score a string as {@link isNonNegativeDecimalText}. Anything else,
 * a score written as a JSON number included, is left to zod. A property test holds the rows given here equal
 * to zod's, key order included.
 *
 * @param rows - the `scores` array of a dataset as parsed JSON
 * @returns new row objects, or null
 */
export function plainScoreRows(rows: readonly unknown[], keep = false): ScoreRow[] | null {
  // kept: the rows themselves, where nothing else holds them (what zod gives is a copy)
  const result: ScoreRow[] | undefined = keep ? undefined : new Array<ScoreRow>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    // a plain object, with Object's prototype or none: arrays, class instances and the like are left to zod
    if (row === null || typeof row !== 'object') return null;
    const prototype = Object.getPrototypeOf(row) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return null;
    // no key but these among those enumerated, inherited ones included (zod's view of unknown keys); the values
    // are read as zod reads them, enumerable or not
    let hasSubject = false;
    let own = 0;
    for (const key in row) {
      if (!_KEYS.has(key)) return null;
      if (key === 'subject') hasSubject = true;
      if (Object.hasOwn(row, key)) own++;
    }
    const { unit, indicator, subject, score } = row as Record<string, unknown>;
    if (typeof unit !== 'string' || typeof indicator !== 'string' || typeof score !== 'string') return null;
    // a subject that is there but not enumerable (zod reads it all the same) is left to zod too
    if (hasSubject ? typeof subject !== 'string' || !isIdentifier(subject) : subject !== undefined) return null;
    if (!isIdentifier(unit) || !isIdentifier(indicator) || !isNonNegativeDecimalText(score)) return null;
    // a row kept as it is must be one a copy would equal: every value its own and enumerable
    if (!result && own !== (hasSubject ? 4 : 3)) return null;
    if (result) result[i] = hasSubject ? { unit, indicator, subject: subject as string, score } : { unit, indicator, score };
  }
  return result ?? (rows as ScoreRow[]);
}
