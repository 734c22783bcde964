// @ts-check
/**
 * `npm run kiosk`: builds what is stale, then starts the till in this process. Compiling main/
 * with tsx at each start took most of the start time (2.5 s): the kiosk runs a bundle of
 * main/kiosk/main.ts instead (dist/kiosk.js, esbuild, rebuilt only when a source is newer), and
 * the screens are rebuilt (`npm run build:renderer`) only when renderer/ is newer than
 * dist/renderer. Plain JavaScript, since it runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// In dist/ itself, not deeper: db/migrate.ts finds migrations/ at ../migrations from its module.
const BUNDLE = join(ROOT, 'dist', 'kiosk.js');
const MAIN_SOURCES = ['main', 'db', 'domain', 'drivers', 'package.json', 'package-lock.json'];
const RENDERER = join(ROOT, 'renderer');
const RENDERER_PAGE = join(ROOT, 'dist', 'renderer', 'index.html');
/** Compiled in C++ or loaded by path at run time: required from node_modules, never bundled. */
const EXTERNAL = [
  'better-sqlite3',
  'serialport',
  '@serialport/*',
  'node-hid',
  'bufferutil',
  'utf-8-validate',
];

/** @param {string} path @returns {number} its modification time, -Infinity when it is missing */
function modified(path) {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -Infinity;
}

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

/** @param {string} line */
function tell(line) {
  process.stderr.write(`${line}\n`);
}

function buildScreensIfStale() {
  // The screens' words live in domain/i18n: a changed word is a changed screen.
  if (Math.max(newest(RENDERER), newest(join(ROOT, 'domain'))) <= modified(RENDERER_PAGE)) return;
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts ?? {};
  if (!scripts['build:renderer']) {
    tell(
      'The screens cannot be built: package.json has no "build:renderer" script. The till starts; its page says how to build them.',
    );
    return;
  }
  // Its output only matters when it fails: stdout keeps the one line with the address.
  // React's production build whatever NODE_ENV the caller runs under (vitest sets "test").
  const built = spawnSync('npm', ['run', '-s', 'build:renderer'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (built.status !== 0) {
    tell(
      `The screens could not be built (npm run build:renderer):\n${built.stdout}${built.stderr}`,
    );
    tell('The till starts without them.');
  }
}

async function buildMainIfStale() {
  if (Math.max(...MAIN_SOURCES.map((source) => newest(join(ROOT, source)))) <= modified(BUNDLE)) {
    return;
  }
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(ROOT, 'main', 'kiosk', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // The CommonJS packages bundled into an ES module still call require().
    banner: {
      js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);",
    },
    legalComments: 'none',
    // Less to read and compile at each start; names are kept for the stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'error',
    write: false,
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild wrote no bundle');
  // Written whole, then renamed: a second start at the same time never runs half a file.
  mkdirSync(dirname(BUNDLE), { recursive: true });
  const partial = `${BUNDLE}.${process.pid}.tmp`;
  writeFileSync(partial, output.contents, { flag: 'w' });
  renameSync(partial, BUNDLE);
}

try {
  buildScreensIfStale();
  await buildMainIfStale();
} catch (error) {
  tell(`The till could not be built: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
await import(pathToFileURL(BUNDLE).href);
