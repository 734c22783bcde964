/**
 * The books against the journal: every paid ticket, its lines and payments, every cash move and
 * every closed session in the tables must say what its journal document says, and the journal
 * must reach as far as its anchor (migration 0009). The hash chain proves the journal was not
 * edited; this proves the tables were not edited behind it.
 */
import { prepare } from './prepare';
import { canonicalJson } from './journal';
import { getTicket } from './tickets';
import type { Db } from './open';

export interface BooksProblem {
  seq: number;
  problem: 'truncated' | 'books_differ';
  message: string;
}

interface Entry {
  seq: number;
  docType: string;
  docId: string;
  payload: string;
  hash: string;
}

type Doc = Record<string, unknown>;

export function verifyBooks(db: Db): BooksProblem[] {
  const problems: BooksProblem[] = [];
  const differ = (seq: number, message: string) =>
    problems.push({ seq, problem: 'books_differ', message });
  const entries = prepare(
    db,
    'SELECT seq, doc_type AS docType, doc_id AS docId, payload, hash FROM journal ORDER BY seq',
  ).all() as Entry[];
  checkAnchor(db, entries.at(-1), problems);
  const bySeq = new Map(entries.map((entry) => [entry.seq, entry]));
  const byDoc = new Map(entries.map((entry) => [`${entry.docType}:${entry.docId}`, entry]));
  const doc = (entry: Entry) => JSON.parse(entry.payload) as Doc;

  const closedTickets = prepare(
    db,
    "SELECT id, journal_seq AS seq FROM tickets WHERE status <> 'draft' ORDER BY number, rowid",
  ).all() as { id: string; seq: number | null }[];
  const ticketIds = new Set<string>();
  for (const { id, seq } of closedTickets) {
    ticketIds.add(id);
    const ticket = getTicket(db, id);
    const entry = seq === null ? undefined : bySeq.get(seq);
    const expectedType = ticket?.status === 'cancelled' ? 'cancellation' : ticket?.kind;
    if (!ticket || !entry || entry.docId !== id || entry.docType !== expectedType) {
      differ(
        seq ?? 0,
        `Ticket ${ticket?.number ?? id} has no journal entry of its own (seq ${seq})`,
      );
      continue;
    }
    const document = doc(entry);
    const name = `Ticket ${ticket.number ?? id}`;
    const same = (what: string, table: unknown, journal: unknown) => {
      if (canonicalJson(table ?? null) !== canonicalJson(journal ?? null))
        differ(
          entry.seq,
          `${name}: ${what} is ${JSON.stringify(table)} in the tables but ${JSON.stringify(journal)} in the journal`,
        );
    };
    same('total', ticket.total, document.total);
    if (ticket.status === 'cancelled') continue;
    same('number', ticket.number, document.number);
    same('subtotal', ticket.subtotal, document.subtotal);
    same('ticket discount', ticket.discountTotal, document.ticketDiscount);
    same('rounding', ticket.rounding, document.rounding);
    same('due', ticket.due, document.due);
    same('change', ticket.changeGiven, document.change);
    same('member', ticket.member, document.member);
    const payments = (rows: { method: string; amount: number }[]) =>
      rows.map((row) => `${row.method}:${row.amount}`).sort();
    same('payments', payments(ticket.payments), payments(document.payments as never));
    const lines = new Map(((document.lines ?? []) as Doc[]).map((line) => [line.lineId, line]));
    same('number of lines', ticket.lines.length, lines.size);
    for (const line of ticket.lines) {
      const kept = lines.get(line.id);
      const label = `${name}, line ${line.position} "${line.name}"`;
      if (!kept) {
        differ(entry.seq, `${label} is not in the journal`);
        continue;
      }
      const fields: [string, unknown, unknown][] = [
        ['name', line.name, kept.name],
        ['quantity', line.quantity, kept.quantity],
        ['unit price', line.priceOverride ?? line.unitPrice, kept.unitPrice],
        ['VAT rate', line.vatRateBp, kept.vatRateBp],
        ['gross', line.gross, kept.gross],
        ['line discount', line.lineDiscount, kept.lineDiscount],
        ['amount', line.amount, (kept.gross as number) - (kept.lineDiscount as number)],
        ['ticket discount share', line.ticketDiscountShare, kept.ticketDiscountShare],
        ['net amount', line.net, kept.net],
      ];
      for (const [what, table, journal] of fields) same(`${label}: ${what}`, table, journal);
    }
  }

  const cashMoves = prepare(
    db,
    'SELECT id, session_id AS sessionId, amount, reason, user_id AS userId FROM cash_moves',
  ).all() as Doc[];
  const cashMoveIds = new Set<unknown>();
  for (const move of cashMoves) {
    cashMoveIds.add(move.id);
    const entry = byDoc.get(`cash_move:${move.id}`);
    if (!entry) {
      differ(0, `Cash move ${move.id} (${move.amount} cents) has no journal entry`);
      continue;
    }
    const document = doc(entry);
    for (const key of ['sessionId', 'amount', 'reason', 'userId'])
      if (move[key] !== document[key])
        differ(
          entry.seq,
          `Cash move ${move.id}: ${key} is ${JSON.stringify(move[key])} in the tables but ${JSON.stringify(document[key])} in the journal`,
        );
  }

  const closedSessions = prepare(
    db,
    `SELECT id, closed_at AS closedAt, closed_by AS closedBy, counted_cash AS countedCash,
            expected_cash AS expectedCash, z_report AS zReport FROM sessions WHERE status = 'closed'`,
  ).all() as (Doc & { id: string; zReport: string })[];
  const sessionIds = new Set<string>();
  for (const session of closedSessions) {
    sessionIds.add(session.id);
    const entry = byDoc.get(`z_report:${session.id}`);
    if (!entry) {
      differ(0, `Closed session ${session.id} has no Z report in the journal`);
      continue;
    }
    const document = doc(entry);
    const report = document.report as Doc;
    const checks: [string, unknown, unknown][] = [
      ['closed at', session.closedAt, document.closedAt],
      ['closed by', session.closedBy, document.closedBy],
      ['counted cash', session.countedCash, report.countedCash ?? 0],
      ['expected cash', session.expectedCash, report.expectedCash],
      ['Z report', JSON.parse(session.zReport), report],
    ];
    for (const [what, table, journal] of checks)
      if (canonicalJson(table ?? null) !== canonicalJson(journal ?? null))
        differ(
          entry.seq,
          `Session ${session.id}: the ${what} in the tables differs from the journal`,
        );
  }

  // The other way: a document the journal holds must still be in the tables.
  for (const entry of entries) {
    const gone =
      ((entry.docType === 'sale' ||
        entry.docType === 'refund' ||
        entry.docType === 'cancellation') &&
        !ticketIds.has(entry.docId)) ||
      (entry.docType === 'cash_move' && !cashMoveIds.has(entry.docId)) ||
      (entry.docType === 'z_report' && !sessionIds.has(entry.docId));
    if (gone)
      differ(
        entry.seq,
        `The ${entry.docType.replace('_', ' ')} ${entry.docId} of the journal is missing from the tables`,
      );
  }
  return problems;
}

function checkAnchor(db: Db, last: Entry | undefined, problems: BooksProblem[]): void {
  const hasAnchor = prepare(
    db,
    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'journal_anchor'",
  ).get();
  if (!hasAnchor) return; // a database older than the anchor (read as it is, read-only)
  const anchor = prepare(db, 'SELECT seq, hash FROM journal_anchor WHERE id = 1').get() as
    { seq: number; hash: string } | undefined;
  const lastSeq = last?.seq ?? 0;
  if (!anchor) {
    problems.push({
      seq: lastSeq,
      problem: 'truncated',
      message: 'The journal anchor was removed',
    });
  } else if (anchor.seq > lastSeq) {
    problems.push({
      seq: lastSeq + 1,
      problem: 'truncated',
      message: `Entries ${lastSeq + 1} to ${anchor.seq} were removed: the journal reached seq ${anchor.seq} (hash ${anchor.hash.slice(0, 8)}…)`,
    });
  } else if (anchor.seq < lastSeq || (last && anchor.hash !== last.hash)) {
    problems.push({
      seq: anchor.seq,
      problem: 'truncated',
      message: `The journal's last entry is not the one recorded (anchor: seq ${anchor.seq}, hash ${anchor.hash.slice(0, 8)}…)`,
    });
  }
}
