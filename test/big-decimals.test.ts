/**
 * Composites can be far larger than scores: a score of up to 12 integer digits times a weight of up to 12 is up to
 * 24. Rankings, quotas and tie-breaks must order such values exactly, where plain numbers cannot hold them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet } from '../src/index.js';
import { SortColumns, type Sortable } from '../src/facts/order.js';
import { compareDecimals } from '../src/scoring/decimal.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40) * 5;

/** A rule set with one heavily weighted indicator and a second one, ranking units by composite. */
const ruleSet = parseRuleSet({
  id: 'big',
  year: 2020,
  title: 'large composites',
  precision: { decimals: 0, rounding: 'half-up' },
  categories: [{ id: 'c', label: 'C' }],
  subjects: [{ id: 's', label: 'S' }],
  indicators: [
    { id: 'x', label: 'X', points: '999999999999', weight: '999999999999', subjects: [{ subject: 's' }] },
    { id: 'y', label: 'Y', points: '999999999999', subjects: [{ subject: 's' }] },
  ],
  grades: [
    { id: 'top', label: 'Top' },
    { id: 'rest', label: 'Rest' },
  ],
  stages: [
    {
      id: 'g',
      label: 'G',
      mode: 'first-match',
      rules: [
        { id: 'first', reason: 'first', conditions: { all: [{ fact: 'rank', operator: 'equal', value: 1 }] }, event: { type: 'grade', params: { grade: 'top' } } },
        { id: 'other', reason: 'other', conditions: { all: [{ fact: 'rank', operator: 'greaterThan', value: 1 }] }, event: { type: 'grade', params: { grade: 'rest' } } },
      ],
    },
  ],
});

/** Two units whose composites are the given whole numbers: x × 999999999999 + y. */
function twoUnits(a: bigint, b: bigint) {
  const weight = 999999999999n;
  const rows = (unit: string, value: bigint) => [
    { unit, indicator: 'x', score: String(value / weight) },
    { unit, indicator: 'y', score: String(value % weight) },
  ];
  return parseDataset({ units: [{ id: 'a', name: 'A', category: 'c' }, { id: 'b', name: 'B', category: 'c' }], scores: [...rows('a', a), ...rows('b', b)] }, ruleSet);
}

describe('composites beyond what a number holds', () => {
  it('rank the larger first, however close they are', async () => {
    const result = await appraise(ruleSet, twoUnits(90071992547409929n, 90071992547409930n));
    expect(result.units.map((unit) => [unit.id, unit.composite, unit.rank])).toEqual([
      ['a', '90071992547409929', 2],
      ['b', '90071992547409930', 1],
    ]);
  });

  it('rank as their exact comparison says, for any two', async () => {
    // the largest composite two scores within their points make: 999999999999 × 999999999999 + 999999999998
    const max = 999999999999n * 999999999999n + 999999999998n;
    const big = fc.bigInt({ min: 0n, max });
    await fc.assert(
      fc.asyncProperty(big, fc.bigInt({ min: -3n, max: 3n }), async (a, change) => {
        const b = a + change < 0n ? 0n : a + change > max ? max : a + change;
        const result = await appraise(ruleSet, twoUnits(a, b));
        const [first, second] = result.units;
        const order = compareDecimals(first?.composite as string, second?.composite as string);
        expect([first?.rank, second?.rank]).toEqual(order === 0 ? [1, 1] : order > 0 ? [1, 2] : [2, 1]);
      }),
      { numRuns: RUNS },
    );
  });

  it('order columns with long values as the exact comparison does, other keys and missing values included', () => {
    const value = fc.oneof(
      fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }).map(String),
      fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 1, max: 18 })).map(([digits, places]) => {
        const text = digits.toString().padStart(places + 1, '0');
        return `${text.slice(0, -places)}.${text.slice(-places)}`;
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ composite: fc.option(value, { freq: 5 }), bonus: fc.constantFrom('0', '1') }), { minLength: 1, maxLength: 30 }), (rows) => {
        const members = rows.map((row) => ({ ...row, deduction: null, change: null, priorComposite: null, indicators: {} }) as Sortable);
        const keys = [{ by: 'composite', order: 'desc' as const }, { by: 'bonus', order: 'asc' as const }];
        const compare = new SortColumns(members).comparator(keys);
        for (let a = 0; a < members.length; a++) {
          for (let b = 0; b < members.length; b++) {
            const left = rows[a]?.composite ?? null;
            const right = rows[b]?.composite ?? null;
            const expected =
              left === null || right === null
                ? (left === null ? 1 : 0) - (right === null ? 1 : 0) || Math.sign(Number(rows[a]?.bonus) - Number(rows[b]?.bonus))
                : -compareDecimals(left, right) || Math.sign(Number(rows[a]?.bonus) - Number(rows[b]?.bonus));
            expect(Math.sign(compare(a, b)), `${left} ${right}`).toBe(Math.sign(expected));
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
