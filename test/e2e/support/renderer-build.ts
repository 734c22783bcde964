import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const RENDERER_DIR = join(ROOT, 'dist/renderer');
const RENDERER_INDEX = join(RENDERER_DIR, 'index.html');

/** What the built screens are made of: their sources, the shared words and types, the lockfile. */
const SOURCES = ['renderer', 'domain', 'main/api.ts', 'package-lock.json'];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestChange(join(path, entry))),
    stat.mtimeMs,
  );
}

/** Builds dist/renderer/ when it is missing or older than a source (seconds; once per run). */
export function buildRendererIfStale(): void {
  const built = existsSync(RENDERER_INDEX) ? statSync(RENDERER_INDEX).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((source) => newestChange(join(ROOT, source))));
  if (built > sources) return;
  execFileSync(
    join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error'],
    // Under vitest NODE_ENV is "test": React would be built for development.
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
}
