import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open';
import { loadMigrations, migrate, schemaVersion, type Migration } from '../../../db/migrate';
import { TillError } from '../../../domain/errors';
import { LATEST, freshDbPathEachTest, tables, userVersion } from './helpers';

let path: string;
freshDbPathEachTest((fresh) => {
  path = fresh;
});

const TILL = loadMigrations('till');
/** 1, 2, ... LATEST: the tests hold whatever migrations are added later. */
const ALL = TILL.map((migration) => migration.version);
const NEXT = LATEST + 1;

interface Recorded {
  version: number;
  name: string;
  applied_at: string;
}

const recorded = (db: Database.Database) =>
  db
    .prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')
    .all() as Recorded[];

/** Opens the file as a plain SQLite connection, with none of the till's pragmas or migrations. */
function plain<T>(read: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const fileHash = () => createHash('sha256').update(readFileSync(path)).digest('hex');

const broken = (version: number): Migration => ({
  version,
  name: 'broken',
  sql: `CREATE TABLE widgets (id INTEGER PRIMARY KEY) STRICT;
        INSERT INTO widgets (id) VALUES (1);
        ALTER TABLE products ADD COLUMN colour TEXT;
        CREATE INDEX products_name ON products (name);
        INSERT INTO no_such_table (x) VALUES (1);`,
});

describe('the migration runner', () => {
  it('reads the till migrations in order, numbered from 1 with no gap', () => {
    expect(TILL.slice(0, 4).map((migration) => [migration.version, migration.name])).toEqual([
      [1, 'catalog'],
      [2, 'users_settings'],
      [3, 'sales'],
      [4, 'journal_outbox'],
    ]);
    expect(ALL).toEqual(Array.from({ length: LATEST }, (_, index) => index + 1));
    for (const migration of TILL) expect(migration.sql.length).toBeGreaterThan(0);
  });

  it('applies every migration in order and records each one', () => {
    const db = new Database(path);
    const before = new Date().toISOString();
    expect(migrate(db, TILL)).toEqual(ALL);
    const after = new Date().toISOString();
    const applied = recorded(db);
    expect(applied.map((row) => [row.version, row.name])).toEqual(
      TILL.map((migration) => [migration.version, migration.name]),
    );
    for (const row of applied) {
      expect(row.applied_at >= before && row.applied_at <= after, row.applied_at).toBe(true);
      expect(new Date(row.applied_at).toISOString()).toBe(row.applied_at);
    }
    expect(applied.map((row) => row.applied_at)).toEqual(
      applied.map((row) => row.applied_at).sort(),
    );
    expect(schemaVersion(db)).toBe(LATEST);
    expect(userVersion(db)).toBe(LATEST);
    db.close();
  });

  it('opens a new file with the durable pragmas and the whole schema', () => {
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(userVersion(db)).toBe(LATEST);
    expect([...tables(db).keys()]).toEqual(
      expect.arrayContaining(['products', 'users', 'tickets', 'journal', 'outbox']),
    );
    db.close();
  });

  it('is idempotent: reopening applies nothing and keeps the data', () => {
    const first = openDatabase(path);
    first
      .prepare("INSERT INTO tax_rates (id, name, rate_bp, updated_at) VALUES (1, '6 %', 600, 'x')")
      .run();
    const applied = recorded(first);
    first.close();

    const second = openDatabase(path);
    expect(recorded(second)).toEqual(applied);
    expect(userVersion(second)).toBe(LATEST);
    expect(migrate(second, TILL)).toEqual([]);
    expect(second.prepare('SELECT count(*) FROM tax_rates').pluck().get()).toBe(1);
    second.close();
    expect(plain(recorded)).toEqual(applied);
  });

  it('brings an older database up to date, applying only what it lacks', () => {
    const old = openDatabase(path, { migrations: TILL.slice(0, 2) });
    expect(userVersion(old)).toBe(2);
    expect(tables(old).has('tickets')).toBe(false);
    old.prepare("INSERT INTO settings (key, value) VALUES ('till.name', '\"Till 7\"')").run();
    const firstTwo = recorded(old);
    old.close();

    const db = new Database(path);
    expect(migrate(db, TILL)).toEqual(ALL.slice(2));
    expect(recorded(db).slice(0, 2)).toEqual(firstTwo);
    expect(recorded(db).map((row) => row.version)).toEqual(ALL);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'till.name'").pluck().get()).toBe(
      '"Till 7"',
    );
    db.close();
  });

  it('rolls a failing migration back entirely and keeps the ones before it', () => {
    openDatabase(path).close();
    const schemaBefore = plain((db) =>
      db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all(),
    );

    expect(() => openDatabase(path, { migrations: [...TILL, broken(NEXT)] })).toThrow(
      /no such table: no_such_table/,
    );
    plain((db) => {
      expect(userVersion(db)).toBe(LATEST);
      expect(recorded(db).map((row) => row.version)).toEqual(ALL);
      expect(tables(db).has('widgets')).toBe(false);
      expect(
        (db.pragma('table_info(products)') as { name: string }[]).map((column) => column.name),
      ).not.toContain('colour');
      expect(db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(
        schemaBefore,
      );
    });
    // Once fixed, the migration applies.
    const fixed = { ...broken(NEXT), sql: 'CREATE TABLE widgets (id INTEGER PRIMARY KEY) STRICT;' };
    const db = openDatabase(path, { migrations: [...TILL, fixed] });
    expect(userVersion(db)).toBe(NEXT);
    db.close();
  });

  it('stops at a failing migration on a fresh file: the earlier ones stay, none after it runs', () => {
    const after: Migration = {
      version: 3,
      name: 'after',
      sql: 'CREATE TABLE after_it (x INTEGER);',
    };
    expect(() =>
      openDatabase(path, { migrations: [TILL[0] as Migration, broken(2), after] }),
    ).toThrow(/no_such_table/);
    plain((db) => {
      expect(userVersion(db)).toBe(1);
      expect(recorded(db).map((row) => row.version)).toEqual([1]);
      const names = tables(db);
      expect(names.has('products')).toBe(true);
      expect(names.has('widgets')).toBe(false);
      expect(names.has('after_it')).toBe(false);
    });
  });

  describe('a database newer than the till', () => {
    const future: Migration = {
      version: NEXT,
      name: 'future',
      sql: 'CREATE TABLE loyalty_points (member_id INTEGER, points INTEGER) STRICT;',
    };

    beforeEach(() => {
      // Written by a newer till, with one more migration than this one knows.
      const db = openDatabase(path, { migrations: [...TILL, future] });
      db.prepare("INSERT INTO settings (key, value) VALUES ('till.name', '\"Till 9\"')").run();
      db.close();
    });

    it('is refused with db.too_new, in words, and left untouched', () => {
      const hash = fileHash();
      const applied = plain(recorded);
      let error: unknown;
      try {
        openDatabase(path).close();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TillError);
      const tillError = error as TillError;
      expect(tillError.code).toBe('db.too_new');
      expect(tillError.details).toEqual({ current: NEXT, latest: LATEST });
      expect(tillError.message).toMatch(/newer/);
      expect(tillError.message).toMatch(/update the till/);
      expect(fileHash()).toBe(hash);
      expect(existsSync(`${path}-wal`)).toBe(false);
      plain((db) => {
        expect(userVersion(db)).toBe(NEXT);
        expect(recorded(db)).toEqual(applied);
        expect(tables(db).has('loyalty_points')).toBe(true);
      });
    });

    it('is refused by migrate() itself before it writes anything', () => {
      const db = new Database(path);
      expect(() => migrate(db, TILL)).toThrow(TillError);
      expect(userVersion(db)).toBe(NEXT);
      db.close();
      expect(plain(recorded).map((row) => row.version)).toEqual([...ALL, NEXT]);
    });

    it('is refused when opened read-only too', () => {
      let error: unknown;
      try {
        openDatabase(path, { readonly: true }).close();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TillError);
      expect((error as TillError).code).toBe('db.too_new');
    });
  });
});
