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
 *
 * The bytes' meaning is in codec.ts, their cutting into codes in decoders.ts, the factory in
 * index.ts. The simulator is the `sim` transport's SimLine, fed by `simulateScan`: the same
 * driver and decoding as a serial scanner, so it needs no class of its own.
 */
import { TillError } from '../../domain/errors';
import {
  ReconnectingLink,
  realTimers,
  type LinkStatus,
  type LinkOptions,
  type Timers,
  type TransportFactory,
} from '../reconnect';
import { createTransport, type TransportDeps } from '../transports';
import { Listeners, formatSeconds } from '../transports/base';
import { SimLine } from '../transports/sim';
import type { DeviceState, DeviceStatus, Unsubscribe } from '../types';
import { transportName, type ScannerConfig } from '../uri';
import { judge, type DecoderSink, type ScanNoise } from './codec';
import { HidPosDecoder, LineDecoder, type DecoderOptions } from './decoders';

export type ScanSource = 'serial' | 'hid' | 'sim' | 'keyboard';

export interface ScanDetails {
  readonly source: ScanSource;
  /** The AIM symbology identifier ("]E0" for EAN-13) when the scanner sends one (HID POS). */
  readonly aim: string | null;
}

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
