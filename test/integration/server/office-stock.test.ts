import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { device, seedStockShop, signedIn } from '../../support/stock';

/**
 * Issue 24: the back office's stock pages. A stock volunteer signs in to the office and opens
 * the stock work only (inventories with their progress, losses, labels); the sales, the figures,
 * a count's variances and applying stay a manager's. An inventory applied from the page carries
 * the page's operation id: sent twice, it is applied once.
 */
describe.each(STORES)('the office’s stock work, on %s', (kind) => {
  let server: TestServer;
  let manager: Record<string, string>;
  let stock: Record<string, string>;
  const hand = device();

  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedStockShop(server.store, [
      { id: 2, name: 'Lait', price: 129, costPrice: 80, zone: 'A1' },
      { id: 3, name: 'Savon', price: 450, vat: 21, costPrice: 250, zone: 'A1' },
      { id: 4, name: 'Riz', price: 349, costPrice: 120, zone: 'A1' },
    ]);
    ({ headers: manager } = await signedIn(server, ['manager']));
    ({ headers: stock } = await signedIn(server, ['stock'], 'Sam'));
    await server.store.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES
         (2, 20000, 'delivery', '2026-03-01T18:00:00.000Z'), (3, 10000, 'delivery', '2026-03-01T18:00:00.000Z')`,
    );
  });
  afterAll(async () => {
    await server.close();
  });

  const call = (
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const moves = async () =>
    (
      await server.store.query<{ n: number; q: number }>(
        `SELECT count(*)::int AS n, coalesce(sum(quantity), 0)::int AS q FROM stock_moves
          WHERE kind = 'adjustment'`,
      )
    )[0];

  it('lets a stock volunteer sign in to the office, for the stock work only', async () => {
    const signIn = await server.app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { host: 'shop.example', origin: 'http://shop.example' },
      payload: { app: 'office', name: 'Sam', password: 'Sam password 123' },
    });
    expect(signIn.statusCode, signIn.body).toBeLessThan(300);
    const opened = await call('POST', '/v1/stock/inventories', manager, { zone: 'A1' });
    expect(opened.statusCode).toBe(201);
    const id = opened.json<{ id: number }>().id;
    for (const url of [
      '/v1/stock/inventories',
      `/v1/stock/inventories/${id}/recount`,
      '/v1/stock/losses?from=2026-03-01&to=2026-03-31',
      '/v1/stock/near-expiry?days=30',
      '/v1/labels',
    ]) {
      expect((await call('GET', url, stock)).statusCode, url).toBe(200);
    }
    // What the ledger expects stays a manager's (the count is blind), and so do the sales.
    for (const url of [
      `/v1/stock/inventories/${id}`,
      '/v1/office/dashboard',
      '/v1/office/tickets',
      '/v1/office/tills',
    ]) {
      const refused = await call('GET', url, stock);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json<{ error: string }>().error).toMatch(/needs the role/);
    }
    for (const url of [`/v1/stock/inventories/${id}/apply`, `/v1/stock/inventories/${id}/cancel`]) {
      expect((await call('POST', url, stock, {})).statusCode, url).toBe(403);
    }
    expect((await call('POST', '/v1/stock/inventories', stock, { zone: 'B2' })).statusCode).toBe(
      403,
    );
    await call('POST', `/v1/stock/inventories/${id}/cancel`, manager, {});
  });

  it('lists each inventory with its counters and how far it has gone', async () => {
    const opened = await call('POST', '/v1/stock/inventories', manager, { zone: 'A1' });
    const id = opened.json<{ id: number }>().id;
    const other = device();
    const send = async (headers: Record<string, string>, events: object[]) =>
      expect((await call('POST', '/v1/stock/events', headers, { events })).statusCode).toBe(200);
    await send(stock, [
      hand.event('count.scan', { inventoryId: id, productId: 2, quantity: 18000 }),
      hand.event('count.scan', { inventoryId: id, productId: 3, quantity: 10000 }),
    ]);
    await send(manager, [
      other.event('count.scan', { inventoryId: id, productId: 2, quantity: 18000 }),
    ]);
    const list = await call('GET', '/v1/stock/inventories', stock);
    const row = list.json<Record<string, unknown>[]>().find((inventory) => inventory.id === id);
    expect(row).toMatchObject({
      zone: 'A1',
      status: 'open',
      counters: 2,
      counted: 2,
      zoneProducts: 3,
    });
    expect(row).not.toHaveProperty('expected');
  });

  it('applies once an apply sent twice with the page’s operation id', async () => {
    const [open] = await server.store.query<{ id: number }>(
      `SELECT id FROM inventories WHERE status = 'open' AND zone = 'A1'`,
    );
    const id = open?.id ?? 0;
    const before = await moves();
    const page = device(`office-${randomUUID().slice(0, 8)}`);
    const apply = page.event('inventory.apply', { inventoryId: id });
    const url = `/v1/stock/inventories/${id}/apply`;
    const [first, second] = await Promise.all([
      call('POST', url, manager, apply),
      call('POST', url, manager, apply),
    ]);
    for (const answer of [first, second]) {
      expect(answer?.statusCode, answer?.body).toBe(200);
      // 2 milk short at 0.80 EUR: 1.60 EUR; the soap as the ledger had it.
      expect(answer?.json()).toMatchObject({
        id,
        status: 'applied',
        adjusted: 1,
        varianceValue: -160,
      });
    }
    expect([first, second].map((answer) => answer?.headers['x-apply-status']).sort()).toEqual([
      'applied',
      'duplicate',
    ]);
    const after = await moves();
    expect(after?.n).toBe((before?.n ?? 0) + 1);
    expect(after?.q).toBe((before?.q ?? 0) - 2000);
    // Another operation on the applied inventory: refused in words, nothing changed.
    const again = await call(
      'POST',
      url,
      manager,
      page.event('inventory.apply', { inventoryId: id }),
    );
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: string }>().error).toMatch(/already applied; nothing changed/);
    // An apply naming another inventory than its address: refused.
    const wrong = await call(
      'POST',
      url,
      manager,
      page.event('inventory.apply', { inventoryId: 999 }),
    );
    expect(wrong.statusCode).toBe(422);
    expect(await moves()).toEqual(after);
  });
});
