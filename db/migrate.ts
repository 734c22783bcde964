import type Database from 'better-sqlite3';
import { TillError } from '../domain/errors';
import type { Migration } from '../migrations/loader';

export { loadMigrations, type Migration } from '../migrations/loader';

export function schemaVersion(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true });
  return typeof version === 'number' ? version : 0;
}

/** A till never opens a database written by a newer version of itself: it would misread it. */
export function assertNotTooNew(db: Database.Database, migrations: Migration[]): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new TillError(
      'db.too_new',
      `This database has schema version ${current}, newer than this till knows (${latest}): update the till software.`,
      { current, latest },
    );
  }
  return current;
}

/**
 * Applies each pending migration in its own transaction and records it, both in a table (name
 * and time, for people) and in user_version (one integer, read before anything else).
 */
export function migrate(db: Database.Database, migrations: Migration[]): number[] {
  const current = assertNotTooNew(db, migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return applied;
}
