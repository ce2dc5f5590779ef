import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, validateDataset, validateRuleSet } from '../src/index.js';
import { loadDataset } from '../src/node.js';
import { projectRoot, scratch } from './support/cli.js';
import { tinyDataset, tinyRuleSet } from './support/tiny.js';

const polluted = () => Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>)['polluted'] !== undefined;

afterEach(() => {
  expect(polluted()).toBe(false);
});

describe('hardening: input cannot run code or reach prototypes', () => {
  it('refuses __proto__, constructor and prototype as keys and ids, and pollutes nothing', async () => {
    const ruleSetText = JSON.stringify(tinyRuleSet()).replace('"id":"tiny"', '"id":"tiny","__proto__":{"polluted":true}');
    const ruleSetResult = validateRuleSet(JSON.parse(ruleSetText));
    expect(ruleSetResult.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual(['$.__proto__: unknown key "__proto__"']);
    const input = tinyDataset([['S1', '50', '30']]);
    const unitText = JSON.stringify(input).replace('"id":"S1"', '"id":"S1","constructor":{"prototype":{"polluted":true}}');
    expect(validateDataset(JSON.parse(unitText), parseRuleSet(tinyRuleSet())).issues.map((issue) => issue.path)).toEqual(['$.units[0].constructor']);
    const idProblem = (id: string) => validateDataset(tinyDataset([[id, '50', '30']]), parseRuleSet(tinyRuleSet())).issues[0]?.message;
    expect(idProblem('__proto__')).toBe('expected an identifier (letters, digits, - and _, not starting with - or _), found "__proto__"');
    for (const id of ['constructor', 'prototype']) expect(idProblem(id)).toBe(`"${id}" is reserved and cannot be an identifier`);
  });

  it('reads __proto__ in a CSV header or cell as plain text', async () => {
    const folder = scratch();
    writeFileSync(join(folder, 'units.csv'), 'id,name,category,__proto__\nS1,街道一,street,x\n');
    writeFileSync(join(folder, 'scores.csv'), 'unit,a,b\n__proto__,50,30\n');
    await expect(loadDataset(folder, parseRuleSet(tinyRuleSet()))).rejects.toThrow(/unknown column "__proto__"/);
  });

  it('never evaluates rule text: paths are plain keys, never JSONPath expressions', async () => {
    const input = tinyRuleSet();
    const rule = input.stages[1]?.rules[0];
    if (rule) rule.conditions = { all: [{ fact: 'indicators', path: '$..[?(@.constructor)]', operator: 'decimalGreaterThan', value: '1' }] };
    expect(validateRuleSet(input).issues[0]?.message).toBe('expected a simple path such as "$.duties.score", found "$..[?(@.constructor)]"');
  });

  it('limits the size of a rule set', () => {
    const input = tinyRuleSet();
    input.stages = Array.from({ length: 101 }, (_, i) => ({ ...(input.stages[0] as (typeof input.stages)[number]), id: `s${i}` }));
    expect(validateRuleSet(input).issues.map((issue) => `${issue.path}: ${issue.message}`)).toContain('$.stages: expected at most 100 entries, found 101');
  });

  it('handles 10,000 units without trouble (no recursion on the population)', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`S${String(i).padStart(5, '0')}`, String(i % 60), String(i % 40)] as const);
    const ruleSet = parseRuleSet(tinyRuleSet());
    const result = await appraise(ruleSet, parseDataset(tinyDataset(rows), ruleSet));
    expect(result.units).toHaveLength(10_000);
    expect(result.units.filter((unit) => unit.grade === 'excellent')).toHaveLength(2);
  });
});

describe('hardening: identifiers that Object.prototype also has', () => {
  it('an indicator called toString or hasOwnProperty is an indicator like any other', async () => {
    const rulesText = readFileSync(join(projectRoot, 'rules/2014.json'), 'utf8');
    const dataText = readFileSync(join(projectRoot, 'examples/xicheng-2014/dataset.json'), 'utf8');
    const run = async (id: string) => {
      const rename = (text: string) => text.replaceAll('"duties"', `"${id}"`).replaceAll('indicators.duties', `indicators.${id}`).replaceAll('$.duties.score', `$.${id}.score`);
      const ruleSet = parseRuleSet(JSON.parse(rename(rulesText)));
      const result = await appraise(ruleSet, parseDataset(JSON.parse(rename(dataText)), ruleSet));
      return JSON.parse(JSON.stringify(result).replaceAll(`"${id}"`, '"duties"').replaceAll(`indicators.${id}`, 'indicators.duties').replaceAll(`$.${id}.score`, '$.duties.score')) as unknown;
    };
    const plain = await run('duties');
    // the 2014 rules read this indicator's score in a condition, rank on it and break ties by it
    expect(JSON.stringify(plain)).toContain('"path":"$.duties.score"');
    for (const id of ['toString', 'hasOwnProperty', 'valueOf']) expect(await run(id)).toEqual(plain);
  });
});
