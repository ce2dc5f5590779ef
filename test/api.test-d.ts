import { describe, expectTypeOf, it } from 'vitest';
import {
  appraise,
  parseDataset,
  parseRuleSet,
  validateRuleSet,
  type AppraisalResult,
  type AppraiseOptions,
  type AppraiseProgress,
  type NoticeOptions,
  type ParseOptions,
  type Dataset,
  type IndicatorInput,
  type Quota,
  type QuotaInput,
  type RuleInput,
  type RuleSet,
  type RuleSetInput,
  type StageInput,
  type Status,
  type UnitOutcome,
} from '../src/index.js';
import type { LoadOptions, TableProgress } from '../src/node.js';

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

  it('takes an option given as undefined, as a value passed along may be, under exactOptionalPropertyTypes', () => {
    expectTypeOf<{ source: string | undefined }>().toExtend<ParseOptions>();
    expectTypeOf<{ onProgress: ((progress: AppraiseProgress) => void) | undefined; evaluation: 'compiled' | undefined }>().toExtend<AppraiseOptions>();
    expectTypeOf<{ prior: string | undefined; encoding: string | undefined; onProgress: TableProgress | undefined }>().toExtend<LoadOptions>();
    expectTypeOf<{ appendix: boolean | undefined }>().toExtend<NoticeOptions>();
  });

  it('names the parts of a rule set as written, their defaults left out, for rule sets written in TypeScript', () => {
    // a quota as a rule file gives it: per and rounding left to their defaults, which the parsed Quota has
    expectTypeOf<{ share: '0.3' }>().toExtend<QuotaInput>();
    expectTypeOf<{ share: '0.3' }>().not.toExtend<Quota>();
    expectTypeOf<{ id: 'duties'; label: '职责任务'; points: '40'; subjects: [{ subject: 's' }] }>().toExtend<IndicatorInput>();
    expectTypeOf<RuleInput>().toEqualTypeOf<NonNullable<RuleSetInput['stages']>[number]['rules'][number]>();
    expectTypeOf<StageInput['rules'][number]>().toEqualTypeOf<RuleInput>();
  });
});
