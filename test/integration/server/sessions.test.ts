import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { STORES, startTestServer, type TestServer } from '../../support/server';

const ORIGIN = 'http://shop.example';
const HOST = 'shop.example';
const HOUR = 3600_000;

describe.each(STORES)('signing in to the web apps on %s', (kind) => {
  let server: TestServer;
  let now = Date.parse('2026-03-02T08:00:00.000Z');
  beforeAll(async () => {
    server = await startTestServer(kind, { clock: () => new Date(now), signInPerMinute: 1000 });
    const people = [
      { name: 'Mia Manager', roles: ['manager'], password: 'manager password' },
      { name: 'Stan Stock', roles: ['stock'], badge: 'S001', pin: '4321', locale: 'nl-BE' },
      { name: 'Carl Cashier', roles: ['cashier'], badge: 'C001', pin: '1111' },
      { name: 'Lou Locked', roles: ['manager'], password: 'lockable password' },
    ];
    for (const person of people) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers: server.admin,
        payload: person,
      });
      expect(response.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await server.close();
  });

  const signIn = (payload: object, headers: Record<string, string> = { origin: ORIGIN }) =>
    server.app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { host: HOST, ...headers },
      payload,
    });
  const cookieOf = (response: { headers: Record<string, unknown> }) =>
    String(response.headers['set-cookie']).split(';')[0] as string;
  const whoAmI = (cookie: string) =>
    server.app.inject({ method: 'GET', url: '/v1/session', headers: { host: HOST, cookie } });

  it('signs in with a password at the office, with a cookie that is HttpOnly, SameSite=Strict and stored hashed', async () => {
    const response = await signIn({
      app: 'office',
      name: 'mia manager',
      password: 'manager password',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      name: 'Mia Manager',
      roles: ['manager'],
      app: 'office',
    });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(
      /^emm_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    // Plain HTTP (127.0.0.1): no Secure flag, or the browser would drop the cookie.
    expect(setCookie).not.toContain('Secure');
    const id = cookieOf(response).split('=')[1] as string;
    const rows = await server.store.query<{ id_hash: string }>('SELECT id_hash FROM web_sessions');
    expect(rows.map((row) => row.id_hash)).toContain(createHash('sha256').update(id).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(id);
    expect((await whoAmI(cookieOf(response))).json()).toMatchObject({ name: 'Mia Manager' });
  });

  it('signs in with badge and PIN at the handheld, and refuses roles that do not open an app, in words', async () => {
    const stan = await signIn({ app: 'hand', badge: 'S001', pin: '4321' });
    expect(stan.statusCode).toBe(201);
    expect(stan.json()).toMatchObject({ name: 'Stan Stock', locale: 'nl-BE', app: 'hand' });
    // A stock volunteer opens the office too, for its stock pages; a cashier neither app.
    const office = await signIn({ app: 'office', badge: 'S001', pin: '4321' });
    expect(office.statusCode).toBe(201);
    expect(office.json()).toMatchObject({ name: 'Stan Stock', app: 'office' });
    const carlAtOffice = await signIn({ app: 'office', badge: 'C001', pin: '1111' });
    expect(carlAtOffice.statusCode).toBe(403);
    expect(carlAtOffice.json()).toMatchObject({ error: 'Your roles do not open the back office' });
    const carl = await signIn({ app: 'hand', badge: 'C001', pin: '1111' });
    expect(carl.json()).toMatchObject({ error: 'Your roles do not open the handheld' });
    expect(carl.headers['set-cookie']).toBeUndefined();
  });

  it('locks a person for 5 minutes after 5 wrong passwords, told in words, and lets them in after', async () => {
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const wrong = await signIn({ app: 'office', name: 'Lou Locked', password: 'wrong wrong' });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toEqual({
        error: 'Wrong name or password, or wrong badge or PIN',
        code: 'wrong',
      });
    }
    const fifth = await signIn({ app: 'office', name: 'Lou Locked', password: 'wrong wrong' });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json()).toEqual({
      error: 'Too many wrong attempts: this account is locked for 5 minutes',
      code: 'locked',
      seconds: 300,
    });
    now += 61_000;
    // Even the right password waits out the lockout.
    const right = await signIn({
      app: 'office',
      name: 'Lou Locked',
      password: 'lockable password',
    });
    expect(right.statusCode).toBe(423);
    expect(right.json()).toMatchObject({
      error: 'Too many wrong attempts: this account is locked; try again in 3 minutes 59 seconds',
      seconds: 239,
    });
    // Another person is not locked with them.
    expect((await signIn({ app: 'hand', badge: 'S001', pin: '4321' })).statusCode).toBe(201);
    now += 240_000;
    expect(
      (await signIn({ app: 'office', name: 'Lou Locked', password: 'lockable password' }))
        .statusCode,
    ).toBe(201);
    // Unknown people get the answer a wrong secret gets.
    const unknown = await signIn({ app: 'office', name: 'Nobody', password: 'whatever it is' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ code: 'wrong' });
  });

  it('ends a session after 12 hours unused at the office and one shift on the handheld, and at sign-out', async () => {
    const office = cookieOf(
      await signIn({ app: 'office', name: 'Mia Manager', password: 'manager password' }),
    );
    const hand = cookieOf(await signIn({ app: 'hand', badge: 'S001', pin: '4321' }));
    now += 3 * HOUR;
    expect((await whoAmI(office)).statusCode).toBe(200);
    expect((await whoAmI(hand)).statusCode).toBe(200);
    now += 3.75 * HOUR;
    expect((await whoAmI(hand)).statusCode).toBe(401);
    expect((await whoAmI(office)).statusCode).toBe(200);
    now += 12 * HOUR - 1;
    expect((await whoAmI(office)).statusCode).toBe(200);
    now += 12 * HOUR;
    const expired = await whoAmI(office);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toEqual({ error: 'Please sign in' });

    const session = cookieOf(
      await signIn({ app: 'office', name: 'Mia Manager', password: 'manager password' }),
    );
    const out = await server.app.inject({
      method: 'DELETE',
      url: '/v1/session',
      headers: { host: HOST, origin: ORIGIN, cookie: session },
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/^emm_session=; .*Max-Age=0/);
    // The same cookie, kept by someone, opens nothing any more: the server ended it.
    expect((await whoAmI(session)).statusCode).toBe(401);
  });

  it('checks the Origin of every state-changing request', async () => {
    const body = { app: 'office', name: 'Mia Manager', password: 'manager password' };
    const noOrigin = await signIn(body, {});
    expect(noOrigin.statusCode).toBe(403);
    expect(noOrigin.json()).toEqual({
      error: 'This request must come from the server’s own pages',
    });
    const evil = await signIn(body, { origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json()).toEqual({
      error: 'Requests from https://evil.example are refused: only this server’s own pages may',
    });
    const session = cookieOf(await signIn(body));
    for (const headers of [{}, { origin: 'https://evil.example' }, { origin: `${ORIGIN}.evil` }]) {
      const response = await server.app.inject({
        method: 'PATCH',
        url: '/v1/session',
        headers: { host: HOST, cookie: session, ...headers },
        payload: { locale: 'en' },
      });
      expect(response.statusCode).toBe(403);
    }
    const same = await server.app.inject({
      method: 'PATCH',
      url: '/v1/session',
      headers: { host: HOST, cookie: session, origin: ORIGIN },
      payload: { locale: 'en' },
    });
    expect(same.json()).toMatchObject({ locale: 'en' });
    // A script with the admin token from a foreign page is refused too; without Origin it is a script.
    const foreign = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: { ...server.admin, host: HOST, origin: 'https://evil.example' },
      payload: { name: 'Eve', roles: ['admin'] },
    });
    expect(foreign.statusCode).toBe(403);
    // A script that forgot its token is told so, whatever its Origin.
    const forgot = await server.app.inject({
      method: 'POST',
      url: '/v1/people',
      headers: { host: HOST },
      payload: { name: 'Eve', roles: ['admin'] },
    });
    expect(forgot.statusCode).toBe(401);
    expect(forgot.json()).toEqual({
      error: 'The admin token, or signing in as an admin, is required',
    });
    expect(await server.store.query("SELECT id FROM people WHERE name = 'Eve'")).toEqual([]);
  });

  it('ends the sessions of a person disabled, and refuses their sign-in like a wrong secret', async () => {
    const stan = cookieOf(await signIn({ app: 'hand', badge: 'S001', pin: '4321' }));
    const [row] = await server.store.query<{ id: number }>(
      "SELECT id FROM people WHERE name = 'Stan Stock'",
    );
    await server.app.inject({
      method: 'PATCH',
      url: `/v1/people/${row?.id}`,
      headers: server.admin,
      payload: { disabled: true },
    });
    expect((await whoAmI(stan)).statusCode).toBe(401);
    const again = await signIn({ app: 'hand', badge: 'S001', pin: '4321' });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ code: 'wrong' });
  });
});

describe('sign-in attempts per address', () => {
  it('are limited, told in words', async () => {
    const server = await startTestServer('pglite', { signInPerMinute: 3 });
    try {
      const attempt = () =>
        server.app.inject({
          method: 'POST',
          url: '/v1/session',
          headers: { host: HOST, origin: ORIGIN },
          payload: { app: 'office', name: 'Nobody', password: 'not a password' },
        });
      for (let i = 0; i < 3; i += 1) expect((await attempt()).statusCode).toBe(401);
      const limited = await attempt();
      expect(limited.statusCode).toBe(429);
      expect(limited.json<{ error: string }>().error).toMatch(
        /^Too many sign-in attempts from this address: wait \d+ seconds$/,
      );
    } finally {
      await server.close();
    }
  });
});
