import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Locations, type Location } from '../src/io/tables.js';

describe('table locations', () => {
  it('give each entry its file, row and columns, across files', () => {
    const locations = new Locations();
    const first = { unit: '编码', indicator: '指标' };
    const second = { unit: 'unit' };
    locations.add('scores', { source: 'a/scores.csv', row: 2, columns: first });
    locations.add('scores', { source: 'a/scores.csv', row: 4, columns: first });
    locations.add('scores', { source: 'b/scores.csv', row: 2, columns: second });
    locations.add('scores', { source: 'b/scores.csv', row: 3, columns: second });
    locations.add('units', { source: 'a/units.csv', row: 7, columns: { id: 'id' } });
    expect(locations.get('$.scores[0]')).toEqual({ source: 'a/scores.csv', row: 2, columns: first });
    expect(locations.get('$.scores[1]')).toEqual({ source: 'a/scores.csv', row: 4, columns: first });
    expect(locations.get('$.scores[2]')).toEqual({ source: 'b/scores.csv', row: 2, columns: second });
    expect(locations.get('$.scores[3]')).toEqual({ source: 'b/scores.csv', row: 3, columns: second });
    expect(locations.get('$.units[0]')).toEqual({ source: 'a/units.csv', row: 7, columns: { id: 'id' } });
    expect(locations.get('$.scores[4]')).toBeUndefined();
    expect(locations.get('$.prior[0]')).toBeUndefined();
    expect(locations.get('$.scores[0].score')).toBeUndefined();
    const replaced = locations.withTable('units', new Locations());
    expect(replaced.get('$.units[0]')).toBeUndefined();
    expect(replaced.get('$.scores[1]')).toEqual({ source: 'a/scores.csv', row: 4, columns: first });
  });

  it('give each entry the row it was added with, whatever the files, gaps and repeats', () => {
    const files = [
      { source: 'a.csv', columns: { unit: 'unit' } },
      { source: 'b.csv', columns: { unit: '单位' } },
    ];
    // each entry: which file, and how far its row is from the last one's (0: the same row, as a wide row's
    // entries; 1: the next; more: blank lines between)
    const entries = fc.array(fc.record({ file: fc.integer({ min: 0, max: 1 }), step: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 4 })) }), { maxLength: 60 });
    fc.assert(
      fc.property(entries, (steps) => {
        const locations = new Locations();
        const added: Location[] = [];
        let row = 1;
        for (const { file, step } of steps) {
          row += step;
          const location = { ...(files[file] as (typeof files)[number]), row };
          locations.add('scores', location);
          added.push(location);
        }
        added.forEach((location, index) => expect(locations.get(`$.scores[${index}]`)).toEqual(location));
        expect(locations.get(`$.scores[${added.length}]`)).toBeUndefined();
      }),
    );
  });
});
