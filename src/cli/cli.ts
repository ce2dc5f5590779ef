import { basename, dirname, extname, join } from 'node:path';
import { TextDecoder, parseArgs, styleText } from 'node:util';
import { ValidationError, formatIssue, type Issue } from '../errors.js';
import { mkdir } from '../io/fsAsync.js';
import { InputError } from '../io/InputError.js';
import { _loadRuleSet, loadDataset, type LoadOptions } from '../io/load.js';
import { _removeStaleDocuments } from '../io/staleDocuments.js';
import { _cannotWrite, _checkWritable, _checkWritableFolder, writeFileAtomic } from '../io/writeFileAtomic.js';
import { _appraiseChecked, _appraiseForWriting, type AppraiseOptions } from '../outcomes/appraise.js';
import { diffResults } from '../outcomes/diff.js';
import type { AppraisalResult, UnitOutcome } from '../outcomes/types.js';
import { _csvLines, _inPieces } from '../report/csv.js';
import { _inRuleSetOrder, renderDiff } from '../report/diff.js';
import { renderExplanation } from '../report/explain.js';
import { followUpDocuments } from '../report/followUp.js';
import { htmlChunks } from '../report/html.js';
import { _jsonPieces } from '../report/json.js';
import { markdownChunks } from '../report/markdown.js';
import { datasetJsonSchema, ruleSetJsonSchema } from '../schema/jsonSchema.js';
import type { Dataset } from '../schema/dataset.js';
import type { _CheckedRuleSets } from '../schema/parse.js';
import type { RuleSet } from '../schema/ruleSet.js';
import { version } from '../../package.json';

/** Where the CLI reads its environment and writes its output; tests pass their own. */
export interface CliContext {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** where rule sets checked before are kept, when the launcher has a cache folder (see {@link _CheckedRuleSets}) */
  readonly checkedRuleSets?: _CheckedRuleSets | undefined;
}

/** A mistake in how the command was called: exit code 2, with a pointer to --help. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

const FORMATS = ['json', 'csv', 'md', 'html'] as const;
type Format = (typeof FORMATS)[number];

const COMMON = `  -p, --prior <file>      last year's results: kaoping's JSON output for that year, or a prior table
  -e, --encoding <name>   encoding of CSV files (utf-8, gbk, gb18030, …; default: detected)`;

const HELP = {
  main: `kaoping ${version} — year-end performance appraisal (考评) rules, evaluated exactly

Usage:
  kaoping run <ruleset.json> <dataset> [--format json|csv|md|html] [--out FILE]
  kaoping validate <ruleset.json> [dataset]
  kaoping explain <ruleset.json> <dataset> <unit id or name> [--format text|json] [--out FILE]
  kaoping report <ruleset.json> <dataset> --out DIR
  kaoping diff <rulesetA.json> <rulesetB.json> <dataset> [--format text|json] [--out FILE]
  kaoping schema [--dataset] [--out FILE]

A dataset is a .json file, an .xlsx workbook, or a folder of .csv files.
Run 'kaoping <command> --help' for a command's options and an example.

Options:
  -h, --help     show help
  -v, --version  show the version`,
  run: `Usage: kaoping run <ruleset.json> <dataset> [options]

Appraises the dataset under the rule set and writes the result.

Options:
  -f, --format <json|csv|md|html>  output format (default: from --out's extension, else json)
  -o, --out <file>                 write to a file, whole or not at all (default: standard output)
${COMMON}

Example:
  kaoping run rules/2014.json examples/xicheng-2014/dataset.json --format html --out report.html`,
  validate: `Usage: kaoping validate <ruleset.json> [dataset] [options]

Checks a rule set — schema, references, facts, operators and lint — and a dataset against it, and lists
every problem found. Exits 0 when there is no error (warnings are listed), 2 otherwise.

Options:
${COMMON}

Example:
  kaoping validate rules/2015.json data/2015/`,
  explain: `Usage: kaoping explain <ruleset.json> <dataset> <unit id or name> [options]

Explains one unit's outcome: the rule that decided it, each condition with the value it saw, and what it
lacked for the next better grade, by how much (including where a quota cut it off).

Options:
  -f, --format <text|json>  Chinese text (default), or the unit's full outcome as JSON
  -o, --out <file>          write to a file, whole or not at all (default: standard output)
${COMMON}

Example:
  kaoping explain rules/2014.json examples/xicheng-2014/dataset.json 区发展改革委`,
  report: `Usage: kaoping report <ruleset.json> <dataset> --out DIR [options]

Writes the documents that follow from the results, in Markdown and HTML: an evaluation report (评价报告)
for every department and street, the list for the organisation department and HR bureau, a letter to the
municipal counterpart of every vertical-management unit, the interview (约谈) list, and an index.

Options:
  -o, --out <dir>         the folder to write to (created if needed; files are replaced whole)
${COMMON}

Example:
  kaoping report rules/2014.json examples/xicheng-2014/dataset.json --out reports-2014`,
  diff: `Usage: kaoping diff <rulesetA.json> <rulesetB.json> <dataset> [options]

Appraises the same data under two rule sets and shows who changes outcome and why, with a summary by
category.

Options:
  -f, --format <text|json>  Chinese text (default) or JSON
  -o, --out <file>          write to a file, whole or not at all (default: standard output)
${COMMON}

Example:
  kaoping diff rules/2014.json examples/what-if-2015/rules-2015.json examples/xicheng-2014/dataset.json`,
  schema: `Usage: kaoping schema [--dataset] [--out FILE]

Prints the JSON Schema of rule-set files (with --dataset: of JSON dataset files), for editors.

Options:
  --dataset         the schema of JSON dataset files
  -o, --out <file>  write to a file, whole or not at all (default: standard output)

Example:
  kaoping schema > ruleset.schema.json`,
} as const;
type Command = Exclude<keyof typeof HELP, 'main'>;

/**
 * Runs the kaoping command line.
 *
 * @param argv - the arguments after the program name
 * @param context - streams and environment
 * @returns the exit code: 0 success, 2 bad input or usage, 1 an internal error
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const colour = context.stderr.isTTY === true && context.env['NO_COLOR'] === undefined;
  // whether to colour is decided here, from the stream we write to and NO_COLOR
  const paint = (style: 'red' | 'yellow' | 'bold', text: string) => (colour ? styleText(style, text, { validateStream: false }) : text);
  const say = (line: string) => context.stderr.write(`${line}\n`);
  const warn = (issues: readonly Issue[]) => {
    for (const issue of issues) say(`${paint('yellow', 'warning')}: ${formatIssue({ ...issue, severity: 'error' })}`);
  };
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      context.stdout.write(`${HELP.main}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      context.stdout.write(`${version}\n`);
      return 0;
    }
    if (!Object.hasOwn(HELP, command) || command === 'main') {
      throw new UsageError(`unknown command ${JSON.stringify(command)}; expected ${Object.keys(HELP).filter((name) => name !== 'main').join(', ')}`);
    }
    const name = command as Command;
    const { values, positionals } = _parse(rest);
    if (values.help) {
      context.stdout.write(`${HELP[name]}\n`);
      return 0;
    }
    // an option the command does not take would be ignored: it is refused, as a mistyped one is
    for (const option of Object.keys(values)) {
      if (!(OPTIONS[name] as readonly string[]).includes(option)) throw new UsageError(`${name} takes no --${option}; usage: ${_usage(name)}`);
    }
    // where the output is to go, and in what format, is checked before the work: a large population takes a minute
    // to appraise
    if (name === 'run') _format(values.format, values.out);
    if (values.out !== undefined) await (name === 'report' ? _checkWritableFolder(values.out) : _checkWritable(values.out));
    if (values.encoding !== undefined) _checkEncoding(values.encoding);
    // on a terminal, how far a large run has come: each table as it is read, the check, scoring and ranking, each
    // stage, and the CSV written
    const progress: _Progress | undefined =
      context.stderr.isTTY === true ? ({ stage, done, total }) => context.stderr.write(`\r${stage}: ${done}/${total}${done === total ? '\n' : ''}`) : undefined;
    const load: LoadOptions = {
      ...(values.encoding === undefined ? {} : { encoding: values.encoding }),
      ...(values.prior === undefined ? {} : { prior: values.prior }),
      // a table is shown when it is large; a population's stages and output when it is (below)
      ...(progress ? { onProgress: (step) => step.total >= PROGRESS_FROM && progress({ ...step, stage: step.phase === 'checking' ? step.stage : `${step.phase} ${basename(step.stage)}` }) } : {}),
    };
    // appraised as the command needs the result: whole (_appraiseChecked), or outcomes made as they are written
    // (_appraiseForWriting); the dataset itself is let go when this returns
    const appraiseFiles = async <R>(
      rulePath: string,
      dataPath: string,
      appraiseWith: (ruleSet: RuleSet, dataset: Dataset, options: AppraiseOptions) => Promise<R>,
    ): Promise<{ ruleSet: RuleSet; result: R }> => {
      const ruleSet = await _loadRuleSet(rulePath, context.checkedRuleSets);
      const dataset = await loadDataset(dataPath, ruleSet.value, load);
      warn([...ruleSet.warnings, ...dataset.warnings]);
      // the dataset was checked against this rule set as it was loaded, just now: it is not checked again
      const result = await appraiseWith(ruleSet.value, dataset.value, {
        ...(progress && dataset.value.units.length >= PROGRESS_FROM ? { onProgress: progress } : {}),
      });
      return { ruleSet: ruleSet.value, result };
    };

    switch (name) {
      case 'schema':
        _expectPositionals(positionals, 0, 0, name);
        await _emit(`${JSON.stringify(values.dataset ? datasetJsonSchema() : ruleSetJsonSchema(), null, 2)}\n`, values.out, context);
        return 0;
      case 'validate': {
        _expectPositionals(positionals, 1, 2, name);
        const [rulePath, dataPath] = positionals as [string, string | undefined];
        const ruleSet = await _loadRuleSet(rulePath, context.checkedRuleSets);
        const dataset = dataPath === undefined ? undefined : await loadDataset(dataPath, ruleSet.value, load);
        const warnings = [...ruleSet.warnings, ...(dataset?.warnings ?? [])];
        warn(warnings);
        const what = dataset === undefined ? 'the rule set is valid' : `the rule set and the dataset (${dataset.value.units.length} units) are valid`;
        say(`${paint('bold', 'ok')}: ${what}${warnings.length > 0 ? `, with ${warnings.length} warning(s)` : ''}`);
        return 0;
      }
      case 'run': {
        _expectPositionals(positionals, 2, 2, name);
        const format = _format(values.format, values.out);
        if (format === 'md' || format === 'html') {
          const { ruleSet, result } = await appraiseFiles(positionals[0] as string, positionals[1] as string, _appraiseChecked);
          await _emit({ md: markdownChunks, html: htmlChunks }[format](result, ruleSet), values.out, context);
          return 0;
        }
        // CSV and JSON are written a unit at a time, each outcome (or, for CSV, the row of it) made as it is written
        // and let go: a large population's outcomes are never all in memory, nor its output (JSON of a large result
        // is longer than a string can be)
        const { ruleSet, result: appraisal } = await appraiseFiles(positionals[0] as string, positionals[1] as string, _appraiseForWriting);
        const count = appraisal.size;
        // the rows written are counted on the terminal only when they go elsewhere: output written to the
        // terminal itself would be broken up by the count
        const counting = count >= PROGRESS_FROM && (values.out !== undefined || context.stdout.isTTY !== true) ? progress : undefined;
        // the members of the result in its order (AppraisalResult's), the units' place among them
        const output =
          format === 'csv'
            ? _csvOutput(_counted(_csvLines(ruleSet, count, (index) => appraisal._tableRow(index), true), count, 1, counting), values.out)
            : _counted(_jsonPieces({ ruleSet: appraisal.ruleSet, units: null, surveys: appraisal.surveys }, count, (index) => appraisal.outcome(index), JSON_PIECE), count, JSON_PIECE, counting);
        await _emit(output, values.out, context);
        return 0;
      }
      case 'explain': {
        _expectPositionals(positionals, 3, 3, name);
        const format = _textOrJson(values.format);
        const { ruleSet, result } = await appraiseFiles(positionals[0] as string, positionals[1] as string, _appraiseChecked);
        const unit = _findUnit(result, positionals[2] as string);
        await _emit(format === 'json' ? `${JSON.stringify(unit, null, 2)}\n` : renderExplanation(unit, result, ruleSet), values.out, context);
        return 0;
      }
      case 'report': {
        _expectPositionals(positionals, 2, 2, name);
        if (values.out === undefined) throw new UsageError('report writes a folder of documents: name it with --out DIR');
        const { ruleSet, result } = await appraiseFiles(positionals[0] as string, positionals[1] as string, _appraiseChecked);
        // every document is rendered before the first is written: a failure leaves nothing half done
        const documents = followUpDocuments(result, ruleSet);
        const written = new Set<string>();
        for (const document of documents) {
          for (const [extension, content] of [['md', document.markdown], ['html', document.html]] as const) {
            const file = join(values.out, `${document.path}.${extension}`);
            await mkdir(dirname(file), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
              throw _cannotWrite(error.code, file, { cause: error }) ?? error;
            });
            await writeFileAtomic(file, content);
            written.add(file);
          }
        }
        // documents an earlier report wrote there and this one did not (units since gone, another year's) go
        const removed = await _removeStaleDocuments(values.out, written);
        say(`wrote ${documents.length - 1} documents and an index (Markdown and HTML) to ${values.out}; start with ${join(values.out, 'index.html')}`);
        // a rule set that ties no document to a flag writes only the index: said, rather than an empty folder explained by nothing
        const tied = Object.values(ruleSet.followUp?.documents ?? {}).filter((flag): flag is string => flag !== undefined);
        if (tied.length === 0) {
          say(`${paint('yellow', 'warning')}: ${positionals[0] as string}: $.followUp.documents: the rule set ties no document to a flag (evaluationReport, orgList, letter, interview), so only the index was written`);
        } else if (documents.length === 1) {
          // and one whose rules gave none of those flags to any unit
          const flags = [...new Set(tied)].join(', ');
          say(`${paint('yellow', 'warning')}: ${positionals[0] as string}: no unit was given a flag a document is tied to (${flags}), so only the index was written`);
        }
        if (removed.length > 0) say(`removed ${removed.length} document(s) an earlier report left there, each page with its Markdown: ${removed.slice(0, 3).join(', ')}${removed.length > 3 ? ', …' : ''}`);
        return 0;
      }
      case 'diff': {
        _expectPositionals(positionals, 3, 3, name);
        const format = _textOrJson(values.format);
        const [pathA, pathB, dataPath] = positionals as [string, string, string];
        // the dataset is checked against each rule set: a problem under one says which
        const under = async (rulePath: string) =>
          appraiseFiles(rulePath, dataPath, _appraiseChecked).catch((error: unknown) => {
            if (!(error instanceof ValidationError)) throw error;
            return error.issues.map((issue) => (issue.document === 'dataset' ? { ...issue, message: `${issue.message} (under ${rulePath})` } : issue));
          });
        // each rule set's problems, both said where both have some
        const before = await under(pathA);
        const after = await under(pathB);
        if (Array.isArray(before) || Array.isArray(after)) throw new ValidationError([...(Array.isArray(before) ? before : []), ...(Array.isArray(after) ? after : [])]);
        // its categories in the rule set's order, in JSON as in text
        const diff = _inRuleSetOrder(diffResults(before.result, after.result), after.ruleSet, before.ruleSet);
        await _emit(format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : renderDiff(diff, before.ruleSet, after.ruleSet), values.out, context);
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof ValidationError) {
      const errors = error.issues.filter((issue) => issue.severity === 'error');
      for (const issue of error.issues) {
        const tag = issue.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
        say(`${tag}: ${formatIssue({ ...issue, severity: 'error' })}`);
      }
      say(`${errors.length} error(s)${error.issues.length > errors.length ? `, ${error.issues.length - errors.length} warning(s)` : ''}`);
      return 2;
    }
    if (error instanceof InputError) {
      say(`${paint('red', 'error')}: ${error.message}`);
      // validate lists its problems, then a count, whatever they are
      if (argv[0] === 'validate') say('1 error(s)');
      return 2;
    }
    if (error instanceof UsageError) {
      say(`${paint('red', 'error')}: ${error.message}\nRun 'kaoping --help' for usage.`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    say(`${paint('red', 'internal error')}: ${message}`);
    say('This is a bug in kaoping. Please report it with the command you ran and, if you can, the files.');
    if (context.env['KAOPING_DEBUG'] && error instanceof Error && error.stack) say(error.stack);
    else say('Set KAOPING_DEBUG=1 to see where it happened.');
    return 1;
  }
}

/** An encoding TextDecoder does not know is a usage mistake, whatever the files turn out to be. */
function _checkEncoding(encoding: string): void {
  try {
    new TextDecoder(encoding);
  } catch {
    throw new UsageError(`unknown encoding ${JSON.stringify(encoding)}; expected e.g. utf-8, gbk or gb18030 (it applies to CSV files; JSON is always UTF-8)`);
  }
}

/** How far a step has come: what progress on a terminal shows. */
type _Progress = (step: { readonly stage: string; readonly done: number; readonly total: number }) => void;

/** Populations of this many units or more show their progress on a terminal. */
const PROGRESS_FROM = 1000;
/**
 * Bytes per piece of CSV output, about a thousand rows: each row is encoded into the piece as it is made, and let
 * go. Rows joined into a piece of text first were a tree of strings the young generation kept until the piece was
 * written, and then copied whole to be flattened and encoded.
 */
const CSV_PIECE_BYTES = 256 * 1024;
/**
 * Lines per piece of CSV text written to standard output: 500 rows are some 130 KB of text, which V8 makes in the
 * young generation and collects as soon as it is written; a piece of 5,000 is made in the large-object space,
 * which only a full collection empties.
 */
const CSV_PIECE_LINES = 500;
/** Units per piece of JSON output (a unit's JSON, with its explanation, is a few kilobytes). */
const JSON_PIECE = 1000;

/**
 * Pieces of output, telling `progress` how many units have been handed on, after a piece now and then and after
 * the last: the first piece holds none (a header, or the JSON before the first unit), each of the others
 * `perPiece`.
 */
function* _counted<Piece>(pieces: Iterable<Piece>, units: number, perPiece: number, progress: _Progress | undefined): Generator<Piece, void, undefined> {
  // at most about a hundred counts, as for the stages: a count after every piece would be thousands of lines
  const step = Math.max(perPiece, Math.ceil(units / 100));
  let written = -perPiece;
  let shown = 0;
  for (const text of pieces) {
    yield text;
    written += perPiece;
    if (progress && written > 0 && (written - shown >= step || written >= units)) {
      shown = written;
      progress({ stage: 'writing', done: Math.min(units, written), total: units });
    }
  }
}

/**
 * CSV lines as the command writes them: to a file, encoded into pieces of bytes as they come; to standard output
 * (whose writer the caller may give, taking text), in pieces of text of as many lines.
 */
function _csvOutput(lines: Iterable<string>, out: string | undefined): Iterable<string | Uint8Array> {
  return out === undefined ? _inPieces(lines, CSV_PIECE_LINES) : _utf8Pieces(lines, CSV_PIECE_BYTES);
}

/**
 * Texts encoded as UTF-8 into pieces of about `size` bytes, each text as it comes (a text longer than a piece has one
 * of its own). Each piece is new: whoever writes one may keep it.
 */
export function* _utf8Pieces(texts: Iterable<string>, size: number): Generator<Uint8Array, void, undefined> {
  const encoder = new TextEncoder();
  let piece = new Uint8Array(size);
  let used = 0;
  for (const text of texts) {
    // UTF-8 takes at most three bytes for each UTF-16 code unit
    const most = text.length * 3;
    if (used + most > piece.length) {
      if (used > 0) yield piece.subarray(0, used);
      piece = new Uint8Array(Math.max(size, most));
      used = 0;
    }
    used += encoder.encodeInto(text, used === 0 ? piece : piece.subarray(used)).written;
  }
  if (used > 0) yield piece.subarray(0, used);
}

async function _emit(output: string | Iterable<string | Uint8Array>, out: string | undefined, context: CliContext): Promise<void> {
  if (out !== undefined) await writeFileAtomic(out, output);
  else if (typeof output === 'string') context.stdout.write(output);
  else for (const piece of output) context.stdout.write(typeof piece === 'string' ? piece : new TextDecoder().decode(piece));
}

function _findUnit(result: AppraisalResult, who: string): UnitOutcome {
  const wanted = who.trim().normalize('NFKC');
  const exact = result.units.find((unit) => unit.id === wanted) ?? result.units.filter((unit) => unit.name === who.trim());
  if (!Array.isArray(exact)) return exact;
  if (exact.length === 1 && exact[0]) return exact[0];
  if (exact.length > 1) throw new InputError('ambiguous-unit', who, `${exact.length} units have this name: ${exact.map((unit) => unit.id).join(', ')}; give the code instead`);
  const close = result.units.filter((unit) => unit.name.includes(who.trim()) || who.includes(unit.name)).slice(0, 5);
  throw new InputError('unknown-unit', who, `no unit has this code or name${close.length > 0 ? `; did you mean ${close.map((unit) => `${unit.name} (${unit.id})`).join(', ')}?` : ''}`);
}

function _parse(args: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        format: { type: 'string', short: 'f' },
        out: { type: 'string', short: 'o' },
        encoding: { type: 'string', short: 'e' },
        prior: { type: 'string', short: 'p' },
        dataset: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  // an option given twice is refused, not taken at its last: `--format csv --format json` wrote JSON
  const given = new Map<string, string[]>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.name === 'help') continue;
    const values = given.get(token.name) ?? [];
    values.push(token.value ?? '');
    given.set(token.name, values);
    if (values.length === 2) throw new UsageError(`--${token.name} is given twice${values.every((value) => value === '') ? '' : ` (${values.map((value) => JSON.stringify(value)).join(', then ')})`}; give it once`);
  }
  return parsed;
}

/** The options each command takes (besides --help). */
const OPTIONS: Readonly<Record<Command, readonly string[]>> = {
  run: ['format', 'out', 'encoding', 'prior'],
  validate: ['encoding', 'prior'],
  explain: ['format', 'out', 'encoding', 'prior'],
  report: ['out', 'encoding', 'prior'],
  diff: ['format', 'out', 'encoding', 'prior'],
  schema: ['dataset', 'out'],
};

/** A command's usage line, from its help. */
function _usage(command: Command): string {
  return HELP[command].split('\n')[0]?.replace('Usage: ', '') ?? command;
}

function _expectPositionals(positionals: readonly string[], min: number, max: number, command: Command): void {
  if (positionals.length < min || positionals.length > max) {
    throw new UsageError(`${positionals.length < min ? 'missing arguments' : `unexpected argument ${JSON.stringify(positionals[max])}`}; usage: ${_usage(command)}`);
  }
}

function _textOrJson(format: string | undefined): 'text' | 'json' {
  if (format === undefined || format === 'text' || format === 'json') return format ?? 'text';
  throw new UsageError(`unknown format ${JSON.stringify(format)}; expected text or json`);
}

function _format(format: string | undefined, out: string | undefined): Format {
  if (format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format ${JSON.stringify(format)}; expected ${FORMATS.join(', ')}`);
    return format as Format;
  }
  const extension = out === undefined ? '' : extname(out).slice(1).toLowerCase();
  if (extension === 'markdown') return 'md';
  if (extension === '') return 'json';
  // a file named for another format (results.xlsx, results.pdf) would get JSON that its program cannot open
  if (!(FORMATS as readonly string[]).includes(extension)) {
    throw new UsageError(`cannot tell the format to write ${JSON.stringify(out)} in from its extension ${extname(out as string)}; name it .json, .csv, .md or .html, or give --format`);
  }
  return extension as Format;
}
