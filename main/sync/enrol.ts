import { z } from 'zod';
import { TillError } from '../../domain/errors';
import type { Db } from '../../db/open';
import { deleteSetting, getSetting, setSetting } from '../../db/settings';
import { enrolAnswerSchema } from '../../domain/sync-wire';

export interface Enrolment {
  /** The server's origin. */
  server: string;
  tillId: number;
  name: string;
  token: string;
  /** The key this till's events are authenticated under: like the token, never shown. */
  macKey: string;
}

/** Node's words for a certificate it does not trust (undici reports them as the cause). */
const CERTIFICATE_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function causeCode(error: unknown): string | undefined {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  if (typeof cause !== 'object' || cause === null || !('code' in cause)) return undefined;
  return typeof cause.code === 'string' ? cause.code : undefined;
}

/**
 * Trades a one-time enrolment code for this till's token and MAC key, and keeps the server's
 * address, the token and the key in the till's settings. The token is never printed nor logged.
 */
export async function enrolTill(
  db: Db,
  serverUrl: string,
  code: string,
): Promise<{ tillId: number; name: string }> {
  const enrolled = await requestEnrolment(serverUrl, code);
  db.transaction(() => saveEnrolment(db, enrolled))();
  return { tillId: enrolled.tillId, name: enrolled.name };
}

/** Keeps what the server gave, in the caller's transaction. */
export function saveEnrolment(db: Db, enrolled: Enrolment): void {
  setSetting(db, 'sync.server', enrolled.server);
  setSetting(db, 'sync.token', enrolled.token);
  setSetting(db, 'sync.till_id', enrolled.tillId);
  setSetting(db, 'sync.mac_key', enrolled.macKey);
}

/** Asks the server for a token against the one-time code; writes nothing. */
export async function requestEnrolment(serverUrl: string, code: string): Promise<Enrolment> {
  let url: URL;
  try {
    // A manager types "192.168.1.10:8080" as often as the full address.
    const address = /^[a-z][a-z0-9+.-]*:\/\//i.test(serverUrl.trim())
      ? serverUrl.trim()
      : `http://${serverUrl.trim()}`;
    url = new URL('/v1/enrol', address);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new TillError(
      'sync.bad_url',
      `"${serverUrl}" is not a server address (http://HOST:PORT)`,
      {
        url: serverUrl,
      },
    );
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    if (CERTIFICATE_ERRORS.has(causeCode(error) ?? '')) {
      throw new TillError(
        'sync.certificate',
        `The server at ${url.origin} showed a certificate this till does not trust (${causeCode(error)})`,
        { url: url.origin },
      );
    }
    throw new TillError(
      'sync.unreachable',
      `The server at ${url.origin} does not answer: ${(error as Error).message}`,
      {
        url: url.origin,
      },
    );
  }
  if (!response.ok) {
    throw new TillError(
      'sync.enrol_refused',
      response.status === 401
        ? 'The server refused this enrolment code (unknown, already used or expired)'
        : `The server refused the enrolment (${response.status})`,
      { status: response.status },
    );
  }
  const enrolled = enrolAnswerSchema.parse(await response.json());
  return { server: url.origin, ...enrolled };
}

/** Whether the till holds a server's address and its token. */
export function isEnrolled(db: Db): boolean {
  return (
    getSetting(db, 'sync.server', z.string()) !== undefined &&
    getSetting(db, 'sync.token', z.string()) !== undefined
  );
}

/**
 * Forgets the server's address and the token. The till's id, its pull cursor and its outbox
 * stay: re-enrolled as the same till (a new code for it on the server), it resumes where it was.
 */
export function forgetServer(db: Db): void {
  db.transaction(() => {
    deleteSetting(db, 'sync.server');
    deleteSetting(db, 'sync.token');
    deleteSetting(db, 'sync.mac_key');
  })();
}
