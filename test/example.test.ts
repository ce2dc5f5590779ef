import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readText } from './support/load.js';

describe('npm run example', () => {
  it('prints lines 14 and 17 of the notice exactly, from the built package', () => {
    // `npm test` builds first; the example imports `kaoping` like any user would
    const output = execFileSync(process.execPath, ['examples/xicheng-2014/run.mjs'], {
      cwd: new URL('../', import.meta.url),
      encoding: 'utf8',
    });
    const notice = readText('test/fixtures/xicheng-2014-notice.txt').split('\n');
    const lines = output.split('\n');
    expect(lines).toContain(notice[13]);
    expect(lines).toContain(notice[16]);
    expect(lines).toContain(notice[18]);
    expect(lines).toContain(notice[20]);
  });
});
