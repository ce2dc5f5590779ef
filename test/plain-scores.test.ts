/**
 * Score rows are checked without zod where every one is plainly valid. These properties hold that check to the
 * dataset schema: whatever rows it accepts, zod accepts and gives back equal, key order included; and on the
 * corrupted rows of the generator below, it accepts none that zod refuses.
 */
import fc from 'fast-check';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { scoreRow } from '../src/schema/dataset.js';
import { plainScoreRows } from '../src/schema/plainScores.js';
import { isIdentifier, isNonNegativeDecimalText, identifier, nonNegativeDecimal } from '../src/schema/primitives.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40) * 25;
const rows = z.array(scoreRow);

const id = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom('', '-a', '_a', 'a b', '单位', '__proto__', 'constructor', 'prototype', 'toString', 'a'.repeat(64), 'a'.repeat(65), 'D01\n') },
);
const decimal = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.nat({ max: 200 }), fc.nat({ max: 99 })).map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('0', '-0', '-1.5', '01', '1.', '.5', '1e2', ' 1', '1 ', 'NaN', 'Infinity', '1'.repeat(12), '1'.repeat(13), `0.${'1'.repeat(12)}`, `0.${'1'.repeat(13)}`, `${'1'.repeat(10)}.${'1'.repeat(10)}`, `${'1'.repeat(10)}.${'1'.repeat(11)}`, '١٢'),
  },
  { weight: 2, arbitrary: fc.stringMatching(/^-?[0-9]{0,14}(\.[0-9]{0,14})?$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[-0-9a-z.]{0,4}$/) },
  { weight: 1, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constant(null), fc.constant(undefined), fc.boolean()) },
);
const row = fc.oneof(
  { weight: 8, arbitrary: fc.record({ unit: id, indicator: id, score: decimal, subject: id }, { requiredKeys: ['unit', 'indicator', 'score'] }) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.record({ unit: id, indicator: id, score: decimal, extra: fc.string() }),
      fc.record({ unit: id, score: decimal }),
      fc.record({ unit: id, indicator: id, subject: fc.constant(undefined), score: decimal }),
      fc.record({ unit: fc.integer(), indicator: id, score: decimal }),
      fc.constantFrom(null, 'row', 1, [], ['D01', 'duties', '1']),
      fc.record({ unit: id, indicator: id, score: decimal }).map((value) => Object.assign(Object.create(null) as object, value)),
      fc.record({ unit: id, indicator: id, score: decimal }).map((value) => JSON.parse(JSON.stringify(value).replace('{', '{"__proto__":{"x":1},')) as unknown),
      fc.record({ unit: id, indicator: id, score: decimal }).map((value) => Object.assign(new (class Row {})(), value)),
      fc.record({ unit: id, indicator: id, score: decimal, subject: fc.oneof(fc.integer(), fc.constant(null)) }),
      // a list of one id reads as the id where it is made a string
      fc.record({ unit: fc.constant(['D01']), indicator: id, score: decimal }),
      fc.record({ unit: id, indicator: fc.constant(['duties']), score: decimal }),
      // properties that are there but not enumerable: zod reads them, and counts only enumerable keys as unknown
      fc.tuple(fc.record({ indicator: id, score: decimal }), id, fc.boolean()).map(([value, unit, extra]) => {
        const row: Record<string, unknown> = { ...value, ...(extra ? { extra: 'x' } : {}) };
        Object.defineProperty(row, 'unit', { value: unit, enumerable: false });
        return row;
      }),
      fc.tuple(fc.record({ unit: id, indicator: id, score: decimal }), id).map(([value, subject]) => Object.defineProperty({ ...value }, 'subject', { value: subject, enumerable: false })),
      fc.record({ unit: id, indicator: id, score: decimal }).map((value) => Object.assign(Object.create({ inherited: 'yes' }) as object, value)),
    ),
  },
);

describe('score rows checked without zod', () => {
  it('are exactly what zod gives where every row is plainly valid, and refused where zod refuses one', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), (input) => {
        const plain = plainScoreRows(input);
        const parsed = rows.safeParse(input);
        if (plain === null) return;
        expect(parsed.success).toBe(true);
        expect(JSON.stringify(plain)).toBe(JSON.stringify(parsed.data));
        expect(plain).toEqual(parsed.data);
        // no key zod leaves out, not even one that holds nothing
        expect(plain.map((entry) => Object.keys(entry))).toEqual((parsed.data ?? []).map((entry) => Object.keys(entry)));
      }),
      { numRuns: RUNS },
    );
  });

  it('kept as they are where nothing else holds them: only rows a copy would equal, else left to zod', () => {
    let keptAny = false;
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), (input) => {
        const copied = plainScoreRows(input);
        const kept = plainScoreRows(input, true);
        if (copied === null) expect(kept).toBeNull();
        if (kept !== null) {
          keptAny ||= input.length > 0;
          expect(kept).toBe(input);
          expect(kept).toEqual(copied);
          expect(kept).toEqual(rows.parse(input));
        }
      }),
      { numRuns: RUNS },
    );
    expect(keptAny).toBe(true);
    expect(plainScoreRows([{ unit: 'U1', indicator: 'duties', score: '38.00' }], true)).toHaveLength(1);
  });

  it('leave to zod, one by one, the rows that are not plainly valid', () => {
    const valid = { unit: 'D01', indicator: 'duties', score: '38.75' };
    const hiddenSubject = Object.defineProperty({ ...valid }, 'subject', { value: 'leaders', enumerable: false });
    const hiddenUnit = Object.defineProperty({ indicator: 'duties', score: '38.75' }, 'unit', { value: 'D01', enumerable: false });
    for (const row of [null, 'row', ['D01', 'duties', '1'], { ...valid, unit: ['D01'] }, { ...valid, indicator: ['duties'] }, { ...valid, score: 38.75 }, hiddenSubject, { ...valid, subject: undefined }, Object.create(valid) as object]) {
      expect(plainScoreRows([valid, row])).toBeNull();
    }
    // a key that is there but not enumerable is read as zod reads it
    expect(plainScoreRows([hiddenUnit])).toEqual(rows.parse([hiddenUnit]));
    expect(plainScoreRows([valid, { ...valid, subject: 'leaders' }])).toEqual([valid, { ...valid, subject: 'leaders' }]);
  });

  it('take most valid datasets: rows without subjects, with them, in any number', () => {
    const valid = fc.array(fc.record({ unit: fc.constantFrom('D01', 'S_2', 'x-9'), indicator: fc.constantFrom('duties', 'third-party'), score: fc.constantFrom('0', '38.75', '100.000001'), subject: fc.constantFrom('leaders', 'public') }, { requiredKeys: ['unit', 'indicator', 'score'] }));
    fc.assert(
      fc.property(valid, (input) => {
        expect(plainScoreRows(input)).toEqual(rows.parse(input));
      }),
      { numRuns: RUNS },
    );
  });

  it('use predicates that agree with the identifier and decimal schemas', () => {
    fc.assert(
      fc.property(id.filter((value): value is string => typeof value === 'string'), (value) => {
        expect(isIdentifier(value)).toBe(identifier.safeParse(value).success);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(decimal.filter((value): value is string => typeof value === 'string'), (value) => {
        const parsed = nonNegativeDecimal.safeParse(value);
        expect(isNonNegativeDecimalText(value)).toBe(parsed.success);
        if (parsed.success) expect(parsed.data).toBe(value);
      }),
      { numRuns: RUNS },
    );
  });
});
