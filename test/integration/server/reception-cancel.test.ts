import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { device, seedStockShop, seedSupplier, signedIn } from '../../support/stock';

const PIECE = 1000;
const LENTILS = 1;
const SOAP = 2;

interface Outcome {
  uuid: string;
  status: 'applied' | 'duplicate' | 'refused';
  result?: unknown;
  error?: string;
}

/**
 * A reception opened by mistake is cancelled with `reception.cancel`: it moves no stock, frees
 * its order, puts aside the unknown codes it kept; cancelling twice changes nothing; a validated
 * one is refused in words.
 */
describe.each(STORES)('cancelling a reception on %s', (kind) => {
  let server: TestServer;
  let volunteer: Record<string, string>;
  let manager: Record<string, string>;
  let orderId: number;

  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedStockShop(server.store, [
      { id: LENTILS, name: 'Lentilles vertes', price: 349, barcodes: ['5410000000019'] },
      { id: SOAP, name: 'Savon de Marseille', price: 250, vat: 21 },
    ]);
    const supplierId = await seedSupplier(server.store, { name: 'Biofresh' });
    const [order] = await server.store.query<{ id: number }>(
      `INSERT INTO purchase_orders (supplier_id, status, created_at, sent_at)
       VALUES ($1, 'sent', '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z') RETURNING id`,
      [supplierId],
    );
    orderId = order?.id ?? 0;
    await server.store.query(
      `INSERT INTO purchase_order_lines (order_id, product_id, pack_size, quantity, unit_cost)
       VALUES ($1, 1, 1000, 6000, 200), ($1, 2, 1000, 4000, 100)`,
      [orderId],
    );
    volunteer = (await signedIn(server, ['stock'], 'Victor')).headers;
    manager = (await signedIn(server, ['manager'], 'Manon')).headers;
  });
  afterAll(async () => {
    await server?.close();
  });

  async function send(events: ReturnType<ReturnType<typeof device>['event']>[]) {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers: volunteer,
      payload: { events },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ outcomes: Outcome[] }>().outcomes;
  }

  const receptionOf = async (id: string) =>
    (
      await server.store.query<{ status: string; cancelledAt: string | null }>(
        `SELECT status, cancelled_at AS "cancelledAt" FROM receptions WHERE id = $1`,
        [id],
      )
    )[0];
  const deliveries = () =>
    server.store.query(`SELECT product_id, quantity FROM stock_moves WHERE kind = 'delivery'`);

  it('cancels an open reception once: no stock, the order free again, the unknown codes put aside', async () => {
    const hand = device();
    const reception = randomUUID();
    const opened = await send([
      hand.event('reception.open', { reception, orderId }),
      hand.event('reception.line', { reception, productId: LENTILS, quantity: 6 * PIECE }),
      hand.event('reception.line', { reception, barcode: '5499999999990', quantity: PIECE }),
    ]);
    expect(opened.map((o) => o.status)).toEqual(['applied', 'applied', 'applied']);
    const work = async () =>
      (await server.app.inject({ method: 'GET', url: '/v1/hand/work', headers: volunteer })).json<{
        orders: { id: number; beingReceived: boolean }[];
      }>().orders;
    expect((await work()).find((o) => o.id === orderId)?.beingReceived).toBe(true);

    const cancel = hand.event('reception.cancel', { reception }, '2026-12-07T10:00:00.000Z');
    const [cancelled] = await send([cancel]);
    expect(cancelled).toMatchObject({
      status: 'applied',
      result: { reception, cancelled: true, at: '2026-12-07T10:00:00.000Z' },
    });
    expect(await receptionOf(reception)).toEqual({
      status: 'cancelled',
      cancelledAt: '2026-12-07T10:00:00.000Z',
    });
    // The same event sent again (a lost answer) is a duplicate; another tap changes nothing.
    const [again] = await send([cancel]);
    expect(again?.status).toBe('duplicate');
    const [twice] = await send([
      hand.event('reception.cancel', { reception }, '2026-12-07T10:05:00.000Z'),
    ]);
    expect(twice).toMatchObject({ status: 'applied', result: { cancelled: true } });
    expect((await receptionOf(reception))?.cancelledAt).toBe('2026-12-07T10:00:00.000Z');

    // Nothing scanned reaches the ledger, the order may be received again.
    const after = await send([
      hand.event('reception.line', { reception, productId: SOAP, quantity: PIECE }),
      hand.event('reception.validate', { reception, shortages: 'close' }),
    ]);
    expect(after.map((o) => o.status)).toEqual(['refused', 'refused']);
    expect(after[0]?.error).toBe(`Reception ${reception} was cancelled; nothing changed`);
    expect(await deliveries()).toEqual([]);
    expect((await work()).find((o) => o.id === orderId)?.beingReceived).toBe(false);

    // The code nobody knew is put aside: naming it later receives nothing.
    const [unknown] = await server.store.query<{ id: number; resolvedAt: string | null }>(
      `SELECT id, resolved_at AS "resolvedAt" FROM unknown_barcodes WHERE reception_id = $1`,
      [reception],
    );
    expect(unknown?.resolvedAt).toBe('2026-12-07T10:00:00.000Z');
    const resolve = await server.app.inject({
      method: 'POST',
      url: `/v1/purchasing/unknown-barcodes/${unknown?.id}/resolve`,
      headers: manager,
      payload: { productId: SOAP },
    });
    expect(resolve.statusCode).toBe(409);
    expect(await deliveries()).toEqual([]);

    // The real delivery, received afterwards, is the only one in the ledger.
    const real = randomUUID();
    const received = await send([
      hand.event('reception.open', { reception: real, orderId }),
      hand.event('reception.line', { reception: real, productId: LENTILS, quantity: 6 * PIECE }),
      hand.event('reception.line', { reception: real, productId: SOAP, quantity: 4 * PIECE }),
      hand.event('reception.validate', { reception: real, shortages: 'close' }),
    ]);
    expect(received.map((o) => o.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(
      await server.store.query(
        `SELECT product_id AS "productId", quantity FROM stock_moves WHERE kind = 'delivery'
          ORDER BY product_id`,
      ),
    ).toEqual([
      { productId: LENTILS, quantity: 6 * PIECE },
      { productId: SOAP, quantity: 4 * PIECE },
    ]);

    // A validated reception cannot be cancelled: refused in words, nothing changed.
    const [late] = await send([hand.event('reception.cancel', { reception: real })]);
    expect(late?.status).toBe('refused');
    expect(late?.error).toBe(
      `Reception ${real} is validated: its stock is in the ledger and it cannot be cancelled; nothing changed`,
    );
    expect((await receptionOf(real))?.status).toBe('validated');
  });

  it('refuses to cancel a reception nobody opened, or said wrongly', async () => {
    const hand = device();
    const nobody = randomUUID();
    const outcomes = await send([
      hand.event('reception.cancel', { reception: nobody }),
      hand.event('reception.cancel', { reception: 'not-a-uuid' }),
      hand.event('reception.cancel', { reception: nobody, why: 'oops' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['refused', 'refused', 'refused']);
    expect(outcomes[0]?.error).toBe(`No reception ${nobody}: nothing to cancel`);
    expect(outcomes[1]?.error).toMatch(/^A reception to cancel: reception: /);
    expect(outcomes[2]?.error).toMatch(/^A reception to cancel: payload: /);
    expect(await server.store.query('SELECT 1 FROM receptions WHERE id = $1', [nobody])).toEqual(
      [],
    );
  });
});
