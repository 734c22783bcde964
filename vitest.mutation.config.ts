import { defineConfig } from 'vitest/config';

// Stryker's own vitest config: the unit tests only (fast, no files, no child processes). The
// domain files they import are the ones mutated.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
  },
});
