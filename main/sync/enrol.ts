import { TillError } from '../../domain/errors';
import type { Db } from '../../db/open';
import { setSetting } from '../../db/settings';
import { enrolAnswerSchema } from '../../domain/sync-wire';

/**
 * Trades a one-time enrolment code for this till's token and MAC key, and keeps the server's
 * address, the token and the key in the till's settings. The token is never printed nor logged.
 */
export async function enrolTill(
  db: Db,
  serverUrl: string,
  code: string,
): Promise<{ tillId: number; name: string }> {
  let url: URL;
  try {
    url = new URL('/v1/enrol', serverUrl);
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
  db.transaction(() => {
    setSetting(db, 'sync.server', url.origin);
    setSetting(db, 'sync.token', enrolled.token);
    setSetting(db, 'sync.till_id', enrolled.tillId);
    // The key this till's events are authenticated under: like the token, never shown.
    setSetting(db, 'sync.mac_key', enrolled.macKey);
  })();
  return { tillId: enrolled.tillId, name: enrolled.name };
}
