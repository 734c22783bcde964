import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { createTill, ensureAdminToken } from '../../server/tills';
import { freshStore, ADMIN_TOKEN, type TestStore } from '../support/server';
import { launchChromium } from './support/browser';
import { MILK } from './support/demo-codes';
import { startTestKiosk, type TestKiosk } from './support/kiosk';
import { buildRendererIfStale } from './support/renderer-build';
import { screenshot } from './support/page';
import { TillPage } from './support/till-page';

/**
 * A day with the central server (its code on PGlite, started here): the till is enrolled from
 * Settings in Chromium, sells while the server is down and says so, sends every sale exactly
 * once when it is back, and a price changed on the server reaches the next scan.
 */

const MANAGER = { name: 'Manon', pin: '9876' };
const NEW_PRICE = MILK.price + 20;

/** The server on one store and one port, that can be stopped and started again. */
interface Server {
  url: string;
  testStore: TestStore;
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function centralServer(): Promise<Server> {
  const testStore = await freshStore('pglite');
  const { hash } = await ensureAdminToken(testStore.store, ADMIN_TOKEN);
  let app: FastifyInstance | null = null;
  let port = 0;
  const server: Server = {
    url: '',
    testStore,
    async start() {
      app = await buildApp({ store: testStore.store, adminTokenHash: hash, enrolPerMinute: 100 });
      await app.listen({ host: '127.0.0.1', port });
      port = (app.server.address() as AddressInfo).port;
      server.url = `http://127.0.0.1:${port}`;
    },
    async stop() {
      await app?.close();
      app = null;
    },
  };
  await server.start();
  return server;
}

async function admin(
  server: Server,
  method: 'POST' | 'PUT',
  path: string,
  body: string,
  type: string,
) {
  const response = await fetch(`${server.url}/v1/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type },
    body,
  });
  expect(response.ok, `${method} ${path}: ${await response.clone().text()}`).toBe(true);
  return response.json() as Promise<unknown>;
}

let browser: Browser;
beforeAll(async () => {
  buildRendererIfStale();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

async function signInAndOpen(till: TillPage) {
  const { page } = till;
  await till.heading('signIn.title').waitFor();
  await page
    .getByRole('group', { name: till.words('signIn.who') })
    .getByRole('button', { name: MANAGER.name })
    .click();
  await till.field('signIn.pinOf', { name: MANAGER.name }).fill(MANAGER.pin);
  await till.button('signIn.submit').click();
  await till.heading('openSession.title').waitFor();
  await till.button('openSession.open').click();
  await page.getByRole('searchbox', { name: till.words('checkout.search') }).waitFor();
}

async function sellMilk(till: TillPage) {
  await till.scanLine(MILK.code, 1);
  await till.button('checkout.pay').click();
  await till.region('payment.title').waitFor();
  await till.button('payment.exactCash').click();
  await till.region('paid.label').waitFor();
  await till.button('paid.next').click();
  await till.region('paid.label').waitFor({ state: 'detached' });
}

describe('a day with the central server', () => {
  let server: Server;
  let kiosk: TestKiosk;
  beforeAll(async () => {
    server = await centralServer();
    // The server's catalogue holds the demo's milk, at the demo's price for now.
    const price = `${Math.floor(MILK.price / 100)},${String(MILK.price % 100).padStart(2, '0')}`;
    await admin(
      server,
      'POST',
      '/import/products',
      `id;name;category;vat;price;unit;barcodes\r\n${MILK.id};${MILK.name};Crèmerie;6;${price};piece;${MILK.code}`,
      'text/csv',
    );
    kiosk = await startTestKiosk();
  }, 120_000);
  afterAll(async () => {
    await kiosk?.stop();
    kiosk?.remove();
    await server?.stop();
    await server?.testStore.dispose();
  });

  it('enrols from Settings, sells offline, sends each sale once, and takes a new price', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const till = new TillPage(page, 'fr-BE');
    const bar = page.getByRole('banner', { name: till.words('status.label') });
    try {
      await page.goto(kiosk.host.url);
      await signInAndOpen(till);
      await bar.getByText(till.words('sync.standalone')).waitFor();

      // Settings: the server's address and the code the back office gave.
      const { enrolmentCode, till: onServer } = await createTill(
        server.testStore.store,
        'Caisse e2e',
        new Date(),
      );
      await till.button('manager.menu').click();
      await till.button('manager.settings').click();
      await till.field('manager.enrol.server').fill(new URL(server.url).host);
      await till.field('manager.enrol.code').fill(enrolmentCode);
      await till.button('manager.enrol.submit').click();
      const enrolled = till.words('manager.enrol.done', {
        server: new URL(server.url).host,
        name: 'Caisse e2e',
        tillId: onServer.id,
      });
      await page.getByRole('status').filter({ hasText: enrolled }).waitFor();
      await till.check('server-enrolled');
      await till.button('common.back').click();
      await bar.getByText(till.words('sync.online', { count: 0 })).waitFor();

      // The server goes down: two sales all the same, and the status bar says what waits.
      await server.stop();
      await sellMilk(till);
      await sellMilk(till);
      await bar
        .getByText(/^Hors ligne/)
        .filter({ hasText: '2 à envoyer' })
        .waitFor();
      await till.check('server-offline');

      // Back: everything goes, once.
      await server.start();
      await bar.getByText(till.words('sync.online', { count: 0 })).waitFor({ timeout: 90_000 });
      const sales = await server.testStore.store.query<{ number: number }>(
        "SELECT number FROM tickets WHERE till_id = $1 AND kind = 'sale' ORDER BY number",
        [onServer.id],
      );
      expect(sales.map((sale) => sale.number)).toEqual([1, 2]);

      // A new price on the server: the search shows it once pulled, and the next scan rings it.
      await admin(
        server,
        'PUT',
        `/products/${MILK.id}/price`,
        JSON.stringify({ price: NEW_PRICE }),
        'application/json',
      );
      const search = page.getByRole('searchbox', { name: till.words('checkout.search') });
      const results = page.getByRole('list', { name: till.words('checkout.results') });
      await expect
        .poll(
          async () => {
            await search.fill('');
            await search.fill(MILK.name);
            return results.getByRole('button').first().innerText();
          },
          { timeout: 30_000 },
        )
        .toContain(till.money(NEW_PRICE));
      await search.fill('');
      await till.scanLine(MILK.code, 1);
      await expect(till.lines().first().innerText()).resolves.toContain(till.money(NEW_PRICE));
      await screenshot(page, 'fr', 'server-new-price');
    } catch (error) {
      await screenshot(page, 'fr', 'server-failure').catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
  }, 240_000);
});
