import type { z } from 'zod';
import { ValidationError, type Issue } from '../errors.js';
import { _checkDataset } from './checkDataset.js';
import { _rememberChecked } from './checked.js';
import { checkRuleSet } from './checkRuleSet.js';
import { lintRuleSet } from './lintRuleSet.js';
import { datasetSchema, type Dataset } from './dataset.js';
import { plainPrior, plainScoreRows, plainUnits } from './plainScores.js';
import { _plainScoreColumns, _scoreColumnsOf, _scoreColumnsOfRows, _withScoreColumns } from './scoreColumns.js';
import { describe } from './primitives.js';
import { ruleSetSchema, type RuleSet } from './ruleSet.js';

/** Options for parsing. */
export interface ParseOptions {
  /** The file or input name, written into every issue so messages say where. */
  readonly source?: string | undefined;
}

/** The outcome of validating: the parsed value when there was no error, and every issue found. */
export type Validated<T> = { readonly ok: true; readonly value: T; readonly issues: readonly Issue[] } | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * Validates a rule set, from parsed JSON: the schema, then every cross-reference.
 *
 * @param input - the rule set, e.g. `JSON.parse` of `rules/2014.json`
 * @param options - where the input came from
 * @returns the typed rule set and any warnings, or every problem found
 */
export function validateRuleSet(input: unknown, options: ParseOptions = {}): Validated<RuleSet> {
  const parsed = _safeParse(ruleSetSchema, input, 'ruleSet', options, true);
  if (!parsed.ok) return parsed;
  return _validateParsedRuleSet(parsed.value, options);
}

/**
 * {@link validateRuleSet} for a rule set its schema gave before (the command keeps the rule sets of texts it has
 * checked, see {@link _CheckedRuleSets}): every cross-reference, and the warnings, as for a rule set just parsed.
 *
 * @param ruleSet - what the schema gave for the rule set's text
 * @param options - where the input came from
 */
export function _validateParsedRuleSet(ruleSet: RuleSet, options: ParseOptions = {}): Validated<RuleSet> {
  _PARSED_RULE_SETS.add(ruleSet);
  return _finish(ruleSet, [...checkRuleSet(ruleSet), ...lintRuleSet(ruleSet)], options);
}

/**
 * Where the command keeps what the rule set schema gave for the texts of rule sets it has checked, so that a later
 * run on the same text does not parse it with the schema again (about a tenth of a run of the 2014 example). A
 * kept rule set is checked for every cross-reference and warned about as one just parsed.
 */
export interface _CheckedRuleSets {
  /** What the schema gave for this text, where it is kept. */
  get(text: string): RuleSet | undefined;
  /** Keeps what the schema gave for this text. */
  keep(text: string, ruleSet: RuleSet): void;
}

/**
 * Validates a dataset against a rule set: the schema, then every cross-reference. A valid dataset is given
 * back frozen, as {@link parseDataset} gives it.
 *
 * @param input - the dataset, e.g. `JSON.parse` of `dataset.json`
 * @param ruleSet - the rule set it is appraised under
 * @param options - where the input came from
 * @returns the typed dataset and any warnings, or every problem found
 */
export function validateDataset(input: unknown, ruleSet: RuleSet, options: ParseOptions = {}): Validated<Dataset> {
  return _validateDataset(input, ruleSet, options, false);
}

/**
 * {@link validateDataset} for input that nothing else holds (read from files by kaoping itself): its plainly
 * valid score rows become the dataset's as they are, instead of copies, so that a large dataset is not in
 * memory twice while it is checked.
 *
 * @param input - the dataset, as read
 * @param ruleSet - the rule set it is appraised under
 * @param options - where the input came from
 * @returns the typed dataset and any warnings, or every problem found
 */
export function validateLoadedDataset(input: unknown, ruleSet: RuleSet, options: ParseOptions = {}): Validated<Dataset> {
  return _validateDataset(input, ruleSet, options, true);
}

function _validateDataset(input: unknown, ruleSet: RuleSet, options: ParseOptions, keepRows: boolean): Validated<Dataset> {
  // a rule set not given by parseRuleSet (JSON as written, its defaults not filled in) is checked against as
  // parseRuleSet would give it; the dataset's check is remembered for the object given
  const rules = _asParsed(ruleSet);
  if (!rules.ok) return rules;
  const parsed = _parseDataset(input, options, keepRows);
  if (!parsed.ok) return parsed;
  // the scores of a dataset parsed from the caller's input are read for the appraisal, columns too (kaoping's
  // own, read from files, are read by the appraisal from their columns: a million units' texts and values by
  // unit and indicator are about 110 MB, which the command does without)
  const checked = _checkDataset(rules.value, parsed.value, !keepRows);
  // a dataset parsed from the caller's input is made of copies, and one read from files is kaoping's own: either
  // is frozen and its check remembered, so that appraising it under the same rule set does not check it again
  const sound = !checked.issues.some((issue) => issue.severity === 'error');
  const value = sound ? _rememberChecked(parsed.value, ruleSet, checked.read, checked.ascending) : parsed.value;
  return _finish(value, checked.issues, options);
}

/** The rule sets the schema gave: defaults filled in, whatever their user has put on them since. */
const _PARSED_RULE_SETS = new WeakSet<object>();

/**
 * A rule set as parseRuleSet gives it: the one given, where parseRuleSet, validateRuleSet or loadRuleSet gave it;
 * else (JSON as written, its defaults not filled in) the schema's parse of it, or the schema's problems with it.
 *
 * @param ruleSet - the rule set given
 * @returns it, parsed
 */
export function _asParsed(ruleSet: RuleSet): Validated<RuleSet> {
  if (ruleSet !== null && typeof ruleSet === 'object' && _PARSED_RULE_SETS.has(ruleSet)) return { ok: true, value: ruleSet, issues: [] };
  return _safeParse(ruleSetSchema, ruleSet, 'ruleSet', {}, true);
}

/**
 * Takes a copy of a parsed rule set (the appraisal's own) as parsed, as its original is.
 *
 * @param ruleSet - the copy
 * @returns it
 */
export function _parsedCopy(ruleSet: RuleSet): RuleSet {
  _PARSED_RULE_SETS.add(ruleSet);
  return ruleSet;
}

/**
 * Parses and checks a rule set, throwing on any error.
 *
 * @param input - the rule set as parsed JSON
 * @param options - where the input came from
 * @returns the typed rule set, defaults applied
 * @throws {@link ValidationError} with every problem found
 * @example
 * ```ts
 * const ruleSet = parseRuleSet(JSON.parse(text), { source: 'rules/2014.json' });
 * ```
 */
export function parseRuleSet(input: unknown, options: ParseOptions = {}): RuleSet {
  return _orThrow(validateRuleSet(input, options));
}

/**
 * Parses a dataset and checks it against a rule set, throwing on any error. The dataset given back is made of its
 * own copies of the input and is frozen, every unit, row and list in it: `appraise` under the same rule set
 * object, unchanged since, then does not check it again. Change a copy (`structuredClone`) to change it. Score
 * rows that come a unit at a time are kept as columns of their texts until its `scores` are first read (see the
 * datasets guide).
 *
 * @param input - the dataset as parsed JSON
 * @param ruleSet - the rule set it is appraised under
 * @param options - where the input came from
 * @returns the typed dataset, defaults applied, frozen
 * @throws {@link ValidationError} with every problem found
 */
export function parseDataset(input: unknown, ruleSet: RuleSet, options: ParseOptions = {}): Dataset {
  return _orThrow(validateDataset(input, ruleSet, options));
}

/**
 * Writes a path as JSON path: `$.stages[2].rules[0]`.
 *
 * @param path - path segments
 * @returns the JSON path
 */
export function _jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const text = String(key);
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text) ? `${acc}.${text}` : `${acc}[${JSON.stringify(text)}]`;
  }, '$');
}

function _finish<T>(value: T, issues: Issue[], options: ParseOptions): Validated<T> {
  const sourced = issues.map((issue) => _withSource(issue, options));
  return sourced.some((issue) => issue.severity === 'error') ? { ok: false, issues: sourced } : { ok: true, value, issues: sourced };
}

function _orThrow<T>(result: Validated<T>): T {
  if (!result.ok) throw new ValidationError(result.issues);
  return result.value;
}

function _withSource(issue: Issue, options: ParseOptions): Issue {
  return options.source === undefined ? issue : { ...issue, source: options.source };
}

/** How deep a document may nest. The 2014 rule set needs 9; the limit keeps validation from exhausting the stack. */
export const MAX_DEPTH = 64;

/**
 * The dataset schema applied to a dataset. Its score rows, most of a large dataset, are first checked without zod
 * ({@link plainScoreRows}, or {@link _plainScoreColumns} for scores kept as wide columns, which then stay columns);
 * when every one is plainly valid, the rest is checked (see {@link _parseRest}). Otherwise zod checks it all, and
 * its messages are the same either way.
 */
function _parseDataset(input: unknown, options: ParseOptions, keepRows: boolean): Validated<Dataset> {
  // scores kept as wide columns (read from a table) stay so, when every row they stand for is plainly valid
  const columns = typeof input === 'object' && input !== null ? _scoreColumnsOf(input) : undefined;
  if (columns && _copiesWhole(input as object) && _plainScoreColumns(columns)) {
    const rest: Record<string, unknown> = {};
    for (const key of Object.keys(input as object)) rest[key] = key === 'scores' ? [] : (input as Record<string, unknown>)[key];
    const parsed = _parseRest(rest, options, keepRows);
    return parsed.ok ? { ok: true, value: _withScoreColumns(parsed.value, columns), issues: [] } : parsed;
  }
  // only for a plain object all of whose properties the copy below keeps: its own, enumerable ones
  if (typeof input === 'object' && input !== null && !Array.isArray(input) && Object.hasOwn(input, 'scores') && _copiesWhole(input)) {
    const rows = (input as { scores: unknown }).scores;
    const scores = Array.isArray(rows) ? plainScoreRows(rows, keepRows) : null;
    if (scores) {
      const parsed = _parseRest({ ...input, scores: [] }, options, keepRows);
      if (!parsed.ok) return parsed;
      // copies of the caller's rows (each row read once: its values, not the caller's objects, are what is checked)
      // are kept as wide columns where they are dense enough (see _scoreColumnsOfRows): their texts, not nine
      // objects a unit; the rows are made again, frozen, when read
      const columns = keepRows ? undefined : _scoreColumnsOfRows(scores);
      return { ok: true, value: columns ? _withScoreColumns(parsed.value, columns) : { ...parsed.value, scores }, issues: [] };
    }
  }
  return _safeParse(datasetSchema, input, 'dataset', options, _rowsIn(input) < _JIT_FROM_ROWS);
}

/**
 * The dataset schema applied to a dataset whose scores are set aside. Its units after the first, and its prior-year
 * rows, are checked without zod ({@link plainUnits}, {@link plainPrior}); where every one of a list is plainly
 * valid, zod checks the rest (the first unit with it: a dataset needs one). Otherwise zod checks the list too.
 */
function _parseRest(rest: Record<string, unknown>, options: ParseOptions, reuse: boolean): Validated<Dataset> {
  const units = rest['units'];
  const plain = Array.isArray(units) && units.length > 1 ? plainUnits(units, 1, reuse) : null;
  const rows = rest['prior'];
  const prior = Array.isArray(rows) && rows.length > 0 ? plainPrior(rows) : null;
  const checked = { ...rest };
  if (plain && Array.isArray(units)) checked['units'] = units.slice(0, 1);
  if (prior) checked['prior'] = [];
  const parsed = _safeParse(datasetSchema, checked, 'dataset', options, _rowsIn(checked) < _JIT_FROM_ROWS);
  if (!parsed.ok || (!plain && !prior)) return parsed;
  if (plain) plain[0] = parsed.value.units[0] as Dataset['units'][number];
  return { ok: true, value: { ...parsed.value, units: plain ?? parsed.value.units, prior: prior ?? parsed.value.prior }, issues: [] };
}

/**
 * From how many rows zod's compiled parsers pay. zod compiles a parser for each object schema the first time it
 * is used (code it generates and V8 then compiles, in every run); on fewer rows, and on a rule set, which is parsed
 * once, its plain parsers finish sooner (the 2014 rule set: about 14 ms against 8 cold; the same results either way).
 */
const _JIT_FROM_ROWS = 1000;

/** How many rows a dataset has, counted over its top-level lists (0 for anything else). */
function _rowsIn(input: unknown): number {
  if (typeof input !== 'object' || input === null) return 0;
  let rows = 0;
  for (const value of Object.values(input)) if (Array.isArray(value)) rows += value.length;
  return rows;
}

/** Whether spreading an object copies everything zod would read of it: no prototype but Object's, no hidden property. */
function _copiesWhole(input: object): boolean {
  const prototype = Object.getPrototypeOf(input) as unknown;
  return (prototype === Object.prototype || prototype === null) && Object.getOwnPropertyNames(input).length === Object.keys(input).length;
}

export function _safeParse<S extends z.ZodType>(schema: S, input: unknown, document: Issue['document'], options: ParseOptions, jitless: boolean): Validated<z.output<S>> {
  const tooDeep = _tooDeep(input, MAX_DEPTH);
  if (tooDeep) {
    return { ok: false, issues: [_withSource({ code: 'too-deep', severity: 'error', document, path: _jsonPath(tooDeep), message: `nested deeper than ${MAX_DEPTH} levels` }, options)] };
  }
  const result = schema.safeParse(input, { reportInput: true, jitless });
  if (result.success) return { ok: true, value: result.data, issues: [] };
  const issues = result.error.issues.flatMap((raw) => _flatten(raw as RawIssue, [])).map((flat) =>
    _withSource({ code: 'schema', severity: 'error', document, path: _jsonPath(flat.path), message: flat.message }, options),
  );
  return { ok: false, issues };
}

/** The path of the first value nested deeper than `limit`, or null. Iterative, so any input is safe. */
function _tooDeep(input: unknown, limit: number): PropertyKey[] | null {
  // nearly every input is shallow: that is found by a plain walk first, with nothing recorded on the way (its
  // recursion goes no deeper than the limit), and the path is looked for only when there is one
  if (!_deeperThan(input, limit)) return null;
  // depths only on the way down, in parallel arrays and for objects only (a dataset has millions of values);
  // the path is rebuilt for the one value that is too deep
  const values: object[] = [];
  const depths: number[] = [];
  const parents: number[] = [];
  const keys: PropertyKey[] = [];
  const seenParents: number[] = [];
  const seenKeys: PropertyKey[] = [];
  const push = (value: unknown, depth: number, parent: number, key: PropertyKey) => {
    if (value === null || typeof value !== 'object') return;
    values.push(value);
    depths.push(depth);
    parents.push(parent);
    keys.push(key);
  };
  push(input, 0, -1, '');
  while (values.length > 0) {
    const value = values.pop() as object;
    const depth = depths.pop() as number;
    const here = seenParents.push(parents.pop() as number) - 1;
    seenKeys.push(keys.pop() as PropertyKey);
    if (depth >= limit) {
      const path: PropertyKey[] = [];
      for (let at = here; at > 0; at = seenParents[at] ?? 0) path.unshift(seenKeys[at] ?? '');
      return path;
    }
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) push(value[i], depth + 1, here, i);
    else for (const child in value) if (Object.hasOwn(value, child)) push((value as Record<string, unknown>)[child], depth + 1, here, child);
  }
  return null;
}

/** Whether an object is nested `levels` deep or more below this value (0: the value itself is one). */
function _deeperThan(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (levels === 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (_deeperThan(value[i], levels - 1)) return true;
    return false;
  }
  for (const child in value) if (Object.hasOwn(value, child) && _deeperThan((value as Record<string, unknown>)[child], levels - 1)) return true;
  return false;
}

interface RawIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly input?: unknown;
  readonly expected?: string;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly errors?: readonly (readonly RawIssue[])[];
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  /** for a union told apart by a key (zod's "No matching discriminator"): the key, and the values it may have */
  readonly note?: string;
  readonly discriminator?: string;
  readonly options?: readonly unknown[];
}

/** Turns zod's issues into one message per problem; for a union, the issues of the branch the input came closest to. */
function _flatten(issue: RawIssue, prefix: readonly PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case 'invalid_union': {
      const branches = issue.errors ?? [];
      const scored = branches.map((branch) => ({ branch, score: _unionScore(branch) }));
      const best = scored.sort((a, b) => a.score - b.score)[0];
      if (issue.note === 'No matching discriminator' && issue.discriminator !== undefined) {
        // the key that tells the forms apart (an event's type) holds none of its values
        const found = issue.input !== null && typeof issue.input === 'object' ? (issue.input as Record<string, unknown>)[issue.discriminator] : undefined;
        const allowed = `expected one of ${(issue.options ?? []).map((option) => JSON.stringify(option)).join(', ')}`;
        return [{ path, message: found === undefined ? `required: ${allowed}` : `${allowed}, found ${describe(found)}` }];
      }
      if (issue.input === undefined) return [{ path, message: issue.message === 'Invalid input' ? 'required' : `required: ${issue.message}` }];
      if (!best || best.score >= 100) return [{ path, message: issue.message === 'Invalid input' ? `${describe(issue.input)} is not allowed here` : issue.message }];
      // an object of the nearest form but for its keys: the forms allowed, and how it differs from that one (and for
      // a union that words its own message and has one form an object may take, whatever the keys are: a value's
      // {"path": …} lacks its fact)
      const keysOnly = best.branch.every((inner) => (inner.path.length === 0 && inner.code === 'unrecognized_keys') || (inner.path.length === 1 && inner.input === undefined));
      const oneObjectForm = scored.filter((entry) => entry.score < 100).length === 1;
      const worded = issue.message !== 'Invalid input' && oneObjectForm && keysOnly && issue.input !== null && typeof issue.input === 'object' && !Array.isArray(issue.input);
      if (worded || best.branch.some((inner) => inner.path.length === 0 && inner.code === 'unrecognized_keys')) {
        const message = issue.message === 'Invalid input' ? 'this object fits none of the forms allowed here' : issue.message;
        return [{ path, message: `${message}${_closestForm(best.branch, issue.input)}` }];
      }
      return best.branch.flatMap((inner) => _flatten(inner, path));
    }
    case 'unrecognized_keys':
      return (issue.keys ?? []).map((key) => ({ path: [...path, key], message: `unknown key ${JSON.stringify(key)}` }));
    case 'invalid_type':
      return [{ path, message: issue.input === undefined ? `required: expected ${issue.expected}` : `expected ${issue.expected}, found ${describe(issue.input)}` }];
    case 'invalid_value':
      return [{ path, message: `expected one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}, found ${describe(issue.input)}` }];
    case 'too_small':
    case 'too_big':
      return [{ path, message: _bound(issue) }];
    default:
      return [{ path, message: issue.message }];
  }
}

/**
 * What the form an object came closest to lacks and has too many of (`; its key "operater" is unknown, and it lacks
 * "operator"`): most often a key misspelt.
 */
function _closestForm(branch: readonly RawIssue[], input: unknown): string {
  const unknown = branch.filter((issue) => issue.path.length === 0 && issue.code === 'unrecognized_keys').flatMap((issue) => issue.keys ?? []);
  // a form the object shares no key with is not what was meant ({"fact": …} where {"all": […]} belongs)
  const keys = input !== null && typeof input === 'object' ? Object.keys(input) : [];
  if (keys.every((key) => unknown.includes(key))) return '';
  const missing = branch.filter((issue) => issue.path.length === 1 && issue.input === undefined).map((issue) => String(issue.path[0]));
  const list = (keys: readonly string[]) => keys.map((key) => JSON.stringify(key)).join(', ');
  const parts = [
    unknown.length === 0 ? '' : `${unknown.length === 1 ? 'its key' : 'its keys'} ${list(unknown)} ${unknown.length === 1 ? 'is' : 'are'} unknown`,
    missing.length === 0 ? '' : `it lacks ${list(missing)}`,
  ].filter((part) => part !== '');
  return parts.length === 0 ? '' : `; ${parts.join(', and ')}`;
}

/**
 * A number, list or text out of its bounds, in kaoping's words and with what was found (zod's own say neither:
 * `Too small: expected number to be >=0`). A message the schema words itself is kept.
 */
function _bound(issue: RawIssue): string {
  if (!/^Too (small|big)/.test(issue.message)) return issue.message;
  const small = issue.code === 'too_small';
  const limit = String(small ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  const bound = small ? (inclusive ? `at least ${limit}` : `more than ${limit}`) : inclusive ? `at most ${limit}` : `less than ${limit}`;
  const input = issue.input;
  const one = limit === '1';
  if (issue.origin === 'array' && Array.isArray(input)) return `expected ${bound} ${one ? 'entry' : 'entries'}, found ${input.length}`;
  if (issue.origin === 'string' && typeof input === 'string') return `expected ${bound} ${one ? 'character' : 'characters'}, found ${input.length}`;
  return `expected a number ${bound}, found ${describe(input)}`;
}

/**
 * Lower is closer: a wrong type at the union's own level is far; an unknown key counts more than all the keys a form
 * can lack (the fact form needs three), and a missing key the same whatever it holds, a union such as `not` included.
 * Problems further down (in the sub-conditions of an `all`, say) do not count, however many: they show the branch is
 * the one meant.
 */
function _unionScore(branch: readonly RawIssue[]): number {
  return branch.reduce((score, issue) => {
    const atRoot = issue.path.length === 0;
    if (atRoot && issue.code === 'invalid_type') return score + 100;
    // a union within the union: as near as its nearest form (a literal's union, every form of it of another type, is far)
    if (atRoot && issue.code === 'invalid_union' && issue.errors !== undefined && issue.errors.length > 0) return score + Math.min(...issue.errors.map(_unionScore));
    if (atRoot && issue.code === 'unrecognized_keys') return score + 20 * (issue.keys?.length ?? 1);
    if (issue.path.length > 1) return score;
    if (issue.input === undefined) return score + 6;
    return score + 1;
  }, 0);
}
