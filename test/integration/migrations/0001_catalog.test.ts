import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { searchProducts } from '../../../db/catalog';
import {
  AT,
  CHECK,
  DATATYPE,
  FOREIGN_KEY,
  NOT_NULL,
  PRIMARY_KEY,
  UNIQUE,
  columnNames,
  freshDbEachTest,
  insert,
  refusal,
  rows,
  schemaObjects,
  tables,
  userVersion,
} from './helpers';

let db: Db;
freshDbEachTest(1, (fresh) => {
  db = fresh;
  insert(db, 'tax_rates', { id: 1, name: '6 %', rate_bp: 600, updated_at: AT });
  insert(db, 'categories', {
    id: 1,
    name: 'Fruits et légumes',
    name_nl: 'Groenten',
    updated_at: AT,
  });
  insert(db, 'categories', { id: 2, name: 'Hygiène', name_nl: 'Hygiëne', updated_at: AT });
});

const product = (overrides: Record<string, unknown> = {}) => ({
  id: 1,
  name: 'Pommes Élstar bio',
  name_nl: 'Appels Elstar bio',
  category_id: 1,
  tax_rate_id: 1,
  price: 399,
  unit: 'kg',
  active: 1,
  updated_at: AT,
  ...overrides,
});

const member = (overrides: Record<string, unknown> = {}) => ({
  id: 1,
  number: '1001',
  name: 'Anne Peeters',
  card_barcode: '0420000000013',
  status: 'up_to_date',
  eaters: 2,
  updated_at: AT,
  ...overrides,
});

/** The products whose search entry matches an FTS5 query, by id. */
function search(query: string): number[] {
  return db
    .prepare('SELECT rowid FROM products_search WHERE products_search MATCH ? ORDER BY rowid')
    .pluck()
    .all(query) as number[];
}

/** A whole word (or number), quoted so that FTS5 reads it as a plain token. */
const word = (text: string) => search(`"${text}"`);

/** What the search index holds for a product. */
function indexed(id: number) {
  return db
    .prepare('SELECT name, name_nl, category FROM products_search WHERE rowid = ?')
    .get(id) as { name: string; name_nl: string; category: string } | undefined;
}

/** The products having a barcode that starts with these digits, as the till looks them up. */
const BY_BARCODE_PREFIX = `SELECT DISTINCT product_id FROM barcodes
  WHERE code >= @prefix AND code < @prefix || ':' ORDER BY product_id`;
const byBarcode = (prefix: string) =>
  db.prepare(BY_BARCODE_PREFIX).pluck().all({ prefix }) as number[];

function assertIndexIntact(): void {
  db.exec("INSERT INTO products_search (products_search) VALUES ('integrity-check')");
}

describe('migration 0001: the catalogue', () => {
  it('creates the catalogue tables, STRICT, and nothing of the later migrations', () => {
    expect(userVersion(db)).toBe(1);
    const all = tables(db);
    expect([...all.keys()].sort()).toEqual(
      [
        'barcodes',
        'categories',
        'members',
        'nomenclature_rules',
        'products',
        'products_search',
        'schema_migrations',
        'tax_rates',
      ].sort(),
    );
    for (const name of [
      'tax_rates',
      'categories',
      'products',
      'barcodes',
      'members',
      'nomenclature_rules',
    ]) {
      expect(all.get(name)?.strict, `${name} is STRICT`).toBe(true);
    }
    expect(all.get('barcodes')?.withoutRowid).toBe(true);
    expect(all.get('products_search')?.type).toBe('virtual');
    expect(columnNames(db, 'products')).toEqual([
      'id',
      'name',
      'name_nl',
      'category_id',
      'tax_rate_id',
      'price',
      'unit',
      'active',
      'updated_at',
    ]);
    expect(columnNames(db, 'barcodes')).toEqual(['code', 'product_id']);
    expect(columnNames(db, 'members')).toEqual([
      'id',
      'number',
      'name',
      'card_barcode',
      'status',
      'eaters',
      'updated_at',
    ]);
    expect(columnNames(db, 'nomenclature_rules')).toEqual([
      'id',
      'name',
      'sequence',
      'type',
      'encoding',
      'pattern',
    ]);
    expect(schemaObjects(db, 'index')).toEqual(['barcodes_product', 'products_category']);
    expect(schemaObjects(db, 'trigger')).toEqual([
      'categories_search_update',
      'products_search_delete',
      'products_search_insert',
      'products_search_update',
    ]);
    expect(columnNames(db, 'products_search')).toEqual(['name', 'name_nl', 'category']);
  });

  it('keeps a tax rate between 0 and 100 %', () => {
    insert(db, 'tax_rates', { id: 2, name: '0 %', rate_bp: 0, updated_at: AT });
    insert(db, 'tax_rates', { id: 3, name: '100 %', rate_bp: 10_000, updated_at: AT });
    expect(
      refusal(() => insert(db, 'tax_rates', { id: 4, name: 'x', rate_bp: -1, updated_at: AT }))
        .code,
    ).toBe(CHECK);
    expect(
      refusal(() => insert(db, 'tax_rates', { id: 4, name: 'x', rate_bp: 10_001, updated_at: AT }))
        .code,
    ).toBe(CHECK);
    expect(
      refusal(() => insert(db, 'tax_rates', { id: 4, name: 'x', rate_bp: 6.5, updated_at: AT }))
        .code,
    ).toBe(DATATYPE);
  });

  it('refuses a product with no name, a negative price, an unknown unit or a bad active flag', () => {
    insert(db, 'products', product());
    const before = rows(db, 'products');
    expect(refusal(() => insert(db, 'products', product({ id: 2, name: '' }))).code).toBe(CHECK);
    expect(refusal(() => insert(db, 'products', product({ id: 2, name: null }))).code).toBe(
      NOT_NULL,
    );
    expect(refusal(() => insert(db, 'products', product({ id: 2, price: -1 }))).code).toBe(CHECK);
    expect(refusal(() => insert(db, 'products', product({ id: 2, unit: 'litre' }))).code).toBe(
      CHECK,
    );
    expect(refusal(() => insert(db, 'products', product({ id: 2, active: 2 }))).code).toBe(CHECK);
    // Money is integer cents, never a float or a text (STRICT).
    expect(refusal(() => insert(db, 'products', product({ id: 2, price: 3.99 }))).code).toBe(
      DATATYPE,
    );
    expect(refusal(() => insert(db, 'products', product({ id: 2, price: 'cheap' }))).code).toBe(
      DATATYPE,
    );
    expect(refusal(() => insert(db, 'products', product({ id: 1 }))).code).toBe(PRIMARY_KEY);
    expect(refusal(() => db.prepare('UPDATE products SET price = -5').run()).code).toBe(CHECK);
    expect(rows(db, 'products')).toEqual(before);
  });

  it('refuses a product whose tax rate or category does not exist', () => {
    expect(refusal(() => insert(db, 'products', product({ tax_rate_id: 99 }))).code).toBe(
      FOREIGN_KEY,
    );
    expect(refusal(() => insert(db, 'products', product({ category_id: 99 }))).code).toBe(
      FOREIGN_KEY,
    );
    expect(refusal(() => insert(db, 'products', product({ tax_rate_id: null }))).code).toBe(
      NOT_NULL,
    );
    insert(db, 'products', product({ category_id: null }));
    expect(refusal(() => db.prepare('DELETE FROM tax_rates WHERE id = 1').run()).code).toBe(
      FOREIGN_KEY,
    );
  });

  it('gives each barcode to one existing product, and drops it with its product', () => {
    insert(db, 'products', product());
    insert(db, 'products', product({ id: 2, name: 'Savon', category_id: 2, unit: 'piece' }));
    insert(db, 'barcodes', { code: '5410000000012', product_id: 1 });
    expect(
      refusal(() => insert(db, 'barcodes', { code: '5410000000012', product_id: 2 })).code,
    ).toBe(PRIMARY_KEY);
    expect(
      refusal(() => insert(db, 'barcodes', { code: '5410000000029', product_id: 99 })).code,
    ).toBe(FOREIGN_KEY);
    expect(refusal(() => insert(db, 'barcodes', { code: null, product_id: 1 })).code).toBe(
      NOT_NULL,
    );
    db.prepare('DELETE FROM products WHERE id = 1').run();
    expect(rows(db, 'barcodes', 'code')).toEqual([]);
  });

  it('keeps member numbers and cards unique, and the shift-status vocabulary', () => {
    insert(db, 'members', member());
    insert(db, 'members', member({ id: 2, number: '1002', card_barcode: null }));
    insert(db, 'members', member({ id: 3, number: '1003', card_barcode: null })); // many without card
    expect(refusal(() => insert(db, 'members', member({ id: 4, card_barcode: null }))).code).toBe(
      UNIQUE,
    );
    expect(refusal(() => insert(db, 'members', member({ id: 4, number: '1004' }))).code).toBe(
      UNIQUE,
    );
    for (const status of [
      'up_to_date',
      'alert',
      'delay',
      'suspended',
      'unsubscribed',
      'exempted',
    ]) {
      insert(
        db,
        'members',
        member({ id: 10 + status.length, number: status, card_barcode: null, status }),
      );
      db.prepare('DELETE FROM members WHERE number = ?').run(status);
    }
    expect(
      refusal(() =>
        insert(
          db,
          'members',
          member({ id: 5, number: '1005', card_barcode: null, status: 'gold' }),
        ),
      ).code,
    ).toBe(CHECK);
    expect(
      refusal(() =>
        insert(db, 'members', member({ id: 5, number: '1005', card_barcode: null, eaters: -1 })),
      ).code,
    ).toBe(CHECK);
  });

  it('keeps the nomenclature rule types and encodings to the known ones', () => {
    const rule = {
      name: 'Weight',
      sequence: 36,
      type: 'weight',
      encoding: 'ean13',
      pattern: '21.....{NNDDD}',
    };
    insert(db, 'nomenclature_rules', rule);
    expect(refusal(() => insert(db, 'nomenclature_rules', { ...rule, type: 'coupon' })).code).toBe(
      CHECK,
    );
    expect(refusal(() => insert(db, 'nomenclature_rules', { ...rule, encoding: 'qr' })).code).toBe(
      CHECK,
    );
    expect(refusal(() => insert(db, 'nomenclature_rules', { ...rule, pattern: null })).code).toBe(
      NOT_NULL,
    );
  });
});

describe('migration 0001: the search index follows the catalogue', () => {
  beforeEach(() => {
    insert(db, 'products', product());
    insert(db, 'barcodes', { code: '5410000000012', product_id: 1 });
    insert(db, 'barcodes', { code: '2100001000000', product_id: 1 });
    insert(
      db,
      'products',
      product({ id: 2, name: 'Crème brûlée', name_nl: null, category_id: 2, unit: 'piece' }),
    );
  });

  it('indexes a new product with its names and category', () => {
    expect(indexed(1)).toEqual({
      name: 'Pommes Élstar bio',
      name_nl: 'Appels Elstar bio',
      category: 'Fruits et légumes Groenten',
    });
    expect(indexed(2)).toEqual({ name: 'Crème brûlée', name_nl: '', category: 'Hygiène Hygiëne' });
    expect(word('appels')).toEqual([1]);
    expect(word('groenten')).toEqual([1]);
    expect(search('pom*')).toEqual([1]);
    expect(search('name_nl : elstar')).toEqual([1]);
    assertIndexIntact();
  });

  it('is accent-insensitive, both ways', () => {
    expect(word('elstar')).toEqual([1]);
    expect(word('ÉLSTAR')).toEqual([1]);
    expect(word('creme')).toEqual([2]);
    expect(word('brulee')).toEqual([2]);
    expect(word('crème')).toEqual([2]);
    expect(word('legumes')).toEqual([1]);
    expect(word('hygiene')).toEqual([2]);
    expect(word('hygiëne')).toEqual([2]);
    expect(search('bru*')).toEqual([2]);
  });

  it('follows a product update: the old name no longer matches', () => {
    db.prepare(
      "UPDATE products SET name = 'Poires Conférence', name_nl = 'Peren', category_id = 2 WHERE id = 1",
    ).run();
    expect(word('pommes')).toEqual([]);
    expect(word('appels')).toEqual([]);
    expect(word('conference')).toEqual([1]);
    expect(word('peren')).toEqual([1]);
    expect(word('groenten')).toEqual([]);
    expect(word('hygiene')).toEqual([1, 2]);
    // A price change leaves the entry as it is.
    db.prepare('UPDATE products SET price = 499 WHERE id = 1').run();
    expect(word('conference')).toEqual([1]);
    // An upsert, as the catalogue pull does, is an update too.
    db.prepare(
      `INSERT INTO products (id, name, tax_rate_id, price, unit, updated_at) VALUES (1, 'Kiwis', 1, 50, 'piece', ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_nl = NULL, category_id = NULL`,
    ).run(AT);
    expect(indexed(1)).toEqual({ name: 'Kiwis', name_nl: '', category: '' });
    expect(word('kiwis')).toEqual([1]);
    expect(word('conference')).toEqual([]);
    assertIndexIntact();
  });

  it('follows a category renamed', () => {
    insert(db, 'products', product({ id: 3, name: 'Poireaux', name_nl: 'Prei' }));
    db.prepare(
      "UPDATE categories SET name = 'Primeurs', name_nl = 'Verse groenten' WHERE id = 1",
    ).run();
    expect(word('primeurs')).toEqual([1, 3]);
    expect(word('verse')).toEqual([1, 3]);
    expect(word('legumes')).toEqual([]);
    expect(word('hygiene')).toEqual([2]);
    db.prepare('UPDATE categories SET name_nl = NULL WHERE id = 1').run();
    expect(indexed(3)?.category.trim()).toBe('Primeurs');
    expect(word('verse')).toEqual([]);
    assertIndexIntact();
  });

  it('forgets a deleted product', () => {
    db.prepare('DELETE FROM products WHERE id = 1').run();
    expect(indexed(1)).toBeUndefined();
    expect(word('pommes')).toEqual([]);
    expect(byBarcode('5410000000012')).toEqual([]);
    expect(word('creme')).toEqual([2]);
    assertIndexIntact();
  });

  it('finds barcodes by prefix through the barcodes primary key, not a scan', () => {
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${BY_BARCODE_PREFIX}`).all({ prefix: '541' }) as {
        detail: string;
      }[]
    ).map((step) => step.detail);
    expect(plan.join('\n')).toMatch(/SEARCH barcodes USING PRIMARY KEY \(code>\? AND code<\?\)/);
    expect(byBarcode('5410000000012')).toEqual([1]);
    expect(byBarcode('541')).toEqual([1]);
    expect(byBarcode('21000')).toEqual([1]);
    expect(byBarcode('542')).toEqual([]);
  });

  it('follows barcodes added, removed and given to another product', () => {
    insert(db, 'barcodes', { code: '5410000000029', product_id: 2 });
    expect(byBarcode('541')).toEqual([1, 2]);
    db.prepare("DELETE FROM barcodes WHERE code = '5410000000012'").run();
    expect(byBarcode('541')).toEqual([2]);
    // The catalogue pull's upsert moves a code: ON CONFLICT (code) DO UPDATE SET product_id.
    db.prepare(
      `INSERT INTO barcodes (code, product_id) VALUES ('2100001000000', 2)
       ON CONFLICT (code) DO UPDATE SET product_id = excluded.product_id`,
    ).run();
    expect(byBarcode('2100001000000')).toEqual([2]);
  });

  it('serves the till’s product search: names without accents, barcode prefixes', () => {
    insert(db, 'barcodes', { code: '5410000000029', product_id: 2 });
    const ids = (query: string) => searchProducts(db, query, 20).map((found) => found.id);
    expect(ids('pommes elstar')).toEqual([1]);
    expect(ids('CREME brul')).toEqual([2]);
    expect(ids('groenten')).toEqual([1]);
    expect(ids('5410000000029')).toEqual([2]);
    expect(ids('541000')).toEqual([2, 1]); // by name: Crème before Pommes
    db.prepare('UPDATE products SET active = 0 WHERE id = 2').run();
    expect(ids('541000')).toEqual([1]);
    expect(ids('creme')).toEqual([]);
  });
});
