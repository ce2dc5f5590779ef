import type { Unit } from './dataset.js';

/**
 * Finds units' places in a dataset by id: the place where the id is first listed. Rows of the other tables mostly
 * follow the units' order, perhaps with gaps (units without a prior-year row, say), so the units after the last
 * one found are tried first (a few dozen, then a few once a map is made); a map of all ids is made only when
 * that guess first fails (a lookup in a large map is most of the cost of reading a row), unless the caller has
 * one already.
 */
export class UnitPlaces {
  readonly #units: readonly (Unit | undefined)[];
  readonly #firstListed: Uint8Array | undefined;
  readonly #mapOf: () => ReadonlyMap<string, number>;
  #byId: ReadonlyMap<string, number> | undefined;
  #last = -1;

  /**
   * @param units - the dataset's units (a list changed after parsing may have holes, which are passed over)
   * @param known - for a dataset whose ids may repeat (one not checked yet): each id's first place (or what makes
   *   the map of them when it is first wanted, which several finders may share), and which places are an id's
   *   first, so that a guess never lands on a repeat
   */
  constructor(units: readonly (Unit | undefined)[], known?: { readonly byId: ReadonlyMap<string, number> | (() => ReadonlyMap<string, number>); readonly firstListed: Uint8Array }) {
    this.#units = units;
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
    // until a map is made, a longer look ahead: a run of a few dozen units without rows (an unscored category)
    // is then passed over without a map of a million ids
    const end = Math.min(this.#units.length, this.#last + 1 + (this.#byId === undefined ? _SCAN : _AHEAD));
    for (let next = this.#last + 1; next < end; next++) {
      if (this.#units[next]?.id === id && (this.#firstListed === undefined || this.#firstListed[next] === 1)) return (this.#last = next);
    }
    const found = (this.#byId ??= this.#mapOf()).get(id);
    if (found !== undefined) this.#last = found;
    return found;
  }
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
