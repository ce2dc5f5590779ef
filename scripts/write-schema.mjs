// Writes the JSON Schemas the package ships, generated from the zod schemas in src/schema.
// Run with `npm run schema` after changing a schema; a test fails while the files are out of date.
import { writeFileSync } from 'node:fs';
import { datasetJsonSchema, ruleSetJsonSchema } from 'kaoping';

const write = (name, schema) =>
  writeFileSync(new URL(`../schema/${name}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
write('ruleset.schema.json', ruleSetJsonSchema());
write('dataset.schema.json', datasetJsonSchema());
