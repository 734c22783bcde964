import { prepare } from './prepare';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import {
  clockStepBackDocumentSchema,
  journalPayloadSchema,
  type GrandTotals,
  type JournalDocument,
  type JournalPayload,
} from '../domain/journal-documents';
import type { Db } from './open';

export type { GrandTotals };

export const GENESIS_HASH = '0'.repeat(64);

export interface JournalEntry {
  seq: number;
  docType: string;
  docId: string;
  payload: string;
  prevHash: string;
  hash: string;
  createdAt: string;
}

export function canonicalJson(document: unknown): string {
  const json = canonicalize(document);
  if (json === undefined) throw new Error('The document cannot be written as canonical JSON');
  return json;
}

export function chainHash(prevHash: string, payload: string): string {
  return createHash('sha256').update(prevHash).update(payload).digest('hex');
}

/**
 * The last entry's link and grand totals. SQLite extracts the totals from the payload, so that
 * appending does not parse the whole previous document in JavaScript (a sale's is kilobytes).
 */
function lastEntry(db: Db): { seq: number; hash: string; grandTotals: string | null } | undefined {
  return prepare<[], { seq: number; hash: string; grandTotals: string | null }>(
    db,
    `SELECT seq, hash, payload -> '$.grandTotals' AS grandTotals
       FROM journal ORDER BY seq DESC LIMIT 1`,
  ).get();
}

function lastTotals(entry: { grandTotals: string | null } | undefined): GrandTotals {
  if (!entry) return { sales: 0, refunds: 0 };
  const grandTotals: unknown =
    entry.grandTotals === null ? undefined : JSON.parse(entry.grandTotals);
  return journalPayloadSchema.parse({ grandTotals }).grandTotals;
}

/** When the last journal entry was written, by the till's clock then. */
export function lastJournalTime(db: Db): string | undefined {
  return prepare<[], string>(db, 'SELECT created_at FROM journal ORDER BY seq DESC LIMIT 1')
    .pluck()
    .get();
}

/** The clock steps journaled while a session was open, in the journal's order. */
export function clockStepsOf(
  db: Db,
  sessionId: string,
): { from: string; to: string; stepSeconds: number }[] {
  return prepare<[string], string>(
    db,
    `SELECT payload FROM journal WHERE doc_type = 'clock_step_back'
        AND json_extract(payload, '$.sessionId') = ? ORDER BY seq`,
  )
    .pluck()
    .all(sessionId)
    .map((payload) => {
      const step = clockStepBackDocumentSchema.parse(JSON.parse(payload));
      return { from: step.from, to: step.to, stepSeconds: step.stepSeconds };
    });
}

/** Where a document is in the journal (its seq and hash, as a receipt or report prints them). */
export function journalLink(
  db: Db,
  at: { seq: number | null } | { docType: JournalDocument['docType']; docId: string },
): { seq: number; hash: string } | undefined {
  if ('seq' in at) {
    if (at.seq === null) return undefined;
    return prepare<[number], { seq: number; hash: string }>(
      db,
      'SELECT seq, hash FROM journal WHERE seq = ?',
    ).get(at.seq);
  }
  return prepare<[string, string], { seq: number; hash: string }>(
    db,
    'SELECT seq, hash FROM journal WHERE doc_type = ? AND doc_id = ?',
  ).get(at.docType, at.docId);
}

/** The grand totals as a document left them (a session's opening: the totals it started at). */
export function grandTotalsAfter(
  db: Db,
  docType: JournalDocument['docType'],
  docId: string,
): GrandTotals | undefined {
  const payload = prepare<[string, string], string>(
    db,
    'SELECT payload FROM journal WHERE doc_type = ? AND doc_id = ?',
  )
    .pluck()
    .get(docType, docId);
  return payload === undefined ? undefined : totalsOf({ payload });
}

export function grandTotals(db: Db): GrandTotals {
  return lastTotals(lastEntry(db));
}

function totalsOf(entry: { payload: string } | undefined): GrandTotals {
  if (!entry) return { sales: 0, refunds: 0 };
  return journalPayloadSchema.parse(JSON.parse(entry.payload)).grandTotals;
}

/**
 * Appends a closed document to the journal, inside the caller's transaction. The payload is the
 * document with the till's perpetual grand totals after it, as canonical JSON (RFC 8785).
 */
export function appendJournal(
  db: Db,
  entry: JournalDocument & {
    docId: string;
    createdAt: string;
    /** What this document adds to the grand totals: a sale's total, or a refund's (negative). */
    adds?: Partial<GrandTotals>;
  },
): JournalEntry & { document: JournalPayload } {
  const last = lastEntry(db);
  const before = lastTotals(last);
  const after: GrandTotals = {
    sales: before.sales + (entry.adds?.sales ?? 0),
    refunds: before.refunds + (entry.adds?.refunds ?? 0),
  };
  const document: JournalPayload = { ...entry.document, grandTotals: after };
  const payload = canonicalJson(document);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const journalEntry: JournalEntry = {
    seq: (last?.seq ?? 0) + 1,
    docType: entry.docType,
    docId: entry.docId,
    payload,
    prevHash,
    hash: chainHash(prevHash, payload),
    createdAt: entry.createdAt,
  };
  prepare<JournalEntry>(
    db,
    `INSERT INTO journal (seq, doc_type, doc_id, payload, prev_hash, hash, created_at)
     VALUES (@seq, @docType, @docId, @payload, @prevHash, @hash, @createdAt)`,
  ).run(journalEntry);
  return { ...journalEntry, document };
}

export interface JournalProblem {
  seq: number;
  problem: 'missing' | 'broken_link' | 'hash_mismatch' | 'not_canonical';
  message: string;
}

export interface JournalVerification {
  ok: boolean;
  entries: number;
  lastHash: string;
  problems: JournalProblem[];
}

/**
 * Walks the whole chain: a gap in the numbers is a missing entry, a prev_hash that is not the
 * previous entry's hash is a reordering or removal, a hash that is not SHA-256(prev_hash +
 * payload) is an edited entry.
 */
export function verifyJournal(db: Db): JournalVerification {
  const problems: JournalProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  const rows = prepare<[], { seq: number; payload: string; prevHash: string; hash: string }>(
    db,
    'SELECT seq, payload, prev_hash AS prevHash, hash FROM journal ORDER BY seq',
  ).iterate();
  for (const row of rows) {
    entries += 1;
    if (row.seq !== expectedSeq) {
      problems.push({
        seq: expectedSeq,
        problem: 'missing',
        message: `Entries ${expectedSeq} to ${row.seq - 1} are missing`,
      });
    }
    if (row.prevHash !== prevHash) {
      problems.push({
        seq: row.seq,
        problem: 'broken_link',
        message: `Entry ${row.seq} does not follow the entry before it`,
      });
    }
    if (chainHash(row.prevHash, row.payload) !== row.hash) {
      problems.push({
        seq: row.seq,
        problem: 'hash_mismatch',
        message: `Entry ${row.seq} was changed after it was written`,
      });
    } else if (canonicalJson(JSON.parse(row.payload)) !== row.payload) {
      problems.push({
        seq: row.seq,
        problem: 'not_canonical',
        message: `Entry ${row.seq} is not canonical JSON`,
      });
    }
    expectedSeq = row.seq + 1;
    prevHash = row.hash;
  }
  return { ok: problems.length === 0, entries, lastHash: prevHash, problems };
}
