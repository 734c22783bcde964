import { z } from 'zod';
import type { Queryable, Store } from '../store';
import { uuidSchema } from '../../domain/sync-wire';

/**
 * Stock events: what a device (a handheld, the back office's page) did, sent at least once and
 * applied exactly once. Each carries a UUID and its place in the device's own sequence; a
 * re-send after a lost answer finds its UUID already here and changes nothing. The same UUID or
 * the same place with other content is refused in words: it is a bug or a forgery, not a retry.
 */
export const stockEventSchema = z
  .object({
    uuid: uuidSchema,
    deviceId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a device id: letters, digits, _ and -'),
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    kind: z.string().regex(/^[a-z][a-z_.]{0,49}$/, 'an event kind such as count.scan'),
    /** The device's time of the act: a count is taken as of its scan. */
    at: z.iso.datetime({ offset: true }),
    payload: z.record(z.string(), z.unknown()),
  })
  .strict();
export type StockEvent = z.infer<typeof stockEventSchema>;

export const stockEventBatchSchema = z
  .object({ events: z.array(stockEventSchema).min(1).max(1000) })
  .strict();

/** Who sent the events: the signed-in person, whose id every move and adjustment keeps. */
export interface StockActor {
  personId: number | null;
}

/**
 * Applies one kind of event inside the transaction that records it. It validates its payload
 * (throwing a `StockRefusal` in words) and writes what it moves; it runs once per UUID.
 */
export type StockEventHandler = (
  tx: Queryable,
  event: StockEvent,
  context: { actor: StockActor; now: Date },
) => Promise<unknown>;

/** An event refused for what it says (unknown product, closed count, absurd quantity). */
export class StockRefusal extends Error {
  readonly statusCode = 422;
}

export type EventOutcome =
  | { uuid: string; status: 'applied'; result: unknown }
  | { uuid: string; status: 'duplicate' }
  | { uuid: string; status: 'refused'; error: string };

/**
 * Applies a batch in order, each event in its own transaction, so that one refused event never
 * holds back the others and a crash between two leaves each either applied or not at all.
 */
export async function applyStockEvents(
  store: Store,
  events: StockEvent[],
  handlers: Readonly<Record<string, StockEventHandler>>,
  context: { actor: StockActor; now: Date },
): Promise<EventOutcome[]> {
  const outcomes: EventOutcome[] = [];
  for (const event of events) {
    outcomes.push(await applyOne(store, event, handlers, context));
  }
  return outcomes;
}

async function applyOne(
  store: Store,
  event: StockEvent,
  handlers: Readonly<Record<string, StockEventHandler>>,
  context: { actor: StockActor; now: Date },
): Promise<EventOutcome> {
  const handler = Object.hasOwn(handlers, event.kind) ? handlers[event.kind] : undefined;
  if (!handler) {
    return {
      uuid: event.uuid,
      status: 'refused',
      error: `Unknown kind of stock event: ${event.kind}`,
    };
  }
  try {
    return await store.transaction(async (tx) => {
      const inserted = await tx.query<{ uuid: string }>(
        `INSERT INTO stock_events (uuid, device_id, device_seq, kind, payload, person_id, at, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING uuid`,
        [
          event.uuid,
          event.deviceId,
          event.seq,
          event.kind,
          JSON.stringify(event.payload),
          context.actor.personId,
          new Date(event.at).toISOString(),
          context.now.toISOString(),
        ],
      );
      if (inserted.length === 0) return duplicateOrClash(tx, event);
      const result = await handler(tx, { ...event, at: new Date(event.at).toISOString() }, context);
      return { uuid: event.uuid, status: 'applied' as const, result: result ?? null };
    });
  } catch (error) {
    if (error instanceof StockRefusal) {
      return { uuid: event.uuid, status: 'refused', error: error.message };
    }
    throw error;
  }
}

async function duplicateOrClash(tx: Queryable, event: StockEvent): Promise<EventOutcome> {
  // jsonb compares by value, whatever the order of the keys the device wrote.
  const [held] = await tx.query<{ sameId: boolean; same: boolean }>(
    `SELECT uuid = $1 AS "sameId",
            (uuid = $1 AND device_id = $2 AND device_seq = $3 AND kind = $4 AND at = $5
              AND payload = $6::jsonb) AS same
       FROM stock_events WHERE uuid = $1 OR (device_id = $2 AND device_seq = $3)
      ORDER BY (uuid = $1) DESC LIMIT 1`,
    [
      event.uuid,
      event.deviceId,
      event.seq,
      event.kind,
      new Date(event.at).toISOString(),
      JSON.stringify(event.payload),
    ],
  );
  if (held?.same) return { uuid: event.uuid, status: 'duplicate' };
  return {
    uuid: event.uuid,
    status: 'refused',
    error: held?.sameId
      ? `Event ${event.uuid} was already received with other content; nothing changed`
      : `Device ${event.deviceId} already sent event number ${event.seq} under another id; nothing changed`,
  };
}
