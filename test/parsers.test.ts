/**
 * zod has two ways to parse an object: code it generates and compiles for each object schema on first use, and
 * plain functions. kaoping takes the plain ones for rule sets and small datasets (they finish sooner where the
 * compiling does not pay) and the compiled ones for large datasets. Both must give the same data and the same
 * problems for any input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRuleSet, validateDataset } from '../src/index.js';
import { datasetSchema } from '../src/schema/dataset.js';
import { ruleSetSchema } from '../src/schema/ruleSet.js';
import { mutated, population2014 } from './support/arbitraries.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);

/** What zod's parse gives, with its issues as plain data. */
function parsedBy(schema: typeof ruleSetSchema | typeof datasetSchema, input: unknown, jitless: boolean) {
  const result = schema.safeParse(input, { reportInput: true, jitless });
  return result.success ? { data: result.data } : { issues: result.error.issues };
}

describe("zod's compiled and plain parsers agree", () => {
  it('on the 2014 rule set with a random change anywhere', () => {
    fc.assert(
      fc.property(mutated(ruleSetInput2014()), (input) => {
        expect(parsedBy(ruleSetSchema, input, false)).toEqual(parsedBy(ruleSetSchema, input, true));
      }),
      { numRuns: RUNS },
    );
  });

  it('on the 2014 dataset with a random change anywhere', () => {
    fc.assert(
      fc.property(mutated(datasetInput2014()), (input) => {
        expect(parsedBy(datasetSchema, input, false)).toEqual(parsedBy(datasetSchema, input, true));
      }),
      { numRuns: RUNS },
    );
  });

  it('on random populations', () => {
    fc.assert(
      fc.property(population2014(), (input) => {
        const compiled = parsedBy(datasetSchema, input, false);
        expect(compiled).toHaveProperty('data');
        expect(compiled).toEqual(parsedBy(datasetSchema, input, true));
      }),
      { numRuns: 50 },
    );
  });
});

describe('a dataset is told the same whatever its size', () => {
  const ruleSet = parseRuleSet(ruleSetInput2014());
  const base = datasetInput2014() as { units: { id: string; name: string; category: string }[] };
  /** The 2014 dataset with more units (no scores: lead departments), and one unit's category misspelled. */
  const withUnits = (extra: number) => {
    const units = [...base.units, ...Array.from({ length: extra }, (_, i) => ({ id: `X${i}`, name: `单位X${i}`, category: 'lead-department' }))];
    return { ...base, units: units.map((unit, i) => (i === 3 ? { ...unit, category: 7 } : unit)) };
  };

  it.for([0, 2000])('with %i more units', (extra) => {
    const result = validateDataset(withUnits(extra), ruleSet);
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([expect.objectContaining({ path: '$.units[3].category', message: 'expected string, found the number 7' })]);
  });
});
