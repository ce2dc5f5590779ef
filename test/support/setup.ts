import { afterAll } from 'vitest';
import { removeScratch } from './cli.js';

// each test file's temporary folders go when its tests have run: a run of the tests leaves nothing in the system's
// temporary folder
afterAll(removeScratch);
