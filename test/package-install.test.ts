import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, scratch } from './support/cli.js';

// Packs the package as npm would publish it, installs the tarball into a fresh project, and uses it the
// ways users do. Slow (an npm install), so it runs once for the whole file.
let project: string;
let files: string[];
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8' });
const tsc = (args: string[]) => execFileSync(process.execPath, [join(projectRoot, 'node_modules/typescript/bin/tsc'), ...args], { cwd: project, encoding: 'utf8' });

beforeAll(() => {
  const packs = scratch();
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', packs], projectRoot)) as { filename: string; files: { path: string }[] }[];
  if (!packed) throw new Error('npm pack produced nothing');
  files = packed.files.map((file) => file.path).sort();
  project = scratch();
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', join(packs, packed.filename)], project);
  copyFileSync(join(projectRoot, 'examples/xicheng-2014/dataset.json'), join(project, 'dataset.json'));
}, 300_000);

describe('the published package', { timeout: 120_000 }, () => {
  it('contains exactly what a user needs: the build, the rule sets, the JSON Schemas, README, LICENSE, CHANGELOG', () => {
    const unexpected = files.filter((path) => !/^(dist\/[^/]+\.(js|cjs|d\.ts|d\.cts|js\.map|cjs\.map)|rules\/\d{4}\.json|schema\/(ruleset|dataset)\.schema\.json|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/.test(path));
    expect(unexpected).toEqual([]);
    for (const needed of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/node.js', 'dist/cli.cjs', 'dist/cli-program.cjs', 'rules/2014.json', 'schema/ruleset.schema.json', 'CHANGELOG.md']) {
      expect(files).toContain(needed);
    }
  });

  it('works from ESM, with the shipped rule set', () => {
    writeFileSync(
      join(project, 'esm.mjs'),
      `import { appraise, parseDataset, parseRuleSet, renderNotice } from 'kaoping';
import { loadRuleSet } from 'kaoping/node';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const rulesPath = createRequire(import.meta.url).resolve('kaoping/rules/2014.json');
const { value: ruleSet } = await loadRuleSet(rulesPath);
const same = parseRuleSet(JSON.parse(readFileSync(rulesPath, 'utf8')));
const result = await appraise(same, parseDataset(JSON.parse(readFileSync('dataset.json', 'utf8')), ruleSet));
process.stdout.write(renderNotice(result, ruleSet).split('\\n')[4] + '\\n');`,
    );
    const notice = readFileSync(join(projectRoot, 'test/fixtures/xicheng-2014-notice.txt'), 'utf8').split('\n');
    expect(node(['esm.mjs'])).toBe(`${notice[13]}\n`);
  });

  it('works from CommonJS', () => {
    writeFileSync(
      join(project, 'cjs.cjs'),
      `const { parseRuleSet, ruleSetJsonSchema } = require('kaoping');
const { loadDataset } = require('kaoping/node');
const schema = require('kaoping/ruleset.schema.json');
const ruleSet = parseRuleSet(require('kaoping/rules/2014.json'));
const { ValidationError } = require('kaoping');
loadDataset('dataset.json', ruleSet)
  .then(({ value }) => console.log(value.units.length, JSON.stringify(schema) === JSON.stringify(ruleSetJsonSchema())))
  // kaoping and kaoping/node share their error classes in CommonJS too
  .then(() => require('kaoping/node').loadRuleSet('package.json'))
  .catch((error) => console.log(error instanceof ValidationError));`,
    );
    expect(node(['cjs.cjs'])).toBe('60 true\ntrue\n');
  });

  it('writes an appraisal made by the ES module with the CommonJS build, and the other way round', () => {
    writeFileSync(
      join(project, 'mixed.mjs'),
      `import * as esm from 'kaoping';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const cjs = createRequire(import.meta.url)('kaoping');
const ruleSet = esm.parseRuleSet(cjs.parseRuleSet(JSON.parse(readFileSync(createRequire(import.meta.url).resolve('kaoping/rules/2014.json'), 'utf8'))));
const input = JSON.parse(readFileSync('dataset.json', 'utf8'));
const fromEsm = await esm.appraiseOnDemand(ruleSet, esm.parseDataset(input, ruleSet));
const fromCjs = await cjs.appraiseOnDemand(ruleSet, cjs.parseDataset(input, ruleSet));
const csv = esm.renderCsv(await esm.appraise(ruleSet, esm.parseDataset(input, ruleSet)), ruleSet);
console.log(cjs.renderCsv(fromEsm, ruleSet) === csv, esm.renderCsv(fromCjs, ruleSet) === csv, [...cjs.jsonChunks(fromEsm)].join('') === esm.renderJson(fromCjs));`,
    );
    expect(node(['mixed.mjs'])).toBe('true true true\n');
  });

  it('type-checks from TypeScript with moduleResolution node16, bundler and node10', () => {
    writeFileSync(
      join(project, 'use.ts'),
      `import { appraise, parseRuleSet, type AppraisalResult, type UnitOutcome, type Status } from 'kaoping';
import type { LoadOptions } from 'kaoping/node';
export async function grades(rules: unknown, dataset: Parameters<typeof appraise>[1]): Promise<Record<string, string | null>> {
  const result: AppraisalResult = await appraise(parseRuleSet(rules), dataset);
  const status: Status = result.units[0]?.status ?? 'graded';
  const options: LoadOptions = { encoding: 'gbk' };
  void status; void options;
  return Object.fromEntries(result.units.map((unit: UnitOutcome) => [unit.id, unit.grade]));
}
// @ts-expect-error composites are decimal strings, never numbers
export const wrong: number = ({} as UnitOutcome).composite;
`,
    );
    const common = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'es2022', '--types', 'node', '--typeRoots', join(projectRoot, 'node_modules/@types'), 'use.ts'];
    expect(tsc(['--module', 'node16', '--moduleResolution', 'node16', ...common])).toBe('');
    expect(tsc(['--module', 'esnext', '--moduleResolution', 'bundler', ...common])).toBe('');
    // the older resolution, which reads no exports map, and an older target, whose library has no ErrorOptions
    expect(tsc(['--module', 'commonjs', '--moduleResolution', 'node10', '--esModuleInterop', ...common.map((arg) => (arg === 'es2022' ? 'es2020' : arg))])).toBe('');
  });

  it('installs the kaoping command', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    expect(execFileSync(join(project, 'node_modules/.bin/kaoping'), ['--version'], { encoding: 'utf8' })).toBe(`${pkg.version}\n`);
  });
});
