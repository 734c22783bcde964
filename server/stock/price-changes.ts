import type { Queryable, Store } from '../store';
import { catalogTransaction, getProduct, upsertProducts } from '../catalog';
import { effectiveSince, lowestPriceBefore, type PriceSince } from '../../domain/price-history';
import { coopTimeZone } from '../office';
import { refusal } from '../suppliers';

/**
 * Sale prices wait in `price_changes` until a manager decides. Approving one writes the
 * catalogue (a new version, so tills pull the price), its price history, and queues the shelf
 * label; rejecting one leaves the catalogue as it is. Approved before its effective date (a
 * supplier's list effective next week), it waits as `scheduled` until that day begins in the
 * coop's time zone, then `applyDuePriceChanges` writes it (a minute's timer of the server, and
 * every read of the list); a scheduled change can still be rejected.
 */

const CHANGE_COLUMNS = `c.id, c.product_id AS "productId", p.name AS "productName",
  c.old_price AS "oldPrice", c.new_price AS "newPrice", p.price AS "currentPrice",
  p.cost_price AS "costPrice", c.reason, c.source, c.effective_from AS "effectiveFrom",
  c.status, c.created_at AS "createdAt", c.decided_at AS "decidedAt", c.decided_by AS "decidedBy",
  c.applied_at AS "appliedAt"`;

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
  status: 'pending' | 'scheduled' | 'approved' | 'rejected';
  createdAt: string;
  decidedAt: string | null;
  decidedBy: number | null;
  /** When it reached the catalogue. */
  appliedAt: string | null;
}

/** Due when its effective date has begun (or names no date): now, not later. */
const isDue = (change: { effectiveFrom: string }, timeZone: string, now: Date): boolean =>
  (effectiveSince(change.effectiveFrom, timeZone) ?? -Infinity) <= now.getTime();

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
    if (change.status === wanted || (decision.approve && change.status === 'scheduled')) {
      return change;
    }
    if (change.status !== 'pending' && change.status !== 'scheduled') {
      throw refusal(409, `Price change ${change.id} was already ${change.status}; nothing changed`);
    }
    const at = decision.now.toISOString();
    let status: PriceChange['status'] = wanted;
    if (decision.approve) {
      const product = await getProduct(tx, change.productId);
      if (!product) throw refusal(404, `No product ${change.productId}`);
      if (product.price !== change.oldPrice) {
        throw refusal(
          409,
          `The price of ${product.name} changed since this suggestion (${change.oldPrice} cents then, ${product.price} now): nothing changed; reject it or suggest again`,
        );
      }
      if (isDue(change, await coopTimeZone(tx), decision.now)) {
        // The catalogue queues the shelf label of the new price, as the manager's.
        await upsertProducts(tx, [{ ...product, price: change.newPrice }], at, decision.personId);
      } else {
        status = 'scheduled';
      }
    }
    await tx.query(
      `UPDATE price_changes SET status = $2, decided_at = $3, decided_by = $4,
         applied_at = CASE WHEN $2 = 'approved' THEN $3 END WHERE id = $1`,
      [change.id, status, at, decision.personId],
    );
    return lockedChange(tx, change.id);
  });
}

/**
 * Writes the scheduled prices whose day has come, in the order of their dates, each as the
 * manager who approved it; the product's own price is not checked again (the manager approved
 * this price from that day). A product deleted meanwhile keeps its change scheduled, unwritten.
 * The number written.
 */
export async function applyDuePriceChanges(store: Store, now: Date): Promise<number> {
  // Most of the time none waits: one small read, no lock.
  const [waiting] = await store.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM price_changes WHERE status = 'scheduled'`,
  );
  if (!waiting?.n) return 0;
  return catalogTransaction(store, async (tx) => {
    const timeZone = await coopTimeZone(tx);
    const scheduled = await tx.query<PriceChange>(
      `SELECT ${CHANGE_COLUMNS} FROM price_changes c JOIN products p ON p.id = c.product_id
        WHERE c.status = 'scheduled' AND NOT p.deleted ORDER BY c.id FOR UPDATE OF c`,
    );
    const since = (change: PriceChange) => effectiveSince(change.effectiveFrom, timeZone) ?? 0;
    const due = scheduled
      .filter((change) => isDue(change, timeZone, now))
      .sort((a, b) => since(a) - since(b) || a.id - b.id);
    const at = now.toISOString();
    for (const change of due) {
      const product = await getProduct(tx, change.productId);
      if (!product) continue;
      await upsertProducts(tx, [{ ...product, price: change.newPrice }], at, change.decidedBy);
      await tx.query(
        `UPDATE price_changes SET status = 'approved', applied_at = $2 WHERE id = $1`,
        [change.id, at],
      );
    }
    return due.length;
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
