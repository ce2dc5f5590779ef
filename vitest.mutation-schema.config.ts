import { defineConfig } from 'vitest/config';

// The suite Stryker runs against mutants of the schema modules: the validation, lint, schema-check and hardening
// tests, the bad-input corpus run in process,
// which pin every check with its path and message, the dataset check and scores kept as columns against the plain
// way, and the 2014 golden test, which needs all checks passing.
export default defineConfig({
  test: {
    include: ['test/validation.test.ts', 'test/lint.test.ts', 'test/schema-checks.test.ts', 'test/hardening.test.ts', 'test/golden-2014.test.ts', 'test/engine.test.ts', 'test/bad-inputs-in-process.test.ts', 'test/plain-scores.test.ts', 'test/plain-units.test.ts', 'test/check-dataset.test.ts', 'test/score-columns.test.ts'],
    testTimeout: 60_000,
  },
});
