import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { seedStockShop, signedIn } from '../../support/stock';
import { handCatalogueSchema } from '../../../domain/hand-wire';

describe.each(STORES)("the handheld's product cache, on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { clock: () => new Date('2026-12-07T09:00:00Z') });
    await seedStockShop(server.store, [
      {
        id: 1,
        name: 'Lentilles vertes',
        nameNl: 'Groene linzen',
        price: 349,
        zone: 'A1',
        barcodes: ['5410000000014'],
        netContent: 500_000,
        contentUnit: 'g',
      },
      { id: 2, name: 'Tomates', price: 420, unit: 'kg' },
      { id: 3, name: 'Retiré', price: 100 },
    ]);
    await server.store.query('UPDATE products SET deleted = true WHERE id = 3');
    await server.store.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES
         (1, 12000, 'delivery', '2026-12-01T08:00:00Z'), (1, -2000, 'sale', '2026-12-02T08:00:00Z'),
         (2, 5250, 'delivery', '2026-12-01T08:00:00Z')`,
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('gives a stock volunteer every product with its codes, names, price, zone, content and stock', async () => {
    const { headers } = await signedIn(server, ['stock']);
    const response = await server.app.inject({ method: 'GET', url: '/v1/hand/products', headers });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = handCatalogueSchema.parse(response.json());
    expect(body).toEqual({
      at: '2026-12-07T09:00:00.000Z',
      nomenclature: null,
      products: [
        {
          id: 1,
          name: 'Lentilles vertes',
          nameNl: 'Groene linzen',
          price: 349,
          unit: 'piece',
          barcodes: ['5410000000014'],
          zone: 'A1',
          netContent: 500_000,
          contentUnit: 'g',
          onHand: 10_000,
        },
        {
          id: 2,
          name: 'Tomates',
          nameNl: null,
          price: 420,
          unit: 'kg',
          barcodes: [],
          zone: null,
          netContent: null,
          contentUnit: null,
          onHand: 5250,
        },
      ],
    });
  });

  it("hands over the coop's barcode rules once a manager set them", async () => {
    const rules = {
      rules: [
        {
          name: 'Weight',
          sequence: 1,
          type: 'weight',
          encoding: 'ean13',
          pattern: '28.....{NNDDD}',
        },
        { name: 'Products', sequence: 99, type: 'product', encoding: 'any', pattern: '.*' },
      ],
    };
    const set = await server.app.inject({
      method: 'PUT',
      url: '/v1/admin/settings/barcode.nomenclature',
      headers: server.admin,
      payload: { value: rules },
    });
    expect(set.statusCode).toBe(200);
    const { headers } = await signedIn(server, ['manager']);
    const response = await server.app.inject({ method: 'GET', url: '/v1/hand/products', headers });
    expect(response.json().nomenclature).toEqual(rules);
  });

  it('refuses a cashier, who has no stock work, in words', async () => {
    const { headers } = await signedIn(server, ['cashier']);
    const response = await server.app.inject({ method: 'GET', url: '/v1/hand/products', headers });
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatch(/role/);
  });
});
