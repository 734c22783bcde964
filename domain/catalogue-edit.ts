import { isValidEan13, isValidEan8, isValidUpca } from './barcode';
import { MAX_CENTS, type Cents } from './money';

/**
 * The back office's catalogue rules, the same on the server and in the page's preview: a
 * barcode a manager adds, and a bulk price change (a percent or an amount of cents on each
 * chosen product's price).
 */

/** Why a barcode typed by a manager cannot be added, in words; null when it can. */
export function barcodeProblem(code: string): string | null {
  if (!/^\d{1,20}$/.test(code)) return `"${code}" is not a barcode: digits only, 1 to 20 of them`;
  const valid =
    code.length === 13
      ? isValidEan13(code)
      : code.length === 8
        ? isValidEan8(code)
        : code.length === 12
          ? isValidUpca(code)
          : true;
  return valid ? null : `${code} has a wrong check digit: check the code on the pack`;
}

/** A bulk change: a percent in basis points (-550 is -5.5 %), or cents added (negative: taken off). */
export type PriceAdjustment =
  { kind: 'percent'; basisPoints: number } | { kind: 'cents'; cents: number };

/** Percents from -100 % to +1000 %; amounts up to the till's own limit either way. */
export const MAX_PERCENT_BP = 100_000;

/** Why an adjustment cannot be applied to any price, in words; null when it can. */
export function adjustmentProblem(adjustment: PriceAdjustment): string | null {
  if (adjustment.kind === 'percent') {
    const bp = adjustment.basisPoints;
    if (!Number.isSafeInteger(bp) || bp < -10_000 || bp > MAX_PERCENT_BP) {
      return 'a percent from -100 to +1000, to the hundredth';
    }
    return bp === 0 ? 'a change of 0 % changes nothing' : null;
  }
  const cents = adjustment.cents;
  if (!Number.isSafeInteger(cents) || Math.abs(cents) > MAX_CENTS) {
    return 'an amount in whole cents, up to the till’s limit';
  }
  return cents === 0 ? 'a change of 0 cents changes nothing' : null;
}

/**
 * A price after the change. A percent is worked on integers and rounded half up to the cent
 * once, as the coop's markup rounds (domain/markup.ts): +5 % on 1.29 EUR is 135.45 -> 1.35 EUR.
 * Null when the result is below zero or above what a till can ring up (that product is refused,
 * not clipped).
 */
export function adjustedPrice(price: Cents, adjustment: PriceAdjustment): Cents | null {
  if (!Number.isSafeInteger(price) || price < 0) {
    throw new RangeError(`A price must be whole cents, zero or more: ${price}`);
  }
  const problem = adjustmentProblem(adjustment);
  if (problem) throw new RangeError(`The change cannot be applied: ${problem}`);
  const result =
    adjustment.kind === 'percent'
      ? Number((BigInt(price) * BigInt(10_000 + adjustment.basisPoints) + 5_000n) / 10_000n)
      : price + adjustment.cents;
  return result < 0 || result > MAX_CENTS ? null : result;
}

/**
 * A percent as a person types it ("5", "-5,5", "+2.25") in basis points; null when it is not
 * one (more than two decimals, letters, nothing).
 */
export function parsePercent(text: string): number | null {
  const match = /^\s*([+-]?)(\d{1,4})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  const bp = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  // + 0: "-0" is 0, not JavaScript's -0.
  return (sign === '-' ? -bp : bp) + 0;
}
