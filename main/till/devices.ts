/**
 * The till's devices as the screens reach them: selling by weight on the scale, a receipt
 * printed again, and the manager's device tests. Each needs the devices started (the kiosk and
 * the desktop app start them; a report beside the till does not).
 */
import { TillError } from '../../domain/errors';
import type { DeviceStatus } from '../../drivers/types';
import { DEVICE_KINDS } from '../devices/config';
import type { DeviceHub } from '../devices/hub';
import { op, type TillScope } from './operation';
import { receipt } from './receipts';
import { none, schemas, type Parsed } from './schemas';
import { addProduct, tareFromBarcode } from './selling';

const WEIGH_TIMEOUT_MS = 10_000;

function requireDevices(scope: TillScope): DeviceHub {
  if (!scope.devices) {
    throw new TillError('device.not_configured', 'This till runs without its devices');
  }
  return scope.devices;
}

/** Weighs a product sold by the kg on the scale (less a container's tare) and adds it. */
async function sellByWeight(scope: TillScope, input: Parsed<'sellByWeight'>) {
  const { ctx } = scope;
  if (!scope.devices?.scale) {
    throw new TillError(
      'device.not_configured',
      'No scale is configured: weigh the product and type its weight',
      { device: 'scale' },
    );
  }
  const tare =
    input.tareBarcode === undefined
      ? (input.tareGrams ?? 0)
      : tareFromBarcode(ctx, input.tareBarcode);
  const grams = await scope.devices.readWeight(input.timeoutMs ?? WEIGH_TIMEOUT_MS, tare);
  return addProduct(ctx, { productId: input.productId, quantity: grams });
}

/** The devices: selling by weight, reprinting, and the device tests (for whoever is signed in). */
export const deviceOperations = {
  sellByWeight: op(schemas.sellByWeight, sellByWeight),
  /** The receipt again, marked DUPLICATA, printed when there is a printer. */
  reprintReceipt: op(schemas.ticketNumber, (scope, input) => {
    const again = receipt(scope.ctx, input.ticketNumber, { duplicate: true });
    scope.devices?.reprint(input.ticketNumber);
    return again;
  }),
  devices: op(none, ({ devices }) =>
    DEVICE_KINDS.map(
      (kind): DeviceStatus =>
        devices?.statusOf(kind) ?? { device: kind, state: 'disabled', detail: 'not configured' },
    ),
  ),
  testPrint: op(
    none,
    async (scope) => {
      await requireDevices(scope).testPrint();
    },
    'signedIn',
  ),
  readWeight: op(
    schemas.readWeight,
    (scope, input) => requireDevices(scope).readWeight(WEIGH_TIMEOUT_MS, input.tareGrams ?? 0),
    'signedIn',
  ),
  showText: op(
    schemas.showText,
    (scope, input) => requireDevices(scope).showText(input.line1, input.line2),
    'signedIn',
  ),
  waitForScan: op(
    schemas.waitForScan,
    (scope, input) => requireDevices(scope).waitForScan(input.timeoutMs),
    'signedIn',
  ),
};
