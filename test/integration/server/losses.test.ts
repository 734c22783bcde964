import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { device, seedStockShop, signedIn } from '../../support/stock';

/** Issue 22, item 6: losses scanned once, valued at cost, and the counts they come before. */
describe.each(STORES)('losses, on %s', (kind) => {
  let server: TestServer;
  let manager: Record<string, string>;
  let stock: Record<string, string>;
  let stockId: number;

  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedStockShop(server.store, [
      {
        id: 1,
        name: 'Yaourt nature',
        price: 99,
        costPrice: 55,
        zone: 'F1',
        barcodes: ['5410000000018'],
      },
      { id: 2, name: 'Comté', price: 2990, unit: 'kg', costPrice: 1800, zone: 'F1' },
      { id: 3, name: 'Pain du jour', price: 320, zone: 'B1' },
    ]);
    await server.store.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES
         (1, 12000, 'delivery', '2026-03-01T08:00:00.000Z'), (2, 3000, 'delivery', '2026-03-01T08:00:00.000Z')`,
    );
    ({ headers: manager } = await signedIn(server, ['manager']));
    ({ headers: stock, personId: stockId } = await signedIn(server, ['stock']));
  });
  afterAll(async () => {
    await server.close();
  });

  const send = async (events: object[], headers = stock) =>
    (
      await server.app.inject({
        method: 'POST',
        url: '/v1/stock/events',
        headers,
        payload: { events },
      })
    ).json<{ outcomes: { status: string; result?: unknown; error?: string }[] }>().outcomes;
  const level = async (productId: number) =>
    (
      await server.store.query<{ q: number }>(
        'SELECT coalesce(sum(quantity), 0)::int AS q FROM stock_moves WHERE product_id = $1',
        [productId],
      )
    )[0]?.q;

  it('takes a loss off the ledger once, valued at cost, whatever the re-sends', async () => {
    const hand = device();
    const broken = hand.event(
      'loss.record',
      { barcode: '5410000000018', quantity: 2000, reason: 'breakage' },
      '2026-03-02T09:00:00.000Z',
    );
    expect(await send([broken])).toEqual([
      {
        uuid: broken.uuid,
        status: 'applied',
        result: { productId: 1, quantity: 2000, reason: 'breakage', value: 110 },
      },
    ]);
    expect(await send([broken])).toEqual([{ uuid: broken.uuid, status: 'duplicate' }]);
    expect(await level(1)).toBe(10_000);
    const outcomes = await send([
      hand.event(
        'loss.record',
        { productId: 2, quantity: 250, reason: 'expiry', bestBefore: '2026-03-01' },
        '2026-03-02T09:05:00.000Z',
      ),
      hand.event(
        'loss.record',
        { productId: 3, quantity: 1000, reason: 'donation' },
        '2026-03-02T18:00:00.000Z',
      ),
    ]);
    // 250 g at 18.00 a kg is 4.50; bread has no cost yet: its value stays unknown, not zero.
    expect(outcomes.map((outcome) => outcome.result)).toEqual([
      { productId: 2, quantity: 250, reason: 'expiry', value: 450 },
      { productId: 3, quantity: 1000, reason: 'donation', value: null },
    ]);
    const [move] = await server.store.query(
      `SELECT quantity, kind, ref, person_id AS "personId", unit_cost AS "unitCost", at
         FROM stock_moves WHERE event_uuid = $1`,
      [broken.uuid],
    );
    expect(move).toEqual({
      quantity: -2000,
      kind: 'waste',
      ref: 'loss:breakage',
      personId: stockId,
      unitCost: 55,
      at: '2026-03-02T09:00:00.000Z',
    });

    const report = await server.app.inject({
      method: 'GET',
      url: '/v1/stock/losses?from=2026-03-02&to=2026-03-02',
      headers: manager,
    });
    expect(report.json().byReason).toEqual([
      { reason: 'breakage', losses: 1, value: 110, withoutCost: 0 },
      { reason: 'donation', losses: 1, value: 0, withoutCost: 1 },
      { reason: 'expiry', losses: 1, value: 450, withoutCost: 0 },
    ]);
    expect(report.json().losses[1]).toMatchObject({
      name: 'Comté',
      bestBefore: '2026-03-01',
      zone: 'F1',
    });
    // A stock volunteer reads the losses back in the office's stock pages (issue 24).
    expect(
      (await server.app.inject({ method: 'GET', url: '/v1/stock/losses', headers: stock }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses what makes no sense in words, and changes nothing', async () => {
    const hand = device();
    const before = await level(1);
    const outcomes = await send([
      hand.event('loss.record', { productId: 1, quantity: 1000, reason: 'lost' }),
      hand.event('loss.record', { productId: 1, quantity: 0, reason: 'theft' }),
      hand.event('loss.record', { productId: 1, quantity: -3000, reason: 'theft' }),
      hand.event('loss.record', { productId: 1, quantity: 10_000_001, reason: 'theft' }),
      hand.event('loss.record', { productId: 1, quantity: 500, reason: 'theft' }),
      hand.event('loss.record', { productId: 99, quantity: 1000, reason: 'theft' }),
      hand.event('loss.record', { quantity: 1000, reason: 'theft' }),
    ]);
    expect(outcomes.map((outcome) => outcome.error)).toEqual([
      'A loss was refused: reason: a reason: breakage, expiry, theft, internal_use, donation; nothing changed',
      'A loss was refused: quantity: a quantity above zero; nothing changed',
      'A loss was refused: quantity: a quantity above zero; nothing changed',
      'A loss was refused: quantity: at most 10000 units at once; nothing changed',
      'Yaourt nature is sold by the piece: 0.5 is not a whole number of pieces',
      'No product 99; nothing changed',
      'A scan names its product by productId or by barcode, one of the two',
    ]);
    expect(await level(1)).toBe(before);
  });

  it('a loss scanned before a count but sent after it was applied is not taken off twice', async () => {
    const opened = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/inventories',
      headers: manager,
      payload: { zone: 'F1' },
    });
    const inventoryId = opened.json<{ id: number }>().id;
    const counter = device();
    const shelf = (await level(1)) as number; // 10 yoghurts in the books
    // Two were dropped at 10:00 (the phone was offline); the counter found 8 at 10:30.
    const dropped = device().event(
      'loss.record',
      { productId: 1, quantity: 2000, reason: 'breakage' },
      '2026-03-02T10:00:00.000Z',
    );
    await send([
      counter.event(
        'count.scan',
        { inventoryId, productId: 1, quantity: shelf - 2000 },
        '2026-03-02T10:30:00.000Z',
      ),
    ]);
    const applied = await server.app.inject({
      method: 'POST',
      url: `/v1/stock/inventories/${inventoryId}/apply`,
      headers: manager,
    });
    expect(applied.json()).toMatchObject({ adjusted: 1, varianceValue: -110 });
    expect(await level(1)).toBe(shelf - 2000);
    expect((await send([dropped]))[0]?.status).toBe('applied');
    expect(await level(1)).toBe(shelf - 2000);
    const [line] = await server.store.query(
      'SELECT adjustment FROM inventory_lines WHERE inventory_id = $1 AND product_id = 1',
      [inventoryId],
    );
    expect(line).toEqual({ adjustment: 0 });
  });
  it('lists per zone what the counters saw near its best-before date', async () => {
    const opened = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/inventories',
      headers: manager,
      payload: { zone: 'B1' },
    });
    const inventoryId = opened.json<{ id: number }>().id;
    const day = (days: number) =>
      new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const hand = device();
    await send([
      hand.event('count.scan', { inventoryId, productId: 3, quantity: 4000, bestBefore: day(40) }),
      hand.event('count.scan', { inventoryId, productId: 3, quantity: 2000, bestBefore: day(2) }),
    ]);
    const list = (query: string) =>
      server.app.inject({ method: 'GET', url: `/v1/stock/near-expiry${query}`, headers: stock });
    expect((await list('?zone=B1&days=7')).json()).toEqual([
      expect.objectContaining({
        productId: 3,
        name: 'Pain du jour',
        zone: 'B1',
        bestBefore: day(2),
      }),
    ]);
    expect((await list('?zone=F1&days=7')).json()).toEqual([]);
    expect((await list('?days=400')).statusCode).toBe(400);
  });
});
