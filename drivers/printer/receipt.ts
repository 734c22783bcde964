import ReceiptPrinterEncoder, {
  type ReceiptPrinterEncoderOptions,
} from '@point-of-sale/receipt-printer-encoder';
import type { Locale } from '../../domain/money';
import { receiptBarcode, type ReceiptDocument } from '../../domain/receipt';
import { type SessionReportDocument } from '../../domain/report-document';
import {
  receiptLabel,
  receiptMarks,
  renderReceiptText,
  renderSessionReportText,
  wrapText,
  type ReceiptWidth,
} from '../../domain/receipt-text';
import { encodeDrawerPulse, type DrawerPulse } from '../drawer/codec';

/**
 * The till core's receipt and report documents as ESC/POS bytes. The layout is the one the
 * screen shows (renderReceiptText / renderSessionReportText); the printer only adds emphasis:
 * a large shop name, a bold TOTAL, a marked DUPLICATA, the ticket's barcode and the cut.
 */

/**
 * Code pages that print é è à ç ë and €. cp858 (PC858, "multilingual + euro") is ESC t 19 on
 * Epson, Star (ESC/POS mode), Bixolon and most clones, € being byte 0xD5; windows1252 (WPC1252,
 * ESC t 16) also has œ and typographic quotes, € being 0x80.
 */
export type EscPosCodepage = 'cp858' | 'windows1252';

/** Which ESC t number each code page has on a printer family; 'epson' suits most printers. */
export type CodepageMapping = NonNullable<ReceiptPrinterEncoderOptions['codepageMapping']>;

export interface EscPosOptions {
  /** Characters per line: 42 (80 mm paper, font A) or 48 (80 mm, narrower font). */
  width?: ReceiptWidth;
  locale?: Locale;
  /** Where dates are shown; 'Europe/Brussels' unless told. */
  timeZone?: string;
  codepage?: EscPosCodepage;
  codepageMapping?: CodepageMapping;
  /** Blank lines fed before the cut so that the last line clears the cutter. */
  feedBeforeCut?: number;
  cut?: 'partial' | 'full' | 'none';
}

export interface ReceiptEncodeOptions extends EscPosOptions {
  /** Print the ticket number as a CODE128 barcode (scanned to find the ticket for a refund). */
  barcode?: boolean;
  /** Open the drawer as the receipt starts printing. */
  drawer?: DrawerPulse | null;
}

interface Resolved {
  width: ReceiptWidth;
  locale: Locale;
  timeZone: string | undefined;
  codepage: EscPosCodepage;
  codepageMapping: CodepageMapping;
  feedBeforeCut: number;
  cut: 'partial' | 'full' | 'none';
}

function resolve(options: EscPosOptions): Resolved {
  const width = options.width ?? 42;
  if (width !== 42 && width !== 48) throw new RangeError(`A receipt is 42 or 48 columns wide`);
  const feedBeforeCut = options.feedBeforeCut ?? 4;
  if (!Number.isInteger(feedBeforeCut) || feedBeforeCut < 0 || feedBeforeCut > 20) {
    throw new RangeError(`feedBeforeCut must be 0 to 20 lines, not ${feedBeforeCut}`);
  }
  return {
    width,
    locale: options.locale ?? 'fr-BE',
    timeZone: options.timeZone,
    codepage: options.codepage ?? 'cp858',
    codepageMapping: options.codepageMapping ?? 'epson',
    feedBeforeCut,
    cut: options.cut ?? 'partial',
  };
}

function newEncoder(o: Resolved): ReceiptPrinterEncoder {
  const encoder = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns: o.width,
    codepageMapping: o.codepageMapping,
    // Feeding is done here, so that it is the same whatever the printer model.
    feedBeforeCut: 0,
    newline: '\n',
  });
  // One fixed code page: every line selects it, no switching page by page.
  return encoder.initialize().codepage(o.codepage);
}

// ---------------------------------------------------------------------------------------------
// Text the printer can print

/** Characters windows-1252 has beyond Latin-1 (its 0x80-0x9F range). */
const WINDOWS_1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Look-alikes for characters the code page lacks; anything else unknown prints as '?'. */
const FALLBACKS: Readonly<Record<string, string>> = {
  œ: 'oe',
  Œ: 'OE',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '‹': '<',
  '›': '>',
  '–': '-',
  '—': '-',
  '‐': '-',
  '‑': '-',
  '−': '-',
  '…': '...',
  '•': '*',
  '\u202f': ' ',
  '\u2009': ' ',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
};

const isLatin1Printable = (code: number): boolean =>
  (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff);

/**
 * Text made safe for the code page: control characters (which a printer would take as commands)
 * become spaces, characters the page lacks become a look-alike (œ -> oe, ő -> o) or '?'.
 * cp858 holds all of Latin-1 and €; windows-1252 also œ Œ Š š Ž ž Ÿ and typographic quotes.
 */
export function printableText(text: string, codepage: EscPosCodepage = 'cp858'): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0x3f;
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
      out += ' ';
    } else if (codepage === 'cp858' && (char === '§' || char === '¶')) {
      // cp858 has them at 0xF5 and 0xF4, but the encoder picks the IBM glyphs at 0x15 and 0x14,
      // which a printer takes as control codes.
      out += char === '§' ? 'S' : 'P';
    } else if (code < 0x7f || (code >= 0xa0 && code <= 0xff) || char === '€') {
      // Latin-1 (all of it is in cp858 and in windows-1252) and the euro sign.
      out += char;
    } else if (codepage === 'windows1252' && WINDOWS_1252_EXTRA.has(char)) {
      out += char;
    } else if (FALLBACKS[char] !== undefined) {
      out += FALLBACKS[char];
    } else {
      const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      const usable = base.length > 0 && [...base].every((c) => isLatin1Printable(c.charCodeAt(0)));
      out += usable ? base : '?';
    }
  }
  return out;
}

/** Every string of a document made printable, before the layout, so that columns still line up. */
function printableDocument<T>(value: T, codepage: EscPosCodepage): T {
  if (typeof value === 'string') return printableText(value, codepage) as T;
  if (Array.isArray(value))
    return value.map((item: unknown) => printableDocument(item, codepage)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, printableDocument(item, codepage)]),
    ) as T;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Documents

interface Emphasis {
  bold?: boolean;
  /** Double width and height. */
  large?: boolean;
  /** Double height only: the line keeps its columns. */
  tall?: boolean;
}

function printLine(encoder: ReceiptPrinterEncoder, text: string, o: Resolved, emphasis: Emphasis) {
  const safe = printableText(text, o.codepage).trimEnd();
  if (emphasis.large) encoder.size(2, 2);
  else if (emphasis.tall) encoder.size(1, 2);
  if (emphasis.bold) encoder.bold(true);
  encoder.line(safe);
  if (emphasis.bold) encoder.bold(false);
  if (emphasis.large || emphasis.tall) encoder.size(1, 1);
}

/** A title centred in double width when it fits in half the columns, else double height. */
function printTitle(encoder: ReceiptPrinterEncoder, text: string, o: Resolved) {
  const half = o.width / 2;
  const safe = printableText(text.trim(), o.codepage);
  if (safe.length <= half) {
    encoder.align('center').size(2, 2).bold(true).line(safe).bold(false).size(1, 1).align('left');
  } else {
    for (const line of wrapText(safe, o.width)) {
      encoder.align('center').size(1, 2).bold(true).line(line).bold(false).size(1, 1);
    }
    encoder.align('left');
  }
}

function finish(encoder: ReceiptPrinterEncoder, o: Resolved): Uint8Array {
  if (o.cut !== 'none') {
    encoder.newline(o.feedBeforeCut);
    encoder.cut(o.cut);
  }
  const bytes = encoder.encode();
  // The encoder feeds a line after the cut: it would only leave a blank line atop the next one.
  const n = bytes.length;
  if (n >= 4 && bytes[n - 4] === 0x1d && bytes[n - 3] === 0x56 && bytes[n - 1] === 0x0a) {
    return bytes.slice(0, n - 1);
  }
  return bytes;
}

/**
 * What the ticket's barcode holds: its number as printed (the till's are digits), which the
 * refund screen looks up.
 */
export function ticketBarcodeData(ticketNumber: string): string {
  const data = receiptBarcode(ticketNumber);
  if (data === null) {
    throw new RangeError(
      `A ticket number for a barcode is 1 to 32 ASCII characters: ${JSON.stringify(ticketNumber)}`,
    );
  }
  return data;
}

/**
 * The document's barcode; a receipt queued before documents carried one prints its number. A
 * number no barcode can hold still gets its receipt, without the barcode.
 */
function barcodeOf(doc: ReceiptDocument): string | null {
  return doc.barcode === undefined ? receiptBarcode(doc.ticketNumber) : doc.barcode;
}

/** A paid ticket's receipt (or its duplicate) as ESC/POS bytes, ending with a cut. */
export function encodeReceipt(
  document: ReceiptDocument,
  options: ReceiptEncodeOptions = {},
): Uint8Array {
  const o = resolve(options);
  const doc = printableDocument(document, o.codepage);
  const encoder = newEncoder(o);
  if (options.drawer) {
    // First, so that the drawer opens while the receipt prints.
    encoder.raw(encodeDrawerPulse(options.drawer));
  }
  const lines = renderReceiptText(doc, { width: o.width, locale: o.locale, timeZone: o.timeZone });
  const duplicateLines = receiptMarks(doc, o.width, o.locale).length;
  const shopNameLines = wrapText(doc.header.shopName, o.width).length;
  const total = `${receiptLabel('total', o.locale)} `;
  const due = [receiptLabel('due', o.locale), receiptLabel('dueRefund', o.locale)].map(
    (label) => `${label} `,
  );

  let i = 0;
  const duplicateMark = () => {
    for (let k = 0; k < duplicateLines; k++)
      printLine(encoder, lines[i++] ?? '', o, { bold: true, tall: true });
  };
  duplicateMark();
  printTitle(encoder, doc.header.shopName, o);
  i += shopNameLines;
  const end = lines.length - duplicateLines;
  for (; i < end; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith(total)) printLine(encoder, line, o, { bold: true, tall: true });
    else if (due.some((label) => line.startsWith(label)))
      printLine(encoder, line, o, { bold: true });
    else printLine(encoder, line, o, {});
  }
  const barcode = (options.barcode ?? true) && barcodeOf(doc);
  if (barcode) {
    encoder.newline();
    encoder
      .align('center')
      .barcode(barcode, 'code128', {
        height: 60,
        width: 2,
        text: 'below',
      })
      .align('left');
  }
  duplicateMark();
  return finish(encoder, o);
}

/** An X (running) or Z (closing) report as ESC/POS bytes, ending with a cut. */
export function encodeSessionReport(
  document: SessionReportDocument,
  options: EscPosOptions = {},
): Uint8Array {
  const o = resolve(options);
  const doc = printableDocument(document, o.codepage);
  const encoder = newEncoder(o);
  const lines = renderSessionReportText(doc, {
    width: o.width,
    locale: o.locale,
    timeZone: o.timeZone,
  });
  const duplicateLines = receiptMarks(doc, o.width, o.locale).length;
  const title = receiptLabel(doc.kind === 'X' ? 'xReport' : 'zReport', o.locale);
  const sections = new Set(
    (['tickets', 'totals', 'vat', 'payments', 'cashSection', 'byCategory'] as const).map((key) =>
      receiptLabel(key, o.locale),
    ),
  );
  let i = 0;
  const duplicateMark = () => {
    for (let k = 0; k < duplicateLines; k++)
      printLine(encoder, lines[i++] ?? '', o, { bold: true, tall: true });
  };
  duplicateMark();
  printTitle(encoder, doc.header.shopName, o);
  i += wrapText(doc.header.shopName, o.width).length;
  const end = lines.length - duplicateLines;
  for (; i < end; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === title) printTitle(encoder, title, o);
    else if (sections.has(line)) printLine(encoder, line, o, { bold: true });
    else printLine(encoder, line, o, {});
  }
  duplicateMark();
  return finish(encoder, o);
}

/** A page to check a printer: the code page's accents and €, both widths' ruler, a cut. */
export function encodeTestPage(
  options: EscPosOptions & { title?: string; drawer?: DrawerPulse | null } = {},
): Uint8Array {
  const o = resolve(options);
  const encoder = newEncoder(o);
  if (options.drawer) encoder.raw(encodeDrawerPulse(options.drawer));
  printTitle(encoder, options.title ?? 'EasyMyMarket', o);
  const ruler = '1234567890'.repeat(5).slice(0, o.width);
  for (const line of [
    '',
    `${o.codepage}, ${o.width} colonnes`,
    ruler,
    'é è à ç ë ê ï ô ù û ü É È À Ç',
    'Prix: 3,99 €/kg   Total: 12,34 €',
    'Œufs frais, bœuf: « déjà vu »',
  ]) {
    printLine(encoder, line, o, {});
  }
  printLine(encoder, 'TOTAL 12,34 €', o, { bold: true, tall: true });
  encoder.newline();
  encoder.align('center').barcode('1234', 'code128', { height: 60, width: 2, text: 'below' });
  encoder.align('left');
  return finish(encoder, o);
}
