import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      // setupFiles: every test file gets its own temporary history database (test/helpers/test-db.ts).
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000, setupFiles: ['test/setup/history-db.ts'] } },
      {
        test: {
          name: 'lab',
          include: ['test/lab/**/*.test.ts'],
          setupFiles: ['test/setup/history-db.ts'],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          fileParallelism: false,
          globalSetup: ['test/lab/global-teardown.ts'],
        },
      },
    ],
  },
});
