/**
 * The command writes its output to a file whole or not at all, from text or from pieces made as they are written.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/io/InputError.js';
import { _cannotWrite, _checkWritable, _checkWritableFolder, _removePendingNow, writeFileAtomic } from '../src/io/writeFileAtomic.js';
import { scratch } from './support/cli.js';

const folder = scratch;

describe('writing a file whole or not at all', () => {
  it('leaves nothing beside the target when the program is stopped while it writes', async () => {
    const folder = scratch();
    const target = join(folder, 'results.json');
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    // pieces that come slowly, as a large result's do: the program is stopped after the first is written
    async function* pieces() {
      yield '{"units": [';
      stop();
      await new Promise((resolve) => setTimeout(resolve, 50));
      yield ']}';
    }
    const writing = writeFileAtomic(target, pieces() as never).catch((error: unknown) => error);
    await stopped;
    expect(readdirSync(folder)).toHaveLength(1);
    // what a signal's handler does (see cli/main.ts): the temporary file goes at once
    _removePendingNow();
    expect(readdirSync(folder)).toEqual([]);
    await writing;
  });

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

  it('fails where the file cannot be written, saying why, and leaves nothing', async () => {
    const where = folder();
    const file = join(where, 'notes.txt');
    writeFileSync(file, 'a file');
    const refusal = async (write: Promise<void>) => {
      const error = await write.then(() => undefined, (thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).code).toBe('cannot-write');
      expect((error as Error).cause).toHaveProperty('code');
      return (error as Error).message;
    };
    expect(await refusal(writeFileAtomic(join(where, 'missing', 'out.csv'), ['a', 'b']))).toBe(
      `${join(where, 'missing', 'out.csv')}: cannot write here: the folder ${join(where, 'missing')} does not exist; create it first, or name a file in a folder that does`,
    );
    expect(await refusal(writeFileAtomic(join(file, 'out.csv'), 'x'))).toBe(`${join(file, 'out.csv')}: cannot write here: a folder in this path is a file, not a folder`);
    expect(await refusal(writeFileAtomic(where, 'x'))).toMatch(/: cannot write here: this is a folder; name a file to write/);
    expect(readdirSync(where)).toEqual(['notes.txt']);
    expect(readFileSync(file, 'utf8')).toBe('a file');
  });

  it('checks before any work that a file, or a folder of files, can be written where it is named', async () => {
    const where = folder();
    const file = join(where, 'notes.txt');
    writeFileSync(file, 'a file');
    await expect(_checkWritable(join(where, 'out.csv'))).resolves.toBeUndefined();
    // a file there already is replaced, and may be
    await expect(_checkWritable(file)).resolves.toBeUndefined();
    await expect(_checkWritable(join(where, 'missing', 'out.csv'))).rejects.toThrow(`the folder ${join(where, 'missing')} does not exist`);
    await expect(_checkWritable(where)).rejects.toThrow('this is a folder');
    await expect(_checkWritable(join(file, 'out.csv'))).rejects.toThrow(`${file} is a file, not a folder`);
    // a folder of documents is made with the folders it is in, but not in a file
    await expect(_checkWritableFolder(join(where, 'a', 'b'))).resolves.toBeUndefined();
    await expect(_checkWritableFolder(where)).resolves.toBeUndefined();
    await expect(_checkWritableFolder(file)).rejects.toThrow(`${file} is a file, not a folder`);
    await expect(_checkWritableFolder(join(file, 'a', 'b'))).rejects.toThrow(`${file} is a file, not a folder`);
    expect(readdirSync(where)).toEqual(['notes.txt']);
    // a place that cannot even be looked at: a name longer than the file system takes
    const long = join(where, `${'名'.repeat(120)}.csv`);
    await expect(_checkWritable(long)).rejects.toThrow(`${long}: cannot write here: the name is too long`);
    await expect(_checkWritableFolder(join(where, '名'.repeat(120), 'reports'))).rejects.toThrow('cannot write here: the name is too long');
    // errors of no place to write are passed on as they came
    expect(_cannotWrite('EBADF', file)).toBeUndefined();
    expect(_cannotWrite('ENOSPC', file)?.message).toBe(`${file}: cannot write here: the disk is full (nothing was written)`);
  });
});
