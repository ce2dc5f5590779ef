import { constants, promises, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { access, rename, rm, stat } from './fsAsync.js';
import { InputError } from './InputError.js';

/**
 * Writes a file whole or not at all: the content goes to a temporary file beside it, which is then
 * renamed over the target. A failure leaves no partial file behind.
 *
 * @param path - the file to write
 * @param content - text (written as UTF-8), bytes, or pieces of either, each written as it comes (a large output
 *   need not be in memory whole); a piece that cannot be made leaves no file either
 * @throws {@link InputError} `cannot-write` where the file cannot be written there (its folder missing, the path a
 *   folder, no permission, the disk full or read-only), the system's error as its cause; any other failure as it
 *   came
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array | Iterable<string | Uint8Array>): Promise<void> {
  // node:crypto is loaded only here: most runs write to standard output, and loading it costs a short run
  const { randomBytes } = await import('node:crypto');
  // named for the file, cut short: a file name is at most 255 bytes, and the file's own may be near that already
  const temporary = join(dirname(path), `.${_shortened(basename(path))}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  _pending.add(temporary);
  try {
    await promises.writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, path);
    _pending.delete(temporary);
  } catch (error) {
    // where the temporary file could not be made (its folder a file, say) there is none to remove, and removing
    // it fails too: the first failure is the one to tell
    await rm(temporary, { force: true }).catch(() => undefined);
    _pending.delete(temporary);
    throw _cannotWrite((error as NodeJS.ErrnoException).code, path, { cause: error }) ?? error;
  }
}

/** The temporary files being written, not yet renamed or removed. */
const _pending = new Set<string>();

/**
 * Removes the temporary files still being written, at once: for a program stopped by a signal (Ctrl-C), which
 * runs no more of its own code, so that an interrupted write leaves nothing beside its target either.
 */
export function _removePendingNow(): void {
  for (const temporary of _pending) rmSync(temporary, { force: true });
  _pending.clear();
}

/** The first characters of a file's name, 60 bytes of UTF-8 at most. */
function _shortened(name: string): string {
  let short = '';
  let bytes = 0;
  for (const character of name) {
    bytes += Buffer.byteLength(character);
    if (bytes > 60) break;
    short += character;
  }
  return short;
}

/**
 * Checks, before any work is done, that a file can be written where it is named: its folder there and a folder
 * that may be written to, and the path itself no folder. A command that takes a minute to appraise a large
 * population says so at once, not at the end.
 *
 * @param path - the file to be written
 * @throws {@link InputError} `cannot-write` where it cannot be
 */
export async function _checkWritable(path: string): Promise<void> {
  try {
    const folder = dirname(path);
    const kind = await _kind(folder);
    const problem = (await _kind(path)) === 'folder' ? 'EISDIR' : kind === undefined ? 'ENOENT' : kind === 'file' ? 'ENOTDIR' : await _unwritable(folder);
    if (problem !== undefined) throw _cannotWrite(problem, path, { file: folder }) ?? new InputError('cannot-write', path, `cannot write here (${problem})`);
  } catch (error) {
    // what looking at the place itself failed with: no permission to look, a name too long, a loop of links
    if (error instanceof InputError) throw error;
    throw _cannotWrite((error as NodeJS.ErrnoException).code, path, { cause: error }) ?? error;
  }
}

/** Why a folder may not be written to (the system's code), or undefined where it may. */
async function _unwritable(folder: string): Promise<string | undefined> {
  try {
    await access(folder, constants.W_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}

/**
 * Checks, before any work is done, that a folder of documents can be written where it is named: it is no file,
 * nor is any folder it would be made in.
 *
 * @param path - the folder to be written to (made, with the folders it is in, where it is not there)
 * @throws {@link InputError} `cannot-write` where it cannot be
 */
export async function _checkWritableFolder(path: string): Promise<void> {
  try {
    for (let folder = path; ; folder = dirname(folder)) {
      const kind = await _kind(folder);
      if (kind === 'file') throw _cannotWrite('ENOTDIR', path, { file: folder }) as InputError;
      // the nearest folder there, which the rest are made in, or the folder itself, written in
      const problem = kind === 'folder' ? await _unwritable(folder) : undefined;
      if (problem !== undefined) throw _cannotWrite(problem, path, { file: folder }) ?? new InputError('cannot-write', path, `cannot write here (${problem})`);
      if (kind === 'folder' || dirname(folder) === folder) return;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw _cannotWrite((error as NodeJS.ErrnoException).code, path, { cause: error }) ?? error;
  }
}

/** What is at a path: a folder, a file (or anything else that is not a folder), or nothing. */
async function _kind(path: string): Promise<'folder' | 'file' | undefined> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    // nothing there, or a file where a folder of the path should be (which the folders above it tell)
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/**
 * Why a file cannot be written at a path, said for whoever named it, where the system's error code is one of a
 * place that cannot be written; undefined for any other.
 *
 * @param code - the system's error code (`ENOENT`, …)
 * @param path - the file (or folder) as the user named it
 * @param options - the error to give as the cause; where the path named a file as a folder, that file
 */
export function _cannotWrite(code: string | undefined, path: string, options: { cause?: unknown; file?: string } = {}): InputError | undefined {
  const folder = dirname(path);
  const why: Record<string, string> = {
    ENOENT: `cannot write here: the folder ${folder} does not exist; create it first, or name a file in a folder that does`,
    ENOTDIR: `cannot write here: ${options.file ?? 'a folder in this path'} is a file, not a folder`,
    EISDIR: 'cannot write here: this is a folder; name a file to write (such as results.json inside it)',
    EACCES: `cannot write here: no permission to write in ${options.file ?? folder}`,
    EPERM: `cannot write here: no permission to write in ${options.file ?? folder}`,
    EROFS: 'cannot write here: the disk is read-only',
    ENOSPC: 'cannot write here: the disk is full (nothing was written)',
    EDQUOT: 'cannot write here: the disk quota is used up (nothing was written)',
    ENAMETOOLONG: 'cannot write here: the name is too long',
    ELOOP: 'cannot write here: its symbolic links lead round in a loop',
    EEXIST: `cannot write here: ${options.file ?? 'a folder in this path'} is a file, not a folder`,
  };
  const message = code === undefined ? undefined : why[code];
  return message === undefined ? undefined : new InputError('cannot-write', path, message, undefined, 'cause' in options ? { cause: options.cause } : undefined);
}
