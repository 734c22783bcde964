import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import Fastify from 'fastify';
import { installAccess, type Access } from '../../../server/access';
import { openPgliteStore } from '../../../server/store';
import { openSession } from '../../../server/people';
import type { Role } from '../../../domain/people';

const HOST = 'shop.example';
const ORIGIN = `http://${HOST}`;
type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The routes anyone may call: a new one must be added here, knowingly. */
const PUBLIC = [
  ...['/office', '/office/', '/hand', '/hand/', '/hand/sw.js', '/assets/*'].flatMap((url) => [
    `GET ${url}`,
    `HEAD ${url}`,
  ]),
  'GET /health',
  'HEAD /health',
  'GET /ready',
  'HEAD /ready',
  'POST /v1/enrol',
  'POST /v1/session',
];

const REFUSED = [401, 403];

describe.each(STORES)('permissions, declared per route, on %s', (kind) => {
  let server: TestServer;
  let till: Record<string, string>;
  const sessions: Partial<Record<Role, string>> = {};
  const personIds: Partial<Record<Role, number>> = {};
  beforeAll(async () => {
    server = await startTestServer(kind);
    till = (await server.enrolTill('Caisse 1')).auth;
    const roles: Role[] = ['admin', 'manager', 'stock', 'cashier'];
    for (const role of roles) {
      const created = await server.app.inject({
        method: 'POST',
        url: '/v1/people',
        headers: server.admin,
        payload: { name: `The ${role}`, roles: [role], password: `${role} password 123` },
      });
      expect(created.statusCode).toBe(201);
      // Each person's session is opened as the store has it: signing in would refuse a cashier
      // the web apps, and the check must hold for any session that exists.
      personIds[role] = created.json<{ id: number }>().id;
      const id = await openSession(server.store, personIds[role], 'office', new Date());
      sessions[role] = `emm_session=${id}`;
    }
  });
  afterAll(async () => {
    await server.close();
  });

  const call = (route: { method: string; url: string }, headers: Record<string, string>) =>
    server.app.inject({
      method: route.method as Method,
      // Ending a person's sessions is called on nobody: person 1's would be a session this test
      // goes on using.
      url: route.url
        .replace(/:id/g, route.url.endsWith('/sessions/end') ? '999999' : '1')
        .replace(/:code/g, 'ok')
        .replace(/:key/g, 'shop.name'),
      headers: { host: HOST, origin: ORIGIN, ...headers },
      ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { payload: {} } : {}),
    });

  it('has every route declare its access, and opens only the known ones to anyone', () => {
    const table = server.app.accessTable();
    expect(table.length).toBeGreaterThan(40);
    for (const route of table) expect(route.access, `${route.method} ${route.url}`).toBeDefined();
    const open = table
      .filter((route) => route.access === 'public')
      .map((r) => `${r.method} ${r.url}`);
    expect(open.sort()).toEqual([...PUBLIC].sort());
  });

  it('refuses every other route without its credentials, a till person routes, a person till routes', async () => {
    const table = server.app.accessTable().filter((route) => route.access !== 'public');
    const checked: Record<string, number> = {};
    for (const route of table) {
      const access = route.access as Access;
      const name = `${route.method} ${route.url}`;
      // Nobody: always refused.
      expect(REFUSED, `${name} with nothing`).toContain((await call(route, {})).statusCode);
      // A till's token opens till routes only.
      const byTill = (await call(route, till)).statusCode;
      if (access === 'till') expect(REFUSED, `${name} as a till`).not.toContain(byTill);
      else expect(REFUSED, `${name} as a till`).toContain(byTill);
      // A person's session opens only routes for one of their roles, and never a till's.
      for (const [role, cookie] of Object.entries(sessions) as [Role, string][]) {
        const status = (await call(route, { cookie })).statusCode;
        const allowed =
          access === 'admin'
            ? role === 'admin'
            : access !== 'till' &&
              typeof access === 'object' &&
              (access.roles === 'any' || access.roles.includes(role));
        if (allowed) expect(REFUSED, `${name} as ${role}`).not.toContain(status);
        else expect(REFUSED, `${name} as ${role}`).toContain(status);
      }
      // The admin token opens admin routes only.
      const byToken = (await call(route, server.admin)).statusCode;
      if (access === 'admin')
        expect(REFUSED, `${name} with the admin token`).not.toContain(byToken);
      else expect(REFUSED, `${name} with the admin token`).toContain(byToken);
      const kind = typeof access === 'string' ? access : 'roles';
      checked[kind] = (checked[kind] ?? 0) + 1;
    }
    // The back office's catalogue: managers and admins by their session, nobody else.
    const catalogue = table.filter((route) => route.url.startsWith('/v1/catalogue/'));
    expect(catalogue.length).toBeGreaterThanOrEqual(11);
    for (const route of catalogue) {
      expect(route.access, `${route.method} ${route.url}`).toEqual({ roles: ['admin', 'manager'] });
    }
    // The kinds this server has today: each one exercised.
    expect(Object.keys(checked).sort()).toEqual(['admin', 'roles', 'till']);
  });

  it('keeps people an admin’s, members and settings a manager’s, and the tills’ sign-in setting an admin’s', async () => {
    // Fresh sessions: the test above signs its own out.
    const fresh: Partial<Record<Role, string>> = {};
    for (const role of ['admin', 'manager', 'stock', 'cashier'] as const) {
      const [person] = await server.store.query<{ id: number }>(
        'SELECT id FROM people WHERE name = $1',
        [`The ${role}`],
      );
      fresh[role] =
        `emm_session=${await openSession(server.store, person?.id ?? 0, 'office', new Date())}`;
    }
    const as = (role: Role, method: Method, url: string, payload?: object) =>
      server.app.inject({
        method,
        url,
        headers: { host: HOST, origin: ORIGIN, cookie: fresh[role] ?? '' },
        ...(payload ? { payload } : {}),
      });
    const people = await as('manager', 'GET', '/v1/people');
    expect(people.statusCode).toBe(403);
    expect(people.json<{ error: string }>().error).toBe('This needs the role admin');
    expect((await as('admin', 'GET', '/v1/people')).statusCode).toBe(200);
    expect((await as('manager', 'GET', '/v1/office/members')).statusCode).toBe(200);
    expect((await as('manager', 'GET', '/v1/office/settings')).statusCode).toBe(200);
    for (const role of ['stock', 'cashier'] as const) {
      expect((await as(role, 'GET', '/v1/office/members')).statusCode).toBe(403);
      expect((await as(role, 'GET', '/v1/office/settings')).statusCode).toBe(403);
    }
    const pin = { value: 6 };
    const url = '/v1/office/settings/auth.manager_pin_min_length';
    expect((await as('manager', 'PUT', url, pin)).statusCode).toBe(403);
    expect((await as('admin', 'PUT', url, pin)).statusCode).toBe(200);
  });

  it('opens a stock volunteer’s office to the stock pages’ routes, and none of the figures', async () => {
    // A session of its own: the test above signed every session out (DELETE /v1/session).
    const id = await openSession(server.store, personIds.stock ?? 0, 'office', new Date());
    const cookie = `emm_session=${id}`;
    const table = server.app.accessTable();
    const stockPages = [
      'GET /v1/stock/inventories',
      'GET /v1/stock/inventories/:id/recount',
      'GET /v1/stock/losses',
      'GET /v1/stock/near-expiry',
      'GET /v1/labels/',
      'GET /v1/labels/sheet',
      'POST /v1/labels/print',
      'POST /v1/labels/reprint',
    ];
    for (const name of stockPages) {
      const route = table.find((entry) => `${entry.method} ${entry.url}` === name);
      expect(route, name).toBeDefined();
      if (route) expect(REFUSED, name).not.toContain((await call(route, { cookie })).statusCode);
    }
    // A manager's: what the ledger expects, applying, and every figure of the office.
    const managers = table.filter(
      (route) =>
        route.url.startsWith('/v1/office/') ||
        ['GET /v1/stock/inventories/:id', 'POST /v1/stock/inventories/:id/apply'].includes(
          `${route.method} ${route.url}`,
        ),
    );
    expect(managers.length).toBeGreaterThan(5);
    for (const route of managers) {
      expect((await call(route, { cookie })).statusCode, `${route.method} ${route.url}`).toBe(403);
    }
  });
});

describe('a route that declares no access', () => {
  it('stops the server from starting, naming the route', async () => {
    const store = await openPgliteStore(null);
    const app = Fastify();
    try {
      installAccess(app, { store, adminTokenHash: '0'.repeat(64), clock: () => new Date() });
      app.get('/declared', { config: { access: 'public' } }, async () => ({}));
      app.post('/forgotten', async () => ({}));
      await expect(app.ready()).rejects.toThrow('Routes that declare no access: POST /forgotten');
    } finally {
      await store.close();
    }
  });
});
