/**
 * How serious a problem is: an `error` stops an appraisal, a `warning` is reported and the run goes on.
 */
export type Severity = 'error' | 'warning';

/**
 * One problem found in a rule set or a dataset.
 *
 * `path` is a JSON path into the document (`$.stages[2].rules[0].event`); `source` names the file or
 * input it came from, when the caller said so.
 */
export interface Issue {
  /** Stable, machine-readable kind of problem, e.g. `schema`, `duplicate-unit`, `unknown-fact`. */
  readonly code: string;
  readonly severity: Severity;
  /** Which document: `ruleSet` or `dataset`. */
  readonly document: 'ruleSet' | 'dataset';
  /** The file or input name, when known. */
  readonly source?: string;
  /**
   * Where in the document: the JSON path of the offending value; for a dataset read from CSV files or a workbook,
   * the row and column it came from (`row 3, column "职责任务"`), or empty where the problem is the file's as a whole.
   */
  readonly path: string;
  /** What is wrong, what was found and what was expected. */
  readonly message: string;
  /** The unit (its id) the problem is about, where it is about one unit's score: a missing score. */
  readonly unit?: string;
  /** The indicator (its id) the problem is about, where it is about a score of it: a missing score. */
  readonly indicator?: string;
}

/**
 * Where an error keeps the kaoping error classes it is of (their {@link KaopingError.kind}s): a key shared by every
 * copy of the package in a program, so that `instanceof` holds across them (see {@link KaopingError}).
 */
const _KINDS = Symbol.for('kaoping.errorKinds');

/**
 * The base of every error kaoping throws on purpose. `code` is stable across versions.
 *
 * `instanceof` holds for an error of this class, or of a subclass (`ValidationError`, `InputError`), made by another
 * copy of the package in the same program: a program whose ES modules import kaoping and whose CommonJS modules (or
 * dependencies) require it loads it twice, and each copy has classes of its own.
 */
export class KaopingError extends Error {
  /** The class's name, kept through minifying: what `instanceof` compares across copies of the package. */
  static readonly kind: string = 'KaopingError';

  override readonly name: string = 'KaopingError';
  /** Stable, machine-readable error code. */
  readonly code: string;

  /**
   * @param code - stable error code
   * @param message - human-readable description
   * @param options - standard error options (`cause`)
   */
  constructor(code: string, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.code = code;
    const kinds: string[] = [];
    for (let type: unknown = new.target; typeof type === 'function' && type !== Error; type = Object.getPrototypeOf(type)) {
      if (Object.hasOwn(type, 'kind')) kinds.push((type as typeof KaopingError).kind);
    }
    Object.defineProperty(this, _KINDS, { value: Object.freeze(kinds) });
  }

  /**
   * Whether a value is an error of this class, made by this copy of the package or by another.
   *
   * @param value - anything
   * @returns whether it is one
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    // a class of a program's own, derived from one of these, is known by its own prototype chain alone
    if (!Object.hasOwn(this, 'kind')) return false;
    const kinds = value !== null && typeof value === 'object' ? (value as { [_KINDS]?: unknown })[_KINDS] : undefined;
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }
}

/**
 * Thrown when a rule set or dataset is not valid: carries every problem found, not just the first.
 *
 * @example
 * ```ts
 * try {
 *   parseRuleSet(json, { source: 'rules/2015.json' });
 * } catch (error) {
 *   if (error instanceof ValidationError) for (const line of error.issues.map(formatIssue)) console.error(line);
 * }
 * ```
 */
export class ValidationError extends KaopingError {
  static override readonly kind: string = 'ValidationError';
  override readonly name = 'ValidationError';
  /** Every problem found, errors and warnings, in document order. */
  readonly issues: readonly Issue[];

  /**
   * @param issues - every problem found; at least one should be an error
   */
  constructor(issues: readonly Issue[]) {
    const errors = issues.filter((issue) => issue.severity === 'error');
    const shown = errors.slice(0, 5).map(formatIssue).join('\n  ');
    const more = errors.length > 5 ? `\n  … and ${errors.length - 5} more` : '';
    super('invalid-input', `${errors.length} problem(s) in the input:\n  ${shown}${more}`);
    this.issues = issues;
  }
}

/**
 * Formats an issue as one line: `source: path: message`.
 *
 * @param issue - the issue to format
 * @returns a single line suitable for a terminal or a log
 */
export function formatIssue(issue: Issue): string {
  const where = [issue.source ?? issue.document, issue.path].filter(Boolean).join(': ');
  const tag = issue.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${tag}${issue.message}`;
}
