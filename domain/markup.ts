import { z } from 'zod';
import { MAX_CENTS, type Cents } from './money';

/**
 * The coop's pricing rule: a sale price is the cost before VAT plus a markup, plus VAT. One
 * markup for the whole shop (La Louve's 20 %), or one per category where the coop sets it.
 * Markups are basis points of the cost: 2000 is 20 %.
 */
export interface PricingRule {
  markupBp: number;
  byCategory: Readonly<Record<string, number>>;
}

const markupBp = z.number().int().min(0).max(100_000);

export const pricingRuleSchema = z
  .object({
    markupBp,
    byCategory: z.record(z.string().regex(/^\d{1,10}$/), markupBp).default({}),
  })
  .strict();

/** The rule a coop starts with until its manager sets its own: 20 % on every product. */
export const DEFAULT_PRICING_RULE: PricingRule = { markupBp: 2000, byCategory: {} };

/** The markup a product takes: its category's, else the shop's. */
export function markupFor(rule: PricingRule, categoryId: number | null): number {
  // A rule never has a "null" category (its schema takes ids only).
  return rule.byCategory[String(categoryId)] ?? rule.markupBp;
}

/**
 * The sale price, VAT included, for a cost before VAT: cost x (1 + markup) x (1 + VAT), rounded
 * half up to the cent once, at the end, on integers (BigInt: the product passes 2^53).
 */
export function suggestedSalePrice(cost: Cents, markup: number, vatBp: number): Cents {
  for (const [value, what] of [
    [cost, 'cost'],
    [markup, 'markup'],
    [vatBp, 'VAT rate'],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`The ${what} must be a whole number, zero or more: ${value}`);
    }
  }
  const scaled = BigInt(cost) * BigInt(10_000 + markup) * BigInt(10_000 + vatBp);
  const price = Number((scaled + 50_000_000n) / 100_000_000n);
  if (price > MAX_CENTS) {
    throw new RangeError(`A sale price of ${price} cents is more than a till can ring up`);
  }
  return price;
}

/**
 * The sale price the coop's rule suggests for a product at a cost before VAT: its category's
 * markup (else the shop's), then its VAT. What every part that learns a cost (a supplier's list,
 * a delivery, a product's page) queues for a manager's approval.
 */
export function salePriceFromCost(
  rule: PricingRule,
  product: { categoryId: number | null; vatBp: number },
  cost: Cents,
): Cents {
  return suggestedSalePrice(cost, markupFor(rule, product.categoryId), product.vatBp);
}
