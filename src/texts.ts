import { TextsByNumber } from './numbered.js';

/**
 * Gives each text one string: the first seen of its value, so that a million equal texts (scores, totals) are one
 * string, not a million. Up to 65,536 values are kept; past that, texts pass as they are (scores with many
 * places may all differ, and then there is nothing to share). Anything but a string passes as it is.
 *
 * Most texts kept are scores with two places, from `0.00` to `999.99`: those are kept in a list by their value in
 * hundredths, found by reading their few digits, which is several times cheaper than hashing them for a map.
 *
 * @returns the function that gives a text its kept string (given, as its second argument, the text's
 *   {@link _hundredths} where the caller has them)
 */
export function textInterner(): <T>(value: T, hundredths?: number) => T {
  const seen = new Map<string, string>();
  const hundredths = new TextsByNumber();
  // `known`: the text's value in hundredths, where the caller has worked it out already
  return <T>(value: T, known?: number): T => {
    if (typeof value !== 'string') return value;
    const key = known ?? _hundredths(value);
    if (key >= 0) {
      const kept = hundredths.get(key);
      if (kept !== undefined) return kept as T;
      hundredths.set(key, value);
      return value;
    }
    const kept = seen.get(value);
    if (kept !== undefined) return kept as T;
    if (seen.size < 65536) seen.set(value, value);
    return value;
  };
}

/**
 * A decimal written with two places, from `0.00` to `999.99` and without a leading zero, as its value in hundredths
 * (a number below 100,000 that no other such text has); -1 for any other text. With `from` and `end`, the text
 * between them.
 */
export function _hundredths(text: string, from = 0, end = text.length): number {
  const length = end - from;
  if (length < 4 || length > 6 || text.charCodeAt(end - 3) !== 0x2e) return -1;
  if (length > 4 && text.charCodeAt(from) === 0x30) return -1;
  let value = 0;
  for (let i = from; i < end; i++) {
    if (i === end - 3) continue;
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
