import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { TillError } from '../domain/errors';
import { assertNotTooNew, migrate, schemaVersion, type Migration, loadMigrations } from './migrate';
import { closeUpIfThere, makePrivateFile, makePrivateFolder } from './private-files';

export type Db = Database.Database;

export interface OpenOptions {
  /** Migrations to apply; the till's own by default. */
  migrations?: Migration[];
  /**
   * For checks and reports on a copied or write-protected database: nothing is written, not even
   * the switch to WAL or a migration; a database older than the code is read as it is.
   */
  readonly?: boolean;
}

/**
 * Opens the till's database with the pragmas that make a paid sale durable (WAL,
 * synchronous=FULL) and brings its schema up to date. Refuses a database newer than the code,
 * and a database that some other program made.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly ?? false;
  if (!readonly && path !== ':memory:') {
    makePrivateFolder(dirname(path));
    makePrivateFile(path);
  }
  const db = new Database(path, { readonly, fileMustExist: readonly });
  try {
    assertTillDatabase(db, path, readonly);
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // SQLite gives them the database's own mode; an older till's are closed up here.
      closeUpIfThere(`${path}-wal`);
      closeUpIfThere(`${path}-shm`);
    }
    db.pragma('foreign_keys = ON');
    // Without it, INSERT OR REPLACE deletes rows without firing the append-only triggers.
    db.pragma('recursive_triggers = ON');
    db.pragma('busy_timeout = 5000');
    const migrations = options.migrations ?? loadMigrations('till');
    if (readonly) assertNotTooNew(db, migrations);
    else migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A till never migrates, nor reads, a database another program made (it has no version). */
function assertTillDatabase(db: Db, path: string, readonly: boolean): void {
  if (schemaVersion(db) > 0) return;
  const objects = db.prepare<[], number>('SELECT count(*) FROM sqlite_schema').pluck().get() ?? 0;
  if (objects > 0 || readonly) {
    throw new TillError(
      'db.not_a_till',
      `${path} is not a till database${objects > 0 ? ' (it holds tables of another program)' : ' (it is empty)'}`,
      { path },
    );
  }
}
