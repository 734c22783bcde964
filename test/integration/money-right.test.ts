import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE, createTestTill, ean13, type TestTill } from '../support/till';
import { upsertProducts } from '../../db/catalog';
import { openDatabase, type Db } from '../../db/open';
import { verifyJournal } from '../../db/journal';
import { renderSessionReportText } from '../../domain/receipt-text';
import { createIdGenerator } from '../../main/ids';
import { runCli } from '../../main/cli/till';
import type { TillEvent } from '../../main/till/events';
import { bareTill } from '../../main/bare-till';
import * as tillReceipts from '../../main/till/receipts';

/** A product at 1.02 EUR, 21 % VAT. */
const ONE_O_TWO = { id: 20, code: ean13('541000000020') };

let t: TestTill;
const approval = () => ({ userId: t.managerId, pin: FIXTURE.managerPin });
beforeEach(() => {
  t = createTestTill();
  upsertProducts(t.db, [
    {
      id: ONE_O_TWO.id,
      name: 'Pain au chocolat',
      categoryId: 2,
      taxRateId: 2,
      price: 102,
      unit: 'piece',
      barcodes: [ONE_O_TWO.code],
      updatedAt: '2026-01-01T00:00:00.000Z',
    },
  ]);
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  t.till.openSession({ counts: { '2000': 5 } });
});
afterEach(() => t.close());

function sell(pieces: number, payments: { method: string; amount: number }[]) {
  for (let i = 0; i < pieces; i += 1) t.till.addByBarcode({ code: ONE_O_TWO.code });
  return t.till.pay({ payments });
}

function refundPiece(
  sale: { number: number | null; lines: { id: string }[] },
  method: string,
  line = 0,
) {
  return t.till.refund({
    ticketNumber: sale.number ?? 0,
    lines: [{ lineId: sale.lines[line]?.id ?? '', quantity: 1000 }],
    method,
    approval: approval(),
  });
}

describe('a split refund never gives back more than was paid', () => {
  it('2 x 1.02 paid 2.04 by card, refunded by card then in cash: 1.02 + 1.00 back', () => {
    const sale = sell(2, [{ method: 'card', amount: 204 }]);
    expect(refundPiece(sale, 'card').due).toBe(-102);
    const cash = refundPiece(sale, 'cash', 1);
    expect(cash.due).toBe(-100);
    expect(cash.payments).toEqual([{ method: 'cash', amount: -100 }]);
    expect(cash.totals.total + cash.rounding).toBe(cash.due);
  });

  it('1.02 paid 1.00 in cash, refunded by card: 1.00 back, the rounded amount', () => {
    const sale = sell(1, [{ method: 'cash', amount: 100 }]);
    expect(sale.due).toBe(100);
    const refund = t.till.refund({
      ticketNumber: sale.number ?? 0,
      method: 'card',
      approval: approval(),
    });
    expect(refund.due).toBe(-100);
    expect(refund.payments).toEqual([{ method: 'card', amount: -100 }]);
    const z = closeDay();
    expect(z.unexplained).toBe(0);
    expect(z.totals.net).toBe(0);
  });
});

function closeDay() {
  t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
  return t.till.closeSession({ counts: {} });
}

describe('refund VAT adds back up', () => {
  it('three one-piece refunds of 3 x 1.02 at 21 % give back the sale VAT, 0.53', () => {
    sell(1, [{ method: 'card', amount: 102 }]);
    t.till.addByBarcode({ code: ONE_O_TWO.code });
    const three = t.till.setQuantity({
      lineId: t.till.currentTicket()?.lines[0]?.id ?? '',
      quantity: 3000,
    });
    expect(three.totals.vat).toEqual([{ rateBp: 2100, gross: 306, vat: 53, net: 253 }]);
    const paid = t.till.pay({ payments: [{ method: 'card', amount: 306 }] });
    const vats = [0, 1, 2].map(() => refundPiece(paid, 'card').totals.vat[0]?.vat);
    // -0.18, -0.17, -0.18: each the VAT of all refunded so far less the VAT refunded before.
    expect(vats).toEqual([-18, -17, -18]);
    const z = closeDay();
    const vat21 = z.vat.find((row) => row.rateBp === 2100);
    // The first sale of 1.02 (VAT 0.18) is all that is left at 21 %.
    expect(vat21).toMatchObject({ gross: 102, vat: 18 });
    expect(z.refundsVat).toEqual([{ rateBp: 2100, gross: -306, vat: -53, net: -253 }]);
    expect(z.unexplained).toBe(0);
  });
});

describe('an X report is one consistent picture', () => {
  it('reads in one transaction while another connection sells on the same file', () => {
    // The other connection has a ticket ready to pay: it pays it in the middle of the report.
    const otherDb = openDatabase(t.path);
    const other = bareTill({
      db: otherDb,
      clock: () => t.clock.now,
      newId: createIdGenerator(),
    });
    other.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    sell(1, [{ method: 'card', amount: 102 }]);
    other.addByBarcode({ code: ONE_O_TWO.code });
    let payMidway = true;
    const reporter = bareTill({
      db: sellingAfter('FROM payments p', t.db, () => {
        if (!payMidway) return;
        payMidway = false;
        other.pay({ payments: [{ method: 'card', amount: 102 }] });
      }),
      clock: () => t.clock.now,
      newId: createIdGenerator(),
    });
    reporter.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    const x = reporter.xReport();
    expect(payMidway).toBe(false);
    // One sale, and one card payment for it: the other sale belongs to the next picture.
    expect(x.tickets.sales).toBe(1);
    expect(x.totals.sales).toBe(102);
    expect(x.paymentsTotal).toBe(102);
    expect(x.unexplained).toBe(0);
    expect(reporter.xReport()).toMatchObject({ paymentsTotal: 204, unexplained: 0 });
    otherDb.close();
  });
});

/**
 * The database as a till sees it, except that right after a read whose SQL contains `marker`,
 * `meanwhile` runs (another connection writing between two of the reader's queries).
 */
function sellingAfter(marker: string, db: Db, meanwhile: () => void): Db {
  return new Proxy(db, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property !== 'prepare' || typeof value !== 'function') {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (sql: string) => {
        const statement = target.prepare(sql);
        if (!sql.includes(marker)) return statement;
        return new Proxy(statement, {
          get(stmt, name) {
            const member = Reflect.get(stmt, name, stmt) as unknown;
            if (typeof member !== 'function') return member;
            if (name !== 'all' && name !== 'get') return member.bind(stmt);
            return (...args: unknown[]) => {
              const rows = (member as (...a: unknown[]) => unknown).apply(stmt, args);
              meanwhile();
              return rows;
            };
          },
        });
      };
    },
  });
}

describe('the clock is not the order of events', () => {
  it('prints the last Z by the journal after the clock steps back, journaled and shown', async () => {
    const events: TillEvent[] = [];
    const till = bareTill({
      db: t.db,
      clock: () => t.clock.now,
      newId: createIdGenerator(),
      onEvent: (event) => events.push(event),
    });
    till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
    t.clock.now = new Date('2026-03-02T17:00:00.000Z');
    till.addByBarcode({ code: ONE_O_TWO.code });
    till.pay({ payments: [{ method: 'card', amount: 102 }] });
    t.clock.now = new Date('2026-03-02T18:00:00.000Z');
    const first = till.currentSession()?.id;
    till.closeSession({ counts: { '2000': 5 } });
    // The clock steps back 30 minutes; the next day's session opens and sells all the same.
    t.clock.now = new Date('2026-03-02T17:30:00.000Z');
    const second = till.openSession({ counts: {} }).id;
    expect(events.filter((event) => event.type === 'clock_stepped_back')).toEqual([
      {
        type: 'clock_stepped_back',
        from: '2026-03-02T18:00:00.000Z',
        to: '2026-03-02T17:30:00.000Z',
        stepSeconds: 1800,
      },
    ]);
    till.addByBarcode({ code: ONE_O_TWO.code });
    expect(till.pay({ payments: [{ method: 'card', amount: 102 }] }).status).toBe('paid');
    t.clock.advance(10 * 60_000);
    const z = till.closeSession({ counts: {} });
    expect(z.clockSteps).toEqual([
      { from: '2026-03-02T18:00:00.000Z', to: '2026-03-02T17:30:00.000Z', stepSeconds: 1800 },
    ]);
    expect(first).not.toBe(second);
    // Journaled once, not at every entry after it.
    const steps = t.db
      .prepare("SELECT count(*) AS n FROM journal WHERE doc_type = 'clock_step_back'")
      .get() as { n: number };
    expect(steps.n).toBe(1);
    expect(verifyJournal(t.db).ok).toBe(true);
    const out: string[] = [];
    expect(await runCli(['z-report', '--db', t.path, '--locale', 'en'], (l) => out.push(l))).toBe(
      0,
    );
    // The second session's Z (closed 17:40 UTC, 18:40 in Brussels), not the first's (19:00).
    expect(out.map((line) => line.replace(/ +/g, ' '))).toContain('Closed: Manon 02/03/2026 18:40');
    const squeezed = out.map((line) => line.replace(/ +/g, ' ').trim());
    expect(squeezed).toContain('Clock set back -30 min');
    expect(squeezed).toContain('02/03/2026 19:00 -> 02/03/2026 18:30');
    const zText = renderSessionReportText(tillReceipts.zReportDocument(till.ctx, second), {
      width: 42,
      locale: 'fr-BE',
    });
    expect(zText.join('\n')).toContain('Horloge reculée');
  });
});
