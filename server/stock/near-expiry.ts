import { z } from 'zod';
import type { Queryable } from '../store';
import { localDay } from '../push';

export const nearExpiryQuery = z
  .object({
    zone: z
      .string()
      .regex(/^[A-Za-z0-9 _.-]{1,40}$/, 'a zone: a short name such as A1')
      .optional(),
    days: z.coerce.number().int().min(0).max(365).default(7),
  })
  .strict();

/**
 * What to pull or mark down soon, per zone: each product's earliest best-before date as its last
 * dated count saw it (the counters' `bestBefore`), when it falls within `days` of the coop's
 * today (or has passed). Dates captured at receiving would join here once receptions exist.
 */
export async function nearExpiry(db: Queryable, query: z.infer<typeof nearExpiryQuery>, now: Date) {
  return db.query(
    `WITH latest AS (
       SELECT DISTINCT ON (product_id) product_id, inventory_id
         FROM inventory_scans WHERE best_before IS NOT NULL AND undone_by IS NULL ORDER BY product_id, at DESC, id DESC
     )
     SELECT p.id AS "productId", p.name, p.zone, min(s.best_before) AS "bestBefore",
            max(s.at) AS "seenAt"
       FROM latest l
       JOIN inventory_scans s ON s.product_id = l.product_id AND s.inventory_id = l.inventory_id
       JOIN products p ON p.id = l.product_id AND NOT p.deleted
      WHERE s.best_before IS NOT NULL AND s.undone_by IS NULL AND ($1::text IS NULL OR p.zone = $1)
      GROUP BY p.id, p.name, p.zone
     HAVING min(s.best_before) <= ($2::date + $3::int)::text
      ORDER BY min(s.best_before), p.zone, p.id`,
    [query.zone ?? null, localDay(now.toISOString()), query.days],
  );
}
