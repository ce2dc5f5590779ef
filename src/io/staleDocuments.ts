import { open, readdir, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/** What every HTML page kaoping writes has in its head, and no other file has. */
const _GENERATOR = '<meta name="generator" content="kaoping">';

/**
 * Removes from a folder of documents those an earlier run wrote there and this one did not: an HTML page with
 * kaoping's generator mark that is not among `written`, with the Markdown file of the same name beside it (a
 * report of an earlier year, or of units since gone, would otherwise sit beside this one's). Nothing else is
 * touched: files of the user's own, and folders that held other files, stay.
 *
 * @param folder - the folder the documents were written to
 * @param written - the files written this time, by their paths as joined to `folder`
 * @returns the HTML pages removed, relative to the folder, in order
 */
export async function _removeStaleDocuments(folder: string, written: ReadonlySet<string>): Promise<string[]> {
  const removed: string[] = [];
  const entries = (await readdir(folder, { recursive: true })).sort();
  for (const entry of entries) {
    const file = join(folder, entry);
    if (!entry.endsWith('.html') || written.has(file) || !(await _ours(file))) continue;
    await rm(file);
    const markdown = `${file.slice(0, -'.html'.length)}.md`;
    if (!written.has(markdown)) await rm(markdown, { force: true });
    removed.push(relative(folder, file));
    // a folder the removal left empty goes too, up to the documents' folder
    for (let at = dirname(file); at !== folder && relative(folder, at) !== '' && !relative(folder, at).startsWith('..'); at = dirname(at)) {
      if ((await readdir(at)).length > 0) break;
      await rmdir(at);
    }
  }
  return removed;
}

/** Whether a file is an HTML page kaoping wrote: its generator mark in its first kilobyte. */
async function _ours(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead).toString('utf8').includes(_GENERATOR);
  } finally {
    await handle.close();
  }
}
