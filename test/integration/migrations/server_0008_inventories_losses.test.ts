import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { STORES, freshStore } from '../../support/server';

describe.each(STORES)('server migration 0008 (inventories and losses) on %s', (kind) => {
  it('turns 0001’s counts into applied inventories, and adds scans and losses with their rules', async () => {
    const { store, dispose } = await freshStore(kind, null, 7);
    try {
      await store.exec(
        `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES (1, '6 %', 600, 1);
         INSERT INTO products (id, name, tax_rate_id, price, unit, version, zone)
           VALUES (1, 'Riz', 1, 299, 'piece', 2, 'A1');
         INSERT INTO inventory_counts (product_id, counted, at, adjustment, created_at) VALUES
           (1, 9000, '2026-03-01T10:00:00.000Z', -1000, '2026-03-01T10:05:00.000Z'),
           (1, 7000, '2026-04-01T10:00:00.000Z', 500, '2026-04-01T10:05:00.000Z');`,
      );
      expect(await migrateServer(store, serverMigrations().slice(0, 8))).toEqual([8]);
      expect(
        await store.query(
          `SELECT i.zone, i.status, i.opened_at, i.closed_at, l.product_id, l.counted, l.counted_at,
                  l.expected, l.adjustment
             FROM inventories i JOIN inventory_lines l ON l.inventory_id = i.id ORDER BY i.id`,
        ),
      ).toEqual([
        {
          zone: null,
          status: 'applied',
          opened_at: '2026-03-01T10:00:00.000Z',
          closed_at: '2026-03-01T10:05:00.000Z',
          product_id: 1,
          counted: 9000,
          counted_at: '2026-03-01T10:00:00.000Z',
          expected: 10_000,
          adjustment: -1000,
        },
        {
          zone: null,
          status: 'applied',
          opened_at: '2026-04-01T10:00:00.000Z',
          closed_at: '2026-04-01T10:05:00.000Z',
          product_id: 1,
          counted: 7000,
          counted_at: '2026-04-01T10:00:00.000Z',
          expected: 6500,
          adjustment: 500,
        },
      ]);
      // One way of counting remains.
      await expect(store.query('SELECT * FROM inventory_counts')).rejects.toThrow(/exist/);

      // One open inventory per zone; a new one gets a number after the old ones.
      const open = (zone: string) =>
        store.query<{ id: number }>(
          `INSERT INTO inventories (zone, opened_at) VALUES ($1, 'now') RETURNING id`,
          [zone],
        );
      expect(await open('A1')).toEqual([{ id: 3 }]);
      await expect(open('A1')).rejects.toThrow(/inventories_open_zone/);
      await open('B2');
      await expect(open('A1; DROP')).rejects.toThrow(/check/i);
      await expect(
        store.query(`UPDATE inventories SET status = 'applied' WHERE id = 3`),
      ).rejects.toThrow(/inventories_closed_when/);
      await store.query(
        `UPDATE inventories SET status = 'applied', closed_at = 'now' WHERE id = 3`,
      );
      const [again] = await open('A1');

      // A scan is a stock event's, once; no negative or absurd quantity.
      await store.query(
        `INSERT INTO stock_events (uuid, device_id, device_seq, kind, payload, at, received_at)
         VALUES ('00000000-0000-4000-8000-000000000001', 'hand-1', 1, 'count.scan', '{}', 'now', 'now')`,
      );
      const scan = (quantity: number, counter = 'device:hand-1') =>
        store.query(
          `INSERT INTO inventory_scans (inventory_id, product_id, pass, counter, quantity, event_uuid, at)
           VALUES ($3, 1, 'first', $2, $1, '00000000-0000-4000-8000-000000000001', 'now')`,
          [quantity, counter, again?.id],
        );
      await expect(scan(-1000)).rejects.toThrow(/check/i);
      await expect(scan(10_000_001)).rejects.toThrow(/check/i);
      await expect(scan(1000, 'someone')).rejects.toThrow(/check/i);
      await scan(1000);
      await expect(scan(2000)).rejects.toThrow(/event_uuid/);

      const loss = (reason: string, quantity = 1000) =>
        store.query(
          `INSERT INTO losses (event_uuid, product_id, quantity, reason, at)
           VALUES ('00000000-0000-4000-8000-000000000001', 1, $2, $1, 'now')`,
          [reason, quantity],
        );
      await expect(loss('lost')).rejects.toThrow(/check/i);
      await expect(loss('theft', 0)).rejects.toThrow(/check/i);
      await loss('theft');
    } finally {
      await dispose();
    }
  });
});
