import { z } from 'zod';
import { uuidSchema } from '../../domain/sync-wire';
import { StockRefusal, type StockEventHandler } from './events';

/**
 * `reception.cancel`: a reception opened by mistake is given up before it is validated. Nothing
 * it scanned reaches the ledger, its order is free to be received again, and the codes nobody
 * knew that it kept are put aside so that naming one later receives nothing. Cancelling a
 * cancelled reception again changes nothing (a second phone, a re-sent tap); a validated one is
 * refused in words.
 */
const cancelPayload = z.object({ reception: uuidSchema }).strict();

export const receptionCancel: StockEventHandler = async (tx, event, { actor }) => {
  const parsed = cancelPayload.safeParse(event.payload);
  if (!parsed.success) {
    throw new StockRefusal(
      `A reception to cancel: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  const { reception } = parsed.data;
  const [row] = await tx.query<{ status: string; cancelledAt: string | null }>(
    `SELECT status, cancelled_at AS "cancelledAt" FROM receptions WHERE id = $1 FOR UPDATE`,
    [reception],
  );
  if (!row) throw new StockRefusal(`No reception ${reception}: nothing to cancel`);
  if (row.status === 'validated') {
    throw new StockRefusal(
      `Reception ${reception} is validated: its stock is in the ledger and it cannot be cancelled; nothing changed`,
    );
  }
  if (row.status === 'cancelled') {
    return { reception, cancelled: true, at: row.cancelledAt };
  }
  await tx.query(
    `UPDATE receptions SET status = 'cancelled', cancelled_at = $2, cancelled_by = $3 WHERE id = $1`,
    [reception, event.at, actor.personId],
  );
  await tx.query(
    `UPDATE unknown_barcodes SET resolved_at = $2, resolved_by = $3
      WHERE reception_id = $1 AND resolved_at IS NULL`,
    [reception, event.at, actor.personId],
  );
  return { reception, cancelled: true, at: event.at };
};
