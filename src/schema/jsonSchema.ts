import * as z from 'zod';
import { datasetSchema } from './dataset.js';
import { ruleSetSchema } from './ruleSet.js';

/**
 * The JSON Schema of rule-set files, generated from the zod schema kaoping validates with. The package
 * ships it as `kaoping/ruleset.schema.json`; point a rule file's `"$schema"` at it for completion and
 * checks in editors.
 *
 * @returns a JSON Schema (draft 2020-12) object
 */
export function ruleSetJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ruleSetSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}

/**
 * The JSON Schema of JSON dataset files, generated from the zod schema.
 *
 * @returns a JSON Schema (draft 2020-12) object
 */
export function datasetJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(datasetSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
