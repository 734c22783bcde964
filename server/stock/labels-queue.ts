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
  const { queued, listed } = await queueLabel(tx, {
    productId,
    reason: 'manual',
    personId: actor.personId,
    now,
  });
  if (!listed) throw new StockRefusal(`No product ${productId}: no label queued`);
  return { queued };
};
