/**
 * A device line that stays up by itself. `ReconnectingLink` opens a transport from a factory;
 * when opening fails or the line drops it waits (exponential backoff with jitter: 250 ms doubling
 * up to 10 s by default) and tries again with a new transport, until `close()`.
 *
 * It reports its state as status events (connecting, connected, offline with the reason in
 * words), forwards the data of whichever transport is open, and refuses writes while offline with
 * `device.offline` (callers queue and retry). Nothing it does throws into the caller's event loop:
 * a failing factory, open, close or listener is caught and becomes a status.
 */
import { TillError } from '../domain/errors';
import { Listeners, errorMessage, formatSeconds, settleWithin } from './transports/base';
import type { Transport, Unsubscribe, WriteOptions } from './types';

export { Listeners, setListenerErrorReporter } from './transports/base';

/** Timers, injectable so tests can run the clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface BackoffOptions {
  /** Delay before the first retry (default 250 ms). */
  initialDelayMs?: number;
  /** Longest delay between retries (default 10 000 ms). */
  maxDelayMs?: number;
  /** Growth of the delay per failed attempt (default 2). */
  factor?: number;
  /** Random spread of each delay, as a fraction of it: 0.2 means ±20 % (default 0.2). */
  jitter?: number;
  /** Random numbers in [0, 1) (default Math.random). */
  random?: () => number;
}

/** The delay before retry number `failures` (1 for the first retry). */
export function backoffDelay(failures: number, options: BackoffOptions = {}): number {
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  const factor = options.factor ?? 2;
  const jitter = Math.min(Math.max(options.jitter ?? 0.2, 0), 1);
  const random = options.random ?? Math.random;
  const base = Math.min(max, initial * factor ** Math.max(0, failures - 1));
  const spread = base * jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(max, base + spread)));
}

export interface LinkOptions extends BackoffOptions {
  /** For status before the first transport exists (default: the first transport's name). */
  name?: string;
  /** Give up on an open that hangs after this long (default 15 000 ms). */
  openTimeoutMs?: number;
  /** A connection that lasted this long starts the next retries from the initial delay (5000 ms). */
  stableAfterMs?: number;
  timers?: Timers;
  /** Milliseconds, monotonic (default performance.now). */
  now?: () => number;
}

export type LinkState = 'connecting' | 'connected' | 'offline' | 'closed';

export interface LinkStatus {
  readonly state: LinkState;
  /** What is happening, in words, for the cashier's screen and the logs. */
  readonly detail: string;
  /** The transport's name ("serial:/dev/ttyACM0"). */
  readonly name: string;
  /** Failed attempts since the line was last up (0 while connected). */
  readonly failures: number;
  /** When offline: the delay before the next attempt. */
  readonly retryInMs: number | null;
  /** When offline: why. */
  readonly error: Error | null;
}

export type TransportFactory = () => Transport | Promise<Transport>;

export class ReconnectingLink {
  private readonly options: LinkOptions;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly statusListeners = new Listeners<[LinkStatus]>();
  private readonly dataListeners = new Listeners<[Uint8Array]>();
  private current: LinkStatus;
  private transport: Transport | null = null;
  private unsubscribe: Unsubscribe[] = [];
  private started = false;
  private closed = false;
  /** Bumped by every attempt and by close(), so that late callbacks of older attempts are ignored. */
  private generation = 0;
  private failures = 0;
  private connectedAt = 0;
  private retryTimer: unknown = null;
  private attempt: Promise<void> = Promise.resolve();
  private name: string;

  constructor(
    private readonly factory: TransportFactory,
    options: LinkOptions = {},
  ) {
    this.options = options;
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? (() => performance.now());
    this.name = options.name ?? 'device';
    this.current = {
      state: 'offline',
      detail: `${this.name} is not started`,
      name: this.name,
      failures: 0,
      retryInMs: null,
      error: null,
    };
  }

  get status(): LinkStatus {
    return this.current;
  }

  get isConnected(): boolean {
    return this.current.state === 'connected';
  }

  onStatus(listener: (status: LinkStatus) => void): Unsubscribe {
    return this.statusListeners.add(listener);
  }

  onData(listener: (chunk: Uint8Array) => void): Unsubscribe {
    return this.dataListeners.add(listener);
  }

  /** Starts connecting (once; later calls do nothing). Never throws. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.connect();
  }

  /** Writes to the open line. Rejects with `device.offline` when there is none. */
  async write(bytes: Uint8Array, options?: WriteOptions): Promise<void> {
    const transport = this.transport;
    if (!transport || this.current.state !== 'connected') {
      throw new TillError(
        'device.offline',
        `${this.name} is ${this.closed ? 'closed' : 'offline'}: ${this.current.detail}`,
        { device: this.name, state: this.current.state },
      );
    }
    await transport.write(bytes, options);
  }

  /**
   * Resolves once connected (at once if connected now). Rejects with `device.timeout` after
   * `timeoutMs`, or `device.closed` if the link closes first.
   */
  whenConnected(timeoutMs = 10_000): Promise<void> {
    if (this.isConnected) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        unsubscribe();
        reject(
          new TillError(
            'device.timeout',
            `${this.name} did not connect within ${formatSeconds(timeoutMs)}: ${this.current.detail}`,
            { device: this.name, timeoutMs },
          ),
        );
      }, timeoutMs);
      const unsubscribe = this.onStatus((status) => {
        if (status.state === 'connected') {
          unsubscribe();
          this.timers.clearTimeout(timer);
          resolve();
        } else if (status.state === 'closed') {
          unsubscribe();
          this.timers.clearTimeout(timer);
          reject(new TillError('device.closed', `${this.name} was closed`, { device: this.name }));
        }
      });
    });
  }

  /** Stops retrying and closes the line. Resolves when the transport is closed; never rejects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.generation++;
    if (this.retryTimer !== null) {
      this.timers.clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    const transport = this.detach();
    this.setStatus('closed', `${this.name} is closed`, null, null);
    this.statusListeners.clear();
    this.dataListeners.clear();
    const pending = this.attempt;
    if (transport) await safeClose(transport);
    // An open still in flight closes its transport itself when it lands (see connect()).
    await settleWithin(pending, (this.options.openTimeoutMs ?? 15_000) + 2500);
  }

  private connect(): void {
    this.retryTimer = null;
    if (this.closed) return;
    const generation = ++this.generation;
    this.setStatus(
      'connecting',
      this.failures === 0
        ? `Connecting to ${this.name}`
        : `Connecting to ${this.name} (attempt ${this.failures + 1})`,
      null,
      null,
    );
    this.attempt = this.tryOpen(generation).catch(() => undefined);
  }

  private async tryOpen(generation: number): Promise<void> {
    let transport: Transport | null = null;
    const subscriptions: Unsubscribe[] = [];
    try {
      transport = await this.factory();
      this.name = this.options.name ?? transport.name;
      const opened = transport;
      subscriptions.push(
        opened.onData((chunk) => {
          if (this.transport === opened) this.dataListeners.emit(chunk);
        }),
        opened.onClose((error) => this.dropped(opened, error)),
      );
      await withTimeout(
        opened.open(),
        this.options.openTimeoutMs ?? 15_000,
        this.timers,
        () =>
          new Error(
            `opening took longer than ${formatSeconds(this.options.openTimeoutMs ?? 15_000)}`,
          ),
      );
    } catch (error) {
      for (const unsubscribe of subscriptions) unsubscribe();
      if (transport) void safeClose(transport);
      if (generation !== this.generation || this.closed) return;
      this.failures++;
      const reason = errorMessage(error);
      this.retryLater(
        reason.startsWith('Could not open') ? reason : `Could not open ${this.name}: ${reason}`,
        error,
      );
      return;
    }
    if (generation !== this.generation || this.closed) {
      for (const unsubscribe of subscriptions) unsubscribe();
      await safeClose(transport);
      return;
    }
    this.transport = transport;
    this.unsubscribe = subscriptions;
    this.connectedAt = this.now();
    // failures is kept: a line that drops right after opening keeps backing off (see dropped()).
    this.setStatus('connected', `${this.name} is connected`, null, null);
  }

  private dropped(transport: Transport, error: Error | null): void {
    if (this.transport !== transport || this.closed) return;
    this.detach();
    void safeClose(transport);
    const lasted = this.now() - this.connectedAt;
    // A line that keeps dropping right after opening backs off like one that fails to open.
    this.failures = lasted >= (this.options.stableAfterMs ?? 5000) ? 1 : this.failures + 1;
    const reason = error ? errorMessage(error) : 'the line closed';
    this.retryLater(
      reason.includes(this.name) ? reason : `${this.name} disconnected: ${reason}`,
      error,
    );
  }

  private retryLater(reason: string, error: unknown): void {
    const delay = backoffDelay(this.failures, this.options);
    this.setStatus(
      'offline',
      `${reason}; retrying in ${formatSeconds(delay)}`,
      delay,
      error instanceof Error ? error : error == null ? null : new Error(String(error)),
    );
    if (this.closed) return;
    this.retryTimer = this.timers.setTimeout(() => this.connect(), delay);
  }

  private detach(): Transport | null {
    const transport = this.transport;
    this.transport = null;
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.unsubscribe = [];
    return transport;
  }

  private setStatus(
    state: LinkState,
    detail: string,
    retryInMs: number | null,
    error: Error | null,
  ): void {
    this.current = {
      state,
      detail,
      name: this.name,
      failures: state === 'connected' ? 0 : this.failures,
      retryInMs,
      error,
    };
    this.statusListeners.emit(this.current);
  }
}

async function safeClose(transport: Transport): Promise<void> {
  try {
    await settleWithin(transport.close(), 2500);
  } catch {
    // close() threw synchronously: nothing more to do.
  }
}

function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  timers: Timers,
  error: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = timers.setTimeout(() => reject(error()), ms);
    promise.then(
      (value) => {
        timers.clearTimeout(timer);
        resolve(value);
      },
      (reason: unknown) => {
        timers.clearTimeout(timer);
        reject(reason);
      },
    );
  });
}
