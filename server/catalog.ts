import { z } from 'zod';
import type { Queryable, Store } from './store';
import { barcodeClashes, memberClashes } from '../domain/catalog-rules';
import { MAX_CENTS } from '../domain/money';

/** A write the till's catalogue rules refuse: a 409, in words, naming who holds the code. */
export class CatalogClashError extends Error {
  readonly statusCode = 409;
  constructor(readonly problems: string[]) {
    super(`Refused, nothing written: ${problems.join('; ')}`);
  }
}

/**
 * A transaction that may write the catalogue. Catalogue writers take one lock in turn, so that
 * versions commit in the order they were numbered: a till reading a snapshot never sees version
 * n + 1 while n is still to commit, and its cursor never skips a change.
 */
export interface CatalogTx extends Queryable {
  readonly catalogLocked: true;
}

const CATALOG_LOCK = 7_001;

export async function catalogTransaction<T>(
  store: Store,
  work: (tx: CatalogTx) => Promise<T>,
): Promise<T> {
  return store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CATALOG_LOCK]);
    return work({ query: (sql, params) => tx.query(sql, params), catalogLocked: true });
  });
}

/** Every catalogue write takes the next version, so that tills pull exactly what changed. */
const NEXT = "nextval('catalog_version')";

const id = z.number().int().positive().max(2_147_483_647);
// The till's own limit: a price it could not ring up is refused here, not at the till.
const cents = z.number().int().min(0).max(MAX_CENTS);
const text = (max: number) => z.string().trim().min(1).max(max);
const barcode = z.string().regex(/^\d{1,20}$/, 'barcodes are digits');
const statusCode = z
  .string()
  .regex(/^[a-z0-9_]{1,40}$/, 'a status code: lowercase letters, digits, _');
const label = text(100);

export const schemas = {
  taxRate: z.object({ id, name: text(50), rateBp: z.number().int().min(0).max(10_000) }).strict(),
  category: z.object({ id, name: text(100), nameNl: text(100).nullable().default(null) }).strict(),
  product: z
    .object({
      id,
      name: text(200),
      nameNl: text(200).nullable().default(null),
      categoryId: id.nullable().default(null),
      taxRateId: id,
      price: cents,
      unit: z.enum(['piece', 'kg']),
      active: z.boolean().default(true),
      barcodes: z.array(barcode).max(50).default([]),
    })
    .strict(),
  price: z.object({ price: cents }).strict(),
  barcodes: z.object({ barcodes: z.array(barcode).max(50) }).strict(),
  member: z
    .object({
      id,
      number: text(50),
      name: text(200),
      cardBarcode: barcode.nullable().default(null),
      status: statusCode,
      eaters: z.number().int().min(0).max(50).default(1),
      /** "May shop anyway" (La Louve's force_customer), whatever the status says. */
      mayShopOverride: z.boolean().default(false),
      eaterNames: z.array(text(200)).max(50).default([]),
      /** An associated person's member: their card shops as that member. */
      memberOf: id.nullable().default(null),
    })
    .strict()
    .refine((member) => member.memberOf !== member.id, {
      message: 'a member cannot be their own associated person',
      path: ['memberOf'],
    }),
  memberStatus: z
    .object({
      code: statusCode,
      labels: z.object({ 'fr-BE': label, 'nl-BE': label, en: label }).strict(),
      mayShop: z.boolean(),
      /** For a status that may not shop: the cashier acknowledges (soft) or a manager (hard). */
      block: z.enum(['soft', 'hard']).nullable().default(null),
    })
    .strict()
    .refine((status) => status.mayShop === (status.block === null), {
      message: 'a status that may not shop has a block, soft or hard; one that may has none',
      path: ['block'],
    }),
  user: z
    .object({
      id,
      name: text(100),
      role: z.enum(['cashier', 'manager']),
      pinHash: z.string().regex(/^scrypt\$[^\s]{10,500}$/, 'an scrypt PIN hash, never a PIN'),
      active: z.boolean().default(true),
    })
    .strict(),
  setting: z.object({ value: z.json() }).strict(),
};

export type ProductInput = z.infer<typeof schemas.product>;
export type MemberInput = z.infer<typeof schemas.member>;
export type MemberStatusInput = z.infer<typeof schemas.memberStatus>;

export async function upsertTaxRate(db: CatalogTx, rate: z.infer<typeof schemas.taxRate>) {
  await db.query(
    `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES ($1, $2, $3, ${NEXT})
     ON CONFLICT (id) DO UPDATE SET name = $2, rate_bp = $3, version = ${NEXT}, deleted = false`,
    [rate.id, rate.name, rate.rateBp],
  );
}

export async function upsertCategory(db: CatalogTx, category: z.infer<typeof schemas.category>) {
  await db.query(
    `INSERT INTO categories (id, name, name_nl, version) VALUES ($1, $2, $3, ${NEXT})
     ON CONFLICT (id) DO UPDATE SET name = $2, name_nl = $3, version = ${NEXT}, deleted = false`,
    [category.id, category.name, category.nameNl],
  );
}

/**
 * Writes products in one statement; a changed price is kept in the price history, and a new
 * product or a changed price or name queues its shelf label (by `personId` when a person did it):
 * every way into the catalogue (the admin routes, a CSV import, an approved price) feeds it.
 */
export async function upsertProducts(
  db: CatalogTx,
  products: ProductInput[],
  at: string,
  personId: number | null = null,
) {
  if (products.length === 0) return;
  const held = await db.query<{ id: number; name: string; barcodes: string[] }>(
    `SELECT id, name, barcodes FROM products
      WHERE NOT deleted AND barcodes && $1::text[] AND id <> ALL($2::int[])`,
    [products.flatMap((product) => product.barcodes), products.map((product) => product.id)],
  );
  const clashes = barcodeClashes(products, held);
  if (clashes.length > 0) throw new CatalogClashError(clashes);
  // Read before the write: what each product's label must now say differently.
  const relabel = await db.query<{ id: number; reason: 'new' | 'price' | 'name' }>(
    `SELECT p.id, CASE WHEN o.id IS NULL THEN 'new' WHEN o.price <> p.price THEN 'price'
                       ELSE 'name' END AS reason
       FROM jsonb_to_recordset($1::jsonb) AS p(id int, name text, "nameNl" text, price int)
       LEFT JOIN products o ON o.id = p.id AND NOT o.deleted
      WHERE o.id IS NULL OR o.price <> p.price OR o.name <> p.name
         OR o.name_nl IS DISTINCT FROM p."nameNl"`,
    [JSON.stringify(products)],
  );
  await db.query(
    `INSERT INTO price_history (product_id, price, at)
     SELECT p.id, p.price, $2 FROM jsonb_to_recordset($1::jsonb) AS p(id int, price int)
      WHERE NOT EXISTS (SELECT 1 FROM products o WHERE o.id = p.id AND o.price = p.price AND NOT o.deleted)`,
    [JSON.stringify(products), at],
  );
  await db.query(
    `INSERT INTO products (id, name, name_nl, category_id, tax_rate_id, price, unit, active, barcodes, version)
     SELECT p.id, p.name, p."nameNl", p."categoryId", p."taxRateId", p.price, p.unit, p.active,
            ARRAY(SELECT jsonb_array_elements_text(p.barcodes)), ${NEXT}
       FROM jsonb_to_recordset($1::jsonb) AS p(id int, name text, "nameNl" text, "categoryId" int,
            "taxRateId" int, price int, unit text, active boolean, barcodes jsonb)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_nl = excluded.name_nl,
       category_id = excluded.category_id, tax_rate_id = excluded.tax_rate_id,
       price = excluded.price, unit = excluded.unit, active = excluded.active,
       barcodes = excluded.barcodes, version = excluded.version, deleted = false`,
    [JSON.stringify(products)],
  );
  if (relabel.length > 0) {
    await db.query(
      `INSERT INTO label_queue (product_id, reason, queued_at, queued_by)
       SELECT l.id, l.reason, $2, $3 FROM jsonb_to_recordset($1::jsonb) AS l(id int, reason text)
       ON CONFLICT (product_id) WHERE printed_at IS NULL DO NOTHING`,
      [JSON.stringify(relabel), at, personId],
    );
  }
}

/** A member as a file gives them: the override, household names and member_of left as they are. */
export type MemberFileRow = Omit<MemberInput, 'mayShopOverride' | 'eaterNames' | 'memberOf'>;

/**
 * Writes members in one statement. Their associated persons then take later versions, so that a
 * till pulling in pages always has a member before the persons who shop as them. Rows from a
 * file that has no override, household names or member_of keep those of existing members.
 */
export async function upsertMembers(db: CatalogTx, members: MemberInput[] | MemberFileRow[]) {
  if (members.length === 0) return;
  // Deleted members keep their number and card in the table: those clash too.
  const held = await db.query<{
    id: number;
    number: string;
    name: string;
    cardBarcode: string | null;
    deleted: boolean;
  }>(
    `SELECT id, number, name, card_barcode AS "cardBarcode", deleted FROM members
      WHERE (number = ANY($1::text[]) OR card_barcode = ANY($2::text[])) AND id <> ALL($3::int[])`,
    [
      members.map((member) => member.number),
      members.flatMap((member) => (member.cardBarcode === null ? [] : [member.cardBarcode])),
      members.map((member) => member.id),
    ],
  );
  const clashes = memberClashes(members, held);
  if (clashes.length > 0) throw new CatalogClashError(clashes);
  await db.query(
    `INSERT INTO members (id, number, name, card_barcode, status, eaters, may_shop_override,
                          eater_names, member_of, version)
     SELECT m.id, m.number, m.name, m."cardBarcode", m.status, m.eaters,
            coalesce(m."mayShopOverride", false), coalesce(m."eaterNames", '[]'::jsonb),
            m."memberOf", ${NEXT}
       FROM jsonb_to_recordset($1::jsonb) AS m(id int, number text, name text, "cardBarcode" text,
            status text, eaters int, "mayShopOverride" boolean, "eaterNames" jsonb, "memberOf" int)
     ON CONFLICT (id) DO UPDATE SET number = excluded.number, name = excluded.name,
       card_barcode = excluded.card_barcode, status = excluded.status, eaters = excluded.eaters,
       may_shop_override = CASE WHEN $2 THEN members.may_shop_override
                                ELSE excluded.may_shop_override END,
       eater_names = CASE WHEN $2 THEN members.eater_names ELSE excluded.eater_names END,
       member_of = CASE WHEN $2 THEN members.member_of ELSE excluded.member_of END,
       version = excluded.version, deleted = false`,
    [JSON.stringify(members), members.some((member) => !('eaterNames' in member))],
  );
  await db.query(
    `UPDATE members SET version = ${NEXT}
      WHERE member_of = ANY(SELECT (m->>'id')::int FROM jsonb_array_elements($1::jsonb) AS m)`,
    [JSON.stringify(members)],
  );
}

export async function upsertMemberStatus(db: CatalogTx, status: MemberStatusInput) {
  await db.query(
    `INSERT INTO member_statuses (code, label_fr, label_nl, label_en, may_shop, block, version)
     VALUES ($1, $2, $3, $4, $5, $6, ${NEXT})
     ON CONFLICT (code) DO UPDATE SET label_fr = $2, label_nl = $3, label_en = $4, may_shop = $5,
       block = $6, version = ${NEXT}, deleted = false`,
    [
      status.code,
      status.labels['fr-BE'],
      status.labels['nl-BE'],
      status.labels.en,
      status.mayShop,
      status.block,
    ],
  );
}

/** A status the coop no longer uses: tills drop it, and its members may not shop (soft). */
export async function deleteMemberStatus(db: CatalogTx, code: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE member_statuses SET deleted = true, version = ${NEXT}
      WHERE code = $1 AND NOT deleted RETURNING code`,
    [code],
  );
  return rows.length > 0;
}

export async function listMemberStatuses(db: Queryable) {
  return db.query(
    `SELECT code, json_build_object('fr-BE', label_fr, 'nl-BE', label_nl, 'en', label_en) AS labels,
            may_shop AS "mayShop", block
       FROM member_statuses WHERE NOT deleted ORDER BY code`,
  );
}

export async function upsertUser(db: CatalogTx, user: z.infer<typeof schemas.user>) {
  await db.query(
    `INSERT INTO users (id, name, role, pin_hash, active, version) VALUES ($1, $2, $3, $4, $5, ${NEXT})
     ON CONFLICT (id) DO UPDATE SET name = $2, role = $3, pin_hash = $4, active = $5,
       version = ${NEXT}, deleted = false`,
    [user.id, user.name, user.role, user.pinHash, user.active],
  );
}

export async function setSetting(db: CatalogTx, key: string, value: unknown) {
  await db.query(
    `INSERT INTO settings (key, value, version) VALUES ($1, $2::jsonb, ${NEXT})
     ON CONFLICT (key) DO UPDATE SET value = $2::jsonb, version = ${NEXT}, deleted = false`,
    [key, JSON.stringify(value)],
  );
}

export async function getProduct(db: Queryable, productId: number) {
  const [row] = await db.query<ProductInput>(
    `SELECT id, name, name_nl AS "nameNl", category_id AS "categoryId", tax_rate_id AS "taxRateId",
            price, unit, active, barcodes FROM products WHERE id = $1 AND NOT deleted`,
    [productId],
  );
  return row ?? null;
}

export const CATALOG_TABLES = {
  products: 'products',
  categories: 'categories',
  members: 'members',
  'tax-rates': 'tax_rates',
  users: 'users',
} as const;

/** A deletion is a tombstone: tills pull it and remove (or retire) the row. */
export async function tombstone(
  db: CatalogTx,
  table: (typeof CATALOG_TABLES)[keyof typeof CATALOG_TABLES],
  rowId: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE ${table} SET deleted = true, version = ${NEXT} WHERE id = $1 AND NOT deleted RETURNING id`,
    [rowId],
  );
  return rows.length > 0;
}

/** What stock needs of a product: its net content (for the unit price), cost and shelf zone. */
export const productStockSchema = z
  .object({
    /** Thousandths of contentUnit: 500 g is 500000 g or 500 kg-thousandths. */
    netContent: z.number().int().min(1).max(2_147_483_647).nullable(),
    contentUnit: z.enum(['g', 'kg', 'ml', 'l', 'piece']).nullable(),
    costPrice: z.number().int().min(0, 'a cost of zero or more').max(MAX_CENTS).nullable(),
    zone: z
      .string()
      .regex(/^[A-Za-z0-9 _.-]{1,40}$/, 'a zone: letters, digits, space, _ . -, at most 40')
      .nullable(),
  })
  .strict()
  .refine((stock) => (stock.netContent === null) === (stock.contentUnit === null), {
    message: 'a net content has its unit (g, kg, ml, l or piece), and a unit its content',
    path: ['contentUnit'],
  });
export type ProductStock = z.infer<typeof productStockSchema>;

export async function getProductStock(db: Queryable, productId: number) {
  const [row] = await db.query<ProductStock & { id: number }>(
    `SELECT id, net_content AS "netContent", content_unit AS "contentUnit",
            cost_price AS "costPrice", zone FROM products WHERE id = $1 AND NOT deleted`,
    [productId],
  );
  return row ?? null;
}

/**
 * Sets a product's stock figures under a new catalogue version; says whether the content
 * changed (its shelf label's unit price then changes) and whether the cost did.
 */
export async function setProductStock(
  db: CatalogTx,
  productId: number,
  stock: ProductStock,
): Promise<{ contentChanged: boolean; costChanged: boolean } | null> {
  const before = await getProductStock(db, productId);
  if (!before) return null;
  await db.query(
    `UPDATE products SET net_content = $2, content_unit = $3, cost_price = $4, zone = $5,
       version = ${NEXT} WHERE id = $1`,
    [productId, stock.netContent, stock.contentUnit, stock.costPrice, stock.zone],
  );
  return {
    contentChanged:
      before.netContent !== stock.netContent || before.contentUnit !== stock.contentUnit,
    costChanged: before.costPrice !== stock.costPrice,
  };
}
