import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from './store';

/** Tokens and codes are random and long: SHA-256 is enough to keep them unreadable at rest. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameSecret(secret: string, hash: string): boolean {
  const a = Buffer.from(secretHash(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const randomToken = (bytes: number) => randomBytes(bytes).toString('base64url');

/** An enrolment code is typed by a person: 12 letters and digits, no look-alikes, in groups. */
function enrolmentCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

const ENROL_VALID_MS = 7 * 24 * 3600 * 1000;

export interface TillRow {
  id: number;
  name: string;
  createdAt: string;
  enrolledAt: string | null;
  revokedAt: string | null;
  lastSeq: number;
  lastPushAt: string | null;
}

const TILL_COLUMNS = `id, name, created_at AS "createdAt", enrolled_at AS "enrolledAt",
  revoked_at AS "revokedAt", last_seq AS "lastSeq", last_push_at AS "lastPushAt"`;

export class TillNameTakenError extends Error {}

/** A new till and its one-time enrolment code (shown once; only its hash is kept). */
export async function createTill(
  db: Queryable,
  name: string,
  now: Date,
): Promise<{ till: TillRow; enrolmentCode: string; expiresAt: string }> {
  const code = enrolmentCode();
  const expiresAt = new Date(now.getTime() + ENROL_VALID_MS).toISOString();
  const rows = await db.query<TillRow>(
    `INSERT INTO tills (name, enrol_code_hash, enrol_expires_at, created_at)
     VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING ${TILL_COLUMNS}`,
    [name, secretHash(normaliseCode(code)), expiresAt, now.toISOString()],
  );
  const till = rows[0];
  if (!till) throw new TillNameTakenError(`A till is already named "${name}"`);
  return { till, enrolmentCode: code, expiresAt };
}

/** A fresh code for a till that lost its token or must be moved to new hardware. */
export async function renewEnrolment(
  db: Queryable,
  tillId: number,
  now: Date,
): Promise<{ enrolmentCode: string; expiresAt: string } | null> {
  const code = enrolmentCode();
  const expiresAt = new Date(now.getTime() + ENROL_VALID_MS).toISOString();
  const rows = await db.query<{ id: number }>(
    `UPDATE tills SET enrol_code_hash = $2, enrol_expires_at = $3, revoked_at = NULL,
       token_hash = NULL WHERE id = $1 RETURNING id`,
    [tillId, secretHash(normaliseCode(code)), expiresAt],
  );
  return rows.length ? { enrolmentCode: code, expiresAt } : null;
}

function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Trades a valid code for the till's token; the code is then spent. */
export async function enrol(
  db: Queryable,
  code: string,
  now: Date,
): Promise<{ tillId: number; name: string; token: string; macKey: string } | null> {
  const token = randomToken(32);
  // Kept as it is, not hashed: the server computes each event's MAC with it.
  const macKey = randomToken(32);
  const rows = await db.query<{ id: number; name: string }>(
    `UPDATE tills SET token_hash = $2, enrolled_at = $3, enrol_code_hash = NULL,
       enrol_expires_at = NULL, mac_key = $4
     WHERE enrol_code_hash = $1 AND enrol_expires_at > $3 AND revoked_at IS NULL
     RETURNING id, name`,
    [secretHash(normaliseCode(code)), secretHash(token), now.toISOString(), macKey],
  );
  const row = rows[0];
  return row ? { tillId: row.id, name: row.name, token, macKey } : null;
}

/** The key a till's events are authenticated under; null for a till enrolled before MACs. */
export async function tillMacKey(db: Queryable, tillId: number): Promise<string | null> {
  const [row] = await db.query<{ key: string | null }>(
    'SELECT mac_key AS key FROM tills WHERE id = $1',
    [tillId],
  );
  return row?.key ?? null;
}

/** Whether an event's MAC holds under the till's key (compared in constant time). */
export function macHolds(key: string, message: string, mac: unknown): boolean {
  if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return false;
  const expected = createHmac('sha256', key).update(message).digest();
  return timingSafeEqual(expected, Buffer.from(mac, 'hex'));
}

/** The till a token belongs to, or null for an unknown or revoked one. */
export async function tillByToken(
  db: Queryable,
  token: string,
): Promise<{ id: number; name: string } | null> {
  const rows = await db.query<{ id: number; name: string }>(
    'SELECT id, name FROM tills WHERE token_hash = $1 AND revoked_at IS NULL',
    [secretHash(token)],
  );
  return rows[0] ?? null;
}

export async function revokeTill(db: Queryable, tillId: number, now: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE tills SET revoked_at = $2, token_hash = NULL, enrol_code_hash = NULL
     WHERE id = $1 RETURNING id`,
    [tillId, now.toISOString()],
  );
  return rows.length > 0;
}

export async function listTills(db: Queryable): Promise<TillRow[]> {
  return db.query<TillRow>(`SELECT ${TILL_COLUMNS} FROM tills ORDER BY id`);
}

/**
 * The admin token: given by ADMIN_TOKEN, or made on the first start and returned once to be
 * printed; only its hash is stored.
 */
export async function ensureAdminToken(
  db: Queryable,
  configured: string | null,
): Promise<{ hash: string; created: string | null }> {
  if (configured) return { hash: secretHash(configured), created: null };
  const [row] = await db.query<{ value: string }>(
    "SELECT value FROM server_meta WHERE key = 'admin_token_hash'",
  );
  if (row) return { hash: row.value, created: null };
  const token = randomToken(32);
  const hash = secretHash(token);
  await db.query("INSERT INTO server_meta (key, value) VALUES ('admin_token_hash', $1)", [hash]);
  return { hash, created: token };
}
