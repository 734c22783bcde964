/**
 * The Electron fuses flipped in the packaged binary (at afterPack, before signing): it cannot be
 * turned into a plain Node (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect), it loads only the app
 * in its asar and checks that asar's integrity (Windows and macOS; Linux has no such check yet),
 * cookies are encrypted, and file:// gets no privileges (we serve app://till/). Every fuse is
 * named, so a fuse a newer @electron/fuses adds fails the build until it is decided.
 */
import { FuseV1Options, FuseVersion, type FuseConfig } from '@electron/fuses';

export const TILL_FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  [FuseV1Options.WasmTrapHandlers]: true,
} satisfies FuseConfig;
