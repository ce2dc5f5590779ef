/**
 * Gives each text one string: the first seen of its value, so that a million equal texts (scores, totals) are one
 * string, not a million. Up to 65,536 values are kept; past that, texts pass as they are (scores with many
 * places may all differ, and then there is nothing to share). Anything but a string passes as it is.
 *
 * @returns the function that gives a text its kept string
 */
export function textInterner(): <T>(value: T) => T {
  const seen = new Map<string, string>();
  return <T>(value: T): T => {
    if (typeof value !== 'string') return value;
    const kept = seen.get(value);
    if (kept !== undefined) return kept as T;
    if (seen.size < 65536) seen.set(value, value);
    return value;
  };
}
