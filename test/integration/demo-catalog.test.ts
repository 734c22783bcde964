import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ean13CheckDigit, isValidEan13, lookupCodes, parseBarcode } from '../../domain/barcode';
import { findProductByBarcode, searchProducts } from '../../db/catalog';
import { findMemberByCard } from '../../db/members';
import {
  DEMO_BARCODES,
  DEMO_CATALOG,
  GENERATED_FIRST_ID,
  generateCatalog,
  seedDemoCatalog,
  seedLargeCatalog,
} from '../../db/demo-catalog';
import { openDatabase, type Db } from '../../db/open';

const AT = '2026-01-01T00:00:00.000Z';
const ean13 = (first12: string): string => first12 + String(ean13CheckDigit(first12));

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'demo-catalog-'));
  db = openDatabase(join(dir, 'till.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (table: string): number =>
  db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('the demo catalogue', () => {
  it('seeds a few hundred products in French and Dutch, with their barcodes and members', () => {
    const seeded = seedDemoCatalog(db, AT);
    expect(seeded.products).toBeGreaterThanOrEqual(250);
    expect(count('products')).toBe(seeded.products);
    expect(count('members')).toBe(seeded.members);

    const rows = db.prepare('SELECT name, name_nl AS nameNl, unit, price FROM products').all() as {
      name: string;
      nameNl: string | null;
      unit: string;
      price: number;
    }[];
    for (const row of rows) {
      expect(row.name.length).toBeGreaterThan(0);
      expect(row.nameNl?.length ?? 0).toBeGreaterThan(0);
      expect(Number.isInteger(row.price) && row.price > 0).toBe(true);
    }
    const names = rows.map((row) => row.name);
    const namesNl = rows.map((row) => row.nameNl);
    expect(names).toContain('Lentilles vertes bio');
    expect(namesNl).toContain('Groene linzen bio');
    expect(names).toContain('Pain au levain 800 g');
    expect(namesNl).toContain('Zuurdesembrood 800 g');
    expect(names.some((name) => /[éèçêëœ]/u.test(name))).toBe(true);
    expect(namesNl.some((name) => name && /[ëé]/u.test(name))).toBe(true);
    expect(new Set(rows.map((row) => row.unit))).toEqual(new Set(['piece', 'kg']));
  });

  it('gives every product a valid EAN-13, and scale-label base codes to what is weighed', () => {
    seedDemoCatalog(db, AT);
    const codes = db.prepare('SELECT code FROM barcodes').pluck().all() as string[];
    expect(codes.length).toBeGreaterThan(count('products'));
    for (const code of codes) expect(isValidEan13(code), code).toBe(true);

    const withoutEan = db
      .prepare(
        `SELECT count(*) FROM products p
          WHERE NOT EXISTS (SELECT 1 FROM barcodes b WHERE b.product_id = p.id AND b.code LIKE '54%')`,
      )
      .pluck()
      .get();
    expect(withoutEan).toBe(0);
    const kgWithoutLabel = db
      .prepare(
        `SELECT count(*) FROM products p WHERE p.unit = 'kg' AND NOT EXISTS
           (SELECT 1 FROM barcodes b WHERE b.product_id = p.id AND substr(b.code, 1, 2) IN ('21', '23'))`,
      )
      .pluck()
      .get();
    expect(kgWithoutLabel).toBe(0);
  });

  it('reads scale labels, price labels and member cards with the default nomenclature', () => {
    seedDemoCatalog(db, AT);
    const { kg, priceLabel, piece, vat21 } = DEMO_BARCODES;

    const label = parseBarcode(ean13(kg.weightBase.slice(0, 7) + '01234'));
    expect(label).toMatchObject({ type: 'weight', baseCode: kg.weightBase, value: 1234 });
    expect(findProductByBarcode(db, lookupCodes(label))).toMatchObject({
      id: kg.id,
      unit: 'kg',
      vatRateBp: 600,
    });

    const priced = parseBarcode(ean13(priceLabel.priceBase.slice(0, 7) + '00749'));
    expect(priced).toMatchObject({ type: 'price', baseCode: priceLabel.priceBase, value: 749 });
    expect(findProductByBarcode(db, lookupCodes(priced))?.id).toBe(priceLabel.id);

    expect(parseBarcode(piece.code).type).toBe('product');
    expect(findProductByBarcode(db, [piece.code])).toMatchObject({ id: piece.id, unit: 'piece' });
    expect(findProductByBarcode(db, [vat21.code])?.vatRateBp).toBe(2100);

    for (const [status, card] of Object.entries(DEMO_BARCODES.members)) {
      const parsed = parseBarcode(card);
      expect(parsed.type).toBe('member');
      expect(findMemberByCard(db, lookupCodes(parsed))?.status).toBe(status);
    }
  });

  it('charges 21 % VAT on hygiene, cleaning and alcohol, 6 % on food', () => {
    seedDemoCatalog(db, AT);
    const rate = (category: string): number[] =>
      db
        .prepare(
          `SELECT DISTINCT t.rate_bp FROM products p JOIN tax_rates t ON t.id = p.tax_rate_id
             JOIN categories c ON c.id = p.category_id WHERE c.name = ? ORDER BY 1`,
        )
        .pluck()
        .all(category) as number[];
    expect(rate('Hygiène')).toEqual([2100]);
    expect(rate('Entretien')).toEqual([2100]);
    expect(rate('Bières & vins')).toEqual([2100]);
    expect(rate('Boulangerie')).toEqual([600]);
    expect(rate('Produits laitiers & œufs')).toEqual([600]);
  });

  it('has members of every status', () => {
    seedDemoCatalog(db, AT);
    const statuses = db.prepare('SELECT DISTINCT status FROM members').pluck().all();
    // La Louve's whole vocabulary (DESIGN.md, Members), each word in the till's status table.
    expect(new Set(statuses)).toEqual(
      new Set([
        'up_to_date',
        'alert',
        'delay',
        'exempted',
        'suspended',
        'vacation',
        'blocked',
        'unpayed',
        'unsubscribed',
        'not_concerned',
      ]),
    );
    const known = db.prepare('SELECT code FROM member_statuses').pluck().all();
    expect(known).toEqual(expect.arrayContaining(statuses));
    for (const member of DEMO_CATALOG.members) {
      expect(member.cardBarcode?.startsWith('042')).toBe(true);
      expect(isValidEan13(member.cardBarcode ?? '')).toBe(true);
      expect(member.eaters).toBeGreaterThanOrEqual(1);
      expect(member.eaters).toBeLessThanOrEqual(5);
    }
  });

  it('is found by name, accent-insensitively, in French and Dutch', () => {
    seedDemoCatalog(db, AT);
    const lentils = searchProducts(db, 'lentilles', 10);
    expect(lentils.length).toBeGreaterThanOrEqual(3);
    for (const product of lentils) expect(product.name).toMatch(/^Lentilles/u);

    const coffee = searchProducts(db, 'cafe', 10);
    expect(coffee.length).toBeGreaterThan(0);
    for (const product of coffee) expect(product.name).toMatch(/^Café/u);

    expect(searchProducts(db, 'linzen', 10).map((p) => p.name)).toContain('Lentilles vertes bio');
    expect(searchProducts(db, 'pom jon', 10).map((p) => p.name)).toEqual(['Pommes Jonagold']);
    expect(searchProducts(db, 'hygiene', 50).length).toBeGreaterThan(5);
  });

  it('seeds twice without duplicating anything', () => {
    seedDemoCatalog(db, AT);
    const first = ['products', 'barcodes', 'members', 'categories', 'tax_rates', 'products_search'];
    const before = first.map(count);
    seedDemoCatalog(db, '2026-02-01T00:00:00.000Z');
    expect(first.map(count)).toEqual(before);
    expect(searchProducts(db, 'lentilles corail', 10).map((p) => p.name)).toEqual([
      'Lentilles corail bio',
    ]);
  });
});

describe('generated catalogues', () => {
  const generate = (n: number, seed: number) => [...generateCatalog(n, seed)];

  it('gives unique ids and unique valid barcodes', () => {
    const products = generate(1000, 1);
    expect(products).toHaveLength(1000);
    expect(new Set(products.map((p) => p.id)).size).toBe(1000);
    expect(Math.min(...products.map((p) => p.id))).toBe(GENERATED_FIRST_ID);
    const codes = products.flatMap((p) => p.barcodes);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(isValidEan13(code), code).toBe(true);
    // Some names are the same in both languages ("Fusilli bio Lima"), most are not.
    const translated = products.filter((p) => p.nameNl && p.nameNl !== p.name).length;
    expect(translated).toBeGreaterThan(800);
    const categories = new Set(DEMO_CATALOG.categories.map((c) => c.id));
    for (const product of products) {
      expect(categories.has(product.categoryId ?? 0)).toBe(true);
      expect(Number.isInteger(product.price) && product.price > 0).toBe(true);
    }
  });

  it('is deterministic for a seed, and its first products do not depend on the count', () => {
    expect(generate(1000, 1)).toEqual(generate(1000, 1));
    expect(generate(1000, 2)).not.toEqual(generate(1000, 1));
    expect(generate(100, 1)).toEqual(generate(1000, 1).slice(0, 100));
  });

  it('seeds next to the demo catalogue and is searchable', () => {
    seedDemoCatalog(db, AT);
    const demo = count('products');
    expect(seedLargeCatalog(db, 2000, 7, AT)).toBe(2000);
    expect(count('products')).toBe(demo + 2000);
    expect(count('products_search')).toBe(demo + 2000);
    const first = generateCatalog(1, 7).next().value;
    const code = first?.barcodes[0] ?? '';
    expect(findProductByBarcode(db, [code])?.id).toBe(GENERATED_FIRST_ID);
    expect(searchProducts(db, 'lentilles', 50).length).toBeGreaterThan(3);
  });
});
