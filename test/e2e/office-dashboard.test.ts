import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { screenshot, seriousViolations } from './support/page';
import { addPeople, buildWebApps, signInToOffice, words } from './support/web';
import { startTestServer, type TestServer } from '../support/server';
import { createTestTill, FIXTURE, type TestTill } from '../support/till';
import { openTill, outboxEvents, withFreshIds } from '../support/sync';
import { centsToDecimalString, formatMoney, type Locale } from '../../domain/money';
import type { SessionReport } from '../../domain/session';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Monday 2 March 2026 at a till: card and cash sales with change, a refund, then the Z. */
function yesterdayAtTheTill(t: TestTill): SessionReport {
  t.clock.now = new Date('2026-03-02T07:30:00.000Z');
  openTill(t);
  const baskets = [
    { codes: [FIXTURE.milk.code, FIXTURE.soap.code], cash: false },
    { codes: [FIXTURE.milk.code, FIXTURE.milk.code, FIXTURE.milk.code], cash: true },
    { codes: [FIXTURE.soap.code], cash: true },
    { codes: [FIXTURE.milk.code, FIXTURE.soap.code, FIXTURE.soap.code], cash: false },
  ];
  for (const [index, basket] of baskets.entries()) {
    for (const code of basket.codes) t.till.addByBarcode({ code });
    const due = t.till.currentTicket()?.totals.total ?? 0;
    const paid = t.till.pay({
      payments: [{ method: basket.cash ? 'cash' : 'card', amount: basket.cash ? 2000 : due }],
    });
    if (index === 1) {
      t.till.refund({
        ticketNumber: paid.number ?? 0,
        lines: [{ lineId: paid.lines[0]?.id ?? '', quantity: 1000 }],
        method: 'cash',
        approval: { userId: t.managerId, pin: FIXTURE.managerPin },
      });
    }
    t.clock.advance(3 * 3600_000);
  }
  t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
  const expected = t.till.xReport().expectedCash;
  return t.till.closeSession({ counts: { '1': expected } });
}

/** Issue 24, item 3: a manager reads yesterday on the dashboard, and it is the till's Z. */
describe('the back office dashboard in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let webDir: string;
  let t: TestTill;
  let z: SessionReport;

  beforeAll(async () => {
    webDir = buildWebApps();
    // The morning after: "today" is Tuesday 3 March in Brussels.
    server = await startTestServer('pglite', {
      webDir,
      clock: () => new Date('2026-03-03T08:15:00.000Z'),
    });
    await addPeople(server, [
      { name: 'Marie', roles: ['manager'], locale: 'en', password: 'manager password' },
      { name: 'Sam', roles: ['stock'], locale: 'en', password: 'stock password 1' },
    ]);
    // The server's catalogue as the till's, so that lines find their categories.
    for (const sql of [
      `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES
         (1, '6 %', 600, nextval('catalog_version')), (2, '21 %', 2100, nextval('catalog_version'))`,
      `INSERT INTO categories (id, name, name_nl, version) VALUES
         (2, 'Produits laitiers', 'Zuivel', nextval('catalog_version')),
         (3, 'Hygiène', 'Hygiëne', nextval('catalog_version'))`,
      `INSERT INTO products (id, name, category_id, tax_rate_id, price, unit, version) VALUES
         (2, 'Lait', 2, 1, 129, 'piece', nextval('catalog_version')),
         (3, 'Savon', 3, 2, 450, 'piece', nextval('catalog_version'))`,
    ])
      await server.store.query(sql);
    t = createTestTill();
    z = yesterdayAtTheTill(t);
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

  const signIn = (name: string, password: string, expectRefusal = false): Promise<Page> =>
    signInToOffice(browser, server, { name, password, expectRefusal });

  // The tills' default methods are named after their kinds: shown in the person's words.
  const methodWords = (method: string) => words('en', `payment.kind.${method}`);
  const kpi = (page: Page, locale: Locale, key: string) =>
    page.locator('.office-kpi', { hasText: words(locale, key) }).locator('dd');

  it('shows a manager yesterday’s sales, payments and VAT equal to the Z, in English and French', async () => {
    const page = await signIn('Marie', 'manager password');
    try {
      await page.getByRole('heading', { name: words('en', 'office.dashboard.title') }).waitFor();
      await page.getByRole('button', { name: words('en', 'office.period.yesterday') }).click();
      await page
        .getByTestId('period')
        .filter({ hasText: /^Monday,? 2 March 2026$/ })
        .waitFor();
      expect(await kpi(page, 'en', 'office.sales').textContent()).toBe(
        formatMoney(z.totals.sales, 'en'),
      );
      expect(await kpi(page, 'en', 'office.refunds').textContent()).toBe(
        formatMoney(z.totals.refunds, 'en'),
      );
      expect(await kpi(page, 'en', 'office.tickets').textContent()).toBe(String(z.tickets.sales));

      // The payments' table: each method as the Z counts it, net of change and refunds.
      const payments = page.getByRole('region', { name: words('en', 'office.byPayment') });
      const rows = await payments.locator('tbody tr').allTextContents();
      expect(rows).toEqual(
        z.byMethodNet.map((row) => `${methodWords(row.method)}${formatMoney(row.amount, 'en')}`),
      );
      const vat = page.getByRole('region', { name: words('en', 'office.vat') });
      expect(await vat.locator('tbody tr').allTextContents()).toEqual(
        z.vat.map(
          (row) =>
            `${row.rateBp / 100}%${[row.gross, row.vat, row.net].map((c) => formatMoney(c, 'en')).join('')}`,
        ),
      );
      // Each chart's figures leave as CSV, in euros with a dot.
      const download = page.waitForEvent('download');
      await payments
        .getByRole('button', {
          name: `${words('en', 'office.csvShort')}: ${words('en', 'office.byPayment')}`,
        })
        .click();
      const file = await (await download).path();
      expect(readFileSync(file, 'utf8')).toBe(
        [
          `${words('en', 'office.method')},${words('en', 'office.amount')}`,
          ...z.byMethodNet.map(
            (row) => `${methodWords(row.method)},${centsToDecimalString(row.amount)}`,
          ),
          '',
        ].join('\r\n'),
      );
      // The tills' state: Caisse 1 synced with nothing held, Caisse 2 with one quarantined.
      const tills = page.getByRole('region', { name: words('en', 'office.tills.title') });
      expect(await tills.locator('tbody tr').allTextContents()).toEqual([
        'Caisse 13 Mar 2026, 09:1500',
        'Caisse 23 Mar 2026, 09:1501',
      ]);
      // The held document: why, and what to do, in words; the server's own words as detail.
      const quarantine = page.getByRole('region', {
        name: words('en', 'office.quarantine.title'),
      });
      const row = quarantine.locator('tbody tr');
      expect(await row.count()).toBe(1);
      await row.filter({ hasText: words('en', 'office.quarantine.journal.why') }).waitFor();
      await row.filter({ hasText: words('en', 'office.quarantine.journal.todo') }).waitFor();
      expect(await row.locator('th').textContent()).toBe('Caisse 2');
      expect(await row.locator('code').textContent()).toMatch(/^journal: entry 1 does not match/);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'en', 'office-dashboard');
      await page.screenshot({
        path: join(ROOT, 'var/screenshots/en-office-dashboard-full.png'),
        fullPage: true,
      });

      await page.getByRole('button', { name: 'Français', exact: true }).click();
      await page
        .getByTestId('period')
        .filter({ hasText: /^lundi,? 2 mars 2026$/ })
        .waitFor();
      expect(await kpi(page, 'fr-BE', 'office.sales').textContent()).toBe(
        formatMoney(z.totals.sales, 'fr-BE'),
      );
      await screenshot(page, 'fr', 'office-dashboard');

      // In Dutch, the categories take their Dutch names.
      await page.getByRole('button', { name: 'Nederlands', exact: true }).click();
      const categories = page.getByRole('region', { name: words('nl-BE', 'office.byCategory') });
      expect(await categories.locator('tbody th').allTextContents()).toEqual(['Hygiëne', 'Zuivel']);
      await screenshot(page, 'nl', 'office-dashboard');
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('refuses the dashboard to a stock volunteer', async () => {
    // Signed in for the stock pages, they land on the inventories: the dashboard is not named.
    const page = await signIn('Sam', 'stock password 1');
    try {
      const nav = page.getByRole('navigation', { name: words('en', 'office.nav') });
      await page.getByRole('heading', { name: words('en', 'office.stock.inventories') }).waitFor();
      expect(await nav.getByRole('link').allTextContents()).not.toContain(
        words('en', 'office.dashboard.title'),
      );
      // The dashboard's address typed in: refused in words, and its figures by the server.
      await page.goto(`${server.url}/office/#/dashboard`);
      await page
        .getByRole('alert')
        .filter({ hasText: words('en', 'office.refused') })
        .waitFor();
      await screenshot(page, 'en', 'office-dashboard-refused');
      const status = await page.evaluate(async () => (await fetch('/v1/office/dashboard')).status);
      expect(status).toBe(403);
    } finally {
      await page.context().close();
    }
  }, 60_000);
});
