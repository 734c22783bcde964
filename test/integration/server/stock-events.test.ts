import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyStockEvents,
  StockRefusal,
  type StockEvent,
  type StockEventHandler,
} from '../../../server/stock/events';
import { queueLabel } from '../../../server/stock/queues';
import type { Store } from '../../../server/store';
import { STORES, freshStore, startTestServer, type TestServer } from '../../support/server';
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

  it('applies a batch with a bad event in the middle: the others once, that one refused in words; sent again, nothing changes', async () => {
    const hand = device();
    const events = [
      hand.event('label.queue', { productId: 1 }),
      hand.event('loss.record', { productId: 2, quantity: 3000, reason: 'breakage' }),
      hand.event('loss.record', { productId: 2, quantity: 1500, reason: 'breakage' }),
      hand.event('loss.record', { productId: 2, quantity: 1000, reason: 'theft' }),
      hand.event('label.queue', { productId: 2 }),
    ];
    await server.store.query('DELETE FROM label_queue');
    const state = async () => ({
      labels: await waitingLabels(),
      moves: await server.store.query(
        `SELECT quantity, ref FROM stock_moves WHERE product_id = 2 ORDER BY quantity`,
      ),
      kept: (
        await server.store.query<{ uuid: string }>(
          'SELECT uuid::text AS uuid FROM stock_events WHERE device_id = $1 ORDER BY device_seq',
          [hand.deviceId],
        )
      ).map((row) => row.uuid),
    });
    const refusal = {
      uuid: events[2]?.uuid,
      status: 'refused',
      error: 'Savon is sold by the piece: 1.5 is not a whole number of pieces',
    };
    const first = await send(events);
    expect(first.statusCode).toBe(200);
    expect(first.json().outcomes).toEqual([
      { uuid: events[0]?.uuid, status: 'applied', result: { queued: true } },
      {
        uuid: events[1]?.uuid,
        status: 'applied',
        result: { productId: 2, quantity: 3000, reason: 'breakage', value: null },
      },
      refusal,
      {
        uuid: events[3]?.uuid,
        status: 'applied',
        result: { productId: 2, quantity: 1000, reason: 'theft', value: null },
      },
      { uuid: events[4]?.uuid, status: 'applied', result: { queued: true } },
    ]);
    const after = await state();
    expect(after).toEqual({
      labels: [
        { productId: 1, reason: 'manual', queuedBy: personId },
        { productId: 2, reason: 'manual', queuedBy: personId },
      ],
      moves: [
        { quantity: -3000, ref: 'loss:breakage' },
        { quantity: -1000, ref: 'loss:theft' },
      ],
      kept: [events[0], events[1], events[3], events[4]].map((event) => event?.uuid),
    });
    // The answer was lost: the whole batch again changes nothing, and says the same refusal.
    const again = await send(events);
    expect(again.json().outcomes).toEqual([
      { uuid: events[0]?.uuid, status: 'duplicate' },
      { uuid: events[1]?.uuid, status: 'duplicate' },
      refusal,
      { uuid: events[3]?.uuid, status: 'duplicate' },
      { uuid: events[4]?.uuid, status: 'duplicate' },
    ]);
    expect(await state()).toEqual(after);
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

/** Handlers that write, then refuse when told: what a savepoint must roll back, and only that. */
const writeThenRefuse: StockEventHandler = async (tx, event, { actor, now }) => {
  const { productId, refuse } = event.payload as { productId: number; refuse?: boolean };
  await queueLabel(tx, { productId, reason: 'manual', personId: actor.personId, now });
  if (refuse) throw new StockRefusal(`Refused after queueing ${productId}'s label`);
  return { productId };
};

describe.each(STORES)('a batch of stock events, one transaction, on %s', (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore(kind));
    await seedStockShop(
      store,
      [1, 2, 3, 4, 5].map((id) => ({ id, name: `Produit ${id}`, price: 100 })),
    );
  });
  afterAll(async () => {
    await dispose();
  });

  const apply = (events: StockEvent[]) =>
    applyStockEvents(
      store,
      events,
      { 'test.write': writeThenRefuse },
      { actor: { personId: null }, now: new Date('2026-03-02T10:00:00Z') },
    );
  const labels = async () =>
    (
      await store.query<{ productId: number }>(
        'SELECT product_id AS "productId" FROM label_queue ORDER BY product_id',
      )
    ).map((row) => row.productId);
  const kept = async (deviceId: string) =>
    (
      await store.query<{ seq: number }>(
        'SELECT device_seq::int AS seq FROM stock_events WHERE device_id = $1 ORDER BY device_seq',
        [deviceId],
      )
    ).map((row) => row.seq);

  it('rolls back what a refused event wrote, two refused in a row, and keeps the rest', async () => {
    await store.query('DELETE FROM label_queue');
    const hand = device();
    const events = [
      hand.event('test.write', { productId: 1 }),
      hand.event('test.write', { productId: 2, refuse: true }),
      hand.event('test.write', { productId: 3, refuse: true }),
      hand.event('test.write', { productId: 4 }),
    ];
    expect(await apply(events)).toEqual([
      { uuid: events[0]?.uuid, status: 'applied', result: { productId: 1 } },
      { uuid: events[1]?.uuid, status: 'refused', error: "Refused after queueing 2's label" },
      { uuid: events[2]?.uuid, status: 'refused', error: "Refused after queueing 3's label" },
      { uuid: events[3]?.uuid, status: 'applied', result: { productId: 4 } },
    ]);
    expect(await labels()).toEqual([1, 4]);
    expect(await kept(hand.deviceId)).toEqual([1, 4]);
    // Sent again: the applied ones are duplicates; the refused ones are tried again, and refused.
    expect((await apply(events)).map((outcome) => outcome.status)).toEqual([
      'duplicate',
      'refused',
      'refused',
      'duplicate',
    ]);
    expect(await labels()).toEqual([1, 4]);
    expect(await kept(hand.deviceId)).toEqual([1, 4]);
  });

  it('takes an event repeated inside a batch as a re-send, and a seat taken twice as a clash', async () => {
    await store.query('DELETE FROM label_queue');
    const hand = device();
    const refused = hand.event('test.write', { productId: 1, refuse: true });
    const fixed = { ...refused, payload: { productId: 1 } };
    const once = hand.event('test.write', { productId: 2 });
    const sameSeat = { ...once, uuid: '5a0c7e1b-2f4d-4e6a-8b9c-0d1e2f3a4b5c' };
    const upper = { ...once, uuid: once.uuid.toUpperCase() };
    const outcomes = await apply([refused, once, once, sameSeat, upper, fixed]);
    expect(outcomes).toEqual([
      { uuid: refused.uuid, status: 'refused', error: "Refused after queueing 1's label" },
      { uuid: once.uuid, status: 'applied', result: { productId: 2 } },
      { uuid: once.uuid, status: 'duplicate' },
      {
        uuid: sameSeat.uuid,
        status: 'refused',
        error: `Device ${hand.deviceId} already sent event number 2 under another id; nothing changed`,
      },
      { uuid: upper.uuid, status: 'duplicate' },
      // The same id as the refused one, now right: the refusal left nothing, so it applies.
      { uuid: fixed.uuid, status: 'applied', result: { productId: 1 } },
    ]);
    expect(await labels()).toEqual([1, 2]);
    expect(await kept(hand.deviceId)).toEqual([1, 2]);
  });
  // Two handhelds' batches locking the same rows in opposite orders: PostgreSQL kills one of the
  // two transactions; that batch is applied again one event per transaction. (PGlite runs one
  // transaction at a time: no deadlock there.)
  it.runIf(kind === 'pg')('applies both batches of a deadlock, each event once', async () => {
    const opened: Record<string, () => void> = {};
    const gates: Record<string, Promise<void>> = {};
    for (const name of ['a', 'b']) {
      gates[name] = new Promise<void>((resolve) => {
        opened[name] = resolve;
      });
    }
    const lockThenMeet: StockEventHandler = async (tx, event) => {
      const { productId, open, meet } = event.payload as {
        productId: number;
        open?: string;
        meet?: string;
      };
      await tx.query('SELECT id FROM products WHERE id = $1 FOR UPDATE', [productId]);
      if (open) opened[open]?.();
      if (meet) await gates[meet];
      return { productId };
    };
    const context = { actor: { personId: null }, now: new Date('2026-03-02T10:00:00Z') };
    const handA = device();
    const handB = device();
    const batchA = [
      handA.event('test.lock', { productId: 1, open: 'a', meet: 'b' }),
      handA.event('test.lock', { productId: 2 }),
    ];
    const batchB = [
      handB.event('test.lock', { productId: 2, open: 'b', meet: 'a' }),
      handB.event('test.lock', { productId: 1 }),
    ];
    const [a, b] = await Promise.all([
      applyStockEvents(store, batchA, { 'test.lock': lockThenMeet }, context),
      applyStockEvents(store, batchB, { 'test.lock': lockThenMeet }, context),
    ]);
    expect([...(a ?? []), ...(b ?? [])].map((outcome) => outcome.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    expect(await kept(handA.deviceId)).toEqual([1, 2]);
    expect(await kept(handB.deviceId)).toEqual([1, 2]);
  });
});
