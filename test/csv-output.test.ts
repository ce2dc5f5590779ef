/** CSV output is made in pieces of a few thousand rows; however it is cut, the pieces join into the same text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, renderCsv } from '../src/index.js';
import { csvChunks } from '../src/report/csv.js';
import { population2014 } from './support/arbitraries.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';

const ruleSet = parseRuleSet(ruleSetInput2014());

describe('CSV in pieces', () => {
  it('joins into the whole text, whatever the size of the pieces', async () => {
    const result = await appraise(ruleSet, parseDataset(datasetInput2014(), ruleSet));
    const whole = renderCsv(result, ruleSet);
    expect(whole.startsWith('\ufeff编码,')).toBe(true);
    expect(whole.split('\r\n').filter(Boolean)).toHaveLength(result.units.length + 1);
    for (const size of [1, 7, 59, 60, 61, 5000]) {
      const pieces = [...csvChunks(result, ruleSet, size)];
      expect(pieces).toHaveLength(1 + Math.ceil(result.units.length / size));
      expect(pieces.join(''), String(size)).toBe(whole);
    }
  });

  it('joins into the whole text for any population', async () => {
    await fc.assert(
      fc.asyncProperty(population2014(), fc.integer({ min: 1, max: 12 }), async (input, size) => {
        const result = await appraise(ruleSet, parseDataset(input, ruleSet));
        expect([...csvChunks(result, ruleSet, size)].join('')).toBe(renderCsv(result, ruleSet));
      }),
      { numRuns: 30 },
    );
  });
});
