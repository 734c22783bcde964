import { describe, expect, it } from 'vitest';
import { refundMoney, refundSettlement, refundVat } from '../../domain/refund';
import { isFullyPaid } from '../../domain/payment';

describe('the settlement of a refund', () => {
  it('pays a cash refund back in coins and notes, rounded down, fully', () => {
    // 10.03 refunded in cash: 10.00 goes back, the 3 cents are the rounding.
    const money = refundMoney({
      sale: { total: 1003, rounding: 0 },
      earlier: [],
      total: -1003,
      rounded: true,
    });
    expect(money).toEqual({ due: -1000, rounding: 3 });
    const settlement = refundSettlement(-1003, 'cash', money);
    expect(settlement).toEqual({
      total: -1003,
      rounding: 3,
      due: -1000,
      paid: -1000,
      cashPaid: -1000,
      change: 0,
      remaining: 0,
      cashOnly: true,
      voucherExcess: 0,
      paymentRounding: [3],
    });
    expect(isFullyPaid(settlement)).toBe(true);
  });

  it('pays a card refund back to the cent, with no cash out of the drawer', () => {
    const money = refundMoney({
      sale: { total: 1003, rounding: 0 },
      earlier: [],
      total: -1003,
      rounded: false,
    });
    expect(money).toEqual({ due: -1003, rounding: 0 });
    expect(refundSettlement(-1003, 'card', money)).toMatchObject({
      due: -1003,
      paid: -1003,
      cashPaid: 0,
      cashOnly: false,
      paymentRounding: [0],
    });
  });

  it('refunds a free line of a free sale as nothing', () => {
    expect(
      refundMoney({ sale: { total: 0, rounding: 0 }, earlier: [], total: 0, rounded: true }),
    ).toEqual({ due: 0, rounding: 0 });
  });
});

describe('the VAT of a refund', () => {
  it('gives back the VAT included in what is refunded, per rate, lowest rate first', () => {
    const rows = refundVat(
      [],
      [
        { rateBp: 2100, amount: -1210 },
        { rateBp: 600, amount: -530 },
        { rateBp: 600, amount: -530 },
        { rateBp: 1200, amount: -1120 },
      ],
    );
    expect(rows).toEqual([
      { rateBp: 600, gross: -1060, vat: -60, net: -1000 },
      { rateBp: 1200, gross: -1120, vat: -120, net: -1000 },
      { rateBp: 2100, gross: -1210, vat: -210, net: -1000 },
    ]);
  });

  it('works the VAT out on all that went back at the rate, so the parts add up to the sale', () => {
    // 0.10 at 6 % holds 0.01 of VAT (0.566 rounded); each half alone would hold none (0.283).
    const first = refundVat([], [{ rateBp: 600, amount: -5 }]);
    expect(first).toEqual([{ rateBp: 600, gross: -5, vat: 0, net: -5 }]);
    const second = refundVat(
      [...first, { rateBp: 2100, gross: -121, vat: -21 }],
      [{ rateBp: 600, amount: -5 }],
    );
    // The other rate's earlier refund changes nothing at 6 %.
    expect(second).toEqual([{ rateBp: 600, gross: -5, vat: -1, net: -4 }]);
  });
});
