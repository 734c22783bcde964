import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { STORES, freshStore } from '../../support/server';

// Found by name: a merge may renumber the file, the test follows it.
const VERSION =
  serverMigrations().find((migration) => migration.name === 'catalogue_changes')?.version ?? 0;

describe.each(STORES)(
  'server migration catalogue_changes (the catalogue’s changes) on %s',
  (kind) => {
    it('records who changed a product, append-only, and each bulk change under its id once', async () => {
      const { store, dispose } = await freshStore(kind, null, VERSION - 1);
      try {
        await store.exec(
          `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES (1, '6 %', 600, 1);
         INSERT INTO products (id, name, tax_rate_id, price, unit, version)
           VALUES (1, 'Riz', 1, 299, 'piece', 2);`,
        );
        await expect(store.query('SELECT 1 FROM catalogue_changes')).rejects.toThrow();
        expect(await migrateServer(store, serverMigrations().slice(0, VERSION))).toEqual([VERSION]);
        await store.query(
          `INSERT INTO catalogue_changes (product_id, field, old_value, new_value, at)
         VALUES (1, 'name', '"Riz"', '"Riz basmati"', '2026-03-02T09:00:00.000Z')`,
        );
        expect(
          await store.query(
            'SELECT product_id, field, old_value, new_value FROM catalogue_changes',
          ),
        ).toEqual([{ product_id: 1, field: 'name', old_value: 'Riz', new_value: 'Riz basmati' }]);
        // A change is recorded, never rewritten nor removed.
        await expect(store.query(`UPDATE catalogue_changes SET field = 'price'`)).rejects.toThrow(
          /append-only/,
        );
        await expect(store.query('DELETE FROM catalogue_changes')).rejects.toThrow(/append-only/);
        // A change names a product or a category, not both, not neither.
        await expect(
          store.query(
            `INSERT INTO catalogue_changes (field, at) VALUES ('name', '2026-03-02T09:00:00.000Z')`,
          ),
        ).rejects.toThrow(/check/i);
        const operation = `INSERT INTO bulk_price_operations (id, request, result, at)
        VALUES ('8b7f1c1e-3a1b-4c55-9a57-0f6c2a1e9d10', '{}', '{}', '2026-03-02T09:00:00.000Z')`;
        await store.query(operation);
        await expect(store.query(operation)).rejects.toThrow(/unique|duplicate/i);
      } finally {
        await dispose();
      }
    });
  },
);
