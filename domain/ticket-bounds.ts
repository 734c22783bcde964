/**
 * What a real till can have sold, checked on a ticket's document wherever it arrives (the server
 * on a push, before any maths): a sale takes goods out for money, a refund gives them back, and
 * no figure goes past the till's limits or past what the books hold.
 */
import { MAX_CENTS, MAX_MILLI } from './money';

/**
 * The most a ticket's total, due, change or one payment may be: 10 000 000 EUR. The till's own
 * line limits (100 000 EUR, 10 000 pieces) still allow a ticket of 10^11 cents, which the books
 * (PostgreSQL integers, summed by day) cannot hold; no coop sells such a ticket.
 */
export const MAX_TICKET_CENTS = 1_000_000_000;

export interface BoundedLine {
  quantity: number;
  shelfPrice: number;
  unitPrice: number;
  gross: number;
  net: number;
  /** What the line did to the shelf, when the till journaled it. */
  stockDelta?: number | null | undefined;
}

export interface BoundedTicket {
  kind: 'sale' | 'refund';
  lines: readonly BoundedLine[];
  subtotal: number;
  total: number;
  due: number;
  change: number;
  payments: readonly { amount: number }[];
}

/** What makes this ticket one no till could have made, in words, or null. */
export function ticketBoundsProblem(doc: BoundedTicket): string | null {
  if (doc.lines.length === 0) return `a ${doc.kind} has at least one line`;
  for (const [index, line] of doc.lines.entries()) {
    const where = `line ${index + 1}`;
    if (Math.abs(line.quantity) > MAX_MILLI)
      return `${where}: a quantity of ${line.quantity / 1000} is beyond the till's limit (${MAX_MILLI / 1000})`;
    if (line.shelfPrice > MAX_CENTS || line.unitPrice > MAX_CENTS)
      return `${where}: a price above ${MAX_CENTS / 100} EUR is beyond the till's limit`;
    if (line.shelfPrice < 0 || line.unitPrice < 0) return `${where}: a price is never negative`;
    if (Math.abs(line.gross) > MAX_TICKET_CENTS || Math.abs(line.net) > MAX_TICKET_CENTS)
      return `${where}: an amount beyond ${MAX_TICKET_CENTS / 100} EUR is more than a ticket holds`;
    const delta = line.stockDelta ?? null;
    if (delta !== null && Math.abs(delta) > MAX_MILLI)
      return `${where}: a stock change of ${delta / 1000} is beyond the till's limit (${MAX_MILLI / 1000})`;
    if (delta !== null && (doc.kind === 'sale' ? delta > 0 : delta < 0))
      return `${where}: a ${doc.kind} ${doc.kind === 'sale' ? 'takes goods off' : 'puts goods back on'} the shelf, never the other way`;
    if (doc.kind === 'sale' && (line.quantity <= 0 || line.gross < 0 || line.net < 0))
      return `${where}: a sale's quantities and amounts are positive (a refund gives goods back)`;
    if (doc.kind === 'refund' && (line.quantity >= 0 || line.gross > 0 || line.net > 0))
      return `${where}: a refund gives goods back (its quantities and amounts are negative)`;
  }
  const amounts = [
    doc.subtotal,
    doc.total,
    doc.due,
    doc.change,
    ...doc.payments.map((p) => p.amount),
  ];
  if (amounts.some((amount) => Math.abs(amount) > MAX_TICKET_CENTS))
    return `an amount beyond ${MAX_TICKET_CENTS / 100} EUR is more than a ticket holds`;
  if (doc.change < 0) return 'change is never negative';
  const sign = doc.kind === 'sale' ? 1 : -1;
  if (doc.total * sign < 0 || doc.due * sign < 0)
    return doc.kind === 'sale'
      ? "a sale's total and due are positive"
      : "a refund's total and due are negative (money goes back)";
  if (doc.payments.some((payment) => payment.amount * sign < 0))
    return doc.kind === 'sale'
      ? "a sale's payments are positive"
      : "a refund's payment is negative (money goes back)";
  return null;
}
