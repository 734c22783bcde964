import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUser } from '../../../db/users';
import { SyncClient } from '../../../main/sync/client';
import { verifyPin } from '../../../main/till/pin';
import { PERSON_USER_ID } from '../../../server/pull';
import { tillPinHash } from '../../../server/people';
import { createTestTill, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { pointTillAt } from '../../support/sync';

describe.each(STORES)('one user base: people reach the tills by pull, on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer(kind);
    token = (await server.enrolTill('Caisse 1')).token;
    t = createTestTill();
    pointTillAt(t.db, server.url, token);
  });
  afterAll(async () => {
    t.close();
    await server.close();
  });
  const people = (method: 'POST' | 'PATCH', url: string, payload: object) =>
    server.app.inject({ method, url: `/v1/people${url}`, headers: server.admin, payload });
  const pull = () => new SyncClient({ db: t.db }).syncOnce();

  it("writes a PIN in the tills' format that the till's own check accepts", () => {
    const hash = tillPinHash('4321');
    expect(verifyPin('4321', hash)).toBe(true);
    expect(verifyPin('4322', hash)).toBe(false);
  });

  it('lets a stock volunteer sign in at the till with badge and PIN, in their language, until disabled', async () => {
    const created = await people('POST', '/', {
      name: 'Stan Stock',
      roles: ['stock'],
      locale: 'nl-BE',
      badge: '0410000000017',
      pin: '4321',
    });
    const stan = created.json<{ id: number }>();
    const manager = await people('POST', '/', {
      name: 'Mia Manager',
      roles: ['manager'],
      password: 'manager password',
    });
    await pull();
    const userId = PERSON_USER_ID + stan.id;
    expect(findUser(t.db, userId)).toMatchObject({
      name: 'Stan Stock',
      role: 'cashier',
      active: true,
      badge: '0410000000017',
      locale: 'nl-BE',
    });
    // A manager with no PIN is there, but cannot sign in at a till.
    expect(findUser(t.db, PERSON_USER_ID + manager.json<{ id: number }>().id)).toMatchObject({
      role: 'manager',
      active: false,
    });
    expect(t.till.signInByBadge({ code: '0410000000017' })).toMatchObject({
      id: userId,
      locale: 'nl-BE',
    });
    expect(t.till.signIn({ userId, pin: '4321' })).toMatchObject({ name: 'Stan Stock' });
    t.till.signOut();

    // A PIN and a role changed on the server apply at the next pull.
    await people('PATCH', `/${stan.id}`, { pin: '864213', roles: ['manager'] });
    await pull();
    expect(() => t.till.signIn({ userId, pin: '4321' })).toThrow(/Wrong user or PIN/);
    expect(t.till.signIn({ userId, pin: '864213' })).toMatchObject({ role: 'manager' });
    t.till.signOut();

    // Disabled on the server: refused at the till after its next pull, by PIN and by badge.
    await people('PATCH', `/${stan.id}`, { disabled: true });
    expect(t.till.signIn({ userId, pin: '864213' })).toMatchObject({ name: 'Stan Stock' });
    t.till.signOut();
    await pull();
    expect(findUser(t.db, userId)).toMatchObject({ active: false });
    expect(() => t.till.signIn({ userId, pin: '864213' })).toThrow(/Wrong user or PIN/);
    expect(() => t.till.signInByBadge({ code: '0410000000017' })).toThrow(/no user of this till/);
  });
});
