/** Documents of what was sold: receipts (and reprints), the Z report, paid tickets looked up. */
import { TillError } from '../../domain/errors';
import { ticketNumberOfReference, type ReceiptDocument } from '../../domain/receipt';
import type { SessionReportDocument } from '../../domain/report-document';
import * as tickets from '../../db/tickets';
import { countPrintQueue, type PrintQueueCounts } from '../../db/print-queue';
import { receiptDocument, zReportDocument as buildZReport } from './documents';
import type { TicketView } from './ticket-view';
import type { Input, TillContext } from './context';
import { schemas, validate } from './schemas';

/** The Z report of a closed session, as a document for printer or screen. */
export function zReportDocument(t: TillContext, sessionId: string): SessionReportDocument {
  return buildZReport(t.db, t.settings(), sessionId, t.now());
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
  return receiptDocument(t.db, t.settings(), {
    ticket,
    view: t.view(ticket),
    duplicate: options.duplicate ?? false,
  });
}

export function getTicket(t: TillContext, ticketId: string): TicketView | null {
  const ticket = tickets.getTicket(t.db, ticketId);
  return ticket ? t.view(ticket) : null;
}

export function getTicketByNumber(t: TillContext, number: number): TicketView | null {
  const ticket = tickets.getTicketByNumber(t.db, number);
  return ticket ? t.view(ticket) : null;
}

/**
 * A paid ticket (a sale or a refund) by its number typed, or by the barcode of its receipt
 * scanned: what the refund screen starts from.
 */
export function findTicket(t: TillContext, input: Input<'findTicket'>): TicketView {
  const { reference } = validate(schemas.findTicket, input);
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
  return t.view(ticket);
}

/** How many receipts and reports wait for the printer, and how many may not have printed. */
export function printQueue(t: TillContext): PrintQueueCounts {
  return countPrintQueue(t.db, new Date(t.clock().getTime() - UNCERTAIN_WITHIN_MS).toISOString());
}

/** An uncertain print older than a day is no longer the cashier's to check. */
const UNCERTAIN_WITHIN_MS = 24 * 60 * 60_000;
