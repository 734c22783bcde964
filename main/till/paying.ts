/**
 * Paying the ticket being rung up and refunding a paid one: each closes a ticket in one
 * transaction, journaled.
 */
import { TillError } from '../../domain/errors';
import type { LineTotals, TicketTotals } from '../../domain/ticket';
import { settle, type Settlement } from '../../domain/payment';
import { refundLineTotals, refundMoney, refundSettlement, refundVat } from '../../domain/refund';
import { divRound } from '../../domain/money';
import type { MemberSnapshot, TicketDocument } from '../../domain/journal-documents';
import * as catalog from '../../db/catalog';
import * as tickets from '../../db/tickets';
import { insertStockMove } from '../../db/stock';
import type { User } from '../../db/users';
import { schemas, type Parsed } from './schemas';
import { op } from './operation';
import { paymentKindOf } from './settings';
import type { PayConsent } from './members';
import { draftTotals, journalLine, lineView, soldLine, type TicketView } from './ticket-view';
import type { OnceInput, TillContext } from './context';
import { assertWholePieces } from './drafts';

/** Pays the ticket being rung up: one transaction writes everything, or nothing. */
export function pay(t: TillContext, input: Parsed<'pay'>): TicketView {
  const { payments, acknowledged, approval } = input;
  const earlier = paidBefore(t, 'pay', input);
  if (earlier) return earlier;
  const user = t.requireUser();
  const consent = payConsent(t, acknowledged, approval);
  return t.transaction(() => {
    const session = t.requireSession();
    const draft = tickets.findDraft(t.db, session.id);
    if (!draft || draft.lines.length === 0) {
      throw new TillError('ticket.empty', 'There is nothing to pay: scan a product first', {});
    }
    const totals = draftTotals(draft);
    const allowed = t.members.consentToPay(draft.id, draft.memberId, consent);
    if (allowed) {
      const at = t.now();
      t.record(
        { docType: 'member_consent', document: { ...allowed, cashierId: user.id, at } },
        draft.id,
        at,
      );
    }
    const settings = t.settings();
    const settlement = settle(totals.total, payments, paymentKindOf(settings), settings);
    t.markApplied('pay', input, draft.id);
    return t.paid(finalize(t, draft, totals, payments, user, settlement));
  });
}

/** The ticket a repeated pay or refund (same operation id) closed the first time, as it is. */
function paidBefore(t: TillContext, name: 'pay' | 'refund', input: OnceInput): TicketView | null {
  const earlier = t.appliedBefore(name, input);
  const ticket = earlier?.resultId ? tickets.getTicket(t.db, earlier.resultId) : undefined;
  return ticket ? t.view(ticket) : null;
}

/** Who lets a held-back ticket be paid; a manager's PIN is checked before the transaction. */
function payConsent(
  t: TillContext,
  acknowledged: boolean,
  approval: { userId: number; pin: string } | undefined,
): PayConsent {
  const user = t.requireUser();
  const manager =
    approval !== undefined
      ? t.requireManager(approval, 'sell to a member who may not shop')
      : user.role === 'manager' && acknowledged
        ? user
        : null;
  return { acknowledged, manager };
}

/** Refunds all or some lines of a paid ticket, as a new refund ticket pointing at it. */
export function refund(t: TillContext, input: Parsed<'refund'>): TicketView {
  const { ticketNumber, lines: wanted, method, approval } = input;
  const earlier = paidBefore(t, 'refund', input);
  if (earlier) return earlier;
  const manager = t.requireManager(approval, 'refund a ticket');
  const kind = paymentKindOf(t.settings())(method);
  return t.transaction(() => {
    const session = t.requireSession();
    const original = tickets.getTicketByNumber(t.db, ticketNumber);
    if (!original || original.kind !== 'sale' || original.status !== 'paid') {
      throw new TillError('refund.unknown_ticket', `No paid sale has the number ${ticketNumber}`, {
        ticketNumber,
      });
    }
    const refunded = tickets.refundedQuantities(t.db, original.id);
    const requests =
      wanted ??
      original.lines
        .map((line) => ({
          lineId: line.id,
          quantity: line.quantity - (refunded.get(line.id) ?? 0),
        }))
        .filter((request) => request.quantity > 0);
    if (requests.length === 0) {
      throw new TillError(
        'refund.nothing_left',
        `Ticket ${ticketNumber} has been refunded in full already`,
        { ticketNumber },
      );
    }
    const id = t.newId();
    tickets.insertTicket(t.db, {
      id,
      sessionId: session.id,
      kind: 'refund',
      refundOf: original.id,
      cashierId: manager.id,
      createdAt: t.now(),
    });
    if (original.memberId !== null)
      tickets.updateDraft(t.db, id, { updatedAt: t.now(), memberId: original.memberId });
    const lineTotals: LineTotals[] = [];
    const seen = new Set<string>();
    for (const request of requests) {
      const line = original.lines.find((candidate) => candidate.id === request.lineId);
      if (!line || seen.has(request.lineId)) {
        throw new TillError(
          'refund.unknown_line',
          `Line ${request.lineId} is not on ticket ${ticketNumber} (or is named twice)`,
          { lineId: request.lineId },
        );
      }
      seen.add(line.id);
      const already = refunded.get(line.id) ?? 0;
      if (request.quantity > line.quantity - already) {
        throw new TillError(
          'refund.too_much',
          `Only ${line.quantity - already} thousandths of "${line.name}" are left to refund`,
          { line: line.name, left: line.quantity - already },
        );
      }
      assertWholePieces(line.unit, request.quantity);
      lineTotals.push(refundLineTotals(soldLine(line), already, request.quantity));
      tickets.insertLine(t.db, {
        ...line,
        id: t.newId(),
        ticketId: id,
        refundOfLine: line.id,
        quantity: -request.quantity,
      });
    }
    const total = lineTotals.reduce((sum, line) => sum + line.net, 0);
    const earlier = tickets.refundsOf(t.db, original.id);
    const totals: TicketTotals = {
      lines: lineTotals,
      subtotal: lineTotals.reduce((sum, line) => sum + line.amount, 0),
      ticketDiscount: lineTotals.reduce((sum, line) => sum + line.ticketDiscountShare, 0),
      total,
      vat: refundVat(
        earlier.flatMap((refund) => refund.vat),
        lineTotals.map((line) => ({ rateBp: line.vatRateBp, amount: line.net })),
      ),
    };
    const draft = tickets.getTicket(t.db, id) as tickets.Ticket;
    const roundAll = t.settings().roundAll;
    const money = refundMoney({
      sale: { total: original.total ?? 0, rounding: original.rounding ?? 0 },
      earlier: earlier.map((refund) => ({
        total: refund.total,
        paidBack: refund.due,
        rounded:
          refund.roundedAll ||
          refund.methods.some((paid) => (paid.kind ?? t.storedKind(paid.method)) === 'cash'),
      })),
      total,
      rounded: roundAll || kind === 'cash',
    });
    const settlement = refundSettlement(total, kind, money);
    t.markApplied('refund', input, id);
    return t.paid(finalize(t, draft, totals, [{ method, amount: money.due }], manager, settlement));
  });
}

function finalize(
  t: TillContext,
  draft: tickets.Ticket,
  totals: TicketTotals,
  payments: { method: string; amount: number }[],
  user: User,
  settlement: Settlement,
): tickets.Ticket {
  const settings = t.settings();
  const kindOf = paymentKindOf(settings);
  if (settlement.remaining !== 0) {
    throw new TillError(
      'payment.insufficient',
      `${Math.abs(settlement.remaining)} cents are still due`,
      { remaining: settlement.remaining },
    );
  }
  const closedAt = t.now();
  const lines = draft.lines.map((line, index) => {
    const { gross, lineDiscount, amount, ticketDiscountShare, net } = totals.lines[
      index
    ] as LineTotals;
    return { ...line, gross, lineDiscount, amount, ticketDiscountShare, net };
  });
  // Worked out once: the stock ledger and the journal's document carry the very same deltas.
  const stockDeltas = lines.map((line) =>
    line.productId === null ? null : -stockQuantity(t, line),
  );
  lines.forEach((line, index) => {
    tickets.fixLineAmounts(t.db, line.id, line);
    const stockDelta = stockDeltas[index] ?? null;
    if (line.productId !== null && stockDelta !== null) {
      insertStockMove(t.db, {
        id: t.newId(),
        productId: line.productId,
        quantity: stockDelta,
        kind: draft.kind,
        ticketId: draft.id,
        userId: user.id,
        createdAt: closedAt,
      });
    }
  });
  const paymentRows = payments.map((payment, index) => ({
    id: t.newId(),
    ticketId: draft.id,
    method: payment.method,
    kind: kindOf(payment.method),
    amount: payment.amount,
    rounding: settlement.paymentRounding[index] ?? 0,
    createdAt: closedAt,
  }));
  for (const payment of paymentRows) tickets.insertPayment(t.db, payment);
  // A refund keeps the member as they were on the sale it refunds.
  const member: MemberSnapshot | null =
    draft.refundOf !== null
      ? (tickets.getTicket(t.db, draft.refundOf)?.member ?? null)
      : t.members.view(draft.memberId);
  const number = tickets.nextTicketNumber(t.db);
  const document: Omit<TicketDocument, 'kind'> = {
    ticketId: draft.id,
    number,
    refundOf: draft.refundOf,
    sessionId: draft.sessionId,
    till: settings.tillName,
    cashierId: user.id,
    // Who was at the till when a manager approved (a refund): both are on record.
    signedInUserId: t.user?.id ?? null,
    member,
    closedAt,
    lines: draft.lines.map((line, index) => ({
      ...journalLine({ ...lineView(line), totals: totals.lines[index] as LineTotals }),
      // The very delta written to the stock ledger above, for the server to book as it is.
      stockDelta: stockDeltas[index] ?? null,
    })),
    subtotal: totals.subtotal,
    ticketDiscount: totals.ticketDiscount,
    ticketDiscountApprovedBy: draft.ticketDiscount?.approvedBy ?? null,
    total: totals.total,
    vat: totals.vat,
    payments: paymentRows.map(({ method, kind, amount, rounding }) => ({
      method,
      kind,
      amount,
      rounding,
    })),
    rounding: settlement.rounding,
    due: settlement.due,
    change: settlement.change,
    voucherExcess: settlement.voucherExcess,
    roundedAll: settings.roundAll,
  };
  const entry = t.record(
    draft.kind === 'sale'
      ? { docType: 'sale', document: { kind: 'sale', ...document } }
      : { docType: 'refund', document: { kind: 'refund', ...document } },
    draft.id,
    closedAt,
    draft.kind === 'sale' ? { sales: totals.total } : { refunds: totals.total },
  );
  const close = {
    status: 'paid' as const,
    number,
    closedAt,
    closedBy: user.id,
    member,
    subtotal: totals.subtotal,
    discountTotal: totals.ticketDiscount,
    total: totals.total,
    rounding: settlement.rounding,
    due: settlement.due,
    paid: settlement.paid,
    changeGiven: settlement.change,
    journalSeq: entry.seq,
    vat: totals.vat,
    voucherExcess: settlement.voucherExcess,
    roundedAll: settings.roundAll,
  };
  tickets.closeTicket(t.db, draft.id, close);
  // What was just written, without reading it back.
  return { ...draft, ...close, updatedAt: closedAt, lines, payments: paymentRows };
}

/**
 * What a line takes from the shelf: its quantity, except a price label on a product sold by the
 * kg, which stands for the weight its price buys (price / price per kg, to the gram).
 */
function stockQuantity(t: TillContext, line: tickets.TicketLineRow): number {
  if (line.unit !== 'piece' || line.productId === null || line.barcode === null) {
    return line.quantity;
  }
  if (t.parser(line.barcode).type !== 'price') return line.quantity;
  const product = catalog.getProduct(t.db, line.productId);
  if (!product || product.unit !== 'kg' || product.price <= 0) return line.quantity;
  return divRound(line.unitPrice * line.quantity, product.price);
}

/** Paying and refunding: the operations the screens call. */
export const payingOperations = {
  pay: op(schemas.pay, ({ ctx }, input) => pay(ctx, input)),
  refund: op(schemas.refund, ({ ctx }, input) => refund(ctx, input)),
};
