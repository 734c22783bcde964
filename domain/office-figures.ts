/**
 * The back office's figures on products: margins by category and by supplier at the cost of the
 * day of sale, top and slow movers, stock value at cost, losses by reason. The server sums each
 * product's sales of a period (kept per day as tickets arrive); these functions group, rank and
 * value them. Pure: no clock, no I/O. Money integer cents, quantities thousandths.
 */
import { divRound, type Cents, type Milli } from './money';

/** One product's sales over a period. */
export interface ProductSales {
  productId: number;
  /** Moved off the shelf, refunds taken off (thousandths of the product's unit). */
  quantity: Milli;
  /** The lines' net, VAT included, after every discount. */
  amount: Cents;
  amountExVat: Cents;
  /** amountExVat of the lines whose product had a cost on the day of sale. */
  costedExVat: Cents;
  /** Those lines' cost at the cost of their day of sale. */
  cost: Cents;
}

/** A paid line as it reaches the books: what it moved and what it brought without VAT. */
export function lineSale(line: { net: Cents; vatRateBp: number; moved: Milli }): {
  quantity: Milli;
  amount: Cents;
  amountExVat: Cents;
} {
  return {
    quantity: -line.moved,
    amount: line.net,
    // As tax.ts's vatIncluded, without refusing a rate the books already hold.
    amountExVat: line.net - divRound(line.net * line.vatRateBp, 10_000 + line.vatRateBp),
  };
}

/**
 * A product's cost at a time: the last cost set at or before it; before its first cost, that
 * first cost (the best guess there is); null when it never had one. `history` in any order.
 */
export function costAt(history: readonly { cost: Cents; at: string }[], at: string): Cents | null {
  let before: { cost: Cents; at: string } | null = null;
  let first: { cost: Cents; at: string } | null = null;
  for (const row of history) {
    if (row.at <= at && (before === null || row.at >= before.at)) before = row;
    if (first === null || row.at < first.at) first = row;
  }
  return (before ?? first)?.cost ?? null;
}

export interface MarginRow {
  key: string;
  amount: Cents;
  amountExVat: Cents;
  cost: Cents;
  /** costedExVat − cost: taken only on lines of known cost. */
  margin: Cents;
  /** The margin over the costed sales without VAT, in basis points; null with none. */
  marginBp: number | null;
  /** The share of the sales without VAT whose cost is known, in basis points; null with none. */
  costedBp: number | null;
}

const ratioBp = (part: number, whole: number): number | null =>
  whole === 0 ? null : divRound(part * 10_000, whole);

/** Sums the products' sales under a key each (a category, a supplier): largest margin first. */
export function marginsBy(
  sales: readonly ProductSales[],
  keyOf: (productId: number) => string,
): MarginRow[] {
  const groups = new Map<string, { amount: number; exVat: number; costed: number; cost: number }>();
  for (const row of sales) {
    const key = keyOf(row.productId);
    const group = groups.get(key) ?? { amount: 0, exVat: 0, costed: 0, cost: 0 };
    group.amount += row.amount;
    group.exVat += row.amountExVat;
    group.costed += row.costedExVat;
    group.cost += row.cost;
    groups.set(key, group);
  }
  return [...groups]
    .map(([key, group]) => ({
      key,
      amount: group.amount,
      amountExVat: group.exVat,
      cost: group.cost,
      margin: group.costed - group.cost,
      marginBp: ratioBp(group.costed - group.cost, group.costed),
      costedBp: ratioBp(group.costed, group.exVat),
    }))
    .sort((a, b) => b.margin - a.margin || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface Mover {
  productId: number;
  quantity: Milli;
  amount: Cents;
}

/**
 * The best sellers by amount (then quantity), and the slowest of the products on sale: least
 * quantity sold (none counts), then least amount, then the lowest id. `active` are the products
 * on sale; one sold in the period but no longer active is not a slow mover.
 */
export function movers(
  sales: readonly ProductSales[],
  active: readonly number[],
  limit: number,
): { top: Mover[]; slow: Mover[] } {
  const sold = new Map(sales.map((row) => [row.productId, row]));
  const rows = (ids: Iterable<number>): Mover[] =>
    [...ids].map((productId) => {
      const row = sold.get(productId);
      return { productId, quantity: row?.quantity ?? 0, amount: row?.amount ?? 0 };
    });
  const top = rows(sold.keys())
    .filter((row) => row.amount > 0)
    .sort((a, b) => b.amount - a.amount || b.quantity - a.quantity || a.productId - b.productId)
    .slice(0, limit);
  const slow = rows(new Set(active))
    .sort((a, b) => a.quantity - b.quantity || a.amount - b.amount || a.productId - b.productId)
    .slice(0, limit);
  return { top, slow };
}

export interface StockValue {
  /** On hand at cost, summed over the products with a cost and something on the shelf. */
  total: Cents;
  byCategory: { key: string; quantity: Milli; value: Cents }[];
  /** Products on the shelf with no cost: not in the value. */
  uncosted: number;
  /** Products below zero on hand (sold more than the ledger knew came in): counted as none. */
  negative: number;
}

/** Stock on hand valued at each product's cost, by category, largest value first. */
export function stockValue(
  levels: readonly { productId: number; onHand: Milli; cost: Cents | null; key: string }[],
): StockValue {
  const groups = new Map<string, { quantity: number; value: number }>();
  let total = 0;
  let uncosted = 0;
  let negative = 0;
  for (const level of levels) {
    if (level.onHand < 0) negative += 1;
    if (level.onHand <= 0) continue;
    if (level.cost === null) {
      uncosted += 1;
      continue;
    }
    const value = divRound(level.onHand * level.cost, 1000);
    const group = groups.get(level.key) ?? { quantity: 0, value: 0 };
    group.quantity += level.onHand;
    group.value += value;
    groups.set(level.key, group);
    total += value;
  }
  return {
    total,
    byCategory: [...groups]
      .map(([key, group]) => ({ key, ...group }))
      .sort((a, b) => b.value - a.value || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    uncosted,
    negative,
  };
}

/**
 * The whole calendar months inside a period of days (both included, `2026-03-01`): read from the
 * months' rows, and the days at the edges from the days'. Null when no month is whole.
 */
export function wholeMonths(from: string, to: string): { first: string; last: string } | null {
  // A month counted from January of `year` (0), -1 being the December before.
  const month = (year: number, index: number) =>
    `${String(year + Math.floor(index / 12)).padStart(4, '0')}-${String((((index % 12) + 12) % 12) + 1).padStart(2, '0')}`;
  const [fromYear, fromMonth, fromDay] = from.split('-').map(Number) as [number, number, number];
  const [toYear, toMonth, toDay] = to.split('-').map(Number) as [number, number, number];
  const first = month(fromYear, fromMonth - 1 + (fromDay === 1 ? 0 : 1));
  // The day after `to` is the 1st when `to` ends its month.
  const endsMonth = new Date(Date.UTC(toYear, toMonth - 1, toDay + 1)).getUTCDate() === 1;
  const last = month(toYear, toMonth - (endsMonth ? 1 : 2));
  return first <= last ? { first, last } : null;
}
