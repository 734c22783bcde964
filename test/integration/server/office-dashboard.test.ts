import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, outboxEvents, withFreshIds, type WireEvent } from '../../support/sync';
import { seededRandom, pick } from '../../support/random';
import { openSession } from '../../../server/people';
import { catalogTransaction, setSetting } from '../../../server/catalog';
import type { SessionReport } from '../../../domain/session';

const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-28', '2026-03-29'];

/**
 * A till's generated days: each a session opened in the morning, random baskets paid by card or
 * in cash with change (rounded to 5 cents), a refund now and then, the last sale at 23:50 local
 * time (already the next day in UTC on summer time), closed with its Z.
 */
function generateDays(t: TestTill, seed: number): void {
  const random = seededRandom(seed);
  for (const day of DAYS) {
    t.clock.now = new Date(`${day}T06:30:00.000Z`);
    openTill(t);
    const count = 4 + Math.floor(random() * 6);
    for (let i = 0; i < count; i += 1) {
      const items = 1 + Math.floor(random() * 4);
      for (let j = 0; j < items; j += 1) {
        t.till.addByBarcode({ code: pick(random, [FIXTURE.milk.code, FIXTURE.soap.code]) });
      }
      const due = t.till.currentTicket()?.totals.total ?? 0;
      const cash = random() < 0.5;
      const paid = t.till.pay({
        payments: [{ method: cash ? 'cash' : 'card', amount: cash ? due + 500 : due }],
      });
      if (random() < 0.3) {
        t.till.refund({
          ticketNumber: paid.number ?? 0,
          method: cash ? 'cash' : 'card',
          approval: { userId: t.managerId, pin: FIXTURE.managerPin },
        });
      }
      t.clock.advance(Math.floor(random() * 90 * 60_000));
    }
    // 23:50 in Brussels: after midnight UTC once summer time began (29 March).
    const offset = day >= '2026-03-29' ? 2 : 1;
    t.clock.now = new Date(`${day}T${String(23 - offset).padStart(2, '0')}:50:00.000Z`);
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    t.till.pay({ payments: [{ method: 'cash', amount: 1000 }] });
    t.clock.advance(60_000);
    t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
    const expected = t.till.xReport().expectedCash;
    t.till.closeSession({ counts: { '1': expected } });
  }
}

interface Dashboard {
  sales: number;
  refunds: number;
  net: number;
  tickets: number;
  refundTickets: number;
  byHour: { key: number; tickets: number; amount: number }[];
  byCategory: { category: string; amount: number }[];
  byPayment: { method: string; kind: string; amount: number }[];
  vat: { rateBp: number; gross: number; vat: number; net: number }[];
}

/** Issue 24, case 2: the dashboard's till-day is that till's Z, to the cent. */
describe.each(STORES)('the dashboard against the tills’ Z reports on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;
  let events: WireEvent[];
  let cookie: string;
  const tills: number[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
    // The server's catalogue as the till's, so that lines find their categories.
    await server.store.query(
      `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES
         (1, '6 %', 600, nextval('catalog_version')), (2, '21 %', 2100, nextval('catalog_version'))`,
    );
    await server.store.query(
      `INSERT INTO categories (id, name, version) VALUES
         (2, 'Produits laitiers', nextval('catalog_version')), (3, 'Hygiène', nextval('catalog_version'))`,
    );
    await server.store.query(
      `INSERT INTO products (id, name, category_id, tax_rate_id, price, unit, version) VALUES
         (2, 'Lait', 2, 1, 129, 'piece', nextval('catalog_version')),
         (3, 'Savon', 3, 2, 450, 'piece', nextval('catalog_version'))`,
    );
    t = createTestTill();
    generateDays(t, 24);
    events = outboxEvents(t.db);
    for (const name of ['Caisse 1', 'Caisse 2']) {
      const { tillId, response } = await server.pushAsNewTill(name, withFreshIds(events));
      expect(response.json()).toEqual({ ackedSeq: events.length, rejected: [] });
      tills.push(tillId);
    }
    const person = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: server.admin,
      payload: { name: 'Marie', roles: ['manager'], password: 'manager password 123' },
    });
    const id = await openSession(
      server.store,
      person.json<{ id: number }>().id,
      'office',
      new Date(),
    );
    cookie = `emm_session=${id}`;
  });
  afterAll(async () => {
    t?.close();
    await server.close();
  });

  const get = async (url: string) => {
    const response = await server.app.inject({ method: 'GET', url, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Dashboard>();
  };

  it('gives each till-day the sales, refunds, VAT, payments and categories of its Z', async () => {
    const sessions = (
      await server.app.inject({
        method: 'GET',
        url: `/v1/admin/sessions?tillId=${tills[0]}`,
        headers: server.admin,
      })
    ).json<{ day: string; zReport: SessionReport }[]>();
    expect(sessions.map((session) => session.day)).toEqual(DAYS);
    // The generated days hold what makes a Z hard to match: refunds, change, both VAT rates.
    const reports = sessions.map((session) => session.zReport);
    expect(reports.some((z) => z.tickets.refunds > 0 && z.changeGiven > 0)).toBe(true);
    expect(reports.every((z) => z.vat.length === 2)).toBe(true);
    for (const { day, zReport: z } of sessions) {
      const figures = await get(`/v1/office/dashboard?from=${day}&to=${day}&tillId=${tills[0]}`);
      expect(figures.sales, day).toBe(z.totals.sales);
      expect(figures.refunds, day).toBe(z.totals.refunds);
      expect(figures.net, day).toBe(z.totals.net);
      expect(figures.tickets, day).toBe(z.tickets.sales);
      expect(figures.refundTickets, day).toBe(z.tickets.refunds);
      expect(figures.vat, day).toEqual(z.vat.filter((row) => row.gross !== 0 || row.vat !== 0));
      expect(figures.byPayment, day).toEqual(
        z.byMethodNet.map(({ method, kind, amount }) => ({ method, kind, amount })),
      );
      expect(sortByName(figures.byCategory), day).toEqual(sortByName(z.byCategory));
      // The last sale, at 23:50 local time, is in the day's last hour.
      expect(figures.byHour[23]?.tickets, day).toBe(1);
    }
  });

  it('adds the tills up when no till is chosen, and sums a period of days', async () => {
    const one = await get(`/v1/office/dashboard?from=${DAYS[0]}&to=${DAYS[4]}&tillId=${tills[1]}`);
    const both = await get(`/v1/office/dashboard?from=${DAYS[0]}&to=${DAYS[4]}`);
    expect(both.sales).toBe(2 * one.sales);
    expect(both.tickets).toBe(2 * one.tickets);
    const perDay = await Promise.all(
      DAYS.map((day) => get(`/v1/office/dashboard?from=${day}&to=${day}&tillId=${tills[1]}`)),
    );
    expect(one.net).toBe(perDay.reduce((sum, figures) => sum + figures.net, 0));
    expect(one.byHour.reduce((sum, row) => sum + row.amount, 0)).toBe(one.net);
  });

  it('counts days and hours in the coop’s time zone, the tills’ setting', async () => {
    // As the admin's setting would store it: the admin route's key pattern refuses the
    // capital Z of the tills' own key, so it is written the way the route writes it.
    const setZone = (value: string) =>
      catalogTransaction(server.store, (tx) => setSetting(tx, 'till.timeZone', value));
    const day = '2026-03-29';
    const url = `/v1/office/dashboard?from=${day}&to=${day}&tillId=${tills[0]}`;
    const brussels = await get(url);
    await setZone('UTC');
    try {
      const utc = await get(url);
      expect(utc).toMatchObject({ timeZone: 'UTC' });
      // The 23:50 sale in Brussels is at 21:50 in UTC (summer time): same day, two hours earlier.
      expect(brussels.byHour[23]?.tickets).toBe(1);
      expect(utc.byHour[23]?.tickets).toBe(0);
      expect(utc.byHour[21]?.tickets).toBe(1);
      // The morning's first sales, 08:30 in Brussels, are 06:30 in UTC.
      expect(utc.byHour.slice(0, 8)).toEqual(
        brussels.byHour.slice(2, 10).map((row, i) => ({ ...row, key: i })),
      );
    } finally {
      await setZone('Europe/Brussels');
    }
  });

  it('sums the tickets themselves for a zone whose days are not whole UTC hours, to the same cent', async () => {
    const setZone = (value: string) =>
      catalogTransaction(server.store, (tx) => setSetting(tx, 'till.timeZone', value));
    const url = '/v1/office/dashboard?from=2026-03-01&to=2026-03-31';
    const hours = await get(url);
    // Kolkata is 5:30 ahead of UTC: its days start on the half hour, which no hour row holds.
    await setZone('Asia/Kolkata');
    try {
      const tickets = await get(url);
      expect(tickets).toMatchObject({ timeZone: 'Asia/Kolkata' });
      for (const key of ['sales', 'refunds', 'net', 'tickets', 'refundTickets'] as const) {
        expect(tickets[key], key).toBe(hours[key]);
      }
      expect(tickets.vat).toEqual(hours.vat);
      expect(tickets.byPayment).toEqual(hours.byPayment);
      expect(sortByName(tickets.byCategory)).toEqual(sortByName(hours.byCategory));
    } finally {
      await setZone('Europe/Brussels');
    }
  });

  it('refuses a period that is not one, in words, and shows the tills’ state', async () => {
    const bad = await server.app.inject({
      method: 'GET',
      url: '/v1/office/dashboard?from=2026-03-05&to=2026-03-01',
      headers: { cookie },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: string }>().error).toMatch(/from must not be after to/);
    const invalid = await server.app.inject({
      method: 'GET',
      url: '/v1/office/dashboard?from=2026-02-30',
      headers: { cookie },
    });
    expect(invalid.json<{ error: string }>().error).toMatch(/must be a day that exists/);
    const states = await server.app.inject({
      method: 'GET',
      url: '/v1/office/tills',
      headers: { cookie },
    });
    expect(states.json()).toEqual({
      tills: [
        expect.objectContaining({
          name: 'Caisse 1',
          waiting: 0,
          quarantined: 0,
          lastSyncAt: expect.any(String),
        }),
        expect.objectContaining({ name: 'Caisse 2', waiting: 0, quarantined: 0 }),
      ],
      timeZone: 'Europe/Brussels',
    });
  });
});

function sortByName(rows: { category: string; amount: number }[]) {
  return [...rows].sort((a, b) => a.category.localeCompare(b.category));
}
