#!/usr/bin/env node
/**
 * The `kaoping` command's launcher. The program itself (`cli-program.cjs`, one minified file with its
 * dependencies) takes V8 longer to compile than a short run takes to appraise, so its compiled code is cached
 * between runs: by Node itself where Node can (`module.enableCompileCache`, Node 22.1 and later), otherwise here,
 * with V8's code cache. Node's settings apply to both: `NODE_COMPILE_CACHE` names the folder, and
 * `NODE_DISABLE_COMPILE_CACHE=1` turns caching off. A cache that does not fit (another Node, another build,
 * a damaged file) is ignored and written again; a cache that cannot be written is done without.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const program = fileURLToPath(new URL('./cli-program.cjs', import.meta.url));
const require = createRequire(program);
const env = process.env;

// KAOPING_DEBUG: stacks name the sources through the map beside the program, which Node reads when it loads it
if (env['KAOPING_DEBUG']) process.setSourceMapsEnabled(true);

const nodeCache = (module as { enableCompileCache?: (directory?: string) => unknown }).enableCompileCache;
if (env['KAOPING_DEBUG'] || env['NODE_DISABLE_COMPILE_CACHE'] || nodeCache) {
  nodeCache?.();
  require(program);
} else {
  _runCached(program);
}

/** Compiles the program with V8's code cache from the cache folder, runs it, and leaves a cache for the next run. */
function _runCached(file: string): void {
  const source = readFileSync(file, 'utf8');
  const cacheFile = _cacheFile(file);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile !== undefined) cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  const script = new Script(module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    // written at exit, so that it holds the functions this run compiled, not only the top level
    process.once('exit', () => _write(cacheFile, script.createCachedData()));
  }
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  const programModule = { exports: {} };
  wrapper.call(programModule.exports, programModule.exports, require, programModule, file, dirname(file));
}

/**
 * The cache file for this program under this Node, or undefined where none can be used safely: the folder must
 * be the user's own and writable by no one else, since whoever can write a code cache decides what runs.
 * V8 checks its own version and flags, and the source's length; the file's size and time tell builds apart.
 */
function _cacheFile(file: string): string | undefined {
  try {
    const folder = env['NODE_COMPILE_CACHE'] || join(tmpdir(), 'node-compile-cache');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const owner = statSync(folder);
    if (process.getuid !== undefined && (owner.uid !== process.getuid() || (owner.mode & 0o022) !== 0)) return undefined;
    const built = statSync(file);
    return join(folder, `kaoping-${process.version}-${process.arch}-${built.size}-${Math.trunc(built.mtimeMs)}.bin`);
  } catch {
    return undefined;
  }
}

/** Writes the cache whole or not at all; a failure only means the next run compiles again. */
function _write(cacheFile: string, data: Buffer): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, cacheFile);
  } catch {
    rmSync(temporary, { force: true });
  }
}
