/**
 * Decodes an ESC/POS byte stream back into what a printer would do with it: lines of text
 * (with their emphasis) and the commands (init, code page, bold, size, align, barcode, cut,
 * drawer pulse, DLE EOT status requests). Its code page tables are written out here from the
 * code page charts, independently of the encoder's, so that a round trip checks both.
 */

import { mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReconnectingLink } from '../../drivers/reconnect';
import { SerialTransport } from '../../drivers/transports/serial';
import { createPtyPair, type PtyPair } from './pty';

export type DecoderCodepage = 'cp437' | 'cp850' | 'cp858' | 'windows1252';

/** ESC t n -> code page, as Epson numbers them (Star in ESC/POS mode and most clones agree). */
export const EPSON_CODEPAGES: Readonly<Record<number, DecoderCodepage>> = {
  0: 'cp437',
  2: 'cp850',
  16: 'windows1252',
  19: 'cp858',
};

// The upper halves (0x80-0xFF) of the IBM code pages.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
const CP850_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' +
  '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';
// cp858 is cp850 with the euro sign in place of the dotless i (0xD5).
const CP858_HIGH = CP850_HIGH.slice(0, 0x55) + '€' + CP850_HIGH.slice(0x56);

// windows-1252: its own 0x80-0x9F ('\uFFFD' where it has nothing), then Latin-1. (Node's
// TextDecoder('windows-1252') decodes as ISO-8859-1, so it is written out here too.)
const WINDOWS_1252_C1 = '€\uFFFD‚ƒ„…†‡ˆ‰Š‹Œ\uFFFDŽ\uFFFD\uFFFD‘’“”•–—˜™š›œ\uFFFDžŸ';
const LATIN1_HIGH = Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)).join('');

const HIGH_HALVES: Record<DecoderCodepage, string[]> = {
  cp437: [...CP437_HIGH],
  cp850: [...CP850_HIGH],
  cp858: [...CP858_HIGH],
  windows1252: [...(WINDOWS_1252_C1 + LATIN1_HIGH)],
};
for (const [name, table] of Object.entries(HIGH_HALVES)) {
  if (table.length !== 128) throw new Error(`${name}: ${table.length} characters, not 128`);
}

/** One byte as a character in a code page; '\uFFFD' when the page is unknown. */
export function decodeByte(byte: number, codepage: DecoderCodepage | null): string {
  if (byte < 0x80) return String.fromCharCode(byte);
  if (codepage === null) return '\uFFFD';
  return HIGH_HALVES[codepage][byte - 0x80] ?? '\uFFFD';
}

export type Align = 'left' | 'center' | 'right';

export type EscPosCommand =
  | { type: 'init' }
  | { type: 'character-mode'; mode: 'single-byte' | 'kanji' }
  | { type: 'font'; font: string }
  | { type: 'codepage'; number: number; name: DecoderCodepage | null }
  | { type: 'bold'; on: boolean }
  | { type: 'underline'; on: boolean }
  | { type: 'italic'; on: boolean }
  | { type: 'invert'; on: boolean }
  | { type: 'size'; width: number; height: number }
  | { type: 'align'; align: Align }
  | { type: 'line-spacing'; dots: number | null }
  | { type: 'motion-units'; x: number; y: number }
  | { type: 'barcode-setting'; setting: 'height' | 'width' | 'text'; value: number }
  | { type: 'barcode'; symbology: string; data: string }
  | { type: 'cut'; partial: boolean; feed: number | null }
  | { type: 'pulse'; pin: 2 | 5; onMs: number; offMs: number; realTime: boolean }
  | { type: 'status-request'; n: number }
  | { type: 'feed'; lines: number | null; dots: number | null }
  | { type: 'unknown'; bytes: number[] };

/** A command and the index of the line it came in (the line being printed when it arrived). */
export type LocatedCommand = EscPosCommand & { line: number; offset: number };

export interface DecodedLine {
  text: string;
  /** Some of the line's characters were bold. */
  bold: boolean;
  /** The largest character width and height on the line (1 = normal). */
  width: number;
  height: number;
  align: Align;
}

export interface DecodedEscPos {
  lines: DecodedLine[];
  /** The lines' text, trailing spaces removed. */
  text: string[];
  commands: LocatedCommand[];
  /** Bytes the decoder did not know: a test should expect none. */
  unknown: (Extract<EscPosCommand, { type: 'unknown' }> & { line: number; offset: number })[];
  /** The stream ended inside a command, or with text not followed by a line feed. */
  incomplete: boolean;
}

export interface DecodeOptions {
  codepages?: Readonly<Record<number, DecoderCodepage>>;
}

const BARCODES: Readonly<Record<number, string>> = {
  0: 'upca',
  1: 'upce',
  2: 'ean13',
  3: 'ean8',
  4: 'code39',
  5: 'itf',
  6: 'codabar',
  65: 'upca',
  66: 'upce',
  67: 'ean13',
  68: 'ean8',
  69: 'code39',
  70: 'itf',
  71: 'codabar',
  72: 'code93',
  73: 'code128',
  74: 'gs1-128',
  75: 'gs1-databar-omni',
  76: 'gs1-databar-truncated',
  77: 'gs1-databar-limited',
  78: 'gs1-databar-expanded',
  79: 'code128-auto',
};

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const LF = 0x0a;
const CR = 0x0d;

class Truncated extends Error {}

/** Decodes a whole ESC/POS stream. Never throws: unknown bytes are listed in `unknown`. */
export function decodeEscPos(input: Uint8Array, options: DecodeOptions = {}): DecodedEscPos {
  const bytes = input;
  const codepages = options.codepages ?? EPSON_CODEPAGES;
  const lines: DecodedLine[] = [];
  const commands: LocatedCommand[] = [];
  let codepage: DecoderCodepage | null = 'cp437';
  let bold = false;
  let size = { width: 1, height: 1 };
  let align: Align = 'left';
  let current: DecodedLine | null = null;
  let incomplete = false;

  const line = (): DecodedLine => {
    current ??= { text: '', bold: false, width: 1, height: 1, align };
    return current;
  };
  const endLine = () => {
    lines.push(line());
    current = null;
  };
  const reset = () => {
    codepage = 'cp437';
    bold = false;
    size = { width: 1, height: 1 };
    align = 'left';
  };

  let i = 0;
  const byte = (at: number): number => {
    const value = bytes[at];
    if (value === undefined) throw new Truncated();
    return value;
  };
  const emit = (command: EscPosCommand, start: number) => {
    commands.push({ ...command, line: lines.length, offset: start });
  };

  while (i < bytes.length) {
    const start = i;
    const b = byte(i);
    try {
      if (b === LF) {
        endLine();
        i += 1;
      } else if (b === CR) {
        i += 1;
      } else if (b >= 0x20 && b !== 0x7f) {
        const l = line();
        l.text += decodeByte(b, codepage);
        if (b !== 0x20) {
          l.bold ||= bold;
          l.width = Math.max(l.width, size.width);
          l.height = Math.max(l.height, size.height);
        }
        i += 1;
      } else if (b === ESC) {
        const c = byte(i + 1);
        switch (c) {
          case 0x40: // ESC @
            reset();
            emit({ type: 'init' }, start);
            i += 2;
            break;
          case 0x74: // ESC t n
            codepage = codepages[byte(i + 2)] ?? null;
            emit({ type: 'codepage', number: byte(i + 2), name: codepage }, start);
            i += 3;
            break;
          case 0x45: // ESC E n
            bold = (byte(i + 2) & 1) === 1;
            emit({ type: 'bold', on: bold }, start);
            i += 3;
            break;
          case 0x2d: // ESC - n
            emit({ type: 'underline', on: byte(i + 2) % 48 !== 0 }, start);
            i += 3;
            break;
          case 0x34: // ESC 4 n
            emit({ type: 'italic', on: (byte(i + 2) & 1) === 1 }, start);
            i += 3;
            break;
          case 0x4d: // ESC M n
            emit({ type: 'font', font: String.fromCharCode(0x41 + (byte(i + 2) % 48)) }, start);
            i += 3;
            break;
          case 0x61: {
            // ESC a n
            const n = byte(i + 2) % 48;
            align = n === 1 ? 'center' : n === 2 ? 'right' : 'left';
            emit({ type: 'align', align }, start);
            i += 3;
            break;
          }
          case 0x32: // ESC 2
            emit({ type: 'line-spacing', dots: null }, start);
            i += 2;
            break;
          case 0x33: // ESC 3 n
            emit({ type: 'line-spacing', dots: byte(i + 2) }, start);
            i += 3;
            break;
          case 0x64: // ESC d n
            for (let k = 0; k < byte(i + 2); k++) endLine();
            emit({ type: 'feed', lines: byte(i + 2), dots: null }, start);
            i += 3;
            break;
          case 0x4a: // ESC J n
            emit({ type: 'feed', lines: null, dots: byte(i + 2) }, start);
            i += 3;
            break;
          case 0x70: // ESC p m t1 t2
            emit(
              {
                type: 'pulse',
                pin: byte(i + 2) % 48 === 0 ? 2 : 5,
                onMs: byte(i + 3) * 2,
                offMs: byte(i + 4) * 2,
                realTime: false,
              },
              start,
            );
            i += 5;
            break;
          default:
            emit({ type: 'unknown', bytes: [b, c] }, start);
            i += 2;
        }
      } else if (b === GS) {
        const c = byte(i + 1);
        switch (c) {
          case 0x21: {
            // GS ! n
            const n = byte(i + 2);
            size = { width: (n >> 4) + 1, height: (n & 0x0f) + 1 };
            emit({ type: 'size', ...size }, start);
            i += 3;
            break;
          }
          case 0x42: // GS B n
            emit({ type: 'invert', on: (byte(i + 2) & 1) === 1 }, start);
            i += 3;
            break;
          case 0x68: // GS h n
            emit({ type: 'barcode-setting', setting: 'height', value: byte(i + 2) }, start);
            i += 3;
            break;
          case 0x77: // GS w n
            emit({ type: 'barcode-setting', setting: 'width', value: byte(i + 2) }, start);
            i += 3;
            break;
          case 0x48: // GS H n
            emit({ type: 'barcode-setting', setting: 'text', value: byte(i + 2) }, start);
            i += 3;
            break;
          case 0x50: // GS P x y
            emit({ type: 'motion-units', x: byte(i + 2), y: byte(i + 3) }, start);
            i += 4;
            break;
          case 0x6b: {
            // GS k m ...: m <= 6 data NUL-terminated; m >= 65 length then data
            const m = byte(i + 2);
            let data: number[];
            if (m <= 6) {
              let end = i + 3;
              while (byte(end) !== 0) end += 1;
              data = [...bytes.subarray(i + 3, end)];
              i = end + 1;
            } else {
              const n = byte(i + 3);
              byte(i + 3 + n);
              data = [...bytes.subarray(i + 4, i + 4 + n)];
              i += 4 + n;
            }
            let text = String.fromCharCode(...data);
            const symbology = BARCODES[m] ?? `unknown-${m}`;
            // CODE128: {A {B {C pick a code set; {{ is a literal brace.
            if (symbology === 'code128')
              text = text.replace(/\{([ABC{])/g, (_, x: string) => (x === '{' ? '{' : ''));
            emit({ type: 'barcode', symbology, data: text }, start);
            break;
          }
          case 0x56: {
            // GS V m [n]
            const m = byte(i + 2);
            if (m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104) {
              emit({ type: 'cut', partial: m % 2 === 0, feed: byte(i + 3) }, start);
              i += 4;
            } else {
              emit({ type: 'cut', partial: m === 1 || m === 49, feed: null }, start);
              i += 3;
            }
            break;
          }
          case 0x28: {
            // GS ( fn pL pH data...: skipped whole
            const length = byte(i + 3) + byte(i + 4) * 256;
            byte(i + 4 + length);
            emit({ type: 'unknown', bytes: [...bytes.subarray(i, i + 5 + length)] }, start);
            i += 5 + length;
            break;
          }
          default:
            emit({ type: 'unknown', bytes: [b, c] }, start);
            i += 2;
        }
      } else if (b === FS) {
        const c = byte(i + 1);
        if (c === 0x2e || c === 0x26) {
          emit({ type: 'character-mode', mode: c === 0x2e ? 'single-byte' : 'kanji' }, start);
        } else {
          emit({ type: 'unknown', bytes: [b, c] }, start);
        }
        i += 2;
      } else if (b === DLE) {
        const c = byte(i + 1);
        if (c === 0x04) {
          // DLE EOT n
          emit({ type: 'status-request', n: byte(i + 2) }, start);
          i += 3;
        } else if (c === 0x14 && byte(i + 2) === 1) {
          // DLE DC4 1 m t: real-time pulse, t x 100 ms on and off
          const t = byte(i + 4);
          emit(
            {
              type: 'pulse',
              pin: byte(i + 3) === 0 ? 2 : 5,
              onMs: t * 100,
              offMs: t * 100,
              realTime: true,
            },
            start,
          );
          i += 5;
        } else {
          emit({ type: 'unknown', bytes: [b, c] }, start);
          i += 2;
        }
      } else {
        emit({ type: 'unknown', bytes: [b] }, start);
        i += 1;
      }
    } catch (error) {
      if (!(error instanceof Truncated)) throw error;
      incomplete = true;
      break;
    }
  }
  const last = current as DecodedLine | null;
  if (last !== null && last.text !== '') {
    lines.push(last);
    incomplete = true;
  }
  return {
    lines,
    text: lines.map((l) => l.text.trimEnd()),
    commands,
    unknown: commands.filter(
      (command): command is DecodedEscPos['unknown'][number] => command.type === 'unknown',
    ),
    incomplete,
  };
}

/** The commands of one type, typed. */
export function commandsOf<T extends EscPosCommand['type']>(
  decoded: DecodedEscPos,
  type: T,
): (Extract<EscPosCommand, { type: T }> & { line: number; offset: number })[] {
  return decoded.commands.filter(
    (command): command is Extract<EscPosCommand, { type: T }> & { line: number; offset: number } =>
      command.type === type,
  );
}

function describeCommand(command: EscPosCommand): string | null {
  switch (command.type) {
    case 'barcode':
      return `[barcode ${command.symbology} "${command.data}"]`;
    case 'cut':
      return `[${command.partial ? 'partial' : 'full'} cut]`;
    case 'pulse':
      return `[drawer pulse pin ${command.pin}: ${command.onMs} ms on, ${command.offMs} ms off]`;
    case 'status-request':
      return `[DLE EOT ${command.n}]`;
    case 'codepage':
      return `[code page ${command.number}: ${command.name ?? 'unknown'}]`;
    case 'init':
      return '[init]';
    case 'unknown':
      return `[unknown ${command.bytes.map((x) => x.toString(16).padStart(2, '0')).join(' ')}]`;
    default:
      return null;
  }
}

/**
 * The stream for a person: each line of text (bold lines marked with '*', large ones with '^'
 * in a left margin), and the commands that matter (barcode, cut, pulse, code page) in place.
 */
export function describeEscPos(bytes: Uint8Array, options: DecodeOptions = {}): string {
  const decoded = decodeEscPos(bytes, options);
  const out: string[] = [];
  let next = 0;
  const flushCommands = (upToLine: number) => {
    while (next < decoded.commands.length && (decoded.commands[next]?.line ?? 0) <= upToLine) {
      const text = describeCommand(decoded.commands[next] as EscPosCommand);
      if (text) out.push(`   ${text}`);
      next += 1;
    }
  };
  decoded.lines.forEach((line, index) => {
    flushCommands(index);
    const mark = `${line.bold ? '*' : ' '}${line.width > 1 || line.height > 1 ? '^' : ' '} `;
    out.push(`${mark}|${line.text.trimEnd()}`);
  });
  flushCommands(Number.MAX_SAFE_INTEGER);
  if (decoded.incomplete) out.push('   [stream ends mid-command or mid-line]');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The printer's end of a pty

/** What a fake printer answers DLE EOT with (see drivers/printer/simulator.ts statusAnswer). */
export interface FakePrinterState {
  coverOpen?: boolean;
  paperOut?: boolean;
  paperNearEnd?: boolean;
  /** Pin 3 of the drawer connector; high (a closed drawer, Epson's default wiring) unless set. */
  drawerPin3High?: boolean;
  /** Switched off: no answer. */
  silent?: boolean;
}

function answerByte(n: number, s: FakePrinterState): number {
  const offline = Boolean(s.coverOpen || s.paperOut);
  if (n === 1) return 0x12 | (s.drawerPin3High === false ? 0 : 0x04) | (offline ? 0x08 : 0);
  if (n === 2) return 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0);
  if (n === 4) return 0x12 | (s.paperNearEnd ? 0x0c : 0) | (s.paperOut ? 0x60 : 0);
  return 0x12;
}

export interface FakePrinter {
  /** Change what the printer says about itself from now on. */
  state: FakePrinterState;
  received(): Buffer;
  decoded(): DecodedEscPos;
  /** Resolves once the decoded stream satisfies the predicate (checked as bytes arrive). */
  waitFor(
    predicate: (decoded: DecodedEscPos) => boolean,
    timeoutMs?: number,
  ): Promise<DecodedEscPos>;
  /** How many DLE EOT n requests came so far. */
  statusRequests(n?: number): number;
  stop(): void;
}

/**
 * Plays an ESC/POS printer at the peer end of a pty pair: records and decodes what the driver
 * sends and answers its DLE EOT requests from `state`. Bytes are looked at every few ms.
 */
export function fakePrinter(
  pair: {
    peerReader(): { received(): Buffer; close(): void };
    peerWrite(bytes: Uint8Array | string): void;
  },
  initial: FakePrinterState = {},
): FakePrinter {
  const reader = pair.peerReader();
  let requests: number[] = [];
  const printer: FakePrinter = {
    state: { ...initial },
    received: () => reader.received(),
    decoded: () => decodeEscPos(reader.received()),
    statusRequests: (n) => requests.filter((r) => n === undefined || r === n).length,
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const check = () => {
          const decoded = printer.decoded();
          if (predicate(decoded)) return resolve(decoded);
          if (Date.now() > deadline) {
            return reject(
              new Error(
                `the fake printer waited ${timeoutMs} ms in vain; it got:\n${describeEscPos(reader.received())}`,
              ),
            );
          }
          setTimeout(check, 10);
        };
        check();
      });
    },
    stop() {
      clearInterval(timer);
      reader.close();
    },
  };
  const timer = setInterval(() => {
    const bytes = reader.received();
    // Decoding from the start each time keeps DLE EOT apart from command parameters.
    const status = commandsOf(decodeEscPos(bytes), 'status-request');
    const fresh = status.slice(requests.length);
    if (fresh.length === 0) return;
    requests = status.map((command) => command.n);
    if (printer.state.silent) return;
    try {
      pair.peerWrite(Uint8Array.from(fresh.map((command) => answerByte(command.n, printer.state))));
    } catch {
      // The line is gone; the test knows.
    }
  }, 5);
  return printer;
}

// ---------------------------------------------------------------------------------------------
// A printer on a real serial line that can be unplugged and plugged back

export interface PrinterPty {
  /** The stable path the driver opens: a symlink to the current pty (as /dev/serial/by-id/...). */
  readonly path: string;
  /** The printer at the other end of the current pty. */
  readonly peer: FakePrinter;
  /** The printer's end goes away (socat killed): the driver's line drops. */
  unplug(): Promise<void>;
  /** A new pty behind the same path, with a fresh fake printer in the same state. */
  plug(): Promise<FakePrinter>;
  close(): Promise<void>;
}

export async function printerPty(state: FakePrinterState = {}): Promise<PrinterPty> {
  const dir = mkdtempSync(join(tmpdir(), 'emm-printer-'));
  const path = join(dir, 'printer');
  let pair: PtyPair | null = null;
  let peer: FakePrinter | null = null;
  let carried: FakePrinterState = { ...state };
  const plug = async (): Promise<FakePrinter> => {
    pair = await createPtyPair();
    const next = join(dir, 'next');
    symlinkSync(pair.device, next);
    renameSync(next, path);
    peer = fakePrinter(pair, carried);
    return peer;
  };
  const unplug = async () => {
    if (peer) carried = { ...peer.state };
    peer?.stop();
    await pair?.kill();
    pair = null;
  };
  await plug();
  return {
    path,
    get peer() {
      if (!peer) throw new Error('the printer is unplugged');
      return peer;
    },
    unplug,
    plug,
    async close() {
      await unplug();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The driver's side: a serial line to `path` that reconnects quickly (a test's backoff). */
export function serialPrinterLine(path: string): ReconnectingLink {
  return new ReconnectingLink(
    () => new SerialTransport({ path, baudRate: 19200, dataBits: 8, parity: 'none', stopBits: 1 }),
    { name: `serial:${path}`, initialDelayMs: 50, maxDelayMs: 400 },
  );
}
