import { constants } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { InputError } from './InputError.js';

/** How a text file was decoded. */
export interface Decoded {
  readonly text: string;
  /** The encoding used, as TextDecoder names it (`utf-8`, `gb18030`, …). */
  readonly encoding: string;
}

/**
 * Decodes a text file's bytes. With `encoding`, exactly that (any label TextDecoder knows: `utf-8`, `gbk`,
 * `gb18030`, `big5`, …), refusing bytes that are not valid in it. Without: a byte-order mark decides;
 * otherwise valid UTF-8 is UTF-8, and anything else is read as GB18030, the superset of the GBK that Excel
 * and WPS write on Chinese Windows. GBK-encoded Chinese is almost never valid UTF-8, so the guess is safe;
 * bytes valid in neither are an error.
 *
 * @param bytes - the file's content
 * @param file - the file's name, for messages
 * @param encoding - an encoding to force, or undefined to detect
 * @returns the text, without any byte-order mark, and the encoding used
 * @throws {@link InputError} when the bytes are not valid in the encoding
 */
export function decodeText(bytes: Uint8Array, file: string, encoding?: string): Decoded {
  if (encoding !== undefined) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(encoding, { fatal: true });
    } catch (error) {
      throw new InputError('unknown-encoding', file, `unknown encoding ${JSON.stringify(encoding)}; expected e.g. utf-8, gbk or gb18030`, undefined, { cause: error });
    }
    return { text: _decode(decoder, bytes, file, `is not valid ${decoder.encoding}, the encoding given`), encoding: decoder.encoding };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: _decode(new TextDecoder('utf-8', { fatal: true }), bytes, file, 'starts with a UTF-8 byte-order mark but is not valid UTF-8'), encoding: 'utf-8' };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const label = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { text: _decode(new TextDecoder(label, { fatal: true }), bytes, file, `starts with a ${label} byte-order mark but is not valid ${label}`), encoding: label };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch (error) {
    _tooLong(error, bytes, file);
    return {
      text: _decode(new TextDecoder('gb18030', { fatal: true }), bytes, file, 'is neither UTF-8 nor GBK/GB18030; save it as UTF-8, or name its encoding with --encoding'),
      encoding: 'gb18030',
    };
  }
}

function _decode(decoder: TextDecoder, bytes: Uint8Array, file: string, problem: string): string {
  let text: string;
  try {
    // TextDecoder drops a byte-order mark that matches its encoding
    text = decoder.decode(bytes);
  } catch (error) {
    _tooLong(error, bytes, file);
    throw new InputError('encoding', file, `the file ${problem}`, undefined, { cause: error });
  }
  // GBK decoders map bytes that are no character (0x80, 0xFF) into the Private Use Area rather than failing
  if (/^gb/.test(decoder.encoding)) {
    const at = text.search(/[\uE000-\uF8FF]/);
    if (at >= 0) {
      const line = text.slice(0, at).split('\n').length;
      throw new InputError('encoding', file, `the file has a byte that is no character in ${decoder.encoding.toUpperCase()}; is it in another encoding? name it with --encoding`, `line ${line}`);
    }
  }
  return text;
}

/** A text longer than a string can be is no encoding problem: said as what it is, with what to do. */
function _tooLong(error: unknown, bytes: Uint8Array, file: string): void {
  if ((error as { code?: unknown } | null)?.code !== 'ERR_STRING_TOO_LONG') return;
  const megabytes = Math.round(bytes.length / 1e6).toLocaleString('en-US');
  throw new InputError(
    'too-large',
    file,
    `the file is too large to read: its text (${megabytes} MB) is longer than the ${constants.MAX_STRING_LENGTH.toLocaleString('en-US')} characters a string can hold; ${/\.json$/i.test(file) ? 'give a large dataset as a folder of CSV files, which are read a table at a time' : 'a table this large cannot be read'}`,
    undefined,
    { cause: error },
  );
}
