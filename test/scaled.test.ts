import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, ROUNDING_MODES, type RoundingMode } from '../src/scoring/decimal.js';
import { add, compare, format, multiply, round, scaled, subtract } from '../src/scoring/scaled.js';

// Plain decimals within the schema's limits: up to 12 digits before the point and 12 after.
const plain = fc
  .tuple(fc.boolean(), fc.stringMatching(/^(0|[1-9][0-9]{0,11})$/), fc.option(fc.stringMatching(/^[0-9]{1,12}$/), { nil: undefined }))
  .map(([negative, integer, fraction]) => `${negative ? '-' : ''}${integer}${fraction === undefined ? '' : `.${fraction}`}`);
const text = (value: ReturnType<typeof scaled>) => format(value, 0);

describe('scaled-integer arithmetic equals decimal.js', () => {
  it('adds, subtracts, multiplies and compares exactly as decimal.js', () => {
    fc.assert(
      fc.property(plain, plain, (a, b) => {
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

  it('rounds in every mode exactly as decimal.js’s toDecimalPlaces', () => {
    const modes = Object.keys(ROUNDING_MODES) as RoundingMode[];
    fc.assert(
      fc.property(plain, fc.integer({ min: 0, max: 6 }), fc.constantFrom(...modes), (a, decimals, mode) => {
        const expected = new Decimal(a).toDecimalPlaces(decimals, ROUNDING_MODES[mode]);
        expect(format(round(scaled(a), decimals, mode), decimals)).toBe(expected.toFixed(Math.max(decimals, expected.decimalPlaces())));
      }),
      { numRuns: 5000 },
    );
    // the ties every mode must break its own way
    for (const [mode, expected] of [['half-up', '-2.35'], ['half-down', '-2.34'], ['half-even', '-2.34'], ['half-ceil', '-2.34'], ['half-floor', '-2.35'], ['up', '-2.35'], ['down', '-2.34'], ['ceil', '-2.34'], ['floor', '-2.35']] as const) {
      expect(format(round(scaled('-2.345'), 2, mode), 2), mode).toBe(expected);
    }
  });

  it('writes values with at least the given decimals, dropping only zeros beyond them', () => {
    fc.assert(
      fc.property(plain, fc.integer({ min: 0, max: 4 }), (a, decimals) => {
        const value = new Decimal(a);
        expect(format(scaled(a), decimals)).toBe(value.toFixed(Math.max(decimals, value.decimalPlaces())));
      }),
      { numRuns: 3000 },
    );
  });
});
