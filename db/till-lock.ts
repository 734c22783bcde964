import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { makePrivateFile, makePrivateFolder } from './private-files';
import { TillError } from '../domain/errors';

export interface TillLock {
  /** The lock file beside the database. */
  path: string;
  release(): void;
}

/**
 * Holds a database for one till process: a small SQLite file beside it (`<db>-lock`) kept open in
 * exclusive locking mode with a write done, so that SQLite holds its lock on it until this process
 * closes it or dies. A crash never leaves the database locked: the system drops a dead process's
 * locks. A second till on the same database is refused, by name; readers of the database itself
 * (the command line's reports, device tests) are not concerned.
 */
export function acquireTillLock(dbPath: string): TillLock {
  const path = `${dbPath}-lock`;
  makePrivateFolder(dirname(path));
  makePrivateFile(path);
  const lock = new Database(path, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec(
      'CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since TEXT NOT NULL) STRICT',
    );
    lock.exec('BEGIN IMMEDIATE');
    lock.prepare('DELETE FROM holder').run();
    lock
      .prepare('INSERT INTO holder (pid, since) VALUES (?, ?)')
      .run(process.pid, new Date().toISOString());
    lock.exec('COMMIT');
  } catch (error) {
    lock.close();
    if (error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY')) {
      throw new TillError(
        'till.already_running',
        `Another till is running on ${dbPath} (it holds ${path}): stop it before starting this one`,
        { database: dbPath, lock: path },
      );
    }
    throw error;
  }
  return {
    path,
    release() {
      if (lock.open) lock.close();
    },
  };
}
