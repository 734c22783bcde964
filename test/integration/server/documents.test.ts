import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { vatBreakdown } from '../../../domain/tax';
import { openTill, outboxEvents, withFreshIds, type WireEvent } from '../../support/sync';

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
    const push = (batch: WireEvent[]) =>
      server.app.inject({
        method: 'POST',
        url: '/v1/sync/push',
        headers: auth,
        payload: { events: batch },
      });
    // The sale in one batch, its refunds in later ones: the server finds the sale in its books.
    expect((await push(events.slice(0, 3))).json()).toEqual({ ackedSeq: 3, rejected: [] });
    expect((await push(events.slice(3, 4))).json()).toEqual({ ackedSeq: 4, rejected: [] });
    expect((await push(events.slice(4))).json()).toEqual({ ackedSeq: 7, rejected: [] });
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

    // The same day from another till, its first refund giving back more than the sale's share
    // (its figures still add up on their own, and its hash is redone): quarantined.
    const other = withFreshIds(events);
    const refund = other[3] as WireEvent;
    const document = structuredClone(refund.payload.document) as {
      lines: { gross: number; net: number }[];
      total: number;
      vat: unknown;
      due: number;
      payments: { amount: number }[];
      rounding: number;
    };
    const line = document.lines[0] as { gross: number; net: number };
    line.gross -= 10;
    line.net -= 10;
    document.total -= 10;
    document.due -= 10;
    (document.payments[0] as { amount: number }).amount -= 10;
    document.vat = vatBreakdown(document.lines.map((l) => ({ rateBp: 600, amount: l.net })));
    const hash = createHash('sha256')
      .update((other[2] as WireEvent).payload.hash)
      .update(canonicalize(document) ?? '')
      .digest('hex');
    refund.payload = { ...refund.payload, document, hash };
    const second = await server.enrolTill('greedy refund');
    const answer = await server.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: second.auth,
      payload: { events: other.slice(0, 4) },
    });
    expect(answer.json()).toEqual({
      ackedSeq: 4,
      rejected: [
        { id: refund.id, seq: 4, reason: expect.stringMatching(/does not match the sale/) },
      ],
    });
  });
});
