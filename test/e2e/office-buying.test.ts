import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../domain/money';
import { launchChromium } from './support/browser';
import { SCREENSHOTS, seriousViolations } from './support/page';
import { addPeople, buildWebApps, signInToOffice, words } from './support/web';
import { attachment, startMailbox } from '../support/mailbox';
import { startTestServer, type TestServer } from '../support/server';
import { device, seedStockShop, seedSupplier, signedIn } from '../support/stock';

const PIECE = 1000;
const NOW = new Date('2026-12-07T10:00:00.000Z');
const daysBack = (back: number) => new Date(Date.UTC(2026, 11, 7 - back, 12)).toISOString();
const LENTILS = 1;
const SOAP = 2;
const BASMATI = 3;
const THAI_RICE = 4;
const SUPPLIER_EMAIL = 'orders@biofresh.example';

/**
 * Issue 24, items 3 and 5: the buyer's pages in Chromium against the real server and a real
 * SMTP server on 127.0.0.1. A Dutch-speaking buyer has an order suggested, reads why a line says
 * what it says in Dutch, changes a quantity and sends it (a double click mails once, with the PDF
 * attached); a volunteer's delivery then shows its differences; an unknown barcode is resolved; a
 * French-speaking buyer imports a supplier's price list with a preview, then applies it.
 */
describe('the buyer’s pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let webDir: string;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let supplierId: number;
  let volunteer: Record<string, string>;

  beforeAll(async () => {
    webDir = buildWebApps();
    server = await startTestServer('pglite', { webDir, clock: () => NOW });
    mailbox = await startMailbox();
    const db = server.store;
    await seedStockShop(db, [
      { id: LENTILS, name: 'Lentilles vertes', nameNl: 'Groene linzen', price: 349 },
      { id: SOAP, name: 'Savon de Marseille', price: 250, vat: 21 },
      { id: BASMATI, name: 'Riz basmati', price: 299 },
      { id: THAI_RICE, name: 'Riz thaï', price: 289 },
    ]);
    supplierId = await seedSupplier(db, {
      name: 'Biofresh',
      email: SUPPLIER_EMAIL,
      minimumOrder: 10_000,
    });
    await seedSupplier(db, { name: 'Fournil', email: null });
    for (const [product, code, pack, cost] of [
      [LENTILS, 'LV-12', 12, 150],
      [SOAP, 'SM-6', 6, 120],
      [BASMATI, 'RB-10', 10, 190],
      [THAI_RICE, 'RT-10', 10, 180],
    ] as const) {
      await db.query(
        `INSERT INTO supplier_products (supplier_id, product_id, supplier_code, pack_size, cost, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'now')`,
        [supplierId, product, code, pack * PIECE, cost],
      );
    }
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
    ] as const) {
      await move(product, quantity, 'delivery', '2026-11-01T09:00:00.000Z');
    }
    for (let back = 14; back >= 1; back -= 1) {
      await move(LENTILS, -3, 'sale', daysBack(back));
      await move(THAI_RICE, -1, 'sale', daysBack(back));
      // The soap sells 2 a day until it runs out after 10 days; then 4 days on an empty shelf.
      if (back >= 5) await move(SOAP, -2, 'sale', daysBack(back));
    }
    const settings = await server.app.inject({
      method: 'PUT',
      url: '/v1/purchasing/mail-settings',
      headers: server.admin,
      payload: { host: '127.0.0.1', port: mailbox.port, sender: 'aankoop@coop.example' },
    });
    expect(settings.statusCode).toBe(200);
    await addPeople(server, [
      { name: 'Joris', roles: ['manager'], locale: 'nl-BE', password: 'buyer password 1' },
      { name: 'Aline', roles: ['manager'], locale: 'fr-BE', password: 'buyer password 2' },
    ]);
    ({ headers: volunteer } = await signedIn(server, ['stock']));
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await mailbox?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const checked = async (page: Page, name: string) => {
    expect(await seriousViolations(page)).toEqual([]);
    // The whole page: an order's lines and receptions run below the fold.
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };

  it('lets a buyer suggest an order in Dutch, read why, change a quantity and send it once', async () => {
    const nl = (key: string, values: Record<string, string | number> = {}) =>
      words('nl-BE', key, values);
    const page = await signInToOffice(browser, server, {
      name: 'Joris',
      password: 'buyer password 1',
      locale: 'nl-BE',
    });
    try {
      const nav = page.getByRole('navigation', { name: nl('office.nav') });
      await nav.getByRole('link', { name: nl('office.buying.orders'), exact: true }).click();
      await page.getByLabel(nl('office.buying.suggestFor')).selectOption({ label: 'Biofresh' });
      await page.getByRole('button', { name: nl('office.buying.suggest') }).click();
      const suggestion = page.getByRole('region', {
        name: nl('office.buying.suggestion', { supplier: 'Biofresh' }),
      });
      // The soap: 18 sold in the 9 days it was on the shelf, the 5 empty days left out.
      const soapWhy = [
        nl('office.buying.explain.pace', { sold: 18, salesDays: 9, windowDays: 14, perDay: 2 }),
        nl('office.buying.explain.left', { days: 5 }),
        nl('office.buying.explain.need', {
          coverDays: 11,
          lead: 2,
          review: 7,
          safety: 2,
          target: 22,
          onHand: 0,
          onOrder: 0,
          shortfall: 22,
        }),
        nl('office.buying.explain.packs', { packs: 4, packSize: 6 }),
      ].join(' ');
      const soapRow = suggestion.getByRole('row', { name: /Savon de Marseille/ });
      await soapRow.getByText(soapWhy).waitFor();
      // A product with a Dutch name is named in Dutch.
      await suggestion.getByRole('rowheader', { name: /^Groene linzen/ }).waitFor();
      expect(await suggestion.textContent()).not.toContain('Sold ');
      await suggestion
        .getByText(nl('office.buying.note.minimum', { amount: formatMoney(10_000, 'nl-BE') }))
        .waitFor();
      await checked(page, 'nl-office-suggestion');

      await suggestion.getByRole('button', { name: nl('office.buying.makeDraft') }).click();
      const [order] = await server.store.query<{ id: number }>('SELECT id FROM purchase_orders');
      const orderId = order?.id ?? 0;
      await page
        .getByRole('heading', {
          name: nl('office.buying.orderTitle', { id: orderId, supplier: 'Biofresh' }),
        })
        .waitFor();
      const facts = page.locator('.office-facts');
      await facts.getByText(nl('office.buying.status.draft'), { exact: true }).waitFor();
      await facts.getByText(formatMoney(10_080, 'nl-BE')).waitFor();
      const lines = page.getByRole('region', { name: nl('office.sales.lines') });
      await lines
        .getByRole('row', { name: /Savon de Marseille/ })
        .getByText(soapWhy)
        .waitFor();

      // Six more soaps: 30 of them, the order's total follows.
      await lines
        .getByLabel(nl('office.buying.quantityOf', { product: 'Savon de Marseille' }))
        .fill('30');
      await lines.getByRole('button', { name: nl('office.buying.saveLines') }).click();
      await facts.getByText(formatMoney(10_800, 'nl-BE')).waitFor();
      // A typing slip is said in words and changes nothing.
      await lines.getByLabel(nl('office.buying.quantityOf', { product: 'Riz thaï' })).fill('tien');
      await lines.getByRole('button', { name: nl('office.buying.saveLines') }).click();
      await page
        .getByRole('alert')
        .filter({
          hasText: nl('office.buying.badQuantity', {
            what: nl('office.buying.quantityOf', { product: 'Riz thaï' }),
          }),
        })
        .waitFor();
      await lines.getByLabel(nl('office.buying.quantityOf', { product: 'Riz thaï' })).fill('10');
      await checked(page, 'nl-office-order-draft');

      // The PDF as the supplier will get it.
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: nl('office.buying.pdf') }).click();
      expect(
        readFileSync(await (await download).path())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');

      // Sent by e-mail with a double click: one mail, the PDF attached, the order "sent".
      const sends: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/send'))
          sends.push(request.url());
      });
      await page
        .getByRole('button', { name: nl('office.buying.send', { to: SUPPLIER_EMAIL }) })
        // Two clicks in one go, closer together than any double click: the page must not have
        // drawn its busy state yet when the second lands.
        .evaluate((button: { click(): void }) => {
          button.click();
          button.click();
        });
      await facts.getByText(nl('office.buying.status.sent'), { exact: true }).waitFor();
      await facts.getByText(SUPPLIER_EMAIL).waitFor();
      expect(mailbox.mails).toHaveLength(1);
      // The second click found the first under way: one request left the page.
      expect(sends).toHaveLength(1);
      const [mail] = mailbox.mails;
      expect(mail?.to).toEqual([SUPPLIER_EMAIL]);
      const pdf = attachment(mail?.raw ?? '', `purchase-order-${orderId}.pdf`);
      expect(pdf?.subarray(0, 5).toString()).toBe('%PDF-');
      const csv = attachment(mail?.raw ?? '', `purchase-order-${orderId}.csv`)?.toString('utf8');
      expect(csv).toContain('SM-6;Savon de Marseille;30;5;6;1.20;36.00');
      // The page read again: still one mail, still sent, nothing left to send.
      await page.reload();
      await facts.getByText(nl('office.buying.status.sent'), { exact: true }).waitFor();
      expect(
        await page
          .getByRole('button', { name: nl('office.buying.send', { to: SUPPLIER_EMAIL }) })
          .count(),
      ).toBe(0);
      expect(mailbox.mails).toHaveLength(1);
      await page.getByRole('region', { name: nl('office.buying.receptions') }).waitFor();
      await checked(page, 'nl-office-order-sent');

      // A volunteer receives it: 24 soaps of 30 at 1.30, and a barcode nobody knows.
      const hand = device();
      const reception = randomUUID();
      const received = await server.app.inject({
        method: 'POST',
        url: '/v1/stock/events',
        headers: volunteer,
        payload: {
          events: [
            hand.event('reception.open', { reception, orderId }),
            hand.event('reception.line', { reception, productId: LENTILS, quantity: 36 * PIECE }),
            hand.event('reception.line', {
              reception,
              productId: SOAP,
              quantity: 24 * PIECE,
              unitCost: 130,
            }),
            hand.event('reception.line', { reception, productId: THAI_RICE, quantity: 10 * PIECE }),
            hand.event('reception.line', {
              reception,
              barcode: '5499999999990',
              quantity: 6 * PIECE,
            }),
            hand.event('reception.validate', { reception, shortages: 'backorder' }),
          ],
        },
      });
      expect(
        received.json<{ outcomes: { status: string }[] }>().outcomes.map((o) => o.status),
      ).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
      await page.reload();
      await facts.getByText(nl('office.buying.status.partly_received'), { exact: true }).waitFor();
      const receptions = page.getByRole('region', { name: nl('office.buying.receptions') });
      const soap = receptions.getByRole('row', { name: /Savon de Marseille/ });
      await soap.getByText(nl('office.buying.outcome.short', { quantity: 6 })).waitFor();
      await soap
        .getByText(
          nl('office.buying.costDiffers', {
            cost: formatMoney(130, 'nl-BE'),
            ordered: formatMoney(120, 'nl-BE'),
          }),
        )
        .waitFor();
      // The lentils by their Dutch name, as on the order.
      await receptions
        .getByRole('row', { name: /Groene linzen/ })
        .getByText(nl('office.buying.outcome.ok'))
        .waitFor();
      await checked(page, 'nl-office-order-received');

      // The unknown barcode is the basmati: said on the orders' page.
      await page.getByRole('link', { name: nl('office.buying.backToOrders') }).click();
      const unknown = page.getByRole('region', { name: nl('office.buying.unknownBarcodes') });
      await unknown
        .getByLabel(nl('office.buying.findFor', { barcode: '5499999999990' }))
        .fill('basmati');
      await unknown.getByRole('button', { name: nl('office.list.find') }).click();
      await checked(page, 'nl-office-orders');
      await unknown
        .getByRole('button', {
          name: nl('office.buying.resolveAs', { barcode: '5499999999990', product: 'Riz basmati' }),
        })
        .click();
      await unknown
        .getByText(
          nl('office.buying.resolved', { barcode: '5499999999990', product: 'Riz basmati' }),
        )
        .waitFor();
      await unknown.getByText(nl('office.buying.unknownNone')).waitFor();
      const [basmati] = await server.store.query<{ barcodes: string[] }>(
        'SELECT barcodes FROM products WHERE id = $1',
        [BASMATI],
      );
      expect(basmati?.barcodes).toEqual(['5499999999990']);
    } finally {
      await page.context().close();
    }
  }, 240_000);

  it('lets a buyer find a supplier, edit its terms and import its price list after a preview, once', async () => {
    const fr = (key: string, values: Record<string, string | number> = {}) =>
      words('fr-BE', key, values);
    const page = await signInToOffice(browser, server, {
      name: 'Aline',
      password: 'buyer password 2',
      locale: 'fr-BE',
    });
    try {
      const nav = page.getByRole('navigation', { name: fr('office.nav') });
      await nav.getByRole('link', { name: fr('office.buying.suppliers'), exact: true }).click();
      const list = page.getByRole('region', { name: fr('office.buying.list') });
      await list.getByRole('link', { name: 'Fournil' }).waitFor();
      await page.getByLabel(fr('office.buying.search')).fill('biofresh.example');
      await page.getByRole('button', { name: fr('office.list.find') }).click();
      await list
        .getByRole('status')
        .filter({ hasText: fr('office.list.page', { page: 1, pages: 1, total: 1 }) })
        .waitFor();
      await checked(page, 'fr-office-suppliers');
      await list.getByRole('link', { name: 'Biofresh' }).click();
      await page.getByRole('heading', { name: 'Biofresh' }).waitFor();

      // The terms: a bad amount is said in words and saves nothing; a good one is saved.
      const details = page.getByRole('region', { name: fr('office.buying.details') });
      await details.getByLabel(fr('office.buying.freeDelivery')).fill('deux cents');
      await details.getByRole('button', { name: fr('office.buying.save') }).click();
      await details
        .getByText(fr('office.buying.badMoney', { what: fr('office.buying.freeDelivery') }))
        .waitFor();
      await details.getByLabel(fr('office.buying.freeDelivery')).fill('200,00');
      await details.getByRole('button', { name: fr('office.buying.save') }).click();
      await details.getByText(fr('office.buying.saved')).waitFor();
      const [terms] = await server.store.query<{ freeDelivery: number }>(
        'SELECT free_delivery AS "freeDelivery" FROM suppliers WHERE id = $1',
        [supplierId],
      );
      expect(terms?.freeDelivery).toBe(20_000);
      const catalogue = page.getByRole('region', { name: fr('office.buying.catalogue') });
      await catalogue
        .getByRole('row', { name: /LV-12/ })
        .getByRole('link', { name: 'Lentilles vertes' })
        .waitFor();

      // The price list: its columns, then the file's preview, then applied once.
      const prices = page.getByRole('region', { name: fr('office.buying.priceList') });
      await prices.getByLabel(fr('office.buying.column.code'), { exact: true }).fill('ref');
      await prices.getByLabel(fr('office.buying.column.cost'), { exact: true }).fill('prix');
      await prices.getByLabel(fr('office.buying.column.barcode'), { exact: true }).fill('ean');
      await prices.getByLabel(fr('office.buying.column.packSize'), { exact: true }).fill('colis');
      await prices.getByRole('button', { name: fr('office.buying.saveMapping') }).click();
      await expect
        .poll(
          async () =>
            (
              await server.store.query<{ mapping: unknown }>(
                'SELECT import_mapping AS mapping FROM suppliers WHERE id = $1',
                [supplierId],
              )
            )[0]?.mapping,
        )
        .toMatchObject({ code: 'ref', cost: 'prix', barcode: 'ean', packSize: 'colis' });
      const file = join(webDir, 'tarif-biofresh.csv');
      writeFileSync(
        file,
        'ref;ean;colis;prix\r\nLV-12;;12;1,60\r\nRB-10;;10;1,90\r\nRT-10;;10;1,80\r\nXX-9;5400000000999;1;2,00\r\n',
      );
      await prices.getByLabel(fr('office.buying.file')).setInputFiles(file);
      await prices.getByRole('button', { name: fr('office.buying.preview') }).click();
      await prices
        .getByText(
          fr('office.buying.previewOf', { lines: 4, file: 'tarif-biofresh.csv', unchanged: 2 }),
        )
        .waitFor();
      await prices.getByText(fr('office.buying.changed', { count: 1 })).waitFor();
      await prices.getByText(fr('office.buying.unknown', { count: 1 })).waitFor();
      await prices.getByText(fr('office.buying.gone', { count: 1 })).waitFor();
      await prices.getByRole('row', { name: /Lentilles vertes/ }).waitFor();
      // Nothing changed by the preview.
      const cost = async () =>
        (
          await server.store.query<{ cost: number }>(
            'SELECT cost FROM supplier_products WHERE supplier_id = $1 AND product_id = $2',
            [supplierId, LENTILS],
          )
        )[0]?.cost;
      expect(await cost()).toBe(150);
      await checked(page, 'fr-office-supplier');
      await prices.getByLabel(fr('office.buying.effectiveFrom')).fill('2026-12-08');
      await prices.getByRole('button', { name: fr('office.buying.apply') }).dblclick();
      await prices.getByText(/^Appliqué, en vigueur le 2026-12-08/).waitFor();
      expect(await cost()).toBe(160);
      const applied = await server.store.query(
        'SELECT id FROM supplier_imports WHERE supplier_id = $1 AND applied_at IS NOT NULL',
        [supplierId],
      );
      expect(applied).toHaveLength(1);
    } finally {
      await page.context().close();
    }
  }, 240_000);
});
