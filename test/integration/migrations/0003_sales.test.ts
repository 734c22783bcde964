import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { hashPin } from '../../../main/till/pin';
import {
  AT,
  CHECK,
  DATATYPE,
  FOREIGN_KEY,
  LATEST,
  NOT_NULL,
  TRIGGER,
  UNIQUE,
  columnNames,
  freshDbEachTest,
  insert,
  refusal,
  rows,
  schemaObjects,
  tables,
  userVersion,
} from './helpers';

let db: Db;
const CASHIER = 1;
const MANAGER = 2;
const FROZEN_TICKET = 'a paid or cancelled ticket is append-only';

/** Which schema the tests run on: 0003's own, or the whole one (see 'on the whole schema'). */
let version = 3;
const currentVersion = () => version;

freshDbEachTest(currentVersion, (fresh) => {
  db = fresh;
  insert(db, 'tax_rates', { id: 1, name: '6 %', rate_bp: 600, updated_at: AT });
  insert(db, 'products', {
    id: 1,
    name: 'Lait',
    tax_rate_id: 1,
    price: 129,
    unit: 'piece',
    updated_at: AT,
  });
  insert(db, 'members', {
    id: 1,
    number: '1001',
    name: 'Anne',
    status: 'up_to_date',
    updated_at: AT,
  });
  const pinHash = hashPin('1234');
  insert(db, 'users', {
    id: CASHIER,
    name: 'Camille',
    role: 'cashier',
    pin_hash: pinHash,
    created_at: AT,
  });
  insert(db, 'users', {
    id: MANAGER,
    name: 'Manon',
    role: 'manager',
    pin_hash: pinHash,
    created_at: AT,
  });
});

const session = (overrides: Record<string, unknown> = {}) => ({
  id: 's1',
  status: 'open',
  opened_at: AT,
  opened_by: MANAGER,
  opening_float: 5000,
  opening_counts: '{"2000":2,"1000":1}',
  ...overrides,
});

const ticket = (overrides: Record<string, unknown> = {}) => ({
  id: 't1',
  session_id: 's1',
  kind: 'sale',
  status: 'draft',
  cashier_id: CASHIER,
  created_at: AT,
  updated_at: AT,
  ...overrides,
});

const line = (overrides: Record<string, unknown> = {}) => ({
  id: 'l1',
  ticket_id: 't1',
  position: 1,
  product_id: 1,
  name: 'Lait',
  unit: 'piece',
  vat_rate_bp: 600,
  unit_price: 129,
  quantity: 1000,
  ...overrides,
});

/** A draft ticket with one line, paid by card: the way the till writes it, draft first. */
function paidTicket(id: string, number: number): void {
  insert(db, 'tickets', ticket({ id }));
  insert(db, 'ticket_lines', line({ id: `${id}-l1`, ticket_id: id }));
  insert(db, 'payments', {
    id: `${id}-p1`,
    ticket_id: id,
    method: 'card',
    amount: 129,
    created_at: AT,
  });
  insert(db, 'stock_moves', {
    id: `${id}-m1`,
    product_id: 1,
    quantity: -1000,
    kind: 'sale',
    ticket_id: id,
    user_id: CASHIER,
    created_at: AT,
  });
  db.prepare(
    `UPDATE tickets SET status = 'paid', number = ?, closed_at = ?, closed_by = ?, subtotal = 129,
       discount_total = 0, total = 129, rounding = 0, due = 129, paid = 129, change_given = 0,
       journal_seq = ? WHERE id = ?`,
  ).run(number, AT, CASHIER, number, id);
}

function cancelledTicket(id: string): void {
  insert(db, 'tickets', ticket({ id }));
  insert(db, 'ticket_lines', line({ id: `${id}-l1`, ticket_id: id }));
  db.prepare(
    "UPDATE tickets SET status = 'cancelled', closed_at = ?, closed_by = ?, total = 129, journal_seq = 1 WHERE id = ?",
  ).run(AT, CASHIER, id);
}

const salesTables = [
  'sessions',
  'cash_moves',
  'tickets',
  'ticket_lines',
  'payments',
  'stock_moves',
] as const;
const snapshot = () => Object.fromEntries(salesTables.map((table) => [table, rows(db, table)]));

/** The statement is refused by an append-only trigger, with its words, and changes nothing. */
function frozen(sql: string, message: string | RegExp = FROZEN_TICKET, ...params: unknown[]): void {
  const before = snapshot();
  const refused = refusal(() => db.prepare(sql).run(...params));
  expect(refused.code, sql).toBe(TRIGGER);
  expect(refused.message, sql).toMatch(message);
  expect(snapshot()).toEqual(before);
}

describe('migration 0003: sessions, tickets, payments, cash and stock moves', () => {
  it('adds its tables, indexes and triggers, and nothing of the next migration', () => {
    expect(userVersion(db)).toBe(3);
    const all = tables(db);
    for (const table of salesTables) {
      expect(all.get(table)?.strict, `${table} is STRICT`).toBe(true);
    }
    expect(all.has('journal')).toBe(false);
    expect(all.has('outbox')).toBe(false);
    expect(columnNames(db, 'tickets')).toEqual([
      'id',
      'session_id',
      'kind',
      'status',
      'number',
      'refund_of',
      'cashier_id',
      'member_id',
      'member',
      'ticket_discount',
      'created_at',
      'updated_at',
      'closed_at',
      'closed_by',
      'subtotal',
      'discount_total',
      'total',
      'rounding',
      'due',
      'paid',
      'change_given',
      'journal_seq',
    ]);
    expect(columnNames(db, 'payments')).toEqual([
      'id',
      'ticket_id',
      'method',
      'amount',
      'created_at',
    ]);
    expect(columnNames(db, 'cash_moves')).toEqual([
      'id',
      'session_id',
      'amount',
      'reason',
      'user_id',
      'created_at',
    ]);
    expect(schemaObjects(db, 'index')).toEqual(
      expect.arrayContaining([
        'sessions_one_open',
        'tickets_session',
        'tickets_refund_of',
        'tickets_closed_at',
        'ticket_lines_refund_of',
        'payments_ticket',
        'stock_moves_product',
      ]),
    );
    expect(schemaObjects(db, 'trigger')).toEqual(
      expect.arrayContaining([
        'sessions_closed_frozen',
        'sessions_no_delete',
        'cash_moves_no_update',
        'cash_moves_no_delete',
        'tickets_closed_frozen',
        'tickets_closed_no_delete',
        'ticket_lines_closed_insert',
        'ticket_lines_closed_update',
        'ticket_lines_closed_delete',
        'payments_no_update',
        'payments_no_delete',
        'stock_moves_no_update',
        'stock_moves_no_delete',
      ]),
    );
  });

  describe('sessions', () => {
    it('refuses a bad session row', () => {
      expect(refusal(() => insert(db, 'sessions', session({ status: 'paused' }))).code).toBe(CHECK);
      expect(refusal(() => insert(db, 'sessions', session({ opening_float: -1 }))).code).toBe(
        CHECK,
      );
      expect(refusal(() => insert(db, 'sessions', session({ opening_float: 50.5 }))).code).toBe(
        DATATYPE,
      );
      expect(
        refusal(() => insert(db, 'sessions', session({ opening_counts: 'two notes' }))).code,
      ).toBe(CHECK);
      expect(refusal(() => insert(db, 'sessions', session({ opened_by: 99 }))).code).toBe(
        FOREIGN_KEY,
      );
      expect(refusal(() => insert(db, 'sessions', session({ opened_by: null }))).code).toBe(
        NOT_NULL,
      );
      expect(rows(db, 'sessions')).toEqual([]);
    });

    it('allows one open session at a time', () => {
      insert(db, 'sessions', session());
      expect(refusal(() => insert(db, 'sessions', session({ id: 's2' }))).code).toBe(UNIQUE);
      db.prepare(
        `UPDATE sessions SET status = 'closed', closed_at = ?, closed_by = ?, counted_cash = 5000,
           closing_counts = '{}', expected_cash = 5000, z_report = '{}' WHERE id = 's1'`,
      ).run(AT, MANAGER);
      insert(db, 'sessions', session({ id: 's2' }));
      insert(db, 'sessions', session({ id: 's3', status: 'closed' }));
    });

    it('keeps an open session editable and a closed one as it is, forever', () => {
      insert(db, 'sessions', session());
      db.prepare("UPDATE sessions SET opening_float = 6000 WHERE id = 's1'").run();
      expect(
        refusal(() => db.prepare("UPDATE sessions SET z_report = 'x' WHERE id = 's1'").run()).code,
      ).toBe(CHECK);
      db.prepare(
        `UPDATE sessions SET status = 'closed', closed_at = ?, closed_by = ?, counted_cash = 6000,
           closing_counts = '{"2000":3}', expected_cash = 6000, z_report = '{"total":0}' WHERE id = 's1'`,
      ).run(AT, MANAGER);
      const closed = 'a closed session is append-only';
      frozen("UPDATE sessions SET status = 'open' WHERE id = 's1'", closed);
      frozen("UPDATE sessions SET counted_cash = 1 WHERE id = 's1'", closed);
      frozen("UPDATE sessions SET z_report = '{}' WHERE id = 's1'", closed);
      frozen("UPDATE sessions SET closed_at = closed_at WHERE id = 's1'", closed);
      frozen("DELETE FROM sessions WHERE id = 's1'", 'sessions are never deleted');
    });

    it('never deletes a session, even an open one', () => {
      insert(db, 'sessions', session());
      frozen("DELETE FROM sessions WHERE id = 's1'", 'sessions are never deleted');
    });
  });

  describe('cash moves', () => {
    beforeEach(() => insert(db, 'sessions', session()));
    const move = (overrides: Record<string, unknown> = {}) => ({
      id: 'c1',
      session_id: 's1',
      amount: -2000,
      reason: 'Paid the window cleaner',
      user_id: MANAGER,
      created_at: AT,
      ...overrides,
    });

    it('refuses a zero amount, an empty reason, an unknown session or user', () => {
      expect(refusal(() => insert(db, 'cash_moves', move({ amount: 0 }))).code).toBe(CHECK);
      expect(refusal(() => insert(db, 'cash_moves', move({ reason: '' }))).code).toBe(CHECK);
      expect(refusal(() => insert(db, 'cash_moves', move({ reason: null }))).code).toBe(NOT_NULL);
      expect(refusal(() => insert(db, 'cash_moves', move({ session_id: 'nope' }))).code).toBe(
        FOREIGN_KEY,
      );
      expect(refusal(() => insert(db, 'cash_moves', move({ user_id: 99 }))).code).toBe(FOREIGN_KEY);
      expect(refusal(() => insert(db, 'cash_moves', move({ amount: 1.5 }))).code).toBe(DATATYPE);
      expect(rows(db, 'cash_moves')).toEqual([]);
    });

    it('is append-only', () => {
      insert(db, 'cash_moves', move());
      insert(db, 'cash_moves', move({ id: 'c2', amount: 500, reason: 'Change from the bank' }));
      frozen("UPDATE cash_moves SET amount = -1 WHERE id = 'c1'", 'cash moves are append-only');
      frozen("UPDATE cash_moves SET reason = 'x' WHERE id = 'c1'", 'cash moves are append-only');
      frozen("DELETE FROM cash_moves WHERE id = 'c2'", 'cash moves are append-only');
      frozen('DELETE FROM cash_moves', 'cash moves are append-only');
    });
  });

  describe('tickets', () => {
    beforeEach(() => insert(db, 'sessions', session()));

    it('refuses a bad ticket row', () => {
      expect(refusal(() => insert(db, 'tickets', ticket({ kind: 'gift' }))).code).toBe(CHECK);
      expect(refusal(() => insert(db, 'tickets', ticket({ status: 'open' }))).code).toBe(CHECK);
      expect(refusal(() => insert(db, 'tickets', ticket({ session_id: 'nope' }))).code).toBe(
        FOREIGN_KEY,
      );
      expect(refusal(() => insert(db, 'tickets', ticket({ cashier_id: 99 }))).code).toBe(
        FOREIGN_KEY,
      );
      expect(refusal(() => insert(db, 'tickets', ticket({ member_id: 99 }))).code).toBe(
        FOREIGN_KEY,
      );
      expect(refusal(() => insert(db, 'tickets', ticket({ refund_of: 'nope' }))).code).toBe(
        FOREIGN_KEY,
      );
      expect(refusal(() => insert(db, 'tickets', ticket({ member: '{not json' }))).code).toBe(
        CHECK,
      );
      expect(refusal(() => insert(db, 'tickets', ticket({ ticket_discount: '10%' }))).code).toBe(
        CHECK,
      );
      expect(refusal(() => insert(db, 'tickets', ticket({ total: 1.29 }))).code).toBe(DATATYPE);
      // Closed without a closing time; paid without number, total or journal entry.
      expect(refusal(() => insert(db, 'tickets', ticket({ status: 'cancelled' }))).code).toBe(
        CHECK,
      );
      const paid = { status: 'paid', closed_at: AT, number: 1, total: 129, journal_seq: 1 };
      insert(db, 'tickets', ticket({ id: 'ok', ...paid }));
      for (const missing of ['number', 'total', 'journal_seq'] as const) {
        expect(
          refusal(() =>
            insert(
              db,
              'tickets',
              ticket({ id: `no-${missing}`, ...paid, number: 2, [missing]: null }),
            ),
          ).code,
          missing,
        ).toBe(CHECK);
      }
      expect(refusal(() => insert(db, 'tickets', ticket({ id: 'again', ...paid }))).code).toBe(
        UNIQUE,
      );
      // A draft cannot be marked paid without its number, total and closing time.
      insert(db, 'tickets', ticket());
      expect(
        refusal(() => db.prepare("UPDATE tickets SET status = 'paid' WHERE id = 't1'").run()).code,
      ).toBe(CHECK);
      expect(
        refusal(() =>
          db
            .prepare(
              "UPDATE tickets SET status = 'paid', closed_at = ?, number = 5 WHERE id = 't1'",
            )
            .run(AT),
        ).code,
      ).toBe(CHECK);
    });

    it('keeps a draft editable: its member, discount and lines, and it can be dropped', () => {
      insert(db, 'tickets', ticket());
      insert(db, 'ticket_lines', line());
      insert(db, 'ticket_lines', line({ id: 'l2', position: 2, quantity: 2000 }));
      db.prepare(
        `UPDATE tickets SET member_id = 1, ticket_discount = '{"kind":"percent","basisPoints":500}',
           updated_at = ? WHERE id = 't1'`,
      ).run('2026-01-01T00:01:00.000Z');
      db.prepare(
        "UPDATE ticket_lines SET quantity = 3000, price_override = 100, price_override_by = 2 WHERE id = 'l1'",
      ).run();
      db.prepare(
        `UPDATE ticket_lines SET discount = '{"kind":"amount","cents":10}' WHERE id = 'l2'`,
      ).run();
      db.prepare("DELETE FROM ticket_lines WHERE id = 'l2'").run();
      insert(db, 'ticket_lines', line({ id: 'l3', position: 2 }));
      expect(rows(db, 'ticket_lines')).toHaveLength(2);
      expect(db.prepare("SELECT member_id FROM tickets WHERE id = 't1'").pluck().get()).toBe(1);
      // An empty or abandoned draft can go, its lines with it.
      db.prepare("DELETE FROM tickets WHERE id = 't1'").run();
      expect(rows(db, 'tickets')).toEqual([]);
      expect(rows(db, 'ticket_lines')).toEqual([]);
    });

    it('refuses a bad line', () => {
      insert(db, 'tickets', ticket());
      insert(db, 'ticket_lines', line());
      expect(refusal(() => insert(db, 'ticket_lines', line({ id: 'x', position: 1 }))).code).toBe(
        UNIQUE,
      );
      expect(
        refusal(() => insert(db, 'ticket_lines', line({ id: 'x', position: 2, quantity: 0 }))).code,
      ).toBe(CHECK);
      expect(
        refusal(() => insert(db, 'ticket_lines', line({ id: 'x', position: 2, unit: 'box' }))).code,
      ).toBe(CHECK);
      expect(
        refusal(() => insert(db, 'ticket_lines', line({ id: 'x', position: 2, quantity: 1.5 })))
          .code,
      ).toBe(DATATYPE);
      expect(
        refusal(() => insert(db, 'ticket_lines', line({ id: 'x', position: 2, ticket_id: 'nope' })))
          .code,
      ).toBe(FOREIGN_KEY);
      expect(
        refusal(() => insert(db, 'ticket_lines', line({ id: 'x', position: 2, product_id: 99 })))
          .code,
      ).toBe(FOREIGN_KEY);
      expect(
        refusal(() =>
          insert(db, 'ticket_lines', line({ id: 'x', position: 2, refund_of_line: 'nope' })),
        ).code,
      ).toBe(FOREIGN_KEY);
      expect(
        refusal(() => insert(db, 'ticket_lines', line({ id: 'x', position: 2, discount: '-10%' })))
          .code,
      ).toBe(CHECK);
      expect(
        refusal(() =>
          insert(db, 'ticket_lines', line({ id: 'x', position: 2, price_override_by: 99 })),
        ).code,
      ).toBe(FOREIGN_KEY);
      expect(rows(db, 'ticket_lines')).toHaveLength(1);
    });

    it('keeps a paid ticket, its lines and payments as they are', () => {
      paidTicket('t1', 1);
      for (const sql of [
        "UPDATE tickets SET total = 1 WHERE id = 't1'",
        "UPDATE tickets SET status = 'draft' WHERE id = 't1'",
        "UPDATE tickets SET status = 'cancelled' WHERE id = 't1'",
        "UPDATE tickets SET number = 7 WHERE id = 't1'",
        "UPDATE tickets SET member_id = 1 WHERE id = 't1'",
        "UPDATE tickets SET updated_at = updated_at WHERE id = 't1'",
        "DELETE FROM tickets WHERE id = 't1'",
        "UPDATE ticket_lines SET quantity = 2000 WHERE ticket_id = 't1'",
        "UPDATE ticket_lines SET net = 0 WHERE ticket_id = 't1'",
        "DELETE FROM ticket_lines WHERE ticket_id = 't1'",
      ]) {
        frozen(sql);
      }
      frozen(
        "INSERT INTO ticket_lines (id, ticket_id, position, name, unit, vat_rate_bp, unit_price, quantity) VALUES ('x', 't1', 2, 'Free', 'piece', 600, 0, 1000)",
      );
      frozen("UPDATE payments SET amount = 1 WHERE ticket_id = 't1'", 'payments are append-only');
      frozen(
        "UPDATE payments SET method = 'cash' WHERE ticket_id = 't1'",
        'payments are append-only',
      );
      frozen("DELETE FROM payments WHERE ticket_id = 't1'", 'payments are append-only');
    });

    it('keeps a cancelled ticket and its lines as they are', () => {
      cancelledTicket('t1');
      frozen("UPDATE tickets SET status = 'draft' WHERE id = 't1'");
      frozen("UPDATE tickets SET total = 0 WHERE id = 't1'");
      frozen("DELETE FROM tickets WHERE id = 't1'");
      frozen("UPDATE ticket_lines SET quantity = 5000 WHERE ticket_id = 't1'");
      frozen("DELETE FROM ticket_lines WHERE ticket_id = 't1'");
      frozen(
        "INSERT INTO ticket_lines (id, ticket_id, position, name, unit, vat_rate_bp, unit_price, quantity) VALUES ('x', 't1', 2, 'More', 'piece', 600, 100, 1000)",
      );
    });

    it('refunds point at a paid ticket and its lines, and are frozen the same way', () => {
      paidTicket('t1', 1);
      insert(
        db,
        'tickets',
        ticket({ id: 'r1', kind: 'refund', refund_of: 't1', cashier_id: MANAGER }),
      );
      insert(
        db,
        'ticket_lines',
        line({ id: 'r1-l1', ticket_id: 'r1', refund_of_line: 't1-l1', quantity: -1000 }),
      );
      db.prepare(
        "UPDATE tickets SET status = 'paid', number = 2, closed_at = ?, closed_by = 2, total = -129, journal_seq = 2 WHERE id = 'r1'",
      ).run(AT);
      frozen("UPDATE ticket_lines SET quantity = -2000 WHERE id = 'r1-l1'");
      frozen("UPDATE tickets SET refund_of = NULL WHERE id = 'r1'");
    });

    it('keeps payments append-only, even on a draft', () => {
      insert(db, 'tickets', ticket());
      insert(db, 'payments', {
        id: 'p1',
        ticket_id: 't1',
        method: 'cash',
        amount: 200,
        created_at: AT,
      });
      frozen("UPDATE payments SET amount = 100 WHERE id = 'p1'", 'payments are append-only');
      frozen("DELETE FROM payments WHERE id = 'p1'", 'payments are append-only');
      expect(
        refusal(() =>
          insert(db, 'payments', {
            id: 'p2',
            ticket_id: 'nope',
            method: 'cash',
            amount: 1,
            created_at: AT,
          }),
        ).code,
      ).toBe(FOREIGN_KEY);
      expect(
        refusal(() =>
          insert(db, 'payments', {
            id: 'p2',
            ticket_id: 't1',
            method: 'cash',
            amount: 1.5,
            created_at: AT,
          }),
        ).code,
      ).toBe(DATATYPE);
    });

    // Holes around the append-only triggers: each of these changes what a paid ticket says.
    // Checked on the whole schema, so that a new migration adding the missing triggers (or
    // a pragma in db/open.ts) makes them pass.
    describe('on the whole schema', () => {
      beforeAll(() => {
        version = LATEST;
      });
      afterAll(() => {
        version = 3;
      });

      it('takes no new payment on a paid ticket', () => {
        paidTicket('t1', 1);
        const before = snapshot();
        const refused = refusal(() =>
          insert(db, 'payments', {
            id: 'p9',
            ticket_id: 't1',
            method: 'cash',
            amount: -129,
            created_at: AT,
          }),
        );
        expect(refused.code).toBe(TRIGGER);
        expect(snapshot()).toEqual(before);
      });

      it('does not let a line move from a draft into a paid ticket', () => {
        paidTicket('t1', 1);
        insert(db, 'tickets', ticket({ id: 't2' }));
        insert(
          db,
          'ticket_lines',
          line({ id: 't2-l1', ticket_id: 't2', position: 5, unit_price: 9999 }),
        );
        frozen("UPDATE ticket_lines SET ticket_id = 't1' WHERE id = 't2-l1'");
      });

      it('does not let INSERT OR REPLACE overwrite a paid ticket', () => {
        paidTicket('t1', 1);
        const before = snapshot();
        const refused = refusal(() =>
          db
            .prepare(
              `INSERT OR REPLACE INTO tickets (id, session_id, kind, status, number, cashier_id, created_at,
                 updated_at, closed_at, total, journal_seq)
               VALUES ('t1', 's1', 'sale', 'paid', 1, 1, ?, ?, ?, 1, 1)`,
            )
            .run(AT, AT, AT),
        );
        expect(refused.code).toBe(TRIGGER);
        expect(snapshot()).toEqual(before);
      });
    });
  });

  describe('stock moves', () => {
    const move = (overrides: Record<string, unknown> = {}) => ({
      id: 'm1',
      product_id: 1,
      quantity: 12_000,
      kind: 'delivery',
      user_id: CASHIER,
      created_at: AT,
      ...overrides,
    });

    it('refuses an unknown kind, product or ticket', () => {
      for (const kind of ['sale', 'refund', 'delivery', 'waste', 'count']) {
        insert(db, 'stock_moves', move({ id: kind, kind }));
      }
      expect(refusal(() => insert(db, 'stock_moves', move({ id: 'x', kind: 'theft' }))).code).toBe(
        CHECK,
      );
      expect(refusal(() => insert(db, 'stock_moves', move({ id: 'x', product_id: 99 }))).code).toBe(
        FOREIGN_KEY,
      );
      expect(
        refusal(() => insert(db, 'stock_moves', move({ id: 'x', ticket_id: 'nope' }))).code,
      ).toBe(FOREIGN_KEY);
      expect(refusal(() => insert(db, 'stock_moves', move({ id: 'x', quantity: 0.5 }))).code).toBe(
        DATATYPE,
      );
    });

    it('is a ledger: append-only', () => {
      insert(db, 'stock_moves', move());
      frozen("UPDATE stock_moves SET quantity = 1 WHERE id = 'm1'", 'stock moves are append-only');
      frozen(
        "UPDATE stock_moves SET kind = 'count' WHERE id = 'm1'",
        'stock moves are append-only',
      );
      frozen("DELETE FROM stock_moves WHERE id = 'm1'", 'stock moves are append-only');
    });
  });
});
