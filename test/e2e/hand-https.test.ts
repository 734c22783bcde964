import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
import { startTestServer, type TestServer } from '../support/server';
import { seedStockShop } from '../support/stock';

/**
 * A certificate of our own for 127.0.0.1, as a shop with no domain makes with a local CA, and
 * the SHA-256 of its public key: Chromium told to trust that key takes the certificate as a
 * phone with the shop's root installed would (a certificate error would refuse the worker).
 */
function selfSigned(dir: string): { cert: string; key: string; spki: string } {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const publicKey = execFileSync('openssl', [
    'x509',
    '-in',
    join(dir, 'cert.pem'),
    '-pubkey',
    '-noout',
  ]);
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: publicKey });
  const spki = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der }).toString(
    'base64',
  );
  return {
    cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    spki,
  };
}

describe('the handheld over HTTPS', () => {
  let server: TestServer;
  let browser: Browser;
  let webDir: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emm-hand-tls-'));
    const tls = selfSigned(dir);
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
