import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/open';
import { countPendingOutbox, tillInstance } from '../../../db/outbox';
import { createIdGenerator } from '../../../main/ids';
import { enrolTill } from '../../../main/sync/enrol';
import { SyncClient, type SyncStatus } from '../../../main/sync/client';
import { bareTill } from '../../../main/bare-till';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, outboxEvents, pointTillAt, sellMilk } from '../../support/sync';

/** Case 1 of issue 19: a re-enrolled or restored till never shows "all sent" while the server lacks its sales. */
describe.each(STORES)('till instances and forks on %s', (kind) => {
  let server: TestServer;
  const tills: TestTill[] = [];
  const others: Db[] = [];
  const newTill = () => {
    const t = createTestTill();
    tills.push(t);
    return t;
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    for (const db of others) if (db.open) db.close();
    for (const t of tills) t.close();
    await server.close();
  });

  const sales = async (tillId: number) =>
    (
      await server.store.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM tickets WHERE till_id = $1 AND kind = 'sale'",
        [tillId],
      )
    )[0]?.n;
  const syncOnce = async (db: Db): Promise<{ status: SyncStatus; error: unknown }> => {
    const client = new SyncClient({ db });
    let error: unknown = null;
    try {
      await client.syncOnce();
    } catch (thrown) {
      error = thrown;
    }
    return { status: client.current(), error };
  };

  it('gives each till database an instance of its own, made once', () => {
    const a = newTill();
    const b = newTill();
    expect(tillInstance(a.db)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(tillInstance(a.db)).not.toBe(tillInstance(b.db));
    expect(() => a.db.exec('UPDATE till_instance SET instance = lower(instance)')).toThrow(
      /made once/,
    );
    expect(() => a.db.exec('DELETE FROM till_instance')).toThrow(/made once/);
  });

  it('books the sales of a till re-enrolled on a fresh database', async () => {
    const first = newTill();
    const { tillId, token } = await server.enrolTill('re-enrolled');
    pointTillAt(first.db, server.url, token);
    openTill(first);
    for (let i = 0; i < 5; i += 1) sellMilk(first);
    expect((await syncOnce(first.db)).error).toBeNull();
    expect(await sales(tillId)).toBe(5);

    // The till's disk is replaced: a fresh database, enrolled with a new code.
    const renewed = await server.app.inject({
      method: 'POST',
      url: `/v1/admin/tills/${tillId}/enrolment`,
      headers: server.admin,
    });
    const fresh = newTill();
    await enrolTill(fresh.db, server.url, renewed.json<{ enrolmentCode: string }>().enrolmentCode);
    openTill(fresh);
    for (let i = 0; i < 3; i += 1) sellMilk(fresh);
    const { status, error } = await syncOnce(fresh.db);
    expect(error).toBeNull();
    expect(status).toMatchObject({ pending: 0, rejected: 0, forked: false, lastError: null });
    expect(await sales(tillId)).toBe(8);
    const quarantine = await server.store.query('SELECT 1 FROM quarantine WHERE till_id = $1', [
      tillId,
    ]);
    expect(quarantine).toHaveLength(0);
  });

  it('holds a restored copy that re-uses sequence numbers as a fork: 409 in words, nothing acked, booked once the admin accepts', async () => {
    const t = newTill();
    const { tillId, token } = await server.enrolTill('restored');
    pointTillAt(t.db, server.url, token);
    openTill(t);
    for (let i = 0; i < 3; i += 1) sellMilk(t);
    expect((await syncOnce(t.db)).error).toBeNull();
    const backup = join(t.dir, 'backup.db');
    t.db.exec(`VACUUM INTO '${backup}'`);
    for (let i = 0; i < 4; i += 1) sellMilk(t);
    expect((await syncOnce(t.db)).error).toBeNull();
    expect(await sales(tillId)).toBe(7);
    t.db.close();

    // The copy from 4 sales ago comes back, and sells on with the same sequence numbers.
    const copy = openDatabase(backup);
    others.push(copy);
    const till = bareTill({
      db: copy,
      clock: () => t.clock.now,
      newId: createIdGenerator(),
    });
    till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    for (let i = 0; i < 2; i += 1) {
      till.addByBarcode({ code: FIXTURE.milk.code });
      till.pay({ payments: [{ method: 'card', amount: FIXTURE.milk.price }] });
      t.clock.advance(60_000);
    }
    const forked = await syncOnce(copy);
    expect(forked.status).toMatchObject({ forked: true, online: true, pending: 2, rejected: 0 });
    expect(forked.status.lastError).toMatch(/409.*restored from a copy.*admin/);
    expect(countPendingOutbox(copy)).toBe(2);
    expect(await sales(tillId)).toBe(7);
    // Retrying changes nothing and holds each of the fork's events once.
    expect((await syncOnce(copy)).status.forked).toBe(true);
    const held = await server.app.inject({
      method: 'GET',
      url: `/v1/admin/quarantine?tillId=${tillId}`,
      headers: server.admin,
    });
    const rows = held.json<{ kind: string; seq: number; instance: string; reason: string }[]>();
    expect(rows.map((row) => [row.kind, row.seq])).toEqual([
      ['fork', 5],
      ['fork', 6],
    ]);
    expect(rows[0]?.reason).toMatch(/restored from a copy/);
    const instance = tillInstance(copy);
    const forks = await server.app.inject({
      method: 'GET',
      url: `/v1/admin/tills/${tillId}/forks`,
      headers: server.admin,
    });
    expect(forks.json()).toEqual([expect.objectContaining({ instance, fromSeq: 5, lastSeq: 8 })]);

    const accept = await server.app.inject({
      method: 'POST',
      url: `/v1/admin/tills/${tillId}/forks/${instance}/accept`,
      headers: server.admin,
    });
    expect(accept.statusCode).toBe(200);
    const after = await syncOnce(copy);
    expect(after.error).toBeNull();
    expect(after.status).toMatchObject({ forked: false, pending: 0, rejected: 0 });
    // The 4 sales the copy lost stay booked beside the 2 it made.
    expect(await sales(tillId)).toBe(9);
    const again = await server.app.inject({
      method: 'POST',
      url: `/v1/admin/tills/${tillId}/forks/${instance}/accept`,
      headers: server.admin,
    });
    expect(again.statusCode).toBe(404);
  });

  it('answers a re-used sequence with another id by 409, never by an ack, and names rejections by id', async () => {
    const t = newTill();
    const { tillId, auth } = await server.enrolTill('by id');
    openTill(t);
    for (let i = 0; i < 3; i += 1) sellMilk(t);
    const events = outboxEvents(t.db);
    const instance = tillInstance(t.db);
    const push = (batch: unknown[]) =>
      server.app.inject({
        method: 'POST',
        url: '/v1/sync/push',
        headers: auth,
        payload: { instance, events: batch },
      });
    const [open, sale1, sale2] = events as [
      (typeof events)[0],
      (typeof events)[0],
      (typeof events)[0],
    ];
    const edited = { ...sale2, payload: { ...sale2.payload, hash: 'f'.repeat(64) } };
    const first = await push([open, sale1, edited]);
    expect(first.json()).toEqual({
      ackedSeq: 3,
      rejected: [{ id: edited.id, seq: 3, reason: expect.stringMatching(/hash/) }],
    });
    // A batch sent again answers for its own events only, not for a range of sequences.
    expect((await push([open, sale1])).json()).toEqual({ ackedSeq: 3, rejected: [] });
    const reused = await push([{ ...open, id: '0190a0a0-0000-7000-8000-000000000001' }]);
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toEqual({
      error: expect.stringMatching(/restored from a copy/),
      fork: { instance, fromSeq: 1 },
    });
    expect(await sales(tillId)).toBe(1);
  });
});
