import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** What both stores answer: rows of a parameterised query, in PostgreSQL's one dialect. */
export interface Queryable {
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** A transaction's connection: queries, and statements without parameters sent together. */
export interface Transaction extends Queryable {
  /** Several statements in one round trip (`RELEASE SAVEPOINT a; SAVEPOINT a`); no parameters. */
  exec(sql: string): Promise<void>;
}

export interface Store extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /** Runs `work` in one transaction: committed if it returns, rolled back if it throws. */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Several statements at once (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** PostgreSQL through a pool of `pg` connections. */
export async function openPgStore(url: string, options: { schema?: string } = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Tests give each file its own schema, so that files can run side by side.
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // A dropped connection is reported on the pool; the next query gets a fresh one.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  return {
    kind: 'pg',
    async query<R>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params)).rows as R[];
    },
    async transaction<T>(work: (tx: Transaction) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <R>(sql: string, params?: unknown[]) =>
            (await client.query(sql, params)).rows as R[],
          // Without parameters, pg sends the simple protocol: several statements at once.
          exec: async (sql: string) => {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}

/** The embedded PostgreSQL (PGlite, WebAssembly) in a folder: no server to install. */
export async function openPgliteStore(dataDir: string | null): Promise<Store> {
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    lockFolder(dataDir);
  }
  let db: PGlite;
  try {
    db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  } catch (error) {
    if (dataDir) unlockFolder(dataDir);
    throw error;
  }
  return {
    kind: 'pglite',
    async query<R>(sql: string, params?: unknown[]) {
      return (await db.query<R>(sql, params)).rows;
    },
    async transaction<T>(work: (tx: Transaction) => Promise<T>) {
      return db.transaction((tx) =>
        work({
          query: async <R>(sql: string, params?: unknown[]) =>
            (await tx.query<R>(sql, params)).rows,
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        }),
      );
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async close() {
      await db.close();
      if (dataDir) unlockFolder(dataDir);
    },
  };
}

/**
 * The embedded database is one process's: a second one (the command line while the server runs)
 * would corrupt it, so it is refused in words.
 */
function lockFolder(dataDir: string): void {
  const lock = join(dataDir, 'server.pid');
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return;
  } catch {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The database in ${dataDir} is in use by process ${pid} (the running server): stop it, or use the admin API`,
      );
    }
    writeFileSync(lock, String(process.pid));
  }
}

function unlockFolder(dataDir: string): void {
  rmSync(join(dataDir, 'server.pid'), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openStore(config: {
  databaseUrl: string | null;
  dataDir: string;
}): Promise<Store> {
  return config.databaseUrl
    ? openPgStore(config.databaseUrl)
    : openPgliteStore(`${config.dataDir}/pglite`);
}
