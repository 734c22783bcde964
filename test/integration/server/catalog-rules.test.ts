import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';

/** Issue 19, case 8: the back office keeps the till's catalogue rules, and answers in words. */
describe.each(STORES)("the back office keeps the till's rules on %s", (kind) => {
  let server: TestServer;
  const admin = (method: 'GET' | 'PUT', url: string, payload?: unknown) =>
    server.app.inject({
      method,
      url: `/v1/admin${url}`,
      headers: server.admin,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  beforeAll(async () => {
    server = await startTestServer(kind);
    expect((await admin('PUT', '/tax-rates/1', { name: '6 %', rateBp: 600 })).statusCode).toBe(200);
    const product = (id: number, name: string, barcodes: string[]) =>
      admin('PUT', `/products/${id}`, { name, taxRateId: 1, price: 129, unit: 'piece', barcodes });
    expect((await product(1, 'Lait', ['5410000000019'])).statusCode).toBe(200);
    expect((await product(2, 'Pain', ['5410000000026'])).statusCode).toBe(200);
    const member = (id: number, number: string, name: string, cardBarcode: string) =>
      admin('PUT', `/members/${id}`, { number, name, cardBarcode, status: 'ok' });
    expect((await member(1, '1001', 'Anne Peeters', '0420000000013')).statusCode).toBe(200);
    expect((await member(2, '1002', 'Marc Dubois', '0420000000020')).statusCode).toBe(200);
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a barcode another product has, naming it, and changes nothing', async () => {
    const taken = await admin('PUT', '/products/2', {
      name: 'Pain',
      taxRateId: 1,
      price: 129,
      unit: 'piece',
      barcodes: ['5410000000026', '5410000000019'],
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toBe(
      'Refused, nothing written: barcode 5410000000019 belongs to product 1 "Lait": remove it there first',
    );
    const viaBarcodes = await admin('PUT', '/products/2/barcodes', { barcodes: ['5410000000019'] });
    expect(viaBarcodes.statusCode).toBe(409);
    expect(viaBarcodes.json().error).toMatch(/belongs to product 1 "Lait"/);
    const created = await admin('PUT', '/products/3', {
      name: 'Beurre',
      taxRateId: 1,
      price: 250,
      unit: 'piece',
      barcodes: ['5410000000026'],
    });
    expect(created.statusCode).toBe(409);
    expect(created.json().error).toMatch(/belongs to product 2 "Pain"/);
    expect((await admin('GET', '/products/2')).json()).toMatchObject({
      barcodes: ['5410000000026'],
    });
    expect((await admin('GET', '/products/3')).statusCode).toBe(404);
    // Moving a code is two writes: off the one, then onto the other.
    expect((await admin('PUT', '/products/1/barcodes', { barcodes: [] })).statusCode).toBe(200);
    expect(
      (await admin('PUT', '/products/2/barcodes', { barcodes: ['5410000000019'] })).statusCode,
    ).toBe(200);
  });

  it('refuses a price the till could not ring up', async () => {
    const dear = await admin('PUT', '/products/4', {
      name: 'Or',
      taxRateId: 1,
      price: 10_000_001,
      unit: 'piece',
    });
    expect(dear.statusCode).toBe(400);
  });

  it('refuses a member number or a card another member has, naming them: a 409, not a 500', async () => {
    const number = await admin('PUT', '/members/3', {
      number: '1001',
      name: 'Eva Janssens',
      status: 'ok',
    });
    expect(number.statusCode).toBe(409);
    expect(number.json().error).toBe(
      'Refused, nothing written: member number 1001 belongs to member 1 "Anne Peeters"',
    );
    const card = await admin('PUT', '/members/2', {
      number: '1002',
      name: 'Marc Dubois',
      cardBarcode: '0420000000013',
      status: 'ok',
    });
    expect(card.statusCode).toBe(409);
    expect(card.json().error).toMatch(/card 0420000000013 belongs to member 1 "Anne Peeters"/);
    const members = await server.store.query<{ id: number; number: string }>(
      'SELECT id, number FROM members ORDER BY id',
    );
    expect(members).toEqual([
      { id: 1, number: '1001' },
      { id: 2, number: '1002' },
    ]);
  });

  it('answers any other rule the database keeps with a 4xx in words', async () => {
    const orphan = await admin('PUT', '/products/5', {
      name: 'Sans catégorie',
      categoryId: 99,
      taxRateId: 1,
      price: 100,
      unit: 'piece',
    });
    expect(orphan.statusCode).toBe(422);
    expect(orphan.json().error).toMatch(/^Refused, nothing written: .*categor/);
  });
});
