/**
 * Markdown and HTML output in pieces: the same text however many units a piece holds, no piece holding more
 * units than asked, and no unit's explanation built to write them. A large result's HTML (about 3 KB a unit)
 * is longer than a string can be, so the command writes every format this way. All four formats take an odd
 * piece size alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appraise,
  csvChunks,
  htmlChunks,
  jsonChunks,
  markdownChunks,
  parseDataset,
  parseRuleSet,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  type AppraisalResult,
} from '../src/index.js';
import { population2014 } from './support/arbitraries.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const ruleSet = parseRuleSet(ruleSetInput2014());

/** How many times a text holds a pattern. */
const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/** Whether an outcome's explanation (its stages) has been built. */
function explained(unit: AppraisalResult['units'][number]): boolean {
  const state = Object.getOwnPropertySymbols(unit).find((symbol) => symbol.description === 'kaoping.explanation');
  const explanation = state === undefined ? undefined : (unit as unknown as Record<symbol, { built?: unknown } | undefined>)[state];
  if (!explanation) throw new Error('expected an outcome of appraise');
  return explanation.built !== undefined;
}

describe('Markdown and HTML in pieces', () => {
  it('give the same text in any number of units per piece, none holding more units than asked', async () => {
    await fc.assert(
      fc.asyncProperty(population2014(25), fc.integer({ min: 1, max: 30 }), async (input, perPiece) => {
        const result = await appraise(ruleSet, parseDataset(input, ruleSet));
        const html = [...htmlChunks(result, ruleSet, perPiece)];
        expect(html.join('')).toBe(renderHtml(result, ruleSet));
        for (const piece of html) {
          expect(count(piece, /<g class="bar">/g)).toBeLessThanOrEqual(perPiece);
          expect(count(piece, /<figure class="profile"/g)).toBeLessThanOrEqual(perPiece);
          expect(count(piece, /<tr data-unit=/g)).toBeLessThanOrEqual(perPiece);
        }
        // every unit's row and every scored unit's bar and profile, once
        const whole = html.join('');
        const scored = result.units.filter((unit) => unit.composite !== null).length;
        expect([count(whole, /<tr data-unit=/g), count(whole, /<g class="bar">/g), count(whole, /<figure class="profile"/g)]).toEqual([result.units.length, scored, scored]);

        const markdown = [...markdownChunks(result, ruleSet, perPiece)];
        expect(markdown.join('')).toBe(renderMarkdown(result, ruleSet));
        const unitRow = /^\| \d* \| U\d{3} \|/gm;
        for (const piece of markdown) expect(count(piece, unitRow)).toBeLessThanOrEqual(perPiece);
        expect(count(markdown.join(''), unitRow)).toBe(result.units.length);
        expect(markdown).toHaveLength(Math.max(1, Math.ceil(result.units.length / perPiece)));
      }),
      { numRuns: RUNS },
    );
  });

  it('are written without building the units’ explanations', async () => {
    const result = await appraise(ruleSet, parseDataset(datasetInput2014(), ruleSet));
    const markdown = renderMarkdown(result, ruleSet);
    const html = renderHtml(result, ruleSet);
    expect(result.units.filter(explained)).toEqual([]);
    // and read afterwards, they give the same text
    for (const unit of result.units) void unit.stages;
    expect(result.units.every(explained)).toBe(true);
    expect(renderMarkdown(result, ruleSet)).toBe(markdown);
    expect(renderHtml(result, ruleSet)).toBe(html);
  });

  it('take a piece size below one, or not a whole number, as the nearest size that makes sense', async () => {
    const result = await appraise(ruleSet, parseDataset(datasetInput2014(), ruleSet));
    const formats = [
      { name: 'csv', whole: renderCsv(result, ruleSet), pieces: (size: number) => csvChunks(result, ruleSet, size) },
      { name: 'json', whole: renderJson(result), pieces: (size: number) => jsonChunks(result, size) },
      { name: 'md', whole: renderMarkdown(result, ruleSet), pieces: (size: number) => markdownChunks(result, ruleSet, size) },
      { name: 'html', whole: renderHtml(result, ruleSet), pieces: (size: number) => htmlChunks(result, ruleSet, size) },
    ];
    for (const { name, whole, pieces } of formats) {
      const one = [...pieces(1)];
      for (const size of [0, -3, Number.NaN, 0.5]) expect([...pieces(size)], `${name} ${size}`).toEqual(one);
      expect([...pieces(2.5)], name).toEqual([...pieces(2)]);
      expect(one.join(''), name).toBe(whole);
    }
  });
});

