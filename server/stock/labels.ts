import { z } from 'zod';
import type { PriceSince } from '../../domain/price-history';
import { shelfLabel, shelfOrder, type ShelfLabel } from '../../domain/shelf-label';
import type { ContentUnit, SaleUnit } from '../../domain/unit-price';
import type { Queryable } from '../store';
import { StockRefusal, type StockEventHandler } from './events';

/**
 * Shelf labels from the queue: the products to label, read with their price history, worked
 * out by domain/shelf-label.ts, in shelf order (zone, then name). Printing marks them printed
 * once: it is a stock event (`label.print`) whose UUID the screen makes, so printing the same
 * batch again after a lost answer marks nothing twice and gives the same labels back.
 */

const productIdSchema = z.number().int().positive().max(2_147_483_647);

/** At most what one print run of a shop needs (a new shop labels its whole catalogue). */
export const MAX_LABELS = 5000;

export const labelPrintPayload = z
  .object({
    productIds: z
      .array(productIdSchema)
      .min(1, 'A print needs the products it labels (productIds)')
      .max(MAX_LABELS, `At most ${MAX_LABELS} labels at once`),
  })
  .strict();

interface ProductRow {
  productId: number;
  name: string;
  nameNl: string | null;
  price: number;
  unit: SaleUnit;
  netContent: number | null;
  contentUnit: ContentUnit | null;
  barcodes: string[];
  zone: string | null;
}

const PRODUCT_COLUMNS = `p.id AS "productId", p.name, p.name_nl AS "nameNl", p.price, p.unit,
  p.net_content AS "netContent", p.content_unit AS "contentUnit", p.barcodes, p.zone`;

/** Labels for these products, in shelf order; a product deleted since is left out. */
async function labelsFor(db: Queryable, rows: ProductRow[]): Promise<ShelfLabel[]> {
  if (rows.length === 0) return [];
  const history = await db.query<PriceSince & { productId: number }>(
    `SELECT product_id AS "productId", price, at FROM price_history
      WHERE product_id = ANY($1::int[]) ORDER BY product_id, at`,
    [rows.map((row) => row.productId)],
  );
  const byProduct = new Map<number, PriceSince[]>();
  for (const { productId, price, at } of history) {
    const points = byProduct.get(productId) ?? [];
    points.push({ price, at });
    byProduct.set(productId, points);
  }
  return rows
    .map((row) => shelfLabel({ ...row, history: byProduct.get(row.productId) ?? [] }))
    .sort(shelfOrder);
}

/** The labels waiting in the queue, in shelf order. */
export async function waitingLabels(db: Queryable): Promise<ShelfLabel[]> {
  const rows = await db.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM label_queue q JOIN products p ON p.id = q.product_id
      WHERE q.printed_at IS NULL AND NOT p.deleted`,
  );
  return labelsFor(db, rows);
}

/** These products' labels, queued or not (a reprint); refused in words if one is unknown. */
export async function labelsOf(
  db: Queryable,
  productIds: readonly number[],
): Promise<ShelfLabel[]> {
  const rows = await db.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = ANY($1::int[]) AND NOT p.deleted`,
    [productIds],
  );
  const known = new Set(rows.map((row) => row.productId));
  const unknown = [...new Set(productIds)].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new StockRefusal(`No product ${unknown.join(', ')}: no label printed`);
  }
  return labelsFor(db, rows);
}

/**
 * `label.print`: the labels of these products were printed. Each waiting label is marked
 * printed once, by whoever printed it; a product with no label waiting (printed by another
 * run, or never queued: a reprint) is named apart and nothing changes for it.
 */
export const printLabelsEvent: StockEventHandler = async (tx, event, { actor, now }) => {
  const parsed = labelPrintPayload.safeParse(event.payload);
  if (!parsed.success) {
    throw new StockRefusal(parsed.error.issues[0]?.message ?? 'A print needs its productIds');
  }
  const productIds = [...new Set(parsed.data.productIds)];
  await labelsOf(tx, productIds);
  const marked = await tx.query<{ productId: number }>(
    `UPDATE label_queue SET printed_at = $2, printed_by = $3
      WHERE product_id = ANY($1::int[]) AND printed_at IS NULL
      RETURNING product_id AS "productId"`,
    [productIds, now.toISOString(), actor.personId],
  );
  const printed = marked.map((row) => row.productId).sort((a, b) => a - b);
  return {
    printed,
    notWaiting: productIds.filter((id) => !printed.includes(id)).sort((a, b) => a - b),
  };
};
