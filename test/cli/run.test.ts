import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExample, kaoping, projectRoot, scratch } from '../support/cli.js';
import { readText } from '../support/load.js';

const RULES = 'rules/2014.json';
const DATA = 'examples/xicheng-2014/dataset.json';
const notice = readText('test/fixtures/xicheng-2014-notice.txt').split('\n');

describe('kaoping run', () => {
  it('writes the full result as JSON by default: every unit, decimals as strings, in the outcome vocabulary', () => {
    const run = kaoping(['run', RULES, DATA]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as { units: Record<string, unknown>[] };
    expect(result.units).toHaveLength(60);
    const finance = result.units.find((unit) => unit['name'] === '区财政局');
    expect(finance).toMatchObject({ id: 'D23', category: 'department', status: 'graded', grade: 'overall-excellent', mentions: [], composite: '96.35' });
    expect(Object.keys(finance ?? {}).slice(0, 8)).toEqual(['id', 'name', 'category', 'trackGroup', 'status', 'grade', 'mentions', 'flags']);
  });

  it('gives the same JSON, byte for byte, from the UTF-8 CSV folder, the GBK CSV folder and the XLSX workbook', () => {
    const reference = kaoping(['run', RULES, DATA]).stdout;
    for (const form of ['csv', 'csv-gbk', 'xicheng-2014.xlsx']) {
      const run = kaoping(['run', RULES, `examples/xicheng-2014/${form}`]);
      expect(run.stderr, form).toBe('');
      expect(run.stdout === reference, form).toBe(true);
    }
  });

  it('takes last year\'s results as CSV, as the command writes them, for --prior, as it takes them as JSON', () => {
    const folder = scratch();
    const asJson = join(folder, 'results.json');
    const asCsv = join(folder, 'results.csv');
    expect(kaoping(['run', RULES, DATA, '--out', asJson]).code).toBe(0);
    expect(kaoping(['run', RULES, DATA, '--format', 'csv', '--out', asCsv]).code).toBe(0);
    // a unit excluded last year (no composite, no grade) is no prior row, as with the JSON results
    const lines = readFileSync(asCsv, 'utf8').split('\r\n');
    expect(lines.some((line) => line.includes(',不列入参评范围,,,'))).toBe(true);
    const fromJson = kaoping(['run', RULES, DATA, '--prior', asJson, '--format', 'csv']);
    const fromCsv = kaoping(['run', RULES, DATA, '--prior', asCsv, '--format', 'csv']);
    expect(fromCsv.code, fromCsv.stderr).toBe(0);
    expect(fromCsv.stdout === fromJson.stdout).toBe(true);
    // this year's composites are the prior ones now: no change for any unit with a composite
    const changes = new Set(fromCsv.stdout.split('\r\n').slice(1, -1).map((line) => line.split(',')[20]));
    expect([...changes].sort()).toEqual(['', '0.00']);
    // a unit gone since: its prior result is ignored, with a warning at its place in either file, naming the
    // units table it is not listed in
    const folder2 = copyExample('csv');
    for (const file of ['单位.csv', '得分.csv', '加减分.csv', '上年结果.csv']) {
      writeFileSync(join(folder2, file), readFileSync(join(folder2, file), 'utf8').replace(/^D13,.*\r?\n/m, ''));
    }
    const units = join(folder2, '单位.csv');
    const index = (JSON.parse(readFileSync(asJson, 'utf8')) as { units: { id: string }[] }).units.findIndex((unit) => unit.id === 'D13');
    expect(kaoping(['validate', RULES, folder2, '--prior', asJson]).stderr).toContain(`warning: ${asJson}: $.units[${index}].id: no unit "D13" is listed in ${units}; its prior result is ignored\n`);
    const row = readFileSync(asCsv, 'utf8').split('\r\n').findIndex((line) => line.startsWith('D13,')) + 1;
    expect(kaoping(['validate', RULES, folder2, '--prior', asCsv]).stderr).toContain(`warning: ${asCsv}: row ${row}, column "编码": no unit "D13" is listed in ${units}; its prior result is ignored\n`);
  });

  it('reads a header 单位 beside 编码 as the units\' names, as kaoping\'s own results and many sheets head them', () => {
    const reference = kaoping(['run', RULES, DATA]).stdout;
    const folder = copyExample('csv');
    for (const file of ['单位.csv', '得分.csv', '加减分.csv']) {
      const text = readFileSync(join(folder, file), 'utf8');
      expect(text).toContain('编码,单位名称,');
      writeFileSync(join(folder, file), text.replace('编码,单位名称,', '编码,单位,'));
    }
    const run = kaoping(['run', RULES, folder]);
    expect(run.stderr).toBe('');
    expect(run.stdout === reference).toBe(true);
    // a name there is compared with the units table's, as under 单位名称
    const scores = join(folder, '得分.csv');
    writeFileSync(scores, readFileSync(scores, 'utf8').replace('D02,区人力社保局,', 'D02,区人力局,'));
    expect(kaoping(['run', RULES, folder]).stderr).toContain(`${scores}: row 3, column "单位": the name "区人力局" is not the name of unit D02`);
  });

  it('reads a workbook with macros (.xlsm) as the workbook it is', () => {
    const folder = scratch();
    const book = join(folder, 'data.xlsm');
    writeFileSync(book, readFileSync('examples/xicheng-2014/xicheng-2014.xlsx'));
    const run = kaoping(['run', RULES, book]);
    expect(run.stderr).toBe('');
    expect(run.stdout === kaoping(['run', RULES, DATA]).stdout).toBe(true);
  });

  it('warns of a table saved other than as CSV, which it does not read, and names such files where no CSV is there', () => {
    const folder = copyExample('csv');
    renameSync(join(folder, '加减分.csv'), join(folder, '加减分.txt'));
    expect(kaoping(['validate', RULES, folder]).stderr).toContain(`warning: ${join(folder, '加减分.txt')}: not read: named as a table, but not a .csv file; save it as CSV, separated by commas\n`);
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.csv'))) renameSync(join(folder, file), join(folder, file.replace('.csv', '.txt')));
    const none = kaoping(['validate', RULES, folder]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('the folder holds no .csv files; expected units.csv and scores.csv at least (上年结果.txt, 加减分.txt, 单位.txt, 得分.txt, 调查数据.txt are named as tables');
  });

  it('reads CSV files whose line breaks are of several kinds, as rows added in another editor leave them', () => {
    const reference = kaoping(['run', RULES, DATA]).stdout;
    const folder = copyExample('csv');
    for (const file of ['单位.csv', '得分.csv']) {
      // a Windows file's header and first rows, and rows after them ended as another program ends them
      const lines = readFileSync(join(folder, file), 'utf8').split(/\r?\n/);
      writeFileSync(join(folder, file), lines.map((line, k) => line + (k === lines.length - 1 ? '' : k < 10 ? '\r\n' : k % 7 === 0 ? '\r' : '\n')).join(''));
    }
    const run = kaoping(['run', RULES, folder]);
    expect(run.stderr).toBe('');
    expect(run.stdout === reference).toBe(true);
  });

  it('reads a row number column (序号) in any table as no column', () => {
    const reference = kaoping(['run', RULES, DATA]).stdout;
    const folder = copyExample('csv');
    for (const file of readdirSync(folder)) {
      const lines = readFileSync(join(folder, file), 'utf8').split(/\r?\n/).filter((line) => line !== '');
      writeFileSync(join(folder, file), lines.map((line, k) => `${k === 0 ? '序号' : k},${line}\r\n`).join(''));
    }
    const run = kaoping(['run', RULES, folder]);
    expect(run.stderr).toBe('');
    expect(run.stdout === reference).toBe(true);
    // any other column the table does not know is still refused
    const scores = join(folder, '得分.csv');
    writeFileSync(scores, readFileSync(scores, 'utf8').replace('序号', '备注'));
    expect(kaoping(['run', RULES, folder]).stderr).toContain(`error: ${scores}: row 1, column 1: unknown column "备注"`);
  });

  it('reads a table with a title above its header, and a line under the title, in CSV files and in a workbook', async () => {
    const reference = kaoping(['run', RULES, DATA]).stdout;
    const folder = copyExample('csv');
    for (const file of readdirSync(folder)) {
      const text = readFileSync(join(folder, file), 'utf8');
      const width = text.slice(0, text.search(/\r?\n/)).split(',').length;
      // a title alone in its row, and a line under it spread over the row, as CSV saves a merged cell; and a
      // blank row, as Excel saves it, under them
      writeFileSync(join(folder, file), `2014年度绩效考评${file.replace('.csv', '')}表\r\n${Array.from({ length: width }, () => '单位：分').join(',')}\r\n${','.repeat(width - 1)}\r\n${text}`);
    }
    const run = kaoping(['run', RULES, folder]);
    expect(run.stderr).toBe('');
    expect(run.stdout === reference).toBe(true);
    // a workbook's title merged across the row
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(projectRoot, 'examples/xicheng-2014/xicheng-2014.xlsx'));
    for (const sheet of book.worksheets) {
      const width = sheet.getRow(1).cellCount;
      sheet.spliceRows(1, 0, [`2014年度${sheet.name}`]);
      sheet.mergeCells(1, 1, 1, width);
    }
    const workbook = join(scratch(), 'titled.xlsx');
    await book.xlsx.writeFile(workbook);
    const fromWorkbook = kaoping(['run', RULES, workbook]);
    expect(fromWorkbook.stderr).toBe('');
    expect(fromWorkbook.stdout === reference).toBe(true);
    // a header below a title that lacks an indicator's column is said at its own row
    writeFileSync(join(folder, '得分.csv'), `2014年度得分表\r\n${readFileSync(join(projectRoot, 'examples/xicheng-2014/csv/得分.csv'), 'utf8').replace('职责任务', '职责')}`);
    expect(kaoping(['run', RULES, folder]).stderr).toContain(`error: ${join(folder, '得分.csv')}: row 2: no column for the counted indicator 职责任务 (duties)`);
    // a row of two texts is a header: a wrong one is said so
    writeFileSync(join(folder, '得分.csv'), `标题,副标题\r\n${readFileSync(join(projectRoot, 'examples/xicheng-2014/csv/得分.csv'), 'utf8')}`);
    expect(kaoping(['run', RULES, folder]).stderr).toContain(`error: ${join(folder, '得分.csv')}: row 1, column 1: unknown column "标题"`);
  });

  it('writes CSV with a byte-order mark, CRLF and one row per unit', () => {
    const run = kaoping(['run', RULES, DATA, '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('\ufeff编码,单位,类别,状态,等次,综合得分')).toBe(true);
    const lines = run.stdout.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(61);
    expect(lines.find((line) => line.startsWith('L01,'))).toContain(',不列入参评范围,');
  });

  it('writes Markdown with the notice lines and a table per category', () => {
    const run = kaoping(['run', RULES, DATA, '--format', 'md']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`> ${notice[13]}`);
    expect(run.stdout).toContain(`> ${notice[16]}`);
    expect(run.stdout).toContain('## 街道办事处（15）');
    // with last year's composite and the change, as the dataset gives last year's results
    expect(run.stdout).toContain('| 排名 | 编码 | 单位 | 综合得分 | 上年综合得分 | 比上年 | 等次 | 评价与后续事项 | 说明 |');
    expect(run.stdout).toContain('| 1 | S01 | 什刹海街道 | 95.64 | 97.04 | -1.40 | 综合优秀 |');
    expect(run.stdout).toContain('| 2 | S02 | 大栅栏街道 | 95.13 | 94.96 | +0.17 | 综合优秀 |');
    // a survey's change with its sign, as the HTML and the notice give it
    expect(run.stdout).toContain('| 千家评政府满意度 | 92.77 | 91.75 | +1.02 |');
    // and without them where it gives none
    const input = JSON.parse(readFileSync(DATA, 'utf8')) as { prior?: unknown };
    delete input.prior;
    const file = join(scratch(), 'dataset.json');
    writeFileSync(file, JSON.stringify(input));
    const without = kaoping(['run', RULES, file, '--format', 'md']).stdout;
    expect(without).toContain('| 1 | S01 | 什刹海街道 | 95.64 | 综合优秀 |');
    expect(without).not.toContain('上年综合得分');
  });

  it('writes one self-contained HTML file to --out, the format taken from its extension', () => {
    const out = join(scratch(), 'report.html');
    const run = kaoping(['run', RULES, DATA, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const html = readFileSync(out, 'utf8');
    // last year's composite and the change beside this year's
    expect(html).toContain('<th>综合得分</th><th>排名</th><th>上年综合得分</th><th>比上年</th>');
    expect(html).toContain('<td class="num">85.24</td><td class="num">22</td><td class="num">86.30</td><td class="num">-1.06</td>');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    expect(html).not.toContain('<script');
    for (const name of ['区国税局', '区政府办公室', '白纸坊街道', '北展指挥部']) expect(html).toContain(name);
  });
});

describe('kaoping report', () => {
  it('removes the documents an earlier report left in its folder, and nothing of the user\'s', () => {
    const folder = join(scratch(), 'reports');
    expect(kaoping(['report', RULES, DATA, '--out', folder]).code).toBe(0);
    const written = readdirSync(folder, { recursive: true }).map(String).sort();
    // an earlier report's documents of units since gone, a letter among them
    const page = readFileSync(join(folder, 'index.html'), 'utf8');
    mkdirSync(join(folder, 'letters'), { recursive: true });
    for (const stale of ['evaluation-reports/D99', 'letters/V99', 'summary-2013']) {
      writeFileSync(join(folder, `${stale}.html`), page);
      writeFileSync(join(folder, `${stale}.md`), '# 2013');
    }
    // what is the user's: notes, a page of their own, the result page of kaoping run, and another report in a folder of its own
    writeFileSync(join(folder, 'notes.md'), '我的笔记');
    writeFileSync(join(folder, 'mine.html'), '<!doctype html><title>mine</title>');
    expect(kaoping(['run', RULES, DATA, '--out', join(folder, 'results.html')]).code).toBe(0);
    writeFileSync(join(folder, 'results.md'), kaoping(['run', RULES, DATA, '--format', 'md']).stdout);
    mkdirSync(join(folder, 'evaluation-reports', '2013'));
    writeFileSync(join(folder, 'evaluation-reports', '2013', 'S99.html'), page);
    // a folder named as a page is no page
    mkdirSync(join(folder, 'evaluation-reports', 'odd.html'));
    const before = readdirSync(folder, { recursive: true }).map(String).sort();
    const run = kaoping(['report', RULES, DATA, '--out', folder]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`removed 3 document(s) an earlier report left there, each page with its Markdown: summary-2013.html, ${join('evaluation-reports', 'D99.html')}, ${join('letters', 'V99.html')}\n`);
    const gone = ['evaluation-reports/D99', 'letters/V99', 'summary-2013'].flatMap((stale) => [`${stale}.html`, `${stale}.md`].map((file) => join(...file.split('/'))));
    expect(readdirSync(folder, { recursive: true }).map(String).sort()).toEqual(before.filter((file) => !gone.includes(file)));
    expect(before.filter((file) => !gone.includes(file))).toEqual(expect.arrayContaining([...written, 'mine.html', 'notes.md', 'results.html', 'results.md', join('evaluation-reports', '2013', 'S99.html')]));
  });
});

describe('kaoping report of units with long names', () => {
  it('writes every document, each file named within what a file system allows, the name cut and the code kept', () => {
    const folder = scratch();
    const data = join(folder, 'dataset.json');
    // a name of 200 characters, the longest a unit may have: 600 bytes of UTF-8
    const long = '区'.repeat(200);
    writeFileSync(data, readFileSync(DATA, 'utf8').replace('"name": "区财政局"', `"name": "${long}"`));
    const out = join(folder, 'reports');
    const run = kaoping(['report', RULES, data, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const files = readdirSync(join(out, 'evaluation-reports'));
    const own = files.filter((file) => file.startsWith('D23-'));
    expect(own.sort()).toEqual([`D23-${'区'.repeat(50)}.html`, `D23-${'区'.repeat(50)}.md`]);
    expect(Math.max(...files.map((file) => Buffer.byteLength(file)))).toBeLessThanOrEqual(255);
    expect(readFileSync(join(out, 'evaluation-reports', own[0] as string), 'utf8')).toContain(long);
  });
});

describe('kaoping validate', () => {
  it('says the rule set and dataset are valid and exits 0', () => {
    const run = kaoping(['validate', RULES, 'examples/xicheng-2014/csv-gbk']);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toBe('ok: the rule set and the dataset (60 units) are valid\n');
  });

  it('validates a rule set alone', () => {
    expect(kaoping(['validate', RULES]).stderr).toBe('ok: the rule set is valid\n');
  });
});

describe('kaoping schema', () => {
  it('prints the shipped rule-set JSON Schema, and with --dataset the dataset one', () => {
    expect(kaoping(['schema']).stdout).toBe(readText('schema/ruleset.schema.json'));
    expect(kaoping(['schema', '--dataset']).stdout).toBe(readText('schema/dataset.schema.json'));
  });
});

describe('help and usage', () => {
  it('prints help with an example for every command, and the version', () => {
    for (const command of ['run', 'validate', 'schema']) {
      const run = kaoping([command, '--help']);
      expect(run.code, command).toBe(0);
      expect(run.stdout, command).toMatch(/Usage: kaoping .*\n[\s\S]*Example:\n {2}kaoping /);
    }
    expect(kaoping(['--help']).stdout).toContain('kaoping run <ruleset.json> <dataset>');
    const pkg = JSON.parse(readText('package.json')) as { version: string };
    expect(kaoping(['--version']).stdout).toBe(`${pkg.version}\n`);
  });

  it('exits 2 on usage mistakes, with one clear line and no stack trace', () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['run', RULES], /missing arguments; usage: kaoping run <ruleset.json> <dataset>/],
      [['run', RULES, DATA, '--colour'], /Unknown option '--colour'/],
      [['run', RULES, DATA, '--format', 'pdf'], /unknown format "pdf"; expected json, csv, md, html/],
      [['run', RULES, DATA, '--encoding', 'klingon'], /unknown encoding "klingon"/],
    ];
    for (const [args, message] of cases) {
      const run = kaoping(args[0] === 'run' && args.includes('--encoding') ? ['run', RULES, 'examples/xicheng-2014/csv', '--encoding', 'klingon'] : args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 with a usage summary when called with no command', () => {
    const run = kaoping([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Usage:');
  });

  it('leaves no output file when the input is bad', () => {
    const out = join(scratch(), 'result.json');
    const run = kaoping(['run', RULES, 'no/such/folder', '--out', out]);
    expect(run.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
