#!/usr/bin/env node
/**
 * The `kaoping` command's launcher. The program itself (`cli-program.cjs`, one minified file with its
 * dependencies) takes V8 longer to compile than a short run takes to appraise, so its compiled code is cached
 * between runs: by Node itself where Node can (`module.enableCompileCache`, Node 22.1 and later), otherwise here,
 * with V8's code cache (Node 20.15 and later). Node's settings apply to both: `NODE_COMPILE_CACHE` names the folder, and
 * `NODE_DISABLE_COMPILE_CACHE=1` turns caching off. A cache that does not fit (another Node, another build,
 * a damaged file) is ignored and written again; a cache that cannot be written is done without.
 */
import { isAscii } from 'node:buffer';
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import * as zlib from 'node:zlib';

// built as CommonJS (`dist/cli.cjs`), which Node loads a few milliseconds sooner than an ES module
const program = join(__dirname, 'cli-program.cjs');
const require = createRequire(program);
const env = process.env;
// zlib.crc32 is in Node 20.15 and later; without it the program runs uncached
const crc32 = (zlib as { crc32?: (data: string | Uint8Array) => number }).crc32;

// KAOPING_DEBUG: stacks name the sources through the map beside the program, which Node reads when it loads it
if (env['KAOPING_DEBUG']) process.setSourceMapsEnabled(true);

const nodeCache = (module as { enableCompileCache?: (directory?: string) => unknown }).enableCompileCache;
if (env['KAOPING_DEBUG'] || env['NODE_DISABLE_COMPILE_CACHE'] || nodeCache || !crc32) {
  nodeCache?.();
  require(program);
} else {
  _runCached(program, crc32);
}

/** Compiles the program with V8's code cache from the cache folder, runs it, and leaves a cache for the next run. */
function _runCached(file: string, checksum: (data: string | Uint8Array) => number): void {
  // V8 lets go of the bytecode of functions that have not run for a while: in a long run (a large population) that
  // is most of the start-up code, and a cache written at the end of such a run held a third less, which cost every
  // later run 20 ms. Kept, the cache holds every function the run compiled, however long it ran; the flag is set
  // for every run that reads or writes a cache, as V8 takes a cache only with the flags it was made with.
  setFlagsFromString('--no-flush-bytecode');
  // read as bytes, which the checksum reads as they are (a text it would first copy into UTF-8 again); the program
  // is built in ASCII, whose bytes are their own text of one byte a character
  const bytes = readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const sum = checksum(bytes);
  const cacheFile = _cacheFile(source, sum);
  const cachedData = cacheFile === undefined ? undefined : _read(cacheFile, checksum);
  const script = new Script(module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    // written at exit, so that it holds the functions this run compiled, not only the top level
    process.once('exit', () => _write(cacheFile, script.createCachedData(), checksum));
  }
  // the program keeps the rule sets it has checked in the same folder, under the same name of its build
  if (cacheFile !== undefined) Object.defineProperty(globalThis, Symbol.for('kaoping.cache'), { value: { folder: dirname(cacheFile), program: `${source.length}-${sum.toString(16)}` } });
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  const programModule = { exports: {} };
  wrapper.call(programModule.exports, programModule.exports, require, programModule, file, dirname(file));
}

/**
 * The cache file for this program under this Node, or undefined where none can be used safely: the folder must
 * be a folder of the user's own (not a link to one) that no one else can write to, since whoever can write a
 * code cache decides what runs. V8 checks its own version and flags but of the source only its length, so the
 * name carries a checksum of the program's bytes (`sum`).
 */
function _cacheFile(source: string, sum: number): string | undefined {
  try {
    const folder = env['NODE_COMPILE_CACHE'] || join(tmpdir(), 'node-compile-cache');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const owner = lstatSync(folder);
    if (!owner.isDirectory()) return undefined;
    if (process.getuid !== undefined && (owner.uid !== process.getuid() || (owner.mode & 0o022) !== 0)) return undefined;
    return join(folder, `kaoping-${process.version}-${process.arch}-${source.length}-${sum.toString(16)}-${_runKind(process.argv.slice(2))}.bin`);
  } catch {
    return undefined;
  }
}

/**
 * What kind of run this is, for the cache's name: the command, and the output format where one is given. A cache
 * holds the code the run that wrote it compiled, which is what that run called: one cache for every run would
 * hold whatever the first run after an install happened to need (`kaoping schema` compiles little of what
 * `kaoping run` needs, and every later run would compile the rest anew).
 */
function _runKind(args: readonly string[]): string {
  // only the commands and formats there are: a mistyped one makes no cache of its own (the lists are here, not
  // beside the function, since it runs while the launcher's top level is still running)
  const commands: readonly string[] = ['run', 'validate', 'explain', 'report', 'diff', 'schema'];
  const formats: readonly string[] = ['json', 'csv', 'md', 'html', 'text'];
  const command = commands.includes(args[0] ?? '') ? (args[0] as string) : 'other';
  const flag = args.findIndex((arg) => arg === '--format' || arg === '-f');
  const format = args.find((arg) => arg.startsWith('--format='))?.slice('--format='.length) ?? (flag >= 0 ? args[flag + 1] : undefined);
  return format !== undefined && formats.includes(format) ? `${command}-${format}` : command;
}

/**
 * A cache file's code, or undefined when there is none or it is damaged: V8 checks a cache's header but not, in
 * Node's builds, the code itself, so each file starts with a CRC-32 of what follows.
 */
function _read(cacheFile: string, checksum: (data: Uint8Array) => number): Buffer | undefined {
  try {
    const bytes = readFileSync(cacheFile);
    const data = bytes.subarray(4);
    return bytes.length > 4 && bytes.readUInt32BE(0) === checksum(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache, its checksum first, whole or not at all; a failure only means the next run compiles again. */
function _write(cacheFile: string, data: Buffer, checksum: (data: Uint8Array) => number): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(checksum(data));
    writeFileSync(temporary, Buffer.concat([header, data]), { mode: 0o600 });
    renameSync(temporary, cacheFile);
  } catch {
    rmSync(temporary, { force: true });
  }
}
