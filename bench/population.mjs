import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
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
 * The units of a population one at a time, each with its score rows, adjustments and prior-year row: what
 * {@link population} gathers into a dataset and {@link writePopulationCsv} writes as it goes.
 *
 * @param {number} n - units
 * @param {number} seed - PRNG seed
 */
export function* unitsOf(n, seed = 2014) {
  const next = random(seed);
  for (let i = 0; i < n; i++) {
    const id = `U${String(i).padStart(7, '0')}`;
    let pick = next();
    const category = CATEGORIES.find(([, share]) => (pick -= share) < 0)?.[0] ?? 'department';
    const unit = { id, name: `单位${i}`, category };
    if (category === 'vertical') {
      unit.trackGroup = GROUPS[Math.floor(next() * GROUPS.length)];
      if (next() < 0.3) unit.dataFlags = ['municipal-tasks-completed'];
    }
    const entry = { unit, scores: [], adjustments: [], prior: null };
    if (category !== 'lead-department') {
      // a unit's general level, then each indicator around it
      const level = 0.8 + next() * 0.18;
      let total = 0;
      for (const [indicator, points] of INDICATORS) {
        const share = Math.min(1, Math.max(0.5, level + (next() - 0.5) * 0.1));
        const score = Math.round(points * share);
        if (indicator !== 'third-party') total += score;
        entry.scores.push({ unit: id, indicator, score: hundredths(score) });
      }
      if (next() < 0.1) entry.adjustments.push({ unit: id, item: 'bonus', points: hundredths(Math.round(next() * 300)), reason: '加分' });
      if (next() < 0.05) entry.adjustments.push({ unit: id, item: 'deduction', points: hundredths(Math.round(next() * 200)), reason: '扣分' });
      if (next() < 0.9) entry.prior = { unit: id, composite: hundredths(Math.max(0, total + Math.round((next() - 0.55) * 1200))) };
    }
    yield entry;
  }
}

/**
 * A population of `n` units as a kaoping dataset (long-form scores).
 *
 * @param {number} n - units
 * @param {number} seed - PRNG seed
 */
export function population(n, seed = 2014) {
  const units = [];
  const scores = [];
  const adjustments = [];
  const prior = [];
  for (const entry of unitsOf(n, seed)) {
    units.push(entry.unit);
    scores.push(...entry.scores);
    adjustments.push(...entry.adjustments);
    if (entry.prior) prior.push(entry.prior);
  }
  return { units, scores, adjustments, prior };
}

/** Each indicator's evaluation subjects, as the 2014 rule set has them: each one's id and points in hundredths. */
const SUBJECTS = new Map(
  JSON.parse(readFileSync(new URL('../rules/2014.json', import.meta.url), 'utf8')).indicators.map((indicator) => [
    indicator.id,
    indicator.subjects.map((share) => [share.subject, Math.round(Number(share.points ?? indicator.points) * 100)]),
  ]),
);

/**
 * A score split among its indicator's subjects as their points split the indicator's: each part rounded to
 * hundredths, the last one what is left, and no part over its subject's points (what one would be over is moved to
 * the parts before it).
 *
 * @param {string} indicator - the indicator's id
 * @param {string} score - its score, with two places
 * @returns {[string, string][]} each subject's id and part
 */
export function partsOf(indicator, score) {
  const shares = SUBJECTS.get(indicator);
  const total = Math.round(Number(score) * 100);
  const points = shares.reduce((sum, [, share]) => sum + share, 0);
  const parts = shares.map(([, share]) => Math.round((total * share) / points));
  parts[parts.length - 1] = total - parts.slice(0, -1).reduce((sum, part) => sum + part, 0);
  for (let k = parts.length - 1; k > 0; k--) {
    const over = parts[k] - shares[k][1];
    if (over > 0) {
      parts[k] -= over;
      parts[k - 1] += over;
    }
  }
  return shares.map(([subject], k) => [subject, hundredths(parts[k])]);
}

/**
 * The same population written as units.csv and scores.csv in a folder, line by line, so that a million units are
 * written without being held: what the CLI reads in the benchmark. Scores in wide form (a unit per row, a column
 * per indicator), long form (a score per row: unit, indicator, score), or by subjects (a part of a score per row:
 * unit, indicator, subject, score; each score split among its indicator's subjects, as each subject's own sheet
 * would give it: fifteen rows a unit), or in long form in GBK, with Chinese headers, as Excel on Chinese Windows
 * saves a sheet as CSV.
 *
 * @param {number} n - units
 * @param {string} folder - where to write the two files
 * @param {number} seed - PRNG seed
 * @param {'wide' | 'long' | 'subjects' | 'gbk'} form - the scores table's form
 */
export function writePopulationCsv(n, folder, seed = 2014, form = 'wide') {
  const units = openSync(join(folder, 'units.csv'), 'w');
  const scores = openSync(join(folder, 'scores.csv'), 'w');
  const gbk = form === 'gbk';
  const write = gbk ? (file, text) => writeSync(file, iconv.encode(text, 'gbk')) : writeSync;
  let unitText = gbk ? '编码,名称,类别,分组,数据标记\n' : 'id,name,category,trackGroup,dataFlags\n';
  let scoreText = gbk ? '单位编码,指标,得分\n' : form === 'long' ? 'unit,indicator,score\n' : form === 'subjects' ? 'unit,indicator,subject,score\n' : `${['unit', ...INDICATORS.map(([id]) => id)].join(',')}\n`;
  for (const { unit, scores: rows } of unitsOf(n, seed)) {
    unitText += `${[unit.id, unit.name, unit.category, unit.trackGroup ?? '', (unit.dataFlags ?? []).join(';')].join(',')}\n`;
    if (form === 'long' || gbk) for (const row of rows) scoreText += `${unit.id},${row.indicator},${row.score}\n`;
    else if (form === 'subjects') for (const row of rows) for (const [subject, part] of partsOf(row.indicator, row.score)) scoreText += `${unit.id},${row.indicator},${subject},${part}\n`;
    else if (rows.length > 0) scoreText += `${[unit.id, ...rows.map((row) => row.score)].join(',')}\n`;
    if (unitText.length > 1 << 16) {
      write(units, unitText);
      unitText = '';
    }
    if (scoreText.length > 1 << 16) {
      write(scores, scoreText);
      scoreText = '';
    }
  }
  write(units, unitText);
  write(scores, scoreText);
  closeSync(units);
  closeSync(scores);
}

/**
 * Writes the population as a workbook, as {@link writePopulationCsv} writes it in wide form: a sheet of units and a
 * sheet of scores (a unit per row, an indicator per column), the scores as numbers and the texts as shared
 * strings, as Excel saves them (a number drops its trailing zeros: 38.70 is 38.7). Written by exceljs's streaming
 * writer, one sheet after the other.
 */
export async function writePopulationXlsx(n, file, seed = 2014) {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const units = workbook.addWorksheet('units');
  units.addRow(['id', 'name', 'category', 'trackGroup', 'dataFlags']).commit();
  for (const { unit } of unitsOf(n, seed)) units.addRow([unit.id, unit.name, unit.category, unit.trackGroup ?? null, (unit.dataFlags ?? []).join(';') || null]).commit();
  units.commit();
  const scores = workbook.addWorksheet('scores');
  scores.addRow(['unit', ...INDICATORS.map(([id]) => id)]).commit();
  for (const { unit, scores: rows } of unitsOf(n, seed)) if (rows.length > 0) scores.addRow([unit.id, ...rows.map((row) => Number(row.score))]).commit();
  scores.commit();
  await workbook.commit();
}

export { INDICATORS };
