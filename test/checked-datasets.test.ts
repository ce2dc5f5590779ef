/**
 * A dataset parseDataset or loadDataset gave is frozen, and its check against the rule set it was parsed or loaded
 * with is remembered: the appraisal takes it instead of checking again only for that same rule set object,
 * unchanged since.
 */
import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, renderJson, validateDataset } from '../src/index.js';
import { loadDataset } from '../src/node.js';
import { _checkedBefore } from '../src/schema/checked.js';
import { ascendingIds } from '../src/schema/places.js';
import { validateLoadedDataset } from '../src/schema/parse.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';

describe('a parsed dataset checked once', () => {
  it('is taken as checked under the rule set it was parsed with, and no other', () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    const known = _checkedBefore(dataset, ruleSet);
    expect(known).toBeDefined();
    // the 2014 scores are whole rows: the check's reading of them comes along
    expect(known?.read?.hundredths.length).toBe(dataset.units.length * ruleSet.indicators.length);
    // an equal rule set that is another object, a copy of the dataset
    expect(_checkedBefore(dataset, parseRuleSet(ruleSetInput2014()))).toBeUndefined();
    expect(_checkedBefore(structuredClone(dataset), ruleSet)).toBeUndefined();
    // a dataset read from files is frozen and taken as checked too, with what its check read
    const loaded = validateLoadedDataset(datasetInput2014(), ruleSet);
    if (!loaded.ok) throw new Error('expected a valid dataset');
    expect(Object.isFrozen(loaded.value) && Object.isFrozen(loaded.value.scores[0])).toBe(true);
    expect(_checkedBefore(loaded.value, ruleSet)?.read?.hundredths.length).toBe(dataset.units.length * ruleSet.indicators.length);
    // the rule set changed in any way since
    (ruleSet.indicators[0] as { label: string }).label = 'changed';
    expect(_checkedBefore(dataset, ruleSet)).toBeUndefined();
  });

  it('is remembered with its warnings, and not when the check found errors', () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const input = datasetInput2014() as { units: { id: string; name: string }[] };
    // two units of one name: a warning
    (input.units[1] as { name: string }).name = (input.units[0] as { name: string }).name;
    const warned = validateDataset(input, ruleSet);
    expect(warned.ok && warned.issues.length > 0 && _checkedBefore(warned.value, ruleSet) !== undefined).toBe(true);
    const broken = datasetInput2014() as { units: { category: string }[] };
    (broken.units[0] as { category: string }).category = 'nowhere';
    expect(validateDataset(broken, ruleSet).ok).toBe(false);
  });

  it('is known to list its ids in order or not, as its check found', () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const input = datasetInput2014() as { units: { id: string }[] };
    const sorted = { ...input, units: [...input.units].sort((a, b) => (a.id < b.id ? -1 : 1)) };
    const reversed = { ...input, units: [...sorted.units].reverse() };
    expect(ascendingIds(parseDataset(sorted, ruleSet).units)).toBe(true);
    expect(ascendingIds(parseDataset(reversed, ruleSet).units)).toBe(false);
    // a list that can still change is looked at each time
    const units = [...parseDataset(sorted, ruleSet).units];
    expect(ascendingIds(units)).toBe(true);
    units.reverse();
    expect(ascendingIds(units)).toBe(false);
  });

  it('is checked again under a rule set that JSON cannot write, and appraised all the same', async () => {
    const expected = JSON.stringify(await appraise(parseRuleSet(ruleSetInput2014()), parseDataset(datasetInput2014(), parseRuleSet(ruleSetInput2014()))));
    for (const extra of [{ loadedAt: 1n }, 'cycle'] as const) {
      const ruleSet = parseRuleSet(ruleSetInput2014()) as ReturnType<typeof parseRuleSet> & { meta?: unknown };
      ruleSet.meta = extra === 'cycle' ? ruleSet : extra;
      const dataset = parseDataset(datasetInput2014(), ruleSet);
      expect(_checkedBefore(dataset, ruleSet)).toBeUndefined();
      expect(JSON.stringify(await appraise(ruleSet, dataset))).toBe(expected);
    }
  });

  it('is appraised alike whether taken as checked or checked again', async () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    const again = JSON.stringify(await appraise(ruleSet, structuredClone(dataset)));
    expect(JSON.stringify(await appraise(ruleSet, dataset))).toBe(again);
    expect(JSON.stringify(await appraise(ruleSet, dataset, { evaluation: 'reference' }))).toBe(again);
  });

  it('keeps what its check read as read, when the scoring writes scores with other places', async () => {
    // three places: the scoring writes every score anew ("38.50" as "38.500"), in a copy of what the check read
    const input = ruleSetInput2014() as { precision: { decimals: number } };
    input.precision.decimals = 3;
    const ruleSet = parseRuleSet(input);
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    const read = _checkedBefore(dataset, ruleSet)?.read;
    expect(read).toBeDefined();
    const before = structuredClone(read);
    const first = JSON.stringify(await appraise(ruleSet, dataset));
    expect(first).toMatch(/"score":"\d+\.\d{3}"/);
    expect(_checkedBefore(dataset, ruleSet)?.read).toEqual(before);
    expect(JSON.stringify(await appraise(ruleSet, dataset))).toBe(first);
    expect(JSON.stringify(await appraise(ruleSet, structuredClone(dataset)))).toBe(first);
  });

  it('is what loadDataset gives, from every format it reads: frozen, taken as checked, appraised as a copy checked in full is', async () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const expected = renderJson(await appraise(ruleSet, parseDataset(datasetInput2014(), ruleSet)));
    for (const path of ['examples/xicheng-2014/csv', 'examples/xicheng-2014/csv-gbk', 'examples/xicheng-2014/dataset.json', 'examples/xicheng-2014/xicheng-2014.xlsx']) {
      const { value: dataset } = await loadDataset(path, ruleSet);
      expect(Object.isFrozen(dataset) && Object.isFrozen(dataset.units) && dataset.units.every((unit) => Object.isFrozen(unit)), path).toBe(true);
      expect(_checkedBefore(dataset, ruleSet), path).toBeDefined();
      expect(_checkedBefore(dataset, parseRuleSet(ruleSetInput2014())), path).toBeUndefined();
      expect(() => {
        (dataset.units as unknown[]).pop();
      }, path).toThrow(TypeError);
      // a copy is checked in full, and gives the same result; so does the dataset itself, twice
      const copy = structuredClone(dataset);
      expect(_checkedBefore(copy, ruleSet), path).toBeUndefined();
      expect(renderJson(await appraise(ruleSet, copy)), path).toBe(expected);
      expect(renderJson(await appraise(ruleSet, dataset)), path).toBe(expected);
      expect(renderJson(await appraise(ruleSet, dataset)), path).toBe(expected);
    }
  });
});

describe('a dataset parseDataset did not give', () => {
  it('is parsed in full by appraise, as parseDataset parses it: defaults filled in, the schema held to', async () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const expected = renderJson(await appraise(ruleSet, parseDataset(datasetInput2014(), ruleSet)));
    // the JSON as written: units without dataFlags; and the optional tables left out
    const raw = datasetInput2014() as Record<string, unknown> & { units: Record<string, unknown>[]; scores: Record<string, unknown>[] };
    expect(raw.units.some((unit) => unit['dataFlags'] === undefined)).toBe(true);
    expect(renderJson(await appraise(ruleSet, raw as never))).toBe(expected);
    const bare = { ...raw };
    delete bare['adjustments'];
    delete bare['prior'];
    delete bare['surveys'];
    const parsedBare = renderJson(await appraise(ruleSet, parseDataset(bare, ruleSet)));
    expect(renderJson(await appraise(ruleSet, bare as never))).toBe(parsedBare);
    // what parseDataset refuses, appraise refuses, with the same issues; what it takes, appraise takes
    const unknownKey = datasetInput2014() as { units: Record<string, unknown>[] };
    (unknownKey.units[0] as Record<string, unknown>)['foo'] = 1;
    const refused = validateDataset(unknownKey, ruleSet);
    expect(refused.ok).toBe(false);
    await expect(appraise(ruleSet, unknownKey as never)).rejects.toMatchObject({ issues: refused.issues });
    const numeric = datasetInput2014() as { scores: Record<string, unknown>[] };
    (numeric.scores[0] as Record<string, unknown>)['score'] = 38.5;
    expect(renderJson(await appraise(ruleSet, numeric as never))).toBe(renderJson(await appraise(ruleSet, parseDataset(numeric, ruleSet))));
  });
});

describe('a rule set parseRuleSet did not give', () => {
  it('is parsed by appraise and parseDataset as parseRuleSet parses it: defaults filled in, the schema held to', async () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const expected = renderJson(await appraise(ruleSet, parseDataset(datasetInput2014(), ruleSet)));
    // the JSON as written: indicators without counts, categories without scored
    const raw = ruleSetInput2014() as unknown as { indicators: Record<string, unknown>[]; categories: Record<string, unknown>[] };
    expect(raw.indicators.some((indicator) => indicator['counts'] === undefined)).toBe(true);
    expect(renderJson(await appraise(raw as never, parseDataset(datasetInput2014(), raw as never)))).toBe(expected);
    expect(renderJson(await appraise(raw as never, datasetInput2014() as never))).toBe(expected);
    // and the given rule set is left as it was given
    expect(raw).toEqual(ruleSetInput2014());
    // what parseRuleSet refuses, both refuse, with the same issue
    const broken = ruleSetInput2014() as unknown as { precision: Record<string, unknown> };
    broken.precision['rounding'] = 'up-ish';
    const issue = expect.objectContaining({ document: 'ruleSet', path: '$.precision.rounding' });
    expect(() => parseRuleSet(broken)).toThrow(expect.objectContaining({ issues: [issue] }));
    await expect(appraise(broken as never, datasetInput2014() as never)).rejects.toMatchObject({ issues: [issue] });
    expect(validateDataset(datasetInput2014(), broken as never)).toMatchObject({ ok: false, issues: [issue] });
  });

  it('refuses options appraise does not take, naming the option and what it may be', async () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    await expect(appraise(ruleSet, dataset, { evaluation: 'fast' } as never)).rejects.toThrow(new TypeError('options.evaluation: expected "compiled" or "reference", found "fast"'));
    await expect(appraise(ruleSet, dataset, { onProgress: 1 } as never)).rejects.toThrow(new TypeError('options.onProgress: expected a function, found 1'));
    await expect(appraise(ruleSet, dataset, null as never)).rejects.toThrow(new TypeError('options: expected an object, found null'));
    expect((await appraise(ruleSet, dataset, { evaluation: 'reference' })).units).toHaveLength(dataset.units.length);
  });
});
