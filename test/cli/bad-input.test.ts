import { appendFileSync, copyFileSync, existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { copyExample, kaoping, scratch } from '../support/cli.js';

const RULES = 'rules/2014.json';

/** Runs `kaoping run` with --out into a fresh folder; checks exit 2, no stack trace, no file left. */
function runBad(ruleSet: string, dataset: string, extra: string[] = []): string {
  const folder = scratch();
  const out = join(folder, 'result.json');
  const run = kaoping(['run', ruleSet, dataset, '--out', out, ...extra]);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(folder)).toEqual([]);
  return run.stderr;
}

const edit = (file: string, change: (text: string) => string) => writeFileSync(file, change(readFileSync(file, 'utf8')));

describe('bad input exits 2 with the file and the place named', () => {
  it('a missing file', () => {
    expect(runBad(RULES, 'examples/xicheng-2014/nope.json')).toBe('error: examples/xicheng-2014/nope.json: no such file or folder\n');
    expect(runBad('rules/1999.json', 'examples/xicheng-2014/dataset.json')).toBe('error: rules/1999.json: no such file\n');
  });

  it('broken JSON, with line and column', () => {
    const file = join(scratch(), 'rules.json');
    writeFileSync(file, '{\n  "id": "x",\n  "year": 2015,,\n}\n');
    expect(runBad(file, 'examples/xicheng-2014/dataset.json')).toMatch(new RegExp(`^error: ${file}: line 3, column 16: not valid JSON: `));
  });

  it('an empty file', () => {
    const file = join(scratch(), 'data.json');
    writeFileSync(file, '');
    expect(runBad(RULES, file)).toBe(`error: ${file}: the file is empty; expected a JSON object\n`);
  });

  it('a wrong type in a JSON dataset, with its JSON path', () => {
    const file = copyExample('dataset.json');
    edit(file, (text) => text.replace('"name": "区财政局"', '"name": 42'));
    expect(runBad(RULES, file)).toContain(`error: ${file}: $.units[22].name: expected string, found the number 42\n`);
  });

  it('an unknown column in a CSV file, with row and column', () => {
    const folder = copyExample('csv');
    edit(join(folder, '单位.csv'), (text) => text.replace('市级对口单位', '备用'));
    expect(runBad(RULES, folder)).toContain(`error: ${join(folder, '单位.csv')}: row 1, column 6: unknown column "备用"; expected id, name, category, trackGroup, dataFlags, counterpart, staff\n`);
  });

  it('a duplicate unit in a CSV file', () => {
    const folder = copyExample('csv');
    appendFileSync(join(folder, '单位.csv'), 'D01,又一单位,区政府工作部门,,,\n');
    expect(runBad(RULES, folder)).toContain(`error: ${join(folder, '单位.csv')}: row 62, column "编码": the unit id "D01" is already used at row 2\n`);
  });

  it('a score out of range in a GBK CSV file, with row and indicator column', () => {
    const folder = copyExample('csv-gbk');
    const file = join(folder, '得分.csv');
    const text = iconv.decode(readFileSync(file), 'gbk').replace(/^D01,中关村西城园管委会,38\.75,/m, 'D01,中关村西城园管委会,40.5,');
    writeFileSync(file, iconv.encode(text, 'gbk'));
    expect(runBad(RULES, folder)).toContain(`error: ${file}: row 2, column "职责任务": found 40.5, but duties is out of 40 points\n`);
  });

  it('a score typed with full-width digits is read as the number it is; a comma decimal is refused', () => {
    const folder = copyExample('csv');
    const file = join(folder, '得分.csv');
    edit(file, (text) => text.replace(/^D01,中关村西城园管委会,38\.75,/m, 'D01,中关村西城园管委会,３８．７５ ,'));
    expect(kaoping(['validate', RULES, folder]).code).toBe(0);
    edit(file, (text) => text.replace('３８．７５ ,', '"38,75",'));
    expect(runBad(RULES, folder)).toContain(`error: ${file}: row 2, column "职责任务": expected a plain decimal such as "92.77", found "38,75"\n`);
  });

  it('an encoding that cannot be read: GBK forced as UTF-8, and bytes valid in no encoding', () => {
    const folder = copyExample('csv-gbk');
    // (the header of the units' table is Chinese, on its first line)
    expect(runBad(RULES, folder, ['--encoding', 'utf-8'])).toBe(`error: ${join(folder, '单位.csv')}: line 1: the file is not valid utf-8, the encoding given\n`);
    writeFileSync(join(folder, '单位.csv'), Buffer.from([0x81, 0x20, 0xff, 0xfe, 0x30]));
    expect(runBad(RULES, folder)).toBe(`error: ${join(folder, '单位.csv')}: line 1: the file is neither UTF-8 nor GBK/GB18030; save it as UTF-8, or name its encoding with --encoding\n`);
    // a byte 0xFF in a file named as GBK, at its line
    const scores = join(folder, '得分.csv');
    copyFileSync(join('examples/xicheng-2014/csv-gbk', '单位.csv'), join(folder, '单位.csv'));
    const lines = readFileSync(scores);
    const third = lines.indexOf(0x0a, lines.indexOf(0x0a) + 1) + 1;
    writeFileSync(scores, Buffer.concat([lines.subarray(0, third), Buffer.from([0x39, 0xff]), lines.subarray(third)]));
    expect(runBad(RULES, folder, ['--encoding', 'gbk'])).toBe(`error: ${scores}: line 3: the file is not valid gbk, the encoding given\n`);
  });

  it('a corrupt XLSX workbook', () => {
    const file = copyExample('xicheng-2014.xlsx');
    writeFileSync(file, readFileSync(file).subarray(0, 2000));
    expect(runBad(RULES, file)).toBe(`error: ${file}: not a readable XLSX workbook (is it corrupt, or an older .xls file? save it as .xlsx)\n`);
  });

  it('a counted indicator with no column in wide scores', () => {
    const folder = copyExample('csv');
    edit(join(folder, '得分.csv'), (text) => text.replace('创新创优', '创新'));
    const stderr = runBad(RULES, folder);
    expect(stderr).toContain('row 1, column 10: unknown column "创新"');
    expect(stderr).toContain('row 1: no column for the counted indicator 创新创优 (innovation)');
  });

  it('a name that does not match the code beside it', () => {
    const folder = copyExample('csv');
    edit(join(folder, '得分.csv'), (text) => text.replace('D01,中关村西城园管委会,', 'D01,区财政局,'));
    expect(runBad(RULES, folder)).toContain('row 2, column "单位名称": the name "区财政局" is not the name of unit D01');
  });

  it('lists every problem, then a count', () => {
    const file = copyExample('dataset.json');
    edit(file, (text) => text.replace('"name": "区财政局"', '"name": 42').replace('"score": "38.75"', '"score": "-1"'));
    const lines = runBad(RULES, file).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.at(-1)).toBe('2 error(s)');
  });
});

describe('a missing score is said where it is missing: in the scores table', () => {
  it('a column left empty, once, with its rows; units without a row, once, naming the first ten', () => {
    const folder = copyExample('csv');
    const scores = join(folder, '得分.csv');
    // every unit's 领导评价 (the eighth column) emptied
    edit(scores, (text) => text.split('\n').map((line, k) => (k === 0 || line === '' ? line : line.split(',').map((cell, c) => (c === 7 ? '' : cell)).join(','))).join('\n'));
    const units = readFileSync(scores, 'utf8').trimEnd().split('\n').length - 1;
    expect(runBad(RULES, folder)).toBe(`error: ${scores}: rows 2–${units + 1}, column "领导评价": ${units} units have no score for leadership (领导评价)\n1 error(s)\n`);
    // every row of streets (S…) dropped: one error for the units with no score at all
    edit(scores, (text) => text.replace(/^S\d+,.*\r?\n/gm, ''));
    const said = runBad(RULES, folder);
    expect(said).toContain(`error: ${scores}: 15 units have no scores: none for any of the 8 counted indicators: S01, S02, S03, S04, S05, S06, S07, S08, S09, S10, and 5 more\n`);
    expect(said).toMatch(/\n2 error\(s\)\n$/);
  });

  it('an empty cell, at its row and column; a unit without a row, once, at the table; no table, once', () => {
    const folder = copyExample('csv');
    const scores = join(folder, '得分.csv');
    // D02's 职责任务 emptied; D05's row dropped
    edit(scores, (text) => text.replace('D02,区人力社保局,36.97,', 'D02,区人力社保局,,').replace(/^D05,.*\r?\n/m, ''));
    const said = runBad(RULES, folder);
    expect(said).toContain(`error: ${scores}: row 3, column "职责任务": unit D02 (区人力社保局) has no score for duties (职责任务)\n`);
    expect(said).toContain(`error: ${scores}: unit D05 (区发展改革委) has no scores: none for any of the 8 counted indicators\n`);
    expect(said).not.toContain('单位.csv');
    expect(said).toMatch(/\n2 error\(s\)\n$/);
    // the scores file named as no table: one error, not one per unit and indicator
    renameSync(scores, join(folder, '得分表.csv'));
    expect(runBad(RULES, folder)).toBe(
      `warning: ${join(folder, '得分表.csv')}: ignored: not one of the tables (units/单位, scores/得分, adjustments/加减分, prior/上年结果, surveys/调查数据)\nerror: ${folder}: no scores table: expected a file or sheet named scores or 得分, with the scores of the 58 units whose categories are scored\n1 error(s), 1 warning(s)\n`,
    );
  });
});

describe('an empty cell where a value is required is said to be empty, once', () => {
  it('a category left empty; a name left empty, not compared with the names other tables give', () => {
    const folder = copyExample('csv');
    const units = join(folder, '单位.csv');
    edit(units, (text) => text.replace('D02,区人力社保局,区政府工作部门', 'D02,区人力社保局,').replace('D01,中关村西城园管委会,', 'D01,,'));
    // the name, a table's own problem, and the category, the check's, in one run
    expect(runBad(RULES, folder)).toBe(
      `error: ${units}: row 2, column "单位名称": the cell is empty; every unit needs its name\nerror: ${units}: row 3, column "类别": the cell is empty; a value is required here\n2 error(s)\n`,
    );
    edit(units, (text) => text.replace('D01,,', 'D01,中关村西城园管委会,'));
    expect(runBad(RULES, folder)).toBe(`error: ${units}: row 3, column "类别": the cell is empty; a value is required here\n1 error(s)\n`);
  });
});

describe('the same problem on many rows of a file is said once, with its rows', () => {
  it('lists the rows as runs, the first ten, then how many more', () => {
    const folder = copyExample('csv');
    const units = join(folder, '单位.csv');
    const lines = readFileSync(units, 'utf8').split('\n');
    // every street's category misspelt: rows in one run; then every other street's, runs of one row
    const streets = lines.flatMap((line, k) => (line.includes('街道办事处') ? [k + 1] : []));
    expect(streets.length).toBeGreaterThan(12);
    writeFileSync(units, lines.map((line) => line.replace('街道办事处', '街道')).join('\n'));
    const first = streets[0] as number;
    const last = streets[streets.length - 1] as number;
    expect(streets).toEqual(Array.from({ length: last - first + 1 }, (_, k) => first + k));
    const message = 'unknown value "街道"; expected one of 区政府工作部门 (department), 重点地区和专项工作机构 (key-area-office), 街道办事处 (street), 牵头部门 (lead-department), 驻区垂直管理部门 (vertical)';
    expect(runBad(RULES, folder)).toBe(`error: ${units}: rows ${first}–${last}, column "类别": ${message}\n1 error(s)\n`);
    // every other unit's category unknown: runs of one row each
    const every = lines.flatMap((line, k) => (k > 0 && k % 2 === 1 && line.includes(',') ? [k + 1] : []));
    expect(every.length).toBeGreaterThan(10);
    writeFileSync(units, lines.map((line, k) => (every.includes(k + 1) ? line.split(',').map((cell, c) => (c === 2 ? '未知' : cell)).join(',') : line)).join('\n'));
    expect(runBad(RULES, folder)).toBe(`error: ${units}: rows ${every.slice(0, 10).join(', ')}, and ${every.length - 10} more, column "类别": ${message.replace('"街道"', '"未知"')}\n1 error(s)\n`);
  });
});

describe('a row of scores for a unit not listed', () => {
  it('is refused even when it has no scores, as a mistyped code would leave it', () => {
    const folder = copyExample('csv');
    const scores = join(folder, '得分.csv');
    appendFileSync(scores, 'D99,,,,,,,,,,\n');
    const lines = readFileSync(scores, 'utf8').split('\n').filter((line) => line !== '');
    expect(runBad(RULES, folder)).toBe(`error: ${scores}: row ${lines.length}, column "编码": no unit "D99" is listed in ${join(folder, '单位.csv')}, and the row has no scores\n1 error(s)\n`);
    // a sheet's footer in the code column, no code, is passed over
    edit(scores, (text) => text.replace('D99,,', '制表：区绩效办,,'));
    expect(kaoping(['validate', RULES, folder]).code).toBe(0);
  });
});

describe('a row of scores given twice', () => {
  it('is said once, with the indicators it repeats and the row it repeats', () => {
    const folder = copyExample('csv');
    const scores = join(folder, '得分.csv');
    const lines = readFileSync(scores, 'utf8').split('\n').filter((line) => line !== '');
    appendFileSync(scores, `${lines[1]}\n`);
    expect(runBad(RULES, folder)).toBe(
      `error: ${scores}: row ${lines.length + 1}: unit D01 already has scores for duties, lawful, capacity, central-service, public, leadership, coordination, innovation, third-party at row 2\n1 error(s)\n`,
    );
  });
});

describe('a table whose cells are separated by semicolons', () => {
  it('is said to be so once, at its header, rather than each column missing; a title above it is no header', () => {
    const folder = copyExample('csv');
    const scores = join(folder, '得分.csv');
    edit(scores, (text) => text.replace(/,/g, ';'));
    const header = readFileSync(scores, 'utf8').split(/\r?\n/)[0] as string;
    const said = `the header is one cell, ${JSON.stringify(header.length > 60 ? `${header.slice(0, 60)}…` : header)}: the file's cells look separated by semicolons; save it as CSV, its cells separated by commas`;
    expect(runBad(RULES, folder)).toBe(`error: ${scores}: row 1: ${said}\n1 error(s)\n`);
    // under a title, the same at the header's row
    edit(scores, (text) => `2014年度得分表\n${text}`);
    expect(runBad(RULES, folder)).toBe(`error: ${scores}: row 2: ${said}\n1 error(s)\n`);
  });
});

describe('diff says under which rule set the dataset has a problem', () => {
  it('names the rule set after each of the dataset\'s problems', () => {
    const folder = scratch();
    const renamed = join(folder, 'rules-b.json');
    // rule set B labels the streets otherwise: the example's 街道办事处 is no category of it
    writeFileSync(renamed, readFileSync(RULES, 'utf8').replace('"label": "街道办事处"', '"label": "街道"'));
    const run = kaoping(['diff', RULES, renamed, 'examples/xicheng-2014/csv']);
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('error:'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(new RegExp(`unknown value "街道办事处"; expected one of .* \\(under ${renamed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`));
    // both rule sets' problems, where both have some
    const other = join(folder, 'rules-a.json');
    writeFileSync(other, readFileSync(RULES, 'utf8').replace('"label": "牵头部门"', '"label": "牵头"'));
    const both = kaoping(['diff', other, renamed, 'examples/xicheng-2014/csv']).stderr;
    expect(both).toMatch(new RegExp(`unknown value "牵头部门"; .* \\(under ${other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)\n`));
    expect(both).toMatch(new RegExp(`unknown value "街道办事处"; .* \\(under ${renamed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)\n`));
  });
});

describe('validate reports problems the same way', () => {
  it('exits 2 and lists each problem of a bad rule set', () => {
    const file = join(scratch(), 'rules.json');
    const rules = JSON.parse(readFileSync(RULES, 'utf8')) as { stages: { rules: { event: unknown }[] }[] };
    const rule = rules.stages[2]?.rules[0];
    if (rule) rule.event = { type: 'grade', params: { grade: 'excellent' } };
    writeFileSync(file, JSON.stringify(rules));
    const run = kaoping(['validate', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: ${file}: $.stages[2].rules[0].event.params.grade: no grade "excellent" is declared in $.grades\n` +
        `warning: ${file}: $.grades[0]: no rule gives the grade "overall-excellent"\n1 error(s), 1 warning(s)\n`,
    );
  });
});

describe('numbers a JSON parser would round', () => {
  it('refuses a JSON number with more digits than a binary float keeps, with line and column', () => {
    const file = copyExample('dataset.json');
    edit(file, (text) => text.replace('"score": "38.75"', '"score": 89.9999999999999999'));
    const line = readFileSync(file, 'utf8').split('\n').findIndex((text) => text.includes('89.9999999999999999')) + 1;
    expect(runBad(RULES, file)).toMatch(new RegExp(`^error: ${file}: line ${line}, column \\d+: the number 89\\.9999999999999999 has more digits than a JSON number keeps exactly; write it as a string \\("89\\.9999999999999999"\\)\\n$`));
  });

  it('accepts ordinary JSON numbers, and long digit runs inside strings', () => {
    const file = copyExample('dataset.json');
    edit(file, (text) => text.replace('"score": "38.75"', '"score": 38.75').replace('"note": "', '"note": "1234567890123456789 '));
    expect(kaoping(['validate', RULES, file]).code).toBe(0);
  });
});

describe('values a table names by label', () => {
  it('names the values allowed when a cell is neither an id nor a label the rule set declares', () => {
    const folder = copyExample('csv');
    edit(join(folder, '加减分.csv'), (text) => text.replace('加分项', '加分'));
    expect(runBad(RULES, folder)).toContain(`error: ${join(folder, '加减分.csv')}: row 2, column "项目": unknown value "加分"; expected one of 加分项 (bonus), 扣分项 (deduction)\n`);
  });
});

describe('where the output cannot go, or in what format, it says so before any work, and writes nothing', () => {
  const EXAMPLE = 'examples/xicheng-2014/dataset.json';
  /** Runs the command; checks exit 2, the one line said, nothing on standard output, and the folder as it was. */
  const refused = (args: string[], folder: string, said: string) => {
    const before = readdirSync(folder).sort();
    const run = kaoping(args);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(said);
    expect(readdirSync(folder).sort()).toEqual(before);
  };

  it('a folder that is not there, a folder named as the file, a file named as a folder', () => {
    const folder = scratch();
    const file = join(folder, 'notes.txt');
    writeFileSync(file, 'a file');
    const missing = join(folder, 'nope', 'results.html');
    refused(['run', RULES, EXAMPLE, '--out', missing], folder, `error: ${missing}: cannot write here: the folder ${join(folder, 'nope')} does not exist; create it first, or name a file in a folder that does\n`);
    refused(['run', RULES, EXAMPLE, '--out', folder], folder, `error: ${folder}: cannot write here: this is a folder; name a file to write (such as results.json inside it)\n`);
    const under = join(file, 'results.json');
    refused(['run', RULES, EXAMPLE, '--out', under], folder, `error: ${under}: cannot write here: ${file} is a file, not a folder\n`);
    // every command that writes a file
    refused(['explain', RULES, EXAMPLE, 'D01', '--out', missing], folder, `error: ${missing}: cannot write here: the folder ${join(folder, 'nope')} does not exist; create it first, or name a file in a folder that does\n`);
    refused(['diff', RULES, RULES, EXAMPLE, '--out', folder], folder, `error: ${folder}: cannot write here: this is a folder; name a file to write (such as results.json inside it)\n`);
    refused(['schema', '--out', under], folder, `error: ${under}: cannot write here: ${file} is a file, not a folder\n`);
    // report writes a folder, made where it is not there, but not in a file
    refused(['report', RULES, EXAMPLE, '--out', file], folder, `error: ${file}: cannot write here: ${file} is a file, not a folder\n`);
    refused(['report', RULES, EXAMPLE, '--out', join(file, 'reports', '2014')], folder, `error: ${join(file, 'reports', '2014')}: cannot write here: ${file} is a file, not a folder\n`);
    // and is not refused before bad input is found: the rule set is read first in every case above, and here
    // the output's place is said before the rule set's problem, since it is checked first
    refused(['run', 'rules/1999.json', EXAMPLE, '--out', missing], folder, `error: ${missing}: cannot write here: the folder ${join(folder, 'nope')} does not exist; create it first, or name a file in a folder that does\n`);
  });

  it('a file whose extension names no format the command writes, unless --format says which', () => {
    const folder = scratch();
    for (const name of ['results.xlsx', 'results.PDF']) {
      const extension = name.slice(name.indexOf('.'));
      refused(['run', RULES, EXAMPLE, '--out', join(folder, name)], folder, `error: cannot tell the format to write ${JSON.stringify(join(folder, name))} in from its extension ${extension}; name it .json, .csv, .md or .html, or give --format\nRun 'kaoping --help' for usage.\n`);
    }
    // with --format, any name; without an extension, JSON
    expect(kaoping(['run', RULES, EXAMPLE, '--format', 'csv', '--out', join(folder, 'results.txt')]).code).toBe(0);
    expect(readFileSync(join(folder, 'results.txt'), 'utf8')).toMatch(/^\ufeff?"?编码/);
    expect(kaoping(['run', RULES, EXAMPLE, '--out', join(folder, 'results')]).code).toBe(0);
    expect(readFileSync(join(folder, 'results'), 'utf8')).toBe(kaoping(['run', RULES, EXAMPLE]).stdout);
  });

  it('an option the command does not take', () => {
    const folder = scratch();
    refused(['validate', RULES, '--out', join(folder, 'x.txt')], folder, "error: validate takes no --out; usage: kaoping validate <ruleset.json> [dataset] [options]\nRun 'kaoping --help' for usage.\n");
    refused(['validate', RULES, '--format', 'json'], folder, "error: validate takes no --format; usage: kaoping validate <ruleset.json> [dataset] [options]\nRun 'kaoping --help' for usage.\n");
    refused(['schema', '--encoding', 'gbk'], folder, "error: schema takes no --encoding; usage: kaoping schema [--dataset] [--out FILE]\nRun 'kaoping --help' for usage.\n");
    refused(['run', RULES, EXAMPLE, '--dataset'], folder, "error: run takes no --dataset; usage: kaoping run <ruleset.json> <dataset> [options]\nRun 'kaoping --help' for usage.\n");
    // schema writes a file when told to
    const schema = join(folder, 'ruleset.schema.json');
    expect(kaoping(['schema', '--out', schema]).code).toBe(0);
    expect(JSON.parse(readFileSync(schema, 'utf8')).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('an option given twice, rather than the last taken', () => {
    const folder = scratch();
    const out = join(folder, 'result.json');
    refused(['run', RULES, EXAMPLE, '--format', 'csv', '-f', 'json', '--out', out], folder, `error: --format is given twice ("csv", then "json"); give it once\nRun 'kaoping --help' for usage.\n`);
    refused(['schema', '--dataset', '--dataset'], folder, "error: --dataset is given twice; give it once\nRun 'kaoping --help' for usage.\n");
  });
});
