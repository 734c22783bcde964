/**
 * `npm run till -- devices …`: a technician sets up and tries the till's hardware.
 *   devices list                       the URIs in use and each device's state
 *   devices set KIND URI               store a device URI in the settings (validated first)
 *   devices test-print                 print a test page
 *   devices open-drawer --user ID --pin PIN   a manager opens the drawer (journaled)
 *   devices wait-scan [--timeout S]    wait for one scan, show what the till makes of it
 *   devices read-weight                read a stable weight from the scale
 *   devices show-text LINE1 [LINE2]    show two lines on the customer display
 */
import { z } from 'zod';
import { TillError } from '../../domain/errors';
import { parseBarcode } from '../../domain/barcode';
import { getSetting, setSetting } from '../../db/settings';
import { assertFilePrinterPath, devicePathPolicy } from '../../drivers/device-path';
import { parseDeviceUri, DEVICE_URI_FORMS } from '../../drivers/uri';
import type { DeviceKind } from '../../drivers/types';
import { startTill } from '../index';
import { DEVICE_KINDS, readDeviceUris } from '../devices/config';

type Output = (line: string) => void;

export interface DevicesCommand {
  args: string[];
  dbPath: string;
  timeoutSeconds: number;
  user?: string | undefined;
  pin?: string | undefined;
}

/** The URI as the till reads it ("SIM" is sim); a bad one as it was given. */
function shownUri(kind: DeviceKind, uri: string): string {
  try {
    return parseDeviceUri(kind, uri).uri;
  } catch {
    return uri;
  }
}

const isKind = (kind: string | undefined): kind is DeviceKind =>
  DEVICE_KINDS.includes(kind as DeviceKind);

export async function runDevicesCommand(
  command: DevicesCommand,
  out: Output,
  err: Output,
): Promise<number> {
  const [action, ...rest] = command.args;
  if (action === 'set') {
    const [kind, uri] = rest;
    if (!isKind(kind) || !uri) {
      err(`devices set KIND URI, KIND one of ${DEVICE_KINDS.join(', ')}; forms:`);
      for (const kindName of DEVICE_KINDS)
        err(`  ${kindName}: ${DEVICE_URI_FORMS[kindName].join(' | ')}`);
      return 2;
    }
    // Refuses a bad URI, or a file: printer that is not a printer device, by name, before
    // anything is stored; stores it normalised ("SIM": sim).
    const config = parseDeviceUri(kind, uri);
    if (config.transport === 'file') assertFilePrinterPath(config.path, devicePathPolicy());
    const normalised = config.uri;
    const { db, stop } = startTill({ dbPath: command.dbPath });
    try {
      const stored = getSetting(db, 'devices', z.record(z.string(), z.string())) ?? {};
      setSetting(db, 'devices', { ...stored, [kind]: normalised });
    } finally {
      await stop();
    }
    out(`${kind}: ${normalised}`);
    return 0;
  }

  // The till itself may be running on the same database: leave its print queue to it.
  const running = startTill({ dbPath: command.dbPath, devices: true, printQueue: false });
  const devices = running.devices;
  const timeoutMs = command.timeoutSeconds * 1000;
  try {
    if (!devices) throw new TillError('device.not_configured', 'The devices did not start', {});
    switch (action) {
      case 'list': {
        const uris = readDeviceUris(running.db);
        await new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 2000)));
        for (const kind of DEVICE_KINDS) {
          const status = devices.statusOf(kind);
          out(
            `${kind.padEnd(8)} ${shownUri(kind, uris[kind]).padEnd(40)} ${status.state}${status.detail ? ` (${status.detail})` : ''}`,
          );
        }
        return 0;
      }
      case 'test-print':
        await devices.testPrint(timeoutMs);
        out('Test page printed');
        return 0;
      case 'open-drawer': {
        if (!command.user || !command.pin) {
          err('open-drawer needs a manager: --user ID --pin PIN');
          return 2;
        }
        running.till.signIn({ userId: Number(command.user), pin: command.pin });
        if (!devices.drawer) {
          throw new TillError('device.not_configured', 'No drawer is configured', {
            device: 'drawer',
          });
        }
        await devices.whenReady('drawer', timeoutMs);
        running.till.openDrawer({ reason: 'device test' });
        await new Promise((resolve) => setTimeout(resolve, 500)); // let the pulse go out
        const drawer = devices.statusOf('drawer');
        out(`Drawer: ${drawer.state} (${drawer.detail})`);
        return 0;
      }
      case 'wait-scan': {
        out(`Scan a barcode (${command.timeoutSeconds} s)…`);
        const code = await devices.waitForScan(timeoutMs);
        const parsed = parseBarcode(code);
        out(`${code}: ${parsed.type}${parsed.type === 'error' ? ' (not a valid code)' : ''}`);
        return 0;
      }
      case 'read-weight': {
        const grams = await devices.readWeight(timeoutMs);
        out(`${grams} g`);
        return 0;
      }
      case 'show-text': {
        const [line1 = '', line2 = ''] = rest;
        await devices.showText(line1, line2);
        out('Shown');
        return 0;
      }
      default:
        err(
          `Unknown devices action "${action ?? ''}": list, set, test-print, open-drawer, wait-scan, read-weight, show-text`,
        );
        return 2;
    }
  } finally {
    await running.stop();
  }
}
