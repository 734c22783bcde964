import { randomUUID } from 'node:crypto';
import type { Queryable, Store } from '../store';
import { salePriceFromCost } from '../../domain/markup';
import { formatProblems } from '../../domain/table-file';
import {
  diffPriceList,
  missingColumns,
  readPriceList,
  type PriceListDiff,
  type SupplierLink,
} from '../../domain/supplier-price-list';
import { getSupplier, refusal, type Supplier } from '../suppliers';
import { pricingRule, suggestPricesFromCosts } from './queues';
import { readSupplierFile } from './supplier-file';

/**
 * A supplier's price list goes in by two calls: the preview (what the file would change, kept
 * under an id), then the apply that refers to it, with the day the new costs take effect. What
 * applies is what the buyer saw; a second apply finds the first's result and changes nothing.
 * Costs change at once; sale prices only through a manager's approval.
 */

interface ProductFacts {
  id: number;
  name: string;
  price: number;
  costPrice: number | null;
  barcodes: string[];
  categoryId: number | null;
  vatBp: number;
}

/** A line that moves a cost, with the sale price the coop's rule would then suggest. */
interface PriceEffect {
  productName: string;
  currentPrice: number;
  currentCost: number | null;
  suggestedPrice: number;
}

export interface PriceListPreview {
  id: string;
  supplierId: number;
  fileName: string | null;
  format: 'csv' | 'xlsx';
  lines: number;
  added: (PriceListDiff['added'][number] & PriceEffect)[];
  changed: (PriceListDiff['changed'][number] & PriceEffect & { costChanged: boolean })[];
  unchanged: number;
  gone: (PriceListDiff['gone'][number] & { productName: string })[];
  unknown: PriceListDiff['unknown'];
  /** How many sale prices the apply would queue for approval (suggested ≠ today's price). */
  priceChanges: number;
}

function refuseSupplier(supplier: Supplier) {
  if (!supplier.active) {
    throw refusal(
      422,
      `${supplier.name} is an inactive supplier: its price list is not imported (make it active first)`,
    );
  }
}

export async function previewPriceList(
  store: Store,
  upload: {
    supplierId: number;
    bytes: Buffer;
    fileName: string | null;
    personId: number | null;
    now: Date;
  },
): Promise<PriceListPreview> {
  const supplier = await getSupplier(store, upload.supplierId);
  refuseSupplier(supplier);
  const mapping = supplier.mapping;
  if (!mapping) {
    throw refusal(
      422,
      `${supplier.name} has no column mapping yet: say which columns hold the code and the cost (PUT /v1/suppliers/${supplier.id}/mapping)`,
    );
  }
  const { table, format } = await readSupplierFile(upload.bytes);
  const missing = missingColumns(mapping, table.columns);
  if (missing.length > 0) {
    throw refusal(
      422,
      `Nothing imported: the mapping of ${supplier.name} names columns this file lacks: ${missing.join(', ')}; the file's columns are ${table.columns.join(', ')}`,
    );
  }
  const { lines, problems } = readPriceList(table.rows, mapping);
  if (problems.length > 0) {
    throw refusal(
      422,
      `Nothing imported; ${problems.length} problem(s):\n${formatProblems(problems)}`,
    );
  }
  const links = await supplierLinks(store, supplier.id);
  const products = await productFacts(
    store,
    links.map((link) => link.productId),
    lines.flatMap((line) => (line.barcode === null ? [] : [line.barcode])),
  );
  const diff = diffPriceList(lines, links, products);
  if (diff.problems.length > 0) {
    throw refusal(
      422,
      `Nothing imported; ${diff.problems.length} problem(s):\n${formatProblems(diff.problems)}`,
    );
  }
  const byId = new Map(products.map((product) => [product.id, product]));
  const rule = await pricingRule(store);
  const effect = (productId: number, cost: number): PriceEffect => {
    const product = byId.get(productId) as ProductFacts;
    return {
      productName: product.name,
      currentPrice: product.price,
      currentCost: product.costPrice,
      suggestedPrice: salePriceFromCost(rule, product, cost),
    };
  };
  const added = diff.added.map((line) => ({ ...line, ...effect(line.productId, line.cost) }));
  const changed = diff.changed.map((line) => ({
    ...line,
    ...effect(line.productId, line.after.cost),
    costChanged: line.before.cost !== line.after.cost || !line.before.active,
  }));
  const preview: Omit<PriceListPreview, 'id'> = {
    supplierId: supplier.id,
    fileName: upload.fileName,
    format,
    lines: lines.length,
    added,
    changed,
    unchanged: diff.unchanged,
    gone: diff.gone.map((link) => ({
      ...link,
      productName: byId.get(link.productId)?.name ?? `product ${link.productId}`,
    })),
    unknown: diff.unknown,
    priceChanges: [...added, ...changed.filter((line) => line.costChanged)].filter(
      (line) => line.suggestedPrice !== line.currentPrice,
    ).length,
  };
  const id = randomUUID();
  await store.query(
    `INSERT INTO supplier_imports (id, supplier_id, file_name, format, line_count, preview,
                                   basis_version, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
    [
      id,
      supplier.id,
      upload.fileName,
      format,
      lines.length,
      JSON.stringify(preview),
      supplier.listVersion,
      upload.now.toISOString(),
      upload.personId,
    ],
  );
  return { id, ...preview };
}

async function supplierLinks(db: Queryable, supplierId: number): Promise<SupplierLink[]> {
  return db.query<SupplierLink>(
    `SELECT product_id AS "productId", supplier_code AS code, cost, pack_size AS "packSize",
            minimum_packs AS "minimumPacks", active
       FROM supplier_products WHERE supplier_id = $1`,
    [supplierId],
  );
}

async function productFacts(
  db: Queryable,
  ids: number[],
  barcodes: string[],
): Promise<ProductFacts[]> {
  return db.query<ProductFacts>(
    `SELECT p.id, p.name, p.price, p.cost_price AS "costPrice", p.barcodes,
            p.category_id AS "categoryId", t.rate_bp AS "vatBp"
       FROM products p JOIN tax_rates t ON t.id = p.tax_rate_id
      WHERE NOT p.deleted AND (p.id = ANY($1::int[]) OR p.barcodes && $2::text[])`,
    [ids, barcodes],
  );
}

/** A supplier's price lists, newest first: what was previewed, and what of it applied when. */
export async function listPriceLists(db: Queryable, supplierId: number) {
  await getSupplier(db, supplierId);
  return db.query(
    `SELECT id, file_name AS "fileName", format, line_count AS "lines", created_at AS "createdAt",
            applied_at AS "appliedAt", effective_from AS "effectiveFrom", result
       FROM supplier_imports WHERE supplier_id = $1 ORDER BY created_at DESC, id`,
    [supplierId],
  );
}

export async function getPreview(db: Queryable, supplierId: number, importId: string) {
  const [row] = await db.query<{
    preview: Omit<PriceListPreview, 'id'>;
    appliedAt: string | null;
    effectiveFrom: string | null;
    result: unknown;
  }>(
    `SELECT preview, applied_at AS "appliedAt", effective_from AS "effectiveFrom", result
       FROM supplier_imports WHERE id = $1 AND supplier_id = $2`,
    [importId, supplierId],
  );
  if (!row) throw refusal(404, `No price list ${importId} previewed for supplier ${supplierId}`);
  return {
    id: importId,
    ...row.preview,
    appliedAt: row.appliedAt,
    effectiveFrom: row.effectiveFrom,
  };
}

export interface ApplyResult {
  importId: string;
  effectiveFrom: string;
  appliedAt: string;
  linked: number;
  updated: number;
  deactivated: number;
  costsChanged: number;
  priceChangesQueued: number;
  unknownLeft: number;
}

/** Applies a previewed price list once: the links, the costs, and price changes to approve. */
export async function applyPriceList(
  store: Store,
  apply: {
    supplierId: number;
    importId: string;
    effectiveFrom: string;
    personId: number | null;
    now: Date;
  },
): Promise<ApplyResult> {
  return store.transaction(async (tx) => {
    const supplier = await getSupplier(tx, apply.supplierId, true);
    const [held] = await tx.query<{
      preview: Omit<PriceListPreview, 'id'>;
      basisVersion: number;
      effectiveFrom: string | null;
      result: ApplyResult | null;
    }>(
      `SELECT preview, basis_version AS "basisVersion", effective_from AS "effectiveFrom", result
         FROM supplier_imports WHERE id = $1 AND supplier_id = $2 FOR UPDATE`,
      [apply.importId, apply.supplierId],
    );
    if (!held) {
      throw refusal(404, `No price list ${apply.importId} previewed for ${supplier.name}`);
    }
    if (held.result) {
      // A re-sent apply (its answer was lost): the first one's result, nothing applied again.
      if (held.effectiveFrom === apply.effectiveFrom) return held.result;
      throw refusal(
        409,
        `This price list was already applied, effective ${held.effectiveFrom}; nothing changed`,
      );
    }
    refuseSupplier(supplier);
    if (held.basisVersion !== supplier.listVersion) {
      throw refusal(
        409,
        `${supplier.name}'s list changed since this preview (another price list applied, or a link changed): preview the file again; nothing changed`,
      );
    }
    const { preview } = held;
    const at = apply.now.toISOString();
    const links = [
      ...preview.added,
      ...preview.changed.map((line) => ({ productId: line.productId, ...line.after })),
    ];
    await tx.query(
      `INSERT INTO supplier_products (supplier_id, product_id, supplier_code, pack_size, cost,
                                      minimum_packs, active, updated_at)
       SELECT $1, l."productId", l.code, l."packSize", l.cost, l."minimumPacks", true, $3
         FROM jsonb_to_recordset($2::jsonb)
           AS l("productId" int, code text, "packSize" int, cost int, "minimumPacks" int)
       ON CONFLICT (supplier_id, product_id) DO UPDATE SET supplier_code = excluded.supplier_code,
         pack_size = excluded.pack_size, cost = excluded.cost,
         minimum_packs = excluded.minimum_packs, active = true, updated_at = excluded.updated_at`,
      [supplier.id, JSON.stringify(links), at],
    );
    await tx.query(
      `UPDATE supplier_products SET active = false, updated_at = $3
        WHERE supplier_id = $1 AND product_id = ANY($2::int[])`,
      [supplier.id, preview.gone.map((link) => link.productId), at],
    );
    const costs = [
      ...preview.added.map((line) => ({ productId: line.productId, cost: line.cost })),
      ...preview.changed
        .filter((line) => line.costChanged)
        .map((line) => ({ productId: line.productId, cost: line.after.cost })),
    ];
    await tx.query(
      `UPDATE products p SET cost_price = c.cost
         FROM jsonb_to_recordset($1::jsonb) AS c("productId" int, cost int)
        WHERE p.id = c."productId"`,
      [JSON.stringify(costs)],
    );
    const source = `${supplier.name}'s price list${preview.fileName ? ` ${preview.fileName}` : ''}, effective ${apply.effectiveFrom}`;
    const suggestions = await suggestPricesFromCosts(tx, costs, {
      reason: 'import',
      source,
      effectiveFrom: apply.effectiveFrom,
      personId: apply.personId,
      now: apply.now,
    });
    const priceChangesQueued = [...suggestions.values()].filter((one) => one.queued).length;
    const result: ApplyResult = {
      importId: apply.importId,
      effectiveFrom: apply.effectiveFrom,
      appliedAt: at,
      linked: preview.added.length,
      updated: preview.changed.length,
      deactivated: preview.gone.length,
      costsChanged: costs.length,
      priceChangesQueued,
      unknownLeft: preview.unknown.length,
    };
    await tx.query('UPDATE suppliers SET list_version = list_version + 1 WHERE id = $1', [
      supplier.id,
    ]);
    await tx.query(
      `UPDATE supplier_imports SET applied_at = $2, applied_by = $3, effective_from = $4,
         result = $5::jsonb WHERE id = $1`,
      [apply.importId, at, apply.personId, apply.effectiveFrom, JSON.stringify(result)],
    );
    return result;
  });
}
