import { defineConfig } from 'vitest/config';

/** End-to-end tests only: `npx vitest run -c vitest.e2e.config.ts` (builds the app, drives Chromium). */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // dist/ is built once for every file (test/e2e/buildOnce.ts).
    globalSetup: ['test/e2e/buildOnce.ts'],
  },
});
