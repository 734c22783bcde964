/** What the benchmarks look up and search for: samples of the catalogue they run on. */
import { parseBarcode } from '../domain/barcode';
import type { Db } from '../db/open';
import { pick } from '../test/support/random';

/**
 * Barcodes of random products (those `where` allows) that the default nomenclature reads as a
 * product, or also as a scale or price label's base code when `labels`.
 */
export function sampleProductCodes(
  db: Db,
  random: () => number,
  count: number,
  options: { where: string; labels: boolean },
): string[] {
  const { where, labels } = options;
  const { low, high } = db
    .prepare('SELECT min(id) AS low, max(id) AS high FROM products')
    .get() as { low: number; high: number };
  const nextProduct = db
    .prepare(`SELECT p.id FROM products p WHERE p.id >= ? AND ${where} ORDER BY p.id LIMIT 1`)
    .pluck();
  const codesOf = db
    .prepare('SELECT code FROM barcodes WHERE product_id = ? ORDER BY code')
    .pluck();
  const codes: string[] = [];
  for (let attempts = 0; codes.length < count && attempts < count * 20; attempts++) {
    const id = nextProduct.get(low + Math.floor(random() * (high - low + 1))) as number | undefined;
    const usable = (id === undefined ? [] : (codesOf.all(id) as string[])).filter((code) => {
      const type = parseBarcode(code).type;
      return type === 'product' || (labels && (type === 'weight' || type === 'price'));
    });
    if (usable.length > 0) codes.push(pick(random, usable));
  }
  if (codes.length < count) throw new Error(`Found only ${codes.length} usable barcodes`);
  return codes;
}

const stripAccents = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');

/**
 * What a cashier types to find a product: the start of one word of a real product name (2 to 7
 * letters) or the starts of two of its words, half of them as written (accents, capitals) and
 * half lower-case without accents, as people type.
 */
export function sampleQueries(db: Db, random: () => number, count: number): string[] {
  const { low, high } = db
    .prepare('SELECT min(id) AS low, max(id) AS high FROM products')
    .get() as { low: number; high: number };
  const next = db.prepare(
    'SELECT name, name_nl AS nameNl FROM products WHERE id >= ? ORDER BY id LIMIT 1',
  );
  const prefix = (word: string, min: number) =>
    word.slice(0, Math.min(word.length, min + Math.floor(random() * 6)));
  const queries: string[] = [];
  while (queries.length < count) {
    const row = next.get(low + Math.floor(random() * (high - low + 1))) as
      { name: string; nameNl: string | null } | undefined;
    if (!row) continue;
    const name = row.nameNl !== null && random() < 0.3 ? row.nameNl : row.name;
    const words = name.split(/[^\p{L}\p{N}]+/u).filter((word) => /^\p{L}{2,}$/u.test(word));
    if (words.length === 0) continue;
    let query: string;
    if (words.length >= 2 && random() < 0.5) {
      const first = Math.floor(random() * (words.length - 1));
      const second = first + 1 + Math.floor(random() * (words.length - first - 1));
      query = `${prefix(words[first] as string, 2)} ${prefix(words[second] as string, 2)}`;
    } else {
      query = prefix(pick(random, words), 2);
    }
    queries.push(random() < 0.5 ? query : stripAccents(query).toLowerCase());
  }
  return queries;
}

/** The MATCH expression searchProducts builds (kept in step with db/catalog.ts by hand). */
export function matchExpression(query: string): string {
  return query
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 8)
    .map((word) => `"${word.replaceAll('"', '')}"*`)
    .join(' ');
}
