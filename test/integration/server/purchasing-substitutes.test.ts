import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareReception, type ReceptionLine } from '../../../domain/hand-flows';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { device, seedStockShop, seedSupplier, signedIn } from '../../support/stock';

/**
 * A substitute settles the ordered line only for the quantity that came (one for one, in the
 * ordered product's units); the rest of the line is short, kept on order or closed as the
 * receiver chooses. The stock moves once, for the substitute only.
 */

const PIECE = 1000;
const NOW = new Date('2026-12-07T10:00:00.000Z');
const THAI_RICE = 1;
const BASMATI = 2;
const JASMINE = 3;

interface OrderLine {
  productId: number;
  quantity: number;
  received: number;
  shortClosed: boolean;
}

describe.each(STORES)('substitutes at receiving on %s', (kind) => {
  let server: TestServer;
  let buyer: Record<string, string>;
  let volunteer: Record<string, string>;
  let supplierId: number;

  beforeAll(async () => {
    server = await startTestServer(kind, { clock: () => NOW });
    await seedStockShop(server.store, [
      { id: THAI_RICE, name: 'Riz thaï', price: 289 },
      { id: BASMATI, name: 'Riz basmati', price: 299 },
      { id: JASMINE, name: 'Riz jasmin', price: 319 },
    ]);
    supplierId = await seedSupplier(server.store, { name: 'Biofresh' });
    for (const [product, cost] of [
      [THAI_RICE, 180],
      [BASMATI, 190],
      [JASMINE, 200],
    ] as const) {
      await server.store.query(
        `INSERT INTO supplier_products (supplier_id, product_id, supplier_code, pack_size, cost, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'now')`,
        [supplierId, product, `R-${product}`, PIECE, cost],
      );
    }
    ({ headers: buyer } = await signedIn(server, ['manager']));
    ({ headers: volunteer } = await signedIn(server, ['stock']));
  });
  afterAll(async () => {
    await server.close();
  });

  const send = async (events: object[]) => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers: volunteer,
      payload: { events },
    });
    expect(response.statusCode).toBe(200);
    return response.json<{
      outcomes: {
        uuid: string;
        status: string;
        result?: { orderStatus: string; results: ReceptionLine[] };
      }[];
    }>().outcomes;
  };
  /** A sent order of 10 Thai rice (and 5 jasmine rice when asked). */
  const sentOrder = async (withJasmine = false) => {
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/purchasing/orders',
      headers: buyer,
      payload: {
        supplierId,
        lines: [
          { productId: THAI_RICE, quantity: 10 * PIECE },
          ...(withJasmine ? [{ productId: JASMINE, quantity: 5 * PIECE }] : []),
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: number }>().id;
    const sent = await server.app.inject({
      method: 'POST',
      url: `/v1/purchasing/orders/${id}/send`,
      headers: buyer,
      payload: { by: 'download' },
    });
    expect(sent.json()).toMatchObject({ status: 'sent' });
    return id;
  };
  const order = async (id: number) => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/v1/purchasing/orders/${id}`,
      headers: buyer,
    });
    const body = response.json<{ status: string; lines: OrderLine[] }>();
    return {
      status: body.status,
      lines: body.lines
        .map((l) => [l.productId, l.received / PIECE, l.shortClosed])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
    };
  };
  /** What the handheld shows as still expected of an order, per product. */
  const handExpects = async (id: number) => {
    const work = await server.app.inject({
      method: 'GET',
      url: '/v1/hand/work',
      headers: volunteer,
    });
    const found = work
      .json<{ orders: { id: number; lines: { productId: number; outstanding: number }[] }[] }>()
      .orders.find((o) => o.id === id);
    return found?.lines ?? null;
  };
  const levels = async () =>
    Object.fromEntries(
      (
        await server.store.query<{ productId: number; level: number }>(
          `SELECT product_id AS "productId", sum(quantity)::int AS level FROM stock_moves
            GROUP BY product_id ORDER BY product_id`,
        )
      ).map((row) => [row.productId, row.level / PIECE]),
    );
  /** Receives the scans against the order and validates, checking the handheld agreed. */
  const receive = async (
    orderId: number,
    scans: { productId: number; quantity: number; substitutes?: number }[],
    shortages: 'backorder' | 'close',
  ) => {
    const expected = await handExpects(orderId);
    const hand = device();
    const reception = randomUUID();
    const opened = await send([
      hand.event('reception.open', { reception, orderId }),
      ...scans.map((scan) => hand.event('reception.line', { reception, ...scan })),
    ]);
    expect(opened.map((o) => o.status)).toEqual(opened.map(() => 'applied'));
    // What the volunteer's phone worked out before they validate.
    const onThePhone = compareReception(expected ?? [], scans);
    const validate = hand.event('reception.validate', { reception, shortages });
    const [validated] = await send([validate]);
    expect(validated?.status).toBe('applied');
    const results = validated?.result?.results ?? [];
    expect(results.map((r) => [r.productId, r.outcome, r.ordered, r.received, r.replaced])).toEqual(
      onThePhone.map((r) => [r.productId, r.outcome, r.ordered, r.received, r.replaced]),
    );
    return { validate, results, orderStatus: validated?.result?.orderStatus };
  };

  it('settles the ordered line in full when as many substitutes came', async () => {
    const before = await levels();
    const id = await sentOrder();
    const { results, orderStatus } = await receive(
      id,
      [{ productId: BASMATI, quantity: 10 * PIECE, substitutes: THAI_RICE }],
      'backorder',
    );
    expect(results.map((r) => [r.productId, r.outcome, r.received / PIECE])).toEqual([
      [THAI_RICE, 'substituted', 0],
      [BASMATI, 'substituted', 10],
    ]);
    expect(orderStatus).toBe('received');
    // The line counts the 10 basmati against it: nothing more is expected.
    expect(await order(id)).toEqual({ status: 'received', lines: [[THAI_RICE, 10, false]] });
    expect(await handExpects(id)).toBeNull();
    // The basmati came into stock; the Thai rice, which did not come, did not move.
    expect(await levels()).toEqual({ ...before, [BASMATI]: (before[BASMATI] ?? 0) + 10 });
    expect(before[THAI_RICE]).toBeUndefined();
  });

  it('keeps the rest of the line on order when fewer substitutes came and the receiver keeps it', async () => {
    const before = await levels();
    const id = await sentOrder(true);
    const first = await receive(
      id,
      [
        { productId: BASMATI, quantity: 6 * PIECE, substitutes: THAI_RICE },
        { productId: JASMINE, quantity: 5 * PIECE },
      ],
      'backorder',
    );
    expect(first.results.map((r) => [r.productId, r.outcome, r.received / PIECE])).toEqual([
      [THAI_RICE, 'short', 0],
      [JASMINE, 'ok', 5],
      [BASMATI, 'substituted', 6],
    ]);
    expect(first.orderStatus).toBe('partly_received');
    expect(await order(id)).toEqual({
      status: 'partly_received',
      lines: [
        [THAI_RICE, 6, false],
        [JASMINE, 5, false],
      ],
    });
    // The handheld now expects the 4 Thai rice still owed.
    expect(await handExpects(id)).toEqual([{ productId: THAI_RICE, outstanding: 4 * PIECE }]);
    expect(await levels()).toEqual({
      ...before,
      [BASMATI]: (before[BASMATI] ?? 0) + 6,
      [JASMINE]: (before[JASMINE] ?? 0) + 5,
    });

    // The backorder comes: the 4 Thai rice settle the order.
    const second = await receive(id, [{ productId: THAI_RICE, quantity: 4 * PIECE }], 'backorder');
    expect(second.results.map((r) => [r.productId, r.outcome, r.ordered / PIECE])).toEqual([
      [THAI_RICE, 'ok', 4],
    ]);
    expect(second.orderStatus).toBe('received');
    expect(await order(id)).toEqual({
      status: 'received',
      lines: [
        [THAI_RICE, 10, false],
        [JASMINE, 5, false],
      ],
    });
    expect((await levels())[THAI_RICE]).toBe((before[THAI_RICE] ?? 0) + 4);
  });

  it('closes the rest of the line when fewer substitutes came and the receiver gives it up', async () => {
    const before = await levels();
    const id = await sentOrder();
    const { results, orderStatus } = await receive(
      id,
      [{ productId: BASMATI, quantity: 6 * PIECE, substitutes: THAI_RICE }],
      'close',
    );
    expect(results.map((r) => [r.productId, r.outcome, r.received / PIECE])).toEqual([
      [THAI_RICE, 'short', 0],
      [BASMATI, 'substituted', 6],
    ]);
    expect(orderStatus).toBe('received');
    expect(await order(id)).toEqual({ status: 'received', lines: [[THAI_RICE, 6, true]] });
    expect(await handExpects(id)).toBeNull();
    expect(await levels()).toEqual({ ...before, [BASMATI]: (before[BASMATI] ?? 0) + 6 });
  });

  it('applies a validation re-sent after a lost answer once', async () => {
    const id = await sentOrder();
    const { validate } = await receive(
      id,
      [
        { productId: THAI_RICE, quantity: 3 * PIECE },
        { productId: BASMATI, quantity: 2 * PIECE, substitutes: THAI_RICE },
      ],
      'backorder',
    );
    const settled = await order(id);
    expect(settled).toEqual({ status: 'partly_received', lines: [[THAI_RICE, 5, false]] });
    const stock = await levels();
    expect(await send([validate])).toEqual([{ uuid: validate.uuid, status: 'duplicate' }]);
    expect(await order(id)).toEqual(settled);
    expect(await levels()).toEqual(stock);
    expect(await handExpects(id)).toEqual([{ productId: THAI_RICE, outstanding: 5 * PIECE }]);
  });
});
