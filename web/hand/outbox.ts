import { z } from 'zod';
import type { HandDb, OutboxRow, StockEventWire } from './db';

/**
 * The outbox: every act of the volunteer (a label queued today; a received line, a counted
 * product, a loss as the stock API grows) is first written here as a stock event, then sent.
 * A flow only names its event kind and payload: numbering, keeping and sending are done here.
 */

/** Most events in one request (the server takes up to 1,000). */
export const BATCH = 250;

/** The device's id, made once and kept: the server numbers a device's events by it. */
async function deviceIdOf(db: HandDb): Promise<string> {
  const held = await db.meta.get('deviceId');
  if (typeof held?.value === 'string') return held.value;
  const made = `hand-${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await db.meta.put({ key: 'deviceId', value: made });
  return made;
}

/**
 * Writes an event to the outbox and gives it back. Numbering and writing are one transaction: two
 * taps at once, or a tab closed between them, never give two events the same number or skip one
 * that was given.
 */
export async function record(
  db: HandDb,
  kind: string,
  payload: Record<string, unknown>,
  now: Date = new Date(),
): Promise<OutboxRow> {
  return db.transaction('rw', db.meta, db.outbox, async () => {
    const deviceId = await deviceIdOf(db);
    const last = await db.meta.get('seq');
    const seq = (typeof last?.value === 'number' ? last.value : 0) + 1;
    await db.meta.put({ key: 'seq', value: seq });
    const row: OutboxRow = {
      uuid: crypto.randomUUID(),
      deviceId,
      seq,
      kind,
      at: now.toISOString(),
      payload,
      state: 'waiting',
      sentAt: null,
      error: null,
    };
    await db.outbox.add(row);
    return row;
  });
}

const outcomesSchema = z.object({
  outcomes: z.array(
    z.discriminatedUnion('status', [
      z.object({ uuid: z.string(), status: z.literal('applied'), result: z.unknown() }),
      z.object({ uuid: z.string(), status: z.literal('duplicate') }),
      z.object({ uuid: z.string(), status: z.literal('refused'), error: z.string() }),
    ]),
  ),
});

type Outcome = z.infer<typeof outcomesSchema>['outcomes'][number];

/**
 * Marks a batch on the server's answer, in the caller's transaction: the rows it names read in
 * one go, those still waiting written back in one go (a request per row, one after the other,
 * cost a round trip to the browser's IndexedDB each: seconds for a thousand on a busy phone).
 */
async function markAnswered(
  db: HandDb,
  outcomes: readonly Outcome[],
  at: string,
): Promise<{ nowSent: number; nowRefused: number }> {
  const rows = await db.outbox.bulkGet(outcomes.map((outcome) => outcome.uuid));
  const marked = new Map<string, OutboxRow>();
  let nowSent = 0;
  let nowRefused = 0;
  outcomes.forEach((outcome, i) => {
    const row = rows[i];
    // Not this device's, already marked (by another round, or named twice in the answer): left.
    if (row?.state !== 'waiting' || marked.has(row.uuid)) return;
    if (outcome.status === 'refused') {
      marked.set(row.uuid, { ...row, state: 'refused', sentAt: at, error: outcome.error });
      nowRefused += 1;
    } else {
      marked.set(row.uuid, { ...row, state: 'sent', sentAt: at });
      nowSent += 1;
    }
  });
  if (marked.size > 0) {
    await Promise.all([
      db.outbox.bulkPut([...marked.values()]),
      db.meta.put({ key: 'lastSentAt', value: at }),
    ]);
  }
  return { nowSent, nowRefused };
}

/** What a round of sending came to. */
export type SendResult =
  | { kind: 'done'; sent: number; refused: number }
  /** No answer: the network or the server is down. Everything stays waiting. */
  | { kind: 'offline'; sent: number; refused: number }
  /** The session ended: sign in again, then everything waiting goes. */
  | { kind: 'signed-out'; sent: number; refused: number }
  /** The server answered with an error for the whole batch, in its words. */
  | { kind: 'failed'; sent: number; refused: number; error: string };

/** How the outbox reaches the server: a POST of the events (the page's fetch; a test's own). */
export type PostEvents = (events: StockEventWire[]) => Promise<Response>;

export const postEvents: PostEvents = (events) =>
  fetch('/v1/stock/events', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });

const wire = ({ uuid, deviceId, seq, kind, at, payload }: OutboxRow): StockEventWire => ({
  uuid,
  deviceId,
  seq,
  kind,
  at,
  payload,
});

/**
 * Sends what waits, oldest first, in batches, and marks each event on the server's word for it:
 * applied or duplicate (already held) is sent, refused keeps the reason to show. An event the
 * answer does not name, or a lost answer, stays waiting and goes again: the server applies an
 * event once however many times it comes.
 */
export async function sendWaiting(
  db: HandDb,
  post: PostEvents = postEvents,
  clock: () => Date = () => new Date(),
): Promise<SendResult> {
  let sent = 0;
  let refused = 0;
  for (;;) {
    const batch = await db.outbox
      .where('[state+seq]')
      .between(['waiting', 0], ['waiting', Number.MAX_SAFE_INTEGER])
      .limit(BATCH)
      .toArray();
    if (batch.length === 0) return { kind: 'done', sent, refused };
    let response: Response;
    try {
      response = await post(batch.map(wire));
    } catch {
      return { kind: 'offline', sent, refused };
    }
    if (response.status === 401) return { kind: 'signed-out', sent, refused };
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      // A proxy's "502 Bad Gateway" page is the network being down, not a refusal.
      if (response.status >= 500) return { kind: 'offline', sent, refused };
      const error = (body as { error?: unknown } | null)?.error;
      return {
        kind: 'failed',
        sent,
        refused,
        error: typeof error === 'string' ? error : `HTTP ${response.status}`,
      };
    }
    const parsed = outcomesSchema.safeParse(body);
    if (!parsed.success) return { kind: 'offline', sent, refused };
    const at = clock().toISOString();
    const counted = await db.transaction('rw', db.outbox, db.meta, () =>
      markAnswered(db, parsed.data.outcomes, at),
    );
    sent += counted.nowSent;
    refused += counted.nowRefused;
    // An answer that names none of the batch would send it again forever: stop and retry later.
    if (counted.nowSent + counted.nowRefused === 0) return { kind: 'done', sent, refused };
  }
}

/** What the status line shows: how many wait, the refusals to read, the last answer's time. */
export interface OutboxStatus {
  waiting: number;
  refusals: OutboxRow[];
  lastSentAt: string | null;
}

export async function outboxStatus(db: HandDb): Promise<OutboxStatus> {
  return db.transaction('r', db.outbox, db.meta, async () => {
    const waiting = await db.outbox
      .where('[state+seq]')
      .between(['waiting', 0], ['waiting', Number.MAX_SAFE_INTEGER])
      .count();
    const refusals = await db.outbox
      .where('[state+seq]')
      .between(['refused', 0], ['refused', Number.MAX_SAFE_INTEGER])
      .toArray();
    const last = await db.meta.get('lastSentAt');
    return {
      waiting,
      refusals,
      lastSentAt: typeof last?.value === 'string' ? last.value : null,
    };
  });
}

/** The volunteer has read a refusal: it leaves the screen, and stays in the device's record. */
export async function acknowledge(db: HandDb, uuid: string): Promise<void> {
  await db.outbox
    .where('uuid')
    .equals(uuid)
    .and((row) => row.state === 'refused')
    .modify({ state: 'seen' });
}
