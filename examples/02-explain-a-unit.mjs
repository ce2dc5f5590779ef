// Why did a unit get its grade, and what did it lack for a better one? Run: npm run build && node examples/02-explain-a-unit.mjs [unit name]
import { readFile } from 'node:fs/promises';
import { appraise, parseDataset, parseRuleSet, renderExplanation } from 'kaoping';

const readJson = async (path) => JSON.parse(await readFile(new URL(path, import.meta.url), 'utf8'));
const ruleSet = parseRuleSet(await readJson('../rules/2014.json'));
const result = await appraise(ruleSet, parseDataset(await readJson('./xicheng-2014/dataset.json'), ruleSet));

const name = process.argv[2] ?? '区发展改革委';
const unit = result.units.find((entry) => entry.name === name || entry.id === name);
if (!unit) throw new Error(`no unit ${name}`);

// the explanation as people read it…
process.stdout.write(renderExplanation(unit, result, ruleSet));
// …and the same facts as data: the next better grade, and exactly how far off the unit was
const { shortfall } = unit;
if (shortfall?.quota) {
  console.log(`\n${shortfall.grade}: place ${shortfall.quota.position} of ${shortfall.quota.candidates} for ${shortfall.quota.places} places, ${shortfall.quota.behind} behind ${shortfall.quota.cutoff?.unit}`);
}
for (const failure of shortfall?.failed ?? []) console.log(`\n${shortfall?.grade}: ${failure.fact}${failure.path ?? ''} needs ${failure.value}, is ${failure.seen} (gap ${failure.gap})`);
