/**
 * Units' places are found by guessing that rows follow the units' order before looking an id up: whatever the
 * order of the questions, the answers are a lookup's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placesInIdOrder } from '../src/facts/deriveFacts.js';
import { compareIds } from '../src/facts/order.js';
import { UnitPlaces, ascendingIds } from '../src/schema/places.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40) * 10;

describe('unit places', () => {
  it('are where the ids are, for ids asked in order, with gaps, in any order, or not listed', () => {
    const arbitrary = fc.uniqueArray(fc.stringMatching(/^[A-Z][0-9]{1,3}$/), { maxLength: 30 }).chain((ids) =>
      fc.tuple(
        fc.constant(ids),
        fc.oneof(
          // in the units' order, some left out
          fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }).map((keep) => ids.filter((_, i) => keep[i])),
          // any ids, listed or not, any number of times
          fc.array(fc.oneof(fc.constantFrom(...(ids.length > 0 ? ids : ['A0'])), fc.constantFrom('Z999', 'A', '')), { maxLength: 40 }),
        ),
      ),
    );
    fc.assert(
      fc.property(arbitrary, ([ids, asked]) => {
        const places = new UnitPlaces(ids.map((id) => ({ id, name: id, category: 'c', dataFlags: [] })));
        for (const id of asked) expect(places.of(id)).toBe(ids.includes(id) ? ids.indexOf(id) : undefined);
      }),
      { numRuns: RUNS },
    );
  });

  it('are where the ids are, in the units’ order with runs of units left out longer than the look ahead', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `U${String(i).padStart(3, '0')}`);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 150 }), { minLength: 1, maxLength: 20 }), fc.constantFrom('Z999', 'U000'), (steps, stray) => {
        const places = new UnitPlaces(ids.map((id) => ({ id, name: id, category: 'c', dataFlags: [] })));
        let at = -1;
        for (const step of steps) {
          at += step;
          if (at >= ids.length) break;
          expect(places.of(ids[at] as string)).toBe(at);
        }
        // an id not listed, or one behind the last found, is still answered right afterwards
        expect(places.of(stray)).toBe(stray === 'U000' ? 0 : undefined);
        expect(places.of('U399')).toBe(399);
      }),
      { numRuns: RUNS },
    );
  });

  it('are where each id is first listed, in a list with repeated ids and holes, guided by the caller’s map', () => {
    const arbitrary = fc.array(fc.option(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'), { nil: undefined }), { maxLength: 20 }).chain((ids) =>
      fc.tuple(fc.constant(ids), fc.array(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'Z'), { maxLength: 30 })),
    );
    fc.assert(
      fc.property(arbitrary, ([ids, asked]) => {
        const units = ids.map((id) => (id === undefined ? undefined : { id, name: id, category: 'c', dataFlags: [] }));
        const byId = new Map<string, number>();
        const firstListed = new Uint8Array(ids.length);
        ids.forEach((id, p) => {
          if (id !== undefined && !byId.has(id)) {
            byId.set(id, p);
            firstListed[p] = 1;
          }
        });
        const guided = new UnitPlaces(units, { byId, firstListed });
        for (const id of asked) {
          const first = (ids as (string | undefined)[]).indexOf(id);
          expect(guided.of(id)).toBe(first < 0 ? undefined : first);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('are where the ids are among ascending ids, searched by halving once the look ahead fails, whatever is asked', () => {
    // more units than the look ahead, so that rows asked out of order are searched for
    const arbitrary = fc.uniqueArray(fc.stringMatching(/^[A-Z]{0,2}[0-9]{0,3}$/), { minLength: 0, maxLength: 300 }).chain((listed) => {
      const ids = [...listed].sort((a, b) => (a < b ? -1 : 1));
      return fc.tuple(fc.constant(ids), fc.array(fc.oneof(fc.constantFrom(...(ids.length > 0 ? ids : ['A0'])), fc.stringMatching(/^[A-Z]{0,2}[0-9]{0,3}$/)), { maxLength: 60 }));
    });
    fc.assert(
      fc.property(arbitrary, ([ids, asked]) => {
        const units = ids.map((id) => ({ id, name: id, category: 'c', dataFlags: [] }));
        expect(ascendingIds(units)).toBe(true);
        // found out by the finder, or told by a caller whose map is empty (the check makes none for such ids)
        const found = new UnitPlaces(units);
        const told = new UnitPlaces(units, { byId: new Map(), firstListed: new Uint8Array(ids.length).fill(1), ascending: true });
        for (const id of asked) {
          const expected = ids.includes(id) ? ids.indexOf(id) : undefined;
          expect(found.of(id)).toBe(expected);
          expect(told.of(id)).toBe(expected);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('take ids for ascending only when every unit is there and each id is after the one before', () => {
    const unit = (id: string) => ({ id, name: id, category: 'c', dataFlags: [] });
    expect(ascendingIds([])).toBe(true);
    expect(ascendingIds([unit('A'), unit('B'), unit('b')])).toBe(true);
    expect(ascendingIds([unit('A'), unit('A')])).toBe(false);
    expect(ascendingIds([unit('B'), unit('A')])).toBe(false);
    expect(ascendingIds([unit('A'), undefined, unit('C')])).toBe(false);
    expect(ascendingIds([undefined])).toBe(false);
  });
});

describe('places in id order', () => {
  it('sort the units by id, whether they come in that order or not', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[A-Za-z][0-9]{0,3}$/), { maxLength: 30 }), fc.boolean(), (ids, sorted) => {
        const listed = sorted ? [...ids].sort((a, b) => compareIds(a, b)) : ids;
        const units = listed.map((id) => ({ id, name: id, category: 'c', dataFlags: [] }));
        const expected = listed.map((_, p) => p).sort((a, b) => compareIds(listed[a] as string, listed[b] as string));
        expect([...placesInIdOrder(units)]).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
});
