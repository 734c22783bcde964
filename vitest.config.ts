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
    // Two files at once on two cores: most files wait on child processes, disks and browsers,
    // not on the CPU (vitest's default here is one). Files never share a database, a port or a
    // directory: a PostgreSQL schema or database each, port 0, a temporary directory each.
    maxWorkers: 2,
    hookTimeout: 120_000,
    // expect.poll waits on a condition; its own deadline (1 s) is one a busy machine overruns.
    expect: { poll: { timeout: 60_000 } },
  },
});
