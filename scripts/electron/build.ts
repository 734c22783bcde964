/**
 * `npm run build:electron`: the screens (npm run build:renderer, when this checkout has it), then
 * the shell bundled by esbuild into dist/electron/ — main.js (ESM), preload.cjs (one CommonJS
 * file: a sandboxed preload cannot require our modules) — the till's migrations beside them
 * (read at start from ../migrations/till/), and the afterPack hook into dist/packaging/.
 * Native modules and Electron stay outside the bundle: they are loaded from node_modules.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NATIVE_AND_ELECTRON = ['electron', 'better-sqlite3', 'serialport', 'node-hid'];

export function buildRenderer(): void {
  const manifest = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
    scripts?: Record<string, string>;
  };
  if (manifest.scripts?.['build:renderer'] === undefined) {
    process.stdout.write(
      'No build:renderer script in this checkout: the screens are not built (dist/renderer/ is used as it is).\n',
    );
    return;
  }
  const result = spawnSync('npm', ['run', '-s', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build:renderer failed');
}

export async function buildShell(): Promise<void> {
  rmSync(`${ROOT}dist/electron`, { recursive: true, force: true });
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    logLevel: 'warning',
  } as const;
  await build({
    ...common,
    entryPoints: ['main/electron/main.ts'],
    outfile: 'dist/electron/main.js',
    format: 'esm',
    target: 'node22',
    external: NATIVE_AND_ELECTRON,
    // A CommonJS dependency in an ES module bundle still calls require().
    banner: {
      js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
    },
  });
  await build({
    ...common,
    entryPoints: ['main/electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
  });
  await build({
    ...common,
    entryPoints: ['scripts/electron/after-pack.ts'],
    outfile: 'dist/packaging/after-pack.cjs',
    format: 'cjs',
    // @electron/fuses is an ES module: bundled in, so electron-builder can require the hook.
    target: 'node20',
  });
  cpSync(`${ROOT}migrations/till`, `${ROOT}dist/migrations/till`, { recursive: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildRenderer();
  await buildShell();
}
