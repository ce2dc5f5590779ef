/**
 * `findSilentChanges` scans JSON text by character codes for speed. These properties hold it to a plain
 * statement of the same rules, on arbitrary JSON and on objects written with repeated keys.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSilentChanges } from '../src/io/jsonText.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40) * 25;

/** The rules stated plainly: walk the parsed structure's text token by token with regular expressions. */
function reference(text: string): { position: number; message: string } | null {
  const stack: { object: boolean; keys: Set<string>; expectKey: boolean }[] = [];
  const token = /"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|-|[{}[\],]/g;
  for (let match = token.exec(text); match; match = token.exec(text)) {
    const [t] = match;
    const frame = stack.at(-1);
    if (t === '{' || t === '[') stack.push({ object: t === '{', keys: new Set(), expectKey: t === '{' });
    else if (t === '}' || t === ']') stack.pop();
    else if (t === ',') {
      if (frame?.object) frame.expectKey = true;
    } else if (t.startsWith('"')) {
      if (frame?.object && frame.expectKey) {
        const key = JSON.parse(t) as string;
        if (frame.keys.has(key)) return { position: match.index, message: `the key ${JSON.stringify(key)} appears twice in one object; JSON keeps only the last, so remove one` };
        frame.keys.add(key);
        frame.expectKey = false;
      }
    } else {
      if (/[eE]/.test(t)) {
        const plain = String(Number(t));
        const hint = /^-?[0-9]+(\.[0-9]+)?$/.test(plain) ? `, preferably as a string ("${plain}")` : '';
        return { position: match.index, message: `the number ${t} is in exponent notation; write it as a plain decimal${hint}` };
      }
      const digits = t.replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
      if (digits.length > 15) return { position: match.index, message: `the number ${t} has more digits than a JSON number keeps exactly; write it as a string ("${t}")` };
    }
  }
  return null;
}

const key = fc.constantFrom('a', 'b', 'score', '分数', 'a\\"b', 'a\\\\', '\\u0061', 'x y');
const number = fc.oneof(
  fc.constantFrom('0', '-0', '0.5', '100', '1200', '0.000123', '1e5', '-2.5E-3', '1234567890123456', '123456789012345', '12345678901234500', '0.1234567890123456', '1000000000000000000'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
);
const space = fc.constantFrom('', ' ', '\n', '\r\n  ', '\t');
const text: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    number,
    fc.constantFrom('true', 'false', 'null', '"text"', '"with \\" quote"', '"{[,]}"'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(space, key, space, tie('value')), { maxLength: 4 }).map((pairs) => `{${pairs.map(([s1, k, s2, v]) => `${s1}"${k}"${s2}:${v}`).join(',')}}`),
  ),
})).value;

describe('findSilentChanges', () => {
  it('agrees with the rules stated plainly, on JSON with repeated keys, long and exponent numbers', () => {
    fc.assert(
      fc.property(text, (json) => {
        JSON.parse(json);
        expect(findSilentChanges(json)).toEqual(reference(json));
      }),
      { numRuns: RUNS },
    );
  });

  it('agrees on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.json(), (json) => {
        expect(findSilentChanges(json)).toEqual(reference(json));
      }),
      { numRuns: RUNS },
    );
  });

  it('names each problem and its place', () => {
    expect(findSilentChanges('{"a": 1, "a": 2}')).toEqual({ position: 9, message: 'the key "a" appears twice in one object; JSON keeps only the last, so remove one' });
    expect(findSilentChanges('{"a\\u0062": 1, "ab": 2}')).toEqual({ position: 15, message: 'the key "ab" appears twice in one object; JSON keeps only the last, so remove one' });
    expect(findSilentChanges('[{"a": 1}, {"a": 2}]')).toBeNull();
    expect(findSilentChanges('{"x": [1.5e2]}')).toEqual({ position: 7, message: 'the number 1.5e2 is in exponent notation; write it as a plain decimal, preferably as a string ("150")' });
    expect(findSilentChanges('[12345678901234567]')).toEqual({ position: 1, message: 'the number 12345678901234567 has more digits than a JSON number keeps exactly; write it as a string ("12345678901234567")' });
    expect(findSilentChanges('[-0.000123456789012345, 100000000000000000000]')).toBeNull();
    expect(findSilentChanges('[1234567890123456]')).not.toBeNull();
  });
});
