import { extname, join, basename } from 'node:path';
import { ValidationError, type Issue } from '../errors.js';
import type { Dataset } from '../schema/dataset.js';
import { _validateParsedRuleSet, validateLoadedDataset, validateRuleSet, type Validated, type _CheckedRuleSets } from '../schema/parse.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { _tooLarge, decodeText } from './decode.js';
import { readdir, stat } from './fsAsync.js';
import { InputError } from './InputError.js';
import { findSilentChanges } from './jsonText.js';
import { _csvRowsOfFile, _read, _size, csvRows, readCsv } from './readCsv.js';
import { readXlsx } from './readXlsx.js';
import { Locations, TABLE_NAMES, _UNKNOWN_VALUE, locateIssue, tablesToDataset, type Cell, type Table, type TableName, type TableProgress, type TableRows, type TableSource } from './tables.js';
import { isAppraisalResult, priorFromResult } from '../outcomes/priorFromResult.js';

/** Options for reading files. */
export interface LoadOptions {
  /** Force the encoding of CSV files (`utf-8`, `gbk`, `gb18030`, …) instead of detecting it. */
  readonly encoding?: string | undefined;
  /**
   * Last year's results, replacing any prior-year table in the dataset: kaoping's own JSON output for
   * that year, or a prior-year table (a JSON array, or a CSV file with the prior table's columns).
   */
  readonly prior?: string | undefined;
  /**
   * Told as a workbook's sheets are read from its file (`phase` is `opening`, `stage` names the sheet), as the
   * rows of a folder's or workbook's tables are converted,
   * table by table (`phase` is `reading`, `stage` names the file or sheet), at most about a hundred times per
   * sheet or table, and as the dataset is checked
   * (`phase` and `stage` are `checking`, `total` its units): for a progress display while a large dataset
   * loads.
   */
  readonly onProgress?: TableProgress | undefined;
}

/** A value read from files, with the warnings found on the way. */
export interface Loaded<T> {
  readonly value: T;
  readonly warnings: readonly Issue[];
}

/**
 * Reads and validates a rule-set file.
 *
 * @param path - the JSON file
 * @returns the rule set and any warnings
 * @throws {@link InputError} when the file cannot be read or is not JSON; {@link ValidationError} when it is not a valid rule set
 * @example
 * ```ts
 * const { value: ruleSet } = await loadRuleSet('rules/2014.json');
 * ```
 */
export async function loadRuleSet(path: string): Promise<Loaded<RuleSet>> {
  return _loadRuleSet(path, undefined);
}

/**
 * {@link loadRuleSet}, with what the schema gave for texts checked before, where the command keeps them.
 *
 * @param path - the JSON file
 * @param checked - the rule sets kept by their texts, and where to keep this one's
 */
export async function _loadRuleSet(path: string, checked: _CheckedRuleSets | undefined): Promise<Loaded<RuleSet>> {
  // a dataset where the rule set belongs (the rule set left out of a command) is said to be one
  const extension = extname(path).toLowerCase();
  const table = extension === '.csv' ? 'a CSV table' : _WORKBOOKS.includes(extension) ? 'a workbook' : undefined;
  if (table) throw new InputError('not-a-rule-set', path, `is ${table}, not a rule set: a rule set is a JSON file, and comes before the dataset`);
  try {
    const { text, value } = await _readJson(path);
    const kept = checked?.get(text);
    if (kept !== undefined) return _orThrow(_validateParsedRuleSet(kept, { source: path }));
    const validated = validateRuleSet(value, { source: path });
    if (validated.ok) checked?.keep(text, validated.value);
    return _orThrow(validated);
  } catch (error) {
    if (error instanceof InputError && error.code === 'is-a-directory') throw new InputError('not-a-rule-set', path, 'is a folder, not a rule set: a rule set is a JSON file, and comes before the dataset', undefined, { cause: error });
    throw error;
  }
}

/**
 * Reads and validates a dataset: a JSON file, an XLSX workbook with one sheet per table, or a folder
 * of CSV files, one per table (`units.csv` or `单位.csv`, `scores.csv` or `得分.csv`, `adjustments.csv`
 * or `加减分.csv`, `prior.csv` or `上年结果.csv`, `surveys.csv` or `调查数据.csv`). Problems in tables
 * name the file, row and column. The dataset is frozen, as `parseDataset`'s is, and its check is
 * remembered: `appraise` under the same rule set object, unchanged since, does not check it again.
 *
 * @param path - the file or folder
 * @param ruleSet - the rule set it is appraised under (its labels may head columns)
 * @param options - encoding of CSV files
 * @returns the dataset and any warnings
 * @throws {@link InputError} when a file cannot be read; {@link ValidationError} with every problem in the data
 * @example
 * ```ts
 * const { value: dataset } = await loadDataset('data/2014/', ruleSet, { encoding: 'gbk' });
 * ```
 */
export async function loadDataset(path: string, ruleSet: RuleSet, options: LoadOptions = {}): Promise<Loaded<Dataset>> {
  const kind = await _kind(path);
  const warnings: Issue[] = [];
  let input: unknown;
  let locations = new Locations();
  // the tables' own problems (a cell no column holds, a label the rule set does not know); where each is a
  // cell's, the dataset made of the rest is checked too, so that all its problems are said at once
  let early: readonly Issue[] = [];
  // where last year's results were given as kaoping's JSON result: each prior row's unit in it (`$.units[12]`)
  let priorPaths: readonly string[] | undefined;
  // the units with a score under a label the rule set does not know: their missing scores are not said besides
  let unlabelled: ReadonlySet<string> | undefined;
  if (kind === 'json') {
    input = await readJsonFile(path, 'give a large dataset as a folder of CSV files, which are read a table at a time');
  } else {
    const converted = await _readDataset(path, kind, ruleSet, options, warnings);
    early = converted.issues;
    unlabelled = converted.unlabelled;
    if (early.some((issue) => issue.severity === 'error' && !_CELL.test(issue.path))) throw new ValidationError([...warnings, ..._grouped(early)]);
    input = converted.input;
    locations = converted.locations;
  }
  // the units as given, or none where there is no list of them (validation says so)
  const given = (input as { units?: unknown } | null)?.units;
  const units: unknown[] = Array.isArray(given) ? given : [];
  if (options.prior !== undefined) {
    const prior = await _readPrior(options.prior, ruleSet, units, options.encoding);
    early = [...early, ...(prior.issues ?? [])];
    priorPaths = prior.paths;
    if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
      const record = input as Record<string, unknown>;
      if (Array.isArray(record['prior']) && record['prior'].length > 0) {
        warnings.push({ code: 'prior-replaced', severity: 'warning', document: 'dataset', source: path, path: '$.prior', message: `the dataset's prior-year table is replaced by ${options.prior}` });
      }
      // the input was made here, from the files: it is changed in place (a copy would read its scores, which may
      // be kept as columns, as rows)
      record['prior'] = prior.entries;
      locations = locations.withTable('prior', prior.locations);
    }
  }
  const total = units.length;
  options.onProgress?.({ phase: 'checking', stage: 'checking', done: 0, total });
  // the input was read here and is dropped once checked: its score rows need not be copied
  const validated = validateLoadedDataset(input, ruleSet, { source: path });
  options.onProgress?.({ phase: 'checking', stage: 'checking', done: total, total });
  const located = _grouped(_missingGrouped(_scoresOfOneRow(_unique(_besides(early, unlabelled, validated.issues.map((issue) => _priorToItsFile(locateIssue(issue, locations), options.prior, priorPaths, locations.sourceOf('units') ?? `${path} ($.units)`)))))));
  if (!validated.ok || early.some((issue) => issue.severity === 'error')) throw new ValidationError([...warnings, ...located]);
  return { value: validated.value, warnings: [...warnings, ...located] };
}

/**
 * Where a table's problem is a cell's: `row 4, column "类别"`. A table's other problems are its shape's (its
 * header's, or a value beyond it: `row 1`, `row 4, column 12`).
 */
const _CELL = /^row (\d+), column "/;

/**
 * The tables' own problems, then the check's, but for those it found in a cell the tables' problems name
 * already (a category the rule set does not know is not said twice, as a label and as an id).
 */
function _besides(early: readonly Issue[], unlabelled: ReadonlySet<string> | undefined, checked: readonly Issue[]): Issue[] {
  if (early.length === 0) return [...checked];
  // the same cell's problem of the same weight: a cell's other problem (a data flag given twice beside an
  // unknown one) is said still
  const said = new Set(early.map((issue) => `${issue.severity}\u0000${issue.source}\u0000${issue.path}`));
  // nor what the check says of the id that stood in for an unknown label (a prior grade it does not know, say)
  // nor a missing score of a unit with a score under a label not known: the score may be that one
  const missing = (issue: Issue) => issue.code === 'missing-score' && issue.unit !== undefined && unlabelled?.has(issue.unit) === true;
  return [...early, ...checked.filter((issue) => !said.has(`${issue.severity}\u0000${issue.source}\u0000${issue.path}`) && !issue.message.includes(_UNKNOWN_VALUE) && !missing(issue))];
}

/**
 * Problems in a --prior file's rows are that file's, with paths into it: into a result, its unit's (`$.units[12].id`),
 * else the row's. The dataset's units they name are named as the dataset's, not as the prior file's.
 */
function _priorToItsFile(issue: Issue, prior: string | undefined, paths: readonly string[] | undefined, units: string): Issue {
  const match = prior === undefined ? null : /^\$\.prior\[(\d+)\](?:\.(\w+))?/.exec(issue.path);
  if (prior === undefined || match === null) return issue;
  const unit = paths?.[Number(match[1])];
  const path = unit === undefined ? `$${issue.path.slice('$.prior'.length)}` : `${unit}${match[2] === undefined ? '' : `.${match[2] === 'unit' ? 'id' : match[2]}`}`;
  // another prior row the message points at, as the file has it too
  const message = issue.message.replace(/\$\.units(?!\[)/g, units).replace(/\$\.prior\[(\d+)\]/g, (_whole: string, row: string) => paths?.[Number(row)] ?? `$[${row}]`);
  return { ...issue, source: prior, path, message };
}

/**
 * Issues merged by a key: each group of two or more, in the place of its first, made one by `merge` from the first
 * and every member's part; issues without a key are left as they are.
 */
function _merged<T>(issues: readonly Issue[], keyOf: (issue: Issue) => { readonly key: string; readonly part: T } | undefined, merge: (first: Issue, parts: readonly T[]) => Issue): Issue[] {
  const groups = new Map<string, { first: number; parts: T[] }>();
  const keys = issues.map((issue, i) => {
    const found = keyOf(issue);
    if (found === undefined) return undefined;
    const group = groups.get(found.key);
    if (group) group.parts.push(found.part);
    else groups.set(found.key, { first: i, parts: [found.part] });
    return found.key;
  });
  return issues.flatMap((issue, i) => {
    const key = keys[i];
    const group = key === undefined ? undefined : groups.get(key);
    if (group === undefined || group.parts.length === 1) return [issue];
    return group.first === i ? [merge(issue, group.parts)] : [];
  });
}

/**
 * One issue for the same problem on many rows of a file (a category renamed in the rule set, on every unit of it):
 * `rows 36–50, column "类别"`, at the place of the first, its rows listed as runs, the first ten of them; in a JSON
 * file, on many entries of a list, `$.units[0–23].category`.
 */
function _grouped(issues: readonly Issue[]): Issue[] {
  const place = /^row (\d+)(, column "[^"]*")?$/;
  // and in a JSON file, the same field of many entries of a list: `$.units[0–23].category`
  const entry = /^(\$\.[A-Za-z]+)\[(\d+)\]((?:\.[A-Za-z]+)*)$/;
  return _merged(
    issues,
    (issue) => {
      if (issue.unit !== undefined) return undefined;
      const match = place.exec(issue.path);
      if (match !== null) return { key: `${issue.severity}\u0000${issue.code}\u0000${issue.source}\u0000${match[2] ?? ''}\u0000${issue.message}`, part: Number(match[1]) };
      const json = entry.exec(issue.path);
      if (json === null) return undefined;
      return { key: `${issue.severity}\u0000${issue.code}\u0000${issue.source}\u0000${json[1]}[]${json[3]}\u0000${issue.message}`, part: Number(json[2]) };
    },
    // the same row twice is one row
    (first, rows) => {
      if (new Set(rows).size === 1) return first;
      const json = entry.exec(first.path);
      return { ...first, path: json === null ? `rows ${_runs(rows)}${place.exec(first.path)?.[2] ?? ''}` : `${json[1]}[${_runs(rows)}]${json[3]}` };
    },
  );
}

/**
 * One issue for a row of wide scores that repeats a unit's scores given before (a row copied twice), naming its
 * indicators, rather than one for each of its scores: `unit D01 already has scores for duties, lawful, … at row 2`.
 */
function _scoresOfOneRow(issues: readonly Issue[]): Issue[] {
  const pattern = /^unit (\S+) already has a score for (\S+) at (.+)$/;
  return _merged(
    issues,
    (issue) => {
      const match = issue.code === 'duplicate-score' && issue.path.startsWith('row ') ? pattern.exec(issue.message) : null;
      return match === null ? undefined : { key: `${issue.source}\u0000${issue.path}\u0000${match[1]}\u0000${match[3]}`, part: match[2] as string };
    },
    (first, indicators) => {
      const match = pattern.exec(first.message) as RegExpExecArray;
      return { ...first, message: `unit ${match[1]} already has scores for ${indicators.join(', ')} at ${match[3]}` };
    },
  );
}

/**
 * One issue for the same score missing for many units (a column left empty), or for units with no score at all:
 * `rows 2–59, column "领导评价": 58 units have no score for leadership (领导评价)`, rather than one for each unit.
 * Where the units have no row to point at, the first ten are named.
 */
function _missingGrouped(issues: readonly Issue[]): Issue[] {
  const place = /^row (\d+)(, column "[^"]*")$/;
  return _merged(
    issues,
    (issue) => {
      const at = issue.message.indexOf(') has no ');
      if (issue.code !== 'missing-score' || issue.unit === undefined || at < 0) return undefined;
      const match = place.exec(issue.path);
      if (match === null && issue.path !== '') return undefined;
      return { key: `${issue.source}\u0000${match?.[2] ?? ''}\u0000${issue.message.slice(at + 2)}`, part: { row: match === null ? undefined : Number(match[1]), unit: issue.unit } };
    },
    (first, parts) => {
      const said = first.message.slice(first.message.indexOf(') has no ') + 6);
      const rows = parts.flatMap((part) => (part.row === undefined ? [] : [part.row]));
      const { unit: _unit, ...rest } = first;
      if (rows.length > 0) return { ...rest, path: `rows ${_runs(rows)}${place.exec(first.path)?.[2] ?? ''}`, message: `${parts.length} units have ${said}` };
      const named = parts.slice(0, 10).map((part) => part.unit).join(', ');
      return { ...rest, message: `${parts.length} units have ${said}: ${named}${parts.length > 10 ? `, and ${parts.length - 10} more` : ''}` };
    },
  );
}

/** Row numbers as runs (`2, 5, 9–12`), the first ten runs, then how many rows more. */
function _runs(rows: readonly number[]): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const row of sorted) {
    const last = runs[runs.length - 1];
    if (last !== undefined && row === last[1] + 1) last[1] = row;
    else runs.push([row, row]);
  }
  const shown = runs.slice(0, 10).map(([from, to]) => (from === to ? String(from) : `${from}–${to}`));
  const more = runs.slice(10).reduce((count, [from, to]) => count + to - from + 1, 0);
  return `${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
}

/** One message per problem: a wide table row gives several entries, which may share a problem. */
function _unique(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.severity}\u0000${issue.source}\u0000${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Reads a folder's or workbook's tables and converts them. Apart from {@link loadDataset}, so that the tables,
 * which for a large dataset are as large as the dataset itself, are let go before the dataset is checked.
 */
async function _readDataset(path: string, kind: 'folder' | 'xlsx', ruleSet: RuleSet, options: LoadOptions, warnings: Issue[]): Promise<ReturnType<typeof tablesToDataset>> {
  return tablesToDataset(await _readTables(path, kind, options.encoding, warnings, options.onProgress), ruleSet, path, options.onProgress);
}

/**
 * Finds a folder's or workbook's tables by their names. A CSV file is read here, and decoded and parsed when the
 * conversion comes to it (see {@link TableSource}), so that only one table's text and rows are held at a time.
 */
async function _readTables(path: string, kind: 'folder' | 'xlsx', encoding: string | undefined, warnings: Issue[], onProgress?: TableProgress): Promise<Partial<Record<TableName, TableSource>>> {
  const tables: Partial<Record<TableName, TableSource>> = {};
  const sources = new Map<TableName, string>();
  const assign = (name: string, source: string, table: TableSource, what: string) => {
    const role = _role(name);
    if (role === undefined) {
      warnings.push({ code: 'unknown-table', severity: 'warning', document: 'dataset', source, path: '', message: `ignored: not one of the tables (${Object.values(TABLE_NAMES).map((names) => names.join('/')).join(', ')})` });
    } else if (sources.has(role)) {
      throw new InputError('duplicate-table', path, `two ${what}s hold the ${role} table: ${sources.get(role)} and ${source}`);
    } else {
      sources.set(role, source);
      tables[role] = table;
    }
  };
  if (kind === 'folder') {
    const all = (await readdir(path)).sort();
    const files = all.filter((file) => extname(file).toLowerCase() === '.csv');
    // a table saved otherwise (加减分.txt, as Excel's "Text" saves it) is not read: said so, as an optional
    // table left out changes the results
    const otherwise = all.filter((file) => extname(file).toLowerCase() !== '.csv' && _role(basename(file, extname(file))) !== undefined);
    if (files.length === 0) {
      const named = otherwise.length > 0 ? ` (${otherwise.join(', ')} ${otherwise.length === 1 ? 'is' : 'are'} named as tables: save ${otherwise.length === 1 ? 'it' : 'them'} as CSV, separated by commas)` : '';
      throw new InputError('no-tables', path, `the folder holds no .csv files; expected units.csv and scores.csv at least${named}`);
    }
    for (const file of otherwise) {
      warnings.push({ code: 'not-csv', severity: 'warning', document: 'dataset', source: join(path, file), path: '', message: 'not read: named as a table, but not a .csv file; save it as CSV, separated by commas' });
    }
    for (const file of files) {
      const source = join(path, file);
      const role = _role(basename(file, extname(file)));
      // a file that is no table is neither read nor parsed: it is only named in a warning
      // a large file is read a piece at a time where it can be, when the conversion comes to it
      let table: TableSource = { source, rows: [] };
      if (role !== undefined) {
        const size = await _size(source, source);
        table = size > _PIECES_OVER ? () => _csvRowsOfFile(source, source, encoding) : _csvReader(await _read(source, source), source, encoding);
      }
      assign(basename(file, extname(file)), source, table, 'file');
    }
  } else {
    // each sheet's rows are kept compact, and given to the conversion one at a time
    for (const [sheet, table] of await readXlsx(path, path, onProgress)) assign(sheet, table.source, () => table, 'sheet');
  }
  return tables;
}

/**
 * The size in bytes over which a CSV file is read a piece at a time where it can be (see {@link _csvRowsOfFile}):
 * a smaller one is read whole, at once, its text and its lines' places taking a few tens of MB at most.
 */
const _PIECES_OVER = 16 * 2 ** 20;

/** What decodes a CSV file's bytes when called, letting the bytes go, and gives its rows as they are parsed. */
function _csvReader(bytes: Uint8Array, source: string, encoding: string | undefined): () => TableRows {
  let held: Uint8Array | undefined = bytes;
  return () => {
    if (held === undefined) throw new Error(`${source} was read already`);
    const text = decodeText(held, source, encoding).text;
    held = undefined;
    return csvRows(text, source);
  };
}

/** Reads last year's results: a kaoping JSON result, a JSON prior table, or a CSV prior table. */
async function _readPrior(path: string, ruleSet: RuleSet, units: readonly unknown[], encoding: string | undefined): Promise<{ entries: unknown; locations: Locations; issues?: readonly Issue[]; paths?: readonly string[] }> {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') {
    // the dataset's units, as a table, so that the prior table may name units by code or by name
    const unitRows = units.map((unit, i) => {
      const { id, name, category } = unit as { id?: unknown; name?: unknown; category?: unknown };
      return { row: i + 2, cells: [id, name, category].map((cell) => (typeof cell === 'string' ? cell : undefined)) };
    });
    const unitTable = { source: `${path} (units)`, rows: [{ row: 1, cells: ['id', 'name', 'category'] }, ...unitRows] };
    const table = await readCsv(path, path, encoding);
    const converted = tablesToDataset({ units: unitTable, prior: _resultsAsPrior(table) ?? table }, ruleSet);
    // a cell's problems are said with the dataset's (see loadDataset); a table's own, at once
    const errors = converted.issues.filter((issue) => issue.source === path);
    if (errors.some((issue) => !_CELL.test(issue.path))) throw new ValidationError(errors);
    return { entries: converted.input.prior ?? [], locations: converted.locations, issues: errors };
  }
  if (_WORKBOOKS.includes(extension)) {
    throw new InputError('invalid-prior', path, "--prior reads last year's results (kaoping's JSON or CSV output) or a prior table in a CSV or JSON file, not a workbook: save its sheet as CSV, or put the table in this year's workbook as a sheet named 上年结果");
  }
  const json = await readJsonFile(path, "give last year's results as a prior-year table in a CSV file (unit, composite, grade)");
  if (isAppraisalResult(json)) {
    // the result's units that give a prior row, as priorFromResult takes them: those with a composite or a grade
    const resultUnits = (json as { units: { composite?: unknown; grade?: unknown }[] }).units;
    const paths = resultUnits.flatMap((unit, k) => (unit.composite != null || unit.grade != null ? [`$.units[${k}]`] : []));
    return { entries: priorFromResult(json, { source: path }), locations: new Locations(), paths };
  }
  if (!Array.isArray(json)) {
    throw new InputError('invalid-prior', path, "expected last year's kaoping JSON result, or a prior-year table: a JSON array of { unit, composite, grade }");
  }
  return { entries: json, locations: new Locations() };
}

/** The extensions of workbooks kaoping reads as datasets (one with macros is the same format, the macros not read). */
const _READ_WORKBOOKS: readonly string[] = ['.xlsx', '.xlsm'];

/** The extensions of workbooks of every kind: those kaoping reads, and those it refuses with what to save them as. */
const _WORKBOOKS: readonly string[] = [..._READ_WORKBOOKS, '.xls', '.xlsb', '.et', '.ett', '.ods'];

/** Headers of kaoping's own CSV results (`kaoping run --format csv`) that a prior table has not. */
const _RESULTS_ONLY = ['状态', '类内排名', '类内单位数'];

/**
 * Kaoping's own CSV results of last year as a prior table: each unit's code, composite and grade, the units with
 * neither (excluded last year) left out, as {@link priorFromResult} does with JSON results. Its other columns (last
 * year's names, indicator scores, the year before's composite) are not read. Undefined for any other table.
 */
function _resultsAsPrior(table: Table): Table | undefined {
  const [header, ...rows] = table.rows;
  const texts = header?.cells.map((cell) => (typeof cell === 'string' ? cell.trim() : cell)) ?? [];
  if (header === undefined || !_RESULTS_ONLY.every((text) => texts.includes(text))) return undefined;
  const kept = ['编码', '综合得分', '等次'].map((text) => texts.indexOf(text));
  if (kept.includes(-1)) return undefined;
  const cellsOf = (cells: readonly Cell[]) => kept.map((index) => cells[index]);
  const empty = (cell: Cell) => cell === undefined || (typeof cell === 'string' && cell.trim() === '');
  return {
    source: table.source,
    rows: [
      { row: header.row, cells: cellsOf(header.cells) },
      ...rows.flatMap((row) => {
        const cells = cellsOf(row.cells);
        return empty(cells[1]) && empty(cells[2]) ? [] : [{ row: row.row, cells }];
      }),
    ],
  };
}

/**
 * Reads a JSON file, naming the line and column of a syntax error.
 *
 * @param path - the file
 * @param tooLarge - what to do instead, said when the file is too large to be read as one text
 * @returns the parsed JSON
 * @throws {@link InputError} when the file cannot be read or is not JSON
 */
export async function readJsonFile(path: string, tooLarge?: string): Promise<unknown> {
  return (await _readJson(path, tooLarge)).value;
}

/** {@link readJsonFile}, with the file's text. */
async function _readJson(path: string, tooLarge?: string): Promise<{ text: string; value: unknown }> {
  const bytes = await _read(path, path);
  let text: string;
  try {
    text = decodeText(bytes, path, 'utf-8').text;
  } catch (error) {
    if (error instanceof InputError && error.code === 'too-large') throw _tooLarge(path, bytes.length, tooLarge, error.cause);
    throw new InputError('encoding', path, 'is not UTF-8 text; a JSON file is UTF-8 (is it a workbook, or saved in another encoding?)', undefined, { cause: error });
  }
  if (text.trim() === '') throw new InputError('empty-file', path, 'the file is empty; expected a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const found = _syntaxError(String((error as Error).message), text);
    const { reason, position } = (found.position === null ? undefined : _writtenAsNotJson(text, found.position)) ?? found;
    throw new InputError('invalid-json', path, `not valid JSON: ${reason}`, position === null ? undefined : _lineColumn(text, position), { cause: error });
  }
  const problem = findSilentChanges(text);
  if (problem) throw new InputError('inexact-json', path, problem.message, _lineColumn(text, problem.position));
  return { text, value: parsed };
}

/**
 * Where a JSON.parse error is and what it says, on one line: V8 gives either a position or a snippet of the
 * text around the error (with its line breaks), ten characters either side of it where the text is longer, and the
 * whole text where it is short; the snippet is found in the text to place it. Where the snippet leaves the place in
 * doubt (a short text, or a snippet the text holds more than once), the first comment, single quote or comma before
 * a closing bracket outside the texts is taken, where it fits.
 */
function _syntaxError(message: string, text: string): { reason: string; position: number | null } {
  const at = /at position (\d+)/.exec(message);
  if (at?.[1] !== undefined) return { reason: message.replace(/ in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, ''), position: Number(at[1]) };
  if (/Unexpected end of JSON input/.test(message)) return { reason: 'the text ends before the JSON does (is the file cut short?)', position: text.length };
  const snippet = /, (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON/.exec(message);
  const token = /^Unexpected token '(.)'/.exec(message)?.[1];
  const reason = message.replace(/, (?:\.\.\.)?"[\s\S]*$/, '').replace(/\s+/g, ' ');
  const shown = snippet?.[2];
  if (shown === undefined || shown === '') return { reason, position: null };
  const slip = _firstSlip(text);
  // the error's place in the snippet: ten characters in after a cut start, ten from the end before a cut end
  const offset = snippet?.[1] !== undefined ? 10 : snippet?.[3] !== undefined ? shown.length - 10 : undefined;
  if (offset === undefined || offset < 0 || offset >= shown.length) {
    if (slip !== undefined) return { reason, position: slip };
    const start = text.indexOf(shown);
    return { reason, position: start < 0 ? null : start + Math.max(0, token === undefined ? 0 : shown.indexOf(token)) };
  }
  const places: number[] = [];
  for (let start = text.indexOf(shown); start >= 0; start = text.indexOf(shown, start + 1)) places.push(start + offset);
  return { reason, position: slip !== undefined && places.includes(slip) ? slip : (places[0] ?? null) };
}

/**
 * The first place, outside texts, where the text is written as JavaScript or an editor allows and JSON does not:
 * a comment, a single quote, or the closing bracket after a comma.
 */
function _firstSlip(text: string): number | undefined {
  let inText = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inText) {
      if (char === '\\') i++;
      else if (char === '"') inText = false;
    } else if (char === '"') inText = true;
    else if (char === "'" || (char === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) return i;
    else if (char === ',') {
      let next = i + 1;
      while (next < text.length && /\s/.test(text[next] as string)) next++;
      if (text[next] === ']' || text[next] === '}') return next;
    }
  }
  return undefined;
}

/**
 * What was written as in JavaScript, or as editors allow, but JSON does not: a comment, single quotes, or a comma
 * after a list's or an object's last entry (said at the comma, the line before the bracket where JSON.parse stops).
 */
function _writtenAsNotJson(text: string, position: number): { reason: string; position: number } | undefined {
  const next = text.slice(position, position + 2);
  if (next === '//' || next === '/*') return { reason: 'a comment, which JSON does not have: remove it, or put the note in a "reason" or "note" field', position };
  if (next[0] === "'") return { reason: 'a text in single quotes: JSON writes texts and keys in double quotes ("…")', position };
  if (next[0] === '}' || next[0] === ']') {
    let before = position - 1;
    while (before >= 0 && /\s/.test(text[before] as string)) before--;
    if (text[before] === ',') return { reason: `a comma after the last entry, before "${next[0]}", which JSON does not allow: remove it`, position: before };
  }
  return undefined;
}

function _lineColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

async function _kind(path: string): Promise<'json' | 'xlsx' | 'folder'> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (error) {
    throw new InputError('file-not-found', path, 'no such file or folder', undefined, { cause: error });
  }
  if (isFolder) return 'folder';
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return 'json';
  if (_READ_WORKBOOKS.includes(extension)) return 'xlsx';
  if (_WORKBOOKS.includes(extension)) {
    throw new InputError('unknown-format', path, `a workbook in a format kaoping does not read (${extension}); save it as an .xlsx workbook (Excel Workbook) or its sheets as CSV`);
  }
  if (extension === '.csv') {
    throw new InputError('csv-file', path, 'a CSV dataset is a folder of files, one per table (units.csv, scores.csv, …): name the folder');
  }
  throw new InputError('unknown-format', path, `unknown dataset format ${JSON.stringify(extension || '(none)')}; expected a .json file, an .xlsx workbook or a folder of .csv files`);
}

function _role(name: string): TableName | undefined {
  const normalised = name.trim().normalize('NFKC').toLowerCase();
  return (Object.keys(TABLE_NAMES) as TableName[]).find((role) => TABLE_NAMES[role].some((alias) => alias.toLowerCase() === normalised));
}

function _orThrow<T>(result: Validated<T>): Loaded<T> {
  if (!result.ok) throw new ValidationError(result.issues);
  return { value: result.value, warnings: result.issues };
}
