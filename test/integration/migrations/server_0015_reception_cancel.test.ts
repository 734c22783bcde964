import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { STORES, freshStore } from '../../support/server';

// Found by name: a merge may renumber the file, the test follows it.
const VERSION =
  serverMigrations().find((migration) => migration.name === 'reception_cancel')?.version ?? 0;

describe.each(STORES)('server migration reception_cancel (a reception cancelled) on %s', (kind) => {
  it('keeps the receptions there and lets one be cancelled, never half so', async () => {
    const { store, dispose } = await freshStore(kind, null, VERSION - 1);
    try {
      await store.exec(
        `INSERT INTO suppliers (id, name, created_at, updated_at) VALUES (1, 'Biofresh', 'now', 'now');
         INSERT INTO receptions (id, supplier_id, opened_at) VALUES
           ('00000000-0000-4000-8000-000000000001', 1, '2026-12-01T08:00:00.000Z'),
           ('00000000-0000-4000-8000-000000000002', 1, '2026-12-01T08:00:00.000Z');
         UPDATE receptions SET status = 'validated', validated_at = '2026-12-01T09:00:00.000Z'
          WHERE id = '00000000-0000-4000-8000-000000000002';`,
      );
      expect(await migrateServer(store, serverMigrations().slice(0, VERSION))).toEqual([VERSION]);
      expect(await store.query(`SELECT status, cancelled_at FROM receptions ORDER BY id`)).toEqual([
        { status: 'open', cancelled_at: null },
        { status: 'validated', cancelled_at: null },
      ]);
      await store.query(
        `UPDATE receptions SET status = 'cancelled', cancelled_at = '2026-12-01T10:00:00.000Z'
          WHERE id = '00000000-0000-4000-8000-000000000001'`,
      );
      // A status the table does not know, or cancelled without its time, is refused.
      await expect(
        store.query(
          `INSERT INTO receptions (id, supplier_id, opened_at, status)
           VALUES ('00000000-0000-4000-8000-000000000004', 1, 'now', 'lost')`,
        ),
      ).rejects.toThrow(/receptions_status_check/);
      await expect(
        store.query(
          `INSERT INTO receptions (id, supplier_id, opened_at, status)
           VALUES ('00000000-0000-4000-8000-000000000003', 1, 'now', 'cancelled')`,
        ),
      ).rejects.toThrow(/receptions_cancelled_at/);
    } finally {
      await dispose();
    }
  });
});
