/**
 * The command writes a CSV file as pieces of UTF-8 bytes, each row encoded into the piece as it is made: the pieces
 * must be the text's bytes, in order, whatever the texts hold and however small a piece is.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { _utf8Pieces } from '../../src/cli/cli.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 100);

/** Texts of one to four UTF-8 bytes a character, empty ones among them. */
const texts = fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('a', '街', '道', 'é', '😀', ',', '\r\n') })), { maxLength: 40 });

describe('CSV rows encoded as they come', () => {
  it('are the bytes of the text joined, in pieces no larger than asked unless one text is, and none empty', () => {
    fc.assert(
      fc.property(texts, fc.integer({ min: 1, max: 64 }), (list, size) => {
        const pieces = [..._utf8Pieces(list, size)];
        const joined = new Uint8Array(pieces.reduce((total, piece) => total + piece.length, 0));
        let at = 0;
        for (const piece of pieces) {
          joined.set(piece, at);
          at += piece.length;
        }
        expect(Buffer.from(joined).toString('utf8')).toBe(list.join(''));
        expect(Array.from(joined)).toEqual(Array.from(new TextEncoder().encode(list.join(''))));
        const longest = Math.max(0, ...list.map((text) => text.length * 3));
        for (const piece of pieces) {
          expect(piece.length).toBeGreaterThan(0);
          expect(piece.length).toBeLessThanOrEqual(Math.max(size, longest));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gives each piece memory of its own, which later pieces do not write over', () => {
    const pieces = [..._utf8Pieces(['街道,', 'abc', '😀', 'x'.repeat(10), '终'], 6)];
    const copies = pieces.map((piece) => Buffer.from(piece).toString('utf8'));
    expect(copies.join('')).toBe(`街道,abc😀${'x'.repeat(10)}终`);
    expect(new Set(pieces.map((piece) => piece.buffer)).size).toBe(pieces.length);
  });
});
