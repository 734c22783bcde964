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

/**
 * What the server answered to a push: every event up to `ackedSeq` is held there, those it
 * quarantined are marked rejected (for a manager to see), the rest sent.
 */
export function markOutboxPushed(
  db: Db,
  ackedSeq: number,
  rejected: readonly { seq: number; reason: string }[],
  at: string,
): void {
  db.transaction(() => {
    const reject = prepare(
      db,
      "UPDATE outbox SET status = 'rejected', last_error = ?, attempts = attempts + 1 WHERE seq = ? AND status = 'pending'",
    );
    for (const event of rejected) reject.run(event.reason, event.seq);
    prepare(
      db,
      "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE seq <= ? AND status = 'pending'",
    ).run(at, ackedSeq);
  })();
}

/** A push that failed: the events stay pending, with what went wrong. */
export function markOutboxFailed(db: Db, fromSeq: number, toSeq: number, error: string): void {
  prepare(
    db,
    "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq BETWEEN ? AND ? AND status = 'pending'",
  ).run(error, fromSeq, toSeq);
}

export function countRejectedOutbox(db: Db): number {
  return (
    prepare(db, "SELECT count(*) AS n FROM outbox WHERE status = 'rejected'").get() as { n: number }
  ).n;
}
