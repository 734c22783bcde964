/**
 * People and their web sessions: the rules shared by the server and, later, the web apps.
 * Pure: times are epoch milliseconds given by the caller.
 */
export const ROLES = ['admin', 'manager', 'stock', 'cashier'] as const;
export type Role = (typeof ROLES)[number];

export const WEB_APPS = ['office', 'hand'] as const;
export type WebApp = (typeof WEB_APPS)[number];

/** Who may open each web app: the back office is the managers'; stock work is a shift's. */
export const APP_ROLES: Record<WebApp, readonly Role[]> = {
  office: ['admin', 'manager'],
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
