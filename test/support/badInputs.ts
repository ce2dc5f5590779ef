/**
 * The bad-input corpus (test/bad-inputs/): its cases, read from each NNN-name/case.json, and the placeholders
 * their arguments use. Run through the built CLI by bad-inputs.test.ts and through `runCli` in process by
 * bad-inputs-in-process.test.ts.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExpectStatic } from 'vitest';
import { projectRoot } from './cli.js';

export const CORPUS = 'test/bad-inputs';

export interface BadInputCase {
  readonly name: string;
  readonly description: string;
  readonly made?: string;
  readonly args: readonly string[];
  readonly file: string;
  readonly place?: string;
  readonly expect: readonly string[];
  readonly absent?: readonly string[];
  readonly knownIssue?: string;
}

export function loadCase(name: string): BadInputCase {
  const path = join(projectRoot, CORPUS, name, 'case.json');
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${CORPUS}/${name}/case.json cannot be read: ${(error as Error).message}`);
  }
  const strings = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');
  const known = new Set(['description', 'made', 'args', 'file', 'place', 'expect', 'absent', 'knownIssue']);
  const unknown = Object.keys(raw).filter((key) => !known.has(key));
  if (
    typeof raw['description'] !== 'string' ||
    !strings(raw['args']) ||
    typeof raw['file'] !== 'string' ||
    !strings(raw['expect']) ||
    (raw['expect'] as string[]).length === 0 ||
    (raw['place'] !== undefined && typeof raw['place'] !== 'string') ||
    (raw['absent'] !== undefined && !strings(raw['absent'])) ||
    (raw['knownIssue'] !== undefined && typeof raw['knownIssue'] !== 'string') ||
    unknown.length > 0
  ) {
    throw new Error(`${CORPUS}/${name}/case.json is malformed${unknown.length > 0 ? `: unknown key(s) ${unknown.join(', ')}` : ''}`);
  }
  return { name, ...(raw as Omit<BadInputCase, 'name'>) };
}

/** Resolves the placeholders of a case, to paths relative to the project root (the CLI's working folder). */
export function resolver(name: string): (text: string) => string {
  const folder = `${CORPUS}/${name}`;
  const present = (path: string) => existsSync(join(projectRoot, path));
  const rules = present(`${folder}/rules.json`) ? `${folder}/rules.json` : 'rules/2014.json';
  const data = ['data.json', 'data.xlsx', 'data'].map((file) => `${folder}/${file}`).find(present) ?? 'examples/xicheng-2014/dataset.json';
  const values: Record<string, string> = {
    case: folder,
    rules,
    data,
    'tiny-rules': `${CORPUS}/_tiny/rules.json`,
    'tiny-data': `${CORPUS}/_tiny/data.json`,
  };
  return (text) =>
    text.replace(/\{(case|rules|data|tiny-rules|tiny-data)\}/g, (_, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`unknown placeholder {${key}}`);
      return value;
    });
}

export const folders = readdirSync(join(projectRoot, CORPUS), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && /^\d{3}-/.test(entry.name))
  .map((entry) => entry.name)
  .sort();
export const all = folders.map(loadCase);
// Cases marked "knownIssue" show behaviour that is wrong today (wrong exit code, a message that names the
// wrong file or misleads, …). They are kept in the corpus with the problem written down, but are left out
// of the run: the test must not pin the wrong behaviour. Remove the mark when the CLI is fixed.
export const cases = all.filter((badInput) => badInput.knownIssue === undefined);


/**
 * Checks a case's message on standard error: an `error:` line that starts with the file and the place and
 * holds the first expected fragment, every other fragment somewhere, and none of the absent ones.
 */
export function expectMessage(expect: ExpectStatic, badInput: BadInputCase, stderr: string, context: string): void {
  const resolve = resolver(badInput.name);
  const file = resolve(badInput.file);
  const [first = '', ...others] = badInput.expect.map(resolve);
  const head = `error: ${file}: ${badInput.place === undefined ? '' : resolve(badInput.place)}`;
  const lines = stderr.split('\n');
  expect(
    lines.some((line) => line.startsWith(head) && line.includes(first)),
    `expected a line starting ${JSON.stringify(head)} and holding ${JSON.stringify(first)}: ${context}`,
  ).toBe(true);
  for (const fragment of others) expect(stderr, context).toContain(fragment);
  for (const fragment of (badInput.absent ?? []).map(resolve)) expect(stderr, context).not.toContain(fragment);
}
