import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { countPendingOutbox } from '../../../db/outbox';
import { getSetting } from '../../../db/settings';
import { SyncClient, type SyncStatus } from '../../../main/sync/client';
import { runCli } from '../../../main/cli/till';
import { startTill } from '../../../main/index';
import { createTill } from '../../../server/tills';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, pointTillAt, sellMilk } from '../../support/sync';

/** How long a wait on the server may take before the test gives up: a last guard, never a premise. */
const GUARD_MS = 15_000;

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`Not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - start;
}

describe.each(STORES)('the sync client against a server on %s', (kind) => {
  let server: TestServer;
  const tills: TestTill[] = [];
  const newTill = () => {
    const t = createTestTill();
    tills.push(t);
    return t;
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    for (const t of tills) t.close();
    await server.close();
  });

  const ticketsOf = async (tillId: number) =>
    (
      await server.store.query<{ number: number }>(
        'SELECT number FROM tickets WHERE till_id = $1 ORDER BY number',
        [tillId],
      )
    ).map((row) => row.number);

  it('enrols from the command line, keeping the token out of sight', async () => {
    const t = newTill();
    const { enrolmentCode, till } = await createTill(server.store, 'Caisse 1', new Date());
    t.db.close();
    const out: string[] = [];
    const code = await runCli(
      ['enrol', server.url, enrolmentCode, '--db', t.path],
      (line) => out.push(line),
      (line) => out.push(line),
    );
    expect(code).toBe(0);
    t.reopen();
    const token = getSetting(t.db, 'sync.token', z.string()) ?? '';
    expect(token.length).toBeGreaterThan(20);
    expect(getSetting(t.db, 'sync.server')).toBe(new URL(server.url).origin);
    expect(out.join('\n')).toContain(`till ${till.id}`);
    expect(out.join('\n')).not.toContain(token);
    // The code is spent.
    t.db.close();
    const again = await runCli(
      ['enrol', server.url, enrolmentCode, '--db', t.path],
      () => undefined,
      (line) => out.push(line),
    );
    t.reopen();
    expect(again).toBe(1);
    expect(out.at(-1)).toMatch(/refused this enrolment code/);
  });

  it('sends a sale once it is paid (the nudge, not the timer), marks it sent and tells the status bar', async () => {
    const t = newTill();
    const { tillId, token } = await server.enrolTill('fast');
    pointTillAt(t.db, server.url, token);
    const statuses: SyncStatus[] = [];
    // An interval no test outlasts: after the first sync at start, only the nudge can push the
    // sale, so the test tells a nudge from a timer however slow the machine is.
    const client = new SyncClient({
      db: t.db,
      intervalMs: 3_600_000,
      onStatus: (status) => statuses.push(status),
    });
    openTill(t);
    client.start();
    try {
      // The first round is over (its end stamps lastSyncAt): the client now sleeps its interval.
      await until(() => statuses.some((status) => status.lastSyncAt !== null), GUARD_MS);
      t.till.addByBarcode({ code: FIXTURE.milk.code });
      t.till.pay({ payments: [{ method: 'card', amount: FIXTURE.milk.price }] });
      client.nudge();
      await until(async () => (await ticketsOf(tillId)).length === 1, GUARD_MS);
      await until(() => countPendingOutbox(t.db) === 0, GUARD_MS);
      expect(statuses.at(-1)).toMatchObject({
        enrolled: true,
        online: true,
        pending: 0,
        rejected: 0,
      });
      expect(statuses.at(-1)?.lastSyncAt).toMatch(/^\d{4}-/);
    } finally {
      await client.stop();
    }
  });

  it('tells the status bar what changed, not every round that changed nothing', async () => {
    const t = newTill();
    const { token } = await server.enrolTill('idle');
    pointTillAt(t.db, server.url, token);
    const statuses: SyncStatus[] = [];
    const client = new SyncClient({
      db: t.db,
      intervalMs: 10,
      onStatus: (status) => statuses.push(status),
    });
    const stamps = new Set<string>();
    client.start();
    try {
      // Each round stamps its end in the database: five idle rounds after the first.
      await until(() => {
        stamps.add(getSetting(t.db, 'sync.last_sync_at', z.string()) ?? '');
        return stamps.size >= 7;
      }, GUARD_MS);
      expect(statuses).toHaveLength(1);
      expect(statuses[0]).toMatchObject({ enrolled: true, online: true, pending: 0 });
      // A sale is news: waiting, then sent.
      openTill(t);
      sellMilk(t);
      client.nudge();
      await until(() => statuses.at(-1)?.pending === 0 && statuses.length > 1, GUARD_MS);
      expect(statuses.some((status) => status.pending > 0)).toBe(true);
    } finally {
      await client.stop();
    }
  });

  it('gives up on a server that takes the request and never answers, saying so', async () => {
    const t = newTill();
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    pointTillAt(t.db, `http://127.0.0.1:${port}`, 'a-token-for-silence-0123456789');
    const statuses: SyncStatus[] = [];
    const client = new SyncClient({
      db: t.db,
      requestTimeoutMs: 300,
      onStatus: (status) => statuses.push(status),
    });
    try {
      openTill(t);
      sellMilk(t);
      await expect(client.syncOnce()).rejects.toThrow('The server did not answer within 0.3 s');
      expect(statuses.at(-1)).toMatchObject({
        enrolled: true,
        online: false,
        lastError: 'The server did not answer within 0.3 s',
      });
      // Nothing was taken for sent.
      expect(countPendingOutbox(t.db)).toBeGreaterThan(0);
      expect(held.length).toBeGreaterThan(0);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('runs inside the till: a sale reaches the server by itself, and stopping the till stops it first', async () => {
    const t = newTill();
    const { tillId, token } = await server.enrolTill('assembled');
    pointTillAt(t.db, server.url, token);
    t.db.close();
    const statuses: SyncStatus[] = [];
    const running = startTill({
      dbPath: t.path,
      demo: false,
      sync: true,
      send: (message) => {
        if (message.event === 'sync_status') statuses.push(message.payload);
      },
    });
    try {
      running.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
      running.till.openSession({ counts: { '2000': 5 } });
      running.till.addByBarcode({ code: FIXTURE.milk.code });
      running.till.pay({ payments: [{ method: 'card', amount: FIXTURE.milk.price }] });
      await until(async () => (await ticketsOf(tillId)).length === 1, GUARD_MS);
      await until(() => statuses.at(-1)?.pending === 0, GUARD_MS);
    } finally {
      await running.stop();
    }
    t.reopen();
  });

  it('backs off while the server cannot be reached, however much is sold', async () => {
    const t = newTill();
    // A server that takes each connection and drops it at once.
    let attempts = 0;
    const dropper = createServer((socket) => {
      attempts += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
    const { port } = dropper.address() as AddressInfo;
    pointTillAt(t.db, `http://127.0.0.1:${port}`, 'a-token-for-nowhere-0123456789');
    const client = new SyncClient({ db: t.db, intervalMs: 20, random: () => 0 });
    openTill(t);
    client.start();
    const started = Date.now();
    try {
      // Selling nudges the client after every ticket: the backoff holds all the same.
      while (Date.now() - started < 3000) {
        sellMilk(t, 1);
        client.nudge();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await client.stop();
      dropper.close();
    }
    // 0.25 s, 0.5 s, 1 s, 2 s apart (jitter fixed at its lowest): at most 5 tries in 3 s, where
    // retrying at the 20 ms interval would have made about 150.
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(5);
  });

  it('sells a whole day with the server down, then sends it all, in order', async () => {
    const t = newTill();
    const { tillId, token } = await server.enrolTill('offline day');
    pointTillAt(t.db, 'http://127.0.0.1:9', token); // nothing listens there
    const statuses: SyncStatus[] = [];
    const client = new SyncClient({
      db: t.db,
      intervalMs: 50,
      random: () => 0,
      onStatus: (s) => statuses.push(s),
    });
    client.start();
    openTill(t);
    for (let i = 0; i < 120; i += 1) {
      sellMilk(t, 1 + (i % 3));
      t.clock.advance(5 * 60_000);
      client.nudge();
    }
    await until(() => statuses.some((status) => status.lastError !== null), GUARD_MS);
    expect(statuses.at(-1)).toMatchObject({ online: false, pending: 121 });
    await client.stop();
    pointTillAt(t.db, server.url, token);
    const back = new SyncClient({ db: t.db, intervalMs: 50, batchSize: 50 });
    back.start();
    try {
      await until(() => countPendingOutbox(t.db) === 0, 20_000);
    } finally {
      await back.stop();
    }
    expect(await ticketsOf(tillId)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const seqs = await server.store.query<{ seq: number }>(
      'SELECT seq FROM events WHERE till_id = $1 ORDER BY received_at, seq',
      [tillId],
    );
    expect(seqs.map((row) => row.seq)).toEqual(Array.from({ length: 121 }, (_, i) => i + 1));
  });

  it('counts every sale of three tills selling the same product offline', async () => {
    const level = async () =>
      (
        await server.app.inject({
          method: 'GET',
          url: `/v1/admin/stock?productId=${FIXTURE.milk.id}`,
          headers: server.admin,
        })
      ).json<{ productId: number; quantity: number }[]>()[0]?.quantity ?? 0;
    // Earlier tests of this file sold milk on this server too: start from where they left it.
    const before = await level();
    const delivery = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/stock/moves',
      headers: server.admin,
      payload: { productId: FIXTURE.milk.id, quantity: 500_000, kind: 'delivery' },
    });
    expect(delivery.statusCode).toBe(201);
    const sold = [7, 11, 13];
    for (const [index, pieces] of sold.entries()) {
      const t = newTill();
      openTill(t);
      for (let i = 0; i < pieces; i += 1) sellMilk(t, 1);
      const { token } = await server.enrolTill(`shared ${index}`);
      pointTillAt(t.db, server.url, token);
      await new SyncClient({ db: t.db }).syncOnce();
      expect(countPendingOutbox(t.db)).toBe(0);
    }
    expect(await level()).toBe(before + 500_000 - (7 + 11 + 13) * 1000);
  });
});
