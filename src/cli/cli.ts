import { parseArgs, styleText } from 'node:util';
import { extname } from 'node:path';
import { appraise } from '../outcomes/appraise.js';
import { ValidationError, formatIssue, type Issue } from '../errors.js';
import { InputError } from '../io/InputError.js';
import { loadDataset, loadRuleSet } from '../io/load.js';
import { writeFileAtomic } from '../io/writeFileAtomic.js';
import { renderCsv } from '../report/csv.js';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { datasetJsonSchema, ruleSetJsonSchema } from '../schema/jsonSchema.js';
import { version } from '../../package.json';

/** Where the CLI reads its environment and writes its output; tests pass their own. */
export interface CliContext {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A mistake in how the command was called: exit code 2, with a pointer to --help. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

const FORMATS = ['json', 'csv', 'md', 'html'] as const;
type Format = (typeof FORMATS)[number];

const HELP: Record<string, string> = {
  main: `kaoping ${version} — year-end performance appraisal (考评) rules, evaluated exactly

Usage:
  kaoping run <ruleset.json> <dataset> [--format json|csv|md|html] [--out FILE]
  kaoping validate <ruleset.json> [dataset]
  kaoping schema [--dataset]

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
  -e, --encoding <name>            encoding of CSV files (utf-8, gbk, gb18030, …; default: detected)

Example:
  kaoping run rules/2014.json examples/xicheng-2014/dataset.json --format html --out report.html`,
  validate: `Usage: kaoping validate <ruleset.json> [dataset] [options]

Checks a rule set, and a dataset against it, and lists every problem found.
Exits 0 when there is no error (warnings are listed), 2 otherwise.

Options:
  -e, --encoding <name>  encoding of CSV files (default: detected)

Example:
  kaoping validate rules/2015.json data/2015/`,
  schema: `Usage: kaoping schema [--dataset]

Prints the JSON Schema of rule-set files (with --dataset: of JSON dataset files), for editors.

Example:
  kaoping schema > ruleset.schema.json`,
};

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
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      context.stdout.write(`${HELP['main']}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      context.stdout.write(`${version}\n`);
      return 0;
    }
    if (!['run', 'validate', 'schema'].includes(command)) throw new UsageError(`unknown command ${JSON.stringify(command)}; expected run, validate or schema`);
    const { values, positionals } = _parse(rest);
    if (values.help) {
      context.stdout.write(`${HELP[command]}\n`);
      return 0;
    }
    if (command === 'schema') {
      _expectPositionals(positionals, 0, 0, command);
      context.stdout.write(`${JSON.stringify(values.dataset ? datasetJsonSchema() : ruleSetJsonSchema(), null, 2)}\n`);
      return 0;
    }
    const encoding = values.encoding;
    if (command === 'validate') {
      _expectPositionals(positionals, 1, 2, command);
      const [rulePath, dataPath] = positionals as [string, string | undefined];
      const warnings: Issue[] = [];
      const ruleSet = await loadRuleSet(rulePath);
      warnings.push(...ruleSet.warnings);
      let units = 0;
      if (dataPath !== undefined) {
        const dataset = await loadDataset(dataPath, ruleSet.value, encoding === undefined ? {} : { encoding });
        warnings.push(...dataset.warnings);
        units = dataset.value.units.length;
      }
      for (const warning of warnings) say(`${paint('yellow', 'warning')}: ${formatIssue({ ...warning, severity: 'error' })}`);
      const what = dataPath === undefined ? 'the rule set is valid' : `the rule set and the dataset (${units} units) are valid`;
      say(`${paint('bold', 'ok')}: ${what}${warnings.length > 0 ? `, with ${warnings.length} warning(s)` : ''}`);
      return 0;
    }
    _expectPositionals(positionals, 2, 2, command);
    const [rulePath, dataPath] = positionals as [string, string];
    const format = _format(values.format, values.out);
    const ruleSet = await loadRuleSet(rulePath);
    const dataset = await loadDataset(dataPath, ruleSet.value, encoding === undefined ? {} : { encoding });
    for (const warning of [...ruleSet.warnings, ...dataset.warnings]) say(`${paint('yellow', 'warning')}: ${formatIssue({ ...warning, severity: 'error' })}`);
    const showProgress = context.stderr.isTTY === true && dataset.value.units.length >= 1000;
    const result = await appraise(ruleSet.value, dataset.value, {
      ...(showProgress ? { onProgress: ({ stage, done, total }) => context.stderr.write(`\r${stage}: ${done}/${total}${done === total ? '\n' : ''}`) } : {}),
    });
    const output = { json: renderJson, csv: renderCsv, md: renderMarkdown, html: renderHtml }[format](result, ruleSet.value);
    if (values.out === undefined) context.stdout.write(output);
    else await writeFileAtomic(values.out, output);
    return 0;
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

function _parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        out: { type: 'string', short: 'o' },
        encoding: { type: 'string', short: 'e' },
        dataset: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

function _expectPositionals(positionals: readonly string[], min: number, max: number, command: string): void {
  if (positionals.length < min || positionals.length > max) {
    const usage = HELP[command]?.split('\n')[0]?.replace('Usage: ', '') ?? command;
    throw new UsageError(`${positionals.length < min ? 'missing arguments' : `unexpected argument ${JSON.stringify(positionals[max])}`}; usage: ${usage}`);
  }
}

function _format(format: string | undefined, out: string | undefined): Format {
  if (format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format ${JSON.stringify(format)}; expected ${FORMATS.join(', ')}`);
    return format as Format;
  }
  const extension = out === undefined ? '' : extname(out).slice(1).toLowerCase();
  if (extension === 'markdown') return 'md';
  return (FORMATS as readonly string[]).includes(extension) ? (extension as Format) : 'json';
}
