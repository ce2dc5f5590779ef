// The dataset check as first written: Maps by unit id, one record per unit, no guessing of the next row's unit.
// Kept as the plain reference the faster check in src/schema/checkDataset.ts is held to (test/check-dataset.test.ts).
import type { Issue } from '../../src/errors.js';
import { compareExact } from '../../src/scoring/decimal.js';
import { isNonNegativeDecimalText } from '../../src/schema/primitives.js';
import type { Dataset } from '../../src/schema/dataset.js';
import type { RuleSet } from '../../src/schema/ruleSet.js';

/**
 * Checks a dataset against a rule set: every unit's category, group and flags are declared, ids are
 * unique, every score belongs to a known unit, indicator and subject and lies within its points, and
 * every scored unit has a score on every counted indicator.
 *
 * @param ruleSet - a checked rule set
 * @param dataset - a dataset that passed the schema
 * @returns every problem found (empty when there is none)
 */
export function plainCheckDataset(ruleSet: RuleSet, dataset: Dataset): Issue[] {
  const issues: Issue[] = [];
  const report = (severity: Issue['severity'], path: string, code: string, message: string) =>
    issues.push({ code, severity, document: 'dataset', path, message });
  const error = (path: string, code: string, message: string) => report('error', path, code, message);

  const categories = new Map(ruleSet.categories.map((category) => [category.id, category]));
  const groups = new Set((ruleSet.verticalTrack?.groups ?? []).map((group) => group.id));
  const dataFlags = new Set(ruleSet.dataFlags.map((flag) => flag.id));
  // per unit: where it was first listed, and its place in `whole` and `subjects` below
  const units = new Map<string, _UnitRecord>();
  // the same records by the unit's place, for the units listed first under their id
  const firstListed: (_UnitRecord | undefined)[] = [];
  const names = new Map<string, number>();

  // paths are built only when there is something to report: this runs for every unit and score row
  const unitPath = (i: number, field: string) => `$.units[${i}].${field}`;
  const scorePath = (i: number, field?: string) => (field === undefined ? `$.scores[${i}]` : `$.scores[${i}].${field}`);
  dataset.units.forEach((unit, i) => {
    const path = (field: string) => unitPath(i, field);
    const first = units.get(unit.id);
    if (first) error(path('id'), 'duplicate-unit', `the unit id ${JSON.stringify(unit.id)} is already used at $.units[${first.index}]`);
    const category = categories.get(unit.category);
    if (!category) {
      error(path('category'), 'unknown-category', `found category ${JSON.stringify(unit.category)}; the rule set declares ${[...categories.keys()].join(', ')}`);
    }
    if (!first) {
      const record = { index: i, scored: category?.scored ?? false, knownCategory: category !== undefined, slot: units.size };
      units.set(unit.id, record);
      firstListed[i] = record;
    }
    const sameName = names.get(unit.name);
    if (sameName !== undefined) report('warning', path('name'), 'duplicate-name', `the name ${JSON.stringify(unit.name)} is also used at $.units[${sameName}]`);
    else names.set(unit.name, i);
    if (unit.trackGroup !== undefined && !groups.has(unit.trackGroup)) {
      error(
        path('trackGroup'),
        'unknown-track-group',
        `found track group ${JSON.stringify(unit.trackGroup)}; the rule set declares ${[...groups].join(', ') || 'none'} in $.verticalTrack.groups`,
      );
    }
    unit.dataFlags.forEach((flag, j) => {
      if (!dataFlags.has(flag)) {
        error(path(`dataFlags[${j}]`), 'unknown-data-flag', `found data flag ${JSON.stringify(flag)}; the rule set declares ${[...dataFlags].join(', ') || 'none'}`);
      }
    });
  });

  const indicators = new Map(ruleSet.indicators.map((indicator, index) => [indicator.id, { indicator, index }]));
  // how each unit's indicators were scored, to catch duplicates, mixed forms and missing scores: per unit and
  // indicator (slot × indicators + index), the row of its whole score plus one (0: none), and where scores are
  // per subject, the row of each; nothing is made per row
  const width = ruleSet.indicators.length;
  const whole = new Int32Array(units.size * width);
  const subjects = new Map<number, Map<string, number>>();
  // a unit's rows mostly come together: the last unit looked up is kept, which spares most lookups
  let lastId: string | undefined;
  let lastUnit: ReturnType<typeof units.get>;
  dataset.scores.forEach((row, i) => {
    if (row.unit !== lastId) {
      lastId = row.unit;
      lastUnit = units.get(row.unit);
    }
    const unit = lastUnit;
    const known = indicators.get(row.indicator);
    const indicator = known?.indicator;
    if (!unit) error(scorePath(i, 'unit'), 'unknown-unit', `no unit ${JSON.stringify(row.unit)} is listed in $.units`);
    else if (!unit.scored && unit.knownCategory) error(scorePath(i, 'unit'), 'unscored-unit', `unit ${JSON.stringify(row.unit)} is of a category the rule set does not score`);
    if (!indicator) {
      error(scorePath(i, 'indicator'), 'unknown-indicator', `found indicator ${JSON.stringify(row.indicator)}; the rule set declares ${[...indicators.keys()].join(', ')}`);
    }
    if (!unit || !known || !indicator) return;
    // the schema saw to this, but a dataset can be changed after it was parsed: the sums read the text as digits
    if (!isNonNegativeDecimalText(row.score)) {
      error(scorePath(i, 'score'), 'invalid-score', `found ${JSON.stringify(row.score)}; expected a plain decimal that is not negative, such as "38.75"`);
      return;
    }
    let limit = indicator.points;
    if (row.subject !== undefined) {
      const share = indicator.subjects.find((entry) => entry.subject === row.subject);
      if (!share) {
        error(
          scorePath(i, 'subject'),
          'unknown-subject',
          `subject ${JSON.stringify(row.subject)} does not score ${indicator.id}; its subjects are ${indicator.subjects.map((s) => s.subject).join(', ')}`,
        );
        return;
      }
      limit = share.points ?? indicator.points;
    }
    if (compareExact(row.score, limit) > 0) {
      error(scorePath(i, 'score'), 'score-out-of-range', `found ${row.score}, but ${row.subject ?? indicator.id} is out of ${limit} points`);
    }
    const at = unit.slot * width + known.index;
    const wholeRow = (whole[at] as number) - 1;
    let bySubject = subjects.get(at);
    const earlier = row.subject === undefined ? (wholeRow >= 0 ? wholeRow : undefined) : bySubject?.get(row.subject);
    if (earlier !== undefined) {
      error(scorePath(i), 'duplicate-score', `unit ${row.unit} already has a score for ${row.indicator}${row.subject ? ` from ${row.subject}` : ''} at $.scores[${earlier}]`);
      return;
    }
    if (row.subject === undefined) whole[at] = i + 1;
    else {
      if (!bySubject) subjects.set(at, (bySubject = new Map()));
      bySubject.set(row.subject, i);
    }
    if (whole[at] !== 0 && bySubject !== undefined) {
      error(scorePath(i), 'mixed-scores', `unit ${row.unit} has both a whole score and per-subject scores for ${row.indicator}; give one or the other`);
    }
  });

  // a missing score names its unit and indicator
  const noScore = (i: number, unit: string, indicator: string | undefined, message: string) =>
    issues.push({ code: 'missing-score', severity: 'error', document: 'dataset', path: `$.units[${i}]`, message, unit, ...(indicator === undefined ? {} : { indicator }) });
  const counted = ruleSet.indicators.filter((indicator) => indicator.counts);
  dataset.units.forEach((unit, i) => {
    const known = firstListed[i];
    // an unknown category is reported once, on the unit; its scores are not also called missing
    if (!known?.scored) return;
    // a unit without a single score, whole or by subject, is said to have none, once
    const none = ruleSet.indicators.every((_, index) => whole[known.slot * width + index] === 0 && !subjects.has(known.slot * width + index));
    if (none && counted.length > 0) {
      noScore(i, unit.id, undefined, `unit ${unit.id} (${unit.name}) has no scores: none for any of the ${counted.length} counted indicators`);
      return;
    }
    ruleSet.indicators.forEach((indicator, index) => {
      const at = known.slot * width + index;
      const bySubject = subjects.size === 0 ? undefined : subjects.get(at);
      if (whole[at] === 0 && !bySubject) {
        if (indicator.counts) noScore(i, unit.id, indicator.id, `unit ${unit.id} (${unit.name}) has no score for ${indicator.id} (${indicator.label})`);
        return;
      }
      if (whole[at] === 0) {
        const missing = indicator.subjects.filter((share) => !bySubject?.has(share.subject)).map((share) => share.subject);
        if (missing.length > 0) {
          noScore(i, unit.id, indicator.id, `unit ${unit.id} (${unit.name}) has no ${indicator.id} score from ${missing.join(', ')}`);
        }
      }
    });
  });

  const items = new Map(ruleSet.adjustments.map((item) => [item.id, item]));
  dataset.adjustments.forEach((entry, i) => {
    const path = `$.adjustments[${i}]`;
    const unit = units.get(entry.unit);
    if (!unit) error(`${path}.unit`, 'unknown-unit', `no unit ${JSON.stringify(entry.unit)} is listed in $.units`);
    else if (!unit.scored && unit.knownCategory) error(`${path}.unit`, 'unscored-unit', `unit ${JSON.stringify(entry.unit)} is of a category the rule set does not score`);
    if (!isNonNegativeDecimalText(entry.points)) error(`${path}.points`, 'invalid-points', `found ${JSON.stringify(entry.points)}; expected a plain decimal that is not negative, such as "0.50"`);
    if (!items.has(entry.item)) {
      error(`${path}.item`, 'unknown-adjustment', `found item ${JSON.stringify(entry.item)}; the rule set declares ${[...items.keys()].join(', ') || 'none'}`);
    }
  });

  const priorSeen = new Map<string, number>();
  dataset.prior.forEach((entry, i) => {
    const path = (field: string) => `$.prior[${i}].${field}`;
    if (!units.has(entry.unit)) report('warning', path('unit'), 'unknown-unit', `no unit ${JSON.stringify(entry.unit)} is listed in $.units; its prior result is ignored`);
    const composite = entry.composite;
    if (composite !== undefined && !isNonNegativeDecimalText(composite.startsWith('-') ? composite.slice(1) : composite)) {
      error(path('composite'), 'invalid-composite', `found ${JSON.stringify(composite)}; expected a plain decimal such as "92.77"`);
    }
    const earlier = priorSeen.get(entry.unit);
    if (earlier !== undefined) error(path('unit'), 'duplicate-prior', `unit ${entry.unit} already has a prior result at $.prior[${earlier}]`);
    else priorSeen.set(entry.unit, i);
    if (entry.grade !== undefined && !ruleSet.grades.some((grade) => grade.id === entry.grade)) {
      // last year's rules may have had other grades: rules can still read it, so this is only a warning
      report('warning', path('grade'), 'unknown-prior-grade', `last year's grade ${JSON.stringify(entry.grade)} is not one of this rule set's grades (${ruleSet.grades.map((grade) => grade.id).join(', ')})`);
    }
  });

  if (dataset.year !== undefined && dataset.year !== ruleSet.year) {
    report('warning', '$.year', 'year-mismatch', `the dataset is for ${dataset.year}, the rule set for ${ruleSet.year}`);
  }

  const surveys = new Map<string, number>();
  dataset.surveys.forEach((entry, i) => {
    const earlier = surveys.get(entry.id);
    if (earlier !== undefined) error(`$.surveys[${i}].id`, 'duplicate-id', `the survey id ${JSON.stringify(entry.id)} is already used at $.surveys[${earlier}]`);
    else surveys.set(entry.id, i);
  });
  return issues;
}

/** What the checks keep of a unit: where it was first listed, how its category is scored, its place in `whole`. */
interface _UnitRecord {
  readonly index: number;
  readonly scored: boolean;
  readonly knownCategory: boolean;
  readonly slot: number;
}
