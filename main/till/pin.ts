import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { TillError } from '../../domain/errors';
import type { Db } from '../../db/open';
import { findUser, type User } from '../../db/users';

// scrypt with N=2^14 takes ~30 ms here: slow enough to make guessing a 4-6 digit PIN from a
// stolen database costly, quick enough for a cashier signing in.
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

const MAX_PIN_FAILURES = 5;
const PIN_LOCKOUT_MS = 60_000;

/** Checks a user's PIN; five wrong ones in a row lock that user out for a minute. */
export class PinChecker {
  private readonly failures = new Map<number, { count: number; until: number }>();

  constructor(private readonly db: Db) {}

  check(userId: number, pin: string, now: number): User {
    const failures = this.failures.get(userId);
    if (failures && failures.count >= MAX_PIN_FAILURES && now < failures.until) {
      const seconds = Math.ceil((failures.until - now) / 1000);
      throw new TillError('auth.locked', `Too many wrong PINs: try again in ${seconds} seconds`, {
        seconds,
      });
    }
    const user = findUser(this.db, userId);
    if (!user || !user.active || !verifyPin(pin, user.pinHash)) {
      this.failures.set(userId, { count: (failures?.count ?? 0) + 1, until: now + PIN_LOCKOUT_MS });
      throw new TillError('auth.wrong_pin', 'Wrong user or PIN', {});
    }
    this.failures.delete(userId);
    return user;
  }
}
