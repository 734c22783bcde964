import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests open real SQLite files and spawn child processes.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
