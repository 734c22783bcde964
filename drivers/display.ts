/**
 * Customer display: a 2 x 20 character pole display (Epson DM-D110 / DM-D210 / DM-D30 and the many
 * displays with an "Epson" command mode) on a serial line.
 *
 * ## Commands used (Epson ESC/POS display commands, "standard" mode)
 * - `ESC @` (1B 40) initialise: clears the screen, cursor home, settings back to power-on;
 * - `ESC R 0` (1B 52 00) international character set USA, so that # $ @ [ \ ] ^ ` { | } ~ are
 *   themselves (the French and other sets replace them with accented letters);
 * - `ESC t n` (1B 74 n) character code table (see below);
 * - `US MD1` (1F 01) overwrite mode: no scrolling, a screen is rewritten in place (no flicker);
 * - `US C 0` (1F 43 00) cursor hidden;
 * - `US $ x y` (1F 24 x y) cursor to column x (1-20), line y (1-2): each screen is sent as
 *   `US $ 1 1`, 20 characters, `US $ 1 2`, 20 characters: always a full screen, padded with
 *   spaces, so nothing of the previous one is left and no CLR is needed.
 * Initialisation is sent whenever the line (re)connects, followed by the current screen (a
 * display that was unplugged or switched off lost it all), and after a failed write.
 *
 * ## Characters
 * `ESC t n` pages, Epson numbering (DM-D110 supports n = 0-5, 16-19):
 * - `pc858` (n = 19, the default): PC850 with € at 0xD5; é è à ç ë ê ô ü É and € all print;
 * - `wpc1252` (n = 16): Windows-1252, € at 0x80;
 * - `pc850` (n = 2) and `pc437` (n = 0): for displays that only have pages 0-5 (many clones in
 *   Epson mode): the accents print, € cannot and is shown as "EUR".
 * Any other character is replaced: typographic quotes and dashes by ASCII, letters by their
 * unaccented form (ő -> o), œ by oe, anything else by `?`; control characters become spaces, so
 * a product name can never send a command. Each character is one column: text is laid out after
 * this replacement, so "EUR" counts three columns.
 *
 * Pure layout and encoding functions come first (unit-tested); the driver (`EscPosDisplay`) and
 * the simulator (`SimDisplay`, the same driver over an in-memory emulator of the display) follow.
 */
import { TillError, errorMessage } from '../domain/errors';
import { formatMoney, type Cents, type Locale } from '../domain/money';
import { message } from '../domain/i18n';
import { deviceStateOfLine, type DeviceLine } from './line';
import { ReconnectingLink, type LinkOptions, type TransportFactory } from './reconnect';
import { createTransport, type TransportDeps } from './transports';
import { Listeners } from './transports/base';
import { SimLine } from './transports/sim';
import type { DeviceState, DeviceStatus, Unsubscribe } from './types';
import type { DisplayConfig } from './uri';

export const DISPLAY_COLUMNS = 20;
export const DISPLAY_ROWS = 2;

/** Serial settings of an Epson DM-D as it leaves the factory (DIP switches): 9600 8N1, the URI's default. */
export const DISPLAY_LINE_DEFAULTS = {
  baudRate: 9600,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
} as const;

export const ESC = 0x1b;
export const US = 0x1f;
export const CLR = 0x0c;
export const HOM = 0x0b;
export const CAN = 0x18;

// ---------------------------------------------------------------------------------------------
// Character code tables

/** The upper halves (0x80-0xFF) of the pages; U+FFFD marks an unused position. */
const PC437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
const PC850_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' +
  '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';
const PC858_HIGH = PC850_HIGH.slice(0, 0x55) + '€' + PC850_HIGH.slice(0x56);
const WPC1252_HIGH =
  '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ' +
  Array.from({ length: 0x60 }, (_, i) => String.fromCharCode(0xa0 + i)).join('');

export const DISPLAY_CODEPAGES = ['pc858', 'wpc1252', 'pc850', 'pc437'] as const;
export type DisplayCodepage = (typeof DISPLAY_CODEPAGES)[number];

interface CodepageTable {
  /** n of `ESC t n`. */
  readonly escT: number;
  readonly high: string;
  readonly encode: ReadonlyMap<string, number>;
}

function table(escT: number, high: string): CodepageTable {
  if ([...high].length !== 128) throw new Error(`codepage ${escT}: ${[...high].length} chars`);
  const encode = new Map<string, number>();
  [...high].forEach((char, i) => {
    // The no-break spaces are written as plain spaces (see sanitize); unused slots never.
    if (char !== '\ufffd' && char !== '\u00a0' && !encode.has(char)) encode.set(char, 0x80 + i);
  });
  return { escT, high, encode };
}

const TABLES: Record<DisplayCodepage, CodepageTable> = {
  pc858: table(19, PC858_HIGH),
  wpc1252: table(16, WPC1252_HIGH),
  pc850: table(2, PC850_HIGH),
  pc437: table(0, PC437_HIGH),
};

/** `ESC t n` of each page, and the page of each n (for decoding). */
export function codepageNumber(codepage: DisplayCodepage): number {
  return TABLES[codepage].escT;
}

function codepageOf(escT: number): DisplayCodepage | undefined {
  return DISPLAY_CODEPAGES.find((name) => TABLES[name].escT === escT);
}

/** Typographic characters most pages lack, and what to show instead. */
const FALLBACKS: Record<string, string> = {
  '€': 'EUR',
  '‘': "'",
  '’': "'",
  '‚': ',',
  '“': '"',
  '”': '"',
  '„': '"',
  '–': '-',
  '—': '-',
  '‐': '-',
  '−': '-',
  '…': '...',
  œ: 'oe',
  Œ: 'OE',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
  ø: 'o',
  Ø: 'O',
  '•': '*',
  '·': '.',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
};

function encodable(char: string, page: CodepageTable): boolean {
  const code = char.charCodeAt(0);
  return (char.length === 1 && code >= 0x20 && code <= 0x7e) || page.encode.has(char);
}

/**
 * `text` as the display can show it, one string character per column: every character of the
 * result is printable on `codepage` (see the module comment for the replacements).
 */
export function sanitize(text: string, codepage: DisplayCodepage): string {
  const page = TABLES[codepage];
  let out = '';
  for (const char of text) {
    if (encodable(char, page)) {
      out += char;
    } else if (/\s/u.test(char) || /\p{Cc}/u.test(char)) {
      out += ' ';
    } else {
      const fallback = FALLBACKS[char];
      if (fallback !== undefined && [...fallback].every((c) => encodable(c, page))) {
        out += fallback;
        continue;
      }
      const bare = char.normalize('NFD').replace(/\p{M}/gu, '');
      if (bare.length > 0 && [...bare].every((c) => encodable(c, page))) out += bare;
      else if (fallback !== undefined) out += sanitize(fallback, codepage);
      else out += '?';
    }
  }
  return out;
}

/** The bytes of a sanitized string (each character one byte). */
export function encodeText(text: string, codepage: DisplayCodepage): Uint8Array {
  const page = TABLES[codepage];
  const clean = sanitize(text, codepage);
  const bytes = new Uint8Array(clean.length);
  for (let i = 0; i < clean.length; i++) {
    const char = clean[i] ?? ' ';
    bytes[i] = page.encode.get(char) ?? char.charCodeAt(0);
  }
  return bytes;
}

/** The character a byte >= 0x20 shows on `codepage`. */
export function decodeByte(byte: number, codepage: DisplayCodepage): string {
  if (byte < 0x80) return String.fromCharCode(byte);
  const char = TABLES[codepage].high[byte - 0x80];
  return char === undefined || char === '\ufffd' ? '?' : char === '\u00a0' ? ' ' : char;
}

// ---------------------------------------------------------------------------------------------
// Layout: what the two lines say

/** Two lines of exactly 20 sanitized characters: what the customer sees. */
export type Screen = readonly [string, string];

/**
 * `text` sanitized, cut or padded to `width` columns, aligned left (leading spaces kept), right or
 * centred (surrounding spaces dropped).
 */
export function fit(
  text: string,
  codepage: DisplayCodepage,
  align: 'left' | 'right' | 'center' = 'left',
  width = DISPLAY_COLUMNS,
): string {
  const sanitized = sanitize(text, codepage);
  const clean = align === 'left' ? sanitized.trimEnd() : sanitized.trim();
  if (clean.length >= width) return clean.slice(0, width);
  const space = width - clean.length;
  if (align === 'right') return ' '.repeat(space) + clean;
  if (align === 'center') {
    const before = Math.floor(space / 2);
    return ' '.repeat(before) + clean + ' '.repeat(space - before);
  }
  return clean + ' '.repeat(space);
}

/**
 * `left` then `right` on one line: `right` (an amount) is kept whole at the right end, `left`
 * (a name) is cut to leave at least one space before it.
 */
export function pairLine(left: string, right: string, codepage: DisplayCodepage): string {
  const amount = sanitize(right, codepage).trim().slice(0, DISPLAY_COLUMNS);
  const room = DISPLAY_COLUMNS - amount.length - 1;
  const name = room > 0 ? sanitize(left, codepage).trim().slice(0, room) : '';
  return name + ' '.repeat(DISPLAY_COLUMNS - name.length - amount.length) + amount;
}

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

/**
 * A greeting for an idle till, centred: `text` may hold two lines separated by a newline; a
 * single line too long for one line is wrapped at a space.
 */
export function greetingScreen(text: string, codepage: DisplayCodepage): Screen {
  const [first = '', second = ''] = splitGreeting(sanitizeLines(text, codepage));
  return [fit(first, codepage, 'center'), fit(second, codepage, 'center')];
}

function sanitizeLines(text: string, codepage: DisplayCodepage): string[] {
  return text.split(/\r?\n/).map((line) => sanitize(line, codepage).replace(/ +/g, ' ').trim());
}

function splitGreeting(lines: string[]): string[] {
  const nonEmpty = lines.filter((line) => line.length > 0);
  if (nonEmpty.length !== 1) return nonEmpty;
  const line = nonEmpty[0] ?? '';
  if (line.length <= DISPLAY_COLUMNS) return [line];
  const cut = line.lastIndexOf(' ', DISPLAY_COLUMNS);
  if (cut <= 0) return [line.slice(0, DISPLAY_COLUMNS), line.slice(DISPLAY_COLUMNS)];
  return [line.slice(0, cut), line.slice(cut + 1)];
}

/** Free text, left-aligned, each line cut or padded to 20 columns. */
export function textScreen(line1: string, line2: string, codepage: DisplayCodepage): Screen {
  return [fit(line1, codepage), fit(line2, codepage)];
}

// ---------------------------------------------------------------------------------------------
// Encoding: the bytes on the line

/** ESC @, ESC R 0, ESC t n, US MD1, US C 0. */
export function encodeInit(codepage: DisplayCodepage): Uint8Array {
  return Uint8Array.of(
    ESC,
    0x40,
    ESC,
    0x52,
    0,
    ESC,
    0x74,
    codepageNumber(codepage),
    US,
    0x01,
    US,
    0x43,
    0,
  );
}

/** A full screen: US $ 1 1, line 1 (20 bytes), US $ 1 2, line 2 (20 bytes). */
export function encodeScreen(screen: Screen, codepage: DisplayCodepage): Uint8Array {
  const out: number[] = [];
  screen.forEach((line, row) => {
    out.push(US, 0x24, 1, row + 1, ...encodeText(fit(line, codepage), codepage));
  });
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------------------------
// Emulator: what a DM-D shows after some bytes (for the simulator and the tests)

export type DisplayMode = 'overwrite' | 'vertical' | 'horizontal';

/**
 * Plays bytes as an Epson DM-D display in standard mode would: keeps its two lines, its cursor,
 * its page and mode, and the list of commands received (as readable names: "ESC @", "US $ 1 2",
 * "ESC t 19", ...). Unknown commands are listed as "unknown ..." so a test can refuse them.
 */
export class DisplayEmulator {
  readonly commands: string[] = [];
  private screen: string[][] = [];
  private row = 0;
  private column = 0;
  private codepage: DisplayCodepage = 'pc437';
  private mode: DisplayMode = 'overwrite';
  private cursorShown = true;
  private pending: number[] = [];

  constructor() {
    this.clear();
  }

  /** Feeds bytes; a command cut across two chunks waits for the rest. */
  feed(bytes: Uint8Array): void {
    this.pending.push(...bytes);
    let i = 0;
    while (i < this.pending.length) {
      const used = this.step(i);
      if (used === 0) break;
      i += used;
    }
    this.pending = this.pending.slice(i);
  }

  lines(): Screen {
    return [this.screen[0]?.join('') ?? '', this.screen[1]?.join('') ?? ''];
  }

  state(): {
    codepage: DisplayCodepage;
    mode: DisplayMode;
    cursorShown: boolean;
    cursor: [number, number];
  } {
    return {
      codepage: this.codepage,
      mode: this.mode,
      cursorShown: this.cursorShown,
      cursor: [this.column + 1, this.row + 1],
    };
  }

  /** Interprets the command or character at `i`; returns the bytes used, 0 if incomplete. */
  private step(i: number): number {
    const p = this.pending;
    const byte = p[i] ?? 0;
    const need = (count: number) => i + count <= p.length;
    const arg = (k: number) => p[i + k] ?? 0;
    if (byte === ESC) {
      if (!need(2)) return 0;
      const command = arg(1);
      if (command === 0x40) {
        this.commands.push('ESC @');
        this.clear();
        this.codepage = 'pc437';
        this.mode = 'overwrite';
        this.cursorShown = true;
        return 2;
      }
      if (command === 0x74 || command === 0x52 || command === 0x3d) {
        if (!need(3)) return 0;
        const n = arg(2);
        const name = command === 0x74 ? 't' : command === 0x52 ? 'R' : '=';
        this.commands.push(`ESC ${name} ${n}`);
        if (command === 0x74) {
          const page = codepageOf(n);
          if (page) this.codepage = page;
          else this.commands.push(`unknown page ${n}`);
        }
        return 3;
      }
      this.commands.push(`unknown ESC 0x${command.toString(16)}`);
      return 2;
    }
    if (byte === US) {
      if (!need(2)) return 0;
      const command = arg(1);
      if (command >= 0x01 && command <= 0x03) {
        this.commands.push(`US MD${command}`);
        this.mode = command === 1 ? 'overwrite' : command === 2 ? 'vertical' : 'horizontal';
        return 2;
      }
      if (command === 0x24) {
        if (!need(4)) return 0;
        const x = arg(2);
        const y = arg(3);
        this.commands.push(`US $ ${x} ${y}`);
        if (x >= 1 && x <= DISPLAY_COLUMNS && y >= 1 && y <= DISPLAY_ROWS) {
          this.column = x - 1;
          this.row = y - 1;
        }
        return 4;
      }
      if (command === 0x43 || command === 0x58 || command === 0x45 || command === 0x72) {
        if (!need(3)) return 0;
        const n = arg(2);
        this.commands.push(`US ${String.fromCharCode(command)} ${n}`);
        if (command === 0x43) this.cursorShown = n === 1;
        return 3;
      }
      if (command === 0x42) {
        this.commands.push('US B');
        this.row = DISPLAY_ROWS - 1;
        this.column = 0;
        return 2;
      }
      this.commands.push(`unknown US 0x${command.toString(16)}`);
      return 2;
    }
    if (byte === CLR) {
      this.commands.push('CLR');
      this.clear();
      return 1;
    }
    if (byte === HOM) {
      this.commands.push('HOM');
      this.row = 0;
      this.column = 0;
      return 1;
    }
    if (byte === CAN) {
      this.commands.push('CAN');
      this.screen[this.row] = Array<string>(DISPLAY_COLUMNS).fill(' ');
      this.column = 0;
      return 1;
    }
    if (byte === 0x0d) {
      this.commands.push('CR');
      this.column = 0;
      return 1;
    }
    if (byte === 0x0a) {
      this.commands.push('LF');
      this.lineFeed();
      return 1;
    }
    if (byte < 0x20 || byte === 0x7f) {
      this.commands.push(`unknown 0x${byte.toString(16)}`);
      return 1;
    }
    this.put(decodeByte(byte, this.codepage));
    return 1;
  }

  private put(char: string): void {
    const line = this.screen[this.row];
    if (line) line[this.column] = char;
    this.column++;
    if (this.column < DISPLAY_COLUMNS) return;
    this.column = 0;
    if (this.row < DISPLAY_ROWS - 1) this.row++;
    else if (this.mode === 'vertical') this.scroll();
    else this.row = 0;
  }

  private lineFeed(): void {
    if (this.row < DISPLAY_ROWS - 1) this.row++;
    else if (this.mode === 'vertical') this.scroll();
    else this.row = 0;
  }

  private scroll(): void {
    this.screen.shift();
    this.screen.push(Array<string>(DISPLAY_COLUMNS).fill(' '));
  }

  private clear(): void {
    this.screen = Array.from({ length: DISPLAY_ROWS }, () =>
      Array<string>(DISPLAY_COLUMNS).fill(' '),
    );
    this.row = 0;
    this.column = 0;
  }
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

// ---------------------------------------------------------------------------------------------
// Simulator, no display, and the factory

export interface SimDisplayOptions extends DisplayOptions {
  /** The simulated display's line (to unplug it in tests); a new one if omitted. */
  simLine?: SimLine;
  reconnect?: LinkOptions;
}

/**
 * A customer display for demos and tests: the real driver, through a ReconnectingLink, writing
 * into an emulator of the display on a SimLine, so `lines()` is what a DM-D would show for the
 * same bytes. `simLine.unplug()` / `plug()` take it away and bring it back.
 */
export class SimDisplay extends EscPosDisplay {
  readonly simLine: SimLine;
  readonly emulator = new DisplayEmulator();
  private readonly changeListeners = new Listeners<[Screen]>();

  constructor(options: SimDisplayOptions) {
    const simLine = options.simLine ?? new SimLine('sim:display');
    super(new ReconnectingLink(() => simLine.createTransport(), options.reconnect), {
      name: 'sim:display',
      ...options,
    });
    this.simLine = simLine;
    simLine.onWrite((bytes) => {
      this.emulator.feed(bytes);
      this.changeListeners.emit(this.emulator.lines());
    });
  }

  /** What the simulated display shows now. */
  lines(): Screen {
    return this.emulator.lines();
  }

  /** Every command received, by name. */
  commands(): readonly string[] {
    return this.emulator.commands;
  }

  /** Hears each change of the simulated screen (a mirror on the till's screen, in a demo). */
  onChange(listener: (screen: Screen) => void): Unsubscribe {
    return this.changeListeners.add(listener);
  }
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

export interface CreateDisplayOptions extends DisplayOptions {
  /** Backoff, timers and timeouts of the reconnecting line. */
  reconnect?: LinkOptions;
  /** What transports need (timeouts). */
  transport?: TransportDeps;
  /** Replaces the transport the configuration names (tests, benches). */
  createTransport?: TransportFactory;
  /** sim: the simulated display's line. */
  simLine?: SimLine;
}

/** The display a configuration (drivers/uri.ts, `parseDeviceUri('display', ...)`) names. Not started. */
export function createDisplay(
  config: DisplayConfig,
  options: CreateDisplayOptions,
): CustomerDisplay {
  const { reconnect, transport, createTransport: factory, simLine, ...driver } = options;
  switch (config.transport) {
    case 'none':
      return new NoDisplay(driver);
    case 'sim':
      return new SimDisplay({
        ...driver,
        ...(simLine ? { simLine } : {}),
        ...(reconnect ? { reconnect } : {}),
      });
    case 'serial': {
      const link = new ReconnectingLink(
        factory ?? (() => createTransport(config, transport)),
        reconnect,
      );
      return new EscPosDisplay(link, { name: config.uri, ...driver });
    }
  }
}
