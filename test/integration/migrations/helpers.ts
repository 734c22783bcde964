import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type Db } from '../../../db/open';
import { loadMigrations } from '../../../db/migrate';
import { hashPin } from '../../../main/till/pin';

/** The till's newest schema version. */
export const LATEST = loadMigrations('till').length;

export interface MigratedDb {
  dir: string;
  path: string;
  db: Db;
  close(): void;
}

/** The path of a till database file, not created yet, in a new folder of its own. */
function newDbPath(prefix: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, path: join(dir, 'till.db') };
}

/**
 * Before each test of the calling file, a new folder and the path of a till database in it, not
 * created yet, handed to `use`; the folder is removed after the test.
 */
export function freshDbPathEachTest(use: (path: string) => void, prefix = 'emm-runner-'): void {
  let dir: string | undefined;
  beforeEach(() => {
    const fresh = newDbPath(prefix);
    dir = fresh.dir;
    use(fresh.path);
  });
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
}

/** A fresh SQLite file in its own folder, opened by the till with migrations 1..version only. */
export function migratedTo(version: number): MigratedDb {
  const { dir, path } = newDbPath('emm-migration-');
  const db = openDatabase(path, { migrations: loadMigrations('till').slice(0, version) });
  return {
    dir,
    path,
    db,
    close() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Before each test of the calling file, a fresh database migrated to `version` (read at each test
 * when a function), handed to `use` to keep and fill; it is closed and removed after the test.
 */
export function freshDbEachTest(version: number | (() => number), use: (db: Db) => void): void {
  let m: MigratedDb | undefined;
  beforeEach(() => {
    m = migratedTo(typeof version === 'number' ? version : version());
    use(m.db);
  });
  afterEach(() => m?.close());
}

export interface TableInfo {
  name: string;
  type: string;
  /** STRICT table. */
  strict: boolean;
  /** WITHOUT ROWID table. */
  withoutRowid: boolean;
}

/** The user's tables and virtual tables of the main schema (no sqlite_ or FTS shadow tables). */
export function tables(db: Db): Map<string, TableInfo> {
  const rows = db.pragma('table_list') as {
    schema: string;
    name: string;
    type: string;
    wr: number;
    strict: number;
  }[];
  return new Map(
    rows
      .filter(
        (row) =>
          row.schema === 'main' &&
          (row.type === 'table' || row.type === 'virtual') &&
          !row.name.startsWith('sqlite_'),
      )
      .map((row) => [
        row.name,
        { name: row.name, type: row.type, strict: row.strict === 1, withoutRowid: row.wr === 1 },
      ]),
  );
}

export function columnNames(db: Db, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((column) => column.name);
}

export function schemaObjects(db: Db, type: 'index' | 'trigger'): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all(type) as string[]
  ).sort();
}

export function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** INSERT INTO table (keys) VALUES (values of row). */
export function insert(db: Db, table: string, row: Record<string, unknown>): Database.RunResult {
  const keys = Object.keys(row);
  return db
    .prepare(
      `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map((key) => `@${key}`).join(', ')})`,
    )
    .run(row);
}

export interface Refusal {
  code: string;
  message: string;
}

/** Runs work, which SQLite must refuse: returns the refusal's code and message. */
export function refusal(work: () => unknown): Refusal {
  try {
    work();
  } catch (error) {
    if (error instanceof Database.SqliteError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('SQLite accepted a statement it should have refused');
}

export const CHECK = 'SQLITE_CONSTRAINT_CHECK';
export const FOREIGN_KEY = 'SQLITE_CONSTRAINT_FOREIGNKEY';
export const UNIQUE = 'SQLITE_CONSTRAINT_UNIQUE';
export const PRIMARY_KEY = 'SQLITE_CONSTRAINT_PRIMARYKEY';
export const NOT_NULL = 'SQLITE_CONSTRAINT_NOTNULL';
export const DATATYPE = 'SQLITE_CONSTRAINT_DATATYPE';
/** RAISE(ABORT, ...) in a trigger. */
export const TRIGGER = 'SQLITE_CONSTRAINT_TRIGGER';

export const AT = '2026-01-01T00:00:00.000Z';

/** The rows a table holds, in rowid order (to show that a refused statement changed nothing). */
export function rows(db: Db, table: string, order = 'rowid'): unknown[] {
  return db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all();
}

/** A cashier (user 1, Camille) and an open session s1: what most older rows point at. */
export function insertCashierAndSession(db: Db): void {
  insert(db, 'users', {
    id: 1,
    name: 'Camille',
    role: 'cashier',
    pin_hash: hashPin('1234'),
    created_at: AT,
  });
  insert(db, 'sessions', {
    id: 's1',
    status: 'open',
    opened_at: AT,
    opened_by: 1,
    opening_float: 0,
    opening_counts: '{}',
  });
}
