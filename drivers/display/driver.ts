/**
 * The customer display's driver: the screens the till shows (with their words in each locale),
 * written over a self-reconnecting serial line, and the "no display" stand-in. The protocol is
 * in codec.ts, the simulator in simulator.ts, the factory in index.ts.
 */
import { TillError, errorMessage } from '../../domain/errors';
import { formatMoney, type Cents, type Locale } from '../../domain/money';
import { message } from '../../domain/i18n';
import { deviceStateOfLine, type DeviceLine } from '../line';
import { Listeners } from '../transports/base';
import type { DeviceState, DeviceStatus, Unsubscribe } from '../types';
import {
  encodeInit,
  encodeScreen,
  fit,
  greetingScreen,
  pairLine,
  textScreen,
  type DisplayCodepage,
  type Screen,
} from './codec';

// ---------------------------------------------------------------------------------------------
// The till's screens

export interface DisplayLabels {
  total: string;
  paid: string;
  change: string;
  greeting: string;
}

/** The display's words, from the message catalogue (section `display`). */
function displayLabels(locale: Locale): DisplayLabels {
  const word = (key: keyof DisplayLabels): string => message(locale, 'display', key);
  return {
    total: word('total'),
    paid: word('paid'),
    change: word('change'),
    greeting: word('greeting'),
  };
}

export const DISPLAY_LABELS: Record<Locale, DisplayLabels> = {
  'fr-BE': displayLabels('fr-BE'),
  'nl-BE': displayLabels('nl-BE'),
  en: displayLabels('en'),
};

/** Line 1: the last item and its amount; line 2: the ticket's total. */
export function lineScreen(
  name: string,
  amount: Cents,
  total: Cents,
  locale: Locale,
  codepage: DisplayCodepage,
): Screen {
  return [
    pairLine(name, formatMoney(amount, locale), codepage),
    pairLine(DISPLAY_LABELS[locale].total, formatMoney(total, locale), codepage),
  ];
}

/** Line 1 blank, line 2 the total (payment started, or the last line was removed). */
export function totalScreen(total: Cents, locale: Locale, codepage: DisplayCodepage): Screen {
  return [
    fit('', codepage),
    pairLine(DISPLAY_LABELS[locale].total, formatMoney(total, locale), codepage),
  ];
}

/** After payment: what was paid, then the change to give back. */
export function changeScreen(
  paid: Cents,
  change: Cents,
  locale: Locale,
  codepage: DisplayCodepage,
): Screen {
  const labels = DISPLAY_LABELS[locale];
  return [
    pairLine(labels.paid, formatMoney(paid, locale), codepage),
    pairLine(labels.change, formatMoney(change, locale), codepage),
  ];
}

// ---------------------------------------------------------------------------------------------
// Driver

/** What the till shows its customer. */
export interface CustomerDisplay {
  readonly name: string;
  /** Starts the line (which reconnects by itself, with backoff). Never throws. */
  start(): void;
  /** Stops and closes the line. Never rejects. */
  close(): Promise<void>;
  setLocale(locale: Locale): void;
  /**
   * Line 1: the last item scanned and its amount; line 2: TOTAL and the ticket's total.
   * Each show method resolves once its screen (or a newer one) is written, rejects with
   * `display.offline` / `display.timeout` when it could not be; the screen is kept and shown when
   * the display comes back.
   */
  showLine(name: string, amount: Cents, total: Cents): Promise<void>;
  showTotal(total: Cents): Promise<void>;
  showChange(paid: Cents, change: Cents): Promise<void>;
  /** For an idle till; without text, the locale's "Welcome". */
  showGreeting(text?: string): Promise<void>;
  showText(line1: string, line2: string): Promise<void>;
  /** The screen last asked for: what the customer sees once it is written. */
  current(): Screen;
  status(): DeviceStatus;
  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe;
}

/** The line a display talks over, kept up by itself (it reads nothing from it). */
export type DisplayLine = Omit<DeviceLine, 'onData'>;

export interface DisplayOptions {
  locale: Locale;
  codepage?: DisplayCodepage;
  /** A write that takes longer fails with `display.timeout` (10 000 ms). */
  writeTimeoutMs?: number;
  /** For errors and logs ('display' unless told). */
  name?: string;
}

interface Waiter {
  generation: number;
  resolve(): void;
  reject(error: TillError): void;
}

/**
 * An Epson ESC/POS 2 x 20 display over a self-reconnecting line.
 *
 * Screens are "latest wins": while one is being written, newer requests replace each other and
 * only the newest is sent next; every caller's promise settles when a screen at least as new as
 * its own has been written (or has failed). While the line is connecting, screens wait for it;
 * while it is offline they fail at once with `display.offline`. Each (re)connection sends the
 * initialisation and the current screen.
 */
export class EscPosDisplay implements CustomerDisplay {
  readonly name: string;
  private readonly statusListeners = new Listeners<[DeviceStatus]>();
  private readonly codepage: DisplayCodepage;
  private readonly writeTimeoutMs: number;
  private current_: DeviceStatus;
  private locale: Locale;
  private wanted: Screen;
  private generation = 0;
  private written = 0;
  private needInit = true;
  private started = false;
  private closed = false;
  private writing: Promise<void> | null = null;
  private waiters: Waiter[] = [];
  private subscriptions: Unsubscribe[] = [];

  constructor(
    private readonly line: DisplayLine,
    options: DisplayOptions,
  ) {
    this.name = options.name ?? 'display';
    this.locale = options.locale;
    this.codepage = options.codepage ?? 'pc858';
    this.writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
    this.wanted = textScreen('', '', this.codepage);
    this.current_ = { device: 'display', state: 'offline', detail: 'The display is not started' };
  }

  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.subscriptions = [this.line.onStatus((status) => this.followLine(status))];
    this.line.start();
    this.followLine(this.line.status);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
    this.failWaiters(this.offlineError('the display was closed'));
    try {
      await this.line.close();
    } catch {
      // Closing never fails the caller.
    }
    this.setStatus('offline', 'The display is closed');
  }

  setLocale(locale: Locale): void {
    this.locale = locale;
  }

  showLine(name: string, amount: Cents, total: Cents): Promise<void> {
    return this.show(lineScreen(name, amount, total, this.locale, this.codepage));
  }

  showTotal(total: Cents): Promise<void> {
    return this.show(totalScreen(total, this.locale, this.codepage));
  }

  showChange(paid: Cents, change: Cents): Promise<void> {
    return this.show(changeScreen(paid, change, this.locale, this.codepage));
  }

  showGreeting(text?: string): Promise<void> {
    return this.show(greetingScreen(text ?? DISPLAY_LABELS[this.locale].greeting, this.codepage));
  }

  showText(line1: string, line2: string): Promise<void> {
    return this.show(textScreen(line1, line2, this.codepage));
  }

  current(): Screen {
    return this.wanted;
  }

  status(): DeviceStatus {
    return this.current_;
  }

  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe {
    return this.statusListeners.add(listener);
  }

  private show(screen: Screen): Promise<void> {
    this.wanted = screen;
    const generation = ++this.generation;
    const done = new Promise<void>((resolve, reject) => {
      this.waiters.push({ generation, resolve, reject });
    });
    this.kick();
    return done;
  }

  private kick(): void {
    if (this.writing) return;
    this.writing = this.writeLoop()
      .catch(() => undefined)
      .finally(() => {
        this.writing = null;
        // A screen asked for after the loop's last check but before this point.
        if (this.written < this.generation && this.lineState() !== 'connecting') this.kick();
      });
  }

  private lineState(): DeviceState {
    if (this.closed || !this.started) return 'offline';
    return deviceStateOfLine(this.line.status.state);
  }

  private async writeLoop(): Promise<void> {
    while (this.written < this.generation) {
      const state = this.lineState();
      // Connecting: the screens wait; followLine() starts the loop again once connected.
      if (state === 'connecting') return;
      const generation = this.generation;
      let failure: TillError | null = null;
      if (state !== 'connected') {
        failure = this.offlineError(
          this.closed
            ? 'the display was closed'
            : this.started
              ? this.line.status.detail
              : 'the display is not started',
        );
      } else {
        const bytes = this.needInit
          ? concat(encodeInit(this.codepage), encodeScreen(this.wanted, this.codepage))
          : encodeScreen(this.wanted, this.codepage);
        try {
          await this.writeWithTimeout(bytes);
          this.needInit = false;
          this.setStatus('connected', "The display shows the till's screens");
        } catch (error) {
          failure =
            error instanceof TillError && error.code.startsWith('display.')
              ? error
              : this.offlineError(errorMessage(error));
          this.needInit = true;
          this.setStatus('offline', failure.message);
        }
      }
      this.written = Math.max(this.written, generation);
      const settled = this.waiters.filter((waiter) => waiter.generation <= generation);
      this.waiters = this.waiters.filter((waiter) => waiter.generation > generation);
      for (const waiter of settled) {
        if (failure) waiter.reject(failure);
        else waiter.resolve();
      }
    }
  }

  private async writeWithTimeout(bytes: Uint8Array): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new TillError(
              'display.timeout',
              `The customer display took more than ${this.writeTimeoutMs} ms to take a screen`,
              { device: this.name },
            ),
          ),
        this.writeTimeoutMs,
      );
    });
    try {
      await Promise.race([this.line.write(bytes), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private followLine(status: { state: string; detail: string }): void {
    if (this.closed) return;
    const state = deviceStateOfLine(status.state);
    this.setStatus(state, status.detail);
    if (state === 'connecting') return;
    this.needInit = true;
    if (state === 'connected') {
      // A display that comes back shows the current screen again, after its initialisation.
      this.show(this.wanted).catch(() => undefined);
    } else {
      this.failWaiters(this.offlineError(status.detail));
    }
  }

  private failWaiters(error: TillError): void {
    const waiters = this.waiters;
    this.waiters = [];
    this.written = this.generation;
    for (const waiter of waiters) waiter.reject(error);
  }

  private offlineError(why: string): TillError {
    return new TillError('display.offline', `The customer display is not connected: ${why}`, {
      device: this.name,
    });
  }

  private setStatus(state: DeviceState, detail: string): void {
    if (state === this.current_.state && detail === this.current_.detail) return;
    this.current_ = { device: 'display', state, detail };
    this.statusListeners.emit(this.current_);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
/** No display configured: status `disabled`; screens are remembered and go nowhere. */
export class NoDisplay implements CustomerDisplay {
  readonly name = 'none';
  private locale: Locale;
  private wanted: Screen;
  private readonly codepage: DisplayCodepage;

  constructor(options: DisplayOptions) {
    this.locale = options.locale;
    this.codepage = options.codepage ?? 'pc858';
    this.wanted = textScreen('', '', this.codepage);
  }

  start(): void {}
  async close(): Promise<void> {}

  setLocale(locale: Locale): void {
    this.locale = locale;
  }

  async showLine(name: string, amount: Cents, total: Cents): Promise<void> {
    this.wanted = lineScreen(name, amount, total, this.locale, this.codepage);
  }

  async showTotal(total: Cents): Promise<void> {
    this.wanted = totalScreen(total, this.locale, this.codepage);
  }

  async showChange(paid: Cents, change: Cents): Promise<void> {
    this.wanted = changeScreen(paid, change, this.locale, this.codepage);
  }

  async showGreeting(text?: string): Promise<void> {
    this.wanted = greetingScreen(text ?? DISPLAY_LABELS[this.locale].greeting, this.codepage);
  }

  async showText(line1: string, line2: string): Promise<void> {
    this.wanted = textScreen(line1, line2, this.codepage);
  }

  current(): Screen {
    return this.wanted;
  }

  status(): DeviceStatus {
    return { device: 'display', state: 'disabled', detail: 'No customer display is configured' };
  }

  onStatus(): Unsubscribe {
    return () => undefined;
  }
}
