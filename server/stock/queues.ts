import type { Queryable } from '../store';
import {
  DEFAULT_PRICING_RULE,
  markupFor,
  pricingRuleSchema,
  suggestedSalePrice,
  type PricingRule,
} from '../../domain/markup';

/**
 * The two queues the stock work feeds: shelf labels to print, and sale prices that wait for a
 * manager. Every part that changes a price, a name, a content or a cost goes through here.
 */

export type LabelReason = 'price' | 'content' | 'name' | 'manual' | 'new';

/** Queues a product's shelf label; a label already waiting stays the one waiting. */
export async function queueLabel(
  tx: Queryable,
  label: { productId: number; reason: LabelReason; personId: number | null; now: Date },
): Promise<{ queued: boolean }> {
  const rows = await tx.query(
    `INSERT INTO label_queue (product_id, reason, queued_at, queued_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (product_id) WHERE printed_at IS NULL DO NOTHING RETURNING id`,
    [label.productId, label.reason, label.now.toISOString(), label.personId],
  );
  return { queued: rows.length > 0 };
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

/**
 * Queues a sale price for a manager's approval; a newer suggestion replaces the one still
 * waiting. Nothing is queued when the price would not change. The catalogue is untouched until
 * a manager approves.
 */
export async function queuePriceChange(
  tx: Queryable,
  change: {
    productId: number;
    newPrice: number;
    reason: PriceChangeReason;
    source: string | null;
    effectiveFrom: string;
    personId: number | null;
    now: Date;
  },
): Promise<{ queued: boolean; oldPrice: number }> {
  const [product] = await tx.query<{ price: number }>(
    'SELECT price FROM products WHERE id = $1 AND NOT deleted FOR UPDATE',
    [change.productId],
  );
  if (!product) throw new Error(`Product ${change.productId} not found`);
  await tx.query(`DELETE FROM price_changes WHERE product_id = $1 AND status = 'pending'`, [
    change.productId,
  ]);
  if (product.price === change.newPrice) return { queued: false, oldPrice: product.price };
  await tx.query(
    `INSERT INTO price_changes (product_id, old_price, new_price, reason, source, effective_from,
                                created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      change.productId,
      product.price,
      change.newPrice,
      change.reason,
      change.source,
      change.effectiveFrom,
      change.now.toISOString(),
      change.personId,
    ],
  );
  return { queued: true, oldPrice: product.price };
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
): Promise<{ suggested: number; queued: boolean }> {
  const [product] = await tx.query<{ categoryId: number | null; vatBp: number }>(
    `SELECT p.category_id AS "categoryId", t.rate_bp AS "vatBp"
       FROM products p JOIN tax_rates t ON t.id = p.tax_rate_id WHERE p.id = $1 AND NOT p.deleted`,
    [cost.productId],
  );
  if (!product) throw new Error(`Product ${cost.productId} not found`);
  const rule = await pricingRule(tx);
  const suggested = suggestedSalePrice(
    cost.cost,
    markupFor(rule, product.categoryId),
    product.vatBp,
  );
  const { queued } = await queuePriceChange(tx, { ...cost, newPrice: suggested });
  return { suggested, queued };
}
