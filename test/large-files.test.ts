/**
 * A file whose text is longer than a string can hold (about 536 million characters), or, in an encoding other
 * than UTF-8, whose bytes are more than that, is refused as too large, with what to do where there is something
 * to do; not as text in some other encoding, and without stopping the process. A dataset's CSV table that large is
 * read from its file a piece at a time instead.
 */
import { constants } from 'node:buffer';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseRuleSet } from '../src/index.js';
import { decodeText } from '../src/io/decode.js';
import { InputError } from '../src/io/InputError.js';
import { _csvRowsOfBytes } from '../src/io/readCsv.js';
import { loadDataset, readJsonFile } from '../src/io/load.js';
import { scratch } from './support/cli.js';
import { ruleSetInput2014 } from './support/load.js';

const SIZE = constants.MAX_STRING_LENGTH + 1000;
const LIMIT = constants.MAX_STRING_LENGTH.toLocaleString('en-US');
const TOO_LARGE = `the file is too large to read (${Math.round(SIZE / 1e6)} MB): a text is read whole, and holds at most ${LIMIT} characters (in an encoding other than UTF-8, at most ${LIMIT} bytes)`;

/** What decoding the bytes throws. */
function thrown(bytes: Uint8Array, encoding?: string): InputError {
  try {
    decodeText(bytes, 'data/scores.csv', encoding);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('a CSV table too large for a string', () => {
  it('is read a piece at a time from its file, each row numbered by its line', async () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const folder = mkdtempSync(join(scratch(), 'large-'));
    const rowsOf = (unit: string) => ruleSet.indicators.map((indicator) => `${unit},${indicator.id},${indicator.points}\n`).join('');
    writeFileSync(join(folder, 'units.csv'), 'id,name,category\nU1,甲,department\nU2,乙,department\n');
    const scores = join(folder, 'scores.csv');
    // U1's rows, then lines of spaces (blank rows) past the length of a string, then U2's rows
    const blank = Buffer.alloc(8 * 2 ** 20, 0x20);
    blank[blank.length - 1] = 0x0a;
    const fd = openSync(scores, 'w');
    let lines = 1 + ruleSet.indicators.length;
    try {
      writeSync(fd, `unit,indicator,score\n${rowsOf('U1')}`);
      for (let written = 0; written <= constants.MAX_STRING_LENGTH; written += blank.length, lines++) writeSync(fd, blank);
      writeSync(fd, `${rowsOf('U2')}U2,nope,1\n`);
    } finally {
      closeSync(fd);
    }
    try {
      // U2's row of an unknown indicator, named by its line
      const last = lines + ruleSet.indicators.length + 1;
      await expect(loadDataset(folder, ruleSet)).rejects.toThrow(`${scores}: row ${last}, column "indicator": found indicator "nope"`);
      truncateSync(scores, statSync(scores).size - 'U2,nope,1\n'.length);
      const { value } = await loadDataset(folder, ruleSet);
      expect(value.scores).toHaveLength(2 * ruleSet.indicators.length);
      expect(value.scores.at(-1)).toEqual({ unit: 'U2', indicator: ruleSet.indicators.at(-1)?.id, score: ruleSet.indicators.at(-1)?.points });
    } finally {
      rmSync(folder, { recursive: true });
    }
  });
});

describe('a large CSV table that can be one text', () => {
  it('is read alike a piece at a time (UTF-8, GBK) and as one text (a quoted cell), each row numbered by its line', async () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const rowsOf = (unit: string) => ruleSet.indicators.map((indicator) => `${unit},${indicator.id},${indicator.points}\n`).join('');
    // U1's rows, then 17 MB of blank rows (lines of spaces), then U2's, the last of an unknown indicator
    const blank = Buffer.alloc(2 ** 20, 0x20);
    blank[blank.length - 1] = 0x0a;
    const lines = 1 + ruleSet.indicators.length + 17;
    const last = lines + ruleSet.indicators.length + 1;
    const tables = {
      'plain UTF-8': (tail: string) => Buffer.concat([Buffer.from(`unit,indicator,score\n${rowsOf('U1')}`), ...Array.from({ length: 17 }, () => blank), Buffer.from(`${rowsOf('U2')}${tail}`)]),
      'quoted': (tail: string) => Buffer.concat([Buffer.from(`unit,indicator,score\n${rowsOf('U1')}`), ...Array.from({ length: 17 }, () => blank), Buffer.from(`${rowsOf('"U2"')}${tail}`)]),
      GBK: (tail: string) => Buffer.concat([iconv.encode(`单位,指标,得分\n${rowsOf('U1')}`, 'gbk'), ...Array.from({ length: 17 }, () => blank), Buffer.from(`${rowsOf('U2')}${tail}`)]),
    };
    for (const [form, bytesOf] of Object.entries(tables)) {
      const folder = mkdtempSync(join(scratch(), 'pieces-'));
      try {
        writeFileSync(join(folder, 'units.csv'), 'id,name,category\nU1,甲,department\nU2,乙,department\n');
        const scores = join(folder, 'scores.csv');
        writeFileSync(scores, bytesOf('U2,nope,1\n'));
        expect(statSync(scores).size, form).toBeGreaterThan(16 * 2 ** 20);
        await expect(loadDataset(folder, ruleSet), form).rejects.toThrow(`${scores}: row ${last}, column "${form === 'GBK' ? '指标' : 'indicator'}": found indicator "nope"`);
        writeFileSync(scores, bytesOf(''));
        const { value } = await loadDataset(folder, ruleSet);
        expect(value.scores, form).toHaveLength(2 * ruleSet.indicators.length);
        expect(value.scores.at(-1), form).toEqual({ unit: 'U2', indicator: ruleSet.indicators.at(-1)?.id, score: ruleSet.indicators.at(-1)?.points });
      } finally {
        rmSync(folder, { recursive: true });
      }
    }
  });
});

describe('a large CSV table saved again while a dataset loads', () => {
  it('is read as it is when its turn comes, longer or shorter than when the folder was listed', async () => {
    const ruleSet = parseRuleSet(ruleSetInput2014());
    const rowsOf = (unit: string, score?: string) => ruleSet.indicators.map((indicator) => `${unit},${indicator.id},${score ?? indicator.points}\n`).join('');
    const blank = Buffer.alloc(17 * 2 ** 20, 0x20);
    blank[blank.length - 1] = 0x0a;
    const folder = mkdtempSync(join(scratch(), 'saved-again-'));
    try {
      writeFileSync(join(folder, 'units.csv'), 'id,name,category\nU1,甲,department\nU2,乙,department\n');
      const scores = join(folder, 'scores.csv');
      const first = Buffer.concat([Buffer.from(`unit,indicator,score\n${rowsOf('U1')}`), blank, Buffer.from(rowsOf('U2', '1'))]);
      // saved again while the units are read: U2's scores are now the points, a few bytes more; then without the blank lines
      const longer = Buffer.concat([Buffer.from(`unit,indicator,score\n${rowsOf('U1')}`), blank, Buffer.from(rowsOf('U2'))]);
      const shorter = Buffer.from(`unit,indicator,score\n${rowsOf('U1')}${rowsOf('U2')}`);
      for (const again of [longer, shorter]) {
        writeFileSync(scores, first);
        let saved = false;
        const { value } = await loadDataset(folder, ruleSet, {
          onProgress: (progress) => {
            if (!saved && progress.stage.endsWith('units.csv')) {
              saved = true;
              writeFileSync(scores, again);
            }
          },
        });
        expect(saved).toBe(true);
        expect(value.scores.map((row) => row.score)).toEqual([...ruleSet.indicators, ...ruleSet.indicators].map((indicator) => indicator.points));
      }
    } finally {
      rmSync(folder, { recursive: true });
    }
  });
});

describe('a CSV table too large for a string, with no line feed', () => {
  it('is refused as too large: a line longer than a string cannot be read', () => {
    // one line, or lines ended by carriage returns alone
    const bytes = Buffer.alloc(SIZE, 0x61);
    for (let i = 100; i < SIZE; i += 100) bytes[i] = 0x0d;
    // (pieces of 300 MB: the second try, twice as long, would be longer than a string)
    expect(() => _csvRowsOfBytes(bytes, 'data/scores.csv', undefined, 300 * 2 ** 20)).toThrow(
      /^data\/scores\.csv: the file is too large to read as one text \(\d+ MB; a text holds at most [\d,]+ characters\), and it has a line longer than a string can hold/,
    );
  });
});

describe('files too large for a string', () => {
  it('are refused as too large, in UTF-8, GBK, UTF-16 and any encoding given', () => {
    const bytes = Buffer.alloc(SIZE, 0x61);
    for (const encoding of [undefined, 'utf-8']) expect([thrown(bytes, encoding).code, thrown(bytes, encoding).message]).toEqual(['too-large', `data/scores.csv: ${TOO_LARGE}`]);
    // GBK, as Excel saves CSV on Chinese Windows: 啊 is B0 A1, which is not UTF-8
    for (let i = 0; i < 1000; i += 10) bytes.set([0xb0, 0xa1], i);
    for (const encoding of [undefined, 'gbk', 'gb18030', 'big5', 'latin1', 'windows-1252']) expect(thrown(bytes, encoding).message).toBe(`data/scores.csv: ${TOO_LARGE}`);
    bytes.set([0xff, 0xfe], 0);
    expect(thrown(bytes).message).toBe(`data/scores.csv: ${TOO_LARGE}`);
  });

  it('in JSON, are refused as too large, with what to do for a dataset and for last year’s results', async () => {
    const file = join(scratch(), 'dataset.json');
    writeFileSync(file, Buffer.alloc(SIZE, 0x20));
    try {
      await expect(readJsonFile(file)).rejects.toThrow(`${file}: ${TOO_LARGE}`);
      const ruleSet = parseRuleSet(ruleSetInput2014());
      await expect(loadDataset(file, ruleSet)).rejects.toThrow(`${file}: ${TOO_LARGE}; give a large dataset as a folder of CSV files, which are read a table at a time`);
      await expect(loadDataset('examples/xicheng-2014/dataset.json', ruleSet, { prior: file })).rejects.toThrow(
        `${file}: ${TOO_LARGE}; give last year's results as a prior-year table in a CSV file (unit, composite, grade)`,
      );
    } finally {
      rmSync(file);
    }
  });
});
