import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { STORES, startTestServer, type TestServer } from '../../support/server';
import { seedStockShop, signedIn } from '../../support/stock';
import { HandDb, type StockEventWire } from '../../../web/hand/db';
import {
  acknowledge,
  outboxStatus,
  record,
  sendWaiting,
  type PostEvents,
} from '../../../web/hand/outbox';

/**
 * The handheld's outbox against the real server: IndexedDB is fake-indexeddb (Node has none),
 * everything else is what runs on a phone. The network is the server's own inject, cut at will.
 */
describe.each(STORES)("the handheld's outbox, against the server on %s", (kind) => {
  let server: TestServer;
  let headers: Record<string, string>;
  const indexedDB = new IDBFactory();
  const open = (name: string) => new HandDb(name, { indexedDB, IDBKeyRange });

  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedStockShop(server.store, [
      { id: 1, name: 'Lentilles vertes', price: 349, zone: 'A1' },
      { id: 2, name: 'Savon', price: 250, vat: 21 },
    ]);
    ({ headers } = await signedIn(server, ['stock']));
  });
  afterAll(async () => {
    await server.close();
  });

  const online: PostEvents = async (events: StockEventWire[]) => {
    const answer = await server.app.inject({
      method: 'POST',
      url: '/v1/stock/events',
      headers,
      payload: { events },
    });
    return new Response(answer.body, {
      status: answer.statusCode,
      headers: { 'content-type': 'application/json' },
    });
  };
  const cut: PostEvents = () => Promise.reject(new TypeError('Failed to fetch'));
  /** The server got the events and applied them; its answer never came back. */
  const answerLost: PostEvents = async (events) => {
    await online(events);
    throw new TypeError('Failed to fetch');
  };
  const held = async (deviceId: string) =>
    server.store.query<{ seq: number; kind: string; payload: unknown }>(
      `SELECT device_seq::int AS seq, kind, payload FROM stock_events WHERE device_id = $1
        ORDER BY device_seq`,
      [deviceId],
    );

  it('numbers each event after the last, the same device throughout, across a reopened database', async () => {
    const name = `numbering-${kind}`;
    const first = open(name);
    const a = await record(first, 'label.queue', { productId: 1 });
    const b = await record(first, 'label.queue', { productId: 2 });
    first.close();
    // The tab closed, the phone restarted: the next event follows on.
    const again = open(name);
    const taps = await Promise.all(
      Array.from({ length: 10 }, () => record(again, 'label.queue', { productId: 1 })),
    );
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(taps.map((tap) => tap.seq).sort((x, y) => x - y)).toEqual([
      3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    expect(new Set([a, b, ...taps].map((event) => event.deviceId))).toEqual(new Set([a.deviceId]));
    expect(a.deviceId).toMatch(/^hand-[0-9a-f]{16}$/);
    expect(new Set([a, b, ...taps].map((event) => event.uuid)).size).toBe(12);
    expect((await outboxStatus(again)).waiting).toBe(12);
    again.close();
  });

  it('keeps everything while the network is down, and the server holds each event once after a lost answer', async () => {
    const db = open(`offline-${kind}`);
    const events = [];
    for (const productId of [1, 2, 1]) events.push(await record(db, 'label.queue', { productId }));
    expect(await sendWaiting(db, cut)).toEqual({ kind: 'offline', sent: 0, refused: 0 });
    expect(await outboxStatus(db)).toEqual({ waiting: 3, refusals: [], lastSentAt: null });
    // The answer is lost: the server applied them, the handheld does not know.
    expect((await sendWaiting(db, answerLost)).kind).toBe('offline');
    expect((await outboxStatus(db)).waiting).toBe(3);
    events.push(await record(db, 'label.queue', { productId: 2 }));
    const clock = () => new Date('2026-12-07T10:15:00Z');
    expect(await sendWaiting(db, online, clock)).toEqual({ kind: 'done', sent: 4, refused: 0 });
    expect(await outboxStatus(db)).toEqual({
      waiting: 0,
      refusals: [],
      lastSentAt: '2026-12-07T10:15:00.000Z',
    });
    const deviceId = events[0]?.deviceId ?? '';
    expect(await held(deviceId)).toEqual([
      { seq: 1, kind: 'label.queue', payload: { productId: 1 } },
      { seq: 2, kind: 'label.queue', payload: { productId: 2 } },
      { seq: 3, kind: 'label.queue', payload: { productId: 1 } },
      { seq: 4, kind: 'label.queue', payload: { productId: 2 } },
    ]);
    // Nothing waits: sending again sends nothing.
    expect(await sendWaiting(db, online)).toEqual({ kind: 'done', sent: 0, refused: 0 });
    db.close();
  });

  it('shows a refusal in the server’s words until it is read, and sends the rest', async () => {
    const db = open(`refused-${kind}`);
    const wrong = await record(db, 'label.queue', { productId: 999 });
    await record(db, 'label.queue', { productId: 2 });
    expect(await sendWaiting(db, online)).toEqual({ kind: 'done', sent: 1, refused: 1 });
    const status = await outboxStatus(db);
    expect(status.waiting).toBe(0);
    expect(status.refusals.map((row) => [row.uuid, row.error])).toEqual([
      [wrong.uuid, 'No product 999: no label queued'],
    ]);
    await acknowledge(db, wrong.uuid);
    expect((await outboxStatus(db)).refusals).toEqual([]);
    // Read, it stays in the device's record, and is never sent again.
    expect((await db.outbox.get(wrong.uuid))?.state).toBe('seen');
    db.close();
  });

  it('marks only what the answer names of this batch, once each, and leaves the rest waiting', async () => {
    const db = open(`answer-${kind}`);
    const a = await record(db, 'label.queue', { productId: 1 });
    const b = await record(db, 'label.queue', { productId: 2 });
    const c = await record(db, 'label.queue', { productId: 1 });
    const answer = (outcomes: unknown[]) =>
      new Response(JSON.stringify({ outcomes }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    // An answer naming an event twice (its first word counts), one that is not this device's,
    // a refusal, and nothing for c.
    const odd: PostEvents = () =>
      Promise.resolve(
        answer([
          { uuid: a.uuid, status: 'applied', result: null },
          { uuid: a.uuid, status: 'refused', error: 'Twice' },
          { uuid: 'not-ours', status: 'applied', result: null },
          { uuid: b.uuid, status: 'refused', error: 'No such shelf' },
        ]),
      );
    const clock = () => new Date('2026-12-07T11:00:00Z');
    expect(await sendWaiting(db, odd, clock)).toEqual({ kind: 'done', sent: 1, refused: 1 });
    expect(await db.outbox.get(a.uuid)).toEqual({
      ...a,
      state: 'sent',
      sentAt: '2026-12-07T11:00:00.000Z',
    });
    expect(await db.outbox.get(b.uuid)).toEqual({
      ...b,
      state: 'refused',
      sentAt: '2026-12-07T11:00:00.000Z',
      error: 'No such shelf',
    });
    expect(await db.outbox.get(c.uuid)).toEqual(c);
    expect(await db.outbox.get('not-ours')).toBeUndefined();
    expect(await outboxStatus(db)).toEqual({
      waiting: 1,
      refusals: [
        { ...b, state: 'refused', sentAt: '2026-12-07T11:00:00.000Z', error: 'No such shelf' },
      ],
      lastSentAt: '2026-12-07T11:00:00.000Z',
    });
    // An answer about events already marked changes nothing, not even the last send's time.
    const stale: PostEvents = () =>
      Promise.resolve(
        answer([
          { uuid: a.uuid, status: 'refused', error: 'Late' },
          { uuid: b.uuid, status: 'applied', result: null },
        ]),
      );
    expect(await sendWaiting(db, stale, () => new Date('2026-12-07T12:00:00Z'))).toEqual({
      kind: 'done',
      sent: 0,
      refused: 0,
    });
    expect((await db.outbox.get(a.uuid))?.state).toBe('sent');
    expect((await db.outbox.get(b.uuid))?.error).toBe('No such shelf');
    expect((await outboxStatus(db)).lastSentAt).toBe('2026-12-07T11:00:00.000Z');
    expect(await sendWaiting(db, online)).toEqual({ kind: 'done', sent: 1, refused: 0 });
    db.close();
  });

  it('waits for a new sign-in when the session has ended, and then sends', async () => {
    const db = open(`signed-out-${kind}`);
    await record(db, 'label.queue', { productId: 1 });
    const signedOut: PostEvents = async (events) => {
      const answer = await server.app.inject({
        method: 'POST',
        url: '/v1/stock/events',
        headers: { host: 'shop.example', origin: 'http://shop.example' },
        payload: { events },
      });
      return new Response(answer.body, { status: answer.statusCode });
    };
    expect((await sendWaiting(db, signedOut)).kind).toBe('signed-out');
    expect((await outboxStatus(db)).waiting).toBe(1);
    expect((await sendWaiting(db, online)).kind).toBe('done');
    db.close();
  });

  it('sends a thousand waiting scans in batches the server takes', async () => {
    const db = open(`many-${kind}`);
    await db.transaction('rw', db.meta, db.outbox, async () => {
      for (let i = 0; i < 1000; i += 1) await record(db, 'label.queue', { productId: 1 + (i % 2) });
    });
    const sizes: number[] = [];
    const counting: PostEvents = (events) => {
      sizes.push(events.length);
      return online(events);
    };
    expect(await sendWaiting(db, counting)).toEqual({ kind: 'done', sent: 1000, refused: 0 });
    expect(sizes).toEqual([250, 250, 250, 250]);
    const [row] = await server.store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM stock_events WHERE device_id = $1',
      [(await db.outbox.toCollection().first())?.deviceId],
    );
    expect(row?.n).toBe(1000);
    db.close();
  });
});
