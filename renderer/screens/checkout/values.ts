import { parseCents, parseMilli, type Cents, type Milli } from '../../../domain/money';
import type { Discount } from '../../bridge/types';

/** What the cashier types, as the till takes it; null when it is not such a value. */
export function parseQuantity(text: string): Milli | null {
  const milli = parseMilli(text);
  return milli !== null && milli > 0 ? milli : null;
}

/**
 * A container's tare typed in grams ("250 g", "250g"), for the scale to take off what it weighs;
 * null when the text is not one (a weight in kilograms is "0,532", with no "g").
 */
export function parseTareGrams(text: string): number | null {
  const match = /^\s*(\d{1,6})\s*g\s*$/i.exec(text);
  return match ? Number(match[1]) : null;
}

export function parsePrice(text: string): Cents | null {
  const cents = parseCents(text);
  return cents !== null && cents >= 0 ? cents : null;
}

/** "10 %" or "12,5%" a percentage, "1,50" an amount, nothing at all: no discount. */
export function parseDiscount(text: string): Discount | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (trimmed.endsWith('%')) {
    // Hundredths of a percent are basis points, written as cents are: "12,5" -> 1250.
    const basisPoints = parseCents(trimmed.slice(0, -1));
    if (basisPoints === null || basisPoints < 0 || basisPoints > 10_000) return undefined;
    return { kind: 'percent', basisPoints };
  }
  const cents = parsePrice(trimmed);
  return cents === null ? undefined : { kind: 'amount', cents };
}

/** A member card's barcode is all digits and long; a member number is short. */
export function memberReference(text: string): { barcode: string } | { number: string } | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d{8,}$/.test(trimmed) ? { barcode: trimmed } : { number: trimmed };
}
