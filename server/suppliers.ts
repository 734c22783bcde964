import { z } from 'zod';
import type { Queryable } from './store';
import { MAX_CENTS, MAX_MILLI } from '../domain/money';
import type { PriceListMapping } from '../domain/supplier-price-list';
import { suggestPriceFromCost } from './stock/queues';

/** A refusal in words: the route answers it with its status and `{ error }`, nothing written. */
export const refusal = (statusCode: number, message: string) =>
  Object.assign(new Error(message), { statusCode });

const cents = z.number().int().min(0, 'zero or more').max(MAX_CENTS);
const days = (min: number) => z.number().int().min(min).max(365);

export const supplierSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z
      .string()
      .trim()
      .regex(/^[^@\s]+@[^@\s]+$/, 'an e-mail address')
      .nullable()
      .default(null),
    active: z.boolean().default(true),
    leadDays: days(0).default(2),
    reviewDays: days(1).default(7),
    safetyDays: days(0).default(2),
    minimumOrder: cents.default(0),
    freeDelivery: cents.nullable().default(null),
  })
  .strict();
export type SupplierInput = z.infer<typeof supplierSchema>;

export const supplierProductSchema = z
  .object({
    supplierCode: z.string().trim().min(1).max(64),
    packSize: z.number().int().min(1, 'a pack of more than 0').max(MAX_MILLI).default(1000),
    cost: cents,
    minimumPacks: z.number().int().min(1).max(999_999).default(1),
    active: z.boolean().default(true),
  })
  .strict();
export type SupplierProductInput = z.infer<typeof supplierProductSchema>;

const SUPPLIER_COLUMNS = `id, name, email, active, lead_days AS "leadDays", review_days AS "reviewDays",
  safety_days AS "safetyDays", minimum_order AS "minimumOrder", free_delivery AS "freeDelivery",
  import_mapping AS "mapping", list_version AS "listVersion", created_at AS "createdAt",
  updated_at AS "updatedAt"`;

export interface Supplier extends SupplierInput {
  id: number;
  mapping: PriceListMapping | null;
  listVersion: number;
  createdAt: string;
  updatedAt: string;
}

export async function listSuppliers(db: Queryable): Promise<Supplier[]> {
  return db.query<Supplier>(`SELECT ${SUPPLIER_COLUMNS} FROM suppliers ORDER BY lower(name), id`);
}

/** A supplier, locked for the transaction when `forUpdate`; 404 in words when there is none. */
export async function getSupplier(db: Queryable, id: number, forUpdate = false): Promise<Supplier> {
  const [row] = await db.query<Supplier>(
    `SELECT ${SUPPLIER_COLUMNS} FROM suppliers WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!row) throw refusal(404, `No supplier ${id}`);
  return row;
}

export async function createSupplier(db: Queryable, input: SupplierInput, now: Date) {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO suppliers (name, email, active, lead_days, review_days, safety_days,
                            minimum_order, free_delivery, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
    [...supplierValues(input), now.toISOString()],
  );
  return getSupplier(db, (row as { id: number }).id);
}

export async function updateSupplier(db: Queryable, id: number, input: SupplierInput, now: Date) {
  const rows = await db.query(
    `UPDATE suppliers SET name = $2, email = $3, active = $4, lead_days = $5, review_days = $6,
       safety_days = $7, minimum_order = $8, free_delivery = $9, updated_at = $10
     WHERE id = $1 RETURNING id`,
    [id, ...supplierValues(input), now.toISOString()],
  );
  if (rows.length === 0) throw refusal(404, `No supplier ${id}`);
  return getSupplier(db, id);
}

const supplierValues = (input: SupplierInput) => [
  input.name,
  input.email,
  input.active,
  input.leadDays,
  input.reviewDays,
  input.safetyDays,
  input.minimumOrder,
  input.freeDelivery,
];

/** A supplier the coop stops buying from: kept (orders and costs name it), made inactive. */
export async function deactivateSupplier(db: Queryable, id: number, now: Date) {
  const rows = await db.query(
    'UPDATE suppliers SET active = false, updated_at = $2 WHERE id = $1 RETURNING id',
    [id, now.toISOString()],
  );
  if (rows.length === 0) throw refusal(404, `No supplier ${id}`);
  return getSupplier(db, id);
}

export async function setMapping(db: Queryable, id: number, parsed: PriceListMapping, now: Date) {
  const rows = await db.query(
    'UPDATE suppliers SET import_mapping = $2::jsonb, updated_at = $3 WHERE id = $1 RETURNING id',
    [id, JSON.stringify(parsed), now.toISOString()],
  );
  if (rows.length === 0) throw refusal(404, `No supplier ${id}`);
  return parsed;
}

const LINK_COLUMNS = `sp.product_id AS "productId", p.name AS "productName",
  sp.supplier_code AS "supplierCode", sp.pack_size AS "packSize", sp.cost,
  sp.minimum_packs AS "minimumPacks", sp.active, sp.updated_at AS "updatedAt"`;

export async function listSupplierProducts(db: Queryable, supplierId: number) {
  await getSupplier(db, supplierId);
  return db.query(
    `SELECT ${LINK_COLUMNS} FROM supplier_products sp JOIN products p ON p.id = sp.product_id
      WHERE sp.supplier_id = $1 ORDER BY sp.supplier_code`,
    [supplierId],
  );
}

/**
 * Links a product to a supplier, or changes the link. A new cost moves the product's cost and
 * queues the sale price the coop's rule suggests, for a manager's approval.
 */
export async function putSupplierProduct(
  tx: Queryable,
  link: { supplierId: number; productId: number; personId: number | null; now: Date },
  input: SupplierProductInput,
) {
  const supplier = await getSupplier(tx, link.supplierId, true);
  const [product] = await tx.query<{ id: number }>(
    'SELECT id FROM products WHERE id = $1 AND NOT deleted',
    [link.productId],
  );
  if (!product) throw refusal(404, `No product ${link.productId}`);
  const [before] = await tx.query<{ cost: number }>(
    'SELECT cost FROM supplier_products WHERE supplier_id = $1 AND product_id = $2',
    [link.supplierId, link.productId],
  );
  await tx.query(
    `INSERT INTO supplier_products (supplier_id, product_id, supplier_code, pack_size, cost,
                                    minimum_packs, active, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (supplier_id, product_id) DO UPDATE SET supplier_code = $3, pack_size = $4,
       cost = $5, minimum_packs = $6, active = $7, updated_at = $8`,
    [
      link.supplierId,
      link.productId,
      input.supplierCode,
      input.packSize,
      input.cost,
      input.minimumPacks,
      input.active,
      link.now.toISOString(),
    ],
  );
  await bumpListVersion(tx, link.supplierId);
  let suggestion: { suggested: number; queued: boolean } | null = null;
  if (input.active && before?.cost !== input.cost) {
    await tx.query('UPDATE products SET cost_price = $2 WHERE id = $1', [
      link.productId,
      input.cost,
    ]);
    suggestion = await suggestPriceFromCost(tx, {
      productId: link.productId,
      cost: input.cost,
      reason: 'cost',
      source: `${supplier.name}: cost ${before ? `${before.cost} -> ` : ''}${input.cost} cents`,
      effectiveFrom: link.now.toISOString().slice(0, 10),
      personId: link.personId,
      now: link.now,
    });
  }
  const [row] = await tx.query<Record<string, unknown>>(
    `SELECT ${LINK_COLUMNS} FROM supplier_products sp JOIN products p ON p.id = sp.product_id
      WHERE sp.supplier_id = $1 AND sp.product_id = $2`,
    [link.supplierId, link.productId],
  );
  return { ...row, suggestion };
}

export async function deactivateSupplierProduct(
  db: Queryable,
  supplierId: number,
  productId: number,
  now: Date,
) {
  const rows = await db.query(
    `UPDATE supplier_products SET active = false, updated_at = $3
      WHERE supplier_id = $1 AND product_id = $2 RETURNING product_id`,
    [supplierId, productId, now.toISOString()],
  );
  if (rows.length === 0)
    throw refusal(404, `Supplier ${supplierId} does not sell product ${productId}`);
  await bumpListVersion(db, supplierId);
  return { supplierId, productId, active: false };
}

/**
 * The supplier's list changed by hand: a price list previewed before it would apply over what
 * the buyer did not see, so it becomes stale.
 */
async function bumpListVersion(db: Queryable, supplierId: number) {
  await db.query('UPDATE suppliers SET list_version = list_version + 1 WHERE id = $1', [
    supplierId,
  ]);
}
