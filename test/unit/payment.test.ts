import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  isFullyPaid,
  roundCashAmount,
  roundToFiveCents,
  settle,
  type PaymentInput,
  type PaymentKind,
  type Settlement,
} from '../../domain/payment';
import { TillError } from '../../domain/errors';

const kindOf = (method: string): PaymentKind => (method === 'cash' ? 'cash' : 'card');

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
    const s = settle(253, [{ method: 'cash', amount: 300 }], kindOf);
    expect(s).toEqual({
      total: 253,
      rounding: 2,
      due: 255,
      paid: 300,
      cashPaid: 300,
      change: 45,
      remaining: 0,
      cashOnly: true,
      voucherExcess: 0,
      paymentRounding: [2],
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
      const s = settle(total, [{ method: 'cash', amount: 5000 }], kindOf);
      expect(s.rounding).toBe(rounding);
      expect(s.due).toBe(total + rounding);
      expect(s.due % 5).toBe(0);
      expect(s.change).toBe(5000 - s.due);
    }
  });

  it('takes exact cash for a rounded total', () => {
    const s = settle(1022, [{ method: 'cash', amount: 1020 }], kindOf);
    expect(s).toMatchObject({ rounding: -2, due: 1020, change: 0, remaining: 0 });
    expect(isFullyPaid(s)).toBe(true);
  });

  it('rounds the cash part when a card pays the rest of the ticket', () => {
    const s = settle(
      253,
      [
        { method: 'card', amount: 200 },
        { method: 'cash', amount: 55 },
      ],
      kindOf,
    );
    expect(s).toMatchObject({ rounding: 2, due: 255, paid: 255, change: 0, cashOnly: false });
    expect(s.paymentRounding).toEqual([0, 2]);
    expect(isFullyPaid(s)).toBe(true);
  });

  it('does not round a card payment', () => {
    const s = settle(253, [{ method: 'card', amount: 253 }], kindOf);
    expect(s).toMatchObject({ rounding: 0, due: 253, change: 0, remaining: 0, cashOnly: false });
  });

  it('gives change from the cash part of a mixed payment', () => {
    const s = settle(
      253,
      [
        { method: 'card', amount: 200 },
        { method: 'cash', amount: 100 },
      ],
      kindOf,
    );
    // The cash part 0.53 is rounded to 0.55: 0.45 back.
    expect(s).toMatchObject({ due: 255, paid: 300, change: 45, remaining: 0 });
  });

  it('refuses to overpay by card', () => {
    expect(codeOf(() => settle(253, [{ method: 'card', amount: 300 }], kindOf))).toBe(
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
          kindOf,
        ),
      ),
    ).toBe('payment.overpaid_non_cash');
    // Any payment on a zero ticket is change; by card it is refused.
    expect(codeOf(() => settle(0, [{ method: 'card', amount: 100 }], kindOf))).toBe(
      'payment.overpaid_non_cash',
    );
  });

  it('says what remains when underpaid instead of refusing', () => {
    const s = settle(1000, [{ method: 'cash', amount: 500 }], kindOf);
    expect(s).toMatchObject({ due: 1000, paid: 500, change: 0, remaining: 500 });
    expect(isFullyPaid(s)).toBe(false);
    const none = settle(1023, [], kindOf);
    expect(none).toMatchObject({
      rounding: 0,
      due: 1023,
      paid: 0,
      remaining: 1023,
      cashOnly: false,
    });
    // Cash so far: the remaining is what cash must still bring (rounded).
    const partCash = settle(1023, [{ method: 'cash', amount: 1000 }], kindOf);
    expect(partCash).toMatchObject({ rounding: 2, due: 1025, remaining: 25 });
  });

  it('pays a refund back in cash, rounded, as the mirror of a sale', () => {
    const s = settle(-253, [{ method: 'cash', amount: -255 }], kindOf);
    expect(s).toEqual({
      total: -253,
      rounding: -2,
      due: -255,
      paid: -255,
      cashPaid: -255,
      change: 0,
      remaining: 0,
      cashOnly: true,
      voucherExcess: 0,
      paymentRounding: [-2],
    });
    expect(isFullyPaid(s)).toBe(true);
    const part = settle(-253, [{ method: 'cash', amount: -100 }], kindOf);
    expect(part.remaining).toBe(-155);
    expect(isFullyPaid(part)).toBe(false);
  });

  it('refunds to a card without rounding, and refuses to over-refund by card', () => {
    expect(settle(-253, [{ method: 'card', amount: -253 }], kindOf)).toMatchObject({
      rounding: 0,
      due: -253,
      remaining: 0,
    });
    expect(codeOf(() => settle(-253, [{ method: 'card', amount: -300 }], kindOf))).toBe(
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
      voucherExcess: neg(s.voucherExcess),
      paymentRounding: s.paymentRounding.map(neg),
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
        const sale = settle(total, payments, kindOf);
        const refund = settle(
          neg(total),
          payments.map((p) => ({ ...p, amount: neg(p.amount) })),
          kindOf,
        );
        expect(refund).toEqual(mirror(sale));
      }
    }
  });

  it('settles an empty free ticket with nothing to pay', () => {
    expect(isFullyPaid(settle(0, [], kindOf))).toBe(true);
  });

  it('refuses float amounts and methodless payments', () => {
    expect(codeOf(() => settle(2.5, [], kindOf))).toBe('payment.invalid_amount');
    expect(codeOf(() => settle(250, [{ method: 'cash', amount: 2.5 }], kindOf))).toBe(
      'payment.invalid_amount',
    );
    expect(codeOf(() => settle(250, [{ method: '', amount: 250 }], kindOf))).toBe(
      'payment.invalid_method',
    );
  });
});

const RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

/** cash, card, a meal voucher and a transfer, as a coop sets them. */
const kinds: Record<string, PaymentKind> = {
  cash: 'cash',
  card: 'card',
  meal_voucher: 'voucher',
  transfer: 'transfer',
};
const kindOfMethod = (method: string): PaymentKind => kinds[method] ?? 'other';

describe('Belgian cash rounding (Code of Economic Law, since 1 December 2019)', () => {
  it("follows the law's table: endings 1, 2 -> 0; 3 to 7 -> 5; 8, 9 -> 10", () => {
    for (const [ending, rounded] of [
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 5],
      [4, 5],
      [5, 5],
      [6, 5],
      [7, 5],
      [8, 10],
      [9, 10],
    ] as const) {
      expect(roundCashAmount(1230 + ending)).toBe(1230 + rounded);
      expect(roundCashAmount(-(1230 + ending))).toBe(neg(1230 + rounded));
    }
  });

  it('rounds nothing at or under 5 cents: a 0.02 EUR ticket paid in cash costs 0.02 EUR', () => {
    for (const total of [1, 2, 3, 4, 5]) {
      const s = settle(total, [{ method: 'cash', amount: 100 }], kindOfMethod);
      expect(s).toMatchObject({ rounding: 0, due: total, change: 100 - total });
    }
    expect(settle(6, [{ method: 'cash', amount: 5 }], kindOfMethod)).toMatchObject({
      rounding: -1,
      due: 5,
      change: 0,
    });
  });

  it('rounds the cash part of a split payment: 10.04 = 5.00 by card + 5.05 in cash', () => {
    const s = settle(
      1004,
      [
        { method: 'card', amount: 500 },
        { method: 'cash', amount: 505 },
      ],
      kindOfMethod,
    );
    expect(s).toMatchObject({ rounding: 1, due: 1005, paid: 1005, change: 0, remaining: 0 });
    expect(s.paymentRounding).toEqual([0, 1]);
  });

  it('does not round a round cash part: 5.00 in cash first, then 5.04 by card', () => {
    const s = settle(
      1004,
      [
        { method: 'cash', amount: 500 },
        { method: 'card', amount: 504 },
      ],
      kindOfMethod,
    );
    expect(s).toMatchObject({ rounding: 0, due: 1004, remaining: 0 });
  });

  it('never rounds meal vouchers or transfers, and the rest in cash is rounded', () => {
    for (const method of ['meal_voucher', 'transfer', 'card']) {
      expect(settle(1234, [{ method, amount: 1234 }], kindOfMethod)).toMatchObject({
        rounding: 0,
        due: 1234,
        remaining: 0,
      });
    }
    // 12.34: a 10.00 meal voucher, the 2.34 left in cash paid 2.35.
    expect(
      settle(
        1234,
        [
          { method: 'meal_voucher', amount: 1000 },
          { method: 'cash', amount: 500 },
        ],
        kindOfMethod,
      ),
    ).toMatchObject({ rounding: 1, due: 1235, change: 265, voucherExcess: 0 });
  });

  it('gives no change on a voucher: the excess is refused, or kept when the coop says so', () => {
    const voucher = [{ method: 'meal_voucher', amount: 1000 }];
    expect(codeOf(() => settle(850, voucher, kindOfMethod))).toBe('payment.voucher_excess');
    expect(settle(850, voucher, kindOfMethod, { voucherExcess: 'keep' })).toMatchObject({
      due: 850,
      paid: 1000,
      change: 0,
      voucherExcess: 150,
      remaining: 0,
    });
    // Cash given beside a voucher that covers the ticket goes back, the voucher's excess doesn't.
    expect(
      settle(850, [...voucher, { method: 'cash', amount: 100 }], kindOfMethod, {
        voucherExcess: 'keep',
      }),
    ).toMatchObject({ rounding: 0, change: 100, voucherExcess: 150 });
  });

  it('rounds every method when the coop chooses to, and only then', () => {
    expect(
      settle(1004, [{ method: 'card', amount: 1005 }], kindOfMethod, { roundAll: true }),
    ).toMatchObject({ rounding: 1, due: 1005, paymentRounding: [1], remaining: 0 });
    expect(
      settle(1004, [{ method: 'meal_voucher', amount: 1005 }], kindOfMethod, { roundAll: true }),
    ).toMatchObject({ rounding: 1, due: 1005, remaining: 0 });
    expect(settle(1004, [{ method: 'card', amount: 1004 }], kindOfMethod)).toMatchObject({
      rounding: 0,
    });
  });

  it('properties: the cash part is a multiple of 5 cents above 5 cents; no other method rounds', () => {
    const method = fc.constantFrom('cash', 'card', 'meal_voucher', 'transfer', 'other');
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.array(fc.record({ method, share: fc.integer({ min: 0, max: 1000 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        (total, parts, roundAll) => {
          // Non-cash methods pay shares of the total; cash pays what is left (rounded, or more).
          const sign = total < 0 ? -1 : 1;
          let left = roundAll ? roundCashAmount(total) : total;
          const payments: PaymentInput[] = [];
          for (const part of parts.filter((p) => p.method !== 'cash')) {
            const amount = sign * Math.floor((Math.abs(left) * part.share) / 1000);
            payments.push({ method: part.method, amount });
            left -= amount;
          }
          const withCash = parts.some((p) => p.method === 'cash');
          const due = left;
          if (withCash) payments.push({ method: 'cash', amount: roundCashAmount(due) });
          else if (due !== 0) payments.push({ method: 'card', amount: due });
          const s = settle(total, payments, kindOfMethod, { roundAll });
          expect(s.remaining).toBe(0);
          const cashPart =
            s.due - payments.filter((p) => p.method !== 'cash').reduce((a, p) => a + p.amount, 0);
          if (withCash && Math.abs(cashPart) > 5) expect(Math.abs(cashPart) % 5).toBe(0);
          if (!withCash && !roundAll) expect(s.rounding).toBe(0);
          expect(s.paymentRounding.reduce((a, b) => a + b, 0)).toBe(s.rounding);
          payments.forEach((payment, i) => {
            if (payment.method !== 'cash' && !roundAll) expect(s.paymentRounding[i]).toBe(0);
          });
        },
      ),
      { numRuns: RUNS },
    );
  });
});
