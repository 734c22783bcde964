import { formatMoney, formatQuantity, type Cents, type Locale, type Milli } from './money';
import { TillError } from './errors';
import { vatLetter } from './tax';
import type { Discount, LineInput, TicketTotals } from './ticket';
import type { PaymentKind, Settlement } from './payment';
import type { SessionReport } from './session';

// ---------------------------------------------------------------------------------------------
// The receipt document: data, not bytes. An ESC/POS encoder prints it, the renderer shows it.

export type ReceiptKind = 'sale' | 'refund';
export type ReceiptWidth = 42 | 48;

export interface ReceiptHeader {
  shopName: string;
  addressLines: string[];
  /** "BE 0123.456.789", or null. */
  vatNumber: string | null;
}

export interface ReceiptLine {
  name: string;
  quantity: Milli;
  byWeight: boolean;
  /** Effective unit price (the override when there is one); per kg for a weighed product. */
  unitPrice: Cents;
  /** The per-kg price of a weighed product (= unitPrice), else null. */
  pricePerKg: Cents | null;
  /** The shelf price when a manager overrode it, else null. */
  originalUnitPrice: Cents | null;
  /** round(unitPrice * quantity / 1000). */
  gross: Cents;
  /** The line's own discount (not its share of the ticket discount). */
  discount: Cents;
  /** Set for a percent discount, to print "-10 %". */
  discountBasisPoints: number | null;
  /** gross - discount: the line's printed amount. */
  amount: Cents;
  /** amount - its share of the ticket discount: what the line really costs. */
  net: Cents;
  vatRateBp: number;
  /** A, B, C or D (21, 12, 6, 0 %), '' for another rate. */
  vatLetter: string;
}

export interface ReceiptVatRow {
  rateBp: number;
  letter: string;
  /** VAT excluded. */
  base: Cents;
  vat: Cents;
  /** VAT included. */
  gross: Cents;
}

export interface ReceiptPayment {
  method: string;
  /** A display name from settings ("Bancontact"); null lets the renderer name known methods. */
  label: string | null;
  amount: Cents;
}

export interface ReceiptMember {
  name: string;
  number: string;
  status: string;
}

export interface ReceiptJournal {
  seq: number;
  /** The first 8 characters of the journal hash. */
  hashPrefix: string;
}

export interface ReceiptDocument {
  header: ReceiptHeader;
  kind: ReceiptKind;
  ticketNumber: string;
  /** The ticket a refund corrects, else null. */
  refundOf: string | null;
  /** ISO 8601. */
  dateTime: string;
  cashierName: string;
  tillName: string;
  lines: ReceiptLine[];
  subtotal: Cents;
  ticketDiscount: Cents;
  ticketDiscountBasisPoints: number | null;
  total: Cents;
  rounding: Cents;
  due: Cents;
  vat: ReceiptVatRow[];
  payments: ReceiptPayment[];
  paid: Cents;
  change: Cents;
  remaining: Cents;
  /** What vouchers paid beyond the due and the coop kept (a voucher gives no change). */
  voucherExcess: Cents;
  /** The coop rounds every payment method: the law wants the customer told, on the receipt. */
  roundingNotice: boolean;
  member: ReceiptMember | null;
  journal: ReceiptJournal | null;
  footer: string[];
  duplicate: boolean;
}

export interface ReceiptLineInput extends LineInput {
  name: string;
  byWeight: boolean;
}

export interface ReceiptInput {
  header: ReceiptHeader;
  kind: ReceiptKind;
  ticketNumber: string;
  refundOf?: string | null;
  dateTime: string;
  cashierName: string;
  tillName: string;
  /** The lines given to computeTicket, in the same order, with their names. */
  lines: readonly ReceiptLineInput[];
  /** computeTicket(lines, ticketDiscount). */
  totals: TicketTotals;
  ticketDiscount?: Discount | null;
  /** settle(totals.total, payments, kindOf). */
  settlement: Pick<
    Settlement,
    'total' | 'rounding' | 'due' | 'paid' | 'change' | 'remaining' | 'voucherExcess'
  >;
  /** The coop rounds every payment method (print the legal notice). */
  roundAll?: boolean;
  payments: readonly { method: string; amount: Cents; label?: string | null }[];
  member?: ReceiptMember | null;
  journal?: { seq: number; hash: string } | null;
  footer?: readonly string[];
  duplicate?: boolean;
}

function inconsistent(message: string, details: Record<string, string | number>): TillError {
  return new TillError('receipt.inconsistent', message, details);
}

/** Assembles the receipt of a ticket; refuses figures that don't agree with each other. */
export function buildReceipt(input: ReceiptInput): ReceiptDocument {
  const { totals, settlement } = input;
  if (input.lines.length !== totals.lines.length) {
    throw inconsistent(
      `${input.lines.length} lines but totals for ${totals.lines.length}: pass the same lines`,
      { lines: input.lines.length, totals: totals.lines.length },
    );
  }
  if (settlement.total !== totals.total) {
    throw inconsistent(
      `The settlement is for ${settlement.total}, the ticket's total is ${totals.total}`,
      {
        settlement: settlement.total,
        total: totals.total,
      },
    );
  }
  const paid = input.payments.reduce((sum, p) => sum + p.amount, 0);
  if (paid !== settlement.paid) {
    throw inconsistent(`The payments sum to ${paid}, the settlement to ${settlement.paid}`, {
      payments: paid,
      settlement: settlement.paid,
    });
  }
  const lines = input.lines.map((line, i): ReceiptLine => {
    const t = totals.lines[i];
    if (!t) throw inconsistent(`No totals for line ${i}`, { line: i });
    const overridden = line.priceOverride != null && line.priceOverride !== line.unitPrice;
    return {
      name: line.name,
      quantity: line.quantity,
      byWeight: line.byWeight,
      unitPrice: t.unitPrice,
      pricePerKg: line.byWeight ? t.unitPrice : null,
      originalUnitPrice: overridden ? line.unitPrice : null,
      gross: t.gross,
      discount: t.lineDiscount,
      discountBasisPoints: line.discount?.kind === 'percent' ? line.discount.basisPoints : null,
      amount: t.amount,
      net: t.net,
      vatRateBp: t.vatRateBp,
      vatLetter: vatLetter(t.vatRateBp) ?? '',
    };
  });
  return {
    header: {
      shopName: input.header.shopName,
      addressLines: [...input.header.addressLines],
      vatNumber: input.header.vatNumber,
    },
    kind: input.kind,
    ticketNumber: input.ticketNumber,
    refundOf: input.refundOf ?? null,
    dateTime: input.dateTime,
    cashierName: input.cashierName,
    tillName: input.tillName,
    lines,
    subtotal: totals.subtotal,
    ticketDiscount: totals.ticketDiscount,
    ticketDiscountBasisPoints:
      input.ticketDiscount?.kind === 'percent' ? input.ticketDiscount.basisPoints : null,
    total: totals.total,
    rounding: settlement.rounding,
    due: settlement.due,
    vat: toReceiptVat(totals.vat),
    payments: input.payments.map((p) => ({
      method: p.method,
      label: p.label ?? null,
      amount: p.amount,
    })),
    paid: settlement.paid,
    change: settlement.change,
    remaining: settlement.remaining,
    voucherExcess: settlement.voucherExcess,
    roundingNotice: input.roundAll ?? false,
    member: input.member ? { ...input.member } : null,
    journal: input.journal ? toJournal(input.journal) : null,
    footer: [...(input.footer ?? [])],
    duplicate: input.duplicate ?? false,
  };
}

/** The same receipt, marked as a duplicate (a reprint). */
export function asDuplicate<T extends { duplicate: boolean }>(doc: T): T {
  return { ...doc, duplicate: true };
}

function toJournal(journal: { seq: number; hash: string }): ReceiptJournal {
  return { seq: journal.seq, hashPrefix: journal.hash.slice(0, 8) };
}

function toReceiptVat(
  rows: readonly { rateBp: number; gross: Cents; vat: Cents; net: Cents }[],
): ReceiptVatRow[] {
  return rows
    .filter((row) => row.gross !== 0 || row.vat !== 0)
    .map((row) => ({
      rateBp: row.rateBp,
      letter: vatLetter(row.rateBp) ?? '',
      base: row.net,
      vat: row.vat,
      gross: row.gross,
    }));
}

// ---------------------------------------------------------------------------------------------
// X and Z report documents

export type SessionReportKind = 'X' | 'Z';

export interface SessionReportContext {
  kind: SessionReportKind;
  header: ReceiptHeader;
  tillName: string;
  sessionNumber: string;
  /** ISO 8601. */
  openedAt: string;
  openedBy: string;
  /** ISO 8601. */
  printedAt: string;
  /** Required for a Z report. */
  closedAt?: string | null;
  closedBy?: string | null;
  /** Display names of payment methods, from settings. */
  methodLabels?: Readonly<Record<string, string>>;
  journal?: { seq: number; hash: string } | null;
  duplicate?: boolean;
}

interface SessionReportDocumentBase {
  header: ReceiptHeader;
  tillName: string;
  sessionNumber: string;
  openedAt: string;
  openedBy: string;
  printedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  report: SessionReport;
  methodLabels: Record<string, string>;
  journal: ReceiptJournal | null;
  duplicate: boolean;
}

/** A running report: the session stays open; the cash may be uncounted. */
export interface XReport extends SessionReportDocumentBase {
  kind: 'X';
}

/** The closing report: counted cash and the closing time are always there. */
export interface ZReport extends SessionReportDocumentBase {
  kind: 'Z';
  closedAt: string;
}

export type SessionReportDocument = XReport | ZReport;

export function buildSessionReportDocument(
  report: SessionReport,
  context: SessionReportContext,
): SessionReportDocument {
  const base: SessionReportDocumentBase = {
    header: {
      shopName: context.header.shopName,
      addressLines: [...context.header.addressLines],
      vatNumber: context.header.vatNumber,
    },
    tillName: context.tillName,
    sessionNumber: context.sessionNumber,
    openedAt: context.openedAt,
    openedBy: context.openedBy,
    printedAt: context.printedAt,
    closedAt: context.closedAt ?? null,
    closedBy: context.closedBy ?? null,
    report,
    methodLabels: { ...(context.methodLabels ?? {}) },
    journal: context.journal ? toJournal(context.journal) : null,
    duplicate: context.duplicate ?? false,
  };
  if (context.kind === 'X') return { ...base, kind: 'X' };
  if (report.countedCash === null) {
    throw new TillError('report.z_needs_count', 'A Z report needs the counted cash', {});
  }
  if (!context.closedAt) {
    throw new TillError('report.z_needs_close_time', 'A Z report needs the closing time', {});
  }
  return { ...base, kind: 'Z', closedAt: context.closedAt };
}

// ---------------------------------------------------------------------------------------------
// Labels

/** The shift statuses of coop members, as a member reads them on a receipt. */
const MEMBER_STATUS: Record<Locale, Record<string, string>> = {
  'fr-BE': {
    up_to_date: 'À jour',
    alert: 'En alerte',
    delay: 'Délai accordé',
    suspended: 'Suspendu',
    unsubscribed: 'Désinscrit',
    exempted: 'Exempté',
  },
  'nl-BE': {
    up_to_date: 'In orde',
    alert: 'Waarschuwing',
    delay: 'Uitstel',
    suspended: 'Geschorst',
    unsubscribed: 'Uitgeschreven',
    exempted: 'Vrijgesteld',
  },
  en: {
    up_to_date: 'Up to date',
    alert: 'Alert',
    delay: 'Extension granted',
    suspended: 'Suspended',
    unsubscribed: 'Unsubscribed',
    exempted: 'Exempt',
  },
};

export function memberStatusLabel(status: string, locale: Locale): string {
  return MEMBER_STATUS[locale][status] ?? status;
}

const LABELS = {
  'fr-BE': {
    vatNumber: 'TVA',
    refund: 'REMBOURSEMENT',
    refundOf: "Ticket d'origine",
    ticket: 'Ticket',
    till: 'Caisse',
    cashier: 'Caissier',
    discount: 'Remise',
    regularPrice: 'Prix normal',
    subtotal: 'Sous-total',
    ticketDiscount: 'Remise ticket',
    total: 'TOTAL',
    rounding: 'Arrondi',
    roundingNotice: 'Le montant total est toujours arrondi',
    voucherExcess: 'Excédent bons (non rendu)',
    clockStep: 'Horloge reculée',
    due: 'À payer',
    dueRefund: 'À rembourser',
    change: 'Rendu',
    remaining: 'Reste à payer',
    vatRate: 'Taux',
    vatBase: 'HTVA',
    vat: 'TVA',
    vatGross: 'TVAC',
    member: 'Membre',
    memberNumber: 'n°',
    journal: 'Journal',
    duplicate: 'DUPLICATA',
    cash: 'Espèces',
    card: 'Carte',
    kindCash: 'espèces',
    kindCard: 'carte',
    kindVoucher: 'bons',
    kindTransfer: 'virement',
    kindOther: 'autre',
    xReport: 'RAPPORT X',
    zReport: 'RAPPORT Z',
    session: 'Session',
    opened: 'Ouverture',
    closed: 'Clôture',
    printed: 'Imprimé',
    tickets: 'TICKETS',
    sales: 'Ventes',
    refunds: 'Remboursements',
    cancellations: 'Annulations',
    totals: 'TOTAUX',
    net: 'Net',
    payments: 'PAIEMENTS',
    unexplained: 'Non justifié',
    cashSection: 'ESPÈCES',
    openingFloat: 'Fond de caisse',
    cashSales: 'Espèces (net)',
    cashIn: 'Entrées',
    cashOut: 'Sorties',
    expected: 'Attendu',
    counted: 'Compté',
    difference: 'Écart',
    byCategory: 'PAR CATÉGORIE',
    grandTotalBefore: 'Grand total avant',
    grandTotalAfter: 'Grand total après',
  },
  'nl-BE': {
    vatNumber: 'BTW',
    refund: 'TERUGBETALING',
    refundOf: 'Oorspronkelijk ticket',
    ticket: 'Ticket',
    till: 'Kassa',
    cashier: 'Kassier',
    discount: 'Korting',
    regularPrice: 'Normale prijs',
    subtotal: 'Subtotaal',
    ticketDiscount: 'Korting ticket',
    total: 'TOTAAL',
    rounding: 'Afronding',
    roundingNotice: 'Het totaalbedrag wordt steeds afgerond',
    voucherExcess: 'Overschot bonnen (niet terug)',
    clockStep: 'Klok teruggezet',
    due: 'Te betalen',
    dueRefund: 'Terug te betalen',
    change: 'Wisselgeld',
    remaining: 'Nog te betalen',
    vatRate: 'Tarief',
    vatBase: 'Excl.',
    vat: 'BTW',
    vatGross: 'Incl.',
    member: 'Lid',
    memberNumber: 'nr.',
    journal: 'Journaal',
    duplicate: 'DUPLICAAT',
    cash: 'Contant',
    card: 'Kaart',
    kindCash: 'contant',
    kindCard: 'kaart',
    kindVoucher: 'bonnen',
    kindTransfer: 'overschrijving',
    kindOther: 'ander',
    xReport: 'X-RAPPORT',
    zReport: 'Z-RAPPORT',
    session: 'Sessie',
    opened: 'Geopend',
    closed: 'Gesloten',
    printed: 'Afgedrukt',
    tickets: 'TICKETS',
    sales: 'Verkopen',
    refunds: 'Terugbetalingen',
    cancellations: 'Annuleringen',
    totals: 'TOTALEN',
    net: 'Netto',
    payments: 'BETALINGEN',
    unexplained: 'Onverklaard',
    cashSection: 'CONTANTEN',
    openingFloat: 'Kassafonds',
    cashSales: 'Contant (netto)',
    cashIn: 'Stortingen',
    cashOut: 'Opnames',
    expected: 'Verwacht',
    counted: 'Geteld',
    difference: 'Verschil',
    byCategory: 'PER CATEGORIE',
    grandTotalBefore: 'Totaal generaal vóór',
    grandTotalAfter: 'Totaal generaal na',
  },
  en: {
    vatNumber: 'VAT',
    refund: 'REFUND',
    refundOf: 'Original ticket',
    ticket: 'Ticket',
    till: 'Till',
    cashier: 'Cashier',
    discount: 'Discount',
    regularPrice: 'Regular price',
    subtotal: 'Subtotal',
    ticketDiscount: 'Ticket discount',
    total: 'TOTAL',
    rounding: 'Rounding',
    roundingNotice: 'The total is always rounded',
    voucherExcess: 'Voucher excess (no change)',
    clockStep: 'Clock set back',
    due: 'To pay',
    dueRefund: 'To refund',
    change: 'Change',
    remaining: 'Remaining',
    vatRate: 'Rate',
    vatBase: 'Net',
    vat: 'VAT',
    vatGross: 'Gross',
    member: 'Member',
    memberNumber: 'no.',
    journal: 'Journal',
    duplicate: 'DUPLICATE',
    cash: 'Cash',
    card: 'Card',
    kindCash: 'cash',
    kindCard: 'card',
    kindVoucher: 'vouchers',
    kindTransfer: 'transfer',
    kindOther: 'other',
    xReport: 'X REPORT',
    zReport: 'Z REPORT',
    session: 'Session',
    opened: 'Opened',
    closed: 'Closed',
    printed: 'Printed',
    tickets: 'TICKETS',
    sales: 'Sales',
    refunds: 'Refunds',
    cancellations: 'Cancellations',
    totals: 'TOTALS',
    net: 'Net',
    payments: 'PAYMENTS',
    unexplained: 'Unexplained',
    cashSection: 'CASH',
    openingFloat: 'Opening float',
    cashSales: 'Cash (net)',
    cashIn: 'Cash in',
    cashOut: 'Cash out',
    expected: 'Expected',
    counted: 'Counted',
    difference: 'Difference',
    byCategory: 'BY CATEGORY',
    grandTotalBefore: 'Grand total before',
    grandTotalAfter: 'Grand total after',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type ReceiptLabel = keyof (typeof LABELS)['en'];

const KIND_LABELS: Record<PaymentKind, ReceiptLabel> = {
  cash: 'kindCash',
  card: 'kindCard',
  voucher: 'kindVoucher',
  transfer: 'kindTransfer',
  other: 'kindOther',
};

/** A label of the receipts and reports, in a locale. */
export function receiptLabel(key: ReceiptLabel, locale: Locale): string {
  return LABELS[locale][key];
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

/** The receipt as plain text lines, none longer than the width. */
export function renderReceiptText(doc: ReceiptDocument, options: TextRenderOptions): string[] {
  const { width, locale } = options;
  const l = (key: ReceiptLabel): string => receiptLabel(key, locale);
  const money = (cents: Cents): string => amountColumn(cents, locale);
  const out: string[] = [];
  const duplicate = center(`*** ${l('duplicate')} ***`, width);
  if (doc.duplicate) out.push(...duplicate);
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
  if (doc.duplicate) out.push(...duplicate);
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
  const duplicate = center(`*** ${l('duplicate')} ***`, width);
  if (doc.duplicate) out.push(...duplicate);
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
  if (doc.duplicate) out.push(...duplicate);
  return out;
}
