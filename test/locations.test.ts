import { describe, expect, it } from 'vitest';
import { Locations } from '../src/io/tables.js';

describe('table locations', () => {
  it('give each entry its file, row and columns, across files and with the score column of a wide row', () => {
    const locations = new Locations();
    const first = { unit: '编码', indicator: '指标' };
    const second = { unit: 'unit' };
    locations.add('scores', { source: 'a/scores.csv', row: 2, columns: first });
    locations.add('scores', { source: 'a/scores.csv', row: 4, columns: first });
    locations.add('scores', { source: 'b/scores.csv', row: 2, columns: second }, '职责任务');
    locations.add('scores', { source: 'b/scores.csv', row: 2, columns: second }, '依法行政');
    locations.add('units', { source: 'a/units.csv', row: 7, columns: { id: 'id' } });
    expect(locations.get('$.scores[0]')).toEqual({ source: 'a/scores.csv', row: 2, columns: first });
    expect(locations.get('$.scores[1]')).toEqual({ source: 'a/scores.csv', row: 4, columns: first });
    expect(locations.get('$.scores[2]')).toEqual({ source: 'b/scores.csv', row: 2, columns: { unit: 'unit', score: '职责任务' } });
    expect(locations.get('$.scores[3]')).toEqual({ source: 'b/scores.csv', row: 2, columns: { unit: 'unit', score: '依法行政' } });
    expect(locations.get('$.units[0]')).toEqual({ source: 'a/units.csv', row: 7, columns: { id: 'id' } });
    expect(locations.get('$.scores[4]')).toBeUndefined();
    expect(locations.get('$.prior[0]')).toBeUndefined();
    expect(locations.get('$.scores[0].score')).toBeUndefined();
    const replaced = locations.withTable('units', new Locations());
    expect(replaced.get('$.units[0]')).toBeUndefined();
    expect(replaced.get('$.scores[1]')).toEqual({ source: 'a/scores.csv', row: 4, columns: first });
  });
});
