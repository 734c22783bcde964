/**
 * A BEES-sized shop for the stock benchmarks (BEES coop, Brussels: ~3,500 products, ~100
 * suppliers): products, suppliers and what each sells us, and two years of the ledger as the
 * tills' sales and the weekly deliveries leave it. Written by PostgreSQL itself from
 * generate_series (no row crosses the wire), deterministic (no random(): a product's day is a
 * hash of its id and the day), so two runs read the same shop.
 */
import type { Store } from '../../server/store';

export interface BeesShopSize {
  products: number;
  suppliers: number;
  days: number;
}

export const BEES_SIZE: BeesShopSize = { products: 3500, suppliers: 100, days: 730 };

/** Seeds an empty, migrated store; returns the number of stock moves written. */
export async function seedBeesShop(
  store: Store,
  now: Date,
  size: BeesShopSize = BEES_SIZE,
): Promise<number> {
  const stamp = now.toISOString();
  await store.query(
    `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES
       (6, '6 %', 600, nextval('catalog_version')), (21, '21 %', 2100, nextval('catalog_version'))`,
  );
  await store.query(
    `INSERT INTO categories (id, name, name_nl, version)
     VALUES (1, 'Épicerie', 'Kruidenierswaren', nextval('catalog_version'))`,
  );
  await store.query(
    `INSERT INTO products (id, name, category_id, tax_rate_id, price, unit, cost_price, version)
     SELECT p, 'Produit ' || p, 1, CASE WHEN p % 5 = 0 THEN 21 ELSE 6 END,
            150 + (p * 37) % 900, 'piece', 100 + (p * 37) % 600, nextval('catalog_version')
       FROM generate_series(1, $1::int) AS p`,
    [size.products],
  );
  await store.query(
    `INSERT INTO suppliers (name, email, lead_days, review_days, safety_days, minimum_order,
                            free_delivery, created_at, updated_at)
     SELECT 'Fournisseur ' || s, 'orders' || s || '@supplier.example', 1 + s % 4, 7, 2,
            CASE WHEN s % 3 = 0 THEN 15000 ELSE 0 END,
            CASE WHEN s % 4 = 0 THEN 40000 END, $2, $2
       FROM generate_series(1, $1::int) AS s`,
    [size.suppliers, stamp],
  );
  await store.query(
    `INSERT INTO supplier_products (supplier_id, product_id, supplier_code, pack_size, cost,
                                    minimum_packs, updated_at)
     SELECT (p - 1) % $2::int + 1, p, 'SKU-' || p, (ARRAY[1, 6, 6, 12, 12, 24])[p % 6 + 1] * 1000,
            100 + (p * 37) % 600, 1 + (p % 7 = 0)::int, $3
       FROM generate_series(1, $1::int) AS p`,
    [size.products, size.suppliers, stamp],
  );
  // Sales: 0 to 3 ticket lines a product a day, 1 to 3 pieces each, at shop hours; a delivery
  // a week per product, a little short for one product in ten (their shelves run empty).
  await store.query(
    `INSERT INTO stock_moves (product_id, quantity, kind, at)
     SELECT p, -1000 * (1 + (p * 13 + d * 7 + n) % 3), 'sale',
            to_char((($2::timestamptz - make_interval(days => $3::int - d))
                      - make_interval(hours => 2 + (p + n) % 8, mins => (p * n) % 60))
                      AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
       FROM generate_series(1, $1::int) AS p,
            generate_series(0, $3::int - 1) AS d,
            LATERAL generate_series(1, (p * 31 + d * 17) % 4) AS n`,
    [size.products, stamp, size.days],
  );
  await store.query(
    `INSERT INTO stock_moves (product_id, quantity, kind, at)
     SELECT p, CASE WHEN p % 10 = 0 THEN 16000 ELSE 21000 END, 'delivery',
            to_char(($2::timestamptz - make_interval(days => $3::int - d, hours => 3))
                      AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
       FROM generate_series(1, $1::int) AS p, generate_series(0, $3::int - 1) AS d
      WHERE d % 7 = p % 7`,
    [size.products, stamp, size.days],
  );
  const [count] = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM stock_moves');
  await store.query('ANALYZE');
  return count?.n ?? 0;
}
