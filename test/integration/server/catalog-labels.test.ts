import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';

/**
 * Every way into the catalogue feeds the shelf-label queue: a product new on the shelf, a new
 * price or a new name needs its label reprinted; a product written again unchanged does not.
 */
describe.each(STORES)('the catalogue queues shelf labels on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
    const tax = await server.app.inject({
      method: 'PUT',
      url: '/v1/admin/tax-rates/1',
      headers: server.admin,
      payload: { name: '6 %', rateBp: 600 },
    });
    expect(tax.statusCode).toBe(200);
  });
  afterAll(() => server.close());

  const put = (url: string, payload: object) =>
    server.app.inject({ method: 'PUT', url: `/v1/admin${url}`, headers: server.admin, payload });
  const waiting = () =>
    server.store.query<{ productId: number; reason: string }>(
      `SELECT product_id AS "productId", reason FROM label_queue WHERE printed_at IS NULL
        ORDER BY product_id`,
    );
  const printAll = () =>
    server.store.query(`UPDATE label_queue SET printed_at = 'now' WHERE printed_at IS NULL`);
  const rice = {
    name: 'Riz',
    taxRateId: 1,
    price: 299,
    unit: 'piece',
    barcodes: ['5410000000017'],
  };

  it('queues a new product, then a new price or name, and nothing for the same product again', async () => {
    expect((await put('/products/1', rice)).statusCode).toBe(200);
    expect(await waiting()).toEqual([{ productId: 1, reason: 'new' }]);
    await printAll();

    expect((await put('/products/1', rice)).statusCode).toBe(200);
    expect(await waiting()).toEqual([]);

    expect((await put('/products/1/price', { price: 319 })).statusCode).toBe(200);
    expect(await waiting()).toEqual([{ productId: 1, reason: 'price' }]);
    // A second change before printing keeps the one label waiting.
    expect((await put('/products/1/price', { price: 329 })).statusCode).toBe(200);
    expect(await waiting()).toEqual([{ productId: 1, reason: 'price' }]);
    await printAll();

    expect((await put('/products/1', { ...rice, price: 329, nameNl: 'Rijst' })).statusCode).toBe(
      200,
    );
    expect(await waiting()).toEqual([{ productId: 1, reason: 'name' }]);
    await printAll();

    // A second barcode leaves the label as it was: it shows the first one.
    expect(
      (await put('/products/1/barcodes', { barcodes: ['5410000000017', '5410000000024'] }))
        .statusCode,
    ).toBe(200);
    expect(await waiting()).toEqual([]);
  });

  it('refuses a product in words and queues nothing', async () => {
    const before = await waiting();
    const refused = await put('/products/2', { ...rice, price: -1, barcodes: [] });
    expect(refused.statusCode).toBe(400);
    expect(await waiting()).toEqual(before);
  });
});
