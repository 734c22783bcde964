import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, ean13, seedFixture } from '../support/till';
import { openDatabase, type Db } from '../../db/open';
import { setSetting } from '../../db/settings';
import { verifyJournal } from '../../db/journal';
import { roundCashAmount } from '../../domain/payment';
import type { SessionReport } from '../../domain/session';
import { createIdGenerator } from '../../main/ids';
import { SETTING_KEYS } from '../../main/till/settings';
import { bareTill, type BareTill } from '../../main/bare-till';
import type { TicketView } from '../../main/till/ticket-view';

/** Long runs: PROPERTY_RUNS=500 npx vitest run test/integration/money-properties.test.ts */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 8);

const item = fc.oneof(
  fc.constant({ kind: 'milk' as const }),
  fc.constant({ kind: 'soap' as const }),
  fc.record({ kind: fc.constant('apples' as const), grams: fc.integer({ min: 1, max: 3000 }) }),
  fc.record({ kind: fc.constant('label' as const), cents: fc.integer({ min: 1, max: 3000 }) }),
);
const method = fc.constantFrom('cash', 'card', 'meal_voucher');
const action = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('sale' as const),
      items: fc.array(item, { minLength: 1, maxLength: 4 }),
      lineDiscountBp: fc.constantFrom(0, 0, 1000, 3333, 10_000),
      ticketDiscountBp: fc.constantFrom(0, 0, 500, 10_000),
      pay: fc.constantFrom('cash', 'card', 'voucher', 'card+cash', 'voucher+cash'),
      extra: fc.integer({ min: 0, max: 700 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('refund' as const),
      sale: fc.nat(),
      whole: fc.boolean(),
      line: fc.nat(),
      part: fc.integer({ min: 1, max: 3000 }),
      method,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('cash_move' as const),
      amount: fc.integer({ min: -500, max: 2000 }).filter((a) => a !== 0),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'close' as const }) },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

let dir: string;
let template: string;
let ids: { cashierId: number; managerId: number };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'emm-properties-'));
  template = join(dir, 'template.db');
  const db = openDatabase(template);
  ids = seedFixture(db);
  setSetting(db, SETTING_KEYS.paymentMethods, [
    { id: 'cash', label: '', kind: 'cash' },
    { id: 'card', label: '', kind: 'card' },
    { id: 'meal_voucher', label: '', kind: 'voucher' },
  ]);
  setSetting(db, SETTING_KEYS.voucherExcess, 'keep');
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runNumber = 0;

/** Runs a day's actions on a fresh copy of the till; returns what the invariants need. */
function runDay(actions: Action[], roundAll: boolean) {
  runNumber += 1;
  const path = join(dir, `run-${runNumber}.db`);
  copyFileSync(template, path);
  const db = openDatabase(path);
  setSetting(db, SETTING_KEYS.roundAll, roundAll);
  let now = Date.parse('2026-03-02T08:00:00.000Z');
  const till = bareTill({
    db,
    clock: () => new Date((now += 60_000)),
    newId: createIdGenerator(),
  });
  till.signIn({ userId: ids.managerId, pin: FIXTURE.managerPin });
  const sales: TicketView[] = [];
  const refunds = new Map<string, TicketView[]>();
  const zReports: { sessionId: string; report: SessionReport }[] = [];
  const open = () => till.openSession({ counts: { '2000': 5 } });
  const close = () => {
    const sessionId = till.currentSession()?.id ?? '';
    zReports.push({ sessionId, report: till.closeSession({ counts: {} }) });
  };
  open();
  for (const step of actions) {
    if (step.type === 'close') {
      close();
      open();
    } else if (step.type === 'cash_move') {
      till.cashMove({ amount: step.amount, reason: 'float' });
    } else if (step.type === 'sale') {
      sales.push(sell(till, step, roundAll));
    } else {
      const sale = sales[step.sale % Math.max(sales.length, 1)];
      if (!sale) continue;
      const done = refunds.get(sale.id) ?? [];
      const left = sale.lines.map(
        (line) =>
          line.quantity +
          done
            .flatMap((r) => r.lines)
            .reduce((sum, l) => sum + (l.refundOfLine === line.id ? l.quantity : 0), 0),
      );
      const index = step.line % sale.lines.length;
      const line = sale.lines[index];
      const leftOfLine = left[index] ?? 0;
      if (left.every((q) => q === 0) || !line || (!step.whole && leftOfLine === 0)) continue;
      const quantity =
        line.unit === 'piece'
          ? 1000 * (1 + (step.part % (leftOfLine / 1000)))
          : 1 + (step.part % leftOfLine);
      const refund = till.refund({
        ticketNumber: sale.number ?? 0,
        method: step.method,
        ...(step.whole ? {} : { lines: [{ lineId: line.id, quantity }] }),
      });
      refunds.set(sale.id, [...done, refund]);
    }
  }
  close();
  return { db, sales, refunds, zReports, close: () => db.close() };
}

function sell(till: BareTill, step: Extract<Action, { type: 'sale' }>, roundAll: boolean) {
  let ticket: TicketView | undefined;
  for (const it of step.items) {
    const code =
      it.kind === 'milk'
        ? FIXTURE.milk.code
        : it.kind === 'soap'
          ? FIXTURE.soap.code
          : it.kind === 'apples'
            ? ean13(`2100001${String(it.grams).padStart(5, '0')}`)
            : ean13(`2300004${String(it.cents).padStart(5, '0')}`);
    ticket = till.addByBarcode({ code });
  }
  const first = ticket?.lines[0];
  if (first && step.lineDiscountBp > 0) {
    till.setLineDiscount({
      lineId: first.id,
      discount: { kind: 'percent', basisPoints: step.lineDiscountBp },
    });
  }
  if (step.ticketDiscountBp > 0 && step.lineDiscountBp < 10_000) {
    till.setTicketDiscount({
      discount: { kind: 'percent', basisPoints: step.ticketDiscountBp },
    });
  }
  const total = till.currentTicket()?.totals.total ?? 0;
  // What is owed before any cash is counted: the total, rounded when the coop rounds all.
  const owed = roundAll ? roundCashAmount(total) : total;
  const half = Math.floor(owed / 2);
  const voucher = Math.min(1000, owed);
  const payments = {
    cash: [{ method: 'cash', amount: roundCashAmount(owed) + step.extra }],
    card: [{ method: 'card', amount: owed }],
    voucher: [{ method: 'meal_voucher', amount: owed + step.extra }],
    'card+cash': [
      { method: 'card', amount: half },
      { method: 'cash', amount: roundCashAmount(owed - half) + step.extra },
    ],
    'voucher+cash': [
      { method: 'meal_voucher', amount: voucher },
      { method: 'cash', amount: roundCashAmount(owed - voucher) + step.extra },
    ],
  }[step.pay];
  return till.pay({ payments });
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function vatByRate(tickets: readonly TicketView[]): Map<number, number> {
  const rates = new Map<number, number>();
  for (const row of tickets.flatMap((t) => t.totals.vat))
    rates.set(row.rateBp, (rates.get(row.rateBp) ?? 0) + row.vat);
  return rates;
}

/** A session's figures recomputed from the journal's documents alone. */
function fromJournal(db: Db, sessionId: string) {
  const docs = (
    db.prepare('SELECT doc_type AS type, payload FROM journal ORDER BY seq').all() as {
      type: string;
      payload: string;
    }[]
  )
    .map((row) => ({ type: row.type, doc: JSON.parse(row.payload) as Record<string, unknown> }))
    .filter((row) => row.doc.sessionId === sessionId);
  const tickets = docs.filter((row) => row.type === 'sale' || row.type === 'refund');
  const payments = new Map<string, number>();
  for (const { doc } of tickets)
    for (const p of doc.payments as unknown as { method: string; amount: number }[])
      payments.set(p.method, (payments.get(p.method) ?? 0) + p.amount);
  const vat = new Map<number, number>();
  for (const { doc } of tickets)
    for (const row of doc.vat as unknown as { rateBp: number; vat: number }[])
      vat.set(row.rateBp, (vat.get(row.rateBp) ?? 0) + row.vat);
  const of = (type: string, field: string) =>
    sum(tickets.filter((t) => t.type === type).map((t) => Number(t.doc[field] ?? 0)));
  return {
    sales: of('sale', 'total'),
    refunds: of('refund', 'total'),
    rounding: of('sale', 'rounding') + of('refund', 'rounding'),
    change: of('sale', 'change') + of('refund', 'change'),
    voucherExcess: of('sale', 'voucherExcess'),
    cashMoves: sum(docs.filter((d) => d.type === 'cash_move').map((d) => Number(d.doc.amount))),
    payments,
    vat,
  };
}

/** The same figures summed from the tables. */
function fromTables(db: Db, sessionId: string) {
  const row = db
    .prepare(
      `SELECT coalesce(sum(total) FILTER (WHERE kind = 'sale'), 0) AS sales,
              coalesce(sum(total) FILTER (WHERE kind = 'refund'), 0) AS refunds,
              coalesce(sum(rounding), 0) AS rounding, coalesce(sum(change_given), 0) AS change,
              coalesce(sum(voucher_excess), 0) AS voucherExcess
         FROM tickets WHERE session_id = ? AND status = 'paid'`,
    )
    .get(sessionId) as {
    sales: number;
    refunds: number;
    rounding: number;
    change: number;
    voucherExcess: number;
  };
  const payments = db
    .prepare(
      `SELECT p.method, sum(p.amount) AS amount FROM payments p JOIN tickets t ON t.id = p.ticket_id
        WHERE t.session_id = ? AND t.status = 'paid' GROUP BY p.method`,
    )
    .all(sessionId) as { method: string; amount: number }[];
  return { ...row, payments: new Map(payments.map((p) => [p.method, p.amount])) };
}

describe('money right to the cent over random days', () => {
  it(
    `keeps every invariant for every sequence (${RUNS} runs; PROPERTY_RUNS for more)`,
    () => {
      fc.assert(
        fc.property(
          fc.array(action, { minLength: 1, maxLength: 30 }),
          fc.boolean(),
          (actions, roundAll) => {
            const day = runDay(actions, roundAll);
            try {
              for (const sale of day.sales) {
                const refunds = day.refunds.get(sale.id) ?? [];
                const back = 0 - sum(refunds.map((r) => r.due));
                // Never more back than what was paid; all of it when refunded as it was paid.
                expect(back).toBeLessThanOrEqual(sale.due);
                for (const refund of refunds) {
                  for (const line of refund.lines) {
                    expect(line.totals.net).toBeLessThanOrEqual(0);
                    expect(line.totals.amount).toBeLessThanOrEqual(0);
                    expect(line.totals.gross).toBeLessThanOrEqual(0);
                  }
                }
                const refundedAll = sale.lines.every(
                  (line) =>
                    line.quantity +
                      sum(
                        refunds
                          .flatMap((r) => r.lines)
                          .filter((l) => l.refundOfLine === line.id)
                          .map((l) => l.quantity),
                      ) ===
                    0,
                );
                const methods = new Set(
                  [...sale.payments, ...refunds.flatMap((r) => r.payments)].map((p) => p.method),
                );
                if (refundedAll && methods.size === 1) expect(back).toBe(sale.due);
                // A sale refunded in full gives back exactly its VAT per rate.
                if (refundedAll) {
                  const sold = vatByRate([sale]);
                  const given = vatByRate(refunds);
                  for (const [rateBp, vat] of sold) expect(given.get(rateBp) ?? 0).toBe(0 - vat);
                }
              }
              for (const { sessionId, report } of day.zReports) {
                const journal = fromJournal(day.db, sessionId);
                const tables = fromTables(day.db, sessionId);
                for (const source of [journal, tables]) {
                  expect(report.totals.sales).toBe(source.sales);
                  expect(report.totals.refunds).toBe(source.refunds);
                  expect(report.roundingTotal).toBe(source.rounding);
                  expect(report.changeGiven).toBe(source.change);
                  expect(report.voucherExcess).toBe(source.voucherExcess);
                  expect(new Map(report.byMethod.map((m) => [m.method, m.amount]))).toEqual(
                    source.payments,
                  );
                }
                expect(new Map(report.vat.map((row) => [row.rateBp, row.vat]))).toEqual(
                  journal.vat,
                );
                expect(sum(report.roundingByKind.map((row) => row.amount))).toBe(
                  report.roundingTotal,
                );
                expect(report.expectedCash).toBe(
                  10_000 + (journal.payments.get('cash') ?? 0) - journal.change + journal.cashMoves,
                );
                expect(report.unexplained).toBe(0);
              }
              expect(verifyJournal(day.db).ok).toBe(true);
            } finally {
              day.close();
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    Math.max(30_000, RUNS * 3_000),
  );
});
