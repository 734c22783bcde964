/**
 * What a scanner's bytes mean, with no I/O and no timers: whether a complete code is a scan or
 * noise (`judge`), and the HID POS report layout (`decodeHidPosReport`). Cutting a stream into
 * codes, which needs pauses, is in decoders.ts; the scanner itself in driver.ts.
 */
import { MAX_BARCODE_LENGTH, looksLikeBarcode } from '../../domain/keyboard-wedge';

export type NoiseReason = 'empty' | 'garbage' | 'too_long' | 'partial' | 'bad_report';

export interface ScanNoise {
  readonly reason: NoiseReason;
  /** In words, for the status line and the logs. */
  readonly detail: string;
  /** How many bytes were dropped. */
  readonly byteCount: number;
}

export interface DecoderSink {
  scan(code: string, aim: string | null): void;
  noise(noise: ScanNoise): void;
}

export const CR = 0x0d;
export const LF = 0x0a;

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

export function trimLineEnds(bytes: Uint8Array): Uint8Array {
  let start = 0;
  let end = bytes.length;
  while (start < end && (bytes[start] === CR || bytes[start] === LF)) start++;
  while (end > start && (bytes[end - 1] === CR || bytes[end - 1] === LF)) end--;
  return bytes.subarray(start, end);
}

/** Judges one complete code: a scan, or noise. */
export function judge(bytes: Uint8Array, aim: string | null, sink: DecoderSink): void {
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
