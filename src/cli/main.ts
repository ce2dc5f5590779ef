/** The `kaoping` command: run by the launcher (`bin.ts`), which caches its compiled code. */
import { fstatSync } from 'node:fs';
import { _removePendingNow } from '../io/writeFileAtomic.js';
import { _checkedRuleSetsIn } from './checkedRuleSets.js';
import { runCli } from './cli.js';

// a failed write to standard output is reported when the stream says so, after the write itself returned: a full
// disk in one line, a reader that went away (`kaoping … | head`) silently, both with exit code 1, never a stack
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') process.stderr.write(`error: cannot write to standard output: ${error.message}\n`);
  process.exit(1);
});

// stopped by Ctrl-C, a closed terminal or `kill`: the file being written to --out is left out, its temporary file
// removed, with the exit code a shell gives a program the signal ended
for (const [signal, code] of [['SIGINT', 130], ['SIGHUP', 129], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    _removePendingNow();
    process.exit(code);
  });
}

// standard error as a stream is made when something is written to it, or when whether it is a terminal matters and
// it may be one: Node makes a socket for a pipe (6–8 ms of a short run) and loads its terminal module to tell (5
// ms), and a run that goes well writes nothing there but progress on a terminal. Only a character device can be a
// terminal, which the file's status tells without either
let stderrTTY: boolean | undefined;
const stderr = {
  get isTTY(): boolean {
    return (stderrTTY ??= _characterDevice(2) && process.stderr.isTTY === true);
  },
  write: (text: string): boolean => process.stderr.write(text),
};

// the launcher's cache folder and the name of this build, where it keeps compiled code (see bin.ts)
const cache = (globalThis as Record<symbol, { folder: string; program: string } | undefined>)[Symbol.for('kaoping.cache')];
const checkedRuleSets = cache && _checkedRuleSetsIn(cache.folder, cache.program);

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr, env: process.env, checkedRuleSets }).then((code) => {
  process.exitCode = code;
});

/** Whether a file descriptor is open on a character device (a terminal, or /dev/null). */
function _characterDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}
