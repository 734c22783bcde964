import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { computeTicket, type Discount } from '../domain/ticket';
import { roundToFiveCents } from '../domain/payment';
import { vatBreakdown } from '../domain/tax';
import { errorMessage } from '../domain/errors';
import { refundLineTotals, type SoldLine } from '../domain/refund';

export const GENESIS_HASH = '0'.repeat(64);

const int = z.number().int().safe();
const discount = z
  .union([
    z.object({ kind: z.literal('percent'), basisPoints: int }),
    z.object({ kind: z.literal('amount'), cents: int }),
  ])
  .nullable();

/** What the server reads of a ticket's document; other fields travel on untouched. */
const ticketDocument = z.object({
  ticketId: z.string().min(1).max(100),
  kind: z.enum(['sale', 'refund']),
  number: int.nullable(),
  refundOf: z.string().max(100).nullable(),
  sessionId: z.string().min(1).max(100),
  closedAt: z.string().min(1).max(40),
  lines: z
    .array(
      z.object({
        lineId: z.string().max(100),
        refundOfLine: z.string().max(100).nullable(),
        productId: int.nullable(),
        quantity: int,
        shelfPrice: int,
        unitPrice: int,
        priceOverride: int.nullable(),
        discount,
        vatRateBp: int,
        gross: int,
        lineDiscount: int,
        ticketDiscountShare: int,
        net: int,
        unit: z.enum(['piece', 'kg']),
      }),
    )
    .max(10_000),
  subtotal: int,
  ticketDiscount: int,
  total: int,
  vat: z.array(z.object({ rateBp: int, gross: int, vat: int, net: int })),
  payments: z.array(z.object({ method: z.string(), amount: int })),
  rounding: int,
  due: int,
  change: int,
});
export type TicketDocument = z.infer<typeof ticketDocument>;

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
  if (type !== 'sale' && type !== 'refund') return { ok: true, payload, ticket: null };
  const ticket = ticketDocument.safeParse(payload.document);
  if (!ticket.success || ticket.data.kind !== type) {
    return { ok: false, reason: `ticket: the ${type} document is incomplete`, payload };
  }
  const problem =
    ticketProblem(ticket.data) ?? (type === 'refund' ? refundProblem(ticket.data, sales) : null);
  return problem
    ? { ok: false, reason: `ticket ${ticket.data.number ?? ''}: ${problem}`.trim(), payload }
    : { ok: true, payload, ticket: ticket.data };
}

/** What is wrong with a ticket's figures, recomputed from its lines, or null. */
export function ticketProblem(doc: TicketDocument): string | null {
  try {
    if (doc.kind === 'sale') {
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
    } else {
      // A refund's amounts are its sale's, pro rata: here each line and the sums must hold.
      for (const [index, line] of doc.lines.entries()) {
        if (
          line.quantity >= 0 ||
          line.net !== line.gross - line.lineDiscount - line.ticketDiscountShare
        ) {
          return `refund line ${index + 1} does not add up`;
        }
      }
      const sum = (pick: (line: TicketDocument['lines'][number]) => number) =>
        doc.lines.reduce((total, line) => total + pick(line), 0);
      if (sum((line) => line.net) !== doc.total)
        return `total ${doc.total} is not the sum of its lines`;
    }
    const vat = vatBreakdown(
      doc.lines.map((line) => ({ rateBp: line.vatRateBp, amount: line.net })),
    );
    if (JSON.stringify(vat) !== JSON.stringify(doc.vat))
      return 'the VAT table does not match the lines';
    if (
      doc.kind === 'sale' &&
      doc.rounding !== 0 &&
      doc.rounding !== roundToFiveCents(doc.total) - doc.total
    ) {
      return `cash rounding ${doc.rounding} is not the rounding of ${doc.total} to 5 cents`;
    }
    // A refund's rounding is worked out on all the refunds of its sale taken together (the
    // rounding of the new sum less that of the old): it may reach 4 cents either way.
    const maxRounding = doc.kind === 'sale' ? 2 : 4;
    if (Math.abs(doc.rounding) > maxRounding) {
      return `cash rounding ${doc.rounding} exceeds ${maxRounding} cents`;
    }
    if (doc.due !== doc.total + doc.rounding) return `due ${doc.due} is not total plus rounding`;
    const paid = doc.payments.reduce((total, payment) => total + payment.amount, 0);
    if (paid - doc.change !== doc.due)
      return `payments less change (${paid - doc.change}) are not the due ${doc.due}`;
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

/** What the server knows of a sale: its lines as sold, and what its refunds took back so far. */
export interface SaleRecord {
  lines: Map<string, SoldLine>;
  refunded: Map<string, number>;
  refundedTotal: number;
}
/** The sales a batch's refunds point at, by ticket id. */
export type SaleBook = Map<string, SaleRecord>;

export function parseTicket(document: unknown): TicketDocument | null {
  const parsed = ticketDocument.safeParse(document);
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
      refundedTotal: 0,
    });
    return;
  }
  const sale = sales.get(doc.refundOf ?? '');
  if (!sale) return;
  for (const line of doc.lines) {
    const id = line.refundOfLine ?? '';
    sale.refunded.set(id, (sale.refunded.get(id) ?? 0) - line.quantity);
  }
  sale.refundedTotal += doc.total;
}

/**
 * A refund's lines recomputed from the sale's (the domain's pro rata on the quantities refunded
 * so far), and its cash rounding from all the sale's refunds taken together.
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
  const before = sale.refundedTotal;
  const cashRounding = roundToFiveCents(before + doc.total) - roundToFiveCents(before) - doc.total;
  if (doc.rounding !== 0 && doc.rounding !== cashRounding) {
    return `cash rounding ${doc.rounding}, computed ${cashRounding} on the sale's refunds so far`;
  }
  return null;
}
