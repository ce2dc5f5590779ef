/**
 * The interner that keeps equal texts once gives every text back as it was: scores with two places, found by their
 * digits, and any other text, found in a map, however many there are.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BytesByNumber, TextsByNumber } from '../src/numbered.js';
import { textInterner } from '../src/texts.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40) * 25;

// decimals near and past the edges of the texts found by their digits, leading zeros, signs and other characters
const text = fc.oneof(
  fc.stringMatching(/^-?[0-9]{0,4}\.?[0-9]{0,3}$/),
  fc.constantFrom('0.00', '00.00', '01.00', '1.00', '10.00', '010.00', '100.00', '999.99', '1000.00', '0.0', '.00', '1.0a', '１.00', '9/.00', '9:.00'),
  fc.string({ maxLength: 7 }),
);

describe('the text interner', () => {
  it('gives every text back as it was, whatever came before it', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), (texts) => {
        const intern = textInterner();
        for (const value of [...texts, ...texts.reverse()]) expect(intern(value)).toBe(value);
      }),
      { numRuns: RUNS },
    );
  });

  it('passes anything but a string as it is, and texts past the last it keeps', () => {
    const intern = textInterner();
    const object = {};
    expect(intern(object)).toBe(object);
    expect(intern(12)).toBe(12);
    expect(intern(undefined)).toBeUndefined();
    for (let i = 0; i < 70_000; i++) expect(intern(`单位${i}`)).toBe(`单位${i}`);
    for (let i = 0; i < 100_000; i += 7) expect(intern((i / 100).toFixed(2))).toBe((i / 100).toFixed(2));
    expect(intern('单位69999')).toBe('单位69999');
  });

  it('takes a text\'s value in hundredths from the caller, as it would work it out', () => {
    const intern = textInterner();
    expect(intern('12.34', 1234)).toBe('12.34');
    expect(intern('12.34')).toBe('12.34');
    expect(intern('0.05', 5)).toBe('0.05');
  });
});

describe('tables by number, in pages made as they are written to', () => {
  it('give back what was set for each number, and nothing for a number never set, as a map does', () => {
    const key = fc.oneof(fc.integer({ min: 0, max: 2 * 100_000 }), fc.constantFrom(0, 1023, 1024, 2047, 2048, 99_999, 100_000, 199_999));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 1, max: 255 })), { maxLength: 60 }), fc.array(key, { maxLength: 20 }), (writes, reads) => {
        const texts = new TextsByNumber();
        const bytes = new BytesByNumber();
        const expected = new Map<number, number>();
        for (const [at, value] of writes) {
          expect(texts.set(at, `t${value}`)).toBe(`t${value}`);
          bytes.set(at, value);
          expected.set(at, value);
        }
        for (const at of [...reads, ...writes.map(([written]) => written)]) {
          const value = expected.get(at);
          expect(texts.get(at)).toBe(value === undefined ? undefined : `t${value}`);
          expect(bytes.get(at)).toBe(value ?? 0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
