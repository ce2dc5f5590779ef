import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCli, type CliContext } from '../../src/cli/cli.js';
import { scratch } from '../support/cli.js';

function capture(options: { tty?: boolean; stdoutTty?: boolean; env?: Record<string, string>; failWrites?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const context: CliContext = {
    stdout: {
      isTTY: options.stdoutTty ?? options.tty ?? false,
      write: (text: string) => {
        if (options.failWrites) throw new Error('EPIPE: the reader went away');
        out.push(text);
      },
    },
    stderr: { isTTY: options.tty ?? false, write: (text: string) => err.push(text) },
    env: options.env ?? {},
  };
  return { context, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** A JSON dataset of `count` streets, for the tiny rule set below. */
function largeInputs(count: number): [string, string] {
  const folder = scratch();
  const rules = {
    id: 'big', year: 2020, title: '大', precision: { decimals: 2, rounding: 'half-up' }, total: '100',
    categories: [{ id: 'street', label: '街道' }], subjects: [{ id: 's', label: '主体' }],
    indicators: [{ id: 'a', label: '甲', points: '100', subjects: [{ subject: 's' }] }],
    grades: [{ id: 'good', label: '良好' }],
    stages: [{ id: 'grade', label: '等次', mode: 'first-match', rules: [{ id: 'good', reason: '良好', conditions: { all: [] }, event: { type: 'grade', params: { grade: 'good' } } }] }],
  };
  const ids = Array.from({ length: count }, (_, i) => `S${String(i).padStart(5, '0')}`);
  const dataset = {
    units: ids.map((id) => ({ id, name: id, category: 'street' })),
    scores: ids.map((id, i) => ({ unit: id, indicator: 'a', score: String((i * 7) % 100) })),
  };
  writeFileSync(join(folder, 'rules.json'), JSON.stringify(rules));
  writeFileSync(join(folder, 'data.json'), JSON.stringify(dataset));
  return [join(folder, 'rules.json'), join(folder, 'data.json')];
}

/** The same streets as a folder of CSV tables. */
function largeCsvInputs(count: number): [string, string] {
  const [rules, data] = largeInputs(count);
  const folder = join(scratch(), 'tables');
  mkdirSync(folder);
  const dataset = JSON.parse(readFileSync(data, 'utf8')) as { units: { id: string }[]; scores: { unit: string; score: string }[] };
  writeFileSync(join(folder, 'units.csv'), `id,name,category\n${dataset.units.map((unit) => `${unit.id},${unit.id},street`).join('\n')}\n`);
  writeFileSync(join(folder, 'scores.csv'), `unit,a\n${dataset.scores.map((row) => `${row.unit},${row.score}`).join('\n')}\n`);
  return [rules, folder];
}

describe('the CLI’s terminal behaviour', () => {
  it('exits 1 on an internal error, with a short message, a hint to report it, and no stack trace', async () => {
    const io = capture({ failWrites: true });
    expect(await runCli(['schema'], io.context)).toBe(1);
    expect(io.stderr()).toBe(
      'internal error: EPIPE: the reader went away\nThis is a bug in kaoping. Please report it with the command you ran and, if you can, the files.\nSet KAOPING_DEBUG=1 to see where it happened.\n',
    );
  });

  it('colours errors on a terminal, and not when NO_COLOR is set or output is piped', async () => {
    const args = ['run', 'rules/2014.json', 'missing.json'];
    const tty = capture({ tty: true });
    expect(await runCli(args, tty.context)).toBe(2);
    expect(tty.stderr()).toContain('\u001b[31merror\u001b[39m: missing.json');
    const noColour = capture({ tty: true, env: { NO_COLOR: '1' } });
    await runCli(args, noColour.context);
    expect(noColour.stderr()).toBe('error: missing.json: no such file or folder\n');
    const piped = capture();
    await runCli(args, piped.context);
    expect(piped.stderr()).toBe('error: missing.json: no such file or folder\n');
  });

  it('shows progress on a terminal for a large dataset, and never in piped output', async () => {
    const [rules, data] = largeInputs(1500);
    const tty = capture({ tty: true });
    expect(await runCli(['run', rules, data], tty.context)).toBe(0);
    expect(tty.stderr()).toContain('\rgrade: 1500/1500\n');
    expect(JSON.parse(tty.stdout()).units).toHaveLength(1500);
    const piped = capture();
    expect(await runCli(['run', rules, data], piped.context)).toBe(0);
    expect(piped.stderr()).toBe('');
  });

  it('shows, on a terminal, each table as it is read, the check, scoring, ranking and stages, and the CSV as it is written, and nothing in piped output', async () => {
    const [rules, folder] = largeCsvInputs(12000);
    // standard error on the terminal, the CSV piped elsewhere
    const tty = capture({ tty: true, stdoutTty: false });
    expect(await runCli(['run', rules, folder, '--format', 'csv'], tty.context)).toBe(0);
    const lines = tty.stderr().split('\n');
    // one line per step, each counting up to its total on the same line
    expect(lines.map((line) => line.split('\r').at(-1))).toEqual([
      'reading units.csv: 12000/12000',
      'reading scores.csv: 12000/12000',
      'checking: 12000/12000',
      'scoring: 12000/12000',
      'ranking: 12000/12000',
      'grade: 12000/12000',
      'writing: 12000/12000',
      '',
    ]);
    // the steps with no count of their own start at nought, so the line says what is going on while they run
    for (const step of ['checking', 'scoring']) expect(tty.stderr()).toContain(`${step}: 0/12000\r${step}: 12000/12000\n`);
    expect(tty.stderr()).toContain('ranking: 0/12000\r');
    const writing = (lines[6] ?? '').split('\r').filter(Boolean);
    // a count every hundredth of the rows written, up to the whole
    expect(writing).toEqual(Array.from({ length: 100 }, (_, k) => `writing: ${(k + 1) * 120}/12000`));
    expect((lines[1] ?? '').split('\r').filter(Boolean).length).toBeGreaterThan(50);
    expect(tty.stdout().split('\r\n')).toHaveLength(12002);
    const piped = capture();
    expect(await runCli(['run', rules, folder, '--format', 'csv'], piped.context)).toBe(0);
    expect(piped.stderr()).toBe('');
    expect(piped.stdout()).toBe(tty.stdout());
    // CSV written to the terminal itself is not broken up by the count of rows written
    const terminal = capture({ tty: true });
    expect(await runCli(['run', rules, folder, '--format', 'csv'], terminal.context)).toBe(0);
    expect(terminal.stderr()).not.toContain('writing');
    expect(terminal.stderr()).toContain('grade: 12000/12000\n');
    expect(terminal.stdout()).toBe(tty.stdout());
  });

  it('shows, on a terminal, each sheet of a workbook as it is opened, then as its table is read', async () => {
    const [rules, folder] = largeCsvInputs(12000);
    const workbook = new ExcelJS.Workbook();
    for (const table of ['units', 'scores']) {
      const sheet = workbook.addWorksheet(table);
      for (const line of readFileSync(join(folder, `${table}.csv`), 'utf8').trim().split('\n')) sheet.addRow(line.split(','));
    }
    const file = join(scratch(), 'tables.xlsx');
    await workbook.xlsx.writeFile(file);
    const tty = capture({ tty: true, stdoutTty: false });
    expect(await runCli(['run', rules, file, '--format', 'csv'], tty.context)).toBe(0);
    const lines = tty.stderr().split('\n');
    expect(lines.map((line) => line.split('\r').at(-1))).toEqual([
      'opening tables.xlsx [units]: 12001/12001',
      'opening tables.xlsx [scores]: 12001/12001',
      'reading tables.xlsx [units]: 12000/12000',
      'reading tables.xlsx [scores]: 12000/12000',
      'checking: 12000/12000',
      'scoring: 12000/12000',
      'ranking: 12000/12000',
      'grade: 12000/12000',
      'writing: 12000/12000',
      '',
    ]);
    const opening = (lines[0] ?? '').split('\r').filter(Boolean);
    expect(opening[0]).toBe('opening tables.xlsx [units]: 0/12001');
    expect(opening.length).toBeGreaterThan(50);
    // the same appraisal as from the folder
    const fromFolder = capture();
    expect(await runCli(['run', rules, folder, '--format', 'csv'], fromFolder.context)).toBe(0);
    expect(tty.stdout()).toBe(fromFolder.stdout());
  });

  it('counts the rows written about a hundred times, however many there are, to standard output or to a file', async () => {
    const [rules, folder] = largeCsvInputs(60000);
    const tty = capture({ tty: true, stdoutTty: false });
    expect(await runCli(['run', rules, folder, '--format', 'csv'], tty.context)).toBe(0);
    const counts = (io: ReturnType<typeof capture>) => (io.stderr().split('\n').find((line) => line.includes('writing')) ?? '').split('\r').filter(Boolean);
    expect(counts(tty)).toEqual(Array.from({ length: 100 }, (_, k) => `writing: ${(k + 1) * 600}/60000`));
    expect(tty.stdout().split('\r\n')).toHaveLength(60002);
    // to a file, the rows are encoded into pieces of bytes as they are made (some 3 MB here, a dozen pieces, every
    // row with the category's label in Chinese): the same text, counted the same way
    const out = join(scratch(), 'result.csv');
    const toFile = capture({ tty: true });
    expect(await runCli(['run', rules, folder, '--format', 'csv', '--out', out], toFile.context)).toBe(0);
    expect(counts(toFile)).toEqual(counts(tty));
    const written = readFileSync(out);
    expect(written.length).toBeGreaterThan(2_000_000);
    expect(written.toString('utf8')).toBe(tty.stdout());
    expect(tty.stdout()).toContain(',街道,');
  }, 60_000);

  it('writes JSON in pieces, counting them on a terminal, with the same text as in one piece', async () => {
    const [rules, folder] = largeCsvInputs(2500);
    const out = join(scratch(), 'result.json');
    const tty = capture({ tty: true });
    expect(await runCli(['run', rules, folder, '--out', out], tty.context)).toBe(0);
    const writing = (tty.stderr().split('\n').find((line) => line.includes('writing')) ?? '').split('\r').filter(Boolean);
    expect(writing).toEqual(['writing: 1000/2500', 'writing: 2000/2500', 'writing: 2500/2500']);
    const piped = capture();
    expect(await runCli(['run', rules, folder], piped.context)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(piped.stdout());
    expect((JSON.parse(piped.stdout()) as { units: unknown[] }).units).toHaveLength(2500);
  });

  it('shows every stage of a large population, also a stage that few of its units reach', async () => {
    const [rules, data] = largeInputs(1500);
    const input = JSON.parse(readFileSync(rules, 'utf8')) as { stages: unknown[] };
    // units scoring under 10 (a tenth of them) are excluded; a last stage looks at those alone
    input.stages.unshift({ id: 'scope', label: '范围', mode: 'first-match', rules: [{ id: 'low', reason: '低', conditions: { all: [{ fact: 'composite', operator: 'decimalLessThan', value: '10' }] }, event: { type: 'status', params: { status: 'excluded' } } }] });
    input.stages.push({ id: 'after', label: '其后', mode: 'all-match', appliesTo: ['excluded'], rules: [{ id: 'note', reason: '记', conditions: { all: [] }, event: { type: 'flag', params: { flag: 'noted' } } }] });
    Object.assign(input, { flags: [{ id: 'noted', label: '已记' }] });
    writeFileSync(rules, JSON.stringify(input));
    const tty = capture({ tty: true });
    expect(await runCli(['run', rules, data], tty.context)).toBe(0);
    expect(tty.stderr()).toContain('\rscope: 1500/1500\n');
    expect(tty.stderr()).toContain('\rgrade: 1500/1500\n');
    expect(tty.stderr()).toContain('\rafter: 150/150\n');
  });
});
