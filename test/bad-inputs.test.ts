/**
 * The bad-input corpus: every folder test/bad-inputs/NNN-name/ holds a case.json and the bad files it
 * names. Each case is run through the built CLI (dist/cli.cjs) with `--out <fresh folder>/result.json`,
 * and must
 *
 * - exit 2, with nothing on standard output and no stack trace;
 * - name the file, and the place (row and column, line and column, or JSON path) when the case has one,
 *   on an `error:` line that also holds the case's first expected fragment; hold every other fragment;
 * - hold none of the case's `absent` fragments (e.g. a CR from a CRLF file, or "unknown column" where a
 *   byte-order mark must not spoil the first header);
 * - leave the --out folder empty: no result, no temporary file;
 * - leave the built-in prototypes as they were (test/bad-inputs/pollution-guard.mjs is preloaded).
 *
 * case.json: { description, made?, args, file, place?, expect, absent?, knownIssue? }. In args, file,
 * expect and absent: {case} is the case's folder; {rules} its rules.json, else rules/2014.json; {data}
 * its data.json, data.xlsx or data/ folder, else the 2014 example dataset; {tiny-rules} and {tiny-data}
 * the small rule set and dataset in test/bad-inputs/_tiny/. Binary and very large files are written by
 * test/bad-inputs/generate.mjs ("made" says how).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { all, cases, CORPUS, expectMessage, folders, resolver } from './support/badInputs.js';
import { projectRoot } from './support/cli.js';

const GUARD = pathToFileURL(join(projectRoot, CORPUS, 'pollution-guard.mjs')).href;
const GUARD_TAG = 'kaoping-pollution-guard:';

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

// The cases run concurrently, but at most one CLI per core (two at most) at a time: each run is CPU-bound
// (~0.4 s), and more at once would only slow the test files running beside this one.
let freeSlots = Math.min(2, availableParallelism());
const waiting: (() => void)[] = [];
async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (freeSlots > 0) freeSlots -= 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else freeSlots += 1;
  }
}

/** Runs the built CLI with the pollution guard preloaded; kills it after `timeout` ms (a hang fails the case). */
function runCli(args: readonly string[], timeout = 20_000): Promise<Run> {
  return inSlot(() => _spawn(args, timeout));
}

function _spawn(args: readonly string[], timeout: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', GUARD, join(projectRoot, 'dist/cli.cjs'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, NO_COLOR: '1', KAOPING_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
}

describe('the bad-input corpus', () => {
  it('has at least 70 runnable cases, each folder with a well-formed case.json', () => {
    expect(folders.length).toBe(all.length);
    expect(cases.length).toBeGreaterThanOrEqual(70);
    expect(new Set(folders.map((name) => name.slice(0, 3))).size).toBe(folders.length);
  });

  it('has every file its cases name', () => {
    for (const badInput of all) {
      const resolve = resolver(badInput.name);
      const own = readdirSync(join(projectRoot, CORPUS, badInput.name)).filter((file) => file !== 'case.json');
      // a generated case whose files were not generated would silently run on the shipped defaults
      if (badInput.made !== undefined) expect(own.length, `${badInput.name}: run node ${CORPUS}/generate.mjs`).toBeGreaterThan(0);
      for (const arg of badInput.args) {
        // a case about a missing file names it on purpose
        if (arg === badInput.file && /missing/.test(badInput.name)) continue;
        if (resolve(arg) !== arg) expect(existsSync(join(projectRoot, resolve(arg))), `${badInput.name}: ${resolve(arg)}`).toBe(true);
      }
    }
  });

  it('starts from good files: the tiny rule set and dataset (JSON and CSV) and the 2014 example are valid', async () => {
    const tiny = `${CORPUS}/_tiny`;
    for (const args of [
      ['validate', `${tiny}/rules.json`, `${tiny}/data.json`],
      ['validate', `${tiny}/rules.json`, `${tiny}/csv`],
      ['validate', 'rules/2014.json', 'examples/xicheng-2014/dataset.json'],
    ]) {
      const run = await runCli(args);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/^ok: the rule set and the dataset \(\d+ units\) are valid/m);
      expect(run.stderr).not.toMatch(/^error:/m);
    }
  });

  it('validate ends with its count when the problem is the file itself, as when it lists problems', async () => {
    const run = await runCli(['validate', `${CORPUS}/003-rules-comment/rules.json`, `${CORPUS}/_tiny/data.json`]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^error: .*rules\.json: line 6, column 3: not valid JSON: a comment/), '1 error(s)']);
  });

  it('the pollution guard notices a polluted prototype (so its silence below means something)', async () => {
    const run = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', GUARD, '-e', 'Object.prototype.polluted = "yes"; Array.prototype.includes = () => true'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', () => resolve(stderr));
    });
    expect(run).toContain(`${GUARD_TAG} Object.prototype.polluted was added`);
    expect(run).toContain(`${GUARD_TAG} Array.prototype.includes was replaced`);
  });
});

describe.concurrent('every bad input exits 2, names the file and the place, and leaves nothing behind', () => {
  it.for(cases)('$name: $description', async (badInput, { expect }) => {
    const resolve = resolver(badInput.name);
    const outFolder = mkdtempSync(join(tmpdir(), 'kaoping-bad-input-'));
    try {
      const out = join(outFolder, 'result.json');
      const run = await runCli([...badInput.args.map(resolve), '--out', out]);
      const context = `${badInput.name}\n--- stderr ---\n${run.stderr}`;

      expect(run.signal, `killed (a hang?): ${context}`).toBeNull();
      expect(run.code, context).toBe(2);
      expect(run.stdout, context).toBe('');
      expect(run.stderr, context).not.toMatch(/^\s+at /m);
      expect(run.stderr, context).not.toContain('internal error');
      expect(run.stderr, context).not.toContain(GUARD_TAG);

      expectMessage(expect, badInput, run.stderr, context);
      expect(existsSync(out), context).toBe(false);
      expect(readdirSync(outFolder), context).toEqual([]);
    } finally {
      rmSync(outFolder, { recursive: true, force: true });
    }
  });
});
