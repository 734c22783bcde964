/**
 * ESC/POS printer status, pure: the DLE EOT requests and what their answer bytes say. The driver
 * that asks is in driver.ts; the drawer's bits are read by drivers/drawer/codec.ts.
 */
import type { DeviceState } from '../types';

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

/** States in which a job may be sent. */
export function isReadyState(state: DeviceState): boolean {
  return state === 'connected' || state === 'paper_near_end' || state === 'drawer_open';
}
