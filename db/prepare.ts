import type Database from 'better-sqlite3';

/**
 * A statement typed by what it binds (P: positional parameters as a tuple, or one object of named
 * parameters) and what a row reads as (R; after `.pluck()`, the one column's value). SQLite does
 * not check R: the type states the query's columns once, where the SQL is written.
 */
export type Statement<P extends unknown[] | object, R> = P extends unknown[]
  ? Database.Statement<P, R>
  : Database.Statement<[P], R>;

type AnyStatement = Database.Statement<unknown[], unknown>;

const caches = new WeakMap<Database.Database, Map<string, AnyStatement>>();

/**
 * A prepared statement, compiled once per connection: better-sqlite3 does not cache them, and
 * compiling is a third of what paying a ticket costs.
 */
export function prepare<P extends unknown[] | object = [], R = unknown>(
  db: Database.Database,
  sql: string,
): Statement<P, R> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  // The one place a statement gets its types: the cache holds statements of every shape, and
  // the SQL text (the key) is what decides its shape.
  return statement as Statement<P, R>;
}
