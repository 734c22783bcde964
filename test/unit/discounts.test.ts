import { describe, expect, it } from 'vitest';
import { allocate, computeTicket, discountAmount, type LineInput } from '../../domain/ticket';
import { refusal } from '../support/refusal';

const bread: LineInput = { unitPrice: 250, quantity: 1000, vatRateBp: 600 };

describe('line discounts', () => {
  it('allows a fixed discount equal to the whole line: a free item', () => {
    const t = computeTicket([{ ...bread, discount: { kind: 'amount', cents: 250 } }]);
    expect(t.lines[0]).toMatchObject({ gross: 250, lineDiscount: 250, amount: 0, net: 0 });
    expect(t.total).toBe(0);
  });

  it('allows a free item on a refund line too', () => {
    const t = computeTicket([
      { ...bread, quantity: -1000, discount: { kind: 'amount', cents: 250 } },
    ]);
    expect(t.lines[0]).toMatchObject({ gross: -250, lineDiscount: -250 });
    expect(t.total + 0).toBe(0);
  });

  it('allows a 0 % and a 0-cent discount, which take nothing off', () => {
    for (const discount of [
      { kind: 'percent', basisPoints: 0 },
      { kind: 'amount', cents: 0 },
    ] as const) {
      const t = computeTicket([{ ...bread, discount }], discount);
      expect(t.lines[0]?.lineDiscount).toBe(0);
      expect(t.ticketDiscount).toBe(0);
      expect(t.total).toBe(250);
    }
    expect(discountAmount(-250, { kind: 'amount', cents: 0 }) + 0).toBe(0);
  });

  it('names the refused discount in words', () => {
    const negative = refusal(() => discountAmount(250, { kind: 'percent', basisPoints: -1 }));
    expect(negative).toMatchObject({
      code: 'ticket.invalid_discount',
      message: 'A discount cannot be negative (-1 bp)',
      details: { basisPoints: -1 },
    });
    const over = refusal(() => discountAmount(250, { kind: 'percent', basisPoints: 10_001 }));
    expect(over).toMatchObject({
      code: 'ticket.discount_too_large',
      message: 'A discount cannot exceed 100 % (10001 bp)',
      details: { basisPoints: 10_001 },
    });
    const negativeCents = refusal(() => discountAmount(250, { kind: 'amount', cents: -5 }));
    expect(negativeCents).toMatchObject({
      code: 'ticket.invalid_discount',
      message: 'A discount cannot be negative (-5)',
      details: { cents: -5 },
    });
    const tooMuch = refusal(() => discountAmount(-250, { kind: 'amount', cents: 251 }));
    expect(tooMuch).toMatchObject({
      code: 'ticket.discount_too_large',
      message: 'A discount of 251 cents exceeds the amount it applies to (-250 cents)',
      details: { cents: 251, amount: -250 },
    });
    const fraction = refusal(() => discountAmount(250, { kind: 'percent', basisPoints: 2.5 }));
    expect(fraction).toMatchObject({
      code: 'ticket.invalid_discount',
      message: 'basisPoints must be an integer, got 2.5',
      details: { basisPoints: '2.5' },
    });
    const fractionCents = refusal(() => discountAmount(250, { kind: 'amount', cents: 0.5 }));
    expect(fractionCents).toMatchObject({
      message: 'cents must be an integer, got 0.5',
      details: { cents: '0.5' },
    });
  });
});

describe('price overrides and line figures', () => {
  it('refuses a price override with a fraction of a cent, naming it', () => {
    const error = refusal(() => computeTicket([{ ...bread, priceOverride: 199.5 }]));
    expect(error).toMatchObject({
      code: 'ticket.invalid_line',
      message: 'priceOverride must be an integer, got 199.5',
      details: { priceOverride: '199.5' },
    });
  });

  it('names a fractional price or quantity', () => {
    expect(refusal(() => computeTicket([{ ...bread, unitPrice: 2.5 }]))).toMatchObject({
      message: 'unitPrice must be an integer, got 2.5',
      details: { unitPrice: '2.5' },
    });
    expect(refusal(() => computeTicket([{ ...bread, quantity: 0.5 }]))).toMatchObject({
      message: 'quantity must be an integer, got 0.5',
      details: { quantity: '0.5' },
    });
  });
});

describe('ticket discounts shared over the lines', () => {
  it('rounds the share of a negative line (a deposit returned) towards the lower share', () => {
    // 10.00 - 3.34 = 6.66; 10 % off is 0.67. Exact shares: 1.006 and -0.334: the bottle gets
    // -0.34 (floor) and the cent left over goes to the line with the largest remainder.
    const t = computeTicket(
      [
        { unitPrice: 1000, quantity: 1000, vatRateBp: 600 },
        { unitPrice: -334, quantity: 1000, vatRateBp: 2100 },
      ],
      { kind: 'percent', basisPoints: 1000 },
    );
    expect(t.ticketDiscount).toBe(67);
    expect(t.lines.map((l) => l.ticketDiscountShare)).toEqual([101, -34]);
    expect(t.lines.map((l) => l.net)).toEqual([899, -300]);
    expect(t.total).toBe(599);
  });

  it('gives the left-over cent to the negative line when its remainder is the largest', () => {
    // 10.00 - 3.33 = 6.67, 10 % off is 0.67: shares 1.0045 and -0.3345, floors 1.00 and -0.34.
    const t = computeTicket(
      [
        { unitPrice: 1000, quantity: 1000, vatRateBp: 600 },
        { unitPrice: -333, quantity: 1000, vatRateBp: 2100 },
      ],
      { kind: 'percent', basisPoints: 1000 },
    );
    expect(t.lines.map((l) => l.ticketDiscountShare)).toEqual([100, -33]);
  });

  it('mirrors the shares exactly on a refund of such a ticket', () => {
    const t = computeTicket(
      [
        { unitPrice: 1000, quantity: -1000, vatRateBp: 600 },
        { unitPrice: -334, quantity: -1000, vatRateBp: 2100 },
      ],
      { kind: 'percent', basisPoints: 1000 },
    );
    expect(t.lines.map((l) => l.ticketDiscountShare)).toEqual([-101, 34]);
    expect(t.total).toBe(-599);
  });

  it('spreads a remainder of several cents, the largest fractions first', () => {
    expect(allocate(5, [1, 1, 1, 1, 1, 1, 1])).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect(allocate(7, [300, 200, 500])).toEqual([2, 1, 4]);
    expect(allocate(-7, [-300, -200, -500])).toEqual([-2, -1, -4]);
    expect(allocate(100, [-50, 150])).toEqual([-50, 150]);
  });

  it('refuses to spread an amount over lines summing to zero', () => {
    expect(refusal(() => allocate(5, [100, -100]))).toMatchObject({
      code: 'ticket.discount_too_large',
      message: 'Cannot spread an amount over a zero total',
      details: { total: 5 },
    });
  });
});
