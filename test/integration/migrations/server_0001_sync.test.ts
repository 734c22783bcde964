import { describe, expect, it } from 'vitest';
import { DatabaseTooNewError, migrateServer, serverMigrations } from '../../../server/migrate';
import { STORES, freshStore } from '../../support/server';

describe.each(STORES)('server migration 0001 on %s', (kind) => {
  it('creates the sync, books and catalogue tables once, and refuses a newer database', async () => {
    // Only 0001 applied: later migrations add tables of their own, which their own tests list.
    const { store, dispose } = await freshStore(kind, null, 1);
    try {
      expect(await migrateServer(store, serverMigrations().slice(0, 1))).toEqual([]);
      const tables = await store.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() ORDER BY table_name`,
      );
      expect(tables.map((table) => table.name)).toEqual([
        'categories',
        'events',
        'inventory_counts',
        'members',
        'price_history',
        'products',
        'quarantine',
        'schema_migrations',
        'server_meta',
        'sessions',
        'settings',
        'stock_moves',
        'tax_rates',
        'tickets',
        'tills',
        'users',
      ]);
      // A till's per-till sequence is unique, and a stock move kind outside the ledger's is refused.
      await store.query("INSERT INTO tills (name, created_at) VALUES ('a', 'now')");
      await expect(
        store.query(
          "INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES (1, 1, 'theft', 'now')",
        ),
      ).rejects.toThrow(/check/i);
      // A database newer than this code is refused, whatever the migrations still to apply.
      expect(await migrateServer(store)).toEqual(
        serverMigrations()
          .slice(1)
          .map((migration) => migration.version),
      );
      const latest = serverMigrations().length;
      await store.query("INSERT INTO schema_migrations VALUES ($1, 'from_the_future', 'later')", [
        latest + 1,
      ]);
      await expect(migrateServer(store)).rejects.toBeInstanceOf(DatabaseTooNewError);
    } finally {
      await dispose();
    }
  });
});
