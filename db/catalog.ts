import { prepare } from './prepare';
import type { Db } from './open';

export type Unit = 'piece' | 'kg';

export interface Product {
  id: number;
  name: string;
  nameNl: string | null;
  categoryId: number | null;
  category: string | null;
  vatRateBp: number;
  price: number;
  unit: Unit;
  active: boolean;
}

export interface ProductRow {
  id: number;
  name: string;
  nameNl?: string | null;
  categoryId?: number | null;
  taxRateId: number;
  price: number;
  unit: Unit;
  active?: boolean;
  barcodes: string[];
  updatedAt: string;
}

const SELECT_PRODUCT = `
  SELECT p.id, p.name, p.name_nl AS nameNl, p.category_id AS categoryId, c.name AS category,
         t.rate_bp AS vatRateBp, p.price, p.unit, p.active
    FROM products p
    JOIN tax_rates t ON t.id = p.tax_rate_id
    LEFT JOIN categories c ON c.id = p.category_id`;

type ProductSqlRow = Omit<Product, 'active'> & { active: number };
const toProduct = (row: ProductSqlRow): Product => ({ ...row, active: row.active === 1 });

export function getProduct(db: Db, id: number): Product | undefined {
  const row = prepare<[number], ProductSqlRow>(db, `${SELECT_PRODUCT} WHERE p.id = ?`).get(id);
  return row && toProduct(row);
}

/** The first of the codes that names a product (a code may be looked up in several forms). */
export function findProductByBarcode(
  db: Db,
  codes: readonly string[],
): (Product & { barcode: string }) | undefined {
  const statement = prepare<[string], ProductSqlRow>(
    db,
    `${SELECT_PRODUCT} JOIN barcodes b ON b.product_id = p.id WHERE b.code = ?`,
  );
  for (const code of codes) {
    const row = statement.get(code);
    if (row) return { ...toProduct(row), barcode: code };
  }
  return undefined;
}

/**
 * Search by barcode (the digits typed so far: a prefix) and by name, FR or NL, or category,
 * accent-insensitive: each word the cashier types must start a word of the product ("pom gol"
 * finds "Pommes Golden").
 */
/**
 * Ranking scores every match: "bio" matches most of a 200k catalogue and took 130 ms to rank.
 * Only the first candidates are ranked; a few more letters bring the matches under the cap, and
 * the ranking is exact again.
 */
const RANKED_CANDIDATES = 1000;

/**
 * The search's weight of a product's French name, its Dutch name and its category: the language on
 * screen first (English reads the French names, as the shelves do), the other after it.
 */
const SEARCH_WEIGHTS = { fr: [10, 1, 0.5], nl: [1, 10, 0.5] } as const;

export function searchProducts(
  db: Db,
  query: string,
  limit: number,
  language: 'fr' | 'nl' = 'fr',
): Product[] {
  const trimmed = query.trim();
  if (/^\d{3,20}$/.test(trimmed)) {
    // ':' sorts right after '9': the range holds every code that starts with the digits.
    const rows = prepare<[string, string, number, number], ProductSqlRow>(
      db,
      `${SELECT_PRODUCT}
          WHERE p.active = 1 AND p.id IN (SELECT product_id FROM barcodes WHERE code >= ? AND code < ? LIMIT ?)
          ORDER BY p.name LIMIT ?`,
    ).all(trimmed, `${trimmed}:`, limit * 4, limit);
    if (rows.length > 0) return rows.map(toProduct);
  }
  const words = foldLigatures(trimmed.normalize('NFKC'))
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 8);
  if (words.length === 0) return [];
  const match = words.map((word) => `"${word}"*`).join(' ');
  const [name, nameNl, category] = SEARCH_WEIGHTS[language];
  // The name in the language on screen holding the first word whole ("melk": "Volle melk", not
  // "Melkchocolade"), then starting with it, then the shorter name ("Volle melk bio 1 L" before
  // "Camembert van rauwe melk 250 g"), then the full-text rank.
  const shown = language === 'nl' ? 'coalesce(p.name_nl, p.name)' : 'p.name';
  const first = words[0] ?? '';
  const rows = prepare<[number, number, number, string, string, string, number], ProductSqlRow>(
    db,
    `${SELECT_PRODUCT}
        JOIN (SELECT rowid AS id, bm25(products_search, ?, ?, ?) AS rank FROM products_search
               WHERE products_search MATCH ? LIMIT ${RANKED_CANDIDATES}) hit ON hit.id = p.id
       WHERE p.active = 1
       ORDER BY (' ' || ${shown} || ' ') LIKE ? DESC, ${shown} LIKE ? DESC, length(${shown}),
                hit.rank, p.id
       LIMIT ?`,
  ).all(name, nameNl, category, match, `% ${first} %`, `${first}%`, limit);
  return rows.map(toProduct);
}

/** The Dutch names the catalogue has for these products (those without one are left out). */
export function dutchNames(db: Db, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = prepare<[string], { id: number; nameNl: string }>(
    db,
    `SELECT id, name_nl AS nameNl FROM products
      WHERE id IN (SELECT value FROM json_each(?)) AND name_nl IS NOT NULL AND name_nl <> ''`,
  ).all(JSON.stringify([...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row.nameNl]));
}

/** As the search index folds them (migration 0009): "œufs" and "oeufs" are the same word. */
function foldLigatures(text: string): string {
  return text.replace(/[œŒæÆ]/g, (char) => ({ œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE' })[char] ?? char);
}

export function upsertTaxRate(
  db: Db,
  rate: { id: number; name: string; rateBp: number; updatedAt: string },
): void {
  prepare<typeof rate>(
    db,
    `INSERT INTO tax_rates (id, name, rate_bp, updated_at) VALUES (@id, @name, @rateBp, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, rate_bp = excluded.rate_bp, updated_at = excluded.updated_at`,
  ).run(rate);
}

export function upsertCategory(
  db: Db,
  category: { id: number; name: string; nameNl?: string | null; updatedAt: string },
): void {
  prepare<Required<typeof category>>(
    db,
    `INSERT INTO categories (id, name, name_nl, updated_at) VALUES (@id, @name, @nameNl, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_nl = excluded.name_nl, updated_at = excluded.updated_at`,
  ).run({ nameNl: null, ...category });
}

export function listTaxRates(db: Db): { id: number; name: string; rateBp: number }[] {
  return prepare<[], { id: number; name: string; rateBp: number }>(
    db,
    'SELECT id, name, rate_bp AS rateBp FROM tax_rates ORDER BY rate_bp',
  ).all();
}

export function listCategories(db: Db): { id: number; name: string; nameNl: string | null }[] {
  return prepare<[], { id: number; name: string; nameNl: string | null }>(
    db,
    'SELECT id, name, name_nl AS nameNl FROM categories ORDER BY name',
  ).all();
}

/**
 * Each product's first barcode (by code, as barcodesOf lists them), for a page of products in one
 * query rather than one a product: a search's results ask it on every keystroke.
 */
export function firstBarcodes(db: Db, productIds: readonly number[]): Map<number, string> {
  if (productIds.length === 0) return new Map();
  const rows = prepare<[string], { productId: number; code: string }>(
    db,
    `SELECT product_id AS productId, min(code) AS code FROM barcodes
     WHERE product_id IN (SELECT value FROM json_each(?)) GROUP BY product_id`,
  ).all(JSON.stringify(productIds));
  return new Map(rows.map((row) => [row.productId, row.code]));
}

export function barcodesOf(db: Db, productId: number): string[] {
  return prepare<[number], string>(
    db,
    'SELECT code FROM barcodes WHERE product_id = ? ORDER BY code',
  )
    .pluck()
    .all(productId);
}

/** Which product has this exact code, if any. */
export function barcodeOwner(db: Db, code: string): { id: number; name: string } | undefined {
  return prepare<[string], { id: number; name: string }>(
    db,
    'SELECT p.id, p.name FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?',
  ).get(code);
}

/** Writes products and their barcodes; the caller holds the transaction (a bulk import is one). */
export function upsertProducts(db: Db, products: Iterable<ProductRow>): number {
  const upsert = prepare<Required<Omit<ProductRow, 'barcodes' | 'active'>> & { active: 0 | 1 }>(
    db,
    `INSERT INTO products (id, name, name_nl, category_id, tax_rate_id, price, unit, active, updated_at)
     VALUES (@id, @name, @nameNl, @categoryId, @taxRateId, @price, @unit, @active, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_nl = excluded.name_nl,
       category_id = excluded.category_id, tax_rate_id = excluded.tax_rate_id, price = excluded.price,
       unit = excluded.unit, active = excluded.active, updated_at = excluded.updated_at`,
  );
  const currentCodes = prepare<[number], string>(
    db,
    'SELECT code FROM barcodes WHERE product_id = ?',
  ).pluck();
  const removeCode = prepare<[string]>(db, 'DELETE FROM barcodes WHERE code = ?');
  const addCode = prepare<[string, number]>(
    db,
    'INSERT INTO barcodes (code, product_id) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET product_id = excluded.product_id',
  );
  let count = 0;
  for (const product of products) {
    upsert.run({
      id: product.id,
      name: product.name,
      nameNl: product.nameNl ?? null,
      categoryId: product.categoryId ?? null,
      taxRateId: product.taxRateId,
      price: product.price,
      unit: product.unit,
      active: product.active === false ? 0 : 1,
      updatedAt: product.updatedAt,
    });
    const wanted = new Set(product.barcodes);
    for (const code of currentCodes.all(product.id)) {
      if (!wanted.has(code)) removeCode.run(code);
    }
    for (const code of wanted) addCode.run(code, product.id);
    count += 1;
  }
  return count;
}

export interface NomenclatureRuleRow {
  name: string;
  sequence: number;
  type: string;
  encoding: string;
  pattern: string;
}

export function listNomenclatureRules(db: Db): NomenclatureRuleRow[] {
  return prepare<[], NomenclatureRuleRow>(
    db,
    'SELECT name, sequence, type, encoding, pattern FROM nomenclature_rules ORDER BY sequence, id',
  ).all();
}

export function replaceNomenclatureRules(db: Db, rules: readonly NomenclatureRuleRow[]): void {
  prepare(db, 'DELETE FROM nomenclature_rules').run();
  const insert = prepare<NomenclatureRuleRow>(
    db,
    'INSERT INTO nomenclature_rules (name, sequence, type, encoding, pattern) VALUES (@name, @sequence, @type, @encoding, @pattern)',
  );
  for (const rule of rules) insert.run(rule);
}
