import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vatBreakdown, type VatRow } from '../../../domain/tax';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import {
  openTill,
  outboxEvents,
  rechain,
  sellMilk,
  withFreshIds,
  type WireEvent,
} from '../../support/sync';

type Doc = Record<string, unknown> & {
  lines: Record<string, unknown>[];
  vat: VatRow[];
  payments: Record<string, unknown>[];
};
const documentOf = (event: WireEvent) => structuredClone(event.payload.document) as Doc;
const withDocument = (event: WireEvent, document: Doc): WireEvent => ({
  ...event,
  payload: { ...event.payload, document },
});
const negate = (value: unknown) => (typeof value === 'number' && value !== 0 ? -value : value);

/** Issue 19, cases 2, 5 and 6: the server books only what a real till could have sold. */
describe.each(STORES)('only what a real till could do, on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;
  let sold: WireEvent[];

  beforeAll(async () => {
    server = await startTestServer(kind);
    t = createTestTill();
    openTill(t);
    sellMilk(t, 2);
    sellMilk(t, 3);
    sold = outboxEvents(t.db); // 1 session_open, 2 and 3 sales of 2 and 3 bottles
  });
  afterAll(async () => {
    t.close();
    await server.close();
  });

  async function pushAs(name: string, events: WireEvent[]) {
    const { tillId, auth } = await server.enrolTill(name);
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: auth,
      payload: { events },
    });
    const [books] = await server.store.query<{ tickets: number; total: number; stock: number }>(
      `SELECT (SELECT count(*)::int FROM tickets WHERE till_id = $1) AS tickets,
              (SELECT coalesce(sum(total), 0)::int FROM tickets WHERE till_id = $1) AS total,
              (SELECT coalesce(sum(quantity), 0)::int FROM stock_moves WHERE till_id = $1) AS stock`,
      [tillId],
    );
    return { status: response.statusCode, answer: response.json(), books, auth, tillId };
  }

  it('refuses a "sale" with every quantity and amount negated, correctly chained', async () => {
    const [open, sale] = withFreshIds(sold) as [WireEvent, WireEvent];
    const document = documentOf(sale);
    for (const line of document.lines)
      for (const key of ['quantity', 'gross', 'lineDiscount', 'ticketDiscountShare', 'net'])
        line[key] = negate(line[key]);
    document.vat = document.vat.map((row) => ({
      ...row,
      gross: -row.gross,
      vat: -row.vat,
      net: -row.net,
    }));
    for (const key of ['subtotal', 'total', 'due']) document[key] = negate(document[key]);
    for (const payment of document.payments) payment.amount = negate(payment.amount);
    const events = rechain([open, withDocument(sale, document)]);
    const result = await pushAs('negated', events);
    expect(result.status).toBe(200);
    expect(result.answer).toEqual({
      ackedSeq: 2,
      rejected: [
        {
          id: sale.id,
          seq: 2,
          reason: expect.stringMatching(/a sale's quantities and amounts are positive/),
        },
      ],
    });
    expect(result.books).toEqual({ tickets: 0, total: 0, stock: 0 });
  });

  it('books a ticket id once, and its stock once', async () => {
    const [open, first, second] = withFreshIds(sold) as [WireEvent, WireEvent, WireEvent];
    const reused = documentOf(second);
    reused.ticketId = documentOf(first).ticketId;
    const events = rechain([open, first, withDocument(second, reused)]);
    const result = await pushAs('ticket id reused', events);
    expect(result.answer).toEqual({
      ackedSeq: 3,
      rejected: [{ id: second.id, seq: 3, reason: expect.stringMatching(/already booked/) }],
    });
    expect(result.books).toEqual({ tickets: 1, total: 2 * FIXTURE.milk.price, stock: -2000 });
  });

  it('quarantines 10 000 pieces at 100 000 EUR with a 200, and the till goes on', async () => {
    const [open, sale, next] = withFreshIds(sold) as [WireEvent, WireEvent, WireEvent];
    const document = documentOf(sale);
    const line = document.lines[0] as Record<string, unknown>;
    document.lines = [line];
    Object.assign(line, {
      quantity: 10_000_000,
      shelfPrice: 10_000_000,
      unitPrice: 10_000_000,
      gross: 100_000_000_000,
      net: 100_000_000_000,
    });
    Object.assign(document, {
      subtotal: 100_000_000_000,
      total: 100_000_000_000,
      due: 100_000_000_000,
    });
    (document.payments[0] as Record<string, unknown>).amount = 100_000_000_000;
    // Figures that add up, VAT included: only the amounts themselves are absurd.
    document.vat = vatBreakdown([{ rateBp: 600, amount: 100_000_000_000 }]);
    const events = rechain([open, withDocument(sale, document), next]);
    const result = await pushAs('absurd', events);
    expect(result.status).toBe(200);
    expect(result.answer).toEqual({
      ackedSeq: 3,
      rejected: [
        { id: sale.id, seq: 2, reason: expect.stringMatching(/more than a ticket holds/) },
      ],
    });
    // The next sale is booked: nothing of the absurd one blocks the till.
    expect(result.books).toEqual({ tickets: 1, total: 3 * FIXTURE.milk.price, stock: -3000 });
  });
});
