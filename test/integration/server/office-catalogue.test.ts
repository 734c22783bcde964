import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { seedStockShop, signedIn } from '../../support/stock';
import { ean13 } from '../../support/till';

const MILK = ean13('541000000002');
const SOAP = ean13('541000000003');

/**
 * Issue 24, item 3, the catalogue's pages: a manager edits a product's fields, its price (now
 * or from a day), its barcodes; creates and renames categories; changes prices in bulk once;
 * previews an import before applying it. Every change says who made it and when.
 */
describe.each(STORES)('the office’s catalogue on %s', (kind) => {
  let server: TestServer;
  let manager: Record<string, string>;
  let stock: Record<string, string>;
  // Monday 2 March 2026, 10:00 in Brussels.
  const now = new Date('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    server = await startTestServer(kind, { clock: () => now });
    await seedStockShop(server.store, [
      {
        id: 2,
        name: 'Lait',
        nameNl: 'Melk',
        price: 129,
        barcodes: [MILK],
        netContent: 1000,
        contentUnit: 'l',
      },
      { id: 3, name: 'Savon', price: 450, vat: 21, barcodes: [SOAP], categoryId: null },
      { id: 4, name: 'Farine', price: 199, netContent: 1000, contentUnit: 'kg' },
    ]);
    manager = (await signedIn(server, ['manager'], 'Marie Dubois')).headers;
    stock = (await signedIn(server, ['stock'], 'Sam')).headers;
  });
  afterAll(async () => {
    await server.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    headers = manager,
  ) =>
    server.app.inject({
      method,
      url: `/v1/catalogue${url}`,
      headers,
      ...(payload ? { payload } : {}),
    });

  it('edits a product’s names, category, VAT, unit, content and state, recording who and when', async () => {
    const edited = await call('PUT', '/products/2', {
      name: 'Lait demi-écrémé',
      nameNl: 'Halfvolle melk',
      categoryId: 1,
      taxRateId: 6,
      unit: 'piece',
      active: true,
      netContent: 500_000, // 500 ml
      contentUnit: 'ml',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const product = edited.json<{
      name: string;
      unitPrice: { cents: number; per: string };
      changes: { field: string; oldValue: unknown; newValue: unknown; by: string; at: string }[];
    }>();
    expect(product.name).toBe('Lait demi-écrémé');
    expect(product.unitPrice).toEqual({ cents: 258, per: 'l' });
    expect(product.changes.map((c) => [c.field, c.oldValue, c.newValue, c.by, c.at])).toEqual(
      expect.arrayContaining([
        ['name', 'Lait', 'Lait demi-écrémé', 'Marie Dubois', now.toISOString()],
        ['nameNl', 'Melk', 'Halfvolle melk', 'Marie Dubois', now.toISOString()],
        ['content', [1000, 'l'], [500_000, 'ml'], 'Marie Dubois', now.toISOString()],
      ]),
    );
    // The renamed product's shelf label waits to be printed.
    const labels = await server.store.query<{ product_id: number }>(
      'SELECT product_id FROM label_queue WHERE printed_at IS NULL AND product_id = 2',
    );
    expect(labels).toHaveLength(1);
    // A category or VAT rate that does not exist is refused in words, nothing written.
    const wrong = await call('PUT', '/products/2', {
      name: 'Autre',
      nameNl: null,
      categoryId: 99,
      taxRateId: 6,
      unit: 'piece',
      active: false,
      netContent: null,
      contentUnit: null,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ error: string }>().error).toBe(
      'There is no category 99: choose one in the list',
    );
    expect((await call('GET', '/products/2')).json<{ name: string }>().name).toBe(
      'Lait demi-écrémé',
    );
  });

  it('sets a price now, or from a later day, and says who did', async () => {
    const now129 = await call('PUT', '/products/4/price', { price: 219, effectiveFrom: null });
    expect(now129.statusCode, now129.body).toBe(200);
    expect(now129.json<{ status: string; product: { price: number } }>()).toMatchObject({
      status: 'applied',
      product: { price: 219 },
    });
    const later = await call('PUT', '/products/4/price', {
      price: 229,
      effectiveFrom: '2026-03-09',
    });
    expect(
      later.json<{ status: string; product: { price: number; scheduled: unknown[] } }>(),
    ).toMatchObject({
      status: 'scheduled',
      product: { price: 219, scheduled: [{ newPrice: 229, effectiveFrom: '2026-03-09' }] },
    });
    const history = await server.app.inject({
      method: 'GET',
      url: '/v1/products/4/prices',
      headers: manager,
    });
    expect(history.json<{ current: number }>().current).toBe(219);
    const detail = (await call('GET', '/products/4')).json<{
      changes: { field: string; newValue: unknown; by: string }[];
    }>();
    expect(detail.changes.filter((c) => c.field === 'price')).toEqual([
      expect.objectContaining({ newValue: { price: 229, from: '2026-03-09' }, by: 'Marie Dubois' }),
      expect.objectContaining({ newValue: 219, by: 'Marie Dubois' }),
    ]);
    const refused = await call('PUT', '/products/4/price', { price: -5, effectiveFrom: null });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('a price of zero or more');
  });

  it('adds and removes barcodes, refusing a wrong check digit and a code another product holds', async () => {
    const wrongDigit = await call('POST', '/products/3/barcodes', { code: '5410000000010' });
    expect(wrongDigit.statusCode).toBe(400);
    expect(wrongDigit.json<{ error: string }>().error).toBe(
      '5410000000010 has a wrong check digit: check the code on the pack',
    );
    const held = await call('POST', '/products/3/barcodes', { code: MILK });
    expect(held.statusCode).toBe(409);
    expect(held.json<{ error: string }>().error).toContain(
      `barcode ${MILK} belongs to product 2 "Lait demi-écrémé"`,
    );
    const extra = ean13('541000000099');
    const added = await call('POST', '/products/3/barcodes', { code: extra });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json<{ barcodes: string[] }>().barcodes).toEqual([SOAP, extra]);
    const removed = await call('DELETE', `/products/3/barcodes/${SOAP}`);
    expect(removed.json<{ barcodes: string[]; changes: { field: string }[] }>()).toMatchObject({
      barcodes: [extra],
      changes: [{ field: 'barcodes' }, { field: 'barcodes' }],
    });
  });

  it('lists, creates and renames categories, refusing a name taken; shows the VAT rates', async () => {
    const created = await call('POST', '/categories', { name: 'Boissons', nameNl: 'Dranken' });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json<{ id: number }>();
    expect(id).toBe(2);
    const renamed = await call('PUT', `/categories/${id}`, {
      name: 'Boissons fraîches',
      nameNl: 'Koude dranken',
    });
    expect(renamed.statusCode).toBe(200);
    const taken = await call('POST', '/categories', { name: 'épicerie', nameNl: null });
    expect(taken.statusCode).toBe(409);
    expect(taken.json<{ error: string }>().error).toBe(
      'The category "épicerie" exists already (number 1)',
    );
    const list = (await call('GET', '/categories')).json<{
      categories: { id: number; name: string; nameNl: string; products: number }[];
      taxRates: { rateBp: number }[];
    }>();
    expect(list.categories).toEqual([
      { id: 2, name: 'Boissons fraîches', nameNl: 'Koude dranken', products: 0 },
      { id: 1, name: 'Épicerie', nameNl: 'Kruidenierswaren', products: 2 },
    ]);
    expect(list.taxRates.map((rate) => rate.rateBp)).toEqual([600, 2100]);
    const [audit] = await server.store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM catalogue_changes WHERE category_id = $1',
      [id],
    );
    expect(audit?.n).toBe(2);
  });

  it('previews a bulk change, then applies it once whatever is sent twice', async () => {
    const adjustment = { kind: 'percent', basisPoints: 500 };
    const selection = { categoryId: 1 };
    const preview = await call('POST', '/bulk-price/preview', { selection, adjustment });
    expect(preview.statusCode, preview.body).toBe(200);
    const rows = preview.json<{
      rows: { id: number; oldPrice: number; newPrice: number; newUnitPrice: unknown }[];
    }>().rows;
    expect(rows.map((row) => [row.id, row.oldPrice, row.newPrice])).toEqual([
      [4, 219, 230], // 229.95
      [2, 129, 135], // 135.45
    ]);
    expect(rows[1]?.newUnitPrice).toEqual({ cents: 270, per: 'l' });
    const operationId = randomUUID();
    const body = { operationId, selection, adjustment, effectiveFrom: null };
    // A double click: both requests at once.
    const [first, second] = await Promise.all([
      call('POST', '/bulk-price/apply', body),
      call('POST', '/bulk-price/apply', body),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(
      [first.json<{ again: boolean }>().again, second.json<{ again: boolean }>().again].sort(),
    ).toEqual([false, true]);
    expect(first.json<{ applied: number }>().applied).toBe(2);
    const prices = await server.store.query<{ id: number; price: number }>(
      'SELECT id, price FROM products WHERE id IN (2, 4) ORDER BY id',
    );
    expect(prices).toEqual([
      { id: 2, price: 135 },
      { id: 4, price: 230 },
    ]);
    const [history] = await server.store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM price_history WHERE product_id = 2 AND price = 135`,
    );
    expect(history?.n).toBe(1);
    // The same id with another change is refused, nothing changed.
    const other = await call('POST', '/bulk-price/apply', {
      ...body,
      adjustment: { kind: 'cents', cents: 10 },
    });
    expect(other.statusCode).toBe(409);
    const zero = await call('POST', '/bulk-price/preview', {
      selection,
      adjustment: { kind: 'cents', cents: 0 },
    });
    expect(zero.statusCode).toBe(400);
    expect(zero.json<{ error: string }>().error).toBe(
      'Nothing changed: a change of 0 cents changes nothing',
    );
  });

  it('previews an import’s lines and refusals, writing nothing, then applies it', async () => {
    const csv = [
      'id;name;vat;price;unit;barcodes',
      '2;Lait demi-écrémé;6;1,35;piece;' + MILK,
      '4;Farine T65;6;2,30;piece;',
      '7;Sucre;6;1,89;piece;',
      '8;Sel;7;0,99;piece;',
    ].join('\n');
    const file = Buffer.from(csv).toString('base64');
    const preview = await call('POST', '/import/preview', { file });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({
      lines: [
        // The file has no Dutch name: the one the catalogue has would go.
        { row: 2, id: 2, name: 'Lait demi-écrémé', price: 135, oldPrice: 135, change: 'changed' },
        { row: 3, id: 4, name: 'Farine T65', price: 230, oldPrice: 230, change: 'changed' },
        { row: 4, id: 7, name: 'Sucre', price: 189, oldPrice: null, change: 'new' },
      ],
      problems: [{ row: 5, column: 'vat', message: 'a Belgian VAT rate: 0, 6, 12 or 21' }],
    });
    const [none] = await server.store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM products WHERE id = 7',
    );
    expect(none?.n).toBe(0);
    const refused = await call('POST', '/import/apply', { file });
    expect(refused.statusCode).toBe(422);
    const good = Buffer.from(csv.split('\n').slice(0, 4).join('\n')).toString('base64');
    const applied = await call('POST', '/import/apply', { file: good });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toEqual({ products: 3 });
  });

  it('reads an XLSX workbook’s first sheet as the same lines', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Produits');
    sheet.addRow(['id', 'name', 'vat', 'price', 'unit']);
    sheet.addRow([9, 'Miel', 6, '6,50', 'piece']);
    sheet.addRow([10, 'Thé', 21, 'abc', 'piece']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
    const preview = await call('POST', '/import/preview', { file });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({
      lines: [{ row: 2, id: 9, name: 'Miel', price: 650, oldPrice: null, change: 'new' }],
      problems: [{ row: 3, column: 'price', message: '"abc" is not a price (e.g. 3.99 or 3,99)' }],
    });
    const unreadable = await call('POST', '/import/preview', {
      file: Buffer.from('PK\x03\x04 not a workbook').toString('base64'),
    });
    expect(unreadable.statusCode).toBe(422);
    expect(unreadable.json<{ error: string }>().error).toMatch(
      /^Nothing imported: the file cannot be read as an XLSX workbook/,
    );
  });

  it('refuses a stock volunteer every catalogue change', async () => {
    const refused = await call(
      'PUT',
      '/products/4/price',
      { price: 1, effectiveFrom: null },
      stock,
    );
    expect(refused.statusCode).toBe(403);
    const [price] = await server.store.query<{ price: number }>(
      'SELECT price FROM products WHERE id = 4',
    );
    expect(price?.price).toBe(230);
  });
});
