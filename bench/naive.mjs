// json-rules-engine used the way its README shows: an Engine per stage, one `run` per unit, its default
// JSONPath paths and float operators — for two-decimal data these agree with exact comparison.
import { Engine } from 'json-rules-engine';

const COUNTED = ['duties', 'lawful', 'capacity', 'central-service', 'public', 'leadership', 'coordination', 'innovation'];
const THRESHOLD = { duties: 38, lawful: 7.6, capacity: 6.65, 'central-service': 4.75, public: 19, leadership: 9.5, coordination: 4.75, innovation: 4.75 };

function engine(rules) {
  const e = new Engine([], { allowUndefinedFacts: true });
  rules.forEach((rule, i) => e.addRule({ ...rule, priority: rules.length - i }));
  return e;
}

/**
 * @param {{ units: object[], scores: object[], adjustments: object[], prior: object[] }} dataset
 */
export async function classify(dataset) {
  const facts = new Map();
  for (const unit of dataset.units) facts.set(unit.id, { category: unit.category, dataFlags: unit.dataFlags ?? [], scores: {}, total: 0, bonus: 0, deduction: 0, prior: null });
  for (const row of dataset.scores) {
    const entry = facts.get(row.unit);
    entry.scores[row.indicator] = Number(row.score);
    if (COUNTED.includes(row.indicator)) entry.total = Math.round((entry.total + Number(row.score)) * 100) / 100;
  }
  for (const row of dataset.adjustments) facts.get(row.unit)[row.item] += Number(row.points);
  for (const row of dataset.prior) facts.get(row.unit).prior = Number(row.composite);
  for (const entry of facts.values()) {
    entry.composite = Math.round((entry.total + Math.min(entry.bonus, 3) - Math.min(entry.deduction, 5)) * 100) / 100;
    entry.change = entry.prior === null ? null : Math.round((entry.composite - entry.prior) * 100) / 100;
  }
  // ranks need the population first, as in kaoping
  const groups = new Map();
  for (const [id, entry] of facts) {
    const members = groups.get(entry.category);
    if (members) members.push(id);
    else groups.set(entry.category, [id]);
  }
  const order = (a, b) => {
    const x = facts.get(a);
    const y = facts.get(b);
    if (x.composite !== y.composite) return y.composite - x.composite;
    for (const key of ['duties', 'public', 'leadership']) if (x.scores[key] !== y.scores[key]) return y.scores[key] - x.scores[key];
    return a < b ? -1 : a > b ? 1 : 0;
  };
  const track = engine([
    { conditions: { all: [{ fact: 'category', operator: 'equal', value: 'lead-department' }] }, event: { type: 'excluded' } },
    { conditions: { all: [{ fact: 'category', operator: 'equal', value: 'vertical' }] }, event: { type: 'vertical' } },
  ]);
  const grade = engine([
    {
      conditions: { all: [
        { fact: 'category', operator: 'in', value: ['department', 'street'] },
        { fact: 'composite', operator: 'greaterThanInclusive', value: 90 },
        { fact: 'deduction', operator: 'equal', value: 0 },
      ] },
      event: { type: 'overall-excellent' },
    },
    { conditions: { any: COUNTED.map((key) => ({ fact: 'scores', path: `$.${key}`, operator: 'greaterThanInclusive', value: THRESHOLD[key] })) }, event: { type: 'single-item-excellent' } },
    { conditions: { all: [] }, event: { type: 'good' } },
  ]);
  const mentions = engine([
    { conditions: { all: [{ fact: 'composite', operator: 'greaterThanInclusive', value: 95 }] }, event: { type: 'outstanding' } },
    { conditions: { all: [{ fact: 'dataFlags', operator: 'contains', value: 'municipal-tasks-completed' }] }, event: { type: 'municipal-tasks-completed' } },
  ]);
  const interview = engine([
    { conditions: { any: [{ fact: 'composite', operator: 'lessThan', value: 80 }, { fact: 'change', operator: 'lessThanInclusive', value: -5 }] }, event: { type: 'interview' } },
  ]);
  const results = new Map();
  for (const [id, entry] of facts) {
    const { events } = await track.run(entry);
    const status = events[0]?.type ?? 'graded';
    results.set(id, { status, grade: null, mentions: [], flags: [] });
  }
  for (const ids of groups.values()) {
    const graded = ids.filter((id) => results.get(id).status === 'graded');
    const places = Math.floor(graded.length * 0.4 + 0.5);
    const held = new Map();
    for (const id of graded) held.set(id, (await grade.run(facts.get(id))).events.map((event) => event.type));
    const candidates = graded.filter((id) => held.get(id).includes('overall-excellent')).sort(order);
    const admitted = new Set(candidates.slice(0, places));
    for (const id of graded) {
      const events = held.get(id);
      results.get(id).grade = admitted.has(id) ? 'overall-excellent' : events.includes('single-item-excellent') ? 'single-item-excellent' : 'good';
    }
  }
  for (const [id, entry] of facts) {
    const result = results.get(id);
    if (result.status === 'vertical') {
      result.mentions = (await mentions.run(entry)).events.map((event) => event.type).sort((a, b) => (a === 'outstanding' ? -1 : b === 'outstanding' ? 1 : 0));
      result.flags = ['letter'];
    } else if (result.status === 'graded') {
      result.flags = ['org-list', 'evaluation-report', ...(await interview.run(entry)).events.map(() => 'interview')];
    }
  }
  return results;
}
