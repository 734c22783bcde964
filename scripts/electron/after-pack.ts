/**
 * electron-builder's afterPack hook (bundled to dist/packaging/after-pack.cjs): flips the fuses
 * of the Electron binary it has just laid out, for each platform it packs.
 */
import { join } from 'node:path';
import { flipFuses } from '@electron/fuses';
import { TILL_FUSES } from './fuses';

/** What electron-builder passes to afterPack (the part we read). */
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  /** executableName: the Linux packager's, from electron-builder.yml. */
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

export function electronBinary(context: PackContext): string {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'win32':
      return join(context.appOutDir, `${name}.exe`);
    case 'darwin':
    case 'mas':
      return join(context.appOutDir, `${name}.app`);
    default:
      return join(context.appOutDir, context.packager.executableName ?? name.toLowerCase());
  }
}

export async function afterPack(context: PackContext): Promise<void> {
  await flipFuses(electronBinary(context), TILL_FUSES);
}
