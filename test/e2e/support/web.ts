import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { CATALOGUES } from '../../../domain/i18n';
import type { Locale } from '../../../domain/money';
import type { TestServer } from '../../support/server';

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
