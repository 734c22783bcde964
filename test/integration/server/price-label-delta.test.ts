import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncClient } from '../../../main/sync/client';
import { createTestTill, ean13, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, pointTillAt } from '../../support/sync';

/** Issue 19, case 7: the stock a price label took is the till's, whatever the price does later. */
describe.each(STORES)('a price label sold offline, then the price changes, on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;

  beforeAll(async () => {
    server = await startTestServer(kind);
    t = createTestTill();
  });
  afterAll(async () => {
    t.close();
    await server.close();
  });

  const admin = (url: string, payload: object) =>
    server.app.inject({ method: 'PUT', url: `/v1/admin${url}`, headers: server.admin, payload });

  it('books the 1,295 g the till took off its shelf at 29.90 EUR/kg, not what 34.90 EUR/kg would buy', async () => {
    const { tillId, token } = await server.enrolTill('labels');
    pointTillAt(t.db, server.url, token);
    expect((await admin('/tax-rates/1', { name: '6 %', rateBp: 600 })).statusCode).toBe(200);
    const cheese = (price: number) =>
      admin('/products/4', {
        name: 'Fromage de Herve',
        taxRateId: 1,
        price,
        unit: 'kg',
        barcodes: [ean13('541000000004'), ean13('230000400000')],
      });
    expect((await cheese(2990)).statusCode).toBe(200);
    const client = new SyncClient({ db: t.db });
    await client.syncOnce(); // the till pulls 29.90 EUR/kg

    // Offline: five labels of 7.75 EUR, each 259 g at 29.90 EUR/kg.
    openTill(t);
    for (let i = 0; i < 5; i += 1) t.till.addByBarcode({ code: ean13('230000400775') });
    t.till.pay({ payments: [{ method: 'card', amount: 5 * 775 }] });
    const shelf = t.db
      .prepare('SELECT sum(quantity) FROM stock_moves WHERE product_id = 4')
      .pluck()
      .get();
    expect(shelf).toBe(-1295);

    expect((await cheese(3490)).statusCode).toBe(200);
    await client.syncOnce();
    expect(client.current()).toMatchObject({ pending: 0, rejected: 0 });
    const [ledger] = await server.store.query<{ q: number }>(
      'SELECT sum(quantity)::int AS q FROM stock_moves WHERE till_id = $1 AND product_id = 4',
      [tillId],
    );
    expect(ledger?.q).toBe(-1295);
  });
});
