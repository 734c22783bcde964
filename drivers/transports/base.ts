/**
 * What every transport shares: listener lists that a throwing listener cannot break, and the
 * open → open → closed life cycle. A transport opens once; to reconnect, make a new one (see
 * ReconnectingLink).
 */
import { TillError } from '../../domain/errors';
import type { Transport, Unsubscribe } from '../types';

/** Where a listener's exception goes: it must not reach the device's I/O callbacks. */
let listenerErrorReporter: (error: unknown) => void = (error) => {
  console.error('A device event listener threw:', error);
};

/** Replaces the reporter of listener exceptions (tests, the main process's logger). */
export function setListenerErrorReporter(reporter: (error: unknown) => void): void {
  listenerErrorReporter = reporter;
}

/** A list of listeners. `emit` calls each; one that throws is reported and the others still run. */
export class Listeners<A extends unknown[]> {
  private listeners: ((...args: A) => void)[] = [];

  add(listener: (...args: A) => void): Unsubscribe {
    // Each subscription is its own entry, so that the same function added twice is removed once.
    const entry = (...args: A) => listener(...args);
    this.listeners = [...this.listeners, entry];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== entry);
    };
  }

  emit(...args: A): void {
    for (const listener of this.listeners) {
      try {
        listener(...args);
      } catch (error) {
        try {
          listenerErrorReporter(error);
        } catch {
          // Nothing more can be done.
        }
      }
    }
  }

  get size(): number {
    return this.listeners.length;
  }

  clear(): void {
    this.listeners = [];
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export type TransportState = 'idle' | 'opening' | 'open' | 'closed';

interface PendingWrite {
  reject(error: Error): void;
}

/**
 * The life cycle every transport follows: `open()` once from idle; `onClose` listeners hear once
 * when an open line drops, never after `close()`; writes on a line that is not open are refused
 * with `device.not_open`; writes still pending when the line drops or closes are rejected.
 */
export abstract class BaseTransport implements Transport {
  abstract readonly name: string;
  protected state: TransportState = 'idle';
  private readonly dataListeners = new Listeners<[Uint8Array]>();
  private readonly closeListeners = new Listeners<[Error | null]>();
  private readonly pendingWrites = new Set<PendingWrite>();

  abstract open(): Promise<void>;
  abstract write(bytes: Uint8Array): Promise<void>;
  abstract close(): Promise<void>;

  get isOpen(): boolean {
    return this.state === 'open';
  }

  onData(listener: (chunk: Uint8Array) => void): Unsubscribe {
    return this.dataListeners.add(listener);
  }

  onClose(listener: (error: Error | null) => void): Unsubscribe {
    return this.closeListeners.add(listener);
  }

  /** Moves idle → opening, or refuses a second open. */
  protected beginOpen(): void {
    if (this.state !== 'idle') {
      throw new TillError(
        'device.already_open',
        `${this.name} was opened already (a transport opens once; make a new one)`,
        { device: this.name },
      );
    }
    this.state = 'opening';
  }

  protected openFailed(error: unknown): TillError {
    if (this.state === 'opening') this.state = 'closed';
    if (error instanceof TillError) return error;
    return new TillError(
      'device.open_failed',
      `Could not open ${this.name}: ${errorMessage(error)}`,
      {
        device: this.name,
        cause: errorMessage(error),
      },
    );
  }

  protected closedWhileOpening(): TillError {
    return new TillError('device.closed', `${this.name} was closed while opening`, {
      device: this.name,
    });
  }

  protected notOpen(): TillError {
    const why = this.state === 'closed' ? 'it is closed' : 'it is not open yet';
    return new TillError('device.not_open', `Cannot write to ${this.name}: ${why}`, {
      device: this.name,
    });
  }

  protected emitData(chunk: Uint8Array): void {
    if (this.state === 'open' && chunk.length > 0) this.dataListeners.emit(chunk);
  }

  /**
   * The line dropped (the device vanished, the peer closed, a write failed for good): once, only
   * while open. Rejects pending writes and tells the onClose listeners.
   */
  protected dropped(error: Error | null): boolean {
    if (this.state !== 'open') return false;
    this.state = 'closed';
    this.rejectPendingWrites(
      new TillError(
        'device.disconnected',
        `${this.name} disconnected${error ? `: ${errorMessage(error)}` : ''}`,
        { device: this.name },
      ),
    );
    this.release();
    this.closeListeners.emit(error);
    this.dataListeners.clear();
    this.closeListeners.clear();
    return true;
  }

  /** Moves to closed for `close()`: returns false if it was closed already. */
  protected beginClose(): boolean {
    if (this.state === 'closed') return false;
    this.state = 'closed';
    this.rejectPendingWrites(
      new TillError('device.closed', `${this.name} was closed during the write`, {
        device: this.name,
      }),
    );
    this.dataListeners.clear();
    this.closeListeners.clear();
    return true;
  }

  /** Frees the underlying resource after a drop (no waiting; errors ignored). */
  protected abstract release(): void;

  /**
   * Runs a write with a deadline. A write that neither succeeds nor fails in time means the line
   * is stuck (flow control held, printer off-line): it is rejected and the line is dropped, so
   * that the link reconnects rather than queueing behind it.
   */
  protected guardedWrite(
    timeoutMs: number,
    run: () => Promise<void>,
    dropOnError = false,
  ): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.notOpen());
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const pending: PendingWrite = {
        reject: (error) => finish(error),
      };
      const finish = (error: Error | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pendingWrites.delete(pending);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => {
        const error = new TillError(
          'device.write_timeout',
          `${this.name} did not take the data within ${formatSeconds(timeoutMs)}`,
          { device: this.name, timeoutMs },
        );
        finish(error);
        this.dropped(error);
      }, timeoutMs);
      this.pendingWrites.add(pending);
      run().then(
        () => finish(null),
        (error: unknown) => {
          const failure =
            error instanceof TillError
              ? error
              : new TillError(
                  'device.write_failed',
                  `Could not write to ${this.name}: ${errorMessage(error)}`,
                  { device: this.name, cause: errorMessage(error) },
                );
          finish(failure);
          // After the caller hears why, the line goes down (its other writes are rejected).
          if (dropOnError) this.dropped(error instanceof Error ? error : failure);
        },
      );
    });
  }

  private rejectPendingWrites(error: Error): void {
    const pending = [...this.pendingWrites];
    this.pendingWrites.clear();
    for (const write of pending) write.reject(error);
  }
}

export function formatSeconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** Resolves when `promise` settles or after `ms`, whichever is first; never rejects. */
export function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
