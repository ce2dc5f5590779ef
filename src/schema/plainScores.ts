import type { Dataset } from './dataset.js';
import { isIdentifier, isNonNegativeDecimalText } from './primitives.js';

type ScoreRow = Dataset['scores'][number];

/** The keys a score row may have. */
const _KEYS: ReadonlySet<string> = new Set(['unit', 'indicator', 'score', 'subject']);

/**
 * A dataset's score rows as the dataset schema would give them, checked without zod, or null as soon as one row
 * is not plainly valid (zod then checks them all and says what is wrong). Score rows are most of a large
 * dataset and nearly always valid; checked here, they cost a fraction of zod's object and union machinery.
 * Plainly valid: a plain object with `unit`, `indicator` and `score` and perhaps `subject`, nothing else,
 * identifiers as {@link isIdentifier} and the score a string as {@link isNonNegativeDecimalText}. Anything else,
 * a score written as a JSON number included, is left to zod. A property test holds the rows given here equal
 * to zod's, key order included.
 *
 * @param rows - the `scores` array of a dataset as parsed JSON
 * @returns new row objects, or null
 */
export function plainScoreRows(rows: readonly unknown[], keep = false): ScoreRow[] | null {
  // kept: the rows themselves, where nothing else holds them (what zod gives is a copy)
  const result: ScoreRow[] | undefined = keep ? undefined : new Array<ScoreRow>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    // a plain object, with Object's prototype or none: arrays, class instances and the like are left to zod
    if (row === null || typeof row !== 'object') return null;
    const prototype = Object.getPrototypeOf(row) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return null;
    // no key but these among those enumerated, inherited ones included (zod's view of unknown keys); the values
    // are read as zod reads them, enumerable or not
    let hasSubject = false;
    let own = 0;
    for (const key in row) {
      if (!_KEYS.has(key)) return null;
      if (key === 'subject') hasSubject = true;
      if (Object.hasOwn(row, key)) own++;
    }
    const { unit, indicator, subject, score } = row as Record<string, unknown>;
    if (typeof unit !== 'string' || typeof indicator !== 'string' || typeof score !== 'string') return null;
    // a subject that is there but not enumerable (zod reads it all the same) is left to zod too
    if (hasSubject ? typeof subject !== 'string' || !isIdentifier(subject) : subject !== undefined) return null;
    if (!isIdentifier(unit) || !isIdentifier(indicator) || !isNonNegativeDecimalText(score)) return null;
    // a row kept as it is must be one a copy would equal: every value its own and enumerable
    if (!result && own !== (hasSubject ? 4 : 3)) return null;
    if (result) result[i] = hasSubject ? { unit, indicator, subject: subject as string, score } : { unit, indicator, score };
  }
  return result ?? (rows as ScoreRow[]);
}

type Unit = Dataset['units'][number];

/** The keys a unit may have, in the schema's order. */
const _UNIT_KEYS: ReadonlySet<string> = new Set(['id', 'name', 'category', 'trackGroup', 'dataFlags', 'counterpart', 'staff']);

/**
 * A dataset's units from `from` on as the dataset schema would give them, checked without zod, or null as soon as
 * one is not plainly valid (zod then checks them all and says what is wrong). A million units are a million runs
 * of zod's object, string and array checks; checked here, they cost a small part of that. Plainly valid: a plain
 * object with no key but the unit's, its own, and every value as the schema takes it and gives it back: `id`,
 * `category` and `trackGroup` identifiers, `name` a label with nothing to trim, `dataFlags` a list of identifiers
 * (a new list, or an empty one where there is none), `counterpart` text of at most 200 characters, `staff` a whole
 * number that is not negative. A key that is there but holds nothing, and anything else, is left to zod. A
 * property test holds the units given here equal to zod's, key order included.
 *
 * A dataset read from files here, and let go once checked, is not copied: a unit already as the schema gives it,
 * its keys in the schema's order and a list of data flags of its own, is taken as it is (`reuse`).
 *
 * @param units - the `units` array of a dataset as parsed JSON
 * @param from - the first unit to check (the ones before are zod's)
 * @param reuse - whether units already as the schema gives them may be taken as they are, not copied
 * @returns a list as long as `units`, its units from `from` on new objects (or, with `reuse`, the units given), or null
 */
export function plainUnits(units: readonly unknown[], from = 0, reuse = false): Unit[] | null {
  const result = new Array<Unit>(units.length);
  for (let i = from; i < units.length; i++) {
    const unit = units[i];
    if (!_plainObject(unit, _UNIT_KEYS)) return null;
    const { id, name, category, trackGroup, dataFlags, counterpart, staff } = unit;
    if (typeof id !== 'string' || !isIdentifier(id) || typeof category !== 'string' || !isIdentifier(category)) return null;
    if (typeof name !== 'string' || name.length === 0 || name.length > 200 || name.trim() !== name) return null;
    if (trackGroup !== undefined ? typeof trackGroup !== 'string' || !isIdentifier(trackGroup) : 'trackGroup' in unit) return null;
    if (dataFlags !== undefined ? !_identifiers(dataFlags) : 'dataFlags' in unit) return null;
    if (counterpart !== undefined ? typeof counterpart !== 'string' || counterpart.length > 200 : 'counterpart' in unit) return null;
    if (staff !== undefined ? typeof staff !== 'number' || !Number.isSafeInteger(staff) || staff < 0 : 'staff' in unit) return null;
    // a unit read from files that is already as the schema gives it is taken as it is
    if (reuse && dataFlags !== undefined && _inSchemaOrder(unit)) {
      result[i] = unit as Unit;
      continue;
    }
    const plain = new _PlainUnit(id, name, category);
    if (trackGroup !== undefined) plain['trackGroup'] = trackGroup;
    plain['dataFlags'] = dataFlags === undefined ? [] : (dataFlags as string[]).slice();
    if (counterpart !== undefined) plain['counterpart'] = counterpart;
    if (staff !== undefined) plain['staff'] = staff;
    result[i] = plain as Unit;
  }
  return result;
}

/** Whether a value is a list of identifiers, as the schema takes it: a plain array, every entry there and one. */
function _identifiers(list: unknown): boolean {
  if (!Array.isArray(list) || Object.getPrototypeOf(list) !== Array.prototype) return false;
  for (let f = 0; f < list.length; f++) {
    const flag: unknown = list[f];
    if (typeof flag !== 'string' || !isIdentifier(flag)) return false;
  }
  return true;
}

/** Whether a unit with `dataFlags` has Object's prototype and its own keys in the order the schema gives them. */
function _inSchemaOrder(unit: Record<string, unknown>): boolean {
  if (Object.getPrototypeOf(unit) !== Object.prototype) return false;
  let at = 0;
  for (const key in unit) {
    while (at < _UNIT_ORDER.length && _UNIT_ORDER[at] !== key) {
      // id, name, category and dataFlags are always there
      if (at < 3 || at === 4) return false;
      at++;
    }
    if (at === _UNIT_ORDER.length) return false;
    at++;
  }
  return at >= 5;
}

/** A unit's keys in the order the schema gives them. */
const _UNIT_ORDER: readonly string[] = ['id', 'name', 'category', 'trackGroup', 'dataFlags', 'counterpart', 'staff'];

/**
 * A unit made as {@link plainUnits} makes one, for a dataset read from files: its keys then added in the schema's
 * order (`dataFlags` always) make it one that {@link plainUnits} takes as it is.
 *
 * @param id - the id as read
 * @param name - the name as read
 * @param category - the category as read
 * @returns the unit, to be given its other keys
 */
export function _unitObject(id: unknown, name: unknown, category: unknown): Record<string, unknown> {
  return new _PlainUnit(id as string, name as string, category as string);
}

/**
 * Makes a unit as `{ id, name, category }` does, with the same prototype (Object's); the keys added after it
 * (`dataFlags`, and `trackGroup` and the others where there are any) are then kept in the object itself, as V8
 * leaves room in objects made by a constructor, where a literal's later keys go to a second, separate array
 * (40 bytes a unit, in a million).
 */
const _PlainUnit = function _PlainUnit(this: Record<string, unknown>, id: string, name: string, category: string) {
  this['id'] = id;
  this['name'] = name;
  this['category'] = category;
} as unknown as new (id: string, name: string, category: string) => Record<string, unknown>;
_PlainUnit.prototype = Object.prototype;

type PriorRow = Dataset['prior'][number];

/** The keys a prior-year row may have. */
const _PRIOR_KEYS: ReadonlySet<string> = new Set(['unit', 'composite', 'grade']);

/**
 * A dataset's prior-year rows as the dataset schema would give them, checked without zod, or null as soon as one
 * is not plainly valid (see {@link plainUnits}): `unit` and `grade` identifiers, `composite` a plain decimal
 * written as text (a JSON number is left to zod, which writes it as text).
 *
 * @param rows - the `prior` array of a dataset as parsed JSON
 * @returns new row objects, or null
 */
export function plainPrior(rows: readonly unknown[]): PriorRow[] | null {
  const result = new Array<PriorRow>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!_plainObject(row, _PRIOR_KEYS)) return null;
    const { unit, composite, grade } = row;
    if (typeof unit !== 'string' || !isIdentifier(unit)) return null;
    const plain: Record<string, unknown> = { unit };
    if (composite !== undefined) {
      // a plain decimal, with a sign perhaps: the digits after it as a score's
      if (typeof composite !== 'string' || !isNonNegativeDecimalText(composite.charCodeAt(0) === 45 ? composite.slice(1) : composite)) return null;
      plain['composite'] = composite;
    } else if ('composite' in row) return null;
    if (grade !== undefined) {
      if (typeof grade !== 'string' || !isIdentifier(grade)) return null;
      plain['grade'] = grade;
    } else if ('grade' in row) return null;
    result[i] = plain as PriorRow;
  }
  return result;
}

/**
 * Whether a value is a plain object (Object's prototype or none) whose enumerable keys, inherited ones included,
 * are all its own and among those given.
 */
function _plainObject(value: unknown, keys: ReadonlySet<string>): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key in value) if (!keys.has(key) || !Object.hasOwn(value, key)) return false;
  return true;
}
