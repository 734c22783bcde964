import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM, launchChromium } from './support/browser';
import { screenshot, seriousViolations, wedgeScan } from './support/page';
import { writeBarcodeVideo } from './support/barcode-video';
import {
  addPeople,
  buildWebApps,
  fillHandSignIn,
  handDeviceId,
  handReady,
  handStatus,
  handWorkerReady,
  newHandPhone,
  openPhoneProfile,
  PHONE,
  signInToHand,
  words,
} from './support/web';
import { startTestServer, type TestServer } from '../support/server';
import { seedStockShop } from '../support/stock';
import { formatMoney, LOCALES, type Locale } from '../../domain/money';

const LENTILS = '5410000000019';
const SOAP = '5410000000026';
const RICE = '5410000000033';

describe('the handheld in a phone-sized Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let webDir: string;
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
        netContent: 500_000,
        contentUnit: 'g',
      },
      {
        id: 2,
        name: 'Savon de Marseille',
        nameNl: 'Marseillezeep',
        price: 250,
        vat: 21,
        barcodes: [SOAP],
        zone: 'D4',
      },
      {
        id: 3,
        name: 'Riz complet',
        nameNl: 'Volkorenrijst',
        price: 289,
        barcodes: [RICE],
        zone: 'A2',
      },
    ]);
    await server.store.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES (1, 24000, 'delivery', '2026-12-01T08:00:00Z')`,
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
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const person = (locale: Locale) => ({
    badge: `H00${LOCALES.indexOf(locale)}`,
    pin: '4321',
    locale,
  });
  const signedInPhone = (locale: Locale) => newHandPhone(browser, server, person(locale));
  const ready = handReady;
  const status = handStatus;

  async function queuedHere(deviceId: string) {
    return server.store.query<{ seq: number; productId: number }>(
      `SELECT device_seq::int AS seq, (payload->>'productId')::int AS "productId" FROM stock_events
        WHERE device_id = $1 AND kind = 'label.queue' ORDER BY device_seq`,
      [deviceId],
    );
  }

  it('queues labels with the network cut half-way and the page reloaded offline: each arrives once', async () => {
    const locale = 'en';
    const { context, page } = await signedInPhone(locale);
    try {
      await handWorkerReady(page);
      await expect
        .poll(() => status(page).textContent())
        .toContain(words(locale, 'web.hand.online'));
      await page.getByRole('button', { name: words(locale, 'web.hand.task.labels') }).click();

      // Online: a scan with the wedge scanner is queued and sent.
      await wedgeScan(page, LENTILS);
      await page
        .getByText(words(locale, 'web.hand.labelQueued', { name: 'Lentilles vertes' }))
        .waitFor();
      await expect
        .poll(() => status(page).textContent())
        .toContain(words(locale, 'web.hand.waiting', { count: 0 }));
      const deviceId = await handDeviceId(page);

      expect(await queuedHere(deviceId)).toEqual([{ seq: 1, productId: 1 }]);

      // The network drops: scanning goes on, and each scan waits on the device.
      await context.setOffline(true);
      await expect
        .poll(() => status(page).textContent())
        .toContain(words(locale, 'web.hand.offline'));
      await wedgeScan(page, SOAP);
      await page
        .getByText(words(locale, 'web.hand.labelQueued', { name: 'Savon de Marseille' }))
        .waitFor();
      await page.getByLabel(words(locale, 'web.hand.code')).fill(RICE);
      await page.getByRole('button', { name: words(locale, 'web.hand.find') }).click();
      await page
        .getByText(words(locale, 'web.hand.labelQueued', { name: 'Riz complet' }))
        .waitFor();
      await expect
        .poll(() => status(page).textContent())
        .toContain(words(locale, 'web.hand.waiting', { count: 2 }));
      await screenshot(page, 'en', 'hand-labels-offline');

      // Reloaded with no network: the service worker gives the app, IndexedDB the scans.
      await page.reload();
      await ready(page);
      await expect
        .poll(() => status(page).textContent())
        .toContain(words(locale, 'web.hand.waiting', { count: 2 }));
      await page.getByRole('button', { name: words(locale, 'web.hand.task.labels') }).click();
      // Searching by name works offline too.
      await page.getByLabel(words(locale, 'web.hand.code')).fill('savon');
      await page.getByRole('button', { name: words(locale, 'web.hand.find') }).click();
      await page
        .getByText(words(locale, 'web.hand.labelQueued', { name: 'Savon de Marseille' }))
        .waitFor();
      await expect
        .poll(() => status(page).textContent())
        .toContain(words(locale, 'web.hand.waiting', { count: 3 }));
      expect(await queuedHere(deviceId)).toHaveLength(1);

      // The network is back: everything waiting goes, once.
      await context.setOffline(false);
      await expect
        .poll(() => status(page).textContent())
        .toContain(words(locale, 'web.hand.waiting', { count: 0 }));
      expect(await status(page).textContent()).toContain(words(locale, 'web.hand.online'));
      await screenshot(page, 'en', 'hand-labels-sent');
      expect(await queuedHere(deviceId)).toEqual([
        { seq: 1, productId: 1 },
        { seq: 2, productId: 2 },
        { seq: 3, productId: 3 },
        { seq: 4, productId: 2 },
      ]);
      const waitingLabels = await server.store.query<{ productId: number }>(
        'SELECT product_id AS "productId" FROM label_queue WHERE printed_at IS NULL ORDER BY product_id',
      );
      expect(waitingLabels).toEqual([{ productId: 1 }, { productId: 2 }, { productId: 3 }]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('keeps scans made offline across the browser closed and reopened offline, and sends them once', async () => {
    const locale = 'nl-BE';
    const profile = mkdtempSync(join(tmpdir(), 'emm-hand-profile-'));
    // A browser with a profile on disk, as a phone's: closing it keeps IndexedDB and the worker.
    const open = () => openPhoneProfile(profile);
    try {
      let context = await open();
      let page = context.pages()[0] ?? (await context.newPage());
      await signInToHand(page, server, person(locale));
      await handWorkerReady(page);
      await context.setOffline(true);
      await page.getByRole('button', { name: words(locale, 'web.hand.task.labels') }).click();
      await wedgeScan(page, RICE);
      await page
        .getByText(words(locale, 'web.hand.labelQueued', { name: 'Volkorenrijst' }))
        .waitFor();
      const deviceId = await handDeviceId(page);
      await context.close();

      // Reopened with no network: the app, the person and the waiting scan are all there.
      context = await open();
      await context.setOffline(true);
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${server.url}/hand/`);
      await ready(page);
      await expect
        .poll(() => status(page).textContent())
        .toContain(words(locale, 'web.hand.waiting', { count: 1 }));
      await page.getByRole('button', { name: words(locale, 'web.hand.task.labels') }).click();
      await wedgeScan(page, LENTILS);
      await page
        .getByText(words(locale, 'web.hand.labelQueued', { name: 'Groene linzen' }))
        .waitFor();
      // Chromium's emulated offline is not the phone's airplane mode: once in a CI run the first
      // scan reached the server around the browser's close and reopening (its answer lost, so it
      // still waited here). What the server holds is at most that scan, once; the end of the
      // test proves each scan arrives exactly once.
      const atMostTheFirst = [[], [{ seq: 1, productId: 3 }]];
      expect(atMostTheFirst).toContainEqual(await queuedHere(deviceId));
      // Back online: the session normally ended with the browser (its cookie lives no longer),
      // so the server refuses the scans until the volunteer signs in again, and says so. Where
      // Chromium kept the session cookie, the scans simply go: either way each arrives once.
      await context.setOffline(false);
      const ended = page
        .getByRole('status')
        .filter({ hasText: words(locale, 'web.hand.sessionEnded') });
      const allSent = status(page).filter({
        hasText: words(locale, 'web.hand.waiting', { count: 0 }),
      });
      await ended.or(allSent).first().waitFor({ timeout: 60_000 });
      if (await ended.isVisible()) {
        expect(atMostTheFirst).toContainEqual(await queuedHere(deviceId));
        await fillHandSignIn(page, person(locale));
      }
      await expect
        .poll(() => status(page).textContent())
        .toContain(words(locale, 'web.hand.waiting', { count: 0 }));
      await screenshot(page, 'nl', 'hand-labels-reopened');
      await context.close();
      expect(await queuedHere(deviceId)).toEqual([
        { seq: 1, productId: 3 },
        { seq: 2, productId: 1 },
      ]);
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }, 180_000);

  it("reads a printed EAN-13 with the phone's camera (ZXing loaded only then) and queues its label", async () => {
    const locale = 'fr-BE';
    const dir = mkdtempSync(join(tmpdir(), 'emm-hand-camera-'));
    const video = join(dir, 'codes.y4m');
    await writeBarcodeVideo(video, [SOAP]);
    const cameraBrowser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    try {
      const context = await cameraBrowser.newContext({ viewport: PHONE });
      await context.grantPermissions(['camera'], { origin: server.url });
      const page = await context.newPage();
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(request.url());
      });
      await signInToHand(page, server, { badge: 'H000', pin: '4321', locale });
      const atStart = scripts.length;
      await page.getByRole('button', { name: words(locale, 'web.hand.task.labels') }).click();
      await page.getByRole('button', { name: words(locale, 'web.hand.camera') }).click();
      await page
        .getByText(words(locale, 'web.hand.labelQueued', { name: 'Savon de Marseille' }))
        .waitFor({ timeout: 60_000 });
      // The camera's library came when the camera was opened, not with the app.
      expect(scripts.length).toBeGreaterThan(atStart);
      await screenshot(page, 'fr', 'hand-camera');
      await page.getByRole('button', { name: words(locale, 'web.hand.cameraStop') }).click();
      await expect
        .poll(() => status(page).textContent())
        .toContain(words(locale, 'web.hand.waiting', { count: 0 }));
      await context.close();
    } finally {
      await cameraBrowser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  for (const locale of LOCALES) {
    it(`looks a product up in ${locale}: price, unit price, stock and zone in its words`, async () => {
      const { context, page } = await signedInPhone(locale);
      try {
        await page.getByText(words(locale, 'web.hand.lookUpHint')).waitFor();
        await expect(seriousViolations(page)).resolves.toEqual([]);
        await screenshot(page, locale.slice(0, 2), 'hand-look-up');
        await wedgeScan(page, LENTILS);
        const card = page.getByRole('article');
        await card.waitFor();
        const name = locale === 'nl-BE' ? 'Groene linzen' : 'Lentilles vertes';
        await page.getByRole('heading', { name }).waitFor();
        const text = await card.textContent();
        expect(text).toContain(formatMoney(349, locale));
        expect(text).toContain(
          words(locale, 'web.hand.per.kg', { price: formatMoney(698, locale) }),
        );
        expect(text).toContain(words(locale, 'web.hand.stock'));
        expect(text).toContain('24');
        expect(text).toContain('A1');
        await expect(seriousViolations(page)).resolves.toEqual([]);
        await screenshot(page, locale.slice(0, 2), 'hand-product');
        // A code no product carries is said so, in words.
        await wedgeScan(page, '5410000000996');
        await page
          .getByText(words(locale, 'web.hand.notFound', { code: '5410000000996' }))
          .waitFor();
      } finally {
        await context.close();
      }
    }, 180_000);
  }
});
