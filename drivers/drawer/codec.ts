/**
 * The cash drawer's protocol, pure: the ESC p pulse that opens it (through the printer's kick
 * connector or the drawer's own line) and what the printer's status says of its switch.
 */
import type { PrinterStatusReport } from '../printer/codec';

/** The drawer kick: ESC p m t1 t2, a pulse on connector pin 2 or 5, times in milliseconds. */
export interface DrawerPulse {
  pin: 2 | 5;
  /** 2 to 510 ms, in steps of 2 ms. */
  onMs: number;
  /** 2 to 510 ms, in steps of 2 ms; a printer waits at least onMs. */
  offMs: number;
}

/** Epson's suggested kick: 100 ms on, 500 ms off, on pin 2 (where nearly every drawer is). */
export const DEFAULT_DRAWER_PULSE: DrawerPulse = { pin: 2, onMs: 100, offMs: 500 };

function checkedPulse(pulse: DrawerPulse): { device: 0 | 1; on: number; off: number } {
  if (pulse.pin !== 2 && pulse.pin !== 5) {
    throw new RangeError(`A drawer is on connector pin 2 or 5, not ${String(pulse.pin)}`);
  }
  for (const [name, ms] of [
    ['onMs', pulse.onMs],
    ['offMs', pulse.offMs],
  ] as const) {
    if (!Number.isFinite(ms) || ms < 2 || ms > 510) {
      throw new RangeError(`A drawer pulse's ${name} is 2 to 510 ms, not ${ms}`);
    }
  }
  return { device: pulse.pin === 2 ? 0 : 1, on: pulse.onMs, off: pulse.offMs };
}

/** ESC p m t1 t2: the drawer kick on its own (pin 2: m = 0, pin 5: m = 1; t in 2 ms units). */
export function encodeDrawerPulse(pulse: DrawerPulse = DEFAULT_DRAWER_PULSE): Uint8Array {
  const { device, on, off } = checkedPulse(pulse);
  return Uint8Array.of(
    0x1b,
    0x70,
    device,
    Math.max(1, Math.min(255, Math.round(on / 2))),
    Math.max(1, Math.min(255, Math.round(off / 2))),
  );
}

/** Which level of pin 3 means "open" depends on the drawer; Epson's default is low. */
export type DrawerOpenLevel = 'low' | 'high';

export function drawerOpen(
  report: PrinterStatusReport,
  openWhen: DrawerOpenLevel = 'low',
): boolean {
  return report.drawerPin3High === (openWhen === 'high');
}
