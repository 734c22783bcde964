import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { STORES, freshStore } from '../../support/server';

describe.each(STORES)('server migration 0007 (purchasing) on %s', (kind) => {
  it('adds purchase orders, receptions and unknown barcodes with their rules', async () => {
    const { store, dispose } = await freshStore(kind, null, 6);
    try {
      await store.exec(
        `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES (1, '6 %', 600, 1);
         INSERT INTO products (id, name, tax_rate_id, price, unit, version)
           VALUES (1, 'Riz', 1, 299, 'piece', 2);
         INSERT INTO suppliers (name, created_at, updated_at) VALUES ('Biofresh', 'now', 'now');
         INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES (1, -1000, 'sale', 'now')`,
      );
      expect(await migrateServer(store, serverMigrations().slice(0, 7))).toEqual([7]);
      // The ledger of before is untouched.
      expect(await store.query('SELECT product_id, quantity, kind FROM stock_moves')).toEqual([
        { product_id: 1, quantity: -1000, kind: 'sale' },
      ]);

      // A draft has not been sent; a sent order has its time.
      await store.query(`INSERT INTO purchase_orders (supplier_id, created_at) VALUES (1, 'now')`);
      await expect(
        store.query(`UPDATE purchase_orders SET status = 'sent' WHERE id = 1`),
      ).rejects.toThrow(/check/i);
      await expect(
        store.query(`UPDATE purchase_orders SET status = 'lost', sent_at = 'now' WHERE id = 1`),
      ).rejects.toThrow(/check/i);
      const line = (quantity: number) =>
        store.query(
          `INSERT INTO purchase_order_lines (order_id, product_id, pack_size, quantity, unit_cost)
           VALUES (1, 1, 12000, $1, 150)`,
          [quantity],
        );
      await expect(line(0)).rejects.toThrow(/check/i);
      await expect(line(-12_000)).rejects.toThrow(/check/i);
      await line(24_000);
      await expect(line(12_000)).rejects.toThrow(/purchase_order_lines_order_id_product_id/);

      // One open reception per order; a validated one has its time.
      const reception = (id: string) =>
        store.query(`INSERT INTO receptions (id, order_id, opened_at) VALUES ($1, 1, 'now')`, [id]);
      await reception('00000000-0000-4000-8000-000000000001');
      await expect(reception('00000000-0000-4000-8000-000000000002')).rejects.toThrow(
        /receptions_open_order/,
      );
      await expect(store.query(`UPDATE receptions SET status = 'validated'`)).rejects.toThrow(
        /check/i,
      );
      await expect(
        store.query(
          `INSERT INTO reception_results (reception_id, product_id, outcome, ordered, received)
           VALUES ('00000000-0000-4000-8000-000000000001', 1, 'lost', 0, 0)`,
        ),
      ).rejects.toThrow(/check/i);

      // One row of mail settings, with a sender that is an address.
      const mail = (sender: string) =>
        store.query(
          `INSERT INTO mail_settings (host, port, sender, updated_at) VALUES ('smtp.example', 25, $1, 'now')`,
          [sender],
        );
      await expect(mail('nobody')).rejects.toThrow(/check/i);
      await mail('orders@coop.example');
      await expect(mail('orders@coop.example')).rejects.toThrow(/pkey/);
    } finally {
      await dispose();
    }
  });
});
