import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { device, seedStockShop, seedSupplier, signedIn } from '../../support/stock';

const PIECE = 1000;

/**
 * A delivery received on a handheld offline before a count, and sent after the count was
 * applied: the counter saw the goods on the shelf, so the delivery must not add them again.
 */
describe.each(STORES)('a delivery sent after the count that saw it, on %s', (kind) => {
  let server: TestServer;
  let manager: Record<string, string>;
  let stock: Record<string, string>;
  let supplierId: number;

  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedStockShop(server.store, [
      { id: 1, name: 'Farine T65 1 kg', price: 189, costPrice: 110, zone: 'C1' },
    ]);
    await server.store.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, at)
       VALUES (1, ${10 * PIECE}, 'delivery', '2026-03-01T08:00:00.000Z')`,
    );
    supplierId = await seedSupplier(server.store, { name: 'Moulin de Hollange' });
    ({ headers: manager } = await signedIn(server, ['manager']));
    ({ headers: stock } = await signedIn(server, ['stock']));
  });
  afterAll(() => server.close());

  const send = async (events: object[]) =>
    (
      await server.app.inject({
        method: 'POST',
        url: '/v1/stock/events',
        headers: stock,
        payload: { events },
      })
    ).json<{ outcomes: { status: string; error?: string }[] }>().outcomes;
  const level = async () =>
    (
      await server.store.query<{ q: number }>(
        'SELECT coalesce(sum(quantity), 0)::int AS q FROM stock_moves WHERE product_id = 1',
      )
    )[0]?.q;

  it('is not counted twice: the applied count is worked out again', async () => {
    const opened = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/inventories',
      headers: manager,
      payload: { zone: 'C1' },
    });
    const inventoryId = opened.json<{ id: number }>().id;
    // Six bags came at 9:00, received on a phone with no network; the counter found 16 at 10:30.
    const phone = device();
    const reception = randomUUID();
    const received = [
      phone.event('reception.open', { reception, supplierId }, '2026-03-02T09:00:00.000Z'),
      phone.event(
        'reception.line',
        { reception, productId: 1, quantity: 6 * PIECE },
        '2026-03-02T09:01:00.000Z',
      ),
      phone.event(
        'reception.validate',
        { reception, shortages: 'close' },
        '2026-03-02T09:02:00.000Z',
      ),
    ];
    await send([
      device().event(
        'count.scan',
        { inventoryId, productId: 1, quantity: 16 * PIECE },
        '2026-03-02T10:30:00.000Z',
      ),
    ]);
    const applied = await server.app.inject({
      method: 'POST',
      url: `/v1/stock/inventories/${inventoryId}/apply`,
      headers: manager,
    });
    expect(applied.statusCode).toBe(200);
    expect(await level()).toBe(16 * PIECE);

    // The phone finds the network: the delivery arrives, and the shelf still holds 16.
    expect((await send(received)).map((outcome) => outcome.error ?? outcome.status)).toEqual([
      'applied',
      'applied',
      'applied',
    ]);
    expect(await level()).toBe(16 * PIECE);
    const [line] = await server.store.query(
      'SELECT adjustment FROM inventory_lines WHERE inventory_id = $1 AND product_id = 1',
      [inventoryId],
    );
    expect(line).toEqual({ adjustment: 0 });
  });
});
