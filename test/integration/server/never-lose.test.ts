import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/open';
import { createIdGenerator } from '../../../main/ids';
import { enrolTill } from '../../../main/sync/enrol';
import { SyncClient } from '../../../main/sync/client';
import { bareTill, type BareTill } from '../../../main/bare-till';
import { createTill } from '../../../server/tills';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { pick, seededRandom } from '../../support/random';
import { STORES, startTestServer, type TestServer } from '../../support/server';

const RUNS = Number(process.env.NEVER_LOSE_RUNS ?? 4);
const SEED = Number(process.env.NEVER_LOSE_SEED ?? 19);

interface Handle {
  db: Db;
  till: BareTill;
}

/**
 * Issue 19: random honest days (sales, syncs, backups, restores of a backup, re-enrolments on a
 * fresh database, the admin accepting forks) never lose a sale: every sale a till database
 * marked sent is booked on the server or visible in its quarantine, and at the end, once the
 * admin has reviewed the forks, nothing is left pending and no ticket is booked twice.
 */
describe.each(STORES)('honest days never lose a sale on %s', (kind) => {
  let server: TestServer;
  const cleanup: (() => void)[] = [];
  let forksAccepted = 0;

  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    for (const step of cleanup.reverse()) step();
    await server.close();
  });

  /** What a database marked sent or rejected, and is not on the server, in words. */
  async function lost(tillId: number, db: Db): Promise<string[]> {
    const events = db
      .prepare(
        "SELECT id, seq, status, payload FROM outbox WHERE type = 'sale' AND status <> 'pending'",
      )
      .all() as { id: string; seq: number; status: string; payload: string }[];
    const booked = new Set(
      (
        await server.store.query<{ id: string }>('SELECT id FROM tickets WHERE till_id = $1', [
          tillId,
        ])
      ).map((row) => row.id),
    );
    const held = new Set(
      (
        await server.store.query<{ id: string }>(
          'SELECT lower(event_id) AS id FROM quarantine WHERE till_id = $1',
          [tillId],
        )
      ).map((row) => row.id),
    );
    return events.flatMap((event) => {
      const ticketId = (JSON.parse(event.payload) as { document: { ticketId: string } }).document
        .ticketId;
      return booked.has(ticketId) || held.has(event.id.toLowerCase())
        ? []
        : [`sale ${event.seq} (${event.status}) is neither booked nor held`];
    });
  }

  it(`${RUNS} random days, seed ${SEED}`, async () => {
    for (let run = 0; run < RUNS; run += 1) {
      const random = seededRandom(SEED + run);
      const first = createTestTill();
      cleanup.push(() => first.close());
      const clock = first.clock;
      const { enrolmentCode, till: created } = await createTill(
        server.store,
        `day ${run}`,
        new Date(),
      );
      const tillId = created.id;
      await enrolTill(first.db, server.url, enrolmentCode);
      first.till.signIn({ userId: first.cashierId, pin: FIXTURE.cashierPin });
      first.till.openSession({ counts: { '2000': 5 } });
      let current: Handle = first;
      let backups: string[] = [];
      const abandoned: Db[] = [];
      const dir = mkdtempSync(join(tmpdir(), 'emm-never-lose-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      const trace: string[] = [];
      const sync = async () => {
        try {
          await new SyncClient({ db: current.db }).syncOnce();
        } catch {
          // A fork (409): the admin reviews it below.
        }
      };
      for (let step = 0; step < 14; step += 1) {
        const action = pick(random, [
          'sell',
          'sell',
          'sell',
          'sync',
          'sync',
          'backup',
          'restore',
          'reenrol',
          'review',
        ]);
        trace.push(action);
        if (action === 'sell') {
          for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i += 1) {
            current.till.addByBarcode({ code: FIXTURE.milk.code });
            current.till.pay({ payments: [{ method: 'card', amount: FIXTURE.milk.price }] });
            clock.advance(60_000);
          }
        } else if (action === 'sync') {
          await sync();
        } else if (action === 'backup') {
          const path = join(dir, `backup-${step}.db`);
          current.db.exec(`VACUUM INTO '${path}'`);
          backups.push(path);
        } else if (action === 'restore' && backups.length > 0) {
          // The disk dies; the till comes back from one of its backups.
          abandoned.push(current.db);
          const path = join(dir, `restored-${step}.db`);
          copyFileSync(pick(random, backups), path);
          const db = openDatabase(path);
          cleanup.push(() => db.open && db.close());
          const till = bareTill({ db, clock: () => clock.now, newId: createIdGenerator() });
          till.signIn({ userId: first.cashierId, pin: FIXTURE.cashierPin });
          current = { db, till };
        } else if (action === 'reenrol') {
          // A new disk, a fresh database, a new enrolment code.
          abandoned.push(current.db);
          const renewed = await server.app.inject({
            method: 'POST',
            url: `/v1/admin/tills/${tillId}/enrolment`,
            headers: server.admin,
          });
          const fresh: TestTill = createTestTill();
          cleanup.push(() => fresh.close());
          await enrolTill(
            fresh.db,
            server.url,
            renewed.json<{ enrolmentCode: string }>().enrolmentCode,
          );
          fresh.till.signIn({ userId: fresh.cashierId, pin: FIXTURE.cashierPin });
          fresh.till.openSession({ counts: { '2000': 5 } });
          current = { db: fresh.db, till: fresh.till };
          backups = [];
        } else if (action === 'review') {
          await acceptForks(tillId);
        }
        for (const db of [...abandoned, current.db])
          expect(await lost(tillId, db), `run ${run}: ${trace.join(', ')}`).toEqual([]);
      }
      // The end of the day: the admin reviews what waits, the till sends the rest.
      await sync();
      await acceptForks(tillId);
      await sync();
      const pending = current.db
        .prepare("SELECT count(*) FROM outbox WHERE status = 'pending'")
        .pluck()
        .get();
      expect(pending, `run ${run}: ${trace.join(', ')}`).toBe(0);
      for (const db of [...abandoned, current.db])
        expect(await lost(tillId, db), `run ${run}: ${trace.join(', ')}`).toEqual([]);
      const [twice] = await server.store.query<{ n: number }>(
        'SELECT count(*)::int - count(DISTINCT id)::int AS n FROM tickets WHERE till_id = $1',
        [tillId],
      );
      expect(twice?.n).toBe(0);
    }
    // The days above must have reached the fork path, or they prove less than they claim.
    expect(forksAccepted, 'forks accepted over the runs').toBeGreaterThan(0);
  }, 240_000);

  /** The admin reviews every fork of the till that waits, and accepts it. */
  async function acceptForks(tillId: number): Promise<void> {
    const forks = await server.app.inject({
      method: 'GET',
      url: `/v1/admin/tills/${tillId}/forks`,
      headers: server.admin,
    });
    for (const fork of forks.json<{ instance: string }[]>()) {
      const accepted = await server.app.inject({
        method: 'POST',
        url: `/v1/admin/tills/${tillId}/forks/${fork.instance}/accept`,
        headers: server.admin,
      });
      expect(accepted.statusCode).toBe(200);
      forksAccepted += 1;
    }
  }
});
