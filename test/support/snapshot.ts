import type Database from 'better-sqlite3';

/** The tables a till operation or a request may write: a refusal must leave them as they were. */
const WRITTEN_TABLES = [
  'sessions',
  'tickets',
  'ticket_lines',
  'payments',
  'cash_moves',
  'stock_moves',
  'journal',
  'outbox',
  'users',
  'settings',
  'pin_failures',
] as const;

type WrittenTable = (typeof WRITTEN_TABLES)[number];

/** Every row of those tables (but `except`), in insertion order. */
export function tableSnapshot(
  db: Database.Database,
  except: readonly WrittenTable[] = [],
): Record<string, unknown[]> {
  const tables = WRITTEN_TABLES.filter((table) => !except.includes(table));
  return Object.fromEntries(
    tables.map((table) => [
      table,
      // settings is WITHOUT ROWID: its key orders it.
      db.prepare(`SELECT * FROM ${table} ORDER BY ${table === 'settings' ? 'key' : 'rowid'}`).all(),
    ]),
  );
}
