import { KaopingError } from '../errors.js';

/**
 * A file that cannot be read as the data it should hold: missing, unreadable, undecodable, not JSON,
 * not a workbook. `file` names it; `place` says where in it, when known.
 */
export class InputError extends KaopingError {
  static override readonly kind: string = 'InputError';
  override readonly name = 'InputError';
  readonly file: string;
  readonly place: string | undefined;

  /**
   * @param code - stable error code, e.g. `file-not-found`, `encoding`, `invalid-json`
   * @param file - the file, as the user named it
   * @param message - what is wrong and what was expected
   * @param place - where in the file (`line 3, column 7`), when known
   * @param options - standard error options (`cause`)
   */
  constructor(code: string, file: string, message: string, place?: string, options?: { readonly cause?: unknown }) {
    super(code, `${file}: ${place ? `${place}: ` : ''}${message}`, options);
    this.file = file;
    this.place = place;
  }
}
