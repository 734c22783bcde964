import type { Locale } from '../../domain/money';
import type { Role, WebApp } from '../../domain/people';

/** The signed-in person, as GET/POST /v1/session answer. */
export interface Person {
  personId: number;
  name: string;
  locale: Locale;
  roles: Role[];
  app: WebApp;
}

export type Refusal =
  | { kind: 'wrong' }
  | { kind: 'locked'; seconds: number }
  | { kind: 'no_role' }
  | { kind: 'too_many' }
  | { kind: 'failed' };

export type Credentials = { name: string; password: string } | { badge: string; pin: string };

/** Same-origin calls: the browser sends the session cookie and the Origin the server checks. */
async function call(method: string, body?: object): Promise<Response> {
  return fetch('/v1/session', {
    method,
    credentials: 'same-origin',
    headers: body ? { 'content-type': 'application/json' } : {},
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/** Who is signed in: null when nobody is, 'offline' when the server did not answer at all. */
export async function currentPerson(): Promise<Person | null | 'offline'> {
  let response: Response;
  try {
    response = await call('GET');
  } catch {
    return 'offline';
  }
  if (response.ok) return (await response.json()) as Person;
  // A proxy's error page or a server failing: not an answer about the session.
  return response.status >= 500 ? 'offline' : null;
}

export async function signIn(
  app: WebApp,
  credentials: Credentials,
): Promise<{ ok: true; person: Person } | { ok: false; refusal: Refusal }> {
  let response: Response;
  try {
    response = await call('POST', { app, ...credentials });
  } catch {
    return { ok: false, refusal: { kind: 'failed' } };
  }
  if (response.ok) return { ok: true, person: (await response.json()) as Person };
  const body = (await response.json().catch(() => ({}))) as { code?: string; seconds?: number };
  if (response.status === 423) {
    return { ok: false, refusal: { kind: 'locked', seconds: body.seconds ?? 300 } };
  }
  if (response.status === 401) return { ok: false, refusal: { kind: 'wrong' } };
  if (response.status === 403 && body.code === 'no_role') {
    return { ok: false, refusal: { kind: 'no_role' } };
  }
  if (response.status === 429) return { ok: false, refusal: { kind: 'too_many' } };
  return { ok: false, refusal: { kind: 'failed' } };
}

export async function saveLocale(locale: Locale): Promise<void> {
  await call('PATCH', { locale }).catch(() => undefined);
}

export async function signOut(): Promise<void> {
  await call('DELETE').catch(() => undefined);
}
