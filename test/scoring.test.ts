import DecimalJs from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, type DatasetInput, type RuleSetInput } from '../src/index.js';
import { appraise2014, datasetInput2014, ruleSetInput2014, unitNamed } from './support/load.js';
import { tinyDataset, tinyRuleSet } from './support/tiny.js';

async function run(dataset: DatasetInput, edit: (ruleSet: RuleSetInput) => void = () => {}) {
  const input = tinyRuleSet();
  edit(input);
  const ruleSet = parseRuleSet(input);
  return appraise(ruleSet, parseDataset(dataset, ruleSet));
}

describe('scoring', () => {
  it('makes every 2014 composite the exact decimal sum of counted scores plus capped bonus minus capped deduction', async () => {
    // an independent computation with decimal.js itself, straight from the files
    const ruleSet = ruleSetInput2014();
    const dataset = datasetInput2014();
    const counted = new Set(ruleSet.indicators.filter((indicator) => indicator.counts !== false).map((indicator) => indicator.id));
    const caps = Object.fromEntries((ruleSet.adjustments ?? []).map((item) => [item.id, new DecimalJs(String(item.cap))]));
    const { result } = await appraise2014();
    let checked = 0;
    for (const unit of result.units.filter((entry) => entry.composite !== null)) {
      let sum = new DecimalJs(0);
      for (const row of dataset.scores ?? []) if (row.unit === unit.id && counted.has(row.indicator)) sum = sum.plus(String(row.score));
      for (const item of ['bonus', 'deduction']) {
        const raw = (dataset.adjustments ?? [])
          .filter((entry) => entry.unit === unit.id && entry.item === item)
          .reduce((acc, entry) => acc.plus(String(entry.points)), new DecimalJs(0));
        const capped = DecimalJs.min(raw, caps[item] ?? raw);
        sum = item === 'bonus' ? sum.plus(capped) : sum.minus(capped);
      }
      expect(unit.composite, unit.name).toBe(sum.toDecimalPlaces(2, DecimalJs.ROUND_HALF_UP).toFixed(2));
      checked += 1;
    }
    expect(checked).toBe(58);
  });

  it('caps a bonus item at its cap: 2.00 + 1.50 of bonus count as 3.00', async () => {
    const { result } = await appraise2014();
    const finance = unitNamed(result, '区财政局');
    expect(finance.bonus).toBe('3.00');
    expect(finance.adjustments).toEqual([
      { item: 'bonus', points: '3.50', applied: '3.00', reasons: ['工作经验被市级部门推广', '承担区委区政府交办的重大专项任务'] },
    ]);
  });

  it('adds decimals exactly where binary floats would not (0.1 + 0.2 is 0.30)', async () => {
    const result = await run(tinyDataset([['S1', '0.1', '0.2']]), (ruleSet) => {
      const rule = ruleSet.stages[1]?.rules[0];
      if (rule) rule.conditions = { all: [{ fact: 'composite', operator: 'decimalEqual', value: '0.3' }] };
    });
    expect(result.units[0]?.composite).toBe('0.30');
    expect(result.units[0]?.grade).toBe('excellent');
  });

  it('writes every indicator score with the rule set’s places, however the input wrote it', async () => {
    const result = await run(tinyDataset([['S1', '7.5', '12'], ['S2', '7.500', '12.25'], ['S3', '7.5', '0.125']]), (ruleSet) => {
      ruleSet.precision = { decimals: 2, rounding: 'half-up' };
    });
    const scores = result.units.map((unit) => ['a', 'b'].map((id) => unit.indicators.find((indicator) => indicator.id === id)?.score));
    // places are added where missing and zeros dropped where beyond them; more significant places are kept
    expect(scores).toEqual([
      ['7.50', '12.00'],
      ['7.50', '12.25'],
      ['7.50', '0.125'],
    ]);
  });

  it('rounds the composite once, at the end, with the rule set’s mode', async () => {
    const dataset = tinyDataset([['S1', '33.335', '10']]);
    const composite = async (rounding: RuleSetInput['precision']['rounding']) =>
      (await run(dataset, (ruleSet) => (ruleSet.precision = { decimals: 2, rounding }))).units[0]?.composite;
    expect(await composite('half-up')).toBe('43.34');
    expect(await composite('half-even')).toBe('43.34');
    expect(await composite('half-down')).toBe('43.33');
    expect(await composite('down')).toBe('43.33');
    const result = await run(tinyDataset([['S1', '33.125', '10']]), (ruleSet) => (ruleSet.precision = { decimals: 2, rounding: 'half-even' }));
    expect(result.units[0]?.composite).toBe('43.12');
  });

  it('multiplies by weights exactly', async () => {
    const result = await run(tinyDataset([['S1', '55.55', '33.33']]), (ruleSet) => {
      const [a, b] = ruleSet.indicators;
      if (a && b) {
        a.weight = '0.3';
        b.weight = '0.7';
      }
      delete ruleSet.total;
    });
    // 0.3 × 55.55 + 0.7 × 33.33 = 16.665 + 23.331 = 39.996
    expect(result.units[0]?.composite).toBe('40.00');
  });

  it('adds up an indicator given per evaluation subject', async () => {
    const dataset: DatasetInput = {
      units: [{ id: 'S1', name: '街道一', category: 'street' }],
      scores: [
        { unit: 'S1', indicator: 'a', subject: 's2', score: '18.5' },
        { unit: 'S1', indicator: 'a', subject: 's1', score: '37.25' },
        { unit: 'S1', indicator: 'b', score: '30' },
      ],
    };
    const unit = (await run(dataset)).units[0];
    expect(unit?.composite).toBe('85.75');
    expect(unit?.indicators[0]).toMatchObject({
      id: 'a',
      score: '55.75',
      bySubject: [
        { subject: 's1', score: '37.25' },
        { subject: 's2', score: '18.50' },
      ],
    });
  });

  it('applies bonus and deduction caps', async () => {
    const dataset = tinyDataset([['S1', '50', '30']]);
    dataset.adjustments = [
      { unit: 'S1', item: 'plus', points: '1.5', reason: '一' },
      { unit: 'S1', item: 'plus', points: '1.5', reason: '二' },
      { unit: 'S1', item: 'minus', points: '4', reason: '三' },
    ];
    const unit = (await run(dataset)).units[0];
    expect(unit).toMatchObject({ bonus: '2.00', deduction: '3.00', composite: '79.00' });
    // each item's points written with the rule set's places, before and after its cap
    expect(unit?.adjustments).toEqual([
      { item: 'plus', points: '3.00', applied: '2.00', reasons: ['一', '二'] },
      { item: 'minus', points: '4.00', applied: '3.00', reasons: ['三'] },
    ]);
  });

  it('writes a single entry’s points with the rule set’s places, under its cap or over it', async () => {
    for (const [points, applied] of [
      ['1', '1.00'],
      ['1.5', '1.50'],
      ['1.25', '1.25'],
      ['2.5', '2.00'],
    ] as const) {
      const dataset = tinyDataset([['S1', '50', '30']]);
      dataset.adjustments = [{ unit: 'S1', item: 'plus', points, reason: '一' }];
      const unit = (await run(dataset)).units[0];
      expect(unit?.adjustments, points).toEqual([{ item: 'plus', points: applied === '2.00' ? '2.50' : applied, applied, reasons: ['一'] }]);
      expect(unit?.bonus, points).toBe(applied);
    }
  });

  it('ranks within the category with the tie-break, and shares a rank only on a full tie', async () => {
    const result = await run(tinyDataset([['S1', '50', '34'], ['S2', '45', '39'], ['S3', '45', '39'], ['S4', '60', '40']]));
    const ranks = Object.fromEntries(result.units.map((unit) => [unit.id, [unit.rank, unit.percentile]]));
    expect(ranks).toEqual({ S4: [1, '100.00'], S2: [2, '66.67'], S3: [2, '66.67'], S1: [4, '0.00'] });
    expect(result.units.find((unit) => unit.id === 'S1')?.indicators.find((entry) => entry.id === 'b')?.rank).toBe(4);
  });
});

describe('the arithmetic behind reports and percentiles', () => {
  it('computes percentiles exactly, rounding a half up', async () => {
    const { percentileOf } = await import('../src/scoring/score.js');
    expect(percentileOf(1, 1)).toBe('100.00');
    expect(percentileOf(1, 24)).toBe('100.00');
    expect(percentileOf(24, 24)).toBe('0.00');
    expect(percentileOf(11, 24)).toBe('56.52');
    // 1 × 100 / 32 = 3.125: exactly half a hundredth, rounded up
    expect(percentileOf(32, 33)).toBe('3.13');
    expect(percentileOf(2, 3)).toBe('50.00');
  });

  it('averages, takes shares and counts staff places exactly', async () => {
    const { averageOf, shareOf, placesOf } = await import('../src/scoring/score.js');
    expect(averageOf([], 2, 'half-up')).toBeNull();
    expect(averageOf(['1', '2'], 2, 'half-up')).toBe('1.50');
    expect(averageOf(['0.1', '0.2', '0.2'], 2, 'half-up')).toBe('0.17');
    expect(averageOf(['0.1', '0.2', '0.2'], 2, 'down')).toBe('0.16');
    expect(shareOf('6.65', '7')).toBe('0.9500');
    expect(shareOf('1', '3')).toBe('0.3333');
    expect(shareOf('1', '0')).toBeNull();
    expect(placesOf('0.05', 59, 'floor')).toBe(2);
    expect(placesOf('0.05', 59, 'half-up')).toBe(3);
    expect(placesOf('0', 59, 'ceil')).toBe(0);
  });
});
