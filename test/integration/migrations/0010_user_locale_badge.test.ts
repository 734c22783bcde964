import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { openDatabase } from '../../../db/open';
import { loadMigrations } from '../../../db/migrate';
import { hashPin } from '../../../main/till/pin';
import {
  AT,
  CHECK,
  UNIQUE,
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
const VERSION =
  MIGRATIONS.find((migration) => migration.name === 'user_locale_badge')?.version ?? 0;

let db: Db;
freshDbEachTest(VERSION, (fresh) => {
  db = fresh;
});

const user = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: `User ${id}`,
  role: 'cashier',
  pin_hash: hashPin('1234'),
  created_at: AT,
  ...extra,
});

describe("migration user_locale_badge: a user's language and badge", () => {
  it('adds both columns and the index that keeps a badge to one user', () => {
    expect(userVersion(db)).toBe(VERSION);
    expect(columnNames(db, 'users')).toEqual([
      'id',
      'name',
      'role',
      'pin_hash',
      'active',
      'created_at',
      'locale',
      'badge',
    ]);
    expect(schemaObjects(db, 'index')).toContain('users_badge');
  });

  it('takes the three languages or none, and a badge no other user has', () => {
    insert(db, 'users', user(1, { locale: 'nl-BE', badge: '0410000000014' }));
    insert(db, 'users', user(2));
    insert(db, 'users', user(3, { locale: 'en' }));
    expect(refusal(() => insert(db, 'users', user(4, { locale: 'de-DE' }))).code).toBe(CHECK);
    expect(refusal(() => insert(db, 'users', user(5, { badge: '' }))).code).toBe(CHECK);
    expect(refusal(() => insert(db, 'users', user(6, { badge: '0410000000014' }))).code).toBe(
      UNIQUE,
    );
    expect(
      refusal(() => db.prepare("UPDATE users SET locale = 'fr' WHERE id = 2").run()).code,
    ).toBe(CHECK);
    expect(rows(db, 'users').map((row) => (row as { id: number }).id)).toEqual([1, 2, 3]);
  });

  it('keeps the users of an existing database, with no language and no badge', () => {
    const old = migratedTo(VERSION - 1);
    try {
      insert(old.db, 'users', user(1));
      old.db.close();
      const migrated = openDatabase(old.path, {
        migrations: MIGRATIONS.slice(0, VERSION),
      });
      expect(rows(migrated, 'users')).toMatchObject([
        { id: 1, name: 'User 1', active: 1, locale: null, badge: null },
      ]);
      migrated.close();
    } finally {
      old.close();
    }
  });
});
