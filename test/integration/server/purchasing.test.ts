import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { device, seedStockShop, seedSupplier, signedIn } from '../../support/stock';
import { attachment, startMailbox } from '../../support/mailbox';

const PIECE = 1000;
const NOW = new Date('2026-12-07T10:00:00.000Z');
/** Noon (UTC) of the day `back` days before NOW: inside that Brussels day. */
const daysBack = (back: number) => new Date(Date.UTC(2026, 11, 7 - back, 12)).toISOString();

const LENTILS = 1;
const SOAP = 2;
const BASMATI = 3;
const THAI_RICE = 4;
const BREAD = 5;
const SUPPLIER_EMAIL = 'orders@biofresh.example';

describe.each(STORES)('purchase orders and receptions on %s', (kind) => {
  let server: TestServer;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let buyer: Record<string, string>;
  let volunteer: Record<string, string>;
  let volunteerId: number;
  let supplierId: number;
  let sleepyId: number;
  let orderId: number;
  const workDir = mkdtempSync(join(tmpdir(), 'emm-po-'));

  beforeAll(async () => {
    server = await startTestServer(kind, { clock: () => NOW });
    mailbox = await startMailbox();
    const db = server.store;
    await seedStockShop(db, [
      { id: LENTILS, name: 'Lentilles vertes', price: 349, barcodes: ['5410000000011'] },
      { id: SOAP, name: 'Savon de Marseille', price: 250, vat: 21 },
      { id: BASMATI, name: 'Riz basmati', price: 299 },
      { id: THAI_RICE, name: 'Riz thaï', price: 289 },
      { id: BREAD, name: 'Pain au levain', price: 420 },
    ]);
    supplierId = await seedSupplier(db, {
      name: 'Biofresh',
      email: SUPPLIER_EMAIL,
      minimumOrder: 10_000,
    });
    sleepyId = await seedSupplier(db, { name: 'Dormant', active: false });
    const bakeryId = await seedSupplier(db, { name: 'Fournil', email: 'pain@fournil.example' });
    const link = (
      product: number,
      code: string,
      pack: number,
      cost: number,
      supplier = supplierId,
    ) =>
      db.query(
        `INSERT INTO supplier_products (supplier_id, product_id, supplier_code, pack_size, cost, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'now')`,
        [supplier, product, code, pack * PIECE, cost],
      );
    await link(LENTILS, 'LV-12', 12, 150);
    await link(SOAP, 'SM-6', 6, 120);
    await link(BASMATI, 'RB-10', 10, 190);
    await link(THAI_RICE, 'RT-10', 10, 180);
    await link(LENTILS, 'D-1', 1, 100, sleepyId);
    await link(BREAD, 'PL', 1, 250, bakeryId);
    // The ledger as the tills' sales left it: a delivery a month ago, then 14 days of sales.
    const move = (product: number, quantity: number, kind: string, at: string) =>
      db.query('INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES ($1, $2, $3, $4)', [
        product,
        quantity * PIECE,
        kind,
        at,
      ]);
    for (const [product, quantity] of [
      [LENTILS, 50],
      [SOAP, 20],
      [THAI_RICE, 20],
      [BASMATI, 5],
      [BREAD, 30],
    ] as const) {
      await move(product, quantity, 'delivery', '2026-11-01T09:00:00.000Z');
    }
    for (let back = 14; back >= 1; back -= 1) {
      await move(LENTILS, -3, 'sale', daysBack(back));
      await move(THAI_RICE, -1, 'sale', daysBack(back));
      // The soap sells 2 a day until it runs out after 10 days; then 4 days on an empty shelf.
      if (back >= 5) await move(SOAP, -2, 'sale', daysBack(back));
      await move(BREAD, -1, 'sale', daysBack(back));
    }
    // This morning, before the suggestion: ten loaves sold. Today is not a day of the window.
    await move(BREAD, -10, 'sale', '2026-12-07T08:00:00.000Z');
    ({ headers: buyer } = await signedIn(server, ['manager']));
    ({ headers: volunteer, personId: volunteerId } = await signedIn(server, ['stock']));
  });
  afterAll(async () => {
    await server.close();
    await mailbox.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers = buyer, payload?: object) =>
    server.app.inject({
      method,
      url: `/v1/purchasing${url}`,
      headers,
      ...(payload ? { payload } : {}),
    });
  const send = (events: object[]) =>
    server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers: volunteer,
      payload: { events },
    });
  const ledger = () =>
    server.store.query<{ productId: number; level: number }>(
      `SELECT product_id AS "productId", sum(quantity)::int AS level FROM stock_moves
        GROUP BY product_id ORDER BY product_id`,
    );

  it('suggests per supplier from sales per day, leaving out the days out of stock, and explains each line', async () => {
    const response = await call('GET', '/suggestions');
    expect(response.statusCode).toBe(200);
    const { suppliers, windowDays } = response.json();
    expect(windowDays).toBe(14);
    // The inactive supplier gets no suggestion; the rice nobody buys is not suggested.
    expect(suppliers.map((s: { supplierName: string }) => s.supplierName)).toEqual([
      'Biofresh',
      'Fournil',
    ]);
    // 14 loaves in the 14 days; this morning's 10 lower what is on hand (30 - 14 - 10 = 6) but
    // are not a day of the window: 11 days of 1 a day less 6 there, 5 loaves.
    expect(suppliers[1].lines).toMatchObject([
      {
        productId: BREAD,
        packs: 5,
        explanation: { sold: 14 * PIECE, salesDays: 14, outOfStockDays: 0, onHand: 6 * PIECE },
      },
    ]);
    const [biofresh] = suppliers;
    expect(
      biofresh.lines.map(
        (l: { productId: number; packs: number; quantity: number; cost: number }) => [
          l.productId,
          l.packs,
          l.quantity,
          l.cost,
        ],
      ),
    ).toEqual([
      // 42 sold in 14 days: 3 a day x 11 days = 33, 8 on hand: 25, 3 packs of 12.
      [LENTILS, 3, 36 * PIECE, 5400],
      // 18 sold in the 9 days it was on the shelf: 2 a day x 11 = 22, 4 packs of 6 (counting
      // the empty days would have made it 1.4 a day and 3 packs).
      [SOAP, 4, 24 * PIECE, 2880],
      // 1 a day: 11 - 6 on hand = 5, one pack of 10.
      [THAI_RICE, 1, 10 * PIECE, 1800],
    ]);
    expect(biofresh.total).toBe(10_080);
    expect(biofresh.reachesMinimum).toBe(true);
    const soap = biofresh.lines[1];
    expect(soap.explanation).toMatchObject({ outOfStockDays: 5, salesDays: 9, perDay: 2 * PIECE });
    expect(soap.explanation.words).toBe(
      'Sold 18 in 9 of the last 14 days (5 days out of stock left out): 2 a day. 11 days to cover' +
        ' (lead 2 + review 7 + safety 2) need 22; on hand 0, on order 0: short of 22.' +
        ' Order 4 packs of 6 (24, €28.80).',
    );
    // A cashier or a volunteer does not order.
    expect((await call('GET', '/suggestions', volunteer)).statusCode).toBe(403);
  });

  it('refuses an order for an inactive supplier, in words, writing nothing', async () => {
    const response = await call('POST', '/orders', buyer, {
      supplierId: sleepyId,
      lines: [{ productId: LENTILS, quantity: 5 * PIECE }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toBe(
      'Dormant is an inactive supplier: no purchase order for them; nothing written',
    );
    expect(await server.store.query('SELECT id FROM purchase_orders')).toEqual([]);
  });

  it('lets a buyer make a draft from the suggestion, edit it, and mail it with its PDF and CSV', async () => {
    const created = await call('POST', '/orders', buyer, { supplierId });
    expect(created.statusCode).toBe(201);
    const draft = created.json();
    orderId = draft.id;
    expect(draft).toMatchObject({ status: 'draft', supplierName: 'Biofresh', total: 10_080 });
    expect(draft.lines[0].explanation.words).toMatch(/^Sold 42 in 14 of the last 14 days: 3 a day/);

    // The buyer takes a sixth pack of soap; bad lines are refused whole, in words.
    const refused = await call('PUT', `/orders/${orderId}/lines`, buyer, {
      lines: [
        { productId: SOAP, quantity: 30 * PIECE },
        { productId: 99, quantity: PIECE },
      ],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toBe(
      "Product 99 is not in this supplier's catalogue: nothing written",
    );
    const negative = await call('PUT', `/orders/${orderId}/lines`, buyer, {
      lines: [{ productId: SOAP, quantity: -6 * PIECE }],
    });
    expect(negative.statusCode).toBe(400);
    const absurd = await call('PUT', `/orders/${orderId}/lines`, buyer, {
      lines: [{ productId: SOAP, quantity: 100_000_001 }],
    });
    expect(absurd.statusCode).toBe(400);
    expect(absurd.json().error).toBe('Bad request: lines.0.quantity: at most 100,000 units a line');
    expect((await call('GET', `/orders/${orderId}`)).json().total).toBe(10_080);
    const edited = await call('PUT', `/orders/${orderId}/lines`, buyer, {
      lines: [{ productId: SOAP, quantity: 30 * PIECE }],
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().total).toBe(5400 + 3600 + 1800);

    // Mailed through the coop's SMTP server.
    const settings = await call('PUT', '/mail-settings', server.admin, {
      host: '127.0.0.1',
      port: mailbox.port,
      sender: 'buyer@coop.example',
    });
    expect(settings.statusCode).toBe(200);
    const sent = await call('POST', `/orders/${orderId}/send`, buyer, { by: 'email' });
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'sent', sentTo: SUPPLIER_EMAIL });
    expect(mailbox.mails).toHaveLength(1);
    const [mail] = mailbox.mails;
    expect(mail?.to).toEqual([SUPPLIER_EMAIL]);
    expect(mail?.from).toBe('buyer@coop.example');
    const raw = mail?.raw ?? '';
    expect(raw).toMatch(/Subject: Purchase order \d+ from EasyMyMarket/);

    const csv = attachment(raw, `purchase-order-${orderId}.csv`)?.toString('utf8');
    expect(csv).toBe(
      'supplier_code;product;quantity;packs;pack_size;unit_cost;line_total\r\n' +
        'LV-12;Lentilles vertes;36;3;12;1.50;54.00\r\n' +
        'RT-10;Riz thaï;10;1;10;1.80;18.00\r\n' +
        'SM-6;Savon de Marseille;30;5;6;1.20;36.00\r\n',
    );
    const pdf = attachment(raw, `purchase-order-${orderId}.pdf`);
    expect(pdf?.subarray(0, 5).toString()).toBe('%PDF-');
    const pdfFile = join(workDir, 'order.pdf');
    writeFileSync(pdfFile, pdf ?? Buffer.alloc(0));
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-']).toString();
    expect(text).toContain(`Purchase order ${orderId}`);
    expect(text).toContain('To: Biofresh <orders@biofresh.example>');
    expect(text).toMatch(/SM-6\s+Savon de Marseille\s+5\s+6\s+30\s+€ 1\.20\s+€ 36\.00/);
    expect(text).toMatch(/Total\s+€ 108\.00/);
    // Drawn, not blank: the page as an image has ink on it.
    execFileSync('pdftoppm', ['-png', '-r', '50', '-singlefile', pdfFile, join(workDir, 'order')]);
    const png = PNG.sync.read(readFileSync(join(workDir, 'order.png')));
    let ink = 0;
    for (let i = 0; i < png.data.length; i += 4) if ((png.data[i] ?? 255) < 128) ink += 1;
    expect(ink).toBeGreaterThan(500);

    // Sent is sent: not twice, and its lines no longer change.
    expect((await call('POST', `/orders/${orderId}/send`, buyer, { by: 'email' })).statusCode).toBe(
      409,
    );
    const late = await call('PUT', `/orders/${orderId}/lines`, buyer, {
      lines: [{ productId: SOAP, quantity: 6 * PIECE }],
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toBe(`Purchase order ${orderId} is sent: its lines no longer change`);
    // What is on order now counts: the soap needs nothing more.
    const after = (await call('GET', `/suggestions?supplierId=${supplierId}`)).json();
    expect(after.suppliers[0].lines).toEqual([]);
  });

  it('lets a volunteer receive it with a short and a substituted line, moving the ledger once', async () => {
    const hand = device();
    const reception = randomUUID();
    const events = [
      hand.event('reception.open', { reception, orderId }),
      hand.event('reception.line', { reception, barcode: '5410000000011', quantity: 36 * PIECE }),
      // 24 soaps of 30, at 1.30 instead of 1.20.
      hand.event('reception.line', {
        reception,
        productId: SOAP,
        quantity: 24 * PIECE,
        unitCost: 130,
      }),
      // Basmati came instead of the Thai rice.
      hand.event('reception.line', {
        reception,
        productId: BASMATI,
        quantity: 10 * PIECE,
        substitutes: THAI_RICE,
      }),
      hand.event('reception.line', { reception, barcode: '5499999999990', quantity: 6 * PIECE }),
      hand.event('reception.line', { reception, productId: SOAP, quantity: -1 }),
    ];
    const outcomes = (await send(events)).json().outcomes;
    expect(outcomes.map((o: { status: string }) => o.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      'applied',
      'refused',
    ]);
    expect(outcomes[4].result).toEqual({ unknownBarcode: '5499999999990' });
    expect(outcomes[5].error).toBe(
      'A reception line: quantity: Too small: expected number to be >=0',
    );

    // A scan re-sent after a lost answer is not received twice.
    const soapScan = events[2] as object & { uuid: string };
    expect((await send([soapScan])).json().outcomes).toEqual([
      { uuid: soapScan.uuid, status: 'duplicate' },
    ]);
    const validate = hand.event('reception.validate', { reception, shortages: 'backorder' });
    const validated = (await send([validate])).json().outcomes[0];
    expect(validated.status).toBe('applied');
    expect(validated.result.orderStatus).toBe('partly_received');
    const outcome = (await call('GET', `/receptions/${reception}`, volunteer)).json();
    expect(
      outcome.results.map(
        (r: {
          productId: number;
          outcome: string;
          ordered: number;
          received: number;
          unitCost: number;
        }) => [r.productId, r.outcome, r.ordered / PIECE, r.received / PIECE, r.unitCost],
      ),
    ).toEqual([
      [LENTILS, 'ok', 36, 36, 150],
      [SOAP, 'short', 30, 24, 130],
      [BASMATI, 'substituted', 0, 10, 190],
      [THAI_RICE, 'substituted', 10, 0, null],
    ]);
    expect(outcome.unknownBarcodes).toEqual([{ barcode: '5499999999990', quantity: 6 * PIECE }]);

    // The ledger, to the unit and the cent: each delivery once, at the cost it came at.
    const deliveries = await server.store.query(
      `SELECT product_id AS "productId", quantity, unit_cost AS "unitCost", person_id AS "personId"
         FROM stock_moves WHERE event_uuid = $1 ORDER BY product_id`,
      [validate.uuid],
    );
    expect(deliveries).toEqual([
      { productId: LENTILS, quantity: 36 * PIECE, unitCost: 150, personId: volunteerId },
      { productId: SOAP, quantity: 24 * PIECE, unitCost: 130, personId: volunteerId },
      { productId: BASMATI, quantity: 10 * PIECE, unitCost: 190, personId: volunteerId },
    ]);
    const levels = [
      { productId: LENTILS, level: (50 - 42 + 36) * PIECE },
      { productId: SOAP, level: (20 - 20 + 24) * PIECE },
      { productId: BASMATI, level: (5 + 10) * PIECE },
      { productId: THAI_RICE, level: (20 - 14) * PIECE },
      { productId: BREAD, level: (30 - 14 - 10) * PIECE },
    ];
    expect(await ledger()).toEqual(levels);
    // The soap's new cost moves the suggested price (1.30 x 1.2 x 1.21 = 1.89): it waits for a manager.
    expect(
      await server.store.query(
        `SELECT product_id AS "productId", old_price AS "oldPrice", new_price AS "newPrice", reason, status
           FROM price_changes`,
      ),
    ).toEqual([
      { productId: SOAP, oldPrice: 250, newPrice: 189, reason: 'delivery', status: 'pending' },
    ]);
    expect(
      (
        await server.store.query<{ cost: number }>(
          'SELECT cost FROM supplier_products WHERE supplier_id = $1 AND product_id = $2',
          [supplierId, SOAP],
        )
      )[0]?.cost,
    ).toBe(130);

    // The answer was lost: the same validation again changes nothing; another one is refused.
    expect((await send([validate])).json().outcomes).toEqual([
      { uuid: validate.uuid, status: 'duplicate' },
    ]);
    const again = hand.event('reception.validate', { reception, shortages: 'close' });
    expect((await send([again])).json().outcomes[0]).toEqual({
      uuid: again.uuid,
      status: 'refused',
      error: `Reception ${reception} is already validated; nothing changed`,
    });
    const lateLine = hand.event('reception.line', { reception, productId: SOAP, quantity: PIECE });
    expect((await send([lateLine])).json().outcomes[0].status).toBe('refused');
    expect(await ledger()).toEqual(levels);

    // The 6 soaps short stay on order; the 10 basmati settle the 10 Thai rice they replace.
    const order = (await call('GET', `/orders/${orderId}`)).json();
    expect(order.status).toBe('partly_received');
    expect(
      order.lines.map((l: { productId: number; received: number; shortClosed: boolean }) => [
        l.productId,
        l.received / PIECE,
        l.shortClosed,
      ]),
    ).toEqual([
      [LENTILS, 36, false],
      [THAI_RICE, 10, false],
      [SOAP, 24, false],
    ]);
    const unknown = (await call('GET', '/unknown-barcodes', volunteer)).json().barcodes;
    expect(unknown).toMatchObject([
      {
        barcode: '5499999999990',
        quantity: 6 * PIECE,
        receptionId: reception,
        supplierName: 'Biofresh',
      },
    ]);
  });

  it('lets a manager resolve an unknown barcode: the product gains it and the goods are received once', async () => {
    const [unknown] = (await call('GET', '/unknown-barcodes', volunteer)).json().barcodes;
    const basmati = async () => (await ledger()).find((row) => row.productId === BASMATI)?.level;
    const before = await basmati();
    // A volunteer does not change the catalogue.
    expect(
      (
        await call('POST', `/unknown-barcodes/${unknown.id}/resolve`, volunteer, {
          productId: BASMATI,
        })
      ).statusCode,
    ).toBe(403);
    const resolved = await call('POST', `/unknown-barcodes/${unknown.id}/resolve`, buyer, {
      productId: BASMATI,
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toEqual({
      barcode: '5499999999990',
      productId: BASMATI,
      received: 'ledger',
    });
    expect(await basmati()).toBe((before ?? 0) + 6 * PIECE);
    const [product] = await server.store.query<{ barcodes: string[] }>(
      'SELECT barcodes FROM products WHERE id = $1',
      [BASMATI],
    );
    expect(product?.barcodes).toEqual(['5499999999990']);
    expect((await call('GET', '/unknown-barcodes', volunteer)).json().barcodes).toEqual([]);
    // Twice is refused, and receives nothing more.
    const again = await call('POST', `/unknown-barcodes/${unknown.id}/resolve`, buyer, {
      productId: BASMATI,
    });
    expect(again.statusCode).toBe(409);
    expect(await basmati()).toBe((before ?? 0) + 6 * PIECE);
    // Now the barcode is known: the next scan of it finds the rice.
    const hand = device();
    const reception = randomUUID();
    const outcomes = (
      await send([
        hand.event('reception.open', { reception, supplierId }),
        hand.event('reception.line', { reception, barcode: '5499999999990', quantity: PIECE }),
      ])
    ).json().outcomes;
    expect(outcomes[1].result).toEqual({ productId: BASMATI });
    await send([hand.event('reception.validate', { reception, shortages: 'close' })]);
  });

  it('downloads an order instead of mailing it; a mail server that is down leaves a draft', async () => {
    const draft = (
      await call('POST', '/orders', buyer, {
        supplierId,
        lines: [{ productId: BASMATI, quantity: 20 * PIECE }],
      })
    ).json();
    await call('PUT', '/mail-settings', server.admin, {
      host: '127.0.0.1',
      port: 1,
      sender: 'buyer@coop.example',
    });
    const down = await call('POST', `/orders/${draft.id}/send`, buyer, { by: 'email' });
    expect(down.statusCode).toBe(424);
    expect(down.json().error).toMatch(/^The mail server did not take the order: /);
    expect((await call('GET', `/orders/${draft.id}`)).json().status).toBe('draft');

    const csv = await call('GET', `/orders/${draft.id}/csv`);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="purchase-order-${draft.id}.csv"`,
    );
    expect(csv.body.split('\r\n')[1]).toBe('RB-10;Riz basmati;20;2;10;1.90;38.00');
    const pdf = await call('GET', `/orders/${draft.id}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const sent = await call('POST', `/orders/${draft.id}/send`, buyer, { by: 'download' });
    expect(sent.json()).toMatchObject({ status: 'sent', sentTo: null });
    const closed = await call('POST', `/orders/${draft.id}/close`, buyer);
    expect(closed.json()).toMatchObject({ status: 'closed', lines: [{ shortClosed: true }] });
    // A closed order is no longer on order: the rice is suggested from scratch.
    const onOrder = await server.store.query(
      `SELECT 1 FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.order_id
        WHERE o.id = $1 AND o.status IN ('sent', 'partly_received')`,
      [draft.id],
    );
    expect(onOrder).toEqual([]);
  });

  it('receives the backorder later, and the order is then received', async () => {
    const hand = device();
    const reception = randomUUID();
    const outcomes = (
      await send([
        hand.event('reception.open', { reception, orderId }),
        hand.event('reception.line', { reception, productId: SOAP, quantity: 8 * PIECE }),
        hand.event('reception.validate', { reception, shortages: 'close' }),
      ])
    ).json().outcomes;
    expect(outcomes.map((o: { status: string }) => o.status)).toEqual([
      'applied',
      'applied',
      'applied',
    ]);
    expect(outcomes[2].result.orderStatus).toBe('received');
    expect(outcomes[2].result.results).toEqual([
      {
        productId: SOAP,
        outcome: 'over',
        ordered: 6 * PIECE,
        received: 8 * PIECE,
        replaced: 0,
        orderedCost: 120,
        unitCost: 120,
      },
    ]);
    const soap = (await ledger()).find((row) => row.productId === SOAP);
    expect(soap?.level).toBe(32 * PIECE);
    // Nothing more is expected: a new reception of it is refused.
    const more = hand.event('reception.open', { reception: randomUUID(), orderId });
    expect((await send([more])).json().outcomes[0].error).toBe(
      `Purchase order ${orderId} is received: nothing more is expected`,
    );
  });

  it('lists an order’s receptions with what differed, for the buyer; a volunteer may read them', async () => {
    const answer = await call('GET', `/orders/${orderId}/receptions`);
    expect(answer.statusCode).toBe(200);
    const { receptions } = answer.json();
    expect(
      receptions.map((r: { status: string; results: { productId: number; outcome: string }[] }) => [
        r.status,
        r.results.map((result) => [result.productId, result.outcome]),
      ]),
    ).toEqual([
      [
        'validated',
        [
          [LENTILS, 'ok'],
          [SOAP, 'short'],
          [BASMATI, 'substituted'],
          [THAI_RICE, 'substituted'],
        ],
      ],
      ['validated', [[SOAP, 'over']]],
    ]);
    // The soap's cost that differed from the order's, and the unknown barcode of the first.
    expect(receptions[0].results[1]).toMatchObject({ orderedCost: 120, unitCost: 130 });
    expect(receptions[0].unknownBarcodes).toEqual([
      { barcode: '5499999999990', quantity: 6 * PIECE },
    ]);
    expect((await call('GET', `/orders/${orderId}/receptions`, volunteer)).statusCode).toBe(200);
    const none = await call('GET', '/orders/999999/receptions');
    expect(none.statusCode).toBe(404);
    expect(none.json().error).toBe('No purchase order 999999');
  });

  it('closes what is missing when the volunteer says so, and keeps a closed order closed', async () => {
    const order = (
      await call('POST', '/orders', buyer, {
        supplierId,
        lines: [
          { productId: LENTILS, quantity: 12 * PIECE },
          { productId: THAI_RICE, quantity: 10 * PIECE },
        ],
      })
    ).json();
    await call('POST', `/orders/${order.id}/send`, buyer, { by: 'download' });
    const hand = device();
    const reception = randomUUID();
    const outcomes = (
      await send([
        hand.event('reception.open', { reception, orderId: order.id }),
        hand.event('reception.line', { reception, productId: LENTILS, quantity: 12 * PIECE }),
        hand.event('reception.validate', { reception, shortages: 'close' }),
      ])
    ).json().outcomes;
    expect(outcomes[2].result.orderStatus).toBe('received');
    expect(
      outcomes[2].result.results.map((r: { productId: number; outcome: string }) => [
        r.productId,
        r.outcome,
      ]),
    ).toEqual([
      [LENTILS, 'ok'],
      [THAI_RICE, 'missing'],
    ]);
    // Another order, closed by the buyer while its delivery is being received.
    const other = (
      await call('POST', '/orders', buyer, {
        supplierId,
        lines: [{ productId: LENTILS, quantity: 12 * PIECE }],
      })
    ).json();
    await call('POST', `/orders/${other.id}/send`, buyer, { by: 'download' });
    const late = randomUUID();
    await send([hand.event('reception.open', { reception: late, orderId: other.id })]);
    await call('POST', `/orders/${other.id}/close`, buyer);
    const received = (
      await send([
        hand.event('reception.line', { reception: late, productId: LENTILS, quantity: 12 * PIECE }),
        hand.event('reception.validate', { reception: late, shortages: 'backorder' }),
      ])
    ).json().outcomes;
    expect(received[1].result.orderStatus).toBe('closed');
    expect(received[1].result.results).toMatchObject([
      { productId: LENTILS, outcome: 'unexpected' },
    ]);
  });

  it('receives a delivery without an order, and refuses absurd or unknown lines', async () => {
    const hand = device();
    const reception = randomUUID();
    const outcomes = (
      await send([
        hand.event('reception.open', { reception, supplierId }),
        hand.event('reception.line', { reception, productId: LENTILS, quantity: 200_000_000 }),
        hand.event('reception.line', { reception, productId: 77, quantity: PIECE }),
        hand.event('reception.line', { reception, productId: LENTILS, barcode: '1', quantity: 1 }),
        hand.event('reception.line', { reception, productId: LENTILS, quantity: 2 * PIECE }),
        hand.event('reception.validate', { reception, shortages: 'backorder' }),
      ])
    ).json().outcomes;
    expect(outcomes.map((o: { status: string; error?: string }) => o.error ?? o.status)).toEqual([
      'applied',
      'A reception line: quantity: Too big: expected number to be <=100000000',
      'No product 77: nothing received',
      'A reception line: payload: one of productId or barcode',
      'applied',
      'applied',
    ]);
    expect(outcomes[5].result).toMatchObject({
      orderStatus: null,
      results: [{ productId: LENTILS, outcome: 'ok', received: 2 * PIECE, unitCost: 150 }],
    });
    const draftless = hand.event('reception.open', { reception: randomUUID(), orderId: 999 });
    expect((await send([draftless])).json().outcomes[0].error).toBe('No purchase order 999');
  });
});
