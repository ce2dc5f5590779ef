import { describe, expectTypeOf, it } from 'vitest';
import { appraise, parseDataset, parseRuleSet, validateRuleSet, type AppraisalResult, type Dataset, type RuleSet, type Status, type UnitOutcome } from '../src/index.js';

describe('public types', () => {
  it('parses unknown input into typed values', () => {
    expectTypeOf(parseRuleSet).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(parseRuleSet).returns.toEqualTypeOf<RuleSet>();
    expectTypeOf(parseDataset).returns.toEqualTypeOf<Dataset>();
  });

  it('narrows a validation result on ok', () => {
    const result = validateRuleSet({});
    if (result.ok) expectTypeOf(result.value).toEqualTypeOf<RuleSet>();
    else expectTypeOf(result).not.toHaveProperty('value');
  });

  it('resolves appraise to typed outcomes with decimal strings', () => {
    expectTypeOf(appraise).returns.resolves.toEqualTypeOf<AppraisalResult>();
    expectTypeOf<UnitOutcome['status']>().toEqualTypeOf<Status>();
    expectTypeOf<Status>().toEqualTypeOf<'graded' | 'excluded' | 'vertical'>();
    expectTypeOf<UnitOutcome['composite']>().toEqualTypeOf<string | null>();
    expectTypeOf<RuleSet['stages'][number]['mode']>().toEqualTypeOf<'first-match' | 'all-match'>();
  });
});
