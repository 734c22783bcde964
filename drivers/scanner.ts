/**
 * Barcode scanners. A `Scanner` reads codes from its line and emits them as `scan` events, with
 * `status` events for its state (connecting, connected, offline, disabled) and for noise it drops.
 * It emits raw codes: reading them with the nomenclature (check digits, rules) is the till's job.
 *
 * - serial: one code per line, ended by the configured suffix (CR, LF or CRLF); with suffix
 *   `none`, a code ends when the line has been quiet for `gapMs` (50 ms). CR and LF around a code
 *   are tolerated whatever the suffix (a scanner sending CRLF to a till set up for CR still works).
 * - hid: HID POS barcode scanner reports (usage page 0x8C), see `decodeHidPosReport`.
 * - sim: a simulated scanner (`simulateScan`), going through the same line decoding as serial.
 * - keyboard: a keyboard-wedge scanner, read by the renderer (domain/keyboard-wedge); the main
 *   process only relays what the renderer found, with `injectScan`.
 * - none: no scanner; status `disabled`.
 *
 * Noise never crashes anything and never becomes a scan: empty lines, control characters or
 * non-ASCII bytes, codes longer than 64 characters, endless lines (the buffer is bounded: the
 * excess is dropped up to the next terminator or pause), partial codes (a code whose terminator
 * does not come within `partialTimeoutMs` of the last byte, or cut by a disconnect). A stray byte
 * (a NUL, 0xFF, a BOM) followed by a pause is thus dropped alone and never glued to the next
 * scan. Each is dropped with a
 * `noise` event and a status message.
 */
import { TillError } from '../domain/errors';
import { MAX_BARCODE_LENGTH, looksLikeBarcode } from '../domain/keyboard-wedge';
import {
  ReconnectingLink,
  realTimers,
  type LinkOptions,
  type LinkStatus,
  type Timers,
  type TransportFactory,
} from './reconnect';
import { createTransport, type TransportDeps } from './transports';
import { Listeners, formatSeconds } from './transports/base';
import { SimLine } from './transports/sim';
import type { DeviceState, DeviceStatus, Unsubscribe } from './types';
import { transportName, type ScannerConfig, type ScannerSuffix } from './uri';

export { MAX_BARCODE_LENGTH, looksLikeBarcode } from '../domain/keyboard-wedge';

export type NoiseReason = 'empty' | 'garbage' | 'too_long' | 'partial' | 'bad_report';

export interface ScanNoise {
  readonly reason: NoiseReason;
  /** In words, for the status line and the logs. */
  readonly detail: string;
  /** How many bytes were dropped. */
  readonly byteCount: number;
}

export type ScanSource = 'serial' | 'hid' | 'sim' | 'keyboard';

export interface ScanDetails {
  readonly source: ScanSource;
  /** The AIM symbology identifier ("]E0" for EAN-13) when the scanner sends one (HID POS). */
  readonly aim: string | null;
}

export interface DecoderOptions {
  /** Suffix `none`: a code ends after this long without a byte (default 50 ms). */
  gapMs?: number;
  /**
   * A pause longer than this after a byte ends what came before: with no terminator, it is
   * dropped as partial, and the next byte starts a new code. On a serial line 100 ms unless told
   * (a scanner sends one code's characters back to back, so a stray byte before a scan must not
   * glue to it); between HID reports of one long code, 1000 ms.
   */
  partialTimeoutMs?: number;
  /** Bytes kept while waiting for a terminator; more is dropped as noise (default 1024). */
  maxLineBytes?: number;
  timers?: Timers;
}

export interface DecoderSink {
  scan(code: string, aim: string | null): void;
  noise(noise: ScanNoise): void;
}

const CR = 0x0d;
const LF = 0x0a;

/** The longest pause between two characters of one code on a serial line. */
export const SERIAL_CHARACTER_GAP_MS = 100;

function resolveDecoderOptions(
  options: DecoderOptions,
  defaultPartialTimeoutMs: number,
): Required<DecoderOptions> {
  return {
    gapMs: options.gapMs ?? 50,
    partialTimeoutMs: options.partialTimeoutMs ?? defaultPartialTimeoutMs,
    maxLineBytes: Math.max(options.maxLineBytes ?? 1024, MAX_BARCODE_LENGTH + 2),
    timers: options.timers ?? realTimers,
  };
}

/** Bytes as readable text for logs: printable ASCII as is, the rest as \xNN, cut at `max`. */
export function describeBytes(bytes: Uint8Array, max = 24): string {
  let text = '';
  for (const byte of bytes.subarray(0, max)) {
    text +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x5c
        ? String.fromCharCode(byte)
        : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return bytes.length > max ? `${text}…` : text;
}

function trimLineEnds(bytes: Uint8Array): Uint8Array {
  let start = 0;
  let end = bytes.length;
  while (start < end && (bytes[start] === CR || bytes[start] === LF)) start++;
  while (end > start && (bytes[end - 1] === CR || bytes[end - 1] === LF)) end--;
  return bytes.subarray(start, end);
}

/** Judges one complete code: a scan, or noise. */
function judge(bytes: Uint8Array, aim: string | null, sink: DecoderSink): void {
  const code = trimLineEnds(bytes);
  if (code.length === 0) {
    sink.noise({ reason: 'empty', detail: 'Dropped an empty scan', byteCount: bytes.length });
    return;
  }
  const text = Buffer.from(code).toString('latin1');
  if (code.length > MAX_BARCODE_LENGTH) {
    sink.noise({
      reason: 'too_long',
      detail: `Dropped a scan of ${code.length} characters (a barcode has at most ${MAX_BARCODE_LENGTH})`,
      byteCount: bytes.length,
    });
  } else if (!looksLikeBarcode(text)) {
    sink.noise({
      reason: 'garbage',
      detail: `Dropped unreadable scanner data (control characters or non-ASCII bytes): "${describeBytes(code)}"`,
      byteCount: bytes.length,
    });
  } else {
    sink.scan(text, aim);
  }
}

/**
 * Cuts a serial scanner's byte stream into codes: at the suffix (CR; LF for LF and CRLF, the CR
 * before it being trimmed), or after a pause for suffix `none`.
 */
export class LineDecoder {
  private readonly options: Required<DecoderOptions>;
  private readonly buffer: Uint8Array;
  private length = 0;
  /** Bytes dropped since the buffer overflowed (0: not overflowing). */
  private overflow = 0;
  private timer: unknown = null;

  constructor(
    readonly suffix: ScannerSuffix,
    private readonly sink: DecoderSink,
    options: DecoderOptions = {},
  ) {
    this.options = resolveDecoderOptions(options, SERIAL_CHARACTER_GAP_MS);
    this.buffer = new Uint8Array(this.options.maxLineBytes);
  }

  private get terminator(): number | null {
    switch (this.suffix) {
      case 'CR':
        return CR;
      case 'LF':
      case 'CRLF':
        return LF;
      case 'none':
        return null;
    }
  }

  push(chunk: Uint8Array): void {
    const terminator = this.terminator;
    for (const byte of chunk) {
      if (byte === terminator) this.endLine();
      else this.append(byte);
    }
    this.arm();
  }

  /** Forgets a code in progress (the line dropped), reporting it as partial. */
  reset(why = 'the scanner disconnected'): void {
    this.clearTimer();
    if (this.overflow > 0) {
      this.dropOverflow(`before ${why}`);
    } else if (trimLineEnds(this.buffer.subarray(0, this.length)).length > 0) {
      this.sink.noise({
        reason: 'partial',
        detail: `Dropped an incomplete scan cut off when ${why}: "${describeBytes(this.buffer.subarray(0, this.length))}"`,
        byteCount: this.length,
      });
    }
    this.length = 0;
  }

  dispose(): void {
    this.clearTimer();
    this.length = 0;
    this.overflow = 0;
  }

  private append(byte: number): void {
    if (this.overflow > 0) {
      this.overflow++;
    } else if (this.length >= this.buffer.length) {
      this.overflow = this.length + 1;
      this.length = 0;
    } else {
      this.buffer[this.length++] = byte;
    }
  }

  private endLine(): void {
    if (this.overflow > 0) {
      this.dropOverflow(`before the ${this.suffix} that ended it`);
      return;
    }
    const line = this.buffer.slice(0, this.length);
    this.length = 0;
    judge(line, null, this.sink);
  }

  private dropOverflow(when: string): void {
    const count = this.overflow;
    this.overflow = 0;
    this.length = 0;
    this.sink.noise({
      reason: 'too_long',
      detail: `Dropped ${count} bytes of scanner data ${when} (more than ${this.buffer.length} bytes without a code ending)`,
      byteCount: count,
    });
  }

  private arm(): void {
    this.clearTimer();
    if (this.length === 0 && this.overflow === 0) return;
    const { timers, gapMs, partialTimeoutMs } = this.options;
    if (this.suffix === 'none') {
      this.timer = timers.setTimeout(() => this.endOfBurst(), gapMs);
    } else {
      this.timer = timers.setTimeout(() => this.stale(), partialTimeoutMs);
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) this.options.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Suffix none: the line went quiet, the code is complete. */
  private endOfBurst(): void {
    this.timer = null;
    if (this.overflow > 0) {
      this.dropOverflow('before a pause');
      return;
    }
    const line = this.buffer.slice(0, this.length);
    this.length = 0;
    // A stray CR or LF alone is not worth a message.
    if (trimLineEnds(line).length > 0) judge(line, null, this.sink);
  }

  /** A code whose terminator never came. */
  private stale(): void {
    this.timer = null;
    if (this.overflow > 0) {
      this.dropOverflow(
        `with no ${this.suffix} for ${formatSeconds(this.options.partialTimeoutMs)}`,
      );
      return;
    }
    const line = this.buffer.subarray(0, this.length);
    if (trimLineEnds(line).length > 0) {
      this.sink.noise({
        reason: 'partial',
        detail: `Dropped an incomplete scan (no ${this.suffix} after ${formatSeconds(this.options.partialTimeoutMs)}): "${describeBytes(line)}"`,
        byteCount: this.length,
      });
    }
    this.length = 0;
  }
}

// ---------------------------------------------------------------------------------------------
// HID POS

/** The report ID of scanned data in the common HID POS layout. */
export const HID_POS_SCAN_REPORT_ID = 0x02;

export interface HidPosReport {
  /** AIM symbology identifier ("]E0"), null in the layout without one. */
  readonly aim: string | null;
  /** This report's part of the code. */
  readonly data: Uint8Array;
  /** More of the code follows in the next report(s). */
  readonly more: boolean;
  /** The vendor's own symbology id (byte 61), null when the report is shorter. */
  readonly vendorSymbology: number | null;
}

/**
 * Reads one HID POS barcode scanner input report (usage page 0x8C), as node-hid gives it with
 * its report ID first. The common layout (Honeywell "HID POS", Access-IS, Datalogic, Zebra in
 * HID POS mode), 64 bytes:
 *
 *   byte 0       report ID 0x02 (scanned data)
 *   byte 1       N, the number of code bytes in this report (0..56)
 *   bytes 2-4    AIM symbology identifier: "]" and two characters ("]E0" EAN-13, "]C1" GS1-128)
 *   bytes 5-60   the code, N bytes used, the rest padded with 0x00
 *   byte 61      the vendor's symbology id (Honeywell's Code ID)
 *   byte 62      reserved
 *   byte 63      bit 0 set: the code continues in the next report (codes over 56 bytes)
 *
 * Some scanners send no AIM identifier (byte 2 is not "]"): the code then starts at byte 2 and
 * fills at most the rest of the report, in one report. Returns null for a report with another
 * report ID (attributes, status: not scans), an error text for a scan report that cannot be read.
 */
export function decodeHidPosReport(
  report: Uint8Array,
  reportId: number = HID_POS_SCAN_REPORT_ID,
): HidPosReport | { readonly error: string } | null {
  if (report.length === 0) return { error: 'an empty report' };
  if (report[0] !== reportId) return null;
  if (report.length < 2) return { error: 'a report of 1 byte, with no length' };
  const length = report[1] ?? 0;
  const hasAim = report.length >= 5 && report[2] === 0x5d;
  const start = hasAim ? 5 : 2;
  const capacity = hasAim && report.length >= 61 ? 56 : report.length - start;
  if (length > capacity) {
    return {
      error: `a report claiming ${length} bytes of code where it has room for ${capacity}`,
    };
  }
  return {
    aim: hasAim ? Buffer.from(report.subarray(2, 5)).toString('latin1') : null,
    data: report.subarray(start, start + length),
    more: hasAim && report.length >= 64 && ((report[63] ?? 0) & 1) === 1,
    vendorSymbology: hasAim && report.length >= 62 ? (report[61] ?? null) : null,
  };
}

/** Puts HID POS reports together into codes (one report, or several for long codes). */
export class HidPosDecoder {
  private readonly options: Required<DecoderOptions>;
  private parts: Uint8Array[] = [];
  private length = 0;
  private overflow = 0;
  private aim: string | null = null;
  private timer: unknown = null;

  private readonly reportId: number;

  constructor(
    private readonly sink: DecoderSink,
    options: DecoderOptions & { reportId?: number } = {},
  ) {
    this.options = resolveDecoderOptions(options, 1000);
    this.reportId = options.reportId ?? HID_POS_SCAN_REPORT_ID;
  }

  push(report: Uint8Array): void {
    const decoded = decodeHidPosReport(report, this.reportId);
    if (decoded === null) return;
    if ('error' in decoded) {
      this.reset('a bad report came');
      this.sink.noise({
        reason: 'bad_report',
        detail: `Dropped a scanner report that cannot be read: ${decoded.error} ("${describeBytes(report, 16)}")`,
        byteCount: report.length,
      });
      return;
    }
    this.aim ??= decoded.aim;
    if (this.overflow > 0 || this.length + decoded.data.length > this.options.maxLineBytes) {
      this.overflow += decoded.data.length + (this.overflow === 0 ? this.length : 0);
      this.parts = [];
      this.length = 0;
    } else {
      this.parts.push(Uint8Array.from(decoded.data));
      this.length += decoded.data.length;
    }
    this.clearTimer();
    if (decoded.more) {
      this.timer = this.options.timers.setTimeout(() => {
        this.timer = null;
        this.reset(`the rest did not come within ${formatSeconds(this.options.partialTimeoutMs)}`);
      }, this.options.partialTimeoutMs);
      return;
    }
    const aim = this.aim;
    const overflow = this.overflow;
    const code = Buffer.concat(this.parts);
    this.clear();
    if (overflow > 0) {
      this.sink.noise({
        reason: 'too_long',
        detail: `Dropped a scan of ${overflow} bytes (more than ${this.options.maxLineBytes})`,
        byteCount: overflow,
      });
      return;
    }
    judge(code, aim, this.sink);
  }

  /** Forgets a code in progress, reporting it as partial. */
  reset(why = 'the scanner disconnected'): void {
    const count = this.length + this.overflow;
    this.clear();
    if (count > 0) {
      this.sink.noise({
        reason: 'partial',
        detail: `Dropped an incomplete scan of ${count} bytes: ${why}`,
        byteCount: count,
      });
    }
  }

  dispose(): void {
    this.clear();
  }

  private clear(): void {
    this.clearTimer();
    this.parts = [];
    this.length = 0;
    this.overflow = 0;
    this.aim = null;
  }

  private clearTimer(): void {
    if (this.timer !== null) this.options.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}

// ---------------------------------------------------------------------------------------------
// The scanner

export interface ScannerOptions extends DecoderOptions {
  /** Backoff, timers and timeouts of the reconnecting line. */
  reconnect?: LinkOptions;
  /** What transports need: `simLine`, `openHidDevice`, timeouts. */
  transport?: TransportDeps;
  /** Replaces the transport the configuration names (tests, benches). */
  createTransport?: TransportFactory;
  /** HID: the report ID of scanned data (default 0x02). */
  hidReportId?: number;
}

const SOURCES = {
  serial: 'serial',
  hid: 'hid',
  sim: 'sim',
  keyboard: 'keyboard',
  none: 'keyboard',
} as const satisfies Record<ScannerConfig['transport'], ScanSource>;

const LINK_STATES: Record<LinkStatus['state'], DeviceState> = {
  connecting: 'connecting',
  connected: 'connected',
  offline: 'offline',
  closed: 'offline',
};

export class Scanner {
  /** The simulated scanner's line (sim only). */
  readonly simLine: SimLine | null;
  private readonly link: ReconnectingLink | null;
  private readonly decoder: LineDecoder | HidPosDecoder | null;
  private readonly scanListeners = new Listeners<[string, ScanDetails]>();
  private readonly statusListeners = new Listeners<[DeviceStatus]>();
  private readonly noiseListeners = new Listeners<[ScanNoise]>();
  private readonly timers: Timers;
  private current: DeviceStatus;
  private closed = false;

  constructor(
    readonly config: ScannerConfig,
    options: ScannerOptions = {},
  ) {
    this.timers = options.timers ?? realTimers;
    const sink: DecoderSink = {
      scan: (code, aim) => this.emitScan(code, { source: SOURCES[config.transport], aim }),
      noise: (noise) => this.emitNoise(noise),
    };
    const decoderOptions: DecoderOptions = {
      ...(options.gapMs === undefined ? {} : { gapMs: options.gapMs }),
      ...(options.partialTimeoutMs === undefined
        ? {}
        : { partialTimeoutMs: options.partialTimeoutMs }),
      ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
      timers: this.timers,
    };

    switch (config.transport) {
      case 'serial':
        this.decoder = new LineDecoder(config.suffix, sink, decoderOptions);
        break;
      case 'sim':
        this.decoder = new LineDecoder('CR', sink, decoderOptions);
        break;
      case 'hid':
        this.decoder = new HidPosDecoder(sink, {
          ...decoderOptions,
          ...(options.hidReportId === undefined ? {} : { reportId: options.hidReportId }),
        });
        break;
      default:
        this.decoder = null;
    }

    this.simLine =
      config.transport === 'sim'
        ? (options.transport?.simLine ?? new SimLine('sim:scanner'))
        : null;

    if (config.transport === 'keyboard' || config.transport === 'none') {
      this.link = null;
      this.current =
        config.transport === 'none'
          ? { device: 'scanner', state: 'disabled', detail: 'No scanner is configured' }
          : {
              device: 'scanner',
              state: 'connected',
              detail: 'Keyboard-wedge scanner: the till screen reads its scans',
            };
      return;
    }

    const deps: TransportDeps = {
      ...options.transport,
      ...(this.simLine ? { simLine: this.simLine } : {}),
    };
    const transportConfig = config;
    const factory: TransportFactory =
      options.createTransport ?? (() => createTransport(transportConfig, deps));
    this.link = new ReconnectingLink(factory, {
      name: transportName(transportConfig),
      ...options.reconnect,
      timers: options.reconnect?.timers ?? this.timers,
    });
    this.current = { device: 'scanner', state: 'offline', detail: 'The scanner is not started' };
    this.link.onStatus((status) => this.linkStatus(status));
    this.link.onData((chunk) => this.decoder?.push(chunk));
  }

  get status(): DeviceStatus {
    return this.current;
  }

  /** Starts reading (connecting, and reconnecting by itself). Never throws. */
  start(): void {
    if (this.closed) return;
    this.link?.start();
  }

  /** Stops reading and closes the line. Never rejects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.decoder?.dispose();
    await this.link?.close();
    this.setStatus({
      device: 'scanner',
      state: this.current.state === 'disabled' ? 'disabled' : 'offline',
      detail: 'The scanner is closed',
    });
    this.scanListeners.clear();
    this.statusListeners.clear();
    this.noiseListeners.clear();
  }

  onScan(listener: (code: string, details: ScanDetails) => void): Unsubscribe {
    return this.scanListeners.add(listener);
  }

  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe {
    return this.statusListeners.add(listener);
  }

  onNoise(listener: (noise: ScanNoise) => void): Unsubscribe {
    return this.noiseListeners.add(listener);
  }

  /**
   * A code found elsewhere — by the renderer's keyboard-wedge detector, or a test — goes out as a
   * scan of this scanner if it looks like a barcode, as noise if not. Returns whether it was a scan.
   */
  injectScan(code: string): boolean {
    if (this.closed) return false;
    let scanned = false;
    const bytes = Buffer.from(code, 'latin1');
    // A character beyond latin1 cannot be in a barcode: keep it visible as a non-ASCII byte.
    const faithful = bytes.toString('latin1') === code;
    judge(faithful ? bytes : Buffer.concat([Buffer.from([0xff]), bytes]), null, {
      scan: (text, aim) => {
        scanned = true;
        this.emitScan(text, { source: SOURCES[this.config.transport], aim });
      },
      noise: (noise) => this.emitNoise(noise),
    });
    return scanned;
  }

  /**
   * Sim only: the simulated scanner reads `code` and sends it, CR-terminated, down its line (so it
   * goes through the same decoding as a serial scanner). False if the sim scanner is unplugged.
   */
  simulateScan(code: string): boolean {
    return this.simulateBytes(`${code}\r`);
  }

  /** Sim only: the simulated scanner sends these bytes (noise, partial codes…). */
  simulateBytes(bytes: Uint8Array | string): boolean {
    if (!this.simLine) {
      throw new TillError(
        'device.not_simulated',
        `The ${this.config.uri} scanner is not a simulator`,
        {
          uri: this.config.uri,
        },
      );
    }
    return this.simLine.inject(bytes);
  }

  /**
   * The next scan (for the "wait for one scan" device test). Rejects with `device.timeout` after
   * `timeoutMs`, `device.closed` if the scanner closes first, `device.disabled` with no scanner.
   */
  nextScan(timeoutMs = 30_000): Promise<string> {
    if (this.config.transport === 'none') {
      return Promise.reject(
        new TillError('device.disabled', 'No scanner is configured', { device: 'scanner' }),
      );
    }
    if (this.closed) {
      return Promise.reject(
        new TillError('device.closed', 'The scanner is closed', { device: 'scanner' }),
      );
    }
    return new Promise<string>((resolve, reject) => {
      const done = () => {
        this.timers.clearTimeout(timer);
        offScan();
        offStatus();
      };
      const timer = this.timers.setTimeout(() => {
        done();
        reject(
          new TillError('device.timeout', `No scan within ${formatSeconds(timeoutMs)}`, {
            device: 'scanner',
            timeoutMs,
          }),
        );
      }, timeoutMs);
      const offScan = this.onScan((code) => {
        done();
        resolve(code);
      });
      const offStatus = this.onStatus(() => {
        if (!this.closed) return;
        done();
        reject(new TillError('device.closed', 'The scanner is closed', { device: 'scanner' }));
      });
    });
  }

  private linkStatus(status: LinkStatus): void {
    if (status.state !== 'connected') this.decoder?.reset();
    if (status.state === 'closed') return;
    this.setStatus({ device: 'scanner', state: LINK_STATES[status.state], detail: status.detail });
  }

  private setStatus(status: DeviceStatus): void {
    this.current = status;
    this.statusListeners.emit(status);
  }

  private emitScan(code: string, details: ScanDetails): void {
    if (this.closed) return;
    this.scanListeners.emit(code, details);
  }

  private emitNoise(noise: ScanNoise): void {
    if (this.closed) return;
    this.noiseListeners.emit(noise);
    // Told as a status message, in words; the state itself does not change.
    this.statusListeners.emit({ ...this.current, detail: noise.detail });
  }
}

export function createScanner(config: ScannerConfig, options: ScannerOptions = {}): Scanner {
  return new Scanner(config, options);
}
