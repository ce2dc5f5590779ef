// Reproduces section 一 of Xicheng District's 2014 results notice (西政发〔2015〕1号) from the rule set
// rules/2014.json and examples/xicheng-2014/dataset.json. Run with `npm run example`.
import { readFile } from 'node:fs/promises';
import { appraise, parseDataset, parseRuleSet, renderNotice } from 'kaoping';

const here = new URL('./xicheng-2014/', import.meta.url);
const readJson = async (url) => JSON.parse(await readFile(url, 'utf8'));

const ruleSet = parseRuleSet(await readJson(new URL('../../rules/2014.json', here)), { source: 'rules/2014.json' });
const dataset = parseDataset(await readJson(new URL('dataset.json', here)), ruleSet, { source: 'examples/xicheng-2014/dataset.json' });
const result = await appraise(ruleSet, dataset);
process.stdout.write(renderNotice(result, ruleSet, { appendix: true }));
