import { divRound, type Cents } from './money';
import { TillError } from './errors';

/**
 * What a payment method is, for the law and for the drawer: only coins and notes are rounded to
 * 0.05 EUR and give change; a voucher (meal voucher, eco-cheque, gift voucher) gives no change.
 */
export type PaymentKind = 'cash' | 'card' | 'voucher' | 'transfer' | 'other';
export const PAYMENT_KINDS: readonly PaymentKind[] = [
  'cash',
  'card',
  'voucher',
  'transfer',
  'other',
];

export interface PaymentInput {
  method: string;
  /** Signed: positive when the customer pays, negative when money goes back (a refund). */
  amount: Cents;
}

export interface SettleOptions {
  /** The coop rounds every payment method (the total), not only coins and notes. */
  roundAll?: boolean;
  /** A voucher worth more than what is left to pay: refused, or the excess kept (no change). */
  voucherExcess?: 'refuse' | 'keep';
}

export interface Settlement {
  /** The ticket's total. */
  total: Cents;
  /** The rounding recorded on the ticket: on the cash part, and on the total when roundAll. */
  rounding: Cents;
  /** total + rounding: what must be paid. */
  due: Cents;
  /** Sum of the payments, as tendered. */
  paid: Cents;
  /** Sum of the payments in coins and notes, as tendered. */
  cashPaid: Cents;
  /** Cash handed back (negative when a refund overpaid the customer). */
  change: Cents;
  /** due - paid while not fully paid, else 0 (same sign as due). */
  remaining: Cents;
  /** Every payment is in coins and notes (and there is at least one). */
  cashOnly: boolean;
  /** What vouchers paid beyond the due, kept by the coop: a voucher gives no change. */
  voucherExcess: Cents;
  /** Each payment's part of the rounding, in the order given (the Z counts it by kind). */
  paymentRounding: Cents[];
}

/** To the nearest 0.05 EUR, half away from zero: endings 1, 2 -> 0; 3, 4, 6, 7 -> 5; 8, 9 -> 10. */
export function roundToFiveCents(amount: Cents): Cents {
  assertAmount(amount, 'amount');
  return divRound(amount, 5) * 5;
}

/**
 * An amount paid in coins and notes as the law rounds it: to 0.05 EUR when it is above 5 cents;
 * 5 cents or less is paid as it is (rounding 0.02 EUR down would give the sale away).
 */
export function roundCashAmount(amount: Cents): Cents {
  assertAmount(amount, 'amount');
  return Math.abs(amount) <= 5 ? amount : roundToFiveCents(amount);
}

/**
 * What goes back in coins and notes for a refund worth `owed`: rounded as the law has it, except
 * that it never rounds up beyond what is owed (a refund never gives back more than was paid).
 */
export function roundCashRefund(owed: Cents): Cents {
  assertAmount(owed, 'owed');
  const sign = owed < 0 ? -1 : 1;
  const abs = Math.abs(owed);
  const rounded = roundCashAmount(abs);
  return sign * (rounded > abs ? rounded - 5 : rounded);
}

function assertAmount(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TillError(
      'payment.invalid_amount',
      `${what} must be an integer, got ${String(value)}`,
      {
        [what]: String(value),
      },
    );
  }
}

/**
 * Settles a ticket against its payments (Belgian rules since 1 December 2019). What is rounded is
 * the cash part: the total less what the other methods pay, when coins and notes pay it and it is
 * above 5 cents. With `roundAll` the total itself is rounded too, whatever the methods. Only coins
 * and notes give change; a card can't be overpaid ('payment.overpaid_non_cash'); a voucher worth
 * more than what is left is refused ('payment.voucher_excess') or its excess kept, as the coop
 * chooses. Underpaid is not an error: `remaining` says what is left. Works the same with a
 * negative total (a refund paid back: negative payments).
 */
export function settle(
  total: Cents,
  payments: readonly PaymentInput[],
  kindOf: (method: string) => PaymentKind,
  options: SettleOptions = {},
): Settlement {
  assertAmount(total, 'total');
  const kinds = payments.map((payment) => {
    assertAmount(payment.amount, 'amount');
    if (!payment.method)
      throw new TillError('payment.invalid_method', 'A payment needs a method', {});
    return kindOf(payment.method);
  });
  const sumOf = (test: (kind: PaymentKind) => boolean): Cents =>
    payments.reduce(
      (sum, payment, i) => sum + (test(kinds[i] as PaymentKind) ? payment.amount : 0),
      0,
    );
  const paid = sumOf(() => true);
  const cashPaid = sumOf((kind) => kind === 'cash');
  const voucherPaid = sumOf((kind) => kind === 'voucher');
  const otherPaid = paid - cashPaid - voucherPaid;
  // Everything below is worked out as for a sale; a refund is its mirror.
  const sign = total < 0 ? -1 : 1;

  const totalRounding = options.roundAll ? roundCashAmount(total) - total : 0;
  const cashPart = total + totalRounding - otherPaid - voucherPaid;
  const cashRounding =
    cashPaid !== 0 && sign * cashPart > 0 ? roundCashAmount(cashPart) - cashPart : 0;
  const rounding = totalRounding + cashRounding;
  const due = total + rounding;

  if (sign * otherPaid > sign * due) {
    throw new TillError(
      'payment.overpaid_non_cash',
      `Paid ${otherPaid} cents by card or transfer for ${due} due: only cash can be overpaid`,
      { paid: otherPaid, due },
    );
  }
  const voucherRoom = due - otherPaid;
  const voucherExcess = sign * voucherPaid > sign * voucherRoom ? voucherPaid - voucherRoom : 0;
  if (voucherExcess !== 0 && options.voucherExcess !== 'keep') {
    throw new TillError(
      'payment.voucher_excess',
      `The vouchers (${voucherPaid} cents) are worth ${voucherExcess} cents more than is left to ` +
        `pay (${voucherRoom} cents), and a voucher gives no change`,
      { vouchers: voucherPaid, left: voucherRoom, excess: voucherExcess },
    );
  }
  const over = paid - voucherExcess - due;
  const overpaid = over !== 0 && (due === 0 || Math.sign(over) === Math.sign(due));
  let change = 0;
  let remaining = 0;
  if (overpaid) {
    if (Math.sign(cashPaid) !== Math.sign(over) || Math.abs(cashPaid) < Math.abs(over)) {
      throw new TillError(
        'payment.overpaid_non_cash',
        `Paid ${paid} cents for ${due} due: the ${over} cents of change exceed the cash tendered ` +
          `(${cashPaid} cents); only cash can be overpaid`,
        { paid, due, change: over, cashPaid },
      );
    }
    change = over;
  } else {
    remaining = over === 0 ? 0 : -over;
  }

  const paymentRounding = payments.map(() => 0);
  const lastCash = kinds.lastIndexOf('cash');
  if (cashRounding !== 0) paymentRounding[lastCash] = cashRounding;
  if (totalRounding !== 0 && payments.length > 0) {
    const last = payments.length - 1;
    paymentRounding[last] = (paymentRounding[last] ?? 0) + totalRounding;
  }
  return {
    total,
    rounding,
    due,
    paid,
    cashPaid,
    change,
    remaining,
    cashOnly: payments.length > 0 && kinds.every((kind) => kind === 'cash'),
    voucherExcess,
    paymentRounding,
  };
}

/** Nothing is left to pay (or to pay back). */
export function isFullyPaid(settlement: Settlement): boolean {
  return settlement.remaining === 0;
}
