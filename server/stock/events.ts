import { z } from 'zod';
import type { Queryable, Store, Transaction } from '../store';
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

type Handlers = Readonly<Record<string, StockEventHandler>>;
type Context = { actor: StockActor; now: Date };

/**
 * Applies a batch in order, in one transaction: a crash leaves the whole batch either applied or
 * not at all (the device sends it again; each UUID is applied once). The events are claimed by
 * one insert and the duplicates of a re-send told apart by one query, so that a batch costs one
 * commit and its handlers' queries. A batch is first applied straight through; should an event
 * be refused, that is rolled back and the batch applied again with a savepoint per event, so
 * that a refused event is rolled back to its savepoint and never holds back the others. Should
 * two batches deadlock on PostgreSQL (two handhelds locking the same rows in another order), the
 * one PostgreSQL chose is applied again one transaction per event, which cannot deadlock.
 */
export async function applyStockEvents(
  store: Store,
  events: StockEvent[],
  handlers: Handlers,
  context: Context,
): Promise<EventOutcome[]> {
  try {
    try {
      return await store.transaction((tx) => applyBatch(tx, events, handlers, context, false));
    } catch (error) {
      if (!(error instanceof StockRefusal)) throw error;
      return await store.transaction((tx) => applyBatch(tx, events, handlers, context, true));
    }
  } catch (error) {
    if (!isDeadlock(error)) throw error;
    const outcomes: EventOutcome[] = [];
    for (const event of events) {
      outcomes.push(await applyAlone(store, event, handlers, context));
    }
    return outcomes;
  }
}

const isDeadlock = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '40P01';

const handlerOf = (handlers: Handlers, kind: string): StockEventHandler | undefined =>
  Object.hasOwn(handlers, kind) ? handlers[kind] : undefined;

const unknownKind = (event: StockEvent): EventOutcome => ({
  uuid: event.uuid,
  status: 'refused',
  error: `Unknown kind of stock event: ${event.kind}`,
});

/** The row an event is recorded as, its time as the ISO string it is compared by. */
const rowOf = (event: StockEvent) => ({
  uuid: event.uuid,
  device_id: event.deviceId,
  device_seq: event.seq,
  kind: event.kind,
  payload: event.payload,
  at: new Date(event.at).toISOString(),
});

const EVENT_RECORDS = `jsonb_to_recordset($1::jsonb)
  AS e(uuid uuid, device_id text, device_seq bigint, kind text, payload jsonb, at text)`;

const SAVEPOINT = 'stock_event';

async function applyBatch(
  tx: Transaction,
  events: StockEvent[],
  handlers: Handlers,
  context: Context,
  /** Without, the first refusal throws out of the batch. */
  savepoints: boolean,
): Promise<EventOutcome[]> {
  // An event that repeats an earlier one of the same batch (its UUID or its place) is applied
  // after it, alone, as if it came in the next batch; the others are claimed all at once.
  const uuids = new Set<string>();
  const places = new Set<string>();
  const repeats = new Set<number>();
  const firsts: StockEvent[] = [];
  events.forEach((event, i) => {
    if (!handlerOf(handlers, event.kind)) return;
    const uuid = event.uuid.toLowerCase();
    const place = `${event.deviceId} ${event.seq}`;
    if (uuids.has(uuid) || places.has(place)) repeats.add(i);
    else firsts.push(event);
    uuids.add(uuid);
    places.add(place);
  });
  const claimed = await claim(tx, firsts, context);
  const held = await alreadyHeld(
    tx,
    firsts.filter((event) => !claimed.has(event.uuid.toLowerCase())),
  );

  const inSavepoint = savepoints ? eachInSavepoint(tx) : straight;
  if (savepoints) await tx.exec(`SAVEPOINT ${SAVEPOINT}`);
  const outcomes: EventOutcome[] = [];
  for (const [i, event] of events.entries()) {
    const handler = handlerOf(handlers, event.kind);
    const uuid = event.uuid.toLowerCase();
    if (!handler) {
      outcomes.push(unknownKind(event));
    } else if (repeats.has(i)) {
      outcomes.push(await inSavepoint(event, () => claimAndApply(tx, event, handler, context)));
    } else if (claimed.has(uuid)) {
      // Refused, it leaves no trace: sent again once its product exists, it is applied.
      const forget = async () => {
        await tx.query('DELETE FROM stock_events WHERE uuid = $1', [uuid]);
      };
      outcomes.push(
        await inSavepoint(event, () => runHandler(tx, event, handler, context), forget),
      );
    } else {
      outcomes.push(held.get(uuid) ?? refusedAsHeld(event, undefined));
    }
  }
  if (savepoints) await tx.exec(`RELEASE SAVEPOINT ${SAVEPOINT}`);
  return outcomes;
}

/** Records the events not held yet, in one insert: the UUIDs it recorded. */
async function claim(tx: Queryable, events: StockEvent[], context: Context): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows = await tx.query<{ uuid: string }>(
    `INSERT INTO stock_events (uuid, device_id, device_seq, kind, payload, person_id, at, received_at)
     SELECT e.uuid, e.device_id, e.device_seq, e.kind, e.payload, $2, e.at, $3 FROM ${EVENT_RECORDS}
     ON CONFLICT DO NOTHING RETURNING uuid`,
    [JSON.stringify(events.map(rowOf)), context.actor.personId, context.now.toISOString()],
  );
  return new Set(rows.map((row) => row.uuid.toLowerCase()));
}

/** For events already held (a re-send, a clash), what the server answers each: one query. */
async function alreadyHeld(
  tx: Queryable,
  events: StockEvent[],
): Promise<Map<string, EventOutcome>> {
  const outcomes = new Map<string, EventOutcome>();
  if (events.length === 0) return outcomes;
  // jsonb compares by value, whatever the order of the keys the device wrote.
  const rows = await tx.query<{ uuid: string; sameId: boolean | null; same: boolean | null }>(
    `SELECT e.uuid, h."sameId", h.same FROM ${EVENT_RECORDS}
       LEFT JOIN LATERAL (
         SELECT s.uuid = e.uuid AS "sameId",
                (s.uuid = e.uuid AND s.device_id = e.device_id AND s.device_seq = e.device_seq
                  AND s.kind = e.kind AND s.at = e.at AND s.payload = e.payload) AS same
           FROM stock_events s
          WHERE s.uuid = e.uuid OR (s.device_id = e.device_id AND s.device_seq = e.device_seq)
          ORDER BY (s.uuid = e.uuid) DESC LIMIT 1) h ON true`,
    [JSON.stringify(events.map(rowOf))],
  );
  const byUuid = new Map(rows.map((row) => [row.uuid.toLowerCase(), row]));
  for (const event of events) {
    const uuid = event.uuid.toLowerCase();
    outcomes.set(uuid, refusedAsHeld(event, byUuid.get(uuid)));
  }
  return outcomes;
}

/** The answer to an event found held: a duplicate if the same, else refused in words. */
function refusedAsHeld(
  event: StockEvent,
  held: { sameId: boolean | null; same: boolean | null } | undefined,
): EventOutcome {
  if (held?.same) return { uuid: event.uuid, status: 'duplicate' };
  return {
    uuid: event.uuid,
    status: 'refused',
    error: held?.sameId
      ? `Event ${event.uuid} was already received with other content; nothing changed`
      : `Device ${event.deviceId} already sent event number ${event.seq} under another id; nothing changed`,
  };
}

type EventWork = (
  event: StockEvent,
  work: () => Promise<EventOutcome>,
  undo?: () => Promise<void>,
) => Promise<EventOutcome>;

/** One event's work when none is refused: a refusal throws out of the batch. */
const straight: EventWork = (_event, work) => work();

/**
 * One event's work after the batch's savepoint: kept (and the savepoint set again for the next)
 * if it returns, rolled back to it if refused. `undo`, if given, then runs outside the
 * savepoint, so that no later refusal rolls it back.
 */
const eachInSavepoint =
  (tx: Transaction): EventWork =>
  async (event, work, undo) => {
    try {
      const outcome = await work();
      await tx.exec(`RELEASE SAVEPOINT ${SAVEPOINT}; SAVEPOINT ${SAVEPOINT}`);
      return outcome;
    } catch (error) {
      if (!(error instanceof StockRefusal)) throw error;
      if (undo) {
        await tx.exec(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}; RELEASE SAVEPOINT ${SAVEPOINT}`);
        await undo();
        await tx.exec(`SAVEPOINT ${SAVEPOINT}`);
      } else {
        await tx.exec(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      }
      return { uuid: event.uuid, status: 'refused', error: error.message };
    }
  };

async function runHandler(
  tx: Queryable,
  event: StockEvent,
  handler: StockEventHandler,
  context: Context,
): Promise<EventOutcome> {
  const result = await handler(tx, { ...event, at: new Date(event.at).toISOString() }, context);
  return { uuid: event.uuid, status: 'applied', result: result ?? null };
}

/** One event recorded, then applied if it was new. */
async function claimAndApply(
  tx: Queryable,
  event: StockEvent,
  handler: StockEventHandler,
  context: Context,
): Promise<EventOutcome> {
  const row = rowOf(event);
  const inserted = await tx.query<{ uuid: string }>(
    `INSERT INTO stock_events (uuid, device_id, device_seq, kind, payload, person_id, at, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING uuid`,
    [
      row.uuid,
      row.device_id,
      row.device_seq,
      row.kind,
      JSON.stringify(row.payload),
      context.actor.personId,
      row.at,
      context.now.toISOString(),
    ],
  );
  if (inserted.length === 0) return duplicateOrClash(tx, event);
  return runHandler(tx, event, handler, context);
}

/** One event in a transaction of its own: the way out of a deadlock. */
async function applyAlone(
  store: Store,
  event: StockEvent,
  handlers: Handlers,
  context: Context,
): Promise<EventOutcome> {
  const handler = handlerOf(handlers, event.kind);
  if (!handler) return unknownKind(event);
  try {
    return await store.transaction((tx) => claimAndApply(tx, event, handler, context));
  } catch (error) {
    if (error instanceof StockRefusal) {
      return { uuid: event.uuid, status: 'refused', error: error.message };
    }
    throw error;
  }
}

async function duplicateOrClash(tx: Queryable, event: StockEvent): Promise<EventOutcome> {
  const row = rowOf(event);
  const [held] = await tx.query<{ sameId: boolean; same: boolean }>(
    `SELECT uuid = $1 AS "sameId",
            (uuid = $1 AND device_id = $2 AND device_seq = $3 AND kind = $4 AND at = $5
              AND payload = $6::jsonb) AS same
       FROM stock_events WHERE uuid = $1 OR (device_id = $2 AND device_seq = $3)
      ORDER BY (uuid = $1) DESC LIMIT 1`,
    [row.uuid, row.device_id, row.device_seq, row.kind, row.at, JSON.stringify(row.payload)],
  );
  return refusedAsHeld(event, held);
}
