import type { SortKey } from '../schema/ruleSet.js';
import { compareDecimals } from '../scoring/decimal.js';
import { codesUpTo, type Codes } from './codes.js';

/** What ordering reads of a unit: its facts, or an outcome's numbers. */
export interface Sortable {
  readonly composite: string | null;
  readonly bonus: string | null;
  readonly deduction: string | null;
  readonly change: string | null;
  readonly priorComposite: string | null;
  readonly indicators: Readonly<Record<string, { readonly score: string | null } | undefined>>;
}

/**
 * The value a sort key reads from a unit's facts.
 *
 * @param facts - the unit's facts
 * @param by - the key, e.g. `composite` or `indicators.duties`
 * @returns a decimal string, or null when the unit has no such value
 */
export function sortValue(facts: Sortable, by: string): string | null {
  if (by.startsWith('indicators.')) {
    const id = by.slice('indicators.'.length);
    return Object.hasOwn(facts.indicators, id) ? (facts.indicators[id]?.score ?? null) : null;
  }
  switch (by) {
    case 'composite':
      return facts.composite;
    case 'bonus':
      return facts.bonus;
    case 'deduction':
      return facts.deduction;
    case 'change':
      return facts.change;
    case 'priorComposite':
      return facts.priorComposite;
    default:
      return null;
  }
}

/**
 * Compares two units by a list of keys, first key first. Missing values sort after present ones,
 * whatever the direction.
 *
 * @param keys - sort keys with directions
 * @param a - first unit's facts
 * @param b - second unit's facts
 * @returns negative when `a` comes first, positive when `b` does, 0 when the keys cannot tell them apart
 */
export function compareByKeys(keys: readonly SortKey[], a: Sortable, b: Sortable): number {
  for (const key of keys) {
    const left = sortValue(a, key.by);
    const right = sortValue(b, key.by);
    if (left === right) continue;
    if (left === null) return 1;
    if (right === null) return -1;
    const order = compareDecimals(left, right);
    if (order !== 0) return key.order === 'desc' ? -order : order;
  }
  return 0;
}

/**
 * Compares unit ids in code-point order, so ordering never depends on the machine's locale.
 *
 * @param a - first id
 * @param b - second id
 * @returns -1, 0 or 1
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One sort key's values for a list of units, as numbers that compare exactly. */
interface _Column {
  /** 1 where the unit has no value (it sorts last, whatever the direction). */
  readonly missing: Uint8Array;
  /**
   * Where every value was known as a whole number of hundredths, 0 or more (as scores and composites with two
   * places are): those numbers, each in as few bytes as the highest needs, and no integer or fraction parts. A
   * million units' column of scores below 655.36 is then 2 MB instead of 16, and its levels need no copy of its
   * values.
   */
  readonly hundredths: Codes | undefined;
  /** The integer part, with the value's sign (empty where the column is in hundredths). */
  readonly integer: Float64Array;
  /** The fraction in units of 10^-12, with the value's sign (empty where the column is in hundredths). */
  readonly fraction: Float64Array;
  /**
   * The values as text, kept when one of them has more digits than the numbers above hold exactly (an integer
   * part of 16 digits or more, as a composite of large weighted scores can have, or more than 12 places): such a
   * column is compared digit by digit.
   */
  readonly texts: readonly (string | null)[] | undefined;
}

/**
 * A list of units' sort-key values held as columns of plain numbers, for ordering many units quickly. Each
 * decimal becomes its integer part and its fraction in units of 10^-12, both exact up to 15 integer digits and
 * 12 places; a column with a longer value (a composite of large weighted scores can have 24 integer digits) keeps
 * the texts and compares them digit by digit. A column is built the first time a key reads it, once for all the
 * units.
 * Units are referred to by their index in the list.
 */
/** Units a {@link SortColumns} reads, where they are not a list of facts: how many, and each one's value on a key. */
export interface SortableUnits {
  readonly length: number;
  valueAt(index: number, by: string): string | null;
}

export class SortColumns {
  readonly #members: readonly Sortable[] | SortableUnits;
  readonly #readerOf: ((by: string) => ((index: number) => string | null) | undefined) | undefined;
  readonly #hundredthsOf: ((by: string) => ((index: number) => number) | undefined) | undefined;
  readonly #columns = new Map<string, _Column>();
  /** where a column in hundredths is read before it is copied into one as narrow as its values allow */
  #wide = new Uint32Array(0);

  /**
   * @param members - the units, in the order their indexes refer to: their facts, or how to read their values
   * @param readerOf - a faster way to read a key's values, by member index, where the caller has one
   *   (undefined for a key it leaves to {@link sortValue})
   * @param hundredthsOf - where the caller knows a key's values as numbers of hundredths: by member index, the
   *   value in hundredths, -1 where the value is to be read (with readerOf), or -2 where there is none
   */
  constructor(members: readonly Sortable[] | SortableUnits, readerOf?: (by: string) => ((index: number) => string | null) | undefined, hundredthsOf?: (by: string) => ((index: number) => number) | undefined) {
    this.#members = members;
    this.#readerOf = readerOf;
    this.#hundredthsOf = hundredthsOf;
  }

  /**
   * A comparison of two units (by index) on a list of keys, first key first; missing values sort after
   * present ones, whatever the direction.
   *
   * @param keys - sort keys with directions
   * @param then - where the keys tie, an order to fall back on: a number per unit, lower first (as from {@link SortColumns.codes})
   * @returns negative when the first comes first, positive when the second does, 0 when the keys cannot tell them apart
   */
  comparator(keys: readonly SortKey[], then?: ArrayLike<number>): (a: number, b: number) => number {
    const columns = keys.map((key) => ({ column: this.#column(key.by), sign: key.order === 'desc' ? -1 : 1 }));
    return (a, b) => {
      // an indexed loop: sorts call this millions of times, and a loop over an iterator costs an object per step
      // until V8 optimizes it
      for (let k = 0; k < columns.length; k++) {
        const { column, sign } = columns[k] as { column: _Column; sign: number };
        const missing = (column.missing[a] as number) - (column.missing[b] as number);
        if (missing !== 0) return missing;
        if (column.missing[a] === 1) continue;
        const order = column.hundredths
          ? (column.hundredths[a] as number) - (column.hundredths[b] as number)
          : column.texts
          ? compareDecimals(column.texts[a] as string, column.texts[b] as string)
          : (column.integer[a] as number) - (column.integer[b] as number) || (column.fraction[a] as number) - (column.fraction[b] as number);
        if (order !== 0) return sign * order;
      }
      return then === undefined ? 0 : (then[a] as number) - (then[b] as number);
    };
  }

  /**
   * Every unit's place in the order of some keys, as a number, with units the keys cannot tell apart given
   * the same number: comparing these is comparing by all the keys, in one step. Units are sorted by the first
   * key as competition ranks are, and by the other keys only among units equal on it; the numbers need not be
   * consecutive.
   *
   * @param keys - sort keys with directions
   * @returns a code per unit, 0 for the first
   */
  codes(keys: readonly SortKey[]): Uint32Array {
    return this._leveledCodes(keys) ?? this.#codesInBlocks(keys);
  }

  /**
   * {@link SortColumns.codes} without comparing units: each unit's level on each key (how many different values
   * come before its own in the key's direction; units without one after all of them) is worked out from the
   * key's column, and the units are put in order by a stable counting sort on each key's levels, the last key
   * first (a radix sort). A unit's code is then its position, or the code of the unit before it where the two have
   * the same level on every key. Undefined, and left to the comparison, where a key's values are kept as text.
   *
   * @param keys - sort keys with directions
   * @returns a code per unit, or undefined
   */
  _leveledCodes(keys: readonly SortKey[]): Uint32Array | undefined {
    const size = this.#members.length;
    const levels: (Int32Array | Codes)[] = [];
    const counts: number[] = [];
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as SortKey;
      const leveled = _levels(this.#column(key.by), key.order === 'desc');
      if (leveled === undefined) return undefined;
      levels.push(leveled.levels);
      // the level of a unit without a value is the number of different values: one more level
      counts.push(leveled.kinds + 1);
    }
    let order = new Int32Array(size);
    for (let i = 0; i < size; i++) order[i] = i;
    let next = new Int32Array(size);
    for (let k = keys.length - 1; k >= 0; k--) {
      const level = levels[k] as Int32Array | Codes;
      const starts = new Int32Array((counts[k] as number) + 1);
      for (let i = 0; i < size; i++) starts[(level[i] as number) + 1] = (starts[(level[i] as number) + 1] as number) + 1;
      for (let l = 1; l < starts.length; l++) starts[l] = (starts[l] as number) + (starts[l - 1] as number);
      for (let j = 0; j < size; j++) {
        const i = order[j] as number;
        const at = level[i] as number;
        next[starts[at] as number] = i;
        starts[at] = (starts[at] as number) + 1;
      }
      [order, next] = [next, order];
    }
    const codes = new Uint32Array(size);
    for (let j = 1; j < size; j++) {
      const i = order[j] as number;
      const before = order[j - 1] as number;
      let same = true;
      for (let k = 0; k < levels.length && same; k++) same = (levels[k] as Int32Array | Codes)[i] === (levels[k] as Int32Array | Codes)[before];
      codes[i] = same ? (codes[before] as number) : j;
    }
    return codes;
  }

  /**
   * The levels of the units on a key (see {@link SortColumns._leveledCodes}), for tests.
   *
   * @param by - the key
   * @param descending - whether the highest value comes first
   * @param span - the widest span of values levelled by a table; 0 sorts the values whatever their span
   * @returns each unit's level and the number of different values, or undefined where they are not worked out
   */
  _levelsOf(by: string, descending: boolean, span?: number): { levels: Int32Array | Codes; kinds: number } | undefined {
    return _levels(this.#column(by), descending, span);
  }

  /**
   * Whether a key's column holds its values as numbers of hundredths, for tests.
   *
   * @param by - the key
   * @returns whether it does
   */
  _inHundredths(by: string): boolean {
    return this.#column(by).hundredths !== undefined;
  }

  #codesInBlocks(keys: readonly SortKey[]): Uint32Array {
    const codes = new Uint32Array(this.#members.length);
    const [first, ...others] = keys;
    if (!first) return codes;
    // by the first key in blocks, each block by the other keys; units without a first value after all others
    const rest = this.comparator(others);
    const present = this.having(first.by);
    this.#rankInBlocks(first, present, rest, (i, rank) => {
      codes[i] = rank - 1;
    });
    if (present.length < codes.length) {
      const missing = this.#column(first.by).missing;
      const absent: number[] = [];
      for (let i = 0; i < missing.length; i++) if (missing[i] === 1) absent.push(i);
      rankBySorting(absent, rest, (i, rank) => {
        codes[i] = present.length + rank - 1;
      });
    }
    return codes;
  }


  /**
   * Competition ranks ("1224") of some units on one key, ties broken by a code per unit (as from
   * {@link SortColumns.codes}); units with equal value and equal code share a rank. Where every value fits in
   * one exact number (integer part below 9007, or any value of a column in hundredths), this takes one sort of a
   * typed array, and compares in JavaScript
   * only units with equal values (by their codes); otherwise it sorts with {@link SortColumns.comparator}.
   * Either way the ranks are the same.
   *
   * @param key - the sort key with its direction
   * @param then - the tie-break code per unit
   * @param among - the indexes of the units to rank (all with a value for the key)
   * @param give - called with each unit's index and rank
   */
  competitionRanks(key: SortKey, then: ArrayLike<number>, among: ArrayLike<number>, give: (index: number, rank: number) => void): void {
    this.#rankInBlocks(key, among, (a, b) => (then[a] as number) - (then[b] as number), give);
  }

  /**
   * Competition ranks of some units on one key and then a comparison: the units are put in blocks of equal
   * value with one typed-array sort (where every value packs into one exact number), and only each block is
   * sorted with the comparison; units equal on both share a rank. Otherwise it sorts with the comparator.
   */
  #rankInBlocks(key: SortKey, among: ArrayLike<number>, then: (a: number, b: number) => number, give: (index: number, rank: number) => void): void {
    const column = this.#column(key.by);
    const count = among.length;
    const values = new Float64Array(count);
    const hundredths = column.hundredths;
    for (let k = 0; k < count; k++) {
      const i = among[k] as number;
      if (hundredths !== undefined) {
        // the numbers of hundredths themselves: in the same order as the values, and exact
        const value = hundredths[i] as number;
        values[k] = key.order === 'desc' ? -value : value;
        continue;
      }
      const integer = column.integer[i] as number;
      if (column.texts || integer >= _PACKED_LIMIT || integer <= -_PACKED_LIMIT) {
        const byKey = this.comparator([key]);
        rankBySorting(among, (a, b) => byKey(a, b) || then(a, b), give);
        return;
      }
      // exact: |integer| × 10^12 + |fraction| < 2^53; descending keys are negated
      const value = integer * 1e12 + (column.fraction[i] as number);
      values[k] = key.order === 'desc' ? -value : value;
    }
    // a value's place: how many values come before it (in order), found by halving the different values (a few
    // thousand where scores have two places, which stay in the processor's cache, where halving a million
    // sorted values would not) and taking the place of the first of them
    const sorted = values.slice().sort();
    const different = new Float64Array(count);
    const firsts = new Int32Array(count);
    let kinds = 0;
    for (let k = 0; k < count; k++) {
      if (k > 0 && sorted[k] === sorted[k - 1]) continue;
      different[kinds] = sorted[k] as number;
      firsts[kinds++] = k;
    }
    const lookup = different.subarray(0, kinds);
    // units with the same value fill the positions from their place on; each such block is ordered by the
    // comparison, and units it finds equal share the block's rank at the first of them
    const fill = new Int32Array(count);
    const byPosition = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      const place = firsts[firstAtLeast(lookup, values[k] as number)] as number;
      byPosition[place + (fill[place] as number)] = among[k] as number;
      fill[place] = (fill[place] as number) + 1;
    }
    for (let place = 0; place < count; ) {
      const size = fill[place] as number;
      const block = byPosition.subarray(place, place + size);
      if (size > 1) block.sort(then);
      let rank = place + 1;
      for (let j = 0; j < size; j++) {
        const i = block[j] as number;
        if (j > 0 && then(block[j - 1] as number, i) !== 0) rank = place + j + 1;
        give(i, rank);
      }
      place += size;
    }
  }


  /**
   * The units that have a value for a key.
   *
   * @param by - the key
   * @returns their indexes, in order (counted first: a list grown one index at a time is made again and copied
   *   as it grows, in memory new to the program each time past 128 KB)
   */
  having(by: string): Int32Array {
    const missing = this.#column(by).missing;
    let count = 0;
    for (let i = 0; i < missing.length; i++) if (missing[i] === 0) count++;
    const indexes = new Int32Array(count);
    for (let i = 0, j = 0; i < missing.length; i++) if (missing[i] === 0) indexes[j++] = i;
    return indexes;
  }

  #column(by: string): _Column {
    const made = this.#columns.get(by);
    if (made) return made;
    const members = this.#members;
    const size = members.length;
    const known = this.#hundredthsOf?.(by);
    if (known !== undefined && this.#wide.length < size) this.#wide = new Uint32Array(size);
    const inHundredths = known === undefined ? undefined : _hundredthsColumn(size, known, this.#wide);
    if (inHundredths !== undefined) {
      this.#columns.set(by, inHundredths);
      return inHundredths;
    }
    const missing = new Uint8Array(size);
    const integers = new Float64Array(size);
    const fractions = new Float64Array(size);
    let beyond = false;
    const read = this.#readerOf?.(by) ?? (_isFactsList(members) ? (index: number) => sortValue(members[index] as Sortable, by) : (index: number) => members.valueAt(index, by));
    for (let i = 0; i < size; i++) {
      const hundredths = known === undefined ? -1 : known(i);
      if (hundredths === -2) {
        missing[i] = 1;
        continue;
      }
      if (hundredths >= 0) {
        const cents = hundredths % 100;
        integers[i] = (hundredths - cents) / 100;
        fractions[i] = cents * 1e10;
        continue;
      }
      const value = read(i);
      if (value === null) {
        missing[i] = 1;
        continue;
      }
      // digit by digit, without cutting the text up: exact up to 15 integer digits and 12 places, and a value
      // with more (a composite of large weighted scores) makes the column compare as text
      const negative = value.charCodeAt(0) === 45;
      let integer = 0;
      let fraction = 0;
      let digits = 0;
      let places = -1;
      for (let at = negative ? 1 : 0; at < value.length; at++) {
        const code = value.charCodeAt(at);
        if (code === 46) places = 0;
        else if (places < 0) {
          integer = integer * 10 + (code - 48);
          if (integer > 0) digits++;
        } else {
          fraction = fraction * 10 + (code - 48);
          places++;
        }
      }
      if (digits > 15 || places > 12) beyond = true;
      else if (places > 0) fraction *= _POWERS[12 - places] as number;
      integers[i] = negative ? -integer : integer;
      fractions[i] = negative ? -fraction : fraction;
    }
    // a column compared as text has every value's text, those known as numbers too
    const column: _Column = { missing, hundredths: undefined, integer: integers, fraction: fractions, texts: beyond ? Array.from({ length: size }, (_, i) => read(i)) : undefined };
    this.#columns.set(by, column);
    return column;
  }

}

/** The integer and fraction parts of a column in hundredths: none. */
const _NO_PARTS = new Float64Array(0);

/**
 * A column of values all known as numbers of hundredths, 0 or more (-2 where a unit has none), or undefined where
 * some value is to be read from its text (-1) or is too large for the column.
 *
 * Each value is read once, into a list wide enough for any (`wide`, used again for every key of a ranking), then
 * copied into a list no wider than the highest needs. Indicator scores are read from the scores of every unit on
 * every indicator, a unit's after another's: at a million units those lists are larger than the caches, and read
 * twice, the first time for the highest, the reading took more than twice as long per unit as at 100,000.
 */
function _hundredthsColumn(size: number, known: (index: number) => number, wide: Uint32Array): _Column | undefined {
  const missing = new Uint8Array(size);
  const values = wide.subarray(0, size);
  let highest = 0;
  for (let i = 0; i < size; i++) {
    const value = known(i);
    if (value === -2) {
      missing[i] = 1;
      values[i] = 0;
      continue;
    }
    if (value < 0 || value > 0x7fffffff) return undefined;
    values[i] = value;
    if (value > highest) highest = value;
  }
  const hundredths = codesUpTo(size, highest);
  hundredths.set(values);
  return { missing, hundredths, integer: _NO_PARTS, fraction: _NO_PARTS, texts: undefined };
}

/** Integer parts from here on would not fit, with 12 fractional digits, in a number below 2^53. */
const _PACKED_LIMIT = 9007;

/**
 * Each unit's level on a column: how many different values come before its own, ascending or descending; units
 * without a value get the number of different values. Values in a span of at most a few times as many steps of
 * their finest place as there are units (scores with two places, say) are levelled by marking each in a table of
 * the span; others by sorting the different values. Undefined for a column kept as text, or with an integer part
 * too large for one exact number.
 *
 * @param column - the column
 * @param descending - whether the highest value comes first
 * @param span - the widest span levelled by a table (by default, four steps per unit and at least 65,536)
 * @returns the levels, and how many different values there are
 */
function _levels(column: _Column, descending: boolean, span?: number): { levels: Int32Array | Codes; kinds: number } | undefined {
  if (column.hundredths) return _levelsInHundredths(column.missing, column.hundredths, descending, span);
  if (column.texts) return undefined;
  const { missing, integer, fraction } = column;
  const size = missing.length;
  // the fewest places that hold every fraction: 10^(12 - places) divides them all
  let places = 0;
  let present = 0;
  for (let i = 0; i < size; i++) {
    if (missing[i] === 1) continue;
    present++;
    const whole = integer[i] as number;
    if (whole >= _PACKED_LIMIT || whole <= -_PACKED_LIMIT) return undefined;
    while (places < 12 && (fraction[i] as number) % (_POWERS[12 - places] as number) !== 0) places++;
  }
  const levels = new Int32Array(size);
  // each value as a whole number of steps of its finest place: exact, as |integer| × 10^12 + |fraction| < 2^53
  const scale = _POWERS[places] as number;
  const step = _POWERS[12 - places] as number;
  const values = new Float64Array(present);
  let lowest = Infinity;
  let highest = -Infinity;
  for (let i = 0, j = 0; i < size; i++) {
    if (missing[i] === 1) continue;
    const value = (integer[i] as number) * scale + (fraction[i] as number) / step + 0;
    values[j++] = value;
    if (value < lowest) lowest = value;
    if (value > highest) highest = value;
  }
  let kinds = 0;
  if (present > 0 && highest - lowest < (span ?? Math.max(4 * size, 65_536))) {
    // marked in a table of the span, and each mark's level counted from the bottom
    const table = new Int32Array(highest - lowest + 1);
    for (let j = 0; j < present; j++) table[(values[j] as number) - lowest] = 1;
    for (let t = 0; t < table.length; t++) if (table[t] === 1) table[t] = ++kinds;
    for (let i = 0, j = 0; i < size; i++) {
      if (missing[i] === 1) continue;
      const level = (table[(values[j++] as number) - lowest] as number) - 1;
      levels[i] = descending ? kinds - 1 - level : level;
    }
  } else if (present > 0) {
    const different = values.slice().sort();
    for (let j = 0; j < present; j++) if (j === 0 || different[j] !== different[j - 1]) different[kinds++] = different[j] as number;
    const lookup = different.subarray(0, kinds);
    for (let i = 0, j = 0; i < size; i++) {
      if (missing[i] === 1) continue;
      const level = firstAtLeast(lookup, values[j++] as number);
      levels[i] = descending ? kinds - 1 - level : level;
    }
  }
  for (let i = 0; i < size; i++) if (missing[i] === 1) levels[i] = kinds;
  return { levels, kinds };
}

/**
 * {@link _levels} of a column in hundredths, the same levels from the numbers themselves: each value is a whole
 * number of steps of its finest place (0, 1 or 2 places) as there, and levelled as there, without a copy of the
 * values where they are levelled by a table.
 */
function _levelsInHundredths(missing: Uint8Array, hundredths: Codes, descending: boolean, span: number | undefined): { levels: Codes; kinds: number } {
  const size = missing.length;
  let places = 0;
  let present = 0;
  let lowest = Infinity;
  let highest = -Infinity;
  for (let i = 0; i < size; i++) {
    if (missing[i] === 1) continue;
    present++;
    const value = hundredths[i] as number;
    while (places < 2 && value % (_POWERS[2 - places] as number) !== 0) places++;
    if (value < lowest) lowest = value;
    if (value > highest) highest = value;
  }
  // exact: every value is a multiple of the step
  const step = _POWERS[2 - places] as number;
  let kinds = 0;
  // made once the number of different values is known, as narrow as that allows (see codesUpTo)
  let levels: Codes | undefined;
  if (present > 0 && (highest - lowest) / step < (span ?? Math.max(4 * size, 65_536))) {
    const table = new Int32Array((highest - lowest) / step + 1);
    for (let i = 0; i < size; i++) if (missing[i] === 0) table[((hundredths[i] as number) - lowest) / step] = 1;
    for (let t = 0; t < table.length; t++) if (table[t] === 1) table[t] = ++kinds;
    levels = codesUpTo(size, kinds);
    for (let i = 0; i < size; i++) {
      if (missing[i] === 1) continue;
      const level = (table[((hundredths[i] as number) - lowest) / step] as number) - 1;
      levels[i] = descending ? kinds - 1 - level : level;
    }
  } else if (present > 0) {
    const values = new Float64Array(present);
    for (let i = 0, j = 0; i < size; i++) if (missing[i] === 0) values[j++] = (hundredths[i] as number) / step;
    const different = values.slice().sort();
    for (let j = 0; j < present; j++) if (j === 0 || different[j] !== different[j - 1]) different[kinds++] = different[j] as number;
    const lookup = different.subarray(0, kinds);
    levels = codesUpTo(size, kinds);
    for (let i = 0, j = 0; i < size; i++) {
      if (missing[i] === 1) continue;
      const level = firstAtLeast(lookup, values[j++] as number);
      levels[i] = descending ? kinds - 1 - level : level;
    }
  }
  levels ??= codesUpTo(size, 0);
  for (let i = 0; i < size; i++) if (missing[i] === 1) levels[i] = kinds;
  return { levels, kinds };
}

/** Competition ranks by sorting with a comparator: equal under it, equal rank. */
export function rankBySorting(among: ArrayLike<number>, compare: (a: number, b: number) => number, give: (index: number, rank: number) => void): void {
  const indexes = Array.from(among).sort(compare);
  let rank = 0;
  for (let position = 0; position < indexes.length; position++) {
    const index = indexes[position] as number;
    if (position === 0 || compare(indexes[position - 1] as number, index) !== 0) rank = position + 1;
    give(index, rank);
  }
}

/** 10^0 … 10^12, for putting a fraction of up to 12 digits in units of 10^-12 (exactly: both factors are whole numbers below 2^53). */
const _POWERS = Array.from({ length: 13 }, (_, i) => 10 ** i);

/**
 * The first position in ascending numbers holding a number not below a value (their length when none does).
 *
 * @param sorted - numbers in ascending order
 * @param value - the value looked for
 * @returns the position
 */
export function firstAtLeast(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether units to sort are given as a list of their facts. */
function _isFactsList(members: readonly Sortable[] | SortableUnits): members is readonly Sortable[] {
  return Array.isArray(members);
}
