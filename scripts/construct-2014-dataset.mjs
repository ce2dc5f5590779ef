// Writes examples/xicheng-2014/dataset.json: every unit the 2014 notice names, the survey figures it
// states, and CONSTRUCTED scores. The notice publishes no scores; these are made up so that the rules
// in rules/2014.json give every outcome the notice states. Run: node scripts/construct-2014-dataset.mjs
import { writeFileSync } from 'node:fs';

const INDICATORS = [
  ['duties', 4000], ['lawful', 800], ['capacity', 700], ['central-service', 500],
  ['public', 2000], ['leadership', 1000], ['coordination', 500], ['innovation', 500],
];
// 95% of each indicator's points, in hundredths: the single-item-excellent thresholds of rules/2014.json
const THRESHOLD = Object.fromEntries(INDICATORS.map(([id, points]) => [id, Math.ceil(points * 0.95)]));

// name, composite, indicators the unit is excellent in ('any' = no constraint), bonus, deduction
const DEPARTMENTS = [
  ['中关村西城园管委会', '96.82', 'any', [['1.50', '承担区委区政府交办的重大专项任务']]],
  ['区财政局', '96.35', 'any', [['2.00', '承担区委区政府交办的重大专项任务'], ['1.50', '工作经验被市级部门推广']]],
  ['区外联办', '95.91', 'any'],
  ['区园林绿化局', '95.47', 'any'],
  ['区民政局', '95.06', 'any', [['0.50', '工作经验被市级部门推广']]],
  ['区旅游委', '94.73', 'any'],
  ['区商务委', '94.38', 'any'],
  ['区国资委', '93.92', 'any'],
  ['区民防局', '93.55', 'any'],
  ['区住房城市建设委', '93.12', 'any'],
  ['区发展改革委', '92.64', ['duties']],
  ['区人力社保局', '91.87', ['leadership']],
  ['区环保局', '90.95', ['public'], [], [['0.80', '一项重点任务未按期完成']]],
  ['区审计局', '89.76', ['capacity']],
  ['区社会办', '89.31', ['coordination']],
  ['区统计局', '88.66', ['innovation']],
  ['区金融办', '88.12', ['central-service']],
  ['区政府法制办', '87.58', ['lawful']],
  ['区房管局', '86.97', ['public']],
  ['区政府民宗侨办', '86.43', ['coordination']],
  ['区卫生局', '85.92', []],
  ['区安全监管局', '85.24', []],
  ['区司法局', '84.67', []],
  ['区市政市容委', '83.85', []],
];
const KEY_AREA_OFFICES = [
  ['区重大办', '92.93', ['duties']],
  ['区环境建设办', '92.41', ['public']],
  ['金融街指挥部', '91.78', ['innovation']],
  ['大栅栏琉璃厂指挥部', '91.05', ['leadership']],
  ['天桥演艺区指挥部', '90.36', ['coordination']],
  ['什刹海阜景街指挥部', '89.62', ['central-service']],
  ['马连道指挥部', '88.97', ['capacity']],
  ['北展指挥部', '88.21', ['lawful']],
];
const STREETS = [
  ['什刹海街道', '95.64', 'any', [['1.00', '承担区委区政府交办的重大专项任务']]],
  ['大栅栏街道', '95.13', 'any'],
  ['西长安街街道', '94.71', 'any'],
  ['展览路街道', '94.26', 'any'],
  ['广外街道', '93.84', 'any'],
  ['德胜街道', '93.37', 'any'],
  ['天桥街道', '92.88', ['public']],
  ['新街口街道', '92.35', ['duties']],
  ['金融街街道', '89.72', ['innovation']],
  ['椿树街道', '89.24', ['leadership']],
  ['陶然亭街道', '88.91', ['coordination']],
  ['月坛街道', '88.45', ['public']],
  ['广内街道', '87.96', ['lawful']],
  ['牛街街道', '87.38', ['central-service']],
  ['白纸坊街道', '86.82', ['capacity']],
];
const LEAD = ['区政府办公室', '区监察局'];
// in the order of the notice's roster, which is the order of their codes
const VERTICAL = [
  ['区国税局', '95.80', 'tax', '北京市国家税务局'],
  ['区地税局', '93.96', 'tax', '北京市地方税务局'],
  ['西城公安分局', '94.62', 'public-security', '北京市公安局'],
  ['西城消防支队', '93.88', 'public-security', '北京市公安局消防局'],
  ['西城交通支队', '93.14', 'public-security', '北京市公安局公安交通管理局'],
  ['西城安全分局', '92.51', 'public-security', '北京市国家安全局'],
  ['西城食药监管分局', '94.20', 'market-regulation', '北京市食品药品监督管理局', true],
  ['西城工商分局', '92.70', 'market-regulation', '北京市工商行政管理局', true],
  ['区质监局', '93.50', 'market-regulation', '北京市质量技术监督局', true],
  ['西城国土分局', '91.86', 'land-planning', '北京市国土资源局'],
  ['西城规划分局', '91.35', 'land-planning', '北京市规划委员会'],
];

let seed = 20141231;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const hundredths = (text) => Math.round(Number(text) * 100);
const decimal = (value) => (value / 100).toFixed(2);

/** Indicator scores (hundredths) adding up exactly to `total`, excellent exactly in `excellent` unless 'any'. */
function construct(total, excellent) {
  const free = excellent === 'any';
  const scores = {};
  let remaining = total;
  for (const [id, points] of INDICATORS) {
    if (free || !excellent.includes(id)) continue;
    scores[id] = THRESHOLD[id] + Math.floor(random() * (points - THRESHOLD[id]) * 0.6);
    remaining -= scores[id];
  }
  const rest = INDICATORS.filter(([id]) => !(id in scores));
  const restPoints = rest.reduce((sum, [, points]) => sum + points, 0);
  const ceiling = (id, points) => (free ? points : THRESHOLD[id] - 1);
  for (const [id, points] of rest) {
    const jitter = (random() - 0.5) * 0.05 * points;
    scores[id] = Math.min(ceiling(id, points), Math.max(0, Math.round((points * remaining) / restPoints + jitter)));
  }
  // put the rounding residue where there is room, largest indicators first
  let residue = total - Object.values(scores).reduce((sum, value) => sum + value, 0);
  for (const [id, points] of [...rest].sort((a, b) => b[1] - a[1])) {
    const room = residue > 0 ? ceiling(id, points) - scores[id] : -scores[id];
    const step = residue > 0 ? Math.min(residue, room) : Math.max(residue, room);
    scores[id] += step;
    residue -= step;
  }
  if (residue !== 0) throw new Error(`cannot construct ${total} with ${JSON.stringify(excellent)}`);
  return scores;
}

const units = [];
const scores = [];
const adjustments = [];
const prior = [];
function add(code, name, category, composite, excellent, bonus = [], deduction = [], extra = {}) {
  units.push({ id: code, name, category, ...extra });
  if (composite === undefined) return;
  const bonusTotal = Math.min(300, bonus.reduce((sum, [points]) => sum + hundredths(points), 0));
  const deductionTotal = deduction.reduce((sum, [points]) => sum + hundredths(points), 0);
  const indicatorScores = construct(hundredths(composite) - bonusTotal + deductionTotal, excellent);
  for (const [id] of INDICATORS) scores.push({ unit: code, indicator: id, score: decimal(indicatorScores[id]) });
  scores.push({ unit: code, indicator: 'third-party', score: (85 + Math.floor(random() * 130) / 10).toFixed(1) });
  for (const [points, reason] of bonus) adjustments.push({ unit: code, item: 'bonus', points, reason });
  for (const [points, reason] of deduction) adjustments.push({ unit: code, item: 'deduction', points, reason });
  const priorComposite = hundredths(composite) + Math.round((random() - 0.6) * 500);
  const priorGrade = category === 'vertical' ? undefined
    : priorComposite >= 9300 && category !== 'key-area-office' ? 'overall-excellent'
    : priorComposite >= 8800 ? 'single-item-excellent' : 'good';
  prior.push({ unit: code, composite: decimal(priorComposite), ...(priorGrade ? { grade: priorGrade } : {}) });
}

// Codes are numbered in code-point order of the names, not in the notice's order: lists come out in
// the notice's order because of the scores, not because of the codes.
const codes = (prefix, list) => new Map([...list].map((entry) => entry[0]).sort().map((name, i) => [name, `${prefix}${String(i + 1).padStart(2, '0')}`]));
for (const [prefix, category, list] of [['D', 'department', DEPARTMENTS], ['K', 'key-area-office', KEY_AREA_OFFICES], ['S', 'street', STREETS]]) {
  const code = codes(prefix, list);
  for (const [name, composite, excellent, bonus, deduction] of list) add(code.get(name), name, category, composite, excellent, bonus, deduction);
}
LEAD.forEach((name, i) => add(`L0${i + 1}`, name, 'lead-department'));
VERTICAL.forEach(([name, composite, trackGroup, counterpart, municipalTasks], i) =>
  add(`V${String(i + 1).padStart(2, '0')}`, name, 'vertical', composite, 'any', [], [], {
    trackGroup,
    ...(municipalTasks ? { dataFlags: ['municipal-tasks-completed'] } : {}),
    counterpart,
  }),
);

const dataset = {
  $schema: '../../schema/dataset.schema.json',
  year: 2014,
  note: 'Units, categories, groups and survey figures are from the 2014 notice (西政发〔2015〕1号). Scores, adjustments and prior-year figures are CONSTRUCTED: the notice publishes none. See README.md in this folder.',
  units: units.sort((a, b) => (a.id < b.id ? -1 : 1)),
  scores,
  adjustments,
  prior,
  surveys: [
    { id: 'public-satisfaction', label: '千家评政府满意度', value: '92.77', prior: '91.75' },
    { id: 'administrative-service-satisfaction', label: '行政服务满意度', value: '97.38', prior: '93.11' },
    { id: 'third-party-task-completion', label: '第三方调查重点任务完成率', value: '100', unit: '%', note: '未计入考核成绩' },
    { id: 'third-party-satisfaction', label: '第三方调查满意度', value: '91', note: '未计入考核成绩' },
  ],
};
const compact = (key, value) => value;
const text = JSON.stringify(dataset, compact, 2)
  // one row per line keeps the file readable and its diffs small
  .replace(/\{\n\s+("unit"|"id")([^{}\[\]]*?)\n\s+\}/g, (match) => match.replace(/\n\s+/g, ' '));
writeFileSync(new URL('../examples/xicheng-2014/dataset.json', import.meta.url), `${text}\n`);
console.log(`${units.length} units, ${scores.length} scores`);
