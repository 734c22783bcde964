import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's components use React's automatic JSX runtime, as Vite builds them.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Integration tests open real SQLite files and spawn child processes.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
