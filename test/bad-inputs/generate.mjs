// Writes the bad-input cases that cannot be written by hand: bytes in other encodings, byte-order marks
// and CRLF line ends, invalid bytes, XLSX workbooks (good ones with one bad cell, and broken ones), and
// the extreme lengths and depths. The outputs are committed beside this script; run it again after
// changing it:
//
//   node test/bad-inputs/generate.mjs
//
// Each case's case.json says "made": "generate.mjs: …" for the files written here. Folders are found by
// their short name (the part after "NNN-"), so renumbering cases needs no change here. Everything but the
// workbooks comes out byte for byte the same each time; the workbooks differ only in their zip entries'
// timestamps.

import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

const here = dirname(fileURLToPath(import.meta.url));
const folders = readdirSync(here).filter((name) => /^\d{3}-/.test(name));

/** The case folder whose name is NNN-<short>. */
function folder(short) {
  const found = folders.find((name) => name.slice(4) === short);
  if (!found) throw new Error(`no case folder named NNN-${short}`);
  return join(here, found);
}

function write(short, file, content) {
  const path = join(folder(short), file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const crlf = (text) => text.replace(/\r?\n/g, '\r\n');
const utf8 = (text) => Buffer.from(text, 'utf8');
const gbk = (text) => iconv.encode(text, 'gbk');
const tinyRulesText = readFileSync(join(here, '_tiny/rules.json'), 'utf8');
const tinyRules = () => JSON.parse(tinyRulesText);
const tinyDataText = readFileSync(join(here, '_tiny/data.json'), 'utf8');
const tinyData = () => JSON.parse(tinyDataText);
const UNITS_CSV = '编码,单位名称,类别,数据标记\nS1,街道一,街道,\nS2,街道二,街道,完成市级任务\nL1,牵头一,牵头部门,\n';
const SCORES_CSV = '编码,单位名称,甲,乙\nS1,街道一,50,35.5\nS2,街道二,45,30\n';

// ---- rule sets -------------------------------------------------------------------------------------

{
  // conditions nested 5,000 levels deep: {"not": {"not": … {"fact": …} …}}
  const depth = 5000;
  const leaf = '{"fact":"composite","operator":"decimalGreaterThanInclusive","value":"80"}';
  const nested = '{"not":'.repeat(depth) + leaf + '}'.repeat(depth);
  const text = tinyRulesText.replace(
    '"conditions": { "all": [{ "fact": "composite", "operator": "decimalGreaterThanInclusive", "value": "80" }] }',
    `"conditions": { "all": [${nested}] }`,
  );
  if (text === tinyRulesText) throw new Error('the tiny rule set changed: update generate.mjs');
  write('rules-conditions-5000-deep', 'rules.json', text);
}

{
  const rules = tinyRules();
  rules.title = 'X'.repeat(100_000);
  write('rules-title-100000-chars', 'rules.json', `${JSON.stringify(rules, null, 2)}\n`);
}

{
  // a UTF-8 byte-order mark and CRLF line ends, and a trailing comma after "total" (line 6)
  const text = tinyRulesText.replace('"total": "100",', '"total": "100",,');
  write('rules-bom-crlf-invalid-json', 'rules.json', Buffer.concat([BOM, utf8(crlf(text))]));
}

{
  // a UTF-8 byte-order mark and CRLF line ends, and a misspelt key: "precison"
  const text = tinyRulesText.replace('"precision":', '"precison":');
  write('rules-bom-crlf-misspelt-key', 'rules.json', Buffer.concat([BOM, utf8(crlf(text))]));
}

// a rule set saved as GBK, and one saved as UTF-16 with a byte-order mark (Windows Notepad's "Unicode")
write('rules-saved-as-gbk', 'rules.json', gbk(tinyRulesText));
write('rules-saved-as-utf16', 'rules.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tinyRulesText, 'utf16le')]));

// ---- JSON datasets ---------------------------------------------------------------------------------

{
  const data = tinyData();
  data.units[1].name = 'X'.repeat(100_000);
  write('data-json-name-100000-chars', 'data.json', `${JSON.stringify(data, null, 2)}\n`);
}

{
  // "note" holds an array nested 5,000 levels deep
  const depth = 5000;
  const text = tinyDataText.replace('"year": 2020,', `"year": 2020,\n  "note": ${'['.repeat(depth)}"深"${']'.repeat(depth)},`);
  write('data-json-nested-5000-deep', 'data.json', text);
}

{
  // BOM + CRLF, and a score given as an object
  const text = tinyDataText.replace('{ "unit": "S2", "indicator": "b", "score": "30" }', '{ "unit": "S2", "indicator": "b", "score": { "value": "30" } }');
  write('data-json-bom-crlf-wrong-type', 'data.json', Buffer.concat([BOM, utf8(crlf(text))]));
}

// ---- CSV folders -----------------------------------------------------------------------------------

{
  write('csv-name-100000-chars', 'data/单位.csv', UNITS_CSV.replace('S2,街道二,', `S2,${'X'.repeat(100_000)},`));
  write('csv-name-100000-chars', 'data/得分.csv', SCORES_CSV.replace('S2,街道二,', 'S2,,'));
}

{
  // UTF-8 with a byte-order mark and CRLF line ends, as Excel's "CSV UTF-8" writes; the BOM sits before
  // the first header, which must still read as 编码. The only fault: 乙 = 41 > 40 on row 3.
  write('csv-utf8-bom-crlf-score-above-max', 'data/单位.csv', Buffer.concat([BOM, utf8(crlf(UNITS_CSV))]));
  write('csv-utf8-bom-crlf-score-above-max', 'data/得分.csv', Buffer.concat([BOM, utf8(crlf(SCORES_CSV.replace('S2,街道二,45,30', 'S2,街道二,45,41')))]));
}

{
  // BOM + CRLF, a units table with only its header row
  write('csv-utf8-bom-crlf-header-only', 'data/单位.csv', Buffer.concat([BOM, utf8(crlf('编码,单位名称,类别,数据标记\n'))]));
  write('csv-utf8-bom-crlf-header-only', 'data/得分.csv', Buffer.concat([BOM, utf8(crlf('编码,单位名称,甲,乙\n'))]));
}

{
  // GBK, as Excel and WPS save "CSV" on Chinese Windows: a score typed in words (三十)
  write('csv-gbk-score-text', 'data/单位.csv', gbk(UNITS_CSV));
  write('csv-gbk-score-text', 'data/得分.csv', gbk(SCORES_CSV.replace('S2,街道二,45,30', 'S2,街道二,45,三十')));
}

{
  // GBK + CRLF: a comma decimal, quoted as Excel would
  write('csv-gbk-crlf-comma-decimal', 'data/单位.csv', gbk(crlf(UNITS_CSV)));
  write('csv-gbk-crlf-comma-decimal', 'data/得分.csv', gbk(crlf(SCORES_CSV.replace('S1,街道一,50,35.5', 'S1,街道一,50,"35,5"'))));
}

// the good tiny CSV, but saved as GBK, read with --encoding utf-8
write('csv-gbk-read-as-utf8', 'data/单位.csv', gbk(UNITS_CSV));
write('csv-gbk-read-as-utf8', 'data/得分.csv', gbk(SCORES_CSV));

{
  // --encoding gbk, but 得分.csv ends in a row holding 0x81 0x20: a lead byte without its trail byte
  write('csv-invalid-gbk-bytes-read-as-gbk', 'data/单位.csv', gbk(UNITS_CSV));
  write('csv-invalid-gbk-bytes-read-as-gbk', 'data/得分.csv', Buffer.concat([gbk(SCORES_CSV), Buffer.from('S3,'), Buffer.from([0x81, 0x20]), Buffer.from(',1,1\n')]));
}

{
  // --encoding gbk, and the cell 乙 of S2 holds the bytes "3", 0xFF, "0": 0xFF is no GBK byte
  const scores = gbk(SCORES_CSV.replace('S2,街道二,45,30', 'S2,街道二,45,@'));
  const at = scores.indexOf(0x40);
  write('csv-byte-ff-read-as-gbk', 'data/单位.csv', gbk(UNITS_CSV));
  write('csv-byte-ff-read-as-gbk', 'data/得分.csv', Buffer.concat([scores.subarray(0, at), Buffer.from([0x33, 0xff, 0x30]), scores.subarray(at + 1)]));
}

{
  // bytes that are neither UTF-8 nor GB18030
  write('csv-bytes-neither-utf8-nor-gbk', 'data/单位.csv', utf8(UNITS_CSV));
  write('csv-bytes-neither-utf8-nor-gbk', 'data/得分.csv', Buffer.concat([utf8(SCORES_CSV), Buffer.from([0x81, 0x20, 0xff, 0xfe, 0x30, 0x0a])]));
}

{
  // a UTF-8 byte-order mark, then GBK bytes
  write('csv-utf8-bom-then-gbk-bytes', 'data/单位.csv', utf8(UNITS_CSV));
  write('csv-utf8-bom-then-gbk-bytes', 'data/得分.csv', Buffer.concat([BOM, gbk(SCORES_CSV)]));
}

{
  // UTF-16LE with a byte-order mark and CRLF (Excel's "Unicode text" saved as .csv): 乙 = 41 > 40 for S2
  const utf16 = (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf(text), 'utf16le')]);
  write('csv-utf16-bom-score-above-max', 'data/单位.csv', utf16(UNITS_CSV));
  write('csv-utf16-bom-score-above-max', 'data/得分.csv', utf16(SCORES_CSV.replace('S2,街道二,45,30', 'S2,街道二,45,41')));
}

{
  // the real 2014 layout: the example's headers and two of its units (D01, D23), as GBK; 职责任务 = 40.5 for D01
  const example = (file) => readFileSync(join(here, '../../examples/xicheng-2014/csv', file), 'utf8').split('\n');
  const pick = (lines) => `${[lines[0], ...lines.filter((line) => /^(D01|D23),/.test(line))].join('\n')}\n`;
  write('example-gbk-score-above-max', 'data/单位.csv', gbk(pick(example('单位.csv'))));
  const scores = pick(example('得分.csv')).replace(/^D01,中关村西城园管委会,38\.75,/m, 'D01,中关村西城园管委会,40.5,');
  if (!scores.includes(',40.5,')) throw new Error('the example changed: update generate.mjs');
  write('example-gbk-score-above-max', 'data/得分.csv', gbk(scores));
}

// ---- XLSX workbooks --------------------------------------------------------------------------------

const UNITS_SHEET = [['编码', '单位名称', '类别'], ['S1', '街道一', '街道'], ['S2', '街道二', '街道'], ['L1', '牵头一', '牵头部门']];
const SCORES_SHEET = [['编码', '单位名称', '甲', '乙'], ['S1', '街道一', 50, 35.5], ['S2', '街道二', 45, 30]];

/** A workbook of the tiny dataset; `change` edits the sheets (arrays of rows) first. */
async function workbook(short, change = () => {}, file = 'data.xlsx') {
  const sheets = { 单位: structuredClone(UNITS_SHEET), 得分: structuredClone(SCORES_SHEET) };
  change(sheets);
  const book = new ExcelJS.Workbook();
  book.creator = 'kaoping generate.mjs';
  book.created = book.modified = new Date(Date.UTC(2020, 0, 1));
  for (const [name, rows] of Object.entries(sheets)) {
    if (rows === undefined) continue;
    const sheet = book.addWorksheet(name);
    for (const row of rows) {
      // a cell given as { value, numFmt } is written with that number format
      const added = sheet.addRow(row.map((cell) => (cell !== null && typeof cell === 'object' && 'numFmt' in cell ? cell.value : cell)));
      row.forEach((cell, k) => {
        if (cell !== null && typeof cell === 'object' && 'numFmt' in cell) added.getCell(k + 1).numFmt = cell.numFmt;
      });
    }
  }
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  write(short, file, bytes);
  return bytes;
}

{
  // a good workbook cut off after 1,000 bytes, as an interrupted download leaves it
  const bytes = await workbook('xlsx-truncated');
  write('xlsx-truncated', 'data.xlsx', bytes.subarray(0, 1000));
}
await workbook('xlsx-date-in-score', (s) => (s.得分[1][2] = new Date(Date.UTC(2020, 4, 1))));
await workbook('xlsx-percent-in-score', (s) => (s.得分[1][3] = { value: 0.355, numFmt: '0.00%' }));
await workbook('xlsx-score-above-max', (s) => (s.得分[1][2] = 60.01));
await workbook('xlsx-float-noise', (s) => (s.得分[1][3] = 0.1 + 0.2));
await workbook('xlsx-huge-number', (s) => (s.得分[1][3] = 1e21));
await workbook('xlsx-boolean-in-score', (s) => (s.得分[2][3] = true));
await workbook('xlsx-formula-error', (s) => (s.得分[2][2] = { formula: '1/0', result: { error: '#DIV/0!' } }));
await workbook('xlsx-duplicate-unit', (s) => s.单位.push(['S1', '又一街道', '街道']));
await workbook('xlsx-duplicate-column', (s) => {
  s.得分[0].push('乙');
  s.得分[1].push(35.5);
  s.得分[2].push(30);
});
await workbook('xlsx-unknown-category', (s) => (s.单位[3][2] = 'board'));
await workbook('xlsx-header-only', (s) => {
  s.单位.length = 1;
  s.得分.length = 1;
});
await workbook('xlsx-no-units-sheet', (s) => {
  s.Sheet1 = s.单位;
  delete s.单位;
});
await workbook('xlsx-unit-id-proto', (s) => {
  s.单位[2][0] = '__proto__';
  s.得分.length = 2;
});

/**
 * A compound file (OLE2), the form Excel 97–2003 saved workbooks in and Excel and WPS save a workbook protected by
 * a password in: its header, one sector of its allocation table and one of its directory, naming the streams given
 * (each left empty; kaoping reads no further than the names).
 */
function compoundFile(streams) {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 24); // minor version
  header.writeUInt16LE(3, 26); // major version: 512-byte sectors
  header.writeUInt16LE(0xfffe, 28); // byte order
  header.writeUInt16LE(9, 30); // sector shift
  header.writeUInt16LE(6, 32); // mini sector shift
  header.writeUInt32LE(1, 44); // sectors of the allocation table
  header.writeUInt32LE(1, 48); // the directory's first sector
  header.writeUInt32LE(4096, 56); // mini stream cutoff
  header.writeUInt32LE(0xfffffffe, 60); // no mini allocation table
  header.writeUInt32LE(0xfffffffe, 68); // no further sectors of the allocation table
  header.writeUInt32LE(0, 76); // the allocation table is sector 0
  for (let k = 1; k < 109; k++) header.writeUInt32LE(0xffffffff, 76 + 4 * k);
  const table = Buffer.alloc(512, 0xff);
  table.writeUInt32LE(0xfffffffd, 0); // sector 0 holds the table
  table.writeUInt32LE(0xfffffffe, 4); // sector 1, the directory, ends its chain
  const directory = Buffer.alloc(512);
  const names = ['Root Entry', ...streams];
  names.forEach((name, k) => {
    const entry = directory.subarray(128 * k, 128 * (k + 1));
    Buffer.from(name, 'utf16le').copy(entry, 0);
    entry.writeUInt16LE((name.length + 1) * 2, 64);
    entry[66] = k === 0 ? 5 : 2; // the root storage, then streams
    entry[67] = 1; // black
    entry.writeUInt32LE(0xffffffff, 68); // left sibling
    entry.writeUInt32LE(k > 0 && k + 1 < names.length ? k + 1 : 0xffffffff, 72); // right sibling
    entry.writeUInt32LE(k === 0 && names.length > 1 ? 1 : 0xffffffff, 76); // child
    entry.writeUInt32LE(0xfffffffe, 116); // first sector: none, each stream is empty
  });
  return Buffer.concat([header, table, directory]);
}

// a workbook saved with a password, and an Excel 97–2003 workbook renamed to .xlsx
write('xlsx-password-protected', 'data.xlsx', compoundFile(['EncryptionInfo', 'EncryptedPackage']));
write('xlsx-old-xls-renamed', 'data.xlsx', compoundFile(['Workbook', '\u0005SummaryInformation']));

console.log('wrote the generated bad-input files');
