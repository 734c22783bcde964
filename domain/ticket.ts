import { divRound, type Cents, type Milli } from './money';
import { TillError } from './errors';
import { assertVatRate, vatBreakdown, type VatRow } from './tax';

/**
 * A discount on a line or on the whole ticket. A percent discount is round(amount * bp / 10000);
 * an amount discount is a positive number of cents taken off the line (or ticket) as a whole,
 * with the sign of what it discounts (on a refund line it reduces the amount refunded).
 */
export type Discount = { kind: 'percent'; basisPoints: number } | { kind: 'amount'; cents: Cents };

export interface LineInput {
  /** Shelf price, VAT included: per piece, or per kg for a weighed product. */
  unitPrice: Cents;
  /** Thousandths: 1000 is one piece or one kg. Negative on a refund. */
  quantity: Milli;
  /** A manager's price, used instead of unitPrice when set. */
  priceOverride?: Cents | null;
  discount?: Discount | null;
  vatRateBp: number;
}

export interface LineTotals {
  /** Effective unit price: the override if set. */
  unitPrice: Cents;
  /** round(unitPrice * quantity / 1000). */
  gross: Cents;
  lineDiscount: Cents;
  /** gross - lineDiscount: what the line shows. */
  amount: Cents;
  /** This line's part of the ticket discount. */
  ticketDiscountShare: Cents;
  /** amount - ticketDiscountShare: what the line really costs (VAT and category totals use it). */
  net: Cents;
  vatRateBp: number;
}

export interface TicketTotals {
  lines: LineTotals[];
  /** Sum of the lines' amounts. */
  subtotal: Cents;
  ticketDiscount: Cents;
  /** subtotal - ticketDiscount; equals the sum of the lines' net and of the VAT rows' gross. */
  total: Cents;
  /** From the lines' net, per rate. */
  vat: VatRow[];
}

function assertCents(value: unknown, what: string, code = 'ticket.invalid_line'): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TillError(code, `${what} must be an integer, got ${String(value)}`, {
      [what]: String(value),
    });
  }
}

/**
 * How much a discount takes off `base` (signed like base). Refuses a negative discount, a percent
 * above 100 % and an amount larger than what it discounts.
 */
export function discountAmount(base: Cents, discount: Discount | null | undefined): Cents {
  if (!discount) return 0;
  if (discount.kind === 'percent') {
    const bp = discount.basisPoints;
    assertCents(bp, 'basisPoints', 'ticket.invalid_discount');
    if (bp < 0)
      throw new TillError('ticket.invalid_discount', `A discount cannot be negative (${bp} bp)`, {
        basisPoints: bp,
      });
    if (bp > 10_000)
      throw new TillError(
        'ticket.discount_too_large',
        `A discount cannot exceed 100 % (${bp} bp)`,
        { basisPoints: bp },
      );
    return divRound(base * bp, 10_000);
  }
  const cents = discount.cents;
  assertCents(cents, 'cents', 'ticket.invalid_discount');
  if (cents < 0)
    throw new TillError('ticket.invalid_discount', `A discount cannot be negative (${cents})`, {
      cents,
    });
  if (cents > Math.abs(base))
    throw new TillError(
      'ticket.discount_too_large',
      `A discount of ${cents} cents exceeds the amount it applies to (${base} cents)`,
      { cents, amount: base },
    );
  return base < 0 && cents !== 0 ? -cents : cents;
}

/** floor(a / b) for bigints, b > 0. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/**
 * Spreads `total` across `weights` in proportion (largest remainder): the shares sum to total
 * exactly, each lies between 0 and its weight when |total| <= |sum of weights| and total has the
 * sum's sign, ties go to the earlier line. Symmetric: negating weights and total negates shares.
 */
export function allocate(total: Cents, weights: readonly Cents[]): Cents[] {
  if (total === 0) return weights.map(() => 0);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) {
    throw new TillError('ticket.discount_too_large', 'Cannot spread an amount over a zero total', {
      total,
    });
  }
  // Work with a positive sum so that the result is the exact mirror for negated inputs.
  const sign = sum < 0 ? -1n : 1n;
  const s = BigInt(sum) * sign;
  const t = BigInt(total) * sign;
  const parts = weights.map((w, index) => {
    const numerator = t * BigInt(w) * sign;
    const floor = floorDiv(numerator, s);
    return { index, floor, remainder: numerator - floor * s };
  });
  let left = t - parts.reduce((acc, p) => acc + p.floor, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const shares = parts.map((p) => p.floor);
  for (const p of byRemainder) {
    if (left <= 0n) break;
    shares[p.index] = p.floor + 1n;
    left -= 1n;
  }
  return shares.map((share) => Number(share * sign));
}

/** The ticket maths: line amounts, the ticket discount spread over the lines, VAT per rate. */
export function computeTicket(
  lines: readonly LineInput[],
  ticketDiscount?: Discount | null,
): TicketTotals {
  const partial = lines.map((line) => {
    assertCents(line.unitPrice, 'unitPrice');
    assertCents(line.quantity, 'quantity');
    if (line.priceOverride != null) assertCents(line.priceOverride, 'priceOverride');
    assertVatRate(line.vatRateBp);
    const unitPrice = line.priceOverride ?? line.unitPrice;
    const gross = divRound(unitPrice * line.quantity, 1000);
    const lineDiscount = discountAmount(gross, line.discount);
    return {
      unitPrice,
      gross,
      lineDiscount,
      amount: gross - lineDiscount,
      vatRateBp: line.vatRateBp,
    };
  });
  const subtotal = partial.reduce((sum, line) => sum + line.amount, 0);
  const discount = discountAmount(subtotal, ticketDiscount);
  const shares = allocate(
    discount,
    partial.map((line) => line.amount),
  );
  const totals: LineTotals[] = partial.map((line, i) => {
    const ticketDiscountShare = shares[i] ?? 0;
    return {
      unitPrice: line.unitPrice,
      gross: line.gross,
      lineDiscount: line.lineDiscount,
      amount: line.amount,
      ticketDiscountShare,
      net: line.amount - ticketDiscountShare,
      vatRateBp: line.vatRateBp,
    };
  });
  return {
    lines: totals,
    subtotal,
    ticketDiscount: discount,
    total: subtotal - discount,
    vat: vatBreakdown(totals.map((line) => ({ rateBp: line.vatRateBp, amount: line.net }))),
  };
}

// ---------------------------------------------------------------------------------------------
// Payments and cash rounding

export interface PaymentInput {
  method: string;
  /** Signed: positive when the customer pays, negative when money goes back (a refund). */
  amount: Cents;
}

export interface Settlement {
  /** The ticket's total. */
  total: Cents;
  /** Cash rounding (Belgian rule): non-zero only when every payment is cash. */
  rounding: Cents;
  /** total + rounding: what must be paid. */
  due: Cents;
  /** Sum of the payments, as tendered. */
  paid: Cents;
  /** Sum of the cash payments, as tendered. */
  cashPaid: Cents;
  /** Cash handed back: paid - due when overpaid (negative when a refund overpaid the customer). */
  change: Cents;
  /** due - paid while not fully paid, else 0 (same sign as due). */
  remaining: Cents;
  /** Every payment is in cash (and there is at least one). */
  cashOnly: boolean;
}

/** To the nearest 0.05 EUR, half away from zero: endings 1, 2 -> 0; 3, 4, 6, 7 -> 5; 8, 9 -> 10. */
export function roundToFiveCents(amount: Cents): Cents {
  assertCents(amount, 'amount', 'payment.invalid_amount');
  return divRound(amount, 5) * 5;
}

/**
 * Money goes one way on a ticket: in on a sale, out on a refund. A payment the other way (a
 * negative cash amount beside a card payment) would hand cash out of the drawer as "change" that
 * no sale explains, so it is refused. On a zero total the payments only have to agree.
 */
function assertOneWay(total: Cents, payments: readonly PaymentInput[]): void {
  let way = Math.sign(total);
  for (const { method, amount } of payments) {
    const sign = Math.sign(amount);
    if (sign !== 0 && way !== 0 && sign !== way) {
      throw new TillError(
        'payment.wrong_way',
        `A ${method} payment of ${amount} cents goes the other way from the ticket's total ` +
          `(${total} cents); the till works out the change itself`,
        { method, amount, total },
      );
    }
    if (way === 0) way = sign;
  }
}

/**
 * Settles a ticket against its payments. Cash rounding applies only when the ticket is paid
 * wholly in cash. Only cash can be overpaid: the change can't exceed the cash tendered (else
 * 'payment.overpaid_non_cash'); a payment going the other way from the total is refused
 * ('payment.wrong_way'). Underpaid is not an error: `remaining` says what is left.
 * Works the same with a negative total (a refund paid back: negative payments).
 */
export function settle(
  total: Cents,
  payments: readonly PaymentInput[],
  isCash: (method: string) => boolean,
): Settlement {
  assertCents(total, 'total', 'payment.invalid_amount');
  let paid = 0;
  let cashPaid = 0;
  let cashOnly = payments.length > 0;
  for (const payment of payments) {
    assertCents(payment.amount, 'amount', 'payment.invalid_amount');
    if (!payment.method)
      throw new TillError('payment.invalid_method', 'A payment needs a method', {});
    paid += payment.amount;
    if (isCash(payment.method)) cashPaid += payment.amount;
    else cashOnly = false;
  }
  assertOneWay(total, payments);
  const rounding = cashOnly ? roundToFiveCents(total) - total : 0;
  const due = total + rounding;
  const over = paid - due;
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
  return { total, rounding, due, paid, cashPaid, change, remaining, cashOnly };
}

/** Nothing is left to pay (or to pay back). */
export function isFullyPaid(settlement: Settlement): boolean {
  return settlement.remaining === 0;
}
