import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTill, ean13, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, outboxEvents, sellMilk, withFreshIds, type WireEvent } from '../../support/sync';

/** Renumbers the outbox sequence after a removal, as a tamperer who covers their tracks would. */
const renumber = (events: WireEvent[]) =>
  events.map((event, index) => ({ ...event, seq: index + 1 }));

describe.each(STORES)('a tampered journal on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;
  let sold: WireEvent[];

  beforeAll(async () => {
    server = await startTestServer(kind);
    t = createTestTill();
    openTill(t);
    for (let i = 1; i <= 5; i += 1) sellMilk(t, i);
    sold = outboxEvents(t.db); // seq 1 session_open, 2..6 sales of 1..5 bottles
  });
  afterAll(async () => {
    t.close();
    await server.close();
  });

  async function pushAs(name: string, events: WireEvent[]) {
    const { tillId, response } = await server.pushAsNewTill(name, events);
    expect(response.statusCode).toBe(200);
    const sales = await server.store.query<{ number: number }>(
      'SELECT number FROM tickets WHERE till_id = $1 ORDER BY number',
      [tillId],
    );
    const [stock] = await server.store.query<{ q: number }>(
      'SELECT coalesce(sum(quantity), 0)::int AS q FROM stock_moves WHERE till_id = $1',
      [tillId],
    );
    return {
      tillId,
      answer: response.json<{ ackedSeq: number; rejected: { seq: number; reason: string }[] }>(),
      numbers: sales.map((sale) => sale.number),
      stock: stock?.q,
    };
  }

  it('quarantines an edited amount and accepts the later sales', async () => {
    const events = withFreshIds(sold);
    const edited = events[2] as WireEvent;
    edited.payload = { ...edited.payload, document: { ...edited.payload.document, total: 1 } };
    const result = await pushAs('edited', events);
    expect(result.answer.ackedSeq).toBe(6);
    expect(result.answer.rejected).toEqual([
      { id: edited.id, seq: 3, reason: expect.stringMatching(/entry 3 does not match its hash/) },
    ]);
    expect(result.numbers).toEqual([1, 3, 4, 5]);
    expect(result.stock).toBe(-(1 + 3 + 4 + 5) * 1000);
    const quarantine = await server.app.inject({
      method: 'GET',
      url: `/v1/admin/quarantine?tillId=${result.tillId}`,
      headers: server.admin,
    });
    expect(quarantine.json()).toMatchObject([{ seq: 3, type: 'sale', till: 'edited' }]);
  });

  it('quarantines a sale whose figures do not add up, even with its hash redone', async () => {
    const { createHash } = await import('node:crypto');
    const canonicalize = (await import('canonicalize')).default;
    const events = withFreshIds(sold);
    const last = events[5] as WireEvent; // the last entry: no later entry chains from its hash
    const document = {
      ...last.payload.document,
      total: (last.payload.document.total as number) - 100,
    };
    const prev = (events[4] as WireEvent).payload.hash;
    const hash = createHash('sha256')
      .update(prev)
      .update(canonicalize(document) ?? '')
      .digest('hex');
    last.payload = { ...last.payload, document, hash };
    const result = await pushAs('recomputed', events);
    expect(result.answer.rejected).toEqual([
      { id: last.id, seq: 6, reason: expect.stringMatching(/total .* computed/) },
    ]);
    expect(result.numbers).toEqual([1, 2, 3, 4]);
  });

  it('quarantines the entry after a removed one and accepts the rest', async () => {
    const events = renumber(withFreshIds(sold).filter((_, index) => index !== 2));
    const result = await pushAs('removed', events);
    expect(result.answer.ackedSeq).toBe(5);
    expect(result.answer.rejected).toEqual([
      { id: events[2]?.id, seq: 3, reason: expect.stringMatching(/entries 3 to 3 are missing/) },
    ]);
    expect(result.numbers).toEqual([1, 4, 5]);
  });

  it('quarantines a reordered pair and accepts what follows', async () => {
    const events = withFreshIds(sold);
    const swapped = events.map((event) => ({ ...event }));
    [swapped[2], swapped[3]] = [
      { ...(events[3] as WireEvent), seq: 3 },
      { ...(events[2] as WireEvent), seq: 4 },
    ];
    const result = await pushAs('reordered', swapped);
    expect(result.answer.ackedSeq).toBe(6);
    expect(result.answer.rejected.map((event) => event.seq)).toEqual([3, 4]);
    expect(result.numbers).toEqual([1, 4, 5]);
  });

  it('records what a price label on a kg product weighs in the stock ledger', async () => {
    const label = createTestTill();
    try {
      await server.app.inject({
        method: 'PUT',
        url: '/v1/admin/tax-rates/1',
        headers: server.admin,
        payload: { name: '6 %', rateBp: 600 },
      });
      const put = await server.app.inject({
        method: 'PUT',
        url: '/v1/admin/products/4',
        headers: server.admin,
        payload: { name: 'Fromage de Herve', taxRateId: 1, price: 2000, unit: 'kg' },
      });
      expect(put.statusCode).toBe(200);
      // The till's own price per kg makes the weight: it journals it, and the server books it.
      label.db.prepare('UPDATE products SET price = 2000 WHERE id = 4').run();
      openTill(label);
      // 23 00004 00750 c: a label of 7.50 EUR on cheese at 20.00 EUR/kg stands for 375 g.
      label.till.addByBarcode({ code: ean13('230000400750') });
      label.till.pay({ payments: [{ method: 'card', amount: 750 }] });
      const result = await pushAs('label', outboxEvents(label.db));
      expect(result.answer.rejected).toEqual([]);
      expect(result.stock).toBe(-375);
    } finally {
      label.close();
    }
  });
});
