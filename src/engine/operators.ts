import { Operator } from 'json-rules-engine';
import { compareExact } from '../scoring/decimal.js';

/**
 * Reads an operand as a plain decimal string: a decimal string as it is, a safe integer (ranks, sizes)
 * written out.
 *
 * @param value - a fact's value or a condition's value
 * @returns the decimal string, or null when the value is missing or not a number
 */
export function _toDecimal(value: unknown): string | null {
  if (typeof value === 'string' && isDecimalText(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

/**
 * Whether a text is a plain decimal, `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, checked character by character: every
 * decimal comparison of every rule checks both its operands.
 *
 * @param text - the text
 * @returns true for `-12.50`, `0`, `7`; false for `07`, `1.`, `.5`, `1e3`, ` 1`
 */
export function isDecimalText(text: string): boolean {
  const length = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  const first = text.charCodeAt(i);
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) {
    i++;
    while (i < length && _isDigit(text.charCodeAt(i))) i++;
  } else return false;
  if (i === length) return true;
  if (text.charCodeAt(i) !== 46 || i + 1 === length) return false;
  for (i++; i < length; i++) if (!_isDigit(text.charCodeAt(i))) return false;
  return true;
}

function _isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Each of kaoping's decimal operators with what it asks of the order of its operands. */
const _PREDICATES = new WeakMap<Operator, (order: number) => boolean>();

/**
 * What one of kaoping's own decimal operators asks of the order of its operands (for `decimalGreaterThan`,
 * that it is positive), so that a condition comparing a fact with a constant can check the constant once: the
 * operator's `evaluate` is then `_toDecimal(fact) !== null && predicate(compareExact(fact, constant))`.
 *
 * @param operator - an operator, as json-rules-engine's operator map gives it
 * @returns the predicate for kaoping's own operator objects, undefined for any other (a decorated one, say)
 */
export function decimalPredicateOf(operator: Operator): ((order: number) => boolean) | undefined {
  return _PREDICATES.get(operator);
}

function _decimalOperator(name: string, holds: (order: number) => boolean): Operator {
  const operator = new Operator(
    name,
    (factValue: unknown, compareTo: unknown) => {
      const left = _toDecimal(factValue);
      const right = _toDecimal(compareTo);
      return left !== null && right !== null && holds(compareExact(left, right));
    },
    // json-rules-engine returns false without calling the operator when this fails: no data, no claim
    (factValue: unknown) => _toDecimal(factValue) !== null,
  );
  _PREDICATES.set(operator, holds);
  return operator;
}

/**
 * The exact decimal comparisons kaoping adds to json-rules-engine: decimalEqual, decimalNotEqual,
 * decimalGreaterThan, decimalGreaterThanInclusive, decimalLessThan, decimalLessThanInclusive. Each
 * is false when the fact has no value.
 */
export const decimalOperators: readonly Operator[] = [
  _decimalOperator('decimalEqual', (order) => order === 0),
  _decimalOperator('decimalNotEqual', (order) => order !== 0),
  _decimalOperator('decimalGreaterThan', (order) => order > 0),
  _decimalOperator('decimalGreaterThanInclusive', (order) => order >= 0),
  _decimalOperator('decimalLessThan', (order) => order < 0),
  _decimalOperator('decimalLessThanInclusive', (order) => order <= 0),
];

/**
 * json-rules-engine's `pathResolver`: follows `$.a.b` through own properties only. No filters,
 * wildcards or scripts, so a rule file can neither run code nor reach an object's prototype.
 *
 * @param value - the fact's value
 * @param path - a path such as `$.duties.score`
 * @returns the value found, or undefined
 */
export function resolvePath(value: unknown, path: string): unknown {
  return resolveKeys(value, pathKeys(path));
}

/**
 * The keys of a path as {@link resolvePath} follows them: `$.a.b` → `a`, `b`.
 *
 * @param path - a path such as `$.duties.score`
 * @returns its keys, after the leading `$`
 */
export function pathKeys(path: string): string[] {
  return path.split('.').slice(1);
}

/**
 * Follows keys through own properties only, as {@link resolvePath} does for a path split once beforehand.
 *
 * @param value - the fact's value
 * @param keys - from {@link pathKeys}
 * @returns the value found, or undefined
 */
export function resolveKeys(value: unknown, keys: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
