import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two test files at a time even on a 2-core machine (vitest's default leaves one core idle): most files wait on
    // child processes, sockets and databases, not the CPU.
    maxWorkers: 2,
  },
});
