import { divRound, type Cents, type Milli } from './money';

/**
 * The maths of an inventory count, with no clock and no database: how several counters' scans
 * make one count per product, when counters disagree enough to need a recount, and what a count
 * changes in the ledger. Quantities are thousandths of the product's unit, money integer cents.
 *
 * A count is taken as of its scan time: each counter's count is compared with the ledger as it
 * stood when that counter last scanned the product (`expected`), so a sale rung up between two
 * counters' scans, or synced after them, is never taken for a counting error.
 */

/** One scan as the server keeps it: who counted (a person or a device), how many, when. */
export interface Scan {
  counter: string;
  quantity: Milli;
  /** UTC ISO time of the scan, as the device took it. */
  at: string;
}

/** A counter's count of one product: the sum of their scans, taken as of their last one. */
export interface CounterCount {
  counter: string;
  counted: Milli;
  at: string;
}

/** A counter's count beside the ledger's level at its time. */
export interface CountAgainstLedger {
  counted: Milli;
  /** The ledger's level at the count's time (sum of every move at or before it). */
  expected: Milli;
}

/** How far counters may disagree before a line goes to a recount: ±1 unit or 5 % by default. */
export interface Tolerance {
  units: Milli;
  basisPoints: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { units: 1000, basisPoints: 500 };

/**
 * A counter may scan a product several times (two facings, a carton then loose units): their
 * count is the sum, as of their last scan. Counters come out in the order they first scanned.
 */
export function counterCounts(scans: readonly Scan[]): CounterCount[] {
  const byCounter = new Map<string, CounterCount>();
  for (const scan of scans) {
    const held = byCounter.get(scan.counter);
    if (held) {
      held.counted += scan.quantity;
      if (scan.at > held.at) held.at = scan.at;
    } else {
      byCounter.set(scan.counter, { counter: scan.counter, counted: scan.quantity, at: scan.at });
    }
  }
  return [...byCounter.values()];
}

/** What one count says is missing (negative) or found (positive) against the ledger. */
export function variance(count: CountAgainstLedger): Milli {
  return count.counted - count.expected;
}

/**
 * Whether counters agree: their variances (not their raw counts, which sales between their
 * scans may part) are no further apart than the tolerance, in units or as a share of the
 * largest count.
 */
export function countsAgree(counts: readonly CountAgainstLedger[], tolerance: Tolerance): boolean {
  if (counts.length < 2) return true;
  const variances = counts.map(variance);
  const spread = Math.max(...variances) - Math.min(...variances);
  const largest = Math.max(...counts.map((count) => count.counted));
  const share = divRound(largest * tolerance.basisPoints, 10_000);
  return spread <= Math.max(tolerance.units, share);
}

/**
 * The variance several agreeing counts stand for: the median, the lower of the two middle ones
 * when there are two (the smaller find or the larger loss, so no stock is invented).
 */
export function mergedVariance(counts: readonly CountAgainstLedger[]): Milli {
  if (counts.length === 0) throw new RangeError('A merged variance needs at least one count');
  const sorted = counts.map(variance).sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as Milli;
}

export type LineStatus = 'uncounted' | 'counted' | 'recount' | 'recounted';

export interface LineOutcome {
  status: LineStatus;
  /** The adjustment the line stands for; null while it is uncounted or waits for a recount. */
  variance: Milli | null;
}

/**
 * Where a product's line stands: a first pass whose counters agree is counted; one whose
 * counters disagree waits for a recount, whose counts then replace the first pass's (and must
 * agree among themselves in turn).
 */
export function lineOutcome(
  first: readonly CountAgainstLedger[],
  recount: readonly CountAgainstLedger[],
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): LineOutcome {
  const pass = recount.length > 0 ? recount : first;
  if (pass.length === 0) return { status: 'uncounted', variance: null };
  if (!countsAgree(pass, tolerance)) return { status: 'recount', variance: null };
  return {
    status: recount.length > 0 ? 'recounted' : 'counted',
    variance: mergedVariance(pass),
  };
}

/** A quantity (thousandths) valued at a cost per unit, in cents, rounded half away from zero. */
export function valueAtCost(quantity: Milli, unitCost: Cents): Cents {
  return divRound(quantity * unitCost, 1000);
}

/**
 * What to append to the ledger when a count's adjustment is worked out again (a sale made before
 * the count reached us after it was applied): the new adjustment less what is already booked.
 */
export function revision(newVariance: Milli, booked: Milli): Milli {
  return newVariance - booked;
}
