import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { device, seedStockShop, signedIn } from '../../support/stock';
import { FIXTURE, createTestTill, type TestTill } from '../../support/till';
import { openTill, outboxEvents, sellMilk } from '../../support/sync';

/**
 * Issue 22, item 5: two counters count zone A1 while a till sells the same products; the sales
 * rung up before the counts reach the server after them (one before the count is applied, one
 * after), and neither is subtracted twice.
 */
describe.each(STORES)('an inventory counted while a till sells, on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;
  let manager: Record<string, string>;
  let managerId: number;
  let ana: Record<string, string>;
  let bob: Record<string, string>;
  let carl: Record<string, string>;
  const MILK = 2;
  const SOAP = 3;
  const RICE = 6;
  const CHEESE = 7;

  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedStockShop(server.store, [
      { id: MILK, name: 'Lait demi-écrémé', price: 129, costPrice: 80, zone: 'A1' },
      { id: SOAP, name: 'Savon', price: 450, vat: 21, costPrice: 250, zone: 'A1' },
      {
        id: RICE,
        name: 'Riz basmati',
        price: 349,
        costPrice: 120,
        zone: 'A1',
        barcodes: ['5410000000063'],
      },
      { id: CHEESE, name: 'Comté', price: 2990, unit: 'kg', costPrice: 1800, zone: 'A1' },
      { id: 8, name: 'Bougies', price: 500, costPrice: 200, zone: 'A1' },
    ]);
    ({ headers: manager, personId: managerId } = await signedIn(server, ['manager']));
    ({ headers: ana } = await signedIn(server, ['stock'], 'Ana'));
    ({ headers: bob } = await signedIn(server, ['stock'], 'Bob'));
    ({ headers: carl } = await signedIn(server, ['stock'], 'Carl'));
    // What the ledger held the evening before: 20 milk, 10 soap, 30 rice, 5 kg of cheese.
    await server.store.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES
         (2, 20000, 'delivery', '2026-03-01T18:00:00.000Z'), (3, 10000, 'delivery', '2026-03-01T18:00:00.000Z'),
         (6, 30000, 'delivery', '2026-03-01T18:00:00.000Z'), (7, 5000, 'delivery', '2026-03-01T18:00:00.000Z')`,
    );
    // At 08:00 the till sells 2 milk, at 08:02 one soap, and stays offline for now.
    t = createTestTill();
    openTill(t);
    sellMilk(t, 2);
    t.clock.advance(60_000);
    t.till.addByBarcode({ code: FIXTURE.soap.code });
    t.till.pay({ payments: [{ method: 'card', amount: FIXTURE.soap.price }] });
  });
  afterAll(async () => {
    t.close();
    await server.close();
  });

  const call = (
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) =>
    server.app.inject({ method, url: `/v1/stock${url}`, headers, ...(payload ? { payload } : {}) });
  const send = async (headers: Record<string, string>, events: object[]) => {
    const response = await call('POST', '/events', headers, { events });
    expect(response.statusCode).toBe(200);
    return response.json<{ outcomes: { status: string; result?: unknown; error?: string }[] }>()
      .outcomes;
  };
  const level = async (productId: number) =>
    (
      await server.store.query<{ q: number }>(
        'SELECT coalesce(sum(quantity), 0)::int AS q FROM stock_moves WHERE product_id = $1',
        [productId],
      )
    )[0]?.q;
  const at = (time: string) => `2026-03-02T${time}:00.000Z`;

  it('counts blind with two counters, sends a disagreement to a recount, and applies to the unit and the cent', async () => {
    const refusedOpen = await call('POST', '/inventories', ana, { zone: 'A1' });
    expect(refusedOpen.statusCode).toBe(403);
    const opened = await call('POST', '/inventories', manager, { zone: 'A1' });
    expect(opened.statusCode).toBe(201);
    const inventoryId = opened.json<{ id: number }>().id;
    const again = await call('POST', '/inventories', manager, { zone: 'A1' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe(
      `Zone A1 is already being counted (inventory ${inventoryId}); nothing opened`,
    );

    const anaHand = device('hand-ana');
    const bobHand = device('hand-bob');
    const scan = (payload: object) => ({ inventoryId, ...payload });
    // Ana, 09:00: 18 milk (12 then 6), 9 soap, 28 rice by its barcode, 4.5 kg of cheese.
    const milk12 = anaHand.event(
      'count.scan',
      scan({ productId: MILK, quantity: 12_000 }),
      at('09:00'),
    );
    const anaFirst = await send(ana, [
      milk12,
      anaHand.event('count.scan', scan({ productId: MILK, quantity: 6000 }), at('09:00')),
      anaHand.event('count.scan', scan({ productId: SOAP, quantity: 9000 }), at('09:00')),
      anaHand.event(
        'count.scan',
        scan({ barcode: '5410000000063', quantity: 28_000 }),
        at('09:00'),
      ),
      anaHand.event('count.scan', scan({ productId: CHEESE, quantity: 4500 }), at('09:00')),
    ]);
    // Blind: each answer is what Ana counted so far, never what the ledger expects.
    expect(anaFirst.map((outcome) => outcome.result)).toEqual([
      { inventoryId, productId: MILK, pass: 'first', yourCount: 12_000 },
      { inventoryId, productId: MILK, pass: 'first', yourCount: 18_000 },
      { inventoryId, productId: SOAP, pass: 'first', yourCount: 9000 },
      { inventoryId, productId: RICE, pass: 'first', yourCount: 28_000 },
      { inventoryId, productId: CHEESE, pass: 'first', yourCount: 4500 },
    ]);
    // The answer to the first scan was lost: the re-send changes nothing.
    expect(await send(ana, [milk12])).toEqual([{ uuid: milk12.uuid, status: 'duplicate' }]);

    // Bob, 09:10: 18 milk, 25 rice (3 apart from Ana: beyond 1 unit and 5 %), 4.4 kg cheese.
    await send(bob, [
      bobHand.event('count.scan', scan({ productId: MILK, quantity: 18_000 }), at('09:10')),
      bobHand.event('count.scan', scan({ productId: RICE, quantity: 25_000 }), at('09:10')),
      bobHand.event('count.scan', scan({ productId: CHEESE, quantity: 4400 }), at('09:10')),
    ]);

    // Counters learn what to count again, and nothing of the ledger.
    const recount = await call('GET', `/inventories/${inventoryId}/recount`, carl);
    expect(recount.statusCode).toBe(200);
    expect(recount.json().products).toEqual([
      { id: RICE, name: 'Riz basmati', barcodes: ['5410000000063'] },
    ]);
    expect(recount.body).not.toMatch(/expected|variance/);
    expect((await call('GET', `/inventories/${inventoryId}`, carl)).statusCode).toBe(403);

    const applyTooSoon = await call('POST', `/inventories/${inventoryId}/apply`, manager);
    expect(applyTooSoon.statusCode).toBe(409);
    expect(applyTooSoon.json().error).toBe(`Products ${RICE} wait for a recount; nothing applied`);
    expect(await level(RICE)).toBe(30_000);

    const carlHand = device('hand-carl');
    const notWaiting = await send(carl, [
      carlHand.event(
        'count.scan',
        scan({ productId: MILK, quantity: 18_000, pass: 'recount' }),
        at('09:20'),
      ),
    ]);
    expect(notWaiting[0]).toMatchObject({
      status: 'refused',
      error: 'Lait demi-écrémé does not wait for a recount; nothing counted',
    });
    expect(
      (
        await send(carl, [
          carlHand.event(
            'count.scan',
            scan({ productId: RICE, quantity: 27_000, pass: 'recount' }),
            at('09:20'),
          ),
        ])
      )[0],
    ).toMatchObject({ status: 'applied', result: { pass: 'recount', yourCount: 27_000 } });

    // The till's milk sale of 08:00 reaches the server now, before the count is applied.
    const { tillId, auth } = await server.enrolTill('Caisse 1');
    const events = outboxEvents(t.db);
    expect(events.map((event) => event.type)).toEqual(['session_open', 'sale', 'sale']);
    const push = (batch: object[]) =>
      server.app.inject({
        method: 'POST',
        url: '/v1/sync/push',
        headers: auth,
        payload: { events: batch },
      });
    expect((await push(events.slice(0, 2))).json()).toMatchObject({ rejected: [] });

    const view = await call('GET', `/inventories/${inventoryId}`, manager);
    expect(view.statusCode).toBe(200);
    const lines = view
      .json<{ lines: { productId: number; status: string; variance: number | null }[] }>()
      .lines.map(({ productId, status, variance }) => ({ productId, status, variance }));
    expect(lines).toEqual([
      { productId: MILK, status: 'counted', variance: 0 }, // 20 - 2 sold = 18 counted
      { productId: SOAP, status: 'counted', variance: -1000 }, // its sale is not here yet
      { productId: RICE, status: 'recounted', variance: -3000 },
      { productId: CHEESE, status: 'counted', variance: -600 }, // the lower of -500 and -600
      { productId: 8, status: 'uncounted', variance: null },
    ]);

    const applied = await call('POST', `/inventories/${inventoryId}/apply`, manager);
    expect(applied.statusCode).toBe(200);
    // Soap -1 x 2.50, rice -3 x 1.20, cheese -0.6 kg x 18.00: -16.90 at cost.
    expect(applied.json()).toEqual({
      id: inventoryId,
      status: 'applied',
      lines: 4,
      adjusted: 3,
      varianceValue: -250 - 360 - 1080,
      uncounted: [8],
    });
    const moves = await server.store.query(
      `SELECT product_id AS "productId", quantity, person_id AS "personId", unit_cost AS "unitCost", at
         FROM stock_moves WHERE ref = $1 ORDER BY product_id`,
      [`inventory:${inventoryId}`],
    );
    expect(moves).toEqual([
      { productId: SOAP, quantity: -1000, personId: managerId, unitCost: 250, at: at('09:00') },
      { productId: RICE, quantity: -3000, personId: managerId, unitCost: 120, at: at('09:20') },
      { productId: CHEESE, quantity: -600, personId: managerId, unitCost: 1800, at: at('09:10') },
    ]);
    expect(await level(SOAP)).toBe(9000);

    // The soap sale of 08:02 arrives after the count was applied: it is not subtracted twice.
    expect((await push(events.slice(2))).json()).toMatchObject({ rejected: [] });
    expect(await level(SOAP)).toBe(9000);
    expect([await level(MILK), await level(RICE), await level(CHEESE), await level(8)]).toEqual([
      18_000, 27_000, 4400, 0,
    ]);
    const [soapLine] = await server.store.query(
      `SELECT counted, expected, adjustment, applied_by AS "appliedBy", revised_at IS NOT NULL AS revised
         FROM inventory_lines WHERE inventory_id = $1 AND product_id = $2`,
      [inventoryId, SOAP],
    );
    expect(soapLine).toEqual({
      counted: 9000,
      expected: 9000,
      adjustment: 0,
      appliedBy: managerId,
      revised: true,
    });
    const sold = await server.store.query<{ q: number }>(
      `SELECT sum(quantity)::int AS q FROM stock_moves WHERE till_id = $1`,
      [tillId],
    );
    expect(sold[0]?.q).toBe(-3000);

    // A count on the applied inventory is refused in words, and so is applying it again.
    const late = await send(ana, [
      anaHand.event('count.scan', scan({ productId: MILK, quantity: 1000 }), at('10:00')),
    ]);
    expect(late[0]).toMatchObject({
      status: 'refused',
      error: `Inventory ${inventoryId} (zone A1) is applied and closed: it takes no more counts`,
    });
    const twice = await call('POST', `/inventories/${inventoryId}/apply`, manager);
    expect(twice.statusCode).toBe(409);
    expect(await level(MILK)).toBe(18_000);

    // A delivery of 08:30 booked by the office only now was on the shelf the counters saw.
    const delivery = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/stock/moves',
      headers: server.admin,
      payload: { productId: CHEESE, quantity: 1000, kind: 'delivery', at: at('08:30') },
    });
    expect(delivery.statusCode).toBe(201);
    expect(await level(CHEESE)).toBe(4400);
  });

  it('refuses absurd quantities, unknown products and a product counted in two open zones, in words', async () => {
    const a2 = (await call('POST', '/inventories', manager, { zone: 'A2' })).json<{ id: number }>()
      .id;
    const b1 = (await call('POST', '/inventories', manager, { zone: 'B1' })).json<{ id: number }>()
      .id;
    const hand = device();
    const before = await level(MILK);
    const outcomes = await send(ana, [
      hand.event('count.scan', { inventoryId: a2, productId: MILK, quantity: -1000 }),
      hand.event('count.scan', { inventoryId: a2, productId: MILK, quantity: 20_000_000 }),
      hand.event('count.scan', { inventoryId: a2, productId: MILK, quantity: 1500 }),
      hand.event('count.scan', { inventoryId: a2, barcode: '999', quantity: 1000 }),
      hand.event('count.scan', { inventoryId: 9999, productId: MILK, quantity: 1000 }),
      hand.event('count.scan', { inventoryId: a2, productId: MILK, quantity: 3000 }),
      hand.event('count.scan', { inventoryId: b1, productId: MILK, quantity: 3000 }),
    ]);
    expect(outcomes.map((outcome) => outcome.error ?? outcome.status)).toEqual([
      'A count was refused: quantity: no negative quantity; nothing changed',
      'A count was refused: quantity: at most 10000 units at once; nothing changed',
      'Lait demi-écrémé is sold by the piece: 1.5 is not a whole number of pieces',
      'No product has the barcode 999; nothing changed',
      'No inventory 9999; nothing counted',
      'applied',
      `Lait demi-écrémé is being counted in inventory ${a2} (zone A2): one open count per product`,
    ]);
    const cancelled = await call('POST', `/inventories/${a2}/cancel`, manager);
    expect(cancelled.json()).toEqual({ id: a2, status: 'cancelled' });
    expect(await level(MILK)).toBe(before);
    // Once the other count is closed, zone B1 may count the milk.
    const milk = hand.event('count.scan', { inventoryId: b1, productId: MILK, quantity: 3000 });
    expect((await send(ana, [milk]))[0]?.status).toBe('applied');

    // A scan is taken back by its own counter only, once, while the inventory is open.
    const undo = () => hand.event('count.undo', { scan: milk.uuid });
    expect(
      (await send(carl, [device().event('count.undo', { scan: milk.uuid })]))[0],
    ).toMatchObject({
      status: 'refused',
      error: 'Only the counter who scanned it may undo a scan; nothing changed',
    });
    expect((await send(ana, [undo()]))[0]).toMatchObject({
      status: 'applied',
      result: { inventoryId: b1, productId: MILK, pass: 'first', yourCount: 0 },
    });
    expect((await send(ana, [undo()]))[0]).toMatchObject({
      status: 'refused',
      error: `Scan ${milk.uuid} is already undone; nothing changed`,
    });
    const view = await call('GET', `/inventories/${b1}`, manager);
    expect(view.json().lines).toEqual([]); // B1 holds no product of its own: nothing left
  });
});
