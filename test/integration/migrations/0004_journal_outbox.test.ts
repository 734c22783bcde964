import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import {
  AT,
  CHECK,
  TRIGGER,
  UNIQUE,
  columnNames,
  freshDbEachTest,
  insert,
  refusal,
  rows,
  schemaObjects,
  tables,
  userVersion,
} from './helpers';

let db: Db;
const GENESIS = '0'.repeat(64);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

freshDbEachTest(4, (fresh) => {
  db = fresh;
});

/** A journal row (a type, not an interface, so that it passes as a row of named values). */
type Entry = {
  seq: number;
  doc_type: string;
  doc_id: string;
  payload: string;
  prev_hash: string;
  hash: string;
  created_at: string;
};

/** The entry that correctly follows the journal's last one. */
function next(payload = '{"total":129}'): Entry {
  const last = db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  const prevHash = last?.hash ?? GENESIS;
  return {
    seq: (last?.seq ?? 0) + 1,
    doc_type: 'sale',
    doc_id: `t${(last?.seq ?? 0) + 1}`,
    payload,
    prev_hash: prevHash,
    hash: sha256(prevHash + payload),
    created_at: AT,
  };
}

const append = (payload?: string) => insert(db, 'journal', next(payload));

function refusedWithoutChange(work: () => unknown, code: string, message?: string): void {
  const before = { journal: rows(db, 'journal'), outbox: rows(db, 'outbox') };
  const refused = refusal(work);
  expect(refused.code).toBe(code);
  if (message) expect(refused.message).toBe(message);
  expect({ journal: rows(db, 'journal'), outbox: rows(db, 'outbox') }).toEqual(before);
}

const FOLLOW = 'journal entries must follow the last one';
const APPEND_ONLY = 'the journal is append-only';

describe('migration 0004: the journal', () => {
  it('adds the journal and the outbox', () => {
    expect(userVersion(db)).toBe(4);
    const all = tables(db);
    expect(all.get('journal')?.strict).toBe(true);
    expect(all.get('outbox')?.strict).toBe(true);
    expect(columnNames(db, 'journal')).toEqual([
      'seq',
      'doc_type',
      'doc_id',
      'payload',
      'prev_hash',
      'hash',
      'created_at',
    ]);
    expect(columnNames(db, 'outbox')).toEqual([
      'id',
      'seq',
      'type',
      'payload',
      'created_at',
      'status',
      'attempts',
      'last_error',
      'sent_at',
    ]);
    expect(schemaObjects(db, 'trigger')).toEqual(
      expect.arrayContaining([
        'journal_gapless',
        'journal_no_update',
        'journal_no_delete',
        'outbox_payload_frozen',
        'outbox_no_delete',
      ]),
    );
    expect(schemaObjects(db, 'index')).toEqual(
      expect.arrayContaining(['journal_doc', 'outbox_pending']),
    );
  });

  it('starts at seq 1 after the genesis hash, then links each entry to the last', () => {
    append('{"n":1}');
    append('{"n":2}');
    append('{"n":3}');
    const entries = rows(db, 'journal', 'seq') as Entry[];
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prev_hash).toBe(GENESIS);
    expect(entries[1]?.prev_hash).toBe(entries[0]?.hash);
    expect(entries[2]?.prev_hash).toBe(entries[1]?.hash);
  });

  it('refuses a first entry that is not seq 1 after the genesis hash', () => {
    refusedWithoutChange(() => insert(db, 'journal', { ...next(), seq: 2 }), TRIGGER, FOLLOW);
    refusedWithoutChange(
      () => insert(db, 'journal', { ...next(), prev_hash: 'f'.repeat(64) }),
      TRIGGER,
      FOLLOW,
    );
    // Omitting seq does not let SQLite pick one.
    const withoutSeq: Partial<Entry> = next();
    delete withoutSeq.seq;
    refusedWithoutChange(() => insert(db, 'journal', withoutSeq), TRIGGER, FOLLOW);
  });

  it('refuses a wrong seq: a gap, a repeat, going back', () => {
    append();
    append();
    const good = next();
    refusedWithoutChange(() => insert(db, 'journal', { ...good, seq: 4 }), TRIGGER, FOLLOW);
    refusedWithoutChange(() => insert(db, 'journal', { ...good, seq: 2 }), TRIGGER, FOLLOW);
    refusedWithoutChange(() => insert(db, 'journal', { ...good, seq: 1 }), TRIGGER, FOLLOW);
    refusedWithoutChange(() => insert(db, 'journal', { ...good, seq: 0 }), TRIGGER, FOLLOW);
    insert(db, 'journal', good);
  });

  it('refuses a prev_hash that is not the last entry’s hash', () => {
    append();
    append();
    const good = next();
    const first = (rows(db, 'journal', 'seq')[0] as Entry).hash;
    for (const prevHash of [GENESIS, first, 'f'.repeat(64), good.prev_hash.toUpperCase()]) {
      refusedWithoutChange(
        () => insert(db, 'journal', { ...good, prev_hash: prevHash }),
        TRIGGER,
        FOLLOW,
      );
    }
    insert(db, 'journal', good);
  });

  it('refuses a payload that is not JSON and hashes of the wrong length or repeated', () => {
    append();
    refusedWithoutChange(() => insert(db, 'journal', next('total: 129')), CHECK);
    refusedWithoutChange(() => insert(db, 'journal', { ...next(), hash: 'abc' }), CHECK);
    const repeated = (rows(db, 'journal')[0] as Entry).hash;
    refusedWithoutChange(() => insert(db, 'journal', { ...next(), hash: repeated }), UNIQUE);
  });

  it('refuses any update or delete', () => {
    append('{"total":129}');
    append('{"total":450}');
    for (const sql of [
      'UPDATE journal SET payload = \'{"total":1}\' WHERE seq = 1',
      "UPDATE journal SET hash = 'f' || substr(hash, 2) WHERE seq = 2",
      'UPDATE journal SET prev_hash = prev_hash WHERE seq = 1',
      'UPDATE journal SET seq = seq + 10',
      "UPDATE journal SET doc_type = 'refund'",
    ]) {
      refusedWithoutChange(() => db.prepare(sql).run(), TRIGGER, APPEND_ONLY);
    }
    refusedWithoutChange(
      () => db.prepare('DELETE FROM journal WHERE seq = 2').run(),
      TRIGGER,
      APPEND_ONLY,
    );
    refusedWithoutChange(() => db.prepare('DELETE FROM journal').run(), TRIGGER, APPEND_ONLY);
  });

  it('does not let INSERT OR REPLACE remove an entry', () => {
    append('{"n":1}');
    append('{"n":2}');
    const first = rows(db, 'journal', 'seq')[0] as Entry;
    // The next entry, correctly linked, but carrying entry 1's hash: REPLACE would delete entry 1.
    refusedWithoutChange(
      () =>
        db
          .prepare(
            `INSERT OR REPLACE INTO journal (seq, doc_type, doc_id, payload, prev_hash, hash, created_at)
             VALUES (@seq, @doc_type, @doc_id, @payload, @prev_hash, @hash, @created_at)`,
          )
          .run({ ...next('{"n":3}'), hash: first.hash }),
      TRIGGER,
    );
  });
});

describe('migration 0004: the outbox', () => {
  const event = (overrides: Record<string, unknown> = {}) => ({
    id: '018f0000-0000-7000-8000-000000000001',
    seq: 1,
    type: 'sale',
    payload: '{"journalSeq":1}',
    created_at: AT,
    ...overrides,
  });

  it('queues an event as pending, with no attempt yet', () => {
    insert(db, 'outbox', event());
    expect(rows(db, 'outbox')).toEqual([
      {
        ...event(),
        status: 'pending',
        attempts: 0,
        last_error: null,
        sent_at: null,
      },
    ]);
  });

  it('refuses a bad event', () => {
    insert(db, 'outbox', event());
    refusedWithoutChange(() => insert(db, 'outbox', event({ id: 'other' })), UNIQUE); // seq
    refusedWithoutChange(
      () => insert(db, 'outbox', event({ seq: 2 })),
      'SQLITE_CONSTRAINT_PRIMARYKEY',
    );
    refusedWithoutChange(() => insert(db, 'outbox', event({ id: 'x', seq: 0 })), CHECK);
    refusedWithoutChange(
      () => insert(db, 'outbox', event({ id: 'x', seq: 2, payload: '<xml/>' })),
      CHECK,
    );
    refusedWithoutChange(
      () => insert(db, 'outbox', event({ id: 'x', seq: 2, status: 'lost' })),
      CHECK,
    );
  });

  it('never rewrites an event, but its delivery status can change', () => {
    insert(db, 'outbox', event());
    const frozen = 'an outbox event is never rewritten';
    for (const sql of [
      `UPDATE outbox SET payload = '{"journalSeq":2}'`,
      "UPDATE outbox SET type = 'refund'",
      'UPDATE outbox SET seq = 5',
      "UPDATE outbox SET id = 'other'",
      "UPDATE outbox SET created_at = '2030-01-01'",
      `UPDATE outbox SET status = 'sent', payload = '{}'`,
    ]) {
      refusedWithoutChange(() => db.prepare(sql).run(), TRIGGER, frozen);
    }
    db.prepare("UPDATE outbox SET attempts = attempts + 1, last_error = 'ECONNREFUSED'").run();
    db.prepare("UPDATE outbox SET status = 'rejected', last_error = '400: bad total'").run();
    db.prepare("UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL").run(AT);
    expect(rows(db, 'outbox')).toEqual([
      { ...event(), status: 'sent', attempts: 1, last_error: null, sent_at: AT },
    ]);
    refusedWithoutChange(() => db.prepare("UPDATE outbox SET status = 'gone'").run(), CHECK);
  });

  it('never deletes a pending event; a sent one may be pruned', () => {
    insert(db, 'outbox', event());
    insert(db, 'outbox', event({ id: 'e2', seq: 2 }));
    refusedWithoutChange(
      () => db.prepare('DELETE FROM outbox').run(),
      TRIGGER,
      'a pending outbox event is never deleted',
    );
    db.prepare("UPDATE outbox SET status = 'sent', sent_at = ? WHERE seq = 1").run(AT);
    db.prepare("DELETE FROM outbox WHERE status = 'sent'").run();
    expect((rows(db, 'outbox') as { seq: number }[]).map((row) => row.seq)).toEqual([2]);
  });

  it('does not let INSERT OR REPLACE rewrite a pending event', () => {
    insert(db, 'outbox', event());
    refusedWithoutChange(
      () =>
        db
          .prepare(
            `INSERT OR REPLACE INTO outbox (id, seq, type, payload, created_at)
             VALUES (@id, @seq, @type, @payload, @created_at)`,
          )
          .run(event({ payload: '{"journalSeq":99}' })),
      TRIGGER,
    );
  });
});
