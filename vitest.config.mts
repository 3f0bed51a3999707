import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'cli/**/*.test.ts', 'panel/**/*.test.ts', 'test/**/*.test.ts'],
    // Build the host bundles once before the tests that load them (test/setup/*).
    globalSetup: ['test/setup/build-excel.ts', 'test/setup/build-sheets.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
