import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { openDatabase } from '../../../db/open';
import { loadMigrations } from '../../../db/migrate';
import { hashPin } from '../../../main/till/pin';
import {
  AT,
  CHECK,
  FOREIGN_KEY,
  TRIGGER,
  columnNames,
  freshDbEachTest,
  insert,
  migratedTo,
  refusal,
  rows,
  schemaObjects,
  tables,
  userVersion,
} from './helpers';

let db: Db;
freshDbEachTest(9, (fresh) => {
  db = fresh;
  insert(db, 'users', {
    id: 1,
    name: 'Camille',
    role: 'cashier',
    pin_hash: hashPin('1234'),
    created_at: AT,
  });
});

const ZEROS = '0'.repeat(64);
const hashOf = (seq: number) => String(seq).padStart(64, 'a');
function journal(target: Db, seq: number): void {
  insert(target, 'journal', {
    seq,
    doc_type: 'sale',
    doc_id: `t${seq}`,
    payload: '{}',
    prev_hash: seq === 1 ? ZEROS : hashOf(seq - 1),
    hash: hashOf(seq),
    created_at: AT,
  });
}

describe('migration 0009: PIN failures, the journal anchor, ligatures in search', () => {
  it('adds its tables and triggers', () => {
    expect(userVersion(db)).toBe(9);
    expect(tables(db).get('pin_failures')?.strict).toBe(true);
    expect(tables(db).get('journal_anchor')?.strict).toBe(true);
    expect(columnNames(db, 'pin_failures')).toEqual(['user_id', 'failures', 'locked_until']);
    expect(columnNames(db, 'journal_anchor')).toEqual(['id', 'seq', 'hash']);
    expect(schemaObjects(db, 'trigger')).toEqual(
      expect.arrayContaining([
        'journal_anchor_follows',
        'journal_anchor_forward',
        'journal_anchor_no_delete',
      ]),
    );
  });

  it('counts PIN failures of known users only', () => {
    insert(db, 'pin_failures', { user_id: 1, failures: 2, locked_until: null });
    expect(refusal(() => insert(db, 'pin_failures', { user_id: 9, failures: 1 })).code).toBe(
      FOREIGN_KEY,
    );
    expect(refusal(() => db.prepare('UPDATE pin_failures SET failures = 0').run()).code).toBe(
      CHECK,
    );
  });

  it('keeps the last seq and hash of the journal, which only moves forward and is never deleted', () => {
    expect(rows(db, 'journal_anchor')).toEqual([{ id: 1, seq: 0, hash: ZEROS }]);
    journal(db, 1);
    journal(db, 2);
    expect(rows(db, 'journal_anchor')).toEqual([{ id: 1, seq: 2, hash: hashOf(2) }]);
    // Deleting the journal's tail does not reach the anchor.
    db.exec('DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq = 2');
    expect(rows(db, 'journal_anchor')).toEqual([{ id: 1, seq: 2, hash: hashOf(2) }]);
    for (const sql of [
      'DELETE FROM journal_anchor',
      'UPDATE journal_anchor SET seq = 1',
      "UPDATE journal_anchor SET hash = 'x'",
    ]) {
      const refused = refusal(() => db.prepare(sql).run());
      expect(refused.code).toBe(TRIGGER);
    }
    expect(refusal(() => insert(db, 'journal_anchor', { id: 2, seq: 0, hash: ZEROS })).code).toBe(
      CHECK,
    );
  });

  it('anchors an existing database at its last journal entry', () => {
    const old = migratedTo(8);
    try {
      insert(old.db, 'users', {
        id: 1,
        name: 'A',
        role: 'cashier',
        pin_hash: hashPin('1234'),
        created_at: AT,
      });
      journal(old.db, 1);
      journal(old.db, 2);
      const before = rows(old.db, 'journal');
      old.db.close();
      const migrated = openDatabase(old.path, { migrations: loadMigrations('till').slice(0, 9) });
      expect(rows(migrated, 'journal_anchor')).toEqual([{ id: 1, seq: 2, hash: hashOf(2) }]);
      expect(rows(migrated, 'journal')).toEqual(before);
      migrated.close();
    } finally {
      old.close();
    }
  });

  it('folds Œ and Æ in the search index, for existing products too', () => {
    const old = migratedTo(8);
    try {
      insert(old.db, 'tax_rates', { id: 1, name: '6 %', rate_bp: 600, updated_at: AT });
      insert(old.db, 'products', {
        id: 1,
        name: 'Œufs bio',
        tax_rate_id: 1,
        price: 320,
        unit: 'piece',
        updated_at: AT,
      });
      old.db.close();
      const migrated = openDatabase(old.path, { migrations: loadMigrations('till').slice(0, 9) });
      insert(migrated, 'products', {
        id: 2,
        name: 'Bœuf haché',
        tax_rate_id: 1,
        price: 900,
        unit: 'piece',
        updated_at: AT,
      });
      const match = (query: string) =>
        migrated
          .prepare('SELECT rowid FROM products_search WHERE products_search MATCH ? ORDER BY rowid')
          .pluck()
          .all(query);
      expect(match('oeufs')).toEqual([1]);
      expect(match('boeuf')).toEqual([2]);
      expect(rows(migrated, 'products').map((row) => (row as { name: string }).name)).toEqual([
        'Œufs bio',
        'Bœuf haché',
      ]);
      migrated.close();
    } finally {
      old.close();
    }
  });
});
