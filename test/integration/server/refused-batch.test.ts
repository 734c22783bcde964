import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPendingOutbox, countRejectedOutbox } from '../../../db/outbox';
import { SyncClient } from '../../../main/sync/client';
import { createTestTill, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import {
  openTill,
  outboxEvents,
  pointTillAt,
  sellMilk,
  withFreshIds,
  type WireEvent,
} from '../../support/sync';

/** Issue 19, case 10: a batch the server refuses does not keep a till's events pending for ever. */
describe.each(STORES)('a refused batch on %s', (kind) => {
  let server: TestServer;
  const tills: TestTill[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    for (const t of tills) t.close();
    await server.close();
  });

  const salesOf = async (tillId: number) =>
    (
      await server.store.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM tickets WHERE till_id = $1',
        [tillId],
      )
    )[0]?.n;

  it('quarantines a malformed event at its place, and books the rest of the batch', async () => {
    const t = createTestTill();
    tills.push(t);
    openTill(t);
    sellMilk(t);
    sellMilk(t);
    const [open, first, second] = withFreshIds(outboxEvents(t.db)) as [
      WireEvent,
      WireEvent,
      WireEvent,
    ];
    const { tillId, auth } = await server.enrolTill('malformed');
    const bad = { ...first, createdAt: 'yesterday', type: 'Sale', extra: true };
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: auth,
      payload: { events: [open, bad, second] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      ackedSeq: 3,
      rejected: [
        { id: first.id, seq: 2, reason: expect.stringMatching(/^malformed: .*createdAt/) },
      ],
    });
    expect(await salesOf(tillId)).toBe(1);
  });

  it('marks rejected, in words, only the event the server cannot place, and sends the others', async () => {
    const t = createTestTill();
    tills.push(t);
    const { tillId, token } = await server.enrolTill('unplaceable');
    pointTillAt(t.db, server.url, token);
    openTill(t);
    sellMilk(t);
    sellMilk(t);
    // An outbox row no till writes (its sequence is past what the protocol carries).
    t.db
      .prepare(
        "INSERT INTO outbox (id, seq, type, payload, created_at) VALUES ('0190a0a0-0000-7000-8000-00000000dead', 2147483648, 'sale', '{}', '2026-03-02T09:00:00.000Z')",
      )
      .run();
    const client = new SyncClient({ db: t.db });
    await client.syncOnce();
    expect(countPendingOutbox(t.db)).toBe(0);
    expect(countRejectedOutbox(t.db)).toBe(1);
    const rejected = t.db
      .prepare("SELECT seq, last_error AS error FROM outbox WHERE status = 'rejected'")
      .get() as { seq: number; error: string };
    expect(rejected).toEqual({ seq: 2147483648, error: expect.stringMatching(/400: Bad request/) });
    expect(client.current()).toMatchObject({ pending: 0, rejected: 1, lastError: null });
    expect(await salesOf(tillId)).toBe(2);
  });
});
