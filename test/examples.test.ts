import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, scratch } from './support/cli.js';
import { readText } from './support/load.js';

// Every example runs as a user would run it, against the built package (`npm test` builds first).
const run = (file: string, args: string[] = []) => execFileSync(process.execPath, [join(projectRoot, file), ...args], { cwd: projectRoot, encoding: 'utf8' });
const notice = readText('test/fixtures/xicheng-2014-notice.txt').split('\n');

describe('the numbered examples', () => {
  it('01 reproduces the notice: lines 14, 17, 19 and 21 exactly, then the appendix', () => {
    const lines = run('examples/01-reproduce-2014.mjs').split('\n');
    for (const line of [13, 16, 18, 20]) expect(lines).toContain(notice[line]);
    expect(lines).toContain('区卫生局、区安全监管局、区司法局、区市政市容委。');
    expect(lines).toContain('千家评政府满意度：92.77（2013年：91.75，+1.02）');
  });

  it('02 explains a unit, as text and as data', () => {
    const output = run('examples/02-explain-a-unit.mjs');
    expect(output).toContain('第 10 名为区住房城市建设委（93.12），落后 0.48 分');
    expect(output).toContain('overall-excellent: place 11 of 12 for 10 places, 0.48 behind D03');
    expect(run('examples/02-explain-a-unit.mjs', ['区卫生局'])).toContain('single-item-excellent: indicators$.coordination.score needs 4.75, is 4.34 (gap 0.41)');
  });

  it('03 shows the what-if diff', () => {
    const output = run('examples/03-what-if-2015.mjs');
    expect(output).toContain('区发展改革委（D05）：单项优秀 92.64（第11名） → 综合优秀 93.13（第10名），综合得分 +0.49');
    expect(output).toContain('2 of 60 units change outcome.');
  });

  it('04 compiles as a strict TypeScript application and runs on the workbook', () => {
    const dist = join(projectRoot, 'examples/04-embed/dist');
    rmSync(dist, { recursive: true, force: true });
    execFileSync(process.execPath, [join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', join(projectRoot, 'examples/04-embed')], { encoding: 'utf8' });
    const output = execFileSync(process.execPath, [join(dist, 'main.js')], { encoding: 'utf8' });
    expect(output).toContain('department: 24 units (overall-excellent 10, single-item-excellent 10, good 4); best 中关村西城园管委会 96.82');
    expect(output).toContain('区发展改革委 → overall-excellent: quota, 0.48 behind');
  });

  it('05 writes the HTML report from the GBK CSV files', () => {
    const out = join(scratch(), 'report.html');
    expect(run('examples/05-html-report.mjs', [out])).toBe(`wrote ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<title>2014年区政府绩效管理年终考评</title>');
    expect(html.match(/<figure class="profile"/g)).toHaveLength(58);
  });
});
