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
  const negativeA = a.charCodeAt(0) === 45;
  const negativeB = b.charCodeAt(0) === 45;
  const [intA, fracA] = _parts(negativeA ? a.slice(1) : a);
  const [intB, fracB] = _parts(negativeB ? b.slice(1) : b);
  const zeroA = intA === '' && fracA === '';
  const zeroB = intB === '' && fracB === '';
  if (zeroA && zeroB) return 0;
  const signA = zeroA ? 0 : negativeA ? -1 : 1;
  const signB = zeroB ? 0 : negativeB ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  let order: number;
  if (intA.length !== intB.length) order = intA.length < intB.length ? -1 : 1;
  else if (intA !== intB) order = intA < intB ? -1 : 1;
  else if (fracA === fracB) order = 0;
  else order = fracA < fracB ? -1 : 1; // trailing zeros are stripped, so string order is numeric order
  return signA < 0 && order !== 0 ? -order : order;
}

/** Integer digits without leading zeros, fraction digits without trailing zeros. */
function _parts(unsigned: string): [string, string] {
  const point = unsigned.indexOf('.');
  let integer = point < 0 ? unsigned : unsigned.slice(0, point);
  let fraction = point < 0 ? '' : unsigned.slice(point + 1);
  let start = 0;
  while (start < integer.length && integer.charCodeAt(start) === 48) start++;
  if (start > 0) integer = integer.slice(start);
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 48) end--;
  if (end < fraction.length) fraction = fraction.slice(0, end);
  return [integer, fraction];
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
