import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { getMember } from '../../../db/members';
import { getSetting } from '../../../db/settings';
import { SyncClient } from '../../../main/sync/client';
import { openSession } from '../../../server/people';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, outboxEvents, pointTillAt } from '../../support/sync';

const HOST = 'shop.example';
const ORIGIN = `http://${HOST}`;

const STATUSES = {
  ok: { labels: { 'fr-BE': 'En ordre', 'nl-BE': 'In orde', en: 'Up to date' }, mayShop: true },
  suspended: {
    labels: { 'fr-BE': 'Suspendu', 'nl-BE': 'Geschorst', en: 'Suspended' },
    mayShop: false,
    block: 'hard',
  },
};

/** Issue 24, item 3: members, statuses, member import, settings; and the Z's till users. */
describe.each(STORES)('the back office’s members and settings on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;
  let manager = '';
  let admin = '';
  let stock = '';
  let managerName = '';
  let now = new Date('2026-03-03T08:15:00.000Z');

  beforeAll(async () => {
    server = await startTestServer(kind, { clock: () => now });
    for (const [code, status] of Object.entries(STATUSES)) {
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
      [3, 'M003', 'Chloé Martin'],
    ] as const) {
      await server.app.inject({
        method: 'PUT',
        url: `/v1/admin/members/${id}`,
        headers: server.admin,
        payload: { number, name, status: 'ok' },
      });
    }
    const cookies: string[] = [];
    for (const [name, roles] of [
      ['Marie Manager', ['manager']],
      ['Ada Admin', ['admin']],
      ['Sam Stock', ['stock']],
    ] as const) {
      const person = await server.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers: server.admin,
        payload: { name, roles, password: `${name} password 123` },
      });
      const id = await openSession(
        server.store,
        person.json<{ id: number }>().id,
        name === 'Sam Stock' ? 'hand' : 'office',
        new Date(),
      );
      cookies.push(`emm_session=${id}`);
    }
    [manager = '', admin = '', stock = ''] = cookies;
    managerName = 'Marie Manager';
    t = createTestTill();
  });
  afterAll(async () => {
    t?.close();
    await server?.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    cookie: string,
    payload?: object | string | Buffer,
    contentType?: string,
  ) =>
    server.app.inject({
      method,
      url,
      headers: {
        host: HOST,
        origin: ORIGIN,
        cookie,
        ...(contentType ? { 'content-type': contentType } : {}),
      },
      ...(payload !== undefined ? { payload } : {}),
    });

  it('lists members found by name or number, of a status, sorted and paged', async () => {
    const all = await call('GET', '/v1/office/members?sort=name&order=desc', manager);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json<{ total: number; rows: { name: string }[] }>()).toMatchObject({
      total: 3,
      rows: [{ name: 'Chloé Martin' }, { name: 'Bart Peeters' }, { name: 'Anne Dupont' }],
    });
    const found = await call('GET', '/v1/office/members?q=m002', manager);
    expect(found.json<{ rows: { name: string }[] }>().rows.map((row) => row.name)).toEqual([
      'Bart Peeters',
    ]);
    const paged = await call('GET', '/v1/office/members?pageSize=2&page=2&sort=number', manager);
    expect(paged.json<{ total: number; rows: { number: string }[] }>()).toMatchObject({
      total: 3,
      rows: [{ number: 'M003' }],
    });
    const none = await call('GET', '/v1/office/members?status=suspended', manager);
    expect(none.json<{ total: number }>().total).toBe(0);
    expect((await call('GET', '/v1/office/members', stock)).statusCode).toBe(403);
  });

  it('changes a member’s status, records who and when, and a till pulls it', async () => {
    const token = (await server.enrolTill('Caisse 1')).token;
    pointTillAt(t.db, server.url, token);
    await new SyncClient({ db: t.db }).syncOnce();
    expect(getMember(t.db, 2)?.status).toBe('ok');

    const unknown = await call('PATCH', '/v1/office/members/2', manager, { status: 'nope' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ error: string }>().error).toMatch(/not one of the coop's statuses/);
    const changed = await call('PATCH', '/v1/office/members/2', manager, { status: 'suspended' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      status: 'suspended',
      changes: [
        {
          at: now.toISOString(),
          byPersonName: managerName,
          change: { status: { from: 'ok', to: 'suspended' } },
        },
      ],
    });
    expect(
      (await call('PATCH', '/v1/office/members/99', manager, { status: 'ok' })).statusCode,
    ).toBe(404);
    await new SyncClient({ db: t.db }).syncOnce();
    expect(getMember(t.db, 2)?.status).toBe('suspended');
    const filtered = await call('GET', '/v1/office/members?status=suspended', manager);
    expect(filtered.json<{ total: number }>().total).toBe(1);
  });

  it('creates and edits statuses in the coop’s words, refusing a block on one that may shop', async () => {
    const wrong = await call('PUT', '/v1/office/member-statuses/alert', manager, {
      labels: { 'fr-BE': 'Alerte', 'nl-BE': 'Alarm', en: 'Alert' },
      mayShop: true,
      block: 'soft',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(/one that may has none/);
    const made = await call('PUT', '/v1/office/member-statuses/alert', manager, {
      labels: { 'fr-BE': 'Alerte', 'nl-BE': 'Alarm', en: 'Alert' },
      mayShop: false,
      block: 'soft',
    });
    expect(made.statusCode, made.body).toBe(200);
    const list = await call('GET', '/v1/office/member-statuses', manager);
    const body = list.json<{
      statuses: { code: string; members: number; block: string | null }[];
      changes: { key: string; byPersonName: string }[];
    }>();
    const mine = body.statuses.filter((s) => ['alert', 'ok', 'suspended'].includes(s.code));
    expect(mine.map((s) => [s.code, s.members, s.block])).toEqual([
      ['alert', 0, 'soft'],
      ['ok', 2, null],
      ['suspended', 1, 'hard'],
    ]);
    expect(body.changes[0]).toMatchObject({ key: 'alert', byPersonName: managerName });
  });

  it('previews a member file (CSV or XLSX) without writing, names every refusal, then imports it', async () => {
    const csv =
      'id;number;name;status\n3;M003;Chloé Martin-Dubois;ok\n4;M004;Dirk Janssens;sabbatical\n';
    const preview = await call(
      'POST',
      '/v1/office/members/import/preview',
      manager,
      csv,
      'text/csv',
    );
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({
      rows: 2,
      created: 1,
      changed: 1,
      unchanged: 0,
      unknownStatuses: ['sabbatical'],
    });
    // Nothing written by the preview.
    const after = await call('GET', '/v1/office/members?q=Dirk', manager);
    expect(after.json<{ total: number }>().total).toBe(0);

    const bad = 'id,number,name,status\n5,M001,Eva,ok\nx,M006,,ok\n';
    const refusedPreview = await call(
      'POST',
      '/v1/office/members/import/preview',
      manager,
      bad,
      'text/csv',
    );
    expect(refusedPreview.statusCode).toBe(422);
    expect(refusedPreview.body).toMatch(/a whole number|positive|number/);
    expect(refusedPreview.body).toMatch(/a name is required/);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Leden');
    sheet.addRow(['id', 'number', 'name', 'status']);
    sheet.addRow([4, 'M004', 'Dirk Janssens', 'ok']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const xlsxPreview = await call(
      'POST',
      '/v1/office/members/import/preview',
      manager,
      xlsx,
      'application/octet-stream',
    );
    expect(xlsxPreview.json()).toMatchObject({ rows: 1, created: 1, unknownStatuses: [] });
    const applied = await call(
      'POST',
      '/v1/office/members/import',
      manager,
      xlsx,
      'application/octet-stream',
    );
    expect(applied.json()).toEqual({ members: 1 });
    const dirk = await call('GET', '/v1/office/members?q=Dirk', manager);
    expect(dirk.json<{ total: number }>().total).toBe(1);
  });

  it('lists the tills’ settings with their values; a change reaches the till’s pull, a bad value is refused in words', async () => {
    now = new Date('2026-03-03T09:00:00.000Z');
    const bad = await call('PUT', '/v1/office/settings/auth.idleSignOutSeconds', manager, {
      value: 100_000,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: string }>().error).toBe(
      'auth.idleSignOutSeconds: at most 86400 seconds (a day)',
    );
    const pin = await call('PUT', '/v1/office/settings/auth.manager_pin_min_length', manager, {
      value: 8,
    });
    expect(pin.statusCode).toBe(403);
    expect(pin.json<{ error: string }>().error).toMatch(/Only an admin/);
    const unknown = await call('PUT', '/v1/office/settings/till.name', manager, { value: 'x' });
    expect(unknown.statusCode).toBe(404);

    const good = await call('PUT', '/v1/office/settings/auth.idleSignOutSeconds', manager, {
      value: 120,
    });
    expect(good.statusCode, good.body).toBe(200);
    const before = await call('GET', '/v1/office/settings', manager);
    const listed = before.json<{
      settings: { key: string; value: unknown; set: boolean; lastChange: { at: string } | null }[];
      tills: { name: string; lastPullAt: string | null }[];
    }>();
    expect(listed.settings.find((s) => s.key === 'auth.idleSignOutSeconds')).toMatchObject({
      value: 120,
      set: true,
      lastChange: { at: '2026-03-03T09:00:00.000Z' },
    });
    expect(listed.settings.find((s) => s.key === 'payment.roundAll')).toMatchObject({
      value: false,
      set: false,
    });
    // The till pulled before the change, at 08:15.
    expect(listed.tills).toEqual([
      { id: expect.any(Number), name: 'Caisse 1', lastPullAt: '2026-03-03T08:15:00.000Z' },
    ]);

    now = new Date('2026-03-03T09:05:00.000Z');
    await new SyncClient({ db: t.db }).syncOnce();
    expect(getSetting(t.db, 'auth.idleSignOutSeconds')).toBe(120);
    const afterPull = await call('GET', '/v1/office/settings', manager);
    expect(afterPull.json<{ tills: { lastPullAt: string }[] }>().tills[0]?.lastPullAt).toBe(
      '2026-03-03T09:05:00.000Z',
    );
    // A script's change through the admin API is kept too, named as the admin token.
    await server.app.inject({
      method: 'PUT',
      url: '/v1/admin/settings/payment.roundAll',
      headers: server.admin,
      payload: { value: true },
    });
    const byScript = await call('GET', '/v1/office/settings', manager);
    expect(
      byScript
        .json<{ settings: { key: string; value: unknown; lastChange: unknown }[] }>()
        .settings.find((s) => s.key === 'payment.roundAll'),
    ).toMatchObject({ value: true, lastChange: { byOther: 'admin_token', change: { to: true } } });
    // An admin may change the PIN's length.
    const adminPin = await call('PUT', '/v1/office/settings/auth.manager_pin_min_length', admin, {
      value: 7,
    });
    expect(adminPin.statusCode).toBe(200);
  });

  it('names who opened and closed a session; a till’s own user, unknown to the server, by number', async () => {
    const till = createTestTill();
    try {
      till.clock.now = new Date('2026-03-02T08:00:00.000Z');
      openTill(till);
      till.till.signIn({ userId: till.managerId, pin: FIXTURE.managerPin });
      till.till.closeSession({ counts: { '1': till.till.xReport().expectedCash } });
      const pushed = await server.pushAsNewTill('Caisse 2', outboxEvents(till.db));
      const sessionId = String(
        outboxEvents(till.db).find((event) => event.type === 'z_report')?.payload.document
          .sessionId,
      );
      // The manager is known to the server through the admin API's users; the cashier is not.
      await server.app.inject({
        method: 'PUT',
        url: `/v1/admin/users/${till.managerId}`,
        headers: server.admin,
        payload: {
          name: 'Gérard Gérant',
          role: 'manager',
          pinHash: 'scrypt$16384$8$1$abcdefgh$abcdefgh',
        },
      });
      const detail = await call(
        'GET',
        `/v1/office/sessions/${pushed.tillId}/${sessionId}`,
        manager,
      );
      expect(detail.statusCode, detail.body).toBe(200);
      expect(detail.json()).toMatchObject({
        openedBy: null,
        openedById: till.cashierId,
        closedBy: 'Gérard Gérant',
        closedById: till.managerId,
      });
    } finally {
      till.close();
    }
  });

  it('lets an admin end a person’s sessions, kept with who and when; a manager may not', async () => {
    const [marie] = await server.store.query<{ id: number }>(
      "SELECT id FROM people WHERE name = 'Marie Manager'",
    );
    const url = `/v1/people/${marie?.id ?? 0}/sessions/end`;
    expect((await call('POST', url, manager, {})).statusCode).toBe(403);
    expect((await call('GET', '/v1/office/members', manager)).statusCode).toBe(200);
    const ended = await call('POST', url, admin, {});
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toEqual({ ended: 1 });
    expect((await call('GET', '/v1/office/members', manager)).statusCode).toBe(401);
    const changes = await call('GET', `/v1/people/${marie?.id ?? 0}/changes`, admin);
    expect(changes.json<{ change: object; byPersonName: string }[]>().at(-1)).toMatchObject({
      change: { sessionsEnded: 1 },
      byPersonName: 'Ada Admin',
    });
  });
});
