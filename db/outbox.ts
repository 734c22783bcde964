import type { OutboxJournalPayload } from '../domain/journal-documents';
import { prepare } from './prepare';
import type { Db } from './open';

export interface OutboxEvent {
  id: string;
  seq: number;
  type: string;
  /** The event as JSON text (an OutboxJournalPayload). */
  payload: string;
  createdAt: string;
  status: 'pending' | 'sent' | 'rejected';
  attempts: number;
}

/** Queues a journal entry for the central server, inside the caller's transaction. */
export function enqueueOutbox(
  db: Db,
  event: { id: string; type: string; payload: OutboxJournalPayload; createdAt: string },
): number {
  const seq =
    (prepare<[], number | null>(db, 'SELECT max(seq) FROM outbox').pluck().get() ?? 0) + 1;
  prepare<[string, number, string, string, string]>(
    db,
    'INSERT INTO outbox (id, seq, type, payload, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(event.id, seq, event.type, JSON.stringify(event.payload), event.createdAt);
  return seq;
}

export function pendingOutbox(db: Db, limit: number): OutboxEvent[] {
  return prepare<[number], OutboxEvent>(
    db,
    `SELECT id, seq, type, payload, created_at AS createdAt, status, attempts
         FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?`,
  ).all(limit);
}

export function countPendingOutbox(db: Db): number {
  return (
    prepare<[], number>(db, "SELECT count(*) FROM outbox WHERE status = 'pending'").pluck().get() ??
    0
  );
}

/** This database's instance (migration till_instance): the server keys its events by it. */
export function tillInstance(db: Db): string {
  const instance = prepare<[], string>(db, 'SELECT instance FROM till_instance WHERE id = 1')
    .pluck()
    .get();
  if (instance === undefined) throw new Error('This till database has no instance');
  return instance;
}

/**
 * What the server answered to a push: every event up to `ackedSeq` is held there, those it
 * quarantined are marked rejected (for a manager to see), the rest sent. Rejections are named by
 * event id, so that an answer can only ever mark the events it is about.
 */
export function markOutboxPushed(
  db: Db,
  ackedSeq: number,
  rejected: readonly { id: string; reason: string }[],
  at: string,
): void {
  db.transaction(() => {
    const reject = prepare<[string, string, number]>(
      db,
      "UPDATE outbox SET status = 'rejected', last_error = ?, attempts = attempts + 1 WHERE lower(id) = ? AND seq <= ? AND status = 'pending'",
    );
    for (const event of rejected) reject.run(event.reason, event.id.toLowerCase(), ackedSeq);
    prepare<[string, number]>(
      db,
      "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE seq <= ? AND status = 'pending'",
    ).run(at, ackedSeq);
  })();
}

/**
 * An event the server refuses however often it is sent (a 4xx for it alone): rejected, with the
 * server's words, for a manager to see, so that it neither stays pending for ever nor blocks
 * the events after it.
 */
export function markOutboxRejected(db: Db, id: string, reason: string): void {
  prepare<[string, string]>(
    db,
    "UPDATE outbox SET status = 'rejected', last_error = ?, attempts = attempts + 1 WHERE id = ? AND status = 'pending'",
  ).run(reason, id);
}

/** A push that failed: the events stay pending, with what went wrong. */
export function markOutboxFailed(db: Db, fromSeq: number, toSeq: number, error: string): void {
  prepare<[string, number, number]>(
    db,
    "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq BETWEEN ? AND ? AND status = 'pending'",
  ).run(error, fromSeq, toSeq);
}

export function countRejectedOutbox(db: Db): number {
  return (
    prepare<[], number>(db, "SELECT count(*) FROM outbox WHERE status = 'rejected'")
      .pluck()
      .get() ?? 0
  );
}
