import { FIRST_VIEW, placesInIdOrder, type FactsTable, type UnitFacts } from '../../src/facts/deriveFacts.js';
import type { Unit } from '../../src/schema/dataset.js';

/**
 * Every unit's facts whole, as the first stage sees them, by the unit's place in the dataset's units (the table
 * holds them by the unit's index in id order).
 *
 * @param table - from deriveFacts
 * @param units - the dataset's units, as the table was derived from them
 */
export function factsByPlace(table: FactsTable, units: readonly Unit[]): UnitFacts[] {
  const facts = new Array<UnitFacts>(units.length);
  placesInIdOrder(units).forEach((place, index) => (facts[place] = table.at(index, FIRST_VIEW)));
  return facts;
}
