import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's components use React's automatic JSX runtime, as Vite builds them.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Integration tests open real SQLite files and spawn child processes.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll waits on a condition; its own deadline (1 s) is one a busy machine overruns.
    // A last guard, not a premise. No `retry` here: a test that needs one waits on the clock.
    expect: { poll: { timeout: 15_000 } },
  },
});
