import { createHash, createHmac } from 'node:crypto';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSetting } from '../../../db/settings';
import { tillInstance } from '../../../db/outbox';
import { enrolTill } from '../../../main/sync/enrol';
import { SyncClient } from '../../../main/sync/client';
import { macMessage } from '../../../domain/sync-wire';
import { createTill } from '../../../server/tills';
import { createTestTill, type TestTill } from '../../support/till';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { openTill, outboxEvents, sellMilk, type WireEvent } from '../../support/sync';

type Signed = WireEvent & { mac: string };

/** Issue 19, case 4: an event edited on the way is refused as unauthenticated; the genuine stream goes on. */
describe.each(STORES)('authenticated events on %s', (kind) => {
  let server: TestServer;
  const tills: TestTill[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    for (const t of tills) t.close();
    await server.close();
  });

  /** A till enrolled for real (token and MAC key), with a day of three sales, signed as sent. */
  async function enrolledTill(name: string) {
    const t = createTestTill();
    tills.push(t);
    const { enrolmentCode } = await createTill(server.store, name, new Date());
    const { tillId } = await enrolTill(t.db, server.url, enrolmentCode);
    openTill(t);
    for (let i = 1; i <= 3; i += 1) sellMilk(t, i);
    const key = getSetting(t.db, 'sync.mac_key', z.string()) ?? '';
    const instance = tillInstance(t.db);
    const sign = (event: WireEvent) => {
      return {
        ...event,
        mac: createHmac('sha256', key)
          .update(macMessage(instance, { ...event }))
          .digest('hex'),
      };
    };
    const token = getSetting(t.db, 'sync.token', z.string()) ?? '';
    const push = (events: unknown[]) =>
      server.app.inject({
        method: 'POST',
        url: '/v1/sync/push',
        headers: { authorization: `Bearer ${token}` },
        payload: { instance, events },
      });
    const books = async () => {
      const [row] = await server.store.query<{ tickets: number; refused: number; days: string }>(
        `SELECT (SELECT count(*)::int FROM tickets WHERE till_id = $1) AS tickets,
                (SELECT count(*)::int FROM quarantine WHERE till_id = $1 AND kind = 'refused') AS refused,
                (SELECT coalesce(string_agg(DISTINCT day, ','), '') FROM tickets WHERE till_id = $1) AS days`,
        [tillId],
      );
      return row;
    };
    return { t, tillId, key, events: outboxEvents(t.db).map(sign), sign, push, books };
  }

  /** An edit that re-hashes the document onto the previous entry, as a forger on the wire would. */
  const forged = (
    event: WireEvent,
    previousHash: string,
    change: (doc: Record<string, unknown>) => void,
  ) => {
    const document = structuredClone(event.payload.document);
    change(document);
    const hash = createHash('sha256')
      .update(previousHash)
      .update(canonicalize(document) ?? '')
      .digest('hex');
    return { ...event, payload: { ...event.payload, document, hash } };
  };

  it('refuses a sale edited and re-hashed on the wire, and books the genuine one and the next when they come', async () => {
    const till = await enrolledTill('edited on the wire');
    const [open, sale1, sale2, sale3] = till.events as [Signed, Signed, Signed, Signed];
    const edited = forged(sale2, sale1.payload.hash, (document) => {
      document.total = 1;
    });
    const attacked = await till.push([open, sale1, edited, sale3]);
    expect(attacked.statusCode).toBe(200);
    // Nothing for the till to mark rejected: its own event has not reached the server yet.
    expect(attacked.json()).toEqual({ ackedSeq: 2, rejected: [] });
    const held = await server.app.inject({
      method: 'GET',
      url: `/v1/admin/quarantine?tillId=${till.tillId}`,
      headers: server.admin,
    });
    expect(held.json()).toEqual([
      expect.objectContaining({
        kind: 'unauthenticated',
        seq: 3,
        reason: expect.stringMatching(/MAC does not hold/),
      }),
    ]);
    const genuine = await till.push([sale2, sale3]);
    expect(genuine.json()).toEqual({ ackedSeq: 4, rejected: [] });
    expect(await till.books()).toMatchObject({ tickets: 3, refused: 0 });
  });

  it('refuses an edit whose figures hold (closedAt moved to 2020), so nothing is booked on that date', async () => {
    const till = await enrolledTill('back-dated');
    const [open, sale1, sale2] = till.events as [Signed, Signed, Signed];
    const backdated = forged(sale1, open.payload.hash, (document) => {
      document.closedAt = '2020-01-01T10:00:00.000Z';
    });
    expect((await till.push([open, backdated, sale2])).json()).toEqual({
      ackedSeq: 1,
      rejected: [],
    });
    // A MAC copied from another event, or none, holds no better.
    const copied = { ...backdated, mac: sale2.mac };
    const bare = { ...backdated, mac: undefined };
    expect((await till.push([copied])).json()).toEqual({ ackedSeq: 1, rejected: [] });
    expect((await till.push([bare])).json()).toEqual({ ackedSeq: 1, rejected: [] });
    // The till's own sync client sends the genuine stream: every sale booked, on its own day.
    const client = new SyncClient({ db: till.t.db });
    await client.syncOnce();
    expect(client.current()).toMatchObject({ pending: 0, rejected: 0, lastError: null });
    expect(await till.books()).toEqual({ tickets: 3, refused: 0, days: '2026-03-02' });
  });

  it('refuses events replayed under another instance of the same till', async () => {
    const till = await enrolledTill('replayed');
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { authorization: `Bearer ${getSetting(till.t.db, 'sync.token', z.string())}` },
      payload: { instance: '0190a0a0-0000-4000-8000-0000000000bb', events: till.events },
    });
    expect(response.json()).toEqual({ ackedSeq: 0, rejected: [] });
    expect(await till.books()).toMatchObject({ tickets: 0 });
  });
});
