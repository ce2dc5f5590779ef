/**
 * Tables by a whole number from 0 (a value in hundredths, say) kept in pages of 1,024 entries, each made as it is
 * first written to. A table of a hundred thousand entries made whole is 100–800 KB of memory the program has not
 * used before, which costs more to make than the work it was made for where only a few hundred numbers are ever met
 * (the 2014 example's hundred units, on every start of the command), and on a machine where such memory is dear
 * 0.5–4 ms a table.
 */

/** Texts by number. */
export class TextsByNumber {
  readonly #pages: ((string | undefined)[] | undefined)[] = [];

  /** The text kept for `key`, if any. */
  get(key: number): string | undefined {
    return this.#pages[key >>> 10]?.[key & 1023];
  }

  /** Keeps `text` for `key` and returns it. */
  set(key: number, text: string): string {
    (this.#pages[key >>> 10] ??= new Array<string | undefined>(1024))[key & 1023] = text;
    return text;
  }
}

/** Small numbers (0–255) by number, 0 for one never set. */
export class BytesByNumber {
  readonly #pages: (Uint8Array | undefined)[] = [];

  /** The number kept for `key`, 0 if none. */
  get(key: number): number {
    return this.#pages[key >>> 10]?.[key & 1023] ?? 0;
  }

  /** Keeps `value` for `key`. */
  set(key: number, value: number): void {
    (this.#pages[key >>> 10] ??= new Uint8Array(1024))[key & 1023] = value;
  }
}
