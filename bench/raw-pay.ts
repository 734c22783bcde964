/**
 * The floor for paying a ticket: a raw better-sqlite3 transaction writing the rows a paid ticket
 * leaves behind (1 ticket, its lines, 1 payment, one stock move per line, 1 journal entry,
 * 1 outbox event) into a separate database with the same pragmas as the till's (WAL,
 * synchronous=FULL) and tables of the same shape (same columns, keys and indexes) but plain:
 * no triggers, no CHECKs, no foreign keys. Statements are prepared once; every value is made
 * before the clock starts, so the timed part is only SQLite's work and the commit's fsync.
 *
 * The rows are copies of a ticket the till has just paid (same names, payloads and sizes), with
 * fresh ids, numbers, sequence numbers and hash so that they are new rows.
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db/open';

const RAW_SCHEMA = `
CREATE TABLE tickets (
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
  number INTEGER UNIQUE, refund_of TEXT, cashier_id INTEGER NOT NULL, member_id INTEGER,
  member TEXT, ticket_discount TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  closed_at TEXT, closed_by INTEGER, subtotal INTEGER, discount_total INTEGER, total INTEGER,
  rounding INTEGER, due INTEGER, paid INTEGER, change_given INTEGER, journal_seq INTEGER,
  vat TEXT, voucher_excess INTEGER NOT NULL DEFAULT 0, rounded_all INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX tickets_session ON tickets (session_id, status);
CREATE INDEX tickets_refund_of ON tickets (refund_of);
CREATE INDEX tickets_closed_at ON tickets (closed_at);

CREATE TABLE ticket_lines (
  id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, position INTEGER NOT NULL, product_id INTEGER,
  refund_of_line TEXT, name TEXT NOT NULL, barcode TEXT, unit TEXT NOT NULL, category_id INTEGER,
  category TEXT, vat_rate_bp INTEGER NOT NULL, unit_price INTEGER NOT NULL,
  quantity INTEGER NOT NULL, price_override INTEGER, price_override_by INTEGER, discount TEXT,
  gross INTEGER, line_discount INTEGER, amount INTEGER, ticket_discount_share INTEGER,
  net INTEGER, UNIQUE (ticket_id, position)
) STRICT;
CREATE INDEX ticket_lines_refund_of ON ticket_lines (refund_of_line);

CREATE TABLE payments (
  id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, method TEXT NOT NULL, amount INTEGER NOT NULL,
  created_at TEXT NOT NULL, kind TEXT, rounding INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX payments_ticket ON payments (ticket_id);

CREATE TABLE stock_moves (
  id TEXT PRIMARY KEY, product_id INTEGER NOT NULL, quantity INTEGER NOT NULL,
  kind TEXT NOT NULL, ticket_id TEXT, user_id INTEGER, created_at TEXT NOT NULL
) STRICT;
CREATE INDEX stock_moves_product ON stock_moves (product_id);

CREATE TABLE journal (
  seq INTEGER PRIMARY KEY, doc_type TEXT NOT NULL, doc_id TEXT NOT NULL, payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL
) STRICT;
CREATE INDEX journal_doc ON journal (doc_type, doc_id);

CREATE TABLE outbox (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, type TEXT NOT NULL, payload TEXT NOT NULL,
  created_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, sent_at TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (status, seq);
`;

type Row = Record<string, unknown>;

/** The rows a paid ticket left in the till's database, as SELECT * gives them. */
export interface PaidTicketRows {
  ticket: Row;
  lines: Row[];
  payments: Row[];
  stockMoves: Row[];
  journal: Row;
  outbox: Row;
}

/** Reads back what paying `ticketId` wrote (outside any timing). */
export function readPaidTicket(db: Db, ticketId: string): PaidTicketRows {
  const ticket = db.prepare('SELECT * FROM tickets WHERE id = ?').get(ticketId) as Row | undefined;
  if (!ticket || ticket.status !== 'paid') throw new Error(`Ticket ${ticketId} is not paid`);
  const journal = db.prepare('SELECT * FROM journal WHERE seq = ?').get(ticket.journal_seq) as Row;
  const outbox = db
    .prepare("SELECT * FROM outbox WHERE type = 'sale' ORDER BY seq DESC LIMIT 1")
    .get() as Row;
  return {
    ticket,
    lines: db
      .prepare('SELECT * FROM ticket_lines WHERE ticket_id = ? ORDER BY position')
      .all(ticketId) as Row[],
    payments: db.prepare('SELECT * FROM payments WHERE ticket_id = ?').all(ticketId) as Row[],
    stockMoves: db.prepare('SELECT * FROM stock_moves WHERE ticket_id = ?').all(ticketId) as Row[],
    journal,
    outbox,
  };
}

export interface RawPay {
  db: Db;
  /** Fresh copies of `rows`, every value ready: call outside the timing. */
  prepare(rows: PaidTicketRows): PaidTicketRows;
  /** The timed part: one durable transaction writing the prepared rows. */
  write(rows: PaidTicketRows): void;
  close(): void;
}

export function openRawPay(path: string): RawPay {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(RAW_SCHEMA);

  const inserts = new Map<string, Database.Statement>();
  const insert = (table: string, row: Row): void => {
    let statement = inserts.get(table);
    if (!statement) {
      const columns = Object.keys(row);
      statement = db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
      );
      inserts.set(table, statement);
    }
    statement.run(row);
  };

  let number = 0;
  let journalSeq = 0;
  let outboxSeq = 0;
  let prevHash = '0'.repeat(64);

  const write = db.transaction((rows: PaidTicketRows) => {
    insert('tickets', rows.ticket);
    for (const line of rows.lines) insert('ticket_lines', line);
    for (const payment of rows.payments) insert('payments', payment);
    for (const move of rows.stockMoves) insert('stock_moves', move);
    insert('journal', rows.journal);
    insert('outbox', rows.outbox);
  });

  return {
    db,
    prepare(rows) {
      const ticketId = uuidv7();
      number += 1;
      journalSeq += 1;
      outboxSeq += 1;
      const hash = randomBytes(32).toString('hex');
      const journal = {
        ...rows.journal,
        seq: journalSeq,
        doc_id: ticketId,
        prev_hash: prevHash,
        hash,
      };
      prevHash = hash;
      return {
        ticket: { ...rows.ticket, id: ticketId, number, journal_seq: journalSeq },
        lines: rows.lines.map((line) => ({ ...line, id: uuidv7(), ticket_id: ticketId })),
        payments: rows.payments.map((payment) => ({
          ...payment,
          id: uuidv7(),
          ticket_id: ticketId,
        })),
        stockMoves: rows.stockMoves.map((move) => ({ ...move, id: uuidv7(), ticket_id: ticketId })),
        journal,
        outbox: { ...rows.outbox, id: uuidv7(), seq: outboxSeq },
      };
    },
    write(rows) {
      write.immediate(rows);
    },
    close() {
      db.close();
    },
  };
}
