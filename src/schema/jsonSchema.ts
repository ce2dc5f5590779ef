import * as z from 'zod';
import { FACTS } from '../facts/catalog.js';
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
  const schema = _strict(z.toJSONSchema(ruleSetSchema, { io: 'input', target: 'draft-2020-12' }));
  // a condition's fact, and the fact a value reads, is one of the facts rules read: an editor offers them, and
  // underlines a misspelt one (`composit`), which the check refuses too
  _eachNode(schema, (node) => {
    const properties = node['properties'] as Record<string, unknown> | undefined;
    if (properties === undefined || !('fact' in properties)) return;
    const keys = Object.keys(properties).sort().join(',');
    // a condition (fact, path, operator, value, params), or a value that reads a fact (fact, path)
    if ('operator' in properties) properties['fact'] = { description: 'The fact the condition reads.', enum: Object.keys(FACTS) };
    else if (keys === 'fact,path') properties['fact'] = { description: 'The fact whose value the condition compares with.', enum: Object.keys(FACTS) };
  });
  return schema;
}

/**
 * The JSON Schema of JSON dataset files, generated from the zod schema.
 *
 * @returns a JSON Schema (draft 2020-12) object
 */
export function datasetJsonSchema(): Record<string, unknown> {
  return _strict(z.toJSONSchema(datasetSchema, { io: 'input', target: 'draft-2020-12' }));
}

/**
 * A generated schema as validators in their strict mode take it (Ajv's default): a value of either of two types
 * (a decimal as a string or a number) as a choice of two, each with the keywords of its own type, not one `type`
 * listing both.
 */
function _strict(generated: unknown): Record<string, unknown> {
  const schema = generated as Record<string, unknown>;
  _eachNode(schema, (node) => {
    const types = node['type'];
    if (!Array.isArray(types)) return;
    const branches = types.map((type: string) => {
      const branch: Record<string, unknown> = { type };
      for (const keyword of _KEYWORDS_OF[type] ?? []) if (keyword in node) branch[keyword] = node[keyword];
      return branch;
    });
    delete node['type'];
    for (const keyword of Object.values(_KEYWORDS_OF).flat()) delete node[keyword];
    node['anyOf'] = branches;
  });
  return schema;
}

/** The keywords that apply to values of one type alone. */
const _KEYWORDS_OF: Readonly<Record<string, readonly string[]>> = {
  string: ['pattern', 'minLength', 'maxLength', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
};

/** Calls `visit` on every object of a schema, parents before their children. */
function _eachNode(node: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) for (const item of node) _eachNode(item, visit);
  else if (node !== null && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    for (const value of Object.values(node)) _eachNode(value, visit);
  }
}
