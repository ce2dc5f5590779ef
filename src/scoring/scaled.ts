import type { RoundingMode } from './decimal.js';

/**
 * An exact decimal as a scaled integer: `value × 10^-scale`. Scores with a fixed number of decimals are
 * integers in disguise, so the sums and products of an appraisal need neither floats nor decimal.js objects.
 * The integer is a plain number while it is a safe integer (below 2^53 in size), where every operation here is
 * exact, and a BigInt beyond, where it stays exact at any size; each operation checks its result and moves to
 * BigInt when the result would leave the safe range. A value is a number exactly when it is safe, so equal
 * values are always of the same type. Property tests hold every operation equal to decimal.js, on both sides
 * of the boundary.
 */
export interface Scaled {
  readonly value: number | bigint;
  readonly scale: number;
}

const POWERS: bigint[] = [1n];
/** 10^n as a BigInt, cached. */
function _power(n: number): bigint {
  while (POWERS.length <= n) POWERS.push((POWERS.at(-1) as bigint) * 10n);
  return POWERS[n] as bigint;
}

/** 10^0 … 10^15 as numbers: each exact, and what a safe integer can be multiplied by and stay checkable. */
const _NUMBER_POWERS = Array.from({ length: 16 }, (_, n) => 10 ** n);

/** A BigInt as the value of a {@link Scaled}: a number when it is a safe integer. */
function _canonical(value: bigint): number | bigint {
  return value >= _MIN_SAFE && value <= _MAX_SAFE ? Number(value) : value;
}
const _MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const _MIN_SAFE = -_MAX_SAFE;

/** Zero, at scale 0. */
export const ZERO: Scaled = { value: 0, scale: 0 };

/**
 * Reads a plain decimal string (`-12.50`, `7`).
 *
 * @param text - a plain decimal string, as the schema admits
 * @returns the exact scaled value
 */
export function scaled(text: string): Scaled {
  const point = text.indexOf('.');
  const scale = point < 0 ? 0 : text.length - point - 1;
  const negative = text.charCodeAt(0) === 45;
  // up to 15 digits the integer is below 10^15, safe: read digit by digit (each step exact)
  if (text.length - (negative ? 1 : 0) - (point < 0 ? 0 : 1) <= 15) {
    let value = 0;
    for (let at = negative ? 1 : 0; at < text.length; at++) if (at !== point) value = value * 10 + (text.charCodeAt(at) - 48);
    // "-0" is 0: the sign of zero means nothing here
    return { value: negative && value !== 0 ? -value : value, scale };
  }
  return { value: _canonical(BigInt(point < 0 ? text : text.slice(0, point) + text.slice(point + 1))), scale };
}

/** A value's integer at a larger scale. */
function _at(a: Scaled, scale: number): number | bigint {
  if (a.scale === scale) return a.value;
  const shift = scale - a.scale;
  if (typeof a.value === 'number' && shift < _NUMBER_POWERS.length) {
    const value = a.value * (_NUMBER_POWERS[shift] as number);
    if (Number.isSafeInteger(value)) return value;
  }
  return BigInt(a.value) * _power(shift);
}

/** a + b, exactly. */
export function add(a: Scaled, b: Scaled): Scaled {
  const scale = Math.max(a.scale, b.scale);
  const x = _at(a, scale);
  const y = _at(b, scale);
  if (typeof x === 'number' && typeof y === 'number') {
    // exact whenever the true sum is safe; when it is not, neither is the rounded one
    const sum = x + y;
    if (Number.isSafeInteger(sum)) return { value: sum, scale };
  }
  return { value: _canonical(BigInt(x) + BigInt(y)), scale };
}

/** a − b, exactly. */
export function subtract(a: Scaled, b: Scaled): Scaled {
  const scale = Math.max(a.scale, b.scale);
  const x = _at(a, scale);
  const y = _at(b, scale);
  if (typeof x === 'number' && typeof y === 'number') {
    const difference = x - y;
    if (Number.isSafeInteger(difference)) return { value: difference, scale };
  }
  return { value: _canonical(BigInt(x) - BigInt(y)), scale };
}

/** a × b, exactly. */
export function multiply(a: Scaled, b: Scaled): Scaled {
  const scale = a.scale + b.scale;
  if (typeof a.value === 'number' && typeof b.value === 'number') {
    // as for sums: a product of safe integers is exact when it is safe, and found unsafe when it is not
    const product = a.value * b.value;
    if (Number.isSafeInteger(product)) return { value: product === 0 ? 0 : product, scale };
  }
  return { value: _canonical(BigInt(a.value) * BigInt(b.value)), scale };
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: Scaled, b: Scaled): number {
  const scale = Math.max(a.scale, b.scale);
  // JavaScript compares a number with a BigInt exactly
  const x = _at(a, scale);
  const y = _at(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The smaller of a and b. */
export function min(a: Scaled, b: Scaled): Scaled {
  return compare(a, b) <= 0 ? a : b;
}

/**
 * Rounds to a number of decimal places with one of the rule set's rounding modes, exactly as decimal.js's
 * `toDecimalPlaces` does.
 *
 * @param a - the value
 * @param decimals - places to keep
 * @param mode - rounding mode
 * @returns the rounded value, at scale `decimals` (or its own, when it has fewer places)
 */
export function round(a: Scaled, decimals: number, mode: RoundingMode): Scaled {
  if (a.scale <= decimals) return a;
  const shift = a.scale - decimals;
  if (typeof a.value === 'number' && shift < _NUMBER_POWERS.length) return _roundNumber(a.value, _NUMBER_POWERS[shift] as number, decimals, mode);
  const value = BigInt(a.value);
  const divisor = _power(shift);
  const quotient = value / divisor; // truncates toward zero
  const remainder = value - quotient * divisor;
  if (remainder === 0n) return { value: _canonical(quotient), scale: decimals };
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const away = _roundsAway(mode, twice === divisor ? 0 : twice > divisor ? 1 : -1, value < 0n, quotient % 2n === 0n);
  return { value: _canonical(away ? quotient + (value < 0n ? -1n : 1n) : quotient), scale: decimals };
}

/** {@link round} of a safe integer: `%` and the division of an exact multiple are exact on integers. */
function _roundNumber(value: number, divisor: number, decimals: number, mode: RoundingMode): Scaled {
  const remainder = value % divisor;
  const quotient = (value - remainder) / divisor;
  if (remainder === 0) return { value: quotient === 0 ? 0 : quotient, scale: decimals };
  const twice = Math.abs(remainder) * 2;
  const away = _roundsAway(mode, twice === divisor ? 0 : twice > divisor ? 1 : -1, value < 0, quotient % 2 === 0);
  const rounded = away ? quotient + (value < 0 ? -1 : 1) : quotient;
  return { value: rounded === 0 ? 0 : rounded, scale: decimals };
}

/**
 * Whether a value with a remainder rounds away from zero.
 *
 * @param mode - the rounding mode
 * @param half - how the remainder compares with half a unit: -1 below, 0 at, 1 above
 * @param negative - whether the value is negative
 * @param even - whether the truncated quotient is even
 */
function _roundsAway(mode: RoundingMode, half: number, negative: boolean, even: boolean): boolean {
  switch (mode) {
    case 'down':
      return false;
    case 'up':
      return true;
    case 'ceil':
      return !negative;
    case 'floor':
      return negative;
    default:
      if (half !== 0) return half > 0;
      if (mode === 'half-up') return true;
      if (mode === 'half-down') return false;
      if (mode === 'half-even') return !even;
      if (mode === 'half-ceil') return !negative;
      return negative;
  }
}

/**
 * Writes a value as a plain decimal string with at least `decimals` places (more when it has them), as
 * decimal.js's `toFixed(max(decimals, dp))` does: trailing zeros beyond `decimals` are dropped.
 *
 * @param a - the value
 * @param decimals - the minimum number of places
 * @returns e.g. `"39.50"`
 */
export function format(a: Scaled, decimals: number): string {
  let { value, scale } = a;
  // drop trailing zeros beyond the minimum
  if (typeof value === 'number') {
    while (scale > decimals && value % 10 === 0) {
      value /= 10;
      scale -= 1;
    }
  } else {
    while (scale > decimals && value % 10n === 0n) {
      value /= 10n;
      scale -= 1;
    }
  }
  if (scale < decimals) {
    value = _at({ value, scale }, decimals);
    scale = decimals;
  }
  const negative = value < 0;
  // a safe integer's String() is its digits, never exponent notation (that starts at 10^21)
  const digits = (negative ? -value : value).toString();
  if (scale === 0) return `${negative ? '-' : ''}${digits}`;
  const padded = digits.padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}
