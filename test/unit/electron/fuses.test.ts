import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterEach, expect, it } from 'vitest';
import { afterPack, electronBinary, type PackContext } from '../../../scripts/electron/after-pack';
import { TILL_FUSES } from '../../../scripts/electron/fuses';

/**
 * The fuses the packaged till ships with, flipped by the afterPack hook in a stand-in binary: the
 * fuse wire Electron embeds (its sentinel, version 1, nine fuses as '0'/'1') between other bytes,
 * with the defaults Electron ships (RunAsNode, NODE_OPTIONS and --inspect on).
 */

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ELECTRON_DEFAULTS = '101100011';

function standInBinary(path: string): void {
  const wire = Buffer.concat([
    Buffer.from(SENTINEL),
    Buffer.from([1, ELECTRON_DEFAULTS.length]),
    Buffer.from(ELECTRON_DEFAULTS),
  ]);
  writeFileSync(path, Buffer.concat([Buffer.alloc(4096, 7), wire, Buffer.alloc(4096, 9)]));
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('turns off every way to run the binary as Node, and requires the app from its checked asar', () => {
  expect(TILL_FUSES).toMatchObject({
    strictlyRequireAllFuses: true,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  });
});

it('afterPack flips those fuses in the packed Linux binary and leaves its other bytes alone', async () => {
  dir = mkdtempSync(join(tmpdir(), 'emm-fuses-'));
  const context: PackContext = {
    appOutDir: dir,
    electronPlatformName: 'linux',
    packager: { appInfo: { productFilename: 'EasyMyMarket' }, executableName: 'easymymarket' },
  };
  const binary = join(dir, 'easymymarket');
  standInBinary(binary);
  const before = readFileSync(binary);

  await afterPack(context);

  const wire = await getCurrentFuseWire(binary);
  expect(wire[FuseV1Options.RunAsNode]).toBe('0'.charCodeAt(0));
  expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe('0'.charCodeAt(0));
  expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe('0'.charCodeAt(0));
  expect(wire[FuseV1Options.EnableCookieEncryption]).toBe('1'.charCodeAt(0));
  expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe('1'.charCodeAt(0));
  expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe('1'.charCodeAt(0));
  const after = readFileSync(binary);
  expect(after.length).toBe(before.length);
  expect(after.subarray(0, 4096)).toEqual(before.subarray(0, 4096));
  expect(after.subarray(-4096)).toEqual(before.subarray(-4096));
});

it('finds the binary electron-builder lays out on each platform', () => {
  const packager = { appInfo: { productFilename: 'EasyMyMarket' } };
  const out = '/out';
  expect(electronBinary({ appOutDir: out, electronPlatformName: 'win32', packager })).toBe(
    join(out, 'EasyMyMarket.exe'),
  );
  expect(electronBinary({ appOutDir: out, electronPlatformName: 'linux', packager })).toBe(
    join(out, 'easymymarket'),
  );
  expect(
    electronBinary({
      appOutDir: out,
      electronPlatformName: 'linux',
      packager: { ...packager, executableName: 'emm-till' },
    }),
  ).toBe(join(out, 'emm-till'));
});

it('refuses a binary with no fuse wire rather than shipping it unfused', async () => {
  dir = mkdtempSync(join(tmpdir(), 'emm-fuses-'));
  writeFileSync(join(dir, 'easymymarket'), Buffer.alloc(1024, 1));
  await expect(
    afterPack({
      appOutDir: dir,
      electronPlatformName: 'linux',
      packager: { appInfo: { productFilename: 'EasyMyMarket' }, executableName: 'easymymarket' },
    }),
  ).rejects.toThrow(/sentinel/);
});
