import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../domain/money';
import { findUserByName } from '../../db/users';
import { launchChromium } from './support/browser';
import { MILK } from './support/demo-codes';
import { startTestKiosk } from './support/kiosk';
import { SCREENSHOTS } from './support/page';
import { buildRendererIfStale } from './support/renderer-build';
import { TillPage } from './support/till-page';

/**
 * Training mode on a 15" POS touchscreen (1024×768): a volunteer practises, with the banner on
 * every screen; a manager ends it; the volunteer then sells for real, and only that sale is in
 * the books. The banner is photographed in each language (var/screenshots/training/).
 */
const SIZE = { width: 1024, height: 768 };
const LANGUAGES: Readonly<Record<Locale, string>> = {
  'fr-BE': 'Français',
  'nl-BE': 'Nederlands',
  en: 'English',
};
const CASHIER = { name: 'Camille', pin: '1234' };
const MANAGER = { name: 'Manon', pin: '9876' };

let browser: Browser;
beforeAll(async () => {
  buildRendererIfStale();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

async function shoot(page: Page, locale: Locale, screen: string): Promise<void> {
  const dir = join(SCREENSHOTS, 'training');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${locale.slice(0, 2)}-${SIZE.width}-${screen}.png`) });
}

async function signIn(till: TillPage, who: { name: string; pin: string }) {
  await till.page
    .getByRole('group', { name: till.words('signIn.who') })
    .getByRole('button', { name: who.name })
    .click();
  await till.field('signIn.pinOf', { name: who.name }).fill(who.pin);
  await till.button('signIn.submit').click();
}

async function approve(till: TillPage) {
  const dialog = till.dialog('question.approvalTitle');
  await dialog.waitFor();
  await dialog
    .getByRole('group', { name: till.words('question.manager') })
    .getByRole('button', { name: MANAGER.name })
    .click();
  await dialog
    .getByLabel(till.words('signIn.pinOf', { name: MANAGER.name }), { exact: true })
    .fill(MANAGER.pin);
  await dialog.getByRole('button', { name: till.words('question.approve') }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** The training banner, whole on screen under the status bar, its words uncut. */
async function expectBanner(till: TillPage): Promise<void> {
  const banner = till.page.getByRole('status').filter({ hasText: till.words('training.banner') });
  await banner.waitFor();
  const text = banner.getByText(till.words('training.banner'), { exact: true });
  const box = await text.boundingBox();
  expect(box).not.toBeNull();
  if (!box) return;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(SIZE.width);
  // One line: the words are not wrapped nor cut.
  expect(await text.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(
    true,
  );
}

async function noBanner(till: TillPage): Promise<void> {
  await till.page
    .getByText(till.words('training.banner'), { exact: true })
    .waitFor({ state: 'detached' });
}

/** Pays the ticket on screen with the exact amount in cash (F2); returns the paid ticket's number. */
async function payExactCash(till: TillPage, locale: Locale, screen?: string): Promise<number> {
  await till.button('checkout.pay').click();
  const payment = till.region('payment.title');
  await payment.waitFor();
  if (screen) {
    await expectBanner(till);
    await shoot(till.page, locale, screen);
    // The payment panel stays whole under the banner, every button within the screen.
    for (const button of await payment.getByRole('button').all()) {
      const box = await button.boundingBox();
      expect(box && box.y + box.height).toBeLessThanOrEqual(SIZE.height + 0.5);
    }
  }
  await till.page.keyboard.press('F2');
  const panel = till.region('paid.label');
  await panel.waitFor();
  const number = Number(/(\d+)/.exec(await panel.getByRole('heading').innerText())?.[1]);
  return number;
}

describe('training mode at 1024×768', () => {
  it('a volunteer trains in Dutch, a manager ends it, the volunteer sells for real', async () => {
    const kiosk = await startTestKiosk();
    const context = await browser.newContext({ viewport: SIZE });
    const page = await context.newPage();
    const till = new TillPage(page, 'nl-BE');
    try {
      await page.goto(kiosk.host.url);
      await page.getByRole('button', { name: LANGUAGES['nl-BE'], exact: true }).click();
      await till.heading('signIn.title').waitFor();
      await signIn(till, CASHIER);
      await till.heading('openSession.title').waitFor();
      await till.field('openSession.countOf', { value: till.money(2000) }).fill('5');
      await till.button('openSession.open').click();
      const search = page.getByRole('searchbox', { name: till.words('checkout.search') });
      await search.waitFor();

      // The manager menu, training (F8): a manager approves.
      await till.button('manager.menu').click();
      await till.heading('manager.menu').waitFor();
      await till.button('manager.training').click();
      await till.heading('manager.training').waitFor();
      await page.getByText(till.words('manager.training.offText')).waitFor();
      await till.button('manager.training.start').click();
      await approve(till);
      await search.waitFor();
      await expectBanner(till);
      await shoot(page, 'nl-BE', 'checkout');

      // The volunteer practises: a sale, paid; the banner stays on each screen.
      await till.scanLine(MILK.code, 1);
      const practice = await payExactCash(till, 'nl-BE', 'payment');
      await expectBanner(till);
      await shoot(page, 'nl-BE', 'paid');
      await till.button('paid.next').click();
      await till.button('manager.menu').click();
      await till.heading('manager.menu').waitFor();
      await expectBanner(till);
      await page.keyboard.press('Escape');
      await till.button('signIn.signOut').click();
      // Signed out, the screen speaks the till's language until a volunteer picks theirs.
      await page.getByRole('button', { name: LANGUAGES['nl-BE'], exact: true }).click();
      await till.heading('signIn.title').waitFor();
      await expectBanner(till);
      await shoot(page, 'nl-BE', 'sign-in');
      await signIn(till, CASHIER);
      await search.waitFor();
      await expectBanner(till);

      // The manager ends training (manager menu, F8); the banner goes.
      await till.button('manager.menu').click();
      await till.heading('manager.menu').waitFor();
      await page.keyboard.press('F8');
      await till.heading('manager.training').waitFor();
      await page.getByText(till.words('manager.training.onText')).waitFor();
      await expectBanner(till);
      await shoot(page, 'nl-BE', 'end');
      await till.button('manager.training.end').click();
      await approve(till);
      await noBanner(till);
      await search.waitFor();

      // The volunteer sells for real.
      await till.scanLine(MILK.code, 1);
      const real = await payExactCash(till, 'nl-BE');
      expect(real).toBe(1);
      expect(practice).toBe(1);
      await till.button('paid.next').click();
    } finally {
      await context.close();
      await kiosk.stop();
    }
    const db = new Database(kiosk.dbPath, { readonly: true });
    try {
      const sold = db
        .prepare(
          `SELECT t.number, l.name FROM tickets t JOIN ticket_lines l ON l.ticket_id = t.id
            WHERE t.status = 'paid'`,
        )
        .all();
      expect(sold).toEqual([{ number: 1, name: MILK.name }]);
      expect(db.prepare("SELECT count(*) FROM outbox WHERE type = 'sale'").pluck().get()).toBe(1);
      const acts = db
        .prepare("SELECT json_extract(payload, '$.act') FROM journal WHERE doc_type = 'training'")
        .pluck()
        .all();
      expect(acts).toEqual(['start', 'end']);
    } finally {
      db.close();
      kiosk.remove();
    }
  }, 180_000);

  it.each(['fr-BE', 'nl-BE', 'en'] as const)(
    'shows the banner whole at 1024×768 in %s',
    async (locale) => {
      const kiosk = await startTestKiosk();
      const { till: direct, db } = kiosk.host.running;
      const manager = findUserByName(db, MANAGER.name);
      direct.signIn({ userId: manager?.id ?? 0, pin: MANAGER.pin });
      direct.openSession({ counts: { '2000': 5 } });
      direct.startTraining();
      direct.signOut();
      const context = await browser.newContext({ viewport: SIZE });
      const page = await context.newPage();
      const till = new TillPage(page, locale);
      try {
        await page.goto(kiosk.host.url);
        await page.getByRole('button', { name: LANGUAGES[locale], exact: true }).click();
        await till.heading('signIn.title').waitFor();
        await expectBanner(till);
        await signIn(till, CASHIER);
        await page.getByRole('searchbox', { name: till.words('checkout.search') }).waitFor();
        await till.scanLine(MILK.code, 1);
        await expectBanner(till);
        await shoot(page, locale, 'checkout');
        await payExactCash(till, locale, 'payment');
      } finally {
        await context.close();
        await kiosk.stop();
        kiosk.remove();
      }
    },
    120_000,
  );
});
