/**
 * The cash drawer. Three ways to open it:
 * - `printer`: the drawer hangs on the receipt printer's kick connector; ESC p goes through the
 *   printer (pin 2 or 5, with its pulse timing). Where the printer answers DLE EOT, its pin 3
 *   tells whether the drawer is open: the drawer reports `drawer_open` then.
 * - `line`: the drawer has its own serial line (a serial drawer interface): the same ESC p
 *   is sent on it (most such interfaces open on it, or on any byte).
 * - `sim`: a drawer in memory, for tests and demos: open() opens it, simulateClose() shuts it.
 *
 * open() never throws: it tells whether the pulse went out and, if not, why, in words. Whether
 * the cashier may open it (a cash payment, or a manager for "no sale") and journaling it are the
 * till service's business.
 */
import { errorMessage } from '../domain/errors';
import { DEFAULT_DRAWER_PULSE, type DrawerPulse } from './escpos-receipt';
import {
  Printer,
  drawerOpen,
  type DrawerOpenLevel,
  type PrinterLine,
  type PrinterStatusReport,
} from './printer';
import type { DeviceState, DeviceStatus, Unsubscribe } from './types';

/** What the drawer needs of a printer (drivers/printer.ts's Printer has it). */
export interface DrawerKicker {
  status(): DeviceStatus;
  report(): PrinterStatusReport | null;
  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe;
  onReport(listener: (report: PrinterStatusReport) => void): Unsubscribe;
  kickDrawer(pin: DrawerPulse['pin'], onMs: number, offMs: number): Promise<void>;
  readonly drawerOpenWhen: DrawerOpenLevel;
}

export type DrawerTarget =
  | { kind: 'printer'; printer: DrawerKicker; pulse?: DrawerPulse }
  /** The drawer's own line (a ReconnectingLink over its serial transport). */
  | { kind: 'line'; line: PrinterLine; pulse?: DrawerPulse }
  | { kind: 'sim' };

export interface DrawerOpenResult {
  opened: boolean;
  /** Why not, in English, for logs and the cashier ("the printer is offline"). */
  detail: string;
}

export class Drawer {
  private current: DeviceStatus;
  private readonly listeners = new Set<(status: DeviceStatus) => void>();
  private subscriptions: Unsubscribe[] = [];
  private readonly kicker: DrawerKicker | null;
  /** The serial drawer's own line, driven like a printer that only ever gets ESC p. */
  private readonly ownLine: Printer | null;
  private readonly pulse: DrawerPulse;
  private simOpen = false;

  constructor(private readonly target: DrawerTarget) {
    this.pulse =
      target.kind === 'sim' ? DEFAULT_DRAWER_PULSE : (target.pulse ?? DEFAULT_DRAWER_PULSE);
    if (target.kind === 'printer') {
      this.kicker = target.printer;
      this.ownLine = null;
    } else if (target.kind === 'line') {
      this.ownLine = new Printer(target.line, { status: false, name: 'drawer' });
      this.kicker = this.ownLine;
    } else {
      this.kicker = null;
      this.ownLine = null;
    }
    this.current = { device: 'drawer', state: 'connecting', detail: 'starting' };
  }

  /** Follows the printer (or opens the drawer's own line). Never throws. */
  start(): void {
    if (this.target.kind === 'sim') {
      this.set('connected', 'the drawer is closed');
      return;
    }
    const kicker = this.kicker as DrawerKicker;
    this.subscriptions = [
      kicker.onStatus(() => this.follow()),
      kicker.onReport(() => this.follow()),
    ];
    this.ownLine?.start();
    this.follow();
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
    await this.ownLine?.stop();
    this.set('offline', 'stopped');
  }

  status(): DeviceStatus {
    return this.current;
  }

  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether the drawer is open: null where nothing tells (a one-way line). */
  isOpen(): boolean | null {
    if (this.target.kind === 'sim') return this.simOpen;
    const report = this.kicker?.report() ?? null;
    if (!report || this.target.kind !== 'printer') return null;
    return drawerOpen(report, (this.kicker as DrawerKicker).drawerOpenWhen);
  }

  /** Sends the kick pulse. Resolves with opened: false and the reason when it could not. */
  async open(): Promise<DrawerOpenResult> {
    if (this.target.kind === 'sim') {
      this.simOpen = true;
      this.set('drawer_open', 'the drawer is open');
      return { opened: true, detail: 'the drawer is open' };
    }
    const kicker = this.kicker as DrawerKicker;
    try {
      await kicker.kickDrawer(this.pulse.pin, this.pulse.onMs, this.pulse.offMs);
      return {
        opened: true,
        detail: `kick pulse sent on pin ${this.pulse.pin} (${this.pulse.onMs} ms)`,
      };
    } catch (error) {
      return { opened: false, detail: `the drawer could not be opened: ${errorMessage(error)}` };
    }
  }

  /** The simulated drawer is pushed shut. */
  simulateClose(): void {
    if (this.target.kind !== 'sim') return;
    this.simOpen = false;
    this.set('connected', 'the drawer is closed');
  }

  private follow(): void {
    const kicker = this.kicker as DrawerKicker;
    const printer = kicker.status();
    if (
      printer.state === 'offline' ||
      printer.state === 'connecting' ||
      printer.state === 'disabled'
    ) {
      const via = this.target.kind === 'printer' ? 'the printer' : 'its line';
      this.set(printer.state, `${via}: ${printer.detail}`);
      return;
    }
    const open = this.isOpen();
    if (open === true) this.set('drawer_open', 'the drawer is open');
    else if (open === false) this.set('connected', 'the drawer is closed');
    else this.set('connected', 'ready (the line does not tell whether the drawer is open)');
  }

  private set(state: DeviceState, detail: string): void {
    if (state === this.current.state && detail === this.current.detail) return;
    this.current = { device: 'drawer', state, detail };
    for (const listener of this.listeners) {
      try {
        listener(this.current);
      } catch {
        // A listener's bug must not reach the device.
      }
    }
  }
}
