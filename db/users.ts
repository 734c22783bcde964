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

function toUser(row: (Omit<User, 'active'> & { active: number }) | undefined): User | undefined {
  return row ? { ...row, active: row.active === 1 } : undefined;
}

export function insertUser(
  db: Db,
  user: { name: string; role: Role; pinHash: string; createdAt: string },
): number {
  const result = prepare(
    db,
    'INSERT INTO users (name, role, pin_hash, created_at) VALUES (?, ?, ?, ?)',
  ).run(user.name, user.role, user.pinHash, user.createdAt);
  return Number(result.lastInsertRowid);
}

export function findUser(db: Db, id: number): User | undefined {
  return toUser(prepare(db, `${SELECT_USER} WHERE id = ?`).get(id) as never);
}

export function findUserByName(db: Db, name: string): User | undefined {
  return toUser(prepare(db, `${SELECT_USER} WHERE name = ?`).get(name) as never);
}

export function listUsers(db: Db): User[] {
  return (prepare(db, `${SELECT_USER} ORDER BY name`).all() as never[]).map(
    (row) => toUser(row) as User,
  );
}

export interface PinFailures {
  failures: number;
  /** ISO time until which the user is locked out, if they are. */
  lockedUntil: string | null;
}

export function pinFailures(db: Db, userId: number): PinFailures | undefined {
  return prepare(
    db,
    'SELECT failures, locked_until AS lockedUntil FROM pin_failures WHERE user_id = ?',
  ).get(userId) as PinFailures | undefined;
}

export function recordPinFailure(db: Db, userId: number, failures: PinFailures): void {
  prepare(
    db,
    `INSERT INTO pin_failures (user_id, failures, locked_until) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
  ).run(userId, failures.failures, failures.lockedUntil);
}

export function clearPinFailures(db: Db, userId: number): void {
  prepare(db, 'DELETE FROM pin_failures WHERE user_id = ?').run(userId);
}
