import { localDayStart, parseLocalDay } from './dates';
import type { Cents } from './money';

/** A sale price and the moment it took effect (ISO 8601); it holds until the next one. */
export interface PriceSince {
  price: Cents;
  at: string;
}

export const DAY_MS = 86_400_000;

/**
 * The lowest sale price of the `days` days before `before` (EU 2019/2161: a price reduction
 * shows the lowest price of the 30 days before it): the price in effect when the window opened,
 * and every price that took effect inside it. A product whose price never changed has had
 * `current` all along. Null when the history does not reach back into the window (a product
 * first priced after `before`).
 */
export function lowestPriceBefore(
  history: readonly PriceSince[],
  before: string,
  current: Cents,
  days = 30,
): Cents | null {
  if (history.length === 0) return current;
  const end = Date.parse(before);
  const start = end - days * DAY_MS;
  const sorted = [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  let lowest: Cents | null = null;
  sorted.forEach((entry, index) => {
    const from = Date.parse(entry.at);
    const next = sorted[index + 1];
    const until = next === undefined ? Infinity : Date.parse(next.at);
    // In effect for some moment of [start, end)?
    if (from < end && until > start && (lowest === null || entry.price < lowest)) {
      lowest = entry.price;
    }
  });
  return lowest;
}

/**
 * When today's price took effect, from the price history (in any order): the first entry of the
 * last run of entries at that price (a price recorded again is still the same price). Null when
 * the history does not end at today's price: it cannot say when that began.
 */
export function priceSince(history: readonly PriceSince[], current: Cents): string | null {
  const sorted = [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const lastOther = sorted.findLastIndex((entry) => entry.price !== current);
  return sorted[lastOther + 1]?.at ?? null;
}

/**
 * The moment a price change's effective date begins, in milliseconds: a day (2026-12-14) at
 * midnight in the coop's time zone, a date and time (an ISO string with its offset) at that
 * instant. Null when it names neither: such a change takes effect when approved.
 */
export function effectiveSince(effectiveFrom: string, timeZone: string): number | null {
  const day = parseLocalDay(effectiveFrom);
  if (day) return Date.parse(localDayStart(day, timeZone));
  // Only a date with its time: Date.parse would take "2026-02-30" as the 2nd of March.
  if (!/^\d{4}-\d{2}-\d{2}T/.test(effectiveFrom)) return null;
  const at = Date.parse(effectiveFrom);
  return Number.isNaN(at) ? null : at;
}
