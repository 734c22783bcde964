import { TillError } from '../../domain/errors';
import { storedSessionReport } from '../../domain/session';
import {
  buildReceipt,
  buildSessionReportDocument,
  type ReceiptDocument,
  type SessionReportDocument,
} from '../../domain/receipt';
import type { Db } from '../../db/open';
import { prepare } from '../../db/prepare';
import * as sessions from '../../db/sessions';
import * as tickets from '../../db/tickets';
import { findUser } from '../../db/users';
import type { TillSettings } from './settings';
import type { TicketView } from './ticket-view';

function shopHeader(settings: TillSettings) {
  return {
    shopName: settings.shop.name,
    addressLines: settings.shop.addressLines,
    vatNumber: settings.shop.vatNumber || null,
  };
}

/** The Z report of a closed session, as a document for printer or screen. */
export function zReportDocument(
  db: Db,
  settings: TillSettings,
  sessionId: string,
  printedAt: string,
): SessionReportDocument {
  const session = sessions.getSession(db, sessionId);
  if (!session || session.status !== 'closed') {
    throw new TillError('report.unknown_session', `No closed session ${sessionId}`, {
      sessionId,
    });
  }
  const name = (id: number | null) => (id === null ? '' : (findUser(db, id)?.name ?? String(id)));
  const journal = prepare(
    db,
    "SELECT seq, hash FROM journal WHERE doc_type = 'z_report' AND doc_id = ?",
  ).get(sessionId) as { seq: number; hash: string } | undefined;
  return buildSessionReportDocument(storedSessionReport(session.zReport), {
    kind: 'Z',
    header: shopHeader(settings),
    tillName: settings.tillName,
    sessionNumber: sessions.shortSessionId(db, session.id),
    openedAt: session.openedAt,
    openedBy: name(session.openedBy),
    printedAt,
    closedAt: session.closedAt,
    closedBy: name(session.closedBy),
    methodLabels: Object.fromEntries(
      settings.paymentMethods
        .filter((method) => method.label)
        .map((method) => [method.id, method.label]),
    ),
    journal: journal ?? null,
  });
}

/** The receipt of a paid ticket (a reprint says DUPLICATA), as a document for printer or screen. */
export function receiptDocument(
  db: Db,
  settings: TillSettings,
  {
    ticket,
    view,
    duplicate,
  }: {
    ticket: tickets.Ticket;
    view: TicketView;
    duplicate: boolean;
  },
): ReceiptDocument {
  const journal = prepare(db, 'SELECT seq, hash FROM journal WHERE seq = ?').get(
    ticket.journalSeq,
  ) as { seq: number; hash: string } | undefined;
  const labels = new Map(settings.paymentMethods.map((method) => [method.id, method.label]));
  const original = ticket.refundOf ? tickets.getTicket(db, ticket.refundOf) : undefined;
  return buildReceipt({
    header: shopHeader(settings),
    kind: ticket.kind,
    ticketNumber: String(ticket.number),
    refundOf: original?.number ? String(original.number) : null,
    dateTime: ticket.closedAt ?? '',
    cashierName: findUser(db, ticket.closedBy ?? ticket.cashierId)?.name ?? '',
    tillName: settings.tillName,
    lines: ticket.lines.map((line) => ({
      name: line.name,
      byWeight: line.unit === 'kg',
      unitPrice: line.unitPrice,
      quantity: line.quantity,
      priceOverride: line.priceOverride,
      discount: line.discount,
      vatRateBp: line.vatRateBp,
    })),
    totals: view.totals,
    ticketDiscount: ticket.ticketDiscount,
    settlement: {
      total: view.totals.total,
      rounding: view.rounding,
      due: view.due,
      paid: ticket.paid ?? 0,
      change: view.change,
      remaining: 0,
      voucherExcess: view.voucherExcess,
    },
    roundAll: ticket.roundedAll,
    payments: ticket.payments.map((payment) => ({
      method: payment.method,
      amount: payment.amount,
      label: labels.get(payment.method) || null,
    })),
    member: view.member && {
      name: view.member.name,
      number: view.member.number,
      // The coop's label as the till showed it; a ticket paid before labels were kept, its code.
      status: view.member.statusLabel ?? view.member.status,
    },
    journal: journal ?? null,
    footer: settings.shop.footerLines,
    duplicate,
  });
}
