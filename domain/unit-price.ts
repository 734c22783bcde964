import { divRound, type Cents, type Milli } from './money';

/** What a pack's net content is counted in. */
export type ContentUnit = 'g' | 'kg' | 'ml' | 'l' | 'piece';
/** How a product is sold: by the piece, or by weight (its price is per kg). */
export type SaleUnit = 'piece' | 'kg';
/** What a unit price is per: a kilogram, a litre, or one piece of a pack of several. */
export type UnitPriceBasis = 'kg' | 'l' | 'piece';

export interface UnitPrice {
  cents: Cents;
  per: UnitPriceBasis;
}

/** How many thousandths of each content unit make one unit of its basis (1 kg, 1 l, 1 piece). */
const PER_BASIS: Readonly<Record<ContentUnit, { basis: UnitPriceBasis; milli: number }>> = {
  g: { basis: 'kg', milli: 1_000_000 },
  kg: { basis: 'kg', milli: 1000 },
  ml: { basis: 'l', milli: 1_000_000 },
  l: { basis: 'l', milli: 1000 },
  piece: { basis: 'piece', milli: 1000 },
};

/**
 * The price per kg, per litre or per piece that a shelf must show beside the selling price
 * (EU 98/6/EC), the one figure the shelf labels and the handheld both show: price x (one kg, l
 * or piece) / net content in thousandths of its unit, rounded half up to the cent once (2.99 EUR
 * for 500 g is 5.98 EUR/kg; 1.49 EUR for 330 ml is 4.515 -> 4.52 EUR/l).
 *
 * A product sold by weight is priced per kg already: that price is its unit price (the law's
 * unit price for loose products), whatever its content says; a screen that shows its price as
 * "per kg" need not say it twice. Null when the net content is unknown, or not a whole number
 * of thousandths above zero (the catalogue refuses such a content; a row that has one anyway
 * gets no made-up figure, and one bad product does not stop a sheet of labels or a card).
 * A price that is not whole cents, zero or more, is a programming error: refused in words.
 */
export function unitPrice(product: {
  price: Cents;
  unit: SaleUnit;
  netContent: Milli | null;
  contentUnit: ContentUnit | null;
}): UnitPrice | null {
  const { price, unit, netContent, contentUnit } = product;
  if (!Number.isSafeInteger(price) || price < 0) {
    throw new RangeError(`A price must be whole cents, zero or more: ${price}`);
  }
  if (unit === 'kg') return { cents: price, per: 'kg' };
  if (netContent === null || contentUnit === null) return null;
  if (!Number.isSafeInteger(netContent) || netContent <= 0) return null;
  const { basis, milli } = PER_BASIS[contentUnit];
  return { cents: divRound(price * milli, netContent), per: basis };
}
