import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../domain/money';
import { launchChromium } from './support/browser';
import { FIRST_BASKET, MEMBER_CARDS, MILK, BREAD } from './support/demo-codes';
import { startTestKiosk, type TestKiosk } from './support/kiosk';
import { buildRendererIfStale } from './support/renderer-build';
import { screenshot } from './support/page';
import { TillPage } from './support/till-page';

/**
 * A cashier's whole day in Chromium, on the built screens served by the kiosk host, one day per
 * language: what the screens show is checked as it happens, and what the till wrote is read
 * from its database afterwards.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LANGUAGES: Readonly<Record<Locale, string>> = {
  'fr-BE': 'Français',
  'nl-BE': 'Nederlands',
  en: 'English',
};
const CASHIER = { name: 'Camille', pin: '1234' };
const MANAGER = { name: 'Manon', pin: '9876' };
/** The float: 5 notes of 20 € and 10 coins of 1 €. */
const FLOAT = { 2000: 5, 100: 10 } as const;
const FLOAT_CENTS = 11_000;
const CASH_OUT = 2000;
const CASH_OUT_REASON = 'Banque / Bank';
/** What the closing count finds: 3 notes of 50 € and 4 of 5 € (170 €), never what is expected. */
const CLOSING = { 5000: 3, 500: 4 } as const;
const CLOSING_CENTS = 17_000;

let browser: Browser;
beforeAll(async () => {
  buildRendererIfStale();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

/** What the screens showed during the day, to compare with the database at the end. */
interface Seen {
  ticketNumbers: number[];
  paidPanels: string[];
  refundPanel: string;
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
  await till.check('approval');
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

/** The paid panel: its ticket number and its words, kept; then the next customer. */
async function paid(till: TillPage, seen: Seen, screen: string): Promise<number> {
  const panel = till.region('paid.label');
  await panel.waitFor();
  const title = await panel.getByRole('heading').innerText();
  const number = Number(/(\d+)/.exec(title)?.[1]);
  expect(number).toBeGreaterThan(0);
  seen.ticketNumbers.push(number);
  seen.paidPanels.push(await panel.innerText());
  await till.check(screen);
  return number;
}

async function nextCustomer(till: TillPage) {
  await till.button('paid.next').click();
  await till.region('paid.label').waitFor({ state: 'detached' });
}

async function openManagerScreen(till: TillPage, key: Parameters<TillPage['button']>[0]) {
  await till.button('manager.menu').click();
  await till.heading('manager.menu').waitFor();
  await till.button(key).click();
  await till.heading(key).waitFor();
}

async function cashierDay(locale: Locale) {
  const kiosk = await startTestKiosk();
  // axe needs a context of our own (it opens a page in it to gather frames' results).
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const till = new TillPage(page, locale);
  const seen: Seen = { ticketNumbers: [], paidPanels: [], refundPanel: '' };
  try {
    await page.goto(kiosk.host.url);

    // Sign in, in the day's language.
    await page.getByRole('button', { name: LANGUAGES[locale], exact: true }).click();
    await till.heading('signIn.title').waitFor();
    await till.check('sign-in');
    await signIn(till, CASHIER);

    // The float, note by note.
    await till.heading('openSession.title').waitFor();
    for (const [cents, count] of Object.entries(FLOAT)) {
      await till
        .field('openSession.countOf', { value: till.money(Number(cents)) })
        .fill(`${count}`);
    }
    await expect
      .poll(() => page.getByText(till.words('openSession.total')).innerText())
      .toContain(till.money(FLOAT_CENTS));
    await till.check('float');
    await till.button('openSession.open').click();

    // The first customer: nine items scanned, one weighed, a member card.
    const search = page.getByRole('searchbox', { name: till.words('checkout.search') });
    await search.waitFor();
    await till.check('checkout-empty');
    for (const [index, code] of FIRST_BASKET.scanned.entries()) {
      await till.scanLine(code, index + 1);
    }
    await search.fill(FIRST_BASKET.weighed.search);
    await page
      .getByRole('list', { name: till.words('checkout.results') })
      .getByRole('button')
      .first()
      .click();
    kiosk.scale.set({ grams: FIRST_BASKET.weighed.grams, stable: true });
    await till.check('weigh');
    await page.keyboard.press('Enter');
    await expect.poll(() => till.lines().count()).toBe(10);
    await till.scan(MEMBER_CARDS.upToDate, till.region('member.label'));
    await till.check('checkout');

    // Cash, with change.
    await till.button('checkout.pay').click();
    const payment = till.region('payment.title');
    await payment.waitFor();
    await till.field('payment.cashGiven').fill('50');
    await payment.getByText(till.words('payment.change')).waitFor();
    await till.check('payment');
    await page.keyboard.press('Enter');
    await paid(till, seen, 'paid');
    await nextCustomer(till);

    // The second customer may not shop (soft): card and cash, acknowledged; the receipt again.
    await till.scanLine(MILK.code, 1);
    await till.scanLine(BREAD, 2);
    await till.scan(MEMBER_CARDS.soft, page.getByText(till.words('member.warning')));
    await till.check('member-warning');
    await till.button('checkout.pay').click();
    await payment.waitFor();
    await till.field('payment.cashGiven').fill('2');
    await payment.getByRole('button', { name: /^(Carte|Kaart|Card)$/ }).click();
    // The focus is on the card's button now: Enter would pay the rest by card too.
    await till.button('payment.exactCash').click();
    const acknowledge = till.dialog('question.acknowledgeTitle');
    await acknowledge.waitFor();
    await till.check('acknowledge');
    await till.button('question.acknowledge').click();
    await paid(till, seen, 'paid-split');
    await till.button('paid.reprint').click();
    await nextCustomer(till);

    // The third may not shop (hard): a manager approves.
    await till.scan(MEMBER_CARDS.hard, page.getByText(till.words('member.blocked')));
    await till.scanLine(MILK.code, 1);
    await till.button('checkout.pay').click();
    await payment.waitFor();
    // Enter alone pays nothing (no method chosen yet): F2 is the exact amount in cash.
    await page.keyboard.press('F2');
    await approve(till);
    await paid(till, seen, 'paid-approved');
    await nextCustomer(till);

    // A manager refunds the first customer's milk, in cash.
    await openManagerScreen(till, 'manager.refund');
    await till.field('manager.refund.reference').fill(String(seen.ticketNumbers[0]));
    await till.button('manager.refund.find').click();
    const quantities = page.getByRole('textbox', { name: /Lait demi-écrémé|Halfvolle melk/ });
    await quantities.fill('1');
    await till.check('refund');
    await till.button('manager.refund.confirm').click();
    await approve(till);
    const refundDone = page.getByRole('region', { name: till.withNumber('manager.refund.done') });
    await refundDone.waitFor();
    seen.refundPanel = await refundDone.innerText();
    await till.check('refund-done');
    await till.button('common.back').click();
    await till.button('manager.menu').or(till.button('paid.next')).waitFor();
    const refundShownAsSale = await till.region('paid.label').count();
    expect.soft(refundShownAsSale, 'the checkout shows the refund as a sale just paid').toBe(0);
    if (refundShownAsSale > 0) await nextCustomer(till);

    // Cash out to the bank.
    await openManagerScreen(till, 'manager.cashMove');
    await till.field('manager.cash.amount').fill(String(CASH_OUT / 100));
    await till.field('manager.reason').fill(CASH_OUT_REASON);
    await till.button('manager.cash.out').click();
    await approve(till);
    const takenOut = till.words('manager.cash.takenOut', {
      amount: till.money(CASH_OUT),
      reason: CASH_OUT_REASON,
    });
    await page.getByRole('status').filter({ hasText: takenOut }).waitFor();
    await till.check('cash-out');
    await till.button('common.back').click();

    // Closing: the count differs from what is expected; then the Z report.
    await openManagerScreen(till, 'manager.closeSession');
    for (const [cents, count] of Object.entries(CLOSING)) {
      await till
        .field('manager.close.countOf', { value: till.money(Number(cents)) })
        .fill(`${count}`);
    }
    await page.locator('.cash-difference').waitFor();
    await till.check('close');
    await till.button('manager.close.confirm').click();
    await till.button('manager.close.yes').click();
    await approve(till);
    await till.heading('manager.z.title').waitFor();
    await till.check('z-report');
    const zReport = await page.getByRole('main').innerText();
    await kiosk.stop();

    await expectTheBooks(kiosk, seen, zReport, till);
  } catch (error) {
    // What was on screen when the day went wrong, for whoever reads the failure.
    await screenshot(page, locale.slice(0, 2), 'failure').catch(() => undefined);
    throw error;
  } finally {
    await context.close();
    await kiosk.stop();
    kiosk.remove();
  }
}

async function expectTheBooks(kiosk: TestKiosk, seen: Seen, zReport: string, till: TillPage) {
  const db = new Database(kiosk.dbPath, { readonly: true });
  try {
    const sales = db
      .prepare(
        `SELECT id, number, total, due, paid, change_given AS change FROM tickets
         WHERE kind = 'sale' AND status = 'paid' ORDER BY number`,
      )
      .all() as {
      id: string;
      number: number;
      total: number;
      due: number;
      paid: number;
      change: number;
    }[];
    expect(sales.map((sale) => sale.number)).toEqual(seen.ticketNumbers);
    sales.forEach((sale, index) => {
      // Each paid panel showed the till's own total and change.
      expect(seen.paidPanels[index]).toContain(till.money(sale.total));
      expect(seen.paidPanels[index]).toContain(till.money(sale.change));
    });
    const [first, second, third] = sales;
    const payments = db
      .prepare('SELECT ticket_id AS ticketId, method, amount FROM payments ORDER BY created_at')
      .all() as { ticketId: string; method: string; amount: number }[];
    const paidBy = (ticketId: string | undefined) =>
      payments
        .filter((payment) => payment.ticketId === ticketId)
        .map(({ method, amount }) => ({ method, amount }));
    expect(paidBy(first?.id)).toEqual([{ method: 'cash', amount: 5000 }]);
    expect(first?.change).toBe(5000 - (first?.due ?? 0));
    expect(paidBy(second?.id)).toEqual([
      { method: 'card', amount: 200 },
      { method: 'cash', amount: (second?.due ?? 0) - 200 },
    ]);
    expect(paidBy(third?.id)).toEqual([{ method: 'cash', amount: third?.due }]);

    const lines = db.prepare('SELECT count(*) AS n FROM ticket_lines WHERE ticket_id = ?').pluck();
    expect([first, second, third].map((sale) => lines.get(sale?.id))).toEqual([10, 2, 1]);

    const refunds = db
      .prepare(
        `SELECT r.refund_of AS refundOf, r.total, r.due, l.quantity, l.product_id AS productId
         FROM tickets r JOIN ticket_lines l ON l.ticket_id = r.id
         WHERE r.kind = 'refund' AND r.status = 'paid'`,
      )
      .all() as { refundOf: string; total: number; due: number; quantity: number }[];
    const refundDue = refunds[0]?.due ?? 0;
    expect(refunds).toEqual([
      {
        refundOf: first?.id,
        total: -MILK.price,
        due: refundDue,
        quantity: -1000,
        productId: MILK.id,
      },
    ]);
    // Given back in coins: to 5 cents, never above what the milk was worth (README, Cash
    // rounding and refunds); and the screen said how much.
    expect(Math.abs(refundDue % 5)).toBe(0);
    expect(-refundDue).toBeLessThanOrEqual(MILK.price);
    expect(-refundDue).toBeGreaterThan(MILK.price - 5);
    expect(seen.refundPanel).toContain(till.money(-refundDue));

    const moves = db.prepare('SELECT amount FROM cash_moves').pluck().all();
    expect(moves).toEqual([-CASH_OUT]);

    const reprints = db
      .prepare(`SELECT ticket_number FROM print_jobs WHERE kind = 'receipt' AND duplicate = 1`)
      .pluck()
      .all();
    expect(reprints).toEqual([second?.number]);

    const session = db
      .prepare(
        `SELECT status, opening_float AS float, counted_cash AS counted, expected_cash AS expected
         FROM sessions`,
      )
      .get() as { status: string; float: number; counted: number; expected: number };
    const cashIn = (first?.due ?? 0) + ((second?.due ?? 0) - 200) + (third?.due ?? 0);
    expect(session).toEqual({
      status: 'closed',
      float: FLOAT_CENTS,
      counted: CLOSING_CENTS,
      expected: FLOAT_CENTS + cashIn + refundDue - CASH_OUT,
    });
    expect(zReport).toContain(till.money(CLOSING_CENTS - session.expected));
  } finally {
    db.close();
  }
  const verified = await promisify(execFile)(
    `${ROOT}node_modules/.bin/tsx`,
    ['main/cli/till.ts', 'verify-journal', '--db', kiosk.dbPath],
    { cwd: ROOT },
  );
  expect(verified.stdout).toMatch(/The journal verifies/);
}

describe('a cashier’s day in Chromium', () => {
  for (const locale of ['fr-BE', 'nl-BE', 'en'] as const) {
    it(`in ${LANGUAGES[locale]}`, () => cashierDay(locale), 180_000);
  }
});
