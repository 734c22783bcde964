import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { screenshot, seriousViolations } from './support/page';
import { addPeople, buildWebApps, signInToOffice, words } from './support/web';
import { startTestServer, type TestServer } from '../support/server';
import { createTestTill, FIXTURE, type TestTill } from '../support/till';
import { openTill, outboxEvents, withFreshIds } from '../support/sync';
import { formatMoney, type Locale } from '../../domain/money';
import { receiptLabel, renderSessionReportText } from '../../domain/receipt-text';
import { zReportDocument } from '../../main/till/documents';
import { readTillSettings } from '../../main/till/settings';

/** Monday 2 March 2026 at a till: a card sale, a cash sale and its refund, then the Z. */
function yesterdayAtTheTill(t: TestTill): string {
  t.clock.now = new Date('2026-03-02T07:30:00.000Z');
  openTill(t);
  t.till.addByBarcode({ code: FIXTURE.milk.code });
  t.till.addByBarcode({ code: FIXTURE.soap.code });
  t.till.pay({ payments: [{ method: 'card', amount: FIXTURE.milk.price + FIXTURE.soap.price }] });
  t.clock.advance(2 * 3600_000);
  for (let i = 0; i < 3; i += 1) t.till.addByBarcode({ code: FIXTURE.milk.code });
  const paid = t.till.pay({ payments: [{ method: 'cash', amount: 2000 }] });
  t.clock.advance(600_000);
  t.till.refund({
    ticketNumber: paid.number ?? 0,
    lines: [{ lineId: paid.lines[0]?.id ?? '', quantity: 1000 }],
    method: 'cash',
    approval: { userId: t.managerId, pin: FIXTURE.managerPin },
  });
  t.clock.advance(3 * 3600_000);
  t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
  const expected = t.till.xReport().expectedCash;
  t.till.closeSession({ counts: { '1': expected } });
  const closing = outboxEvents(t.db).find((event) => event.type === 'z_report');
  return String(closing?.payload.document.sessionId);
}

/**
 * Issue 24, item 3: the back office's pages. A manager finds a till's Z for yesterday, printed
 * as the till prints it, and a ticket's lines; the quarantined document's reason in words; an
 * admin creates a till, reads its enrolment code as text and as a QR code, and revokes it; a
 * stock volunteer, signed in for the stock pages, is refused the sales, in words.
 */
describe('the back office’s pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let webDir: string;
  let t: TestTill;
  let sessionId: string;

  beforeAll(async () => {
    webDir = buildWebApps();
    // The morning after: "today" is Tuesday 3 March in Brussels.
    server = await startTestServer('pglite', {
      webDir,
      clock: () => new Date('2026-03-03T08:15:00.000Z'),
    });
    await addPeople(server, [
      { name: 'Marie', roles: ['manager'], locale: 'en', password: 'manager password' },
      { name: 'Ada', roles: ['admin'], locale: 'fr-BE', password: 'admin password 1' },
      { name: 'Sam', roles: ['stock'], locale: 'en', password: 'stock password 1' },
    ]);
    // The server's catalogue, and a sale price suggested by a supplier's new cost.
    for (const sql of [
      `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES
         (1, '6 %', 600, nextval('catalog_version')), (2, '21 %', 2100, nextval('catalog_version'))`,
      `INSERT INTO categories (id, name, name_nl, version) VALUES
         (2, 'Produits laitiers', 'Zuivel', nextval('catalog_version'))`,
      `INSERT INTO products (id, name, name_nl, category_id, tax_rate_id, price, unit, barcodes, version)
       VALUES (2, 'Lait', 'Melk', 2, 1, 129, 'piece', '{${FIXTURE.milk.code}}', nextval('catalog_version')),
              (3, 'Savon', NULL, NULL, 2, 450, 'piece', '{${FIXTURE.soap.code}}', nextval('catalog_version'))`,
      `INSERT INTO price_history (product_id, price, at) VALUES
         (2, 129, '2026-02-01T09:00:00.000Z'), (3, 450, '2026-02-01T09:00:00.000Z')`,
      `INSERT INTO price_changes (product_id, old_price, new_price, reason, source, effective_from, created_at)
       VALUES (2, 129, 135, 'cost', 'Tarif Laiterie mars', '2026-03-02T09:00:00.000Z', '2026-03-02T09:00:00.000Z')`,
    ])
      await server.store.query(sql);
    t = createTestTill();
    sessionId = yesterdayAtTheTill(t);
    const events = outboxEvents(t.db);
    const { response } = await server.pushAsNewTill('Caisse 1', events);
    expect(response.json<{ rejected: unknown[] }>().rejected).toEqual([]);
    // Another till's session opening, its float changed after it was journaled: held back.
    const [opening] = withFreshIds(events.slice(0, 1));
    if (!opening) throw new Error('No session opening');
    const changed = {
      ...opening,
      payload: {
        ...opening.payload,
        document: { ...opening.payload.document, openingFloat: 99_999 },
      },
    };
    const held = await server.pushAsNewTill('Caisse 2', [changed]);
    expect(held.response.json<{ rejected: unknown[] }>().rejected).toHaveLength(1);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    t?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const signIn = (name: string, password: string, locale: Locale = 'en'): Promise<Page> =>
    signInToOffice(browser, server, { name, password, locale });

  it('shows a manager yesterday’s Z of a till as the till prints it, a ticket’s lines and the quarantine’s reason', async () => {
    const page = await signIn('Marie', 'manager password');
    try {
      const nav = page.getByRole('navigation', { name: words('en', 'office.nav') });
      await nav.getByRole('link', { name: words('en', 'office.nav.sales') }).click();
      await page.getByRole('button', { name: words('en', 'office.period.yesterday') }).click();
      const tickets = page.getByRole('region', { name: words('en', 'office.sales.tickets') });
      await tickets
        .getByRole('status')
        .filter({ hasText: words('en', 'office.list.page', { page: 1, pages: 1, total: 3 }) })
        .waitFor();
      // Newest first: the refund, then the two sales.
      expect(await tickets.locator('tbody tr td:nth-child(4)').allTextContents()).toEqual([
        words('en', 'office.sales.kind.refund'),
        words('en', 'office.sales.kind.sale'),
        words('en', 'office.sales.kind.sale'),
      ]);
      // The period leaves for the accountant as CSV: a row for the day and the till.
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: words('en', 'office.sales.csv') }).click();
      const csv = readFileSync(await (await download).path(), 'utf8').split('\r\n');
      expect(csv[0]).toMatch(/^day,till,tickets,refund tickets,sales,refunds,net,/);
      expect(csv[1]).toMatch(/^2026-03-02,Caisse 1,2,1,/);
      expect(csv.slice(2)).toEqual(['']);

      // Found by a product's name: the one ticket with soap.
      await page.getByLabel(words('en', 'office.sales.search')).fill('savon');
      await page.getByRole('button', { name: words('en', 'office.list.find') }).click();
      await tickets
        .getByRole('status')
        .filter({ hasText: words('en', 'office.list.page', { page: 1, pages: 1, total: 1 }) })
        .waitFor();
      await tickets
        .getByRole('link', { name: words('en', 'office.sales.ticketNumber', { number: 1 }) })
        .click();
      const lines = page.getByRole('region', { name: words('en', 'office.sales.lines') });
      expect(await lines.locator('tbody th').allTextContents()).toEqual([
        expect.stringMatching(/^Lait/),
        expect.stringMatching(/^Savon/),
      ]);
      expect(await page.locator('.office-facts').textContent()).toContain(
        formatMoney(FIXTURE.milk.price + FIXTURE.soap.price, 'en'),
      );
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'en', 'office-ticket');

      // The sessions of yesterday, and the Z: the till's own lines, figure for figure.
      await page.getByRole('link', { name: words('en', 'office.sales.back') }).click();
      await page.getByRole('link', { name: words('en', 'office.sales.sessions') }).click();
      const sessions = page.getByRole('region', { name: words('en', 'office.sales.sessions') });
      await sessions.locator('tbody tr').first().getByRole('link').click();
      const z = page.getByTestId('z-report');
      await z.waitFor();
      const shown = ((await z.textContent()) ?? '').split('\n');
      const tillLines = renderSessionReportText(
        zReportDocument(t.db, readTillSettings(t.db), sessionId, new Date().toISOString()),
        { width: 48, locale: 'en', timeZone: 'Europe/Brussels' },
      );
      // From the tickets to the grand totals: who opened and the printing time differ (the
      // server names people as it knows them; the till prints its journal's seal).
      const figures = tillLines.slice(
        tillLines.indexOf(receiptLabel('tickets', 'en')),
        tillLines.findIndex((line) => line.startsWith(receiptLabel('journal', 'en'))),
      );
      expect(figures.length).toBeGreaterThan(20);
      const start = shown.indexOf(receiptLabel('tickets', 'en'));
      expect(shown.slice(start, start + figures.length)).toEqual(figures);
      expect(shown.map((line) => line.trim())).toContain(receiptLabel('zReport', 'en'));
      expect(shown.join('\n')).toContain('Caisse 1');
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'en', 'office-z');

      // The quarantine: the held document's reason and what to do, in words.
      await nav.getByRole('link', { name: words('en', 'office.quarantine.page') }).click();
      await page.getByRole('heading', { name: words('en', 'office.quarantine.page') }).waitFor();
      const row = page.locator('.office-card tbody tr');
      await row.filter({ hasText: words('en', 'office.quarantine.journal.why') }).waitFor();
      await row.filter({ hasText: words('en', 'office.quarantine.journal.todo') }).waitFor();
      expect(await row.locator('th').allTextContents()).toEqual(['Caisse 2']);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'en', 'office-quarantine');

      // The tills: a manager sees them; creating one is an admin's, said in words.
      await nav.getByRole('link', { name: words('en', 'office.tills.title') }).click();
      await page.getByText(words('en', 'office.tills.adminOnly')).waitFor();
      const tills = page.getByRole('region', { name: words('en', 'office.tills.list') });
      expect(await tills.locator('tbody th').allTextContents()).toEqual(['Caisse 1', 'Caisse 2']);

      // The catalogue: the suggested price approved, the list and the history take it.
      await nav.getByRole('link', { name: words('en', 'office.nav.catalogue') }).click();
      const approve = page.getByRole('button', {
        name: words('en', 'office.catalogue.approve', {
          price: formatMoney(135, 'en'),
          product: 'Lait',
        }),
      });
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'en', 'office-catalogue');
      await approve.click();
      await approve.waitFor({ state: 'detached' });
      const products = page.getByRole('region', { name: words('en', 'office.catalogue.products') });
      await products
        .locator('tbody tr', { hasText: 'Lait' })
        .filter({ hasText: formatMoney(135, 'en') })
        .waitFor();
      await products.getByRole('link', { name: 'Lait' }).click();
      const history = page.getByRole('region', { name: words('en', 'office.catalogue.history') });
      await history.locator('tbody tr').nth(1).waitFor();
      expect(await history.locator('tbody td.num').allTextContents()).toEqual([
        formatMoney(135, 'en'),
        formatMoney(129, 'en'),
      ]);
      const [decided] = await server.store.query<{ price: number }>(
        'SELECT price FROM products WHERE id = 2',
      );
      expect(decided?.price).toBe(135);

      // In Dutch, the same Z in Dutch words.
      await page.getByRole('button', { name: 'Nederlands', exact: true }).click();
      await page.goto(`${server.url}/office/#/sales/sessions`);
      await page
        .getByRole('region', { name: words('nl-BE', 'office.sales.sessions') })
        .locator('tbody tr')
        .first()
        .getByRole('link')
        .click();
      await page
        .getByTestId('z-report')
        .filter({ hasText: receiptLabel('zReport', 'nl-BE') })
        .waitFor();
      await screenshot(page, 'nl', 'office-z');
    } finally {
      await page.context().close();
    }
  }, 90_000);

  it('lets an admin create a till, shows its enrolment code as text and QR code, and revoke it', async () => {
    const page = await signIn('Ada', 'admin password 1', 'fr-BE');
    try {
      await page.goto(`${server.url}/office/#/tills`);
      await page.getByLabel(words('fr-BE', 'office.tills.name')).fill('Caisse 3');
      await page.getByRole('button', { name: words('fr-BE', 'office.tills.create') }).click();
      const code = page.getByTestId('enrolment-code');
      await code.waitFor();
      const text = (await code.textContent()) ?? '';
      expect(text).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      const qr = page.getByRole('img', { name: words('fr-BE', 'office.tills.qr', { code: text }) });
      // Drawn: the browser decoded the SVG into an image of its size.
      expect(
        await qr.evaluate((image) => {
          const drawn = image as unknown as { complete: boolean; naturalWidth: number };
          return drawn.complete ? drawn.naturalWidth : 0;
        }),
      ).toBeGreaterThan(0);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'fr', 'office-till-code');
      // The code shown is the one that enrols the till.
      const enrolled = await server.app.inject({
        method: 'POST',
        url: '/v1/enrol',
        payload: { code: text },
      });
      expect(enrolled.statusCode, enrolled.body).toBe(200);

      await page
        .getByRole('button', { name: words('fr-BE', 'office.tills.revoke', { till: 'Caisse 3' }) })
        .click();
      await page
        .getByRole('button', {
          name: words('fr-BE', 'office.tills.revokeConfirm', { till: 'Caisse 3' }),
        })
        .click();
      const tills = page.getByRole('region', { name: words('fr-BE', 'office.tills.list') });
      await tills
        .locator('tbody tr', { hasText: 'Caisse 3' })
        .filter({ hasText: words('fr-BE', 'office.tills.revoked') })
        .waitFor();
      const [till] = await server.store.query<{ revoked: boolean }>(
        "SELECT revoked_at IS NOT NULL AS revoked FROM tills WHERE name = 'Caisse 3'",
      );
      expect(till?.revoked).toBe(true);
    } finally {
      await page.context().close();
    }
  }, 60_000);

  it('refuses the sales to a stock volunteer, in words', async () => {
    // A stock volunteer signs in to the office for the stock pages: the sales are not named.
    const page = await signIn('Sam', 'stock password 1');
    try {
      const nav = page.getByRole('navigation', { name: words('en', 'office.nav') });
      expect(await nav.getByRole('link').allTextContents()).toEqual([
        words('en', 'office.stock.inventories'),
        words('en', 'office.stock.losses'),
        words('en', 'office.labels.title'),
      ]);
      // Their addresses typed in: refused in words, and the server refuses them too.
      await page.goto(`${server.url}/office/#/sales`);
      await page
        .getByRole('alert')
        .filter({ hasText: words('en', 'office.refused') })
        .waitFor();
      const statuses = await page.evaluate(async () =>
        Promise.all(
          ['/v1/office/tickets', '/v1/office/sessions', '/v1/office/tills'].map(
            async (url) => (await fetch(url)).status,
          ),
        ),
      );
      expect(statuses).toEqual([403, 403, 403]);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'en', 'office-sales-refused');
    } finally {
      await page.context().close();
    }
  }, 60_000);
});
