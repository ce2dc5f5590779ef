/**
 * The dataset check guesses that score and prior rows follow the units' order, and keeps what it knows of units
 * by their place. This holds it to the plain check (test/support/plain-check-dataset.ts) on datasets whose rows
 * are in any order, with repeated and unknown units, repeated rows and missing scores: the same problems, in the
 * same order, at the same paths.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDataset, parseRuleSet, type Dataset } from '../src/index.js';
import { _checkDataset, _namesMayRepeat, checkDataset } from '../src/schema/checkDataset.js';
import { Decimal } from '../src/scoring/decimal.js';
import { scoreUnits } from '../src/scoring/score.js';
import { population2014, shuffled } from './support/arbitraries.js';
import { ruleSetInput2014 } from './support/load.js';
import { plainCheckDataset } from './support/plain-check-dataset.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40) * 5;
const ruleSet = parseRuleSet(ruleSetInput2014());

/** Changes that make a valid dataset wrong in the ways the check looks for, or only reorder it. */
type Change = readonly [kind: number, at: number, other: number];
function changed(dataset: Dataset, changes: readonly Change[]): Dataset {
  const units = [...dataset.units];
  let scores = [...dataset.scores];
  let prior = [...dataset.prior];
  const pick = <T>(list: readonly T[], at: number): T | undefined => (list.length === 0 ? undefined : list[at % list.length]);
  for (const [kind, at, other] of changes) {
    const unit = pick(units, at);
    const score = pick(scores, at);
    const entry = pick(prior, at);
    switch (kind) {
      case 0: // a unit listed twice, next to itself or elsewhere
        if (unit) units.splice(other % (units.length + 1), 0, { ...unit, name: `${unit.name}′` });
        break;
      case 1: // a score row for a unit not listed
        if (score) scores.splice(other % (scores.length + 1), 0, { ...score, unit: `X${other}` });
        break;
      case 2: // a score row twice
        if (score) scores.splice(other % (scores.length + 1), 0, { ...score });
        break;
      case 3: // a score row gone
        scores = scores.filter((_, i) => i !== at % scores.length);
        break;
      case 4: // a prior row for a unit not listed, or twice
        if (entry) prior.splice(other % (prior.length + 1), 0, other % 2 === 0 ? { ...entry, unit: `X${other}` } : { ...entry });
        break;
      case 5: // a score row of another indicator's name, or of an unknown one
        if (score) scores[at % scores.length] = { ...score, indicator: other % 3 === 0 ? 'nowhere' : (ruleSet.indicators[other % ruleSet.indicators.length]?.id ?? 'nowhere') };
        break;
      case 6: // two units with the same name
        {
          const target = units[(at + 1) % Math.max(1, units.length)];
          if (unit && target) units[(at + 1) % units.length] = { ...target, name: unit.name };
        }
        break;
      case 7: // a unit of an unscored category that has scores
        if (unit) units[at % units.length] = { ...unit, category: 'lead-department' };
        break;
      case 8: // a hole in a list, as `delete` leaves one
        if (other % 3 === 0 && units.length > 0) delete units[at % units.length];
        else if (other % 3 === 1 && scores.length > 0) delete scores[at % scores.length];
        else if (prior.length > 0) delete prior[at % prior.length];
        break;
      case 10: // a score's text given to another row, perhaps of an indicator with fewer points
        {
          const target = scores.length === 0 ? undefined : scores[other % scores.length];
          if (score && target) scores[other % scores.length] = { ...target, score: score.score };
        }
        break;
      case 9: // scores by subject: a whole score given by two subjects, or by an unknown one
        if (score) {
          const indicator = ruleSet.indicators.find((entry) => entry.subjects.length > 0);
          const subject = indicator?.subjects[other % (indicator.subjects.length || 1)]?.subject ?? 'nobody';
          scores.splice(other % (scores.length + 1), 0, { ...score, indicator: indicator?.id ?? score.indicator, subject: other % 5 === 0 ? 'nobody' : subject });
        }
        break;
    }
  }
  return { ...dataset, units, scores, prior };
}

describe('the dataset check', () => {
  it('finds what the plain check finds, whatever the order of the rows', () => {
    const change = fc.tuple(fc.nat({ max: 10 }), fc.nat(), fc.nat());
    const arbitrary = population2014(12).chain((input) => {
      const dataset = parseDataset(input, ruleSet);
      return fc.tuple(fc.constant(dataset), fc.array(change, { maxLength: 5 }), fc.boolean(), shuffled(dataset.scores), shuffled(dataset.prior));
    });
    fc.assert(
      fc.property(arbitrary, ([dataset, changes, reorder, scores, prior]) => {
        const subject = changed(reorder ? { ...dataset, scores, prior } : dataset, changes);
        expect(checkDataset(ruleSet, subject)).toEqual(plainCheckDataset(ruleSet, subject));
      }),
      { numRuns: RUNS },
    );
  });

  it('finds nothing in a valid dataset in the order it was written, nor in any other', () => {
    fc.assert(
      fc.property(population2014(12), (input) => {
        const dataset = parseDataset(input, ruleSet);
        expect(checkDataset(ruleSet, dataset).filter((issue) => issue.severity === 'error')).toEqual([]);
        expect(checkDataset(ruleSet, { ...dataset, units: [...dataset.units].reverse(), scores: [...dataset.scores].reverse() }).filter((issue) => issue.severity === 'error')).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('reports every score beyond its points, however often the same text comes, and on whichever indicator', () => {
    const [input] = fc.sample(population2014(6).filter((population) => population.units.filter((unit) => unit.category !== 'lead-department').length >= 2), { numRuns: 1, seed: 3 });
    const dataset = parseDataset(input, ruleSet);
    // 9.00 is within duties' 40 points, and beyond lawful's 8: given to every row of both
    const scores = dataset.scores.map((row) => (row.indicator === 'duties' || row.indicator === 'lawful' ? { ...row, score: '9.00' } : row));
    const beyond = checkDataset(ruleSet, { ...dataset, scores }).filter((issue) => issue.code === 'score-out-of-range');
    const lawful = scores.flatMap((row, i) => (row.indicator === 'lawful' ? [`$.scores[${i}].score`] : []));
    expect(lawful.length).toBeGreaterThanOrEqual(2);
    expect(beyond.map((issue) => issue.path)).toEqual(lawful);
  });

  it('gives the scoring the scores it read, and the scoring gives from them what it gives reading the rows itself', () => {
    // the 2014 rules, and the same with three places and a weighted indicator
    const input = ruleSetInput2014();
    const weighted = parseRuleSet({ ...input, total: '80', precision: { ...input.precision, decimals: 3 }, indicators: input.indicators.map((indicator, k) => (k === 0 ? { ...indicator, weight: '0.5' } : indicator)) });
    const change = fc.tuple(fc.nat({ max: 10 }), fc.nat(), fc.nat());
    // texts of other places than two, which the check and the scoring read through decimals, not hundredths
    const retext = fc.tuple(fc.nat(), fc.constantFrom((text: string) => text.replace(/0$/, ''), (text: string) => text.replace(/\.\d+$/, ''), (text: string) => `${text}0`));
    const arbitrary = population2014(12).chain((input) => {
      const dataset = parseDataset(input, ruleSet);
      return fc.tuple(fc.constant(dataset), fc.array(change, { maxLength: 3 }), fc.array(retext, { maxLength: 6 }), fc.boolean(), shuffled(dataset.scores), fc.boolean(), fc.boolean());
    });
    let read = 0;
    const known: number[] = [];
    fc.assert(
      fc.property(arbitrary, ([dataset, changes, retexts, reorder, scores, change, weigh]) => {
        const rules = weigh ? weighted : ruleSet;
        const rows = [...(reorder ? scores : dataset.scores)];
        for (const [at, write] of retexts) if (rows.length > 0) rows[at % rows.length] = { ...(rows[at % rows.length] as (typeof rows)[number]), score: write((rows[at % rows.length] as (typeof rows)[number]).score) };
        const subject = change ? changed({ ...dataset, scores: rows }, changes) : { ...dataset, scores: rows };
        const checked = _checkDataset(rules, subject);
        const errors = checked.issues.some((issue) => issue.severity === 'error');
        const perSubject = subject.scores.some((row) => row?.subject !== undefined);
        // given exactly when the dataset is sound and its scores are whole
        expect(checked.read !== undefined).toBe(!errors && !perSubject);
        // scoring needs every unit (a list of units with a hole is passed over by the check, not by the scoring)
        if (checked.read === undefined || Array.from(subject.units).includes(undefined as never)) return;
        read += 1;
        const plain = scoreUnits(rules, subject);
        // rows changed after the check do not change what is scored: what was checked is
        const later = subject.scores.map((row) => (row === undefined ? row : { ...row, score: '0.00' }));
        const given = scoreUnits(rules, { ...subject, scores: later }, checked.read);
        // the values in hundredths count only where there is a score
        const values = (scores: typeof plain) => Array.from(scores.hundredths, (value, at) => (scores.scores[at] == null ? (value === -2 ? 'none' : value) : value));
        expect({ ...given, hundredths: values(given) }).toEqual({ ...plain, hundredths: values(plain) });
        // and are the scores' values, where they are known (scores given with two places)
        given.scores.forEach((text, at) => {
          if (text != null && (given.hundredths[at] as number) >= 0) {
            expect(new Decimal(text).times(100).toNumber(), text).toBe(given.hundredths[at]);
            known.push(at);
          }
        });
      }),
      { numRuns: RUNS },
    );
    expect(read).toBeGreaterThan(RUNS / 4);
    expect(known.length).toBeGreaterThan(0);
  });

  it('takes names for different only when they are: any two the same are found, wherever they are listed', () => {
    const unit = (name: string) => ({ id: name, name, category: 'department', dataFlags: [] });
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 6 }), { maxLength: 60 }), fc.nat(), fc.nat(), (names, from, to) => {
        const units = names.map(unit);
        expect(_namesMayRepeat(units)).toBe(false);
        if (names.length === 0) return;
        // a unit given another's name, anywhere in the list
        const copy = [...units];
        copy.splice(to % (copy.length + 1), 0, unit(names[from % names.length] as string));
        expect(_namesMayRepeat(copy)).toBe(true);
      }),
      { numRuns: RUNS },
    );
    // names of many characters and of none, and a name that is not text in a dataset changed after parsing
    expect(_namesMayRepeat([unit(''), unit('单位'.repeat(500)), unit('单位'.repeat(499))])).toBe(false);
    expect(_namesMayRepeat([unit('a'), { ...unit('b'), name: 7 as unknown as string }])).toBe(true);
  });
});
