import {
  centsToDecimalString,
  divRound,
  milliToDecimalString,
  type Cents,
  type Milli,
} from './money';

/**
 * Purchase-order suggestions: how much of each product to order from a supplier so that the
 * shelf holds until the next delivery after this one. Pure integer maths (quantities in
 * thousandths, money in cents); every line says which numbers it used, in words.
 */

/** One local day of a product's ledger: what sold (sales less refunds), and every move's sum. */
export interface LedgerDay {
  sold: Milli;
  net: Milli;
}

/** A product's recent days, oldest first, and its stock level when the first one began. */
export interface SalesHistory {
  levelAtStart: Milli;
  days: readonly LedgerDay[];
}

export interface SalesRate {
  windowDays: number;
  /** Days left out: the shelf was empty at their start or at their end, so they undersell. */
  outOfStockDays: number;
  salesDays: number;
  /** Sold over the days kept (never below zero: refunds do not make a demand negative). */
  sold: Milli;
}

/**
 * Sales per day over the window, leaving out the days the product was out of stock: a day that
 * began empty sold only after a delivery, a day that ended empty stopped selling when it ran
 * out; either would make the product look slower than it is and order too little again.
 */
export function salesRate(history: SalesHistory): SalesRate {
  let level = history.levelAtStart;
  let outOfStockDays = 0;
  let sold = 0;
  for (const day of history.days) {
    const opening = level;
    level += day.net;
    if (opening <= 0 || level <= 0) outOfStockDays += 1;
    else sold += day.sold;
  }
  const windowDays = history.days.length;
  return {
    windowDays,
    outOfStockDays,
    salesDays: windowDays - outOfStockDays,
    sold: Math.max(sold, 0),
  };
}

/** The days one order must last: until it arrives, until the next one, and a margin. */
export interface Cover {
  leadDays: number;
  reviewDays: number;
  safetyDays: number;
}

export const coverDays = (cover: Cover): number =>
  cover.leadDays + cover.reviewDays + cover.safetyDays;

/** What a supplier sells us of one product, and where the product stands. */
export interface ProductToOrder {
  productId: number;
  packSize: Milli;
  minimumPacks: number;
  unitCost: Cents;
  onHand: Milli;
  onOrder: Milli;
  rate: SalesRate;
}

export interface Explanation {
  windowDays: number;
  outOfStockDays: number;
  salesDays: number;
  sold: Milli;
  /** Sold per day kept, rounded to the thousandth for reading; the maths keeps the fraction. */
  perDay: Milli;
  coverDays: number;
  cover: Cover;
  /** What the cover days need at that pace, rounded up. */
  target: Milli;
  onHand: Milli;
  onOrder: Milli;
  shortfall: Milli;
  packSize: Milli;
  minimumPacks: number;
  /** Packs added to reach the supplier's minimum or free delivery. */
  toppedUp: number;
  words: string;
}

export interface SuggestedLine {
  productId: number;
  packs: number;
  quantity: Milli;
  unitCost: Cents;
  cost: Cents;
  explanation: Explanation;
}

export interface SupplierTerms extends Cover {
  minimumOrder: Cents;
  freeDelivery: Cents | null;
}

export interface SuggestedOrder {
  lines: SuggestedLine[];
  total: Cents;
  reachesMinimum: boolean;
  reachesFreeDelivery: boolean;
  notes: string[];
}

/** A quantity for reading: "12", "0.5", "1.25" (thousandths, no trailing zeros). */
export function quantityWords(quantity: Milli): string {
  return milliToDecimalString(quantity).replace(/\.?0+$/, '');
}

const euros = (cents: Cents): string => `€${centsToDecimalString(cents)}`;

/** The cost of a quantity at a cost per unit, rounded half up to the cent. */
export function lineCost(quantity: Milli, unitCost: Cents): Cents {
  // BigInt: a large order at a large cost passes 2^53 before the division.
  return Number((BigInt(quantity) * BigInt(unitCost) + 500n) / 1000n);
}

function ceilDiv(numerator: number, denominator: number): number {
  return Math.ceil(numerator / denominator);
}

/** The packs one product needs for the cover, before the supplier's terms. */
export function suggestLine(product: ProductToOrder, cover: Cover): SuggestedLine {
  const { rate } = product;
  const days = coverDays(cover);
  // Stock below zero on the books is stock nobody can sell: count it as an empty shelf.
  const onHand = Math.max(product.onHand, 0);
  const target = rate.salesDays === 0 ? 0 : ceilDiv(days * rate.sold, rate.salesDays);
  const shortfall = Math.max(target - onHand - product.onOrder, 0);
  const needed = ceilDiv(shortfall, product.packSize);
  const packs = needed === 0 ? 0 : Math.max(needed, product.minimumPacks);
  const perDay = rate.salesDays === 0 ? 0 : divRound(rate.sold, rate.salesDays);
  const explanation: Explanation = {
    windowDays: rate.windowDays,
    outOfStockDays: rate.outOfStockDays,
    salesDays: rate.salesDays,
    sold: rate.sold,
    perDay,
    coverDays: days,
    cover: { leadDays: cover.leadDays, reviewDays: cover.reviewDays, safetyDays: cover.safetyDays },
    target,
    onHand: product.onHand,
    onOrder: product.onOrder,
    shortfall,
    packSize: product.packSize,
    minimumPacks: product.minimumPacks,
    toppedUp: 0,
    words: '',
  };
  return priced(product, packs, explanation);
}

function priced(product: ProductToOrder, packs: number, explanation: Explanation): SuggestedLine {
  const quantity = packs * product.packSize;
  const line = {
    productId: product.productId,
    packs,
    quantity,
    unitCost: product.unitCost,
    cost: lineCost(quantity, product.unitCost),
    explanation,
  };
  return { ...line, explanation: { ...explanation, words: explain(line) } };
}

/** The line's reasons in one paragraph a buyer reads beside the number. */
export function explain(
  line: Omit<SuggestedLine, 'explanation'> & { explanation: Explanation },
): string {
  const e = line.explanation;
  const q = quantityWords;
  const left =
    e.outOfStockDays === 0
      ? ''
      : ` (${e.outOfStockDays} day${e.outOfStockDays === 1 ? '' : 's'} out of stock left out)`;
  const pace =
    e.salesDays === 0
      ? `No day in stock in the last ${e.windowDays}${left}: no pace to order from.`
      : `Sold ${q(e.sold)} in ${e.salesDays} of the last ${e.windowDays} days${left}: ${q(e.perDay)} a day.`;
  const need =
    ` ${e.coverDays} days to cover (lead ${e.cover.leadDays} + review ${e.cover.reviewDays}` +
    ` + safety ${e.cover.safetyDays}) need ${q(e.target)}; on hand ${q(e.onHand)},` +
    ` on order ${q(e.onOrder)}: short of ${q(e.shortfall)}.`;
  const packsOf = `${line.packs} pack${line.packs === 1 ? '' : 's'} of ${q(e.packSize)}`;
  const order =
    line.packs === 0
      ? ' Nothing to order.'
      : ` Order ${packsOf} (${q(line.quantity)}, ${euros(line.cost)})` +
        (e.minimumPacks > 1 ? `, at least ${e.minimumPacks} packs` : '') +
        (e.toppedUp > 0 ? `, of which ${e.toppedUp} added for the supplier's terms` : '') +
        '.';
  return pace + need + order;
}

/** Cover after ordering, as a fraction of days (stock over pace), for choosing what to top up. */
function coverAfter(product: ProductToOrder, line: SuggestedLine): [bigint, bigint] {
  const stock = Math.max(product.onHand, 0) + product.onOrder + line.quantity;
  return [BigInt(stock) * BigInt(product.rate.salesDays), BigInt(product.rate.sold)];
}

/**
 * Adds packs, one at a time, to the line that would run out first, until the order reaches
 * `threshold`; `allowed` says whether a line may take one more pack. Returns whether it did.
 */
function topUp(
  entries: { product: ProductToOrder; line: SuggestedLine }[],
  threshold: Cents,
  allowed: (product: ProductToOrder, line: SuggestedLine) => boolean,
): boolean {
  while (sum(entries.map((entry) => entry.line)) < threshold) {
    let best: { product: ProductToOrder; line: SuggestedLine } | null = null;
    for (const entry of entries) {
      const { product, line } = entry;
      // A pack that adds nothing to the total (free, or too small to cost a cent) never helps.
      const next = line.quantity + packsToAdd(product, line) * product.packSize;
      const adds = lineCost(next, product.unitCost) > line.cost;
      if (product.rate.sold === 0 || !adds || !allowed(product, line)) continue;
      if (best === null) {
        best = entry;
        continue;
      }
      const [a, b] = coverAfter(product, line);
      const [c, d] = coverAfter(best.product, best.line);
      if (a * d < c * b) best = entry;
    }
    if (best === null) return false;
    const added = packsToAdd(best.product, best.line);
    const explanation = {
      ...best.line.explanation,
      toppedUp: best.line.explanation.toppedUp + added,
    };
    best.line = priced(best.product, best.line.packs + added, explanation);
  }
  return true;
}

/** A line not ordered yet starts at the supplier's minimum packs; one more pack otherwise. */
const packsToAdd = (product: ProductToOrder, line: SuggestedLine): number =>
  line.packs === 0 ? product.minimumPacks : 1;

const sum = (lines: readonly SuggestedLine[]): Cents =>
  lines.reduce((total, line) => total + line.cost, 0);

/**
 * One supplier's order: each product's packs, then the supplier's terms. An order below the
 * supplier's minimum would be refused, so it is topped up with what sells and would run out
 * first; free delivery is reached the same way, but never by buying more than twice the cover
 * of a product (paying for delivery is cheaper than dead stock). Nothing needed, no order.
 */
export function suggestOrder(
  products: readonly ProductToOrder[],
  terms: SupplierTerms,
): SuggestedOrder {
  const entries = products.map((product) => ({ product, line: suggestLine(product, terms) }));
  const lines = () => entries.map((entry) => entry.line);
  const notes: string[] = [];
  if (lines().every((line) => line.packs === 0)) {
    return {
      lines: [],
      total: 0,
      reachesMinimum: terms.minimumOrder === 0,
      reachesFreeDelivery: terms.freeDelivery === 0,
      notes: ['Nothing needs ordering.'],
    };
  }
  const reachesMinimum = topUp(entries, terms.minimumOrder, () => true);
  if (terms.minimumOrder > 0) {
    notes.push(
      reachesMinimum
        ? `The supplier's minimum order is ${euros(terms.minimumOrder)}.`
        : `Below the supplier's minimum order of ${euros(terms.minimumOrder)}: nothing that sells can make it up.`,
    );
  }
  const days = coverDays(terms);
  const reachesFreeDelivery =
    terms.freeDelivery !== null &&
    topUp(entries, terms.freeDelivery, (product, line) => {
      const next = line.quantity + packsToAdd(product, line) * product.packSize;
      const stock = Math.max(product.onHand, 0) + product.onOrder + next;
      // Within twice the cover: stock x sales days <= 2 x cover days x sold.
      return (
        BigInt(stock) * BigInt(product.rate.salesDays) <=
        2n * BigInt(days) * BigInt(product.rate.sold)
      );
    });
  const total = sum(lines());
  if (terms.freeDelivery !== null) {
    notes.push(
      reachesFreeDelivery
        ? `Delivery is free from ${euros(terms.freeDelivery)}.`
        : `${euros(terms.freeDelivery - total)} short of free delivery (${euros(terms.freeDelivery)}) without buying more than twice the cover.`,
    );
  }
  return {
    lines: lines().filter((line) => line.packs > 0),
    total,
    reachesMinimum,
    reachesFreeDelivery,
    notes,
  };
}
