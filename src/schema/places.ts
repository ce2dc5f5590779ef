import type { Unit } from './dataset.js';

/**
 * Finds units' places in a dataset by id: the place where the id is first listed. Rows of the other tables mostly
 * follow the units' order, perhaps with gaps (units without a prior-year row, say), so the last unit found and the
 * units after it are tried first (a few dozen, then a few once a map is made). When that guess fails, units whose ids
 * ascend (as a table sorted by code lists them) are searched by halving; otherwise a map of all ids is made, the
 * first time (a lookup in a large map is most of the cost of reading a row), unless the caller has one already.
 */
export class UnitPlaces {
  readonly #units: readonly (Unit | undefined)[];
  readonly #firstListed: Uint8Array | undefined;
  readonly #mapOf: () => ReadonlyMap<string, number>;
  #byId: ReadonlyMap<string, number> | undefined;
  #ascending: boolean | undefined;
  #last = -1;

  /**
   * @param units - the dataset's units (a list changed after parsing may have holes, which are passed over)
   * @param known - for a dataset whose ids may repeat (one not checked yet): each id's first place (or what makes
   *   the map of them when it is first wanted, which several finders may share), and which places are an id's
   *   first, so that a guess never lands on a repeat; and whether the ids ascend, when the caller knows (see
   *   {@link ascendingIds}: then the map is never read; otherwise, without a map, it is found out when first wanted)
   */
  constructor(
    units: readonly (Unit | undefined)[],
    known?: { readonly byId: ReadonlyMap<string, number> | (() => ReadonlyMap<string, number>); readonly firstListed: Uint8Array; readonly ascending?: boolean },
  ) {
    this.#units = units;
    this.#ascending = known?.ascending;
    const byId = known?.byId;
    if (typeof byId === 'function') this.#mapOf = byId;
    else {
      this.#byId = byId;
      this.#mapOf = () => firstPlaces(units);
    }
    this.#firstListed = known?.firstListed;
  }

  /**
   * The place of the unit with an id.
   *
   * @param id - the unit's id
   * @returns its index in the dataset's units (the first, where the id repeats), or undefined when no unit has it
   */
  of(id: string): number | undefined {
    // without a map (none made yet, or none wanted: ids that ascend), a longer look ahead: a run of a few dozen
    // units without rows (an unscored category) is then passed over without a map of a million ids, or a search
    // (the last unit found first: a unit's rows, several bonus entries say, mostly come together)
    const end = Math.min(this.#units.length, this.#last + 1 + (this.#byId === undefined || this.#ascending === true ? _SCAN : _AHEAD));
    for (let next = Math.max(0, this.#last); next < end; next++) {
      if (this.#units[next]?.id === id && (this.#firstListed === undefined || this.#firstListed[next] === 1)) return (this.#last = next);
    }
    // ids that ascend are searched by halving: a row now and then (bonus entries, prior-year rows of some units)
    // then costs a few comparisons, not a map of every id
    const found = (this.#ascending ??= this.#byId === undefined && ascendingIds(this.#units)) ? _halving(this.#units, id) : (this.#byId ??= this.#mapOf()).get(id);
    if (found !== undefined) this.#last = found;
    return found;
  }
}

/**
 * Whether every unit is there and their ids increase, each after the one before in JavaScript's order of strings
 * (`<`): such ids repeat nowhere, and can be searched by halving.
 *
 * @param units - a dataset's units (a list changed after parsing may have holes)
 * @returns true when the ids ascend
 */
export function ascendingIds(units: readonly (Unit | undefined)[]): boolean {
  const known = _ascending.get(units);
  if (known !== undefined) return known;
  for (let i = 1; i < units.length; i++) {
    const before = units[i - 1];
    const unit = units[i];
    if (before === undefined || unit === undefined || !(before.id < unit.id)) return false;
  }
  return units.length === 0 || units[0] !== undefined;
}

/** Lists of units that cannot change (a parsed dataset's, frozen with each unit), and whether their ids ascend. */
const _ascending = new WeakMap<readonly (Unit | undefined)[], boolean>();

/**
 * Records whether the ids of a list of units that can no longer change ascend, found out when it was checked, so
 * that {@link ascendingIds} need not compare them again.
 *
 * @param units - a list frozen with every unit in it
 * @param ascending - what {@link ascendingIds} gave for it
 */
export function _rememberAscending(units: readonly Unit[], ascending: boolean): void {
  _ascending.set(units, ascending);
}

/** The place of an id among units whose ids ascend, found by halving, or undefined. */
function _halving(units: readonly (Unit | undefined)[], id: string): number | undefined {
  let low = 0;
  let high = units.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const other = (units[middle] as Unit).id;
    if (other === id) return middle;
    if (other < id) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** How many units after the last one found are tried before a lookup in the map. */
const _AHEAD = 4;
/** How many are tried before the map is made. */
const _SCAN = 64;

/**
 * Each id's first place among units.
 *
 * @param units - a dataset's units (holes are passed over)
 * @returns the map from id to place
 */
export function firstPlaces(units: readonly (Unit | undefined)[]): Map<string, number> {
  const byId = new Map<string, number>();
  for (let p = 0; p < units.length; p++) {
    const id = units[p]?.id;
    if (id !== undefined && !byId.has(id)) byId.set(id, p);
  }
  return byId;
}
