/**
 * Numbers up to a known highest, one per unit (or per unit of a stage or category), each in as few bytes as that
 * highest needs: one below 256, two below 65,536, else four. An appraisal keeps lists of view and decision codes
 * for its explanations and makes others while it ranks and decides, and V8 starts a full collection for every
 * 64 MB of typed arrays made since its last one, in which it marks the whole heap (over a second with a caller's
 * million units in it): with four bytes for every number, an appraisal of a million units started two or three.
 */
export type Codes = Uint8Array | Uint16Array | Uint32Array;

/**
 * A list of {@link Codes}, all 0.
 *
 * @param length - how many
 * @param highest - the highest number it will hold
 * @returns the list
 */
export function codesUpTo(length: number, highest: number): Codes {
  return highest < 0x100 ? new Uint8Array(length) : highest < 0x10000 ? new Uint16Array(length) : new Uint32Array(length);
}
