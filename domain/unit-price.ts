import { divRound, type Cents, type Milli } from './money';

/** What a unit price is per: a kilogram, a litre, or one piece of a pack of several. */
export type UnitPriceBase = 'kg' | 'l' | 'piece';

/** How many thousandths of the base one thousandth of the content unit is (g is 1/1000 kg). */
const PER_BASE: Record<'g' | 'kg' | 'ml' | 'l' | 'piece', { base: UnitPriceBase; scale: number }> =
  {
    g: { base: 'kg', scale: 1000 },
    kg: { base: 'kg', scale: 1 },
    ml: { base: 'l', scale: 1000 },
    l: { base: 'l', scale: 1 },
    piece: { base: 'piece', scale: 1 },
  };

/**
 * The price per kg, per litre or per piece that a shelf must show beside the selling price
 * (EU 98/6/EC), from the product's price and its net content in thousandths of its content unit:
 * 3.49 EUR for 500 g (500000 thousandths of g) is 6.98 EUR/kg. Rounded to the cent, half away
 * from zero. A product sold by weight is already priced per kg, and one with no net content has
 * none: null.
 */
export function unitPrice(product: {
  price: Cents;
  unit: 'piece' | 'kg';
  netContent: Milli | null;
  contentUnit: keyof typeof PER_BASE | null;
}): { cents: Cents; per: UnitPriceBase } | null {
  const { price, unit, netContent, contentUnit } = product;
  if (unit === 'kg' || netContent === null || contentUnit === null || netContent <= 0) return null;
  const { base, scale } = PER_BASE[contentUnit];
  // price / (netContent / 1000 / scale) base units = price * 1000 * scale / netContent.
  return { cents: divRound(price * 1000 * scale, netContent), per: base };
}
