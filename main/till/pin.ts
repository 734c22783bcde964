import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { TillError } from '../../domain/errors';
import type { Db } from '../../db/open';
import {
  clearPinFailures,
  findUser,
  pinFailures,
  recordPinFailure,
  type PinFailures,
  type User,
} from '../../db/users';

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

const lockedUntil = (failures: PinFailures | undefined): number =>
  failures?.lockedUntil ? Date.parse(failures.lockedUntil) : 0;
const PIN_LOCKOUT_MS = 60_000;

/**
 * Checks a user's PIN; five wrong ones in a row lock that user out for a minute. The count lives
 * in the database: a restart, or the command line beside the running till, does not reset it.
 */
export class PinChecker {
  constructor(private readonly db: Db) {}

  /** Refuses a user whom wrong PINs have locked out, for as long as the lockout runs. */
  checkNotLockedOut(userId: number, now: number): void {
    const until = lockedUntil(pinFailures(this.db, userId));
    if (now < until) {
      const seconds = Math.ceil((until - now) / 1000);
      throw new TillError('auth.locked', `Too many wrong PINs: try again in ${seconds} seconds`, {
        seconds,
      });
    }
  }

  check(userId: number, pin: string, now: number): User {
    this.checkNotLockedOut(userId, now);
    const failures = pinFailures(this.db, userId);
    const until = lockedUntil(failures);
    const user = findUser(this.db, userId);
    if (!user || !user.active || !verifyPin(pin, user.pinHash)) {
      // After a lockout has run out, the next wrong PIN starts a new count.
      const count = (until > 0 ? 0 : (failures?.failures ?? 0)) + 1;
      if (user) {
        recordPinFailure(this.db, userId, {
          failures: count,
          lockedUntil:
            count >= MAX_PIN_FAILURES ? new Date(now + PIN_LOCKOUT_MS).toISOString() : null,
        });
      }
      throw new TillError('auth.wrong_pin', 'Wrong user or PIN', {});
    }
    if (failures) clearPinFailures(this.db, userId);
    return user;
  }
}
