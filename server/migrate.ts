import { loadMigrations, type Migration } from '../migrations/loader';
import type { Queryable, Store } from './store';

export function serverMigrations(): Migration[] {
  return loadMigrations('server');
}

/**
 * Held by whoever migrates, in each migration's transaction: two servers starting together on
 * one database take turns, and the second finds the work done (without it, both create the same
 * tables at once and one dies on a duplicate key in PostgreSQL's catalogue).
 */
const MIGRATION_LOCK = 7_002;

export class DatabaseTooNewError extends Error {
  constructor(
    readonly current: number,
    readonly latest: number,
  ) {
    super(
      `This database has schema version ${current}, newer than this server knows (${latest}): update the server.`,
    );
  }
}

/**
 * Applies each pending migration in its own transaction and records it. A database written by a
 * newer server is refused: this one would misread it.
 */
export async function migrateServer(
  store: Store,
  migrations: Migration[] = serverMigrations(),
): Promise<number[]> {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = await store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
    return appliedVersion(tx);
  });
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const done = await store.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      // Another server may have applied it while this one waited for the lock.
      if ((await appliedVersion(tx)) >= migration.version) return false;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [migration.version, migration.name, new Date().toISOString()],
      );
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

async function appliedVersion(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM schema_migrations',
  );
  return row?.version ?? 0;
}

/** Our migrations hold plain statements ended by `;` at a line's end (no function bodies). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter((statement) => statement.length > 0);
}
