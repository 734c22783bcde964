/**
 * Which paths a device URI may open. A receipt written to a shell start-up file with a product
 * named `$(…)` runs that command; a receipt written to /dev/sda destroys a disk. So:
 *
 * - a path is absolute and has no `.` or `..` segment (checked when the URI is read);
 * - a `file:` printer is `/dev/usb/lpN` or `/dev/lpN` (the kernel's printer drivers), or a path
 *   the coop lists in the allow-list file (`/etc/easymymarket/device-paths` unless
 *   `EMM_DEVICE_ALLOWLIST` names another): one absolute path per line, `#` starts a comment;
 * - whatever a `file:` or `serial:` URI opens must be a character device (`fstat` after opening
 *   a device file; `stat` before opening a serial port), else it is refused in words.
 *
 * Tests need FIFOs and plain files in a temporary folder: `EMM_TEST_DEVICE_FILES=1` lets a
 * `file:` printer open any such path (still without `..`). It is off unless set, and for tests
 * only: a till never sets it.
 */
import { readFileSync, type Stats } from 'node:fs';
import { TillError } from '../domain/errors';

export const TEST_DEVICE_FILES_ENV = 'EMM_TEST_DEVICE_FILES';
export const DEVICE_ALLOWLIST_ENV = 'EMM_DEVICE_ALLOWLIST';
export const DEFAULT_DEVICE_ALLOWLIST = '/etc/easymymarket/device-paths';

export interface DevicePathPolicy {
  /** Test-only: a `file:` printer may be a FIFO or a plain file anywhere. */
  readonly testDeviceFiles: boolean;
  /** The coop's list of further paths a `file:` printer may be. */
  readonly allowListFile: string;
}

export function devicePathPolicy(env: NodeJS.ProcessEnv = process.env): DevicePathPolicy {
  return {
    testDeviceFiles: env[TEST_DEVICE_FILES_ENV] === '1',
    allowListFile: env[DEVICE_ALLOWLIST_ENV] || DEFAULT_DEVICE_ALLOWLIST,
  };
}

/** Why a path is not a clean absolute path, or null when it is. */
export function pathProblem(path: string): string | null {
  const segments = path.split('/').slice(1);
  if (segments.some((segment) => segment === '..' || segment === '.')) {
    return `"${path}" goes through "." or ".." (write the device's own path, e.g. /dev/usb/lp0)`;
  }
  if (segments.slice(0, -1).some((segment) => segment === '')) {
    return `"${path}" has an empty segment ("//")`;
  }
  return null;
}

const PRINTER_DEVICES = [/^\/dev\/usb\/lp\d+$/, /^\/dev\/lp\d+$/];

/** The paths in the allow-list file ([] when it does not exist). */
export function readAllowList(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.startsWith('/') && pathProblem(line) === null);
}

/** Refuses, in words, a `file:` printer path that is not a printer device nor allowed. */
export function assertFilePrinterPath(path: string, policy: DevicePathPolicy): void {
  const problem = pathProblem(path);
  if (problem !== null) throw notAllowed(path, problem);
  if (policy.testDeviceFiles || PRINTER_DEVICES.some((pattern) => pattern.test(path))) return;
  if (readAllowList(policy.allowListFile).includes(path)) return;
  throw notAllowed(
    path,
    `a file: printer is /dev/usb/lpN or /dev/lpN, or a path listed in ${policy.allowListFile}`,
  );
}

function notAllowed(path: string, why: string): TillError {
  return new TillError('device.path_not_allowed', `file:${path} is not allowed: ${why}`, {
    device: `file:${path}`,
    reason: why,
  });
}

function describeType(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isBlockDevice()) return 'a block device (a disk)';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a device';
}

/**
 * Refuses what is not a character device (a test FIFO or plain file passes under the test
 * switch, when `testFilesAllowed`).
 */
export function assertCharacterDevice(name: string, stats: Stats, testFilesAllowed: boolean): void {
  if (stats.isCharacterDevice()) return;
  if (testFilesAllowed && (stats.isFIFO() || stats.isFile())) return;
  throw new TillError(
    'device.not_a_device',
    `${name} is ${describeType(stats)}, not a character device: a device URI names a printer, scanner or serial port under /dev`,
    { device: name },
  );
}
