/**
 * Indicator rankings make each score one exact number, sort a typed array of them, and order units with equal
 * scores by their tie-break codes. These properties hold that to the plain way, sorting with the comparator, on scores with ties, negative values,
 * fractions of up to twelve digits, and integer parts too large to pack (where it sorts with the comparator).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveFacts } from '../src/facts/deriveFacts.js';
import { factsByPlace } from './support/facts.js';
import { compareByKeys, compareIds, rankBySorting, SortColumns, type Sortable } from '../src/facts/order.js';
import { parseDataset, parseRuleSet, type SortKey } from '../src/index.js';
import { scoreUnits } from '../src/scoring/score.js';
import { INDICATORS_2014, hundredths } from './support/arbitraries.js';
import { ruleSetInput2014 } from './support/load.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40) * 10;

const decimal = fc.oneof(
  // few distinct values, so that ties are common
  fc.constantFrom('0', '-0', '0.5', '-0.5', '38.75', '38.750', '100', '99.99', '-12.000000000001', '0.000000000001'),
  fc.tuple(fc.integer({ min: -200, max: 200 }), fc.integer({ min: 0, max: 999_999_999_999 }), fc.integer({ min: 0, max: 12 })).map(([whole, fraction, digits]) =>
    digits === 0 ? String(whole) : `${whole}.${String(fraction).padStart(12, '0').slice(0, digits)}`,
  ),
  // integer parts at and beyond what packs exactly
  fc.constantFrom('9006.999999999999', '9007', '-9007.5', '123456789.25'),
);

function ranks(values: readonly (string | null)[], codes: readonly number[], order: 'asc' | 'desc') {
  const members = values.map(() => ({}) as Sortable);
  const columns = new SortColumns(members, () => (index) => values[index] ?? null);
  const among = values.flatMap((value, i) => (value === null ? [] : [i]));
  const key = { by: 'indicators.x', order } as const;
  const packed = new Map<number, number>();
  columns.competitionRanks(key, codes, among, (index, rank) => packed.set(index, rank));
  const sorted = new Map<number, number>();
  rankBySorting(among, columns.comparator([key], codes), (index, rank) => sorted.set(index, rank));
  return { packed, sorted };
}

describe('competition ranks on one key with tie-break codes', () => {
  it('are the same packed as sorted with the comparator', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(decimal, { freq: 8 }), { minLength: 1, maxLength: 60 }).chain((values) =>
          fc.tuple(fc.constant(values), fc.array(fc.integer({ min: 0, max: values.length - 1 }), { minLength: values.length, maxLength: values.length }), fc.constantFrom('asc' as const, 'desc' as const)),
        ),
        ([values, codes, order]) => {
          const { packed, sorted } = ranks(values, codes, order);
          expect([...packed].sort((a, b) => a[0] - b[0])).toEqual([...sorted].sort((a, b) => a[0] - b[0]));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('are the same packed as sorted when many units share a value, short blocks and long', () => {
    fc.assert(
      fc.property(
        fc.tuple(decimal, fc.integer({ min: 2, max: 80 })).chain(([value, count]) =>
          fc.tuple(fc.constant(Array.from({ length: count }, () => value)), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: count, maxLength: count }), fc.constantFrom('asc' as const, 'desc' as const)),
        ),
        ([values, codes, order]) => {
          const { packed, sorted } = ranks(values, codes, order);
          expect([...packed].sort((a, b) => a[0] - b[0])).toEqual([...sorted].sort((a, b) => a[0] - b[0]));
        },
      ),
      { numRuns: RUNS / 4 },
    );
  });

  it('give equal scores the same rank unless the tie-break code differs', () => {
    const { packed } = ranks(['38.75', '38.750', '39', null, '38.75', '-0', '0'], [0, 0, 0, 0, 1, 2, 2], 'desc');
    expect([...packed].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 2],
      [1, 2],
      [2, 1],
      [4, 4],
      [5, 5],
      [6, 5],
    ]);
  });
});

describe('codes of an order of several keys', () => {
  it('compare as the comparator on all the keys does, missing values included', () => {
    const member = fc.record({ composite: fc.option(decimal, { freq: 4 }), bonus: fc.option(fc.constantFrom('0', '1.5', '2'), { freq: 3 }), change: fc.option(decimal, { freq: 2 }) });
    const key = fc.record({ by: fc.constantFrom('composite', 'bonus', 'change'), order: fc.constantFrom('asc' as const, 'desc' as const) });
    // the codes are worked out from levels where the values allow, else found by comparing: both ways
    let leveled = 0;
    let compared = 0;
    fc.assert(
      fc.property(fc.array(member, { minLength: 1, maxLength: 40 }), fc.array(key, { minLength: 1, maxLength: 3 }), (rows, keys) => {
        const members = rows.map((row) => ({ ...row, deduction: null, priorComposite: null, indicators: {} }) as Sortable);
        const columns = new SortColumns(members);
        const codes = columns.codes(keys);
        if (columns._leveledCodes(keys)) leveled++;
        else compared++;
        const compare = columns.comparator(keys);
        for (let a = 0; a < members.length; a++) {
          // a code is how many units come before: the same numbers either way
          expect(codes[a], `${a}`).toBe(members.filter((_, b) => compare(b, a) < 0).length);
          for (let b = 0; b < members.length; b++) expect(Math.sign((codes[a] as number) - (codes[b] as number)), `${a} ${b}`).toBe(Math.sign(compare(a, b)));
        }
      }),
      { numRuns: RUNS / 2 },
    );
    expect(leveled).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(0);
  });

  it('put units in the order of many keys, each with many different values', () => {
    // 1,000 units with a different value on each of six indicators
    const size = 1000;
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const members = Array.from(
      { length: size },
      (_, i) => ({ composite: null, bonus: null, deduction: null, change: null, priorComposite: null, indicators: Object.fromEntries(ids.map((id, k) => [id, { score: `${k}.${String((i * (k + 1) + k) % size).padStart(3, '0')}` }])) }) as Sortable,
    );
    const keys = ids.map((id, k) => ({ by: `indicators.${id}`, order: k % 2 === 0 ? 'desc' : 'asc' }) as const);
    const columns = new SortColumns(members);
    const codes = columns._leveledCodes(keys);
    expect(codes).toBeDefined();
    const order = Array.from({ length: size }, (_, i) => i).sort(columns.comparator(keys));
    order.forEach((i, position) => expect(codes?.[i]).toBe(position));
  });

  it('are compared where a value is too large for one exact number', () => {
    const members = ['9007', '1', '2'].map((composite) => ({ composite, bonus: null, deduction: null, change: null, priorComposite: null, indicators: {} }) as Sortable);
    const columns = new SortColumns(members);
    expect(columns._leveledCodes([{ by: 'composite', order: 'desc' }])).toBeUndefined();
    expect([...columns.codes([{ by: 'composite', order: 'desc' }])]).toEqual([0, 2, 1]);
  });
});

describe('levels of units on a key', () => {
  it('are the same from a table of the values and from sorting them, and count the different values before', () => {
    fc.assert(
      fc.property(fc.array(fc.option(decimal, { freq: 6 }), { minLength: 1, maxLength: 60 }), fc.boolean(), (values, descending) => {
        const members = values.map((composite) => ({ composite, bonus: null, deduction: null, change: null, priorComposite: null, indicators: {} }) as Sortable);
        const columns = new SortColumns(members);
        const tabled = columns._levelsOf('composite', descending);
        const sorted = columns._levelsOf('composite', descending, 0);
        if (values.some((value) => value !== null && Math.abs(Number(value)) >= 9007)) {
          expect(tabled).toBeUndefined();
          return;
        }
        expect(tabled?.kinds).toBe(sorted?.kinds);
        expect([...(tabled?.levels ?? [])]).toEqual([...(sorted?.levels ?? [])]);
        const compare = columns.comparator([{ by: 'composite', order: descending ? 'desc' : 'asc' }]);
        const different = (i: number) => new Set(values.flatMap((value, j) => (value !== null && compare(j, i) < 0 ? [Number(value) + 0] : []))).size;
        values.forEach((value, i) => expect(tabled?.levels[i], `${value}`).toBe(value === null ? tabled?.kinds : different(i)));
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

describe('composite ranks', () => {
  // scores from a few values, so that composites and the keys after them tie often
  const population = fc.array(
    fc.record({
      category: fc.constantFrom('department', 'street'),
      level: fc.integer({ min: 0, max: 2 }),
      cents: fc.constantFrom(0, 25, 75),
      bonus: fc.option(fc.constantFrom(50, 100), { nil: undefined }),
      prior: fc.option(fc.constantFrom(8000, 9000), { nil: undefined }),
      // scores written with two places (ranked from the numbers the scoring read), or with none or three (read again)
      written: fc.constantFrom('two', 'two', 'other'),
    }),
    { minLength: 1, maxLength: 25 },
  );
  const key = fc.record({ by: fc.constantFrom('composite', 'bonus', 'deduction', 'change', 'priorComposite', 'indicators.duties', 'indicators.public'), order: fc.constantFrom('asc' as const, 'desc' as const) });
  const orderBy = fc.array(key, { minLength: 1, maxLength: 4 });

  it('are what sorting by the composite and then the tie-break gives, for any tie-break', () => {
    fc.assert(
      fc.property(population, orderBy, (rows, keys: SortKey[]) => {
        const input = ruleSetInput2014();
        const ruleSet = parseRuleSet({ ...input, ranking: { ...input.ranking, orderBy: keys } });
        const dataset = parseDataset(
          {
            units: rows.map((row, i) => ({ id: `U${i}`, name: `单位${i}`, category: row.category })),
            scores: rows.flatMap((row, i) =>
              INDICATORS_2014.map(([indicator, points]) => {
                const score = hundredths(points - row.level * 100 - row.cents);
                return { unit: `U${i}`, indicator, score: row.written === 'two' ? score : score.endsWith('.00') ? score.slice(0, -3) : `${score}0` };
              }),
            ),
            adjustments: rows.flatMap((row, i) => (row.bonus === undefined ? [] : [{ unit: `U${i}`, item: 'bonus', points: hundredths(row.bonus), reason: '加分' }])),
            prior: rows.flatMap((row, i) => (row.prior === undefined ? [] : [{ unit: `U${i}`, composite: hundredths(row.prior) }])),
          },
          ruleSet,
        );
        const facts = factsByPlace(deriveFacts(ruleSet, dataset, scoreUnits(ruleSet, dataset), 'now').table, dataset.units);
        const compositeKeys: SortKey[] = keys[0]?.by === 'composite' ? keys : [{ by: 'composite', order: 'desc' }, ...keys];
        for (const category of ['department', 'street']) {
          const members = dataset.units.map((unit, p) => ({ unit, facts: facts[p] })).filter((entry) => entry.unit.category === category).sort((a, b) => compareIds(a.unit.id, b.unit.id));
          const expected = new Map<number, number>();
          const ranked = members.flatMap((entry, i) => (entry.facts?.composite === null ? [] : [i]));
          rankBySorting(ranked, (a, b) => compareByKeys(compositeKeys, members[a]?.facts as Sortable, members[b]?.facts as Sortable), (i, rank) => expected.set(i, rank));
          members.forEach((entry, i) => expect(entry.facts?.rank, `${category} ${entry.unit.id}`).toBe(expected.get(i) ?? null));
        }
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

describe('a column whose values are known as numbers of hundredths', () => {
  // non-negative values with up to two places, as scores and composites are; up to and beyond what 32 bits hold
  const value = fc.oneof(
    fc.constantFrom('0', '0.00', '38.75', '38.7', '38.70', '38', '99.99', '100', '9007', '21474836.47', '21474836.48'),
    fc.tuple(fc.integer({ min: 0, max: 12_000 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 2 })).map(([whole, cents, places]) =>
      places === 0 ? String(whole) : places === 1 ? `${whole}.${Math.floor(cents / 10)}` : `${whole}.${String(cents).padStart(2, '0')}`,
    ),
  );
  const toHundredths = (text: string): number => {
    const [whole = '0', fraction = ''] = text.split('.');
    return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  };
  const member = fc.record({ a: fc.option(value, { freq: 5 }), b: fc.option(value, { freq: 3 }), c: fc.option(fc.constantFrom('1', '2.5', '2.50'), { freq: 3 }) });
  const key = fc.record({ by: fc.constantFrom('indicators.a', 'indicators.b', 'indicators.c'), order: fc.constantFrom('asc' as const, 'desc' as const) });
  // a value as a number of hundredths, so that 38.7 and 38.70 are one value
  const amountAt = (rows: readonly { a: string | null; b: string | null; c: string | null }[], by: string, index: number) => toHundredths((rows[index] as Record<string, string>)[by.slice('indicators.'.length)] as string);
  const columnsOf = (rows: readonly { a: string | null; b: string | null; c: string | null }[], known: boolean, readSome: boolean) => {
    const members = rows.map(() => ({}) as Sortable);
    const read = (by: string) => (index: number) => (rows[index] as Record<string, string | null>)[by.slice('indicators.'.length)] ?? null;
    // the caller may know a value's hundredths (-2 where there is none), or leave it to be read (-1)
    const hundredthsOf = (by: string) => (index: number) => {
      const text = read(by)(index);
      if (text === null) return -2;
      return readSome && index % 3 === 1 ? -1 : toHundredths(text);
    };
    return new SortColumns(members, read, known ? hundredthsOf : undefined);
  };

  it('levels and orders units with more different values than a byte or two can number', () => {
    for (const size of [1000, 70_000]) {
      // every value different but a few: 0.00 to 699.99 and more, in a shuffled order, some units without one
      const rows = Array.from({ length: size }, (_, i) => ({ a: i % 97 === 0 ? null : String(((i * 7919) % size) / 100), b: String(i % 3), c: null }));
      const fromTexts = columnsOf(rows, false, false);
      const fromNumbers = columnsOf(rows, true, false);
      expect(fromNumbers._inHundredths('indicators.a')).toBe(true);
      for (const descending of [false, true])
        for (const span of [undefined, 0]) {
          const expected = fromTexts._levelsOf('indicators.a', descending, span);
          const found = fromNumbers._levelsOf('indicators.a', descending, span);
          expect(found?.kinds).toBe(expected?.kinds);
          expect(found?.levels.some((level, i) => level !== expected?.levels[i])).toBe(false);
        }
      const keys = [{ by: 'indicators.b', order: 'asc' }, { by: 'indicators.a', order: 'desc' }] as const;
      const codes = fromNumbers.codes(keys);
      const expected = fromTexts.codes(keys);
      expect(codes.every((code, i) => code === expected[i])).toBe(true);
      expect(new Set(codes).size).toBeGreaterThan(900);
    }
  });

  it('orders, levels and ranks units as the same values read from their texts', () => {
    let inHundredths = 0;
    let read = 0;
    fc.assert(
      fc.property(fc.array(member, { minLength: 1, maxLength: 40 }), fc.array(key, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 40 }), (rows, keys, readSome, ties) => {
        const fromTexts = columnsOf(rows, false, false);
        const fromNumbers = columnsOf(rows, true, readSome);
        for (const by of ['indicators.a', 'indicators.b', 'indicators.c']) {
          expect(fromTexts._inHundredths(by)).toBe(false);
          const whole = rows.every((row) => {
            const text = row[by.slice('indicators.'.length) as 'a' | 'b' | 'c'];
            return text === null || toHundredths(text) <= 0x7fffffff;
          });
          const expected = whole && !(readSome && rows.length > 1 && rows.some((row, i) => i % 3 === 1 && row[by.slice('indicators.'.length) as 'a' | 'b' | 'c'] !== null));
          expect(fromNumbers._inHundredths(by), by).toBe(expected);
          if (expected) inHundredths++;
          else read++;
          for (const descending of [false, true]) {
            // a unit's level: how many different values come before its own; units without one after them all
            const compare = fromTexts.comparator([{ by, order: descending ? 'desc' : 'asc' }]);
            const present = [...fromTexts.having(by)];
            const before = (i: number) => new Set(present.filter((j) => compare(j, i) < 0).map((j) => amountAt(rows, by, j))).size;
            const kinds = new Set(present.map((j) => amountAt(rows, by, j))).size;
            const levels = rows.map((_, i) => (present.includes(i) ? before(i) : kinds));
            for (const span of [undefined, 0]) {
              const expected = fromTexts._levelsOf(by, descending, span);
              const found = fromNumbers._levelsOf(by, descending, span);
              // texts with an integer part from 9007 on are not levelled; in hundredths they are
              if (expected !== undefined) expect({ levels: [...(found?.levels ?? [])], kinds: found?.kinds }, `${by} ${descending} ${span}`).toEqual({ levels: [...expected.levels], kinds: expected.kinds });
              if (fromNumbers._inHundredths(by)) expect(found).toBeDefined();
              if (found !== undefined) expect({ levels: [...found.levels], kinds: found.kinds }, `${by} ${descending} ${span}`).toEqual({ levels, kinds });
            }
          }
        }
        expect([...fromNumbers.codes(keys)]).toEqual([...fromTexts.codes(keys)]);
        const then = rows.map((_, i) => ties[i] as number);
        const compareNumbers = fromNumbers.comparator(keys, then);
        const compareTexts = fromTexts.comparator(keys, then);
        for (let a = 0; a < rows.length; a++) for (let b = 0; b < rows.length; b++) expect(Math.sign(compareNumbers(a, b)), `${a} ${b}`).toBe(Math.sign(compareTexts(a, b)));
        const first = keys[0] as SortKey;
        const ranksOf = (columns: SortColumns) => {
          const given = new Map<number, number>();
          columns.competitionRanks(first, then, columns.having(first.by), (i, rank) => given.set(i, rank));
          return [...given].sort((x, y) => x[0] - y[0]);
        };
        expect(ranksOf(fromNumbers)).toEqual(ranksOf(fromTexts));
      }),
      { numRuns: RUNS / 2 },
    );
    expect(inHundredths).toBeGreaterThan(0);
    expect(read).toBeGreaterThan(0);
  });
});
