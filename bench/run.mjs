// kaoping's benchmark: the same synthetic populations (bench/population.mjs), in the same process, through
// kaoping's public API (parseDataset + appraise, exact decimals), through a hand-written classifier of the
// same rules (bench/limit.mjs: the practical limit) and through json-rules-engine used naively
// (bench/naive.mjs), and kaoping's appraisal alone, nothing made of it (what its ways share). Checks that all
// agree on every unit, then reports units/s, ms and the ratios, and how time grows from each size to the next.
// Usage: npm run bench [-- --sizes 1000,100000] [-- --json] [-- --naive-max 100000] [-- --cli] [-- --runs 5] [-- --warmup 2] [-- --cli-runs 3] [-- --xlsx]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appraise, appraiseOnDemand, parseDataset, parseRuleSet } from 'kaoping';
import { classify as limit } from './limit.mjs';
import { classify as naive } from './naive.mjs';
import { population, writePopulationCsv, writePopulationXlsx } from './population.mjs';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000,1000000' },
    json: { type: 'boolean', default: false },
    'naive-max': { type: 'string', default: '100000' },
    cli: { type: 'boolean', default: false },
    // each implementation runs this many times at each size, and its median time counts
    runs: { type: 'string', default: '5' },
    // after this many runs of each at the size, in turn as the timed ones, which count for nothing but are listed
    warmup: { type: 'string', default: '2' },
    // and the command this many times on each CSV population, its median time counting
    'cli-runs': { type: 'string', default: '3' },
    // and, with --cli, on each population of 100,000 units or more given as a workbook too
    xlsx: { type: 'boolean', default: false },
  },
});
const root = new URL('../', import.meta.url);
const ruleSet = parseRuleSet(JSON.parse(readFileSync(new URL('rules/2014.json', root), 'utf8')));
const sizes = values.sizes.split(',').map(Number);
const naiveMax = Number(values['naive-max']);
const log = (line) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);

const time = async (run) => {
  // the garbage the last run left in the young generation is collected before the next is timed; a full
  // collection is not forced: at a forced one (gc()), V8 discards the optimised code of functions that ran (with
  // --trace-opt, every function of a run is seen optimised again in the next), which a full collection that
  // comes of itself does not do. Measured at 100,000 units: an appraisal after a full collection that came of
  // itself took about as long as one after none (362 against 341 ms), after a forced one half as long again
  globalThis.gc?.({ type: 'minor' });
  const start = process.hrtime.bigint();
  const output = await run();
  return { output, ms: Number(process.hrtime.bigint() - start) / 1e6 };
};
/**
 * The median time of each of several ways of running, over a number of rounds after some rounds of warming up, and
 * the output of each. The first runs at a size pay for V8 compiling code for loops of that length, and for the heap
 * growing to hold them, which a program that appraises more than once pays only once: they are run first, each way
 * in turn as in the timed rounds, and their times listed apart (a throughput is what the rounds after them give).
 * In each round every way runs once, in turn, and the way that goes first takes turns too (the first way in the
 * first round, the second in the second, and so on): whichever ran first would otherwise pay alone for compiling
 * the code they share, and whatever else the machine is doing at a time falls on all of them alike, so that their
 * ratios hold where the machine's speed drifts from one second to the next. No output is kept while another way
 * runs: each is let go as soon as it is timed, as a program lets a result go, and the outputs compared are those
 * of a run of each after the timed ones.
 */
const runsInTurn = async (count, warmup, ...ways) => {
  const times = ways.map(() => []);
  const warming = ways.map(() => []);
  for (let round = 0; round < warmup + count; round++) {
    for (let k = 0; k < ways.length; k++) {
      const which = (round + k) % ways.length;
      (round < warmup ? warming : times)[which].push((await time(ways[which])).ms);
    }
  }
  const outputs = [];
  for (const way of ways) outputs.push(await way());
  return times.map((list, which) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { output: outputs[which], ms: sorted[Math.floor(sorted.length / 2)], all: list.map(Math.round), warmup: warming[which].map(Math.round) };
  });
};
const key = (outcome) => `${outcome.status}|${outcome.grade}|${outcome.mentions.join(',')}|${outcome.flags.join(',')}`;

/** Peak RSS of a fresh process that generates the population and appraises it with kaoping. */
function peakRss(n) {
  const folder = mkdtempSync(join(tmpdir(), 'kaoping-rss-'));
  try {
    const file = join(folder, 'rss');
    const run = spawnSync(process.execPath, ['--max-old-space-size=8192', '-r', join(root.pathname, 'bench/report-rss.cjs'), join(root.pathname, 'bench/kaoping-only.mjs'), String(n)], { env: { ...process.env, KAOPING_RSS_FILE: file }, stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`kaoping-only ${n} failed`);
    return Number(readFileSync(file, 'utf8')) / 1024;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * A population as a dataset read from a file is: parsed from JSON text, which gives every implementation the
 * strings a file's values are (flat, short ones internalized), not the ones the generator built. Each list is
 * written and read back a slice at a time: a million units' text is longer than a string can be.
 */
function asRead(generated) {
  const read = {};
  for (const [key, value] of Object.entries(generated)) {
    if (!Array.isArray(value)) {
      read[key] = JSON.parse(JSON.stringify(value));
      continue;
    }
    const list = [];
    for (let from = 0; from < value.length; from += 50000) for (const item of JSON.parse(JSON.stringify(value.slice(from, from + 50000)))) list.push(item);
    read[key] = list;
  }
  return read;
}

const rows = [];
// the size before's times as measured
let was;
for (const n of sizes) {
  const data = asRead(population(n));
  // validating the input (zod) is timed apart: the hand-written classifier and naive json-rules-engine
  // validate nothing, so the comparison is of appraising validated data
  const parsed = await time(async () => parseDataset(data, ruleSet));
  const dataset = parsed.output;
  const rounds = Math.max(1, Number(values.runs));
  const warmup = Math.max(0, Number(values.warmup));
  // kaoping with outcomes on demand, every unit's row (its outcome's plain fields) made and kept, as the limit
  // makes and keeps an object per unit; kaoping with every outcome made (appraise); the limit; and the appraisal
  // alone, what kaoping's two ways share (scoring, ranking, the stages), nothing made of it: a run of each in
  // turn, the on-demand way first in the first round
  const [rowsRun, kaoping, fast, alone] = await runsInTurn(
    rounds,
    warmup,
    async () => {
      const appraisal = await appraiseOnDemand(ruleSet, dataset);
      const made = new Array(appraisal.size);
      for (let i = 0; i < made.length; i++) made[i] = appraisal.row(i);
      return made;
    },
    async () => appraise(ruleSet, dataset),
    async () => limit(data),
    async () => appraiseOnDemand(ruleSet, dataset),
  );
  // naive json-rules-engine after them, its runs in a row: a run of it leaves the heap full of garbage its own
  // (hundreds of MB at 100,000 units), and whichever run came after it would pay for collecting that
  const [slow = null] = n <= naiveMax ? await runsInTurn(rounds, warmup, () => naive(data)) : [];
  // the limit gives its outcomes in the order of the dataset's units
  const placeOf = new Map(data.units.map((unit, place) => [unit.id, place]));
  let disagreements = 0;
  for (const [place, unit] of kaoping.output.units.entries()) {
    const expected = key(unit);
    if (key(rowsRun.output[place]) !== expected || rowsRun.output[place].id !== unit.id) disagreements += 1;
    if (key(alone.output.row(place)) !== expected) disagreements += 1;
    if (key(fast.output[placeOf.get(unit.id)]) !== expected) disagreements += 1;
    if (slow && key(slow.output.get(unit.id)) !== expected) disagreements += 1;
  }
  if (disagreements > 0) throw new Error(`${disagreements} disagreements at n = ${n}`);
  const perSecond = (ms) => Math.round((n / ms) * 1000);
  const row = {
    n,
    kaoping_ms: Math.round(kaoping.ms),
    kaoping_per_s: perSecond(kaoping.ms),
    limit_ms: Math.round(fast.ms),
    limit_per_s: perSecond(fast.ms),
    naive_ms: slow ? Math.round(slow.ms) : null,
    naive_per_s: slow ? perSecond(slow.ms) : null,
    kaoping_vs_limit: Number((fast.ms / kaoping.ms).toFixed(3)),
    kaoping_vs_naive: slow ? Number((slow.ms / kaoping.ms).toFixed(1)) : null,
    kaoping_rows_ms: Math.round(rowsRun.ms),
    kaoping_rows_per_s: perSecond(rowsRun.ms),
    kaoping_rows_vs_limit: Number((fast.ms / rowsRun.ms).toFixed(3)),
    kaoping_rows_vs_naive: slow ? Number((slow.ms / rowsRun.ms).toFixed(1)) : null,
    kaoping_alone_ms: Math.round(alone.ms),
    kaoping_alone_per_s: perSecond(alone.ms),
    kaoping_alone_vs_limit: Number((fast.ms / alone.ms).toFixed(3)),
    runs: rounds,
    // every run's time, in the order they ran: how far the machine let them drift
    kaoping_ms_runs: kaoping.all,
    kaoping_rows_ms_runs: rowsRun.all,
    limit_ms_runs: fast.all,
    kaoping_alone_ms_runs: alone.all,
    naive_ms_runs: slow ? slow.all : null,
    // and of the runs before them, which count for nothing
    warmup,
    kaoping_warmup_ms_runs: kaoping.warmup,
    kaoping_rows_warmup_ms_runs: rowsRun.warmup,
    limit_warmup_ms_runs: fast.warmup,
    kaoping_alone_warmup_ms_runs: alone.warmup,
    naive_warmup_ms_runs: slow ? slow.warmup : null,
    kaoping_peak_rss_mb: Math.round(peakRss(n)),
    parse_ms: Math.round(parsed.ms),
    parse_per_s: perSecond(parsed.ms),
    agree: true,
  };
  // how time grows from the size before, in this process (the target: ten times the units in at most twelve
  // times the time)
  // (from the times as measured, not as rounded for the report: a small size's can round to 0 ms)
  const before = rows.at(-1);
  if (before) {
    row.growth_from = before.n;
    row.kaoping_growth = Number((kaoping.ms / was.kaoping).toFixed(2));
    row.kaoping_rows_growth = Number((rowsRun.ms / was.rows).toFixed(2));
    row.limit_growth = Number((fast.ms / was.limit).toFixed(2));
    row.kaoping_alone_growth = Number((alone.ms / was.alone).toFixed(2));
  }
  was = { kaoping: kaoping.ms, rows: rowsRun.ms, limit: fast.ms, alone: alone.ms };
  rows.push(row);
  if (values.json) console.log(JSON.stringify(row));
  else {
    log(`n=${n}: kaoping ${row.kaoping_per_s}/s (${row.kaoping_ms} ms, peak ${row.kaoping_peak_rss_mb} MB; validating the input ${row.parse_per_s}/s) · on demand, rows ${row.kaoping_rows_per_s}/s (${row.kaoping_rows_ms} ms) · limit ${row.limit_per_s}/s · naive ${row.naive_per_s ?? '—'}/s · kaoping/limit ${row.kaoping_vs_limit} (rows ${row.kaoping_rows_vs_limit}) · kaoping/naive ${row.kaoping_vs_naive ?? '—'}× (rows ${row.kaoping_rows_vs_naive ?? '—'}×) · the appraisal alone, nothing made of it, ${row.kaoping_alone_per_s}/s (${row.kaoping_alone_ms} ms, ${row.kaoping_alone_vs_limit} of the limit) · all agree`);
    const listed = (warming, timed) => `${warming.length > 0 ? `(${warming.join(' ')}) ` : ''}${timed.join(' ')}`;
    log(`  each run in ms, in order, the warm-up runs in parentheses: kaoping ${listed(row.kaoping_warmup_ms_runs, row.kaoping_ms_runs)} · rows ${listed(row.kaoping_rows_warmup_ms_runs, row.kaoping_rows_ms_runs)} · limit ${listed(row.limit_warmup_ms_runs, row.limit_ms_runs)} · alone ${listed(row.kaoping_alone_warmup_ms_runs, row.kaoping_alone_ms_runs)}${slow ? ` · naive ${listed(row.naive_warmup_ms_runs, row.naive_ms_runs)}` : ''}`);
    if (before) log(`  from ${before.n} to ${n} units (×${n / before.n}): kaoping's time ×${row.kaoping_growth} (rows ×${row.kaoping_rows_growth}, the appraisal alone ×${row.kaoping_alone_growth}), the limit's ×${row.limit_growth}`);
  }
}

if (!values.json) {
  log('\n| units | kaoping units/s | ms | peak RSS MB | validating units/s | on demand, rows units/s | ms | limit units/s | naive units/s | kaoping ÷ limit | kaoping ÷ naive | rows ÷ limit | rows ÷ naive | the appraisal alone, ms | alone ÷ limit |');
  log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) log(`| ${row.n} | ${row.kaoping_per_s} | ${row.kaoping_ms} | ${row.kaoping_peak_rss_mb} | ${row.parse_per_s} | ${row.kaoping_rows_per_s} | ${row.kaoping_rows_ms} | ${row.limit_per_s} | ${row.naive_per_s ?? '—'} | ${row.kaoping_vs_limit} | ${row.kaoping_vs_naive ?? '—'} | ${row.kaoping_rows_vs_limit} | ${row.kaoping_rows_vs_naive ?? '—'} | ${row.kaoping_alone_ms} | ${row.kaoping_alone_vs_limit} |`);
}

if (values.cli) {
  // the CLI on the 2014 example against starting node at all; then on a large CSV population
  const median = (runs) => runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  const wall = (args) => {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const exampleArgs = ['dist/cli.cjs', 'run', 'rules/2014.json', 'examples/xicheng-2014/dataset.json', '--format', 'csv'];
  // one run first, which leaves the compiled-code cache a user's second run finds; then the two alternately, so
  // that whatever else the machine does falls on both alike
  wall(exampleArgs);
  const nodeRuns = [];
  const exampleRuns = [];
  for (let run = 0; run < 15; run++) {
    nodeRuns.push(wall(['-e', '0']));
    exampleRuns.push(wall(exampleArgs));
  }
  const nodeAlone = median(nodeRuns);
  const example = median(exampleRuns);
  const cliRow = { cli_example_ms: Math.round(example), node_e_0_ms: Math.round(nodeAlone), ratio: Number((example / nodeAlone).toFixed(2)) };
  if (values.json) console.log(JSON.stringify(cliRow));
  else log(`\nCLI on the 2014 example: ${cliRow.cli_example_ms} ms; node -e 0: ${cliRow.node_e_0_ms} ms; ratio ${cliRow.ratio}`);
  // each size with its scores in wide form, then in long form (a score per row: nine times the rows), then by
  // subjects (a part of a score per row: fifteen times the rows, a million units' table longer than a string),
  // then in long form again in GBK with Chinese headers, as Excel saves CSV on Chinese Windows
  const cliBefore = {};
  // and, with --xlsx, as a workbook of two sheets, the scores in wide form
  const formNames = { wide: 'wide form', long: 'long form', subjects: 'subjects form', gbk: 'long form in GBK', xlsx: 'a workbook, wide form' };
  const forms = ['wide', 'long', 'subjects', 'gbk', ...(values.xlsx ? ['xlsx'] : [])];
  for (const [n, form] of sizes.filter((size) => size >= 100000).flatMap((size) => forms.map((form) => [size, form]))) {
    const folder = mkdtempSync(join(tmpdir(), 'kaoping-csv-'));
    // what the command reads: the folder, or the workbook in it
    const input = form === 'xlsx' ? join(folder, 'population.xlsx') : folder;
    if (form === 'xlsx') await writePopulationXlsx(n, input);
    else writePopulationCsv(n, folder, 2014, form);
    // several runs, the median counting: one run's time moved by as much as 45 % from one run to the next on this
    // machine (a million units by subjects took 11.5, 13.8 and 16.7 s in three runs of the benchmark in one hour)
    const runs = [];
    // the command's output and peak are written beside the folder, which the next run then reads as the first did
    const out = `${folder}.csv`;
    const rssFile = `${folder}.rss`;
    for (let k = 0; k < Math.max(1, Number(values['cli-runs'])); k++) {
      // the collector finishes here, with what writing the files (and the runs before) left, rather than on the
      // second core while the command runs
      globalThis.gc?.();
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, ['-r', join(root.pathname, 'bench/report-rss.cjs'), 'dist/cli.cjs', 'run', 'rules/2014.json', input, '--format', 'csv', '--out', out], { cwd: root, env: { ...process.env, KAOPING_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'inherit'] });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      rmSync(out, { force: true });
      runs.push({ ms, status: run.status, rss: run.status === 0 ? Number(readFileSync(rssFile, 'utf8')) / 1024 : null });
      rmSync(rssFile, { force: true });
      if (run.status !== 0) break;
    }
    const failed = runs.find((run) => run.status !== 0);
    const ms = median(runs.map((run) => run.ms));
    const row = {
      cli_csv_n: n,
      cli_csv_form: form,
      cli_csv_ms: Math.round(ms),
      cli_csv_ms_runs: runs.map((run) => Math.round(run.ms)),
      // the highest of the runs' peaks
      cli_csv_peak_rss_mb: failed ? null : Math.round(Math.max(...runs.map((run) => run.rss))),
      exit: failed ? failed.status : 0,
    };
    // growth from the size before, in the same form, as above
    const before = cliBefore[form];
    if (before?.exit === 0 && row.exit === 0) Object.assign(row, { cli_growth_from: before.cli_csv_n, cli_growth: Number((ms / before.cli_csv_ms).toFixed(2)) });
    if (values.json) console.log(JSON.stringify(row));
    else log(`CLI from ${form === 'xlsx' ? 'XLSX' : 'CSV'}, ${n} units, scores in ${formNames[form]}: ${row.cli_csv_ms} ms (runs ${row.cli_csv_ms_runs.join(', ')}), peak ${row.cli_csv_peak_rss_mb} MB, exit ${row.exit}${row.cli_growth === undefined ? '' : `; ×${row.cli_growth} the time of ${row.cli_growth_from} units`}`);
    cliBefore[form] = row;
    rmSync(folder, { recursive: true, force: true });
  }
}
