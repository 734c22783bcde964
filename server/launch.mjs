// @ts-check
/**
 * `npm run server`: with no command, first rebuilds the web apps (dist/web) when web/, the
 * renderer's kit or domain/ (its words) is newer than the build, as `npm run kiosk` does for the
 * till's screens; then runs the server's command line (server/main.ts) in this process, so that
 * SIGTERM reaches the server itself. Plain JavaScript: it runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = ['web', 'renderer', 'domain'].map((folder) => join(ROOT, folder));
const PAGES = ['office', 'hand'].map((page) => join(ROOT, 'dist', 'web', page, 'index.html'));

/** @param {string} path @returns {number} the newest modification time of a file under path */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return -Infinity;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry !== 'node_modules') latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

function buildWebIfStale() {
  const builtAt = Math.min(
    ...PAGES.map((page) => statSync(page, { throwIfNoEntry: false })?.mtimeMs ?? -Infinity),
  );
  if (Math.max(...SOURCES.map(newest)) <= builtAt) return;
  process.stderr.write('Building the web apps (npm run build:web)…\n');
  // React's production build whatever NODE_ENV the caller runs under.
  const built = spawnSync('npm', ['run', '-s', 'build:web'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (built.status !== 0) {
    process.stderr.write(
      `The web apps could not be built (npm run build:web); the server starts, its pages say how to build them:\n${built.stdout}${built.stderr}\n`,
    );
  }
}

if (process.argv.length <= 2) buildWebIfStale();
register();
const { runServerCli } = await import('./main.ts');
try {
  const code = await runServerCli(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
