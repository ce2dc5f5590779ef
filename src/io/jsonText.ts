/** A problem in JSON text that JSON.parse lets through, with where it is. */
export interface JsonTextProblem {
  readonly position: number;
  readonly message: string;
}

interface _Frame {
  readonly object: boolean;
  readonly keys: Set<string>;
  /** Inside an object: whether the next string is a key. */
  expectKey: boolean;
}

/**
 * Finds what `JSON.parse` accepts but silently changes: a number it has to round (more than 15 significant
 * digits), a number in exponent notation (kaoping's decimals are written plainly), and a key repeated in one
 * object (JSON.parse keeps the last, so a score typed twice would lose one without a word). It runs over
 * text JSON.parse has already accepted, so it only has to tell brackets, strings and numbers apart.
 *
 * @param text - valid JSON text
 * @returns the first problem found, or null
 */
export function findSilentChanges(text: string): JsonTextProblem | null {
  // character codes, not one-character strings, and keys sliced rather than parsed unless they hold an escape:
  // this runs over every byte of a dataset that may be hundreds of megabytes
  const stack: _Frame[] = [];
  let frame: _Frame | undefined;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === _OPEN_BRACE || c === _OPEN_BRACKET) {
      frame = { object: c === _OPEN_BRACE, keys: new Set(), expectKey: c === _OPEN_BRACE };
      stack.push(frame);
    } else if (c === _CLOSE_BRACE || c === _CLOSE_BRACKET) {
      stack.pop();
      frame = stack[stack.length - 1];
    } else if (c === _COMMA) {
      if (frame?.object) frame.expectKey = true;
    } else if (c === _QUOTE) {
      let end = i + 1;
      let escaped = false;
      while (end < length) {
        const d = text.charCodeAt(end);
        if (d === _QUOTE) break;
        if (d === _BACKSLASH) {
          escaped = true;
          end += 2;
        } else end += 1;
      }
      if (frame?.object && frame.expectKey) {
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        if (frame.keys.has(key)) return { position: i, message: `the key ${JSON.stringify(key)} appears twice in one object; JSON keeps only the last, so remove one` };
        frame.keys.add(key);
        frame.expectKey = false;
      }
      i = end;
    } else if (c === _MINUS || (c >= _ZERO && c <= _NINE)) {
      // significant digits: from the first non-zero digit to the last, the point not counted
      let end = i;
      let exponent = false;
      let counted = 0;
      let significant = 0;
      for (; end < length; end++) {
        const d = text.charCodeAt(end);
        if (d >= _ZERO && d <= _NINE) {
          if (counted > 0 || d !== _ZERO) counted += 1;
          if (d !== _ZERO) significant = counted;
        } else if (d === _E || d === _LOWER_E) exponent = true;
        else if (d !== _DOT && d !== _PLUS && d !== _MINUS) break;
      }
      const token = text.slice(i, end);
      if (exponent) {
        const plain = String(Number(token));
        const hint = /^-?[0-9]+(\.[0-9]+)?$/.test(plain) ? `, preferably as a string ("${plain}")` : '';
        return { position: i, message: `the number ${token} is in exponent notation; write it as a plain decimal${hint}` };
      }
      if (significant > 15) return { position: i, message: `the number ${token} has more digits than a JSON number keeps exactly; write it as a string ("${token}")` };
      i = end - 1;
    }
  }
  return null;
}

const _OPEN_BRACE = 0x7b;
const _CLOSE_BRACE = 0x7d;
const _OPEN_BRACKET = 0x5b;
const _CLOSE_BRACKET = 0x5d;
const _COMMA = 0x2c;
const _QUOTE = 0x22;
const _BACKSLASH = 0x5c;
const _MINUS = 0x2d;
const _PLUS = 0x2b;
const _DOT = 0x2e;
const _ZERO = 0x30;
const _NINE = 0x39;
const _E = 0x45;
const _LOWER_E = 0x65;
