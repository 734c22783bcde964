import { prepare } from './prepare';
import type { Db } from './open';
import type { Unit } from './catalog';
import type { PaymentKind } from '../domain/payment';
import { z } from 'zod';
import { vatIncluded, type VatRow } from '../domain/tax';
import type { TicketKind } from '../domain/ticket';
import {
  memberSnapshotSchema,
  storedDiscountSchema,
  vatRowSchema,
  type MemberSnapshot,
  type StoredDiscount,
} from '../domain/journal-documents';

export type { StoredDiscount };

export type TicketStatus = 'draft' | 'paid' | 'cancelled';

export interface TicketLineRow {
  id: string;
  ticketId: string;
  position: number;
  productId: number | null;
  refundOfLine: string | null;
  name: string;
  barcode: string | null;
  unit: Unit;
  categoryId: number | null;
  category: string | null;
  vatRateBp: number;
  unitPrice: number;
  quantity: number;
  priceOverride: number | null;
  priceOverrideBy: number | null;
  discount: StoredDiscount | null;
  /** Set when the ticket is paid: the amounts it was paid at. */
  gross: number | null;
  lineDiscount: number | null;
  amount: number | null;
  ticketDiscountShare: number | null;
  net: number | null;
}

export interface PaymentRow {
  id: string;
  ticketId: string;
  method: string;
  /** Null on payments written before kinds (migration 0006). */
  kind: PaymentKind | null;
  amount: number;
  /** This payment's part of the ticket's rounding. */
  rounding: number;
  createdAt: string;
}

export interface TicketRow {
  id: string;
  sessionId: string;
  kind: TicketKind;
  status: TicketStatus;
  number: number | null;
  refundOf: string | null;
  cashierId: number;
  memberId: number | null;
  /** The member as the till showed them when the ticket was paid. */
  member: MemberSnapshot | null;
  ticketDiscount: StoredDiscount | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: number | null;
  subtotal: number | null;
  discountTotal: number | null;
  total: number | null;
  rounding: number | null;
  due: number | null;
  paid: number | null;
  changeGiven: number | null;
  journalSeq: number | null;
  /** The VAT per rate as printed; null on tickets paid before migration 0006. */
  vat: VatRow[] | null;
  voucherExcess: number;
  /** Paid while the coop rounded every method (the receipt's legal notice). */
  roundedAll: boolean;
}

export interface Ticket extends TicketRow {
  lines: TicketLineRow[];
  payments: PaymentRow[];
}

/** A JSON column, checked by its schema: null stays null. */
function parseJson<T>(schema: z.ZodType<T>, text: string | null): T | null {
  return text === null ? null : schema.parse(JSON.parse(text));
}
const printedVatSchema = z.array(vatRowSchema);

const TICKET_COLUMNS = `id, session_id AS sessionId, kind, status, number, refund_of AS refundOf,
  cashier_id AS cashierId, member_id AS memberId, member, ticket_discount AS ticketDiscount,
  created_at AS createdAt, updated_at AS updatedAt, closed_at AS closedAt, closed_by AS closedBy,
  subtotal, discount_total AS discountTotal, total, rounding, due, paid,
  change_given AS changeGiven, journal_seq AS journalSeq, vat, voucher_excess AS voucherExcess,
  rounded_all AS roundedAll`;

const LINE_COLUMNS = `id, ticket_id AS ticketId, position, product_id AS productId,
  refund_of_line AS refundOfLine, name, barcode, unit, category_id AS categoryId, category,
  vat_rate_bp AS vatRateBp, unit_price AS unitPrice, quantity, price_override AS priceOverride,
  price_override_by AS priceOverrideBy, discount, gross, line_discount AS lineDiscount, amount,
  ticket_discount_share AS ticketDiscountShare, net`;

type RawTicket = Omit<TicketRow, 'member' | 'ticketDiscount' | 'vat' | 'roundedAll'> & {
  roundedAll: number;
  member: string | null;
  ticketDiscount: string | null;
  vat: string | null;
};

export function getTicket(db: Db, id: string): Ticket | undefined {
  const row = prepare<[string], RawTicket>(
    db,
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ?`,
  ).get(id);
  return row ? withLines(db, row) : undefined;
}

/** A ticket row with its lines and payments. */
function withLines(db: Db, row: RawTicket): Ticket {
  const id = row.id;
  const lines = prepare<[string], Omit<TicketLineRow, 'discount'> & { discount: string | null }>(
    db,
    `SELECT ${LINE_COLUMNS} FROM ticket_lines WHERE ticket_id = ? ORDER BY position`,
  )
    .all(id)
    .map((line) => ({ ...line, discount: parseJson(storedDiscountSchema, line.discount) }));
  const payments = prepare<[string], PaymentRow>(
    db,
    `SELECT id, ticket_id AS ticketId, method, kind, amount, rounding, created_at AS createdAt
         FROM payments WHERE ticket_id = ? ORDER BY rowid`,
  ).all(id);
  return {
    ...row,
    member: parseJson(memberSnapshotSchema, row.member),
    ticketDiscount: parseJson(storedDiscountSchema, row.ticketDiscount),
    vat: parseJson(printedVatSchema, row.vat),
    roundedAll: row.roundedAll === 1,
    lines,
    payments,
  };
}

export function getTicketByNumber(db: Db, number: number): Ticket | undefined {
  const id = prepare<[number], string>(db, 'SELECT id FROM tickets WHERE number = ?')
    .pluck()
    .get(number);
  return id === undefined ? undefined : getTicket(db, id);
}

/** The newest draft of the session: the ticket the cashier was ringing up. */
export function findDraft(db: Db, sessionId: string): Ticket | undefined {
  // The row itself, not its id and then the row: every scan and every pay reads the draft.
  const row = prepare<[string], RawTicket>(
    db,
    `SELECT ${TICKET_COLUMNS} FROM tickets WHERE session_id = ? AND status = 'draft'
       ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  ).get(sessionId);
  return row ? withLines(db, row) : undefined;
}

/** A draft with no line leaves no trace: it is deleted, not cancelled. */
export function deleteEmptyDraft(db: Db, ticketId: string): void {
  prepare<[string]>(db, "DELETE FROM tickets WHERE id = ? AND status = 'draft'").run(ticketId);
}

export function insertTicket(
  db: Db,
  ticket: {
    id: string;
    sessionId: string;
    kind: TicketKind;
    refundOf: string | null;
    cashierId: number;
    createdAt: string;
  },
): void {
  prepare<typeof ticket>(
    db,
    `INSERT INTO tickets (id, session_id, kind, status, refund_of, cashier_id, created_at, updated_at)
     VALUES (@id, @sessionId, @kind, 'draft', @refundOf, @cashierId, @createdAt, @createdAt)`,
  ).run(ticket);
}

export function insertLine(
  db: Db,
  line: Omit<
    TicketLineRow,
    'position' | 'gross' | 'lineDiscount' | 'amount' | 'ticketDiscountShare' | 'net'
  >,
): void {
  const position =
    prepare<[string], number>(
      db,
      'SELECT coalesce(max(position), 0) + 1 FROM ticket_lines WHERE ticket_id = ?',
    )
      .pluck()
      .get(line.ticketId) ?? 1;
  prepare<Omit<typeof line, 'discount'> & { position: number; discount: string | null }>(
    db,
    `INSERT INTO ticket_lines (id, ticket_id, position, product_id, refund_of_line, name, barcode, unit,
       category_id, category, vat_rate_bp, unit_price, quantity, price_override, price_override_by, discount)
     VALUES (@id, @ticketId, @position, @productId, @refundOfLine, @name, @barcode, @unit,
       @categoryId, @category, @vatRateBp, @unitPrice, @quantity, @priceOverride, @priceOverrideBy, @discount)`,
  ).run({
    ...line,
    position,
    discount: line.discount ? JSON.stringify(line.discount) : null,
  });
}

export function updateLine(
  db: Db,
  lineId: string,
  change: Partial<
    Pick<TicketLineRow, 'quantity' | 'priceOverride' | 'priceOverrideBy' | 'discount'>
  >,
): void {
  const sets: string[] = [];
  const values: Record<string, unknown> = { lineId };
  if (change.quantity !== undefined) sets.push('quantity = @quantity');
  if (change.priceOverride !== undefined) sets.push('price_override = @priceOverride');
  if (change.priceOverrideBy !== undefined) sets.push('price_override_by = @priceOverrideBy');
  if (change.discount !== undefined) sets.push('discount = @discount');
  Object.assign(values, change, {
    discount: change.discount ? JSON.stringify(change.discount) : null,
  });
  if (sets.length === 0) return;
  prepare<Record<string, unknown>>(
    db,
    `UPDATE ticket_lines SET ${sets.join(', ')} WHERE id = @lineId`,
  ).run(values);
}

export function deleteLine(db: Db, lineId: string): void {
  prepare<[string]>(db, 'DELETE FROM ticket_lines WHERE id = ?').run(lineId);
}

export function updateDraft(
  db: Db,
  ticketId: string,
  change: { updatedAt: string; memberId?: number | null; ticketDiscount?: StoredDiscount | null },
): void {
  const sets = ['updated_at = @updatedAt'];
  if (change.memberId !== undefined) sets.push('member_id = @memberId');
  if (change.ticketDiscount !== undefined) sets.push('ticket_discount = @ticketDiscount');
  prepare<{
    ticketId: string;
    updatedAt: string;
    memberId: number | null;
    ticketDiscount: string | null;
  }>(db, `UPDATE tickets SET ${sets.join(', ')} WHERE id = @ticketId AND status = 'draft'`).run({
    ticketId,
    updatedAt: change.updatedAt,
    memberId: change.memberId ?? null,
    ticketDiscount: change.ticketDiscount ? JSON.stringify(change.ticketDiscount) : null,
  });
}

/** Writes the amounts each line was paid at; only while the ticket is still a draft. */
export function fixLineAmounts(
  db: Db,
  lineId: string,
  amounts: Pick<TicketLineRow, 'gross' | 'lineDiscount' | 'amount' | 'ticketDiscountShare' | 'net'>,
): void {
  prepare<typeof amounts & { lineId: string }>(
    db,
    `UPDATE ticket_lines SET gross = @gross, line_discount = @lineDiscount, amount = @amount,
       ticket_discount_share = @ticketDiscountShare, net = @net WHERE id = @lineId`,
  ).run({ ...amounts, lineId });
}

export function insertPayment(db: Db, payment: PaymentRow): void {
  prepare<PaymentRow>(
    db,
    `INSERT INTO payments (id, ticket_id, method, kind, amount, rounding, created_at)
     VALUES (@id, @ticketId, @method, @kind, @amount, @rounding, @createdAt)`,
  ).run(payment);
}

export function nextTicketNumber(db: Db): number {
  return (
    prepare<[], number>(db, 'SELECT coalesce(max(number), 0) + 1 FROM tickets').pluck().get() ?? 1
  );
}

/** The last write to a ticket: after this the triggers keep it as it is, forever. */
export function closeTicket(
  db: Db,
  ticketId: string,
  close: {
    status: 'paid' | 'cancelled';
    number: number | null;
    closedAt: string;
    closedBy: number;
    member: MemberSnapshot | null;
    subtotal: number;
    discountTotal: number;
    total: number;
    rounding: number;
    due: number;
    paid: number;
    changeGiven: number;
    journalSeq: number;
    vat: VatRow[] | null;
    voucherExcess: number;
    roundedAll: boolean;
  },
): void {
  prepare<
    Omit<typeof close, 'member' | 'vat' | 'roundedAll'> & {
      ticketId: string;
      member: string | null;
      vat: string | null;
      roundedAll: 0 | 1;
    }
  >(
    db,
    `UPDATE tickets SET status = @status, number = @number, closed_at = @closedAt,
       closed_by = @closedBy, updated_at = @closedAt, member = @member, subtotal = @subtotal,
       discount_total = @discountTotal, total = @total, rounding = @rounding, due = @due,
       paid = @paid, change_given = @changeGiven, journal_seq = @journalSeq, vat = @vat,
       voucher_excess = @voucherExcess, rounded_all = @roundedAll
     WHERE id = @ticketId AND status = 'draft'`,
  ).run({
    ...close,
    ticketId,
    member: close.member === null ? null : JSON.stringify(close.member),
    vat: close.vat === null ? null : JSON.stringify(close.vat),
    roundedAll: close.roundedAll ? 1 : 0,
  });
}

/** How much of each line of a paid ticket has been refunded already (thousandths, positive). */
export function refundedQuantities(db: Db, ticketId: string): Map<string, number> {
  const rows = prepare<[string], { lineId: string; quantity: number }>(
    db,
    `SELECT l.refund_of_line AS lineId, -sum(l.quantity) AS quantity
         FROM ticket_lines l JOIN tickets t ON t.id = l.ticket_id
        WHERE t.refund_of = ? AND t.status = 'paid' GROUP BY l.refund_of_line`,
  ).all(ticketId);
  return new Map(rows.map((row) => [row.lineId, row.quantity]));
}

/** A paid refund of a sale, as the next refund of that sale needs it. */
export interface RefundRecord {
  total: number;
  due: number;
  /** Paid back while the coop rounded every method. */
  roundedAll: boolean;
  /** Its payments' kinds; null for a payment made before kinds (the method's flag told it). */
  methods: { method: string; kind: PaymentKind | null }[];
  /** The VAT per rate its receipt showed (stored, or computed for a refund paid before 0006). */
  vat: { rateBp: number; gross: number; vat: number }[];
}

/** A sale's paid refunds, in the till's order (the journal's). */
export function refundsOf(db: Db, saleId: string): RefundRecord[] {
  const refunds = prepare<
    [string],
    { id: string; total: number; due: number; vat: string | null; roundedAll: number }
  >(
    db,
    `SELECT id, total, due, vat, rounded_all AS roundedAll FROM tickets
      WHERE refund_of = ? AND status = 'paid' ORDER BY journal_seq`,
  ).all(saleId);
  return refunds.map((refund) => {
    const methods = prepare<[string], RefundRecord['methods'][number]>(
      db,
      'SELECT method, kind FROM payments WHERE ticket_id = ? ORDER BY rowid',
    ).all(refund.id);
    const vat =
      parseJson(printedVatSchema, refund.vat) ??
      prepare<[string], { rateBp: number; gross: number }>(
        db,
        `SELECT vat_rate_bp AS rateBp, sum(net) AS gross FROM ticket_lines
          WHERE ticket_id = ? GROUP BY vat_rate_bp`,
      )
        .all(refund.id)
        .map((row) => ({ ...row, vat: vatIncluded(row.gross, row.rateBp) }));
    return {
      total: refund.total,
      due: refund.due,
      roundedAll: refund.roundedAll === 1,
      methods,
      vat,
    };
  });
}

export interface SaleExportRow {
  number: number;
  kind: TicketKind;
  closedAt: string;
  cashier: string;
  member: string | null;
  position: number;
  product: string;
  barcode: string | null;
  quantity: number;
  unitPrice: number;
  /** round(unitPrice x quantity); gross - lineDiscount - ticketDiscountShare = net. */
  gross: number;
  lineDiscount: number;
  ticketDiscountShare: number;
  net: number;
  vatRateBp: number;
}

export function salesBetween(db: Db, from: string, to: string): SaleExportRow[] {
  return prepare<[string, string], SaleExportRow>(
    db,
    `SELECT t.number, t.kind, t.closed_at AS closedAt, u.name AS cashier,
              json_extract(t.member, '$.number') AS member, l.position, l.name AS product, l.barcode,
              l.quantity, coalesce(l.price_override, l.unit_price) AS unitPrice, l.gross,
              l.line_discount AS lineDiscount, l.ticket_discount_share AS ticketDiscountShare, l.net,
              l.vat_rate_bp AS vatRateBp
         FROM tickets t JOIN ticket_lines l ON l.ticket_id = t.id JOIN users u ON u.id = t.cashier_id
        WHERE t.status = 'paid' AND t.closed_at >= ? AND t.closed_at < ?
        ORDER BY t.number, l.position`,
  ).all(from, to);
}
