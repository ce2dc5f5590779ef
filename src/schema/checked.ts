import type { _ScoresRead } from './checkDataset.js';
import type { Dataset } from './dataset.js';
import type { RuleSet } from './ruleSet.js';
import { _rememberAscending } from './places.js';
import { _scoreColumnsOf } from './scoreColumns.js';

/**
 * Datasets that {@link _rememberChecked} froze after their check passed, with the rule set they were checked
 * against (the object, and its JSON text then) and the scores the check read. Nothing in a frozen dataset can
 * change, so while the rule set is the same object with the same text, the check would find what it found: the
 * appraisal takes its word for it.
 */
const _checked = new WeakMap<object, { readonly ruleSet: RuleSet; readonly text: string; readonly read: _ScoresRead | undefined }>();

/**
 * Freezes a dataset that a parse or a load made (every object and list in it its own, none the caller's) and whose
 * check against a rule set found no error, and remembers it: {@link _checkedBefore} then tells the appraisal it
 * need not check it again. A dataset whose scores are still wide columns (as read from a table) keeps them: its
 * rows are made, frozen, when first read, from columns nothing outside kaoping holds, so they are the scores that
 * were checked; what its check read of them is kept where it read them for the appraisal (a parse of the
 * caller's rows does, a load from files does not: the appraisal then reads the columns).
 *
 * @param dataset - the parsed dataset, checked
 * @param ruleSet - the rule set it was checked against
 * @param read - the scores its check read, if it gave them
 * @param ascending - whether its units' ids ascend, as its check found
 * @returns the dataset, frozen
 */
export function _rememberChecked(dataset: Dataset, ruleSet: RuleSet, read: _ScoresRead | undefined, ascending: boolean): Dataset {
  const columns = _scoreColumnsOf(dataset) !== undefined;
  const { units, adjustments, prior, surveys } = dataset;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as Dataset['units'][number];
    Object.freeze(unit.dataFlags);
    Object.freeze(unit);
  }
  Object.freeze(units);
  _rememberAscending(units, ascending);
  if (!columns) _freezeAll(dataset.scores);
  _freezeAll(adjustments);
  _freezeAll(prior);
  _freezeAll(surveys);
  Object.freeze(dataset);
  const text = _textOf(ruleSet);
  if (text !== undefined) _checked.set(dataset, { ruleSet, text, read });
  return dataset;
}

/**
 * A rule set's JSON text, to tell whether it changed; undefined for one that has none (a value JSON cannot write,
 * such as a BigInt, or a cycle, put on it by its user): a dataset checked against it is then checked again.
 */
function _textOf(ruleSet: RuleSet): string | undefined {
  try {
    return JSON.stringify(ruleSet);
  } catch {
    return undefined;
  }
}

/**
 * Whether a dataset was checked against this rule set when it was parsed or loaded, and so need not be checked
 * again: the same rule set object, unchanged since (its JSON text the same), and the dataset frozen then.
 *
 * @param dataset - a dataset given to the appraisal
 * @param ruleSet - the rule set it is appraised under, as given
 * @returns what its check read, or undefined when it must be checked
 */
export function _checkedBefore(dataset: Dataset, ruleSet: RuleSet): { readonly read: _ScoresRead | undefined } | undefined {
  const entry = _checked.get(dataset);
  if (entry === undefined || entry.ruleSet !== ruleSet || entry.text !== _textOf(ruleSet)) return undefined;
  return entry;
}

/**
 * Freezes a list and every object in it.
 *
 * @param list - the list
 */
export function _freezeAll(list: readonly object[]): void {
  for (let i = 0; i < list.length; i++) Object.freeze(list[i]);
  Object.freeze(list);
}
