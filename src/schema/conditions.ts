import * as z from 'zod';
import { identifier } from './primitives.js';

/** A fact path: `$.` followed by dot-separated keys, e.g. `$.duties.score`. No filters, no wildcards. */
export const factPath = z
  .string()
  .regex(/^\$(\.[A-Za-z0-9_-]+)+$/, {
    error: (issue) => `expected a simple path such as "$.duties.score", found ${JSON.stringify(issue.input)}`,
  })
  .max(200);

/** A literal a condition compares with: a string, number, boolean, null, or an array of those. */
const scalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
const literal = z.union([scalar, z.array(scalar).max(1000)]);

/** A condition's `value`: a literal, or another fact's value (`{ "fact": "composite" }`). */
export const conditionValue = z.union([literal, z.strictObject({ fact: identifier, path: factPath.optional() })], {
  error: 'expected a value to compare with: a decimal string such as "90", a number, true or false, a list of these, or another fact as {"fact": "priorComposite"}',
});

/** A comparison of one fact with a value, e.g. composite ≥ 90. */
export interface FactCondition {
  fact: string;
  operator: string;
  value: z.infer<typeof conditionValue>;
  path?: string | undefined;
  priority?: number | undefined;
  name?: string | undefined;
}
/** All sub-conditions must hold. */
export interface AllCondition {
  all: Condition[];
  priority?: number | undefined;
  name?: string | undefined;
}
/** At least one sub-condition must hold. */
export interface AnyCondition {
  any: Condition[];
  priority?: number | undefined;
  name?: string | undefined;
}
/** The sub-condition must not hold. */
export interface NotCondition {
  not: Condition;
  priority?: number | undefined;
  name?: string | undefined;
}
/** A json-rules-engine condition as kaoping accepts it. */
export type Condition = FactCondition | AllCondition | AnyCondition | NotCondition;
/** A rule's top-level conditions: `all`, `any` or `not`, as json-rules-engine requires. */
export type TopLevelCondition = AllCondition | AnyCondition | NotCondition;

const common = {
  priority: z.int().min(1).max(1000).optional(),
  name: z.string().max(200).optional(),
};

/** A condition comparing one fact with a value. */
export const factCondition = z.strictObject({
  fact: identifier,
  operator: z.string().min(1).max(100),
  value: conditionValue,
  path: factPath.optional(),
  ...common,
});

/** all / any / not, nested as deep as needed. */
export const condition: z.ZodType<Condition, Condition> = z.lazy(() =>
  z.union([allCondition, anyCondition, notCondition, factCondition], {
    error: 'expected a condition: {"fact", "operator", "value"} or one of {"all": […]}, {"any": […]}, {"not": {…}}',
  }),
);

const allCondition = z.strictObject({ all: z.array(condition).max(1000), ...common });
const anyCondition = z.strictObject({ any: z.array(condition).max(1000), ...common });
const notCondition = z.strictObject({ not: condition, ...common });

/** The top of a rule's conditions: `all`, `any` or `not`. */
export const topLevelCondition: z.ZodType<TopLevelCondition, TopLevelCondition> = z.union([allCondition, anyCondition, notCondition], {
  error: 'a rule\'s conditions start with "all", "any" or "not", e.g. {"all": [{"fact": "composite", "operator": "decimalGreaterThanInclusive", "value": "90"}]}',
});
