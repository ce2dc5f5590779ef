/**
 * JSON output in pieces: joined, the pieces are renderJson's text byte for byte, for any result, in any number
 * of units per piece. A result of tens of thousands of units is longer than a string can be, so the command
 * writes JSON this way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appraise, jsonChunks, parseDataset, parseRuleSet, renderJson, type AppraisalResult } from '../src/index.js';
import { population2014 } from './support/arbitraries.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const ruleSet = parseRuleSet(ruleSetInput2014());

describe('JSON in pieces', () => {
  it('joins into renderJson’s text, for any population and any number of units per piece', async () => {
    await fc.assert(
      fc.asyncProperty(population2014(25), fc.integer({ min: 1, max: 30 }), async (input, perPiece) => {
        const result = await appraise(ruleSet, parseDataset(input, ruleSet));
        const pieces = [...jsonChunks(result, perPiece)];
        expect(pieces.join('')).toBe(renderJson(result));
        // the first piece runs up to the first unit, then every piece but the last holds perPiece units
        expect(pieces).toHaveLength(1 + Math.ceil(result.units.length / perPiece));
        // a result read back from JSON is written the same
        const readBack = JSON.parse(renderJson(result)) as AppraisalResult;
        expect([...jsonChunks(readBack, perPiece)].join('')).toBe(renderJson(result));
      }),
      { numRuns: RUNS },
    );
  });

  it('writes outcomes as they read, whether their explanations were read before, replaced, or read through a Proxy', async () => {
    // the 2014 example: every kind of unit, and explanations with quotas and shortfalls
    const fresh = async () => appraise(ruleSet, parseDataset(datasetInput2014(), ruleSet));
    const expected = renderJson(await fresh());
    // explanations written in pieces are built for the writing; read afterwards, they are the same
    const result = await fresh();
    expect([...jsonChunks(result, 3)].join('')).toBe(expected);
    expect(renderJson(result)).toBe(expected);
    // some read before, some replaced, some through a Proxy
    const mixed = await fresh();
    const units = mixed.units.map((unit, i) => {
      if (i % 4 === 1) void unit.stages;
      if (i % 4 === 2) (unit as { indicators: unknown }).indicators = [];
      return i % 4 === 3 ? new Proxy(unit, {}) : unit;
    });
    // written in pieces first: JSON.stringify builds every explanation it reads, and keeps it
    const pieces = [...jsonChunks({ ...mixed, units }, 2)].join('');
    const reference = JSON.stringify({ ...mixed, units }, null, 2);
    expect(pieces).toBe(`${reference}\n`);
    expect(reference).toContain('"indicators": []');
  });

  it('writes any object as JSON.stringify does: members before and after the units, members left out, units that are no objects', () => {
    const shapes: unknown[] = [
      { units: [{ a: 1 }, { b: [1, { c: 'x\ny' }] }] },
      { before: { deep: { er: [] } }, skipped: undefined, units: [1, 'two', null, undefined, () => 3, { toJSON: () => 'custom' }], after: [{}], fn: () => 1 },
      { units: [], surveys: [] },
      { units: 'not a list' },
      { toJSON: () => ({ units: [1] }) },
      { units: Object.assign([{ a: 1 }], { toJSON: () => 'listed' }) },
      { '__proto__': { x: 1 }, units: [{ '__proto__': 2 }], 'with "quotes"': '\u2028' },
    ];
    for (const shape of shapes) {
      for (const perPiece of [1, 2, 1000, 0]) {
        expect([...jsonChunks(shape as AppraisalResult, perPiece)].join(''), JSON.stringify(shape)).toBe(`${JSON.stringify(shape, null, 2)}\n`);
      }
    }
  });
});
