/**
 * Scores given by evaluation subjects and kept as columns (a column per subject's part of an indicator) are
 * checked, summed and explained from the columns. This property holds them to the same scores given as rows, under
 * rule sets of other places (0 to 3), rounding modes and weights, with parts written with 0 to 12 places and values
 * far past what a number of hundredths holds: the same problems, in the same order, and where there are none, the
 * same result and explanations, byte for byte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appraise, parseRuleSet, renderJson, validateDataset, type RuleSetInput } from '../src/index.js';
import { validateLoadedDataset } from '../src/schema/parse.js';
import { _ScoreColumnsGatherer, _scoreColumnsOf, _scoreColumnsOfRows, _withScoreColumns } from '../src/schema/scoreColumns.js';
import { tinyRuleSet } from './support/tiny.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);

type Row = { unit: string; indicator: string; subject?: string; score: string };

/** The small rule set with three subjects, an indicator of three shares (one of 0 points), and the options given. */
function ruleSetOf(decimals: number, rounding: 'half-up' | 'half-even', weight: string, big: boolean) {
  const input = tinyRuleSet() as RuleSetInput & { total?: string };
  delete input.total;
  input.precision = { decimals, rounding };
  input.subjects = [...input.subjects, { id: 's3', label: '主体三' }];
  const points = big ? '200000000000' : '60';
  const share = big ? '100000000000' : undefined;
  input.indicators = [
    { id: 'a', label: '甲', points, weight, subjects: [{ subject: 's1', points: share ?? '40' }, { subject: 's2', points: share ?? '20' }] },
    { id: 'b', label: '乙', points: '40', subjects: [{ subject: 's2' }] },
    { id: 'c', label: '丙', points: '100', counts: false, subjects: [{ subject: 's1' }] },
    { id: 'd', label: '丁', points: '1000', weight: weight === '1' ? '1' : '0.001', subjects: [{ subject: 's3', points: '999' }, { subject: 's1', points: '1' }, { subject: 's2', points: '0' }] },
  ];
  return parseRuleSet(input);
}

/** A decimal text of `places` places at a share `at` (0 to 1) of `max`, not over it. */
function decimal(max: string, at: number, places: number): string {
  const text = (Number(max) * at).toFixed(places);
  return Number(text) > Number(max) ? max : text;
}

const unitArbitrary = fc.record({
  lead: fc.boolean(),
  // per indicator: whole, or by subjects; each score's share of its points and its places
  scores: fc.array(fc.record({ bySubjects: fc.boolean(), at: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000), places: fc.oneof(fc.nat({ max: 4 }), fc.constant(12)) }), { minLength: 4, maxLength: 4 }),
});

/** Ways to make the rows wrong, or only different: the numbers pick the row and what is put there. */
const changes = fc.array(fc.tuple(fc.nat({ max: 7 }), fc.nat(), fc.nat()), { maxLength: 4 });

function rowsOf(ruleSet: ReturnType<typeof parseRuleSet>, units: { lead: boolean; scores: { bySubjects: boolean; at: number; places: number }[] }[]): Row[] {
  const rows: Row[] = [];
  units.forEach((unit, u) => {
    ruleSet.indicators.forEach((indicator, i) => {
      const { bySubjects, at, places } = unit.scores[i] as { bySubjects: boolean; at: number; places: number };
      if (!bySubjects) rows.push({ unit: `U${u}`, indicator: indicator.id, score: decimal(indicator.points, at, places) });
      // the second part with two places, the others with the places drawn: sums of parts of both kinds
      else indicator.subjects.forEach((share, k) => rows.push({ unit: `U${u}`, indicator: indicator.id, subject: share.subject, score: decimal(share.points ?? indicator.points, at, k === 1 ? 2 : places) }));
    });
  });
  return rows;
}

function changed(rows: Row[], list: readonly (readonly [number, number, number])[]): Row[] {
  const result = rows.map((row) => ({ ...row }));
  for (const [kind, at, other] of list) {
    if (result.length === 0) break;
    const i = at % result.length;
    const row = result[i] as Row;
    if (kind === 0) result.splice(i, 1);
    else if (kind === 1) result.splice(other % (result.length + 1), 0, { ...row });
    else if (kind === 2) result[i] = { ...row, unit: 'X9' };
    else if (kind === 3) {
      const { subject: _, ...whole } = row;
      result[i] = whole;
    } else if (kind === 4) result[i] = { ...row, subject: ['s1', 's2', 's3'][other % 3] as string };
    else if (kind === 5) result[i] = { ...row, score: ['1000000000000000000.5', '0.005', '99.999999999999'][other % 3] as string };
    else if (kind === 6) {
      const j = other % result.length;
      [result[i], result[j]] = [result[j] as Row, row];
    } else result.push(...result.splice(i, 1));
  }
  return result;
}

describe('scores by subjects kept as columns, under any places, rounding and weights', () => {
  it('give the problems, result and explanations of the same scores given as rows', async () => {
    let valid = 0;
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 3 }),
        fc.constantFrom('half-up', 'half-even') as fc.Arbitrary<'half-up' | 'half-even'>,
        fc.constantFrom('1', '0.5', '1.25'),
        fc.boolean(),
        fc.array(unitArbitrary, { minLength: 1, maxLength: 4 }),
        changes,
        fc.boolean(),
        async (decimals, rounding, weight, big, units, list, gathered) => {
          const ruleSet = ruleSetOf(decimals, rounding, weight, big);
          const rows = changed(rowsOf(ruleSet, units), list);
          const listed = units.map((unit, u) => ({ id: `U${u}`, name: `单位${u}`, category: unit.lead ? 'lead' : 'street' }));
          // the columns as a long table's reading gathers them, or as a parse makes them of the rows at once
          let columns = _scoreColumnsOfRows(rows);
          if (gathered) {
            const gatherer = new _ScoreColumnsGatherer(rows.length);
            for (const row of rows) gatherer.add(row.unit, row.indicator, row.score, row.subject);
            columns = gatherer.sparse ? undefined : gatherer.columns();
          }
          if (columns === undefined) return;
          const fromRows = validateLoadedDataset({ units: listed, scores: rows.map((row) => ({ ...row })) }, ruleSet);
          const fromColumns = validateLoadedDataset(_withScoreColumns({ units: listed, scores: [] }, columns), ruleSet);
          expect(fromColumns.issues).toEqual(fromRows.issues);
          // and the caller's rows parsed, which a parse keeps as columns of its own
          const parsed = validateDataset({ units: listed, scores: rows.map((row) => ({ ...row })) }, ruleSet);
          expect(parsed.issues).toEqual(fromRows.issues);
          if (!fromRows.ok || !fromColumns.ok || !parsed.ok) {
            expect([fromColumns.ok, parsed.ok]).toEqual([fromRows.ok, fromRows.ok]);
            invalid++;
            return;
          }
          valid++;
          expect(_scoreColumnsOf(fromColumns.value)).toBeDefined();
          const expected = await appraise(ruleSet, fromRows.value);
          for (const dataset of [fromColumns.value, parsed.value]) {
            const result = await appraise(ruleSet, dataset);
            expect(renderJson(result)).toBe(renderJson(expected));
            expect(result.units.map((unit) => unit.indicators)).toEqual(expected.units.map((unit) => unit.indicators));
          }
        },
      ),
      { numRuns: RUNS * 5 },
    );
    expect(valid).toBeGreaterThan(0);
    expect(invalid).toBeGreaterThan(0);
  });
});
