import * as z from 'zod';
import { Decimal, ROUNDING_MODES, type RoundingMode } from '../scoring/decimal.js';

const DECIMAL_PATTERN = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * A decimal written as a string (`"92.77"`), or as a JSON number that a string would spell the same way.
 * Numbers with more than 15 significant digits are refused: JSON parsers have already rounded them.
 * The parsed value is always the plain decimal string.
 */
export const decimalString = z
  .union([z.string(), z.number()], { error: (issue) => `expected a decimal such as "92.77", found ${describe(issue.input)}` })
  // one check for the lot: the schema is applied to every score of a large dataset, so it is kept to a single step
  .transform((value, ctx) => {
    const text = String(value);
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || !DECIMAL_PATTERN.test(text) || significantDigits(text) > 15) {
        ctx.issues.push({ code: 'custom', input: value, message: `expected a plain decimal such as "92.77", found the number ${text}; ${_asString(value, text)}` });
        return z.NEVER;
      }
    } else if (!DECIMAL_PATTERN.test(value)) {
      // a percentage, typed or as a workbook's percentage format shows it: its number is what is wanted
      const percent = /^\s*-?\d+(\.\d+)?\s*%\s*$/.test(value) ? '; a percentage is written as its number, without %' : '';
      ctx.issues.push({ code: 'custom', input: value, message: `expected a plain decimal such as "92.77", found ${JSON.stringify(value)}${percent}` });
      return z.NEVER;
    }
    if (!_withinLimits(text)) {
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: _tooLong(text),
      });
      return z.NEVER;
    }
    return text;
  })
  .meta({ description: 'A decimal, preferably as a string ("92.77") so it stays exact.', pattern: '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?$' });

/**
 * Limits on decimals. Within them, kaoping's 100-digit arithmetic is exact for every sum and product an
 * appraisal makes (a score times a weight needs at most 24 + 24 digits, and sums of such add a few).
 */
export const MAX_INTEGER_DIGITS = 12;
/** See {@link MAX_INTEGER_DIGITS}. */
export const MAX_DECIMAL_PLACES = 12;
/** See {@link MAX_INTEGER_DIGITS}. */
export const MAX_SIGNIFICANT_DIGITS = 20;

/**
 * What is said of a decimal past the limits on decimals: the decimal, and the limits.
 *
 * @param text - the decimal's text
 */
export function _tooLong(text: string): string {
  return `the decimal ${JSON.stringify(text)} is too long: at most ${MAX_INTEGER_DIGITS} digits before the point, ${MAX_DECIMAL_PLACES} after it and ${MAX_SIGNIFICANT_DIGITS} in all`;
}

/**
 * Whether a decimal's text is within the limits on decimals ({@link MAX_INTEGER_DIGITS} and the rest).
 *
 * @param value - a decimal's text
 */
export function _withinLimits(value: string): boolean {
  const [integer = '', fraction = ''] = value.replace(/^-/, '').split('.');
  return integer.length <= MAX_INTEGER_DIGITS && fraction.length <= MAX_DECIMAL_PLACES && significantDigits(value) <= MAX_SIGNIFICANT_DIGITS;
}

/** A non-negative {@link decimalString}. */
export const nonNegativeDecimal = decimalString
  .refine((value) => !value.startsWith('-'), {
    // a zero with a sign is no negative number: it is said to have the sign
    error: (issue) => (/^-0(\.0+)?$/.test(String(issue.input)) ? `expected a decimal written without a sign, found ${JSON.stringify(issue.input)}` : `expected a decimal that is not negative, found ${JSON.stringify(issue.input)}`),
  })
  // the JSON Schema says so too, as an editor checks a file against it
  .meta({ description: 'A decimal that is not negative, preferably as a string ("92.77") so it stays exact.', pattern: '^(0|[1-9][0-9]*)(\\.[0-9]+)?$', minimum: 0 });

/**
 * An identifier for units, indicators, categories, grades and the like: letters, digits, `-` and `_`.
 * Identifiers become object keys and path segments, so the names JavaScript treats specially are refused.
 */
export const identifier = z
  .string()
  .regex(IDENTIFIER_PATTERN, {
    error: (issue) => `expected an identifier (letters, digits, - and _, not starting with - or _), found ${JSON.stringify(issue.input)}`,
  })
  .max(64, { error: 'an identifier is at most 64 characters' })
  .refine((value) => !RESERVED_KEYS.has(value), { error: (issue) => `${JSON.stringify(issue.input)} is reserved and cannot be an identifier` });

/**
 * Whether a string passes every check of {@link identifier}: for checks made without zod where most values
 * are valid (a test holds the two to the same answers).
 */
export function isIdentifier(value: string): boolean {
  return value.length <= 64 && IDENTIFIER_PATTERN.test(value) && !RESERVED_KEYS.has(value);
}

/**
 * Whether a string passes every check of {@link nonNegativeDecimal}, which then gives it back unchanged: for
 * checks made without zod where most values are valid (a test holds the two to the same answers).
 */
export function isNonNegativeDecimalText(value: string): boolean {
  // one pass over the characters: this runs once for every score of a dataset
  const length = value.length;
  let c = value.charCodeAt(0);
  let i = 1;
  if (c >= 49 && c <= 57) while (i < length && (c = value.charCodeAt(i)) >= 48 && c <= 57) i++;
  else if (c !== 48) return false;
  const integerDigits = i;
  let fractionDigits = 0;
  if (i < length) {
    if (value.charCodeAt(i) !== 46) return false;
    const start = ++i;
    while (i < length && (c = value.charCodeAt(i)) >= 48 && c <= 57) i++;
    fractionDigits = i - start;
    if (fractionDigits === 0 || i !== length) return false;
  }
  // significant digits are all the digits but leading zeros: a value starting "0." has at most 13 digits in
  // all, within the limit, so only the digit count of other values is compared with it
  return integerDigits <= MAX_INTEGER_DIGITS && fractionDigits <= MAX_DECIMAL_PLACES && (value.charCodeAt(0) === 48 || integerDigits + fractionDigits <= MAX_SIGNIFICANT_DIGITS);
}

/** A label people read: non-empty, at most 200 characters. */
export const label = z.string().trim().min(1, { error: 'expected a non-empty label' }).max(200, { error: (issue) => `a label is at most 200 characters, found ${String(issue.input).length}` });

/** Rounding mode names, e.g. `half-up` (四舍五入). */
export const roundingMode = z.enum(Object.keys(ROUNDING_MODES) as [RoundingMode, ...RoundingMode[]]);

/** Where a unit ends up: graded, excluded from the appraisal, or on the vertical-management track. */
export type Status = 'graded' | 'excluded' | 'vertical';
/** Units' statuses after evaluation. */
export const STATUSES: readonly ['graded', 'excluded', 'vertical'] = ['graded', 'excluded', 'vertical'];

/**
 * What to write instead of a JSON number that is no plain decimal: the decimal as a string, where it can be told:
 * a number in exponent form written out (`1e-7` as "0.0000001"), and a sum's binary rounding taken off
 * (0.1 + 0.2 as "0.3", not "0.30000000000000004"); else the advice alone.
 */
function _asString(value: number, text: string): string {
  if (!Number.isFinite(value)) return 'write it as a string so it stays exact';
  // the float's own rounding shows as digits past the fifteenth; a decimal meant has far fewer
  const meant = significantDigits(text) > 15 ? Number(value.toPrecision(15)) : value;
  const plain = new Decimal(meant).toFixed();
  if (significantDigits(text) > 15 && significantDigits(String(meant)) > 12) return 'write it as a string, with the digits it was meant to have, so it stays exact';
  return `write it as a string so it stays exact: "${plain}"`;
}

function significantDigits(text: string): number {
  return text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;
}

/** Names a value's JSON type for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}
