import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { SyncClient } from '../../main/sync/client';
import { formatMoney } from '../../domain/money';
import { launchChromium } from './support/browser';
import { SCREENSHOTS, screenshot, seriousViolations } from './support/page';
import { addPeople, buildWebApps, signInToOffice, words } from './support/web';
import { startTestServer, type TestServer } from '../support/server';
import { createTestTill, ean13, FIXTURE, type TestTill } from '../support/till';
import { openTill, pointTillAt } from '../support/sync';

const FR = 'fr-BE' as const;

/**
 * Issue 24, items 3 and 5: a manager changes a product's price in the office, in French, and a
 * real till pulls it: its next scan rings the new price, while the ticket already rung keeps the
 * old one. A bulk change is applied once, clicked twice and sent again. Each catalogue page is
 * checked with axe and photographed.
 */
describe('the office’s catalogue in Chromium, and a till that pulls its prices', () => {
  let server: TestServer;
  let browser: Browser;
  let webDir: string;
  let t: TestTill;
  let client: SyncClient;
  let page: Page;

  beforeAll(async () => {
    webDir = buildWebApps();
    server = await startTestServer('pglite', {
      webDir,
      clock: () => new Date('2026-03-03T08:15:00.000Z'),
    });
    await addPeople(server, [
      { name: 'Marie', roles: ['manager'], locale: FR, password: 'manager password' },
    ]);
    for (const sql of [
      `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES
         (1, '6 %', 600, nextval('catalog_version')), (2, '21 %', 2100, nextval('catalog_version'))`,
      `INSERT INTO categories (id, name, name_nl, version) VALUES
         (2, 'Produits laitiers', 'Zuivel', nextval('catalog_version')),
         (3, 'Épicerie', 'Kruidenierswaren', nextval('catalog_version'))`,
      `INSERT INTO products (id, name, name_nl, category_id, tax_rate_id, price, unit, barcodes,
                             net_content, content_unit, version)
       VALUES (2, 'Lait', 'Melk', 2, 1, 129, 'piece', '{${FIXTURE.milk.code}}', 1000, 'l', nextval('catalog_version')),
              (3, 'Savon', NULL, NULL, 2, 450, 'piece', '{${FIXTURE.soap.code}}', NULL, NULL, nextval('catalog_version')),
              (6, 'Farine', 'Bloem', 3, 1, 199, 'piece', '{}', 1000000, 'g', nextval('catalog_version')),
              (7, 'Riz', 'Rijst', 3, 1, 305, 'piece', '{}', 500000, 'g', nextval('catalog_version'))`,
      `INSERT INTO price_history (product_id, price, at) VALUES
         (2, 129, '2026-02-01T09:00:00.000Z'), (3, 450, '2026-02-01T09:00:00.000Z'),
         (6, 199, '2026-02-01T09:00:00.000Z'), (7, 305, '2026-02-01T09:00:00.000Z')`,
    ])
      await server.store.query(sql);
    // A till enrolled at the server, which pulls its catalogue: milk at 1.29.
    t = createTestTill();
    const { token } = await server.enrolTill('Caisse 1');
    pointTillAt(t.db, server.url, token);
    client = new SyncClient({ db: t.db });
    await client.syncOnce();
    browser = await launchChromium();
    page = await signInToOffice(browser, server, {
      name: 'Marie',
      password: 'manager password',
      locale: FR,
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    t?.close();
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  const money = (cents: number) => formatMoney(cents, FR);
  const milkScanned = () => {
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    const lines = t.till.currentTicket()?.lines ?? [];
    return lines[lines.length - 1]?.unitPrice;
  };

  it('changes milk’s price in French; the till’s next scan rings it, the ticket already rung keeps 1.29', async () => {
    openTill(t);
    expect(milkScanned()).toBe(129);
    // A ticket paid at 1.29, and one rung at 1.29 still open when the price changes.
    t.till.pay({ payments: [{ method: 'card', amount: 129 }] });
    expect(milkScanned()).toBe(129);

    const nav = page.getByRole('navigation', { name: words(FR, 'office.nav') });
    await nav.getByRole('link', { name: words(FR, 'office.nav.catalogue') }).click();
    await page.getByRole('searchbox', { name: words(FR, 'office.catalogue.search') }).fill('Lait');
    await page.getByRole('button', { name: words(FR, 'office.list.find') }).click();
    await page.getByRole('link', { name: 'Lait', exact: true }).click();
    const prices = page.getByRole('region', { name: words(FR, 'office.product.priceTitle') });
    await prices.getByLabel(words(FR, 'office.product.newPrice')).fill('1,35');
    await prices.getByRole('button', { name: words(FR, 'office.product.savePrice') }).click();
    await page
      .getByRole('status')
      .filter({ hasText: words(FR, 'office.product.priceApplied', { price: money(135) }) })
      .waitFor();
    // The page says who changed it and when, and the unit price of a litre follows.
    const changes = page.getByRole('region', { name: words(FR, 'office.product.changes') });
    await changes.getByText('Modifié en dernier par Marie le').waitFor();
    expect(await changes.locator('tbody tr').first().locator('td').allTextContents()).toEqual([
      expect.any(String),
      'Marie',
      words(FR, 'office.product.field.price'),
      money(129),
      money(135),
    ]);
    await prices.getByText(`${money(135)} ${words(FR, 'office.product.per.l')}`).waitFor();
    // Barcodes: a wrong check digit said in French, soap's code refused naming soap, a new one kept.
    const codes = page.getByRole('region', { name: words(FR, 'office.catalogue.codes') });
    const addCode = async (code: string) => {
      await codes.getByLabel(words(FR, 'office.product.newBarcode')).fill(code);
      await codes.getByRole('button', { name: words(FR, 'office.product.addBarcode') }).click();
    };
    await addCode('5410000000010');
    await page
      .getByRole('alert')
      .filter({ hasText: words(FR, 'office.product.badBarcode', { code: '5410000000010' }) })
      .waitFor();
    await addCode(FIXTURE.soap.code);
    await page.getByRole('alert').filter({ hasText: 'Savon' }).waitFor();
    const extra = ean13('541000000077');
    await addCode(extra);
    await codes
      .getByRole('button', { name: words(FR, 'office.product.removeBarcode', { code: extra }) })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // The whole page: the price, the product's fields, its barcodes, its changes, its history.
    await page.screenshot({ path: join(SCREENSHOTS, 'fr-BE-office-product.png'), fullPage: true });

    // The till pulls: the line already rung keeps 1.29, the next scan rings 1.35.
    await client.syncOnce();
    expect(client.current()).toMatchObject({ pending: 0, rejected: 0 });
    expect(t.till.currentTicket()?.lines.map((line) => line.unitPrice)).toEqual([129]);
    const kept = t.till.pay({ payments: [{ method: 'card', amount: 129 }] });
    expect(kept.totals.total).toBe(129);
    expect(milkScanned()).toBe(135);
    const next = t.till.pay({ payments: [{ method: 'card', amount: 135 }] });
    expect(next.totals.total).toBe(135);
  }, 120_000);

  it('changes a category’s prices in bulk once, though clicked twice and sent again', async () => {
    await page.goto(`${server.url}/office/#/bulk-prices`);
    const form = page.locator('form.office-controls');
    await form.getByLabel(words(FR, 'office.category')).selectOption({ label: 'Épicerie' });
    await form.getByLabel(words(FR, 'office.bulk.amount')).fill('5');
    await form.getByRole('button', { name: words(FR, 'office.bulk.preview') }).click();
    const preview = page.getByRole('region', { name: words(FR, 'office.bulk.previewTitle') });
    await preview.locator('tbody tr').nth(1).waitFor();
    // Farine 1.99 + 5 % = 2.0895 -> 2.09; riz 3.05 + 5 % = 3.2025 -> 3.20; per kg beside.
    expect(
      await preview
        .locator('tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent)),
        ),
    ).toEqual([
      ['6', 'Farine', money(199), money(209), `${money(199)} / kg`, `${money(209)} / kg`],
      ['7', 'Riz', money(305), money(320), `${money(610)} / kg`, `${money(640)} / kg`],
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, FR, 'office-bulk-prices');

    const sent: Request[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/v1/catalogue/bulk-price/apply')) sent.push(request);
    });
    await preview
      .getByRole('button', { name: words(FR, 'office.bulk.apply', { count: 2 }) })
      .dblclick();
    await page
      .getByRole('status')
      .filter({ hasText: words(FR, 'office.bulk.done', { applied: 2, scheduled: 0, refused: 0 }) })
      .waitFor();
    // The same operation sent again (a lost answer retried): the same answer, nothing twice.
    const [first] = sent;
    expect(first).toBeDefined();
    const again = await page.request.post(`${server.url}/v1/catalogue/bulk-price/apply`, {
      data: first?.postDataJSON() as object,
      headers: { origin: server.url },
    });
    expect(again.status()).toBe(200);
    expect(await again.json()).toMatchObject({ applied: 2, again: true });
    expect(
      await server.store.query(
        `SELECT product_id, count(*)::int AS n, max(price)::int AS price FROM price_history
          WHERE product_id IN (6, 7) GROUP BY product_id ORDER BY product_id`,
      ),
    ).toEqual([
      { product_id: 6, n: 2, price: 209 },
      { product_id: 7, n: 2, price: 320 },
    ]);
    const [operations] = await server.store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM bulk_price_operations',
    );
    expect(operations?.n).toBe(1);
  }, 120_000);

  it('creates a category and shows the VAT rates, in French', async () => {
    await page.goto(`${server.url}/office/#/categories`);
    const create = page.getByRole('region', { name: words(FR, 'office.categories.new') });
    await create.getByLabel(words(FR, 'office.product.name')).fill('Boissons');
    await create.getByLabel(words(FR, 'office.catalogue.nameNl')).fill('Dranken');
    await create.getByRole('button', { name: words(FR, 'office.categories.create') }).click();
    const list = page.getByRole('region', { name: words(FR, 'office.categories.title') });
    await list.getByRole('rowheader', { name: 'Boissons' }).waitFor();
    await page.getByRole('region', { name: words(FR, 'office.categories.taxRates') }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, FR, 'office-categories');
  }, 120_000);

  it('shows the product’s page in Dutch, with its Dutch name and the same changes', async () => {
    await page.getByRole('button', { name: 'Nederlands', exact: true }).click();
    await page.goto(`${server.url}/office/#/product/2`);
    await page.getByRole('heading', { name: 'Melk', level: 2 }).waitFor();
    const changes = page.getByRole('region', { name: words('nl-BE', 'office.product.changes') });
    await changes.getByText('Laatst gewijzigd door Marie op').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'nl-BE-office-product.png'), fullPage: true });
    await page.getByRole('button', { name: 'Français', exact: true }).click();
    await page.getByRole('heading', { name: 'Lait', level: 2 }).waitFor();
  }, 120_000);

  it('previews an import’s lines and refusals in words before anything is written', async () => {
    await page.goto(`${server.url}/office/#/product-import`);
    await page.getByLabel(words(FR, 'office.import.file')).setInputFiles({
      name: 'produits.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'id;name;name_nl;vat;price;unit\n8;Sucre;Suiker;6;1,89;piece\n9;Sel;Zout;7;0,99;piece\n',
      ),
    });
    const problems = page.getByRole('region', { name: words(FR, 'office.import.problems') });
    await problems.getByText('a Belgian VAT rate: 0, 6, 12 or 21').waitFor();
    const lines = page.getByRole('region', { name: words(FR, 'office.import.lines') });
    await lines.getByRole('rowheader', { name: 'Sucre' }).waitFor();
    await lines.getByText(words(FR, 'office.import.fixFirst')).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, FR, 'office-product-import');
    const [none] = await server.store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM products WHERE id = 8',
    );
    expect(none?.n).toBe(0);
  }, 120_000);
});
