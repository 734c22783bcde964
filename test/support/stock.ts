import { randomUUID } from 'node:crypto';
import type { Role } from '../../domain/people';
import { openSession } from '../../server/people';
import type { Queryable } from '../../server/store';
import type { TestServer } from './server';

/**
 * A shop for stock tests, written straight to the tables (the catalogue's own routes are tested
 * elsewhere): a 6 % and a 21 % rate, a category, products with what stock needs.
 */
export interface StockProduct {
  id: number;
  name: string;
  nameNl?: string | null;
  price: number;
  unit?: 'piece' | 'kg';
  vat?: 6 | 21;
  categoryId?: number | null;
  barcodes?: string[];
  netContent?: number | null;
  contentUnit?: 'g' | 'kg' | 'ml' | 'l' | 'piece' | null;
  costPrice?: number | null;
  zone?: string | null;
}

export async function seedStockShop(db: Queryable, products: readonly StockProduct[]) {
  await db.query(
    `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES
       (6, '6 %', 600, nextval('catalog_version')), (21, '21 %', 2100, nextval('catalog_version'))
     ON CONFLICT (id) DO NOTHING`,
  );
  await db.query(
    `INSERT INTO categories (id, name, name_nl, version) VALUES
       (1, 'Épicerie', 'Kruidenierswaren', nextval('catalog_version')) ON CONFLICT (id) DO NOTHING`,
  );
  for (const p of products) {
    await db.query(
      `INSERT INTO products (id, name, name_nl, category_id, tax_rate_id, price, unit, barcodes,
                             net_content, content_unit, cost_price, zone, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, nextval('catalog_version'))`,
      [
        p.id,
        p.name,
        p.nameNl ?? null,
        p.categoryId === undefined ? 1 : p.categoryId,
        p.vat ?? 6,
        p.price,
        p.unit ?? 'piece',
        p.barcodes ?? [],
        p.netContent ?? null,
        p.contentUnit ?? null,
        p.costPrice ?? null,
        p.zone ?? null,
      ],
    );
  }
}

export async function seedSupplier(
  db: Queryable,
  supplier: { name: string; email?: string | null; active?: boolean; minimumOrder?: number },
): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO suppliers (name, email, active, minimum_order, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'now', 'now') RETURNING id`,
    [supplier.name, supplier.email ?? null, supplier.active ?? true, supplier.minimumOrder ?? 0],
  );
  if (!row) throw new Error(`Supplier ${supplier.name} not written`);
  return row.id;
}

/**
 * A person with these roles and an open web session: the headers a browser of theirs sends
 * (session cookie, and the page's own origin, which state-changing requests need).
 */
export async function signedIn(
  server: TestServer,
  roles: Role[],
  name = `${roles.join('+')} ${randomUUID().slice(0, 8)}`,
): Promise<{ personId: number; headers: Record<string, string> }> {
  const created = await server.app.inject({
    method: 'POST',
    url: '/v1/people',
    headers: server.admin,
    payload: { name, roles, password: `${name} password 123` },
  });
  if (created.statusCode !== 201) throw new Error(`Could not create ${name}: ${created.body}`);
  const personId = created.json<{ id: number }>().id;
  const session = await openSession(server.store, personId, 'hand', new Date());
  return {
    personId,
    headers: {
      cookie: `emm_session=${session}`,
      host: 'shop.example',
      origin: 'http://shop.example',
    },
  };
}

/** Stock events as a device numbers them: its id, its own sequence, a fresh UUID each. */
export function device(deviceId = `hand-${randomUUID().slice(0, 8)}`) {
  let seq = 0;
  return {
    deviceId,
    event(kind: string, payload: Record<string, unknown>, at = new Date().toISOString()) {
      seq += 1;
      return { uuid: randomUUID(), deviceId, seq, kind, at, payload };
    },
  };
}
