import { describe, expect, it } from 'vitest';
import {
  IDLE_TIMEOUT_MS,
  LOCKOUT_MS,
  afterFailure,
  hasAnyRole,
  lockoutLeft,
  mayOpen,
  minutesAndSeconds,
  sessionAlive,
} from '../../domain/people';

describe('people: who opens which app', () => {
  it('opens the office to admins and managers only, the handheld also to stock', () => {
    expect(mayOpen(['admin'], 'office')).toBe(true);
    expect(mayOpen(['manager'], 'office')).toBe(true);
    expect(mayOpen(['stock'], 'office')).toBe(false);
    expect(mayOpen(['cashier'], 'office')).toBe(false);
    expect(mayOpen(['stock'], 'hand')).toBe(true);
    expect(mayOpen(['admin'], 'hand')).toBe(true);
    expect(mayOpen(['manager'], 'hand')).toBe(true);
    expect(mayOpen(['cashier'], 'hand')).toBe(false);
    expect(mayOpen(['cashier', 'stock'], 'hand')).toBe(true);
    expect(mayOpen([], 'hand')).toBe(false);
  });
  it('needs one of the roles asked', () => {
    expect(hasAnyRole(['cashier', 'manager'], ['manager'])).toBe(true);
    expect(hasAnyRole(['cashier'], ['manager', 'admin'])).toBe(false);
    expect(hasAnyRole([], ['admin'])).toBe(false);
  });
});

describe('people: sessions', () => {
  const at = 1_000_000_000;
  it('lives 12 hours unused at the office and one shift on the handheld', () => {
    expect(IDLE_TIMEOUT_MS.office).toBe(12 * 3600_000);
    expect(IDLE_TIMEOUT_MS.hand).toBe(3.75 * 3600_000);
    const office = { app: 'office' as const, lastSeenAt: at, endedAt: null };
    expect(sessionAlive(office, at)).toBe(true);
    expect(sessionAlive(office, at + 12 * 3600_000 - 1)).toBe(true);
    expect(sessionAlive(office, at + 12 * 3600_000)).toBe(false);
    const hand = { app: 'hand' as const, lastSeenAt: at, endedAt: null };
    expect(sessionAlive(hand, at + 3.75 * 3600_000 - 1)).toBe(true);
    expect(sessionAlive(hand, at + 3.75 * 3600_000)).toBe(false);
  });
  it('ends when signed out', () => {
    expect(sessionAlive({ app: 'office', lastSeenAt: at, endedAt: at }, at)).toBe(false);
  });
});

describe('people: lockout', () => {
  const now = 5_000_000;
  it('locks for five minutes at the fifth wrong secret in a row', () => {
    let state = { failures: 0, lockedUntil: null as number | null };
    for (let i = 1; i <= 4; i += 1) {
      state = afterFailure(state, now);
      expect(state).toEqual({ failures: i, lockedUntil: null });
      expect(lockoutLeft(state, now)).toBe(0);
    }
    state = afterFailure(state, now);
    expect(state).toEqual({ failures: 5, lockedUntil: now + LOCKOUT_MS });
    expect(LOCKOUT_MS).toBe(300_000);
    expect(lockoutLeft(state, now)).toBe(300_000);
    expect(lockoutLeft(state, now + 299_999)).toBe(1);
    expect(lockoutLeft(state, now + 300_000)).toBe(0);
    expect(lockoutLeft(state, now + 400_000)).toBe(0);
    expect(lockoutLeft({ failures: 3, lockedUntil: null }, now)).toBe(0);
  });
  it('starts a new count after a lockout has run out, and not before', () => {
    const locked = { failures: 5, lockedUntil: now };
    expect(afterFailure(locked, now)).toEqual({ failures: 1, lockedUntil: null });
    expect(afterFailure(locked, now - 1)).toEqual({
      failures: 6,
      lockedUntil: now - 1 + LOCKOUT_MS,
    });
  });
  it('tells the time left in words', () => {
    expect(minutesAndSeconds(300_000)).toBe('5 minutes');
    expect(minutesAndSeconds(61_000)).toBe('1 minute 1 second');
    expect(minutesAndSeconds(125_500)).toBe('2 minutes 6 seconds');
    expect(minutesAndSeconds(2_000)).toBe('2 seconds');
    expect(minutesAndSeconds(0)).toBe('0 seconds');
  });
});
