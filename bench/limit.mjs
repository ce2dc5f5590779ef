// The practical limit: a hand-written classifier of the 2014 rules — plain numbers, scores held as integer
// hundredths (exact for two-decimal data), no decimal.js, no engine, no explanations.

const COUNTED = ['duties', 'lawful', 'capacity', 'central-service', 'public', 'leadership', 'coordination', 'innovation'];
const THRESHOLD = { duties: 3800, lawful: 760, capacity: 665, 'central-service': 475, public: 1900, leadership: 950, coordination: 475, innovation: 475 };
const TIE_BREAK = ['duties', 'public', 'leadership'];
const cents = (text) => {
  const point = text.indexOf('.');
  if (point < 0) return Number(text) * 100;
  const fraction = text.slice(point + 1);
  return Number(text.slice(0, point)) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
};

/**
 * @param {{ units: object[], scores: object[], adjustments: object[], prior: object[] }} dataset
 * @returns {Map<string, { status: string, grade: string | null, mentions: string[], flags: string[] }>}
 */
export function classify(dataset) {
  const units = new Map();
  for (const unit of dataset.units) units.set(unit.id, { unit, scores: {}, total: 0, bonus: 0, deduction: 0, prior: null });
  for (const row of dataset.scores) {
    const entry = units.get(row.unit);
    const value = cents(row.score);
    entry.scores[row.indicator] = value;
    if (COUNTED.includes(row.indicator)) entry.total += value;
  }
  for (const row of dataset.adjustments) {
    const entry = units.get(row.unit);
    entry[row.item] += cents(row.points);
  }
  for (const row of dataset.prior) units.get(row.unit).prior = cents(row.composite);
  const results = new Map();
  const groups = new Map();
  for (const [id, entry] of units) {
    const category = entry.unit.category;
    entry.composite = entry.total + Math.min(entry.bonus, 300) - Math.min(entry.deduction, 500);
    const status = category === 'lead-department' ? 'excluded' : category === 'vertical' ? 'vertical' : 'graded';
    results.set(id, { status, grade: null, mentions: [], flags: [] });
    if (status === 'graded') {
      const members = groups.get(category);
      if (members) members.push(id);
      else groups.set(category, [id]);
    }
  }
  const order = (a, b) => {
    const x = units.get(a);
    const y = units.get(b);
    if (x.composite !== y.composite) return y.composite - x.composite;
    for (const key of TIE_BREAK) if (x.scores[key] !== y.scores[key]) return y.scores[key] - x.scores[key];
    return a < b ? -1 : a > b ? 1 : 0;
  };
  for (const [category, ids] of groups) {
    const places = Math.floor(ids.length * 0.4 + 0.5);
    const candidates = category === 'department' || category === 'street' ? ids.filter((id) => units.get(id).composite >= 9000 && units.get(id).deduction === 0).sort(order) : [];
    const admitted = new Set(candidates.slice(0, places));
    for (const id of ids) {
      const entry = units.get(id);
      const result = results.get(id);
      result.grade = admitted.has(id) ? 'overall-excellent' : COUNTED.some((key) => entry.scores[key] >= THRESHOLD[key]) ? 'single-item-excellent' : 'good';
    }
  }
  for (const [id, entry] of units) {
    const result = results.get(id);
    if (result.status === 'vertical') {
      if (entry.composite >= 9500) result.mentions.push('outstanding');
      if ((entry.unit.dataFlags ?? []).includes('municipal-tasks-completed')) result.mentions.push('municipal-tasks-completed');
      result.flags.push('letter');
    } else if (result.status === 'graded') {
      result.flags.push('org-list', 'evaluation-report');
      if (entry.composite < 8000 || (entry.prior !== null && entry.composite - entry.prior <= -500)) result.flags.push('interview');
    }
  }
  return results;
}
