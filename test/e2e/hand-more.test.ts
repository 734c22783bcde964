import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { screenshot, seriousViolations, wedgeScan } from './support/page';
import {
  addPeople,
  buildWebApps,
  fillHandSignIn,
  handDeviceId,
  handReady,
  handStatus,
  handWaiting,
  handWorkerReady,
  newHandPhone,
  openPhoneProfile,
  signInToHand,
  words,
  type HandPerson,
} from './support/web';
import { startTestServer, type TestServer } from '../support/server';
import { device, seedStockShop, seedSupplier, signedIn } from '../support/stock';
import type { Locale } from '../../domain/money';

/** An EAN-13 with its check digit, from its first twelve digits. */
function ean13(first12: string): string {
  const sum = [...first12].reduce((total, digit, index) => {
    return total + Number(digit) * (index % 2 === 0 ? 1 : 3);
  }, 0);
  return `${first12}${(10 - (sum % 10)) % 10}`;
}
const codeOf = (productId: number) => ean13(`541000000${String(productId).padStart(3, '0')}`);

const PIECE = 1000;
/** The 40 products of the big delivery, and what each line of its order asks for. */
const DELIVERY = Array.from({ length: 40 }, (_, index) => {
  const id = 101 + index;
  return { id, name: `Produit ${id}`, ordered: ((index % 4) + 2) * PIECE };
});
const SHORT = 105;
const MISSING = 110;
const OVER = 120;

const EN: HandPerson = { badge: 'H000', pin: '4321', locale: 'en' };
const FR: HandPerson = { badge: 'H001', pin: '4321', locale: 'fr-BE' };
const NL: HandPerson = { badge: 'H002', pin: '4321', locale: 'nl-BE' };

describe('the handheld at work: a big delivery, a browser killed offline, two counters, a substitute', () => {
  let server: TestServer;
  let browser: Browser;
  let webDir: string;
  let manager: { headers: Record<string, string> };
  let supplierId: number;
  let zoneC1: number;
  let zoneC2: number;

  beforeAll(async () => {
    webDir = buildWebApps();
    server = await startTestServer('pglite', { webDir });
    await seedStockShop(server.store, [
      { id: 1, name: 'Lentilles vertes', nameNl: 'Groene linzen', price: 349, zone: 'C1' },
      { id: 2, name: 'Savon de Marseille', nameNl: 'Marseillezeep', price: 250, zone: 'C1' },
      { id: 3, name: 'Riz complet', nameNl: 'Volkorenrijst', price: 289, zone: 'C2' },
      { id: 4, name: 'Pâtes complètes', nameNl: 'Volkorenpasta', price: 199, zone: 'C2' },
      { id: 5, name: 'Farine de blé', nameNl: 'Tarwebloem', price: 159, zone: 'C2' },
      { id: 6, name: 'Huile d’olive', nameNl: 'Olijfolie', price: 899, zone: 'D1' },
      { id: 7, name: 'Huile de tournesol', nameNl: 'Zonnebloemolie', price: 399, zone: 'D1' },
      ...DELIVERY.map((p) => ({ id: p.id, name: p.name, price: 100 + p.id, zone: 'R' })),
    ]);
    for (const id of [1, 2, 3, 4, 5, 6, 7, ...DELIVERY.map((p) => p.id)]) {
      await server.store.query('UPDATE products SET barcodes = $2 WHERE id = $1', [
        id,
        [codeOf(id)],
      ]);
    }
    supplierId = await seedSupplier(server.store, { name: 'Biofresh' });
    for (const id of [1, 2, 6, ...DELIVERY.map((p) => p.id)]) {
      await server.store.query(
        `INSERT INTO supplier_products (supplier_id, product_id, supplier_code, pack_size, cost, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'now')`,
        [supplierId, id, `BF-${id}`, PIECE, 80],
      );
    }
    await addPeople(server, [
      { name: 'Stock en', roles: ['stock'], locale: 'en', badge: 'H000', pin: '4321' },
      { name: 'Stock fr', roles: ['stock'], locale: 'fr-BE', badge: 'H001', pin: '4321' },
      { name: 'Stock nl', roles: ['stock'], locale: 'nl-BE', badge: 'H002', pin: '4321' },
    ]);
    manager = await signedIn(server, ['manager'], 'Manon');
    const zone = async (name: string) => {
      const opened = await server.app.inject({
        method: 'POST',
        url: '/v1/stock/inventories',
        headers: manager.headers,
        payload: { zone: name },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      return opened.json<{ id: number }>().id;
    };
    zoneC1 = await zone('C1');
    zoneC2 = await zone('C2');
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  /** A purchase order written and sent by the buyer through the API; its id. */
  async function sentOrder(lines: { productId: number; quantity: number }[]): Promise<number> {
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/purchasing/orders',
      headers: manager.headers,
      payload: { supplierId, lines },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: number }>().id;
    const sent = await server.app.inject({
      method: 'POST',
      url: `/v1/purchasing/orders/${id}/send`,
      headers: manager.headers,
      payload: { by: 'download' },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    return id;
  }

  const task = (page: Page, locale: Locale, name: string) =>
    page.getByRole('button', { name: words(locale, `web.hand.task.${name}`), exact: true }).click();
  const line = (page: Page, name: string) => page.getByRole('article', { name });
  const counted = (page: Page, locale: Locale, name: string, quantity: number) =>
    line(page, name).getByText(`${words(locale, 'web.hand.count.yourCount')}: ${quantity}`);

  async function pickOrder(page: Page, locale: Locale, orderId: number) {
    const title = words(locale, 'web.hand.receive.order', { id: orderId, supplier: 'Biofresh' });
    await page.locator('.hand-matches__pick', { hasText: title }).click();
    await page.getByRole('heading', { name: title }).waitFor();
  }

  async function pickZone(page: Page, locale: Locale, zone: string) {
    await page
      .getByRole('button', { name: words(locale, 'web.hand.count.zone', { zone }) })
      .click();
    await page
      .getByRole('heading', { name: words(locale, 'web.hand.count.title', { zone }) })
      .waitFor();
  }

  const eventsOf = (deviceId: string) =>
    server.store.query<{ seq: number; kind: string; uuid: string }>(
      `SELECT device_seq::int AS seq, kind, uuid::text AS uuid FROM stock_events
        WHERE device_id = $1 ORDER BY device_seq`,
      [deviceId],
    );

  /** What the device holds in its outbox, as the server should have it. */
  const outboxOf = (page: Page) =>
    page.evaluate<{ seq: number; kind: string; uuid: string }[]>(`new Promise((resolve, reject) => {
      const open = indexedDB.open('emm-hand');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const read = open.result.transaction('outbox').objectStore('outbox').getAll();
        read.onsuccess = () => resolve(read.result
          .map((row) => ({ seq: row.seq, kind: row.kind, uuid: row.uuid }))
          .sort((a, b) => a.seq - b.seq));
      };
    })`);

  /** The ledger's deliveries of a reception, product by product. */
  const deliveredBy = (orderId: number) =>
    server.store.query<{ productId: number; quantity: number; moves: number }>(
      `SELECT m.product_id AS "productId", sum(m.quantity)::int AS quantity, count(*)::int AS moves
         FROM stock_moves m JOIN receptions r ON m.ref = 'reception:' || r.id
        WHERE r.order_id = $1 GROUP BY m.product_id ORDER BY m.product_id`,
      [orderId],
    );

  it('receives a 40-line delivery with three differences: the ledger holds each unit once', async () => {
    const locale = 'fr-BE';
    const orderId = await sentOrder(
      DELIVERY.map((p) => ({ productId: p.id, quantity: p.ordered })),
    );
    const { context, page } = await newHandPhone(browser, server, FR);
    try {
      await task(page, locale, 'receive');
      await pickOrder(page, locale, orderId);
      const received = new Map<number, number>();
      for (const product of DELIVERY) {
        if (product.id === MISSING) continue;
        const ordered = product.ordered / PIECE;
        await wedgeScan(page, codeOf(product.id));
        await line(page, product.name)
          .getByText(words(locale, 'web.hand.receive.line', { received: 1, expected: ordered }))
          .waitFor();
        let got = 1;
        if (product.id !== SHORT) {
          // What is still missing of this one line copied; a double tap is one act.
          await page
            .getByRole('button', {
              name: words(locale, 'web.hand.receive.copyExpected', { quantity: ordered - 1 }),
            })
            .dblclick();
          got = ordered;
        }
        if (product.id === OVER) {
          await line(page, product.name)
            .getByText(words(locale, 'web.hand.receive.line', { received: got, expected: ordered }))
            .waitFor();
          await line(page, product.name)
            .getByRole('button', { name: words(locale, 'web.hand.flow.plusOne'), exact: true })
            .click();
          got += 1;
        }
        await line(page, product.name)
          .getByText(words(locale, 'web.hand.receive.line', { received: got, expected: ordered }))
          .waitFor();
        received.set(product.id, got);
      }
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await screenshot(page, 'fr', 'hand-receive-40-lines');
      await page.getByRole('button', { name: words(locale, 'web.hand.receive.finish') }).click();
      const summary = page.getByRole('list', { name: words(locale, 'web.hand.receive.summary') });
      const orderedOf = (id: number) => (DELIVERY.find((p) => p.id === id)?.ordered ?? 0) / PIECE;
      const difference = (id: number, outcome: string, got: number) =>
        words(locale, 'web.hand.receive.difference', {
          name: `Produit ${id}`,
          outcome: words(locale, `web.hand.receive.outcome.${outcome}`),
          expected: orderedOf(id),
          received: got,
        });
      expect(await summary.getByRole('listitem').allTextContents()).toEqual([
        difference(SHORT, 'short', 1),
        difference(MISSING, 'missing', 0),
        difference(OVER, 'over', orderedOf(OVER) + 1),
      ]);
      await screenshot(page, 'fr', 'hand-receive-40-summary');
      await page
        .getByRole('button', { name: words(locale, 'web.hand.receive.validateBackorder') })
        .dblclick();
      await page.getByText(words(locale, 'web.hand.receive.validated', { count: 3 })).waitFor();
      await handWaiting(page, locale, 0);

      // Each event the phone wrote is on the server once, in the phone's order.
      const deviceId = await handDeviceId(page);
      const sent = await eventsOf(deviceId);
      expect(sent).toEqual(await outboxOf(page));
      expect(sent.filter((event) => event.kind === 'reception.validate')).toHaveLength(1);
      // 39 products scanned; 38 of them copied, one more for the over: 1 + 39 + 38 + 1 + 1.
      expect(sent).toHaveLength(80);
      // The ledger, to the unit: what came of each product, in one delivery move each.
      expect(await deliveredBy(orderId)).toEqual(
        [...received].map(([productId, got]) => ({
          productId,
          quantity: got * PIECE,
          moves: 1,
        })),
      );
      const [order] = await server.store.query<{ status: string }>(
        'SELECT status FROM purchase_orders WHERE id = $1',
        [orderId],
      );
      expect(order?.status).toBe('partly_received');
    } finally {
      await context.close();
    }
  }, 400_000);

  it('keeps a reception and a count under way across the browser killed and reopened offline, and sends each scan once', async () => {
    const locale = 'nl-BE';
    const orderId = await sentOrder([
      { productId: 1, quantity: 3 * PIECE },
      { productId: 2, quantity: 2 * PIECE },
    ]);
    const profile = mkdtempSync(join(tmpdir(), 'emm-hand-more-profile-'));
    try {
      let context = await openPhoneProfile(profile);
      let page = context.pages()[0] ?? (await context.newPage());
      await signInToHand(page, server, NL);
      await handWorkerReady(page);
      await context.setOffline(true);
      await expect
        .poll(() => handStatus(page).textContent())
        .toContain(words(locale, 'web.hand.offline'));

      // Half a delivery received and half a zone counted, offline.
      await task(page, locale, 'receive');
      await pickOrder(page, locale, orderId);
      await wedgeScan(page, codeOf(1));
      await line(page, 'Groene linzen')
        .getByText(words(locale, 'web.hand.receive.line', { received: 1, expected: 3 }))
        .waitFor();
      await wedgeScan(page, codeOf(1));
      await line(page, 'Groene linzen')
        .getByText(words(locale, 'web.hand.receive.line', { received: 2, expected: 3 }))
        .waitFor();
      await task(page, locale, 'count');
      await pickZone(page, locale, 'C1');
      await wedgeScan(page, codeOf(2));
      await counted(page, locale, 'Marseillezeep', 1).waitFor();
      await page.getByLabel(words(locale, 'web.hand.flow.quantity')).fill('4');
      await page
        .getByRole('button', { name: words(locale, 'web.hand.flow.add'), exact: true })
        .click();
      await counted(page, locale, 'Marseillezeep', 5).waitFor();
      await handWaiting(page, locale, 5);
      const deviceId = await handDeviceId(page);
      // The battery dies.
      await context.close();

      // Reopened with no network: the reception and the count are where they were.
      context = await openPhoneProfile(profile);
      await context.setOffline(true);
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${server.url}/hand/`);
      await handReady(page);
      await handWaiting(page, locale, 5);
      await task(page, locale, 'receive');
      await page
        .getByRole('heading', {
          name: words(locale, 'web.hand.receive.order', { id: orderId, supplier: 'Biofresh' }),
        })
        .waitFor();
      await page.getByRole('button', { name: /Groene linzen/ }).click();
      await line(page, 'Groene linzen')
        .getByText(words(locale, 'web.hand.receive.line', { received: 2, expected: 3 }))
        .waitFor();
      await wedgeScan(page, codeOf(1));
      await line(page, 'Groene linzen')
        .getByText(words(locale, 'web.hand.receive.line', { received: 3, expected: 3 }))
        .waitFor();
      await wedgeScan(page, codeOf(2));
      await page
        .getByRole('button', {
          name: words(locale, 'web.hand.receive.copyExpected', { quantity: 1 }),
        })
        .click();
      await line(page, 'Marseillezeep')
        .getByText(words(locale, 'web.hand.receive.line', { received: 2, expected: 2 }))
        .waitFor();
      await page.getByRole('button', { name: words(locale, 'web.hand.receive.finish') }).click();
      await page.getByText(words(locale, 'web.hand.receive.noDifferences')).waitFor();
      await page.getByRole('button', { name: words(locale, 'web.hand.receive.validate') }).click();
      await page.getByText(words(locale, 'web.hand.receive.validated', { count: 0 })).waitFor();
      await task(page, locale, 'count');
      await page
        .getByRole('heading', { name: words(locale, 'web.hand.count.title', { zone: 'C1' }) })
        .waitFor();
      await page.getByRole('button', { name: /Marseillezeep/ }).click();
      await counted(page, locale, 'Marseillezeep', 5).waitFor();
      await wedgeScan(page, codeOf(1));
      await counted(page, locale, 'Groene linzen', 1).waitFor();
      await handWaiting(page, locale, 10);
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await screenshot(page, 'nl', 'hand-count-reopened-offline');

      // Online: the session ended with the browser (or Chromium kept its cookie): either way,
      // once signed in again, everything waiting goes, once.
      await context.setOffline(false);
      const ended = page
        .getByRole('status')
        .filter({ hasText: words(locale, 'web.hand.sessionEnded') });
      const allSent = handStatus(page).filter({
        hasText: words(locale, 'web.hand.waiting', { count: 0 }),
      });
      await ended.or(allSent).first().waitFor({ timeout: 60_000 });
      if (await ended.isVisible()) await fillHandSignIn(page, NL);
      await handWaiting(page, locale, 0);
      const sent = await eventsOf(deviceId);
      expect(sent).toEqual(await outboxOf(page));
      expect(sent.map((event) => event.kind)).toEqual([
        'reception.open',
        'reception.line',
        'reception.line',
        'count.scan',
        'count.scan',
        'reception.line',
        'reception.line',
        'reception.line',
        'reception.validate',
        'count.scan',
      ]);
      await context.close();
      expect(await deliveredBy(orderId)).toEqual([
        { productId: 1, quantity: 3 * PIECE, moves: 1 },
        { productId: 2, quantity: 2 * PIECE, moves: 1 },
      ]);
      const scans = await server.store.query<{ productId: number; quantity: number }>(
        `SELECT product_id AS "productId", quantity FROM inventory_scans
          WHERE inventory_id = $1 ORDER BY id`,
        [zoneC1],
      );
      expect(scans).toEqual([
        { productId: 2, quantity: 1 * PIECE },
        { productId: 2, quantity: 4 * PIECE },
        { productId: 1, quantity: 1 * PIECE },
      ]);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 300_000);

  it('lets two handhelds count one zone at once: their counts merge, each recount goes to who counted it', async () => {
    // A third counter, earlier, found 9 bags of flour.
    const zoé = await signedIn(server, ['stock'], 'Zoé');
    const early = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers: zoé.headers,
      payload: {
        events: [
          device().event('count.scan', { inventoryId: zoneC2, productId: 5, quantity: 9 * PIECE }),
        ],
      },
    });
    expect(early.json<{ outcomes: { status: string }[] }>().outcomes[0]?.status).toBe('applied');
    const a = await newHandPhone(browser, server, EN);
    const b = await newHandPhone(browser, server, FR);
    try {
      await task(a.page, 'en', 'count');
      await task(b.page, 'fr-BE', 'count');
      await pickZone(a.page, 'en', 'C2');
      await pickZone(b.page, 'fr-BE', 'C2');
      // Rice, scanned in turns on both: they agree on 2.
      for (const n of [1, 2]) {
        await wedgeScan(a.page, codeOf(3));
        await wedgeScan(b.page, codeOf(3));
        await counted(a.page, 'en', 'Riz complet', n).waitFor();
        await counted(b.page, 'fr-BE', 'Riz complet', n).waitFor();
      }
      // Pasta: 3 here, 6 there. Flour: 1 on the second phone (9 for the third counter).
      await a.page.getByLabel(words('en', 'web.hand.flow.quantity')).fill('3');
      await wedgeScan(a.page, codeOf(4));
      await b.page.getByLabel(words('fr-BE', 'web.hand.flow.quantity')).fill('6');
      await wedgeScan(b.page, codeOf(4));
      // Read on the server, not on the phones: once both counts of a product are in, it goes to
      // a recount and each phone may show its new pass (nothing counted yet) before the first.
      const firstPass = async (productId: number) =>
        (
          await server.store.query<{ total: number }>(
            `SELECT coalesce(sum(quantity), 0)::int AS total FROM inventory_scans
              WHERE inventory_id = $1 AND product_id = $2 AND pass = 'first' AND undone_by IS NULL`,
            [zoneC2, productId],
          )
        )[0]?.total;
      await expect.poll(() => firstPass(4), { timeout: 30_000 }).toBe(9 * PIECE);
      await handWaiting(a.page, 'en', 0);
      await wedgeScan(b.page, codeOf(5));
      await expect.poll(() => firstPass(5), { timeout: 30_000 }).toBe(10 * PIECE);
      await handWaiting(b.page, 'fr-BE', 0);

      // Both counts are the server's, each under its counter.
      const firsts = await server.store.query<{
        productId: number;
        total: number;
        counters: number;
      }>(
        `SELECT product_id AS "productId", sum(quantity)::int AS total,
                count(DISTINCT counter)::int AS counters
           FROM inventory_scans WHERE inventory_id = $1 AND pass = 'first' AND undone_by IS NULL
          GROUP BY product_id ORDER BY product_id`,
        [zoneC2],
      );
      expect(firsts).toEqual([
        { productId: 3, total: 4 * PIECE, counters: 2 },
        { productId: 4, total: 9 * PIECE, counters: 2 },
        { productId: 5, total: 10 * PIECE, counters: 2 },
      ]);

      // Each phone gets back what it counted and others saw otherwise, and nothing else.
      // Read once the list holds as many as expected: the phone asks for its work again after
      // each send, so the list may still be the one from before the last scan's answer.
      const recountsOf = async (page: Page, locale: Locale, expected: number) => {
        const region = page.getByRole('region', { name: words(locale, 'web.hand.count.recounts') });
        await region.waitFor();
        const buttons = region.getByRole('button');
        await expect.poll(() => buttons.count(), { timeout: 20_000 }).toBe(expected);
        return (await buttons.allTextContents()).map((text) => text.replace(/\s+/g, ' '));
      };
      // The first phone heard of the pasta only when it asks the server again: reopened.
      await a.page.reload();
      await handReady(a.page);
      await task(a.page, 'en', 'count');
      const forA = await recountsOf(a.page, 'en', 1);
      expect(forA).toHaveLength(1);
      expect(forA[0]).toContain('Pâtes complètes');
      expect(forA[0]).toContain(words('en', 'web.hand.count.expected', { quantity: 0 }));
      const forB = await recountsOf(b.page, 'fr-BE', 2);
      expect(forB).toHaveLength(2);
      expect(forB[0]).toContain('Pâtes complètes');
      expect(forB[1]).toContain('Farine de blé');
      await expect(seriousViolations(b.page)).resolves.toEqual([]);
      await screenshot(b.page, 'fr', 'hand-count-two-phones');

      // Both recount the pasta: 4 each, now they agree.
      for (const [page, locale] of [
        [a.page, 'en'],
        [b.page, 'fr-BE'],
      ] as const) {
        await page
          .getByRole('region', { name: words(locale, 'web.hand.count.recounts') })
          .getByRole('button', { name: /Pâtes complètes/ })
          .click();
        await page.getByLabel(words(locale, 'web.hand.flow.quantity')).fill('4');
        await page
          .getByRole('button', { name: words(locale, 'web.hand.flow.add'), exact: true })
          .click();
        await counted(page, locale, 'Pâtes complètes', 4).waitFor();
        await handWaiting(page, locale, 0);
      }
      const recounted = await server.store.query<{ productId: number; quantity: number }>(
        `SELECT product_id AS "productId", quantity FROM inventory_scans
          WHERE inventory_id = $1 AND pass = 'recount' ORDER BY id`,
        [zoneC2],
      );
      expect(recounted).toEqual([
        { productId: 4, quantity: 4 * PIECE },
        { productId: 4, quantity: 4 * PIECE },
      ]);
    } finally {
      await a.context.close();
      await b.context.close();
    }
  }, 300_000);

  it('records a product that came in place of an ordered one', async () => {
    const locale = 'en';
    const orderId = await sentOrder([{ productId: 6, quantity: 4 * PIECE }]);
    const { context, page } = await newHandPhone(browser, server, EN);
    try {
      await task(page, locale, 'receive');
      await pickOrder(page, locale, orderId);
      // Sunflower oil came instead of the olive oil ordered.
      await wedgeScan(page, codeOf(7));
      await line(page, 'Huile de tournesol')
        .getByText(words(locale, 'web.hand.receive.outcome.unexpected'))
        .waitFor();
      await page.getByLabel(words(locale, 'web.hand.flow.quantity')).fill('3');
      await page
        .getByRole('button', { name: words(locale, 'web.hand.flow.add'), exact: true })
        .click();
      await line(page, 'Huile de tournesol')
        .getByText(`${words(locale, 'web.hand.receive.received')}: 4`)
        .waitFor();
      await line(page, 'Huile de tournesol')
        .getByLabel(words(locale, 'web.hand.receive.inPlaceOf'))
        .selectOption({ label: 'Huile d’olive' });
      await line(page, 'Huile de tournesol')
        .getByText(words(locale, 'web.hand.receive.outcome.substituted'))
        .waitFor();
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await screenshot(page, 'en', 'hand-receive-substitute');
      await page.getByRole('button', { name: words(locale, 'web.hand.receive.finish') }).click();
      const summary = page.getByRole('list', { name: words(locale, 'web.hand.receive.summary') });
      expect(await summary.getByRole('listitem').allTextContents()).toContain(
        words(locale, 'web.hand.receive.difference', {
          name: 'Huile de tournesol',
          outcome: words(locale, 'web.hand.receive.outcome.substituted'),
          expected: 0,
          received: 4,
        }),
      );
      await page
        .getByRole('button', { name: /^Validate/ })
        .first()
        .click();
      // How many differences the banner counts is the ordered line's settlement: not ours here.
      const [validated] = words(locale, 'web.hand.receive.validated', { count: '#' }).split('#');
      await page.getByText(validated ?? '').waitFor();
      await handWaiting(page, locale, 0);
      const lines = await server.store.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM stock_events WHERE device_id = $1 AND kind = 'reception.line'
          ORDER BY device_seq`,
        [await handDeviceId(page)],
      );
      expect(lines.map((row) => row.payload)).toEqual([
        expect.objectContaining({ productId: 7, quantity: 1 * PIECE }),
        expect.objectContaining({ productId: 7, quantity: 3 * PIECE }),
        expect.objectContaining({ productId: 7, quantity: 0, substitutes: 6 }),
      ]);
      // The substitute is on the shelf: four bottles in the ledger, once.
      const moves = await deliveredBy(orderId);
      expect(moves.filter((move) => move.productId === 7)).toEqual([
        { productId: 7, quantity: 4 * PIECE, moves: 1 },
      ]);
    } finally {
      await context.close();
    }
  }, 240_000);
  it('cancels a reception opened by mistake, after asking: nothing received, the order free again', async () => {
    const locale = 'en';
    const orderId = await sentOrder([{ productId: 6, quantity: 2 * PIECE }]);
    const { context, page } = await newHandPhone(browser, server, EN);
    try {
      await task(page, locale, 'receive');
      await pickOrder(page, locale, orderId);
      await wedgeScan(page, codeOf(6));
      await line(page, 'Huile d’olive')
        .getByText(words(locale, 'web.hand.receive.line', { received: 1, expected: 2 }))
        .waitFor();
      await page.getByRole('button', { name: words(locale, 'web.hand.receive.cancel') }).click();
      const ask = page.getByRole('alertdialog', {
        name: words(locale, 'web.hand.receive.cancelAsk'),
      });
      await ask.waitFor();
      await ask.scrollIntoViewIfNeeded();
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await screenshot(page, 'en', 'hand-receive-cancel');
      // "No" leaves everything as it was.
      await ask.getByRole('button', { name: words(locale, 'web.hand.receive.cancelNo') }).click();
      await ask.waitFor({ state: 'detached' });
      await line(page, 'Huile d’olive')
        .getByText(words(locale, 'web.hand.receive.line', { received: 1, expected: 2 }))
        .waitFor();
      await page.getByRole('button', { name: words(locale, 'web.hand.receive.cancel') }).click();
      // A double tap on "Yes" is one cancel.
      await ask
        .getByRole('button', { name: words(locale, 'web.hand.receive.cancelYes') })
        .dblclick();
      await page.getByText(words(locale, 'web.hand.receive.cancelled')).waitFor();
      // The order can be picked again on this phone.
      await page
        .locator('.hand-matches__pick', {
          hasText: words(locale, 'web.hand.receive.order', { id: orderId, supplier: 'Biofresh' }),
        })
        .waitFor();
      await handWaiting(page, locale, 0);
      const sent = await eventsOf(await handDeviceId(page));
      expect(sent.map((event) => event.kind)).toEqual([
        'reception.open',
        'reception.line',
        'reception.cancel',
      ]);
      const receptions = await server.store.query<{ status: string }>(
        'SELECT status FROM receptions WHERE order_id = $1',
        [orderId],
      );
      expect(receptions).toEqual([{ status: 'cancelled' }]);
      expect(await deliveredBy(orderId)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('says in the flow itself, in words, when the server refuses to open a reception', async () => {
    const locale = 'fr-BE';
    const orderId = await sentOrder([{ productId: 6, quantity: 3 * PIECE }]);
    const { context, page } = await newHandPhone(browser, server, FR);
    try {
      await task(page, locale, 'receive');
      // Meanwhile another phone opened the same order: this one does not know yet.
      const other = await signedIn(server, ['stock'], 'Yann');
      const first = await server.app.inject({
        method: 'POST',
        url: '/v1/stock/events',
        headers: other.headers,
        payload: {
          events: [device().event('reception.open', { reception: crypto.randomUUID(), orderId })],
        },
      });
      expect(first.json<{ outcomes: { status: string }[] }>().outcomes[0]?.status).toBe('applied');
      await page
        .locator('.hand-matches__pick', {
          hasText: words(locale, 'web.hand.receive.order', { id: orderId, supplier: 'Biofresh' }),
        })
        .click();
      const refusal = page
        .locator('.hand-flow')
        .getByRole('alert')
        .filter({
          hasText: words(locale, 'web.hand.flow.refusedAct', {
            act: words(locale, 'web.hand.flow.act.receptionOpen'),
            error: `Purchase order ${orderId} is being received already`,
          }),
        });
      await refusal.waitFor();
      // Back at the choice of a delivery, the refusal before the volunteer's eyes.
      await page.getByRole('heading', { name: words(locale, 'web.hand.receive.pick') }).waitFor();
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await screenshot(page, 'fr', 'hand-receive-refused');
      await refusal.getByRole('button', { name: words(locale, 'web.hand.understood') }).click();
      await refusal.waitFor({ state: 'detached' });
      await handWaiting(page, locale, 0);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('takes a best-before date while counting and losing: the near-expiry list shows it', async () => {
    const locale = 'nl-BE';
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const { context, page } = await newHandPhone(browser, server, NL);
    try {
      await task(page, locale, 'loss');
      await page.getByText(words(locale, 'web.hand.loss.noNearExpiry')).waitFor();
      await task(page, locale, 'count');
      await pickZone(page, locale, 'C1');
      // Two soaps on the shelf; the second one's date read and typed.
      await wedgeScan(page, codeOf(2));
      await counted(page, locale, 'Marseillezeep', 1).waitFor();
      await page.getByLabel(words(locale, 'web.hand.flow.bestBefore')).fill(soon);
      await page
        .getByRole('button', { name: words(locale, 'web.hand.flow.plusOne'), exact: true })
        .click();
      await counted(page, locale, 'Marseillezeep', 2).waitFor();
      const shown = new Intl.DateTimeFormat('nl-BE', { dateStyle: 'short', timeZone: 'UTC' });
      await line(page, 'Marseillezeep')
        .getByText(
          words(locale, 'web.hand.loss.bestBefore', {
            date: shown.format(new Date(`${soon}T00:00:00Z`)),
          }),
          { exact: false },
        )
        .waitFor();
      expect(await page.getByLabel(words(locale, 'web.hand.flow.bestBefore')).inputValue()).toBe(
        '',
      );
      await expect(seriousViolations(page)).resolves.toEqual([]);
      await screenshot(page, 'nl', 'hand-count-best-before');
      await handWaiting(page, locale, 0);

      // The loss flow lists it as near its date; one goes, with its own date.
      await task(page, locale, 'loss');
      await page.getByRole('button', { name: /Marseillezeep/ }).click();
      await page.getByLabel(words(locale, 'web.hand.flow.bestBefore')).fill(later);
      await page.getByRole('button', { name: words(locale, 'web.hand.loss.record') }).click();
      await page
        .getByText(words(locale, 'web.hand.loss.recorded', { quantity: 1, name: 'Marseillezeep' }))
        .waitFor();
      await handWaiting(page, locale, 0);
      const scans = await server.store.query<{ quantity: number; bestBefore: string | null }>(
        `SELECT quantity, best_before AS "bestBefore" FROM inventory_scans
          WHERE inventory_id = $1 AND product_id = 2 AND person_id IS NOT NULL
            AND event_uuid IN (SELECT uuid FROM stock_events WHERE device_id = $2)
          ORDER BY id`,
        [zoneC1, await handDeviceId(page)],
      );
      expect(scans).toEqual([
        { quantity: PIECE, bestBefore: null },
        { quantity: PIECE, bestBefore: soon },
      ]);
      const losses = await server.store.query<{ bestBefore: string | null; quantity: number }>(
        `SELECT best_before AS "bestBefore", quantity FROM losses WHERE product_id = 2`,
      );
      expect(losses).toEqual([{ bestBefore: later, quantity: PIECE }]);
    } finally {
      await context.close();
    }
  }, 240_000);
});
