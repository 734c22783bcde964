import Database from 'better-sqlite3';
import { assertNotTooNew, migrate, type Migration, loadMigrations } from './migrate';

export type Db = Database.Database;

export interface OpenOptions {
  /** Migrations to apply; the till's own by default. */
  migrations?: Migration[];
  readonly?: boolean;
}

/**
 * Opens the till's database with the pragmas that make a paid sale durable (WAL,
 * synchronous=FULL) and brings its schema up to date. Refuses a database newer than the code.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const db = new Database(path, { readonly: options.readonly ?? false });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Without it, INSERT OR REPLACE deletes rows without firing the append-only triggers.
    db.pragma('recursive_triggers = ON');
    db.pragma('busy_timeout = 5000');
    const migrations = options.migrations ?? loadMigrations('till');
    if (options.readonly) assertNotTooNew(db, migrations);
    else migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
