import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/index.js';
import { appraise2014 } from '../support/load.js';
import { projectRoot } from '../support/cli.js';

// Debian's chromium; .ci/run installs it where it is missing
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const outputDir = join(projectRoot, 'test-output');
let browser: Browser;
let file: string;
let names: string[];

beforeAll(async () => {
  const { ruleSet, result } = await appraise2014();
  names = result.units.map((unit) => unit.name);
  mkdirSync(outputDir, { recursive: true });
  file = join(outputDir, 'xicheng-2014.html');
  writeFileSync(file, renderHtml(result, ruleSet));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the HTML report in headless Chromium', { timeout: 60_000 }, () => {
  it('renders its charts, shows every unit, loads nothing from elsewhere, and is saved as a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${file}`);
    const charts = await page.$$eval('svg', (svgs) => svgs.map((svg) => ({ width: svg.getBoundingClientRect().width, height: svg.getBoundingClientRect().height, shapes: svg.querySelectorAll('rect').length })));
    // four composite charts (departments, key-area offices, streets, vertical units), the grade chart, 58 profiles
    expect(charts).toHaveLength(4 + 1 + 58);
    for (const chart of charts) {
      expect(chart.width).toBeGreaterThan(100);
      expect(chart.height).toBeGreaterThan(20);
      expect(chart.shapes).toBeGreaterThan(0);
    }
    const bars = await page.$$eval('#composites g.bar rect', (rects) => rects.map((rect) => rect.getBoundingClientRect().width));
    expect(bars).toHaveLength(58);
    expect(bars.every((width) => width > 0)).toBe(true);
    expect(await page.$$eval('#composites .threshold text', (texts) => texts.map((text) => text.textContent))).toEqual(['综合优秀 ≥ 90', '综合优秀 ≥ 90']);
    const text = await page.innerText('body');
    for (const name of names) expect(text, name).toContain(name);
    expect(await page.$$eval('#table tbody tr', (rows) => rows.length)).toBe(60);
    expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
    await page.screenshot({ path: join(outputDir, 'xicheng-2014-report.png'), fullPage: true });
    await page.close();
  });

  it('fits a phone screen: no page-wide horizontal scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`file://${file}`);
    // runs in the page; the project's TypeScript has no DOM types
    const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.close();
  });
});
