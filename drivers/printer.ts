/**
 * An ESC/POS receipt printer over any transport (serial line, TCP 9100, device file, simulator).
 *
 * - It talks over a `PrinterLine` that keeps itself up (drivers/reconnect.ts's ReconnectingLink:
 *   a new transport at each reconnection, with backoff); while the line is down the printer is
 *   `offline`.
 * - On a two-way line (`status` option), it asks the printer its state with DLE EOT 1, 2 and 4
 *   every few seconds and before every job: cover open, paper out, paper near end, an error, the
 *   drawer's pin 3. A printer that does not answer is `offline` even though the line is open (a
 *   printer switched off behind a USB-serial adapter).
 * - `print(bytes)` refuses, with a TillError, when the printer is not ready, and rejects when the
 *   line fails mid-job: the caller (the print queue) keeps the job and tries again later.
 *   Everything goes through one lane, so a status request never lands inside a command.
 * Nothing here throws into a sale: events and rejected promises only.
 */
import { TillError, errorMessage } from '../domain/errors';
import { DEFAULT_DRAWER_PULSE, encodeDrawerPulse, type DrawerPulse } from './escpos-receipt';
import type { DeviceLine } from './line';
import type { DeviceState, DeviceStatus, Unsubscribe } from './types';

// ---------------------------------------------------------------------------------------------
// Status bytes (DLE EOT n)

export const DLE_EOT = (n: 1 | 2 | 3 | 4): Uint8Array => Uint8Array.of(0x10, 0x04, n);

/** An answer to DLE EOT has bits 1 and 4 set, bits 0 and 7 clear: 0xx1xx10. */
export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

/** What the printer said about itself; fields it was not asked about are false. */
export interface PrinterStatusReport {
  /** DLE EOT 1, bit 3 clear. */
  online: boolean;
  /** DLE EOT 1, bit 2: the level of the drawer kick connector's pin 3 (the drawer's switch). */
  drawerPin3High: boolean;
  /** DLE EOT 2, bit 2. */
  coverOpen: boolean;
  /** DLE EOT 2, bit 5 (printing stopped for want of paper) or DLE EOT 4, bits 5-6. */
  paperOut: boolean;
  /** DLE EOT 4, bits 2-3. */
  paperNearEnd: boolean;
  /** DLE EOT 2, bit 6: a cutter or mechanical error. */
  error: boolean;
  /** DLE EOT 2, bit 3: paper being fed with the button. */
  feeding: boolean;
}

export interface StatusBytes {
  /** The answer to DLE EOT 1 (printer status). */
  printer: number;
  /** DLE EOT 2 (offline cause), if answered. */
  offline?: number | null;
  /** DLE EOT 4 (roll paper sensor), if answered. */
  paper?: number | null;
}

export function parseStatusBytes(bytes: StatusBytes): PrinterStatusReport {
  const bit = (byte: number | null | undefined, n: number): boolean =>
    byte !== null && byte !== undefined && (byte & (1 << n)) !== 0;
  return {
    online: !bit(bytes.printer, 3),
    drawerPin3High: bit(bytes.printer, 2),
    coverOpen: bit(bytes.offline, 2),
    feeding: bit(bytes.offline, 3),
    paperOut: bit(bytes.offline, 5) || bit(bytes.paper, 5) || bit(bytes.paper, 6),
    paperNearEnd: bit(bytes.paper, 2) || bit(bytes.paper, 3),
    error: bit(bytes.offline, 6),
  };
}

/** The one state the cashier is shown for the printer, worst first. */
export function printerState(report: PrinterStatusReport): { state: DeviceState; detail: string } {
  if (report.coverOpen) return { state: 'cover_open', detail: 'the cover is open' };
  if (report.paperOut) return { state: 'paper_out', detail: 'out of paper' };
  if (report.error) return { state: 'offline', detail: 'printer error (cutter or mechanism)' };
  if (!report.online) return { state: 'offline', detail: 'the printer says it is off line' };
  if (report.paperNearEnd)
    return { state: 'paper_near_end', detail: 'the paper roll is nearly out' };
  return { state: 'connected', detail: 'ready' };
}

/** Which level of pin 3 means "open" depends on the drawer; Epson's default is low. */
export type DrawerOpenLevel = 'low' | 'high';

export function drawerOpen(
  report: PrinterStatusReport,
  openWhen: DrawerOpenLevel = 'low',
): boolean {
  return report.drawerPin3High === (openWhen === 'high');
}

/** How long a drawer pulse may wait for the printer before it is dropped. */
export const KICK_WAIT_MS = 1500;

/** States in which a job may be sent. */
export function isReadyState(state: DeviceState): boolean {
  return state === 'connected' || state === 'paper_near_end' || state === 'drawer_open';
}

// ---------------------------------------------------------------------------------------------
// A simulated printer

/** The state a simulated printer answers DLE EOT with. */
export interface SimulatedPrinterState {
  coverOpen?: boolean;
  paperOut?: boolean;
  paperNearEnd?: boolean;
  error?: boolean;
  drawerPin3High?: boolean;
  /** Not answering at all (switched off behind its line). */
  silent?: boolean;
}

/** The bytes a printer in `state` answers to DLE EOT n. */
export function statusAnswer(n: number, state: SimulatedPrinterState): number {
  const offline = Boolean(state.coverOpen || state.paperOut || state.error);
  switch (n) {
    case 1:
      return 0x12 | (state.drawerPin3High ? 0x04 : 0) | (offline ? 0x08 : 0);
    case 2:
      return (
        0x12 | (state.coverOpen ? 0x04 : 0) | (state.paperOut ? 0x20 : 0) | (state.error ? 0x40 : 0)
      );
    case 3:
      return 0x12;
    case 4:
      return 0x12 | (state.paperNearEnd ? 0x0c : 0) | (state.paperOut ? 0x60 : 0);
    default:
      return 0x12;
  }
}

/**
 * Makes a simulated line (drivers/transports/sim.ts's SimLine) behave as an ESC/POS printer that
 * answers DLE EOT from `state()`; everything else it is sent is only recorded by the line.
 */
export function answerStatusRequests(
  line: {
    onWrite(listener: (bytes: Uint8Array) => void): Unsubscribe;
    inject(bytes: Uint8Array): boolean;
  },
  state: () => SimulatedPrinterState,
): Unsubscribe {
  let tail: number[] = [];
  return line.onWrite((bytes) => {
    const seen = [...tail, ...bytes];
    const answers: number[] = [];
    let i = 0;
    for (; i + 2 < seen.length; i++) {
      const n = seen[i + 2] ?? 0;
      if (seen[i] === 0x10 && seen[i + 1] === 0x04 && n >= 1 && n <= 4) {
        answers.push(statusAnswer(n, state()));
        i += 2;
      }
    }
    tail = seen.slice(Math.max(i, seen.length - 2));
    if (answers.length > 0 && !state().silent) {
      // Answer after the write returns, as a device on a line would.
      setTimeout(() => line.inject(Uint8Array.from(answers)), 1);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Driver

/** The line a printer talks over, kept up by itself. */
export type PrinterLine = DeviceLine;

export interface PrinterOptions {
  /**
   * Ask the printer its status with DLE EOT (a two-way line: serial, TCP). Off for a device file
   * or a printer that never answers. intervalMs: 3000, timeoutMs: 1000 unless told.
   */
  status?: boolean | { intervalMs?: number; timeoutMs?: number };
  /** Bytes per write (the line's flow control paces the rest). 1024 unless told. */
  chunkSize?: number;
  /** A job whose bytes are not all written after this long fails (60 s unless told). */
  writeTimeoutMs?: number;
  /** Which pin 3 level means the drawer is open ('low' unless told). */
  drawerOpenWhen?: DrawerOpenLevel;
  /** For errors and logs ('printer' unless told). */
  name?: string;
}

function printerError(code: string, text: string, details: Record<string, string | number>) {
  return new TillError(code, text, details);
}

export class Printer {
  readonly name: string;
  private current: DeviceStatus;
  private lastReport: PrinterStatusReport | null = null;
  private readonly statusListeners = new Set<(status: DeviceStatus) => void>();
  private readonly reportListeners = new Set<(report: PrinterStatusReport) => void>();
  private subscriptions: Unsubscribe[] = [];
  private started = false;
  private connected = false;
  private lane: Promise<unknown> = Promise.resolve();
  private waiter: ((byte: number | null) => void) | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped at each connection and each drop: a job that spans a drop knows it. */
  private lineGeneration = 0;
  private readonly polling: { intervalMs: number; timeoutMs: number } | null;
  private readonly chunkSize: number;
  private readonly writeTimeoutMs: number;
  readonly drawerOpenWhen: DrawerOpenLevel;

  constructor(
    private readonly line: PrinterLine,
    options: PrinterOptions = {},
  ) {
    this.name = options.name ?? 'printer';
    const status = options.status ?? false;
    this.polling = status
      ? {
          intervalMs: (status === true ? undefined : status.intervalMs) ?? 3000,
          timeoutMs: (status === true ? undefined : status.timeoutMs) ?? 1000,
        }
      : null;
    this.chunkSize = options.chunkSize ?? 1024;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 60_000;
    this.drawerOpenWhen = options.drawerOpenWhen ?? 'low';
    this.current = { device: 'printer', state: 'connecting', detail: 'not started' };
  }

  status(): DeviceStatus {
    return this.current;
  }

  /** The last status the printer gave (null on a one-way line, or before it answered). */
  report(): PrinterStatusReport | null {
    return this.lastReport;
  }

  isReady(): boolean {
    return this.connected && isReadyState(this.current.state);
  }

  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onReport(listener: (report: PrinterStatusReport) => void): Unsubscribe {
    this.reportListeners.add(listener);
    return () => this.reportListeners.delete(listener);
  }

  /** Starts the line (which reconnects by itself) and follows it. Never throws. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.subscriptions = [
      this.line.onData((chunk) => this.onData(chunk)),
      this.line.onStatus((status) => this.onLineStatus(status)),
    ];
    this.line.start();
    this.onLineStatus(this.line.status);
  }

  async stop(): Promise<void> {
    this.started = false;
    this.connected = false;
    this.lineGeneration += 1;
    this.stopPolling();
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
    this.waiter?.(null);
    await this.line.close();
    this.setStatus('offline', 'stopped');
  }

  /**
   * Sends one job. Rejects with `printer.offline`, `printer.paper_out`, `printer.cover_open`
   * when the printer is not ready (asked afresh on a two-way line), `printer.write_failed` when
   * the line fails before every byte is written.
   */
  print(bytes: Uint8Array): Promise<void> {
    return this.inLane(async () => {
      if (this.polling && this.connected) await this.queryInLane().catch(() => undefined);
      if (!this.isReady()) throw this.notReady();
      await this.writeAll(bytes);
    });
  }

  /**
   * ESC p: a pulse on the drawer kick connector, through the printer, now or never: the drawer
   * must not spring open seconds later with nobody at the till. It goes out only when the
   * printer is known good (a two-way printer is asked afresh), within `KICK_WAIT_MS` of the
   * request (not behind a stuck job), and only if the line takes it at once; otherwise it is
   * dropped and the promise rejects, saying why.
   */
  kickDrawer(
    pin: DrawerPulse['pin'] = DEFAULT_DRAWER_PULSE.pin,
    onMs = DEFAULT_DRAWER_PULSE.onMs,
    offMs = DEFAULT_DRAWER_PULSE.offMs,
  ): Promise<void> {
    const bytes = encodeDrawerPulse({ pin, onMs, offMs });
    const requestedAt = Date.now();
    return this.inLane(async () => {
      if (Date.now() - requestedAt > KICK_WAIT_MS) {
        throw printerError(
          'printer.busy',
          `The printer was busy for more than ${KICK_WAIT_MS} ms: the drawer pulse was dropped, not sent late`,
          { device: this.name },
        );
      }
      if (this.polling && this.connected) await this.queryInLane().catch(() => undefined);
      if (!this.isReady()) throw this.notReady();
      await withTimeout(this.line.write(bytes, { atOnce: true }), KICK_WAIT_MS);
    });
  }

  /** Asks the printer its status now (DLE EOT 1, 2, 4); rejects when it does not answer. */
  queryStatus(): Promise<PrinterStatusReport> {
    return this.inLane(() => this.queryInLane());
  }

  // -------------------------------------------------------------------------------------------

  private onLineStatus(status: { state: string; detail: string }): void {
    if (!this.started) return;
    if (status.state === 'connected') {
      if (this.connected) return;
      this.connected = true;
      this.lineGeneration += 1;
      if (this.polling) {
        this.setStatus('connecting', `${status.detail}; asking the printer its status`);
        void this.poll();
      } else {
        this.setStatus('connected', status.detail);
      }
      return;
    }
    if (this.connected) {
      this.connected = false;
      this.lineGeneration += 1;
      this.stopPolling();
      this.waiter?.(null);
    }
    this.setStatus(status.state === 'connecting' ? 'connecting' : 'offline', status.detail);
  }

  private inLane<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lane.then(work);
    this.lane = run.catch(() => undefined);
    return run;
  }

  private notReady(): TillError {
    const { state, detail } = this.current;
    const code =
      state === 'paper_out'
        ? 'printer.paper_out'
        : state === 'cover_open'
          ? 'printer.cover_open'
          : 'printer.offline';
    return printerError(code, `The printer cannot print: ${detail}`, {
      device: this.name,
      state,
    });
  }

  private dropped(written: number, total: number): TillError {
    return printerError('printer.write_failed', `The line to the printer dropped mid-job`, {
      device: this.name,
      written,
      total,
    });
  }

  private async writeAll(bytes: Uint8Array): Promise<void> {
    const generation = this.lineGeneration;
    const deadline = Date.now() + this.writeTimeoutMs;
    for (let offset = 0; offset < bytes.length; offset += this.chunkSize) {
      if (!this.connected || generation !== this.lineGeneration) {
        throw this.uncertainIfOneWay(offset, bytes.length, this.dropped(offset, bytes.length));
      }
      try {
        await withTimeout(
          this.line.write(bytes.subarray(offset, offset + this.chunkSize)),
          deadline - Date.now(),
        );
      } catch (error) {
        const written = writtenBeforeFailure(error);
        const failure = printerError(
          'printer.write_failed',
          `Writing to the printer failed: ${errorMessage(error)}`,
          {
            device: this.name,
            written: offset + (written ?? 0),
            total: bytes.length,
          },
        );
        throw this.uncertainIfOneWay(
          written === null ? null : offset + written,
          bytes.length,
          failure,
        );
      }
    }
    // Every byte went out: the job counts as printed even if the line drops now. Retrying it
    // could print the receipt twice, which the print queue promises never to do.
  }

  /**
   * A one-way printer cannot say whether bytes that went out reached the paper: unless none went
   * out (`written` 0), the job is `printer.uncertain`, never to be resent by itself. A two-way
   * printer keeps `failure`: its status, asked before the next attempt, decides.
   */
  private uncertainIfOneWay(written: number | null, total: number, failure: TillError): TillError {
    if (this.polling || written === 0) return failure;
    return printerError(
      'printer.uncertain',
      `The printer stopped mid-job (${written === null ? 'an unknown part' : `${written} of ${total} bytes`} sent): check the paper, and reprint if it is missing`,
      { device: this.name, written: written ?? -1, total, cause: failure.message },
    );
  }

  /** DLE EOT n; the status byte, or null when none came within the timeout. */
  private async ask(n: 1 | 2 | 4, timeoutMs: number): Promise<number | null> {
    const answer = new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, timeoutMs);
      this.waiter = (byte) => {
        clearTimeout(timer);
        this.waiter = null;
        resolve(byte);
      };
    });
    try {
      await this.line.write(DLE_EOT(n));
    } catch {
      this.waiter?.(null);
    }
    return answer;
  }

  private async queryInLane(): Promise<PrinterStatusReport> {
    if (!this.connected || !this.polling) throw this.notReady();
    const generation = this.lineGeneration;
    const timeoutMs = this.polling.timeoutMs;
    const printer = await this.ask(1, timeoutMs);
    if (printer === null) {
      if (this.connected && generation === this.lineGeneration) {
        this.setStatus('offline', `the printer does not answer (${timeoutMs} ms)`);
      }
      throw printerError('printer.no_answer', `The printer did not answer within ${timeoutMs} ms`, {
        device: this.name,
        timeoutMs,
      });
    }
    // A printer without the sensor, or too old for DLE EOT 4, simply does not say.
    const offline = await this.ask(2, timeoutMs);
    const paper = await this.ask(4, timeoutMs);
    const report = parseStatusBytes({ printer, offline, paper });
    this.lastReport = report;
    for (const listener of this.reportListeners) {
      try {
        listener(report);
      } catch {
        // A listener's bug must not reach the device.
      }
    }
    if (this.connected && generation === this.lineGeneration) {
      const { state, detail } = printerState(report);
      this.setStatus(state, detail);
    }
    return report;
  }

  private async poll(): Promise<void> {
    this.pollTimer = null;
    if (!this.connected || !this.polling) return;
    const generation = this.lineGeneration;
    await this.inLane(() => this.queryInLane()).catch(() => undefined);
    if (this.connected && this.polling && generation === this.lineGeneration && !this.pollTimer) {
      this.pollTimer = setTimeout(() => void this.poll(), this.polling.intervalMs);
    }
  }

  private stopPolling(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private onData(chunk: Uint8Array): void {
    for (const byte of chunk) {
      // Anything else (noise, an automatic status back block) is not an answer.
      if (this.waiter && isStatusByte(byte)) this.waiter(byte);
    }
  }

  private setStatus(state: DeviceState, detail: string): void {
    if (state === this.current.state && detail === this.current.detail) return;
    this.current = { device: 'printer', state, detail };
    for (const listener of this.statusListeners) {
      try {
        listener(this.current);
      } catch {
        // A listener's bug must not reach the device.
      }
    }
  }
}

/** Bytes of a failed write that went out: known from the transport, 0 if none could, else null. */
function writtenBeforeFailure(error: unknown): number | null {
  if (!(error instanceof TillError)) return null;
  const written = error.details.written;
  if (typeof written === 'number') return written;
  return error.code === 'device.offline' || error.code === 'device.not_open' ? 0 : null;
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new TimeoutError(`timed out after ${Math.max(0, ms)} ms`)),
      Math.max(0, ms),
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
