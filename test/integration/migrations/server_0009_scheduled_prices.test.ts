import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { STORES, freshStore } from '../../support/server';

describe.each(STORES)('server migration 0009 (scheduled prices) on %s', (kind) => {
  it('lets a price change wait scheduled, and dates the approved ones of before', async () => {
    const { store, dispose } = await freshStore(kind, null, 8);
    try {
      await store.exec(
        `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES (1, '6 %', 600, 1);
         INSERT INTO products (id, name, tax_rate_id, price, unit, version)
           VALUES (1, 'Riz', 1, 299, 'piece', 2), (2, 'Pâtes', 1, 127, 'piece', 3);
         INSERT INTO price_changes (product_id, old_price, new_price, reason, effective_from,
                                    status, created_at, decided_at)
           VALUES (1, 279, 299, 'import', '2026-12-01', 'approved', '2026-11-30T10:00:00Z',
                   '2026-12-01T08:00:00Z'),
                  (2, 127, 131, 'import', '2026-12-20', 'pending', '2026-12-05T10:00:00Z', NULL)`,
      );
      await expect(
        store.query(`UPDATE price_changes SET status = 'scheduled' WHERE product_id = 2`),
      ).rejects.toThrow(/check/i);
      expect(await migrateServer(store, serverMigrations().slice(0, 9))).toEqual([9]);
      expect(
        await store.query(
          'SELECT product_id, status, applied_at FROM price_changes ORDER BY product_id',
        ),
      ).toEqual([
        { product_id: 1, status: 'approved', applied_at: '2026-12-01T08:00:00Z' },
        { product_id: 2, status: 'pending', applied_at: null },
      ]);
      await store.query(`UPDATE price_changes SET status = 'scheduled' WHERE product_id = 2`);
      await expect(
        store.query(`UPDATE price_changes SET status = 'later' WHERE product_id = 2`),
      ).rejects.toThrow(/check/i);
    } finally {
      await dispose();
    }
  });
});
