/**
 * Customer display protocol: what the two lines say and the bytes that make a display show them.
 * Pure: bytes in, bytes out, no I/O and no timers. The display is a 2 x 20 character pole display
 * (Epson DM-D110 / DM-D210 / DM-D30 and the many displays with an "Epson" command mode).
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
 * The driver (driver.ts) sends the initialisation whenever the line (re)connects, followed by the
 * current screen (a display that was unplugged or switched off lost it all), and after a failed
 * write.
 *
 * ## Characters
 * `ESC t n` pages, Epson numbering (DM-D110 supports n = 0-5, 16-19):
 * - `pc858` (n = 19, the default): PC850 with € at 0xD5; é è à ç ë ê ô ü É and € all print;
 * - `wpc1252` (n = 16): Windows-1252, € at 0x80;
 * - `pc850` (n = 2) and `pc437` (n = 0): for displays that only have pages 0-5 (many clones in
 *   Epson mode): the accents print, € cannot and is shown as "EUR".
 * The pages' characters come from @point-of-sale/codepage-encoder, the tables the receipt
 * printer's encoder uses too. Any other character is replaced: typographic quotes and dashes by
 * ASCII, letters by their unaccented form (ő -> o), œ by oe, anything else by `?`; control
 * characters become spaces, so a product name can never send a command. Each character is one
 * column: text is laid out after this replacement, so "EUR" counts three columns.
 */
import CodepageEncoder, { type Codepage } from '@point-of-sale/codepage-encoder';

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

export const DISPLAY_CODEPAGES = ['pc858', 'wpc1252', 'pc850', 'pc437'] as const;
export type DisplayCodepage = (typeof DISPLAY_CODEPAGES)[number];

/** Each page's name in @point-of-sale/codepage-encoder, and n of `ESC t n`. */
const PAGES: Record<DisplayCodepage, { readonly library: Codepage; readonly escT: number }> = {
  pc858: { library: 'cp858', escT: 19 },
  wpc1252: { library: 'windows1252', escT: 16 },
  pc850: { library: 'cp850', escT: 2 },
  pc437: { library: 'cp437', escT: 0 },
};

interface CodepageTable {
  /** The characters of bytes 0x80-0xFF, U+FFFD where a byte has none. */
  readonly high: readonly string[];
  readonly encode: ReadonlyMap<string, number>;
}

/**
 * Only the upper half is taken from the library: below 0x80 the display is sent printable ASCII
 * alone, since the library's cp437 family places glyphs (§ ¶ •) on bytes 0x01-0x1F, which a
 * display takes as commands.
 */
function table(codepage: DisplayCodepage): CodepageTable {
  const points = CodepageEncoder.getCodepoints(PAGES[codepage].library, true).slice(0x80);
  if (points.length !== 128) throw new Error(`codepage ${codepage}: ${points.length} chars`);
  const high = points.map((point) => (point > 0 ? String.fromCodePoint(point) : '\ufffd'));
  const encode = new Map<string, number>();
  high.forEach((char, i) => {
    // The no-break spaces are written as plain spaces (see sanitize); unused slots never.
    if (char !== '\ufffd' && char !== '\u00a0' && !encode.has(char)) encode.set(char, 0x80 + i);
  });
  return { high, encode };
}

const TABLES: Record<DisplayCodepage, CodepageTable> = {
  pc858: table('pc858'),
  wpc1252: table('wpc1252'),
  pc850: table('pc850'),
  pc437: table('pc437'),
};

/** `ESC t n` of each page, and the page of each n (for decoding). */
export function codepageNumber(codepage: DisplayCodepage): number {
  return PAGES[codepage].escT;
}

export function codepageOf(escT: number): DisplayCodepage | undefined {
  return DISPLAY_CODEPAGES.find((name) => PAGES[name].escT === escT);
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
