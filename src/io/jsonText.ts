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
  const stack: _Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const frame = stack.at(-1);
    if (c === '{' || c === '[') {
      stack.push({ object: c === '{', keys: new Set(), expectKey: c === '{' });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      if (frame?.object) frame.expectKey = true;
    } else if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (frame?.object && frame.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (frame.keys.has(key)) return { position: i, message: `the key ${JSON.stringify(key)} appears twice in one object; JSON keeps only the last, so remove one` };
        frame.keys.add(key);
        frame.expectKey = false;
      }
      i = end;
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      let end = i + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end] as string)) end += 1;
      const token = text.slice(i, end);
      if (/[eE]/.test(token)) {
        const plain = String(Number(token));
        const hint = /^-?[0-9]+(\.[0-9]+)?$/.test(plain) ? `, preferably as a string ("${plain}")` : '';
        return { position: i, message: `the number ${token} is in exponent notation; write it as a plain decimal${hint}` };
      }
      const digits = token.replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
      if (digits.length > 15) return { position: i, message: `the number ${token} has more digits than a JSON number keeps exactly; write it as a string ("${token}")` };
      i = end - 1;
    }
  }
  return null;
}
