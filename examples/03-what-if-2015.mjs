// The 2014 data under an illustrative 2015 rule set in which the third-party survey counts: who changes?
// Run: npm run build && node examples/03-what-if-2015.mjs
import { readFile } from 'node:fs/promises';
import { appraise, diffResults, parseDataset, parseRuleSet, renderDiff } from 'kaoping';

const readJson = async (path) => JSON.parse(await readFile(new URL(path, import.meta.url), 'utf8'));
const rules2014 = parseRuleSet(await readJson('../rules/2014.json'));
const rules2015 = parseRuleSet(await readJson('./what-if-2015/rules-2015.json'));
const data = await readJson('./xicheng-2014/dataset.json');

const before = await appraise(rules2014, parseDataset(data, rules2014));
const after = await appraise(rules2015, parseDataset(data, rules2015));
const diff = diffResults(before, after);
process.stdout.write(renderDiff(diff, rules2014, rules2015));
console.log(`\n${diff.units.filter((unit) => unit.changed).length} of ${diff.units.length} units change outcome.`);
