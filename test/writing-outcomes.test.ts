/**
 * How the command writes CSV and JSON: outcomes (for CSV, the rows of them) made one at a time as they are
 * written, and let go, so a large population's outcomes are never all in memory. What it writes must be what the
 * API's result renders to.
 */
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { _appraiseForWriting, _rowOf } from '../src/outcomes/appraise.js';
import { _csvPieces } from '../src/report/csv.js';
import { _jsonPieces } from '../src/report/json.js';
import { appraise, parseDataset, parseRuleSet, renderCsv, renderJson, type UnitOutcome } from '../src/index.js';
import { population2014 } from './support/arbitraries.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const ruleSet = parseRuleSet(ruleSetInput2014());

describe('outcomes made as they are written', () => {
  it('give the API result’s CSV and JSON, byte for byte, for any population, piece size and evaluation path', async () => {
    await fc.assert(
      fc.asyncProperty(population2014(25), fc.integer({ min: 1, max: 30 }), fc.constantFrom('compiled' as const, 'reference' as const), async (input, perPiece, evaluation) => {
        const dataset = parseDataset(input, ruleSet);
        const result = await appraise(ruleSet, dataset, { evaluation });
        const appraisal = await _appraiseForWriting(ruleSet, dataset, { evaluation });
        expect(appraisal.size).toBe(result.units.length);
        const unitAt = (index: number) => appraisal.outcome(index);
        // CSV from rows made without the outcomes, as the command writes it
        expect([..._csvPieces(ruleSet, appraisal.size, (index) => appraisal._tableRow(index), perPiece, true)].join('')).toBe(renderCsv(result, ruleSet));
        result.units.forEach((unit, index) => expect(appraisal._tableRow(index)).toEqual(_rowOf(unit)));
        const members = { ruleSet: appraisal.ruleSet, units: null, surveys: appraisal.surveys };
        expect([..._jsonPieces(members, appraisal.size, unitAt, perPiece)].join('')).toBe(renderJson(result));
      }),
      { numRuns: RUNS },
    );
  });

  it('give the API result’s CSV where names, labels and reasons hold commas, quotes and line breaks', async () => {
    // the rule set's labels and reasons, and the units' names, with what makes a cell quoted, or nothing of it
    const odd = fc.constantFrom('', ',', '"', '\n', '\r', '\r\n', 'a,"b"', ' ；');
    await fc.assert(
      fc.asyncProperty(population2014(12), fc.array(odd, { minLength: 8, maxLength: 8 }), async (input, marks) => {
        const [category = '', grade = '', mention = '', flag = '', reason = '', name = '', status = '', other = ''] = marks;
        // inside the text: labels and names are trimmed
        const within = (text: string, mark: string) => `${text.slice(0, 1)}${mark}${text.slice(1)}`;
        const rules = ruleSetInput2014() as { categories: { label: string }[]; grades: { label: string }[]; mentions: { label: string }[]; flags: { label: string }[]; stages: { rules: { reason: string }[] }[] };
        rules.categories.forEach((entry, i) => (entry.label = within(entry.label, i % 2 === 0 ? category : other)));
        rules.grades.forEach((entry) => (entry.label = within(entry.label, grade)));
        rules.mentions.forEach((entry) => (entry.label = within(entry.label, mention)));
        rules.flags.forEach((entry) => (entry.label = within(entry.label, flag)));
        for (const stage of rules.stages) for (const rule of stage.rules) rule.reason = within(rule.reason, reason);
        const odder = parseRuleSet(rules);
        const units = input.units.map((unit, i) => ({ ...unit, name: within(unit.name, i % 2 === 0 ? name : status) }));
        const dataset = parseDataset({ ...input, units }, odder);
        const result = await appraise(odder, dataset);
        const appraisal = await _appraiseForWriting(odder, dataset);
        expect([..._csvPieces(odder, appraisal.size, (index) => appraisal._tableRow(index), 7, true)].join('')).toBe(renderCsv(result, odder));
      }),
      { numRuns: RUNS },
    );
  });

  it('are the result’s outcomes, explanations and all, for the 2014 example, whatever was read before', async () => {
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    const result = await appraise(ruleSet, dataset);
    const appraisal = await _appraiseForWriting(ruleSet, dataset);
    // read in another order than the result's, the explanation of one read twice
    for (const index of [...result.units.keys()].reverse()) {
      const made = appraisal.outcome(index);
      expect(made.stages).toEqual(result.units[index]?.stages);
      expect(JSON.stringify(made)).toBe(JSON.stringify(result.units[index]));
      expect(made).not.toBe(appraisal.outcome(index));
    }
  });

  it('write a result without units as renderJson writes it, reading no unit', () => {
    const members = { ruleSet: { id: 'none', year: 2020, title: '无' }, units: null, surveys: [] };
    const pieces = [..._jsonPieces(members, 0, () => expect.unreachable('no unit to read'))];
    expect(pieces).toHaveLength(1);
    expect(pieces[0]).toBe(renderJson({ ...members, units: [] }));
  });

  it('are not kept once written', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const dataset = parseDataset(fc.sample(population2014(400), { numRuns: 1, seed: 7 })[0] as never, ruleSet);
    const appraisal = await _appraiseForWriting(ruleSet, dataset);
    const made: WeakRef<UnitOutcome>[] = [];
    const unitAt = (index: number) => {
      const outcome = appraisal.outcome(index);
      made.push(new WeakRef(outcome));
      return outcome;
    };
    let length = 0;
    for (const piece of _jsonPieces({ ruleSet: appraisal.ruleSet, units: null, surveys: appraisal.surveys }, appraisal.size, unitAt, 50)) length += piece.length;
    expect(length).toBeGreaterThan(0);
    expect(made).toHaveLength(appraisal.size);
    expect(made.length).toBeGreaterThan(0);
    // macrotasks, so that nothing of the loop above is still held, each followed by a full collection, until all
    // are gone (a few dozen at most: code being optimised on another thread can hold what it reads for a while)
    const kept = () => made.filter((ref) => ref.deref() !== undefined).length;
    for (let round = 0; round < 40 && kept() > 0; round++) {
      await new Promise((resolve) => setTimeout(resolve, round === 0 ? 0 : 5));
      gc();
    }
    expect(kept()).toBe(0);
    // the appraisal itself is still whole: an outcome made now is as one made before
    expect(appraisal.outcome(0).id).toBeTypeOf('string');
  });
});
