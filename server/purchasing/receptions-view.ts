import type { Queryable } from '../store';
import { PurchasingRefusal } from './orders';

/** A reception as the volunteer and the buyer read it: what came, per product, and how. */
export async function receptionView(db: Queryable, id: string) {
  const [reception] = await db.query<Record<string, unknown>>(
    `SELECT r.id, r.order_id AS "orderId", r.supplier_id AS "supplierId", r.status,
            r.opened_at AS "openedAt", r.validated_at AS "validatedAt", r.shortages
       FROM receptions r WHERE r.id = $1`,
    [id],
  );
  if (!reception) throw new PurchasingRefusal(`No reception ${id}`, 404);
  const lines = await db.query(
    `SELECT l.product_id AS "productId", p.name, l.quantity, l.unit_cost AS "unitCost",
            l.substitutes
       FROM reception_lines l JOIN products p ON p.id = l.product_id
      WHERE l.reception_id = $1 ORDER BY l.id`,
    [id],
  );
  const results = await db.query(
    `SELECT r.product_id AS "productId", p.name, p.name_nl AS "nameNl", r.outcome, r.ordered,
            r.received,
            r.ordered_cost AS "orderedCost", r.unit_cost AS "unitCost"
       FROM reception_results r JOIN products p ON p.id = r.product_id
      WHERE r.reception_id = $1 ORDER BY r.product_id`,
    [id],
  );
  const unknown = await db.query(
    `SELECT barcode, quantity FROM unknown_barcodes WHERE reception_id = $1 ORDER BY id`,
    [id],
  );
  return { ...reception, lines, results, unknownBarcodes: unknown };
}

/** Barcodes scanned at receiving that no product has, waiting for someone to resolve them. */
export async function unknownBarcodes(db: Queryable) {
  return db.query(
    `SELECT u.id, u.barcode, u.quantity, u.seen_at AS "seenAt", u.reception_id AS "receptionId",
            s.name AS "supplierName"
       FROM unknown_barcodes u
       LEFT JOIN receptions r ON r.id = u.reception_id
       LEFT JOIN suppliers s ON s.id = r.supplier_id
      WHERE u.resolved_at IS NULL ORDER BY u.seen_at, u.id LIMIT 1000`,
  );
}

/** The receptions of a purchase order, oldest first, each as `receptionView` reads it. */
export async function orderReceptions(db: Queryable, orderId: number) {
  const [order] = await db.query('SELECT id FROM purchase_orders WHERE id = $1', [orderId]);
  if (!order) throw new PurchasingRefusal(`No purchase order ${orderId}`, 404);
  const rows = await db.query<{ id: string }>(
    'SELECT id FROM receptions WHERE order_id = $1 ORDER BY opened_at, id',
    [orderId],
  );
  const receptions = [];
  for (const row of rows) receptions.push(await receptionView(db, row.id));
  return receptions;
}
