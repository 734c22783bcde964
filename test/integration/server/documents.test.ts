import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, outboxEvents } from '../../support/sync';

/** Every kind of document a till journals verifies on the server as the till wrote it. */
describe.each(STORES)('documents of a whole day on %s', (kind) => {
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

  it('accepts sales paid in cash with rounding, partial refunds, a cancellation, cash moves and the Z', async () => {
    openTill(t);
    // 3 × 1.29 + 4.50 = 8.37, paid in cash: rounded to 8.35.
    for (let i = 0; i < 3; i += 1) t.till.addByBarcode({ code: FIXTURE.milk.code });
    t.till.addByBarcode({ code: FIXTURE.soap.code });
    t.till.setTicketDiscount({ discount: { kind: 'percent', basisPoints: 1000 } });
    const sale = t.till.pay({ payments: [{ method: 'cash', amount: 1000 }] });
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    t.till.cancelDraft();
    t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
    const milkLine = sale.lines[0]?.id as string;
    t.till.refund({
      ticketNumber: sale.number as number,
      lines: [{ lineId: milkLine, quantity: 1000 }],
      method: 'cash',
    });
    t.till.refund({ ticketNumber: sale.number as number, method: 'cash' });
    t.till.cashMove({ amount: -2000, reason: 'Dépôt banque' });
    t.till.closeSession({ counts: { '2000': 4 } });
    const events = outboxEvents(t.db);
    expect(events.map((event) => event.type)).toEqual([
      'session_open',
      'sale',
      'cancellation',
      'refund',
      'refund',
      'cash_move',
      'z_report',
    ]);
    const { tillId, auth } = await server.enrolTill('whole day');
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: auth,
      payload: { events },
    });
    expect(response.json()).toEqual({ ackedSeq: 7, rejected: [] });
    const [books] = await server.store.query<{ n: number; total: number }>(
      'SELECT count(*)::int AS n, sum(due)::int AS total FROM tickets WHERE till_id = $1',
      [tillId],
    );
    expect(books).toEqual({ n: 3, total: 0 });
    const [stock] = await server.store.query<{ q: number }>(
      'SELECT sum(quantity)::int AS q FROM stock_moves WHERE till_id = $1',
      [tillId],
    );
    expect(stock?.q).toBe(0);
  });
});
