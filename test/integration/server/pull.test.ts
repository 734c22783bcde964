import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPulledPage, pullCursor, type PulledChanges } from '../../../db/pull';
import { getProduct, listNomenclatureRules } from '../../../db/catalog';
import { findUser } from '../../../db/users';
import { getMember, getMemberStatus } from '../../../db/members';
import { getSetting, setSetting } from '../../../db/settings';
import { SyncClient } from '../../../main/sync/client';
import { hashPin } from '../../../main/till/pin';
import { createTestTill, ean13, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { pointTillAt } from '../../support/sync';

const PRODUCTS = 250;

describe.each(STORES)('pull from a server on %s', (kind) => {
  let server: TestServer;
  let token: string;
  const tills: TestTill[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    ({ token } = await server.enrolTill('puller'));
    const csv = [
      'id;name;category;vat;price;unit;barcodes',
      ...Array.from(
        { length: PRODUCTS },
        (_, i) =>
          `${100 + i};Produit ${i};${i % 2 ? 'Épicerie' : 'Boissons'};${i % 3 ? 6 : 21};${i},${String(i % 100).padStart(2, '0')};${i % 5 ? 'piece' : 'kg'};${ean13(String(540_000_000_000 + i))}`,
      ),
    ].join('\r\n');
    const imported = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/import/products',
      headers: { ...server.admin, 'content-type': 'text/csv' },
      payload: `\uFEFF${csv}`,
    });
    expect(imported.json()).toEqual({ products: PRODUCTS });
    const admin = (method: 'PUT' | 'DELETE', url: string, payload?: object) =>
      server.app.inject({
        method,
        url: `/v1/admin${url}`,
        headers: server.admin,
        ...(payload ? { payload } : {}),
      });
    expect(
      (
        await admin('PUT', '/members/50', {
          number: 'M50',
          name: 'Sofie Janssens',
          cardBarcode: ean13('042000000050'),
          status: 'up_to_date',
          eaters: 3,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await admin('PUT', '/users/10', {
          name: 'Lotte',
          role: 'manager',
          pinHash: hashPin('2468'),
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await admin('PUT', '/settings/barcode.nomenclature', {
          value: {
            rules: [
              {
                name: 'EAN-13',
                sequence: 100,
                type: 'product',
                encoding: 'ean13',
                pattern: '.............',
              },
            ],
          },
        })
      ).statusCode,
    ).toBe(200);
  });
  afterAll(async () => {
    for (const t of tills) t.close();
    await server.close();
  });

  async function page(cursor: string | undefined, limit: number) {
    const response = await server.app.inject({
      method: 'GET',
      url: `/v1/sync/pull?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ cursor: string; more: boolean; changes: PulledChanges }>();
  }

  it('gives a new till everything, in pages, and resumes an interrupted pull without loss or repetition', async () => {
    const t = createTestTill();
    tills.push(t);
    // The first two pages are applied, then the till stops (a crash between pages).
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 2; i += 1) {
      const next = await page(cursor, 40);
      seen.push(...next.changes.products.map((product) => product.id));
      applyPulledPage(t.db, next.changes, next.cursor, '2026-03-02T08:00:00.000Z');
      cursor = next.cursor;
    }
    // Page three was fetched but never applied: its cursor was not kept.
    await page(cursor, 40);
    t.reopen();
    expect(pullCursor(t.db)).toBe(cursor);
    // The till comes back and goes on from the cursor it kept.
    for (;;) {
      const next = await page(pullCursor(t.db), 40);
      seen.push(...next.changes.products.map((product) => product.id));
      applyPulledPage(t.db, next.changes, next.cursor, '2026-03-02T08:00:00.000Z');
      if (!next.more) break;
    }
    expect(seen.length).toBe(PRODUCTS);
    expect(new Set(seen).size).toBe(PRODUCTS);
    expect(getProduct(t.db, 100 + 77)).toMatchObject({
      name: 'Produit 77',
      price: 7777,
      vatRateBp: 600,
    });
    expect(findUser(t.db, 10)).toMatchObject({ name: 'Lotte', role: 'manager' });
    expect(listNomenclatureRules(t.db)).toEqual([
      {
        name: 'EAN-13',
        sequence: 100,
        type: 'product',
        encoding: 'ean13',
        pattern: '.............',
      },
    ]);
  });

  it('brings changes and deletions to a till that pulled before, with the sync client', async () => {
    const t = createTestTill();
    tills.push(t);
    pointTillAt(t.db, server.url, token);
    const client = new SyncClient({ db: t.db, pullLimit: 100 });
    await client.syncOnce();
    expect(getProduct(t.db, 101)).toMatchObject({ price: 101, active: true });
    const changed = await server.app.inject({
      method: 'PUT',
      url: '/v1/admin/products/101/price',
      headers: server.admin,
      payload: { price: 150 },
    });
    expect(changed.statusCode).toBe(200);
    const deleted = await server.app.inject({
      method: 'DELETE',
      url: '/v1/admin/products/102',
      headers: server.admin,
    });
    expect(deleted.statusCode).toBe(200);
    const before = pullCursor(t.db);
    await client.syncOnce();
    expect(getProduct(t.db, 101)).toMatchObject({ price: 150, active: true });
    expect(getProduct(t.db, 102)).toMatchObject({ active: false });
    expect(pullCursor(t.db)).not.toBe(before);
    // Nothing new: the cursor stays and the page is empty.
    const idle = await page(pullCursor(t.db), 100);
    expect(idle.more).toBe(false);
    expect(Object.values(idle.changes).every((rows) => rows.length === 0)).toBe(true);
  });

  it("takes the server's users, a local user of the same name stepping aside", async () => {
    const t = createTestTill();
    tills.push(t);
    const put = await server.app.inject({
      method: 'PUT',
      url: '/v1/admin/users/30',
      headers: server.admin,
      payload: { name: 'Camille', role: 'cashier', pinHash: hashPin('1357') },
    });
    expect(put.statusCode).toBe(200);
    pointTillAt(t.db, server.url, token);
    await new SyncClient({ db: t.db }).syncOnce();
    expect(findUser(t.db, 30)).toMatchObject({ name: 'Camille', active: true });
    expect(findUser(t.db, t.cashierId)).toMatchObject({
      name: `Camille (${t.cashierId})`,
      active: false,
    });
  });

  it("applies the coop's settings but never one that is the till's own", async () => {
    const t = createTestTill();
    tills.push(t);
    setSetting(t.db, 'till.name', 'Caisse 2');
    setSetting(t.db, 'devices', { printer: 'sim' });
    for (const [key, value] of [
      ['shop', { name: 'BEES coop', addressLines: [], vatNumber: 'BE0000000000', footerLines: [] }],
      ['till.name', 'Caisse 1'],
      ['devices', { printer: 'none' }],
      ['sync.token', 'stolen-token-0123456789'],
      // Keys are camelCase after the dot: the server takes them as they are; a till's time
      // zone is its own (the back office reads the server's as the coop's).
      ['till.timeZone', 'Europe/Amsterdam'],
      ['discount.approvalAboveBp', 1500],
    ] as const) {
      const put = await server.app.inject({
        method: 'PUT',
        url: `/v1/admin/settings/${key}`,
        headers: server.admin,
        payload: { value },
      });
      expect(put.statusCode).toBe(200);
    }
    pointTillAt(t.db, server.url, token);
    await new SyncClient({ db: t.db }).syncOnce();
    expect(getSetting(t.db, 'shop')).toMatchObject({ name: 'BEES coop' });
    expect(getSetting(t.db, 'till.timeZone')).toBeUndefined();
    expect(getSetting(t.db, 'discount.approvalAboveBp')).toBe(1500);
    expect(getSetting(t.db, 'till.name')).toBe('Caisse 2');
    expect(getSetting(t.db, 'devices')).toEqual({ printer: 'sim' });
    expect(getSetting(t.db, 'sync.token')).toBe(token);
  });

  it('refuses barcode rules a till could not read', async () => {
    const response = await server.app.inject({
      method: 'PUT',
      url: '/v1/admin/settings/barcode.nomenclature',
      headers: server.admin,
      payload: {
        value: {
          rules: [{ name: 'x', sequence: 1, type: 'product', encoding: 'ean13', pattern: '.{13}' }],
        },
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatch(/invalid pattern/);
  });

  it('refuses a cursor it did not make', async () => {
    for (const cursor of ["1' OR '1'='1", '1.2.3', '-1.0.0.0.0.0']) {
      const response = await server.app.inject({
        method: 'GET',
        url: `/v1/sync/pull?cursor=${encodeURIComponent(cursor)}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode).toBe(400);
    }
  });

  it("brings the coop's member statuses and households, a member before the persons who shop as them", async () => {
    const admin = (method: 'PUT' | 'DELETE', url: string, payload?: object) =>
      server.app.inject({
        method,
        url: `/v1/admin${url}`,
        headers: server.admin,
        ...(payload ? { payload } : {}),
      });
    const grace = {
      labels: { 'fr-BE': 'En sursis', 'nl-BE': 'Uitstel', en: 'Grace period' },
      mayShop: false,
      block: 'soft',
    };
    expect((await admin('PUT', '/member-statuses/grace', grace)).statusCode).toBe(200);
    // May not shop, with no block: refused in words, nothing written.
    const refused = await admin('PUT', '/member-statuses/odd', { ...grace, block: null });
    expect(refused.statusCode).toBe(400);
    const household = {
      number: 'M60',
      name: 'Jan Claes',
      cardBarcode: ean13('042000000060'),
      status: 'grace',
      eaters: 2,
      mayShopOverride: true,
      eaterNames: ['Lien Claes'],
    };
    expect((await admin('PUT', '/members/60', household)).statusCode).toBe(200);
    const associate = {
      number: 'M61',
      name: 'Lien Claes',
      cardBarcode: ean13('042000000061'),
      status: 'ok',
      memberOf: 60,
    };
    expect((await admin('PUT', '/members/61', associate)).statusCode).toBe(200);
    // The member changes after their associate was written: the associate still comes after.
    expect(
      (await admin('PUT', '/members/60', { ...household, name: 'Jan Claes-Peeters' })).statusCode,
    ).toBe(200);

    // A new till pulls one row a page, each page applied on its own.
    const t = createTestTill();
    tills.push(t);
    let cursor: string | undefined;
    for (;;) {
      const next = await page(cursor, 1);
      applyPulledPage(t.db, next.changes, next.cursor, '2026-03-02T08:00:00.000Z');
      cursor = next.cursor;
      if (!next.more) break;
    }
    expect(getMemberStatus(t.db, 'grace')).toEqual({ code: 'grace', ...grace });
    expect(getMember(t.db, 60)).toMatchObject({
      name: 'Jan Claes-Peeters',
      status: 'grace',
      mayShopOverride: true,
      eaterNames: ['Lien Claes'],
      memberOf: null,
    });
    expect(getMember(t.db, 61)).toMatchObject({ name: 'Lien Claes', memberOf: 60 });

    // The coop drops the status: the till forgets it (its members may not shop until it is back).
    expect((await admin('DELETE', '/member-statuses/grace')).statusCode).toBe(200);
    expect((await admin('DELETE', '/member-statuses/grace')).statusCode).toBe(404);
    const next = await page(cursor, 100);
    applyPulledPage(t.db, next.changes, next.cursor, '2026-03-02T09:00:00.000Z');
    expect(getMemberStatus(t.db, 'grace')).toBeUndefined();
    expect(getMemberStatus(t.db, 'ok')).toMatchObject({ mayShop: true });
  });
});
