import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import type { Queryable } from '../../../server/store';
import { STORES, freshStore, startTestServer, type TestServer } from '../../support/server';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { openTill, outboxEvents } from '../../support/sync';
import { seedStockShop } from '../../support/stock';

const ROLLUPS = {
  product_sales_days: 'day, till_id, product_id',
  product_sales_months: 'month, till_id, product_id',
  ticket_hours: 'hour, till_id',
  ticket_hour_payments: 'hour, till_id, method',
  ticket_hour_vat: 'hour, till_id, rate_bp',
  ticket_hour_categories: 'hour, till_id, category',
  ticket_day_payments: 'day, till_id, method',
  ticket_day_vat: 'day, till_id, rate_bp',
  ticket_day_categories: 'day, till_id, category',
  stock_levels: 'product_id',
};

async function seedCatalogue(db: Queryable) {
  await seedStockShop(db, [
    { id: FIXTURE.milk.id, name: 'Lait', price: 129, vat: 6, costPrice: 80 },
    { id: FIXTURE.soap.id, name: 'Savon', price: 450, vat: 21, costPrice: 300 },
  ]);
}

async function rollups(db: Queryable) {
  const tables: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(ROLLUPS)) {
    tables[table] = await db.query(`SELECT * FROM ${table} ORDER BY ${order}`);
  }
  return tables;
}

/**
 * Migration 0010 fills the figures it keeps from the books already there, as the pushes would
 * have: the same tickets pushed to a server at 0010 and copied into one at 0009 then migrated
 * give the same rows.
 */
describe.each(STORES)('server migration 0010 (the back office’s figures) on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;

  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedCatalogue(server.store);
    t = createTestTill();
    t.clock.now = new Date('2026-03-02T07:00:00.000Z');
    openTill(t);
    for (let i = 0; i < 12; i += 1) {
      t.clock.now = new Date(Date.parse('2026-03-02T09:10:00.000Z') + i * 47 * 60_000);
      t.till.addByBarcode({ code: FIXTURE.milk.code });
      if (i % 2 === 0) t.till.addByBarcode({ code: FIXTURE.soap.code });
      const due = t.till.currentTicket()?.totals.total ?? 0;
      const cash = i % 3 === 0;
      const paid = t.till.pay({
        payments: [{ method: cash ? 'cash' : 'card', amount: cash ? due + 500 : due }],
      });
      if (i % 5 === 4) {
        t.till.refund({
          ticketNumber: paid.number ?? 0,
          method: cash ? 'cash' : 'card',
          approval: { userId: t.managerId, pin: FIXTURE.managerPin },
        });
      }
    }
    const { response } = await server.pushAsNewTill('Caisse 1', outboxEvents(t.db));
    expect(response.json<{ rejected: unknown[] }>().rejected).toEqual([]);
  });
  afterAll(async () => {
    t?.close();
    await server.close();
  });

  it('adds up the tickets, sales and stock already in the books as the pushes do', async () => {
    const pushed = await rollups(server.store);
    expect(pushed.ticket_hours?.length).toBeGreaterThan(5);
    expect(pushed.product_sales_days?.length).toBe(2);

    const { store, dispose } = await freshStore(kind, null, 9);
    try {
      await seedCatalogue(store);
      const copy = async (table: string, columns: string) => {
        const rows = await server.store.query(`SELECT ${columns} FROM ${table}`);
        const types = await server.store.query<{ name: string; type: string }>(
          `SELECT column_name AS name, format_type(a.atttypid, a.atttypmod) AS type
             FROM information_schema.columns c
             JOIN pg_attribute a ON a.attrelid = $1::regclass AND a.attname = c.column_name
            WHERE c.table_name = $2 AND c.table_schema = current_schema()`,
          [table, table],
        );
        const wanted = columns.split(', ');
        const record = types
          .filter((row) => wanted.includes(row.name))
          .map((row) => `${row.name} ${row.type}`)
          .join(', ');
        await store.query(
          `INSERT INTO ${table} (${columns}) SELECT ${columns}
             FROM jsonb_to_recordset($1::jsonb) AS x(${record})`,
          [JSON.stringify(rows)],
        );
      };
      await copy('tills', 'id, name, created_at');
      await copy(
        'events',
        'id, till_id, instance, seq, type, journal_seq, hash, document, created_at, received_at',
      );
      await copy(
        'tickets',
        'id, till_id, event_id, kind, number, session_id, closed_at, day, total, rounding, due',
      );
      await copy('stock_moves', 'product_id, quantity, kind, till_id, ref, at');
      expect(await migrateServer(store, serverMigrations().slice(0, 10))).toEqual([10]);
      expect(await rollups(store)).toEqual(pushed);

      // From now on the database keeps them: a cost change has its row, a move its level.
      await store.query('UPDATE products SET cost_price = 95 WHERE id = 2');
      await store.query('UPDATE products SET name = $1 WHERE id = 2', ['Lait entier']);
      const history = await store.query<{ cost: number; at: string }>(
        'SELECT cost, at FROM cost_history WHERE product_id = 2 ORDER BY id',
      );
      expect(history.map((row) => row.cost)).toEqual([80, 95]);
      expect(history[0]?.at).toBe('0000-01-01T00:00:00.000Z');
      expect(history[1]?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const level = async () =>
        (
          await store.query<{ onHand: number }>(
            'SELECT on_hand::int AS "onHand" FROM stock_levels WHERE product_id = 2',
          )
        )[0]?.onHand;
      const before = await level();
      await store.query(
        `INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES
           (2, 12000, 'delivery', '2026-03-03T08:00:00.000Z'),
           (2, -500, 'waste', '2026-03-03T09:00:00.000Z')`,
      );
      expect(await level()).toBe((before ?? 0) + 11_500);
    } finally {
      await dispose();
    }
  });
});
