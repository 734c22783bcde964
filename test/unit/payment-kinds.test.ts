import { describe, expect, it } from 'vitest';
import {
  PAYMENT_KINDS,
  roundCashAmount,
  roundCashRefund,
  settle,
  type PaymentKind,
} from '../../domain/payment';
import { refusal } from '../support/refusal';

/** Each method is named after its kind. */
const kindOf = (method: string): PaymentKind => method as PaymentKind;

describe('what each kind of payment does', () => {
  it('knows five kinds, in the order the Z report lists their rounding', () => {
    expect(PAYMENT_KINDS).toEqual(['cash', 'card', 'voucher', 'transfer', 'other']);
  });

  it('rounds only coins and notes; gives change only in coins and notes', () => {
    for (const kind of PAYMENT_KINDS) {
      const exact = (): unknown =>
        settle(1003, [{ method: kind, amount: 1005 }], kindOf, { voucherExcess: 'keep' });
      const over = (): unknown => settle(1003, [{ method: kind, amount: 1100 }], kindOf);
      if (kind === 'cash') {
        expect(exact()).toMatchObject({ rounding: 2, due: 1005, change: 0, remaining: 0 });
        expect(over()).toMatchObject({ due: 1005, change: 95 });
      } else if (kind === 'voucher') {
        // The 2 cents above a voucher's face value stay with the coop; no change is given.
        expect(exact()).toMatchObject({ rounding: 0, due: 1003, change: 0, voucherExcess: 2 });
        expect(refusal(over).code).toBe('payment.voucher_excess');
      } else {
        expect(refusal(exact).code).toBe('payment.overpaid_non_cash');
        expect(settle(1003, [{ method: kind, amount: 1003 }], kindOf)).toMatchObject({
          rounding: 0,
          due: 1003,
          remaining: 0,
        });
        expect(refusal(over).code).toBe('payment.overpaid_non_cash');
      }
    }
  });
});

describe('cash refunds are rounded, never above what is owed', () => {
  it('rounds a refund down to 0.05 EUR where the law would round it up', () => {
    expect(roundCashRefund(1000)).toBe(1000);
    expect(roundCashRefund(1002)).toBe(1000);
    expect(roundCashRefund(1003)).toBe(1000);
    expect(roundCashRefund(1005)).toBe(1005);
    expect(roundCashRefund(1007)).toBe(1005);
    expect(roundCashRefund(1008)).toBe(1005);
  });

  it('rounds an amount owed the other way as its mirror', () => {
    expect(roundCashRefund(-1002)).toBe(-1000);
    expect(roundCashRefund(-1003)).toBe(-1000);
    expect(roundCashRefund(-1008)).toBe(-1005);
    expect(roundCashRefund(-4)).toBe(-4);
  });

  it('gives back 5 cents or less as it is, and nothing as a plain 0', () => {
    expect(roundCashRefund(4)).toBe(4);
    expect(roundCashRefund(5)).toBe(5);
    // toBe tells -0 from 0: a -0 would be stored and printed as "-0,00".
    expect(roundCashRefund(0)).toBe(0);
  });

  it('refuses an amount that is not whole cents, naming it', () => {
    expect(refusal(() => roundCashRefund(1.5))).toMatchObject({
      code: 'payment.invalid_amount',
      message: 'owed must be an integer, got 1.5',
      details: { owed: '1.5' },
    });
    expect(refusal(() => roundCashAmount(1.5))).toMatchObject({
      code: 'payment.invalid_amount',
      message: 'amount must be an integer, got 1.5',
      details: { amount: '1.5' },
    });
  });
});

describe('vouchers give no change', () => {
  it('counts a voucher beside a card against what the card leaves to pay', () => {
    const payments = [
      { method: 'card', amount: 600 },
      { method: 'voucher', amount: 500 },
    ];
    expect(refusal(() => settle(1000, payments, kindOf))).toMatchObject({
      code: 'payment.voucher_excess',
      message:
        'The vouchers (500 cents) are worth 100 cents more than is left to pay (400 cents), ' +
        'and a voucher gives no change',
      details: { vouchers: 500, left: 400, excess: 100 },
    });
    expect(settle(1000, payments, kindOf, { voucherExcess: 'keep' })).toMatchObject({
      due: 1000,
      voucherExcess: 100,
      change: 0,
      remaining: 0,
    });
  });

  it('rounds nothing when vouchers pay it all, and hands back the coins given beside them', () => {
    // 10.03 due, 11.00 in meal vouchers and a 1.00 coin: the coin comes back, the voucher's
    // 0.97 stays with the coop, and no cash pays the ticket, so nothing is rounded.
    const settlement = settle(
      1003,
      [
        { method: 'voucher', amount: 1100 },
        { method: 'cash', amount: 100 },
      ],
      kindOf,
      { voucherExcess: 'keep' },
    );
    expect(settlement).toMatchObject({
      rounding: 0,
      due: 1003,
      voucherExcess: 97,
      change: 100,
      remaining: 0,
      paymentRounding: [0, 0],
    });
  });

  it('keeps a voucher given for a free ticket, or refuses it', () => {
    const voucher = [{ method: 'voucher', amount: 500 }];
    expect(settle(0, voucher, kindOf, { voucherExcess: 'keep' })).toMatchObject({
      due: 0,
      voucherExcess: 500,
      change: 0,
      remaining: 0,
    });
    expect(refusal(() => settle(0, voucher, kindOf)).code).toBe('payment.voucher_excess');
  });
});

describe('a free ticket', () => {
  it('hands back the cash tendered for it as change', () => {
    expect(settle(0, [{ method: 'cash', amount: 100 }], kindOf)).toMatchObject({
      due: 0,
      change: 100,
      remaining: 0,
    });
  });

  it('pays nothing out by card', () => {
    expect(refusal(() => settle(0, [{ method: 'card', amount: -100 }], kindOf))).toMatchObject({
      code: 'payment.overpaid_non_cash',
      message:
        'Paid -100 cents for 0 due: the -100 cents of change exceed the cash tendered (0 cents); ' +
        'only cash can be overpaid',
      details: { paid: -100, due: 0, change: -100, cashPaid: 0 },
    });
  });

  it('pays out no more cash than was counted out beside a card', () => {
    const payments = [
      { method: 'cash', amount: -200 },
      { method: 'card', amount: -100 },
    ];
    expect(refusal(() => settle(0, payments, kindOf)).code).toBe('payment.overpaid_non_cash');
  });
});
