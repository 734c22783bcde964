import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_PRICING_RULE,
  markupFor,
  pricingRuleSchema,
  salePriceFromCost,
  suggestedSalePrice,
} from '../../domain/markup';
import { MAX_CENTS } from '../../domain/money';

describe('suggestedSalePrice', () => {
  it('adds the markup on the cost, then the VAT, rounding half up once at the end', () => {
    // La Louve: 20 % on a 1.00 cost, 6 % VAT: 1.272 -> 1.27.
    expect(suggestedSalePrice(100, 2000, 600)).toBe(127);
    // 2.50 x 1.2 x 1.21 = 3.63 exactly.
    expect(suggestedSalePrice(250, 2000, 2100)).toBe(363);
    // 105 x 1.3 x 1.06 = 144.69 -> 145; 5 x 1.1 = 5.5 -> 6 (half up).
    expect(suggestedSalePrice(105, 3000, 600)).toBe(145);
    expect(suggestedSalePrice(5, 1000, 0)).toBe(6);
    expect(suggestedSalePrice(45, 0, 0)).toBe(45);
    expect(suggestedSalePrice(0, 2000, 2100)).toBe(0);
  });

  it('stays exact where floats would drift', () => {
    // 3,333,333 x 1.5 x 1.21 = 6,049,999.395 -> 6,049,999 (a float product gives ...9.3999).
    expect(suggestedSalePrice(3_333_333, 5000, 2100)).toBe(6_049_999);
  });

  it('refuses a negative, fractional or unsafe figure in words', () => {
    expect(() => suggestedSalePrice(-1, 2000, 600)).toThrow('The cost must be a whole number');
    expect(() => suggestedSalePrice(100, 0.5, 600)).toThrow('The markup must be a whole number');
    expect(() => suggestedSalePrice(100, 2000, -600)).toThrow(
      'The VAT rate must be a whole number',
    );
    expect(() => suggestedSalePrice(Number.MAX_SAFE_INTEGER + 1, 0, 0)).toThrow(/cost/);
  });

  it('refuses a price a till could not ring up', () => {
    expect(suggestedSalePrice(MAX_CENTS, 0, 0)).toBe(MAX_CENTS);
    expect(() => suggestedSalePrice(MAX_CENTS, 1, 0)).toThrow('more than a till can ring up');
  });

  it('never falls below cost plus VAT and grows with the markup', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.constantFrom(0, 600, 1200, 2100),
        (cost, markup, vat) => {
          const price = suggestedSalePrice(cost, markup, vat);
          expect(price).toBeGreaterThanOrEqual(suggestedSalePrice(cost, 0, vat));
          expect(suggestedSalePrice(cost, markup + 100, vat)).toBeGreaterThanOrEqual(price);
          // Within half a cent of the exact rational price.
          const exact = (cost * (10_000 + markup) * (10_000 + vat)) / 1e8;
          expect(Math.abs(price - exact)).toBeLessThanOrEqual(0.5 + 1e-6);
        },
      ),
    );
  });
});

describe('markupFor', () => {
  const rule = { markupBp: 2000, byCategory: { '7': 3500 } };
  it("takes the category's own markup, else the shop's", () => {
    expect(markupFor(rule, 7)).toBe(3500);
    expect(markupFor(rule, 8)).toBe(2000);
    expect(markupFor(rule, null)).toBe(2000);
  });
  it('starts at 20 % for every product', () => {
    expect(markupFor(DEFAULT_PRICING_RULE, 7)).toBe(2000);
  });
});

describe('salePriceFromCost', () => {
  const rule = { markupBp: 2000, byCategory: { '7': 3500 } };
  it("takes the product's category's markup, else the shop's, then its VAT", () => {
    // 1,00 € + 35 % = 1,35 €, + 6 % = 1,431 -> 1,43 €; + 20 % = 1,20 €, + 21 % = 1,452 -> 1,45 €.
    expect(salePriceFromCost(rule, { categoryId: 7, vatBp: 600 }, 100)).toBe(143);
    expect(salePriceFromCost(rule, { categoryId: 8, vatBp: 2100 }, 100)).toBe(145);
    expect(salePriceFromCost(rule, { categoryId: null, vatBp: 0 }, 100)).toBe(120);
  });
  it('refuses what suggestedSalePrice refuses', () => {
    expect(() => salePriceFromCost(rule, { categoryId: null, vatBp: 600 }, -1)).toThrow(
      'The cost must be a whole number',
    );
  });
});

describe('pricingRuleSchema', () => {
  it('reads a rule and defaults the categories to none', () => {
    expect(pricingRuleSchema.parse({ markupBp: 2500 })).toEqual({ markupBp: 2500, byCategory: {} });
    expect(pricingRuleSchema.parse({ markupBp: 0, byCategory: { '12': 100_000 } })).toEqual({
      markupBp: 0,
      byCategory: { '12': 100_000 },
    });
  });
  it('refuses negative or absurd markups, bad category ids and unknown fields', () => {
    for (const bad of [
      { markupBp: -1 },
      { markupBp: 100_001 },
      { markupBp: 2.5 },
      { markupBp: 2000, byCategory: { dairy: 100 } },
      { markupBp: 2000, byCategory: { x12: 100 } },
      { markupBp: 2000, byCategory: { '12x': 100 } },
      { markupBp: 2000, byCategory: { '3': -5 } },
      { markupBp: 2000, extra: true },
    ]) {
      expect(pricingRuleSchema.safeParse(bad).success).toBe(false);
    }
  });
});
