import * as z from 'zod';
import { Decimal } from '../scoring/decimal.js';
import { topLevelCondition } from './conditions.js';
import { STATUSES, identifier, label, nonNegativeDecimal, roundingMode } from './primitives.js';

const labelled = z.strictObject({ id: identifier, label });

/** A key to order units by: `composite`, `bonus`, `deduction`, `change`, `priorComposite` or `indicators.<id>`. */
export const sortKey = z.strictObject({
  by: z.string().regex(/^(composite|bonus|deduction|change|priorComposite|indicators\.[A-Za-z0-9_-]+)$/, {
    error: (issue) => `expected composite, bonus, deduction, change, priorComposite or indicators.<indicator id>, found ${JSON.stringify(issue.input)}`,
  }),
  order: z.enum(['asc', 'desc']).default('desc'),
});

/** A category of unit (委办局, 街道, …). Units of an unscored category carry no scores. */
export const category = z.strictObject({
  id: identifier,
  label,
  scored: z.boolean().default(true).meta({ description: 'Whether units of this category are scored (lead departments are not).' }),
});

/** An evaluation subject's share of an indicator. */
export const indicatorSubject = z.strictObject({
  subject: identifier,
  points: nonNegativeDecimal.optional().meta({ description: "This subject's share of the indicator's points; required when several subjects share it." }),
});

/** An indicator: what is scored, out of how many points, by whom, and whether it counts towards the composite. */
export const indicator = z.strictObject({
  id: identifier,
  label,
  points: nonNegativeDecimal.meta({ description: 'The most a unit can score on this indicator.' }),
  weight: nonNegativeDecimal.default('1').meta({ description: 'The composite adds score × weight.' }),
  counts: z.boolean().default(true).meta({ description: 'false: scored and reported, but adds nothing to the composite.' }),
  subjects: z.array(indicatorSubject).min(1, { error: 'an indicator needs at least one evaluation subject' }).max(100),
  note: z.string().max(1000).optional(),
});

/** A bonus (加分项) or deduction (扣分项) item, with an optional cap on its total per unit. */
export const adjustmentItem = z.strictObject({
  id: identifier,
  label,
  kind: z.enum(['bonus', 'deduction']),
  cap: nonNegativeDecimal.optional().meta({ description: "The most this item can add or take away per unit." }),
});

/** What a rule does when its conditions hold. */
export const ruleEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('status'), params: z.strictObject({ status: z.enum(STATUSES) }) }),
  z.strictObject({ type: z.literal('grade'), params: z.strictObject({ grade: identifier }) }),
  z.strictObject({ type: z.literal('mention'), params: z.strictObject({ mention: identifier }) }),
  z.strictObject({ type: z.literal('flag'), params: z.strictObject({ flag: identifier }) }),
]);

/** A cap on how many units of a group a rule may give its outcome to. */
export const quota = z
  .strictObject({
    per: z.literal('category').default('category'),
    share: nonNegativeDecimal
      .refine((value) => new Decimal(value).lessThanOrEqualTo(1), {
        error: (issue) => `a share is at most 1, found ${JSON.stringify(issue.input)}: a share is a fraction of 1, as "0.4" for 40%`,
      })
      .optional()
      .meta({ description: 'The largest share of the group, e.g. "0.4" for 40%.' }),
    max: z.int().min(0).optional().meta({ description: 'The largest number of units per group.' }),
    rounding: roundingMode.default('floor').meta({ description: 'How share × group size becomes a whole number.' }),
    orderBy: z.array(sortKey).min(1).optional().meta({ description: "Who is admitted first; defaults to the rule set's ranking order." }),
  })
  .refine((value) => (value.share === undefined) !== (value.max === undefined), { error: 'a quota needs exactly one of share or max' });

/** A rule: json-rules-engine conditions and the outcome they lead to. Rules never name a unit. */
export const rule = z.strictObject({
  id: identifier,
  reason: label.meta({ description: 'The sentence an explanation gives for this outcome.' }),
  priority: z.int().min(1).max(1000).optional().meta({ description: 'Higher runs first; equal priorities keep file order.' }),
  conditions: topLevelCondition,
  event: ruleEvent,
  quota: quota.optional(),
});

/** A stage: a set of rules applied to the units whose status it lists. */
export const stage = z.strictObject({
  id: identifier,
  label,
  mode: z.enum(['first-match', 'all-match']).meta({
    description: 'first-match: the first rule that holds decides; all-match: every rule that holds applies.',
  }),
  appliesTo: z.array(z.enum(STATUSES)).min(1).optional().meta({ description: 'Statuses the stage applies to; all units when absent.' }),
  rules: z.array(rule).min(1, { error: 'a stage needs at least one rule' }).max(1000),
});

/** A group of the vertical-management track, with the assessment the notice prints after its units. */
export const trackGroup = z.strictObject({ id: identifier, label, assessment: z.string().min(1).max(2000) });

/** How the results section of the notice is laid out. */
export const noticeLayout = z.strictObject({
  heading: label,
  categoryOrder: z.array(identifier).min(1).meta({ description: 'Groups within each list, in this order, separated by ；.' }),
  lists: z.array(z.strictObject({ heading: label, grade: identifier })),
  closing: z.string().max(2000).optional().meta({ description: 'Printed after the lists, e.g. that all others are good.' }),
  excluded: z.string().max(2000).optional().meta({ description: 'The sentence for excluded units; {units} stands for their names.' }),
  vertical: z
    .strictObject({
      opening: z.string().max(2000),
      mentionsLead: z.string().max(200).default(''),
      mentions: z.array(z.strictObject({ mention: identifier, text: z.string().max(2000) })).default([]),
    })
    .optional(),
});

/** What follows from the results: which flags call for which documents, and how they are worded. */
export const followUp = z.strictObject({
  documents: z
    .strictObject({
      evaluationReport: identifier.optional().meta({ description: 'The flag that calls for an evaluation report (评价报告).' }),
      orgList: identifier.optional().meta({ description: 'The flag that puts a unit on the list for the organisation department and HR bureau.' }),
      letter: identifier.optional().meta({ description: 'The flag that calls for a letter to the municipal counterpart.' }),
      interview: identifier.optional().meta({ description: 'The flag that puts a unit on the interview (约谈) list.' }),
    })
    .default({}),
  staffExcellentQuota: z
    .strictObject({
      label: label.default('增设年底考核优秀比例'),
      byGrade: z.record(identifier, nonNegativeDecimal).meta({ description: 'Extra share of staff who may be rated excellent, by grade, e.g. {"overall-excellent": "0.05"}.' }),
      rounding: roundingMode.default('floor'),
    })
    .optional(),
  letter: z
    .strictObject({
      title: z.string().min(1).max(500),
      body: z.string().min(1).max(5000).meta({ description: 'Placeholders: {counterpart} {unit} {year} {assessment} {mentions} {sender}.' }),
      sender: z.string().min(1).max(200),
    })
    .optional(),
  interview: z.strictObject({ heading: label }).optional(),
});

/** The whole rule set of one appraisal year. */
export const ruleSetSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: identifier,
    year: z.int().min(1900).max(2200),
    title: label,
    description: z.string().max(5000).optional(),
    precision: z.strictObject({
      decimals: z.int().min(0).max(10),
      rounding: roundingMode,
    }),
    total: nonNegativeDecimal.optional().meta({ description: 'Full marks of the counted indicators, checked against their points × weight.' }),
    categories: z.array(category).min(1).max(200),
    subjects: z.array(labelled).min(1).max(500).meta({ description: 'Evaluation subjects (考评主体).' }),
    indicators: z.array(indicator).min(1).max(500),
    adjustments: z.array(adjustmentItem).max(100).default([]),
    dataFlags: z.array(labelled).max(200).default([]).meta({ description: 'Yes/no facts a dataset may state about a unit.' }),
    grades: z.array(labelled).min(1).max(50).meta({ description: 'Grades, best first.' }),
    mentions: z.array(labelled).max(100).default([]),
    flags: z.array(labelled).max(100).default([]),
    ranking: z
      .strictObject({ orderBy: z.array(sortKey).min(1) })
      .default({ orderBy: [{ by: 'composite', order: 'desc' }] })
      .meta({ description: 'The order of ranks within a category, first key first: the tie-break.' }),
    stages: z.array(stage).min(1).max(100),
    verticalTrack: z.strictObject({ groups: z.array(trackGroup).min(1) }).optional(),
    notice: noticeLayout.optional(),
    followUp: followUp.optional(),
  })
  .meta({ title: 'kaoping rule set', description: "A year's appraisal rules for kaoping." });

/** The follow-up part of a parsed rule set. */
export type FollowUp = NonNullable<RuleSet['followUp']>;
/** A rule set as written in a file (defaults not yet applied). */
export type RuleSetInput = z.input<typeof ruleSetSchema>;
/** A parsed, validated rule set. */
export type RuleSet = z.output<typeof ruleSetSchema>;
/** A stage of a parsed rule set. */
export type Stage = RuleSet['stages'][number];
/** A rule of a parsed rule set. */
export type Rule = Stage['rules'][number];
/** A rule's outcome. */
export type RuleEvent = Rule['event'];
/** A key to order units by. */
export type SortKey = RuleSet['ranking']['orderBy'][number];
/** A quota on a rule. */
export type Quota = NonNullable<Rule['quota']>;
/** An indicator of a parsed rule set. */
export type Indicator = RuleSet['indicators'][number];

/** A stage as written in a rule file, for rule sets written in TypeScript (see {@link RuleSetInput}). */
export type StageInput = RuleSetInput['stages'][number];
/** A rule as written in a rule file. */
export type RuleInput = StageInput['rules'][number];
/** A quota as written in a rule file: `per` and `rounding` may be left to their defaults. */
export type QuotaInput = NonNullable<RuleInput['quota']>;
/** An indicator as written in a rule file: `weight` and `counts` may be left to their defaults. */
export type IndicatorInput = RuleSetInput['indicators'][number];

