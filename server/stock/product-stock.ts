import type { Store } from '../store';
import {
  catalogTransaction,
  getProductStock,
  setProductStock,
  type ProductStock,
} from '../catalog';
import { refusal } from '../suppliers';
import { queueLabel, suggestPriceFromCost } from './queues';

/**
 * Sets what stock needs of a product (content, cost, zone) under a new catalogue version. A new
 * content changes the shelf label's unit price, so its label is queued; a new cost queues the
 * sale price the coop's rule suggests, for a manager's approval.
 */
export async function updateProductStock(
  store: Store,
  change: { productId: number; stock: ProductStock; personId: number | null; now: Date },
) {
  const { productId, stock, personId, now } = change;
  return catalogTransaction(store, async (tx) => {
    const changed = await setProductStock(tx, productId, stock);
    if (!changed) throw refusal(404, `No product ${productId}`);
    if (changed.contentChanged) {
      await queueLabel(tx, { productId, reason: 'content', personId, now });
    }
    const suggestion =
      changed.costChanged && stock.costPrice !== null
        ? await suggestPriceFromCost(tx, {
            productId,
            cost: stock.costPrice,
            reason: 'cost',
            source: 'cost set on the product',
            effectiveFrom: now.toISOString().slice(0, 10),
            personId,
            now,
          })
        : null;
    return { ...(await getProductStock(tx, productId)), suggestion };
  });
}
