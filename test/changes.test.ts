/**
 * A unit's change on last year is the difference of two decimals written with the rule set's places. Changes
 * between values with two places are made once per difference and shared: the texts are those the scaled
 * arithmetic writes, and decimal.js agrees.
 */
import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeOf } from '../src/scoring/score.js';
import { format, scaled, subtract } from '../src/scoring/scaled.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40) * 25;

/** Decimals as scores and composites are written: mostly two places below 1,000, now and then others. */
const decimal = fc.oneof(
  fc.integer({ min: 0, max: 99_999 }).map((hundredths) => `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`),
  fc.constantFrom('0', '5', '91.7', '100.000', '1000.00', '12345.67', '0.005', '99.99'),
);

describe('changes on last year', () => {
  it('are the difference, written with the places asked for, whether made anew or shared', () => {
    fc.assert(
      fc.property(decimal, decimal, fc.integer({ min: 0, max: 4 }), (a, b, decimals) => {
        const change = changeOf(a, b, decimals);
        expect(change).toBe(format(subtract(scaled(a), scaled(b)), decimals));
        // asked again: the same text
        expect(changeOf(a, b, decimals)).toBe(change);
        expect(new DecimalJs(change).equals(new DecimalJs(a).minus(b))).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(changeOf('91.70', '95.20', 2)).toBe('-3.50');
    expect(changeOf('90.00', '90.00', 2)).toBe('0.00');
    expect(changeOf('90.00', '89.99', 3)).toBe('0.010');
  });
});
