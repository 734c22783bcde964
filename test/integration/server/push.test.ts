import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { createTestTill, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, outboxEvents, sellMilk, withFreshIds, type WireEvent } from '../../support/sync';

describe.each(STORES)('push on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;
  let sold: WireEvent[];
  let events: WireEvent[];

  beforeAll(async () => {
    server = await startTestServer(kind);
    t = createTestTill();
    openTill(t);
    for (let i = 1; i <= 6; i += 1) sellMilk(t, i);
    sold = outboxEvents(t.db); // session_open + 6 sales
  });
  beforeEach(() => {
    events = withFreshIds(sold);
  });
  afterAll(async () => {
    t.close();
    await server.close();
  });

  const push = (auth: Record<string, string>, batch: unknown) =>
    server.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: auth,
      payload: { events: batch },
    });
  const count = async (table: string, tillId: number) =>
    (
      await server.store.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE till_id = $1`,
        [tillId],
      )
    )[0]?.n;

  it('applies a batch once, however often it is sent', async () => {
    const { tillId, auth } = await server.enrolTill('dupes');
    const first = await push(auth, events);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ ackedSeq: 7, rejected: [] });
    const again = await push(auth, events);
    expect(again.json()).toEqual({ ackedSeq: 7, rejected: [] });
    expect(await count('events', tillId)).toBe(7);
    expect(await count('tickets', tillId)).toBe(6);
    const [stock] = await server.store.query<{ q: number }>(
      'SELECT sum(quantity)::int AS q FROM stock_moves WHERE till_id = $1 AND product_id = 2',
      [tillId],
    );
    expect(stock?.q).toBe(-(1 + 2 + 3 + 4 + 5 + 6) * 1000);
  });

  it('stops at a gap and answers the highest sequence it holds; out-of-order batches are caught up', async () => {
    const { tillId, auth } = await server.enrolTill('gaps');
    const later = await push(auth, events.slice(3));
    expect(later.json()).toEqual({ ackedSeq: 0, rejected: [] });
    expect(await count('events', tillId)).toBe(0);
    const holed = await push(auth, [events[0], events[1], events[3]]);
    expect(holed.json()).toEqual({ ackedSeq: 2, rejected: [] });
    const reversed = await push(auth, [...events].reverse());
    expect(reversed.json()).toEqual({ ackedSeq: 7, rejected: [] });
    expect(await count('events', tillId)).toBe(7);
  });

  it('writes nothing of a batch cut by a dropped connection, and takes it whole afterwards', async () => {
    const { tillId, token, auth } = await server.enrolTill('cut');
    const body = JSON.stringify({ events });
    await new Promise<void>((resolve) => {
      const req = request(`${server.url}/v1/sync/push`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      req.on('error', () => resolve());
      req.write(body.slice(0, Math.floor(body.length / 2)), () => {
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 50);
      });
    });
    expect(await count('events', tillId)).toBe(0);
    expect((await push(auth, events)).json()).toEqual({ ackedSeq: 7, rejected: [] });
    expect(await count('tickets', tillId)).toBe(6);
  });

  it('refuses an unknown or revoked till with 401', async () => {
    const { tillId, auth } = await server.enrolTill('revoked');
    expect(
      (await push({ authorization: 'Bearer not-a-real-token-at-all' }, events)).statusCode,
    ).toBe(401);
    expect((await push({}, events)).statusCode).toBe(401);
    const revoke = await server.app.inject({
      method: 'POST',
      url: `/v1/admin/tills/${tillId}/revoke`,
      headers: server.admin,
    });
    expect(revoke.statusCode).toBe(200);
    expect((await push(auth, events)).statusCode).toBe(401);
    expect(await count('events', tillId)).toBe(0);
  });

  it('answers bad input with a 4xx and writes nothing', async () => {
    const { tillId, auth } = await server.enrolTill('bad input');
    const [first] = events as [WireEvent];
    const malformed = await server.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"events": [{"id": ',
    });
    expect(malformed.statusCode).toBe(400);
    // An event that cannot be placed in the till's sequence refuses the batch.
    for (const wrong of [
      { ...first, seq: '1' },
      { ...first, seq: 1.5 },
      { ...first, seq: 0 },
      { ...first, id: '' },
      { seq: 1 },
    ]) {
      const response = await push(auth, [wrong]);
      expect(response.statusCode, JSON.stringify(wrong).slice(0, 80)).toBe(400);
      expect(response.json().error).toMatch(/Bad request/);
    }
    // One that can is quarantined at its place, in words, and nothing of it is booked: the
    // till's later events go on (issue 19, case 10).
    for (const [index, wrong] of [
      { ...first, id: 'not-a-uuid' },
      { ...first, payload: 'text' },
      { ...first, type: "sale'); DROP TABLE events; --" },
      { ...first, createdAt: "2026-01-01' OR '1'='1" },
      { ...first, extra: true },
    ].entries()) {
      const other = await server.enrolTill(`malformed ${index}`);
      const response = await push(other.auth, [wrong]);
      expect(response.statusCode, JSON.stringify(wrong).slice(0, 80)).toBe(200);
      expect(response.json()).toEqual({
        ackedSeq: 1,
        rejected: [{ id: wrong.id, seq: 1, reason: expect.stringMatching(/^malformed: /) }],
      });
      expect(await count('events', other.tillId)).toBe(0);
      expect(await count('quarantine', other.tillId)).toBe(1);
    }
    const tooMany = Array.from({ length: 5001 }, (_, i) => ({ ...first, seq: i + 1 }));
    expect((await push(auth, tooMany)).statusCode).toBe(413);
    const huge = await push(auth, [
      { ...first, payload: { ...first.payload, pad: 'x'.repeat(5 * 1024 * 1024) } },
    ]);
    expect(huge.statusCode).toBe(413);
    expect(await count('events', tillId)).toBe(0);
    expect(await count('quarantine', tillId)).toBe(0);
    // SQL-looking text where text is allowed is kept as text, and the tables are still there.
    const named = await server.app.inject({
      method: 'POST',
      url: '/v1/admin/tills',
      headers: server.admin,
      payload: { name: "Robert'); DROP TABLE tills; --" },
    });
    expect(named.statusCode).toBe(201);
    const tills = await server.app.inject({
      method: 'GET',
      url: '/v1/admin/tills',
      headers: server.admin,
    });
    expect(tills.json().map((till: { name: string }) => till.name)).toContain(
      "Robert'); DROP TABLE tills; --",
    );
  });
});
