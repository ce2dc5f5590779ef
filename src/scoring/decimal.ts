import DecimalJs from 'decimal.js';

/**
 * The decimal type kaoping computes with: an isolated decimal.js constructor, so that our settings
 * never change a caller's own `Decimal`. Inputs are limited to 12 digits before the point, 12 after and
 * 20 in all (see the schema), so a product of two needs at most 48 digits and sums of such a few more:
 * 100 significant digits keep every sum and product exact. Rounding to the rule set's precision is
 * always explicit; only quotients (averages, percentiles, shares) are rounded, and they say so.
 */
export const Decimal = DecimalJs.clone({ precision: 100, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
/** An instance of kaoping's {@link Decimal}. */
export type Decimal = InstanceType<typeof Decimal>;

/** Rounding modes a rule set may name, and decimal.js's constants for them. */
export const ROUNDING_MODES: Readonly<Record<RoundingMode, DecimalJs.Rounding>> = {
  up: DecimalJs.ROUND_UP,
  down: DecimalJs.ROUND_DOWN,
  ceil: DecimalJs.ROUND_CEIL,
  floor: DecimalJs.ROUND_FLOOR,
  'half-up': DecimalJs.ROUND_HALF_UP,
  'half-down': DecimalJs.ROUND_HALF_DOWN,
  'half-even': DecimalJs.ROUND_HALF_EVEN,
  'half-ceil': DecimalJs.ROUND_HALF_CEIL,
  'half-floor': DecimalJs.ROUND_HALF_FLOOR,
};

/** The name of a rounding mode, e.g. `half-up` (四舍五入). */
export type RoundingMode = 'up' | 'down' | 'ceil' | 'floor' | 'half-up' | 'half-down' | 'half-even' | 'half-ceil' | 'half-floor';

/**
 * Rounds to a number of decimal places with a named mode.
 *
 * @param value - the exact value
 * @param decimals - decimal places to keep
 * @param mode - rounding mode
 * @returns the rounded value
 */
export function roundTo(value: Decimal, decimals: number, mode: RoundingMode): Decimal {
  return value.toDecimalPlaces(decimals, ROUNDING_MODES[mode]);
}

/**
 * Compares two decimal strings exactly.
 *
 * @param a - left operand, a plain decimal string
 * @param b - right operand, a plain decimal string
 * @returns -1, 0 or 1
 */
export function compareDecimals(a: string, b: string): number {
  return compareExact(a, b);
}

/**
 * Compares two plain decimal strings (`-12.50`, `7`) exactly, digit by digit, without allocating a decimal:
 * the comparison every rule and every ranking makes, so it is kept cheap. Property tests hold it equal to
 * decimal.js's `comparedTo`.
 *
 * @param a - a plain decimal string
 * @param b - a plain decimal string
 * @returns -1, 0 or 1
 */
export function compareExact(a: string, b: string): number {
  // each operand's digits as positions in its text, so nothing is cut out or allocated: the integer digits
  // without leading zeros, the fraction digits without trailing zeros
  const negativeA = a.charCodeAt(0) === 45;
  const negativeB = b.charCodeAt(0) === 45;
  const pointA = _point(a);
  const pointB = _point(b);
  const intA = _skipZeros(a, negativeA ? 1 : 0, pointA);
  const intB = _skipZeros(b, negativeB ? 1 : 0, pointB);
  const endA = _fractionEnd(a, pointA);
  const endB = _fractionEnd(b, pointB);
  const zeroA = intA === pointA && endA <= pointA + 1;
  const zeroB = intB === pointB && endB <= pointB + 1;
  if (zeroA && zeroB) return 0;
  const signA = zeroA ? 0 : negativeA ? -1 : 1;
  const signB = zeroB ? 0 : negativeB ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  let order = 0;
  const lengthA = pointA - intA;
  const lengthB = pointB - intB;
  if (lengthA !== lengthB) order = lengthA < lengthB ? -1 : 1;
  else {
    for (let k = 0; k < lengthA && order === 0; k++) order = _order(a.charCodeAt(intA + k), b.charCodeAt(intB + k));
    // trailing zeros are stripped, so of two fractions that agree as far as the shorter goes, the longer is larger
    const fractionA = Math.max(0, endA - pointA - 1);
    const fractionB = Math.max(0, endB - pointB - 1);
    for (let k = 0; k < Math.min(fractionA, fractionB) && order === 0; k++) order = _order(a.charCodeAt(pointA + 1 + k), b.charCodeAt(pointB + 1 + k));
    if (order === 0 && fractionA !== fractionB) order = fractionA < fractionB ? -1 : 1;
  }
  return signA < 0 && order !== 0 ? -order : order;
}

/** Where the decimal point is, or the text's length when it has none. */
function _point(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? text.length : point;
}

/** The first position from `start` before `end` that is not a zero (`end` when all are). */
function _skipZeros(text: string, start: number, end: number): number {
  let at = start;
  while (at < end && text.charCodeAt(at) === 48) at++;
  return at;
}

/** Where the fraction digits end once trailing zeros are dropped (at most `point + 1` when there are none). */
function _fractionEnd(text: string, point: number): number {
  let end = text.length;
  while (end > point + 1 && text.charCodeAt(end - 1) === 48) end--;
  return end;
}

function _order(x: number, y: number): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The exact difference `a − b` of two decimal strings (or safe integers), as a plain string.
 *
 * @param a - minuend
 * @param b - subtrahend
 * @returns the difference, e.g. `"0.42"`
 */
export function difference(a: string | number, b: string | number): string {
  return new Decimal(a).minus(b).toFixed();
}

/**
 * The exact sum of decimal strings.
 *
 * @param values - decimal strings
 * @returns the sum as a plain string
 */
export function sumOf(values: readonly string[]): string {
  return values.reduce((acc, value) => acc.plus(value), new Decimal(0)).toFixed();
}

/**
 * The most the counted indicators can add to a composite: Σ points × weight.
 *
 * @param indicators - a rule set's indicators
 * @returns the full marks as a plain string
 */
export function fullMarks(indicators: readonly { points: string; weight: string; counts: boolean }[]): string {
  return indicators.filter((indicator) => indicator.counts).reduce((acc, indicator) => acc.plus(new Decimal(indicator.points).times(indicator.weight)), new Decimal(0)).toFixed();
}
