import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { beforeAll, expect, it } from 'vitest';
import { buildShell } from '../../../scripts/electron/build';
import type { TillBridge } from '../../../main/api';

/**
 * What `npm start` and `npm run dist` hand to Electron and electron-builder: the bundles esbuild
 * makes, loaded as they would be, and `npm start` on this machine, where Electron is missing.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dist = (path: string) => join(ROOT, 'dist', path);

beforeAll(() => buildShell(), 60_000);

it('bundles the preload into one file that needs nothing but electron', () => {
  const code = readFileSync(dist('electron/preload.cjs'), 'utf8');
  const required: string[] = [];
  const exposed = new Map<string, unknown>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: { invoke: () => Promise.resolve(null), on: () => {}, removeListener: () => {} },
  };
  const module = { exports: {} };
  runInNewContext(code, {
    module,
    exports: module.exports,
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    },
  });
  expect(required).toEqual(['electron']);
  expect([...exposed.keys()]).toEqual(['till']);
  expect(Object.keys(exposed.get('till') as TillBridge).sort()).toEqual(['call', 'subscribe']);
});

it('bundles the main process with only Node, Electron and the native modules left outside', () => {
  const code = readFileSync(dist('electron/main.js'), 'utf8');
  const imported = new Set(
    [...code.matchAll(/^import .* from "([^"]+)";?$|import\("([^"]+)"\)/gm)].map(
      (match) => match[1] ?? match[2],
    ),
  );
  const allowed = new Set([
    ...builtinModules,
    ...builtinModules.map((name) => `node:${name}`),
    'electron',
    'better-sqlite3',
    'serialport',
    'node-hid',
  ]);
  expect([...imported].filter((name) => name === undefined || !allowed.has(name))).toEqual([]);
  expect(imported).toContain('electron');
  expect(imported).toContain('better-sqlite3');
  // db/migrate.ts reads ../migrations/till/ beside the bundle.
  expect(readdirSync(dist('migrations/till'))).toEqual(readdirSync(join(ROOT, 'migrations/till')));
});

it('bundles an afterPack hook electron-builder can require, which flips the fuses', async () => {
  const hook = createRequire(import.meta.url)(dist('packaging/after-pack.cjs')) as {
    afterPack(context: object): Promise<void>;
  };
  const dir = mkdtempSync(join(tmpdir(), 'emm-after-pack-'));
  try {
    const binary = join(dir, 'EasyMyMarket.exe');
    writeFileSync(
      binary,
      Buffer.concat([
        Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
        Buffer.from([1, 9]),
        Buffer.from('101100011'),
      ]),
    );
    await hook.afterPack({
      appOutDir: dir,
      electronPlatformName: 'win32',
      packager: { appInfo: { productFilename: 'EasyMyMarket' } },
    });
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe('0'.charCodeAt(0));
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe('1'.charCodeAt(0));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('electron-builder.yml is valid for electron-builder and packs what the build makes', async () => {
  const config = await getConfig(ROOT, 'electron-builder.yml', null);
  await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  expect(config.asar).toBe(true);
  expect(config.afterPack).toBe('./dist/packaging/after-pack.cjs');
  expect(config.extraMetadata).toEqual({ main: 'dist/electron/main.js' });
  expect(config.asarUnpack).toEqual(
    expect.arrayContaining([
      'node_modules/better-sqlite3/**',
      'node_modules/@serialport/bindings-cpp/**',
      'node_modules/node-hid/**',
    ]),
  );
  expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
});

it('npm start says in words that Electron is not installed here, with no stack trace', () => {
  const result = spawnSync('npm', ['start', '-s'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('Electron is not installed on this machine');
  expect(result.stderr).toContain('npm run kiosk');
  expect(result.stderr).not.toMatch(/\n\s+at /);
}, 150_000);
