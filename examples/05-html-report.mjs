// Writes the 2014 results as one self-contained HTML page (no network, prints cleanly, reads on a phone).
// Run: npm run build && node examples/05-html-report.mjs [out.html]
import { writeFile } from 'node:fs/promises';
import { appraise, renderHtml } from 'kaoping';
import { loadDataset, loadRuleSet } from 'kaoping/node';

const here = (path) => new URL(path, import.meta.url).pathname;
const { value: ruleSet } = await loadRuleSet(here('../rules/2014.json'));
// the same data as Excel saves it on Chinese Windows: GBK CSV files, Chinese headers
const { value: dataset } = await loadDataset(here('./xicheng-2014/csv-gbk'), ruleSet);
const out = process.argv[2] ?? 'xicheng-2014.html';
await writeFile(out, renderHtml(await appraise(ruleSet, dataset), ruleSet));
console.log(`wrote ${out}`);
