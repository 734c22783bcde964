import { prepare } from './prepare';
import type { Db } from './open';

export type Role = 'cashier' | 'manager';

export interface User {
  id: number;
  name: string;
  role: Role;
  pinHash: string;
  active: boolean;
}

const SELECT_USER = 'SELECT id, name, role, pin_hash AS pinHash, active FROM users';

type UserSqlRow = Omit<User, 'active'> & { active: number };

const toUser = (row: UserSqlRow): User => ({ ...row, active: row.active === 1 });

export function insertUser(
  db: Db,
  user: { name: string; role: Role; pinHash: string; createdAt: string },
): number {
  const result = prepare<[string, Role, string, string]>(
    db,
    'INSERT INTO users (name, role, pin_hash, created_at) VALUES (?, ?, ?, ?)',
  ).run(user.name, user.role, user.pinHash, user.createdAt);
  return Number(result.lastInsertRowid);
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
