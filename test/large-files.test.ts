/**
 * A file whose text is longer than a string can hold (about 536 million characters) is refused as too large,
 * with what to do, not as text in some other encoding.
 */
import { constants } from 'node:buffer';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../src/io/decode.js';
import { InputError } from '../src/io/InputError.js';
import { readJsonFile } from '../src/io/load.js';
import { scratch } from './support/cli.js';

const TOO_LONG = constants.MAX_STRING_LENGTH + 1000;

describe('files too large for a string', () => {
  it('are refused as too large, whether the encoding is found or given', () => {
    const bytes = Buffer.alloc(TOO_LONG, 0x61);
    for (const encoding of [undefined, 'utf-8']) {
      let thrown: unknown;
      try {
        decodeText(bytes, 'data/scores.csv', encoding);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as InputError).code).toBe('too-large');
      expect((thrown as InputError).message).toBe(
        `data/scores.csv: the file is too large to read: its text (${Math.round(TOO_LONG / 1e6)} MB) is longer than the ${constants.MAX_STRING_LENGTH.toLocaleString('en-US')} characters a string can hold; a table this large cannot be read`,
      );
    }
  });

  it('in JSON, are refused as too large, not as text in another encoding', async () => {
    const file = join(scratch(), 'dataset.json');
    writeFileSync(file, Buffer.alloc(TOO_LONG, 0x20));
    try {
      await expect(readJsonFile(file)).rejects.toThrow(/the file is too large to read: .*; give a large dataset as a folder of CSV files, which are read a table at a time$/);
    } finally {
      rmSync(file);
    }
  });
});
