import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/open';
import { loadMigrations } from '../../../db/migrate';
import { searchProducts } from '../../../db/catalog';
import { AT, insert, migratedTo, userVersion } from './helpers';

const MIGRATIONS = loadMigrations('till');
const VERSION =
  MIGRATIONS.find((migration) => migration.name === 'search_one_letter')?.version ?? 0;

const indexed = (db: Db) =>
  db.prepare('SELECT rowid, name, name_nl, category FROM products_search ORDER BY rowid').all();
const match = (db: Db, query: string) =>
  db
    .prepare('SELECT rowid FROM products_search WHERE products_search MATCH ? ORDER BY rowid')
    .pluck()
    .all(query);
const searched = (db: Db, query: string) =>
  searchProducts(db, query, 12).map((product) => product.name);

function catalogue(db: Db): void {
  insert(db, 'tax_rates', { id: 1, name: '6 %', rate_bp: 600, updated_at: AT });
  insert(db, 'categories', { id: 1, name: 'Produits laitiers', name_nl: 'Zuivel', updated_at: AT });
  insert(db, 'categories', { id: 2, name: 'Bœuf et veau', updated_at: AT });
  const products = [
    { id: 1, name: 'Œufs bio', name_nl: 'Bio-eieren', category_id: null },
    { id: 2, name: 'Beurre doux', name_nl: 'Zachte boter', category_id: 1 },
    { id: 3, name: 'Haché', name_nl: null, category_id: 2 },
    { id: 4, name: 'Pommes Golden', name_nl: 'Golden appelen', category_id: null },
  ];
  for (const product of products)
    insert(db, 'products', {
      ...product,
      tax_rate_id: 1,
      price: 300,
      unit: 'piece',
      updated_at: AT,
    });
}

describe('migration search_one_letter: a word’s first letter finds it from the index', () => {
  it('keeps every product indexed as it was, folded the same way', () => {
    const old = migratedTo(VERSION - 1);
    try {
      catalogue(old.db);
      const before = indexed(old.db);
      old.db.close();
      const migrated = openDatabase(old.path, { migrations: MIGRATIONS.slice(0, VERSION) });
      try {
        expect(userVersion(migrated)).toBe(VERSION);
        expect(indexed(migrated)).toEqual(before);
        expect(indexed(migrated)).toHaveLength(4);
        expect(match(migrated, 'oeufs')).toEqual([1]);
        expect(match(migrated, 'boeuf')).toEqual([3]);
        expect(match(migrated, 'zuivel')).toEqual([2]);
        expect(match(migrated, 'boter')).toEqual([2]);
        // The one-letter prefixes the index now keeps (the search typed key by key).
        expect(
          migrated
            .prepare("SELECT sql FROM sqlite_master WHERE name = 'products_search'")
            .pluck()
            .get(),
        ).toMatch(/prefix = '1 2 3 4'/);
        expect(match(migrated, '"b"*')).toEqual([1, 2, 3]);
        expect(searched(migrated, 'p g')).toEqual(['Pommes Golden']);
      } finally {
        migrated.close();
      }
    } finally {
      old.close();
    }
  });

  it('keeps the index in step with new, renamed, moved and deleted products and renamed categories', () => {
    const m = migratedTo(VERSION);
    try {
      const { db } = m;
      catalogue(db);
      insert(db, 'products', {
        id: 5,
        name: 'Cœur de bœuf',
        tax_rate_id: 1,
        price: 450,
        unit: 'piece',
        updated_at: AT,
      });
      expect(match(db, 'coeur')).toEqual([5]);
      db.prepare(
        "UPDATE products SET name = 'Pommes Jonagold', category_id = 1 WHERE id = 4",
      ).run();
      expect(match(db, 'jonagold')).toEqual([4]);
      expect(match(db, 'golden')).toEqual([4]);
      expect(match(db, 'laitiers')).toEqual([2, 4]);
      db.prepare("UPDATE categories SET name = 'Crèmerie' WHERE id = 1").run();
      expect(match(db, 'cremerie')).toEqual([2, 4]);
      expect(match(db, 'laitiers')).toEqual([]);
      db.prepare('DELETE FROM products WHERE id = 1').run();
      expect(match(db, 'oeufs')).toEqual([]);
      expect(match(db, '"j"*')).toEqual([4]);
    } finally {
      m.close();
    }
  });
});
