// A seeded generator of synthetic populations shaped like the 2014 Xicheng data: the same categories in
// about the same proportions, the same indicators, scores to two decimals, some bonus and deduction
// entries, prior-year composites, vertical units in four groups with the municipal-tasks flag.

const INDICATORS = [
  ['duties', 4000], ['lawful', 800], ['capacity', 700], ['central-service', 500],
  ['public', 2000], ['leadership', 1000], ['coordination', 500], ['innovation', 500], ['third-party', 10000],
];
const CATEGORIES = [
  ['department', 0.4], ['street', 0.25], ['key-area-office', 0.13], ['vertical', 0.18], ['lead-department', 0.04],
];
const GROUPS = ['tax', 'public-security', 'market-regulation', 'land-planning'];

/** A small, fast, seeded PRNG (mulberry32), so every run measures the same data. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hundredths = (value) => `${Math.trunc(value / 100)}.${String(value % 100).padStart(2, '0')}`;

/**
 * A population of `n` units as a kaoping dataset (long-form scores).
 *
 * @param {number} n - units
 * @param {number} seed - PRNG seed
 */
export function population(n, seed = 2014) {
  const next = random(seed);
  const units = [];
  const scores = [];
  const adjustments = [];
  const prior = [];
  for (let i = 0; i < n; i++) {
    const id = `U${String(i).padStart(7, '0')}`;
    let pick = next();
    const category = CATEGORIES.find(([, share]) => (pick -= share) < 0)?.[0] ?? 'department';
    const unit = { id, name: `单位${i}`, category };
    if (category === 'vertical') {
      unit.trackGroup = GROUPS[Math.floor(next() * GROUPS.length)];
      if (next() < 0.3) unit.dataFlags = ['municipal-tasks-completed'];
    }
    units.push(unit);
    if (category === 'lead-department') continue;
    // a unit's general level, then each indicator around it
    const level = 0.8 + next() * 0.18;
    let total = 0;
    for (const [indicator, points] of INDICATORS) {
      const share = Math.min(1, Math.max(0.5, level + (next() - 0.5) * 0.1));
      const score = Math.round(points * share);
      if (indicator !== 'third-party') total += score;
      scores.push({ unit: id, indicator, score: hundredths(score) });
    }
    if (next() < 0.1) adjustments.push({ unit: id, item: 'bonus', points: hundredths(Math.round(next() * 300)), reason: '加分' });
    if (next() < 0.05) adjustments.push({ unit: id, item: 'deduction', points: hundredths(Math.round(next() * 200)), reason: '扣分' });
    if (next() < 0.9) prior.push({ unit: id, composite: hundredths(Math.max(0, total + Math.round((next() - 0.55) * 1200))) });
  }
  return { units, scores, adjustments, prior };
}

/** The same population as CSV text: units.csv and wide-form scores.csv. */
export function populationCsv(dataset) {
  const unitLines = ['id,name,category,trackGroup,dataFlags'];
  for (const unit of dataset.units) unitLines.push([unit.id, unit.name, unit.category, unit.trackGroup ?? '', (unit.dataFlags ?? []).join(';')].join(','));
  const byUnit = new Map();
  for (const row of dataset.scores) {
    const line = byUnit.get(row.unit) ?? [];
    line.push(row.score);
    byUnit.set(row.unit, line);
  }
  const scoreLines = [['unit', ...INDICATORS.map(([id]) => id)].join(',')];
  for (const [unit, values] of byUnit) scoreLines.push([unit, ...values].join(','));
  return { units: `${unitLines.join('\n')}\n`, scores: `${scoreLines.join('\n')}\n` };
}

export { INDICATORS };
