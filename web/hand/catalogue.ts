import {
  DEFAULT_NOMENCLATURE,
  lookupCodes,
  parseBarcode,
  validateNomenclature,
  type Nomenclature,
  type ParsedBarcode,
} from '../../domain/barcode';
import { handCatalogueSchema, type HandProduct } from '../../domain/hand-wire';
import type { HandDb } from './db';

/**
 * The catalogue as the handheld holds it in memory: products by id and by every code they carry,
 * and the coop's barcode rules. Loaded from IndexedDB at start (it works offline), refreshed
 * from the server whenever it answers.
 */
export interface Catalogue {
  byId: Map<number, HandProduct>;
  byCode: Map<string, HandProduct>;
  nomenclature: Nomenclature;
  /** When the server read the stock figures (ISO), null before the first download. */
  at: string | null;
}

export function indexCatalogue(
  products: readonly HandProduct[],
  nomenclature: unknown,
  at: string | null,
): Catalogue {
  const byId = new Map<number, HandProduct>();
  const byCode = new Map<string, HandProduct>();
  for (const product of products) {
    byId.set(product.id, product);
    for (const code of product.barcodes) byCode.set(code, product);
  }
  let rules: Nomenclature = DEFAULT_NOMENCLATURE;
  try {
    if (nomenclature !== null && nomenclature !== undefined) {
      rules = validateNomenclature(nomenclature);
    }
  } catch {
    // The server checks the rules it keeps; rules it could not have sent fall back to Odoo's.
  }
  return { byId, byCode, nomenclature: rules, at };
}

export async function loadCatalogue(db: HandDb): Promise<Catalogue> {
  const [products, nomenclature, at] = await db.transaction('r', db.products, db.meta, async () =>
    Promise.all([db.products.toArray(), db.meta.get('nomenclature'), db.meta.get('catalogueAt')]),
  );
  return indexCatalogue(
    products,
    nomenclature?.value ?? null,
    typeof at?.value === 'string' ? at.value : null,
  );
}

/** What a download came to: the new catalogue, or why it could not be had (kept: the old one). */
export type Refresh =
  { kind: 'fresh'; catalogue: Catalogue } | { kind: 'offline' } | { kind: 'signed-out' };

/** Downloads the catalogue and replaces the copy kept in IndexedDB, in one transaction. */
export async function refreshCatalogue(
  db: HandDb,
  get: () => Promise<Response> = () =>
    fetch('/v1/hand/products', { credentials: 'same-origin', cache: 'no-store' }),
): Promise<Refresh> {
  let response: Response;
  try {
    response = await get();
  } catch {
    return { kind: 'offline' };
  }
  if (response.status === 401) return { kind: 'signed-out' };
  if (!response.ok) return { kind: 'offline' };
  const parsed = handCatalogueSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { kind: 'offline' };
  const { products, nomenclature, at } = parsed.data;
  await db.transaction('rw', db.products, db.meta, async () => {
    await db.products.clear();
    await db.products.bulkPut(products);
    await db.meta.put({ key: 'nomenclature', value: nomenclature });
    await db.meta.put({ key: 'catalogueAt', value: at });
  });
  return { kind: 'fresh', catalogue: indexCatalogue(products, nomenclature, at) };
}

/** A scanned or typed code: the product it names (weight and price labels through the rules). */
export function findByCode(
  catalogue: Catalogue,
  code: string,
): { product: HandProduct; parsed: ParsedBarcode } | null {
  const typed = code.trim();
  const parsed = parseBarcode(typed, catalogue.nomenclature);
  // A code no rule reads may still be one a product carries as it is.
  const candidates = parsed.type === 'error' ? [typed] : [...lookupCodes(parsed), typed];
  for (const candidate of candidates) {
    const product = catalogue.byCode.get(candidate);
    if (product) return { product, parsed };
  }
  return null;
}

/** Letters without accents or case: "creme" finds "Crème", "lentilles" finds "LENTILLES". */
function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** Products whose French or Dutch name holds every word typed, at most `limit` of them. */
export function searchByName(catalogue: Catalogue, text: string, limit = 20): HandProduct[] {
  const words = folded(text).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const found: HandProduct[] = [];
  for (const product of catalogue.byId.values()) {
    const names = folded(`${product.name} ${product.nameNl ?? ''}`);
    if (words.every((word) => names.includes(word))) {
      found.push(product);
      if (found.length >= limit) break;
    }
  }
  return found;
}
