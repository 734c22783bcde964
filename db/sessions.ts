import { prepare } from './prepare';
import { z } from 'zod';
import { vatIncluded } from '../domain/tax';
import { denominationCountsSchema, vatRowSchema } from '../domain/journal-documents';
import type { PaymentKind } from '../domain/payment';
import type { TicketKind } from '../domain/ticket';
import { clockStepsOf } from './journal';
import type { Db } from './open';

const printedVatSchema = z.array(vatRowSchema);

export interface SessionRow {
  id: string;
  status: 'open' | 'closed';
  openedAt: string;
  openedBy: number;
  openingFloat: number;
  openingCounts: Record<string, number>;
  closedAt: string | null;
  closedBy: number | null;
  countedCash: number | null;
  closingCounts: Record<string, number> | null;
  expectedCash: number | null;
  zReport: unknown;
}

const SESSION_COLUMNS = `id, status, opened_at AS openedAt, opened_by AS openedBy,
  opening_float AS openingFloat, opening_counts AS openingCounts, closed_at AS closedAt,
  closed_by AS closedBy, counted_cash AS countedCash, closing_counts AS closingCounts,
  expected_cash AS expectedCash, z_report AS zReport`;

type RawSession = Omit<SessionRow, 'openingCounts' | 'closingCounts' | 'zReport'> & {
  openingCounts: string;
  closingCounts: string | null;
  zReport: string | null;
};

function toSession(row: RawSession | undefined): SessionRow | undefined {
  if (!row) return undefined;
  // The Z report is read by domain/session.ts (storedSessionReport), which knows its past shapes.
  const zReport: unknown = row.zReport === null ? null : JSON.parse(row.zReport);
  return {
    ...row,
    openingCounts: denominationCountsSchema.parse(JSON.parse(row.openingCounts)),
    closingCounts:
      row.closingCounts === null
        ? null
        : denominationCountsSchema.parse(JSON.parse(row.closingCounts)),
    zReport,
  };
}

export function openSessionRow(db: Db): SessionRow | undefined {
  return toSession(
    prepare<[], RawSession>(
      db,
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE status = 'open'`,
    ).get(),
  );
}

export function getSession(db: Db, id: string): SessionRow | undefined {
  return toSession(
    prepare<[string], RawSession>(db, `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`).get(
      id,
    ),
  );
}

/** The session closed last in the till's own order (its Z's journal entry), not by the clock. */
export function lastClosedSession(db: Db): SessionRow | undefined {
  return toSession(
    prepare<[], RawSession>(
      db,
      `SELECT ${SESSION_COLUMNS} FROM sessions
         JOIN journal j ON j.doc_type = 'z_report' AND j.doc_id = sessions.id
        WHERE status = 'closed' ORDER BY j.seq DESC LIMIT 1`,
    ).get(),
  );
}

export function insertSession(
  db: Db,
  session: {
    id: string;
    openedAt: string;
    openedBy: number;
    openingFloat: number;
    openingCounts: Record<string, number>;
  },
): void {
  prepare<Omit<typeof session, 'openingCounts'> & { openingCounts: string }>(
    db,
    `INSERT INTO sessions (id, status, opened_at, opened_by, opening_float, opening_counts)
     VALUES (@id, 'open', @openedAt, @openedBy, @openingFloat, @openingCounts)`,
  ).run({ ...session, openingCounts: JSON.stringify(session.openingCounts) });
}

export function closeSessionRow(
  db: Db,
  id: string,
  close: {
    closedAt: string;
    closedBy: number;
    countedCash: number;
    closingCounts: Record<string, number>;
    expectedCash: number;
    zReport: unknown;
  },
): void {
  prepare<
    Omit<typeof close, 'closingCounts' | 'zReport'> & {
      id: string;
      closingCounts: string;
      zReport: string;
    }
  >(
    db,
    `UPDATE sessions SET status = 'closed', closed_at = @closedAt, closed_by = @closedBy,
       counted_cash = @countedCash, closing_counts = @closingCounts, expected_cash = @expectedCash,
       z_report = @zReport
     WHERE id = @id AND status = 'open'`,
  ).run({
    ...close,
    id,
    closingCounts: JSON.stringify(close.closingCounts),
    zReport: JSON.stringify(close.zReport),
  });
}

export function insertCashMove(
  db: Db,
  move: {
    id: string;
    sessionId: string;
    amount: number;
    reason: string;
    userId: number;
    createdAt: string;
  },
): void {
  prepare<typeof move>(
    db,
    `INSERT INTO cash_moves (id, session_id, amount, reason, user_id, created_at)
     VALUES (@id, @sessionId, @amount, @reason, @userId, @createdAt)`,
  ).run(move);
}

/** A cash move as the till answered it when it was made. */
export function getCashMove(
  db: Db,
  id: string,
): { id: string; amount: number; reason: string } | undefined {
  return prepare<[string], { id: string; amount: number; reason: string }>(
    db,
    'SELECT id, amount, reason FROM cash_moves WHERE id = ?',
  ).get(id);
}

/** What a session's X or Z report is made of, summed by SQLite from the paid documents. */
export interface SessionFigures {
  cashMoves: { amount: number; reason: string }[];
  /** kind null: payments made before kinds were stored. */
  payments: { method: string; kind: PaymentKind | null; amount: number }[];
  /** The tickets' rounding per payment kind (before kinds, a ticket's rounding was on cash). */
  roundingByKind: { kind: PaymentKind; amount: number }[];
  clockSteps: { from: string; to: string; stepSeconds: number }[];
  /** Sale and refund totals per VAT rate (refunds negative). */
  /** VAT included; vat: the sum of the tickets' own VAT at that rate, as their receipts show. */
  salesByVatRate: { rateBp: number; gross: number; vat: number }[];
  refundsByVatRate: { rateBp: number; gross: number; vat: number }[];
  byCategory: { category: string; amount: number }[];
  counts: { sales: number; refunds: number; cancellations: number };
  totals: {
    sales: number;
    refunds: number;
    rounding: number;
    changeGiven: number;
    voucherExcess: number;
  };
}

export function sessionFigures(db: Db, sessionId: string): SessionFigures {
  const cashMoves = prepare<[string], SessionFigures['cashMoves'][number]>(
    db,
    'SELECT amount, reason FROM cash_moves WHERE session_id = ? ORDER BY created_at, rowid',
  ).all(sessionId);
  const payments = prepare<[string], SessionFigures['payments'][number]>(
    db,
    `SELECT p.method, p.kind, sum(p.amount) AS amount FROM payments p
         JOIN tickets t ON t.id = p.ticket_id
        WHERE t.session_id = ? AND t.status = 'paid' GROUP BY p.method, p.kind ORDER BY p.method`,
  ).all(sessionId);
  // Each ticket's VAT is computed on its own per-rate total (as its receipt shows): the report
  // adds those up rather than computing the VAT again on the day's total, which could differ.
  const perTicketRate = prepare<
    [string, 'sale' | 'refund'],
    { rateBp: number; gross: number; printed: string | null }
  >(
    db,
    `SELECT l.vat_rate_bp AS rateBp, sum(l.net) AS gross, t.vat AS printed FROM ticket_lines l
       JOIN tickets t ON t.id = l.ticket_id
      WHERE t.session_id = ? AND t.status = 'paid' AND t.kind = ?
      GROUP BY t.id, l.vat_rate_bp`,
  );
  const byVatRate = (kind: TicketKind) => {
    const rates = new Map<number, { rateBp: number; gross: number; vat: number }>();
    for (const row of perTicketRate.all(sessionId, kind)) {
      const rate = rates.get(row.rateBp) ?? { rateBp: row.rateBp, gross: 0, vat: 0 };
      // The VAT the receipt printed (a refund's share of its sale's), else computed as then.
      const printed =
        row.printed === null
          ? undefined
          : printedVatSchema
              .parse(JSON.parse(row.printed))
              .find((vat) => vat.rateBp === row.rateBp);
      rate.gross += row.gross;
      rate.vat += printed?.vat ?? vatIncluded(row.gross, row.rateBp);
      rates.set(row.rateBp, rate);
    }
    return [...rates.values()].sort((a, b) => a.rateBp - b.rateBp);
  };
  const salesByVatRate = byVatRate('sale');
  const refundsByVatRate = byVatRate('refund');
  const byCategory = prepare<[string], SessionFigures['byCategory'][number]>(
    db,
    `SELECT coalesce(l.category, '') AS category, sum(l.net) AS amount FROM ticket_lines l
         JOIN tickets t ON t.id = l.ticket_id
        WHERE t.session_id = ? AND t.status = 'paid' GROUP BY 1 ORDER BY 1`,
  ).all(sessionId);
  const summary = prepare<
    [string],
    {
      sales: number;
      refunds: number;
      cancellations: number;
      salesTotal: number;
      refundsTotal: number;
      rounding: number;
      changeGiven: number;
      voucherExcess: number;
    }
  >(
    db,
    `SELECT
         count(*) FILTER (WHERE status = 'paid' AND kind = 'sale') AS sales,
         count(*) FILTER (WHERE status = 'paid' AND kind = 'refund') AS refunds,
         count(*) FILTER (WHERE status = 'cancelled') AS cancellations,
         coalesce(sum(total) FILTER (WHERE status = 'paid' AND kind = 'sale'), 0) AS salesTotal,
         coalesce(sum(total) FILTER (WHERE status = 'paid' AND kind = 'refund'), 0) AS refundsTotal,
         coalesce(sum(rounding) FILTER (WHERE status = 'paid'), 0) AS rounding,
         coalesce(sum(change_given) FILTER (WHERE status = 'paid'), 0) AS changeGiven,
         coalesce(sum(voucher_excess) FILTER (WHERE status = 'paid'), 0) AS voucherExcess
       FROM tickets WHERE session_id = ?`,
  ).get(sessionId);
  // An aggregate with no GROUP BY always gives its one row.
  if (!summary) throw new Error('The session summary gave no row');
  const roundingByKind = prepare<[string, string], SessionFigures['roundingByKind'][number]>(
    db,
    `SELECT p.kind, sum(p.rounding) AS amount FROM payments p JOIN tickets t ON t.id = p.ticket_id
      WHERE t.session_id = ? AND t.status = 'paid' AND p.kind IS NOT NULL GROUP BY p.kind
     UNION ALL
     SELECT 'cash', coalesce(sum(t.rounding), 0) FROM tickets t
      WHERE t.session_id = ? AND t.status = 'paid'
        AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.ticket_id = t.id AND p.kind IS NOT NULL)`,
  ).all(sessionId, sessionId);
  return {
    cashMoves,
    payments,
    roundingByKind,
    clockSteps: clockStepsOf(db, sessionId),
    salesByVatRate,
    refundsByVatRate,
    byCategory,
    counts: {
      sales: summary.sales,
      refunds: summary.refunds,
      cancellations: summary.cancellations,
    },
    totals: {
      sales: summary.salesTotal,
      refunds: summary.refundsTotal,
      rounding: summary.rounding,
      changeGiven: summary.changeGiven,
      voucherExcess: summary.voucherExcess,
    },
  };
}

export interface SessionListRow {
  id: string;
  status: 'open' | 'closed';
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  closedBy: string | null;
  sales: number;
  refunds: number;
  tickets: number;
}

/** Every session, newest first, with who opened and closed it and its paid totals. */
export function listSessions(db: Db): SessionListRow[] {
  return prepare<[], SessionListRow>(
    db,
    `SELECT s.id, s.status, s.opened_at AS openedAt, uo.name AS openedBy, s.closed_at AS closedAt,
            uc.name AS closedBy,
            coalesce(sum(t.total) FILTER (WHERE t.status = 'paid' AND t.kind = 'sale'), 0) AS sales,
            coalesce(sum(t.total) FILTER (WHERE t.status = 'paid' AND t.kind = 'refund'), 0) AS refunds,
            count(t.id) FILTER (WHERE t.status = 'paid') AS tickets
       FROM sessions s JOIN users uo ON uo.id = s.opened_by LEFT JOIN users uc ON uc.id = s.closed_by
       LEFT JOIN tickets t ON t.session_id = s.id
      GROUP BY s.id ORDER BY s.opened_at DESC, s.rowid DESC`,
  ).all();
}

/** The ids of the sessions that start with `prefix` (at most two: enough to tell it is ambiguous). */
export function sessionIdsStartingWith(db: Db, prefix: string): string[] {
  // ':' sorts after every hex digit and '-': the range holds every id with the prefix.
  return prepare<[string, string], string>(
    db,
    'SELECT id FROM sessions WHERE id >= ? AND id < ? ORDER BY id LIMIT 2',
  )
    .pluck()
    .all(prefix.toLowerCase(), `${prefix.toLowerCase()}:`);
}

/** The shortest start of the id (8 characters at least) that no other session shares. */
export function shortSessionId(db: Db, id: string): string {
  const neighbours = prepare<{ id: string }, string>(
    db,
    `SELECT id FROM (SELECT max(id) AS id FROM sessions WHERE id < @id
                     UNION ALL SELECT min(id) FROM sessions WHERE id > @id) WHERE id IS NOT NULL`,
  )
    .pluck()
    .all({ id });
  let length = 8;
  while (length < id.length && neighbours.some((other) => other.startsWith(id.slice(0, length))))
    length += 1;
  return id.slice(0, length);
}
