import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const projectRoot = new URL('../../', import.meta.url).pathname;

/** What a run of the built CLI did. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `kaoping` command (dist/cli.cjs) from the project root, as a user would. */
export function kaoping(args: readonly string[], options: { env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [join(projectRoot, 'dist/cli.cjs'), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The temporary folders {@link scratch} made in this test file, removed after its last test (see setup.ts). */
const made: string[] = [];

/** A fresh temporary folder, removed with everything in it once the test file's tests have run. */
export function scratch(): string {
  const folder = mkdtempSync(join(tmpdir(), 'kaoping-test-'));
  made.push(folder);
  return folder;
}

/** Removes every folder {@link scratch} made, and forgets them. */
export function removeScratch(): void {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** A copy of one of the example's dataset forms in a fresh temporary folder, to break. */
export function copyExample(form: 'csv' | 'csv-gbk' | 'dataset.json' | 'xicheng-2014.xlsx'): string {
  const target = join(scratch(), form);
  cpSync(join(projectRoot, 'examples/xicheng-2014', form), target, { recursive: true });
  return target;
}
