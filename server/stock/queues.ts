import type { Queryable } from '../store';
import {
  DEFAULT_PRICING_RULE,
  pricingRuleSchema,
  salePriceFromCost,
  type PricingRule,
} from '../../domain/markup';

/**
 * The two queues the stock work feeds: shelf labels to print, and sale prices that wait for a
 * manager. Every part that changes a price, a name, a content or a cost goes through here.
 */

export type LabelReason = 'price' | 'content' | 'name' | 'manual' | 'new';

/**
 * Queues a product's shelf label; a label already waiting stays the one waiting. A product not
 * in the catalogue (unknown, or deleted) gets none: `listed` says which. One statement.
 */
export async function queueLabel(
  tx: Queryable,
  label: { productId: number; reason: LabelReason; personId: number | null; now: Date },
): Promise<{ queued: boolean; listed: boolean }> {
  const [row] = await tx.query<{ queued: boolean; listed: boolean }>(
    `WITH product AS (SELECT id FROM products WHERE id = $1 AND NOT deleted),
          queued AS (
            INSERT INTO label_queue (product_id, reason, queued_at, queued_by)
            SELECT id, $2, $3, $4 FROM product
            ON CONFLICT (product_id) WHERE printed_at IS NULL DO NOTHING RETURNING id)
     SELECT EXISTS (SELECT 1 FROM queued) AS queued, EXISTS (SELECT 1 FROM product) AS listed`,
    [label.productId, label.reason, label.now.toISOString(), label.personId],
  );
  return { queued: row?.queued ?? false, listed: row?.listed ?? false };
}

export const PRICING_RULE_SETTING = 'pricing.rule';

/** The coop's pricing rule as its manager set it, else 20 % on everything. */
export async function pricingRule(db: Queryable): Promise<PricingRule> {
  const [row] = await db.query<{ value: unknown }>(
    'SELECT value FROM settings WHERE key = $1 AND NOT deleted',
    [PRICING_RULE_SETTING],
  );
  return row ? pricingRuleSchema.parse(row.value) : DEFAULT_PRICING_RULE;
}

export type PriceChangeReason = 'cost' | 'import' | 'delivery' | 'manual';

/** What a new cost makes of the sale price: the rule's suggestion, and whether it was queued. */
export interface CostSuggestion {
  suggested: number;
  queued: boolean;
}

/**
 * A product's cost changed (a supplier file, a delivery): the sale price the coop's rule
 * suggests for it, queued for approval if it differs from today's price.
 */
export async function suggestPriceFromCost(
  tx: Queryable,
  cost: {
    productId: number;
    cost: number;
    reason: PriceChangeReason;
    source: string | null;
    effectiveFrom: string;
    personId: number | null;
    now: Date;
  },
): Promise<CostSuggestion> {
  const { productId, cost: amount, ...change } = cost;
  const suggestion = (await suggestPricesFromCosts(tx, [{ productId, cost: amount }], change)).get(
    productId,
  );
  if (!suggestion) throw new Error(`Product ${productId} not found`);
  return suggestion;
}

/**
 * `suggestPriceFromCost` for many products in a few statements (one product at a time took 20 s
 * for a 10,000-line supplier list): the coop's rule on each new cost, the suggestion replacing
 * the one still waiting, none queued where it is today's price; a product named twice takes its
 * last cost. The catalogue is untouched. Products not found (or deleted) are left out.
 */
export async function suggestPricesFromCosts(
  tx: Queryable,
  costs: readonly { productId: number; cost: number }[],
  change: {
    reason: PriceChangeReason;
    source: string | null;
    effectiveFrom: string;
    personId: number | null;
    now: Date;
  },
): Promise<Map<number, CostSuggestion>> {
  const suggestions = new Map<number, CostSuggestion>();
  if (costs.length === 0) return suggestions;
  const rule = await pricingRule(tx);
  const products = await tx.query<{
    id: number;
    price: number;
    categoryId: number | null;
    vatBp: number;
  }>(
    `SELECT p.id, p.price, p.category_id AS "categoryId", t.rate_bp AS "vatBp"
       FROM products p JOIN tax_rates t ON t.id = p.tax_rate_id
      WHERE p.id = ANY($1::int[]) AND NOT p.deleted FOR UPDATE OF p`,
    [costs.map((cost) => cost.productId)],
  );
  const byId = new Map(products.map((product) => [product.id, product]));
  const queued = new Map<number, { productId: number; oldPrice: number; newPrice: number }>();
  for (const { productId, cost } of costs) {
    const product = byId.get(productId);
    if (!product) continue;
    const suggested = salePriceFromCost(rule, product, cost);
    const differs = suggested !== product.price;
    suggestions.set(productId, { suggested, queued: differs });
    if (differs) queued.set(productId, { productId, oldPrice: product.price, newPrice: suggested });
    else queued.delete(productId);
  }
  await tx.query(
    `DELETE FROM price_changes WHERE product_id = ANY($1::int[]) AND status = 'pending'`,
    [[...suggestions.keys()]],
  );
  if (queued.size > 0) {
    await tx.query(
      `INSERT INTO price_changes (product_id, old_price, new_price, reason, source, effective_from,
                                  created_at, created_by)
       SELECT c."productId", c."oldPrice", c."newPrice", $2, $3, $4, $5, $6
         FROM jsonb_to_recordset($1::jsonb) AS c("productId" int, "oldPrice" int, "newPrice" int)`,
      [
        JSON.stringify([...queued.values()]),
        change.reason,
        change.source,
        change.effectiveFrom,
        change.now.toISOString(),
        change.personId,
      ],
    );
  }
  return suggestions;
}
