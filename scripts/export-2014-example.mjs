// Writes the 2014 example dataset in the forms people fill in, from examples/xicheng-2014/dataset.json:
//   csv/       one UTF-8 CSV file per table, Chinese headers, scores in wide form
//   csv-gbk/   the same tables as Excel/WPS save "CSV" on Chinese Windows: GBK, CRLF
//   xicheng-2014.xlsx  one sheet per table, numbers as numbers
// Run: node scripts/export-2014-example.mjs   (a test checks every form gives the same result)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvFormatRows } from 'd3-dsv';

const root = new URL('../', import.meta.url);
const folder = new URL('examples/xicheng-2014/', root);
const ruleSet = JSON.parse(readFileSync(new URL('rules/2014.json', root), 'utf8'));
const dataset = JSON.parse(readFileSync(new URL('dataset.json', folder), 'utf8'));
const label = (list, id) => list.find((entry) => entry.id === id)?.label ?? id;
const names = new Map(dataset.units.map((unit) => [unit.id, unit.name]));

/** Each table: name, header, rows; `number` marks the columns that hold numbers. */
const tables = [
  {
    name: '单位',
    header: ['编码', '单位名称', '类别', '分组', '数据标记', '市级对口单位'],
    rows: dataset.units.map((unit) => [
      unit.id, unit.name, label(ruleSet.categories, unit.category), unit.trackGroup ? label(ruleSet.verticalTrack.groups, unit.trackGroup) : '',
      (unit.dataFlags ?? []).map((flag) => label(ruleSet.dataFlags, flag)).join('；'), unit.counterpart ?? '',
    ]),
  },
  {
    name: '得分',
    header: ['编码', '单位名称', ...ruleSet.indicators.map((indicator) => indicator.label)],
    number: (column) => column >= 2,
    rows: dataset.units
      .filter((unit) => dataset.scores.some((row) => row.unit === unit.id))
      .map((unit) => [
        unit.id, unit.name,
        ...ruleSet.indicators.map((indicator) => dataset.scores.find((row) => row.unit === unit.id && row.indicator === indicator.id)?.score ?? ''),
      ]),
  },
  {
    name: '加减分',
    header: ['编码', '单位名称', '项目', '分值', '事由'],
    number: (column) => column === 3,
    rows: dataset.adjustments.map((entry) => [entry.unit, names.get(entry.unit), label(ruleSet.adjustments, entry.item), entry.points, entry.reason]),
  },
  {
    name: '上年结果',
    header: ['编码', '单位名称', '上年综合得分', '上年等次'],
    number: (column) => column === 2,
    rows: dataset.prior.map((entry) => [entry.unit, names.get(entry.unit), entry.composite ?? '', entry.grade ? label(ruleSet.grades, entry.grade) : '']),
  },
  {
    name: '调查数据',
    header: ['编码', '调查项目', '本年', '上年', '计量单位', '备注'],
    number: (column) => column === 2 || column === 3,
    rows: dataset.surveys.map((entry) => [entry.id, entry.label, entry.value, entry.prior ?? '', entry.unit ?? '', entry.note ?? '']),
  },
];

for (const [dir, encode] of [
  ['csv', (text) => Buffer.from(text, 'utf8')],
  ['csv-gbk', (text) => iconv.encode(text.replace(/\n/g, '\r\n'), 'gbk')],
]) {
  mkdirSync(new URL(`${dir}/`, folder), { recursive: true });
  for (const table of tables) writeFileSync(new URL(`${dir}/${table.name}.csv`, folder), encode(`${csvFormatRows([table.header, ...table.rows])}\n`));
}

const workbook = new ExcelJS.Workbook();
workbook.creator = 'kaoping';
// fixed dates keep the workbook's bytes the same from run to run
workbook.created = workbook.modified = new Date('2015-01-01T00:00:00Z');
for (const table of tables) {
  const sheet = workbook.addWorksheet(table.name);
  sheet.addRow(table.header);
  for (const row of table.rows) sheet.addRow(row.map((cell, column) => (table.number?.(column) && cell !== '' ? Number(cell) : cell)));
}
await workbook.xlsx.writeFile(new URL('xicheng-2014.xlsx', folder).pathname);
console.log('wrote csv/, csv-gbk/ and xicheng-2014.xlsx');
