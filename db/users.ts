import type { Locale } from '../domain/money';
import { prepare } from './prepare';
import type { Db } from './open';

export type Role = 'cashier' | 'manager';

export interface User {
  id: number;
  name: string;
  role: Role;
  pinHash: string;
  active: boolean;
  /** The user's own language; null: the till's. */
  locale: Locale | null;
  /** The code of the badge the user scans to sign in (a `cashier` barcode), if they have one. */
  badge: string | null;
}

const SELECT_USER = 'SELECT id, name, role, pin_hash AS pinHash, active, locale, badge FROM users';

type UserSqlRow = Omit<User, 'active'> & { active: number };

const toUser = (row: UserSqlRow): User => ({ ...row, active: row.active === 1 });

export function insertUser(
  db: Db,
  user: { name: string; role: Role; pinHash: string; createdAt: string; badge?: string | null },
): number {
  const result = prepare<[string, Role, string, string, string | null]>(
    db,
    'INSERT INTO users (name, role, pin_hash, created_at, badge) VALUES (?, ?, ?, ?, ?)',
  ).run(user.name, user.role, user.pinHash, user.createdAt, user.badge ?? null);
  return Number(result.lastInsertRowid);
}

export function findUserByBadge(db: Db, badge: string): User | undefined {
  const row = prepare<[string], UserSqlRow>(db, `${SELECT_USER} WHERE badge = ?`).get(badge);
  return row && toUser(row);
}

export function setUserLocale(db: Db, id: number, locale: Locale | null): void {
  prepare<[Locale | null, number]>(db, 'UPDATE users SET locale = ? WHERE id = ?').run(locale, id);
}

/** A user who may sign in, as the sign-in picker lists them: never the PIN's hash. */
export interface UserChoiceRow {
  id: number;
  name: string;
  role: Role;
  locale: Locale | null;
  /** Until when wrong PINs lock the user out, if they ever did (the caller compares with now). */
  lockedUntil: string | null;
}

export function listActiveUsers(db: Db): UserChoiceRow[] {
  return prepare<[], UserChoiceRow>(
    db,
    `SELECT u.id, u.name, u.role, u.locale, f.locked_until AS lockedUntil
       FROM users u LEFT JOIN pin_failures f ON f.user_id = u.id
      WHERE u.active = 1 ORDER BY u.name`,
  ).all();
}

export function findUser(db: Db, id: number): User | undefined {
  const row = prepare<[number], UserSqlRow>(db, `${SELECT_USER} WHERE id = ?`).get(id);
  return row && toUser(row);
}

export function findUserByName(db: Db, name: string): User | undefined {
  const row = prepare<[string], UserSqlRow>(db, `${SELECT_USER} WHERE name = ?`).get(name);
  return row && toUser(row);
}

export function listUsers(db: Db): User[] {
  return prepare<[], UserSqlRow>(db, `${SELECT_USER} ORDER BY name`).all().map(toUser);
}

export interface PinFailures {
  failures: number;
  /** ISO time until which the user is locked out, if they are. */
  lockedUntil: string | null;
}

export function pinFailures(db: Db, userId: number): PinFailures | undefined {
  return prepare<[number], PinFailures>(
    db,
    'SELECT failures, locked_until AS lockedUntil FROM pin_failures WHERE user_id = ?',
  ).get(userId);
}

export function recordPinFailure(db: Db, userId: number, failures: PinFailures): void {
  prepare<[number, number, string | null]>(
    db,
    `INSERT INTO pin_failures (user_id, failures, locked_until) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
  ).run(userId, failures.failures, failures.lockedUntil);
}

export function clearPinFailures(db: Db, userId: number): void {
  prepare<[number]>(db, 'DELETE FROM pin_failures WHERE user_id = ?').run(userId);
}
