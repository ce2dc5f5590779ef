import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    // two cores here: one worker per core keeps runs predictable
    maxWorkers: 2,
    // CLI tests spawn node and the browser test starts Chromium: generous on a loaded 2-core machine
    testTimeout: 30_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
