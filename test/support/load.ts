import { readFileSync } from 'node:fs';
import { appraise, parseDataset, parseRuleSet, type AppraisalResult, type Dataset, type DatasetInput, type RuleSet, type RuleSetInput } from '../../src/index.js';

const root = new URL('../../', import.meta.url);

/** Reads a JSON file of the project, by path from the project root. */
export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, root), 'utf8')) as T;
}

/** Reads a text file of the project, by path from the project root. */
export function readText(path: string): string {
  return readFileSync(new URL(path, root), 'utf8');
}

/** The 2014 rule set as written in the file. */
export const ruleSetInput2014 = (): RuleSetInput => readJson<RuleSetInput>('rules/2014.json');
/** The 2014 example dataset as written in the file. */
export const datasetInput2014 = (): DatasetInput => readJson<DatasetInput>('examples/xicheng-2014/dataset.json');

/** Parses the 2014 rule set and a (possibly edited) dataset, then appraises. */
export async function appraise2014(
  editDataset: (dataset: DatasetInput) => void = () => {},
  editRuleSet: (ruleSet: RuleSetInput) => void = () => {},
): Promise<{ ruleSet: RuleSet; dataset: Dataset; result: AppraisalResult }> {
  const ruleSetInput = ruleSetInput2014();
  editRuleSet(ruleSetInput);
  const ruleSet = parseRuleSet(ruleSetInput);
  const datasetInput = datasetInput2014();
  editDataset(datasetInput);
  const dataset = parseDataset(datasetInput, ruleSet);
  return { ruleSet, dataset, result: await appraise(ruleSet, dataset) };
}

/** The outcome of the unit with this name. */
export function unitNamed(result: AppraisalResult, name: string) {
  const unit = result.units.find((entry) => entry.name === name);
  if (!unit) throw new Error(`no unit named ${name}`);
  return unit;
}

/** Sets one unit's score on one indicator (whole-indicator rows). */
export function setScore(dataset: DatasetInput, unitName: string, indicator: string, score: string): void {
  const unit = dataset.units.find((entry) => entry.name === unitName);
  const row = dataset.scores?.find((entry) => entry.unit === unit?.id && entry.indicator === indicator);
  if (!row) throw new Error(`no ${indicator} score for ${unitName}`);
  row.score = score;
}
