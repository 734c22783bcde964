import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTill, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, outboxEvents, sellMilk } from '../../support/sync';
import { createTill } from '../../../server/tills';

describe.each(STORES)('the back office on %s', (kind) => {
  let server: TestServer;
  const tills: TestTill[] = [];
  beforeAll(async () => {
    server = await startTestServer(kind, { enrolPerMinute: 5 });
  });
  afterAll(async () => {
    for (const t of tills) t.close();
    await server.close();
  });
  const admin = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    csv = false,
  ) =>
    server.app.inject({
      method,
      url: `/v1/admin${url}`,
      headers: { ...server.admin, ...(csv ? { 'content-type': 'text/csv' } : {}) },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });

  it('needs the admin token', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token' }]) {
      const response = await server.app.inject({
        method: 'GET',
        url: '/v1/admin/products',
        headers,
      });
      expect(response.statusCode).toBe(401);
    }
  });

  it("imports a Belgian Excel export (BOM, ';', decimal comma) and refuses a wrong file whole, naming row and column", async () => {
    const excel =
      '\uFEFFid;name;name_nl;category;vat;price;unit;barcodes;active\r\n' +
      '1;Pain complet;Volkorenbrood;Boulangerie;6;3,20;piece;5410000000019;1\r\n' +
      '2;Noix de cajou;Cashewnoten;Vrac;6;24,90;kg;;1\r\n';
    const ok = await admin('POST', '/import/products', excel, true);
    expect(ok.json()).toEqual({ products: 2 });
    expect((await admin('GET', '/products/2')).json()).toMatchObject({
      name: 'Noix de cajou',
      price: 2490,
      unit: 'kg',
    });
    const wrong = 'id,name,vat,price,unit\n3,Lait,7,1.29,piece\n4,,6,abc,litre\n';
    const refused = await admin('POST', '/import/products', wrong, true);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems).toEqual([
      { row: 2, column: 'vat', message: 'a Belgian VAT rate: 0, 6, 12 or 21' },
      { row: 3, column: 'name', message: 'a name is required' },
      { row: 3, column: 'price', message: '"abc" is not a price (e.g. 3.99 or 3,99)' },
      { row: 3, column: 'unit', message: 'piece or kg' },
    ]);
    expect((await admin('GET', '/products/3')).statusCode).toBe(404);
  });

  it('imports members and changes, prices and deletes through the API', async () => {
    const members =
      '\uFEFFid;number;name;card;status;eaters\r\n7;1007;Lies Maes;0420000000075;ok;2\r\n';
    expect((await admin('POST', '/import/members', members, true)).json()).toEqual({ members: 1 });
    expect((await admin('GET', '/members')).json()).toEqual([
      {
        id: 7,
        number: '1007',
        name: 'Lies Maes',
        cardBarcode: '0420000000075',
        status: 'ok',
        eaters: 2,
        mayShopOverride: false,
        eaterNames: [],
        memberOf: null,
      },
    ]);
    // What the file has no column for (set through the API) stays as it is on a new import.
    const household = { mayShopOverride: true, eaterNames: ['Tom Maes'] };
    const put = await admin('PUT', '/members/7', {
      number: '1007',
      name: 'Lies Maes',
      status: 'ok',
      ...household,
    });
    expect(put.statusCode).toBe(200);
    expect((await admin('POST', '/import/members', members, true)).json()).toEqual({ members: 1 });
    expect((await admin('GET', '/members')).json()).toEqual([
      expect.objectContaining({ cardBarcode: '0420000000075', eaters: 2, ...household }),
    ]);
    expect((await admin('PUT', '/products/1/price', { price: 350 })).json()).toMatchObject({
      price: 350,
    });
    expect(
      (await admin('GET', '/products/1/prices')).json().map((row: { price: number }) => row.price),
    ).toEqual([320, 350]);
    expect(
      (await admin('PUT', '/products/1/barcodes', { barcodes: ['5410000000026'] })).json(),
    ).toMatchObject({
      barcodes: ['5410000000026'],
    });
    expect(
      (await admin('PUT', '/products/9', { name: 'x', taxRateId: 1, price: -5, unit: 'piece' }))
        .statusCode,
    ).toBe(400);
    expect((await admin('DELETE', '/members/7')).statusCode).toBe(200);
    expect((await admin('GET', '/members')).json()).toEqual([]);
    expect((await admin('DELETE', '/members/7')).statusCode).toBe(404);
  });

  it('shows sales, sessions and Z reports by till and by day', async () => {
    const t = createTestTill();
    tills.push(t);
    openTill(t);
    sellMilk(t, 2);
    sellMilk(t, 1);
    t.till.signIn({ userId: t.managerId, pin: '9876' });
    t.till.closeSession({ counts: { '2000': 5 } });
    const { tillId, auth } = await server.enrolTill('Caisse Z');
    const pushed = await server.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: auth,
      payload: { events: outboxEvents(t.db) },
    });
    expect(pushed.json().rejected).toEqual([]);
    const sales = await admin('GET', `/sales?tillId=${tillId}&from=2026-03-02&to=2026-03-02`);
    expect(sales.json()).toEqual([
      {
        day: '2026-03-02',
        tillId,
        till: 'Caisse Z',
        sales: 2,
        refunds: 0,
        salesTotal: 387,
        refundsTotal: 0,
        rounding: 0,
        due: 387,
      },
    ]);
    const sessions = await admin('GET', `/sessions?tillId=${tillId}`);
    expect(sessions.json()).toHaveLength(1);
    expect(sessions.json()[0]).toMatchObject({ day: '2026-03-02', closedAt: expect.any(String) });
    expect(sessions.json()[0].zReport).toBeTruthy();
  });

  it('gives a revoked till a new enrolment code; its old token stays refused', async () => {
    const created = (await admin('POST', '/tills', { name: 'Caisse moved' })).json();
    const enrolAs = async (code: string) =>
      (await server.app.inject({ method: 'POST', url: '/v1/enrol', payload: { code } })).json<{
        token: string;
      }>().token;
    const pull = (token: string) =>
      server.app.inject({
        method: 'GET',
        url: '/v1/sync/pull',
        headers: { authorization: `Bearer ${token}` },
      });
    const oldToken = await enrolAs(created.enrolmentCode);
    expect((await pull(oldToken)).statusCode).toBe(200);
    expect((await admin('POST', `/tills/${created.till.id}/revoke`)).statusCode).toBe(200);
    expect((await pull(oldToken)).statusCode).toBe(401);
    const renewed = (await admin('POST', `/tills/${created.till.id}/enrolment`)).json();
    const newToken = await enrolAs(renewed.enrolmentCode.toLowerCase());
    expect((await pull(newToken)).statusCode).toBe(200);
    expect((await pull(oldToken)).statusCode).toBe(401);
    expect((await admin('POST', '/tills/9999/revoke')).statusCode).toBe(404);
  });

  it('rate-limits enrolment attempts', async () => {
    await createTill(server.store, 'limited', new Date());
    const codes = await Promise.all(
      Array.from({ length: 7 }, () =>
        server.app.inject({
          method: 'POST',
          url: '/v1/enrol',
          payload: { code: 'AAAA-BBBB-CCCC' },
        }),
      ),
    );
    const statuses = codes.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses).toContain(429);
  });
});
