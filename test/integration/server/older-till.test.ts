import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, outboxEvents, rechain, withFreshIds, type WireEvent } from '../../support/sync';
import { journalDocumentSchema } from '../../../domain/journal-documents';

/**
 * The server reads the journal's documents with the till's own schemas (domain/
 * journal-documents.ts), in their reading of every till version: a till from before payment
 * kinds (till migration 0006) still has its day booked, and a document no till writes is
 * quarantined with the field named.
 */

type Document = Record<string, unknown>;

/** A sale or refund as a till from before payment kinds journaled it. */
function olderTicket(document: Document): Document {
  const older = { ...document };
  delete older.voucherExcess;
  delete older.roundedAll;
  delete older.ticketDiscountApprovedBy;
  const payments = older.payments as { method: string; amount: number }[];
  older.payments = payments.map(({ method, amount }) => ({ method, amount }));
  return older;
}

/** A Z report as such a till closed it: methods with no kind, no rounding per kind. */
function olderZReport(document: Document): Document {
  const report = { ...(document.report as Document) };
  delete report.roundingByKind;
  delete report.voucherExcess;
  delete report.clockSteps;
  delete report.byMethodNet;
  delete report.paymentsNet;
  const byMethod = report.byMethod as { method: string; cash: boolean; amount: number }[];
  report.byMethod = byMethod.map(({ method, cash, amount }) => ({ method, cash, amount }));
  return { ...document, report };
}

function asOlderTill(events: WireEvent[]): WireEvent[] {
  return rechain(
    withFreshIds(events).map((event) => {
      const document = event.payload.document;
      const older =
        event.type === 'sale' || event.type === 'refund'
          ? olderTicket(document)
          : event.type === 'z_report'
            ? olderZReport(document)
            : document;
      return { ...event, payload: { ...event.payload, document: older } };
    }),
  );
}

describe.each(STORES)('documents of an older till on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;
  let day: WireEvent[];

  beforeAll(async () => {
    server = await startTestServer(kind);
    t = createTestTill();
    openTill(t);
    // 1.29 in cash: rounded to 1.30, 0.70 of change.
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    const cash = t.till.pay({ payments: [{ method: 'cash', amount: 200 }] });
    t.till.addByBarcode({ code: FIXTURE.soap.code });
    t.till.pay({ payments: [{ method: 'card', amount: 450 }] });
    t.till.cashMove({ amount: 500, reason: 'Change from the safe' });
    t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
    t.till.refund({ ticketNumber: cash.number ?? 0, method: 'cash' });
    t.till.closeSession({ counts: { '2000': 5, '500': 1 } });
    day = outboxEvents(t.db);
  });
  afterAll(async () => {
    t.close();
    await server.close();
  });

  async function push(name: string, events: WireEvent[]) {
    const { tillId, response } = await server.pushAsNewTill(name, events);
    expect(response.statusCode).toBe(200);
    const [books] = await server.store.query<{ n: number; due: number | null }>(
      'SELECT count(*)::int AS n, sum(due)::int AS due FROM tickets WHERE till_id = $1',
      [tillId],
    );
    const [stock] = await server.store.query<{ q: number }>(
      'SELECT coalesce(sum(quantity), 0)::int AS q FROM stock_moves WHERE till_id = $1',
      [tillId],
    );
    return {
      answer: response.json<{ ackedSeq: number; rejected: { seq: number; reason: string }[] }>(),
      books,
      stock: stock?.q,
    };
  }

  it('books the day of a till from before payment kinds, which the strict schemas refuse', async () => {
    expect(day.map((event) => event.type)).toEqual([
      'session_open',
      'sale',
      'sale',
      'cash_move',
      'refund',
      'z_report',
    ]);
    const older = asOlderTill(day);
    // These are documents this version would not write: only the reading of every version takes them.
    for (const event of older.filter((e) => ['sale', 'refund', 'z_report'].includes(e.type))) {
      const strict = journalDocumentSchema.safeParse({
        docType: event.type,
        document: event.payload.document,
      });
      expect(strict.success, event.type).toBe(false);
    }
    expect(older[1]?.payload.document.payments).toEqual([{ method: 'cash', amount: 200 }]);
    const result = await push('older till', older);
    expect(result.answer).toEqual({ ackedSeq: 6, rejected: [] });
    // The cash sale (1.30) refunded in cash (-1.30), the soap by card (4.50).
    expect(result.books).toEqual({ n: 3, due: 450 });
    expect(result.stock).toBe(-1000);
  });

  it('quarantines a field no till writes, naming it, and books nothing of it', async () => {
    const events = withFreshIds(day.slice(0, 4)).map((event) => structuredClone(event));
    const sale = events[1] as WireEvent;
    const payments = sale.payload.document.payments as { kind: string }[];
    (payments[0] as { kind: string }).kind = 'bitcoin';
    const move = events[3] as WireEvent;
    move.payload.document.amount = 500.5;
    const result = await push('unknown fields', rechain(events));
    expect(result.answer).toEqual({
      ackedSeq: 4,
      rejected: [
        {
          id: sale.id,
          seq: 2,
          reason: expect.stringMatching(
            /^sale: the document is not one a till writes \(payments\.0\.kind: .*"cash"/,
          ),
        },
        {
          id: move.id,
          seq: 4,
          reason: expect.stringMatching(
            /^cash_move: the document is not one a till writes \(amount: .*expected int/,
          ),
        },
      ],
    });
    // Only the card sale of soap is booked: the refused sale moved no stock.
    expect(result.books).toEqual({ n: 1, due: 450 });
    expect(result.stock).toBe(-1000);
  });
});
