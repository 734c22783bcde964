/** Documents of what was sold: receipts (and reprints), the Z report, paid tickets looked up. */
import { TillError } from '../../domain/errors';
import { ticketNumberOfReference, type ReceiptDocument } from '../../domain/receipt';
import type { SessionReportDocument } from '../../domain/report-document';
import * as tickets from '../../db/tickets';
import { countPrintQueue, type PrintQueueCounts } from '../../db/print-queue';
import { receiptDocument, zReportDocument as buildZReport } from './documents';
import type { LineView, TicketView } from './ticket-view';
import type { TillContext } from './context';
import { none, schemas, type Parsed } from './schemas';
import { op } from './operation';

/** The Z report of a closed session, as a document for printer or screen. */
export function zReportDocument(t: TillContext, sessionId: string): SessionReportDocument {
  const document = buildZReport(t.db, t.settings(), sessionId, t.now());
  return t.training ? { ...document, training: true } : document;
}

/** The receipt of a paid ticket (a reprint says DUPLICATA), as a document for printer or screen. */
export function receipt(
  t: TillContext,
  ticketNumber: number,
  options: { duplicate?: boolean } = {},
): ReceiptDocument {
  const ticket = tickets.getTicketByNumber(t.db, ticketNumber);
  if (!ticket || ticket.status !== 'paid') {
    throw new TillError('receipt.unknown_ticket', `No paid ticket has the number ${ticketNumber}`, {
      ticketNumber,
    });
  }
  const document = receiptDocument(t.db, t.settings(), {
    ticket,
    view: t.view(ticket),
    duplicate: options.duplicate ?? false,
  });
  return t.training ? { ...document, training: true } : document;
}

export function getTicket(t: TillContext, ticketId: string): TicketView | null {
  const ticket = tickets.getTicket(t.db, ticketId);
  return ticket ? t.view(ticket) : null;
}

export function getTicketByNumber(t: TillContext, number: number): TicketView | null {
  const ticket = tickets.getTicketByNumber(t.db, number);
  return ticket ? t.view(ticket) : null;
}

/** A paid ticket as the refund screen shows it: each line with what was refunded of it already. */
export interface FoundTicket extends TicketView {
  lines: (LineView & { refunded: number })[];
}

/**
 * A paid ticket (a sale or a refund) by its number typed, or by the barcode of its receipt
 * scanned: what the refund screen starts from.
 */
export function findTicket(t: TillContext, input: Parsed<'findTicket'>): FoundTicket {
  const { reference } = input;
  t.requireUser();
  const number = ticketNumberOfReference(reference);
  const ticket = number === null ? undefined : tickets.getTicketByNumber(t.db, number);
  if (!ticket || ticket.status !== 'paid') {
    throw new TillError(
      'ticket.unknown_reference',
      `No paid ticket has the number or receipt barcode "${reference}"`,
      { reference },
    );
  }
  const view = t.view(ticket);
  const refunded = tickets.refundedQuantities(t.db, ticket.id);
  return {
    ...view,
    lines: view.lines.map((line) => ({ ...line, refunded: refunded.get(line.id) ?? 0 })),
  };
}

/** How many receipts and reports wait for the printer, and how many may not have printed. */
export function printQueue(t: TillContext): PrintQueueCounts {
  return countPrintQueue(t.db, new Date(t.clock().getTime() - UNCERTAIN_WITHIN_MS).toISOString());
}

/** An uncertain print older than a day is no longer the cashier's to check. */
const UNCERTAIN_WITHIN_MS = 24 * 60 * 60_000;

/** Paid tickets found again and the print queue: the operations the screens call. */
export const receiptOperations = {
  /** A paid ticket by its number typed or its receipt's barcode scanned (the refund screen). */
  findTicket: op(schemas.findTicket, ({ ctx }, input) => findTicket(ctx, input)),
  printQueue: op(none, ({ ctx }) => printQueue(ctx)),
};
