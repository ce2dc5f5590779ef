// A small application that embeds kaoping: it loads a rule set and a workbook, appraises, and uses the
// typed results — here, a summary per category and the units to watch. Run: npm run example:embed
import { appraise, type AppraisalResult, type UnitOutcome } from 'kaoping';
import { formatIssue, ValidationError } from 'kaoping';
import { loadDataset, loadRuleSet } from 'kaoping/node';

interface CategorySummary {
  readonly category: string;
  readonly units: number;
  readonly best: UnitOutcome | undefined;
  readonly grades: Readonly<Record<string, number>>;
}

/** Counts each category's grades and finds its best unit; composites are decimal strings, ranks numbers. */
export function summarise(result: AppraisalResult): CategorySummary[] {
  const categories = [...new Set(result.units.map((unit) => unit.category))];
  return categories.map((category) => {
    const members = result.units.filter((unit) => unit.category === category);
    const grades: Record<string, number> = {};
    for (const unit of members) {
      const key = unit.grade ?? unit.status;
      grades[key] = (grades[key] ?? 0) + 1;
    }
    return { category, units: members.length, best: members.find((unit) => unit.rank === 1), grades };
  });
}

/** Units one step from a better grade: everything held but the quota, or a single condition short. */
export function toWatch(result: AppraisalResult): UnitOutcome[] {
  return result.units.filter((unit) => unit.shortfall !== null && (unit.shortfall.quota !== null || unit.shortfall.failed.length === 1));
}

async function main(): Promise<void> {
  const here = (path: string) => new URL(path, import.meta.url).pathname;
  try {
    const { value: ruleSet } = await loadRuleSet(here('../../../rules/2014.json'));
    const { value: dataset } = await loadDataset(here('../../xicheng-2014/xicheng-2014.xlsx'), ruleSet);
    const result = await appraise(ruleSet, dataset);
    for (const summary of summarise(result)) {
      const grades = Object.entries(summary.grades).map(([grade, count]) => `${grade} ${count}`).join(', ');
      console.log(`${summary.category}: ${summary.units} units (${grades})${summary.best ? `; best ${summary.best.name} ${summary.best.composite}` : ''}`);
    }
    const watch = toWatch(result);
    console.log(`\n${watch.length} units one step from a better grade:`);
    for (const unit of watch) {
      const gap = unit.shortfall?.quota ? `quota, ${unit.shortfall.quota.behind} behind` : `${unit.shortfall?.failed[0]?.path ?? unit.shortfall?.failed[0]?.fact} short by ${unit.shortfall?.failed[0]?.gap}`;
      console.log(`  ${unit.name} → ${unit.shortfall?.grade}: ${gap}`);
    }
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues) console.error(formatIssue(issue));
    process.exitCode = 2;
  }
}

await main();
