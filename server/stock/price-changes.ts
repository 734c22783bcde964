import type { Queryable, Store } from '../store';
import { catalogTransaction, getProduct, upsertProducts } from '../catalog';
import { lowestPriceBefore, type PriceSince } from '../../domain/price-history';
import { refusal } from '../suppliers';

/**
 * Sale prices wait in `price_changes` until a manager decides. Approving one writes the
 * catalogue (a new version, so tills pull the price), its price history, and queues the shelf
 * label; rejecting one leaves the catalogue as it is.
 */

const CHANGE_COLUMNS = `c.id, c.product_id AS "productId", p.name AS "productName",
  c.old_price AS "oldPrice", c.new_price AS "newPrice", p.price AS "currentPrice",
  p.cost_price AS "costPrice", c.reason, c.source, c.effective_from AS "effectiveFrom",
  c.status, c.created_at AS "createdAt", c.decided_at AS "decidedAt", c.decided_by AS "decidedBy"`;

export interface PriceChange {
  id: number;
  productId: number;
  productName: string;
  oldPrice: number;
  newPrice: number;
  currentPrice: number;
  costPrice: number | null;
  reason: string;
  source: string | null;
  effectiveFrom: string;
  status: 'pending' | 'approved' | 'rejected';
  createdAt: string;
  decidedAt: string | null;
  decidedBy: number | null;
}

export async function listPriceChanges(
  db: Queryable,
  status: PriceChange['status'],
): Promise<PriceChange[]> {
  return db.query<PriceChange>(
    `SELECT ${CHANGE_COLUMNS} FROM price_changes c JOIN products p ON p.id = c.product_id
      WHERE c.status = $1 ORDER BY c.created_at, c.id`,
    [status],
  );
}

async function lockedChange(db: Queryable, id: number): Promise<PriceChange> {
  const [change] = await db.query<PriceChange>(
    `SELECT ${CHANGE_COLUMNS} FROM price_changes c JOIN products p ON p.id = c.product_id
      WHERE c.id = $1 FOR UPDATE OF c`,
    [id],
  );
  if (!change) throw refusal(404, `No price change ${id}`);
  return change;
}

export async function decidePriceChange(
  store: Store,
  decision: { id: number; approve: boolean; personId: number | null; now: Date },
): Promise<PriceChange> {
  return catalogTransaction(store, async (tx) => {
    const change = await lockedChange(tx, decision.id);
    const wanted = decision.approve ? 'approved' : 'rejected';
    // A decision sent again after a lost answer finds it taken, and changes nothing.
    if (change.status === wanted) return change;
    if (change.status !== 'pending') {
      throw refusal(409, `Price change ${change.id} was already ${change.status}; nothing changed`);
    }
    if (decision.approve) {
      const product = await getProduct(tx, change.productId);
      if (!product) throw refusal(404, `No product ${change.productId}`);
      if (product.price !== change.oldPrice) {
        throw refusal(
          409,
          `The price of ${product.name} changed since this suggestion (${change.oldPrice} cents then, ${product.price} now): nothing changed; reject it or suggest again`,
        );
      }
      const at = decision.now.toISOString();
      // The catalogue queues the shelf label of the new price, as the manager's.
      await upsertProducts(tx, [{ ...product, price: change.newPrice }], at, decision.personId);
    }
    await tx.query(
      'UPDATE price_changes SET status = $2, decided_at = $3, decided_by = $4 WHERE id = $1',
      [change.id, wanted, decision.now.toISOString(), decision.personId],
    );
    return lockedChange(tx, change.id);
  });
}

/** A product's sale prices, each with the moment it took effect and the one it ended. */
export async function priceHistory(db: Queryable, productId: number) {
  const [product] = await db.query<{ price: number }>(
    'SELECT price FROM products WHERE id = $1 AND NOT deleted',
    [productId],
  );
  if (!product) throw refusal(404, `No product ${productId}`);
  const rows = await db.query<PriceSince>(
    'SELECT price, at FROM price_history WHERE product_id = $1 ORDER BY at',
    [productId],
  );
  return {
    current: product.price,
    prices: rows.map((row, index) => ({
      price: row.price,
      from: row.at,
      until: rows[index + 1]?.at ?? null,
    })),
    history: rows,
  };
}

/** The lowest price of the `days` days before `before`: what a price reduction must show. */
export async function lowestPrice(db: Queryable, productId: number, before: string, days = 30) {
  const { current, history } = await priceHistory(db, productId);
  return {
    productId,
    before,
    days,
    current,
    lowest: lowestPriceBefore(history, before, current, days),
  };
}
