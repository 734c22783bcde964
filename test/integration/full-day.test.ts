import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EURO_DENOMINATIONS } from '../../domain/session';
import { divRound } from '../../domain/money';
import { roundCashAmount } from '../../domain/payment';
import { verifyJournal } from '../../db/journal';
import { runCli } from '../../main/cli/till';
import { FIXTURE, createTestTill, ean13, type TestTill } from '../support/till';
import { pick, seededRandom } from '../support/random';

let t: TestTill;
beforeEach(() => {
  t = createTestTill();
});
afterEach(() => t.close());

/** Notes and coins that make up an amount, largest first, as a manager counts a drawer. */
function countsFor(amount: number): Record<string, number> {
  const counts: Record<string, number> = {};
  let left = amount;
  for (const denomination of EURO_DENOMINATIONS) {
    const count = Math.floor(left / denomination);
    if (count > 0) counts[String(denomination)] = count;
    left -= count * denomination;
  }
  return counts;
}

describe('a whole day at the till', () => {
  it('opens, sells 50 tickets, refunds, takes cash out, closes, and the Z report reconciles to the cent', async () => {
    const random = seededRandom(2026);
    const { till } = t;
    till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    const float = 15_000;
    till.openSession({ counts: countsFor(float) });

    const expected = {
      sales: 0,
      cashIn: 0,
      change: 0,
      rounding: 0,
      byMethod: new Map<string, number>(),
    };
    // The VAT each receipt showed, per rate: the Z report must add up to the same cents.
    const receiptVat = new Map<number, number>();
    const addVat = (rows: { rateBp: number; vat: number }[]) => {
      for (const row of rows)
        receiptVat.set(row.rateBp, (receiptVat.get(row.rateBp) ?? 0) + row.vat);
    };
    const addPayment = (method: string, amount: number) =>
      expected.byMethod.set(method, (expected.byMethod.get(method) ?? 0) + amount);
    const numbers: number[] = [];
    for (let sale = 0; sale < 50; sale += 1) {
      t.clock.advance(5 * 60_000);
      const items = 1 + Math.floor(random() * 5);
      let ticket = till.startTicket();
      for (let item = 0; item < items; item += 1) {
        const kind = pick(random, ['milk', 'soap', 'apples', 'cheese'] as const);
        if (kind === 'milk') ticket = till.addByBarcode({ code: FIXTURE.milk.code });
        if (kind === 'soap') ticket = till.addByBarcode({ code: FIXTURE.soap.code });
        if (kind === 'apples') {
          const grams = 100 + Math.floor(random() * 2500);
          ticket = till.addByBarcode({ code: ean13(`2100001${String(grams).padStart(5, '0')}`) });
        }
        if (kind === 'cheese') {
          const cents = 250 + Math.floor(random() * 900);
          ticket = till.addByBarcode({ code: ean13(`2300004${String(cents).padStart(5, '0')}`) });
        }
      }
      if (sale % 10 === 3) ticket = till.attachMember({ barcode: FIXTURE.memberCard });
      if (sale % 7 === 0) {
        const line = ticket.lines[0];
        ticket = till.setLineDiscount({
          lineId: line?.id ?? '',
          discount: { kind: 'percent', basisPoints: 1000 },
        });
      }
      const total = ticket.totals.total;
      const style = sale % 3;
      let paid;
      if (style === 0) {
        // Cash, with a note larger than the rounded total.
        const rounded = divRound(total, 5) * 5;
        const tendered = Math.ceil(rounded / 1000) * 1000 + 1000;
        paid = till.pay({ payments: [{ method: 'cash', amount: tendered }] });
        expect(paid.due).toBe(rounded);
        expect(paid.change).toBe(tendered - rounded);
        expected.rounding += paid.rounding;
        addPayment('cash', tendered);
        expected.change += tendered - rounded;
        expected.cashIn += rounded;
      } else if (style === 1) {
        paid = till.pay({ payments: [{ method: 'card', amount: total }] });
        expect(paid.rounding).toBe(0);
        addPayment('card', total);
      } else {
        // Split: the cash part is rounded to 0.05 EUR all the same (Belgian law since 2019).
        const card = Math.floor(total / 2);
        const cash = roundCashAmount(total - card);
        paid = till.pay({
          payments: [
            { method: 'card', amount: card },
            { method: 'cash', amount: cash },
          ],
        });
        expect(paid.rounding).toBe(cash - (total - card));
        expected.rounding += paid.rounding;
        addPayment('card', card);
        addPayment('cash', cash);
        expected.cashIn += cash;
      }
      expected.sales += paid.totals.total;
      addVat(paid.totals.vat);
      numbers.push(paid.number ?? 0);
    }
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));

    // A cancelled ticket counts on the Z but moves no money.
    till.addByBarcode({ code: FIXTURE.soap.code });
    till.cancelTicket();

    // A refund of ticket 2, in cash, with a manager's approval.
    const refund = till.refund({
      ticketNumber: 2,
      method: 'cash',
      approval: { userId: t.managerId, pin: FIXTURE.managerPin },
    });
    addPayment('cash', refund.due);
    addVat(refund.totals.vat);
    expected.cashIn += refund.due;

    // Cash out: the coop pays the window cleaner from the drawer.
    expect(() => till.cashMove({ amount: -2000, reason: 'Window cleaner' })).toThrow(/manager/);
    till.cashMove({
      amount: -2000,
      reason: 'Window cleaner',
      approval: { userId: t.managerId, pin: FIXTURE.managerPin },
    });

    const x = till.xReport();
    const expectedCash = float + expected.cashIn - 2000;
    expect(x.expectedCash).toBe(expectedCash);
    expect(x.countedCash).toBeNull();

    // The manager counts the drawer 50 cents short and closes.
    till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
    const z = till.closeSession({ counts: countsFor(expectedCash - 50) });
    expect(z.expectedCash).toBe(expectedCash);
    expect(z.countedCash).toBe(expectedCash - 50);
    expect(z.difference).toBe(-50);
    expect(z.tickets).toEqual({ sales: 50, refunds: 1, cancellations: 1 });
    expect(z.totals.sales).toBe(expected.sales);
    expect(z.totals.refunds).toBe(refund.totals.total);
    expect(z.totals.net).toBe(expected.sales + refund.totals.total);
    expect(Object.fromEntries(z.byMethod.map((row) => [row.method, row.amount]))).toEqual(
      Object.fromEntries(expected.byMethod),
    );
    expect(z.changeGiven).toBe(expected.change);
    expect(z.unexplained).toBe(0);
    // VAT: one row per rate, the sum of what the receipts showed, adding up to the day's net.
    expect(z.vat.map((row) => row.rateBp)).toEqual([600, 2100]);
    expect(z.vat.reduce((sum, row) => sum + row.gross, 0)).toBe(z.totals.net);
    for (const row of z.vat) {
      expect(row.vat).toBe(receiptVat.get(row.rateBp));
      // Within a cent a ticket of the VAT computed once on the rate's total.
      expect(
        Math.abs(row.vat - divRound(row.gross * row.rateBp, 10_000 + row.rateBp)),
      ).toBeLessThanOrEqual(51);
      expect(row.net + row.vat).toBe(row.gross);
    }
    expect(z.byCategory.reduce((sum, row) => sum + row.amount, 0)).toBe(z.totals.net);
    expect(z.grandTotalAfter).toBe(z.totals.net);

    // Nothing can be sold once closed; the journal verifies, from the command line too.
    expect(() => till.addByBarcode({ code: FIXTURE.milk.code })).toThrow(/Open the till/);
    expect(verifyJournal(t.db).ok).toBe(true);
    const out: string[] = [];
    expect(await runCli(['verify-journal', '--db', t.path], (line) => out.push(line))).toBe(0);
    expect(out.join('\n')).toMatch(/The journal verifies: \d+ entries/);
    const zText: string[] = [];
    expect(
      await runCli(['z-report', '--db', t.path, '--locale', 'en'], (line) => zText.push(line)),
    ).toBe(0);
    expect(zText.join('\n')).toContain('Window cleaner');
  });
});
