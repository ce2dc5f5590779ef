import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KaopingError, ValidationError, appraise, parseDataset, parseRuleSet, validateDataset, validateRuleSet } from '../src/index.js';
import { loadDataset } from '../src/node.js';
import { InputError } from '../src/io/InputError.js';
import { mutated } from './support/arbitraries.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';

// A short run in the normal suite; `npm run fuzz` sets FUZZ_RUNS for a long one.
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);
const ruleSet = parseRuleSet(ruleSetInput2014());
const dataset = parseDataset(datasetInput2014(), ruleSet);

/** Only a result or a validation error may come out. */
async function outcomeOf(run: () => unknown): Promise<'ok' | 'invalid'> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    if (error instanceof ValidationError || error instanceof InputError) return 'invalid';
    throw error;
  }
}

describe('fuzzing: arbitrary input gives a result or a validation error, never anything else', () => {
  it('arbitrary JSON as a rule set or a dataset', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect(typeof validateRuleSet(value).ok).toBe('boolean');
        expect(typeof validateDataset(value, ruleSet).ok).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('the 2014 rule set with one random change, then appraised', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(ruleSetInput2014()), async (input) => {
        const validated = validateRuleSet(input);
        if (validated.ok) expect(await outcomeOf(() => appraise(validated.value, dataset))).toMatch(/ok|invalid/);
      }),
      { numRuns: RUNS },
    );
  });

  it('the 2014 dataset with one random change, then appraised', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(datasetInput2014()), async (input) => {
        const validated = validateDataset(input, ruleSet);
        if (validated.ok) expect(await outcomeOf(() => appraise(ruleSet, validated.value))).toBe('ok');
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary bytes and arbitrary CSV text as the files of a CSV dataset', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kaoping-fuzz-'));
    const csvText = fc.array(fc.array(fc.oneof(fc.string(), fc.constantFrom('编码', 'id', 'name', 'category', 'street', 'duties', '职责任务', '"', ',', '\r\n', '38.75', '')), { maxLength: 8 }), { maxLength: 8 }).map((rows) => rows.map((row) => row.join(',')).join('\n'));
    const content = fc.oneof(fc.uint8Array({ maxLength: 300 }), csvText.map((text) => new TextEncoder().encode(text)));
    try {
      await fc.assert(
        fc.asyncProperty(content, content, async (units, scores) => {
          writeFileSync(join(folder, 'units.csv'), units);
          writeFileSync(join(folder, 'scores.csv'), scores);
          const result = await outcomeOf(() => loadDataset(folder, ruleSet));
          expect(result).toMatch(/ok|invalid/);
        }),
        { numRuns: Math.ceil(RUNS / 3) },
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('every error kaoping throws on purpose is a KaopingError with a code', async () => {
    const errors: unknown[] = [];
    for (const input of [null, 7, 'x', [], { units: 'none' }]) {
      try {
        parseDataset(input, ruleSet);
      } catch (error) {
        errors.push(error);
      }
    }
    expect(errors).toHaveLength(5);
    for (const error of errors) {
      expect(error).toBeInstanceOf(KaopingError);
      expect((error as KaopingError).code).toBe('invalid-input');
    }
  });
});
