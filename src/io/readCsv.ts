import { readFile } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import { decodeText } from './decode.js';
import { InputError } from './InputError.js';
import type { Table } from './tables.js';

/**
 * Reads a CSV file as a table: decoded (see {@link decodeText}), parsed by csv-parse, blank lines skipped,
 * each row numbered by its line in the file.
 *
 * @param path - the file
 * @param source - its name for messages
 * @param encoding - an encoding to force, or undefined to detect
 * @returns the table
 * @throws {@link InputError} when the file cannot be read, decoded or parsed
 */
export async function readCsv(path: string, source: string, encoding?: string): Promise<Table> {
  const { text } = decodeText(await _read(path, source), source, encoding);
  try {
    const records = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true, bom: true }) as unknown as { record: string[]; info: { lines: number } }[];
    return { source, rows: records.map(({ record, info }) => ({ row: info.lines, cells: record })) };
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new InputError('invalid-csv', source, `not valid CSV: ${error.message.replace(/^[^:]*:\s*/, '')}`, line === undefined ? undefined : `line ${line}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Reads a file's bytes, turning the file system's errors into messages about the file.
 *
 * @param path - the file
 * @param source - its name for messages
 * @returns the bytes
 */
export async function _read(path: string, source: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('file-not-found', source, 'no such file', undefined, { cause: error });
    if (code === 'EISDIR') throw new InputError('is-a-directory', source, 'is a folder, expected a file', undefined, { cause: error });
    if (code === 'EACCES') throw new InputError('permission-denied', source, 'cannot be read: permission denied', undefined, { cause: error });
    throw new InputError('unreadable', source, `cannot be read (${code ?? String(error)})`, undefined, { cause: error });
  }
}
