/**
 * The command writes its output to a file whole or not at all, from text or from pieces made as they are written.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/io/writeFileAtomic.js';
import { scratch } from './support/cli.js';

const folder = scratch;

describe('writing a file whole or not at all', () => {
  it('writes text, bytes, and pieces, replacing what was there', async () => {
    const where = folder();
    const file = join(where, 'out.csv');
    writeFileSync(file, 'old content that is longer than the new');
    await writeFileAtomic(file, '考评,1\n');
    expect(readFileSync(file, 'utf8')).toBe('考评,1\n');
    await writeFileAtomic(file, new TextEncoder().encode('bytes'));
    expect(readFileSync(file, 'utf8')).toBe('bytes');
    // many pieces, more than a stream holds at once, some of them large, with text in and beyond the BMP
    const pieces = Array.from({ length: 300 }, (_, k) => `${k},单位${k},𠀋${'x'.repeat(k % 7 === 0 ? 70_000 : k)}\n`);
    await writeFileAtomic(file, pieces);
    expect(readFileSync(file, 'utf8')).toBe(pieces.join(''));
    await writeFileAtomic(file, []);
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(readdirSync(where)).toEqual(['out.csv']);
  });

  it('leaves the file as it was, and nothing beside it, when a piece cannot be made', async () => {
    const where = folder();
    const file = join(where, 'out.csv');
    writeFileSync(file, 'before');
    function* pieces() {
      for (let k = 0; k < 200; k++) yield `${'row,'.repeat(5000)}\n`;
      throw new Error('a piece that cannot be made');
    }
    await expect(writeFileAtomic(file, pieces())).rejects.toThrow('a piece that cannot be made');
    expect(readFileSync(file, 'utf8')).toBe('before');
    expect(readdirSync(where)).toEqual(['out.csv']);
    // and with no file there before, none after
    await expect(writeFileAtomic(join(where, 'new.csv'), pieces())).rejects.toThrow('a piece that cannot be made');
    expect(readdirSync(where)).toEqual(['out.csv']);
  });

  it('fails on a folder that is not there, leaving nothing', async () => {
    const where = folder();
    await expect(writeFileAtomic(join(where, 'missing', 'out.csv'), ['a', 'b'])).rejects.toThrow(/ENOENT/);
    expect(readdirSync(where)).toEqual([]);
  });
});
