import type { RoundingMode } from './decimal.js';

/**
 * An exact decimal as a scaled integer: `value × 10^-scale`. Scores with a fixed number of decimals are
 * integers in disguise, and BigInt keeps them exact at any size, so the sums and products of an appraisal
 * need neither floats nor decimal.js objects. Property tests hold every operation equal to decimal.js.
 */
export interface Scaled {
  readonly value: bigint;
  readonly scale: number;
}

const POWERS: bigint[] = [1n];
/** 10^n as a BigInt, cached. */
function _power(n: number): bigint {
  while (POWERS.length <= n) POWERS.push((POWERS.at(-1) as bigint) * 10n);
  return POWERS[n] as bigint;
}

/** Zero, at scale 0. */
export const ZERO: Scaled = { value: 0n, scale: 0 };

/**
 * Reads a plain decimal string (`-12.50`, `7`).
 *
 * @param text - a plain decimal string, as the schema admits
 * @returns the exact scaled value
 */
export function scaled(text: string): Scaled {
  const point = text.indexOf('.');
  if (point < 0) return { value: BigInt(text), scale: 0 };
  return { value: BigInt(text.slice(0, point) + text.slice(point + 1)), scale: text.length - point - 1 };
}

/** Brings a value to a larger scale. */
function _at(a: Scaled, scale: number): bigint {
  return a.scale === scale ? a.value : a.value * _power(scale - a.scale);
}

/** a + b, exactly. */
export function add(a: Scaled, b: Scaled): Scaled {
  const scale = Math.max(a.scale, b.scale);
  return { value: _at(a, scale) + _at(b, scale), scale };
}

/** a − b, exactly. */
export function subtract(a: Scaled, b: Scaled): Scaled {
  const scale = Math.max(a.scale, b.scale);
  return { value: _at(a, scale) - _at(b, scale), scale };
}

/** a × b, exactly. */
export function multiply(a: Scaled, b: Scaled): Scaled {
  return { value: a.value * b.value, scale: a.scale + b.scale };
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: Scaled, b: Scaled): number {
  const scale = Math.max(a.scale, b.scale);
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
  const divisor = _power(a.scale - decimals);
  const quotient = a.value / divisor; // truncates toward zero
  const remainder = a.value - quotient * divisor;
  if (remainder === 0n) return { value: quotient, scale: decimals };
  const sign = a.value < 0n ? -1n : 1n;
  const away = quotient + sign;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  const half = twice === divisor ? 0 : twice > divisor ? 1 : -1;
  let value: bigint;
  switch (mode) {
    case 'down':
      value = quotient;
      break;
    case 'up':
      value = away;
      break;
    case 'ceil':
      value = sign > 0n ? away : quotient;
      break;
    case 'floor':
      value = sign < 0n ? away : quotient;
      break;
    default: {
      if (half !== 0) value = half > 0 ? away : quotient;
      else if (mode === 'half-up') value = away;
      else if (mode === 'half-down') value = quotient;
      else if (mode === 'half-even') value = quotient % 2n === 0n ? quotient : away;
      else if (mode === 'half-ceil') value = sign > 0n ? away : quotient;
      else value = sign < 0n ? away : quotient;
    }
  }
  return { value, scale: decimals };
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
  while (scale > decimals && value % 10n === 0n) {
    value /= 10n;
    scale -= 1;
  }
  if (scale < decimals) {
    value *= _power(decimals - scale);
    scale = decimals;
  }
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString();
  if (scale === 0) return `${negative ? '-' : ''}${digits}`;
  const padded = digits.padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}
