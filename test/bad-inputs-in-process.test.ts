/**
 * The bad-input corpus run in process: each case through `runCli` from the sources, with standard output and
 * error captured. The same checks as bad-inputs.test.ts (exit 2, nothing on standard output, the file and the
 * place named with the expected message, no output file), without a process per case: fast enough to sit in
 * the mutation run of the schema modules, and a check that the sources and the build agree.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { runCli } from '../src/cli/cli.js';
import { cases, expectMessage, resolver } from './support/badInputs.js';

describe('every bad input, in process: exit 2, the file and the place named, nothing written', () => {
  it.for(cases)('$name', async (badInput, { expect }) => {
    const resolve = resolver(badInput.name);
    const outFolder = mkdtempSync(join(tmpdir(), 'kaoping-bad-input-'));
    try {
      const out = join(outFolder, 'result.json');
      let stdout = '';
      let stderr = '';
      const code = await runCli([...badInput.args.map(resolve), '--out', out], {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
        env: { NO_COLOR: '1' },
      });
      const context = `${badInput.name}\n--- stderr ---\n${stderr}`;
      expect(code, context).toBe(2);
      expect(stdout, context).toBe('');
      expect(stderr, context).not.toMatch(/^\s+at /m);
      expect(stderr, context).not.toContain('internal error');
      expectMessage(expect, badInput, stderr, context);
      expect(existsSync(out), context).toBe(false);
      expect(readdirSync(outFolder), context).toEqual([]);
    } finally {
      rmSync(outFolder, { recursive: true, force: true });
    }
  });
});
