import type { Unit } from './dataset.js';

/**
 * Finds units' places in a checked dataset (ids unique) by id. Rows of the other tables mostly follow the units'
 * order, perhaps with gaps (units without a prior-year row, say), so the few units after the last one found are
 * tried first; a map of all ids is made only when that guess first fails (a lookup in a large map is most of the
 * cost of reading a row).
 */
export class UnitPlaces {
  readonly #units: readonly Unit[];
  #byId: Map<string, number> | undefined;
  #last = -1;

  /** @param units - the dataset's units */
  constructor(units: readonly Unit[]) {
    this.#units = units;
  }

  /**
   * The place of the unit with an id.
   *
   * @param id - the unit's id
   * @returns its index in the dataset's units, or undefined when no unit has the id
   */
  of(id: string): number | undefined {
    const end = Math.min(this.#units.length, this.#last + 1 + _AHEAD);
    for (let next = this.#last + 1; next < end; next++) if ((this.#units[next] as Unit).id === id) return (this.#last = next);
    if (!this.#byId) {
      this.#byId = new Map();
      for (let p = 0; p < this.#units.length; p++) this.#byId.set((this.#units[p] as Unit).id, p);
    }
    const found = this.#byId.get(id);
    if (found !== undefined) this.#last = found;
    return found;
  }
}

/** How many units after the last one found are tried before a lookup. */
const _AHEAD = 4;
