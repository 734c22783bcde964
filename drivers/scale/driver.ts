/**
 * Scales: the Mettler-Toledo 8217 protocol over a self-reconnecting line (a serial port in a
 * shop: `serial:/dev/ttyUSB1?protocol=toledo8217`), a simulator speaking the same protocol in
 * memory (`sim`), and `none`. `createScale(parseDeviceUri('scale', uri))` makes the right one.
 * The protocol is in codec.ts, the simulator in simulator.ts, the factory in index.ts.
 *
 * What the driver makes of an answer (`readingFromAnswer`):
 * - a weight -> `{ grams, stable: true }` (the scale only sends stable weights); the decimal
 *   digits are read as a string, never through a float: `01.234` -> 1234, `1.5` -> 1500;
 * - status over capacity -> TillError `scale.overload`; under zero -> `scale.negative`; outside
 *   the zero range -> `scale.zero_error`; in motion -> `scale.unstable`; only "centre of zero"
 *   -> `{ grams: 0, stable: true }`; anything else -> `scale.bad_answer`.
 * `readWeight` also rejects with `scale.no_answer` (silence until the timeout), `scale.offline`
 * (the line is closed or gone) and `scale.bad_answer` (garbage, a weight finer than a gram).
 * Only one request is on the line at a time: concurrent calls queue. The protocol numbers nothing,
 * so a request is sent only once the line has been quiet (150 ms; after a timeout, as long as the
 * timeout): a late or repeated answer is drained unread and never sold as the next product's
 * weight; a scale that never goes quiet is refused with `scale.noisy`. The status follows the line
 * (connecting, connected, offline with the reason in words), and a scale that stops answering
 * shows as offline until it answers again.
 *
 * The till then calls `acceptWeight(reading, tareGrams)` (domain/tare.ts): only a stable,
 * positive net weight is sold. `waitForStableWeight` polls while the scale settles.
 */
import { TillError, isTillError, errorMessage } from '../../domain/errors';
import type { WeightReading } from '../../domain/tare';
import { deviceStateOfLine, type DeviceLine } from '../line';
import { realTimers, type Timers } from '../reconnect';
import { Listeners } from '../transports/base';
import type { DeviceState, DeviceStatus, Unsubscribe } from '../types';
import {
  Toledo8217Framer,
  WEIGHT_REQUEST,
  readingFromAnswer,
  type Toledo8217Answer,
} from './codec';

export const DEFAULT_ANSWER_TIMEOUT_MS = 1000;

/** How long the line must stay silent once the quiet window has passed by the clock (below). */
const QUIET_CONFIRM_MS = 20;

/** A scale the till can ask for a weight. */
export interface Scale {
  readonly name: string;
  /** Starts the line (which reconnects by itself, with backoff). Never throws. */
  start(): void;
  /** Stops and closes the line. Never rejects. */
  close(): Promise<void>;
  /**
   * The current weight, or a TillError (`scale.unstable`, `scale.negative`, `scale.overload`,
   * `scale.zero_error`, `scale.no_answer`, `scale.offline`, `scale.bad_answer`, `scale.unit`,
   * `scale.disabled`). While the line is still connecting, waits for it within the timeout.
   */
  readWeight(options?: { timeoutMs?: number }): Promise<WeightReading>;
  status(): DeviceStatus;
  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe;
}

/** The line a scale talks over, kept up by itself. */
export type ScaleLine = DeviceLine;

export interface Toledo8217Options {
  /** How long `readWeight` waits for an answer when the caller gives no timeout (1000 ms). */
  answerTimeoutMs?: number;
  /**
   * How long the line must have been quiet before a request (150 ms unless told): a second copy
   * of the last answer must not be taken for the next one's. After a request that timed out, the
   * line must be quiet for that request's whole timeout instead, so that its late answer is
   * drained and dropped.
   */
  quietBeforeRequestMs?: number;
  /** For errors and logs ('scale' unless told). */
  name?: string;
  /**
   * The driver's clock: its timers and what time it is (real ones unless told). A test runs them
   * by hand to show the driver a line that talks every 50 ms of its clock, however slow the
   * machine.
   */
  timers?: Timers;
  now?: () => number;
}

interface PendingRequest {
  settle(answer: Toledo8217Answer | TillError): void;
  fail(error: TillError): void;
}

/** A Mettler-Toledo scale speaking the 8217 protocol over a self-reconnecting line. */
export class Toledo8217Scale implements Scale {
  readonly name: string;
  private readonly framer = new Toledo8217Framer();
  private readonly statusListeners = new Listeners<[DeviceStatus]>();
  private readonly answerTimeoutMs: number;
  private current: DeviceStatus;
  private subscriptions: Unsubscribe[] = [];
  private pending: PendingRequest | null = null;
  private lineWaiters = new Set<() => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private started = false;
  private closed = false;
  private readonly quietBeforeRequestMs: number;
  private readonly timers: Timers;
  private readonly now: () => number;
  /** When the line last said something, or a request last timed out (by `now`). */
  private lastHeardAt = Number.NEGATIVE_INFINITY;
  /** How long the line must be quiet before the next request. */
  private quietNeededMs: number;

  constructor(
    private readonly line: ScaleLine,
    options: Toledo8217Options = {},
  ) {
    this.name = options.name ?? 'scale';
    this.answerTimeoutMs = options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;
    this.quietBeforeRequestMs = options.quietBeforeRequestMs ?? 150;
    this.quietNeededMs = this.quietBeforeRequestMs;
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? (() => performance.now());
    this.current = { device: 'scale', state: 'offline', detail: 'The scale is not started' };
  }

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.subscriptions = [
      this.line.onData((chunk) => this.onData(chunk)),
      this.line.onStatus((status) => this.followLine(status)),
    ];
    this.line.start();
    this.followLine(this.line.status);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
    this.pending?.fail(this.offlineError('the scale was closed'));
    this.wakeLineWaiters();
    try {
      await this.line.close();
    } catch {
      // Closing never fails the caller.
    }
    this.setStatus('offline', 'The scale is closed');
  }

  status(): DeviceStatus {
    return this.current;
  }

  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe {
    return this.statusListeners.add(listener);
  }

  readWeight(options: { timeoutMs?: number } = {}): Promise<WeightReading> {
    const timeoutMs = options.timeoutMs ?? this.answerTimeoutMs;
    const run = this.queue.then(() => this.request(timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async request(timeoutMs: number): Promise<WeightReading> {
    if (this.closed || !this.started) {
      throw this.offlineError(this.closed ? 'the scale was closed' : 'the scale is not started');
    }
    if (this.line.status.state === 'connecting') await this.lineSettled(timeoutMs);
    if (this.line.status.state !== 'connected' || this.closed) {
      throw this.offlineError(this.line.status.detail);
    }
    // The 8217 protocol numbers nothing: an answer is only known to be this request's if the
    // line was quiet before it was asked. A late or repeated answer is drained here, unread.
    await this.lineQuiet();
    if (this.line.status.state !== 'connected' || this.closed) {
      throw this.offlineError(this.line.status.detail);
    }
    this.framer.reset();
    const answer = new Promise<Toledo8217Answer | TillError>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.pending = null;
        reject(
          new TillError('scale.no_answer', `The scale did not answer within ${timeoutMs} ms`, {
            device: this.name,
            timeoutMs,
          }),
        );
      }, timeoutMs);
      this.pending = {
        settle: (value) => {
          this.timers.clearTimeout(timer);
          this.pending = null;
          resolve(value);
        },
        fail: (error) => {
          this.timers.clearTimeout(timer);
          this.pending = null;
          reject(error);
        },
      };
    });
    // The timeout may fire while the write is still pending: the rejection is handled below.
    answer.catch(() => undefined);
    try {
      await this.line.write(WEIGHT_REQUEST);
    } catch (error) {
      this.pending?.fail(this.offlineError(errorMessage(error)));
    }
    let result: Toledo8217Answer | TillError;
    try {
      result = await answer;
    } catch (error) {
      if (isTillError(error) && error.code === 'scale.no_answer') {
        this.setStatus('offline', `The scale does not answer on ${this.name}`);
        // Its answer may still come: the next request waits until it would have.
        this.lastHeardAt = this.now();
        this.quietNeededMs = Math.max(timeoutMs, this.quietBeforeRequestMs);
      }
      throw error;
    }
    this.quietNeededMs = this.quietBeforeRequestMs;
    // Any frame, even a status or an unreadable one, proves the scale is there.
    this.setStatus('connected', 'The scale answers (Toledo 8217)');
    if (result instanceof TillError) throw result;
    return readingFromAnswer(result);
  }

  /**
   * Resolves once nothing has come for `quietNeededMs`. A scale that keeps talking unasked (set
   * to continuous output) is refused after a few seconds, in words.
   */
  private async lineQuiet(): Promise<void> {
    const limit = this.now() + this.quietNeededMs + 3000;
    for (;;) {
      const wait = this.lastHeardAt + this.quietNeededMs - this.now();
      if (wait <= 0) {
        // The clock alone cannot tell a quiet line from a till that was not running: after a
        // pause of the process (a busy machine, a long garbage collection) the scale's bytes can
        // wait unread in the port while the window has passed. One more short wait gives the
        // port the time to hand them over, and the line is quiet only if nothing came during
        // it. This narrows the risk; on a machine too busy to read the port within it, it stays.
        const heardAt = this.lastHeardAt;
        await new Promise<void>((resolve) => this.timers.setTimeout(resolve, QUIET_CONFIRM_MS));
        if (this.lastHeardAt === heardAt) return;
        continue;
      }
      if (this.closed) throw this.offlineError('the scale was closed');
      if (this.now() + wait > limit) {
        throw new TillError(
          'scale.noisy',
          'The scale keeps sending data nobody asked for: set it to answer on request (8217)',
          { device: this.name },
        );
      }
      await new Promise<void>((resolve) => this.timers.setTimeout(resolve, wait));
    }
  }

  /** Resolves when the line leaves "connecting", or after `timeoutMs`. */
  private lineSettled(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.timers.clearTimeout(timer);
        this.lineWaiters.delete(done);
        resolve();
      };
      const timer = this.timers.setTimeout(done, timeoutMs);
      this.lineWaiters.add(done);
    });
  }

  private wakeLineWaiters(): void {
    for (const wake of [...this.lineWaiters]) wake();
  }

  private followLine(status: { state: string; detail: string }): void {
    if (this.closed) return;
    const state = deviceStateOfLine(status.state);
    if (state !== 'connected') this.pending?.fail(this.offlineError(status.detail));
    else this.framer.reset();
    if (state !== 'connecting') this.wakeLineWaiters();
    this.setStatus(state, status.detail);
  }

  private onData(chunk: Uint8Array): void {
    this.lastHeardAt = this.now();
    for (const frame of this.framer.push(chunk)) {
      // Frames nobody asked for (a scale in continuous mode, a late answer) are dropped.
      this.pending?.settle(frame);
    }
  }

  private offlineError(why: string): TillError {
    return new TillError('scale.offline', `The scale is not connected: ${why}`, {
      device: this.name,
    });
  }

  private setStatus(state: DeviceState, detail: string): void {
    if (state === this.current.state && detail === this.current.detail) return;
    this.current = { device: 'scale', state, detail };
    this.statusListeners.emit(this.current);
  }
}

/**
 * Asks `scale` until it gives a stable weight: retries while it answers `scale.unstable` (the
 * product was just put down), every `pollMs`, until `timeoutMs` has passed; then rejects with
 * the last `scale.unstable`. Any other refusal is returned at once. Each request may take up to
 * `answerTimeoutMs` (1000 ms), even past `timeoutMs`.
 */
export async function waitForStableWeight(
  scale: Scale,
  options: { timeoutMs: number; pollMs?: number; answerTimeoutMs?: number },
): Promise<WeightReading> {
  const pollMs = options.pollMs ?? 200;
  const answerTimeoutMs = options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    let unstable: TillError;
    try {
      const reading = await scale.readWeight({ timeoutMs: answerTimeoutMs });
      if (reading.stable) return reading;
      unstable = new TillError(
        'scale.unstable',
        'The weight is not stable yet: wait for the scale',
        {
          grams: reading.grams,
        },
      );
    } catch (error) {
      if (!isTillError(error) || error.code !== 'scale.unstable') throw error;
      unstable = error;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw unstable;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, left)));
  }
}

/** No scale configured: status `disabled`, and every read says so. */
export class NoScale implements Scale {
  readonly name = 'none';

  start(): void {}

  async close(): Promise<void> {}

  async readWeight(): Promise<WeightReading> {
    throw new TillError('scale.disabled', 'No scale is configured on this till');
  }

  status(): DeviceStatus {
    return { device: 'scale', state: 'disabled', detail: 'No scale is configured' };
  }

  onStatus(): Unsubscribe {
    return () => undefined;
  }
}
