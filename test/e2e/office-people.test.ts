import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { screenshot, seriousViolations } from './support/page';
import { addPeople, buildWebApps, signInToOffice, words } from './support/web';
import { startTestServer, type TestServer } from '../support/server';
import { createTestTill, FIXTURE, type TestTill } from '../support/till';
import { openTill, outboxEvents, pointTillAt } from '../support/sync';
import { getMember } from '../../db/members';
import { getSetting } from '../../db/settings';
import { SyncClient } from '../../main/sync/client';
import type { Locale } from '../../domain/money';

const LANGUAGE: Record<Locale, string> = {
  en: 'English',
  'fr-BE': 'Français',
  'nl-BE': 'Nederlands',
};

/**
 * Issue 24, item 3: the back office's members, people and settings. An admin in Dutch creates a
 * stock volunteer with badge and PIN, who signs in at the handheld; a manager changes a member's
 * status and a setting, and a till pulls both; a manager cannot open people (in words, and the
 * API says 403); a Z names a till's own user as "till user N". Every page in three languages,
 * axe clean, with screenshots.
 */
describe('the back office’s members, people and settings in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let webDir: string;
  let till: TestTill;
  let tillId = 0;
  let sessionId = '';

  beforeAll(async () => {
    webDir = buildWebApps();
    server = await startTestServer('pglite', {
      webDir,
      clock: () => new Date('2026-03-03T08:15:00.000Z'),
    });
    await addPeople(server, [
      { name: 'Ada', roles: ['admin'], locale: 'nl-BE', password: 'admin password 1' },
      { name: 'Marie', roles: ['manager'], locale: 'en', password: 'manager password' },
      // An admin per language: the office speaks the language of whoever signs in.
      { name: 'Adèle', roles: ['admin'], locale: 'fr-BE', password: 'admin password 2' },
      { name: 'Alice', roles: ['admin'], locale: 'en', password: 'admin password 3' },
    ]);
    for (const [code, status] of Object.entries({
      ok: { labels: { 'fr-BE': 'En ordre', 'nl-BE': 'In orde', en: 'Up to date' }, mayShop: true },
      suspended: {
        labels: { 'fr-BE': 'Suspendu', 'nl-BE': 'Geschorst', en: 'Suspended' },
        mayShop: false,
        block: 'hard',
      },
    })) {
      const put = await server.app.inject({
        method: 'PUT',
        url: `/v1/admin/member-statuses/${code}`,
        headers: server.admin,
        payload: status,
      });
      expect(put.statusCode, put.body).toBe(200);
    }
    for (const [id, number, name] of [
      [1, 'M001', 'Anne Dupont'],
      [2, 'M002', 'Bart Peeters'],
    ] as const) {
      await server.app.inject({
        method: 'PUT',
        url: `/v1/admin/members/${id}`,
        headers: server.admin,
        payload: { number, name, status: 'ok' },
      });
    }
    // A till that pulls, and whose session was opened by its own cashier (unknown to the server).
    till = createTestTill();
    till.clock.now = new Date('2026-03-02T08:00:00.000Z');
    openTill(till);
    till.till.addByBarcode({ code: FIXTURE.milk.code });
    till.till.pay({ payments: [{ method: 'card', amount: FIXTURE.milk.price }] });
    till.till.signIn({ userId: till.managerId, pin: FIXTURE.managerPin });
    till.till.closeSession({ counts: { '1': till.till.xReport().expectedCash } });
    const events = outboxEvents(till.db);
    sessionId = String(
      events.find((event) => event.type === 'z_report')?.payload.document.sessionId,
    );
    ({ tillId } = await server.pushAsNewTill('Caisse 1', events));
    const enrolled = await server.enrolTill('Caisse 2');
    pointTillAt(till.db, server.url, enrolled.token);
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    till?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const pull = () => new SyncClient({ db: till.db }).syncOnce();

  async function pageChecked(page: Page, locale: Locale, screen: string) {
    expect(await seriousViolations(page), `${locale} ${screen}`).toEqual([]);
    await screenshot(page, locale, screen);
  }

  it('lets an admin in Dutch create a stock volunteer with badge and PIN, who then signs in at the handheld', async () => {
    const nl = 'nl-BE';
    const page = await signInToOffice(browser, server, {
      name: 'Ada',
      password: 'admin password 1',
      locale: nl,
    });
    try {
      const nav = page.getByRole('navigation', { name: words(nl, 'office.nav') });
      await nav.getByRole('link', { name: words(nl, 'office.people.title') }).click();
      const form = page.locator('form').filter({ hasText: words(nl, 'office.people.new') });
      await form.getByLabel(words(nl, 'office.people.name'), { exact: true }).fill('Stijn Stock');
      await form.getByLabel(words(nl, 'office.people.language')).selectOption('nl-BE');
      await form.getByLabel(words(nl, 'office.people.role.stock')).check();
      await form.getByLabel(words(nl, 'office.people.badge')).fill('S0042');
      await form.getByLabel(words(nl, 'office.people.pinField')).fill('4321');
      await form.getByRole('button', { name: words(nl, 'office.people.create') }).click();
      await page
        .getByRole('status')
        .filter({ hasText: words(nl, 'office.people.created', { name: 'Stijn Stock' }) })
        .waitFor();
      // The change is kept with who made it.
      const panel = page.getByRole('region', { name: 'Stijn Stock' });
      await panel.getByText(/Ada/).first().waitFor();
      const list = page.getByRole('region', { name: words(nl, 'office.people.list') });
      const row = list.getByRole('row').filter({ hasText: 'Stijn Stock' });
      expect(await row.textContent()).toContain(words(nl, 'office.people.role.stock'));
      expect(await row.textContent()).toContain(
        words(nl, 'office.people.badgeShort', { badge: 'S0042' }),
      );
      await pageChecked(page, nl, 'office-people');
    } finally {
      await page.context().close();
    }

    const context = await browser.newContext({ viewport: { width: 412, height: 860 } });
    try {
      const hand = await context.newPage();
      await hand.goto(`${server.url}/hand/`);
      await hand.getByRole('button', { name: LANGUAGE[nl], exact: true }).click();
      await hand.getByLabel(words(nl, 'web.signIn.badge')).fill('S0042');
      await hand.getByLabel(words(nl, 'signIn.pin')).fill('4321');
      await hand.getByRole('button', { name: words(nl, 'signIn.submit') }).click();
      await hand.locator('main.hand[data-ready="yes"]').waitFor();
      await hand.getByText('Stijn Stock').first().waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);

  it('lets a manager change a member’s status, which a till then pulls', async () => {
    await pull();
    expect(getMember(till.db, 2)?.status).toBe('ok');
    const page = await signInToOffice(browser, server, {
      name: 'Marie',
      password: 'manager password',
    });
    try {
      const nav = page.getByRole('navigation', { name: words('en', 'office.nav') });
      await nav.getByRole('link', { name: words('en', 'office.members.title') }).click();
      await page.getByLabel(words('en', 'office.members.find')).fill('Bart');
      const list = page.getByRole('region', { name: words('en', 'office.members.list') });
      await list
        .getByRole('status')
        .filter({ hasText: words('en', 'office.list.page', { page: 1, pages: 1, total: 1 }) })
        .waitFor();
      await list.getByRole('link', { name: 'Bart Peeters' }).click();
      await page.getByLabel(words('en', 'office.members.newStatus')).selectOption('suspended');
      await page.getByRole('button', { name: words('en', 'office.members.save') }).click();
      await page
        .getByRole('status')
        .filter({ hasText: words('en', 'office.members.saved') })
        .waitFor();
      await page.getByText(words('en', 'office.members.hard')).first().waitFor();
      await page.getByText(/Marie/).first().waitFor();
      await pageChecked(page, 'en', 'office-member');
    } finally {
      await page.context().close();
    }
    await pull();
    expect(getMember(till.db, 2)?.status).toBe('suspended');
  }, 120_000);

  it('refuses a manager the people, in words, and the API says 403', async () => {
    const page = await signInToOffice(browser, server, {
      name: 'Marie',
      password: 'manager password',
    });
    try {
      const nav = page.getByRole('navigation', { name: words('en', 'office.nav') });
      expect(
        await nav.getByRole('link', { name: words('en', 'office.people.title') }).count(),
      ).toBe(0);
      await page.goto(`${server.url}/office/#/people`);
      await page
        .getByRole('alert')
        .filter({ hasText: words('en', 'office.refused') })
        .waitFor();
      const api = await page.request.get(`${server.url}/v1/people`);
      expect(api.status()).toBe(403);
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('lets a manager change a setting, refused in words when wrong, and a till pulls it', async () => {
    const page = await signInToOffice(browser, server, {
      name: 'Marie',
      password: 'manager password',
    });
    try {
      const nav = page.getByRole('navigation', { name: words('en', 'office.nav') });
      await nav.getByRole('link', { name: words('en', 'office.settings.title') }).click();
      const form = page.getByRole('form', { name: 'auth.idleSignOutSeconds' });
      const field = form.getByLabel(words('en', 'office.settings.fallback'));
      await field.fill('100000');
      await form.getByRole('button', { name: words('en', 'office.settings.save') }).click();
      await form
        .getByRole('alert')
        .filter({
          hasText: words('en', 'office.settings.refused', {
            problem: 'auth.idleSignOutSeconds: at most 86400 seconds (a day)',
          }),
        })
        .waitFor();
      await field.fill('120');
      await form.getByRole('button', { name: words('en', 'office.settings.save') }).click();
      await form
        .getByRole('status')
        .filter({ hasText: words('en', 'office.settings.saved') })
        .waitFor();
      await form
        .getByText(words('en', 'office.settings.waiting', { tills: 'Caisse 1' }), { exact: false })
        .waitFor();
      await pageChecked(page, 'en', 'office-settings');
    } finally {
      await page.context().close();
    }
    await pull();
    expect(getSetting(till.db, 'auth.idleSignOutSeconds')).toBe(120);
  }, 120_000);

  it('shows every page in French, Dutch and English with no serious accessibility violation', async () => {
    for (const [locale, name, password] of [
      ['fr-BE', 'Adèle', 'admin password 2'],
      ['nl-BE', 'Ada', 'admin password 1'],
      ['en', 'Alice', 'admin password 3'],
    ] as const) {
      const page = await signInToOffice(browser, server, { name, password, locale });
      try {
        const nav = page.getByRole('navigation', { name: words(locale, 'office.nav') });
        await nav.getByRole('link', { name: words(locale, 'office.members.title') }).click();
        await page.getByRole('link', { name: 'Anne Dupont' }).waitFor();
        await pageChecked(page, locale, 'office-members');
        await page
          .getByRole('button', { name: words(locale, 'office.members.tab.statuses') })
          .click();
        await page
          .getByRole('button', {
            name: words(locale, 'office.members.edit', { code: 'suspended' }),
          })
          .waitFor();
        await pageChecked(page, locale, 'office-member-statuses');
        await page
          .getByRole('button', { name: words(locale, 'office.members.tab.import') })
          .click();
        await page.getByLabel(words(locale, 'office.members.file')).setInputFiles({
          name: 'leden.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from('id;number;name;status\n3;M003;Chloé Martin;ok\n4;M004;;ok\n'),
        });
        await page.getByRole('button', { name: words(locale, 'office.members.preview') }).click();
        await page.getByRole('alert').filter({ hasText: 'a name is required' }).waitFor();
        await page.getByLabel(words(locale, 'office.members.file')).setInputFiles({
          name: 'leden.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from('id;number;name;status\n3;M003;Chloé Martin;ok\n'),
        });
        await page.getByRole('button', { name: words(locale, 'office.members.preview') }).click();
        await page
          .getByText(
            words(locale, 'office.members.previewText', {
              rows: 1,
              created: 1,
              changed: 0,
              unchanged: 0,
            }),
          )
          .waitFor();
        await pageChecked(page, locale, 'office-member-import');
        await nav.getByRole('link', { name: words(locale, 'office.people.title') }).click();
        await page.getByRole('button', { name: 'Marie', exact: true }).click();
        const panel = page.getByRole('region', { name: 'Marie' });
        await panel.waitFor();
        await panel.scrollIntoViewIfNeeded();
        await pageChecked(page, locale, 'office-people');
        await nav.getByRole('link', { name: words(locale, 'office.settings.title') }).click();
        await page.getByRole('form', { name: 'payment.roundAll' }).waitFor();
        await pageChecked(page, locale, 'office-settings');
        // The Z names the till's own cashier by number, in words.
        await page.goto(`${server.url}/office/#/session/${tillId}/${sessionId}`);
        const z = page.getByTestId('z-report');
        await z.waitFor();
        expect(await z.textContent()).toContain(
          words(locale, 'office.sales.tillUser', { id: till.cashierId }),
        );
        expect(await z.textContent()).not.toContain(`#${till.cashierId}`);
        await pageChecked(page, locale, 'office-session-till-user');
      } finally {
        await page.context().close();
      }
    }
  }, 300_000);
});
