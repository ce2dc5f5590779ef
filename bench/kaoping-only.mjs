// Generates a population and appraises it through kaoping's public API, nothing else: for peak memory.
import { readFileSync } from 'node:fs';
import { appraise, parseDataset, parseRuleSet } from 'kaoping';
import { population } from './population.mjs';

const ruleSet = parseRuleSet(JSON.parse(readFileSync(new URL('../rules/2014.json', import.meta.url), 'utf8')));
const n = Number(process.argv[2]);
const result = await appraise(ruleSet, parseDataset(population(n), ruleSet));
if (result.units.length !== n) throw new Error('lost units');
