import fc from 'fast-check';
import type { DatasetInput } from '../../src/index.js';

/** The 2014 indicators and their points, in hundredths. */
export const INDICATORS_2014: readonly (readonly [string, number])[] = [
  ['duties', 4000],
  ['lawful', 800],
  ['capacity', 700],
  ['central-service', 500],
  ['public', 2000],
  ['leadership', 1000],
  ['coordination', 500],
  ['innovation', 500],
  ['third-party', 10000],
];

const CATEGORIES = ['department', 'department', 'street', 'street', 'key-area-office', 'vertical', 'lead-department'] as const;
const GROUPS = ['tax', 'public-security', 'market-regulation', 'land-planning'] as const;

/** Hundredths as a decimal string: 3875 → "38.75". */
export const hundredths = (value: number): string => `${Math.trunc(value / 100)}.${String(value % 100).padStart(2, '0')}`;

/** A random population for the 2014 rule set: units of every category, scores within points, some adjustments and prior results. */
export const population2014 = (maxUnits = 30): fc.Arbitrary<DatasetInput> =>
  fc
    .array(
      fc.record({
        category: fc.constantFrom(...CATEGORIES),
        scores: fc.tuple(...INDICATORS_2014.map(([, points]) => fc.integer({ min: Math.floor(points * 0.6), max: points }))),
        bonus: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
        deduction: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
        prior: fc.option(fc.integer({ min: 7000, max: 10000 }), { nil: undefined }),
        group: fc.constantFrom(...GROUPS),
        municipal: fc.boolean(),
      }),
      { minLength: 1, maxLength: maxUnits },
    )
    .map((rows) => {
      const dataset: {
        units: DatasetInput['units'];
        scores: NonNullable<DatasetInput['scores']>;
        adjustments: NonNullable<DatasetInput['adjustments']>;
        prior: NonNullable<DatasetInput['prior']>;
      } = { units: [], scores: [], adjustments: [], prior: [] };
      rows.forEach((row, i) => {
        const id = `U${String(i).padStart(3, '0')}`;
        const vertical = row.category === 'vertical';
        dataset.units.push({
          id,
          name: `单位${i}`,
          category: row.category,
          ...(vertical ? { trackGroup: row.group, ...(row.municipal ? { dataFlags: ['municipal-tasks-completed'] } : {}) } : {}),
        });
        if (row.category === 'lead-department') return;
        INDICATORS_2014.forEach(([indicator], k) => dataset.scores.push({ unit: id, indicator, score: hundredths(row.scores[k] ?? 0) }));
        if (row.bonus !== undefined) dataset.adjustments.push({ unit: id, item: 'bonus', points: hundredths(row.bonus), reason: '加分' });
        if (row.deduction !== undefined) dataset.adjustments.push({ unit: id, item: 'deduction', points: hundredths(row.deduction), reason: '扣分' });
        if (row.prior !== undefined) dataset.prior.push({ unit: id, composite: hundredths(row.prior) });
      });
      return dataset;
    });

/** A seeded shuffle driven by fast-check. */
export const shuffled = <T>(items: readonly T[]): fc.Arbitrary<T[]> =>
  fc.array(fc.nat(), { minLength: items.length, maxLength: items.length }).map((keys) =>
    items
      .map((item, i) => ({ item, key: keys[i] ?? 0, i }))
      .sort((a, b) => a.key - b.key || a.i - b.i)
      .map(({ item }) => item),
  );

/** A JSON document with one random change at a random place: a value replaced, a key removed, an item repeated. */
export function mutated(base: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  walk(base, []);
  return fc.tuple(fc.constantFrom(...paths), fc.constantFrom('replace', 'delete', 'repeat'), fc.jsonValue({ maxDepth: 3 })).map(([path, how, replacement]) => {
    const copy = JSON.parse(JSON.stringify(base)) as unknown;
    if (path.length === 0) return replacement;
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown>;
    const key = path.at(-1) as string | number;
    if (how === 'replace') parent[key] = replacement;
    else if (how === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (Array.isArray(parent)) parent.splice(Number(key), 0, parent[Number(key)]);
    else parent[`${String(key)}_`] = parent[key];
    return copy;
  });
}
