import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { screenshot, seriousViolations } from './support/page';
import { startTestServer, type TestServer } from '../support/server';
import { CATALOGUES } from '../../domain/i18n';
import { LOCALES, type Locale } from '../../domain/money';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LANGUAGES: Record<Locale, string> = {
  'fr-BE': 'Français',
  'nl-BE': 'Nederlands',
  en: 'English',
};

/** A screen's words in a language, its {{values}} filled in as i18next does. */
function words(locale: Locale, key: string, values: Record<string, string | number> = {}): string {
  const text = (CATALOGUES[locale].screens as Record<string, string>)[key];
  if (text === undefined) throw new Error(`No words for ${key}`);
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => String(values[name]));
}

describe('the web apps in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let webDir: string;
  beforeAll(async () => {
    // A build of our own: test files running side by side never share a half-written dist/.
    webDir = mkdtempSync(join(tmpdir(), 'emm-web-'));
    execFileSync(
      join(ROOT, 'node_modules/.bin/vite'),
      [
        'build',
        '--config',
        'web/vite.config.ts',
        '--outDir',
        webDir,
        '--emptyOutDir',
        '--logLevel',
        'error',
      ],
      { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
    server = await startTestServer('pglite', { webDir });
    const people = [
      ...LOCALES.map((locale, index) => ({
        name: `Manager ${locale}`,
        roles: ['manager'],
        locale,
        password: 'manager password',
        badge: `M00${index}`,
        pin: '246813',
      })),
      ...LOCALES.map((locale, index) => ({
        name: `Stock ${locale}`,
        roles: ['stock'],
        locale,
        badge: `S00${index}`,
        pin: '4321',
      })),
      { name: 'Lou Locked', roles: ['manager'], locale: 'en', password: 'lockable password' },
    ];
    for (const person of people) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers: server.admin,
        payload: person,
      });
      expect(response.statusCode).toBe(201);
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  async function check(page: Page, locale: Locale, screen: string) {
    expect(await seriousViolations(page), `${locale} ${screen}`).toEqual([]);
    await screenshot(page, locale.slice(0, 2), screen);
  }

  async function signInPage(locale: Locale, app: 'office' | 'hand') {
    const context = await browser.newContext({
      viewport: app === 'hand' ? { width: 412, height: 860 } : { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/${app}/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('button', { name: LANGUAGES[locale], exact: true }).click();
    await page
      .getByRole('heading', {
        name: `${words(locale, `web.${app}.title`)} — ${words(locale, 'signIn.title')}`,
      })
      .waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    return { context, page };
  }

  async function signOutAndCheck(page: Page, locale: Locale) {
    await page.getByRole('button', { name: words(locale, 'signIn.signOut') }).click();
    await page
      .getByRole('status')
      .filter({ hasText: words(locale, 'web.signedOut') })
      .waitFor();
    // The server ended the session: the cookie, if the browser still had it, opens nothing.
    const status = await page.evaluate(async () => (await fetch('/v1/session')).status);
    expect(status).toBe(401);
  }

  for (const locale of LOCALES) {
    it(`signs in to /office/ and /hand/ in ${locale}, refuses a wrong secret, and signs out`, async () => {
      const office = await signInPage(locale, 'office');
      try {
        const { page } = office;
        await check(page, locale, 'office-sign-in');
        await page.getByLabel(words(locale, 'signIn.user')).fill(`Manager ${locale}`);
        await page.getByLabel(words(locale, 'web.signIn.password')).fill('not the password');
        await page.getByRole('button', { name: words(locale, 'signIn.submit') }).click();
        await page
          .getByRole('alert')
          .filter({ hasText: words(locale, 'web.signIn.wrongPassword') })
          .waitFor();
        await check(page, locale, 'office-wrong-password');
        await page.getByLabel(words(locale, 'web.signIn.password')).fill('manager password');
        await page.getByRole('button', { name: words(locale, 'signIn.submit') }).click();
        await page
          .getByText(words(locale, 'web.signedInAs', { name: `Manager ${locale}` }))
          .waitFor();
        await page.getByRole('heading', { name: words(locale, 'web.office.title') }).waitFor();
        await check(page, locale, 'office-signed-in');
        await signOutAndCheck(page, locale);
      } finally {
        await office.context.close();
      }

      const hand = await signInPage(locale, 'hand');
      try {
        const { page } = hand;
        await page
          .getByLabel(words(locale, 'web.signIn.badge'))
          .fill(`S00${LOCALES.indexOf(locale)}`);
        await page.getByLabel(words(locale, 'signIn.pin')).fill('0000');
        await page.getByRole('button', { name: words(locale, 'signIn.submit') }).click();
        await page
          .getByRole('alert')
          .filter({ hasText: words(locale, 'web.signIn.wrongPin') })
          .waitFor();
        await check(page, locale, 'hand-wrong-pin');
        await page.getByLabel(words(locale, 'signIn.pin')).fill('4321');
        await page.getByRole('button', { name: words(locale, 'signIn.submit') }).click();
        await page
          .getByText(words(locale, 'web.signedInAs', { name: `Stock ${locale}` }))
          .waitFor();
        await check(page, locale, 'hand-signed-in');
        await signOutAndCheck(page, locale);
      } finally {
        await hand.context.close();
      }
    }, 120_000);
  }

  it('tells a locked person how long to wait, and a stock volunteer with no password that it is wrong', async () => {
    const locale = 'en';
    const { context, page } = await signInPage(locale, 'office');
    try {
      await page.getByLabel(words(locale, 'signIn.user')).fill('Lou Locked');
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        await page.getByLabel(words(locale, 'web.signIn.password')).fill(`wrong ${attempt}`);
        await page.getByRole('button', { name: words(locale, 'signIn.submit') }).click();
        // Each answer is awaited: the field is emptied once it has come.
        await page
          .getByLabel(words(locale, 'web.signIn.password'))
          .and(page.locator('[value=""]'))
          .waitFor();
      }
      await page
        .getByRole('alert')
        .filter({ hasText: words(locale, 'web.signIn.locked', { minutes: 5 }) })
        .waitFor();
      await check(page, locale, 'office-locked');
      await page.getByLabel(words(locale, 'signIn.user')).fill('Stock en');
      await page.getByLabel(words(locale, 'web.signIn.password')).fill('whatever it is');
      await page.getByRole('button', { name: words(locale, 'signIn.submit') }).click();
      // A stock volunteer may use the office's stock pages with a password; one who has only a
      // badge and PIN (the handheld's) gets the same answer as a wrong password.
      await page
        .getByRole('alert')
        .filter({ hasText: words(locale, 'web.signIn.wrongPassword') })
        .waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);
});
