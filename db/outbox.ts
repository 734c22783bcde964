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
  event: { id: string; type: string; payload: unknown; createdAt: string },
): number {
  const last = db.prepare('SELECT max(seq) AS seq FROM outbox').get() as { seq: number | null };
  const seq = (last.seq ?? 0) + 1;
  db.prepare('INSERT INTO outbox (id, seq, type, payload, created_at) VALUES (?, ?, ?, ?, ?)').run(
    event.id,
    seq,
    event.type,
    JSON.stringify(event.payload),
    event.createdAt,
  );
  return seq;
}

export function pendingOutbox(db: Db, limit: number): OutboxEvent[] {
  return db
    .prepare(
      `SELECT id, seq, type, payload, created_at AS createdAt, status, attempts
         FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?`,
    )
    .all(limit) as OutboxEvent[];
}

export function countPendingOutbox(db: Db): number {
  return (
    db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }
  ).n;
}
