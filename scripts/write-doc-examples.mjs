// Writes docs/examples/: the evaluation report of one street and the organisation-department list, as
// `kaoping report` writes them for the 2014 example. A test fails while they are out of date.
// Run: npm run build && node scripts/write-doc-examples.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { appraise, followUpDocuments, parseDataset, parseRuleSet } from 'kaoping';

const root = new URL('../', import.meta.url);
const ruleSet = parseRuleSet(JSON.parse(readFileSync(new URL('rules/2014.json', root), 'utf8')));
const dataset = parseDataset(JSON.parse(readFileSync(new URL('examples/xicheng-2014/dataset.json', root), 'utf8')), ruleSet);
const documents = followUpDocuments(await appraise(ruleSet, dataset), ruleSet);
const write = (name, document) => writeFileSync(new URL(`docs/examples/${name}`, root), document.markdown);
write('evaluation-report-S01.md', documents.find((document) => document.path === 'evaluation-reports/S01-什刹海街道'));
write('org-list.md', documents.find((document) => document.kind === 'org-list'));
