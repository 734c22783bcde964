import { prepare } from './prepare';
import { vatIncluded, type VatRow } from '../domain/tax';
import type { PaymentKind } from '../domain/payment';
import { clockStepsOf } from './journal';
import type { Db } from './open';

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
  return {
    ...row,
    openingCounts: JSON.parse(row.openingCounts) as Record<string, number>,
    closingCounts: row.closingCounts === null ? null : (JSON.parse(row.closingCounts) as never),
    zReport: row.zReport === null ? null : (JSON.parse(row.zReport) as unknown),
  };
}

export function openSessionRow(db: Db): SessionRow | undefined {
  return toSession(
    prepare(db, `SELECT ${SESSION_COLUMNS} FROM sessions WHERE status = 'open'`).get() as never,
  );
}

export function getSession(db: Db, id: string): SessionRow | undefined {
  return toSession(
    prepare(db, `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`).get(id) as never,
  );
}

/** The session closed last in the till's own order (its Z's journal entry), not by the clock. */
export function lastClosedSession(db: Db): SessionRow | undefined {
  return toSession(
    prepare(
      db,
      `SELECT ${SESSION_COLUMNS} FROM sessions
         JOIN journal j ON j.doc_type = 'z_report' AND j.doc_id = sessions.id
        WHERE status = 'closed' ORDER BY j.seq DESC LIMIT 1`,
    ).get() as never,
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
  prepare(
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
  prepare(
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
  prepare(
    db,
    `INSERT INTO cash_moves (id, session_id, amount, reason, user_id, created_at)
     VALUES (@id, @sessionId, @amount, @reason, @userId, @createdAt)`,
  ).run(move);
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
  const cashMoves = prepare(
    db,
    'SELECT amount, reason FROM cash_moves WHERE session_id = ? ORDER BY created_at, rowid',
  ).all(sessionId) as SessionFigures['cashMoves'];
  const payments = prepare(
    db,
    `SELECT p.method, p.kind, sum(p.amount) AS amount FROM payments p
         JOIN tickets t ON t.id = p.ticket_id
        WHERE t.session_id = ? AND t.status = 'paid' GROUP BY p.method, p.kind ORDER BY p.method`,
  ).all(sessionId) as SessionFigures['payments'];
  // Each ticket's VAT is computed on its own per-rate total (as its receipt shows): the report
  // adds those up rather than computing the VAT again on the day's total, which could differ.
  const perTicketRate = prepare(
    db,
    `SELECT l.vat_rate_bp AS rateBp, sum(l.net) AS gross, t.vat AS printed FROM ticket_lines l
       JOIN tickets t ON t.id = l.ticket_id
      WHERE t.session_id = ? AND t.status = 'paid' AND t.kind = ?
      GROUP BY t.id, l.vat_rate_bp`,
  );
  const byVatRate = (kind: 'sale' | 'refund') => {
    const rates = new Map<number, { rateBp: number; gross: number; vat: number }>();
    const rows = perTicketRate.all(sessionId, kind) as {
      rateBp: number;
      gross: number;
      printed: string | null;
    }[];
    for (const row of rows) {
      const rate = rates.get(row.rateBp) ?? { rateBp: row.rateBp, gross: 0, vat: 0 };
      // The VAT the receipt printed (a refund's share of its sale's), else computed as then.
      const printed =
        row.printed === null
          ? undefined
          : (JSON.parse(row.printed) as VatRow[]).find((vat) => vat.rateBp === row.rateBp);
      rate.gross += row.gross;
      rate.vat += printed?.vat ?? vatIncluded(row.gross, row.rateBp);
      rates.set(row.rateBp, rate);
    }
    return [...rates.values()].sort((a, b) => a.rateBp - b.rateBp);
  };
  const salesByVatRate = byVatRate('sale');
  const refundsByVatRate = byVatRate('refund');
  const byCategory = prepare(
    db,
    `SELECT coalesce(l.category, '') AS category, sum(l.net) AS amount FROM ticket_lines l
         JOIN tickets t ON t.id = l.ticket_id
        WHERE t.session_id = ? AND t.status = 'paid' GROUP BY 1 ORDER BY 1`,
  ).all(sessionId) as SessionFigures['byCategory'];
  const summary = prepare(
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
  ).get(sessionId) as {
    sales: number;
    refunds: number;
    cancellations: number;
    salesTotal: number;
    refundsTotal: number;
    rounding: number;
    changeGiven: number;
    voucherExcess: number;
  };
  const roundingByKind = prepare(
    db,
    `SELECT p.kind, sum(p.rounding) AS amount FROM payments p JOIN tickets t ON t.id = p.ticket_id
      WHERE t.session_id = ? AND t.status = 'paid' AND p.kind IS NOT NULL GROUP BY p.kind
     UNION ALL
     SELECT 'cash', coalesce(sum(t.rounding), 0) FROM tickets t
      WHERE t.session_id = ? AND t.status = 'paid'
        AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.ticket_id = t.id AND p.kind IS NOT NULL)`,
  ).all(sessionId, sessionId) as SessionFigures['roundingByKind'];
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
  return prepare(
    db,
    `SELECT s.id, s.status, s.opened_at AS openedAt, uo.name AS openedBy, s.closed_at AS closedAt,
            uc.name AS closedBy,
            coalesce(sum(t.total) FILTER (WHERE t.status = 'paid' AND t.kind = 'sale'), 0) AS sales,
            coalesce(sum(t.total) FILTER (WHERE t.status = 'paid' AND t.kind = 'refund'), 0) AS refunds,
            count(t.id) FILTER (WHERE t.status = 'paid') AS tickets
       FROM sessions s JOIN users uo ON uo.id = s.opened_by LEFT JOIN users uc ON uc.id = s.closed_by
       LEFT JOIN tickets t ON t.session_id = s.id
      GROUP BY s.id ORDER BY s.opened_at DESC, s.rowid DESC`,
  ).all() as SessionListRow[];
}

/** The ids of the sessions that start with `prefix` (at most two: enough to tell it is ambiguous). */
export function sessionIdsStartingWith(db: Db, prefix: string): string[] {
  // ':' sorts after every hex digit and '-': the range holds every id with the prefix.
  return prepare(db, 'SELECT id FROM sessions WHERE id >= ? AND id < ? ORDER BY id LIMIT 2')
    .pluck()
    .all(prefix.toLowerCase(), `${prefix.toLowerCase()}:`) as string[];
}

/** The shortest start of the id (8 characters at least) that no other session shares. */
export function shortSessionId(db: Db, id: string): string {
  const neighbours = prepare(
    db,
    `SELECT id FROM (SELECT max(id) AS id FROM sessions WHERE id < @id
                     UNION ALL SELECT min(id) FROM sessions WHERE id > @id) WHERE id IS NOT NULL`,
  )
    .pluck()
    .all({ id }) as string[];
  let length = 8;
  while (length < id.length && neighbours.some((other) => other.startsWith(id.slice(0, length))))
    length += 1;
  return id.slice(0, length);
}
