import {
  computeTicket,
  type LineTotals,
  type TicketKind,
  type TicketTotals,
} from '../../domain/ticket';
import { vatBreakdown } from '../../domain/tax';
import type { JournalLine } from '../../domain/journal-documents';
import type * as catalog from '../../db/catalog';
import type * as tickets from '../../db/tickets';
import type { MemberView } from './members';

export type { MemberView };

export interface LineView {
  id: string;
  productId: number | null;
  /** As sold (the catalogue's French name then); the screens show `nameNl` in Dutch. */
  name: string;
  /** The product's Dutch name in the catalogue now, when it has one (never on a receipt). */
  nameNl: string | null;
  barcode: string | null;
  unit: catalog.Unit;
  quantity: number;
  unitPrice: number;
  priceOverride: number | null;
  /** The manager who allowed the price override. */
  priceOverrideBy: number | null;
  discount: tickets.StoredDiscount | null;
  refundOfLine: string | null;
  totals: LineTotals;
}

export interface TicketView {
  id: string;
  kind: TicketKind;
  status: tickets.TicketStatus;
  number: number | null;
  refundOf: string | null;
  cashierId: number;
  member: MemberView | null;
  ticketDiscount: tickets.StoredDiscount | null;
  lines: LineView[];
  totals: TicketTotals;
  payments: { method: string; amount: number }[];
  rounding: number;
  due: number;
  change: number;
  /** What vouchers paid beyond the due, kept by the coop (no change on a voucher). */
  voucherExcess: number;
  closedAt: string | null;
  journalSeq: number | null;
  /**
   * Higher for every view the till makes, across tickets: a screen that gets two answers out of
   * order (a reply and an event, two scans in flight) keeps the one with the highest.
   */
  revision: number;
}

/** The totals of a ticket still being rung up, from the prices and discounts on its lines. */
export function draftTotals(ticket: tickets.Ticket): TicketTotals {
  return computeTicket(
    ticket.lines.map((line) => ({
      unitPrice: line.unitPrice,
      quantity: line.quantity,
      priceOverride: line.priceOverride,
      discount: line.discount,
      vatRateBp: line.vatRateBp,
    })),
    ticket.ticketDiscount,
  );
}

/** What the screen shows of a ticket: a paid one with the amounts it was paid at. */
export function ticketView(
  ticket: tickets.Ticket,
  draftMember: MemberView | null,
  revision: number,
  namesNl: ReadonlyMap<number, string> = new Map(),
): TicketView {
  const paidTotals = ticket.status !== 'draft' && ticket.lines.every((line) => line.net !== null);
  const totals: TicketTotals = paidTotals
    ? {
        lines: ticket.lines.map(storedLineTotals),
        subtotal: ticket.subtotal ?? 0,
        ticketDiscount: ticket.discountTotal ?? 0,
        total: ticket.total ?? 0,
        // As printed: a refund's VAT is its share of the sale's, not always its own total's.
        vat:
          ticket.vat ??
          vatBreakdown(
            ticket.lines.map((line) => ({ rateBp: line.vatRateBp, amount: line.net ?? 0 })),
          ),
      }
    : draftTotals(ticket);
  // A paid ticket keeps the member as they were when it was paid.
  const member = ticket.status === 'draft' ? draftMember : (ticket.member as MemberView | null);
  return {
    id: ticket.id,
    kind: ticket.kind,
    status: ticket.status,
    number: ticket.number,
    refundOf: ticket.refundOf,
    cashierId: ticket.cashierId,
    member,
    ticketDiscount: ticket.ticketDiscount,
    lines: ticket.lines.map((line, index) => ({
      ...lineView(line),
      nameNl: line.productId === null ? null : (namesNl.get(line.productId) ?? null),
      totals: totals.lines[index] as LineTotals,
    })),
    totals,
    payments: ticket.payments.map((payment) => ({
      method: payment.method,
      amount: payment.amount,
    })),
    rounding: ticket.rounding ?? 0,
    due: ticket.due ?? totals.total,
    change: ticket.changeGiven ?? 0,
    voucherExcess: ticket.voucherExcess,
    closedAt: ticket.closedAt,
    journalSeq: ticket.journalSeq,
    revision,
  };
}
export function lineView(line: tickets.TicketLineRow): Omit<LineView, 'totals' | 'nameNl'> {
  return {
    id: line.id,
    productId: line.productId,
    name: line.name,
    barcode: line.barcode,
    unit: line.unit,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    priceOverride: line.priceOverride,
    priceOverrideBy: line.priceOverrideBy,
    discount: line.discount,
    refundOfLine: line.refundOfLine,
  };
}

export function storedLineTotals(line: tickets.TicketLineRow): LineTotals {
  return {
    unitPrice: line.priceOverride ?? line.unitPrice,
    gross: line.gross ?? 0,
    lineDiscount: line.lineDiscount ?? 0,
    amount: line.amount ?? 0,
    ticketDiscountShare: line.ticketDiscountShare ?? 0,
    net: line.net ?? 0,
    vatRateBp: line.vatRateBp,
  };
}

export function soldLine(line: tickets.TicketLineRow) {
  return { ...storedLineTotals(line), quantity: line.quantity };
}

/** A line as the journal keeps it: what was sold, at what price, and who changed the price. */
export function journalLine(line: Omit<LineView, 'nameNl'>): JournalLine {
  return {
    lineId: line.id,
    productId: line.productId,
    name: line.name,
    barcode: line.barcode,
    unit: line.unit,
    quantity: line.quantity,
    unitPrice: line.totals.unitPrice,
    shelfPrice: line.unitPrice,
    priceOverride: line.priceOverride,
    priceOverrideBy: line.priceOverrideBy,
    discount: line.discount,
    vatRateBp: line.totals.vatRateBp,
    gross: line.totals.gross,
    lineDiscount: line.totals.lineDiscount,
    ticketDiscountShare: line.totals.ticketDiscountShare,
    net: line.totals.net,
    refundOfLine: line.refundOfLine,
  };
}
