import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, ROUNDING_MODES, type RoundingMode } from '../src/scoring/decimal.js';
import { add, compare, format, multiply, round, scaled, subtract } from '../src/scoring/scaled.js';
import { withDecimals } from '../src/scoring/score.js';

// Plain decimals within the schema's limits: up to 12 digits before the point and 12 after.
const plain = fc
  .tuple(fc.boolean(), fc.stringMatching(/^(0|[1-9][0-9]{0,11})$/), fc.option(fc.stringMatching(/^[0-9]{1,12}$/), { nil: undefined }))
  .map(([negative, integer, fraction]) => `${negative ? '-' : ''}${integer}${fraction === undefined ? '' : `.${fraction}`}`);
// Short decimals, held as plain numbers (most scores), and values around 2^53, where results leave the safe range.
const short = fc
  .tuple(fc.boolean(), fc.stringMatching(/^(0|[1-9][0-9]{0,6})$/), fc.option(fc.stringMatching(/^[0-9]{1,4}$/), { nil: undefined }))
  .map(([negative, integer, fraction]) => `${negative ? '-' : ''}${integer}${fraction === undefined ? '' : `.${fraction}`}`);
const nearLimit = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 2n ** 53n - 1000n, max: 2n ** 53n + 1000n }), fc.integer({ min: 0, max: 6 }))
  .map(([negative, digits, scale]) => {
    const text = digits.toString();
    return `${negative ? '-' : ''}${scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`}`;
  });
const anyDecimal = fc.oneof(plain, short, nearLimit);
const text = (value: ReturnType<typeof scaled>) => format(value, 0);

describe('scaled-integer arithmetic equals decimal.js', () => {
  it('adds, subtracts, multiplies and compares exactly as decimal.js', () => {
    fc.assert(
      fc.property(anyDecimal, anyDecimal, (a, b) => {
        const x = scaled(a);
        const y = scaled(b);
        expect(text(add(x, y))).toBe(new Decimal(a).plus(b).toFixed());
        expect(text(subtract(x, y))).toBe(new Decimal(a).minus(b).toFixed());
        expect(text(multiply(x, y))).toBe(new Decimal(a).times(b).toFixed());
        expect(compare(x, y)).toBe(new Decimal(a).comparedTo(b));
      }),
      { numRuns: 3000 },
    );
  });

  it('stays exact across the safe-integer boundary, in long sums and in products', () => {
    fc.assert(
      fc.property(fc.array(anyDecimal, { minLength: 1, maxLength: 12 }), anyDecimal, (values, factor) => {
        const sum = values.reduce((acc, value) => add(acc, scaled(value)), scaled('0'));
        const expected = values.reduce((acc, value) => acc.plus(value), new Decimal(0));
        expect(text(sum)).toBe(expected.toFixed());
        expect(text(subtract(sum, scaled(factor)))).toBe(expected.minus(factor).toFixed());
        expect(text(multiply(sum, scaled(factor)))).toBe(expected.times(factor).toFixed());
        expect(compare(sum, scaled(factor))).toBe(expected.comparedTo(factor));
        // a value is held the same way however it was reached: as a number exactly when it is a safe integer
        expect(typeof sum.value).toBe(Number.isSafeInteger(Number(sum.value)) && BigInt(Number(sum.value)) === BigInt(sum.value) ? 'number' : 'bigint');
      }),
      { numRuns: 3000 },
    );
    expect(text(add(scaled('9007199254740991'), scaled('1')))).toBe('9007199254740992');
    expect(text(multiply(scaled('94906265.62'), scaled('94906265.63')))).toBe(new Decimal('94906265.62').times('94906265.63').toFixed());
    expect(scaled('-0.00').value).toBe(0);
  });

  it('rounds in every mode exactly as decimal.js’s toDecimalPlaces', () => {
    const modes = Object.keys(ROUNDING_MODES) as RoundingMode[];
    fc.assert(
      fc.property(anyDecimal, fc.integer({ min: 0, max: 6 }), fc.constantFrom(...modes), (a, decimals, mode) => {
        const expected = new Decimal(a).toDecimalPlaces(decimals, ROUNDING_MODES[mode]);
        expect(format(round(scaled(a), decimals, mode), decimals)).toBe(expected.toFixed(Math.max(decimals, expected.decimalPlaces())));
      }),
      { numRuns: 5000 },
    );
    // ties on values held as BigInt (17 digits) and as numbers: half-even goes to the even neighbour either way
    expect(format(round(scaled('12345678901234567.5'), 0, 'half-even'), 0)).toBe('12345678901234568');
    expect(format(round(scaled('12345678901234566.5'), 0, 'half-even'), 0)).toBe('12345678901234566');
    expect(format(round(scaled('-12345678901234567.5'), 0, 'half-even'), 0)).toBe('-12345678901234568');
    expect(format(round(scaled('2.5'), 0, 'half-even'), 0)).toBe('2');
    expect(format(round(scaled('3.5'), 0, 'half-even'), 0)).toBe('4');
    // the ties every mode must break its own way
    for (const [mode, expected] of [['half-up', '-2.35'], ['half-down', '-2.34'], ['half-even', '-2.34'], ['half-ceil', '-2.34'], ['half-floor', '-2.35'], ['up', '-2.35'], ['down', '-2.34'], ['ceil', '-2.34'], ['floor', '-2.35']] as const) {
      expect(format(round(scaled('-2.345'), 2, mode), 2), mode).toBe(expected);
    }
  });

  it('writes a decimal with the places as it is, and any other as format does', () => {
    fc.assert(
      fc.property(anyDecimal, fc.integer({ min: 0, max: 4 }), (a, decimals) => {
        expect(withDecimals(a, decimals)).toBe(format(scaled(a), decimals));
      }),
      { numRuns: 3000 },
    );
    expect(withDecimals('85.50', 2)).toBe('85.50');
    expect(withDecimals('-0.00', 2)).toBe('0.00');
  });

  it('writes values with at least the given decimals, dropping only zeros beyond them', () => {
    fc.assert(
      fc.property(anyDecimal, fc.integer({ min: 0, max: 4 }), (a, decimals) => {
        const value = new Decimal(a);
        expect(format(scaled(a), decimals)).toBe(value.toFixed(Math.max(decimals, value.decimalPlaces())));
      }),
      { numRuns: 3000 },
    );
  });
});
