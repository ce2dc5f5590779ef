import { constants, isUtf8 } from 'node:buffer';
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
 * `gb18030`, `big5`, …), refusing bytes that are not valid in it, and naming their line; GBK is decoded by the
 * GB18030 decoder, as the Encoding Standard has it. Without: a byte-order mark decides;
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
  const declared = _declaredEncoding(bytes, file, encoding);
  if (declared !== undefined) return { text: _decode(_decoderFor(declared.label), declared.label, bytes, file, declared.problem), encoding: declared.label };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch (error) {
    if (_stringTooLong(error)) throw _tooLarge(file, bytes.length, undefined, error);
    return { text: _decode(_decoderFor('gb18030'), 'gb18030', bytes, file, _NEITHER), encoding: 'gb18030' };
  }
}

/**
 * The encoding a file is read in where the caller names one or a byte-order mark does, as TextDecoder names it,
 * and what to say of bytes that are not valid in it; undefined where the bytes decide (valid UTF-8 is UTF-8, and
 * anything else GB18030).
 *
 * @param head - the file's first bytes (three are looked at)
 * @param file - its name, for messages
 * @param encoding - an encoding to force, or undefined to detect
 * @returns the encoding and what to say, or undefined
 * @throws {@link InputError} for an encoding TextDecoder does not know
 */
function _declaredEncoding(head: Uint8Array, file: string, encoding: string | undefined): { label: string; problem: string } | undefined {
  if (encoding !== undefined) {
    let label: string;
    try {
      label = new TextDecoder(encoding).encoding;
    } catch (error) {
      throw new InputError('unknown-encoding', file, `unknown encoding ${JSON.stringify(encoding)}; expected e.g. utf-8, gbk or gb18030`, undefined, { cause: error });
    }
    return { label, problem: `is not valid ${label}, the encoding given` };
  }
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { label: 'utf-8', problem: 'starts with a UTF-8 byte-order mark but is not valid UTF-8' };
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    const label = head[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { label, problem: `starts with a ${label} byte-order mark but is not valid ${label}` };
  }
  return undefined;
}

/**
 * A decoder of an encoding, as TextDecoder names it, that refuses bytes not valid in it. GBK is decoded by the
 * GB18030 decoder, as the Encoding Standard has it: Node 20's own GBK decoder gives characters of the Private Use
 * Area, which {@link _decode} refuses, for 101 valid pairs of bytes, 0xA2 0xE3 (€) and 0xA6 0xD9 (︐) among them
 * (nodejs/node#61099).
 *
 * @param label - the encoding
 * @param ignoreBOM - whether a byte-order mark at the start is kept as text
 * @returns the decoder
 */
function _decoderFor(label: string, ignoreBOM = false): TextDecoder {
  return new TextDecoder(label === 'gbk' ? 'gb18030' : label, { fatal: true, ignoreBOM });
}

/**
 * Whether a text's lines in an encoding can be read apart: a byte 0x0A or 0x0D in it is a line break and nothing
 * else, and nothing before a line break changes how what follows it is read. Not in UTF-16 (whose line feeds are two
 * bytes), ISO-2022-JP (whose escapes carry over from line to line), or the replacement encoding.
 */
function _linesApart(label: string): boolean {
  return !label.startsWith('utf-16') && label !== 'iso-2022-jp' && label !== 'replacement';
}

/** What is said of bytes that are valid in neither of the encodings a file without a mark is read in. */
const _NEITHER = 'is neither UTF-8 nor GBK/GB18030; save it as UTF-8, or name its encoding with --encoding';

/**
 * What decodes a file too large to be one text a piece at a time, each piece a run of whole lines (see
 * `_csvRowsOfFile`): the encoding found as {@link decodeText} finds it (a byte-order mark, or whether the bytes are
 * all valid UTF-8, as the caller found them), and each piece decoded and checked as a whole file is. Only for
 * encodings in which a byte 0x0A is a line feed and nothing else, and nothing before a line feed changes how what
 * follows it is read (UTF-8, GBK, GB18030, Big5, Shift_JIS, EUC and single-byte encodings), so that a file can be
 * cut after one and each piece decoded apart; not UTF-16 or ISO-2022-JP.
 *
 * @param head - the file's first bytes (four, or all of a shorter file)
 * @param utf8 - whether the whole file is valid UTF-8
 * @param file - its name, for messages
 * @param encoding - an encoding to force, or undefined to detect
 * @returns the encoding, and what decodes a piece: the first with `first` (a byte-order mark dropped), and the
 *   number of lines before it, for messages; or, for an encoding a file cannot be cut in, why
 * @throws {@link InputError} for an unknown encoding
 */
export function _pieceDecoder(head: Uint8Array, utf8: boolean, file: string, encoding?: string): { encoding: string; decode(piece: Uint8Array, first: boolean, linesBefore: number): string } | { refused: string } {
  const { label, problem } = _declaredEncoding(head, file, encoding) ?? (utf8 ? { label: 'utf-8', problem: 'is not valid UTF-8' } : { label: 'gb18030', problem: _NEITHER });
  if (!_linesApart(label)) return { refused: `it is in ${label.toUpperCase()}, which only a file read as one text may be` };
  const first = _decoderFor(label);
  // a byte-order mark is dropped at the start of the file only, as a whole text's decoding drops it; Node drops one
  // only in UTF-8 (UTF-16 is not read in pieces), and its decoders of other encodings told to keep one drop a
  // piece's first character where it is U+00FF in windows-1252 (Node 20)
  const rest = label === 'utf-8' ? _decoderFor(label, true) : first;
  return { encoding: label, decode: (piece, isFirst, linesBefore) => _decode(isFirst ? first : rest, label, piece, file, problem, linesBefore) };
}

/**
 * Decodes bytes with a decoder of {@link _decoderFor}, named `label` in messages: an {@link InputError} where they
 * are not valid in it, or too many for a string.
 */
function _decode(decoder: TextDecoder, label: string, bytes: Uint8Array, file: string, problem: string, linesBefore = 0): string {
  // Node's decoders for encodings other than UTF-8 fail on more bytes than a string holds characters (and some
  // stop the process), whatever the text would be
  if (decoder.encoding !== 'utf-8' && bytes.length > constants.MAX_STRING_LENGTH) throw _tooLarge(file, bytes.length);
  let text: string;
  try {
    // TextDecoder drops a byte-order mark that matches its encoding
    text = decoder.decode(bytes);
  } catch (error) {
    if (_stringTooLong(error)) throw _tooLarge(file, bytes.length, undefined, error);
    // a file read as GB18030 because it is not UTF-8 (what _NEITHER says of it) is looked at in both
    const line = _firstBadLine(problem === _NEITHER ? ['utf-8', label] : [label], bytes);
    throw new InputError('encoding', file, `the file ${problem}`, line === undefined ? undefined : `line ${linesBefore + line}`, { cause: error });
  }
  // the GB18030 decoder gives characters of the Private Use Area for codes no standard character has (user-defined
  // and unassigned ones) rather than failing: such a character is taken for a sign of another encoding
  if (/^gb/.test(label)) {
    const at = text.search(/[\uE000-\uF8FF]/);
    if (at >= 0) {
      const line = linesBefore + _lineBreaks(text.slice(0, at)) + 1;
      throw new InputError('encoding', file, `the file has a byte that is no character in ${label.toUpperCase()}; is it in another encoding? name it with --encoding`, `line ${line}`);
    }
  }
  return text;
}

/**
 * The line of the first bytes that are not valid in any of some encodings (1 for the first line; a line ends at a
 * line feed, a carriage return and a line feed, or a carriage return alone, as rows are numbered), or undefined
 * where no line is invalid in all of them on its own, or where an encoding's lines cannot be read apart (UTF-16,
 * ISO-2022-JP). A file read as UTF-8 or else GB18030 is looked at in both: its line that is neither is the one to
 * mend, not the first that is not GB18030 of a file in UTF-8. Only a file that failed to decode is looked at: runs
 * of a megabyte or so of whole lines are decoded first, then the lines of those that fail, one by one.
 *
 * @param labels - the encodings, as TextDecoder names them
 * @param bytes - the bytes
 * @returns the line, or undefined
 */
export function _firstBadLine(labels: readonly string[], bytes: Uint8Array): number | undefined {
  if (!labels.every(_linesApart)) return undefined;
  // UTF-8 is checked without decoding: a line of another encoding would throw, which is slow where most lines do
  const decoders = labels.map((label) => (label === 'utf-8' ? undefined : _decoderFor(label, true)));
  // any other failure (a line too long for a string) leaves the line unknown
  const unknown = Symbol('unknown');
  const valid = (from: number, to: number) =>
    decoders.some((decoder) => {
      if (decoder === undefined) return isUtf8(bytes.subarray(from, to));
      try {
        decoder.decode(bytes.subarray(from, to));
        return true;
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return false;
        throw unknown;
      }
    });
  try {
    return _firstLineNot(valid, bytes);
  } catch (error) {
    if (error === unknown) return undefined;
    throw error;
  }
}

/** The line of the first bytes that are not `valid` (see {@link _firstBadLine}), or undefined. */
function _firstLineNot(valid: (from: number, to: number) => boolean, bytes: Uint8Array): number | undefined {
  // where the line after the break at `at` starts
  const after = (at: number) => (bytes[at] === 0x0d && bytes[at + 1] === 0x0a ? at + 2 : at + 1);
  let line = 1;
  for (let start = 0; start < bytes.length; ) {
    // a run ends after the first line break from a megabyte on (a carriage return with its line feed), or at the end
    let end = Math.min(bytes.length, start + _LINE_RUNS.bytes);
    while (end < bytes.length && bytes[end - 1] !== 0x0a && bytes[end - 1] !== 0x0d) end++;
    if (end < bytes.length && bytes[end - 1] === 0x0d && bytes[end] === 0x0a) end++;
    if (valid(start, end)) {
      for (let at = start; at < end; at = after(at)) {
        while (at < end && bytes[at] !== 0x0a && bytes[at] !== 0x0d) at++;
        if (at < end) line++;
      }
    } else {
      // (a run valid in none may have each of its lines valid in one)
      for (let from = start; from < end; line++) {
        let to = from;
        while (to < end && bytes[to] !== 0x0a && bytes[to] !== 0x0d) to++;
        if (!valid(from, to)) return line;
        from = after(to);
      }
    }
    start = end;
  }
  return undefined;
}

/** How many bytes {@link _firstBadLine} decodes at once before it looks at lines one by one; tests lower it. */
export const _LINE_RUNS = { bytes: 1 << 20 };

/** How many line breaks a text has: a carriage return and a line feed, a line feed, or a carriage return alone. */
function _lineBreaks(text: string): number {
  return text.match(/\r\n?|\n/g)?.length ?? 0;
}

/** Whether decoding failed because the text is longer than a string can hold (UTF-8 only: see {@link _decode}). */
function _stringTooLong(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_STRING_TOO_LONG';
}

/**
 * A file too large to be read as one text: said as what it is (it would otherwise come out as an encoding
 * problem), with what to do where there is something to do.
 *
 * @param file - the file, for the message
 * @param size - its size in bytes
 * @param advice - what to do instead, where there is something to do
 * @param cause - the error that showed it
 * @returns the error to throw
 */
export function _tooLarge(file: string, size: number, advice?: string, cause?: unknown): InputError {
  const megabytes = Math.round(size / 1e6).toLocaleString('en-US');
  const limit = constants.MAX_STRING_LENGTH.toLocaleString('en-US');
  return new InputError(
    'too-large',
    file,
    `the file is too large to read (${megabytes} MB): a text is read whole, and holds at most ${limit} characters (in an encoding other than UTF-8, at most ${limit} bytes)${advice === undefined ? '' : `; ${advice}`}`,
    undefined,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * A file too large to be one text that cannot be read a piece at a time either (see {@link _pieceDecoder}).
 *
 * @param file - the file, for the message
 * @param size - its size in bytes
 * @param why - why it cannot
 * @returns the error to throw
 */
export function _tooLargeForPieces(file: string, size: number, why: string): InputError {
  const megabytes = Math.round(size / 1e6).toLocaleString('en-US');
  const limit = constants.MAX_STRING_LENGTH.toLocaleString('en-US');
  return new InputError('too-large', file, `the file is too large to read as one text (${megabytes} MB; a text holds at most ${limit} characters), and ${why}; saved without quotes, its line breaks all of one kind that ends in a line feed, in UTF-8, GBK or any encoding but UTF-16 and ISO-2022-JP, it would be read a piece at a time`);
}
