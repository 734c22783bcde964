import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { openPgStore, openPgliteStore, type Store } from '../../../server/store';
import { STORES } from '../../support/server';

/** Two stores on one empty database (a schema of its own on PostgreSQL), as two servers have. */
async function twoOnOneDatabase(kind: 'pglite' | 'pg'): Promise<{
  stores: [Store, Store];
  dispose(): Promise<void>;
}> {
  if (kind === 'pglite') {
    // The embedded database belongs to one process: two starts share its one store.
    const store = await openPgliteStore(null);
    return { stores: [store, store], dispose: () => store.close() };
  }
  const url = process.env.TEST_DATABASE_URL as string;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const stores: [Store, Store] = [
    await openPgStore(url, { schema }),
    await openPgStore(url, { schema }),
  ];
  return {
    stores,
    async dispose() {
      for (const store of stores) await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Issue 19, case 9: two servers started at once on an empty database both come up. */
describe.each(STORES)('two servers migrating one empty database at once on %s', (kind) => {
  it('both come up, each migration applied once, six times over', async () => {
    const all = serverMigrations().map((migration) => migration.version);
    // PGlite takes seconds to open, and its one store cannot race itself: once is enough there.
    for (let run = 0; run < (kind === 'pg' ? 6 : 1); run += 1) {
      const { stores, dispose } = await twoOnOneDatabase(kind);
      try {
        const [a, b] = await Promise.all(stores.map((store) => migrateServer(store)));
        expect([...(a ?? []), ...(b ?? [])].sort((x, y) => x - y)).toEqual(all);
        const rows = await stores[0].query<{ version: number }>(
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        expect(rows.map((row) => row.version)).toEqual(all);
      } finally {
        await dispose();
      }
    }
  });
});
