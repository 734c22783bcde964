import { describe, expect, it } from 'vitest';
import {
  allocate,
  computeTicket,
  isFullyPaid,
  roundToFiveCents,
  settle,
  type Discount,
  type LineInput,
  type Settlement,
  type TicketTotals,
} from '../../domain/ticket';
import { TillError } from '../../domain/errors';

const isCash = (method: string): boolean => method === 'cash';

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

describe('roundToFiveCents', () => {
  it('rounds 1, 2 down; 3, 4 up to 5; 6, 7 down to 5; 8, 9 up', () => {
    const cases: [number, number][] = [
      [250, 250],
      [251, 250],
      [252, 250],
      [253, 255],
      [254, 255],
      [255, 255],
      [256, 255],
      [257, 255],
      [258, 260],
      [259, 260],
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 5],
    ];
    for (const [amount, rounded] of cases) {
      expect(roundToFiveCents(amount)).toBe(rounded);
      expect(roundToFiveCents(-amount)).toBe(neg(rounded));
    }
  });
});

describe('settle', () => {
  it('rounds a ticket paid wholly in cash and records the rounding', () => {
    const s = settle(253, [{ method: 'cash', amount: 300 }], isCash);
    expect(s).toEqual({
      total: 253,
      rounding: 2,
      due: 255,
      paid: 300,
      cashPaid: 300,
      change: 45,
      remaining: 0,
      cashOnly: true,
    });
    expect(isFullyPaid(s)).toBe(true);
  });

  it('rounds down when the cents end in 1, 2, 6 or 7', () => {
    for (const [total, rounding] of [
      [1021, -1],
      [1022, -2],
      [1026, -1],
      [1027, -2],
      [1023, 2],
      [1024, 1],
      [1028, 2],
      [1029, 1],
      [1020, 0],
      [1025, 0],
    ] as [number, number][]) {
      const s = settle(total, [{ method: 'cash', amount: 5000 }], isCash);
      expect(s.rounding).toBe(rounding);
      expect(s.due).toBe(total + rounding);
      expect(s.due % 5).toBe(0);
      expect(s.change).toBe(5000 - s.due);
    }
  });

  it('takes exact cash for a rounded total', () => {
    const s = settle(1022, [{ method: 'cash', amount: 1020 }], isCash);
    expect(s).toMatchObject({ rounding: -2, due: 1020, change: 0, remaining: 0 });
    expect(isFullyPaid(s)).toBe(true);
  });

  it('does not round when a card pays part of the ticket', () => {
    const s = settle(
      253,
      [
        { method: 'card', amount: 200 },
        { method: 'cash', amount: 53 },
      ],
      isCash,
    );
    expect(s).toMatchObject({ rounding: 0, due: 253, paid: 253, change: 0, cashOnly: false });
    expect(isFullyPaid(s)).toBe(true);
  });

  it('does not round a card payment', () => {
    const s = settle(253, [{ method: 'card', amount: 253 }], isCash);
    expect(s).toMatchObject({ rounding: 0, due: 253, change: 0, remaining: 0, cashOnly: false });
  });

  it('gives change from the cash part of a mixed payment', () => {
    const s = settle(
      253,
      [
        { method: 'card', amount: 200 },
        { method: 'cash', amount: 100 },
      ],
      isCash,
    );
    expect(s).toMatchObject({ due: 253, paid: 300, change: 47, remaining: 0 });
  });

  it('refuses to overpay by card', () => {
    expect(codeOf(() => settle(253, [{ method: 'card', amount: 300 }], isCash))).toBe(
      'payment.overpaid_non_cash',
    );
    // 12 cents of change but only 5 cents of cash.
    expect(
      codeOf(() =>
        settle(
          253,
          [
            { method: 'card', amount: 260 },
            { method: 'cash', amount: 5 },
          ],
          isCash,
        ),
      ),
    ).toBe('payment.overpaid_non_cash');
    // Any payment on a zero ticket is change; by card it is refused.
    expect(codeOf(() => settle(0, [{ method: 'card', amount: 100 }], isCash))).toBe(
      'payment.overpaid_non_cash',
    );
  });

  it('says what remains when underpaid instead of refusing', () => {
    const s = settle(1000, [{ method: 'cash', amount: 500 }], isCash);
    expect(s).toMatchObject({ due: 1000, paid: 500, change: 0, remaining: 500 });
    expect(isFullyPaid(s)).toBe(false);
    const none = settle(1023, [], isCash);
    expect(none).toMatchObject({
      rounding: 0,
      due: 1023,
      paid: 0,
      remaining: 1023,
      cashOnly: false,
    });
    // Cash so far: the remaining is what cash must still bring (rounded).
    const partCash = settle(1023, [{ method: 'cash', amount: 1000 }], isCash);
    expect(partCash).toMatchObject({ rounding: 2, due: 1025, remaining: 25 });
  });

  it('pays a refund back in cash, rounded, as the mirror of a sale', () => {
    const s = settle(-253, [{ method: 'cash', amount: -255 }], isCash);
    expect(s).toEqual({
      total: -253,
      rounding: -2,
      due: -255,
      paid: -255,
      cashPaid: -255,
      change: 0,
      remaining: 0,
      cashOnly: true,
    });
    expect(isFullyPaid(s)).toBe(true);
    const part = settle(-253, [{ method: 'cash', amount: -100 }], isCash);
    expect(part.remaining).toBe(-155);
    expect(isFullyPaid(part)).toBe(false);
  });

  it('refunds to a card without rounding, and refuses to over-refund by card', () => {
    expect(settle(-253, [{ method: 'card', amount: -253 }], isCash)).toMatchObject({
      rounding: 0,
      due: -253,
      remaining: 0,
    });
    expect(codeOf(() => settle(-253, [{ method: 'card', amount: -300 }], isCash))).toBe(
      'payment.overpaid_non_cash',
    );
  });

  it('is symmetric: settling a refund mirrors the sale', () => {
    const mirror = (s: Settlement): Settlement => ({
      total: neg(s.total),
      rounding: neg(s.rounding),
      due: neg(s.due),
      paid: neg(s.paid),
      cashPaid: neg(s.cashPaid),
      change: neg(s.change),
      remaining: neg(s.remaining),
      cashOnly: s.cashOnly,
    });
    for (const total of [0, 1, 2, 3, 4, 6, 7, 8, 9, 1234, 99999]) {
      for (const payments of [
        [{ method: 'cash', amount: 100_000 }],
        [{ method: 'cash', amount: Math.floor(total / 2) }],
        [
          { method: 'card', amount: Math.floor(total / 2) },
          { method: 'cash', amount: total },
        ],
      ]) {
        const sale = settle(total, payments, isCash);
        const refund = settle(
          neg(total),
          payments.map((p) => ({ ...p, amount: neg(p.amount) })),
          isCash,
        );
        expect(refund).toEqual(mirror(sale));
      }
    }
  });

  it('settles an empty free ticket with nothing to pay', () => {
    expect(isFullyPaid(settle(0, [], isCash))).toBe(true);
  });

  it('refuses float amounts and methodless payments', () => {
    expect(codeOf(() => settle(2.5, [], isCash))).toBe('payment.invalid_amount');
    expect(codeOf(() => settle(250, [{ method: 'cash', amount: 2.5 }], isCash))).toBe(
      'payment.invalid_amount',
    );
    expect(codeOf(() => settle(250, [{ method: '', amount: 250 }], isCash))).toBe(
      'payment.invalid_method',
    );
  });
});
