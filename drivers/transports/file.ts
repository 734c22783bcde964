/**
 * A device file written to, such as a USB printer's /dev/usb/lp0 (the usblp driver). Write-only:
 * `onData` never fires. The path must be a printer device or allowed (drivers/device-path.ts),
 * must exist (opened without O_CREAT, so that an unplugged printer is an error rather than a new
 * file swallowing every receipt) and must be a character device (fstat after opening).
 *
 * The device is opened with O_NONBLOCK and written from the main thread: a printer off line (the
 * usblp driver then blocks write(2)) or a full FIFO answers EAGAIN at once, and the transport
 * tries again on a timer. No call ever waits in libuv's thread pool, which the scanner, the
 * database and every `fs` call share: a stuck printer can only fail its own write. A write that
 * times out closes the descriptor and drops the line; a failed write (ENODEV, EIO once the
 * printer is unplugged) drops it too. Either error tells how many bytes went out (`written`), so
 * that the printer knows whether a job may have reached the paper.
 */
import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs';
import { TillError } from '../../domain/errors';
import {
  assertCharacterDevice,
  assertFilePrinterPath,
  devicePathPolicy,
  type DevicePathPolicy,
} from '../device-path';
import type { WriteOptions } from '../types';
import { BaseTransport } from './base';

export interface FileTransportOptions {
  /** How long a write may take before the line is deemed stuck (default 10 000 ms). */
  writeTimeoutMs?: number;
  /** Which paths may be opened (from the environment unless told). */
  paths?: DevicePathPolicy;
}

/** How long to wait before trying a write the device refused with EAGAIN: 5 ms doubling to 50. */
const RETRY_FIRST_MS = 5;
const RETRY_MAX_MS = 50;

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

export class FileTransport extends BaseTransport {
  readonly name: string;
  private fd: number | null = null;
  private readonly writeTimeoutMs: number;
  private readonly paths: DevicePathPolicy;

  constructor(
    readonly path: string,
    options: FileTransportOptions = {},
  ) {
    super();
    this.name = `file:${path}`;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
    this.paths = options.paths ?? devicePathPolicy();
  }

  /** The open descriptor, or null (for tests counting descriptors). */
  get descriptor(): number | null {
    return this.fd;
  }

  async open(): Promise<void> {
    this.beginOpen();
    let fd: number;
    try {
      assertFilePrinterPath(this.path, this.paths);
      // O_NONBLOCK on open too: a FIFO with no reader fails with ENXIO rather than wait.
      fd = openSync(
        this.path,
        constants.O_WRONLY |
          constants.O_NONBLOCK |
          constants.O_NOCTTY |
          (this.paths.testDeviceFiles ? constants.O_APPEND : 0),
      );
    } catch (error) {
      throw this.openFailed(error);
    }
    try {
      assertCharacterDevice(this.name, fstatSync(fd), this.paths.testDeviceFiles);
    } catch (error) {
      closeSync(fd);
      throw this.openFailed(error);
    }
    if (this.state !== 'opening') {
      closeSync(fd);
      throw this.closedWhileOpening();
    }
    this.fd = fd;
    this.state = 'open';
  }

  /**
   * Writes every byte, waiting on timers while the device is full. With `atOnce`, the device must
   * take every byte now: if it cannot, nothing is left to go out later and the write fails with
   * `device.busy` (a drawer pulse must open the drawer now or never).
   */
  write(bytes: Uint8Array, options: WriteOptions = {}): Promise<void> {
    const fd = this.fd;
    if (fd === null || this.state !== 'open') return Promise.reject(this.notOpen());
    let written = 0;
    const withWritten = (error: unknown): never => {
      if (error instanceof TillError) {
        throw new TillError(error.code, error.message, { ...error.details, written });
      }
      throw error;
    };
    if (options.atOnce) {
      return this.guardedWrite(this.writeTimeoutMs, async () => {
        written = this.writeSome(fd, bytes);
        if (written < bytes.length) {
          throw new TillError('device.busy', `${this.name} cannot take the data now`, {
            device: this.name,
          });
        }
      }).catch(withWritten);
    }
    return this.guardedWrite(
      this.writeTimeoutMs,
      async () => {
        let delay = RETRY_FIRST_MS;
        while (written < bytes.length) {
          // The line was dropped (timed out, closed): its descriptor is gone, stop here.
          if (this.fd !== fd) return;
          const count = this.writeSome(fd, bytes.subarray(written));
          written += count;
          if (written >= bytes.length) return;
          if (count > 0) delay = RETRY_FIRST_MS;
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, RETRY_MAX_MS);
        }
      },
      true,
    ).catch(withWritten);
  }

  async close(): Promise<void> {
    if (!this.beginClose()) return;
    this.release();
  }

  protected release(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Already gone with the device.
      }
    }
  }

  /** Bytes the device took now (0 when it is full); throws when it failed. */
  private writeSome(fd: number, bytes: Uint8Array): number {
    try {
      return writeSync(fd, bytes);
    } catch (error) {
      if (errorCode(error) === 'EAGAIN') return 0;
      throw error;
    }
  }
}
