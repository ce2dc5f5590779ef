/**
 * A quota without its own order admits by the rule set's ranking order, and does so by the units' ranks (one
 * sort of numbers) instead of comparing their facts key by key: the two must admit the same units, in the same
 * places, with the same ties decided by id. Spelling the ranking order out as the quota's own `orderBy` takes
 * the comparison path, with the same meaning by definition.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, type RuleSetInput } from '../src/index.js';
import { quotaOrder } from '../src/quotas/decideStage.js';
import { tinyDataset, tinyRuleSet } from './support/tiny.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);

const KEYS = ['composite', 'bonus', 'deduction', 'change', 'priorComposite', 'indicators.a', 'indicators.b', 'indicators.c'];
/** A ranking order of one to four keys, in any direction, the composite among them or not. */
const rankingOrder = fc
  .uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 4 })
  .chain((keys) => fc.tuple(...keys.map((by) => fc.record({ by: fc.constant(by), order: fc.constantFrom('asc' as const, 'desc' as const) }))));

/**
 * Streets in any order of their codes, with scores from a few values each, so that composites and scores tie
 * often, at a quota's cut too.
 */
const streets = fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { minLength: 1, maxLength: 30 }).chain((codes) =>
  fc.tuple(
    ...codes.map((code) =>
      fc.tuple(fc.constant(`S${code}`), fc.constantFrom('40', '45', '50', '55', '60'), fc.constantFrom('25', '30', '35', '40')),
    ),
  ),
);
/** A quota of a few places, or a share of the category. */
const quota = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map((max) => ({ max })),
  fc.constantFrom('0.1', '0.25', '0.5').map((share) => ({ share, rounding: 'half-up' as const })),
);

/** The rule set with every quota's order spelled out as the one it has by default. */
function spelledOut(input: RuleSetInput): RuleSetInput {
  const parsed = parseRuleSet(input);
  const copy = structuredClone(input);
  copy.stages.forEach((stage, s) => {
    stage.rules.forEach((rule, r) => {
      const quota = (rule as { quota?: { orderBy?: unknown } }).quota;
      const parsedRule = parsed.stages[s]?.rules[r];
      if (quota && quota.orderBy === undefined && parsedRule) quota.orderBy = quotaOrder(parsedRule, parsed.ranking.orderBy);
    });
  });
  return copy;
}

describe('quotas in the ranking order', () => {
  it('admit by rank exactly as by comparing the ranking’s keys, ties and all, for any ranking order and population', async () => {
    // what the runs went through: units over a quota, and ties at a quota's cut decided by id
    const seen = { overQuota: 0, decidedById: 0 };
    await fc.assert(
      fc.asyncProperty(streets, rankingOrder, quota, async (rows, orderBy, limit) => {
        const base = tinyRuleSet();
        (base as { ranking: unknown }).ranking = { orderBy };
        const excellent = base.stages[1]?.rules[0] as { quota?: unknown };
        excellent.quota = limit;
        const byRank = parseRuleSet(base);
        const byKeys = parseRuleSet(spelledOut(base));
        // the spelled-out rule set does take the other path: its quotas have an order of their own
        expect(byKeys.stages.flatMap((stage) => stage.rules).filter((rule) => rule.quota).every((rule) => rule.quota?.orderBy !== undefined)).toBe(true);
        expect(byRank.stages.flatMap((stage) => stage.rules).some((rule) => rule.quota && rule.quota.orderBy === undefined)).toBe(true);
        const input = tinyDataset(rows);
        const a = await appraise(byRank, parseDataset(input, byRank));
        const b = await appraise(byKeys, parseDataset(input, byKeys));
        expect(JSON.stringify(a.units)).toBe(JSON.stringify(b.units));
        for (const unit of a.units) {
          for (const rule of unit.stages.flatMap((stage) => [...stage.applied, ...stage.missed])) {
            if (rule.outcome === 'over-quota') seen.overQuota += 1;
            if (rule.quota?.decidedById) seen.decidedById += 1;
          }
        }
      }),
      { numRuns: RUNS },
    );
    expect(seen.overQuota).toBeGreaterThan(0);
    expect(seen.decidedById).toBeGreaterThan(0);
  });
});
