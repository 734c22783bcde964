/**
 * The seams between the till and its hardware. A transport moves bytes (serial line, TCP socket,
 * device file, HID device, simulator); a device driver speaks one device's protocol over a
 * transport. Drivers report their state as events and never throw into a sale.
 */

/** What the cashier is told about a device, in words, by the renderer. */
export type DeviceState =
  | 'connecting'
  | 'connected'
  | 'offline'
  | 'paper_near_end'
  | 'paper_out'
  | 'cover_open'
  | 'drawer_open'
  | 'disabled';

export interface DeviceStatus {
  device: DeviceKind;
  state: DeviceState;
  /** A short explanation in English for logs; the renderer translates `state`. */
  detail: string;
}

export type DeviceKind = 'scanner' | 'printer' | 'drawer' | 'scale' | 'display';

export type Unsubscribe = () => void;

export interface WriteOptions {
  /**
   * The device must take every byte now, or the write fails with `device.busy` and nothing is
   * left to go out later (a drawer pulse: now or never). Honoured where the transport can tell
   * (a device file); a serial or TCP printer is asked its status first instead.
   */
  atOnce?: boolean;
}

/** Bytes in and out of one device. Opening may fail; a transport that drops says so once. */
export interface Transport {
  /** A readable name for logs and status ("serial:/dev/ttyUSB0"). */
  readonly name: string;
  open(): Promise<void>;
  write(bytes: Uint8Array, options?: WriteOptions): Promise<void>;
  close(): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): Unsubscribe;
  /** Called once when the line drops after a successful open (not after close()). */
  onClose(listener: (error: Error | null) => void): Unsubscribe;
}
