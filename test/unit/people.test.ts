import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MANAGER_PIN_MIN_LENGTH,
  IDLE_TIMEOUT_MS,
  LOCKOUT_MS,
  afterFailure,
  hasAnyRole,
  lockoutLeft,
  managerPinMinLength,
  managerPinProblem,
  managerPinSettingProblem,
  mayOpen,
  minutesAndSeconds,
  sessionAlive,
} from '../../domain/people';

describe('people: who opens which app', () => {
  it('opens the office to admins, managers and stock volunteers (their pages only), the handheld too', () => {
    expect(mayOpen(['admin'], 'office')).toBe(true);
    expect(mayOpen(['manager'], 'office')).toBe(true);
    expect(mayOpen(['stock'], 'office')).toBe(true);
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

describe("people: a manager's PIN length", () => {
  const SHORT = /at least 6 digits \(the coop's setting auth\.manager_pin_min_length\)/;
  it('asks six digits by default, from a setting of 4 to 8 whole digits', () => {
    expect(DEFAULT_MANAGER_PIN_MIN_LENGTH).toBe(6);
    expect(managerPinMinLength(undefined)).toBe(6);
    expect(managerPinMinLength(4)).toBe(4);
    expect(managerPinMinLength(8)).toBe(8);
    for (const wrong of [3, 9, 6.5, '8', null, -6]) {
      expect(managerPinMinLength(wrong)).toBe(6);
      expect(managerPinSettingProblem(wrong)).toBe(
        'auth.manager_pin_min_length is a whole number of digits from 4 to 8',
      );
    }
    expect(managerPinSettingProblem(4)).toBeNull();
    expect(managerPinSettingProblem(8)).toBeNull();
  });
  it("refuses a new manager's or admin's short PIN, never a cashier's or stock volunteer's", () => {
    expect(managerPinProblem(null, { roles: ['manager'], pin: '1234' }, 6)).toMatch(SHORT);
    expect(managerPinProblem(null, { roles: ['admin'], pin: '12345' }, 6)).toMatch(SHORT);
    expect(managerPinProblem(null, { roles: ['cashier', 'admin'], pin: '12345' }, 6)).toMatch(
      SHORT,
    );
    expect(managerPinProblem(null, { roles: ['manager'], pin: '123456' }, 6)).toBeNull();
    expect(managerPinProblem(null, { roles: ['manager'], pin: '1234567' }, 8)).toMatch(
      /at least 8 digits/,
    );
    expect(managerPinProblem(null, { roles: ['manager'], pin: '12345678' }, 8)).toBeNull();
    expect(managerPinProblem(null, { roles: ['manager'] }, 6)).toBeNull();
    expect(managerPinProblem(null, {}, 6)).toBeNull();
    expect(managerPinProblem(null, { roles: ['cashier'], pin: '1234' }, 6)).toBeNull();
    expect(managerPinProblem(null, { roles: ['stock', 'cashier'], pin: '1234' }, 8)).toBeNull();
  });
  it('checks an edit against the roles the person keeps or gains', () => {
    const manager = { roles: ['manager'] as const, hasPin: true };
    const cashier = { roles: ['cashier'] as const, hasPin: true };
    // A new PIN for someone who stays a manager; a manager made cashier may keep 4 digits.
    expect(managerPinProblem(manager, { pin: '1234' }, 6)).toMatch(SHORT);
    expect(managerPinProblem(manager, { pin: '123456' }, 6)).toBeNull();
    expect(managerPinProblem(manager, { roles: ['cashier'], pin: '1234' }, 6)).toBeNull();
    expect(managerPinProblem(cashier, { pin: '1234' }, 6)).toBeNull();
    // Made a manager: with a new PIN long enough, or none; never keeping one of unknown length.
    expect(managerPinProblem(cashier, { roles: ['manager'], pin: '1234' }, 6)).toMatch(SHORT);
    expect(managerPinProblem(cashier, { roles: ['manager'], pin: '123456' }, 6)).toBeNull();
    expect(managerPinProblem(cashier, { roles: ['admin'], pin: null }, 6)).toBeNull();
    expect(managerPinProblem(cashier, { roles: ['admin'] }, 6)).toBe(
      'A new manager or admin needs a new PIN of at least 6 digits, given with the role (or the PIN removed)',
    );
    expect(
      managerPinProblem({ roles: ['cashier'], hasPin: false }, { roles: ['manager'] }, 6),
    ).toBeNull();
    // Already a manager (or admin): other edits leave the PIN alone.
    expect(managerPinProblem(manager, { roles: ['manager', 'cashier'] }, 6)).toBeNull();
    expect(
      managerPinProblem({ roles: ['admin'], hasPin: true }, { roles: ['manager'] }, 6),
    ).toBeNull();
    expect(managerPinProblem(manager, {}, 6)).toBeNull();
    expect(managerPinProblem(cashier, {}, 6)).toBeNull();
  });
});
