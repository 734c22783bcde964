import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { device, seedStockShop, signedIn } from '../../support/stock';

describe.each(STORES)('stock events, applied once each, on %s', (kind) => {
  let server: TestServer;
  let stock: Record<string, string>;
  let personId: number;
  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedStockShop(server.store, [
      { id: 1, name: 'Lentilles vertes', price: 349, zone: 'A1' },
      { id: 2, name: 'Savon', price: 250, vat: 21 },
    ]);
    ({ headers: stock, personId } = await signedIn(server, ['stock']));
  });
  afterAll(async () => {
    await server.close();
  });

  const send = (events: object[], headers = stock) =>
    server.app.inject({ method: 'POST', url: '/v1/stock/events', headers, payload: { events } });
  const waitingLabels = () =>
    server.store.query<{ productId: number; reason: string; queuedBy: number }>(
      `SELECT product_id AS "productId", reason, queued_by AS "queuedBy" FROM label_queue
        WHERE printed_at IS NULL ORDER BY product_id`,
    );

  it('queues a label once, whatever the re-sends after a lost answer', async () => {
    const hand = device();
    const label = hand.event('label.queue', { productId: 1 });
    const first = await send([label]);
    expect(first.statusCode).toBe(200);
    expect(first.json().outcomes).toEqual([
      { uuid: label.uuid, status: 'applied', result: { queued: true } },
    ]);
    // The answer was lost: the device sends the same event again, with the keys in another order.
    const { payload, ...rest } = label;
    const again = await send([{ payload: { ...payload }, ...rest }]);
    expect(again.json().outcomes).toEqual([{ uuid: label.uuid, status: 'duplicate' }]);
    expect(await waitingLabels()).toEqual([{ productId: 1, reason: 'manual', queuedBy: personId }]);
    // Another scan of the same shelf, later: the label waiting stays the one waiting.
    const second = hand.event('label.queue', { productId: 1 });
    expect((await send([second])).json().outcomes[0]).toMatchObject({
      status: 'applied',
      result: { queued: false },
    });
    expect(await waitingLabels()).toHaveLength(1);
  });

  it('refuses in words, and applies nothing of, an event that is wrong; the others still apply', async () => {
    const hand = device();
    const unknownProduct = hand.event('label.queue', { productId: 999 });
    const badPayload = hand.event('label.queue', { product: 2 });
    const unknownKind = hand.event('count.guess', { productId: 2 });
    const good = hand.event('label.queue', { productId: 2 });
    const outcomes = (await send([unknownProduct, badPayload, unknownKind, good])).json().outcomes;
    expect(outcomes).toEqual([
      { uuid: unknownProduct.uuid, status: 'refused', error: 'No product 999: no label queued' },
      {
        uuid: badPayload.uuid,
        status: 'refused',
        error: 'A label needs the product it is for (productId)',
      },
      {
        uuid: unknownKind.uuid,
        status: 'refused',
        error: 'Unknown kind of stock event: count.guess',
      },
      { uuid: good.uuid, status: 'applied', result: { queued: true } },
    ]);
    // A refused event is not kept: once the product exists, the same event applies.
    const kept = await server.store.query<{ uuid: string }>(
      'SELECT uuid::text AS uuid FROM stock_events WHERE device_id = $1 ORDER BY device_seq',
      [hand.deviceId],
    );
    expect(kept.map((row) => row.uuid)).toEqual([good.uuid]);
  });

  it('refuses the same id with other content, or another id in the same place of a device', async () => {
    const hand = device();
    const label = hand.event('label.queue', { productId: 1 });
    await send([label]);
    const changed = { ...label, payload: { productId: 2 } };
    expect((await send([changed])).json().outcomes).toEqual([
      {
        uuid: label.uuid,
        status: 'refused',
        error: `Event ${label.uuid} was already received with other content; nothing changed`,
      },
    ]);
    const sameSeat = { ...label, uuid: '0b8f2c9e-6a3b-4c1d-9e8f-7a6b5c4d3e2f' };
    expect((await send([sameSeat])).json().outcomes[0]).toMatchObject({
      status: 'refused',
      error: `Device ${hand.deviceId} already sent event number 1 under another id; nothing changed`,
    });
  });

  it('refuses a malformed batch whole, in words, and a cashier or a stranger outright', async () => {
    const hand = device();
    const response = await send([{ ...hand.event('label.queue', { productId: 1 }), seq: 0 }]);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/seq/);
    expect((await send([])).statusCode).toBe(400);
    const { headers: cashier } = await signedIn(server, ['cashier']);
    expect((await send([hand.event('label.queue', { productId: 1 })], cashier)).statusCode).toBe(
      403,
    );
    expect((await send([hand.event('label.queue', { productId: 1 })], {})).statusCode).toBe(401);
  });
});
