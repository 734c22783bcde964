/**
 * `npm start`: builds the screens and the shell, then runs `electron dist/electron/main.js`
 * (arguments such as --kiosk pass through). Where Electron's binary was never downloaded (these
 * machines cannot), it says so and how to get it, rather than letting the `electron` package try a
 * download and fail with a stack trace.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRenderer, buildShell } from './build';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Electron binary the `electron` package would run, without its download on a miss. */
export function electronBinary(root: string, env: NodeJS.ProcessEnv): string | null {
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const relativePath = readFileSync(pathFile, 'utf8');
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH ?? join(root, 'node_modules/electron/dist');
  const binary = join(dist, relativePath);
  return existsSync(binary) ? binary : null;
}

export const NO_ELECTRON = [
  'Electron is not installed on this machine: node_modules/electron holds its types but not its',
  'binary (its download was skipped or blocked). The shell is built in dist/electron/. To run it,',
  'on a machine with network access: node node_modules/electron/install.js (downloads Electron),',
  'then npm start again. The browser face needs no Electron: npm run kiosk.',
].join('\n');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildRenderer();
  await buildShell();
  const binary = electronBinary(ROOT, process.env);
  if (binary === null) {
    process.stderr.write(`${NO_ELECTRON}\n`);
    process.exit(1);
  }
  const child = spawn(binary, ['dist/electron/main.js', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    // As `npm run kiosk`: two malloc arenas, not one a thread (see the README's memory figures).
    env: { MALLOC_ARENA_MAX: '2', ...process.env },
  });
  // Ctrl-C reaches Electron through the terminal; a SIGTERM sent to npm is passed on.
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
}
