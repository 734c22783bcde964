import { errorMessage } from '../../domain/errors';
import { z } from 'zod';
import type { Db } from '../../db/open';
import { getSetting } from '../../db/settings';
import { parseDeviceUri, type DeviceConfigs } from '../../drivers/uri';
import type { DeviceKind } from '../../drivers/types';

export type DeviceSettings = { [K in DeviceKind]: DeviceConfigs[K] };

export const DEVICE_KINDS: readonly DeviceKind[] = [
  'scanner',
  'printer',
  'drawer',
  'scale',
  'display',
];

/** With no settings, the till sells with a keyboard-wedge scanner and no other hardware. */
export const DEFAULT_DEVICE_URIS: Record<DeviceKind, string> = {
  scanner: 'keyboard',
  printer: 'none',
  drawer: 'none',
  scale: 'none',
  display: 'none',
};

const urisSchema = z.record(z.string(), z.string()).default({});

/**
 * The device URIs: settings key `devices` ({ "printer": "serial:/dev/ttyUSB0?baudRate=19200",
 * ... }), each overridden by EMM_SCANNER, EMM_PRINTER, EMM_DRAWER, EMM_SCALE, EMM_DISPLAY when
 * set (for tests and for a technician trying a device). A bad URI is refused by name.
 */
export function readDeviceUris(
  db: Db,
  env: NodeJS.ProcessEnv = process.env,
): Record<DeviceKind, string> {
  const stored = urisSchema.safeParse(getSetting(db, 'devices'));
  const uris = { ...DEFAULT_DEVICE_URIS };
  for (const kind of DEVICE_KINDS) {
    uris[kind] =
      env[`EMM_${kind.toUpperCase()}`] ??
      (stored.success ? stored.data[kind] : undefined) ??
      uris[kind];
  }
  return uris;
}

/**
 * Each device's configuration. A URI that cannot be read leaves that device out (`none`) and says
 * why, so that a typo in one device's settings never stops the till from selling.
 */
export function parseDeviceSettings(uris: Record<DeviceKind, string>): {
  settings: DeviceSettings;
  problems: Partial<Record<DeviceKind, string>>;
} {
  const problems: Partial<Record<DeviceKind, string>> = {};
  const parse = <K extends DeviceKind>(kind: K): DeviceConfigs[K] => {
    try {
      return parseDeviceUri(kind, uris[kind]);
    } catch (error) {
      problems[kind] = errorMessage(error);
      return parseDeviceUri(kind, 'none');
    }
  };
  return {
    settings: {
      scanner: parse('scanner'),
      printer: parse('printer'),
      drawer: parse('drawer'),
      scale: parse('scale'),
      display: parse('display'),
    },
    problems,
  };
}
