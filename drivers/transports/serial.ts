/**
 * A serial line (RS-232, USB CDC-ACM, USB-serial adapters, ptys in tests) through serialport.
 *
 * A device that vanishes (USB unplugged, pty closed) usually shows as serialport's `close` event
 * with a DisconnectedError. Not always, on Linux: once the kernel has hung the tty up, reads
 * return 0 bytes, which serialport takes as "no data yet" and retries for ever, never telling.
 * So the transport also checks every `presenceCheckMs` that its path still leads to the device it
 * opened (udev removes /dev/ttyACM0 on unplug; socat removes its pty links): if not, the line
 * drops. Either way the transport drops and says so once. A path that is not a character device
 * (a file, a disk) is refused before anything opens it.
 */
import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { assertCharacterDevice } from '../device-path';
import type { SerialOptions } from '../uri';
import { BaseTransport, asError, settleWithin } from './base';

export interface SerialTransportOptions {
  /**
   * How long a write may take beyond the line's own transmission time before the line is deemed
   * stuck (default 5000 ms).
   */
  writeTimeoutMs?: number;
  /** How often to check that the device is still there (default 500 ms; 0: never). */
  presenceCheckMs?: number;
}

interface NodeIdentity {
  dev: number;
  ino: number;
  rdev: number;
}

async function identify(path: string): Promise<NodeIdentity | null> {
  try {
    const { dev, ino, rdev } = await stat(path);
    return { dev, ino, rdev };
  } catch {
    return null;
  }
}

export class SerialTransport extends BaseTransport {
  readonly name: string;
  private port: SerialPort | null = null;
  private readonly writeTimeoutMs: number;
  private readonly presenceCheckMs: number;
  private presenceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly serial: SerialOptions,
    options: SerialTransportOptions = {},
  ) {
    super();
    this.name = `serial:${serial.path}`;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 5000;
    this.presenceCheckMs = options.presenceCheckMs ?? 500;
  }

  async open(): Promise<void> {
    this.beginOpen();
    let port: SerialPort;
    try {
      // serial:/etc/passwd must not be opened at all: a serial port is a character device.
      if (this.serial.path.startsWith('/')) {
        assertCharacterDevice(this.name, await stat(this.serial.path), false);
      }
      port = new SerialPort({
        path: this.serial.path,
        baudRate: this.serial.baudRate,
        dataBits: this.serial.dataBits,
        parity: this.serial.parity,
        stopBits: this.serial.stopBits,
        autoOpen: false,
      });
    } catch (error) {
      throw this.openFailed(error);
    }
    // Always listened to: an 'error' event with no listener would crash the process.
    port.on('error', (error: Error) => this.lost(port, error));
    port.on('close', (error: Error | null | undefined) => this.lost(port, error ?? null));
    port.on('data', (chunk: Buffer) => {
      if (this.port === port) this.emitData(chunk);
    });
    try {
      await new Promise<void>((resolve, reject) =>
        port.open((error) => (error ? reject(error) : resolve())),
      );
    } catch (error) {
      throw this.openFailed(error);
    }
    if (this.state !== 'opening') {
      // close() came while opening.
      await settleWithin(closePort(port), 2000);
      throw this.closedWhileOpening();
    }
    this.port = port;
    this.state = 'open';
    // Device paths only (not Windows COM names).
    if (this.presenceCheckMs > 0 && this.serial.path.startsWith('/')) {
      const identity = await identify(this.serial.path);
      if (identity) this.watchPresence(port, identity);
      else this.lost(port, new Error(`${this.serial.path} is gone (the device was unplugged)`));
    }
  }

  private watchPresence(port: SerialPort, opened: NodeIdentity): void {
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null;
      void identify(this.serial.path).then((now) => {
        if (this.port !== port) return;
        const same =
          now !== null &&
          now.dev === opened.dev &&
          now.ino === opened.ino &&
          now.rdev === opened.rdev;
        if (same) this.watchPresence(port, opened);
        else this.lost(port, new Error(`${this.serial.path} is gone (the device was unplugged)`));
      });
    }, this.presenceCheckMs);
    this.presenceTimer.unref();
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port || this.state !== 'open') return Promise.reject(this.notOpen());
    return this.guardedWrite(
      this.writeTimeoutMs + this.transmissionMs(bytes.length),
      () =>
        new Promise<void>((resolve, reject) => {
          port.write(Buffer.from(bytes), (error) => {
            if (error) return reject(asError(error));
            // Resolve once the bytes are out of the computer, not merely handed to the driver.
            port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
          });
        }),
    );
  }

  async close(): Promise<void> {
    if (!this.beginClose()) return;
    this.stopWatching();
    const port = this.port;
    this.port = null;
    if (port) await settleWithin(closePort(port), 2000);
  }

  protected release(): void {
    this.stopWatching();
    const port = this.port;
    this.port = null;
    if (port) void closePort(port);
  }

  private stopWatching(): void {
    if (this.presenceTimer !== null) clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
  }

  private lost(port: SerialPort, error: Error | null): void {
    if (this.port !== port) return;
    this.dropped(error ?? new Error('the port closed'));
  }

  /** Time for `count` bytes at the line's speed, doubled for slack. */
  private transmissionMs(count: number): number {
    const { baudRate, dataBits, parity, stopBits } = this.serial;
    const bitsPerByte = 1 + dataBits + (parity === 'none' ? 0 : 1) + stopBits;
    return Math.ceil(((count * bitsPerByte) / baudRate) * 1000 * 2);
  }
}

function closePort(port: SerialPort): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!port.isOpen) return resolve();
    port.close(() => resolve());
  });
}
