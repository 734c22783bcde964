import { z } from 'zod';
import type { Queryable } from '../store';
import { valueAtCost } from '../../domain/inventory';
import type { StockEventHandler } from './events';
import { reviseCounts } from './inventory-lines';
import {
  bestBeforeField,
  parsePayload,
  refuseFractionOfPiece,
  scannedProduct,
  scannedProductFields,
  scannedQuantity,
} from './scanned';

export const LOSS_REASONS = ['breakage', 'expiry', 'theft', 'internal_use', 'donation'] as const;

const lossPayload = z
  .object({
    ...scannedProductFields,
    quantity: scannedQuantity(1),
    reason: z.enum(LOSS_REASONS, {
      error: `a reason: ${LOSS_REASONS.join(', ')}`,
    }),
    bestBefore: bestBeforeField,
    note: z.string().max(500).optional(),
  })
  .strict();

/**
 * `loss.record`: what left the shelf without a sale (broken, past its date, stolen, used by the
 * shop, given away), valued at cost and taken off the ledger once, as of the scan.
 */
export const lossRecordEvent: StockEventHandler = async (tx, event, { actor, now }) => {
  const loss = parsePayload(lossPayload, event.payload, 'A loss was refused');
  const product = await scannedProduct(tx, loss);
  refuseFractionOfPiece(product, loss.quantity);
  const value = product.costPrice === null ? null : valueAtCost(loss.quantity, product.costPrice);
  await tx.query(
    `INSERT INTO losses (event_uuid, product_id, quantity, reason, unit_cost, value, best_before,
                         note, zone, person_id, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      event.uuid,
      product.id,
      loss.quantity,
      loss.reason,
      product.costPrice,
      value,
      loss.bestBefore ?? null,
      loss.note ?? null,
      product.zone,
      actor.personId,
      event.at,
    ],
  );
  await tx.query(
    `INSERT INTO stock_moves (product_id, quantity, kind, ref, at, event_uuid, person_id, unit_cost)
     VALUES ($1, $2, 'waste', $3, $4, $5, $6, $7)`,
    [
      product.id,
      -loss.quantity,
      `loss:${loss.reason}`,
      event.at,
      event.uuid,
      actor.personId,
      product.costPrice,
    ],
  );
  // A loss scanned before a count that is already applied: the count is worked out again.
  await reviseCounts(tx, [{ productId: product.id, at: event.at }], now);
  return { productId: product.id, quantity: loss.quantity, reason: loss.reason, value };
};

export const lossReportQuery = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    zone: z.string().max(40).optional(),
  })
  .strict();

/** Losses over a period (UTC days), each with its value at cost, and the totals by reason. */
export async function lossReport(db: Queryable, query: z.infer<typeof lossReportQuery>) {
  const params = [query.from ?? null, query.to ?? null, query.zone ?? null];
  const where = `($1::text IS NULL OR l.at >= $1) AND ($2::text IS NULL OR l.at < ($2::date + 1)::text)
    AND ($3::text IS NULL OR l.zone = $3)`;
  const losses = await db.query(
    `SELECT l.id::int AS id, l.product_id AS "productId", p.name, l.quantity, l.reason,
            l.unit_cost AS "unitCost", l.value, l.best_before AS "bestBefore", l.note, l.zone,
            l.person_id AS "personId", l.at
       FROM losses l JOIN products p ON p.id = l.product_id WHERE ${where} ORDER BY l.at, l.id LIMIT 10000`,
    params,
  );
  const byReason = await db.query(
    `SELECT reason, count(*)::int AS losses, coalesce(sum(value), 0)::int AS value,
            count(*) FILTER (WHERE value IS NULL)::int AS "withoutCost"
       FROM losses l WHERE ${where} GROUP BY reason ORDER BY reason`,
    params,
  );
  return { losses, byReason };
}
