import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { openDatabase } from '../../../db/open';
import { loadMigrations } from '../../../db/migrate';
import {
  AT,
  TRIGGER,
  columnNames,
  freshDbEachTest,
  insert,
  migratedTo,
  refusal,
  rows,
  schemaObjects,
  userVersion,
} from './helpers';

// Found by name: the lead renumbers the file at merge, the test follows it.
const MIGRATIONS = loadMigrations('till');
const VERSION = MIGRATIONS.find((migration) => migration.name === 'till_instance')?.version ?? 0;
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let db: Db;
freshDbEachTest(VERSION, (fresh) => {
  db = fresh;
});

const instanceOf = (of: Db) =>
  (of.prepare('SELECT instance FROM till_instance').pluck().get() as string | undefined) ?? '';

describe("migration till_instance: the till database's identity towards the server", () => {
  it('makes a random UUID for a new database, once, and never changes or drops it', () => {
    expect(userVersion(db)).toBe(VERSION);
    expect(columnNames(db, 'till_instance')).toEqual(['id', 'instance', 'created_at']);
    expect(schemaObjects(db, 'trigger')).toEqual(
      expect.arrayContaining(['till_instance_no_update', 'till_instance_no_delete']),
    );
    expect(instanceOf(db)).toMatch(V4);
    expect(refusal(() => db.prepare("UPDATE till_instance SET created_at = 'x'").run()).code).toBe(
      TRIGGER,
    );
    expect(refusal(() => db.prepare('DELETE FROM till_instance').run()).code).toBe(TRIGGER);
    expect(
      refusal(() =>
        insert(db, 'till_instance', { id: 2, instance: instanceOf(db), created_at: AT }),
      ).code,
    ).toMatch(/CONSTRAINT/);
  });

  it('makes another UUID for every new database', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const other = migratedTo(VERSION);
      try {
        seen.add(instanceOf(other.db));
      } finally {
        other.close();
      }
    }
    expect(seen.size).toBe(20);
    for (const instance of seen) expect(instance).toMatch(V4);
  });

  it('gives a database that already has events the nil UUID, under which the server holds them', () => {
    const old = migratedTo(VERSION - 1);
    try {
      insert(old.db, 'outbox', {
        id: '0190a0a0-0000-7000-8000-000000000001',
        seq: 1,
        type: 'session_open',
        payload: '{}',
        created_at: AT,
      });
      old.db.close();
      const migrated = openDatabase(old.path, { migrations: MIGRATIONS.slice(0, VERSION) });
      expect(rows(migrated, 'till_instance')).toMatchObject([
        { id: 1, instance: '00000000-0000-0000-0000-000000000000' },
      ]);
      migrated.close();
    } finally {
      old.close();
    }
  });
});
