/**
 * Scanner byte streams cut into codes: a serial line's at its suffix or after a pause
 * (`LineDecoder`), HID POS reports put together (`HidPosDecoder`). Each complete code is judged
 * by codec.ts and handed to a sink as a scan or as noise.
 */
import { MAX_BARCODE_LENGTH } from '../../domain/keyboard-wedge';
import { realTimers, type Timers } from '../reconnect';
import { formatSeconds } from '../transports/base';
import type { ScannerSuffix } from '../uri';
import {
  CR,
  HID_POS_SCAN_REPORT_ID,
  LF,
  decodeHidPosReport,
  describeBytes,
  judge,
  trimLineEnds,
  type DecoderSink,
} from './codec';

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
