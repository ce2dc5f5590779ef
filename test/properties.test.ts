import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, priorFromResult, renderJson, type AppraisalResult, type DatasetInput, type RuleSetInput } from '../src/index.js';
import { tablesToDataset, type Table } from '../src/io/tables.js';
import { _appraiseChecked } from '../src/outcomes/appraise.js';
import { INDICATORS_2014, hundredths, population2014, shuffled } from './support/arbitraries.js';
import { ruleSetInput2014 } from './support/load.js';

// Bounded so the whole file stays within seconds on a 2-core machine; `npm run fuzz` runs longer.
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const ruleSet = parseRuleSet(ruleSetInput2014());
const run = (dataset: DatasetInput, rules = ruleSet) => appraise(rules, parseDataset(dataset, rules));
const outcomes = (result: AppraisalResult) =>
  JSON.stringify(result.units.map(({ stages: _stages, shortfall: _shortfall, ...unit }) => unit));

describe('properties of the appraisal (fast-check)', () => {
  it('gives every unit in exactly one outcome, with a status and a reason', async () => {
    await fc.assert(
      fc.asyncProperty(population2014(), async (dataset) => {
        const result = await run(dataset);
        expect(result.units.map((unit) => unit.id)).toEqual(dataset.units.map((unit) => unit.id).sort());
        for (const unit of result.units) {
          expect(['graded', 'excluded', 'vertical']).toContain(unit.status);
          expect(unit.reason).not.toBe('');
          if (unit.status === 'graded') expect(unit.grade).not.toBeNull();
          else expect(unit.grade).toBeNull();
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gives byte-identical output under any order of units, scores, adjustments and prior rows', async () => {
    const arbitrary = population2014(20).chain((dataset) =>
      fc.tuple(fc.constant(dataset), shuffled(dataset.units), shuffled(dataset.scores ?? []), shuffled(dataset.adjustments ?? []), shuffled(dataset.prior ?? [])),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([dataset, units, scores, adjustments, prior]) => {
        const reference = renderJson(await run(dataset));
        expect(renderJson(await run({ ...dataset, units, scores, adjustments, prior }))).toBe(reference);
        expect(renderJson(await run(dataset))).toBe(reference);
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the command, which does not check a dataset it has just loaded again, what appraise gives', async () => {
    await fc.assert(
      fc.asyncProperty(population2014(), async (input) => {
        const dataset = parseDataset(input, ruleSet);
        expect(renderJson(await _appraiseChecked(ruleSet, dataset))).toBe(renderJson(await appraise(ruleSet, dataset)));
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
    // and it does skip the check, which is what it is for: a dataset changed after it was checked (a score gone)
    // is refused by appraise and taken as it is by the command's appraisal
    const dataset = parseDataset({ units: [{ id: 'D1', name: '甲', category: 'department' }], scores: INDICATORS_2014.map(([indicator]) => ({ unit: 'D1', indicator, score: '1.00' })) }, ruleSet);
    const changed = { ...dataset, scores: dataset.scores.slice(1) };
    await expect(appraise(ruleSet, changed)).rejects.toThrow(/no score for/);
    expect((await _appraiseChecked(ruleSet, changed)).units).toHaveLength(1);
  });

  it('gives the same outcomes whatever the order of the rules of an all-match stage', async () => {
    const arbitrary = population2014(20).chain((dataset) => fc.tuple(fc.constant(dataset), shuffled([0, 1, 2, 3])));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([dataset, order]) => {
        const input = ruleSetInput2014();
        const followUp = input.stages.find((stage) => stage.id === 'follow-up');
        if (!followUp) throw new Error('the 2014 rule set has a follow-up stage');
        const rules = [...followUp.rules];
        followUp.rules = order.map((i) => rules[i] as (typeof rules)[number]);
        expect(outcomes(await run(dataset, parseRuleSet(input)))).toBe(outcomes(await run(dataset)));
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the same dataset whatever the order of the columns and rows of a wide score table', async () => {
    const header = ['编码', ...INDICATORS_2014.map(([id]) => id)];
    const arbitrary = population2014(10).chain((dataset) => fc.tuple(fc.constant(dataset), shuffled(header.map((_, i) => i)), shuffled(dataset.units.map((_, i) => i))));
    await fc.assert(
      fc.property(arbitrary, ([dataset, columns, rows]) => {
        const unitsTable: Table = {
          source: 'units.csv',
          rows: [{ row: 1, cells: ['id', 'name', 'category', 'trackGroup', 'dataFlags'] }, ...dataset.units.map((unit, i) => ({ row: i + 2, cells: [unit.id, unit.name, unit.category, unit.trackGroup, unit.dataFlags?.join(';')] }))],
        };
        const scored = dataset.units.filter((unit) => unit.category !== 'lead-department');
        const scoreRows = scored.map((unit) => [unit.id, ...INDICATORS_2014.map(([id]) => dataset.scores?.find((row) => row.unit === unit.id && row.indicator === id)?.score)]);
        const table = (columnOrder: readonly number[], rowOrder: readonly number[]): Table => ({
          source: 'scores.csv',
          rows: [
            { row: 1, cells: columnOrder.map((c) => header[c]) },
            ...rowOrder.filter((r) => r < scoreRows.length).map((r, i) => ({ row: i + 2, cells: columnOrder.map((c) => scoreRows[r]?.[c]) })),
          ],
        });
        const identity = header.map((_, i) => i);
        const reference = tablesToDataset({ units: unitsTable, scores: table(identity, scoreRows.map((_, i) => i)) }, ruleSet);
        const permuted = tablesToDataset({ units: unitsTable, scores: table(columns, rows) }, ruleSet);
        expect(permuted.issues).toEqual([]);
        const sort = (input: DatasetInput) => JSON.stringify([...(input.scores ?? [])].map((row) => JSON.stringify(row)).sort());
        expect(sort(permuted.input)).toBe(sort(reference.input));
      }),
      { numRuns: RUNS },
    );
  });

  it('never lowers a unit’s own grade when its scores rise (2014 rules)', async () => {
    const grades = ruleSet.grades.map((grade) => grade.id);
    const arbitrary = population2014(20).chain((dataset) => fc.tuple(fc.constant(dataset), fc.nat({ max: dataset.units.length - 1 }), fc.array(fc.nat({ max: 1000 }), { minLength: 9, maxLength: 9 })));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([dataset, index, raises]) => {
        const unit = dataset.units[index];
        if (!unit || unit.category === 'lead-department') return;
        const before = (await run(dataset)).units.find((entry) => entry.id === unit.id);
        const raised: DatasetInput = {
          ...dataset,
          scores: (dataset.scores ?? []).map((row) => {
            if (row.unit !== unit.id) return row;
            const [, points = 0] = INDICATORS_2014.find(([id]) => id === row.indicator) ?? [];
            const k = INDICATORS_2014.findIndex(([id]) => id === row.indicator);
            const current = Math.round(Number(row.score) * 100);
            return { ...row, score: hundredths(Math.min(points, current + (raises[k] ?? 0))) };
          }),
        };
        const after = (await run(raised)).units.find((entry) => entry.id === unit.id);
        if (before?.grade && after?.grade) expect(grades.indexOf(after.grade)).toBeLessThanOrEqual(grades.indexOf(before.grade));
        expect(after?.status).toBe(before?.status);
      }),
      { numRuns: RUNS },
    );
  });

  it('never exceeds a quota: overall excellent stays within 40% (half-up) of each category', async () => {
    await fc.assert(
      fc.asyncProperty(population2014(40), async (dataset) => {
        const result = await run(dataset);
        for (const category of ['department', 'street']) {
          const graded = result.units.filter((unit) => unit.category === category && unit.status === 'graded');
          const places = Math.floor((graded.length * 4) / 10 + 0.5);
          expect(graded.filter((unit) => unit.grade === 'overall-excellent').length).toBeLessThanOrEqual(places);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('makes the composite the exact sum, computed independently with BigInt hundredths', async () => {
    const counted = new Set(INDICATORS_2014.filter(([id]) => id !== 'third-party').map(([id]) => id));
    const cents = (text: string) => BigInt(text.replace('.', ''));
    await fc.assert(
      fc.asyncProperty(population2014(), async (dataset) => {
        const result = await run(dataset);
        for (const unit of result.units.filter((entry) => entry.composite !== null)) {
          let sum = 0n;
          for (const row of dataset.scores ?? []) if (row.unit === unit.id && counted.has(row.indicator)) sum += cents(String(row.score));
          const adjust = (item: string, cap: bigint) =>
            [(dataset.adjustments ?? []).filter((entry) => entry.unit === unit.id && entry.item === item).reduce((acc, entry) => acc + cents(String(entry.points)), 0n), cap].reduce((a, b) => (a < b ? a : b));
          sum += adjust('bonus', 300n) - adjust('deduction', 500n);
          const sign = sum < 0n ? '-' : '';
          const abs = sum < 0n ? -sum : sum;
          expect(unit.composite).toBe(`${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('round-trips its JSON output as next year’s prior-year input', async () => {
    await fc.assert(
      fc.asyncProperty(population2014(20), async (dataset) => {
        const result = await run(dataset);
        const again = await run({ ...dataset, prior: priorFromResult(JSON.parse(renderJson(result))) });
        for (const unit of again.units) {
          const before = result.units.find((entry) => entry.id === unit.id);
          if (before?.composite == null) continue;
          expect(unit.prior).toEqual({ composite: before.composite, grade: before.grade });
          expect(unit.change).toBe('0.00');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps quota order and rule order meaningful: raising a quota never admits fewer', async () => {
    const withShare = (share: string): RuleSetInput => {
      const input = ruleSetInput2014();
      const rule = input.stages.find((stage) => stage.id === 'grade')?.rules[0];
      if (rule?.quota) rule.quota = { ...rule.quota, share };
      return input;
    };
    const arbitrary = fc.tuple(population2014(30), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }));
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([dataset, a, b]) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const count = async (share: string) => (await run(dataset, parseRuleSet(withShare(share)))).units.filter((unit) => unit.grade === 'overall-excellent').length;
        expect(await count(`0.${high}`)).toBeGreaterThanOrEqual(await count(`0.${low}`));
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
