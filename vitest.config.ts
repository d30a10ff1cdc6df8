import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/shared-folder.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two test files at a time even on a 2-core machine (vitest's default leaves one core idle): most files wait on
    // child processes, sockets and databases, not the CPU.
    maxWorkers: 2,
    // Each worker runs file after file with one module cache: Bolt, kysely, zod, the search code and the seed index
    // (test/support/test-app.ts) load once per worker instead of once per file (import time 93 s → 9 s, the suite
    // 294 → 185 s on 2 cores). So a test file must leave nothing running when it ends (servers, timers, unanswered
    // Slack calls): vitest reports what escapes as an error of whichever file runs next.
    isolate: false,
  },
});
