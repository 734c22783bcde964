import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CATALOGUES } from '../../../domain/i18n';
import type { Locale } from '../../../domain/money';
import type { TestServer } from '../../support/server';
import { CHROMIUM } from './browser';

/**
 * What the web apps' browser tests share: the apps built once into a folder the test server
 * serves, people created through the admin route, a person's words, and signing in as a person
 * would (language, name, password).
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The back office and the handheld built for production into a fresh folder; its path. */
export function buildWebApps(): string {
  const webDir = mkdtempSync(join(tmpdir(), 'emm-web-'));
  execFileSync(
    join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--config', 'web/vite.config.ts', '--outDir', webDir, '--emptyOutDir'].concat([
      '--logLevel',
      'error',
    ]),
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  return webDir;
}

/** The screens' words for a key, with its values put in: what a person reads. */
export function words(
  locale: Locale,
  key: string,
  values: Record<string, string | number> = {},
): string {
  const text = (CATALOGUES[locale].screens as Record<string, string>)[key];
  if (text === undefined) throw new Error(`No words for ${key}`);
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => String(values[name]));
}

export interface NewPerson {
  name: string;
  roles: string[];
  locale: Locale;
  password?: string;
  pin?: string;
  badge?: string;
}

/** Creates each person through `POST /v1/people` as the admin; their ids by name. */
export async function addPeople(
  server: TestServer,
  people: readonly NewPerson[],
): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const person of people) {
    const created = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: server.admin,
      payload: person,
    });
    expect(created.statusCode, created.body).toBe(201);
    ids[person.name] = created.json<{ id: number }>().id;
  }
  return ids;
}

const LANGUAGE: Record<Locale, string> = {
  en: 'English',
  'fr-BE': 'Français',
  'nl-BE': 'Nederlands',
};

/**
 * A new browser context at the back office's sign-in, signed in by name and password in the
 * chosen language. Waits for the navigation unless `expectRefusal` (a refused person stays on
 * the sign-in, which the caller then reads).
 */
export async function signInToOffice(
  browser: Browser,
  server: TestServer,
  person: { name: string; password: string; locale?: Locale; expectRefusal?: boolean },
  viewport = { width: 1280, height: 800 },
): Promise<Page> {
  const locale = person.locale ?? 'en';
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/office/`);
  await page.getByRole('button', { name: LANGUAGE[locale], exact: true }).click();
  await page.getByLabel(words(locale, 'signIn.user')).fill(person.name);
  await page.getByLabel(words(locale, 'web.signIn.password')).fill(person.password);
  await page.getByRole('button', { name: words(locale, 'signIn.submit') }).click();
  if (!person.expectRefusal)
    await page.getByRole('navigation', { name: words(locale, 'office.nav') }).waitFor();
  return page;
}

/** A phone's screen, the size the handheld is tested at. */
export const PHONE = { width: 390, height: 844 };

/** A handheld person: badge and PIN, signing in in a language. */
export interface HandPerson {
  badge: string;
  pin: string;
  locale: Locale;
}

/** The app is up with the catalogue this device holds. */
export async function handReady(page: Page): Promise<void> {
  await page.locator('main.hand[data-ready="yes"]').waitFor();
}

/** Signs in at the handheld's sign-in on this page (language, badge, PIN), then waits for the app. */
export async function signInToHand(page: Page, server: TestServer, person: HandPerson) {
  await page.goto(`${server.url}/hand/`);
  await fillHandSignIn(page, person);
}

/** Fills the handheld's sign-in already on screen (after a session ended, say). */
export async function fillHandSignIn(page: Page, person: HandPerson) {
  const { locale } = person;
  // The language buttons are on every screen of the handheld: waited for, then pressed.
  await page.getByRole('button', { name: LANGUAGE[locale], exact: true }).click();
  await page.getByLabel(words(locale, 'web.signIn.badge')).fill(person.badge);
  await page.getByLabel(words(locale, 'signIn.pin')).fill(person.pin);
  await page.getByRole('button', { name: words(locale, 'signIn.submit') }).click();
  await handReady(page);
}

/** A new phone-sized, touch browser context signed in to the handheld. */
export async function newHandPhone(
  browser: Browser,
  server: TestServer,
  person: HandPerson,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await signInToHand(page, server, person);
  return { context, page };
}

/**
 * Waits until the worker keeping the app controls this page (the page's code as text: the
 * tests' own compiler knows no DOM).
 */
export async function handWorkerReady(page: Page): Promise<void> {
  await page.evaluate(`(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
  })()`);
}

/** The handheld's status line: online or not, scans waiting, last sent at. */
export const handStatus = (page: Page) =>
  page.getByRole('status').filter({ has: page.locator('.hand-status__net') });

/** Waits until the status line says this many scans wait on the device. */
export async function handWaiting(page: Page, locale: Locale, count: number): Promise<void> {
  await expect
    .poll(() => handStatus(page).textContent(), { timeout: 60_000 })
    .toContain(words(locale, 'web.hand.waiting', { count }));
}

/** The device id the handheld made for itself (its events' `device_id` on the server). */
export async function handDeviceId(page: Page): Promise<string> {
  return page.evaluate<string>(`new Promise((resolve, reject) => {
    const open = indexedDB.open('emm-hand');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const read = open.result.transaction('meta').objectStore('meta').get('deviceId');
      read.onsuccess = () => resolve(read.result.value);
    };
  })`);
}

/**
 * A phone's browser with a profile on disk: closing it keeps IndexedDB and the service worker,
 * as a phone's browser killed and opened again.
 */
export function openPhoneProfile(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
    viewport: PHONE,
  });
}
