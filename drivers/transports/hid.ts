/**
 * A USB HID device through node-hid (HIDAsync), loaded only when a HID device is opened: its
 * native binding needs libusb/hidraw, which a machine without HID devices may lack.
 *
 * Each `onData` chunk is one whole input report, report ID first when the device numbers its
 * reports (as hidapi gives it). A read error (the device unplugged) drops the line.
 *
 * Tests (and other platforms) inject `openHidDevice` to play the device below node-hid.
 */
import { TillError } from '../../domain/errors';
import { BaseTransport, asError, errorMessage, settleWithin } from './base';

/** The part of node-hid's HIDAsync this transport uses. */
export interface HidDeviceHandle {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  write(data: number[] | Buffer): Promise<number> | number;
  close(): Promise<void> | void;
  removeAllListeners?(event?: string): unknown;
}

/** Opens the HID device with these USB ids; rejects if it is absent or cannot be opened. */
export type OpenHidDevice = (vendorId: number, productId: number) => Promise<HidDeviceHandle>;

/** HID usage page of POS barcode scanners (HID Point of Sale Usage Tables). */
export const HID_USAGE_PAGE_BARCODE_SCANNER = 0x8c;

export function hidName(vendorId: number, productId: number): string {
  return `hid:${vendorId.toString(16).padStart(4, '0')}:${productId.toString(16).padStart(4, '0')}`;
}

/**
 * Opens a device through node-hid. When the device has several interfaces (a scanner may be
 * both a keyboard and a HID POS scanner), the one on the barcode scanner usage page is chosen.
 */
export const openNodeHidDevice: OpenHidDevice = async (vendorId, productId) => {
  let hid: typeof import('node-hid');
  try {
    hid = await import('node-hid');
  } catch (error) {
    throw new TillError(
      'device.hid_unavailable',
      `HID devices cannot be used on this machine: node-hid did not load (${errorMessage(error)})`,
      { cause: errorMessage(error) },
    );
  }
  const name = hidName(vendorId, productId);
  let devices: Awaited<ReturnType<typeof hid.devicesAsync>>;
  try {
    devices = await hid.devicesAsync(vendorId, productId);
  } catch (error) {
    throw new TillError(
      'device.hid_unavailable',
      `HID devices cannot be listed on this machine (${errorMessage(error)})`,
      { cause: errorMessage(error) },
    );
  }
  if (devices.length === 0) throw new Error(`no USB HID device ${name} is plugged in`);
  const device = devices.find((d) => d.usagePage === HID_USAGE_PAGE_BARCODE_SCANNER) ?? devices[0];
  if (device?.path) return hid.HIDAsync.open(device.path);
  return hid.HIDAsync.open(vendorId, productId);
};

export interface HidTransportOptions {
  openHidDevice?: OpenHidDevice;
  /** How long a write may take before the line is deemed stuck (default 5000 ms). */
  writeTimeoutMs?: number;
}

export class HidTransport extends BaseTransport {
  readonly name: string;
  private device: HidDeviceHandle | null = null;
  private readonly openHidDevice: OpenHidDevice;
  private readonly writeTimeoutMs: number;

  constructor(
    readonly vendorId: number,
    readonly productId: number,
    options: HidTransportOptions = {},
  ) {
    super();
    this.name = hidName(vendorId, productId);
    this.openHidDevice = options.openHidDevice ?? openNodeHidDevice;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 5000;
  }

  async open(): Promise<void> {
    this.beginOpen();
    let device: HidDeviceHandle;
    try {
      device = await this.openHidDevice(this.vendorId, this.productId);
    } catch (error) {
      throw this.openFailed(error);
    }
    // Listened to at once: an 'error' event with no listener would crash the process.
    device.on('error', (error) => {
      if (this.device === device) this.dropped(asError(error));
    });
    if (this.state !== 'opening') {
      await settleWithin(closeDevice(device), 2000);
      throw this.closedWhileOpening();
    }
    this.device = device;
    this.state = 'open';
    // Listening to 'data' starts node-hid's read loop.
    device.on('data', (report) => {
      if (this.device === device) this.emitData(report);
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const device = this.device;
    if (!device || this.state !== 'open') return Promise.reject(this.notOpen());
    return this.guardedWrite(this.writeTimeoutMs, async () => {
      await device.write(Buffer.from(bytes));
    });
  }

  async close(): Promise<void> {
    if (!this.beginClose()) return;
    const device = this.device;
    this.device = null;
    if (device) await settleWithin(closeDevice(device), 2000);
  }

  protected release(): void {
    const device = this.device;
    this.device = null;
    if (device) void closeDevice(device);
  }
}

async function closeDevice(device: HidDeviceHandle): Promise<void> {
  try {
    await device.close();
  } catch {
    // Closing an unplugged device may fail; it is gone either way.
  }
  // Keep a listener for late errors from the native read loop.
  device.removeAllListeners?.('data');
}
