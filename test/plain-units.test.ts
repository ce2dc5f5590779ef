/**
 * Units after a dataset's first, and prior-year rows, are checked without zod where every one is plainly valid.
 * These properties hold that check to the dataset schema: whatever it accepts, zod accepts and gives back equal,
 * key order included; on the corrupted entries of the generators below, it accepts none that zod refuses; and a
 * dataset parsed either way is the same.
 */
import fc from 'fast-check';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { parseRuleSet, validateDataset } from '../src/index.js';
import { datasetSchema, priorResult, unit as unitSchema } from '../src/schema/dataset.js';
import { plainPrior, plainUnits } from '../src/schema/plainScores.js';
import { population2014 } from './support/arbitraries.js';
import { ruleSetInput2014 } from './support/load.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40) * 25;
const units = z.array(unitSchema);

const id = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom('', '-a', 'a b', '单位', '__proto__', 'constructor', 'a'.repeat(64), 'a'.repeat(65)) },
);
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', ' 单位', '单位 ', '\u3000单位', '单位\n', 'a'.repeat(200), 'a'.repeat(201), ` ${'a'.repeat(200)}`) },
);
const anything = fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.boolean(), fc.constant(['x']), fc.constant({}));
const unit = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        id,
        name: text,
        category: id,
        trackGroup: id,
        dataFlags: fc.array(id, { maxLength: 3 }),
        counterpart: text,
        staff: fc.oneof(fc.nat({ max: 500 }), fc.constantFrom(-1, 1.5, -0, Number.MAX_SAFE_INTEGER + 1)),
      },
      { requiredKeys: ['id', 'name', 'category'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({ id, name: text, category: id, extra: fc.string() }),
      fc.record({ id, name: text }),
      fc.record({ id: anything, name: anything, category: anything, trackGroup: anything, dataFlags: anything, counterpart: anything, staff: anything }, { requiredKeys: [] }),
      fc.record({ id, name: text, category: id, trackGroup: fc.constant(undefined) }),
      fc.record({ id, name: text, category: id, dataFlags: fc.constant(undefined) }),
      fc.record({ id, name: text, category: id, dataFlags: fc.constant([undefined]) }),
      fc.record({ id, name: text, category: id, dataFlags: fc.constant(Object.assign([], { length: 1 })) }),
      fc.constantFrom(null, 'unit', 1, [], ['D01', '单位', 'street']),
      fc.record({ id, name: text, category: id }).map((value) => Object.assign(Object.create(null) as object, value)),
      fc.record({ id, name: text, category: id }).map((value) => Object.assign(Object.create({ inherited: 'yes' }) as object, value)),
      fc.record({ id, name: text, category: id }).map((value) => Object.assign(new (class Unit {})(), value)),
      fc.tuple(fc.record({ id, name: text }), id).map(([value, category]) => Object.defineProperty({ ...value }, 'category', { value: category, enumerable: false })),
      fc.tuple(fc.record({ id, name: text, category: id }), id).map(([value, group]) => Object.defineProperty({ ...value }, 'trackGroup', { value: group, enumerable: false })),
    ),
  },
);

const decimal = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.boolean(), fc.nat({ max: 200 }), fc.nat({ max: 99 })).map(([minus, whole, cents]) => `${minus ? '-' : ''}${whole}.${String(cents).padStart(2, '0')}`) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-0', '--1', '-', '01', '-01', '1.', '.5', '1e2', ' 1', 'NaN', '1'.repeat(12), '1'.repeat(13), `-${'1'.repeat(13)}`, `0.${'1'.repeat(13)}`) },
  { weight: 1, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constant(null), fc.boolean()) },
);
const prior = fc.oneof(
  { weight: 8, arbitrary: fc.record({ unit: id, composite: decimal, grade: id }, { requiredKeys: ['unit'] }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({ unit: id, composite: decimal, extra: fc.string() }),
      fc.record({ composite: decimal }),
      fc.record({ unit: id, composite: fc.constant(undefined) }),
      fc.record({ unit: id, grade: fc.constant(undefined) }),
      fc.constantFrom(null, 'row', 1, []),
      fc.record({ unit: id }).map((value) => Object.assign(Object.create({ inherited: 'yes' }) as object, value)),
      fc.tuple(fc.record({ unit: id }), decimal).map(([value, composite]) => Object.defineProperty({ ...value }, 'composite', { value: composite, enumerable: false })),
    ),
  },
);

/** That zod takes what the plain check took, and gives back equal entries, key order included. */
function expectAsZodGives(plain: readonly object[], parsed: { success: boolean; data?: readonly object[] | undefined }): void {
  expect(parsed.success).toBe(true);
  expect(JSON.stringify(plain)).toBe(JSON.stringify(parsed.data));
  expect(plain).toEqual(parsed.data);
  // no key zod leaves out, not even one that holds nothing
  expect(plain.map((entry) => Object.keys(entry))).toEqual((parsed.data ?? []).map((entry) => Object.keys(entry)));
  // plain objects, as zod's are: Object's prototype, every key its own, writable and enumerable
  expect(plain).toStrictEqual(parsed.data);
  for (const entry of plain) {
    expect(Object.getPrototypeOf(entry)).toBe(Object.prototype);
    expect(Object.values(Object.getOwnPropertyDescriptors(entry)).every((descriptor) => descriptor.writable && descriptor.enumerable && descriptor.configurable)).toBe(true);
  }
}

describe('prior-year rows checked without zod', () => {
  it('are exactly what zod gives where every row is plainly valid, and refused where zod refuses one', () => {
    const rows = z.array(priorResult);
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(prior, { maxLength: 5 }), (input) => {
        const plain = plainPrior(input);
        if (plain === null) return;
        accepted++;
        expectAsZodGives(plain, rows.safeParse(input));
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10);
    // a composite below zero, which a prior year with deductions can have, is taken as it is
    expect(plainPrior([{ unit: 'D01', composite: '-1.50', grade: 'good' }])).toEqual([{ unit: 'D01', composite: '-1.50', grade: 'good' }]);
  });
});

describe('units checked without zod', () => {
  it('are exactly what zod gives where every unit is plainly valid, and refused where zod refuses one', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 5 }), (input) => {
        const plain = plainUnits(input);
        if (plain === null) return;
        accepted++;
        expectAsZodGives(plain, units.safeParse(input));
        // lists of flags are the unit's own, never the input's
        plain.forEach((entry, i) => expect(entry.dataFlags).not.toBe((input[i] as { dataFlags?: unknown }).dataFlags));
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });

  it('are taken as they are, for a dataset read from files, where they are already what zod gives, key order included', () => {
    // units in the schema's key order, and the same units with their keys in another order
    const reordered = unit.map((entry) => (entry !== null && typeof entry === 'object' && !Array.isArray(entry) && Object.getPrototypeOf(entry) === Object.prototype ? Object.fromEntries(Object.entries(entry).reverse()) : entry));
    let taken = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(unit, reordered), { maxLength: 5 }), (input) => {
        const plain = plainUnits(input, 0, true);
        if (plain === null) return;
        expectAsZodGives(plain, units.safeParse(input));
        plain.forEach((entry, i) => {
          const given = input[i] as object;
          const flags = (given as { dataFlags?: unknown }).dataFlags;
          const asZodGives =
            JSON.stringify(Object.keys(given)) === JSON.stringify(Object.keys(entry)) && Object.getPrototypeOf(given) === Object.prototype && Array.isArray(flags) && Object.getPrototypeOf(flags) === Array.prototype;
          // the unit itself exactly when it is as zod gives it; a copy otherwise
          expect(entry === given).toBe(asZodGives);
          if (entry === given) taken++;
        });
      }),
      { numRuns: RUNS },
    );
    expect(taken).toBeGreaterThan(0);
    const given = { id: 'D01', name: '单位', category: 'vertical', trackGroup: 'tax', dataFlags: ['done'], counterpart: '市税务局', staff: 3 };
    expect(plainUnits([given], 0, true)?.[0]).toBe(given);
    expect(plainUnits([given], 0)?.[0]).not.toBe(given);
    expect(plainUnits([{ ...given, dataFlags: undefined }], 0, true)).toBeNull();
    const { dataFlags, ...withoutFlags } = given;
    expect(plainUnits([withoutFlags], 0, true)?.[0]).toEqual({ ...withoutFlags, dataFlags: [] });
    expect(plainUnits([withoutFlags], 0, true)?.[0]).not.toBe(withoutFlags);
    expect(dataFlags).toEqual(['done']);
  });

  it('check only the units from the one given on', () => {
    expect(plainUnits([null, { id: 'D01', name: '单位', category: 'street' }], 1)).toEqual([undefined, { id: 'D01', name: '单位', category: 'street', dataFlags: [] }]);
    expect(plainUnits([{ id: 'D01', name: '单位', category: 'street' }, null], 0)).toBeNull();
    // at the limits of the schema, and past them
    const base = { id: 'D01', name: '单位', category: 'street' };
    for (const [entry, plain] of [
      [{ ...base, name: 'a'.repeat(200), counterpart: 'b'.repeat(200), staff: 0 }, true],
      [{ ...base, name: 'a'.repeat(201) }, false],
      [{ ...base, counterpart: 'b'.repeat(201) }, false],
      [{ ...base, staff: -1 }, false],
      [{ ...base, staff: 2.5 }, false],
      [{ ...base, name: ' 单位' }, false],
    ] as const) {
      expect(plainUnits([entry]) !== null, JSON.stringify(entry)).toBe(plain);
    }
  });

  it('give the same datasets and problems as zod alone, for valid and broken populations', () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    fc.assert(
      fc.property(population2014(8), fc.nat(), unit, prior, (input, at, replacement, priorRow) => {
        const broken = { ...input, units: input.units.map((entry, i) => (i === at % input.units.length ? replacement : entry)), prior: [...(input.prior ?? []), priorRow] };
        for (const dataset of [input, broken]) {
          const ours = validateDataset(dataset, ruleSet);
          const zodOnly = datasetSchema.safeParse(dataset);
          // what the schema refuses is refused; what it takes is taken as it gives it, unless the check refuses it
          if (!zodOnly.success) expect(ours.ok).toBe(false);
          else if (ours.ok) expect(JSON.stringify(ours.value)).toBe(JSON.stringify(zodOnly.data));
          else expect(ours.issues.every((issue) => issue.code !== 'schema')).toBe(true);
        }
      }),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 40) * 5 },
    );
  });
});
