import { z } from 'zod';
import { StockRefusal, type StockEventHandler } from './events';
import { queueLabel } from './queues';

const labelQueuePayload = z
  .object({ productId: z.number().int().positive().max(2_147_483_647) })
  .strict();

/** `label.queue`: a shift member scanned a shelf whose label is wrong or missing. */
export const queueLabelEvent: StockEventHandler = async (tx, event, { actor, now }) => {
  const parsed = labelQueuePayload.safeParse(event.payload);
  if (!parsed.success) throw new StockRefusal('A label needs the product it is for (productId)');
  const { productId } = parsed.data;
  const [product] = await tx.query('SELECT 1 FROM products WHERE id = $1 AND NOT deleted', [
    productId,
  ]);
  if (!product) throw new StockRefusal(`No product ${productId}: no label queued`);
  return queueLabel(tx, { productId, reason: 'manual', personId: actor.personId, now });
};
