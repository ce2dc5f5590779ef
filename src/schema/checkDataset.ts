import type { Issue } from '../errors.js';
import { compareExact } from '../scoring/decimal.js';
import { UnitPlaces, ascendingIds } from './places.js';
import { _scoreColumnsOf, scoreRowsOf, type ScoreColumns } from './scoreColumns.js';
import { isNonNegativeDecimalText } from './primitives.js';
import { _hundredths } from '../texts.js';
import { BytesByNumber } from '../numbered.js';
import type { Dataset } from './dataset.js';
import type { RuleSet } from './ruleSet.js';

/**
 * Checks a dataset against a rule set: every unit's category, group and flags are declared, ids are
 * unique, every score belongs to a known unit, indicator and subject and lies within its points, and
 * every scored unit has a score on every counted indicator.
 *
 * @param ruleSet - a checked rule set
 * @param dataset - a dataset that passed the schema
 * @returns every problem found (empty when there is none)
 */
export function checkDataset(ruleSet: RuleSet, dataset: Dataset): Issue[] {
  return _checkDataset(ruleSet, dataset).issues;
}

/**
 * A checked dataset's whole scores as its check read them, for the scoring that follows it (see scoreUnits), by
 * unit and indicator (place × indicators + index): the score's text (undefined: none), and its value in
 * hundredths where the text has two places (see _hundredths; -1 for another text, -2 where there is none). The scoring then scores what was
 * checked, whatever is done to the dataset's rows in between.
 */
export interface _ScoresRead {
  readonly texts: (string | undefined)[];
  readonly hundredths: Int32Array;
}

/**
 * {@link checkDataset}, which also gives, when the dataset has no problem and its scores are rows of whole
 * scores (or, when asked, columns), those scores as it read them.
 *
 * @param ruleSet - a checked rule set
 * @param dataset - a dataset that passed the schema
 * @param readColumns - whether scores kept as columns are read for the appraisal too
 * @returns the problems, the scores read, and whether the units' ids ascend (see ascendingIds)
 */
export function _checkDataset(ruleSet: RuleSet, dataset: Dataset, readColumns = false): { issues: Issue[]; read?: _ScoresRead; ascending: boolean } {
  const issues: Issue[] = [];
  const report = (severity: Issue['severity'], path: string, code: string, message: string) =>
    issues.push({ code, severity, document: 'dataset', path, message });
  const error = (path: string, code: string, message: string) => report('error', path, code, message);
  // a missing score is the unit's, and names the unit and indicator for whoever points at the cell it is missing from
  const noScore = (i: number, unit: string, indicator: string | undefined, message: string) =>
    issues.push({ code: 'missing-score', severity: 'error', document: 'dataset', path: `$.units[${i}]`, message, unit, ...(indicator === undefined ? {} : { indicator }) });

  const categories = new Map(ruleSet.categories.map((category) => [category.id, category]));
  const groups = new Set((ruleSet.verticalTrack?.groups ?? []).map((group) => group.id));
  const dataFlags = new Set(ruleSet.dataFlags.map((flag) => flag.id));
  // each unit id's place in the dataset where it was first listed: a unit is known by that place (nothing is
  // made per unit); whether its category is scored, and known, are kept by place too
  const units = new Map<string, number>();
  const count = dataset.units.length;
  const firstListed = new Uint8Array(count);
  const scored = new Uint8Array(count);
  const knownCategory = new Uint8Array(count);
  const names = new Map<string, number>();

  // paths are built only when there is something to report: this runs for every unit and score row (in indexed
  // loops, without a function made per unit)
  const unitPath = (i: number, field: string) => `$.units[${i}].${field}`;
  const scorePath = (i: number, field?: string) => (field === undefined ? `$.scores[${i}]` : `$.scores[${i}].${field}`);
  // most datasets list no unit twice and no two units of one name: each id is put in its map, once, and only
  // where one was met twice are they looked up first, unit by unit, to say where (a lookup and an entry per unit
  // were a second of a million units' check). Ids listed in increasing order, as a table sorted by code lists
  // them, repeat nowhere, and need no map at all; names that hash apart repeat nowhere either, and need none.
  const ascending = ascendingIds(dataset.units);
  let idsRepeat = false;
  for (let i = 0; i < count && !idsRepeat; i++) {
    const unit = dataset.units[i];
    if (unit === undefined) idsRepeat = true;
    else if (!ascending) units.set(unit.id, i);
  }
  idsRepeat ||= !ascending && units.size !== count;
  const namesRepeat = idsRepeat || _namesMayRepeat(dataset.units as readonly Dataset['units'][number][]);
  if (idsRepeat) units.clear();
  for (let i = 0; i < count; i++) {
    const unit = dataset.units[i];
    // a hole in a list changed after parsing is passed over, as forEach passes over it
    if (unit === undefined) continue;
    const first = idsRepeat ? units.get(unit.id) : undefined;
    if (first !== undefined) error(unitPath(i, 'id'), 'duplicate-unit', `the unit id ${JSON.stringify(unit.id)} is already used at $.units[${first}]`);
    const category = categories.get(unit.category);
    if (!category) {
      error(unitPath(i, 'category'), 'unknown-category', `found category ${JSON.stringify(unit.category)}; the rule set declares ${[...categories.keys()].join(', ')}`);
    }
    if (first === undefined) {
      if (idsRepeat) units.set(unit.id, i);
      firstListed[i] = 1;
      if (category) {
        knownCategory[i] = 1;
        if (category.scored) scored[i] = 1;
      }
    }
    if (namesRepeat) {
      const sameName = names.get(unit.name);
      if (sameName !== undefined) report('warning', unitPath(i, 'name'), 'duplicate-name', `the name ${JSON.stringify(unit.name)} is also used at $.units[${sameName}]`);
      else names.set(unit.name, i);
    }
    if (unit.trackGroup !== undefined && !groups.has(unit.trackGroup)) {
      error(
        unitPath(i, 'trackGroup'),
        'unknown-track-group',
        `found track group ${JSON.stringify(unit.trackGroup)}; the rule set declares ${[...groups].join(', ') || 'none'} in $.verticalTrack.groups`,
      );
    }
    for (let j = 0; j < unit.dataFlags.length; j++) {
      const flag = unit.dataFlags[j] as string;
      if (!dataFlags.has(flag)) {
        error(unitPath(i, `dataFlags[${j}]`), 'unknown-data-flag', `found data flag ${JSON.stringify(flag)}; the rule set declares ${[...dataFlags].join(', ') || 'none'}`);
      } else if (unit.dataFlags.indexOf(flag) < j) {
        // harmless to the rules (a unit has a flag or not), and likely a copy's slip
        report('warning', unitPath(i, `dataFlags[${j}]`), 'repeated-data-flag', `the data flag ${JSON.stringify(flag)} is given twice for unit ${unit.id}`);
      }
    }
  }

  const indicatorList: _Known[] = ruleSet.indicators.map((indicator, index) => ({ indicator, index }));
  const indicators = new Map(indicatorList.map((known) => [known.indicator.id, known]));
  // how each unit's indicators were scored, to catch duplicates, mixed forms and missing scores: per unit and
  // indicator (place × indicators + index), the row of its whole score plus one (0: none), and where scores are
  // per subject, the row of each; nothing is made per row
  const width = ruleSet.indicators.length;
  const whole = new Int32Array(count * width);
  const subjects = new Map<number, Map<string, number>>();
  // a unit's rows mostly come together, in the order of the units and of the rule set's indicators: the last unit
  // is kept, and the next units and indicator are tried before a lookup (see UnitPlaces)
  // where ids ascend, what finds units' places searches them by halving when a row does not follow the units'
  // order (the map of ids is empty then); otherwise it has the map made above
  const known = { byId: units, firstListed, ascending };
  const scorePlaces = new UnitPlaces(dataset.units, known);
  // scores kept as columns are checked as such while all is well; at the first row that would give a problem,
  // the rows they stand for are made here and checked instead, for the messages (the dataset keeps its columns)
  const columns = _scoreColumnsOf(dataset);
  // each whole score's text and value in hundredths, by unit and indicator, as the check of rows reads them (see
  // _ScoresRead)
  let textsAt: (string | undefined)[] | undefined;
  let hundredthsAt: Int32Array | undefined;
  // (scores given by subjects are summed by the scoring, which then reads the columns itself)
  if (columns && readColumns && columns.subjects === undefined) {
    textsAt = new Array<string | undefined>(count * width);
    hundredthsAt = new Int32Array(count * width).fill(-2);
  }
  if (!columns || !_columnsPass(columns, ruleSet, scorePlaces, scored, knownCategory, whole, textsAt, hundredthsAt)) {
    whole.fill(0);
    // columns that give a problem are read no further: their rows are checked for the messages
    textsAt = hundredthsAt = undefined;
    if (!columns) {
      textsAt = new Array<string | undefined>(count * width);
      hundredthsAt = new Int32Array(count * width).fill(-2);
    }
    const rows = columns ? scoreRowsOf(columns) : dataset.scores;
    // per indicator, the whole scores' texts found plain and within its points (see _columnsPass)
    const passedWhole = ruleSet.indicators.map(() => new Set<string>());
    const passedHundredths: (BytesByNumber | undefined)[] = ruleSet.indicators.map(() => undefined);
    let lastId: string | undefined;
    let lastUnit: number | undefined;
    let lastIndicator = -1;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (row === undefined) continue;
      if (row.unit !== lastId) {
        lastId = row.unit;
        lastUnit = scorePlaces.of(row.unit);
      }
      const unit = lastUnit;
      const following = lastIndicator + 1 < width ? lastIndicator + 1 : 0;
      const guess = indicatorList[following];
      const known = guess !== undefined && guess.indicator.id === row.indicator ? guess : indicators.get(row.indicator);
      if (known) lastIndicator = known.index;
      const indicator = known?.indicator;
      if (unit === undefined) error(scorePath(i, 'unit'), 'unknown-unit', `no unit ${JSON.stringify(row.unit)} is listed in $.units`);
      else if (scored[unit] === 0 && knownCategory[unit] === 1) error(scorePath(i, 'unit'), 'unscored-unit', `unit ${JSON.stringify(row.unit)} is of a category the rule set does not score`);
      if (!indicator) {
        error(scorePath(i, 'indicator'), 'unknown-indicator', `found indicator ${JSON.stringify(row.indicator)}; the rule set declares ${[...indicators.keys()].join(', ')}`);
      }
      if (unit === undefined || !known || !indicator) continue;
      // a whole score's text found plain and within the indicator's points before is not read again (kept by its
      // value in hundredths where it has two places, see _hundredths)
      const passed = row.subject === undefined ? passedWhole[known.index] : undefined;
      const key = passed !== undefined && typeof row.score === 'string' ? _hundredths(row.score) : -1;
      const passedKeys = key >= 0 ? (passedHundredths[known.index] ??= new BytesByNumber()) : undefined;
      if (passedKeys !== undefined ? passedKeys.get(key) === 0 : passed === undefined || !passed.has(row.score)) {
        // the schema saw to this, but a dataset can be changed after it was parsed: the sums read the text as digits
        if (typeof row.score !== 'string' || !isNonNegativeDecimalText(row.score)) {
          error(scorePath(i, 'score'), 'invalid-score', `found ${JSON.stringify(row.score)}; expected a plain decimal that is not negative, such as "38.75"`);
          continue;
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
            continue;
          }
          limit = share.points ?? indicator.points;
        }
        if (compareExact(row.score, limit) > 0) {
          error(scorePath(i, 'score'), 'score-out-of-range', `found ${row.score}, but ${row.subject ?? indicator.id} is out of ${limit} points`);
        } else if (passedKeys !== undefined) passedKeys.set(key, 1);
        else if (passed !== undefined && passed.size < _TEXTS_KEPT) passed.add(row.score);
      }
      const at = unit * width + known.index;
      const wholeRow = (whole[at] as number) - 1;
      let bySubject = subjects.size === 0 ? undefined : subjects.get(at);
      const earlier = row.subject === undefined ? (wholeRow >= 0 ? wholeRow : undefined) : bySubject?.get(row.subject);
      if (earlier !== undefined) {
        error(scorePath(i), 'duplicate-score', `unit ${row.unit} already has a score for ${row.indicator}${row.subject ? ` from ${row.subject}` : ''} at $.scores[${earlier}]`);
        continue;
      }
      if (row.subject === undefined) {
        whole[at] = i + 1;
        if (textsAt !== undefined && hundredthsAt !== undefined) {
          textsAt[at] = row.score;
          hundredthsAt[at] = key;
        }
      } else {
        if (!bySubject) subjects.set(at, (bySubject = new Map()));
        bySubject.set(row.subject, i);
      }
      if (whole[at] !== 0 && bySubject !== undefined) {
        error(scorePath(i), 'mixed-scores', `unit ${row.unit} has both a whole score and per-subject scores for ${row.indicator}; give one or the other`);
      }
    }
  }

  const counted = ruleSet.indicators.filter((indicator) => indicator.counts).length;
  for (let i = 0; i < count; i++) {
    // an unknown category is reported once, on the unit; its scores are not also called missing
    if (firstListed[i] === 0 || scored[i] === 0) continue;
    // a unit with no score at all is said to have none once, not once for each indicator
    let any = false;
    for (let index = 0; index < width && !any; index++) any = whole[i * width + index] !== 0 || (subjects.size > 0 && subjects.has(i * width + index));
    if (!any && counted > 0) {
      const unit = dataset.units[i] as Dataset['units'][number];
      noScore(i, unit.id, undefined, `unit ${unit.id} (${unit.name}) has no scores: none for any of the ${counted} counted indicators`);
      continue;
    }
    for (let index = 0; index < width; index++) {
      const at = i * width + index;
      if (whole[at] !== 0) continue;
      const indicator = ruleSet.indicators[index] as RuleSet['indicators'][number];
      const unit = dataset.units[i] as Dataset['units'][number];
      const bySubject = subjects.size === 0 ? undefined : subjects.get(at);
      if (!bySubject) {
        if (indicator.counts) noScore(i, unit.id, indicator.id, `unit ${unit.id} (${unit.name}) has no score for ${indicator.id} (${indicator.label})`);
        continue;
      }
      const missing = indicator.subjects.filter((share) => !bySubject.has(share.subject)).map((share) => share.subject);
      if (missing.length > 0) {
        noScore(i, unit.id, indicator.id, `unit ${unit.id} (${unit.name}) has no ${indicator.id} score from ${missing.join(', ')}`);
      }
    }
  }

  const items = new Map(ruleSet.adjustments.map((item) => [item.id, item]));
  const adjustmentPlaces = new UnitPlaces(dataset.units, known);
  dataset.adjustments.forEach((entry, i) => {
    const path = `$.adjustments[${i}]`;
    const unit = adjustmentPlaces.of(entry.unit);
    if (unit === undefined) error(`${path}.unit`, 'unknown-unit', `no unit ${JSON.stringify(entry.unit)} is listed in $.units`);
    else if (scored[unit] === 0 && knownCategory[unit] === 1) error(`${path}.unit`, 'unscored-unit', `unit ${JSON.stringify(entry.unit)} is of a category the rule set does not score`);
    if (typeof entry.points !== 'string' || !isNonNegativeDecimalText(entry.points)) error(`${path}.points`, 'invalid-points', `found ${JSON.stringify(entry.points)}; expected a plain decimal that is not negative, such as "0.50"`);
    if (!items.has(entry.item)) {
      error(`${path}.item`, 'unknown-adjustment', `found item ${JSON.stringify(entry.item)}; the rule set declares ${[...items.keys()].join(', ') || 'none'}`);
    }
  });

  // each unit's prior row plus one, by the unit's place (0: none yet); rows for units not listed, by their id
  const priorOf = new Int32Array(count);
  const priorOfUnlisted = new Map<string, number>();
  const priorPlaces = new UnitPlaces(dataset.units, known);
  for (let i = 0; i < dataset.prior.length; i++) {
    const entry = dataset.prior[i];
    if (entry === undefined) continue;
    const path = (field: string) => `$.prior[${i}].${field}`;
    const place = priorPlaces.of(entry.unit);
    if (place === undefined) report('warning', path('unit'), 'unknown-unit', `no unit ${JSON.stringify(entry.unit)} is listed in $.units; its prior result is ignored`);
    const composite = entry.composite;
    if (composite !== undefined && (typeof composite !== 'string' || !isNonNegativeDecimalText(composite.startsWith('-') ? composite.slice(1) : composite))) {
      error(path('composite'), 'invalid-composite', `found ${JSON.stringify(composite)}; expected a plain decimal such as "92.77"`);
    }
    const earlier = place === undefined ? priorOfUnlisted.get(entry.unit) : (priorOf[place] as number) - 1;
    if (earlier !== undefined && earlier >= 0) error(path('unit'), 'duplicate-prior', `unit ${entry.unit} already has a prior result at $.prior[${earlier}]`);
    else if (place === undefined) priorOfUnlisted.set(entry.unit, i);
    else priorOf[place] = i + 1;
    if (entry.grade !== undefined && !ruleSet.grades.some((grade) => grade.id === entry.grade)) {
      // last year's rules may have had other grades: rules can still read it, so this is only a warning
      report('warning', path('grade'), 'unknown-prior-grade', `last year's grade ${JSON.stringify(entry.grade)} is not one of this rule set's grades (${ruleSet.grades.map((grade) => grade.id).join(', ')})`);
    }
  }

  if (dataset.year !== undefined && dataset.year !== ruleSet.year) {
    report('warning', '$.year', 'year-mismatch', `the dataset is for ${dataset.year}, the rule set for ${ruleSet.year}`);
  }

  const surveys = new Map<string, number>();
  dataset.surveys.forEach((entry, i) => {
    const earlier = surveys.get(entry.id);
    if (earlier !== undefined) error(`$.surveys[${i}].id`, 'duplicate-id', `the survey id ${JSON.stringify(entry.id)} is already used at $.surveys[${earlier}]`);
    else surveys.set(entry.id, i);
  });
  const sound = textsAt !== undefined && hundredthsAt !== undefined && subjects.size === 0 && !issues.some((issue) => issue.severity === 'error');
  return sound ? { issues, ascending, read: { texts: textsAt as (string | undefined)[], hundredths: hundredthsAt as Int32Array } } : { issues, ascending };
}

/**
 * Whether two units may have the same name: false only when no two names have the same hash of 53 bits (two
 * multiplicative hashes of their characters), which equal names always have. The hashes are sorted as numbers
 * and neighbours compared, with no map of a million names (half a second of the check at that size); where two
 * hash alike (for a million different names, about once in 18,000 datasets), the caller finds out with a
 * map which, if any, are the same.
 *
 * @param units - a dataset's units, none missing
 * @returns true when two names may be the same
 */
export function _namesMayRepeat(units: readonly Dataset['units'][number][]): boolean {
  const hashes = new Float64Array(units.length);
  for (let i = 0; i < units.length; i++) {
    const name = (units[i] as Dataset['units'][number]).name;
    if (typeof name !== 'string') return true;
    let first = 0x811c9dc5;
    let second = 0x9747b28c;
    for (let at = 0; at < name.length; at++) {
      const code = name.charCodeAt(at);
      first = Math.imul(first ^ code, 0x01000193);
      second = Math.imul(second ^ code, 0x5bd1e995);
      second ^= second >>> 15;
    }
    // 32 bits of the one and 21 of the other: below 2^53, so exact as a number
    hashes[i] = (first >>> 0) * 0x200000 + ((second ^ name.length) >>> 11);
  }
  hashes.sort();
  for (let i = 1; i < hashes.length; i++) if (hashes[i] === hashes[i - 1]) return true;
  return false;
}

/** An indicator of the rule set, with its place. */
interface _Known {
  readonly indicator: RuleSet['indicators'][number];
  readonly index: number;
}

/**
 * Checks scores kept as columns as their rows would be checked, as long as all is well: true when no row would
 * give a problem, and then `whole` holds, by unit and indicator, the number of the row each score stands for,
 * plus one (and `texts` and `hundredths`, where given, each score's text and value as {@link _ScoresRead} has
 * them), or for scores given by subjects, a number that is not 0; false at the first row that would give one. A
 * unit's scores on an indicator given by subjects pass when one comes from each of its subjects, none twice, and
 * the unit has no whole score on it (`texts` and `hundredths` are then not to be given).
 */
function _columnsPass(
  columns: ScoreColumns,
  ruleSet: RuleSet,
  places: UnitPlaces,
  scored: Uint8Array,
  knownCategory: Uint8Array,
  whole: Int32Array,
  texts: (string | undefined)[] | undefined,
  hundredths: Int32Array | undefined,
): boolean {
  const width = ruleSet.indicators.length;
  const columnCount = columns.indicators.length;
  if (columns.cells.length !== columns.units.length * columnCount) return false;
  // each column's indicator, by its place in the rule set (-1: not one of its indicators), and its points
  const indexOf = columns.indicators.map((id) => ruleSet.indicators.findIndex((indicator) => indicator.id === id));
  const points = indexOf.map((index) => ruleSet.indicators[index]?.points ?? '0');
  // and, for a column of a subject's parts, the subject's place among the indicator's subjects (-1: whole scores)
  const shareOf = _sharesOf(columns, ruleSet, indexOf, points);
  if (shareOf === null) return false;
  // by unit and indicator, a bit for each subject's part met (made only where some column gives parts)
  const parts = shareOf.some((share) => share >= 0) ? new Uint32Array(whole.length) : undefined;
  // per column, the score texts found plain and within its points: most repeat (two decimals between 0 and 100
  // allow ten thousand values), and a lookup of a text kept once is cheaper than reading its digits again
  // (each made when its column is first read: a wide table of unknown indicators gives a problem at its first cell)
  const passed: (Set<string> | undefined)[] = columns.indicators.map(() => undefined);
  // and those with two places, by their value in hundredths (see _hundredths): 1 once found fine
  const passedHundredths: (BytesByNumber | undefined)[] = columns.indicators.map(() => undefined);
  let row = 0;
  for (let r = 0; r < columns.units.length; r++) {
    let place = -1;
    for (let c = 0; c < columnCount; c++) {
      const score = columns.cells[r * columnCount + c];
      if (score === undefined) continue;
      if (place < 0) {
        const id = columns.units[r];
        const found = id === undefined ? undefined : places.of(id);
        // an unknown unit, or one whose category is known and not scored
        if (found === undefined || (scored[found] === 0 && knownCategory[found] === 1)) return false;
        place = found;
      }
      const index = indexOf[c] as number;
      if (index < 0 || typeof score !== 'string') return false;
      const key = _hundredths(score);
      const known = (passed[c] ??= new Set<string>());
      const knownHundredths = (passedHundredths[c] ??= new BytesByNumber());
      if (key >= 0 ? knownHundredths.get(key) === 0 : !known.has(score)) {
        if (!isNonNegativeDecimalText(score) || compareExact(score, points[c] as string) > 0) return false;
        if (key >= 0) knownHundredths.set(key, 1);
        else if (known.size < _TEXTS_KEPT) known.add(score);
      }
      const at = place * width + index;
      const share = shareOf[c] as number;
      if (share >= 0) {
        // a subject's second part, or a part of a unit's score also given whole
        const met = (parts as Uint32Array)[at] as number;
        if (whole[at] !== 0 || (met & (1 << share)) !== 0) return false;
        (parts as Uint32Array)[at] = met | (1 << share);
        continue;
      }
      // a unit's second score on an indicator, or one also given by subjects
      if (whole[at] !== 0 || (parts !== undefined && parts[at] !== 0)) return false;
      whole[at] = ++row;
      if (texts !== undefined && hundredths !== undefined) {
        texts[at] = score;
        hundredths[at] = key;
      }
    }
  }
  return parts === undefined || _partsWhole(parts, ruleSet, whole, row);
}

/**
 * For each column of scores kept as columns, the place of its subject among its indicator's subjects, its points
 * set to those of the subject's share (-1 for a column of whole scores); null where a subject does not score the
 * column's indicator, or the indicator has more subjects than a unit's parts have bits (see {@link _columnsPass}).
 * Apart from the check's loop over cells, which V8 optimises better the less there is of it.
 */
function _sharesOf(columns: ScoreColumns, ruleSet: RuleSet, indexOf: readonly number[], points: string[]): number[] | null {
  const subjects = columns.subjects;
  const shareOf = indexOf.map(() => -1);
  if (subjects === undefined) return shareOf;
  if (subjects.length !== indexOf.length) return null;
  for (let c = 0; c < indexOf.length; c++) {
    const subject = subjects[c];
    if (subject === undefined) continue;
    const indicator = ruleSet.indicators[indexOf[c] as number];
    const share = indicator === undefined ? -1 : indicator.subjects.findIndex((entry) => entry.subject === subject);
    if (indicator === undefined || share < 0 || indicator.subjects.length > 30) return null;
    shareOf[c] = share;
    points[c] = indicator.subjects[share]?.points ?? indicator.points;
  }
  return shareOf;
}

/**
 * Whether every unit's parts of an indicator, where it has any, come from each of the indicator's subjects; if so,
 * each such score is marked in `whole` (with a row number after `row`), as a whole score is (see {@link _columnsPass}).
 */
function _partsWhole(parts: Uint32Array, ruleSet: RuleSet, whole: Int32Array, row: number): boolean {
  const width = ruleSet.indicators.length;
  // each indicator's parts all met: a bit for each of its subjects (at most 30, see _sharesOf)
  const all = Int32Array.from(ruleSet.indicators, (indicator) => 2 ** indicator.subjects.length - 1);
  for (let start = 0; start < parts.length; start += width) {
    for (let index = 0; index < width; index++) {
      const met = parts[start + index] as number;
      if (met === 0) continue;
      if (met !== all[index]) return false;
      whole[start + index] = ++row;
    }
  }
  return true;
}

/** How many score texts found fine are kept per indicator: scores with many places may all differ, and then there is nothing to gain. */
const _TEXTS_KEPT = 65536;

