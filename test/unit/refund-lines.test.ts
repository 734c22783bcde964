import { describe, expect, it } from 'vitest';
import { refundLineTotals, type SoldLine } from '../../domain/refund';
import { computeTicket, type Discount, type LineInput, type LineTotals } from '../../domain/ticket';

/** The sold lines of a paid ticket, as the till keeps them. */
function sell(lines: LineInput[], ticketDiscount: Discount | null = null): SoldLine[] {
  return computeTicket(lines, ticketDiscount).lines.map((totals, i) => ({
    quantity: lines[i]?.quantity ?? 0,
    unitPrice: totals.unitPrice,
    gross: totals.gross,
    lineDiscount: totals.lineDiscount,
    amount: totals.amount,
    ticketDiscountShare: totals.ticketDiscountShare,
    net: totals.net,
    vatRateBp: totals.vatRateBp,
  }));
}

function soldLine(line: LineInput, ticketDiscount: Discount | null = null): SoldLine {
  const [sold] = sell([line], ticketDiscount);
  if (!sold) throw new Error('no sold line');
  return sold;
}

/** Refunds `sold` in the given parts, one after the other. */
function refundInParts(sold: SoldLine, parts: number[]): LineTotals[] {
  let already = 0;
  return parts.map((quantity) => {
    const refund = refundLineTotals(sold, already, quantity);
    already += quantity;
    return refund;
  });
}

/** The figures as a receipt shows them: a refunded zero is 0 (-0 and 0 print alike). */
function figures(refund: LineTotals | undefined): Record<string, number> {
  if (!refund) throw new Error('no refund line');
  return Object.fromEntries(Object.entries(refund).map(([key, value]) => [key, value + 0]));
}

function sumOf(refunds: LineTotals[], field: keyof LineTotals): number {
  return refunds.reduce((sum, refund) => sum + refund[field], 0);
}

describe('refundLineTotals', () => {
  it('refunds a whole line as the negation of what was paid for it', () => {
    const sold = soldLine({ unitPrice: 450, quantity: 2000, vatRateBp: 2100 });
    expect(figures(refundLineTotals(sold, 0, 2000))).toEqual({
      unitPrice: 450,
      gross: -900,
      lineDiscount: 0,
      amount: -900,
      ticketDiscountShare: 0,
      net: -900,
      vatRateBp: 2100,
    });
  });

  it('refunds the same line in two goes: the second part is what the first left', () => {
    // 3 x 0.40 with 0.20 off the line: three for 1.00. One piece back is 0.33, the other two
    // are what is left: 0.67, not 2 x 0.33.
    const sold = soldLine({
      unitPrice: 40,
      quantity: 3000,
      vatRateBp: 600,
      discount: { kind: 'amount', cents: 20 },
    });
    const [first, second] = refundInParts(sold, [1000, 2000]);
    expect(figures(first)).toMatchObject({ gross: -40, lineDiscount: -7, amount: -33, net: -33 });
    expect(figures(second)).toMatchObject({ gross: -80, lineDiscount: -13, amount: -67, net: -67 });
  });

  it('gives back exactly what was paid when a line goes back piece by piece', () => {
    const sold = soldLine({
      unitPrice: 40,
      quantity: 3000,
      vatRateBp: 600,
      discount: { kind: 'amount', cents: 20 },
    });
    const parts = refundInParts(sold, [1000, 1000, 1000]);
    // Each third on its own would be 0.33 three times: 0.99, a cent short.
    expect(parts.map((p) => p.amount)).toEqual([-33, -34, -33]);
    expect(sumOf(parts, 'amount')).toBe(-100);
  });

  it('gives back a weighed line in two goes to the cent', () => {
    // 0.532 kg at 3.99 EUR/kg = 2.12; 0.200 kg back first (0.80), then the remaining 0.332 kg.
    const sold = soldLine({ unitPrice: 399, quantity: 532, vatRateBp: 600 });
    const [first, second] = refundInParts(sold, [200, 332]);
    expect(first?.gross).toBe(-80);
    expect(second?.gross).toBe(-132);
  });

  it('refunds a line that had a line discount at the discounted price', () => {
    // 3 x 1.09 = 3.27, 10 % off = 0.33 (rounded): 2.94 paid.
    const sold = soldLine({
      unitPrice: 109,
      quantity: 3000,
      vatRateBp: 600,
      discount: { kind: 'percent', basisPoints: 1000 },
    });
    const [first, second] = refundInParts(sold, [1000, 2000]);
    expect(figures(first)).toEqual({
      unitPrice: 109,
      gross: -109,
      lineDiscount: -11,
      amount: -98,
      ticketDiscountShare: 0,
      net: -98,
      vatRateBp: 600,
    });
    expect(figures(second)).toMatchObject({
      gross: -218,
      lineDiscount: -22,
      amount: -196,
      net: -196,
    });
    expect(sumOf([first, second] as LineTotals[], 'net')).toBe(-294);
  });

  it('refunds a line of a ticket that had a ticket discount at what the line really cost', () => {
    // 5 % off the ticket (0.54 EUR), of which 0.15 fell on the 2.94 EUR line.
    const [, milk] = sell(
      [
        { unitPrice: 399, quantity: 532, vatRateBp: 600 },
        {
          unitPrice: 109,
          quantity: 3000,
          vatRateBp: 600,
          discount: { kind: 'percent', basisPoints: 1000 },
        },
        { unitPrice: 450, quantity: 1000, vatRateBp: 2100 },
        { unitPrice: 150, quantity: 1000, vatRateBp: 2100, priceOverride: 120 },
      ],
      { kind: 'percent', basisPoints: 500 },
    );
    if (!milk) throw new Error('no milk line');
    expect(milk.ticketDiscountShare).toBe(15);
    const [first, second] = refundInParts(milk, [1000, 2000]);
    expect(first).toMatchObject({ amount: -98, ticketDiscountShare: -5, net: -93 });
    expect(second).toMatchObject({ amount: -196, ticketDiscountShare: -10, net: -186 });
    // 2.94 - 0.15 = 2.79 paid, 2.79 given back.
    expect(sumOf([first, second] as LineTotals[], 'net')).toBe(-279);
  });

  it('keeps gross - discounts = net on every part, whatever the split', () => {
    const sold = soldLine(
      {
        unitPrice: 1999,
        quantity: 7000,
        vatRateBp: 2100,
        discount: { kind: 'amount', cents: 333 },
      },
      null,
    );
    const withShare = { ...sold, ticketDiscountShare: 101, net: sold.amount - 101 };
    for (const parts of [[7000], [1000, 6000], [3000, 3000, 1000], [1000, 1000, 1000, 4000]]) {
      const refunds = refundInParts(withShare, parts);
      for (const r of refunds) {
        expect(r.amount).toBe(r.gross - r.lineDiscount);
        expect(r.net).toBe(r.amount - r.ticketDiscountShare);
      }
      expect(sumOf(refunds, 'gross')).toBe(-withShare.gross);
      expect(sumOf(refunds, 'lineDiscount')).toBe(-withShare.lineDiscount);
      expect(sumOf(refunds, 'ticketDiscountShare')).toBe(-101);
      expect(sumOf(refunds, 'net')).toBe(-(withShare.gross - withShare.lineDiscount - 101));
    }
  });
});
