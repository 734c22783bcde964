import type { z } from 'zod';
import { prepare } from './prepare';
import type { Db } from './open';

/** A setting's stored JSON; with a schema, checked by it (a setting of another shape throws). */
export function getSetting(db: Db, key: string): unknown;
export function getSetting<T>(db: Db, key: string, schema: z.ZodType<T>): T | undefined;
export function getSetting<T>(db: Db, key: string, schema?: z.ZodType<T>): unknown {
  const value = prepare<[string], string>(db, 'SELECT value FROM settings WHERE key = ?')
    .pluck()
    .get(key);
  if (value === undefined) return undefined;
  const parsed: unknown = JSON.parse(value);
  return schema ? schema.parse(parsed) : parsed;
}

export function setSetting(db: Db, key: string, value: unknown): void {
  prepare<[string, string]>(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}

export function deleteSetting(db: Db, key: string): void {
  prepare<[string]>(db, 'DELETE FROM settings WHERE key = ?').run(key);
}
