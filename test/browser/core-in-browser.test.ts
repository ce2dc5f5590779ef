import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, renderJson, renderNotice } from '../../src/index.js';
import { projectRoot } from '../support/cli.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
let browser: Browser;
let bundle: string;
let inputs: Set<string>;

beforeAll(async () => {
  // the core as a browser would get it: bundled for the browser platform, no Node built-ins available
  const result = await build({
    entryPoints: [`${projectRoot}src/index.ts`],
    bundle: true,
    format: 'iife',
    globalName: 'kaoping',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]?.text ?? '';
  inputs = new Set(Object.keys(result.metafile.inputs));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the core in a browser', { timeout: 60_000 }, () => {
  it('bundles without any Node built-in', () => {
    expect([...inputs].filter((input) => input.startsWith('node:') || /^(fs|path|os|crypto|stream|util|buffer|child_process)$/.test(input))).toEqual([]);
    expect(bundle.length).toBeGreaterThan(10_000);
  });

  it('appraises the 2014 example in headless Chromium with the same result, byte for byte, as in Node', async () => {
    const rules = JSON.parse(readFileSync(`${projectRoot}rules/2014.json`, 'utf8')) as unknown;
    const data = JSON.parse(readFileSync(`${projectRoot}examples/xicheng-2014/dataset.json`, 'utf8')) as unknown;
    const ruleSet = parseRuleSet(rules);
    const inNode = await appraise(ruleSet, parseDataset(data, ruleSet));

    const page = await browser.newPage();
    page.on('pageerror', (error) => {
      throw error;
    });
    await page.setContent('<!doctype html><meta charset="utf-8"><title>kaoping</title>');
    await page.addScriptTag({ content: bundle });
    const inBrowser = await page.evaluate(
      async ({ rules, data }) => {
        // the page's global, set by the bundle; the project's TypeScript has no DOM types
        const scope = globalThis as unknown as { kaoping: typeof import('../../src/index.js'); navigator: { userAgent: string } };
        const kaoping = scope.kaoping;
        const ruleSet = kaoping.parseRuleSet(rules);
        const result = await kaoping.appraise(ruleSet, kaoping.parseDataset(data, ruleSet));
        return { json: kaoping.renderJson(result), notice: kaoping.renderNotice(result, ruleSet), agent: scope.navigator.userAgent };
      },
      { rules, data },
    );
    expect(inBrowser.agent).toContain('HeadlessChrome');
    expect(inBrowser.json === renderJson(inNode)).toBe(true);
    expect(inBrowser.notice).toBe(renderNotice(inNode, ruleSet));
    await page.close();
  });
});
