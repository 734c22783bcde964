import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { productSales } from '../../../server/office';
import type { Queryable } from '../../../server/store';
import { STORES, freshStore, startTestServer, type TestServer } from '../../support/server';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { openTill, outboxEvents } from '../../support/sync';
import { seedStockShop } from '../../support/stock';

const totals = (db: Queryable) =>
  db.query('SELECT * FROM product_month_totals ORDER BY month, product_id');

/** What the tills' own months add up to, per month and product. */
const tillMonthsSummed = (db: Queryable) =>
  db.query(
    `SELECT month, product_id, sum(quantity)::bigint AS quantity, sum(amount)::bigint AS amount,
            sum(amount_ex_vat)::bigint AS amount_ex_vat, sum(costed_ex_vat)::bigint AS costed_ex_vat,
            sum(cost)::bigint AS cost
       FROM product_sales_months GROUP BY month, product_id ORDER BY month, product_id`,
  );

/** A till's morning: `sales` tickets over two months' ends, milk and now and then soap. */
function sellAt(t: TestTill, sales: number) {
  t.clock.now = new Date('2026-02-27T07:00:00.000Z');
  openTill(t);
  for (let i = 0; i < sales; i += 1) {
    // Every 20 hours: the sales cross from February into March.
    t.clock.now = new Date(Date.parse('2026-02-27T09:10:00.000Z') + i * 20 * 3_600_000);
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    if (i % 2 === 0) t.till.addByBarcode({ code: FIXTURE.soap.code });
    const due = t.till.currentTicket()?.totals.total ?? 0;
    t.till.pay({ payments: [{ method: 'card', amount: due }] });
  }
}

/**
 * Migration 0012 keeps each product's month of all tills together, which the back office's
 * product figures of all tills read: pushes add to it as to the tills' months, and the migration
 * fills it from the months already there.
 */
describe.each(STORES)('server migration 0012 (products’ months of all tills) on %s', (kind) => {
  let server: TestServer;
  const tills: TestTill[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedStockShop(server.store, [
      { id: FIXTURE.milk.id, name: 'Lait', price: 129, vat: 6, costPrice: 80 },
      { id: FIXTURE.soap.id, name: 'Savon', price: 450, vat: 21, costPrice: 300 },
    ]);
    for (const [name, sales] of [
      ['Caisse 1', 6],
      ['Caisse 2', 4],
    ] as const) {
      const t = createTestTill();
      tills.push(t);
      sellAt(t, sales);
      const { response } = await server.pushAsNewTill(name, outboxEvents(t.db));
      expect(response.json<{ rejected: unknown[] }>().rejected).toEqual([]);
    }
  });
  afterAll(async () => {
    for (const t of tills) t.close();
    await server.close();
  });

  it('adds each push to the month of all tills as to the till’s own month', async () => {
    const kept = await totals(server.store);
    // Two products, February and March.
    expect(kept).toHaveLength(4);
    expect(kept).toEqual(await tillMonthsSummed(server.store));
    // A period of whole months reads these rows; all tills' figures are each till's added up.
    const period = { from: '2026-02-01', to: '2026-03-31' };
    const all = await productSales(server.store, period);
    const [one, two] = await Promise.all(
      [1, 2].map((tillId) => productSales(server.store, { ...period, tillId })),
    );
    const added = (one ?? []).map((row) => {
      const other = (two ?? []).find((r) => r.productId === row.productId);
      return {
        productId: row.productId,
        quantity: row.quantity + (other?.quantity ?? 0),
        amount: row.amount + (other?.amount ?? 0),
        amountExVat: row.amountExVat + (other?.amountExVat ?? 0),
        costedExVat: row.costedExVat + (other?.costedExVat ?? 0),
        cost: row.cost + (other?.cost ?? 0),
      };
    });
    const byProduct = (rows: { productId: number }[]) =>
      [...rows].sort((a, b) => a.productId - b.productId);
    expect(byProduct(all)).toEqual(byProduct(added));
    expect(all.find((row) => row.productId === FIXTURE.milk.id)?.quantity).toBe(10_000);
  });

  it('fills it from the tills’ months already there', async () => {
    const { store, dispose } = await freshStore(kind, null, 11);
    try {
      const rows = await server.store.query('SELECT * FROM product_sales_months');
      await store.query(
        `INSERT INTO product_sales_months
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(month text, till_id int, product_id int,
                quantity bigint, amount bigint, amount_ex_vat bigint, costed_ex_vat bigint,
                cost bigint)`,
        [JSON.stringify(rows)],
      );
      expect(await migrateServer(store, serverMigrations().slice(0, 12))).toEqual([12]);
      expect(await totals(store)).toEqual(await totals(server.store));
    } finally {
      await dispose();
    }
  });
});
