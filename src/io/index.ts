export { loadDataset, loadRuleSet, readJsonFile } from './load.js';
export type { LoadOptions, Loaded } from './load.js';
export type { TableProgress } from './tables.js';
export { decodeText } from './decode.js';
export type { Decoded } from './decode.js';
export { InputError } from './InputError.js';
export { writeFileAtomic } from './writeFileAtomic.js';
