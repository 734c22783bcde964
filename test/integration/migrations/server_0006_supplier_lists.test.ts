import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { STORES, freshStore } from '../../support/server';

describe.each(STORES)('server migration 0006 (supplier lists) on %s', (kind) => {
  it('gives suppliers a mapping and a list version, and keeps imports whole', async () => {
    const { store, dispose } = await freshStore(kind, null, 5);
    try {
      await store.exec(
        `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES (1, '6 %', 600, 1);
         INSERT INTO products (id, name, tax_rate_id, price, unit, version)
           VALUES (1, 'Riz', 1, 299, 'piece', 2);
         INSERT INTO suppliers (name, created_at, updated_at) VALUES ('Biofresh', 'now', 'now');`,
      );
      expect(await migrateServer(store, serverMigrations().slice(0, 6))).toEqual([6]);
      // A supplier of before has no mapping yet, and its list starts at version 0.
      expect(await store.query('SELECT name, import_mapping, list_version FROM suppliers')).toEqual(
        [{ name: 'Biofresh', import_mapping: null, list_version: 0 }],
      );

      const preview = (id: string) =>
        store.query(
          `INSERT INTO supplier_imports (id, supplier_id, file_name, format, line_count, preview,
                                         basis_version, created_at)
           VALUES ($1, 1, 'tarif.csv', 'csv', 2, '{}', 0, 'now')`,
          [id],
        );
      await preview('00000000-0000-4000-8000-000000000001');
      await expect(preview('00000000-0000-4000-8000-000000000001')).rejects.toThrow(/pkey/);
      await expect(
        store.query(
          `INSERT INTO supplier_imports (id, supplier_id, format, line_count, preview, basis_version, created_at)
           VALUES ('00000000-0000-4000-8000-000000000002', 1, 'pdf', 0, '{}', 0, 'now')`,
        ),
      ).rejects.toThrow(/check/i);
      // Applied means applied whole: a date, an effective day and what it did, or none of them.
      const apply = (sql: string) =>
        store.query(`UPDATE supplier_imports SET ${sql} WHERE file_name = 'tarif.csv'`);
      await expect(apply(`applied_at = 'now'`)).rejects.toThrow(/supplier_imports_applied_whole/);
      await expect(
        apply(`applied_at = 'now', effective_from = '10/12/2026', result = '{}'`),
      ).rejects.toThrow(/check/i);
      await apply(`applied_at = 'now', effective_from = '2026-12-10', result = '{}'`);
    } finally {
      await dispose();
    }
  });
});
