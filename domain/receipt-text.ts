import { formatMoney, formatQuantity, type Cents, type Locale } from './money';
import { hasMessage, message, type MessageKey } from './i18n';
import type { PaymentKind } from './payment';
import {
  toReceiptVat,
  type ReceiptDocument,
  type ReceiptHeader,
  type ReceiptLine,
  type ReceiptVatRow,
} from './receipt';
import type { SessionReportDocument } from './report-document';

/** Characters a line: 42 fit every 80 mm printer (TM-T88 in font A), 48 the TM-T20. */
export const RECEIPT_WIDTHS = [42, 48] as const;
export type ReceiptWidth = (typeof RECEIPT_WIDTHS)[number];

// ---------------------------------------------------------------------------------------------
// Labels, from the message catalogue (domain/i18n)

/** The shift statuses of coop members, as a member reads them on a receipt. */
export function memberStatusLabel(status: string, locale: Locale): string {
  return hasMessage('memberStatus', status) ? message(locale, 'memberStatus', status) : status;
}

export type ReceiptLabel = MessageKey<'receipt'>;

const KIND_LABELS: Record<PaymentKind, ReceiptLabel> = {
  cash: 'kindCash',
  card: 'kindCard',
  voucher: 'kindVoucher',
  transfer: 'kindTransfer',
  other: 'kindOther',
};

/** A label of the receipts and reports, in a locale. */
export function receiptLabel(key: ReceiptLabel, locale: Locale): string {
  return message(locale, 'receipt', key);
}

// ---------------------------------------------------------------------------------------------
// Text rendering

export interface TextRenderOptions {
  width: ReceiptWidth;
  locale: Locale;
  /** Where dates are shown; 'Europe/Brussels' unless told. */
  timeZone?: string;
}

/** Printers and screens get plain spaces (Intl puts no-break and narrow no-break spaces). */
function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

/** "12,34 €" with plain spaces. */
export function textMoney(cents: Cents, locale: Locale): string {
  return plainSpaces(formatMoney(cents, locale));
}

/** "12,34" without the currency sign, for tables. */
function textAmount(cents: Cents, locale: Locale): string {
  return textMoney(cents, locale).replace('€', '').trim();
}

/** "+0,02 €" / "-0,02 €". */
function signedMoney(cents: Cents, locale: Locale): string {
  return cents > 0 ? textMoney(-cents, locale).replace('-', '+') : textMoney(cents, locale);
}

/** 600 -> "6 %" (fr) / "6%"; 550 -> "5,5 %". */
export function formatRate(rateBp: number, locale: Locale): string {
  const abs = Math.abs(rateBp);
  const units = Math.trunc(abs / 100);
  const decimals = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  const separator = locale === 'en' ? '.' : ',';
  const number = `${rateBp < 0 ? '-' : ''}${units}${decimals ? separator + decimals : ''}`;
  return locale === 'fr-BE' ? `${number} %` : `${number}%`;
}

/**
 * "01/03/2025 14:05". An ISO string with an offset or Z is shown in timeZone; one without is
 * taken as already local. Pure: no clock, only the date passed in.
 */
export function formatDateTime(iso: string, timeZone = 'Europe/Brussels'): string {
  const local = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(iso);
  if (local) {
    const [, y, mo, d, h, mi] = local;
    return `${d}/${mo}/${y} ${h}:${mi}`;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}

/**
 * Word-wraps to width; a word longer than the width is cut. Leading spaces are an indent kept on
 * every line.
 */
export function wrapText(text: string, width: number): string[] {
  if (!Number.isSafeInteger(width) || width < 1) throw new RangeError(`Bad width ${width}`);
  const indent = /^ */.exec(text)?.[0] ?? '';
  const room = width - indent.length;
  if (indent && room < 8) return wrapText(text.trimStart(), width);
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (rest.length > room) {
      if (current) {
        lines.push(current);
        current = '';
      }
      lines.push(rest.slice(0, room));
      rest = rest.slice(room);
    }
    if (!rest) continue;
    if (!current) current = rest;
    else if (current.length + 1 + rest.length <= room) current += ` ${rest}`;
    else {
      lines.push(current);
      current = rest;
    }
  }
  if (current) lines.push(current);
  return lines.length > 0 ? lines.map((line) => indent + line) : [''];
}

function center(text: string, width: number): string[] {
  return wrapText(text, width).map((line) => {
    const left = Math.floor((width - line.length) / 2);
    return ' '.repeat(left) + line;
  });
}

/** Left text and right text on one line; when they don't fit, the right goes on its own line. */
function leftRight(left: string, right: string, width: number): string[] {
  const r = right.length > width ? right.slice(0, width) : right;
  if (left.length + 1 + r.length <= width) {
    return [left + ' '.repeat(width - left.length - r.length) + r];
  }
  const wrapped = wrapText(left, width);
  const last = wrapped[wrapped.length - 1] ?? '';
  if (last.length + 1 + r.length <= width) {
    wrapped[wrapped.length - 1] = last + ' '.repeat(width - last.length - r.length) + r;
    return wrapped;
  }
  return [...wrapped, ' '.repeat(width - r.length) + r];
}

function rule(width: number, char = '-'): string {
  return char.repeat(width);
}

/** Amounts in the right column keep a 2-character slot for the VAT letter so that they align. */
function amountColumn(cents: Cents, locale: Locale, letter = ''): string {
  return `${textMoney(cents, locale)} ${letter.padEnd(1)}`;
}

function methodLabel(
  method: string,
  label: string | null | undefined,
  locale: Locale,
  labels?: Readonly<Record<string, string>>,
): string {
  if (label) return label;
  const configured = labels?.[method];
  if (configured) return configured;
  if (method === 'cash') return receiptLabel('cash', locale);
  if (method === 'card') return receiptLabel('card', locale);
  return method;
}

function vatTable(rows: readonly ReceiptVatRow[], width: number, locale: Locale): string[] {
  const l = (key: ReceiptLabel): string => receiptLabel(key, locale);
  const body = rows.map((row) => [
    `${row.letter ? `${row.letter} ` : ''}${formatRate(row.rateBp, locale)}`,
    textAmount(row.base, locale),
    textAmount(row.vat, locale),
    textAmount(row.gross, locale),
  ]);
  if (rows.length > 1) {
    const sum = (f: (r: ReceiptVatRow) => Cents): Cents => rows.reduce((s, r) => s + f(r), 0);
    body.push([
      '',
      textAmount(
        sum((r) => r.base),
        locale,
      ),
      textAmount(
        sum((r) => r.vat),
        locale,
      ),
      textAmount(
        sum((r) => r.gross),
        locale,
      ),
    ]);
  }
  const table = [[l('vatRate'), l('vatBase'), l('vat'), l('vatGross')], ...body];
  const first = Math.max(...table.map((r) => (r[0] ?? '').length));
  const column = Math.floor((width - first) / 3);
  const fits = table.every((r) => r.slice(1).every((cell) => cell.length + 1 <= column));
  if (fits) {
    return table.map((r) => {
      const [c0 = '', c1 = '', c2 = '', c3 = ''] = r;
      const last = width - first - 2 * column;
      return c0.padEnd(first) + c1.padStart(column) + c2.padStart(column) + c3.padStart(last);
    });
  }
  // Too narrow for a table: one block per rate.
  return rows.flatMap((row) => [
    `${row.letter ? `${row.letter} ` : ''}${formatRate(row.rateBp, locale)}`,
    ...leftRight(`  ${l('vatBase')}`, textMoney(row.base, locale), width),
    ...leftRight(`  ${l('vat')}`, textMoney(row.vat, locale), width),
    ...leftRight(`  ${l('vatGross')}`, textMoney(row.gross, locale), width),
  ]);
}

function headerLines(header: ReceiptHeader, width: number, locale: Locale): string[] {
  return [
    ...center(header.shopName, width),
    ...header.addressLines.flatMap((line) => center(line, width)),
    ...(header.vatNumber
      ? center(`${receiptLabel('vatNumber', locale)} ${header.vatNumber}`, width)
      : []),
  ];
}

function receiptLineText(line: ReceiptLine, width: number, locale: Locale): string[] {
  const out: string[] = [];
  const right = amountColumn(line.gross, locale, line.vatLetter);
  const single = !line.byWeight && line.quantity === 1000;
  if (single) {
    out.push(...leftRight(line.name, right, width));
  } else {
    out.push(...wrapText(line.name, width));
    const quantity = formatQuantity(line.quantity, line.byWeight, locale);
    const price = line.byWeight
      ? `${textMoney(line.pricePerKg ?? line.unitPrice, locale)}/kg`
      : textMoney(line.unitPrice, locale);
    out.push(...leftRight(`  ${quantity} x ${price}`, right, width));
  }
  if (line.originalUnitPrice !== null) {
    const unit = line.byWeight ? '/kg' : '';
    out.push(
      ...wrapText(
        `  (${receiptLabel('regularPrice', locale)} ${textMoney(line.originalUnitPrice, locale)}${unit})`,
        width,
      ),
    );
  }
  if (line.discount !== 0) {
    const percent =
      line.discountBasisPoints !== null ? ` -${formatRate(line.discountBasisPoints, locale)}` : '';
    out.push(
      ...leftRight(
        `  ${receiptLabel('discount', locale)}${percent}`,
        amountColumn(-line.discount, locale),
        width,
      ),
    );
  }
  return out;
}

/**
 * What a receipt says atop and below what was sold, so that nobody takes it for what it is not:
 * a reprint (DUPLICATA), a receipt of training mode (no sale).
 */
export function receiptMarks(
  doc: { duplicate: boolean; training?: boolean },
  width: number,
  locale: Locale,
): string[] {
  const l = (key: ReceiptLabel): string => receiptLabel(key, locale);
  return [
    ...(doc.duplicate ? center(`*** ${l('duplicate')} ***`, width) : []),
    ...(doc.training === true ? center(`*** ${l('training')} ***`, width) : []),
  ];
}

/** The receipt as plain text lines, none longer than the width. */
export function renderReceiptText(doc: ReceiptDocument, options: TextRenderOptions): string[] {
  const { width, locale } = options;
  const l = (key: ReceiptLabel): string => receiptLabel(key, locale);
  const money = (cents: Cents): string => amountColumn(cents, locale);
  const out: string[] = [];
  const marks = receiptMarks(doc, width, locale);
  out.push(...marks);
  out.push(...headerLines(doc.header, width, locale), rule(width));
  if (doc.kind === 'refund') out.push(...center(l('refund'), width));
  if (doc.refundOf) out.push(...leftRight(l('refundOf'), doc.refundOf, width));
  out.push(
    ...leftRight(
      `${l('ticket')} ${doc.ticketNumber}`,
      formatDateTime(doc.dateTime, options.timeZone),
      width,
    ),
    ...leftRight(`${l('till')}: ${doc.tillName}`, `${l('cashier')}: ${doc.cashierName}`, width),
    rule(width),
  );
  for (const line of doc.lines) out.push(...receiptLineText(line, width, locale));
  out.push(rule(width));
  if (doc.ticketDiscount !== 0) {
    const percent =
      doc.ticketDiscountBasisPoints !== null
        ? ` -${formatRate(doc.ticketDiscountBasisPoints, locale)}`
        : '';
    out.push(
      ...leftRight(l('subtotal'), money(doc.subtotal), width),
      ...leftRight(`${l('ticketDiscount')}${percent}`, money(-doc.ticketDiscount), width),
    );
  }
  out.push(...leftRight(l('total'), money(doc.total), width));
  if (doc.rounding !== 0) {
    out.push(
      ...leftRight(l('rounding'), `${signedMoney(doc.rounding, locale)}  `, width),
      ...leftRight(doc.due < 0 ? l('dueRefund') : l('due'), money(doc.due), width),
    );
  }
  for (const payment of doc.payments) {
    out.push(
      ...leftRight(
        methodLabel(payment.method, payment.label, locale),
        money(payment.amount),
        width,
      ),
    );
  }
  if (doc.change !== 0) out.push(...leftRight(l('change'), money(doc.change), width));
  if (doc.voucherExcess !== 0)
    out.push(...leftRight(l('voucherExcess'), money(doc.voucherExcess), width));
  if (doc.remaining !== 0) out.push(...leftRight(l('remaining'), money(doc.remaining), width));
  if (doc.roundingNotice) out.push(...center(l('roundingNotice'), width));
  if (doc.vat.length > 0) out.push(rule(width), ...vatTable(doc.vat, width, locale));
  if (doc.member) {
    out.push(
      rule(width),
      ...leftRight(
        `${l('member')}: ${doc.member.name}`,
        `${l('memberNumber')} ${doc.member.number}`,
        width,
      ),
    );
    if (doc.member.status)
      out.push(...wrapText(memberStatusLabel(doc.member.status, locale), width));
  }
  if (doc.journal) {
    out.push(
      rule(width),
      ...leftRight(`${l('journal')} #${doc.journal.seq}`, doc.journal.hashPrefix, width),
    );
  }
  if (doc.footer.length > 0) {
    out.push(rule(width), ...doc.footer.flatMap((line) => center(line, width)));
  }
  out.push(...marks);
  return out;
}

/** An X or Z report as plain text lines, none longer than the width. */
export function renderSessionReportText(
  doc: SessionReportDocument,
  options: TextRenderOptions,
): string[] {
  const { width, locale } = options;
  const r = doc.report;
  const l = (key: ReceiptLabel): string => receiptLabel(key, locale);
  const money = (cents: Cents): string => textMoney(cents, locale);
  const date = (iso: string): string => formatDateTime(iso, options.timeZone);
  const row = (left: string, cents: Cents): string[] => leftRight(left, money(cents), width);
  const out: string[] = [];
  const marks = receiptMarks(doc, width, locale);
  out.push(...marks);
  out.push(...headerLines(doc.header, width, locale), rule(width, '='));
  out.push(...center(doc.kind === 'X' ? l('xReport') : l('zReport'), width), rule(width, '='));
  out.push(
    ...leftRight(`${l('till')}: ${doc.tillName}`, `${l('session')} ${doc.sessionNumber}`, width),
    ...leftRight(`${l('opened')}: ${doc.openedBy}`, date(doc.openedAt), width),
  );
  if (doc.closedAt) {
    out.push(...leftRight(`${l('closed')}: ${doc.closedBy ?? ''}`, date(doc.closedAt), width));
  }
  out.push(...leftRight(`${l('printed')}:`, date(doc.printedAt), width), rule(width));

  out.push(
    l('tickets'),
    ...leftRight(l('sales'), String(r.tickets.sales), width),
    ...leftRight(l('refunds'), String(r.tickets.refunds), width),
    ...leftRight(l('cancellations'), String(r.tickets.cancellations), width),
    rule(width),
    l('totals'),
    ...row(l('sales'), r.totals.sales),
    ...row(l('refunds'), r.totals.refunds),
    ...row(l('net'), r.totals.net),
  );

  const vat = toReceiptVat(r.vat);
  if (vat.length > 0) out.push(rule(width), l('vat'), ...vatTable(vat, width, locale));

  out.push(rule(width), l('payments'));
  for (const m of r.byMethod) {
    out.push(...row(methodLabel(m.method, null, locale, doc.methodLabels), m.amount));
  }
  if (r.changeGiven !== 0) out.push(...row(l('change'), -r.changeGiven));
  if (r.roundingTotal !== 0)
    out.push(...leftRight(l('rounding'), signedMoney(r.roundingTotal, locale), width));
  for (const kind of r.roundingByKind) {
    out.push(
      ...leftRight(`  ${l(KIND_LABELS[kind.kind])}`, signedMoney(kind.amount, locale), width),
    );
  }
  if (r.voucherExcess !== 0) out.push(...row(l('voucherExcess'), r.voucherExcess));
  if (r.unexplained !== 0) out.push(...row(l('unexplained'), r.unexplained));
  for (const step of r.clockSteps) {
    out.push(
      ...leftRight(l('clockStep'), `-${Math.round(step.stepSeconds / 60)} min`, width),
      ...wrapText(`  ${date(step.from)} -> ${date(step.to)}`, width),
    );
  }

  out.push(
    rule(width),
    l('cashSection'),
    ...row(l('openingFloat'), r.openingFloat),
    ...row(l('cashSales'), r.cashNet),
  );
  if (r.cashIn !== 0) out.push(...row(l('cashIn'), r.cashIn));
  if (r.cashOut !== 0) out.push(...row(l('cashOut'), r.cashOut));
  for (const move of r.cashMoves) out.push(...row(`  ${move.reason}`, move.amount));
  out.push(...row(l('expected'), r.expectedCash));
  if (r.countedCash !== null) {
    for (const line of r.countedLines ?? []) {
      out.push(...row(`  ${line.count} x ${money(line.denomination)}`, line.amount));
    }
    out.push(...row(l('counted'), r.countedCash));
    if (r.difference !== null) {
      out.push(...leftRight(l('difference'), signedMoney(r.difference, locale), width));
    }
  }

  if (r.byCategory.length > 0) {
    out.push(rule(width), l('byCategory'));
    for (const c of r.byCategory) out.push(...row(c.category, c.amount));
  }
  out.push(
    rule(width),
    ...row(l('grandTotalBefore'), r.grandTotalBefore),
    ...row(l('grandTotalAfter'), r.grandTotalAfter),
  );
  if (doc.journal) {
    out.push(...leftRight(`${l('journal')} #${doc.journal.seq}`, doc.journal.hashPrefix, width));
  }
  out.push(...marks);
  return out;
}
