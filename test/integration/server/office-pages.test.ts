import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, outboxEvents } from '../../support/sync';
import { openSession } from '../../../server/people';
import { shortSessionId } from '../../../db/sessions';
import { centsToDecimalString } from '../../../domain/money';
import type { SessionReport } from '../../../domain/session';

/** Monday 2 March 2026: a card sale, a cash sale with change and its refund, then the Z. */
function mondayAtTheTill(t: TestTill): { z: SessionReport; sessionId: string } {
  t.clock.now = new Date('2026-03-02T08:00:00.000Z');
  openTill(t);
  t.till.addByBarcode({ code: FIXTURE.milk.code });
  t.till.addByBarcode({ code: FIXTURE.soap.code });
  t.till.pay({ payments: [{ method: 'card', amount: FIXTURE.milk.price + FIXTURE.soap.price }] });
  t.clock.advance(3600_000);
  for (let i = 0; i < 3; i += 1) t.till.addByBarcode({ code: FIXTURE.milk.code });
  const paid = t.till.pay({ payments: [{ method: 'cash', amount: 1000 }] });
  t.till.refund({
    ticketNumber: paid.number ?? 0,
    lines: [{ lineId: paid.lines[0]?.id ?? '', quantity: 1000 }],
    method: 'cash',
    approval: { userId: t.managerId, pin: FIXTURE.managerPin },
  });
  t.clock.advance(3600_000);
  t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
  const expected = t.till.xReport().expectedCash;
  const z = t.till.closeSession({ counts: { '1': expected } });
  const closing = outboxEvents(t.db).find((event) => event.type === 'z_report');
  return { z, sessionId: String(closing?.payload.document.sessionId) };
}

interface TicketRow {
  tillId: number;
  till: string;
  id: string;
  kind: 'sale' | 'refund';
  number: number | null;
  closedAt: string;
  total: number;
  lines: number;
}
interface Listing<T> {
  total: number;
  page: number;
  pageSize: number;
  rows: T[];
}

/** Issue 24, item 3: the back office's sales pages and their role checks. */
describe.each(STORES)('the back office’s sales pages on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;
  let z: SessionReport;
  let sessionId: string;
  let tillId: number;
  let manager: string;
  let stock: string;

  beforeAll(async () => {
    server = await startTestServer(kind, { clock: () => new Date('2026-03-03T08:15:00.000Z') });
    t = createTestTill();
    ({ z, sessionId } = mondayAtTheTill(t));
    const pushed = await server.pushAsNewTill('Caisse 1', outboxEvents(t.db));
    expect(pushed.response.json<{ rejected: unknown[] }>().rejected).toEqual([]);
    tillId = pushed.tillId;
    const cookies: string[] = [];
    for (const [name, roles] of [
      ['Marie', ['manager']],
      ['Sam', ['stock']],
    ] as const) {
      const person = await server.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers: server.admin,
        payload: { name, roles, password: `${name} password 123` },
      });
      // The stock volunteer's session is the handheld's: the office's sign-in refuses them.
      const id = await openSession(
        server.store,
        person.json<{ id: number }>().id,
        name === 'Sam' ? 'hand' : 'office',
        new Date(),
      );
      cookies.push(`emm_session=${id}`);
    }
    [manager = '', stock = ''] = cookies;
  });
  afterAll(async () => {
    t?.close();
    await server?.close();
  });

  const get = (url: string, cookie = manager) =>
    server.app.inject({ method: 'GET', url, headers: { cookie } });
  const json = async <T>(url: string): Promise<T> => {
    const response = await get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };

  it('lists yesterday’s tickets newest first, with refunds, and finds one by number or product', async () => {
    const list = await json<Listing<TicketRow>>('/v1/office/tickets?from=2026-03-02');
    expect(list.total).toBe(3);
    expect(list.rows.map((row) => [row.kind, row.number, row.total])).toEqual([
      ['refund', 3, -FIXTURE.milk.price],
      ['sale', 2, 3 * FIXTURE.milk.price],
      ['sale', 1, FIXTURE.milk.price + FIXTURE.soap.price],
    ]);
    // Today (the server's clock says 3 March) has none.
    expect((await json<Listing<TicketRow>>('/v1/office/tickets')).total).toBe(0);
    const refunds = await json<Listing<TicketRow>>(
      '/v1/office/tickets?from=2026-03-02&kind=refund',
    );
    expect(refunds.rows.map((row) => row.number)).toEqual([3]);
    const byNumber = await json<Listing<TicketRow>>('/v1/office/tickets?from=2026-03-02&q=2');
    expect(byNumber.rows.map((row) => row.number)).toEqual([2]);
    // A product's name, any case; a '%' is a character, not a wildcard.
    const soap = await json<Listing<TicketRow>>('/v1/office/tickets?from=2026-03-02&q=SAVON');
    expect(soap.rows.map((row) => row.number)).toEqual([1]);
    expect((await json<Listing<TicketRow>>('/v1/office/tickets?from=2026-03-02&q=%25')).total).toBe(
      0,
    );
  });

  it('sorts and pages the tickets, the count kept past the last page', async () => {
    const byTotal = await json<Listing<TicketRow>>(
      '/v1/office/tickets?from=2026-03-02&sort=total&order=asc&pageSize=2',
    );
    expect(byTotal.total).toBe(3);
    expect(byTotal.rows.map((row) => row.total)).toEqual([
      -FIXTURE.milk.price,
      3 * FIXTURE.milk.price,
    ]);
    const second = await json<Listing<TicketRow>>(
      '/v1/office/tickets?from=2026-03-02&sort=total&order=asc&pageSize=2&page=2',
    );
    expect(second.rows.map((row) => row.total)).toEqual([FIXTURE.milk.price + FIXTURE.soap.price]);
    const past = await json<Listing<TicketRow>>('/v1/office/tickets?from=2026-03-02&page=9');
    expect(past).toMatchObject({ total: 3, rows: [] });
  });

  it('opens a ticket with its lines, and a sale with the refund made of it', async () => {
    const list = await json<Listing<TicketRow>>('/v1/office/tickets?from=2026-03-02');
    const [refund, sale] = list.rows;
    const detail = await json<{
      till: string;
      ticket: { lines: { name: string; quantity: number }[]; total: number };
      refunds: { number: number }[];
    }>(`/v1/office/tickets/${tillId}/${sale?.id ?? ''}`);
    expect(detail.till).toBe('Caisse 1');
    expect(detail.ticket.total).toBe(3 * FIXTURE.milk.price);
    expect(detail.ticket.lines.every((line) => line.name.startsWith('Lait'))).toBe(true);
    expect(detail.ticket.lines.reduce((sum, line) => sum + line.quantity, 0)).toBe(3000);
    expect(detail.refunds.map((other) => other.number)).toEqual([3]);
    const back = await json<{ refundOf: { number: number } | null }>(
      `/v1/office/tickets/${tillId}/${refund?.id ?? ''}`,
    );
    expect(back.refundOf?.number).toBe(2);
    const missing = await get(`/v1/office/tickets/${tillId}/00000000-0000-7000-8000-000000000000`);
    expect(missing.statusCode).toBe(404);
  });

  it('gives the session with its Z as the till stored it and the till’s short number', async () => {
    const sessions = await json<
      Listing<{ id: string; net: number; difference: number; closedAt: string }>
    >('/v1/office/sessions?from=2026-03-02');
    expect(sessions.total).toBe(1);
    expect(sessions.rows[0]).toMatchObject({ id: sessionId, net: z.totals.net, difference: 0 });
    const detail = await json<{
      sessionNumber: string;
      zReport: SessionReport;
      tickets: unknown[];
      header: { shopName: string };
    }>(`/v1/office/sessions/${tillId}/${sessionId}`);
    expect(detail.zReport).toEqual(z);
    expect(detail.sessionNumber).toBe(shortSessionId(t.db, sessionId));
    expect(detail.tickets).toHaveLength(3);
    expect((await get(`/v1/office/sessions/${tillId}/nope`)).statusCode).toBe(404);
  });

  it('exports the day for the accountant as the Z counts it, in euros with a dot', async () => {
    const response = await get('/v1/office/sales.csv?from=2026-03-01&to=2026-03-03');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain('sales-2026-03-01-2026-03-03.csv');
    const [header, ...rows] = response.body.trimEnd().split('\r\n');
    const rates = z.vat.map((row) => row.rateBp / 100);
    expect(header).toBe(
      [
        'day,till,tickets,refund tickets,sales,refunds,net',
        ...rates.map((rate) => `base ${rate}%,VAT ${rate}%`),
        ...z.byMethodNet.map((row) => `paid ${row.method}`).sort(),
      ].join(','),
    );
    const methods = [...z.byMethodNet].sort((a, b) => a.method.localeCompare(b.method));
    expect(rows).toEqual([
      [
        '2026-03-02',
        'Caisse 1',
        z.tickets.sales,
        z.tickets.refunds,
        ...[z.totals.sales, z.totals.refunds, z.totals.net].map(centsToDecimalString),
        ...z.vat.flatMap((row) => [row.net, row.vat].map(centsToDecimalString)),
        ...methods.map((row) => centsToDecimalString(row.amount)),
      ].join(','),
    ]);
  });

  it('lists the catalogue found by name or code, sorted and paged, with a suggested price that a manager approves', async () => {
    const at = '2026-03-01T10:00:00.000Z';
    await server.store.query(
      `INSERT INTO tax_rates (id, name, rate_bp, version) VALUES
         (1, '6 %', 600, nextval('catalog_version')), (2, '21 %', 2100, nextval('catalog_version'))`,
    );
    await server.store.query(
      `INSERT INTO categories (id, name, name_nl, version) VALUES
         (2, 'Produits laitiers', 'Zuivel', nextval('catalog_version'))`,
    );
    await server.store.query(
      `INSERT INTO products (id, name, name_nl, category_id, tax_rate_id, price, unit, barcodes, version) VALUES
         (2, 'Lait', 'Melk', 2, 1, 129, 'piece', '{5410000000026}', nextval('catalog_version')),
         (3, 'Savon', NULL, NULL, 2, 450, 'piece', '{}', nextval('catalog_version')),
         (4, 'Lait d''avoine', 'Havermelk', 2, 1, 239, 'piece', '{}', nextval('catalog_version'))`,
    );
    await server.store.query(
      `INSERT INTO price_history (product_id, price, at) VALUES (2, 129, $1), (3, 450, $1), (4, 239, $1)`,
      [at],
    );
    const [change] = await server.store.query<{ id: number }>(
      `INSERT INTO price_changes (product_id, old_price, new_price, reason, source, effective_from, created_at)
       VALUES (2, 129, 135, 'cost', 'Supplier list', $1, $1) RETURNING id`,
      [at],
    );
    type ProductRow = { id: number; name: string; price: number; suggestedPrice: number | null };
    const all = await json<Listing<ProductRow>>('/v1/office/products?sort=price&order=desc');
    expect(all.rows.map((row) => row.id)).toEqual([3, 4, 2]);
    expect(all.rows.find((row) => row.id === 2)?.suggestedPrice).toBe(135);
    const milk = await json<Listing<ProductRow>>('/v1/office/products?q=melk&pageSize=1');
    expect(milk).toMatchObject({ total: 2, rows: [{ id: 2 }] });
    const second = await json<Listing<ProductRow>>('/v1/office/products?q=melk&pageSize=1&page=2');
    expect(second.rows.map((row) => row.id)).toEqual([4]);
    const byCode = await json<Listing<ProductRow>>('/v1/office/products?q=5410000000026');
    expect(byCode.rows.map((row) => row.id)).toEqual([2]);
    expect((await get('/v1/office/products', stock)).statusCode).toBe(403);

    // The existing prices route approves it: the catalogue and the history take the new price.
    const approve = () =>
      server.app.inject({
        method: 'POST',
        url: `/v1/price-changes/${change?.id ?? 0}/approve`,
        headers: { cookie: manager, origin: 'http://localhost:80' },
      });
    expect((await approve()).statusCode).toBe(200);
    // Sent again after a lost answer: taken once.
    expect((await approve()).statusCode).toBe(200);
    const after = await json<Listing<ProductRow>>('/v1/office/products?q=5410000000026');
    expect(after.rows[0]).toMatchObject({ price: 135, suggestedPrice: null });
    const history = await json<{ current: number; prices: { price: number }[] }>(
      '/v1/products/2/prices',
    );
    expect(history.current).toBe(135);
    expect(history.prices.map((row) => row.price)).toEqual([129, 135]);
  });

  it('refuses bad input in words and changes nothing', async () => {
    for (const url of [
      '/v1/office/tickets?from=2026-02-30',
      '/v1/office/tickets?from=2026-03-02&to=2026-03-01',
      '/v1/office/tickets?sort=price',
      '/v1/office/tickets?pageSize=1000',
      '/v1/office/tickets?kind=gift',
      '/v1/office/sessions?page=0',
      '/v1/office/sales.csv?to=2020-01-01&from=2026-01-01',
      '/v1/office/products?sort=cost',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.body, url).toMatch(/[a-z]{4,}/);
    }
  });

  it('refuses sales and tills to a stock volunteer, and any of it to nobody', async () => {
    for (const url of [
      '/v1/office/tickets',
      `/v1/office/tickets/${tillId}/x`,
      '/v1/office/sessions',
      `/v1/office/sessions/${tillId}/x`,
      '/v1/office/sales.csv',
      '/v1/office/tills',
      '/v1/office/quarantine',
    ]) {
      expect((await get(url, stock)).statusCode, url).toBe(403);
      expect((await server.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
    // Creating a till stays the admin's: a manager is refused it too.
    const create = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/tills',
      headers: { cookie: manager, origin: 'http://localhost:80' },
      payload: { name: 'Caisse 9' },
    });
    expect(create.statusCode).toBe(403);
  });
});
