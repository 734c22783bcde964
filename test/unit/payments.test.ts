import { describe, expect, it } from 'vitest';
import { roundToFiveCents, settle, type PaymentKind } from '../../domain/payment';
import { refusal } from '../support/refusal';

const kindOf = (method: string): PaymentKind => (method === 'cash' ? 'cash' : 'card');

describe('payments going the wrong way', () => {
  it('refuses a negative cash amount beside a card payment instead of taking it as change', () => {
    const error = refusal(() =>
      settle(
        1000,
        [
          { method: 'card', amount: 1500 },
          { method: 'cash', amount: -500 },
        ],
        kindOf,
      ),
    );
    expect(error).toMatchObject({
      code: 'payment.wrong_way',
      message:
        "A cash payment of -500 cents goes the other way from the ticket's total (1000 cents); " +
        'the till works out the change itself',
      details: { method: 'cash', amount: -500, total: 1000 },
    });
  });

  it('refuses it even when the card overpays by more than the cash taken back', () => {
    expect(
      refusal(() =>
        settle(
          1000,
          [
            { method: 'card', amount: 1600 },
            { method: 'cash', amount: -500 },
          ],
          kindOf,
        ),
      ).code,
    ).toBe('payment.wrong_way');
  });

  it('refuses a payment into the till on a refund', () => {
    expect(
      refusal(() =>
        settle(
          -1000,
          [
            { method: 'card', amount: -1500 },
            { method: 'cash', amount: 500 },
          ],
          kindOf,
        ),
      ).details,
    ).toEqual({ method: 'cash', amount: 500, total: -1000 });
  });

  it('refuses payments both ways on a zero ticket', () => {
    expect(
      refusal(() =>
        settle(
          0,
          [
            { method: 'card', amount: 500 },
            { method: 'cash', amount: -500 },
          ],
          kindOf,
        ),
      ).code,
    ).toBe('payment.wrong_way');
  });

  it('keeps the way of the ticket across a zero payment', () => {
    expect(
      refusal(() =>
        settle(
          1000,
          [
            { method: 'card', amount: 1500 },
            { method: 'cash', amount: 0 },
            { method: 'cash', amount: -500 },
          ],
          kindOf,
        ),
      ).code,
    ).toBe('payment.wrong_way');
  });

  it('still takes a zero payment beside the others', () => {
    const s = settle(
      1000,
      [
        { method: 'cash', amount: 0 },
        { method: 'card', amount: 1000 },
      ],
      kindOf,
    );
    expect(s).toMatchObject({ paid: 1000, change: 0, remaining: 0 });
  });
});

describe('refusals in words', () => {
  it('names a card payment above what is due: only cash gives change', () => {
    const error = refusal(() =>
      settle(
        1000,
        [
          { method: 'card', amount: 1050 },
          { method: 'cash', amount: 20 },
        ],
        kindOf,
      ),
    );
    expect(error).toMatchObject({
      code: 'payment.overpaid_non_cash',
      message: 'Paid 1050 cents by card or transfer for 1000 due: only cash can be overpaid',
      details: { paid: 1050, due: 1000 },
    });
  });

  it('names a float amount and a payment without a method', () => {
    expect(refusal(() => settle(2.5, [], kindOf))).toMatchObject({
      message: 'total must be an integer, got 2.5',
      details: { total: '2.5' },
    });
    expect(refusal(() => settle(250, [{ method: 'card', amount: 2.5 }], kindOf))).toMatchObject({
      message: 'amount must be an integer, got 2.5',
      details: { amount: '2.5' },
    });
    expect(refusal(() => roundToFiveCents(0.5))).toMatchObject({
      code: 'payment.invalid_amount',
      message: 'amount must be an integer, got 0.5',
    });
    expect(refusal(() => settle(250, [{ method: '', amount: 250 }], kindOf))).toMatchObject({
      code: 'payment.invalid_method',
      message: 'A payment needs a method',
    });
  });
});
