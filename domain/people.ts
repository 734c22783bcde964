/**
 * People and their web sessions: the rules shared by the server and, later, the web apps.
 * Pure: times are epoch milliseconds given by the caller.
 */
export const ROLES = ['admin', 'manager', 'stock', 'cashier'] as const;
export type Role = (typeof ROLES)[number];

export const WEB_APPS = ['office', 'hand'] as const;
export type WebApp = (typeof WEB_APPS)[number];

/**
 * Who may open each web app: the back office is the managers', and a stock volunteer's for the
 * stock pages only (each route checks its own roles); stock work on the handheld is a shift's.
 */
export const APP_ROLES: Record<WebApp, readonly Role[]> = {
  office: ['admin', 'manager', 'stock'],
  hand: ['admin', 'manager', 'stock'],
};

const HOUR = 3600_000;
/**
 * A session ends after this long unused: a working day at the office; for the handheld one shift
 * (a coop's shift is about three hours; a quarter more leaves room for a late start), so that a
 * phone left on a shelf does not stay signed in for the next shift.
 */
export const IDLE_TIMEOUT_MS: Record<WebApp, number> = {
  office: 12 * HOUR,
  hand: 3 * HOUR + 45 * 60_000,
};

export function mayOpen(roles: readonly Role[], app: WebApp): boolean {
  return roles.some((role) => APP_ROLES[app].includes(role));
}

export function hasAnyRole(roles: readonly Role[], needed: readonly Role[]): boolean {
  return roles.some((role) => needed.includes(role));
}

/** A session is alive while it has not ended and was used within its app's idle timeout. */
export function sessionAlive(
  session: { app: WebApp; lastSeenAt: number; endedAt: number | null },
  now: number,
): boolean {
  return session.endedAt === null && now - session.lastSeenAt < IDLE_TIMEOUT_MS[session.app];
}

export const MAX_SIGN_IN_FAILURES = 5;
export const LOCKOUT_MS = 5 * 60_000;

export interface SignInFailures {
  failures: number;
  lockedUntil: number | null;
}

/** Milliseconds of lockout left, 0 when the person may try. */
export function lockoutLeft(state: SignInFailures, now: number): number {
  return state.lockedUntil !== null && state.lockedUntil > now ? state.lockedUntil - now : 0;
}

/**
 * The count after a wrong secret: the fifth in a row locks the person for five minutes; after a
 * lockout has run out the count starts again, so one more mistake does not lock again at once.
 */
export function afterFailure(state: SignInFailures, now: number): SignInFailures {
  const expired = state.lockedUntil !== null && state.lockedUntil <= now;
  const failures = (expired ? 0 : state.failures) + 1;
  return {
    failures,
    lockedUntil: failures >= MAX_SIGN_IN_FAILURES ? now + LOCKOUT_MS : null,
  };
}

/** "4 minutes 5 seconds": a lockout told in words (English; the apps translate by the seconds). */
export function minutesAndSeconds(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const parts = [];
  if (minutes > 0) parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  if (seconds > 0 || minutes === 0) parts.push(`${seconds} second${seconds === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** The coop's setting (server settings, pulled by the tills too): a manager's shortest PIN. */
export const MANAGER_PIN_SETTING = 'auth.manager_pin_min_length';
/**
 * Six digits by default: a 4-digit PIN was found offline in 8 s from a copy of a till's
 * database; each digit more multiplies that by ten. A coop may ask for more, never under four.
 */
export const DEFAULT_MANAGER_PIN_MIN_LENGTH = 6;
export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 8;
/** The roles that reach the tills as managers (approvals, refunds, the drawer). */
export const MANAGER_ROLES: readonly Role[] = ['admin', 'manager'];

/** What is wrong with a value for the setting, in words; null when it is a length the PIN allows. */
export function managerPinSettingProblem(value: unknown): string | null {
  return Number.isInteger(value) &&
    (value as number) >= PIN_MIN_LENGTH &&
    (value as number) <= PIN_MAX_LENGTH
    ? null
    : `${MANAGER_PIN_SETTING} is a whole number of digits from ${PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH}`;
}

/** The setting as stored (undefined when the coop never set it); a wrong value counts as unset. */
export function managerPinMinLength(value: unknown): number {
  return managerPinSettingProblem(value) === null
    ? (value as number)
    : DEFAULT_MANAGER_PIN_MIN_LENGTH;
}

/**
 * What is wrong, in words, with a person's roles and PIN after a change (before is null for a new
 * person); null when nothing. A PIN left as it was has an unknown length (only its hashes are
 * kept), so a person who newly becomes a manager or admin while holding a PIN must give a new one.
 */
export function managerPinProblem(
  before: { roles: readonly Role[]; hasPin: boolean } | null,
  change: { roles?: readonly Role[] | undefined; pin?: string | null | undefined },
  minLength: number,
): string | null {
  const roles = change.roles ?? before?.roles ?? [];
  if (!hasAnyRole(roles, MANAGER_ROLES) || change.pin === null) return null;
  if (change.pin !== undefined) {
    return change.pin.length >= minLength
      ? null
      : `A manager's or admin's PIN has at least ${minLength} digits (the coop's setting ${MANAGER_PIN_SETTING})`;
  }
  const promoted = before !== null && before.hasPin && !hasAnyRole(before.roles, MANAGER_ROLES);
  return promoted
    ? `A new manager or admin needs a new PIN of at least ${minLength} digits, given with the role (or the PIN removed)`
    : null;
}
