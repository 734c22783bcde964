import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { computeTicket, type Discount } from '../domain/ticket';
import { roundToFiveCents, settle, type PaymentKind } from '../domain/payment';
import {
  journalDocumentAnyVersionSchema,
  ticketDocumentAnyVersionSchema,
  type JournalDocumentAnyVersion,
  type TicketDocumentAnyVersion,
} from '../domain/journal-documents';
import { issuesInWords } from '../domain/sync-wire';
import { vatBreakdown, type VatRow } from '../domain/tax';
import { errorMessage } from '../domain/errors';
import { ticketBoundsProblem } from '../domain/ticket-bounds';
import {
  refundLineTotals,
  refundMoney,
  refundVat,
  type EarlierRefund,
  type SoldLine,
} from '../domain/refund';

export const GENESIS_HASH = '0'.repeat(64);

const int = z.number().int().safe();

/**
 * A ticket as the server reads it: the journal's own schema (domain/journal-documents.ts), in
 * its reading of every till version (a till from before payment kinds wrote no kinds).
 */
export type TicketDocument = TicketDocumentAnyVersion;

/** Each document type's schema, as the till writes it, read for any till version. */
const documentSchemas = new Map<string, z.ZodType<JournalDocumentAnyVersion['document']>>(
  journalDocumentAnyVersionSchema.options.map((option) => [
    option.shape.docType.value,
    option.shape.document,
  ]),
);

const eventPayload = z.object({
  journalSeq: int.min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  document: z.record(z.string(), z.unknown()),
});
export type EventPayload = z.infer<typeof eventPayload>;

export interface ChainState {
  journalSeq: number;
  hash: string;
}

export type Verdict =
  | { ok: true; payload: EventPayload; ticket: TicketDocument | null }
  | { ok: false; reason: string; payload: EventPayload | null };

/** Moves the chain past an entry that cannot be read as a whole, to the place it claims. */
export function advanceChain(chain: ChainState, rawPayload: unknown): void {
  const parsed = eventPayload.safeParse(rawPayload);
  if (parsed.success && parsed.data.journalSeq > chain.journalSeq) {
    chain.journalSeq = parsed.data.journalSeq;
    chain.hash = parsed.data.hash;
  }
}

/**
 * Checks one event against the till's journal chain as the server holds it, and a ticket's
 * figures against the domain's maths. `chain` is advanced past the event whether it verifies or
 * not (to its claimed place), so that one bad document does not condemn every later one.
 */
export function verifyEvent(
  type: string,
  rawPayload: unknown,
  chain: ChainState,
  sales: SaleBook,
): Verdict {
  const parsed = eventPayload.safeParse(rawPayload);
  if (!parsed.success) {
    return { ok: false, reason: 'malformed: the payload is not a journal entry', payload: null };
  }
  const payload = parsed.data;
  const expectedSeq = chain.journalSeq + 1;
  const hash = createHash('sha256')
    .update(chain.hash)
    .update(canonicalize(payload.document) ?? '')
    .digest('hex');
  const previous = { ...chain };
  if (payload.journalSeq > chain.journalSeq) {
    chain.journalSeq = payload.journalSeq;
    chain.hash = payload.hash;
  }
  if (payload.journalSeq !== expectedSeq) {
    return {
      ok: false,
      reason:
        payload.journalSeq <= previous.journalSeq
          ? `journal: entry ${payload.journalSeq} comes after entry ${previous.journalSeq} (reordered or repeated)`
          : `journal: entries ${expectedSeq} to ${payload.journalSeq - 1} are missing`,
      payload,
    };
  }
  if (hash !== payload.hash) {
    return {
      ok: false,
      reason: `journal: entry ${payload.journalSeq} does not match its hash (changed after it was written, or does not follow the previous entry)`,
      payload,
    };
  }
  if (type === 'sale' || type === 'refund') {
    const read = ticketDocumentAnyVersionSchema.safeParse(payload.document);
    if (!read.success) return { ok: false, reason: notWritten(type, read.error), payload };
    if (read.data.kind !== type) {
      return { ok: false, reason: `${type}: the document is a ${read.data.kind}`, payload };
    }
    const ticket = read.data;
    const problem =
      ticketProblem(ticket) ?? (type === 'refund' ? refundProblem(ticket, sales) : null);
    return problem
      ? { ok: false, reason: `ticket ${ticket.number}: ${problem}`, payload }
      : { ok: true, payload, ticket };
  }
  const schema = documentSchemas.get(type);
  if (!schema) {
    return { ok: false, reason: `${type}: not a document type a till journals`, payload };
  }
  const read = schema.safeParse(payload.document);
  return read.success
    ? { ok: true, payload, ticket: null }
    : { ok: false, reason: notWritten(type, read.error), payload };
}

/** Why a document is not one the till's journal schema describes, in words. */
function notWritten(type: string, error: z.ZodError): string {
  return `${type}: the document is not one a till writes (${issuesInWords(error)})`;
}

/** A document of a till from before payment kinds: its rounding was on cash-only tickets. */
function isLegacy(doc: TicketDocument): boolean {
  return doc.payments.some((payment) => payment.kind === undefined);
}

/** What is wrong with a ticket's figures, recomputed from its lines, or null. */
export function ticketProblem(doc: TicketDocument): string | null {
  try {
    const bounds = ticketBoundsProblem(doc);
    if (bounds) return bounds;
    if (doc.kind === 'sale') {
      const problem = saleLinesProblem(doc);
      if (problem) return problem;
      const vat = vatBreakdown(
        doc.lines.map((line) => ({ rateBp: line.vatRateBp, amount: line.net })),
      );
      if (!sameJson(vat, doc.vat)) return 'the VAT table does not match the lines';
      return isLegacy(doc) ? legacyMoneyProblem(doc, 0) : saleMoneyProblem(doc);
    }
    // A refund's amounts are its sale's, pro rata: here each line and the sums must hold.
    for (const [index, line] of doc.lines.entries()) {
      if (
        line.quantity >= 0 ||
        line.net !== line.gross - line.lineDiscount - line.ticketDiscountShare
      ) {
        return `refund line ${index + 1} does not add up`;
      }
    }
    if (sum(doc.lines, (line) => line.net) !== doc.total)
      return `total ${doc.total} is not the sum of its lines`;
    if (sum(doc.lines, (line) => line.gross - line.lineDiscount) !== doc.subtotal)
      return `subtotal ${doc.subtotal} is not the sum of its lines`;
    if (doc.due !== doc.total + doc.rounding) return `due ${doc.due} is not total plus rounding`;
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

function saleLinesProblem(doc: TicketDocument): string | null {
  const ticketDiscount: Discount | null =
    doc.ticketDiscount === 0 ? null : { kind: 'amount', cents: doc.ticketDiscount };
  const totals = computeTicket(
    doc.lines.map((line) => ({
      unitPrice: line.shelfPrice,
      quantity: line.quantity,
      priceOverride: line.priceOverride,
      discount: line.discount as Discount | null,
      vatRateBp: line.vatRateBp,
    })),
    ticketDiscount,
  );
  for (const [index, line] of doc.lines.entries()) {
    const expected = totals.lines[index];
    if (
      !expected ||
      expected.unitPrice !== line.unitPrice ||
      expected.gross !== line.gross ||
      expected.lineDiscount !== line.lineDiscount ||
      expected.ticketDiscountShare !== line.ticketDiscountShare ||
      expected.net !== line.net
    ) {
      return `line ${index + 1} does not add up (net ${line.net}, computed ${expected?.net})`;
    }
  }
  if (totals.subtotal !== doc.subtotal)
    return `subtotal ${doc.subtotal}, computed ${totals.subtotal}`;
  if (totals.total !== doc.total) return `total ${doc.total}, computed ${totals.total}`;
  return null;
}

/**
 * A sale settled again with the domain, on the payment kinds its document names: the cash part
 * rounded (nothing at or under 5 cents), vouchers never and giving no change, the total rounded
 * too when the coop rounded every method, and each payment's share of the rounding.
 */
function saleMoneyProblem(doc: TicketDocument): string | null {
  const kinds = new Map<string, PaymentKind>();
  for (const payment of doc.payments) {
    const kind = payment.kind as PaymentKind;
    if ((kinds.get(payment.method) ?? kind) !== kind)
      return `payment method ${payment.method} is given two kinds`;
    kinds.set(payment.method, kind);
  }
  const settlement = settle(
    doc.total,
    doc.payments,
    (method) => kinds.get(method) as PaymentKind,
    // Whether the coop keeps a voucher's excess shows in the excess itself, compared below.
    { roundAll: doc.roundedAll === true, voucherExcess: 'keep' },
  );
  if (settlement.remaining !== 0) return `${settlement.remaining} cents are still due`;
  const expected = {
    rounding: settlement.rounding,
    due: settlement.due,
    change: settlement.change,
    voucherExcess: settlement.voucherExcess,
    paymentRounding: settlement.paymentRounding,
  };
  const stated = {
    rounding: doc.rounding,
    due: doc.due,
    change: doc.change,
    voucherExcess: doc.voucherExcess ?? 0,
    paymentRounding: doc.payments.map((payment) => payment.rounding ?? 0),
  };
  return sameJson(expected, stated)
    ? null
    : `payments do not settle as stated (${JSON.stringify(stated)}, computed ${JSON.stringify(expected)})`;
}

/** The checks a document of a till from before payment kinds gets: its own figures. */
function legacyMoneyProblem(doc: TicketDocument, cashRounding: number): string | null {
  const expected = doc.kind === 'sale' ? roundToFiveCents(doc.total) - doc.total : cashRounding;
  if (doc.rounding !== 0 && doc.rounding !== expected)
    return `cash rounding ${doc.rounding}, computed ${expected}`;
  if (doc.due !== doc.total + doc.rounding) return `due ${doc.due} is not total plus rounding`;
  if (sum(doc.payments, (payment) => payment.amount) - doc.change !== doc.due)
    return `payments less change are not the due ${doc.due}`;
  return null;
}

/** What the server knows of a sale: its lines and money as sold, and its refunds so far. */
export interface SaleRecord {
  lines: Map<string, SoldLine>;
  refunded: Map<string, number>;
  total: number;
  rounding: number;
  member: unknown;
  refunds: (EarlierRefund & { vat: VatRow[] })[];
}
/** The sales a batch's refunds point at, by ticket id. */
export type SaleBook = Map<string, SaleRecord>;

export function parseTicket(document: unknown): TicketDocument | null {
  const parsed = ticketDocumentAnyVersionSchema.safeParse(document);
  return parsed.success ? parsed.data : null;
}

/** Adds an accepted ticket to the book: a sale's lines, or what a refund took back. */
export function recordTicket(doc: TicketDocument, sales: SaleBook): void {
  if (doc.kind === 'sale') {
    sales.set(doc.ticketId, {
      lines: new Map(
        doc.lines.map((line) => [line.lineId, { ...line, amount: line.gross - line.lineDiscount }]),
      ),
      refunded: new Map(),
      total: doc.total,
      rounding: doc.rounding,
      member: doc.member ?? null,
      refunds: [],
    });
    return;
  }
  const sale = sales.get(doc.refundOf ?? '');
  if (!sale) return;
  for (const line of doc.lines) {
    const id = line.refundOfLine ?? '';
    sale.refunded.set(id, (sale.refunded.get(id) ?? 0) - line.quantity);
  }
  sale.refunds.push({
    total: doc.total,
    paidBack: doc.due,
    rounded: doc.roundedAll === true || doc.payments.some((payment) => payment.kind === 'cash'),
    vat: doc.vat,
  });
}

/**
 * A refund recomputed from its sale: its lines pro rata on the quantities refunded so far, its
 * VAT as the difference of the cumulative VAT, what it gives back as the domain works it out on
 * all the sale's refunds (what was paid for the lines, cash rounded on the cash refunds together
 * and never above it), in one payment; and the sale's member.
 */
function refundProblem(doc: TicketDocument, sales: SaleBook): string | null {
  const sale = sales.get(doc.refundOf ?? '');
  if (!sale) return 'refunds a sale the server does not hold';
  for (const [index, line] of doc.lines.entries()) {
    const sold = sale.lines.get(line.refundOfLine ?? '');
    if (!sold) return `refund line ${index + 1} names no line of the sale`;
    const already = sale.refunded.get(line.refundOfLine ?? '') ?? 0;
    if (already - line.quantity > sold.quantity)
      return `refund line ${index + 1} gives back more than was sold`;
    const expected = refundLineTotals(sold, already, -line.quantity);
    if (
      expected.gross !== line.gross ||
      expected.lineDiscount !== line.lineDiscount ||
      expected.ticketDiscountShare !== line.ticketDiscountShare ||
      expected.net !== line.net
    ) {
      return `refund line ${index + 1} does not match the sale (net ${line.net}, computed ${expected.net})`;
    }
  }
  if (isLegacy(doc)) {
    const before = sum(sale.refunds, (refund) => refund.total);
    const vat = vatBreakdown(
      doc.lines.map((line) => ({ rateBp: line.vatRateBp, amount: line.net })),
    );
    if (!sameJson(vat, doc.vat)) return 'the VAT table does not match the lines';
    return legacyMoneyProblem(
      doc,
      roundToFiveCents(before + doc.total) - roundToFiveCents(before) - doc.total,
    );
  }
  const vat = refundVat(
    sale.refunds.flatMap((refund) => refund.vat),
    doc.lines.map((line) => ({ rateBp: line.vatRateBp, amount: line.net })),
  );
  if (!sameJson(vat, doc.vat))
    return "the VAT table is not the sale's VAT refunded so far less what went back before";
  const [payment, ...more] = doc.payments;
  if (!payment || more.length > 0) return 'a refund is paid back in one payment';
  const money = refundMoney({
    sale: { total: sale.total, rounding: sale.rounding },
    earlier: sale.refunds,
    total: doc.total,
    rounded: doc.roundedAll === true || payment.kind === 'cash',
  });
  const expected = {
    ...money,
    amount: money.due,
    paymentRounding: money.rounding,
    change: 0,
    voucherExcess: 0,
  };
  const stated = {
    due: doc.due,
    rounding: doc.rounding,
    amount: payment.amount,
    paymentRounding: payment.rounding ?? 0,
    change: doc.change,
    voucherExcess: doc.voucherExcess ?? 0,
  };
  if (!sameJson(expected, stated)) {
    return `gives back ${-doc.due}, computed ${-money.due} on what the sale's refunds paid back so far`;
  }
  if (!sameJson(doc.member ?? null, sale.member)) return "the member is not the sale's";
  return null;
}

function sum<T>(items: readonly T[], pick: (item: T) => number): number {
  return items.reduce((total, item) => total + pick(item), 0);
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalize(a) === canonicalize(b);
}
