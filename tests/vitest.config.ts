import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          root: '.',
          include: ['tests/unit/**/*.test.ts'],
        },
      },
      {
        // Whole processes under faults and limits (kill -9, a full disk, a worker out of time or memory):
        // tens of seconds, no shared site; apart from the unit tests so that those run in seconds.
        test: {
          name: 'process',
          root: '.',
          include: ['tests/process/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'site',
          root: '.',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/build-sample-site.ts'],
          testTimeout: 60_000,
          hookTimeout: 600_000,
          // The built site and one Chromium are shared: run the files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
