import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, renderMarkdown } from '../src/index.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';

/** A seeded shuffle, so a failure can be replayed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describe('determinism', () => {
  it('gives byte-identical output whatever the order of units, scores, adjustments, prior results and surveys', async () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const first = await appraise(ruleSet, parseDataset(datasetInput2014(), ruleSet));
    const reference = JSON.stringify(first);
    const page = renderMarkdown(first, ruleSet);
    for (const seed of [1, 2, 3, 4, 5]) {
      const input = datasetInput2014();
      input.units = shuffle(input.units, seed);
      input.scores = shuffle(input.scores ?? [], seed + 10);
      input.adjustments = shuffle(input.adjustments ?? [], seed + 20);
      input.prior = shuffle(input.prior ?? [], seed + 30);
      input.surveys = shuffle(input.surveys ?? [], seed + 40);
      const result = await appraise(ruleSet, parseDataset(input, ruleSet));
      expect(JSON.stringify(result), `seed ${seed}`).toBe(reference);
      expect(renderMarkdown(result, ruleSet) === page, `seed ${seed}`).toBe(true);
    }
  });

  it('gives byte-identical output when run twice', async () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    expect(JSON.stringify(await appraise(ruleSet, dataset))).toBe(JSON.stringify(await appraise(ruleSet, dataset)));
  });

  it('carries every number as a decimal string, never a binary float', async () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const result = await appraise(ruleSet, parseDataset(datasetInput2014(), ruleSet));
    const floats: string[] = [];
    JSON.stringify(result, (key, value: unknown) => {
      // ranks, sizes, places and positions are counts; everything else numeric must be a string
      if (typeof value === 'number' && !Number.isInteger(value)) floats.push(`${key}=${value}`);
      return value;
    });
    expect(floats).toEqual([]);
    for (const unit of result.units) if (unit.composite !== null) expect(unit.composite).toMatch(/^\d+\.\d{2}$/);
  });
});
