import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../../db/migrate';
import { openDatabase } from '../../../db/open';
import {
  AT,
  CHECK,
  TRIGGER,
  columnNames,
  insert,
  insertCashierAndSession,
  migratedTo,
  refusal,
  rows,
  userVersion,
} from './helpers';
import type { Db } from '../../../db/open';

/** A session and a paid sale with one cash payment, written as a till at `version` writes it. */
function paidSale(db: Db): void {
  insertCashierAndSession(db);
  insert(db, 'tickets', {
    id: 't1',
    session_id: 's1',
    kind: 'sale',
    status: 'draft',
    cashier_id: 1,
    created_at: AT,
    updated_at: AT,
  });
  insert(db, 'payments', {
    id: 'p1',
    ticket_id: 't1',
    method: 'cash',
    amount: 105,
    created_at: AT,
  });
  db.prepare(
    `UPDATE tickets SET status = 'paid', number = 1, closed_at = ?, closed_by = 1, total = 106,
       rounding = -1, due = 105, journal_seq = 1 WHERE id = 't1'`,
  ).run(AT);
}

describe('migration 0006: payment kinds, rounding per payment, stored VAT, voucher excess', () => {
  it('keeps the tickets and payments of an existing database as they were', () => {
    const m = migratedTo(5);
    try {
      paidSale(m.db);
      const before = { tickets: rows(m.db, 'tickets'), payments: rows(m.db, 'payments') };
      m.db.close();
      const db = openDatabase(m.path);
      try {
        expect(userVersion(db)).toBe(loadMigrations('till').at(-1)?.version);
        expect(columnNames(db, 'payments')).toEqual(expect.arrayContaining(['kind', 'rounding']));
        expect(columnNames(db, 'tickets')).toEqual(
          expect.arrayContaining(['vat', 'voucher_excess', 'rounded_all']),
        );
        // Past rows: every old column as it was; no kind (the cash flag told it then), no
        // rounding of their own, no stored VAT, nothing kept from a voucher.
        const tickets = rows(db, 'tickets') as Record<string, unknown>[];
        const payments = rows(db, 'payments') as Record<string, unknown>[];
        expect(
          tickets.map(({ vat: _vat, voucher_excess: _excess, rounded_all: _all, ...old }) => old),
        ).toEqual(before.tickets);
        expect(payments.map(({ kind: _kind, rounding: _rounding, ...old }) => old)).toEqual(
          before.payments,
        );
        expect(tickets[0]).toMatchObject({ vat: null, voucher_excess: 0, rounded_all: 0 });
        expect(payments[0]).toMatchObject({ kind: null, rounding: 0 });
        // And paid stays paid: the append-only triggers still hold.
        expect(
          refusal(() => db.prepare("UPDATE tickets SET vat = '[]' WHERE id = 't1'").run()).code,
        ).toBe(TRIGGER);
        expect(
          refusal(() => db.prepare("UPDATE payments SET kind = 'cash' WHERE id = 'p1'").run()).code,
        ).toBe(TRIGGER);
      } finally {
        db.close();
      }
    } finally {
      m.close();
    }
  });

  it('takes a payment with its kind and rounding, and refuses an unknown kind or bad VAT', () => {
    const m = migratedTo(6);
    try {
      const { db } = m;
      paidSale(db);
      insert(db, 'tickets', {
        id: 't2',
        session_id: 's1',
        kind: 'sale',
        status: 'draft',
        cashier_id: 1,
        created_at: AT,
        updated_at: AT,
      });
      const payment = { ticket_id: 't2', method: 'meal_voucher', amount: 100, created_at: AT };
      insert(db, 'payments', { ...payment, id: 'p2', kind: 'voucher', rounding: 0 });
      expect(
        refusal(() => insert(db, 'payments', { ...payment, id: 'p3', kind: 'cheque' })).code,
      ).toBe(CHECK);
      expect(
        refusal(() => db.prepare("UPDATE tickets SET vat = 'not json' WHERE id = 't2'").run()).code,
      ).toBe(CHECK);
      db.prepare(
        `UPDATE tickets SET vat = '[{"rateBp":600,"gross":100,"vat":6,"net":94}]', voucher_excess = 0
          WHERE id = 't2'`,
      ).run();
      expect(rows(db, 'payments').length).toBe(2);
    } finally {
      m.close();
    }
  });
});
