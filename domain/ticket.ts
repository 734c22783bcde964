import { MAX_CENTS, MAX_MILLI, divRound, type Cents, type Milli } from './money';
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

/** The till's limits (the same as the screens' and the imports'), as a TillError in words. */
function assertWithinLimits(unitPrice: Cents, quantity: Milli): void {
  if (Math.abs(unitPrice) > MAX_CENTS || Math.abs(quantity) > MAX_MILLI) {
    throw new TillError(
      'ticket.amount_too_large',
      `A price above ${MAX_CENTS / 100} EUR or a quantity above ${MAX_MILLI / 1000} is more than the till takes`,
      { unitPrice, quantity },
    );
  }
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
    assertWithinLimits(unitPrice, line.quantity);
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
  // A percent of the subtotal is worked out on subtotal x basis points: it must stay exact.
  if (!Number.isSafeInteger(subtotal * 10_000)) {
    throw new TillError('ticket.amount_too_large', 'This ticket is too large for the till', {
      subtotal,
    });
  }
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
