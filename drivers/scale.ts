/**
 * Scales: the Mettler-Toledo 8217 protocol over a self-reconnecting line (a serial port in a
 * shop: `serial:/dev/ttyUSB1?protocol=toledo8217`), a simulator speaking the same protocol in
 * memory (`sim`), and `none`. `createScale(parseDeviceUri('scale', uri))` makes the right one.
 *
 * ## The Toledo 8217 protocol ("weight only", as Odoo's IoT box drives Toledo scales)
 *
 * Line: 9600 baud, 7 data bits, even parity, 1 stop bit (`TOLEDO_8217_LINE`). The till sends
 * one ASCII letter, with no terminator:
 * - `W` asks for the weight. A stable weight comes back as `STX weight CR`, the weight in kg with
 *   a decimal point and leading zeros (`\x02` `01.234` `\r` is 1.234 kg). Some firmwares add
 *   spaces, a unit (`KG`, `kg`; `g` for grams) or an `N` (net); pounds (`LB`, `OZ`) are refused.
 * - When there is no weight to give (in motion, over capacity, under zero, zero error), the scale
 *   answers with a status instead: `STX ? status CR`. The status byte is printable ASCII; its
 *   bits (bit 7 is the parity bit, bit 6 is always 1):
 *     0 in motion, 1 over capacity, 2 under zero, 3 outside the zero capture range,
 *     4 at the centre of zero, 5 net weight.
 * - (`Z` zero, `T` tare, `C` clear tare exist too; the till does not use them: the tare of a
 *   container is subtracted by the till, see domain/tare.ts.)
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
 * The till then calls `acceptWeight(reading, tareGrams)` (domain/tare.ts, re-exported here):
 * only a stable, positive net weight is sold. `waitForStableWeight` polls while the scale settles.
 */
import { TillError, isTillError, errorMessage } from '../domain/errors';
import type { Milli } from '../domain/money';
import { acceptWeight, type AcceptedWeight, type WeightReading } from '../domain/tare';
import { deviceStateOfLine, type DeviceLine } from './line';
import { ReconnectingLink, type LinkOptions, type TransportFactory } from './reconnect';
import { createTransport, type TransportDeps } from './transports';
import { Listeners } from './transports/base';
import { SimLine } from './transports/sim';
import type { DeviceState, DeviceStatus, Unsubscribe } from './types';
import { SCALE_PROTOCOLS, type ScaleConfig, type ScaleProtocol } from './uri';

export { acceptWeight, SCALE_PROTOCOLS };
export type { AcceptedWeight, ScaleProtocol, WeightReading };

/** Serial settings of the 8217 protocol (drivers/uri.ts applies them to `?protocol=toledo8217`). */
export const TOLEDO_8217_LINE = {
  baudRate: 9600,
  dataBits: 7,
  parity: 'even',
  stopBits: 1,
} as const;

export const STX = 0x02;
export const CR = 0x0d;
/** The weight request: one `W`, no terminator. */
export const WEIGHT_REQUEST: Uint8Array = Uint8Array.of(0x57);

export const DEFAULT_ANSWER_TIMEOUT_MS = 1000;

export interface ScaleStatusBits {
  motion: boolean;
  overCapacity: boolean;
  underZero: boolean;
  outsideZeroRange: boolean;
  centerOfZero: boolean;
  net: boolean;
}

/** One answer of the scale, decoded. */
export type Toledo8217Answer =
  { kind: 'weight'; grams: Milli } | ({ kind: 'status'; byte: number } & ScaleStatusBits);

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

// ---------------------------------------------------------------------------------------------
// Pure protocol code

function badAnswer(body: string, why: string): TillError {
  return new TillError(
    'scale.bad_answer',
    `The scale gave an answer the till cannot read: ${why}`,
    {
      answer: JSON.stringify(body),
    },
  );
}

const WEIGHT_BODY = /^ *(-?) *(\d*)(?:\.(\d*))? *([A-Za-z]{0,2}) *$/;
/** Digits the driver accepts in a weight (999999.999 kg is far above any shop scale). */
const MAX_DIGITS = 9;

/**
 * Decodes the body of one frame (what lies between STX and CR, parity bits already stripped).
 * Throws `scale.bad_answer` for garbage and `scale.unit` for a scale set to pounds.
 */
export function parseToledo8217Body(body: string): Toledo8217Answer {
  if (body.startsWith('?')) {
    if (body.length !== 2) throw badAnswer(body, 'a status answer has exactly one status byte');
    const byte = body.charCodeAt(1) & 0x7f;
    return {
      kind: 'status',
      byte,
      motion: (byte & 0x01) !== 0,
      overCapacity: (byte & 0x02) !== 0,
      underZero: (byte & 0x04) !== 0,
      outsideZeroRange: (byte & 0x08) !== 0,
      centerOfZero: (byte & 0x10) !== 0,
      net: (byte & 0x20) !== 0,
    };
  }
  const match = WEIGHT_BODY.exec(body);
  if (!match) throw badAnswer(body, 'not a weight');
  const [, sign = '', units = '', decimalsText = '', unitText = ''] = match;
  if (units.length + decimalsText.length === 0) throw badAnswer(body, 'no digits');
  const unit = unitText.toLowerCase();
  let decimals: number;
  if (unit === '' || unit === 'kg' || unit === 'n') decimals = 3;
  else if (unit === 'g') decimals = 0;
  else if (unit === 'lb' || unit === 'oz') {
    throw new TillError('scale.unit', 'The scale weighs in pounds: set it to kilograms', {
      answer: JSON.stringify(body),
    });
  } else throw badAnswer(body, `unknown unit ${JSON.stringify(unitText)}`);
  // Digits beyond the gram must be zeros: the till sells whole grams and never rounds a weight.
  const extra = decimalsText.slice(decimals);
  if (/[^0]/.test(extra)) throw badAnswer(body, 'a weight finer than a gram');
  const digits = (units + decimalsText.slice(0, decimals).padEnd(decimals, '0')).replace(
    /^0+(?=\d)/,
    '',
  );
  if (digits.length > MAX_DIGITS) throw badAnswer(body, 'a weight too large');
  const grams = Number(digits);
  return { kind: 'weight', grams: sign === '-' && grams !== 0 ? -grams : grams };
}

/**
 * Cuts a byte stream into frames (`STX body CR`). Bytes outside a frame are dropped; a frame that
 * grows beyond `maxFrame` bytes without its CR is dropped as garbage. Bit 7 (parity when the line
 * is read as 8 bits) is cleared.
 */
export class Toledo8217Framer {
  private buffer = '';
  private inFrame = false;

  constructor(private readonly maxFrame = 64) {}

  /** The frames completed by `chunk`: decoded answers, or the error of an unreadable one. */
  push(chunk: Uint8Array): (Toledo8217Answer | TillError)[] {
    const out: (Toledo8217Answer | TillError)[] = [];
    for (const raw of chunk) {
      const byte = raw & 0x7f;
      if (byte === STX) {
        this.inFrame = true;
        this.buffer = '';
      } else if (!this.inFrame) {
        continue;
      } else if (byte === CR) {
        this.inFrame = false;
        try {
          out.push(parseToledo8217Body(this.buffer));
        } catch (error) {
          out.push(isTillError(error) ? error : badAnswer(this.buffer, String(error)));
        }
        this.buffer = '';
      } else if (this.buffer.length >= this.maxFrame) {
        this.inFrame = false;
        out.push(badAnswer(this.buffer.slice(0, 20), 'a frame with no end'));
        this.buffer = '';
      } else {
        this.buffer += String.fromCharCode(byte);
      }
    }
    return out;
  }

  reset(): void {
    this.buffer = '';
    this.inFrame = false;
  }
}

/** What the till makes of an answer: a reading, or the TillError that explains why not. */
export function readingFromAnswer(answer: Toledo8217Answer): WeightReading {
  if (answer.kind === 'weight') return { grams: answer.grams, stable: true };
  const details = { status: `0x${answer.byte.toString(16)}` };
  if (answer.overCapacity)
    throw new TillError('scale.overload', 'The scale is overloaded: take some weight off', details);
  if (answer.underZero)
    throw new TillError('scale.negative', 'The scale reads below zero: zero the scale', details);
  if (answer.outsideZeroRange)
    throw new TillError(
      'scale.zero_error',
      'The scale cannot find its zero: empty it and zero it',
      details,
    );
  if (answer.motion)
    throw new TillError(
      'scale.unstable',
      'The weight is not stable yet: wait for the scale',
      details,
    );
  if (answer.centerOfZero) return { grams: 0, stable: true };
  throw new TillError('scale.bad_answer', 'The scale sent a status the till cannot read', details);
}

/**
 * The bytes a Toledo 8217 scale sends for `answer` (used by the simulator): a weight as kg with
 * three decimals and at least two integer digits, a status with bit 6 set.
 */
export function encodeToledo8217Answer(answer: Toledo8217Answer): Uint8Array {
  let body: string;
  if (answer.kind === 'weight') {
    const abs = Math.abs(answer.grams);
    const kg = String(Math.trunc(abs / 1000)).padStart(2, '0');
    body = `${answer.grams < 0 ? '-' : ''}${kg}.${String(abs % 1000).padStart(3, '0')}`;
  } else {
    const byte =
      0x40 |
      (answer.motion ? 0x01 : 0) |
      (answer.overCapacity ? 0x02 : 0) |
      (answer.underZero ? 0x04 : 0) |
      (answer.outsideZeroRange ? 0x08 : 0) |
      (answer.centerOfZero ? 0x10 : 0) |
      (answer.net ? 0x20 : 0);
    body = `?${String.fromCharCode(byte)}`;
  }
  return Uint8Array.from([STX, ...Buffer.from(body, 'latin1'), CR]);
}

export function statusAnswer(bits: Partial<ScaleStatusBits>): Toledo8217Answer {
  const answer = {
    kind: 'status' as const,
    byte: 0,
    motion: bits.motion ?? false,
    overCapacity: bits.overCapacity ?? false,
    underZero: bits.underZero ?? false,
    outsideZeroRange: bits.outsideZeroRange ?? false,
    centerOfZero: bits.centerOfZero ?? false,
    net: bits.net ?? false,
  };
  const encoded = encodeToledo8217Answer(answer);
  return { ...answer, byte: encoded[2] ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// Driver

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
  /** When the line last said something, or a request last timed out (performance.now()). */
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
      const timer = setTimeout(() => {
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
          clearTimeout(timer);
          this.pending = null;
          resolve(value);
        },
        fail: (error) => {
          clearTimeout(timer);
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
        this.lastHeardAt = performance.now();
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
    const limit = performance.now() + this.quietNeededMs + 3000;
    for (;;) {
      const wait = this.lastHeardAt + this.quietNeededMs - performance.now();
      if (wait <= 0) return;
      if (this.closed) throw this.offlineError('the scale was closed');
      if (performance.now() + wait > limit) {
        throw new TillError(
          'scale.noisy',
          'The scale keeps sending data nobody asked for: set it to answer on request (8217)',
          { device: this.name },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** Resolves when the line leaves "connecting", or after `timeoutMs`. */
  private lineSettled(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.lineWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
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
    this.lastHeardAt = performance.now();
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

// ---------------------------------------------------------------------------------------------
// Simulator, no scale, and the factory

/** What is on the simulated scale. */
export interface SimScaleState {
  /** The weight on the scale in grams; negative reads as "under zero". */
  grams: Milli;
  /** False while the weight settles: the scale answers "in motion". */
  stable: boolean;
  overload: boolean;
  /** The scale says nothing (switched off at its end of a live cable). */
  silent: boolean;
}

export interface SimScaleOptions extends Toledo8217Options {
  /** The simulated device's line (to unplug it in tests); a new one if omitted. */
  simLine?: SimLine;
  reconnect?: LinkOptions;
}

/**
 * A scale for demos and tests, with a settable weight: a simulated Toledo 8217 on a SimLine,
 * read by the real driver through a ReconnectingLink, so it answers exactly as a real one does
 * (`scale.unstable`, ...). `simLine.unplug()` / `plug()` take it away and bring it back.
 */
export class SimScale extends Toledo8217Scale {
  readonly simLine: SimLine;
  private state: SimScaleState = { grams: 0, stable: true, overload: false, silent: false };

  constructor(initial: Partial<SimScaleState> = {}, options: SimScaleOptions = {}) {
    const simLine = options.simLine ?? new SimLine('sim:scale');
    super(new ReconnectingLink(() => simLine.createTransport(), options.reconnect), {
      name: 'sim:scale',
      ...options,
    });
    this.simLine = simLine;
    this.set(initial);
    simLine.onWrite((bytes) => {
      if (this.state.silent || !bytes.includes(WEIGHT_REQUEST[0] ?? 0)) return;
      const frame = encodeToledo8217Answer(this.answer());
      // Answer on a later turn, as a real line would.
      setTimeout(() => simLine.inject(frame), 1);
    });
  }

  set(state: Partial<SimScaleState>): void {
    if (state.grams !== undefined && !Number.isSafeInteger(state.grams))
      throw new RangeError(`grams must be an integer, got ${state.grams}`);
    this.state = { ...this.state, ...state };
  }

  get(): SimScaleState {
    return { ...this.state };
  }

  private answer(): Toledo8217Answer {
    const { grams, stable, overload } = this.state;
    if (overload) return statusAnswer({ overCapacity: true });
    if (grams < 0) return statusAnswer({ underZero: true });
    if (!stable) return statusAnswer({ motion: true });
    return { kind: 'weight', grams };
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

export interface ScaleOptions extends Toledo8217Options {
  /** Backoff, timers and timeouts of the reconnecting line. */
  reconnect?: LinkOptions;
  /** What transports need (timeouts). */
  transport?: TransportDeps;
  /** Replaces the transport the configuration names (tests, benches). */
  createTransport?: TransportFactory;
  /** sim: the simulated scale's line. */
  simLine?: SimLine;
}

/** The scale a configuration (drivers/uri.ts, `parseDeviceUri('scale', ...)`) names. Not started. */
export function createScale(config: ScaleConfig, options: ScaleOptions = {}): Scale {
  const { reconnect, transport, createTransport: factory, simLine, ...driver } = options;
  switch (config.transport) {
    case 'none':
      return new NoScale();
    case 'sim':
      return new SimScale(
        {},
        { ...driver, ...(simLine ? { simLine } : {}), ...(reconnect ? { reconnect } : {}) },
      );
    case 'serial': {
      const protocol: ScaleProtocol = config.protocol;
      switch (protocol) {
        case 'toledo8217': {
          const link = new ReconnectingLink(
            factory ?? (() => createTransport(config, transport)),
            reconnect,
          );
          return new Toledo8217Scale(link, { name: config.uri, ...driver });
        }
        default:
          throw new TillError(
            'scale.unknown_protocol',
            `Unknown scale protocol ${JSON.stringify(protocol)} (known: ${SCALE_PROTOCOLS.join(', ')})`,
            { protocol },
          );
      }
    }
  }
}
