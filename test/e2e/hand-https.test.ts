import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './support/browser';
import { screenshot } from './support/page';
import {
  addPeople,
  buildWebApps,
  handReady,
  handStatus,
  handWorkerReady,
  PHONE,
  signInToHand,
  words,
} from './support/web';
import { selfSignedCertificate } from '../support/tls';
import { startTestServer, type TestServer } from '../support/server';
import { seedStockShop } from '../support/stock';

describe('the handheld over HTTPS', () => {
  let server: TestServer;
  let browser: Browser;
  let webDir: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emm-hand-tls-'));
    const tls = selfSignedCertificate(dir);
    webDir = buildWebApps();
    server = await startTestServer('pglite', {
      webDir,
      https: { cert: tls.cert, key: tls.key },
    });
    await seedStockShop(server.store, [
      { id: 1, name: 'Lentilles vertes', price: 349, barcodes: ['5410000000019'] },
    ]);
    await addPeople(server, [
      { name: 'Stock en', roles: ['stock'], locale: 'en', badge: 'H000', pin: '4321' },
    ]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-sync',
        `--ignore-certificate-errors-spki-list=${tls.spki}`,
      ],
    });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('is a secure context: the service worker keeps it, and it opens offline', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
    try {
      const page = await context.newPage();
      await signInToHand(page, server, { badge: 'H000', pin: '4321', locale: 'en' });
      expect(await page.evaluate<boolean>('window.isSecureContext')).toBe(true);
      // The camera is offered to a secure context only.
      expect(await page.evaluate<boolean>('Boolean(navigator.mediaDevices)')).toBe(true);
      await handWorkerReady(page);
      await context.setOffline(true);
      await page.reload();
      await handReady(page);
      await expect
        .poll(() => handStatus(page).textContent())
        .toContain(words('en', 'web.hand.offline'));
      await screenshot(page, 'en', 'hand-https-offline');
    } finally {
      await context.close();
    }
  }, 180_000);
});
