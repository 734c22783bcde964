import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refundLineTotals, refundMoney, refundVat, type SoldLine } from '../../domain/refund';
import { roundCashAmount } from '../../domain/payment';
import { vatIncluded } from '../../domain/tax';
import { divRound } from '../../domain/money';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

/** A line sold at `quantity`, with its discounts. */
function sold(quantity: number, gross: number, lineDiscount: number, share: number): SoldLine {
  const amount = gross - lineDiscount;
  return {
    quantity,
    unitPrice: Math.round((gross * 1000) / quantity),
    gross,
    lineDiscount,
    amount,
    ticketDiscountShare: share,
    net: amount - share,
    vatRateBp: 600,
  };
}

/** Refunds `parts` of a line one after the other. */
function refundInParts(line: SoldLine, parts: readonly number[]) {
  let already = 0;
  return parts.map((quantity) => {
    const totals = refundLineTotals(line, already, quantity);
    already += quantity;
    return totals;
  });
}

describe('refund lines', () => {
  it('never comes out positive on a line whose sold net is 0', () => {
    // 1.00 gross, 0.50 off the line, the other 0.50 by the ticket discount: net 0, 3 pieces.
    const free = sold(3000, 100, 50, 50);
    for (const refund of refundInParts(free, [1000, 1000, 1000])) {
      expect(refund.net).toBe(0);
      expect(refund.amount).toBeLessThanOrEqual(0);
    }
    // 100 % discount on the line.
    for (const refund of refundInParts(sold(3000, 100, 100, 0), [1000, 2000])) {
      expect(refund.net).toBe(0);
    }
  });

  it('properties: every part is 0 or negative, and the parts give back the line exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }),
        (pieces, gross, discountBp, shareBp, sizes) => {
          const lineDiscount = Math.floor((gross * discountBp) / 10_000);
          const share = Math.floor(((gross - lineDiscount) * shareBp) / 10_000);
          const line = sold(pieces * 1000, gross, lineDiscount, share);
          // Refunded in parts of the sizes drawn, the last part taking what is left.
          const parts: number[] = [];
          let left = pieces;
          for (const size of sizes) {
            if (left === 0) break;
            const part = Math.min(size, left);
            parts.push(part * 1000);
            left -= part;
          }
          if (left > 0) parts.push(left * 1000);
          const refunds = refundInParts(line, parts);
          for (const refund of refunds) {
            expect(refund.gross).toBeLessThanOrEqual(0);
            expect(refund.amount).toBeLessThanOrEqual(0);
            expect(refund.net).toBeLessThanOrEqual(0);
            expect(refund.gross - refund.lineDiscount).toBe(refund.amount);
            expect(refund.amount - refund.ticketDiscountShare).toBe(refund.net);
          }
          const sum = (f: (r: (typeof refunds)[number]) => number) =>
            refunds.reduce((a, r) => a + f(r), 0);
          expect(sum((r) => r.gross)).toBe(0 - line.gross);
          expect(sum((r) => r.lineDiscount)).toBe(0 - line.lineDiscount);
          expect(sum((r) => r.ticketDiscountShare)).toBe(0 - line.ticketDiscountShare);
          expect(sum((r) => r.net)).toBe(0 - line.net);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('refund money', () => {
  it('properties: never more back than paid; all of it when refunded like it was paid', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.boolean(),
        (lines, paidInCash, refundInCash, sameMethod) => {
          const total = lines.reduce((a, b) => a + b, 0);
          const due = paidInCash ? roundCashAmount(total) : total;
          const sale = { total, rounding: due - total };
          const earlier: { total: number; paidBack: number; rounded: boolean }[] = [];
          let back = 0;
          let refunded = 0;
          lines.forEach((line, i) => {
            const rounded = sameMethod ? paidInCash : (refundInCash[i] ?? false);
            const money = refundMoney({ sale, earlier, total: -line, rounded });
            expect(money.due).toBeLessThanOrEqual(0);
            expect(money.due - money.rounding).toBe(0 - line);
            earlier.push({ total: -line, paidBack: money.due, rounded });
            back -= money.due;
            refunded += line;
            // What goes back in coins and notes, taken together, is rounded.
            const cashBack = -earlier.filter((r) => r.rounded).reduce((a, r) => a + r.paidBack, 0);
            if (cashBack > 5) expect(cashBack % 5).toBe(0);
            // Never more than what the customer paid for what was refunded so far.
            const paidFor =
              refunded + (total === 0 ? 0 : divRound(sale.rounding * refunded, total));
            expect(back).toBeLessThanOrEqual(paidFor);
            expect(back).toBeLessThanOrEqual(due);
          });
          if (sameMethod) expect(back).toBe(due);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('properties: a sale refunded in parts gives back exactly its VAT per rate', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            rateBp: fc.constantFrom(0, 600, 1200, 2100),
            amount: fc.integer({ min: 0, max: 5000 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (parts) => {
          const before: { rateBp: number; gross: number; vat: number }[] = [];
          for (const part of parts) {
            const rows = refundVat(before, [{ rateBp: part.rateBp, amount: -part.amount }]);
            before.push(...rows);
          }
          for (const rateBp of [0, 600, 1200, 2100]) {
            const at = before.filter((row) => row.rateBp === rateBp);
            const gross = at.reduce((a, row) => a + row.gross, 0);
            expect(at.reduce((a, row) => a + row.vat, 0)).toBe(vatIncluded(gross, rateBp));
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
