import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, outboxEvents } from '../../support/sync';
import { device, seedStockShop, seedSupplier, signedIn } from '../../support/stock';

interface MarginRow {
  key: string;
  amount: number;
  amountExVat: number;
  cost: number;
  margin: number;
  marginBp: number | null;
  costedBp: number | null;
}
interface ProductFigures {
  marginByCategory: MarginRow[];
  marginBySupplier: MarginRow[];
  topMovers: { productId: number; name: string; quantity: number; amount: number }[];
  slowMovers: { productId: number; name: string; quantity: number; amount: number }[];
  stockValue: {
    total: number;
    byCategory: { key: string; quantity: number; value: number }[];
    uncosted: number;
    negative: number;
  };
  losses: {
    total: number;
    byReason: { reason: string; count: number; quantity: number; value: number }[];
  };
}

/**
 * A small shop whose figures are worked out by hand. Milk (1.29, 6 %: 1.22 without VAT) cost
 * 0.80 until 23:30 UTC on 2 March (00:30 on 3 March in Brussels), 0.90 after, and costs 2.00
 * today; soap (4.50, 21 %: 3.72 without VAT) costs 3.00. Sold, one a ticket:
 *   2 March 11:00 Brussels (10:00 UTC): a milk at 0.80 and a soap at 3.00;
 *   3 March 00:15 Brussels (2 March 23:15 UTC): a milk at 0.80, on the 3rd though UTC says the 2nd;
 *   3 March 10:00 Brussels: a milk at 0.90.
 */
describe.each(STORES)('the dashboard’s product figures on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;
  let cookie: Record<string, string>;

  const sell = (at: string, code: string) => {
    t.clock.now = new Date(at);
    t.till.addByBarcode({ code });
    const due = t.till.currentTicket()?.totals.total ?? 0;
    t.till.pay({ payments: [{ method: 'card', amount: due }] });
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    await server.store.query(
      `INSERT INTO categories (id, name, name_nl, version)
       VALUES (2, 'Hygiène', 'Hygiëne', nextval('catalog_version'))`,
    );
    await seedStockShop(server.store, [
      { id: FIXTURE.milk.id, name: 'Lait', price: 129, vat: 6, barcodes: [FIXTURE.milk.code] },
      { id: FIXTURE.soap.id, name: 'Savon', price: 450, vat: 21, categoryId: 2 },
      { id: 4, name: 'Farine', price: 199 },
      { id: 5, name: 'Ancien', price: 100 },
    ]);
    await server.store.query('UPDATE products SET active = false WHERE id = 5');
    // The costs of March, then today's cost of milk (its row is today's, written by the database).
    await server.store.query(
      `INSERT INTO cost_history (product_id, cost, at) VALUES
         (2, 80, '2026-03-01T00:00:00.000Z'), (2, 90, '2026-03-02T23:30:00.000Z'),
         (3, 300, '2026-03-01T00:00:00.000Z')`,
    );
    await server.store.query('UPDATE products SET cost_price = 200 WHERE id = 2');
    await server.store.query('UPDATE products SET cost_price = 300 WHERE id = 3');
    // Milk's cheapest supplier is the farm; soap comes from the wholesaler only.
    const farm = await seedSupplier(server.store, { name: 'Ferme du Bocage' });
    const wholesaler = await seedSupplier(server.store, { name: 'Grossiste' });
    await server.store.query(
      `INSERT INTO supplier_products (supplier_id, product_id, supplier_code, cost, updated_at)
       VALUES ($1, 2, 'L1', 85, 'now'), ($2, 2, 'G2', 95, 'now'), ($2, 3, 'G3', 300, 'now')`,
      [farm, wholesaler],
    );
    await server.store.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES
         (2, 10000, 'delivery', '2026-03-01T08:00:00.000Z'),
         (3, 5000, 'delivery', '2026-03-01T08:00:00.000Z'),
         (4, 2000, 'delivery', '2026-03-01T08:00:00.000Z'),
         (5, -1000, 'adjustment', '2026-03-01T08:00:00.000Z')`,
    );

    t = createTestTill();
    t.clock.now = new Date('2026-03-02T07:00:00.000Z');
    openTill(t);
    sell('2026-03-02T10:00:00.000Z', FIXTURE.milk.code);
    t.clock.advance(1000);
    t.till.addByBarcode({ code: FIXTURE.soap.code });
    t.till.pay({ payments: [{ method: 'card', amount: 450 }] });
    sell('2026-03-02T23:15:00.000Z', FIXTURE.milk.code);
    sell('2026-03-03T09:00:00.000Z', FIXTURE.milk.code);
    const { response } = await server.pushAsNewTill('Caisse 1', outboxEvents(t.db));
    expect(response.json<{ rejected: unknown[] }>().rejected).toEqual([]);

    // Losses as a handheld sends them: soap on the 2nd, milk at 00:40 on the 3rd in Brussels.
    const { headers: stock } = await signedIn(server, ['stock']);
    const hand = device();
    const sent = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers: stock,
      payload: {
        events: [
          hand.event(
            'loss.record',
            { productId: 3, quantity: 2000, reason: 'expiry' },
            '2026-03-02T12:00:00.000Z',
          ),
          hand.event(
            'loss.record',
            { productId: 2, quantity: 1000, reason: 'breakage' },
            '2026-03-02T23:40:00.000Z',
          ),
        ],
      },
    });
    expect(sent.json<{ outcomes: { status: string }[] }>().outcomes).toEqual([
      expect.objectContaining({ status: 'applied' }),
      expect.objectContaining({ status: 'applied' }),
    ]);
    ({ headers: cookie } = await signedIn(server, ['manager']));
  });
  afterAll(async () => {
    t?.close();
    await server.close();
  });

  const figures = async (query: string) => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/v1/office/dashboard?${query}`,
      headers: cookie,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ products: ProductFigures }>().products;
  };

  it('takes each day’s margin at that day’s cost, on the coop’s days', async () => {
    const second = await figures('from=2026-03-02&to=2026-03-02');
    expect(second.marginByCategory).toEqual([
      // Soap: 3.72 − 3.00; milk: 1.22 − 0.80, not today's 2.00.
      {
        key: 'Hygiène',
        amount: 450,
        amountExVat: 372,
        cost: 300,
        margin: 72,
        marginBp: 1935,
        costedBp: 10_000,
      },
      {
        key: 'Épicerie',
        amount: 129,
        amountExVat: 122,
        cost: 80,
        margin: 42,
        marginBp: 3443,
        costedBp: 10_000,
      },
    ]);
    // The 3rd: the milk of 00:15 (still at 0.80) and the one of 10:00 (at 0.90).
    const third = await figures('from=2026-03-03&to=2026-03-03');
    expect(third.marginByCategory).toEqual([
      {
        key: 'Épicerie',
        amount: 258,
        amountExVat: 244,
        cost: 170,
        margin: 74,
        marginBp: 3033,
        costedBp: 10_000,
      },
    ]);
  });

  it('gives margins by main supplier, and the top and slow movers, over a period', async () => {
    const both = await figures('from=2026-03-02&to=2026-03-03');
    expect(both.marginBySupplier).toEqual([
      {
        key: 'Ferme du Bocage',
        amount: 387,
        amountExVat: 366,
        cost: 250,
        margin: 116,
        marginBp: 3169,
        costedBp: 10_000,
      },
      {
        key: 'Grossiste',
        amount: 450,
        amountExVat: 372,
        cost: 300,
        margin: 72,
        marginBp: 1935,
        costedBp: 10_000,
      },
    ]);
    expect(both.topMovers).toEqual([
      expect.objectContaining({ productId: 3, name: 'Savon', quantity: 1000, amount: 450 }),
      expect.objectContaining({ productId: 2, name: 'Lait', quantity: 3000, amount: 387 }),
    ]);
    // Flour never sold; the old product is off sale, so not a slow mover.
    expect(both.slowMovers.map((row) => [row.name, row.quantity])).toEqual([
      ['Farine', 0],
      ['Savon', 1000],
      ['Lait', 3000],
    ]);
    // Whole months are read from the months' rows, the edges from the days': the same sums.
    for (const period of ['from=2026-03-01&to=2026-03-31', 'from=2026-02-15&to=2026-04-10']) {
      const wider = await figures(period);
      expect(wider.marginBySupplier, period).toEqual(both.marginBySupplier);
      expect(wider.topMovers, period).toEqual(both.topMovers);
    }
    const none = await figures('from=2026-03-04&to=2026-03-04');
    expect(none.marginByCategory).toEqual([]);
    expect(none.topMovers).toEqual([]);
  });

  it('values the stock on hand at today’s cost, and sums the period’s losses', async () => {
    const day = await figures('from=2026-03-03&to=2026-03-03');
    // Milk 10 − 3 sold − 1 broken = 6 at 2.00; soap 5 − 1 − 2 = 2 at 3.00; flour has no cost;
    // the old product is below zero.
    expect(day.stockValue).toEqual({
      total: 1800,
      byCategory: [
        { key: 'Épicerie', quantity: 6000, value: 1200 },
        { key: 'Hygiène', quantity: 2000, value: 600 },
      ],
      uncosted: 1,
      negative: 1,
    });
    // The breakage at 00:40 in Brussels is the 3rd's (2 March in UTC), at today's cost then.
    expect(day.losses).toEqual({
      total: 200,
      byReason: [{ reason: 'breakage', count: 1, quantity: 1000, value: 200, unvalued: 0 }],
    });
    const second = await figures('from=2026-03-02&to=2026-03-02');
    expect(second.losses.byReason).toEqual([
      { reason: 'expiry', count: 1, quantity: 2000, value: 600, unvalued: 0 },
    ]);
  });
});
