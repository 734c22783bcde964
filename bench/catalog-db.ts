/**
 * The large catalogue database the benchmarks read: built once into var/bench/ (gitignored) and
 * reused while it holds the expected products and was made with the current migrations;
 * `rebuild` forces a fresh one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { loadMigrations } from '../db/migrate';
import { openDatabase } from '../db/open';
import { getSetting, setSetting } from '../db/settings';
import { seedLargeCatalog } from './large-catalog';
import { nowMs } from './stats';

const MARKER = 'bench.catalog';

export interface CatalogDb {
  path: string;
  count: number;
  /** Seconds spent building it, or null when an existing file was reused. */
  buildSeconds: number | null;
}

function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

const markerSchema = z.object({
  count: z.number(),
  seed: z.number(),
  /** The till's migrations it was built with: a changed schema means building it again. */
  schema: z.string(),
});
type Marker = z.infer<typeof markerSchema>;

function schemaHash(): string {
  const hash = createHash('sha256');
  for (const migration of loadMigrations('till'))
    hash.update(`${migration.version}\0${migration.sql}\0`);
  return hash.digest('hex');
}

/** True when `path` is a finished bench catalogue as `wanted` describes it. */
function isReusable(path: string, wanted: Marker): boolean {
  if (!existsSync(path)) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const marker = getSetting(db, MARKER, markerSchema);
    const products = (db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
    return (
      marker?.count === wanted.count &&
      marker.seed === wanted.seed &&
      marker.schema === wanted.schema &&
      products === wanted.count
    );
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

export function ensureCatalogDb(options: {
  dir: string;
  count: number;
  seed: number;
  rebuild: boolean;
}): CatalogDb {
  const { dir, count, seed, rebuild } = options;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `catalog-${count}-seed${seed}.db`);
  const marker: Marker = { count, seed, schema: schemaHash() };
  if (!rebuild && isReusable(path, marker)) return { path, count, buildSeconds: null };

  const start = nowMs();
  removeDatabaseFiles(path);
  // Built under another name and renamed when complete: an interrupted build is never reused.
  const building = `${path}.building`;
  removeDatabaseFiles(building);
  const db = openDatabase(building);
  try {
    seedLargeCatalog(db, count, seed, '2026-01-01T00:00:00.000Z');
    setSetting(db, MARKER, marker);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  renameSync(building, path);
  removeDatabaseFiles(building);
  return { path, count, buildSeconds: (nowMs() - start) / 1000 };
}
