import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file whole or not at all: the content goes to a temporary file beside it, which is then
 * renamed over the target. A failure leaves no partial file behind.
 *
 * @param path - the file to write
 * @param content - text (written as UTF-8), bytes, or pieces of either, each written as it comes (a large output
 *   need not be in memory whole); a piece that cannot be made leaves no file either
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array | Iterable<string | Uint8Array>): Promise<void> {
  // node:crypto is loaded only here: most runs write to standard output, and loading it costs a short run
  const { randomBytes } = await import('node:crypto');
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
