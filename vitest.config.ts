import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's components use React's automatic JSX runtime, as Vite builds them.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Integration tests open real SQLite files and PGlite, and spawn child processes. These
    // deadlines are last guards against a hung test, never premises: at a load of 30 on two
    // cores (eight jobs beside the suite) opening PGlite and migrating took over 30 s.
    // No `retry` here: a test that needs one waits on the clock.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits on a condition; its own deadline (1 s) is one a busy machine overruns.
    expect: { poll: { timeout: 60_000 } },
  },
});
