/**
 * The `kaoping` launcher caches the program's compiled code between runs (Node's own compile cache where Node has
 * one, V8's code cache otherwise). A cache must never change what a run does: these tests run the built command
 * with a cache folder of their own and compare the output with and without it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kaoping, projectRoot, scratch } from '../support/cli.js';

const args = ['run', 'rules/2014.json', 'examples/xicheng-2014/dataset.json', '--format', 'csv'];
// Node 22.1 and later cache compiled code themselves, in a layout of their own; before that the launcher does
const ownCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache !== 'function';

/** The compiled-code caches in a cache folder (the rule sets the command has checked are kept there too). */
function codeCaches(folder: string): string[] {
  return readdirSync(folder).filter((file) => file.endsWith('.bin'));
}

function runWith(folder: string, extra: Record<string, string> = {}) {
  return kaoping(args, { env: { NODE_COMPILE_CACHE: folder, NODE_DISABLE_COMPILE_CACHE: '', ...extra } });
}

describe('the launcher', { timeout: 60_000 }, () => {
  const plain = kaoping(args, { env: { NODE_DISABLE_COMPILE_CACHE: '1' } });

  it('runs the program without a cache', () => {
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('D01,中关村西城园管委会,区政府工作部门,参评,综合优秀,96.82');
  });

  it('leaves a cache after the first run, and gives the same output with it', () => {
    const folder = scratch();
    const first = runWith(folder);
    expect(first).toEqual(plain);
    expect(readdirSync(folder, { recursive: true }).length).toBeGreaterThan(0);
    const second = runWith(folder);
    expect(second).toEqual(plain);
  });

  it.runIf(ownCache)('reuses a cache that fits instead of writing it again', () => {
    const folder = scratch();
    runWith(folder);
    const [file] = codeCaches(folder);
    expect(file).toMatch(/^kaoping-v\d+\.\d+\.\d+-\w+-\d+-[0-9a-f]+-run-csv\.bin$/);
    const path = join(folder, file as string);
    const before = statSync(path);
    expect(runWith(folder)).toEqual(plain);
    const after = statSync(path);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.mode & 0o077).toBe(0);
  });

  it.runIf(ownCache)('writes as full a cache after a run in which V8 let go of code not run for a while', () => {
    // collections at short intervals, each letting go of the bytecode of every function not run since the last:
    // what a long run (a million units) does to the start-up code
    const flushing = ['--stress-flush-code', '--bytecode-old-age=1', '--gc-global', '--gc-interval=50000'];
    const sizeAfter = (nodeFlags: readonly string[]) => {
      const folder = scratch();
      const run = spawnSync(process.execPath, [...nodeFlags, join(projectRoot, 'dist/cli.cjs'), ...args], {
        cwd: projectRoot,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', NODE_COMPILE_CACHE: folder, NODE_DISABLE_COMPILE_CACHE: '' },
      });
      expect(run.stdout).toBe(plain.stdout);
      const [file] = codeCaches(folder);
      return statSync(join(folder, file as string)).size;
    };
    const short = sizeAfter([]);
    // without the bytecode kept, this cache held about 70 % of the other's code
    expect(sizeAfter(flushing)).toBeGreaterThan(short * 0.95);
  });

  it.runIf(ownCache)('ignores a damaged cache, wherever the damage is, and writes a good one in its place', () => {
    for (const damage of ['all', 'middle'] as const) {
      const folder = scratch();
      runWith(folder);
      const [file] = codeCaches(folder);
      const path = join(folder, file as string);
      const good = readFileSync(path);
      const bad = damage === 'all' ? Buffer.alloc(good.length, 0x5a) : Buffer.from(good);
      // a few bytes inside the code, past every header V8 checks
      if (damage === 'middle') for (let at = good.length >> 1; at < (good.length >> 1) + 16; at++) bad[at] = (bad[at] as number) ^ 0xff;
      writeFileSync(path, bad);
      expect(runWith(folder)).toEqual(plain);
      expect(readFileSync(path).equals(bad)).toBe(false);
      expect(codeCaches(folder)).toEqual([file]);
      // and the one written is used: the next run leaves it as it is
      const rewritten = statSync(path).mtimeMs;
      expect(runWith(folder)).toEqual(plain);
      expect(statSync(path).mtimeMs).toBe(rewritten);
    }
  });

  it.runIf(ownCache)('does not take the cache of another build of the same size and time for its own', () => {
    const folder = scratch();
    const copies = [scratch(), scratch()];
    const source = readFileSync(join(projectRoot, 'dist/cli-program.cjs'), 'utf8');
    const other = source.replace('year-end performance appraisal', 'YEAR-END PERFORMANCE APPRAISAL');
    expect(other).not.toBe(source);
    copies.forEach((copy, i) => {
      mkdirSync(join(copy, 'dist'));
      copyFileSync(join(projectRoot, 'dist/cli.cjs'), join(copy, 'dist/cli.cjs'));
      copyFileSync(join(projectRoot, 'package.json'), join(copy, 'package.json'));
      writeFileSync(join(copy, 'dist/cli-program.cjs'), i === 0 ? source : other);
      utimesSync(join(copy, 'dist/cli-program.cjs'), 1, 1);
    });
    const help = (copy: string) =>
      spawnSync(process.execPath, [join(copy, 'dist/cli.cjs'), '--help'], { encoding: 'utf8', env: { ...process.env, NODE_COMPILE_CACHE: folder, NODE_DISABLE_COMPILE_CACHE: '' } }).stdout;
    expect(help(copies[0] as string)).toContain('year-end performance appraisal');
    expect(help(copies[1] as string)).toContain('YEAR-END PERFORMANCE APPRAISAL');
    expect(help(copies[0] as string)).toContain('year-end performance appraisal');
  });

  it.runIf(ownCache)('keeps one cache for each kind of run, so that a first run of another command does not leave runs without their code', () => {
    const folder = scratch();
    const schema = kaoping(['schema'], { env: { NODE_COMPILE_CACHE: folder, NODE_DISABLE_COMPILE_CACHE: '' } });
    expect(schema.code).toBe(0);
    const [schemaCache] = codeCaches(folder);
    expect(schemaCache).toMatch(/-schema\.bin$/);
    expect(runWith(folder)).toEqual(plain);
    const files = codeCaches(folder).sort();
    expect(files).toHaveLength(2);
    const runCache = files.find((file) => file !== schemaCache) as string;
    expect(runCache).toMatch(/-run-csv\.bin$/);
    // the run's cache holds more than the schema's: the appraisal's code
    expect(statSync(join(folder, runCache)).size).toBeGreaterThan(statSync(join(folder, schemaCache as string)).size);
    const written = statSync(join(folder, runCache)).mtimeMs;
    expect(runWith(folder)).toEqual(plain);
    expect(statSync(join(folder, runCache)).mtimeMs).toBe(written);
    // a mistyped command or format makes no cache of its own: such runs share one
    for (const mistyped of [['runn'], ['rnu'], ['run', 'x.json', 'y.json', '--format', 'xlsx'], ['schema', '--format=../../x']]) {
      kaoping(mistyped, { env: { NODE_COMPILE_CACHE: folder, NODE_DISABLE_COMPILE_CACHE: '' } });
    }
    expect(codeCaches(folder).map((file) => file.replace(/^.*-[0-9a-f]+-/, '')).sort()).toEqual(['other.bin', 'run-csv.bin', 'run.bin', 'schema.bin']);
  });

  it('writes nothing when NODE_DISABLE_COMPILE_CACHE is set', () => {
    const folder = scratch();
    expect(runWith(folder, { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(plain);
    expect(readdirSync(folder)).toEqual([]);
  });

  it.runIf(ownCache && process.platform !== 'win32')('does not use a folder that others can write to', () => {
    const folder = scratch();
    chmodSync(folder, 0o777);
    expect(runWith(folder)).toEqual(plain);
    expect(readdirSync(folder)).toEqual([]);
  });

  it.runIf(ownCache && process.platform !== 'win32')('does not use a folder reached through a link, which someone else may point elsewhere', () => {
    const real = scratch();
    const link = join(scratch(), 'cache');
    symlinkSync(real, link);
    expect(runWith(link)).toEqual(plain);
    expect(readdirSync(real)).toEqual([]);
  });

  it('keeps exit codes and messages for bad input', () => {
    const folder = scratch();
    const run = kaoping(['run', 'rules/2014.json', 'missing.json'], { env: { NODE_COMPILE_CACHE: folder } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: missing.json: no such file or folder\n');
    expect(kaoping(['run', 'rules/2014.json', 'missing.json'], { env: { NODE_COMPILE_CACHE: folder } })).toEqual(run);
  });
});

describe('writing to standard output', { timeout: 60_000 }, () => {
  it.runIf(existsSync('/dev/full'))('reports a full disk in one line, with exit code 1 and no stack', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const run = spawnSync(process.execPath, [join(projectRoot, 'dist/cli.cjs'), 'schema'], { cwd: projectRoot, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toBe('error: cannot write to standard output: ENOSPC: no space left on device, write\n');
    } finally {
      closeSync(full);
    }
  });

  it('stops quietly, with exit code 1, when the reader goes away', async () => {
    const child = spawn(process.execPath, [join(projectRoot, 'dist/cli.cjs'), 'run', 'rules/2014.json', 'examples/xicheng-2014/dataset.json'], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // the reader goes away before the program writes anything
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });
});

describe('standard error', { timeout: 60_000 }, () => {
  // the command makes standard error a stream only when it writes there or when whether it is a terminal matters,
  // telling a terminal from a file's status first: a message is coloured on a terminal and on nothing else
  const missing = ['run', 'rules/2014.json', 'no-such-dataset.json'];
  const command = [process.execPath, join(projectRoot, 'dist/cli.cjs'), ...missing].map((part) => `'${part}'`).join(' ');
  const env = { ...process.env, NO_COLOR: undefined };

  it('is coloured on a terminal', () => {
    // script(1) runs the command on a pseudo-terminal and copies what it shows
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: projectRoot, encoding: 'utf8', env });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('\u001b[31merror\u001b[39m: no-such-dataset.json: no such file or folder');
  });

  it('is plain through a pipe and into a file', () => {
    const piped = spawnSync(process.execPath, [join(projectRoot, 'dist/cli.cjs'), ...missing], { cwd: projectRoot, encoding: 'utf8', env });
    expect(piped.status).toBe(2);
    expect(piped.stderr).toBe('error: no-such-dataset.json: no such file or folder\n');
    const file = join(scratch(), 'stderr.txt');
    const fd = openSync(file, 'w');
    const filed = spawnSync(process.execPath, [join(projectRoot, 'dist/cli.cjs'), ...missing], { cwd: projectRoot, stdio: ['ignore', 'ignore', fd], env });
    closeSync(fd);
    expect(filed.status).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('error: no-such-dataset.json: no such file or folder\n');
  });
});

describe.runIf(ownCache)('the rule sets the command has checked', { timeout: 60_000 }, () => {
  const kept = (folder: string) => readdirSync(folder).filter((file) => /^kaoping-\d+-[0-9a-f]+-rule-set-\d+-[0-9a-f]+\.json$/.test(file));
  const withCache = (folder: string, rules: string) => kaoping(['run', rules, 'examples/xicheng-2014/dataset.json', '--format', 'csv'], { env: { NODE_COMPILE_CACHE: folder, NODE_DISABLE_COMPILE_CACHE: '' } });
  const plain = kaoping(args, { env: { NODE_DISABLE_COMPILE_CACHE: '1' } });

  it('are kept by their text beside the compiled code, and a run on a kept one gives the same output', () => {
    const folder = scratch();
    expect(withCache(folder, 'rules/2014.json')).toEqual(plain);
    const [file] = kept(folder);
    const entry = JSON.parse(readFileSync(join(folder, file as string), 'utf8')) as { text: string; ruleSet: { id: string } };
    expect(entry.text).toBe(readFileSync(join(projectRoot, 'rules/2014.json'), 'utf8'));
    expect(entry.ruleSet.id).toBe(JSON.parse(entry.text).id);
    expect(statSync(join(folder, file as string)).mode & 0o077).toBe(0);
    expect(withCache(folder, 'rules/2014.json')).toEqual(plain);
    expect(kept(folder)).toEqual([file]);
  });

  it('are checked for every cross-reference and warned about as a rule set just parsed', () => {
    const folder = scratch();
    // a grade no rule gives: a warning on every run, the first and the ones with the kept rule set
    const rules = join(scratch(), 'rules.json');
    const text = readFileSync(join(projectRoot, 'rules/2014.json'), 'utf8').replace('"grades": [', '"grades": [\n    { "id": "spare", "label": "备用" },');
    writeFileSync(rules, text);
    const first = withCache(folder, rules);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('no rule gives the grade "spare"');
    expect(withCache(folder, rules)).toEqual(first);
    // a kept rule set whose cross-references do not hold (written over by hand) is refused as such: the kept one is
    // what the run read, and its references were checked
    const [file] = kept(folder);
    const path = join(folder, file as string);
    const entry = JSON.parse(readFileSync(path, 'utf8')) as { text: string; ruleSet: { stages: { rules: { event: { params: { grade?: string } } }[] }[] } };
    const rule = entry.ruleSet.stages.flatMap((stage) => stage.rules).find((each) => each.event.params.grade !== undefined);
    if (rule) rule.event.params.grade = 'no-such-grade';
    writeFileSync(path, JSON.stringify(entry));
    const refused = withCache(folder, rules);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no-such-grade');
  });

  it('are not taken for another text, nor from a damaged file, which is written again', () => {
    const folder = scratch();
    withCache(folder, 'rules/2014.json');
    const [file] = kept(folder);
    const path = join(folder, file as string);
    const text = readFileSync(join(projectRoot, 'rules/2014.json'), 'utf8');
    for (const damage of ['', '{"text": "another text", "ruleSet": {}}', '{"text": ', 'null', JSON.stringify({ text, ruleSet: null }), JSON.stringify({ text, ruleSet: [] })]) {
      writeFileSync(path, damage);
      expect(withCache(folder, 'rules/2014.json')).toEqual(plain);
      expect((JSON.parse(readFileSync(path, 'utf8')) as { text: string }).text).toBe(readFileSync(join(projectRoot, 'rules/2014.json'), 'utf8'));
    }
    // the same rule set written otherwise is another text, checked and kept apart
    const spaced = join(scratch(), 'rules.json');
    writeFileSync(spaced, `${readFileSync(join(projectRoot, 'rules/2014.json'), 'utf8')}\n`);
    expect(withCache(folder, spaced)).toEqual(plain);
    expect(kept(folder)).toHaveLength(2);
  });

  it('are not kept when the compiled code is not', () => {
    const folder = scratch();
    expect(kaoping(args, { env: { NODE_COMPILE_CACHE: folder, NODE_DISABLE_COMPILE_CACHE: '1' } })).toEqual(plain);
    expect(readdirSync(folder)).toEqual([]);
  });
});
