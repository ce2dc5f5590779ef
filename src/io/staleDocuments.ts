import { promises } from 'node:fs';
import { join, relative } from 'node:path';
import { _FOLLOW_UP_FOLDERS } from '../report/followUp.js';
import { _REPORT_GENERATOR } from '../report/page.js';

/** What a follow-up document's page has in its head, and no other page kaoping writes. */
const _MARK = `<meta name="generator" content="${_REPORT_GENERATOR}">`;

/**
 * Removes from a report's folder the follow-up documents an earlier report wrote there and this one did not (an
 * evaluation report of a unit since gone, another year's letter), which would otherwise sit beside this one's: in
 * the folders a report files documents in (its own, `evaluation-reports`, `letters`), each HTML page with a
 * follow-up document's mark that is not among `written`, with the Markdown file of the same name beside it.
 * Nothing else is touched: other files, pages of `kaoping run`, and other folders (another report's within it).
 *
 * @param folder - the folder the documents were written to
 * @param written - the files written this time, by their paths as joined to `folder`
 * @returns the pages removed, relative to the folder, in order
 */
export async function _removeStaleDocuments(folder: string, written: ReadonlySet<string>): Promise<string[]> {
  // names as the file system gives them back may be decomposed (macOS): compared composed
  const kept = new Set([...written].map((file) => file.normalize('NFC')));
  const removed: string[] = [];
  for (const within of _FOLLOW_UP_FOLDERS) {
    const at = join(folder, within);
    const entries = await promises.readdir(at, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const file = join(at, entry.name);
      if (!entry.isFile() || !entry.name.endsWith('.html') || kept.has(file.normalize('NFC')) || !(await _followUpPage(file))) continue;
      await promises.rm(file);
      const markdown = `${file.slice(0, -'.html'.length)}.md`;
      if (!kept.has(markdown.normalize('NFC'))) await promises.rm(markdown, { force: true });
      removed.push(relative(folder, file));
    }
  }
  return removed;
}

/** Whether a file is a follow-up document's page: the mark in its first kilobyte (a file that cannot be read is not). */
async function _followUpPage(file: string): Promise<boolean> {
  try {
    const handle = await promises.open(file, 'r');
    try {
      const head = Buffer.alloc(1024);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return head.subarray(0, bytesRead).toString('utf8').includes(_MARK);
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}
