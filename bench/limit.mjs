// The practical limit: a hand-written classifier of the 2014 rules, written to be as fast as plain JavaScript
// allows while staying exact — scores held as integer hundredths (exact for two-decimal data) in typed arrays,
// units found by their place in the dataset, no decimal.js, no engine, no explanations.

const INDICATORS = ['duties', 'lawful', 'capacity', 'central-service', 'public', 'leadership', 'coordination', 'innovation', 'third-party'];
const K = INDICATORS.length;
const COLUMN = new Map(INDICATORS.map((id, column) => [id, column]));
// the first eight indicators count towards the composite; 95 % of each one's points is its single-item line
const COUNTED = 8;
const THRESHOLD = [3800, 760, 665, 475, 1900, 950, 475, 475];
// the ranking's tie-break after the composite: duties, public, leadership
const DUTIES = 0;
const PUBLIC = 4;
const LEADERSHIP = 5;

/** A non-negative decimal text as integer hundredths, digit by digit (the benchmark's data has at most two places). */
const cents = (text) => {
  let value = 0;
  let places = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) places = 0;
    else if (places < 0) value = value * 10 + (code - 48);
    else if (places < 2) {
      value = value * 10 + (code - 48);
      places += 1;
    }
  }
  for (places = Math.max(places, 0); places < 2; places++) value *= 10;
  return value;
};

const NONE = Object.freeze([]);
const LETTER = Object.freeze(['letter']);
const GRADED = Object.freeze(['org-list', 'evaluation-report']);
const GRADED_INTERVIEW = Object.freeze(['org-list', 'evaluation-report', 'interview']);
const OUTSTANDING = Object.freeze(['outstanding']);
const TASKS = Object.freeze(['municipal-tasks-completed']);
const OUTSTANDING_TASKS = Object.freeze(['outstanding', 'municipal-tasks-completed']);

/**
 * @param {{ units: object[], scores: object[], adjustments: object[], prior: object[] }} dataset
 * @returns {{ status: string, grade: string | null, mentions: readonly string[], flags: readonly string[] }[]}
 *   each unit's outcome, in the order of `dataset.units`
 */
export function classify(dataset) {
  const units = dataset.units;
  const n = units.length;
  const placeOf = new Map();
  for (let i = 0; i < n; i++) placeOf.set(units[i].id, i);
  const scores = new Int32Array(n * K);
  const total = new Int32Array(n);
  const bonus = new Int32Array(n);
  const deduction = new Int32Array(n);
  const prior = new Float64Array(n).fill(Number.NaN);
  // a unit's score rows mostly come together: the last unit found is tried before the map
  let last = -1;
  for (const row of dataset.scores) {
    if (last < 0 || units[last].id !== row.unit) last = placeOf.get(row.unit);
    const column = COLUMN.get(row.indicator);
    const value = cents(row.score);
    scores[last * K + column] = value;
    if (column < COUNTED) total[last] += value;
  }
  for (const row of dataset.adjustments) {
    const place = placeOf.get(row.unit);
    if (row.item === 'bonus') bonus[place] += cents(row.points);
    else deduction[place] += cents(row.points);
  }
  for (const row of dataset.prior) prior[placeOf.get(row.unit)] = cents(row.composite);

  const composite = new Int32Array(n);
  const groups = new Map();
  for (let i = 0; i < n; i++) {
    composite[i] = total[i] + Math.min(bonus[i], 300) - Math.min(deduction[i], 500);
    const category = units[i].category;
    if (category === 'lead-department' || category === 'vertical') continue;
    const members = groups.get(category);
    if (members) members.push(i);
    else groups.set(category, [i]);
  }
  const order = (a, b) =>
    composite[b] - composite[a] ||
    scores[b * K + DUTIES] - scores[a * K + DUTIES] ||
    scores[b * K + PUBLIC] - scores[a * K + PUBLIC] ||
    scores[b * K + LEADERSHIP] - scores[a * K + LEADERSHIP] ||
    (units[a].id < units[b].id ? -1 : 1);
  const admitted = new Uint8Array(n);
  for (const [category, members] of groups) {
    if (category !== 'department' && category !== 'street') continue;
    const places = Math.floor(members.length * 0.4 + 0.5);
    const candidates = members.filter((i) => composite[i] >= 9000 && deduction[i] === 0).sort(order);
    for (let j = 0; j < places && j < candidates.length; j++) admitted[candidates[j]] = 1;
  }

  const results = new Array(n);
  for (let i = 0; i < n; i++) {
    const unit = units[i];
    const category = unit.category;
    if (category === 'lead-department') results[i] = { status: 'excluded', grade: null, mentions: NONE, flags: NONE };
    else if (category === 'vertical') {
      const outstanding = composite[i] >= 9500;
      const tasks = unit.dataFlags !== undefined && unit.dataFlags.includes('municipal-tasks-completed');
      results[i] = { status: 'vertical', grade: null, mentions: outstanding ? (tasks ? OUTSTANDING_TASKS : OUTSTANDING) : tasks ? TASKS : NONE, flags: LETTER };
    } else {
      let grade = 'good';
      if (admitted[i] === 1) grade = 'overall-excellent';
      else {
        for (let column = 0; column < COUNTED; column++) {
          if (scores[i * K + column] >= THRESHOLD[column]) {
            grade = 'single-item-excellent';
            break;
          }
        }
      }
      const interview = composite[i] < 8000 || (!Number.isNaN(prior[i]) && composite[i] - prior[i] <= -500);
      results[i] = { status: 'graded', grade, mentions: NONE, flags: interview ? GRADED_INTERVIEW : GRADED };
    }
  }
  return results;
}
