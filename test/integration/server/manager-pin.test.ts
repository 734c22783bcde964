import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';

const SHORT_6 =
  "A manager's or admin's PIN has at least 6 digits (the coop's setting auth.manager_pin_min_length)";
const SHORT_8 =
  "A manager's or admin's PIN has at least 8 digits (the coop's setting auth.manager_pin_min_length)";

describe.each(STORES)("a manager's PIN length on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server.close();
  });
  const people = (method: 'POST' | 'PATCH', url: string, payload: object) =>
    server.app.inject({ method, url: `/v1/people${url}`, headers: server.admin, payload });
  const setting = (value: unknown) =>
    server.app.inject({
      method: 'PUT',
      url: '/v1/admin/settings/auth.manager_pin_min_length',
      headers: server.admin,
      payload: { value },
    });
  // Everything a refusal must leave as it was: the people (their hashes too), their changes, and
  // the catalogue's version the tills pull from.
  const snapshot = async () => ({
    people: await server.store.query('SELECT * FROM people ORDER BY id'),
    changes: await server.store.query('SELECT * FROM people_changes ORDER BY id'),
    settings: await server.store.query('SELECT * FROM settings ORDER BY key'),
  });
  const refused = async (
    response: Awaited<ReturnType<typeof people>>,
    error: string,
    before: Awaited<ReturnType<typeof snapshot>>,
  ) => {
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error });
    expect(await snapshot()).toEqual(before);
  };

  it("refuses a 4-digit manager's or admin's PIN by default, takes 6, and a cashier's 4", async () => {
    const before = await snapshot();
    await refused(
      await people('POST', '/', { name: 'Mia Manager', roles: ['manager'], pin: '1234' }),
      SHORT_6,
      before,
    );
    await refused(
      await people('POST', '/', { name: 'Ada Admin', roles: ['admin', 'cashier'], pin: '12345' }),
      SHORT_6,
      before,
    );
    const mia = await people('POST', '/', {
      name: 'Mia Manager',
      roles: ['manager'],
      pin: '123456',
    });
    expect(mia.statusCode).toBe(201);
    expect(mia.json()).toMatchObject({ roles: ['manager'], hasPin: true });
    const carl = await people('POST', '/', {
      name: 'Carl Cashier',
      roles: ['cashier'],
      pin: '1234',
    });
    expect(carl.statusCode).toBe(201);

    // Edits: a manager's new PIN, and a cashier made manager, are held to the same length.
    const miaId = mia.json<{ id: number }>().id;
    const carlId = carl.json<{ id: number }>().id;
    const held = await snapshot();
    await refused(await people('PATCH', `/${miaId}`, { pin: '4321' }), SHORT_6, held);
    await refused(
      await people('PATCH', `/${carlId}`, { roles: ['manager'], pin: '4321' }),
      SHORT_6,
      held,
    );
    await refused(
      await people('PATCH', `/${carlId}`, { roles: ['manager'] }),
      'A new manager or admin needs a new PIN of at least 6 digits, given with the role (or the PIN removed)',
      held,
    );
    expect((await people('PATCH', `/${carlId}`, { pin: '4321' })).statusCode).toBe(200);
    const promoted = await people('PATCH', `/${carlId}`, { roles: ['manager'], pin: '654321' });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ roles: ['manager'], hasPin: true });
  });

  it("follows the coop's setting: 8 refuses 6; a setting out of 4 to 8 is refused in words", async () => {
    for (const wrong of [3, 9, 6.5, '8']) {
      const before = await snapshot();
      await refused(
        await setting(wrong),
        'auth.manager_pin_min_length is a whole number of digits from 4 to 8',
        before,
      );
    }
    expect((await setting(8)).statusCode).toBe(200);
    const before = await snapshot();
    await refused(
      await people('POST', '/', { name: 'Max Manager', roles: ['manager'], pin: '123456' }),
      SHORT_8,
      before,
    );
    expect(
      (await people('POST', '/', { name: 'Max Manager', roles: ['manager'], pin: '12345678' }))
        .statusCode,
    ).toBe(201);
    expect(
      (await people('POST', '/', { name: 'Cleo Cashier', roles: ['cashier'], pin: '1234' }))
        .statusCode,
    ).toBe(201);
    // Back to 4: a coop may ask for less than the default, never under four.
    expect((await setting(4)).statusCode).toBe(200);
    expect(
      (await people('POST', '/', { name: 'Fay Four', roles: ['manager'], pin: '1234' })).statusCode,
    ).toBe(201);
  });
});
