/**
 * Migration 0007 print_uncertain: a print job may end 'uncertain'. The table is rebuilt; the jobs already there keep every column, their order
 * and their rules. Its number is found by name, so that renumbering the file is enough.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/open';
import { loadMigrations } from '../../../db/migrate';
import { hashPin } from '../../../main/till/pin';
import {
  AT,
  CHECK,
  TRIGGER,
  columnNames,
  insert,
  migratedTo,
  refusal,
  rows,
  schemaObjects,
  userVersion,
  type MigratedDb,
} from './helpers';

const VERSION =
  loadMigrations('till').find((migration) => migration.name === 'print_uncertain')?.version ?? 0;
let m: MigratedDb | undefined;
afterEach(() => m?.close());

/** A database just before the migration, holding jobs in every state, then migrated. */
function migratedWithJobs(): { db: Db; before: unknown[] } {
  m = migratedTo(VERSION - 1);
  const old = m.db;
  insert(old, 'users', {
    id: 1,
    name: 'Camille',
    role: 'cashier',
    pin_hash: hashPin('1234'),
    created_at: AT,
  });
  insert(old, 'sessions', {
    id: 's1',
    status: 'open',
    opened_at: AT,
    opened_by: 1,
    opening_float: 0,
    opening_counts: '{}',
  });
  insert(old, 'tickets', {
    id: 't1',
    session_id: 's1',
    kind: 'sale',
    status: 'draft',
    cashier_id: 1,
    created_at: AT,
    updated_at: AT,
  });
  old
    .prepare(
      `UPDATE tickets SET status = 'paid', number = 1, closed_at = ?, closed_by = 1, total = 0,
         journal_seq = 1 WHERE id = 't1'`,
    )
    .run(AT);
  const receipt = { kind: 'receipt', ticket_number: 1, created_at: AT };
  insert(old, 'print_jobs', { ...receipt, id: 'printed', document: '{"total":129}' });
  old
    .prepare("UPDATE print_jobs SET status = 'printed', printed_at = ? WHERE id = 'printed'")
    .run(AT);
  insert(old, 'print_jobs', {
    ...receipt,
    id: 'queued',
    duplicate: 1,
    attempts: 2,
    last_error: 'EIO',
  });
  insert(old, 'print_jobs', { kind: 'drawer_kick', id: 'expired', created_at: AT, expires_at: AT });
  old.prepare("UPDATE print_jobs SET status = 'expired' WHERE id = 'expired'").run();
  const before = rows(old, 'print_jobs');
  old.close();
  const db = openDatabase(m.path, { migrations: loadMigrations('till').slice(0, VERSION) });
  m.db = db;
  return { db, before };
}

describe('migration print_uncertain: uncertain print jobs', () => {
  it('keeps every job as it was, with its seq, and the same columns, indexes and triggers', () => {
    const { db, before } = migratedWithJobs();
    expect(userVersion(db)).toBe(VERSION);
    expect(rows(db, 'print_jobs')).toEqual(before);
    expect(columnNames(db, 'print_jobs')).toHaveLength(12);
    expect(schemaObjects(db, 'index')).toEqual(
      expect.arrayContaining(['print_jobs_queue', 'print_jobs_ticket']),
    );
    expect(schemaObjects(db, 'trigger')).toEqual(
      expect.arrayContaining(['print_jobs_frozen', 'print_jobs_done', 'print_jobs_no_delete']),
    );
    // A new job comes after the old ones.
    insert(db, 'print_jobs', { kind: 'receipt', ticket_number: 1, id: 'new', created_at: AT });
    expect((rows(db, 'print_jobs', 'seq') as { id: string }[]).map((r) => r.id)).toEqual([
      'printed',
      'queued',
      'expired',
      'new',
    ]);
  });

  it('lets a queued job become uncertain, never to return to the queue', () => {
    const { db } = migratedWithJobs();
    db.prepare("UPDATE print_jobs SET status = 'uncertain' WHERE id = 'queued'").run();
    expect(
      refusal(() => db.prepare("UPDATE print_jobs SET status = 'queued' WHERE id = 'queued'").run())
        .code,
    ).toBe(TRIGGER);
    expect(
      refusal(() =>
        insert(db, 'print_jobs', {
          kind: 'receipt',
          ticket_number: 1,
          id: 'x',
          status: 'lost',
          created_at: AT,
        }),
      ).code,
    ).toBe(CHECK);
    // The old rules hold: a queued job is never deleted, what a job prints never changes.
    insert(db, 'print_jobs', { kind: 'receipt', ticket_number: 1, id: 'q2', created_at: AT });
    expect(refusal(() => db.prepare("DELETE FROM print_jobs WHERE id = 'q2'").run()).code).toBe(
      TRIGGER,
    );
    expect(
      refusal(() => db.prepare("UPDATE print_jobs SET duplicate = 1 WHERE id = 'q2'").run()).code,
    ).toBe(TRIGGER);
    expect(
      refusal(() => db.prepare("UPDATE print_jobs SET status = 'printed' WHERE id = 'q2'").run())
        .code,
    ).toBe(CHECK);
  });
});
