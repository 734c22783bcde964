/** Documents of what was sold: receipts (and reprints), the Z report, paid tickets looked up. */
import { TillError } from '../../domain/errors';
import type { ReceiptDocument } from '../../domain/receipt';
import type { SessionReportDocument } from '../../domain/report-document';
import * as tickets from '../../db/tickets';
import { receiptDocument, zReportDocument as buildZReport } from './documents';
import type { TicketView } from './ticket-view';
import type { TillContext } from './context';

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
