import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app';
import { migrateServer, serverMigrations } from '../../server/migrate';
import { openPgStore, openPgliteStore, type Store } from '../../server/store';
import { createTill, ensureAdminToken } from '../../server/tills';

/**
 * The stores the server tests run on: always the embedded one, and the real PostgreSQL when
 * TEST_DATABASE_URL is set (CI). A set URL that does not answer fails the tests: never a skip.
 */
export const STORES: ('pglite' | 'pg')[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'pg']
  : ['pglite'];

export interface TestStore {
  store: Store;
  /** Drops the test's schema (pg) and closes. */
  dispose(): Promise<void>;
}

/** A fresh, migrated store: a schema of its own on PostgreSQL, so that test files run side by side. */
export async function freshStore(
  kind: 'pglite' | 'pg',
  dataDir: string | null = null,
  /** Migrate only up to this version (a database as an older server left it). */
  upTo?: number,
): Promise<TestStore> {
  const migrations = serverMigrations().slice(0, upTo);
  if (kind === 'pglite') {
    const store = await openPgliteStore(dataDir);
    await migrateServer(store, migrations);
    return { store, dispose: () => store.close() };
  }
  const url = process.env.TEST_DATABASE_URL as string;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const store = await openPgStore(url, { schema });
  await migrateServer(store, migrations);
  return {
    store,
    async dispose() {
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestServer {
  app: FastifyInstance;
  store: Store;
  url: string;
  admin: Record<string, string>;
  /**
   * A till created and enrolled: its id, bearer header and MAC key. Unless `mac` is set, the
   * server then forgets the key, as for a till enrolled before event MACs, so that a test can
   * push hand-made events without signing them.
   */
  enrolTill(
    name: string,
    options?: { mac?: boolean },
  ): Promise<{ tillId: number; token: string; macKey: string; auth: Record<string, string> }>;
  /** A till created and enrolled (unsigned, as `enrolTill`), then these events pushed as its. */
  pushAsNewTill(
    name: string,
    events: readonly object[],
  ): Promise<{ tillId: number; response: LightMyRequestResponse }>;
  close(): Promise<void>;
}

export async function startTestServer(
  kind: 'pglite' | 'pg',
  options: {
    enrolPerMinute?: number;
    signInPerMinute?: number;
    clock?: () => Date;
    webDir?: string;
    https?: { cert: string; key: string };
  } = {},
): Promise<TestServer> {
  const { store, dispose } = await freshStore(kind);
  const { hash } = await ensureAdminToken(store, ADMIN_TOKEN);
  const app = await buildApp({
    store,
    adminTokenHash: hash,
    enrolPerMinute: options.enrolPerMinute ?? 1000,
    signInPerMinute: options.signInPerMinute ?? 1000,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.webDir ? { webDir: options.webDir } : {}),
    ...(options.https ? { https: options.https } : {}),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const server: TestServer = {
    app,
    store,
    url,
    admin: { authorization: `Bearer ${ADMIN_TOKEN}` },
    async enrolTill(name, options = {}) {
      const { enrolmentCode } = await createTill(store, name, new Date());
      const response = await app.inject({
        method: 'POST',
        url: '/v1/enrol',
        payload: { code: enrolmentCode },
      });
      const body = response.json<{ tillId: number; token: string; macKey: string }>();
      if (!options.mac)
        await store.query('UPDATE tills SET mac_key = NULL WHERE id = $1', [body.tillId]);
      return {
        tillId: body.tillId,
        token: body.token,
        macKey: body.macKey,
        auth: { authorization: `Bearer ${body.token}` },
      };
    },
    async pushAsNewTill(name, events) {
      const { tillId, auth } = await server.enrolTill(name);
      const response = await app.inject({
        method: 'POST',
        url: '/v1/sync/push',
        headers: auth,
        payload: { events },
      });
      return { tillId, response };
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
  return server;
}
