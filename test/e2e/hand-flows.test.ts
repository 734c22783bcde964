import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { screenshot, seriousViolations, wedgeScan } from './support/page';
import {
  addPeople,
  buildWebApps,
  handDeviceId,
  handReady,
  handStatus,
  handWaiting,
  handWorkerReady,
  newHandPhone,
  words,
} from './support/web';
import { startTestServer, type TestServer } from '../support/server';
import { device, seedStockShop, seedSupplier, signedIn } from '../support/stock';
import { LOCALES, type Locale } from '../../domain/money';

const LENTILS = '5410000000019';
const SOAP = '5410000000026';
const RICE = '5410000000033';
const PASTA = '5410000000040';

describe('the handheld receives, counts and records losses in a phone-sized Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let webDir: string;
  let orderId: number;
  let zoneA1: number;
  beforeAll(async () => {
    // A build of our own: test files running side by side never share a half-written dist/.
    webDir = buildWebApps();
    server = await startTestServer('pglite', { webDir });
    await seedStockShop(server.store, [
      {
        id: 1,
        name: 'Lentilles vertes',
        nameNl: 'Groene linzen',
        price: 349,
        zone: 'A1',
        barcodes: [LENTILS],
      },
      {
        id: 2,
        name: 'Savon de Marseille',
        nameNl: 'Marseillezeep',
        price: 250,
        vat: 21,
        zone: 'A1',
        barcodes: [SOAP],
      },
      {
        id: 3,
        name: 'Riz complet',
        nameNl: 'Volkorenrijst',
        price: 289,
        zone: 'A2',
        barcodes: [RICE],
      },
      {
        id: 4,
        name: 'Pâtes complètes',
        nameNl: 'Volkorenpasta',
        price: 199,
        zone: 'B1',
        barcodes: [PASTA],
      },
    ]);
    await server.store.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES (1, 24000, 'delivery', '2026-12-01T08:00:00Z')`,
    );
    const supplierId = await seedSupplier(server.store, { name: 'Biofresh' });
    const [order] = await server.store.query<{ id: number }>(
      `INSERT INTO purchase_orders (supplier_id, status, created_at, sent_at)
       VALUES ($1, 'sent', '2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z') RETURNING id`,
      [supplierId],
    );
    orderId = order?.id ?? 0;
    await server.store.query(
      `INSERT INTO purchase_order_lines (order_id, product_id, pack_size, quantity, unit_cost) VALUES
         ($1, 1, 1000, 6000, 200), ($1, 2, 1000, 4000, 100), ($1, 3, 1000, 3000, 150)`,
      [orderId],
    );
    await addPeople(
      server,
      LOCALES.map((locale, index) => ({
        name: `Stock ${locale}`,
        roles: ['stock'],
        locale,
        badge: `H00${index}`,
        pin: '4321',
      })),
    );
    const manager = await signedIn(server, ['manager'], 'Manon');
    const open = async (zone: string) => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/v1/stock/inventories',
        headers: manager.headers,
        payload: { zone },
      });
      expect(response.statusCode).toBe(201);
      return response.json<{ id: number }>().id;
    };
    zoneA1 = await open('A1');
    // Another counter saw rice in A2 close to its date: the loss flow lists it.
    const zoneA2 = await open('A2');
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const other = await signedIn(server, ['stock'], 'Zoé');
    const sent = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers: other.headers,
      payload: {
        events: [
          device().event('count.scan', {
            inventoryId: zoneA2,
            productId: 3,
            quantity: 5000,
            bestBefore: soon,
          }),
        ],
      },
    });
    expect(sent.json<{ outcomes: { status: string }[] }>().outcomes[0]?.status).toBe('applied');
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const signedInPhone = (locale: Locale) =>
    newHandPhone(browser, server, { badge: `H00${LOCALES.indexOf(locale)}`, pin: '4321', locale });
  const status = handStatus;
  const waiting = handWaiting;

  const task = (page: Page, locale: Locale, name: string) =>
    page.getByRole('button', { name: words(locale, `web.hand.task.${name}`), exact: true }).click();

  /** The line of a product on screen, with what it says. */
  const line = (page: Page, name: string) => page.getByRole('article', { name });

  const deviceIdOf = handDeviceId;

  const eventsOf = (deviceId: string) =>
    server.store.query<{ seq: number; kind: string }>(
      `SELECT device_seq::int AS seq, kind FROM stock_events WHERE device_id = $1 ORDER BY device_seq`,
      [deviceId],
    );

  it('receives an order with two differences and counts a zone, the network cut half-way and the page reloaded offline: each scan reaches the ledger once', async () => {
    const locale = 'en';
    const { context, page } = await signedInPhone(locale);
    try {
      await handWorkerReady(page);
      await task(page, locale, 'receive');
      await page
        .locator('.hand-matches__pick', {
          hasText: words(locale, 'web.hand.receive.order', { id: orderId, supplier: 'Biofresh' }),
        })
        .click();
      await page
        .getByRole('heading', {
          name: words(locale, 'web.hand.receive.order', { id: orderId, supplier: 'Biofresh' }),
        })
        .waitFor();
      // One lentil scanned, then what was expected of that line copied (tapped twice): 6 of 6.
      await wedgeScan(page, LENTILS);
      await line(page, 'Lentilles vertes')
        .getByText(words(locale, 'web.hand.receive.line', { received: 1, expected: 6 }))
        .waitFor();
      await page
        .getByRole('button', {
          name: words(locale, 'web.hand.receive.copyExpected', { quantity: 5 }),
        })
        // A double tap is one act.
        .dblclick();
      await line(page, 'Lentilles vertes')
        .getByText(words(locale, 'web.hand.receive.line', { received: 6, expected: 6 }))
        .waitFor();
      await waiting(page, locale, 0);
      const deviceId = await deviceIdOf(page);
      expect(await eventsOf(deviceId)).toHaveLength(3);

      // The network drops: receiving goes on, each scan kept on the device.
      await context.setOffline(true);
      await expect
        .poll(() => status(page).textContent())
        .toContain(words(locale, 'web.hand.offline'));
      // Three soaps of four: typed, then scanned.
      await wedgeScan(page, SOAP);
      await line(page, 'Savon de Marseille')
        .getByText(words(locale, 'web.hand.receive.line', { received: 1, expected: 4 }))
        .waitFor();
      await page.getByLabel(words(locale, 'web.hand.flow.quantity')).fill('2');
      await page
        .getByRole('button', { name: words(locale, 'web.hand.flow.add'), exact: true })
        .click();
      await line(page, 'Savon de Marseille')
        .getByText(words(locale, 'web.hand.receive.line', { received: 3, expected: 4 }))
        .waitFor();
      // Rice: typed before the scan, then +1.
      await page.getByLabel(words(locale, 'web.hand.flow.quantity')).fill('2');
      await wedgeScan(page, RICE);
      await line(page, 'Riz complet')
        .getByText(words(locale, 'web.hand.receive.line', { received: 2, expected: 3 }))
        .waitFor();
      await page
        .getByRole('button', { name: words(locale, 'web.hand.flow.plusOne'), exact: true })
        .click();
      await line(page, 'Riz complet')
        .getByText(words(locale, 'web.hand.receive.line', { received: 3, expected: 3 }))
        .waitFor();
      // Pasta nobody ordered.
      await wedgeScan(page, PASTA);
      await line(page, 'Pâtes complètes')
        .getByText(words(locale, 'web.hand.receive.outcome.unexpected'))
        .waitFor();
      await waiting(page, locale, 5);
      await screenshot(page, 'en', 'hand-receive-offline');

      // Reloaded with no network: the reception comes back from the events kept.
      await page.reload();
      await handReady(page);
      await waiting(page, locale, 5);
      await task(page, locale, 'receive');
      await page.getByRole('button', { name: words(locale, 'web.hand.receive.finish') }).click();
      const summary = page.getByRole('list', { name: words(locale, 'web.hand.receive.summary') });
      await summary.waitFor();
      expect(await summary.getByRole('listitem').allTextContents()).toEqual([
        words(locale, 'web.hand.receive.difference', {
          name: 'Savon de Marseille',
          outcome: words(locale, 'web.hand.receive.outcome.short'),
          expected: 4,
          received: 3,
        }),
        words(locale, 'web.hand.receive.difference', {
          name: 'Pâtes complètes',
          outcome: words(locale, 'web.hand.receive.outcome.unexpected'),
          expected: 0,
          received: 1,
        }),
      ]);
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await screenshot(page, 'en', 'hand-receive-summary');
      await page
        .getByRole('button', { name: words(locale, 'web.hand.receive.validateBackorder') })
        .dblclick();
      await page.getByText(words(locale, 'web.hand.receive.validated', { count: 2 })).waitFor();

      // Counting zone A1, blind, still offline: scans add up, one is undone.
      await task(page, locale, 'count');
      await page
        .getByRole('button', { name: words(locale, 'web.hand.count.zone', { zone: 'A1' }) })
        .click();
      await page
        .getByRole('heading', { name: words(locale, 'web.hand.count.title', { zone: 'A1' }) })
        .waitFor();
      await wedgeScan(page, LENTILS);
      await line(page, 'Lentilles vertes')
        .getByText(`${words(locale, 'web.hand.count.yourCount')}: 1`)
        .waitFor();
      await wedgeScan(page, LENTILS);
      await line(page, 'Lentilles vertes')
        .getByText(`${words(locale, 'web.hand.count.yourCount')}: 2`)
        .waitFor();
      await page.getByLabel(words(locale, 'web.hand.flow.quantity')).fill('4');
      await wedgeScan(page, SOAP);
      await line(page, 'Savon de Marseille')
        .getByText(`${words(locale, 'web.hand.count.yourCount')}: 4`)
        .waitFor();
      await page.getByRole('button', { name: 'Lentilles vertes' }).click();
      await line(page, 'Lentilles vertes')
        .getByRole('button', { name: words(locale, 'web.hand.count.undo', { quantity: 1 }) })
        .first()
        .click();
      await line(page, 'Lentilles vertes')
        .getByText(`${words(locale, 'web.hand.count.yourCount')}: 1`)
        .waitFor();
      // Blind: nothing the ledger expects is on screen.
      expect(await page.locator('main').textContent()).not.toContain(
        words(locale, 'web.hand.count.expected', { quantity: '' }).trim(),
      );
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await screenshot(page, 'en', 'hand-count-offline');
      await waiting(page, locale, 10);
      expect(await eventsOf(deviceId)).toHaveLength(3);

      // Online again: everything waiting goes, once.
      await context.setOffline(false);
      await waiting(page, locale, 0);
      const events = await eventsOf(deviceId);
      expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
      expect(events.map((event) => event.kind)).toEqual([
        'reception.open',
        ...Array<string>(7).fill('reception.line'),
        'reception.validate',
        'count.scan',
        'count.scan',
        'count.scan',
        'count.undo',
      ]);
      const moves = await server.store.query<{ productId: number; quantity: number }>(
        `SELECT product_id AS "productId", quantity FROM stock_moves WHERE ref LIKE 'reception:%' ORDER BY product_id`,
      );
      expect(moves).toEqual([
        { productId: 1, quantity: 6000 },
        { productId: 2, quantity: 3000 },
        { productId: 3, quantity: 3000 },
        { productId: 4, quantity: 1000 },
      ]);
      const results = await server.store.query<{ productId: number; outcome: string }>(
        `SELECT product_id AS "productId", outcome FROM reception_results ORDER BY product_id`,
      );
      expect(results).toEqual([
        { productId: 1, outcome: 'ok' },
        { productId: 2, outcome: 'short' },
        { productId: 3, outcome: 'ok' },
        { productId: 4, outcome: 'unexpected' },
      ]);
      const [po] = await server.store.query<{ status: string }>(
        'SELECT status FROM purchase_orders WHERE id = $1',
        [orderId],
      );
      expect(po?.status).toBe('partly_received');
      const scans = await server.store.query<{
        productId: number;
        quantity: number;
        undone: boolean;
      }>(
        `SELECT product_id AS "productId", quantity, undone_by IS NOT NULL AS undone
           FROM inventory_scans WHERE inventory_id = $1 ORDER BY id`,
        [zoneA1],
      );
      expect(scans).toEqual([
        { productId: 1, quantity: 1000, undone: false },
        { productId: 1, quantity: 1000, undone: true },
        { productId: 2, quantity: 4000, undone: false },
      ]);
    } finally {
      await context.close();
    }
  }, 180_000);
  it('gives a line the counters disagreed on back to its counter, with the figure expected then', async () => {
    const locale = 'en';
    // Another counter found 20 lentils in A1 where this one found 1: a recount.
    const other = await signedIn(server, ['stock'], 'Yann');
    const sent = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers: other.headers,
      payload: {
        events: [
          device().event('count.scan', { inventoryId: zoneA1, productId: 1, quantity: 20_000 }),
        ],
      },
    });
    expect(sent.json<{ outcomes: { status: string }[] }>().outcomes[0]?.status).toBe('applied');
    const { context, page } = await signedInPhone(locale);
    try {
      await task(page, locale, 'count');
      await page
        .getByRole('button', { name: words(locale, 'web.hand.count.zone', { zone: 'A1' }) })
        .click();
      const recounts = page.getByRole('region', { name: words(locale, 'web.hand.count.recounts') });
      // 24 on the shelf before, 6 received: the ledger expects 30.
      await recounts
        .getByText(words(locale, 'web.hand.count.expected', { quantity: 30 }))
        .waitFor();
      await recounts.getByRole('button', { name: /Lentilles vertes/ }).click();
      await line(page, 'Lentilles vertes')
        .getByText(words(locale, 'web.hand.count.recounting'))
        .waitFor();
      await line(page, 'Lentilles vertes')
        .getByText(words(locale, 'web.hand.count.expected', { quantity: 30 }))
        .waitFor();
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await screenshot(page, 'en', 'hand-recount');
      await page.getByLabel(words(locale, 'web.hand.flow.quantity')).fill('29');
      await page
        .getByRole('button', { name: words(locale, 'web.hand.flow.add'), exact: true })
        .click();
      await line(page, 'Lentilles vertes')
        .getByText(`${words(locale, 'web.hand.count.yourCount')}: 29`)
        .waitFor();
      await waiting(page, locale, 0);
      // Once the server has it, the line leaves "To count again" and stays counted, as recounted.
      await recounts.waitFor({ state: 'detached' });
      await line(page, 'Lentilles vertes')
        .getByText(`${words(locale, 'web.hand.count.yourCount')}: 29`)
        .waitFor();
      const recounted = await server.store.query<{ quantity: number; pass: string }>(
        `SELECT quantity, pass FROM inventory_scans WHERE inventory_id = $1 AND pass = 'recount'`,
        [zoneA1],
      );
      expect(recounted).toEqual([{ quantity: 29_000, pass: 'recount' }]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('records a loss scanned and one picked from the near-expiry list, each taken off the ledger once', async () => {
    const locale = 'fr-BE';
    const { context, page } = await signedInPhone(locale);
    try {
      await task(page, locale, 'loss');
      await page.getByText(words(locale, 'web.hand.loss.hint')).waitFor();
      // A bar of soap broken: scanned, one piece when nothing is typed.
      await wedgeScan(page, SOAP);
      await line(page, 'Savon de Marseille').waitFor();
      await page.getByRole('button', { name: words(locale, 'web.hand.loss.record') }).click();
      await page.getByRole('alert').getByText(words(locale, 'web.hand.loss.pickReason')).waitFor();
      await page
        .getByRole('button', { name: words(locale, 'web.hand.loss.reason.breakage') })
        .click();
      await page.getByRole('button', { name: words(locale, 'web.hand.loss.record') }).click();
      await page
        .getByText(
          words(locale, 'web.hand.loss.recorded', { quantity: 1, name: 'Savon de Marseille' }),
        )
        .waitFor();
      // Rice near its date, picked from the list: the reason is its date, two bags go.
      await page.getByRole('button', { name: /Riz complet/ }).click();
      await expect
        .poll(() =>
          page
            .getByRole('button', { name: words(locale, 'web.hand.loss.reason.expiry') })
            .getAttribute('aria-pressed'),
        )
        .toBe('true');
      await page.getByLabel(words(locale, 'web.hand.flow.quantity')).fill('2');
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await screenshot(page, 'fr', 'hand-loss');
      await page.getByRole('button', { name: words(locale, 'web.hand.loss.record') }).click();
      await page
        .getByText(words(locale, 'web.hand.loss.recorded', { quantity: 2, name: 'Riz complet' }))
        .waitFor();
      await waiting(page, locale, 0);
      const wasted = await server.store.query<{ productId: number; quantity: number; ref: string }>(
        `SELECT product_id AS "productId", quantity, ref FROM stock_moves WHERE kind = 'waste' ORDER BY id`,
      );
      expect(wasted).toEqual([
        { productId: 2, quantity: -1000, ref: 'loss:breakage' },
        { productId: 3, quantity: -2000, ref: 'loss:expiry' },
      ]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('receives a delivery with no order, keeping a code nobody knows for a manager', async () => {
    const locale = 'nl-BE';
    const unknown = '5499999999990';
    const { context, page } = await signedInPhone(locale);
    try {
      await task(page, locale, 'receive');
      await page.getByRole('button', { name: words(locale, 'web.hand.receive.noOrder') }).click();
      await page
        .getByRole('heading', { name: words(locale, 'web.hand.receive.titleNoOrder') })
        .waitFor();
      await page.getByLabel(words(locale, 'web.hand.code')).fill(PASTA);
      await page.getByRole('button', { name: words(locale, 'web.hand.find'), exact: true }).click();
      await line(page, 'Volkorenpasta')
        .getByText(words(locale, 'web.hand.receive.outcome.ok'))
        .waitFor();
      await wedgeScan(page, unknown);
      await page.getByText(words(locale, 'web.hand.receive.unknown', { code: unknown })).waitFor();
      await page
        .getByRole('button', {
          name: words(locale, 'web.hand.receive.keepUnknown', { code: unknown, quantity: 1 }),
        })
        .dblclick();
      await page
        .getByRole('heading', { name: words(locale, 'web.hand.receive.unknownCodes') })
        .waitFor();
      await page.getByRole('button', { name: words(locale, 'web.hand.receive.finish') }).click();
      const summary = page.getByRole('list', { name: words(locale, 'web.hand.receive.summary') });
      expect(await summary.getByRole('listitem').allTextContents()).toEqual([
        words(locale, 'web.hand.receive.unknownLine', { code: unknown, received: 1 }),
      ]);
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await screenshot(page, 'nl', 'hand-receive-no-order');
      await page.getByRole('button', { name: words(locale, 'web.hand.receive.validate') }).click();
      await page.getByText(words(locale, 'web.hand.receive.validated', { count: 1 })).waitFor();
      await waiting(page, locale, 0);
      const kept = await server.store.query<{ barcode: string; quantity: number }>(
        'SELECT barcode, quantity FROM unknown_barcodes',
      );
      expect(kept).toEqual([{ barcode: unknown, quantity: 1000 }]);
      const moves = await server.store.query<{ quantity: number }>(
        `SELECT m.quantity FROM stock_moves m JOIN receptions r ON m.ref = 'reception:' || r.id
          WHERE r.order_id IS NULL`,
      );
      expect(moves).toEqual([{ quantity: 1000 }]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('says each flow in French, Dutch and English', async () => {
    for (const locale of LOCALES) {
      const { context, page } = await signedInPhone(locale);
      try {
        await task(page, locale, 'receive');
        await page.getByRole('heading', { name: words(locale, 'web.hand.receive.pick') }).waitFor();
        await page
          .getByRole('button', { name: words(locale, 'web.hand.receive.noOrder') })
          .waitFor();
        await expect(seriousViolations(page)).resolves.toEqual([]);
        await screenshot(page, locale.slice(0, 2), 'hand-receive-pick');
        await task(page, locale, 'count');
        await page.getByRole('heading', { name: words(locale, 'web.hand.count.pick') }).waitFor();
        await page
          .getByRole('button', { name: words(locale, 'web.hand.count.zone', { zone: 'A2' }) })
          .waitFor();
        await task(page, locale, 'loss');
        await page.getByText(words(locale, 'web.hand.loss.hint')).waitFor();
        await page.getByText(words(locale, 'web.hand.loss.nearExpiry')).waitFor();
        await expect(seriousViolations(page)).resolves.toEqual([]);
        if (locale === 'en') {
          // And at a tablet's size.
          await page.setViewportSize({ width: 800, height: 1280 });
          await task(page, locale, 'receive');
          await page
            .getByRole('heading', { name: words(locale, 'web.hand.receive.pick') })
            .waitFor();
          await expect(seriousViolations(page)).resolves.toEqual([]);
          await screenshot(page, 'en', 'hand-receive-pick-tablet');
        }
      } finally {
        await context.close();
      }
    }
  }, 180_000);
});
