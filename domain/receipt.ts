import type { Cents, Milli } from './money';
import { TillError, type TillErrorValues } from './errors';
import { vatLetter } from './tax';
import type { Discount, LineInput, TicketKind, TicketTotals } from './ticket';
import type { Settlement } from './payment';

/** The receipt document: data, not bytes. An ESC/POS encoder prints it, the renderer shows it. */
export type ReceiptKind = TicketKind;

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
  /** Printed in training mode: marked, atop and below, as no sale (absent: a real sale). */
  training?: boolean;
  /**
   * What the receipt's barcode (CODE128) holds: the ticket's short reference, which the refund
   * screen finds the ticket by when scanned; null when the number cannot be one.
   */
  barcode: string | null;
}

/** CODE128 (set B) takes printable ASCII; '{' would start a code set. */
const BARCODE_REFERENCE = /^[\x20-\x7a\x7c-\x7e]{1,32}$/;

/** The short reference a receipt's barcode holds: the ticket's number as printed. */
export function receiptBarcode(ticketNumber: string): string | null {
  return BARCODE_REFERENCE.test(ticketNumber) ? ticketNumber : null;
}

/**
 * The ticket number a reference designates: typed by the cashier (`42`, ` 0042 `, `#42`) or read
 * from a receipt's barcode. Null when it is no ticket number.
 */
export function ticketNumberOfReference(reference: string): number | null {
  const match = /^#?0*(\d{1,15})$/.exec(reference.trim());
  const number = match ? Number(match[1]) : 0;
  return Number.isSafeInteger(number) && number > 0 ? number : null;
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

function inconsistent(
  message: string,
  details: TillErrorValues['receipt.inconsistent'],
): TillError {
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
    barcode: receiptBarcode(input.ticketNumber),
  };
}

/** The same receipt, marked as a duplicate (a reprint). */
export function asDuplicate<T extends { duplicate: boolean }>(doc: T): T {
  return { ...doc, duplicate: true };
}

/** The journal entry as printed: its seq and the start of its hash. */
export function toJournal(journal: { seq: number; hash: string }): ReceiptJournal {
  return { seq: journal.seq, hashPrefix: journal.hash.slice(0, 8) };
}

/** The VAT rows worth printing, each with its letter. */
export function toReceiptVat(
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
