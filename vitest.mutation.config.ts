import { defineConfig } from 'vitest/config';

// The suite Stryker runs for each mutant: the in-process tests of the core. The CLI, browser and example
// tests spawn processes over the built package, which mutants of src/ do not reach.
process.env['PROPERTY_RUNS'] ??= '8';

export default defineConfig({
  test: {
    // the in-process tests that pin numbers and decisions exactly; the CLI, browser, fuzz and corpus tests find
    // crashes and messages, and would only slow every mutant
    include: [
      'test/scaled.test.ts',
      'test/scoring.test.ts',
      'test/quotas.test.ts',
      'test/engine.test.ts',
      'test/differential.test.ts',
      'test/explain.test.ts',
      'test/rules-2014.test.ts',
      'test/golden-2014.test.ts',
      'test/properties.test.ts',
      'test/mutation-pins.test.ts',
    ],
    testTimeout: 60_000,
  },
});
