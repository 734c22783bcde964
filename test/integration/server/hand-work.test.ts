import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { device, seedStockShop, seedSupplier, signedIn } from '../../support/stock';
import { handWorkSchema } from '../../../domain/hand-wire';

const NOW = new Date('2026-12-07T09:00:00Z');

describe.each(STORES)("the handheld's stock work kept for offline, on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { clock: () => NOW });
    await seedStockShop(server.store, [
      { id: 1, name: 'Lentilles vertes', price: 349, zone: 'A1' },
      { id: 2, name: 'Savon', price: 250, zone: 'A1' },
      { id: 3, name: 'Riz', price: 289, zone: 'B2' },
    ]);
    const supplierId = await seedSupplier(server.store, { name: 'Biofresh' });
    const other = await seedSupplier(server.store, { name: 'Fournil' });
    await server.store.query(
      `INSERT INTO purchase_orders (id, supplier_id, status, created_at, sent_at) VALUES
         (1, $1, 'sent', '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z'),
         (2, $1, 'draft', '2026-12-02T08:00:00Z', NULL),
         (3, $2, 'partly_received', '2026-12-03T08:00:00Z', '2026-12-03T09:00:00Z'),
         (4, $1, 'received', '2026-12-04T08:00:00Z', '2026-12-04T09:00:00Z')`,
      [supplierId, other],
    );
    await server.store.query(
      `INSERT INTO purchase_order_lines (order_id, product_id, pack_size, quantity, unit_cost, received, short_closed) VALUES
         (1, 1, 1000, 12000, 200, 0, false), (1, 2, 1000, 6000, 100, 0, false),
         (2, 3, 1000, 5000, 100, 0, false),
         (3, 1, 1000, 10000, 200, 4000, false), (3, 2, 1000, 3000, 100, 3000, false),
         (3, 3, 1000, 8000, 100, 1000, true),
         (4, 3, 1000, 1000, 100, 1000, false)`,
    );
    await server.store.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES
         (1, 20000, 'delivery', '2026-12-01T08:00:00Z'), (1, -3000, 'sale', '2026-12-02T08:00:00Z')`,
    );
  });
  afterAll(async () => {
    await server.close();
  });

  const work = async (headers: Record<string, string>) => {
    const response = await server.app.inject({ method: 'GET', url: '/v1/hand/work', headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    return handWorkSchema.parse(response.json());
  };
  const send = async (headers: Record<string, string>, events: object[]) => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers,
      payload: { events },
    });
    expect(response.statusCode).toBe(200);
    for (const outcome of response.json<{ outcomes: { status: string }[] }>().outcomes) {
      expect(outcome.status).toBe('applied');
    }
  };

  it('gives open orders with what each line still expects, zones being counted, my recounts with the ledger, and near-expiry', async () => {
    const ana = await signedIn(server, ['stock'], 'Ana');
    const bob = await signedIn(server, ['stock'], 'Bob');
    const carol = await signedIn(server, ['stock'], 'Carol');
    const manager = await signedIn(server, ['manager'], 'Manon');
    const empty = await work(ana.headers);
    expect(empty).toEqual({
      at: NOW.toISOString(),
      orders: [
        {
          id: 3,
          supplierName: 'Fournil',
          status: 'partly_received',
          sentAt: '2026-12-03T09:00:00Z',
          beingReceived: false,
          lines: [{ productId: 1, outstanding: 6000 }],
        },
        {
          id: 1,
          supplierName: 'Biofresh',
          status: 'sent',
          sentAt: '2026-12-01T09:00:00Z',
          beingReceived: false,
          lines: [
            { productId: 1, outstanding: 12_000 },
            { productId: 2, outstanding: 6000 },
          ],
        },
      ],
      inventories: [],
      recounts: [],
      nearExpiry: [],
    });

    const opened = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/inventories',
      headers: manager.headers,
      payload: { zone: 'A1' },
    });
    expect(opened.statusCode).toBe(201);
    const inventoryId = opened.json<{ id: number }>().id;
    const at = '2026-12-07T08:30:00.000Z';
    await send(ana.headers, [
      device().event('count.scan', { inventoryId, productId: 1, quantity: 17_000 }, at),
    ]);
    await send(bob.headers, [
      device().event('count.scan', { inventoryId, productId: 1, quantity: 9000 }, at),
    ]);
    await send(carol.headers, [
      device().event(
        'count.scan',
        { inventoryId, productId: 2, quantity: 4000, bestBefore: '2026-12-10' },
        at,
      ),
    ]);
    // A reception under way is said so: nobody else starts one for the same order.
    await send(carol.headers, [
      device().event('reception.open', {
        reception: '0b7a4a51-3c1e-4d0e-9a65-0c1a6f0e7a11',
        orderId: 3,
      }),
    ]);

    const forAna = await work(ana.headers);
    expect(forAna.orders.map((order) => [order.id, order.beingReceived])).toEqual([
      [3, true],
      [1, false],
    ]);
    expect(forAna.inventories).toEqual([{ id: inventoryId, zone: 'A1' }]);
    expect(forAna.recounts).toEqual([{ inventoryId, productId: 1, expected: 17_000 }]);
    expect(forAna.nearExpiry).toEqual([{ productId: 2, bestBefore: '2026-12-10' }]);
    expect((await work(bob.headers)).recounts).toEqual([
      { inventoryId, productId: 1, expected: 17_000 },
    ]);
    // Carol never counted the lentils: nothing comes back to her.
    expect((await work(carol.headers)).recounts).toEqual([]);
  });

  it('is for stock work only', async () => {
    const cashier = await signedIn(server, ['cashier']);
    const response = await server.app.inject({
      method: 'GET',
      url: '/v1/hand/work',
      headers: cashier.headers,
    });
    expect(response.statusCode).toBe(403);
    const nobody = await server.app.inject({ method: 'GET', url: '/v1/hand/work' });
    expect(nobody.statusCode).toBe(401);
  });
});
