/**
 * The benchmark itself, on small populations: it runs, the three ways agree on every unit, and `--json` gives one
 * object per size with the keys its readers rely on, and how time grew from the size before. What it measures
 * is not checked here: timings are the benchmark's to report, not a test's to assert.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appraise, type Dataset } from '../src/index.js';
import { loadDataset, loadRuleSet } from '../src/node.js';

const projectRoot = new URL('../', import.meta.url).pathname;

describe('npm run bench', () => {
  it('prints one JSON object per size, with throughput, memory, agreement and growth', () => {
    const output = execFileSync(process.execPath, ['--expose-gc', 'bench/run.mjs', '--sizes', '200,400', '--json'], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const rows = output.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((row) => row['n'])).toEqual([200, 400]);
    for (const row of rows) {
      for (const key of ['kaoping_per_s', 'limit_per_s', 'naive_per_s', 'kaoping_peak_rss_mb', 'kaoping_ms', 'parse_per_s', 'kaoping_rows_per_s', 'kaoping_rows_ms', 'kaoping_alone_per_s', 'kaoping_alone_vs_limit']) {
        expect(row[key], key).toBeTypeOf('number');
        expect(row[key] as number, key).toBeGreaterThan(0);
      }
      expect(row['agree']).toBe(true);
      // every run's time, in the order they ran, and the median of them the one reported
      for (const [runsKey, medianKey] of [['kaoping_ms_runs', 'kaoping_ms'], ['kaoping_rows_ms_runs', 'kaoping_rows_ms'], ['limit_ms_runs', 'limit_ms'], ['kaoping_alone_ms_runs', 'kaoping_alone_ms'], ['naive_ms_runs', 'naive_ms']] as const) {
        const times = row[runsKey] as number[];
        expect(times, runsKey).toHaveLength(row['runs'] as number);
        for (const time of times) expect(time, runsKey).toBeGreaterThanOrEqual(0);
        expect([...times].sort((a, b) => a - b)[Math.floor(times.length / 2)], runsKey).toBe(row[medianKey]);
      }
      // and those of the runs before them, two of each by default, which count for nothing
      expect(row['warmup']).toBe(2);
      for (const key of ['kaoping_warmup_ms_runs', 'kaoping_rows_warmup_ms_runs', 'limit_warmup_ms_runs', 'kaoping_alone_warmup_ms_runs', 'naive_warmup_ms_runs']) {
        expect(row[key], key).toHaveLength(2);
        for (const time of row[key] as number[]) expect(time, key).toBeGreaterThanOrEqual(0);
      }
    }
    expect(rows[0]).not.toHaveProperty('growth_from');
    expect(rows[1]).toMatchObject({ growth_from: 200 });
    // each growth the ratio of the two sizes' times, as measured: within what the reported times, rounded to the
    // millisecond, allow
    for (const [growthKey, msKey] of [['kaoping_growth', 'kaoping_ms'], ['kaoping_rows_growth', 'kaoping_rows_ms'], ['limit_growth', 'limit_ms'], ['kaoping_alone_growth', 'kaoping_alone_ms']] as const) {
      const [from, to] = [rows[0]?.[msKey] as number, rows[1]?.[msKey] as number];
      const growth = rows[1]?.[growthKey] as number;
      expect(growth, growthKey).toBeGreaterThanOrEqual(Math.max(0, to - 0.5) / (from + 0.5) - 0.005);
      if (from >= 1) expect(growth, growthKey).toBeLessThanOrEqual((to + 0.5) / (from - 0.5) + 0.005);
    }
  }, 60_000);

  it.runIf(process.platform === 'linux')('takes the peak memory of the program it measures, not of the process that started it', () => {
    // the test holds 400 MB, which a process it starts inherits in getrusage's maxRSS until it runs a program
    const held = Buffer.alloc(400 * 1024 * 1024, 1);
    const folder = mkdtempSync(join(tmpdir(), 'kaoping-rss-'));
    let peakMb: number;
    try {
      const file = join(folder, 'rss');
      execFileSync(process.execPath, ['-r', join(projectRoot, 'bench/report-rss.cjs'), '-e', '0'], { env: { ...process.env, KAOPING_RSS_FILE: file } });
      peakMb = Number(readFileSync(file, 'utf8')) / 1024;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    expect(held.length).toBeGreaterThan(0);
    // node -e 0 alone: some tens of MB
    expect(peakMb).toBeGreaterThan(10);
    expect(peakMb).toBeLessThan(200);
  });

  it('writes the same population as CSV with its scores in wide form, in long form (in UTF-8 and in GBK) and by subjects, and as a workbook', async () => {
    // @ts-expect-error: the benchmark's generator is plain JavaScript, without types
    const { population, writePopulationCsv, writePopulationXlsx } = (await import('../bench/population.mjs')) as {
      population: (n: number) => { scores: unknown[] };
      writePopulationCsv: (n: number, folder: string, seed: number, form: 'wide' | 'long' | 'subjects' | 'gbk') => void;
      writePopulationXlsx: (n: number, file: string, seed: number) => Promise<void>;
    };
    const { value: ruleSet } = await loadRuleSet(join(projectRoot, 'rules/2014.json'));
    const loaded = [];
    for (const form of ['wide', 'long', 'subjects', 'gbk'] as const) {
      const folder = mkdtempSync(join(tmpdir(), 'kaoping-bench-'));
      try {
        writePopulationCsv(300, folder, 2014, form);
        loaded.push((await loadDataset(folder, ruleSet)).value);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
    const [wide, long, bySubjects, inGbk] = loaded;
    // and as a workbook, its numbers without their trailing zeros
    const folder = mkdtempSync(join(tmpdir(), 'kaoping-bench-'));
    try {
      await writePopulationXlsx(300, join(folder, 'population.xlsx'), 2014);
      const { value: fromWorkbook } = await loadDataset(join(folder, 'population.xlsx'), ruleSet);
      const asNumbers = (dataset: Dataset | undefined) => ({ ...dataset, scores: dataset?.scores.map((row) => ({ ...row, score: Number(row.score) })) });
      expect(asNumbers(fromWorkbook)).toEqual(asNumbers(wide));
      expect(fromWorkbook.scores.some((row) => /\.[0-9]0$/.test(row.score))).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    expect(JSON.stringify(long)).toBe(JSON.stringify(wide));
    expect(JSON.stringify(inGbk)).toBe(JSON.stringify(wide));
    expect(wide?.scores).toEqual(population(300).scores);
    // each unit's parts of a score add up to the score, and every scored unit has one from each subject
    const split = bySubjects?.scores ?? [];
    expect(split.length).toBe((wide?.scores.length ?? 0) * 15 / 9);
    for (const row of wide?.scores ?? []) {
      const parts = split.filter((part) => part.unit === row.unit && part.indicator === row.indicator);
      expect(parts.map((part) => part.subject)).toEqual(ruleSet.indicators.find((indicator) => indicator.id === row.indicator)?.subjects.map((share) => share.subject));
      expect(parts.reduce((sum, part) => sum + Math.round(Number(part.score) * 100), 0)).toBe(Math.round(Number(row.score) * 100));
    }
    // and the appraisal is the same, but for each indicator's parts
    const withoutParts = (result: Awaited<ReturnType<typeof appraise>>) => JSON.stringify(result.units.map((unit) => ({ ...unit, indicators: unit.indicators.map(({ bySubject: _, ...rest }) => rest) })));
    expect(withoutParts(await appraise(ruleSet, bySubjects as Dataset))).toBe(withoutParts(await appraise(ruleSet, wide as Dataset)));
  });
});
