/**
 * The ticket being rung up: finding or starting it, adding and editing its lines, and the check
 * that keeps its discounts within what a manager approved.
 */
import { TillError } from '../../domain/errors';
import * as catalog from '../../db/catalog';
import * as tickets from '../../db/tickets';
import type { User } from '../../db/users';
import { draftTotals, type TicketView } from './ticket-view';
import type { TillContext } from './context';

export function draftFor(t: TillContext, user: User): tickets.Ticket {
  const session = t.requireSession();
  const existing = tickets.findDraft(t.db, session.id);
  if (existing) return existing;
  const id = t.newId();
  tickets.insertTicket(t.db, {
    id,
    sessionId: session.id,
    kind: 'sale',
    refundOf: null,
    cashierId: user.id,
    createdAt: t.now(),
  });
  return tickets.getTicket(t.db, id) as tickets.Ticket;
}

export function assertSellable(product: catalog.Product): void {
  if (!product.active) {
    throw new TillError('product.inactive', `"${product.name}" is no longer sold`, {
      product: product.name,
    });
  }
}

export function insertLine(
  t: TillContext,
  draft: tickets.Ticket,
  product: catalog.Product,
  quantity: number,
  options: { barcode: string | null; unitPrice?: number; unit?: catalog.Unit },
): void {
  const unit = options.unit ?? product.unit;
  assertWholePieces(unit, quantity);
  tickets.insertLine(t.db, {
    id: t.newId(),
    ticketId: draft.id,
    productId: product.id,
    refundOfLine: null,
    name: product.name,
    barcode: options.barcode,
    unit,
    categoryId: product.categoryId,
    category: product.category,
    vatRateBp: product.vatRateBp,
    unitPrice: options.unitPrice ?? product.price,
    quantity,
    priceOverride: null,
    priceOverrideBy: null,
    discount: null,
  });
  checkDraftTotals(t, draft.id);
}

export function editLine(
  t: TillContext,
  lineId: string,
  change: (line: tickets.TicketLineRow) => void,
): TicketView {
  const user = t.requireUser();
  return t.transaction(() => {
    const draft = draftFor(t, user);
    const line = draft.lines.find((candidate) => candidate.id === lineId);
    if (!line)
      throw new TillError('line.unknown', 'This line is not on the current ticket', { lineId });
    change(line);
    checkDraftTotals(t, draft.id);
    return t.touch(draft.id);
  });
}

/** Computing the totals refuses an impossible discount: inside the transaction, it undoes the change. */
export function checkDraftTotals(t: TillContext, ticketId: string): void {
  const ticket = tickets.getTicket(t.db, ticketId) as tickets.Ticket;
  const totals = draftTotals(ticket);
  // An amount discount a cashier gave alone must not grow past the threshold when the line
  // or the ticket shrinks under it (fewer pieces, a line removed).
  const unapproved = (discount: tickets.StoredDiscount | null, base: number) =>
    discount !== null &&
    discount.approvedBy === undefined &&
    discount.label === undefined &&
    discountAboveThreshold(t, discount, base);
  if (
    ticket.lines.some((line, index) =>
      unapproved(line.discount, totals.lines[index]?.gross ?? 0),
    ) ||
    unapproved(ticket.ticketDiscount, totals.subtotal)
  ) {
    throw new TillError('auth.manager_required', `A manager must approve: ${discountAct(t)}`, {
      act: discountAct(t),
    });
  }
}

export function discountAboveThreshold(
  t: TillContext,
  discount: tickets.StoredDiscount,
  base: number,
): boolean {
  const threshold = t.settings().discountApprovalAboveBp;
  return discount.kind === 'percent'
    ? discount.basisPoints > threshold
    : discount.cents * 10_000 > threshold * Math.abs(base);
}

export function discountAct(t: TillContext): string {
  const threshold = t.settings().discountApprovalAboveBp;
  return `a discount above ${threshold / 100} % (the coop's limit for a cashier)`;
}

export function assertWholePieces(unit: catalog.Unit, quantity: number): void {
  if (unit === 'piece' && quantity % 1000 !== 0) {
    throw new TillError(
      'line.fractional_pieces',
      'A product sold by the piece needs a whole number of pieces',
      { quantity },
    );
  }
}
