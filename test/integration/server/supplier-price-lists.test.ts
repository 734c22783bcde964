import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { seedStockShop, signedIn } from '../../support/stock';
import { ean13 } from '../../support/till';

const LENTILS = ean13('541000000001');
const RICE = ean13('541000000002');
const PASTA = ean13('541000000004');

describe.each(STORES)('suppliers’ price lists, previewed then applied, on %s', (kind) => {
  let server: TestServer;
  let buyer: Record<string, string>;
  let manager: Record<string, string>;
  let stock: Record<string, string>;
  let supplierId: number;
  let tillAuth: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedStockShop(server.store, []); // the 6 % and 21 % rates, category 1
    // Products made through the catalogue's API, as a coop's are: each has its price history.
    for (const [id, name, price, barcodes] of [
      [1, 'Lentilles vertes 500 g', 349, [LENTILS]],
      [2, 'Riz basmati 1 kg', 299, [RICE]],
      [4, 'Pâtes 500 g', 127, [PASTA]],
    ] as const) {
      const put = await server.app.inject({
        method: 'PUT',
        url: `/v1/admin/products/${id}`,
        headers: server.admin,
        payload: { name, price, unit: 'piece', taxRateId: 6, categoryId: 1, barcodes },
      });
      expect(put.statusCode).toBe(200);
    }
    // Their first labels (new products) are on the shelf already.
    await server.store.query(
      `UPDATE label_queue SET printed_at = 'before' WHERE printed_at IS NULL`,
    );
    ({ headers: buyer } = await signedIn(server, ['manager'], 'Buyer'));
    ({ headers: manager } = await signedIn(server, ['manager'], 'Manager'));
    ({ headers: stock } = await signedIn(server, ['stock'], 'Stock volunteer'));
    ({ auth: tillAuth } = await server.enrolTill('Caisse 1'));
  });
  afterAll(async () => {
    await server.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: object | Buffer,
    contentType?: string,
  ) =>
    server.app.inject({
      method,
      url,
      headers: contentType ? { ...headers, 'content-type': contentType } : headers,
      ...(payload === undefined ? {} : { payload }),
    });
  const pendingPrices = () =>
    server.store.query<{ productId: number; oldPrice: number; newPrice: number; reason: string }>(
      `SELECT product_id AS "productId", old_price AS "oldPrice", new_price AS "newPrice", reason
         FROM price_changes WHERE status = 'pending' ORDER BY product_id`,
    );
  const links = () =>
    server.store.query(
      `SELECT product_id AS "productId", supplier_code AS code, cost, pack_size AS "packSize", active
         FROM supplier_products WHERE supplier_id = $1 ORDER BY product_id`,
      [supplierId],
    );
  const price = async (id: number) =>
    (
      await server.store.query<{ price: number }>('SELECT price FROM products WHERE id = $1', [id])
    )[0]?.price;

  it('lets a buyer keep suppliers and what each sells us; a stock volunteer reads them only', async () => {
    const created = await call('POST', '/v1/suppliers', buyer, {
      name: 'Biofresh',
      email: 'commandes@biofresh.example',
      minimumOrder: 15_000,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Biofresh',
      active: true,
      leadDays: 2,
      minimumOrder: 15_000,
      mapping: null,
      listVersion: 0,
    });
    supplierId = created.json().id;
    expect((await call('POST', '/v1/suppliers', stock, { name: 'Other' })).statusCode).toBe(403);
    const twin = await call('POST', '/v1/suppliers', buyer, { name: 'BIOFRESH' });
    expect(twin.statusCode).toBe(409);
    expect(twin.json().error).toMatch(/already exists/);
    expect((await call('GET', '/v1/suppliers', stock)).json()).toHaveLength(1);

    // Pasta at 1.00 makes 1.27 by the coop's rule (20 % then 6 % VAT): today's price, no change.
    const linked = await call('PUT', `/v1/suppliers/${supplierId}/products/4`, buyer, {
      supplierCode: 'P-4',
      cost: 100,
      packSize: 24_000,
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toMatchObject({
      productName: 'Pâtes 500 g',
      supplierCode: 'P-4',
      cost: 100,
      suggestion: { suggested: 127, queued: false },
    });
    const negative = await call('PUT', `/v1/suppliers/${supplierId}/products/4`, buyer, {
      supplierCode: 'P-4',
      cost: -5,
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error).toMatch(/cost: zero or more/);
    expect(
      (
        await call('PUT', `/v1/suppliers/999/products/4`, buyer, { supplierCode: 'X', cost: 1 })
      ).json(),
    ).toEqual({
      error: 'No supplier 999',
    });
    expect(await links()).toEqual([
      { productId: 4, code: 'P-4', cost: 100, packSize: 24_000, active: true },
    ]);
    expect(await pendingPrices()).toEqual([]);
  });

  let previewId: string;
  const csv = Buffer.from(
    [
      'Réf;EAN;Désignation;Prix HT;Colisage',
      `R-1;${LENTILS};Lentilles vertes bio 500 g;1,50;12`,
      `R-2;${RICE};Riz basmati 1 kg;"2,10";6`,
      'R-9;5400000009998;Quinoa 500 g;3,20 \x80;6', // € is byte 0x80 in Windows-1252
      '',
    ].join('\r\n'),
    'latin1', // Excel's "CSV" on Windows: Windows-1252, é as one byte
  );

  it('refuses a price list without a mapping, a mapping missing a column, and a broken file', async () => {
    const upload = (body: Buffer, type = 'text/csv') =>
      call('POST', `/v1/suppliers/${supplierId}/price-lists?file=tarif.csv`, buyer, body, type);
    expect((await upload(csv)).json().error).toMatch(/Biofresh has no column mapping yet/);
    const mapping = {
      code: 'Réf',
      barcode: 'EAN',
      name: 'Désignation',
      cost: 'Prix HT',
      packSize: 'Colisage',
    };
    const missing = await call('PUT', `/v1/suppliers/${supplierId}/mapping`, buyer, {
      ...mapping,
      minimumPacks: 'Minimum',
    });
    expect(missing.statusCode).toBe(200);
    const refused = await upload(csv);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toBe(
      'Nothing imported: the mapping of Biofresh names columns this file lacks: minimumPacks ("minimum"); the file\'s columns are réf, ean, désignation, prix ht, colisage',
    );
    expect(
      (await call('PUT', `/v1/suppliers/${supplierId}/mapping`, buyer, { cost: 'x' })).statusCode,
    ).toBe(400);
    await call('PUT', `/v1/suppliers/${supplierId}/mapping`, buyer, mapping);

    const broken = await upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]));
    expect(broken.statusCode).toBe(422);
    expect(broken.json().error).toMatch(/cannot be read as an XLSX workbook/);
    const binary = await upload(
      Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0x00, 0x10]),
      'application/octet-stream',
    );
    expect(binary.statusCode).toBe(422);
    expect(binary.json().error).toMatch(/^Nothing imported: The file cannot be read/);
    const badLines = await upload(
      Buffer.from(
        'Réf;EAN;Désignation;Prix HT;Colisage\nR-1;;Lentilles;-1,50;12\nR-2;;Riz;2,10;0\n',
      ),
    );
    expect(badLines.statusCode).toBe(422);
    expect(badLines.json().error).toBe(
      'Nothing imported; 2 problem(s):\nline 2, cost: a negative cost (-1,50)\nline 3, packSize: "0" is not a pack size (e.g. 12 or 2,5)',
    );
    expect((await upload(csv)).statusCode).toBe(201); // the same file, once mapped, is read
    expect(
      (await call('POST', `/v1/suppliers/999/price-lists`, buyer, csv, 'text/csv')).json(),
    ).toEqual({
      error: 'No supplier 999',
    });
    // Nothing of all this changed a link, a cost or a price.
    expect(await links()).toEqual([
      { productId: 4, code: 'P-4', cost: 100, packSize: 24_000, active: true },
    ]);
    expect(await pendingPrices()).toEqual([]);
  });

  it('previews a CSV with decimal commas: new links, products gone, lines of no product, suggested prices', async () => {
    const response = await call(
      'POST',
      `/v1/suppliers/${supplierId}/price-lists?file=tarif-decembre.csv`,
      buyer,
      csv,
      'text/csv',
    );
    expect(response.statusCode).toBe(201);
    const preview = response.json();
    previewId = preview.id;
    expect(preview).toMatchObject({
      supplierId,
      fileName: 'tarif-decembre.csv',
      format: 'csv',
      lines: 3,
      // 1.50 x 1.2 x 1.06 = 1.908 -> 1.91; 2.10 x 1.272 = 2.6712 -> 2.67
      added: [
        {
          line: 2,
          productId: 1,
          code: 'R-1',
          cost: 150,
          packSize: 12_000,
          productName: 'Lentilles vertes 500 g',
          currentPrice: 349,
          suggestedPrice: 191,
        },
        {
          line: 3,
          productId: 2,
          code: 'R-2',
          cost: 210,
          packSize: 6_000,
          currentPrice: 299,
          suggestedPrice: 267,
        },
      ],
      changed: [],
      unchanged: 0,
      gone: [{ productId: 4, code: 'P-4', productName: 'Pâtes 500 g' }],
      unknown: [
        { line: 4, code: 'R-9', barcode: '5400000009998', name: 'Quinoa 500 g', cost: 320 },
      ],
      priceChanges: 2,
    });
    // The stock volunteer may read the preview; the preview changed nothing.
    const read = await call('GET', `/v1/suppliers/${supplierId}/price-lists/${previewId}`, stock);
    expect(read.json()).toMatchObject({ id: previewId, appliedAt: null, lines: 3 });
    expect(await links()).toHaveLength(1);
    expect(await pendingPrices()).toEqual([]);
    expect(
      (
        await call('POST', `/v1/suppliers/${supplierId}/price-lists/${previewId}/apply`, stock, {
          effectiveFrom: '2026-12-10',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('applies the preview once with its effective date: links and costs at once, prices queued for approval', async () => {
    const apply = () =>
      call('POST', `/v1/suppliers/${supplierId}/price-lists/${previewId}/apply`, buyer, {
        effectiveFrom: '2026-12-10',
      });
    const first = await apply();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      importId: previewId,
      effectiveFrom: '2026-12-10',
      linked: 2,
      updated: 0,
      deactivated: 1,
      costsChanged: 2,
      priceChangesQueued: 2,
      unknownLeft: 1,
    });
    const expectedLinks = [
      { productId: 1, code: 'R-1', cost: 150, packSize: 12_000, active: true },
      { productId: 2, code: 'R-2', cost: 210, packSize: 6_000, active: true },
      { productId: 4, code: 'P-4', cost: 100, packSize: 24_000, active: false },
    ];
    const expectedPrices = [
      { productId: 1, oldPrice: 349, newPrice: 191, reason: 'import' },
      { productId: 2, oldPrice: 299, newPrice: 267, reason: 'import' },
    ];
    expect(await links()).toEqual(expectedLinks);
    expect(await pendingPrices()).toEqual(expectedPrices);
    // Sale prices wait for a manager; costs moved.
    expect([await price(1), await price(2)]).toEqual([349, 299]);
    expect(
      await server.store.query(
        'SELECT cost_price AS "costPrice" FROM products WHERE id IN (1, 2) ORDER BY id',
      ),
    ).toEqual([{ costPrice: 150 }, { costPrice: 210 }]);
    // The answer was lost: the buyer applies again. Same answer, nothing applied twice.
    const again = await apply();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await links()).toEqual(expectedLinks);
    expect(await pendingPrices()).toEqual(expectedPrices);
    const [supplier] = await server.store.query<{ listVersion: number }>(
      'SELECT list_version AS "listVersion" FROM suppliers WHERE id = $1',
      [supplierId],
    );
    expect(supplier?.listVersion).toBe(2); // the link made by hand, then this list
    const otherDay = await call(
      'POST',
      `/v1/suppliers/${supplierId}/price-lists/${previewId}/apply`,
      buyer,
      {
        effectiveFrom: '2026-12-11',
      },
    );
    expect(otherDay.statusCode).toBe(409);
    expect(otherDay.json().error).toBe(
      'This price list was already applied, effective 2026-12-10; nothing changed',
    );
  });

  it('previews and applies an XLSX; a preview made before another apply is stale', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Tarif');
    sheet.addRow(['Réf', 'EAN', 'Désignation', 'Prix HT', 'Colisage']);
    sheet.addRow(['R-1', LENTILS, 'Lentilles vertes bio 500 g', 1.6, 12]);
    sheet.addRow(['R-2', RICE, 'Riz basmati 1 kg', 2.1, 6]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const upload = () =>
      call(
        'POST',
        `/v1/suppliers/${supplierId}/price-lists?file=tarif.xlsx`,
        buyer,
        xlsx,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    const stale = (await upload()).json();
    const fresh = (await upload()).json();
    expect(fresh).toMatchObject({
      format: 'xlsx',
      lines: 2,
      added: [],
      changed: [
        {
          productId: 1,
          before: { code: 'R-1', cost: 150, active: true },
          after: { code: 'R-1', cost: 160 },
          costChanged: true,
          suggestedPrice: 204, // 1.60 x 1.272 = 2.0352
        },
      ],
      unchanged: 1,
      gone: [],
      unknown: [],
      priceChanges: 1,
    });
    const applied = await call(
      'POST',
      `/v1/suppliers/${supplierId}/price-lists/${fresh.id}/apply`,
      buyer,
      {
        effectiveFrom: '2026-12-04',
      },
    );
    expect(applied.json()).toMatchObject({ updated: 1, costsChanged: 1, priceChangesQueued: 1 });
    // The newer suggestion replaces the one still waiting for product 1.
    expect(await pendingPrices()).toEqual([
      { productId: 1, oldPrice: 349, newPrice: 204, reason: 'import' },
      { productId: 2, oldPrice: 299, newPrice: 267, reason: 'import' },
    ]);
    const refused = await call(
      'POST',
      `/v1/suppliers/${supplierId}/price-lists/${stale.id}/apply`,
      buyer,
      {
        effectiveFrom: '2026-12-04',
      },
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatch(/list changed since this preview/);
    // The supplier's lists, newest first: which applied, from when.
    const lists = (await call('GET', `/v1/suppliers/${supplierId}/price-lists`, stock)).json();
    expect(lists).toHaveLength(4); // two previews of the CSV, two of the XLSX
    expect(
      lists
        .filter((list: { appliedAt: string | null }) => list.appliedAt !== null)
        .map((list: { fileName: string; effectiveFrom: string }) => [
          list.fileName,
          list.effectiveFrom,
        ]),
    ).toEqual([
      ['tarif.xlsx', '2026-12-04'],
      ['tarif-decembre.csv', '2026-12-10'],
    ]);
    // A link changed by hand after a preview makes it stale too: it would apply unseen.
    const beforeEdit = (await upload()).json();
    expect((await call('DELETE', `/v1/suppliers/${supplierId}/products/4`, buyer)).json()).toEqual({
      supplierId,
      productId: 4,
      active: false,
    });
    const afterEdit = await call(
      'POST',
      `/v1/suppliers/${supplierId}/price-lists/${beforeEdit.id}/apply`,
      buyer,
      { effectiveFrom: '2026-12-04' },
    );
    expect(afterEdit.statusCode).toBe(409);
    expect(afterEdit.json().error).toBe(
      "Biofresh's list changed since this preview (another price list applied, or a link changed): preview the file again; nothing changed",
    );
  });

  it('lets a manager approve a price: the till pulls it, the label waits, the history keeps the old one', async () => {
    const pull = async (cursor?: string) => {
      const response = await call(
        'GET',
        `/v1/sync/pull${cursor ? `?cursor=${cursor}` : ''}`,
        tillAuth,
      );
      expect(response.statusCode).toBe(200);
      return response.json<{
        cursor: string;
        changes: { products?: { id: number; price: number }[] };
      }>();
    };
    let page = await pull();
    while ((page as { more?: boolean }).more) page = await pull(page.cursor);
    const listed = (await call('GET', '/v1/price-changes', manager)).json();
    expect(
      listed.map((change: { productName: string; newPrice: number }) => [
        change.productName,
        change.newPrice,
      ]),
    ).toEqual([
      ['Riz basmati 1 kg', 267],
      ['Lentilles vertes 500 g', 204],
    ]);
    const lentils = listed.find((change: { productId: number }) => change.productId === 1);
    expect(lentils.source).toBe("Biofresh's price list tarif.xlsx, effective 2026-12-04");
    expect((await call('POST', `/v1/price-changes/${lentils.id}/approve`, stock)).statusCode).toBe(
      403,
    );

    const approved = await call('POST', `/v1/price-changes/${lentils.id}/approve`, manager);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', currentPrice: 204, newPrice: 204 });
    expect(await price(1)).toBe(204);
    // Sent again after a lost answer: the same decision, nothing changed twice.
    const again = await call('POST', `/v1/price-changes/${lentils.id}/approve`, manager);
    expect(again.json()).toEqual(approved.json());

    const pulled = await pull(page.cursor);
    expect(pulled.changes.products?.map((product) => [product.id, product.price])).toEqual([
      [1, 204],
    ]);
    expect(
      await server.store.query(
        `SELECT product_id AS "productId", reason FROM label_queue WHERE printed_at IS NULL`,
      ),
    ).toEqual([{ productId: 1, reason: 'price' }]);

    const history = (await call('GET', '/v1/products/1/prices', stock)).json();
    expect(history.current).toBe(204);
    expect(history.prices.map((entry: { price: number }) => entry.price)).toEqual([349, 204]);
    const approvedAt = history.prices[1].from as string;
    expect(history.prices[0].until).toBe(approvedAt);
    const lowest = (before: string) =>
      call('GET', `/v1/products/1/lowest-price?before=${encodeURIComponent(before)}`, stock);
    // A reduction taking effect tomorrow shows the lowest of the 30 days before it: 2.04.
    const tomorrow = new Date(Date.parse(approvedAt) + 86_400_000).toISOString();
    expect((await lowest(tomorrow)).json()).toMatchObject({ lowest: 204, current: 204, days: 30 });
    expect((await lowest(approvedAt)).json()).toMatchObject({ lowest: 349 });
    expect((await lowest('yesterday')).statusCode).toBe(400);

    // The rice's suggestion is rejected: its price stays; a rejection is final.
    const rice = listed.find((change: { productId: number }) => change.productId === 2);
    expect(
      (await call('POST', `/v1/price-changes/${rice.id}/reject`, manager)).json(),
    ).toMatchObject({
      status: 'rejected',
    });
    expect(await price(2)).toBe(299);
    const late = await call('POST', `/v1/price-changes/${rice.id}/approve`, manager);
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toBe(`Price change ${rice.id} was already rejected; nothing changed`);
    expect((await call('GET', '/v1/price-changes', manager)).json()).toEqual([]);
  });

  it('refuses the price list of an inactive supplier, and an unknown supplier', async () => {
    const off = await call('DELETE', `/v1/suppliers/${supplierId}`, buyer);
    expect(off.json()).toMatchObject({ active: false });
    const refused = await call(
      'POST',
      `/v1/suppliers/${supplierId}/price-lists`,
      buyer,
      csv,
      'text/csv',
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toBe(
      'Biofresh is an inactive supplier: its price list is not imported (make it active first)',
    );
    expect((await call('GET', '/v1/suppliers/999', stock)).statusCode).toBe(404);
  });

  it('keeps a product’s content, cost and zone; a new content queues its label, a new cost a price', async () => {
    const put = (body: object, headers = manager) =>
      call('PUT', '/v1/products/2/stock', headers, body);
    const set = await put({ netContent: 1000, contentUnit: 'kg', costPrice: 250, zone: 'B2' });
    expect(set.statusCode).toBe(200);
    // 2.50 x 1.272 = 3.18
    expect(set.json()).toMatchObject({
      netContent: 1000,
      contentUnit: 'kg',
      costPrice: 250,
      zone: 'B2',
      suggestion: { suggested: 318, queued: true },
    });
    expect(
      (await put({ netContent: 1000, contentUnit: null, costPrice: 250, zone: 'B2' })).statusCode,
    ).toBe(400);
    expect(
      (await put({ netContent: 1000, contentUnit: 'kg', costPrice: -1, zone: 'B2' })).statusCode,
    ).toBe(400);
    expect(
      (await put({ netContent: 1000, contentUnit: 'kg', costPrice: 250, zone: 'B2' }, stock))
        .statusCode,
    ).toBe(403);
    expect((await call('GET', '/v1/products/2/stock', stock)).json()).toEqual({
      id: 2,
      netContent: 1000,
      contentUnit: 'kg',
      costPrice: 250,
      zone: 'B2',
    });
    // A script with the admin token sets the same figures through the admin routes.
    const byScript = await call('PUT', '/v1/admin/products/1/stock', server.admin, {
      netContent: 500_000,
      contentUnit: 'g',
      costPrice: 160,
      zone: 'A1',
    });
    expect(byScript.json()).toMatchObject({
      netContent: 500_000,
      contentUnit: 'g',
      suggestion: null,
    });
    expect((await call('GET', '/v1/admin/products/1/stock', server.admin)).json()).toMatchObject({
      zone: 'A1',
    });
    expect(
      (
        await call('PUT', '/v1/admin/products/99/stock', server.admin, {
          netContent: null,
          contentUnit: null,
          costPrice: null,
          zone: null,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      await server.store.query(
        `SELECT product_id AS "productId", reason FROM label_queue WHERE printed_at IS NULL ORDER BY product_id`,
      ),
    ).toEqual([
      { productId: 1, reason: 'price' }, // still the one waiting since its new price
      { productId: 2, reason: 'content' },
    ]);
  });
  it('reads costs per pack, a comma-separated UTF-8 file, and queues no price the rule leaves as it is', async () => {
    const created = await call('POST', '/v1/suppliers', buyer, { name: 'Épicerie du Sud' });
    const southId = created.json().id as number;
    await call('PUT', `/v1/suppliers/${southId}/mapping`, buyer, {
      code: 'code',
      barcode: 'gtin',
      cost: 'pack price',
      packSize: 'units',
      minimumPacks: 'min packs',
      costPer: 'pack',
    });
    // 24.00 for 24 packets of pasta: 1.00 each, which makes today's 1.27 again.
    const file = Buffer.from(
      `code,gtin,pack price,units,min packs\nS-4,${PASTA},24.00,24,3\n`,
      'utf8',
    );
    const preview = (
      await call(
        'POST',
        `/v1/suppliers/${southId}/price-lists`,
        buyer,
        file,
        'application/octet-stream',
      )
    ).json();
    expect(preview).toMatchObject({
      format: 'csv',
      added: [
        {
          productId: 4,
          code: 'S-4',
          cost: 100,
          packSize: 24_000,
          minimumPacks: 3,
          currentPrice: 127,
          suggestedPrice: 127,
        },
      ],
      priceChanges: 0,
    });
    const applied = await call(
      'POST',
      `/v1/suppliers/${southId}/price-lists/${preview.id}/apply`,
      buyer,
      {
        effectiveFrom: '2026-12-10',
      },
    );
    expect(applied.json()).toMatchObject({ linked: 1, costsChanged: 1, priceChangesQueued: 0 });
    expect(
      await server.store.query(
        `SELECT supplier_code AS code, cost, pack_size AS "packSize", minimum_packs AS "minimumPacks"
           FROM supplier_products WHERE supplier_id = $1`,
        [southId],
      ),
    ).toEqual([{ code: 'S-4', cost: 100, packSize: 24_000, minimumPacks: 3 }]);
    expect(await server.store.query(`SELECT 1 FROM price_changes WHERE product_id = 4`)).toEqual(
      [],
    );
  });
});
