/**
 * A device file written to, such as a USB printer's /dev/usb/lp0 (the usblp driver). Write-only:
 * `onData` never fires. A device under /dev must exist: it is opened without O_CREAT, so that an
 * unplugged printer is an error rather than a new regular file at /dev/usb/lp0 swallowing every
 * receipt. Any other path (printing to a file, for a demo or an archive) is created if missing.
 * A failed write (ENODEV, EIO once the printer is unplugged) drops the line.
 *
 * Note: a write to a device that blocks (printer off-line) holds one of libuv's worker threads
 * until the device takes the bytes or fails; the write timeout rejects the caller meanwhile.
 */
import { constants } from 'node:fs';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { BaseTransport, settleWithin } from './base';

export interface FileTransportOptions {
  /** How long a write may take before the line is deemed stuck (default 10 000 ms). */
  writeTimeoutMs?: number;
}

export class FileTransport extends BaseTransport {
  readonly name: string;
  private handle: FileHandle | null = null;
  private readonly writeTimeoutMs: number;

  constructor(
    readonly path: string,
    options: FileTransportOptions = {},
  ) {
    super();
    this.name = `file:${path}`;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
  }

  async open(): Promise<void> {
    this.beginOpen();
    let handle: FileHandle;
    try {
      handle = await openFile(
        this.path,
        constants.O_WRONLY |
          constants.O_APPEND |
          (constants.O_NOCTTY ?? 0) |
          (this.path.startsWith('/dev/') ? 0 : constants.O_CREAT),
      );
    } catch (error) {
      throw this.openFailed(error);
    }
    if (this.state !== 'opening') {
      await settleWithin(handle.close(), 2000);
      throw this.closedWhileOpening();
    }
    this.handle = handle;
    this.state = 'open';
  }

  write(bytes: Uint8Array): Promise<void> {
    const handle = this.handle;
    if (!handle || this.state !== 'open') return Promise.reject(this.notOpen());
    // A failed write means the device is gone or broken: drop, so that the link reopens it.
    return this.guardedWrite(
      this.writeTimeoutMs,
      async () => {
        let offset = 0;
        while (offset < bytes.length) {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
          if (bytesWritten <= 0) throw new Error('the device took no bytes');
          offset += bytesWritten;
        }
      },
      true,
    );
  }

  async close(): Promise<void> {
    if (!this.beginClose()) return;
    const handle = this.handle;
    this.handle = null;
    // A close waits for a write stuck in the device: do not wait for it for ever.
    if (handle) await settleWithin(handle.close(), 2000);
  }

  protected release(): void {
    const handle = this.handle;
    this.handle = null;
    if (handle) handle.close().catch(() => undefined);
  }
}
