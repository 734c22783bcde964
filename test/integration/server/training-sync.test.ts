/**
 * Training mode seen from the central server: the till's entering and leaving training reach it
 * (journal entries like any other, accepted), and nothing sold in training does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTill } from '../../../main/index';
import type { SyncStatus } from '../../../main/sync/client';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { pointTillAt } from '../../support/sync';

describe.each(STORES)('training mode and the server on %s', (kind) => {
  let server: TestServer;
  const tills: TestTill[] = [];
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    for (const t of tills) t.close();
    await server.close();
  });

  it('gets the till into and out of training, and none of what training sold', async () => {
    const t = createTestTill();
    tills.push(t);
    const { tillId, token, macKey } = await server.enrolTill('Caisse formation', { mac: true });
    pointTillAt(t.db, server.url, token, macKey);
    t.db.close();
    let status: SyncStatus | null = null;
    const till = startTill({
      dbPath: t.path,
      demo: false,
      exclusive: true,
      syncTiming: { intervalMs: 100 },
      send: (message) => {
        if (message.event === 'sync_status') status = message.payload;
      },
    });
    try {
      const manager = { userId: t.managerId, pin: FIXTURE.managerPin };
      const sellMilk = () => {
        till.till.addByBarcode({ code: FIXTURE.milk.code });
        return till.till.pay({ payments: [{ method: 'card', amount: FIXTURE.milk.price }] });
      };
      till.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
      till.till.openSession({ counts: { '2000': 5 } });
      sellMilk();
      till.till.startTraining({ approval: manager });
      sellMilk();
      sellMilk();
      till.till.cashMove({ amount: -1000, reason: 'practice', approval: manager });
      till.till.endTraining({ approval: manager });

      const deadline = Date.now() + 60_000;
      const synced = () => {
        const now = status as SyncStatus | null;
        return now !== null && now.online && now.pending === 0;
      };
      while (!synced() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(status).toMatchObject({ online: true, pending: 0, rejected: 0 });

      const events = await server.store.query<{ type: string }>(
        'SELECT type FROM events WHERE till_id = $1 ORDER BY seq',
        [tillId],
      );
      expect(events.map((event) => event.type)).toEqual([
        'session_open',
        'sale',
        'training',
        'training',
      ]);
      const tickets = await server.store.query<{ number: number }>(
        'SELECT number FROM tickets WHERE till_id = $1',
        [tillId],
      );
      expect(tickets.map((ticket) => ticket.number)).toEqual([1]);
    } finally {
      await till.stop();
    }
  });
});
