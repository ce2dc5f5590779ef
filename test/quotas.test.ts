import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, type DatasetInput, type RuleSetInput } from '../src/index.js';
import { tinyDataset, tinyRuleSet } from './support/tiny.js';

async function run(dataset: DatasetInput, edit: (ruleSet: RuleSetInput) => void = () => {}) {
  const input = tinyRuleSet();
  edit(input);
  const ruleSet = parseRuleSet(input);
  return appraise(ruleSet, parseDataset(dataset, ruleSet));
}
const grades = (result: Awaited<ReturnType<typeof run>>) => Object.fromEntries(result.units.map((unit) => [unit.id, unit.grade]));
const quotaOf = (result: Awaited<ReturnType<typeof run>>, id: string) => {
  const stage = result.units.find((unit) => unit.id === id)?.stages.find((entry) => entry.stage === 'grade');
  return [...(stage?.applied ?? []), ...(stage?.missed ?? [])].find((rule) => rule.rule === 'excellent')?.quota;
};

describe('quotas', () => {
  it('admit the best units up to the cap; the rest fall through to the next rule', async () => {
    const result = await run(tinyDataset([['S1', '50', '40'], ['S2', '45', '40'], ['S3', '44', '40'], ['S4', '30', '30']]));
    expect(grades(result)).toEqual({ S1: 'excellent', S2: 'excellent', S3: 'good', S4: 'good' });
    expect(quotaOf(result, 'S3')).toMatchObject({ places: 2, position: 3, candidates: 3, admitted: false, decidedById: false });
    expect(quotaOf(result, 'S4')).toBeUndefined();
  });

  it('resolve a tie on the composite by the declared tie-break (indicator b)', async () => {
    // S2 and S3 both score 84.00; S3 has more on b, so S3 takes the second place
    const result = await run(tinyDataset([['S1', '50', '40'], ['S2', '50', '34'], ['S3', '45', '39'], ['S4', '30', '30']]));
    expect(result.units.find((unit) => unit.id === 'S2')?.composite).toBe('84.00');
    expect(result.units.find((unit) => unit.id === 'S3')?.composite).toBe('84.00');
    expect(grades(result)).toEqual({ S1: 'excellent', S2: 'good', S3: 'excellent', S4: 'good' });
    expect(quotaOf(result, 'S3')).toMatchObject({ position: 2, admitted: true, decidedById: false });
    expect(quotaOf(result, 'S2')).toMatchObject({ position: 3, admitted: false, decidedById: false });
  });

  it('fall back to the unit id only when every key ties, and say so', async () => {
    const result = await run(tinyDataset([['S1', '50', '40'], ['S3', '45', '39'], ['S2', '45', '39']]));
    expect(grades(result)).toEqual({ S1: 'excellent', S2: 'excellent', S3: 'good' });
    expect(quotaOf(result, 'S2')).toMatchObject({ admitted: true, decidedById: true });
    expect(quotaOf(result, 'S3')).toMatchObject({ admitted: false, decidedById: true });
    expect(quotaOf(result, 'S1')).toMatchObject({ admitted: true, decidedById: false });
  });

  it('use the quota’s own order when it declares one', async () => {
    // ordered by b first: S3 (39) and S1 (38) are admitted although S2 has the higher composite
    const result = await run(tinyDataset([['S1', '50', '38'], ['S2', '55', '30'], ['S3', '41', '39']]), (ruleSet) => {
      const rule = ruleSet.stages[1]?.rules[0];
      if (rule) rule.quota = { max: 2, orderBy: [{ by: 'indicators.b', order: 'desc' }] };
    });
    expect(grades(result)).toEqual({ S1: 'excellent', S2: 'good', S3: 'excellent' });
  });

  it('turn a share into places with the declared rounding', async () => {
    const rows = Array.from({ length: 24 }, (_, i) => [`S${String(i + 1).padStart(2, '0')}`, '50', String(40 - i * 0.5)] as const);
    const withShare = (rounding: 'floor' | 'half-up' | 'ceil') => (ruleSet: RuleSetInput) => {
      const rule = ruleSet.stages[1]?.rules[0];
      if (rule) rule.quota = { share: '0.4', rounding };
    };
    const count = async (rounding: 'floor' | 'half-up' | 'ceil') =>
      (await run(tinyDataset(rows), withShare(rounding))).units.filter((unit) => unit.grade === 'excellent').length;
    // 40% of 24 is 9.6
    expect(await count('floor')).toBe(9);
    expect(await count('half-up')).toBe(10);
    expect(await count('ceil')).toBe(10);
  });

  it('count places per category among the units the stage applies to', async () => {
    const dataset = tinyDataset([['S1', '50', '40'], ['S2', '50', '39'], ['S3', '50', '38']]);
    dataset.units.push({ id: 'L1', name: '牵头', category: 'lead' });
    const result = await run(dataset, (ruleSet) => {
      const rule = ruleSet.stages[1]?.rules[0];
      if (rule) rule.quota = { share: '0.5', rounding: 'floor' };
    });
    // 3 streets in the grade stage (the lead unit was excluded before it): floor(1.5) = 1
    expect(quotaOf(result, 'S1')).toMatchObject({ groupSize: 3, places: 1 });
    expect(grades(result)).toEqual({ L1: null, S1: 'excellent', S2: 'good', S3: 'good' });
  });
});

describe('rule order and quota order', () => {
  it('tries a rule with a higher priority first, whatever its place in the file', async () => {
    const result = await run(tinyDataset([['S1', '50', '40'], ['S2', '45', '40']]), (ruleSet) => {
      const stage = ruleSet.stages[1];
      // a later rule for composites below 90, with a higher priority, is tried before the quota rule
      stage?.rules.push({
        id: 'below-90',
        reason: '低于90分',
        priority: 5,
        conditions: { all: [{ fact: 'composite', operator: 'decimalLessThan', value: '90' }] },
        event: { type: 'grade', params: { grade: 'good' } },
      });
    });
    expect(grades(result)).toEqual({ S1: 'excellent', S2: 'good' });
    const s2 = result.units.find((unit) => unit.id === 'S2')?.stages.find((stage) => stage.stage === 'grade');
    expect(s2?.applied.map((rule) => rule.rule)).toEqual(['below-90']);
    expect(s2?.missed).toEqual([]);
  });

  it('keeps file order among rules of equal priority', async () => {
    const result = await run(tinyDataset([['S1', '50', '40']]), (ruleSet) => {
      const stage = ruleSet.stages[1];
      if (stage?.rules[0] && stage.rules[1]) {
        stage.rules[0].priority = 3;
        stage.rules[1].priority = 3;
      }
    });
    expect(grades(result)).toEqual({ S1: 'excellent' });
  });

  it('puts the composite first in a quota’s order when the ranking order does not start with it', async () => {
    // ranking by b alone: the quota still admits by composite first (S2 84 beats S1 80.5 despite less b)
    const result = await run(tinyDataset([['S1', '41', '39.5'], ['S2', '50', '34'], ['S3', '40.5', '40']]), (ruleSet) => {
      ruleSet.ranking = { orderBy: [{ by: 'indicators.b', order: 'desc' }] };
      const rule = ruleSet.stages[1]?.rules[0];
      if (rule) rule.quota = { max: 1 };
    });
    expect(grades(result)).toEqual({ S1: 'good', S2: 'excellent', S3: 'good' });
    const cut = (id: string) => result.units.find((unit) => unit.id === id)?.stages.find((stage) => stage.stage === 'grade')?.missed[0]?.quota;
    // then b breaks the tie of S3 and S1 at 80.50
    expect(cut('S3')).toMatchObject({ position: 2, cutoff: { unit: 'S2', by: 'composite', value: '84.00' } });
    expect(cut('S1')).toMatchObject({ position: 3 });
  });
});
