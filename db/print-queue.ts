import { TillError } from '../domain/errors';
import { prepare } from './prepare';
import type { Db } from './open';

/**
 * The print queue (migration 0005): receipts, X/Z reports and drawer kicks waiting for the
 * printer. The sale commits first, then its receipt is queued (`enqueuePrintJob`); the print
 * worker (drivers/print-worker.ts) takes the oldest queued job, prints it and marks it printed.
 * A job that failed stays queued with its error and its attempts; a printed job never prints
 * again (`markPrintJobPrinted` is idempotent and the table refuses to bring a job back). A job
 * that may or may not have reached the paper (a one-way printer stopped part-way) is marked
 * uncertain (migration print_uncertain): never resent by itself, the cashier reprints it, as a
 * duplicate.
 */

export type PrintJobKind = 'receipt' | 'report' | 'drawer_kick';
export type PrintJobStatus = 'queued' | 'printed' | 'failed' | 'expired' | 'uncertain';

export interface PrintJob {
  id: string;
  /** Queue order: oldest first. */
  seq: number;
  kind: PrintJobKind;
  ticketNumber: number | null;
  /** The document to print (parsed JSON), or null for a receipt rebuilt from its ticket. */
  document: unknown;
  duplicate: boolean;
  status: PrintJobStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  expiresAt: string | null;
  printedAt: string | null;
}

export interface NewPrintJob {
  /** From the till's id generator (UUIDv7). */
  id: string;
  kind: PrintJobKind;
  ticketNumber?: number | null;
  document?: unknown;
  duplicate?: boolean;
  createdAt: string;
  expiresAt?: string | null;
}

interface Row {
  id: string;
  seq: number;
  kind: PrintJobKind;
  ticket_number: number | null;
  document: string | null;
  duplicate: number;
  status: PrintJobStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  expires_at: string | null;
  printed_at: string | null;
}

const KINDS: readonly PrintJobKind[] = ['receipt', 'report', 'drawer_kick'];
const MAX_ERROR = 500;

function toJob(row: Row): PrintJob {
  return {
    id: row.id,
    seq: row.seq,
    kind: row.kind,
    ticketNumber: row.ticket_number,
    // Checked by whoever renders it: a broken document is set aside, not printed.
    document: row.document === null ? null : JSON.parse(row.document),
    duplicate: row.duplicate === 1,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    printedAt: row.printed_at,
  };
}

function invalid(message: string, details: Record<string, string | number> = {}): TillError {
  return new TillError('print.invalid_job', message, details);
}

/** Queues a job; call it after the sale's transaction has committed. */
export function enqueuePrintJob(db: Db, job: NewPrintJob): PrintJob {
  if (!KINDS.includes(job.kind)) {
    throw invalid(`Unknown print job kind ${JSON.stringify(job.kind)}`, { kind: String(job.kind) });
  }
  const ticketNumber = job.ticketNumber ?? null;
  if (ticketNumber !== null && (!Number.isSafeInteger(ticketNumber) || ticketNumber < 1)) {
    throw invalid(`A ticket number is a positive integer, not ${ticketNumber}`);
  }
  if (job.kind === 'receipt') {
    if (ticketNumber === null) throw invalid('A receipt job needs its ticket number');
    const paid = prepare<[number], 1>(
      db,
      "SELECT 1 FROM tickets WHERE number = ? AND status = 'paid'",
    ).get(ticketNumber);
    if (!paid) {
      throw new TillError('print.unknown_ticket', `No paid ticket has the number ${ticketNumber}`, {
        ticketNumber,
      });
    }
  }
  const document =
    job.document === undefined || job.document === null ? null : JSON.stringify(job.document);
  if (job.kind === 'report' && document === null) throw invalid('A report job needs its document');
  const id = job.id;
  prepare<[string, PrintJobKind, number | null, string | null, 0 | 1, string, string | null]>(
    db,
    `INSERT INTO print_jobs (id, kind, ticket_number, document, duplicate, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    job.kind,
    ticketNumber,
    document,
    job.duplicate ? 1 : 0,
    job.createdAt,
    job.expiresAt ?? null,
  );
  const queued = getPrintJob(db, id);
  if (!queued) throw new Error(`Print job ${id} was not written`);
  return queued;
}

/** A paid ticket's receipt again, marked DUPLICATA: always a new job. */
export function reprintReceipt(
  db: Db,
  ticketNumber: number,
  options: { id: string; createdAt: string; document?: unknown },
): PrintJob {
  return enqueuePrintJob(db, {
    id: options.id,
    kind: 'receipt',
    ticketNumber,
    document: options.document,
    duplicate: true,
    createdAt: options.createdAt,
  });
}

export function getPrintJob(db: Db, id: string): PrintJob | null {
  const row = prepare<[string], Row>(db, 'SELECT * FROM print_jobs WHERE id = ?').get(id);
  return row ? toJob(row) : null;
}

/** Jobs whose expiry has passed leave the queue (a drawer kick an hour late is no use). */
export function expirePrintJobs(db: Db, now: string): number {
  return prepare<[string]>(
    db,
    `UPDATE print_jobs SET status = 'expired'
       WHERE status = 'queued' AND expires_at IS NOT NULL AND expires_at <= ?`,
  ).run(now).changes;
}

/** The oldest queued job (expired ones are set aside first), or null. */
export function nextQueuedPrintJob(db: Db, now: string): PrintJob | null {
  expirePrintJobs(db, now);
  const row = prepare<[], Row>(
    db,
    "SELECT * FROM print_jobs WHERE status = 'queued' ORDER BY seq LIMIT 1",
  ).get();
  return row ? toJob(row) : null;
}

/**
 * Marks a job printed. Idempotent: true when this call printed it, false when it already was
 * (a replay), never a second print. Throws for an unknown job.
 */
export function markPrintJobPrinted(db: Db, id: string, printedAt: string): boolean {
  const changed = prepare<[string, string]>(
    db,
    "UPDATE print_jobs SET status = 'printed', printed_at = ?, last_error = NULL WHERE id = ? AND status = 'queued'",
  ).run(printedAt, id).changes;
  if (changed === 1) return true;
  if (!getPrintJob(db, id)) {
    throw new TillError('print.unknown_job', `No print job has the id ${id}`, { id });
  }
  return false;
}

/** One more failed attempt: the job stays queued with its error. No effect on a finished job. */
export function markPrintJobAttemptFailed(db: Db, id: string, error: string): void {
  prepare<[string, string]>(
    db,
    "UPDATE print_jobs SET attempts = attempts + 1, last_error = ? WHERE id = ? AND status = 'queued'",
  ).run(error.slice(0, MAX_ERROR), id);
}

/** The job cannot be printed (its document is broken): it leaves the queue with its error. */
export function markPrintJobFailed(db: Db, id: string, error: string): void {
  prepare<[string, string]>(
    db,
    "UPDATE print_jobs SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ? AND status = 'queued'",
  ).run(error.slice(0, MAX_ERROR), id);
}

/**
 * The job may have printed, in part or in full: it leaves the queue (never sent again by itself)
 * with its error, for the cashier to check the paper and reprint. No effect on a finished job.
 */
export function markPrintJobUncertain(db: Db, id: string, error: string): void {
  prepare<[string, string]>(
    db,
    "UPDATE print_jobs SET status = 'uncertain', attempts = attempts + 1, last_error = ? WHERE id = ? AND status = 'queued'",
  ).run(error.slice(0, MAX_ERROR), id);
}

/** Uncertain jobs created since `since`, oldest first: what the cashier is asked to check. */
export function listUncertainPrintJobs(db: Db, since: string): PrintJob[] {
  return prepare<[string], Row>(
    db,
    "SELECT * FROM print_jobs WHERE status = 'uncertain' AND created_at >= ? ORDER BY seq",
  )
    .all(since)
    .map(toJob);
}

/** What waits for the printer, oldest first, for the cashier's screen. */
export function listPendingPrintJobs(db: Db, limit = 100): PrintJob[] {
  return prepare<[number], Row>(
    db,
    "SELECT * FROM print_jobs WHERE status = 'queued' ORDER BY seq LIMIT ?",
  )
    .all(limit)
    .map(toJob);
}

export function countPendingPrintJobs(db: Db): number {
  return (
    prepare<[], number>(db, "SELECT count(*) FROM print_jobs WHERE status = 'queued'")
      .pluck()
      .get() ?? 0
  );
}

export interface PrintQueueCounts {
  /** Jobs queued for the printer. */
  waiting: number;
  /** Jobs since `since` that may or may not have reached the paper. */
  uncertain: number;
}

export function countPrintQueue(db: Db, since: string): PrintQueueCounts {
  return prepare<[string], PrintQueueCounts>(
    db,
    `SELECT count(*) FILTER (WHERE status = 'queued') AS waiting,
            count(*) FILTER (WHERE status = 'uncertain' AND created_at >= ?) AS uncertain
       FROM print_jobs WHERE status IN ('queued', 'uncertain')`,
  ).get(since) as PrintQueueCounts;
}

/**
 * Paid tickets since `since` whose receipt was never queued: a power cut between a sale's commit
 * and the queueing of its receipt leaves one behind.
 */
export function ticketsWithoutReceipt(db: Db, since: string): number[] {
  return prepare<[string], number>(
    db,
    `SELECT number FROM tickets t
        WHERE status = 'paid' AND closed_at >= ?
          AND NOT EXISTS (SELECT 1 FROM print_jobs j WHERE j.ticket_number = t.number AND j.kind = 'receipt')
        ORDER BY number`,
  )
    .pluck()
    .all(since);
}

/** The jobs of one ticket (its receipt and reprints), oldest first. */
export function printJobsForTicket(db: Db, ticketNumber: number): PrintJob[] {
  return prepare<[number], Row>(db, 'SELECT * FROM print_jobs WHERE ticket_number = ? ORDER BY seq')
    .all(ticketNumber)
    .map(toJob);
}

/** Deletes printed, failed, expired and uncertain jobs created before `before` (queued ones stay). */
export function prunePrintJobs(db: Db, before: string): number {
  return prepare<[string]>(
    db,
    "DELETE FROM print_jobs WHERE status <> 'queued' AND created_at < ?",
  ).run(before).changes;
}

/**
 * The queue as drivers/print-worker.ts sees it (its PrintQueueStore), on this database and
 * clock: main passes it to the PrintQueueWorker.
 */
export function printQueueStore(
  db: Db,
  clock: () => Date = () => new Date(),
): {
  nextQueued(): PrintJob | null;
  markPrinted(id: string): void;
  markAttemptFailed(id: string, error: string): void;
  markFailed(id: string, error: string): void;
  markUncertain(id: string, error: string): void;
} {
  const now = () => clock().toISOString();
  return {
    nextQueued: () => nextQueuedPrintJob(db, now()),
    markPrinted: (id) => void markPrintJobPrinted(db, id, now()),
    markAttemptFailed: (id, error) => markPrintJobAttemptFailed(db, id, error),
    markFailed: (id, error) => markPrintJobFailed(db, id, error),
    markUncertain: (id, error) => markPrintJobUncertain(db, id, error),
  };
}
