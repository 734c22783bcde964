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
