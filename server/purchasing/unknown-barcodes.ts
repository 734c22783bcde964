import { catalogTransaction, getProduct, upsertProducts } from '../catalog';
import type { Store } from '../store';
import { PurchasingRefusal } from './orders';

/**
 * A barcode scanned at receiving that no product had, resolved by a manager who knows which
 * product it is: the product gains the barcode (the tills pull it, so the next scan finds it),
 * and what was scanned is received as that product, once: into the open reception as a line, or,
 * when the reception was already validated, into the ledger as a delivery.
 */
export async function resolveUnknownBarcode(
  store: Store,
  unknownId: number,
  resolution: { productId: number; personId: number | null; now: Date },
) {
  return catalogTransaction(store, async (tx) => {
    const [unknown] = await tx.query<{
      barcode: string;
      receptionId: string | null;
      quantity: number;
      eventUuid: string;
      resolvedAt: string | null;
      status: string | null;
      supplierId: number | null;
    }>(
      `SELECT u.barcode, u.reception_id AS "receptionId", u.quantity, u.event_uuid AS "eventUuid",
              u.resolved_at AS "resolvedAt", r.status, r.supplier_id AS "supplierId"
         FROM unknown_barcodes u LEFT JOIN receptions r ON r.id = u.reception_id
        WHERE u.id = $1 FOR UPDATE OF u`,
      [unknownId],
    );
    if (!unknown) throw new PurchasingRefusal(`No unknown barcode ${unknownId}`, 404);
    if (unknown.resolvedAt) {
      throw new PurchasingRefusal(
        `Barcode ${unknown.barcode} was resolved on ${unknown.resolvedAt}; nothing changed`,
        409,
      );
    }
    const product = await getProduct(tx, resolution.productId);
    if (!product) {
      throw new PurchasingRefusal(`No product ${resolution.productId}: nothing changed`);
    }
    if (!/^\d{1,20}$/.test(unknown.barcode)) {
      throw new PurchasingRefusal(
        `Barcode ${unknown.barcode} is not digits: no product can carry it; nothing changed`,
      );
    }
    if (!product.barcodes.includes(unknown.barcode)) {
      // The catalogue's own rules: a barcode another product holds is refused (409, named).
      await upsertProducts(
        tx,
        [{ ...product, barcodes: [...product.barcodes, unknown.barcode] }],
        resolution.now.toISOString(),
      );
    }
    let received: 'line' | 'ledger' | null = null;
    if (unknown.receptionId && unknown.status === 'open') {
      await tx.query(
        `INSERT INTO reception_lines (reception_id, product_id, quantity, event_uuid)
         VALUES ($1, $2, $3, $4)`,
        [unknown.receptionId, resolution.productId, unknown.quantity, unknown.eventUuid],
      );
      received = 'line';
    } else if (unknown.quantity > 0) {
      const [cost] = await tx.query<{ cost: number | null }>(
        `SELECT coalesce(
           (SELECT cost FROM supplier_products WHERE supplier_id = $1 AND product_id = $2),
           (SELECT cost_price FROM products WHERE id = $2)) AS cost`,
        [unknown.supplierId, resolution.productId],
      );
      await tx.query(
        `INSERT INTO stock_moves (product_id, quantity, kind, ref, at, event_uuid, person_id, unit_cost)
         VALUES ($1, $2, 'delivery', $3, $4, $5, $6, $7)`,
        [
          resolution.productId,
          unknown.quantity,
          unknown.receptionId ? `reception:${unknown.receptionId}` : null,
          resolution.now.toISOString(),
          unknown.eventUuid,
          resolution.personId,
          cost?.cost ?? null,
        ],
      );
      received = 'ledger';
    }
    await tx.query(
      `UPDATE unknown_barcodes SET resolved_at = $2, resolved_by = $3, resolved_product_id = $4
        WHERE id = $1`,
      [unknownId, resolution.now.toISOString(), resolution.personId, resolution.productId],
    );
    return { barcode: unknown.barcode, productId: resolution.productId, received };
  });
}
