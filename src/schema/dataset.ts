import * as z from 'zod';
import { decimalString, identifier, label, nonNegativeDecimal } from './primitives.js';

/** A participating unit (参评单位) or any other unit the appraisal must account for. */
export const unit = z.strictObject({
  id: identifier.meta({ description: "The unit's code; lists without a score order use it." }),
  name: label,
  category: identifier,
  trackGroup: identifier.optional().meta({ description: 'The vertical-management group, for units on that track.' }),
  dataFlags: z.array(identifier).default([]).meta({ description: 'Yes/no facts the rule set declares, e.g. municipal-tasks-completed.' }),
  counterpart: z.string().max(200).optional().meta({ description: 'Municipal counterpart, for vertical-management units.' }),
  staff: z.int().min(0).optional().meta({ description: "Established staff (编制人数), for the extra 'excellent' places the grade earns." }),
});

/** One score: a unit's score on an indicator, whole or from one evaluation subject. */
export const scoreRow = z.strictObject({
  unit: identifier,
  indicator: identifier,
  subject: identifier.optional(),
  score: nonNegativeDecimal,
});

/** A bonus or deduction entry, with its reason. Points are positive; the item's kind says which way they go. */
export const adjustmentEntry = z.strictObject({
  unit: identifier,
  item: identifier,
  points: nonNegativeDecimal,
  reason: label,
});

/** The prior year's result of a unit. */
export const priorResult = z.strictObject({
  unit: identifier,
  composite: decimalString.optional(),
  grade: identifier.optional(),
});

/** A district-wide survey figure, with last year's for comparison. */
export const survey = z.strictObject({
  id: identifier,
  label,
  value: decimalString,
  prior: decimalString.optional(),
  unit: z.string().max(20).optional().meta({ description: 'Printed after the number, e.g. "%".' }),
  note: z.string().max(500).optional(),
});

/** A year's data: units, scores, adjustments, the prior year's results and district survey figures. */
export const datasetSchema = z
  .strictObject({
    $schema: z.string().optional(),
    year: z.int().min(1900).max(2200).optional(),
    note: z.string().max(5000).optional(),
    units: z.array(unit).min(1, { error: 'a dataset needs at least one unit' }),
    scores: z.array(scoreRow).default([]),
    adjustments: z.array(adjustmentEntry).default([]),
    prior: z.array(priorResult).default([]),
    surveys: z.array(survey).default([]),
  })
  .meta({ title: 'kaoping dataset', description: "A year's appraisal data for kaoping." });

/** A dataset as written in a file (defaults not yet applied). */
export type DatasetInput = z.input<typeof datasetSchema>;
/** A parsed, validated dataset. */
export type Dataset = z.output<typeof datasetSchema>;
/** A unit of a parsed dataset. */
export type Unit = Dataset['units'][number];
