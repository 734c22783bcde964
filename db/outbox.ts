import { prepare } from './prepare';
import type { Db } from './open';

export interface OutboxEvent {
  id: string;
  seq: number;
  type: string;
  payload: string;
  createdAt: string;
  status: 'pending' | 'sent' | 'rejected';
  attempts: number;
}

/** Queues an event for the central server, inside the caller's transaction. */
export function enqueueOutbox(
  db: Db,
  /** payload: the event as JSON text (a journal payload is passed on as it is, not re-encoded). */
  event: { id: string; type: string; payload: string; createdAt: string },
): number {
  const last = prepare(db, 'SELECT max(seq) AS seq FROM outbox').get() as { seq: number | null };
  const seq = (last.seq ?? 0) + 1;
  prepare(db, 'INSERT INTO outbox (id, seq, type, payload, created_at) VALUES (?, ?, ?, ?, ?)').run(
    event.id,
    seq,
    event.type,
    event.payload,
    event.createdAt,
  );
  return seq;
}

export function pendingOutbox(db: Db, limit: number): OutboxEvent[] {
  return prepare(
    db,
    `SELECT id, seq, type, payload, created_at AS createdAt, status, attempts
         FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?`,
  ).all(limit) as OutboxEvent[];
}

export function countPendingOutbox(db: Db): number {
  return (
    prepare(db, "SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }
  ).n;
}
