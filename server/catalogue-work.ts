import canonicalize from 'canonicalize';
import { z } from 'zod';
import {
  adjustedPrice,
  adjustmentProblem,
  barcodeProblem,
  type PriceAdjustment,
} from '../domain/catalogue-edit';
import { effectiveSince } from '../domain/price-history';
import { unitPrice, type ContentUnit } from '../domain/unit-price';
import { MAX_CENTS } from '../domain/money';
import {
  catalogTransaction,
  getProduct,
  getProductStock,
  setProductStock,
  upsertCategory,
  upsertProducts,
  type CatalogTx,
  type ProductInput,
} from './catalog';
import { coopTimeZone } from './office';
import { queueLabel } from './stock/queues';
import { refusal } from './suppliers';
import type { Queryable, Store } from './store';

/**
 * The back office's catalogue work: a product's fields, price (from a day), barcodes; the
 * categories; a bulk price change applied once. Every change writes the catalogue under a new
 * version (tills pull it), feeds the label queue as the other ways in do, and is recorded in
 * `catalogue_changes` with who and when.
 */

const id = z.number().int().positive().max(2_147_483_647);
const name = (max: number) => z.string().trim().min(1, 'a name is required').max(max);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day: YYYY-MM-DD');

export const productEditSchema = z
  .object({
    name: name(200),
    nameNl: z
      .string()
      .trim()
      .max(200)
      .transform((text) => text || null)
      .nullable(),
    categoryId: id.nullable(),
    taxRateId: id,
    unit: z.enum(['piece', 'kg']),
    active: z.boolean(),
    netContent: z.number().int().min(1).max(2_147_483_647).nullable(),
    contentUnit: z.enum(['g', 'kg', 'ml', 'l', 'piece']).nullable(),
  })
  .strict()
  .refine((edit) => (edit.netContent === null) === (edit.contentUnit === null), {
    message: 'a net content has its unit (g, kg, ml, l or piece), and a unit its content',
    path: ['contentUnit'],
  });
export type ProductEdit = z.infer<typeof productEditSchema>;

export const priceEditSchema = z
  .object({
    price: z.number().int().min(0, 'a price of zero or more').max(MAX_CENTS),
    /** The day it takes effect in the coop's time zone; today (or none) is now. */
    effectiveFrom: day.nullable().default(null),
  })
  .strict();

export const categoryEditSchema = z
  .object({ name: name(100), nameNl: z.string().trim().min(1).max(100).nullable().default(null) })
  .strict();

const adjustmentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), basisPoints: z.number().int() }).strict(),
  z.object({ kind: z.literal('cents'), cents: z.number().int() }).strict(),
]);

export const bulkSelectionSchema = z
  .object({
    productIds: z.array(id).max(5000).optional(),
    categoryId: id.optional(),
    q: z.string().trim().max(100).optional(),
  })
  .strict()
  .refine((s) => s.productIds?.length || s.categoryId !== undefined || s.q, {
    message: 'choose products: by search, by category or one by one',
  });

export const bulkPreviewSchema = z
  .object({ selection: bulkSelectionSchema, adjustment: adjustmentSchema })
  .strict();
export const bulkApplySchema = z
  .object({
    operationId: z.uuid(),
    selection: bulkSelectionSchema,
    adjustment: adjustmentSchema,
    effectiveFrom: day.nullable().default(null),
  })
  .strict();

interface Audit {
  productId?: number;
  categoryId?: number;
  field: string;
  oldValue: unknown;
  newValue: unknown;
  operationId?: string;
}

async function record(
  tx: Queryable,
  changes: Audit[],
  at: string,
  personId: number | null,
): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `INSERT INTO catalogue_changes (product_id, category_id, field, old_value, new_value,
                                    operation_id, at, by_person)
     SELECT c."productId", c."categoryId", c.field, c."oldValue", c."newValue", c."operationId"::uuid,
            $2, $3
       FROM jsonb_to_recordset($1::jsonb) AS c("productId" int, "categoryId" int, field text,
            "oldValue" jsonb, "newValue" jsonb, "operationId" text)`,
    [
      JSON.stringify(
        changes.map((change) => ({
          ...change,
          oldValue: change.oldValue ?? null,
          newValue: change.newValue ?? null,
        })),
      ),
      at,
      personId,
    ],
  );
}

export interface ChangeRecord {
  field: string;
  oldValue: unknown;
  newValue: unknown;
  at: string;
  by: string | null;
}

/** A product as its page shows it: fields, content, category and VAT, and who changed what. */
export async function productDetail(db: Queryable, productId: number) {
  const [product] = await db.query<
    ProductInput & {
      netContent: number | null;
      contentUnit: ContentUnit | null;
      costPrice: number | null;
    }
  >(
    `SELECT id, name, name_nl AS "nameNl", category_id AS "categoryId", tax_rate_id AS "taxRateId",
            price, unit, active, barcodes, net_content AS "netContent",
            content_unit AS "contentUnit", cost_price AS "costPrice"
       FROM products WHERE id = $1 AND NOT deleted`,
    [productId],
  );
  if (!product) throw refusal(404, `No product ${productId}`);
  const changes = await db.query<ChangeRecord>(
    `SELECT c.field, c.old_value AS "oldValue", c.new_value AS "newValue", c.at, p.name AS by
       FROM catalogue_changes c LEFT JOIN people p ON p.id = c.by_person
      WHERE c.product_id = $1 ORDER BY c.id DESC LIMIT 100`,
    [productId],
  );
  const scheduled = await db.query<{ newPrice: number; effectiveFrom: string }>(
    `SELECT new_price AS "newPrice", effective_from AS "effectiveFrom" FROM price_changes
      WHERE product_id = $1 AND status = 'scheduled' ORDER BY effective_from`,
    [productId],
  );
  return {
    ...product,
    unitPrice: unitPrice(product),
    changes,
    scheduled,
  };
}

async function checkReferences(
  tx: Queryable,
  edit: { categoryId: number | null; taxRateId: number },
) {
  if (edit.categoryId !== null) {
    const [category] = await tx.query('SELECT 1 FROM categories WHERE id = $1 AND NOT deleted', [
      edit.categoryId,
    ]);
    if (!category)
      throw refusal(400, `There is no category ${edit.categoryId}: choose one in the list`);
  }
  const [rate] = await tx.query('SELECT 1 FROM tax_rates WHERE id = $1 AND NOT deleted', [
    edit.taxRateId,
  ]);
  if (!rate) throw refusal(400, `There is no VAT rate ${edit.taxRateId}: choose one in the list`);
}

async function lockedProduct(tx: CatalogTx, productId: number): Promise<ProductInput> {
  const product = await getProduct(tx, productId);
  if (!product) throw refusal(404, `No product ${productId}`);
  return product;
}

const EDITED = ['name', 'nameNl', 'categoryId', 'taxRateId', 'unit', 'active'] as const;

/** A product's fields (not its price nor barcodes); each field changed is recorded. */
export async function editProduct(
  store: Store,
  change: { productId: number; edit: ProductEdit; personId: number | null; now: Date },
) {
  const { productId, edit, personId, now } = change;
  const at = now.toISOString();
  await catalogTransaction(store, async (tx) => {
    const product = await lockedProduct(tx, productId);
    await checkReferences(tx, edit);
    const audits: Audit[] = [];
    for (const field of EDITED) {
      if (product[field] !== edit[field]) {
        audits.push({ productId, field, oldValue: product[field], newValue: edit[field] });
      }
    }
    if (audits.length > 0) {
      const { name, nameNl, categoryId, taxRateId, unit, active } = edit;
      const fields = { name, nameNl, categoryId, taxRateId, unit, active };
      await upsertProducts(tx, [{ ...product, ...fields }], at, personId);
    }
    const stock = await getProductStock(tx, productId);
    if (stock && (stock.netContent !== edit.netContent || stock.contentUnit !== edit.contentUnit)) {
      await setProductStock(tx, productId, {
        ...stock,
        netContent: edit.netContent,
        contentUnit: edit.contentUnit,
      });
      await queueLabel(tx, { productId, reason: 'content', personId, now });
      audits.push({
        productId,
        field: 'content',
        oldValue: stock.netContent === null ? null : [stock.netContent, stock.contentUnit],
        newValue: edit.netContent === null ? null : [edit.netContent, edit.contentUnit],
      });
    }
    await record(tx, audits, at, personId);
  });
  return productDetail(store, productId);
}

/** Whether a price from this day is due now (today or before, in the coop's zone). */
async function dueNow(tx: Queryable, effectiveFrom: string | null, now: Date) {
  if (effectiveFrom === null) return true;
  const since = effectiveSince(effectiveFrom, await coopTimeZone(tx));
  return since === null || since <= now.getTime();
}

/**
 * New prices from a manager, in one go: now (the catalogue, its history and the shelf labels),
 * or from a later day (scheduled, as an approved supplier's price is). Either way each manual
 * price change says who and when, and is recorded. A few statements whatever the number of
 * products, so that a bulk change of a whole shop stays one quick transaction.
 */
async function writePrices(
  tx: CatalogTx,
  input: {
    changes: { product: ProductInput; price: number }[];
    effectiveFrom: string | null;
    personId: number | null;
    now: Date;
    operationId?: string;
  },
): Promise<'applied' | 'scheduled'> {
  const { changes, personId, now } = input;
  const at = now.toISOString();
  const due = await dueNow(tx, input.effectiveFrom, now);
  if (changes.length === 0) return due ? 'applied' : 'scheduled';
  if (due) {
    await upsertProducts(
      tx,
      changes.map(({ product, price }) => ({ ...product, price })),
      at,
      personId,
    );
  }
  await tx.query(
    `INSERT INTO price_changes (product_id, old_price, new_price, reason, source, effective_from,
                               status, created_at, created_by, decided_at, decided_by, applied_at)
     SELECT c.id, c.old, c.new, 'manual', $2, $3, $4, $5, $6, $5, $6, $7
       FROM jsonb_to_recordset($1::jsonb) AS c(id int, old int, new int)`,
    [
      JSON.stringify(
        changes.map(({ product, price }) => ({ id: product.id, old: product.price, new: price })),
      ),
      input.operationId ? 'bulk price change' : 'set on the product',
      input.effectiveFrom ?? at.slice(0, 10),
      due ? 'approved' : 'scheduled',
      at,
      personId,
      due ? at : null,
    ],
  );
  await record(
    tx,
    changes.map(({ product, price }) => ({
      productId: product.id,
      field: 'price',
      oldValue: product.price,
      newValue: due ? price : { price, from: input.effectiveFrom },
      ...(input.operationId ? { operationId: input.operationId } : {}),
    })),
    at,
    personId,
  );
  return due ? 'applied' : 'scheduled';
}

export async function setPrice(
  store: Store,
  change: {
    productId: number;
    price: number;
    effectiveFrom: string | null;
    personId: number | null;
    now: Date;
  },
) {
  const status = await catalogTransaction(store, async (tx) => {
    const product = await lockedProduct(tx, change.productId);
    if (product.price === change.price && change.effectiveFrom === null) return 'unchanged';
    return writePrices(tx, { ...change, changes: [{ product, price: change.price }] });
  });
  return { status, product: await productDetail(store, change.productId) };
}

/** Adds or removes one barcode; a code held by another product is refused naming it. */
export async function changeBarcode(
  store: Store,
  change: {
    productId: number;
    code: string;
    add: boolean;
    personId: number | null;
    now: Date;
  },
) {
  const { productId, code, add, personId, now } = change;
  if (add) {
    const problem = barcodeProblem(code);
    if (problem) throw refusal(400, problem);
  }
  await catalogTransaction(store, async (tx) => {
    const product = await lockedProduct(tx, productId);
    const has = product.barcodes.includes(code);
    if (add === has) {
      if (add) return;
      throw refusal(404, `${product.name} has no barcode ${code}`);
    }
    const barcodes = add
      ? [...product.barcodes, code]
      : product.barcodes.filter((held) => held !== code);
    // The catalogue refuses a code another product holds, naming that product (a 409).
    await upsertProducts(tx, [{ ...product, barcodes }], now.toISOString(), personId);
    await record(
      tx,
      [{ productId, field: 'barcodes', oldValue: product.barcodes, newValue: barcodes }],
      now.toISOString(),
      personId,
    );
  });
  return productDetail(store, productId);
}

export async function listCategories(db: Queryable) {
  return db.query<{ id: number; name: string; nameNl: string | null; products: number }>(
    `SELECT c.id, c.name, c.name_nl AS "nameNl",
            (SELECT count(*)::int FROM products p WHERE p.category_id = c.id AND NOT p.deleted)
              AS products
       FROM categories c WHERE NOT c.deleted ORDER BY c.name, c.id`,
  );
}

export async function listTaxRates(db: Queryable) {
  return db.query<{ id: number; name: string; rateBp: number }>(
    `SELECT id, name, rate_bp AS "rateBp" FROM tax_rates WHERE NOT deleted ORDER BY rate_bp, id`,
  );
}

/** A new category (the next free id) or a category renamed; names unique, in words. */
export async function saveCategory(
  store: Store,
  change: {
    categoryId: number | null;
    name: string;
    nameNl: string | null;
    personId: number | null;
    now: Date;
  },
) {
  return catalogTransaction(store, async (tx) => {
    const [clash] = await tx.query<{ id: number }>(
      'SELECT id FROM categories WHERE lower(name) = lower($1) AND NOT deleted AND id <> $2',
      [change.name, change.categoryId ?? 0],
    );
    if (clash) {
      throw refusal(409, `The category "${change.name}" exists already (number ${clash.id})`);
    }
    let categoryId = change.categoryId;
    let before: { name: string; nameNl: string | null } | null = null;
    if (categoryId === null) {
      const [next] = await tx.query<{ id: number }>(
        'SELECT coalesce(max(id), 0)::int + 1 AS id FROM categories',
      );
      categoryId = next?.id ?? 1;
    } else {
      [before = null] = await tx.query<{ name: string; nameNl: string | null }>(
        'SELECT name, name_nl AS "nameNl" FROM categories WHERE id = $1 AND NOT deleted',
        [categoryId],
      );
      if (!before) throw refusal(404, `No category ${categoryId}`);
    }
    await upsertCategory(tx, { id: categoryId, name: change.name, nameNl: change.nameNl });
    await record(
      tx,
      [
        {
          categoryId,
          field: before ? 'name' : 'created',
          oldValue: before,
          newValue: { name: change.name, nameNl: change.nameNl },
        },
      ],
      change.now.toISOString(),
      change.personId,
    );
    return { id: categoryId, name: change.name, nameNl: change.nameNl };
  });
}

export interface BulkRow {
  id: number;
  name: string;
  nameNl: string | null;
  unit: 'piece' | 'kg';
  oldPrice: number;
  newPrice: number | null;
  oldUnitPrice: { cents: number; per: string } | null;
  newUnitPrice: { cents: number; per: string } | null;
  /** Why this product is left as it is, in words. */
  problem: string | null;
}

type Selection = z.infer<typeof bulkSelectionSchema>;

async function selected(db: Queryable, selection: Selection, lock: boolean) {
  const search = selection.q ? `%${selection.q.replace(/[\\%_]/g, '\\$&')}%` : null;
  return db.query<ProductInput & { netContent: number | null; contentUnit: ContentUnit | null }>(
    `SELECT id, name, name_nl AS "nameNl", category_id AS "categoryId", tax_rate_id AS "taxRateId",
            price, unit, active, barcodes, net_content AS "netContent", content_unit AS "contentUnit"
       FROM products
      WHERE NOT deleted
        AND ($1::int[] IS NULL OR id = ANY($1::int[]))
        AND ($2::int IS NULL OR category_id = $2::int)
        AND ($3::text IS NULL OR name ILIKE $3 OR name_nl ILIKE $3 OR $4 = ANY(barcodes))
      ORDER BY name, id LIMIT 5000${lock ? ' FOR UPDATE' : ''}`,
    [
      selection.productIds?.length ? selection.productIds : null,
      selection.categoryId ?? null,
      search,
      selection.q ?? null,
    ],
  );
}

function plan(
  products: Awaited<ReturnType<typeof selected>>,
  adjustment: PriceAdjustment,
): BulkRow[] {
  return products.map((product) => {
    const newPrice = adjustedPrice(product.price, adjustment);
    return {
      id: product.id,
      name: product.name,
      nameNl: product.nameNl,
      unit: product.unit,
      oldPrice: product.price,
      newPrice,
      oldUnitPrice: unitPrice(product),
      newUnitPrice: newPrice === null ? null : unitPrice({ ...product, price: newPrice }),
      problem:
        newPrice === null
          ? `the new price would be below zero or above what a till can ring up: left at ${product.price} cents`
          : null,
    };
  });
}

function checkAdjustment(adjustment: PriceAdjustment): void {
  const problem = adjustmentProblem(adjustment);
  if (problem) throw refusal(400, `Nothing changed: ${problem}`);
}

export async function previewBulkPrice(
  db: Queryable,
  request: z.infer<typeof bulkPreviewSchema>,
): Promise<{ rows: BulkRow[] }> {
  checkAdjustment(request.adjustment);
  return { rows: plan(await selected(db, request.selection, false), request.adjustment) };
}

export interface BulkResult {
  operationId: string;
  applied: number;
  scheduled: number;
  refused: number;
  effectiveFrom: string | null;
  at: string;
}

/**
 * Applies a bulk change once: its operation id is taken under the catalogue's lock, so a double
 * click or a request sent again after a lost answer finds it and gets the first answer back.
 * The same id with another request is refused. Each product's price is written as a manager's
 * price change would be (history, label, who and when), all in one transaction.
 */
export async function applyBulkPrice(
  store: Store,
  request: z.infer<typeof bulkApplySchema>,
  personId: number | null,
  now: Date,
): Promise<BulkResult & { again: boolean }> {
  checkAdjustment(request.adjustment);
  const { operationId, ...asked } = request;
  return catalogTransaction(store, async (tx) => {
    const [done] = await tx.query<{ request: unknown; result: BulkResult }>(
      'SELECT request, result FROM bulk_price_operations WHERE id = $1',
      [operationId],
    );
    if (done) {
      if (canonicalize(done.request) !== canonicalize(asked)) {
        throw refusal(
          409,
          `The operation ${operationId} was already applied with another change: nothing changed`,
        );
      }
      return { ...done.result, again: true };
    }
    const found = await selected(tx, request.selection, true);
    const rows = plan(found, request.adjustment);
    const result: BulkResult = {
      operationId,
      applied: 0,
      scheduled: 0,
      refused: 0,
      effectiveFrom: request.effectiveFrom,
      at: now.toISOString(),
    };
    const products = new Map(found.map((product) => [product.id, product]));
    const changes: { product: ProductInput; price: number }[] = [];
    for (const row of rows) {
      const product = products.get(row.id);
      if (row.newPrice === null) result.refused += 1;
      else if (product && row.newPrice !== row.oldPrice) {
        const { id, name, nameNl, categoryId, taxRateId, price, unit, active, barcodes } = product;
        const fields = { id, name, nameNl, categoryId, taxRateId, price, unit, active, barcodes };
        changes.push({ product: fields, price: row.newPrice });
      }
    }
    const status = await writePrices(tx, {
      changes,
      effectiveFrom: request.effectiveFrom,
      personId,
      now,
      operationId,
    });
    if (status === 'applied') result.applied = changes.length;
    else result.scheduled = changes.length;
    await tx.query(
      `INSERT INTO bulk_price_operations (id, request, result, at, by_person)
       VALUES ($1, $2::jsonb, $3::jsonb, $4, $5)`,
      [operationId, JSON.stringify(asked), JSON.stringify(result), result.at, personId],
    );
    return { ...result, again: false };
  });
}
