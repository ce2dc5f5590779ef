import { defineConfig } from 'vitest/config';

// The suite Stryker runs for each mutant: the in-process tests of the core. The CLI, browser and example
// tests spawn processes over the built package, which mutants of src/ do not reach.
process.env['PROPERTY_RUNS'] ??= '8';

export default defineConfig({
  test: {
    include: ['test/*.test.ts'],
    // the fuzz and large-population tests find crashes, not wrong numbers; they would only slow every mutant
    exclude: ['test/example.test.ts', 'test/bad-inputs.test.ts', 'test/package.test.ts', 'test/fuzz.test.ts', 'test/hardening.test.ts'],
    testTimeout: 60_000,
  },
});
