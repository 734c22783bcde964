import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countPendingOutbox } from '../../../db/outbox';
import { SyncClient } from '../../../main/sync/client';
import { migrateServer } from '../../../server/migrate';
import { openPgStore, openPgliteStore, type Store } from '../../../server/store';
import { createTill, enrol } from '../../../server/tills';
import { createTestTill, type TestTill } from '../../support/till';
import { STORES } from '../../support/server';
import {
  bundleServer,
  exited,
  freshDatabase,
  startServerProcess,
} from '../../support/server-process';
import { openTill, pointTillAt, sellMilk } from '../../support/sync';

/**
 * The server killed with SIGKILL while a till pushes, and restarted, again and again: every sale
 * arrives, none twice. PGlite restarts take seconds on a loaded machine, so it is killed fewer
 * times unless told (SERVER_KILLS, SERVER_KILLS_PGLITE).
 */
const KILLS = {
  pg: Number(process.env.SERVER_KILLS ?? 50),
  pglite: Number(process.env.SERVER_KILLS_PGLITE ?? 5),
};
const SALES = 200;

describe.each(STORES)('the server killed mid-push on %s', (kind) => {
  let bundle: string;
  let t: TestTill;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let token: string;
  let macKey: string;

  const openStore = async (): Promise<Store> =>
    kind === 'pg'
      ? openPgStore(env.DATABASE_URL as string)
      : openPgliteStore(`${env.DATA_DIR}/pglite`);

  beforeAll(async () => {
    bundle = await bundleServer();
    if (kind === 'pg') {
      const database = await freshDatabase();
      env = { DATABASE_URL: database.url, ADMIN_TOKEN: 'sigkill-admin-token-123' };
      cleanup = database.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'emm-sigkill-'));
      env = { DATA_DIR: dir, ADMIN_TOKEN: 'sigkill-admin-token-123' };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
    const store = await openStore();
    await migrateServer(store);
    const { enrolmentCode } = await createTill(store, 'killed', new Date());
    const enrolled = await enrol(store, enrolmentCode, new Date());
    token = enrolled?.token as string;
    macKey = enrolled?.macKey as string;
    await store.close();
    t = createTestTill();
    openTill(t);
    for (let i = 0; i < SALES; i += 1) sellMilk(t, 1 + (i % 4));
  }, 120_000);
  afterAll(async () => {
    t.close();
    rmSync(bundle, { force: true });
    await cleanup();
  });

  it(`loses nothing and counts nothing twice`, async () => {
    let kills = 0;
    let interrupted = 0;
    for (let round = 0; round < KILLS[kind]; round += 1) {
      const server = await startServerProcess(bundle, env);
      pointTillAt(t.db, server.url, token, macKey);
      const client = new SyncClient({ db: t.db, batchSize: 2 });
      const pushing = client.syncOnce().then(
        () => undefined,
        () => {
          interrupted += 1;
        },
      );
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 40)));
      server.child.kill('SIGKILL');
      kills += 1;
      await exited(server.child);
      await pushing;
    }
    const server = await startServerProcess(bundle, env);
    try {
      pointTillAt(t.db, server.url, token, macKey);
      await new SyncClient({ db: t.db, batchSize: 50 }).syncOnce();
      expect(countPendingOutbox(t.db)).toBe(0);
    } finally {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
    const store = await openStore();
    try {
      const events = await store.query<{ seq: number }>('SELECT seq FROM events ORDER BY seq');
      expect(events.map((event) => event.seq)).toEqual(
        Array.from({ length: SALES + 1 }, (_, i) => i + 1),
      );
      const tickets = await store.query<{ number: number }>(
        'SELECT number FROM tickets ORDER BY number',
      );
      expect(tickets.map((ticket) => ticket.number)).toEqual(
        Array.from({ length: SALES }, (_, i) => i + 1),
      );
      const [stock] = await store.query<{ q: number }>(
        'SELECT sum(quantity)::int AS q FROM stock_moves',
      );
      expect(stock?.q).toBe(-(SALES / 4) * (1 + 2 + 3 + 4) * 1000);
      expect(await store.query('SELECT * FROM quarantine')).toEqual([]);
    } finally {
      await store.close();
    }
    expect(kills).toBe(KILLS[kind]);
    expect(interrupted).toBeGreaterThan(0);
  }, 900_000);
});
