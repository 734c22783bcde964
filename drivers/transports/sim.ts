/**
 * An in-memory line for simulators and tests. A `SimLine` is the device end and outlives the
 * transports made on it (one per reconnection): it records every byte written, lets code inject
 * bytes as the device would send them, and can be unplugged (the open transport drops and opens
 * fail until `plug()`), or made to fail writes.
 *
 *   const line = new SimLine('sim:printer');
 *   line.onWrite((bytes) => line.inject(statusAnswer(bytes)));   // a simulated printer
 *   const link = new ReconnectingLink(() => line.createTransport());
 */
import { TillError, errorMessage } from '../../domain/errors';
import type { Unsubscribe } from '../types';
import { BaseTransport, Listeners } from './base';

export class SimLine {
  private current: SimTransport | null = null;
  private unplugged: Error | null = null;
  private openFailure: Error | null = null;
  private writeFailure: Error | null = null;
  private readonly chunks: Buffer[] = [];
  private readonly writeListeners = new Listeners<[Uint8Array]>();
  /** How many transports were opened on this line (reconnections + 1). */
  opens = 0;

  constructor(readonly name: string = 'sim') {}

  /** A new transport on this line (what a transport factory returns). */
  createTransport(): SimTransport {
    return new SimTransport(this);
  }

  /** Every byte written through any transport of this line, in order. */
  written(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** The writes, one chunk per `write` call. */
  writes(): Buffer[] {
    return [...this.chunks];
  }

  clearWritten(): void {
    this.chunks.length = 0;
  }

  /** Hears each write (a simulator answering the host). */
  onWrite(listener: (bytes: Uint8Array) => void): Unsubscribe {
    return this.writeListeners.add(listener);
  }

  /** Sends bytes to the host as the device would. False when no transport is open to hear them. */
  inject(bytes: Uint8Array | string): boolean {
    const transport = this.current;
    if (!transport?.isOpen) return false;
    transport.deliver(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    return true;
  }

  get isConnected(): boolean {
    return this.current?.isOpen ?? false;
  }

  /** The device is unplugged: the open transport drops with `error`; opens fail until `plug()`. */
  unplug(error: Error = new Error(`${this.name} was unplugged`)): void {
    this.unplugged = error;
    this.current?.drop(error);
  }

  plug(): void {
    this.unplugged = null;
  }

  /** Opens fail with `error` (while plugged in), or succeed again with null. */
  failOpens(error: Error | null): void {
    this.openFailure = error;
  }

  /** Writes fail with `error` (the line stays up), or succeed again with null. */
  failWrites(error: Error | null): void {
    this.writeFailure = error;
  }

  /** Drops the open transport, as a line that breaks. */
  drop(error: Error | null = new Error(`${this.name} dropped`)): void {
    this.current?.drop(error);
  }

  /** @internal */
  attach(transport: SimTransport): void {
    const failure = this.unplugged ?? this.openFailure;
    if (failure) throw failure;
    this.current = transport;
    this.opens++;
  }

  /** @internal */
  detach(transport: SimTransport): void {
    if (this.current === transport) this.current = null;
  }

  /** @internal */
  record(bytes: Uint8Array): void {
    if (this.writeFailure) throw this.writeFailure;
    this.chunks.push(Buffer.from(bytes));
    this.writeListeners.emit(bytes);
  }
}

export class SimTransport extends BaseTransport {
  readonly name: string;

  constructor(private readonly line: SimLine = new SimLine()) {
    super();
    this.name = line.name;
  }

  async open(): Promise<void> {
    this.beginOpen();
    // Open asynchronously, as a real device would.
    await Promise.resolve();
    if (this.state !== 'opening') throw this.closedWhileOpening();
    try {
      this.line.attach(this);
    } catch (error) {
      throw this.openFailed(error);
    }
    this.state = 'open';
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.notOpen());
    return this.guardedWrite(5000, async () => {
      try {
        this.line.record(bytes);
      } catch (error) {
        throw new TillError(
          'device.write_failed',
          `Could not write to ${this.name}: ${errorMessage(error)}`,
          { device: this.name },
        );
      }
    });
  }

  async close(): Promise<void> {
    if (!this.beginClose()) return;
    this.line.detach(this);
  }

  /** @internal The line's bytes for the host. */
  deliver(bytes: Uint8Array): void {
    this.emitData(bytes);
  }

  /** @internal The line broke. */
  drop(error: Error | null): void {
    this.dropped(error);
  }

  protected release(): void {
    this.line.detach(this);
  }
}
