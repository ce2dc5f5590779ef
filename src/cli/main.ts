/** The `kaoping` command: run by the launcher (`bin.ts`), which caches its compiled code. */
import { _removePendingNow } from '../io/writeFileAtomic.js';
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

void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
});
