import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { STORES, freshStore } from '../../support/server';

describe.each(STORES)('server migration 0005 (stock foundation) on %s', (kind) => {
  it('gives products content, cost and zone, and adds suppliers, queues and stock events with their rules', async () => {
    const { store, dispose } = await freshStore(kind, null, 4);
    try {
      await store.exec(
        `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES (1, '6 %', 600, 1);
         INSERT INTO products (id, name, tax_rate_id, price, unit, version)
           VALUES (1, 'Riz', 1, 299, 'piece', 2)`,
      );
      expect(await migrateServer(store, serverMigrations().slice(0, 5))).toEqual([5]);
      // A product of before has none of the new figures, and keeps its own.
      expect(
        await store.query(
          'SELECT price, net_content, content_unit, cost_price, zone FROM products',
        ),
      ).toEqual([
        { price: 299, net_content: null, content_unit: null, cost_price: null, zone: null },
      ]);
      const set = (sql: string) => store.query(`UPDATE products SET ${sql} WHERE id = 1`);
      await set(`net_content = 500000, content_unit = 'g', cost_price = 180, zone = 'A1'`);
      // A content has its unit; no negative cost; a zone is a short name.
      await expect(set('content_unit = NULL')).rejects.toThrow(/products_content_both/);
      await expect(set(`content_unit = 'cup'`)).rejects.toThrow(/check/i);
      await expect(set('cost_price = -1')).rejects.toThrow(/check/i);
      await expect(set(`zone = 'A1; DROP'`)).rejects.toThrow(/check/i);

      await store.query(
        `INSERT INTO suppliers (name, created_at, updated_at) VALUES ('Biofresh', 'now', 'now')`,
      );
      await expect(
        store.query(
          `INSERT INTO suppliers (name, created_at, updated_at) VALUES ('BIOFRESH', 'now', 'now')`,
        ),
      ).rejects.toThrow(/suppliers_name/);
      const link = (code: string, pack: number) =>
        store.query(
          `INSERT INTO supplier_products (supplier_id, product_id, supplier_code, pack_size, cost, updated_at)
           VALUES (1, 1, $1, $2, 150, 'now')`,
          [code, pack],
        );
      await expect(link('R-1', 0)).rejects.toThrow(/check/i);
      await link('R-1', 12_000);

      // One waiting price per product, one waiting label per product.
      const price = () =>
        store.query(
          `INSERT INTO price_changes (product_id, old_price, new_price, reason, effective_from, created_at)
           VALUES (1, 299, 319, 'cost', '2026-12-07', 'now')`,
        );
      await price();
      await expect(price()).rejects.toThrow(/price_changes_pending/);
      const label = () =>
        store.query(
          `INSERT INTO label_queue (product_id, reason, queued_at) VALUES (1, 'price', 'now')`,
        );
      await label();
      await expect(label()).rejects.toThrow(/label_queue_waiting/);
      await store.query(`UPDATE label_queue SET printed_at = 'now'`);
      await label();

      // A device's event: one per id, one per place in the device's sequence.
      const event = (uuid: string, seq: number) =>
        store.query(
          `INSERT INTO stock_events (uuid, device_id, device_seq, kind, payload, at, received_at)
           VALUES ($1, 'hand-1', $2, 'count.scan', '{}', 'now', 'now')`,
          [uuid, seq],
        );
      await event('00000000-0000-4000-8000-000000000001', 1);
      await expect(event('00000000-0000-4000-8000-000000000001', 2)).rejects.toThrow(/pkey/);
      await expect(event('00000000-0000-4000-8000-000000000002', 1)).rejects.toThrow(/device/);
      await store.query(
        `INSERT INTO stock_moves (product_id, quantity, kind, at, event_uuid, unit_cost)
         VALUES (1, -1000, 'adjustment', 'now', '00000000-0000-4000-8000-000000000001', 180)`,
      );
    } finally {
      await dispose();
    }
  });
});
