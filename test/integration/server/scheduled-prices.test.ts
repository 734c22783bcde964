import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../server/people';
import { suggestPriceFromCost } from '../../../server/stock/queues';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { seedStockShop } from '../../support/stock';

/**
 * A sale price approved before its effective date waits, scheduled, and reaches the catalogue
 * when that day begins in the coop's time zone (Brussels: midnight is 23:00 UTC in December).
 * The server's clock is the test's.
 */
describe.each(STORES)('prices approved for a later day, on %s', (kind) => {
  let server: TestServer;
  let now = new Date('2026-12-10T09:00:00.000Z');
  let managerId: number;

  beforeAll(async () => {
    server = await startTestServer(kind, { clock: () => now });
    await seedStockShop(server.store, [
      { id: 1, name: 'Lentilles vertes', price: 349, costPrice: 170 },
      { id: 2, name: 'Riz basmati', price: 299, costPrice: 200 },
      { id: 3, name: 'Pâtes', price: 127, costPrice: 80 },
    ]);
    const person = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: server.admin,
      payload: { name: 'Manager', roles: ['manager'], password: 'Manager password 123' },
    });
    managerId = person.json<{ id: number }>().id;
  });
  afterAll(async () => {
    await server.close();
  });

  /** The manager, signed in at the test's time. */
  const call = async (method: 'GET' | 'POST', url: string) => {
    const session = await openSession(server.store, managerId, 'office', now);
    return server.app.inject({
      method,
      url,
      headers: {
        cookie: `emm_session=${session}`,
        host: 'shop.example',
        origin: 'http://shop.example',
      },
    });
  };
  const suggest = (productId: number, cost: number, effectiveFrom: string) =>
    server.store.transaction((tx) =>
      suggestPriceFromCost(tx, {
        productId,
        cost,
        reason: 'import',
        source: 'Biofresh',
        effectiveFrom,
        personId: null,
        now,
      }),
    );
  const changes = async (status: string) =>
    (await call('GET', `/v1/price-changes?status=${status}`)).json<
      { id: number; productId: number; status: string; appliedAt: string | null }[]
    >();
  const price = async (productId: number) =>
    (
      await server.store.query<{ price: number }>('SELECT price FROM products WHERE id = $1', [
        productId,
      ])
    )[0]?.price;

  it('keeps an approved price until its day begins, then writes it once, label and history', async () => {
    await suggest(1, 100, '2026-12-14');
    const [change] = await changes('pending');
    if (!change) throw new Error('No suggestion queued');
    const approved = await call('POST', `/v1/price-changes/${change.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'scheduled',
      newPrice: 127,
      currentPrice: 349,
      decidedAt: '2026-12-10T09:00:00.000Z',
      decidedBy: managerId,
      appliedAt: null,
    });
    expect(await price(1)).toBe(349);
    // Approved again after a lost answer: the same, nothing twice.
    expect((await call('POST', `/v1/price-changes/${change.id}/approve`)).json()).toEqual(
      approved.json(),
    );
    expect(await changes('pending')).toEqual([]);

    // The last moment of the 13th in Brussels: not yet.
    now = new Date('2026-12-13T22:59:59.999Z');
    expect((await changes('scheduled')).map((one) => one.id)).toEqual([change.id]);
    expect(await price(1)).toBe(349);

    // Midnight in Brussels: read, the list brings it to the catalogue first.
    now = new Date('2026-12-13T23:00:00.000Z');
    expect(await changes('scheduled')).toEqual([]);
    expect(await changes('approved')).toMatchObject([
      { id: change.id, status: 'approved', appliedAt: '2026-12-13T23:00:00.000Z' },
    ]);
    expect(await price(1)).toBe(127);
    expect(
      await server.store.query(
        `SELECT price, at FROM price_history WHERE product_id = 1 ORDER BY at DESC LIMIT 1`,
      ),
    ).toEqual([{ price: 127, at: '2026-12-13T23:00:00.000Z' }]);
    expect(
      await server.store.query(
        `SELECT reason, queued_by AS "queuedBy" FROM label_queue
          WHERE product_id = 1 AND printed_at IS NULL`,
      ),
    ).toEqual([{ reason: 'price', queuedBy: managerId }]);
    // Read again later: written once.
    now = new Date('2026-12-15T10:00:00.000Z');
    await changes('approved');
    expect(
      await server.store.query(`SELECT count(*)::int AS n FROM price_history WHERE price = 127`),
    ).toEqual([{ n: 1 }]);
  });

  it('applies at once a price whose day has begun, waits for a date and time to the instant, and never one rejected while it waited', async () => {
    now = new Date('2026-12-16T08:00:00.000Z');
    await suggest(2, 150, '2026-12-16');
    await suggest(3, 50, '2026-12-16T09:30:00+01:00');
    const [rice, pasta] = await changes('pending');
    if (!rice || !pasta) throw new Error('No suggestions queued');
    expect((await call('POST', `/v1/price-changes/${rice.id}/approve`)).json()).toMatchObject({
      status: 'approved',
      appliedAt: '2026-12-16T08:00:00.000Z',
      currentPrice: 191,
    });
    expect((await call('POST', `/v1/price-changes/${pasta.id}/approve`)).json()).toMatchObject({
      status: 'scheduled',
    });
    now = new Date('2026-12-16T08:29:59.999Z');
    expect((await changes('scheduled')).map((one) => one.id)).toEqual([pasta.id]);
    now = new Date('2026-12-16T08:30:00.000Z');
    expect(await changes('scheduled')).toEqual([]);
    expect(await price(3)).toBe(64);

    // Rejected while it waits: it never reaches the catalogue; a rejection is final.
    await suggest(2, 300, '2026-12-24');
    const [late] = await changes('pending');
    if (!late) throw new Error('No suggestion queued');
    await call('POST', `/v1/price-changes/${late.id}/approve`);
    const rejected = await call('POST', `/v1/price-changes/${late.id}/reject`);
    expect(rejected.json()).toMatchObject({ status: 'rejected', appliedAt: null });
    now = new Date('2026-12-25T08:00:00.000Z');
    expect(await changes('scheduled')).toEqual([]);
    expect(await price(2)).toBe(191);
    const again = await call('POST', `/v1/price-changes/${late.id}/approve`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe(
      `Price change ${late.id} was already rejected; nothing changed`,
    );
  });
});
