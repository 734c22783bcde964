import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import zxing from '@zxing/library';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { device, seedStockShop, signedIn } from '../../support/stock';

const run = promisify(execFile);
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

/** The text of a PDF as poppler's pdftotext reads it (what a person reads on the sheet). */
async function pdfText(pdf: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'labels-'));
  try {
    writeFileSync(join(dir, 'labels.pdf'), pdf);
    const { stdout } = await run('pdftotext', ['-layout', join(dir, 'labels.pdf'), '-']);
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a scanner reads from the first page, printed at 200 dpi (poppler's pdftoppm, then ZXing). */
async function scanPdf(pdf: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'labels-scan-'));
  try {
    writeFileSync(join(dir, 'labels.pdf'), pdf);
    await run(
      'pdftoppm',
      ['-png', '-r', '200', '-f', '1', '-l', '1', '-singlefile', 'labels.pdf', 'page'],
      {
        cwd: dir,
      },
    );
    const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
    const luminance = new Uint8ClampedArray(png.width * png.height);
    for (let i = 0; i < luminance.length; i += 1) {
      luminance[i] = Math.round(
        ((png.data[i * 4] ?? 0) * 299 +
          (png.data[i * 4 + 1] ?? 0) * 587 +
          (png.data[i * 4 + 2] ?? 0) * 114) /
          1000,
      );
    }
    const reader = new zxing.MultiFormatReader();
    reader.setHints(
      new Map<zxing.DecodeHintType, unknown>([
        [zxing.DecodeHintType.POSSIBLE_FORMATS, [zxing.BarcodeFormat.EAN_13]],
        [zxing.DecodeHintType.TRY_HARDER, true],
      ]),
    );
    const source = new zxing.RGBLuminanceSource(luminance, png.width, png.height);
    return reader.decode(new zxing.BinaryBitmap(new zxing.HybridBinarizer(source))).getText();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(STORES)('shelf labels, from the queue to the sheet, on %s', (kind) => {
  let server: TestServer;
  let stock: Record<string, string>;
  let personId: number;
  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedStockShop(server.store, [
      {
        id: 1,
        name: 'Lentilles vertes',
        nameNl: 'Groene linzen',
        price: 299,
        netContent: 500_000,
        contentUnit: 'g',
        zone: 'A1',
        barcodes: ['5412345678908'],
      },
      {
        id: 2,
        name: 'Jus de pomme',
        nameNl: 'Appelsap',
        price: 149,
        netContent: 330_000,
        contentUnit: 'ml',
        zone: 'A1',
        // Not an EAN-13 with its check digit right: the label draws no barcode.
        barcodes: ['5412345678900'],
      },
      {
        id: 3,
        name: 'Pommes Jonagold',
        nameNl: 'Jonagold appels',
        price: 329,
        unit: 'kg',
        zone: 'B2',
      },
      {
        id: 4,
        name: 'Café moulu',
        nameNl: 'Gemalen koffie',
        price: 399,
        netContent: 250_000,
        contentUnit: 'g',
        zone: 'A2',
        barcodes: ['3017620422003'],
      },
      { id: 5, name: 'Savon', price: 250, vat: 21 },
      { id: 6, name: 'Thé ^XZ~JA_vert', price: 450 },
    ]);
    // Coffee was 4,99 € for 40 days, and 3,99 € since two days: a reduction of 20 %.
    await server.store.query(
      `INSERT INTO price_history (product_id, price, at) VALUES (4, 499, $1), (4, 399, $2)`,
      [daysAgo(40), daysAgo(2)],
    );
    ({ headers: stock, personId } = await signedIn(server, ['stock']));
    const hand = device();
    const queued = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers: stock,
      payload: { events: [1, 2, 3, 4].map((id) => hand.event('label.queue', { productId: id })) },
    });
    expect(queued.json().outcomes.map((o: { status: string }) => o.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
  });
  afterAll(async () => {
    await server.close();
  });

  const get = (url: string, headers = stock) => server.app.inject({ method: 'GET', url, headers });
  const post = (url: string, payload: object, headers = stock) =>
    server.app.inject({ method: 'POST', url, headers, payload });
  const waiting = async () =>
    (
      await server.store.query<{ productId: number }>(
        'SELECT product_id AS "productId" FROM label_queue WHERE printed_at IS NULL ORDER BY 1',
      )
    ).map((row) => row.productId);
  const screen = device('office-labels');

  it('lists the queue in shelf order, each label with its unit price, barcode and reduction', async () => {
    const response = await get('/v1/labels');
    expect(response.statusCode).toBe(200);
    const { labels } = response.json();
    expect(labels.map((label: { productId: number }) => label.productId)).toEqual([2, 1, 4, 3]);
    expect(labels).toEqual([
      expect.objectContaining({
        nameFr: 'Jus de pomme',
        price: '1,49 €',
        unitPrice: '4,52 €/l',
        content: '330 ml',
        ean: null,
      }),
      expect.objectContaining({
        nameFr: 'Lentilles vertes',
        nameNl: 'Groene linzen',
        price: '2,99 €',
        unitPrice: '5,98 €/kg',
        content: '500 g',
        ean: '5412345678908',
        previous: null,
      }),
      expect.objectContaining({
        nameFr: 'Café moulu',
        price: '3,99 €',
        unitPrice: '15,96 €/kg',
        previous: '4,99 €',
        percent: 20,
      }),
      expect.objectContaining({ nameFr: 'Pommes Jonagold', perKg: true, unitPrice: '3,29 €/kg' }),
    ]);
  });

  it('draws the queue as an A4 sheet whose text says names, prices and unit prices', async () => {
    const response = await get('/v1/labels/sheet?format=pdf');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['x-label-count']).toBe('4');
    const text = await pdfText(response.rawPayload);
    for (const words of [
      'Lentilles vertes',
      'Groene linzen',
      '2,99 €',
      '5,98 €/kg',
      '500 g',
      'Jus de pomme',
      'Appelsap',
      '4,52 €/l',
      'Pommes Jonagold',
      '3,29 €/kg',
      'Café moulu',
      'Gemalen koffie',
      '-20 %',
      'Prix le plus bas 30 j.',
      'Laagste prijs 30 d.',
      '4,99 €',
      '15,96 €/kg',
    ]) {
      expect(text, words).toContain(words);
    }
    // The EAN-13's digits under its bars; the product without a right one has none.
    expect(text.replace(/\s+/g, '')).toContain('5412345678908');
    expect(text.replace(/\s+/g, '')).not.toContain('5412345678900');
    // Looking at it marks nothing.
    expect(await waiting()).toEqual([1, 2, 3, 4]);
  });

  it('writes the queue as ZPL for a label printer, one label each, the barcode’s 12 digits', async () => {
    const response = await get('/v1/labels/sheet?format=zpl&size=50x30');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    const zpl = response.body;
    expect(zpl.match(/\^XA/g)).toHaveLength(4);
    expect(zpl.match(/\^XZ/g)).toHaveLength(4);
    expect(zpl).toContain('^PW400\n^LL240');
    expect(zpl).toContain('^FH^FDLentilles vertes^FS');
    expect(zpl).toContain('^FH^FD5,98 €/kg^FS');
    expect(zpl).toContain('^FH^FD3,29 €/kg^FS');
    expect(zpl).toContain('^BEN,');
    expect(zpl).toContain('^FD541234567890^FS');
    expect(zpl.indexOf('Jus de pomme')).toBeLessThan(zpl.indexOf('Lentilles vertes'));
    expect(zpl).toContain('-20 %');
  });

  it('marks the labels printed once, whatever the re-sends of the same print', async () => {
    const print = screen.event('label.print', { productIds: [1, 2, 3, 4] });
    const first = await post('/v1/labels/print?format=pdf', print);
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-print-status']).toBe('applied');
    expect(first.headers['x-labels-marked']).toBe('4');
    expect(await waiting()).toEqual([]);
    const printedRows = () =>
      server.store.query<{ productId: number; printedAt: string; printedBy: number }>(
        `SELECT product_id AS "productId", printed_at AS "printedAt", printed_by AS "printedBy"
           FROM label_queue ORDER BY product_id, id`,
      );
    const before = await printedRows();
    expect(before.map((row) => [row.productId, row.printedBy])).toEqual([
      [1, personId],
      [2, personId],
      [3, personId],
      [4, personId],
    ]);

    // The answer was lost: the screen sends the same print again and gets the same labels.
    const again = await post('/v1/labels/print?format=pdf', print);
    expect(again.statusCode).toBe(200);
    expect(again.headers['x-print-status']).toBe('duplicate');
    expect(await pdfText(again.rawPayload)).toBe(await pdfText(first.rawPayload));
    // Nothing marked again: the same rows, the same times.
    expect(await printedRows()).toEqual(before);

    // A price changes: its label waits again, alone.
    await server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers: stock,
      payload: { events: [screen.event('label.queue', { productId: 1 })] },
    });
    expect(await waiting()).toEqual([1]);
    const other = await post(
      '/v1/labels/print?format=zpl',
      screen.event('label.print', { productIds: [1, 4] }),
    );
    expect(other.headers['x-print-status']).toBe('applied');
    expect(other.headers['x-labels-marked']).toBe('1');
    expect(other.body.match(/\^XA/g)).toHaveLength(2);
    expect(await waiting()).toEqual([]);
  });

  it('takes a print from a handheld’s batch of stock events too, and says an empty queue', async () => {
    const hand = device();
    const print = hand.event('label.print', { productIds: [1] });
    const sent = await post('/v1/stock/events', { events: [print] });
    expect(sent.json().outcomes).toEqual([
      { uuid: print.uuid, status: 'applied', result: { printed: [], notWaiting: [1] } },
    ]);
    expect(await waiting()).toEqual([]);
    const empty = await get('/v1/labels/sheet');
    expect(empty.headers['x-label-count']).toBe('0');
    expect(await pdfText(empty.rawPayload)).toContain('Aucune étiquette / Geen labels');
  });

  it('draws EAN-13 bars a scanner reads back as the product’s barcode', async () => {
    for (const [productId, ean] of [
      [1, '5412345678908'],
      [4, '3017620422003'],
    ] as const) {
      const sheet = await post('/v1/labels/reprint', { productIds: [productId] });
      expect(await scanPdf(sheet.rawPayload)).toBe(ean);
    }
  });

  it('reprints any product’s label on demand, the queue untouched', async () => {
    await post('/v1/stock/events', { events: [screen.event('label.queue', { productId: 2 })] });
    const response = await post('/v1/labels/reprint?size=70x42', { productIds: [5, 1] });
    expect(response.statusCode).toBe(200);
    const text = await pdfText(response.rawPayload);
    expect(text).toContain('Savon');
    expect(text).toContain('2,50 €');
    expect(text).toContain('Lentilles vertes');
    expect(text).not.toContain('Jus de pomme');
    expect(await waiting()).toEqual([2]);
  });

  it('keeps a name’s ^ and ~ from ending a ZPL label or starting a command', async () => {
    const response = await post('/v1/labels/reprint?format=zpl', { productIds: [6] });
    expect(response.body).toContain('^FH^FDThé _5EXZ_7EJA_5Fvert^FS');
    expect(response.body.match(/\^XZ/g)).toHaveLength(1);
    expect(response.body).not.toContain('~JA');
  });

  it('refuses in words, and changes nothing for, what is wrong', async () => {
    const unknown = await post('/v1/labels/reprint', { productIds: [999] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toEqual({ error: 'No product 999: no label printed' });
    expect((await post('/v1/labels/reprint', { productIds: [] })).statusCode).toBe(400);
    expect((await get('/v1/labels/sheet?size=10x10')).statusCode).toBe(400);

    const badKind = await post('/v1/labels/print', screen.event('label.queue', { productId: 2 }));
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error).toContain('A print is a stock event of kind label.print');
    const nothing = await post('/v1/labels/print', screen.event('label.print', { productIds: [] }));
    expect(nothing.statusCode).toBe(422);
    expect(nothing.json()).toEqual({ error: 'A print needs the products it labels (productIds)' });
    const ghost = await post(
      '/v1/labels/print',
      screen.event('label.print', { productIds: [2, 999] }),
    );
    expect(ghost.json()).toEqual({ error: 'No product 999: no label printed' });
    expect(await waiting()).toEqual([2]);

    const cashier = await signedIn(server, ['cashier']);
    expect((await get('/v1/labels', cashier.headers)).statusCode).toBe(403);
    const printByCashier = await post(
      '/v1/labels/print',
      device().event('label.print', { productIds: [2] }),
      cashier.headers,
    );
    expect(printByCashier.statusCode).toBe(403);
    expect(await waiting()).toEqual([2]);
  });
});
