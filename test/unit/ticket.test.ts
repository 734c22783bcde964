import { describe, expect, it } from 'vitest';
import {
  allocate,
  computeTicket,
  type Discount,
  type LineInput,
  type TicketTotals,
} from '../../domain/ticket';
import { TillError } from '../../domain/errors';

/** Negation without a negative zero, to compare refunds with sales. */
const neg = (x: number): number => (x === 0 ? 0 : -x);

function codeOf(attempt: () => unknown): string | undefined {
  try {
    attempt();
  } catch (error) {
    if (error instanceof TillError) return error.code;
    throw error;
  }
  return undefined;
}

/** A tiny deterministic generator, so that the "many tickets" tests are reproducible. */
function lcg(seed: number): (max: number) => number {
  let state = seed >>> 0;
  return (max) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % max;
  };
}

const weekShopping: LineInput[] = [
  // 0.532 kg of apples at 3.99 €/kg: 2.12268 -> 2.12
  { unitPrice: 399, quantity: 532, vatRateBp: 600 },
  // 3 x 1.09 = 3.27, -10 % = -0.327 -> -0.33
  {
    unitPrice: 109,
    quantity: 3000,
    vatRateBp: 600,
    discount: { kind: 'percent', basisPoints: 1000 },
  },
  { unitPrice: 450, quantity: 1000, vatRateBp: 2100 },
  // A manager's price: 1.20 instead of 1.50
  { unitPrice: 150, quantity: 1000, vatRateBp: 2100, priceOverride: 120 },
];

describe('computeTicket: lines', () => {
  it('prices a weighed line, a discounted line and an overridden line', () => {
    const t = computeTicket(weekShopping);
    expect(t.lines.map((l) => [l.unitPrice, l.gross, l.lineDiscount, l.amount])).toEqual([
      [399, 212, 0, 212],
      [109, 327, 33, 294],
      [450, 450, 0, 450],
      [120, 120, 0, 120],
    ]);
    expect(t.subtotal).toBe(1076);
    expect(t.ticketDiscount).toBe(0);
    expect(t.total).toBe(1076);
    expect(t.lines.every((l) => l.net === l.amount && l.ticketDiscountShare === 0)).toBe(true);
  });

  it('rounds a half cent of price x quantity away from zero', () => {
    const line = (unitPrice: number, quantity: number) =>
      computeTicket([{ unitPrice, quantity, vatRateBp: 600 }]).lines[0]?.gross;
    expect(line(101, 500)).toBe(51); // 50.5
    expect(line(101, -500)).toBe(-51);
    expect(line(1, 500)).toBe(1); // 0.5
    expect(line(1, 499)).toBe(0); // 0.499
    expect(line(299, 1500)).toBe(449); // 448.5
  });

  it('rounds a percent discount half away from zero', () => {
    const discountOf = (unitPrice: number, bp: number) =>
      computeTicket([
        {
          unitPrice,
          quantity: 1000,
          vatRateBp: 600,
          discount: { kind: 'percent', basisPoints: bp },
        },
      ]).lines[0]?.lineDiscount;
    expect(discountOf(25, 1000)).toBe(3); // 2.5
    expect(discountOf(5, 1000)).toBe(1); // 0.5
    expect(discountOf(24, 1000)).toBe(2); // 2.4
    expect(discountOf(999, 3333)).toBe(333); // 332.97
    expect(discountOf(999, 10_000)).toBe(999); // 100 %: free
  });

  it('takes an amount discount off the line as a whole', () => {
    const t = computeTicket([
      { unitPrice: 250, quantity: 2000, vatRateBp: 600, discount: { kind: 'amount', cents: 100 } },
    ]);
    expect(t.lines[0]).toMatchObject({ gross: 500, lineDiscount: 100, amount: 400, net: 400 });
  });

  it('accepts a price override of zero (given away)', () => {
    const t = computeTicket([{ unitPrice: 250, quantity: 1000, vatRateBp: 600, priceOverride: 0 }]);
    expect(t.total).toBe(0);
    expect(t.vat).toEqual([{ rateBp: 600, gross: 0, vat: 0, net: 0 }]);
  });

  it('refuses a discount larger than the line', () => {
    expect(
      codeOf(() =>
        computeTicket([
          {
            unitPrice: 250,
            quantity: 1000,
            vatRateBp: 600,
            discount: { kind: 'amount', cents: 251 },
          },
        ]),
      ),
    ).toBe('ticket.discount_too_large');
    expect(
      codeOf(() =>
        computeTicket([
          {
            unitPrice: 250,
            quantity: 1000,
            vatRateBp: 600,
            discount: { kind: 'percent', basisPoints: 10_001 },
          },
        ]),
      ),
    ).toBe('ticket.discount_too_large');
  });

  it('refuses a negative or fractional discount', () => {
    for (const discount of [
      { kind: 'amount', cents: -1 },
      { kind: 'percent', basisPoints: -100 },
      { kind: 'amount', cents: 0.5 },
      { kind: 'percent', basisPoints: 12.5 },
    ] as Discount[]) {
      expect(
        codeOf(() => computeTicket([{ unitPrice: 250, quantity: 1000, vatRateBp: 600, discount }])),
      ).toBe('ticket.invalid_discount');
    }
  });

  it('refuses float money and quantities, and unknown rates', () => {
    expect(codeOf(() => computeTicket([{ unitPrice: 2.5, quantity: 1000, vatRateBp: 600 }]))).toBe(
      'ticket.invalid_line',
    );
    expect(codeOf(() => computeTicket([{ unitPrice: 250, quantity: 0.5, vatRateBp: 600 }]))).toBe(
      'ticket.invalid_line',
    );
    expect(codeOf(() => computeTicket([{ unitPrice: 250, quantity: 1000, vatRateBp: 21.5 }]))).toBe(
      'tax.invalid_rate',
    );
  });

  it('gives an empty ticket a zero total and no VAT', () => {
    expect(computeTicket([])).toEqual({
      lines: [],
      subtotal: 0,
      ticketDiscount: 0,
      total: 0,
      vat: [],
    });
  });
});

describe('computeTicket: ticket discount', () => {
  it('spreads a ticket discount over the lines, summing exactly', () => {
    // 5 % of 10.76 = 0.538 -> 0.54, spread in proportion to 2.12, 2.94, 4.50, 1.20.
    const t = computeTicket(weekShopping, { kind: 'percent', basisPoints: 500 });
    expect(t.ticketDiscount).toBe(54);
    expect(t.total).toBe(1022);
    expect(t.lines.map((l) => l.ticketDiscountShare)).toEqual([11, 15, 22, 6]);
    expect(t.lines.map((l) => l.net)).toEqual([201, 279, 428, 114]);
  });

  it('computes the VAT per rate from what the lines really cost after the discount', () => {
    const t = computeTicket(weekShopping, { kind: 'percent', basisPoints: 500 });
    expect(t.vat).toEqual([
      { rateBp: 600, gross: 480, vat: 27, net: 453 }, // 27.17
      { rateBp: 2100, gross: 542, vat: 94, net: 448 }, // 94.07
    ]);
    expect(t.vat.reduce((s, r) => s + r.gross, 0)).toBe(t.total);
  });

  it('gives remainders to the largest fractions, ties to the earlier line', () => {
    expect(allocate(10, [100, 200, 300])).toEqual([2, 3, 5]);
    expect(allocate(1, [100, 100, 100])).toEqual([1, 0, 0]);
    expect(allocate(2, [100, 100, 100])).toEqual([1, 1, 0]);
    expect(allocate(0, [100, 100])).toEqual([0, 0]);
  });

  it('takes an amount off the ticket', () => {
    const t = computeTicket(
      [
        { unitPrice: 1000, quantity: 1000, vatRateBp: 600 },
        { unitPrice: 2000, quantity: 1000, vatRateBp: 2100 },
      ],
      { kind: 'amount', cents: 100 },
    );
    expect(t.ticketDiscount).toBe(100);
    expect(t.total).toBe(2900);
    expect(t.lines.map((l) => l.ticketDiscountShare)).toEqual([33, 67]);
    expect(t.vat).toEqual([
      { rateBp: 600, gross: 967, vat: 55, net: 912 },
      { rateBp: 2100, gross: 1933, vat: 335, net: 1598 },
    ]);
  });

  it('refuses a ticket discount above the subtotal, and on an empty ticket', () => {
    expect(
      codeOf(() =>
        computeTicket([{ unitPrice: 100, quantity: 1000, vatRateBp: 600 }], {
          kind: 'amount',
          cents: 101,
        }),
      ),
    ).toBe('ticket.discount_too_large');
    expect(codeOf(() => computeTicket([], { kind: 'amount', cents: 1 }))).toBe(
      'ticket.discount_too_large',
    );
  });

  it('makes a 100 % ticket discount free on every line', () => {
    const t = computeTicket(weekShopping, { kind: 'percent', basisPoints: 10_000 });
    expect(t.total).toBe(0);
    expect(t.lines.every((l) => l.net === 0)).toBe(true);
    expect(t.vat.every((r) => r.vat === 0)).toBe(true);
  });

  it('keeps every line within its amount on many random tickets, and sums exactly', () => {
    const next = lcg(42);
    const rates = [0, 600, 1200, 2100];
    for (let n = 0; n < 300; n++) {
      const lines: LineInput[] = Array.from({ length: 1 + next(8) }, () => ({
        unitPrice: 1 + next(5000),
        quantity: next(2) === 0 ? 1000 * (1 + next(5)) : 1 + next(3000),
        vatRateBp: rates[next(4)] ?? 0,
        discount: next(4) === 0 ? { kind: 'percent', basisPoints: next(10_001) } : null,
      }));
      const subtotal = computeTicket(lines).subtotal;
      const discount: Discount =
        next(2) === 0
          ? { kind: 'percent', basisPoints: next(10_001) }
          : { kind: 'amount', cents: next(subtotal + 1) };
      const t = computeTicket(lines, discount);
      expect(t.lines.reduce((s, l) => s + l.ticketDiscountShare, 0)).toBe(t.ticketDiscount);
      expect(t.lines.reduce((s, l) => s + l.net, 0)).toBe(t.total);
      expect(t.vat.reduce((s, r) => s + r.gross, 0)).toBe(t.total);
      for (const l of t.lines) {
        expect(l.ticketDiscountShare).toBeGreaterThanOrEqual(0);
        expect(l.net).toBeGreaterThanOrEqual(0);
        expect(l.net).toBeLessThanOrEqual(l.amount);
      }
      // A refund of the whole ticket is its exact negation.
      const refund = computeTicket(
        lines.map((l) => ({ ...l, quantity: -l.quantity })),
        discount,
      );
      expect(refund).toEqual(negateTotals(t));
    }
  });
});

function negateTotals(t: TicketTotals): TicketTotals {
  return {
    lines: t.lines.map((l) => ({
      unitPrice: l.unitPrice,
      gross: neg(l.gross),
      lineDiscount: neg(l.lineDiscount),
      amount: neg(l.amount),
      ticketDiscountShare: neg(l.ticketDiscountShare),
      net: neg(l.net),
      vatRateBp: l.vatRateBp,
    })),
    subtotal: neg(t.subtotal),
    ticketDiscount: neg(t.ticketDiscount),
    total: neg(t.total),
    vat: t.vat.map((r) => ({
      rateBp: r.rateBp,
      gross: neg(r.gross),
      vat: neg(r.vat),
      net: neg(r.net),
    })),
  };
}

describe('computeTicket: refunds', () => {
  it('refunds a ticket as the exact negation of the sale', () => {
    const lines: LineInput[] = [
      ...weekShopping,
      { unitPrice: 101, quantity: 500, vatRateBp: 1200 }, // half cent
      { unitPrice: 999, quantity: 1000, vatRateBp: 0, discount: { kind: 'amount', cents: 199 } },
    ];
    for (const discount of [
      null,
      { kind: 'percent', basisPoints: 750 },
      { kind: 'amount', cents: 77 },
    ] as (Discount | null)[]) {
      const sale = computeTicket(lines, discount);
      const refund = computeTicket(
        lines.map((l) => ({ ...l, quantity: -l.quantity })),
        discount,
      );
      expect(refund).toEqual(negateTotals(sale));
      expect(refund.total).toBe(-sale.total);
    }
  });

  it('an amount discount on a refund line reduces what is refunded', () => {
    const t = computeTicket([
      { unitPrice: 500, quantity: -1000, vatRateBp: 600, discount: { kind: 'amount', cents: 100 } },
    ]);
    expect(t.lines[0]).toMatchObject({ gross: -500, lineDiscount: -100, amount: -400 });
  });

  it('spreads a ticket discount over lines of both signs without flipping any', () => {
    // A sale with a bottle deposit returned (negative line).
    const t = computeTicket(
      [
        { unitPrice: 1000, quantity: 1000, vatRateBp: 600 },
        { unitPrice: -300, quantity: 1000, vatRateBp: 2100 },
      ],
      { kind: 'percent', basisPoints: 1000 },
    );
    expect(t.subtotal).toBe(700);
    expect(t.ticketDiscount).toBe(70);
    expect(t.lines.map((l) => l.ticketDiscountShare)).toEqual([100, -30]);
    expect(t.lines.map((l) => l.net)).toEqual([900, -270]);
    expect(t.total).toBe(630);
  });
});
