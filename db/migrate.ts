import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { TillError } from '../domain/errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads migrations/<kind>/NNNN_name.sql in order; numbers must run 1, 2, 3... with no gap. */
export function loadMigrations(kind: 'till' | 'server'): Migration[] {
  const folder = fileURLToPath(new URL(`../migrations/${kind}/`, import.meta.url));
  const migrations = readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) throw new Error(`Migration file name must be NNNN_name.sql: ${file}`);
      return {
        version: Number(match[1]),
        name: match[2] ?? file,
        sql: readFileSync(join(folder, file), 'utf8'),
      };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration ${migration.version} is out of sequence (expected ${index + 1})`);
    }
  });
  return migrations;
}

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
