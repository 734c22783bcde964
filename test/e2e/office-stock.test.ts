import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { screenshot, seriousViolations } from './support/page';
import { addPeople, buildWebApps, signInToOffice, words } from './support/web';
import { startTestServer, type TestServer } from '../support/server';
import { device, seedStockShop, signedIn } from '../support/stock';
import { createTestTill, FIXTURE, type TestTill } from '../support/till';
import { openTill, outboxEvents, sellMilk } from '../support/sync';
import { formatMoney } from '../../domain/money';

const MILK = 2;
const SOAP = 3;
const RICE = 6;
const at = (time: string) => `2026-03-02T${time}:00.000Z`;

/**
 * Issue 24, items 3 and 5: the back office's stock pages in Chromium. Two volunteers' counts
 * reach the server through the handheld's API while a till sells the same milk offline; a
 * manager follows the inventory in French (live, no reload), sees the recount and the variances
 * in euros at cost, applies it once; the ledger is right to the unit. A stock volunteer prints
 * a zone's label sheet, sees losses, and cannot open the sales.
 */
describe('the office’s stock pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let webDir: string;
  let t: TestTill;
  let ana: Record<string, string>;
  let bob: Record<string, string>;
  let samId: number;

  beforeAll(async () => {
    webDir = buildWebApps();
    server = await startTestServer('pglite', { webDir });
    const ids = await addPeople(server, [
      { name: 'Marie', roles: ['manager'], locale: 'fr-BE', password: 'manager password' },
      { name: 'Sam', roles: ['stock'], locale: 'en', password: 'stock password 1' },
      { name: 'Joke', roles: ['manager'], locale: 'nl-BE', password: 'manager password 2' },
    ]);
    samId = ids.Sam ?? 0;
    await seedStockShop(server.store, [
      {
        id: MILK,
        name: 'Lait demi-écrémé',
        nameNl: 'Halfvolle melk',
        price: 129,
        costPrice: 80,
        zone: 'A1',
        barcodes: [FIXTURE.milk.code],
      },
      { id: SOAP, name: 'Savon', price: 450, vat: 21, costPrice: 250, zone: 'B2' },
      { id: RICE, name: 'Riz basmati', price: 349, costPrice: 120, zone: 'A1' },
    ]);
    // What the ledger held the evening before: 20 milk, 10 soap, 30 rice.
    await server.store.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES
         (2, 20000, 'delivery', '2026-03-01T18:00:00.000Z'),
         (3, 10000, 'delivery', '2026-03-01T18:00:00.000Z'),
         (6, 30000, 'delivery', '2026-03-01T18:00:00.000Z')`,
    );
    await server.store.query(
      `INSERT INTO label_queue (product_id, reason, queued_at) VALUES
         (2, 'price', '2026-03-02T07:00:00.000Z'), (3, 'new', '2026-03-02T07:00:00.000Z')`,
    );
    ({ headers: ana } = await signedIn(server, ['stock'], 'Ana'));
    ({ headers: bob } = await signedIn(server, ['stock'], 'Bob'));
    // At 08:00 the till sells 2 milk, and stays offline for now.
    t = createTestTill();
    t.clock.now = new Date(at('08:00'));
    openTill(t);
    sellMilk(t, 2);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    t?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  /** Counts sent as the handheld sends them: stock events with a device, a sequence, a UUID. */
  const anaHand = device('hand-ana');
  const bobHand = device('hand-bob');
  const send = async (headers: Record<string, string>, events: object[]) => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers,
      payload: { events },
    });
    expect(response.statusCode).toBe(200);
    const outcomes = response.json<{ outcomes: { status: string; error?: string }[] }>().outcomes;
    expect(outcomes.map((outcome) => outcome.error ?? outcome.status)).toEqual(
      events.map(() => 'applied'),
    );
  };
  const level = async (productId: number) =>
    (
      await server.store.query<{ q: number }>(
        'SELECT coalesce(sum(quantity), 0)::int AS q FROM stock_moves WHERE product_id = $1',
        [productId],
      )
    )[0]?.q;
  const pushTill = async (from: number) => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: till,
      payload: { events: outboxEvents(t.db).slice(from) },
    });
    expect(response.json<{ rejected: unknown[] }>().rejected).toEqual([]);
  };
  let till: Record<string, string> = {};
  const fr = (key: string, values: Record<string, string | number> = {}) =>
    words('fr-BE', key, values);
  const euros = (cents: number) => formatMoney(cents, 'fr-BE');
  /** A line of the variances' table, found by its product: its cells as shown. */
  const cells = (page: Page, product: string) =>
    page
      .getByRole('region', { name: fr('office.stock.variances') })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: product }) })
      .locator('td');

  it('lets a manager follow a count live in French, see the recount and the variances in euros, and apply it once', async () => {
    till = (await server.enrolTill('Caisse 1')).auth;
    const page = await signInToOffice(browser, server, {
      name: 'Marie',
      password: 'manager password',
      locale: 'fr-BE',
    });
    try {
      const nav = page.getByRole('navigation', { name: fr('office.nav') });
      await nav.getByRole('link', { name: fr('office.stock.inventories') }).click();
      await page.getByLabel(fr('office.stock.zone'), { exact: true }).fill('A1');
      await page.getByRole('button', { name: fr('office.stock.openButton') }).click();
      await page.waitForURL(/#\/inventory\/\d+$/);
      const inventoryId = Number(/(\d+)$/.exec(page.url())?.[1]);
      await page
        .getByRole('status')
        .filter({ hasText: fr('office.stock.status.open') })
        .waitFor();
      // The page is never reloaded from here: what follows arrives by itself.
      await page.evaluate('window.stayed = true');

      // Ana at 09:00 and Bob at 09:10 count the zone; they disagree on the rice.
      const scan = (productId: number, quantity: number) => ({
        inventoryId,
        productId,
        quantity,
      });
      await send(ana, [
        // Ana notes the milk's earliest best-before date as she counts.
        anaHand.event(
          'count.scan',
          { ...scan(MILK, 16_000), bestBefore: '2026-03-05' },
          at('09:00'),
        ),
        anaHand.event('count.scan', scan(RICE, 30_000), at('09:00')),
      ]);
      await send(bob, [
        bobHand.event('count.scan', scan(MILK, 16_000), at('09:10')),
        bobHand.event('count.scan', scan(RICE, 26_000), at('09:10')),
      ]);
      const recount = page.getByRole('region', { name: fr('office.stock.recount') });
      await recount.getByText('Riz basmati').waitFor({ timeout: 30_000 });
      const apply = page.getByRole('button', { name: fr('office.stock.apply', { zone: 'A1' }) });
      expect(await apply.isDisabled()).toBe(true);
      // The till's 08:00 sale has not reached the server: 20 expected, 16 counted.
      await expect
        .poll(() => cells(page, 'Lait demi-écrémé').allTextContents(), { timeout: 30_000 })
        .toEqual([fr('office.stock.line.counted'), '20', '16', '-4', euros(80), euros(-320)]);

      // The till comes online: its sale was before the count, so 18 were expected.
      await pushTill(0);
      await expect
        .poll(() => cells(page, 'Lait demi-écrémé').allTextContents(), { timeout: 30_000 })
        .toEqual([fr('office.stock.line.counted'), '18', '16', '-2', euros(80), euros(-160)]);
      // Ana counts the rice again: 27.
      await send(ana, [
        anaHand.event('count.scan', { ...scan(RICE, 27_000), pass: 'recount' }, at('09:20')),
      ]);
      await recount.getByText(fr('office.stock.recountNone')).waitFor({ timeout: 30_000 });
      await expect
        .poll(() => cells(page, 'Riz basmati').allTextContents(), { timeout: 30_000 })
        .toEqual([fr('office.stock.line.recounted'), '30', '27', '-3', euros(120), euros(-360)]);
      const net = page.getByTestId('net-variance');
      await expect.poll(() => net.textContent()).toBe(euros(-520));
      expect(await cells(page, 'Savon').count()).toBe(0); // zone B2, not this count
      expect(await page.evaluate('window.stayed')).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'fr', 'office-inventory');

      // A double click applies once.
      await apply.dblclick();
      await page
        .getByRole('status')
        .filter({
          hasText: fr('office.stock.applied', { adjusted: 2, value: euros(-520) }),
        })
        .waitFor();
      await page
        .getByRole('status')
        .getByText(fr('office.stock.status.applied'), { exact: true })
        .waitFor();
      const [applies] = await server.store.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM stock_events WHERE kind = 'inventory.apply'`,
      );
      expect(applies?.n).toBe(1);
      const moves = await server.store.query(
        `SELECT product_id AS "productId", quantity, at FROM stock_moves WHERE ref = $1
          ORDER BY product_id`,
        [`inventory:${inventoryId}`],
      );
      expect(moves).toEqual([
        { productId: MILK, quantity: -2000, at: at('09:10') },
        { productId: RICE, quantity: -3000, at: at('09:20') },
      ]);
      // The till sells one more milk after the count: the ledger is right to the unit.
      t.clock.now = new Date(at('10:00'));
      const sent = outboxEvents(t.db).length;
      sellMilk(t, 1);
      await pushTill(sent);
      expect([await level(MILK), await level(RICE), await level(SOAP)]).toEqual([
        15_000, 27_000, 10_000,
      ]);

      // The list: applied, two counters, every product of the zone counted.
      await nav.getByRole('link', { name: fr('office.stock.inventories') }).click();
      const row = page.getByRole('row').filter({
        has: page.getByRole('link', {
          name: fr('office.stock.inventoryOf', { zone: 'A1', id: inventoryId }),
        }),
      });
      await row.getByText(fr('office.stock.status.applied')).waitFor();
      expect(await row.locator('td').nth(2).textContent()).toBe('2');
      await row.getByText(fr('office.stock.countedOf', { counted: 2, total: 2 })).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'fr', 'office-inventories');
    } finally {
      await page.context().close();
    }
  }, 180_000);

  it('shows the losses by reason at cost with a CSV, and what passes its date soon', async () => {
    const now = new Date().toISOString();
    await send(ana, [
      anaHand.event('loss.record', { productId: SOAP, quantity: 2000, reason: 'breakage' }, now),
      anaHand.event('loss.record', { productId: MILK, quantity: 1000, reason: 'expiry' }, now),
    ]);
    const page = await signInToOffice(browser, server, {
      name: 'Joke',
      password: 'manager password 2',
      locale: 'nl-BE',
    });
    try {
      const nl = (key: string, values: Record<string, string | number> = {}) =>
        words('nl-BE', key, values);
      const nav = page.getByRole('navigation', { name: nl('office.nav') });
      await nav.getByRole('link', { name: nl('office.stock.losses') }).click();
      const total = page.getByTestId('losses-total');
      await expect.poll(() => total.textContent()).toBe(formatMoney(580, 'nl-BE'));
      await page
        .locator('.office-controls')
        .first()
        .getByLabel(nl('web.hand.loss.reason'))
        .selectOption('breakage');
      await expect.poll(() => total.textContent()).toBe(formatMoney(500, 'nl-BE'));
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: nl('office.stock.lossesCsv') }).click();
      const csv = readFileSync(await (await download).path(), 'utf8').split('\r\n');
      expect(csv[0]).toBe('at,product no.,product,zone,reason,quantity,unit cost,value');
      expect(csv.slice(1)).toEqual([
        expect.stringMatching(/,3,Savon,B2,breakage,2\.000,2\.50,5\.00$/),
        '',
      ]);
      // The milk Ana counted with its date (5 March, passed): to pull from the shelf.
      const expiring = page.getByRole('region', { name: nl('office.stock.nearExpiry') });
      await expiring.getByRole('rowheader', { name: 'Lait demi-écrémé' }).waitFor();
      expect(await expiring.getByRole('rowheader').allTextContents()).toEqual(['Lait demi-écrémé']);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'nl', 'office-losses');
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('lets a stock volunteer print a zone’s label sheet once, and refuses them the sales', async () => {
    const page = await signInToOffice(browser, server, {
      name: 'Sam',
      password: 'stock password 1',
    });
    try {
      const nav = page.getByRole('navigation', { name: words('en', 'office.nav') });
      // Their office opens on the inventories, and names only the stock pages.
      await page.getByRole('heading', { name: words('en', 'office.stock.inventories') }).waitFor();
      expect(await nav.getByRole('link').allTextContents()).toEqual([
        words('en', 'office.stock.inventories'),
        words('en', 'office.stock.losses'),
        words('en', 'office.labels.title'),
      ]);
      // They follow, a manager opens and applies.
      expect(
        await page.getByRole('button', { name: words('en', 'office.stock.openButton') }).count(),
      ).toBe(0);

      await nav.getByRole('link', { name: words('en', 'office.labels.title') }).click();
      const queue = page.getByRole('region', { name: words('en', 'office.labels.queue') });
      await queue.getByRole('rowheader', { name: 'Savon' }).waitFor();
      await page
        .locator('.office-controls')
        .getByLabel(words('en', 'office.stock.zone'))
        .selectOption('A1');
      expect(await queue.getByRole('rowheader').allTextContents()).toEqual(['Lait demi-écrémé']);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'en', 'office-labels');
      const download = page.waitForEvent('download');
      await page
        .getByRole('button', { name: words('en', 'office.labels.print', { count: 1 }) })
        .click();
      const sheet = readFileSync(await (await download).path());
      expect(sheet.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await page
        .getByRole('status')
        .filter({ hasText: words('en', 'office.labels.printed', { count: 1, marked: 1 }) })
        .waitFor();
      // Marked printed once, by Sam; the soap's label (zone B2) still waits.
      const marked = await server.store.query(
        `SELECT product_id AS "productId", printed_by AS "printedBy" FROM label_queue
          WHERE printed_at IS NOT NULL`,
      );
      expect(marked).toEqual([{ productId: MILK, printedBy: samId }]);
      await page
        .locator('.office-controls')
        .getByLabel(words('en', 'office.stock.zone'))
        .selectOption('');
      await queue.getByRole('rowheader', { name: 'Savon' }).waitFor();
      expect(await queue.getByRole('rowheader').allTextContents()).toEqual(['Savon']);
      // The milk's label again, for a label printer: the queue stays as it is.
      await page
        .locator('.office-controls')
        .getByLabel(words('en', 'office.labels.format'))
        .selectOption('zpl');
      await page.getByLabel(words('en', 'office.labels.reprintNumbers')).fill(String(MILK));
      const zplDownload = page.waitForEvent('download');
      await page.getByRole('button', { name: words('en', 'office.labels.reprintButton') }).click();
      const zpl = readFileSync(await (await zplDownload).path(), 'utf8');
      expect(zpl.startsWith('^XA')).toBe(true);
      expect(zpl).toContain('demi');
      await page
        .getByRole('status')
        .filter({ hasText: words('en', 'office.labels.reprinted', { count: 1 }) })
        .waitFor();
      expect(await queue.getByRole('rowheader').allTextContents()).toEqual(['Savon']);
      const [printed] = await server.store.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM label_queue WHERE printed_at IS NOT NULL',
      );
      expect(printed?.n).toBe(1);

      // The sales' address: refused in words, and the server refuses the figures.
      await page.goto(`${server.url}/office/#/sales`);
      await page
        .getByRole('alert')
        .filter({ hasText: words('en', 'office.refused') })
        .waitFor();
      const statuses = await page.evaluate(async () =>
        Promise.all(
          ['/v1/office/tickets', '/v1/office/dashboard', '/v1/stock/inventories/1'].map(
            async (url) => (await fetch(url)).status,
          ),
        ),
      );
      expect(statuses).toEqual([403, 403, 403]);
      await screenshot(page, 'en', 'office-stock-refused');
    } finally {
      await page.context().close();
    }
  }, 120_000);
});
