import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import {
  AT,
  CHECK,
  FOREIGN_KEY,
  NOT_NULL,
  TRIGGER,
  UNIQUE,
  columnNames,
  freshDbEachTest,
  insert,
  insertCashierAndSession,
  refusal,
  rows,
  schemaObjects,
  tables,
  userVersion,
} from './helpers';

let db: Db;

freshDbEachTest(5, (fresh) => {
  db = fresh;
  insertCashierAndSession(db);
  // Tickets 1 and 2, as paid tickets are (the queue only refers to their numbers).
  for (const number of [1, 2]) {
    insert(db, 'tickets', {
      id: `t${number}`,
      session_id: 's1',
      kind: 'sale',
      status: 'draft',
      cashier_id: 1,
      created_at: AT,
      updated_at: AT,
    });
    db.prepare(
      `UPDATE tickets SET status = 'paid', number = ?, closed_at = ?, closed_by = 1, total = 0,
         journal_seq = ? WHERE id = ?`,
    ).run(number, AT, number, `t${number}`);
  }
});

const job = (overrides: Record<string, unknown> = {}) => ({
  id: '0195a000-0000-4000-8000-000000000001',
  kind: 'receipt',
  ticket_number: 1,
  created_at: AT,
  ...overrides,
});

type JobRow = { seq: number; id: string; status: string; attempts: number };

function refusedWithoutChange(work: () => unknown, code: string, message?: string): void {
  const before = rows(db, 'print_jobs');
  const refused = refusal(work);
  expect(refused.code).toBe(code);
  if (message) expect(refused.message).toBe(message);
  expect(rows(db, 'print_jobs')).toEqual(before);
}

const FROZEN = 'a print job is never rewritten';
const DONE = 'a print job that left the queue never returns';

describe('migration 0005: the print queue', () => {
  it('adds the print_jobs table, its indexes and triggers', () => {
    expect(userVersion(db)).toBe(5);
    expect(tables(db).get('print_jobs')?.strict).toBe(true);
    expect(columnNames(db, 'print_jobs')).toEqual([
      'seq',
      'id',
      'kind',
      'ticket_number',
      'document',
      'duplicate',
      'status',
      'attempts',
      'last_error',
      'created_at',
      'expires_at',
      'printed_at',
    ]);
    expect(schemaObjects(db, 'index')).toEqual(
      expect.arrayContaining(['print_jobs_queue', 'print_jobs_ticket']),
    );
    expect(schemaObjects(db, 'trigger')).toEqual(
      expect.arrayContaining(['print_jobs_frozen', 'print_jobs_done', 'print_jobs_no_delete']),
    );
  });

  it('queues a job with no attempt yet, in order', () => {
    insert(db, 'print_jobs', job());
    insert(
      db,
      'print_jobs',
      job({ id: 'j2', kind: 'report', ticket_number: null, document: '{}' }),
    );
    insert(db, 'print_jobs', job({ id: 'j3', kind: 'drawer_kick', ticket_number: null }));
    const all = rows(db, 'print_jobs', 'seq') as JobRow[];
    expect(all.map((row) => [row.seq, row.id])).toEqual([
      [1, job().id],
      [2, 'j2'],
      [3, 'j3'],
    ]);
    expect(all[0]).toMatchObject({
      status: 'queued',
      attempts: 0,
      duplicate: 0,
      last_error: null,
      printed_at: null,
      expires_at: null,
    });
  });

  it('refuses a bad job', () => {
    insert(db, 'print_jobs', job());
    refusedWithoutChange(() => insert(db, 'print_jobs', job()), UNIQUE);
    refusedWithoutChange(() => insert(db, 'print_jobs', job({ id: '' })), CHECK);
    refusedWithoutChange(() => insert(db, 'print_jobs', job({ id: 'x', kind: 'fax' })), CHECK);
    // A receipt needs a ticket, and a ticket that exists.
    refusedWithoutChange(
      () => insert(db, 'print_jobs', job({ id: 'x', ticket_number: null })),
      CHECK,
    );
    refusedWithoutChange(
      () => insert(db, 'print_jobs', job({ id: 'x', ticket_number: 99 })),
      FOREIGN_KEY,
    );
    // A report needs its document, as JSON.
    refusedWithoutChange(
      () => insert(db, 'print_jobs', job({ id: 'x', kind: 'report', ticket_number: null })),
      CHECK,
    );
    refusedWithoutChange(
      () => insert(db, 'print_jobs', job({ id: 'x', kind: 'report', document: 'TOTAL 12' })),
      CHECK,
    );
    refusedWithoutChange(() => insert(db, 'print_jobs', job({ id: 'x', duplicate: 2 })), CHECK);
    refusedWithoutChange(() => insert(db, 'print_jobs', job({ id: 'x', attempts: -1 })), CHECK);
    refusedWithoutChange(() => insert(db, 'print_jobs', job({ id: 'x', status: 'lost' })), CHECK);
    refusedWithoutChange(
      () => insert(db, 'print_jobs', job({ id: 'x', created_at: null })),
      NOT_NULL,
    );
    // Printed means a print time, and a print time means printed.
    refusedWithoutChange(
      () => insert(db, 'print_jobs', job({ id: 'x', status: 'printed' })),
      CHECK,
    );
    refusedWithoutChange(() => insert(db, 'print_jobs', job({ id: 'x', printed_at: AT })), CHECK);
  });

  it('lets a queued job collect attempts, then leave the queue once', () => {
    insert(db, 'print_jobs', job());
    db.prepare("UPDATE print_jobs SET attempts = attempts + 1, last_error = 'EIO'").run();
    db.prepare("UPDATE print_jobs SET status = 'printed', printed_at = ?").run(AT);
    expect(rows(db, 'print_jobs')).toEqual([
      expect.objectContaining({ status: 'printed', attempts: 1, printed_at: AT }),
    ]);
    for (const sql of [
      "UPDATE print_jobs SET status = 'queued', printed_at = NULL",
      "UPDATE print_jobs SET status = 'failed', printed_at = NULL",
      "UPDATE print_jobs SET printed_at = '2030-01-01T00:00:00.000Z'",
    ]) {
      refusedWithoutChange(() => db.prepare(sql).run(), TRIGGER, DONE);
    }
    insert(db, 'print_jobs', job({ id: 'j2' }));
    db.prepare("UPDATE print_jobs SET status = 'failed', last_error = 'bad' WHERE id = 'j2'").run();
    refusedWithoutChange(
      () => db.prepare("UPDATE print_jobs SET status = 'queued' WHERE id = 'j2'").run(),
      TRIGGER,
      DONE,
    );
  });

  it('never rewrites what a job prints', () => {
    insert(db, 'print_jobs', job({ document: '{"total":129}' }));
    for (const sql of [
      'UPDATE print_jobs SET document = \'{"total":1}\'',
      'UPDATE print_jobs SET ticket_number = 2',
      'UPDATE print_jobs SET duplicate = 1',
      "UPDATE print_jobs SET kind = 'report'",
      "UPDATE print_jobs SET id = 'other'",
      'UPDATE print_jobs SET seq = 7',
      "UPDATE print_jobs SET created_at = '2030-01-01'",
      "UPDATE print_jobs SET expires_at = '2030-01-01'",
    ]) {
      refusedWithoutChange(() => db.prepare(sql).run(), TRIGGER, FROZEN);
    }
  });

  it('never deletes a queued job, not even by INSERT OR REPLACE; a finished one may go', () => {
    insert(db, 'print_jobs', job());
    insert(db, 'print_jobs', job({ id: 'j2', ticket_number: 2 }));
    refusedWithoutChange(
      () => db.prepare('DELETE FROM print_jobs').run(),
      TRIGGER,
      'a queued print job is never deleted',
    );
    refusedWithoutChange(
      () =>
        db
          .prepare(
            `INSERT OR REPLACE INTO print_jobs (id, kind, ticket_number, created_at)
             VALUES (?, 'receipt', 2, ?)`,
          )
          .run(job().id, AT),
      TRIGGER,
    );
    db.prepare("UPDATE print_jobs SET status = 'printed', printed_at = ? WHERE id = 'j2'").run(AT);
    db.prepare("DELETE FROM print_jobs WHERE status <> 'queued'").run();
    expect((rows(db, 'print_jobs') as JobRow[]).map((row) => row.id)).toEqual([job().id]);
  });
});
