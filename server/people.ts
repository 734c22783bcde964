import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { randomBytes, scryptSync } from 'node:crypto';
import { z } from 'zod';
import {
  MANAGER_PIN_SETTING,
  ROLES,
  afterFailure,
  lockoutLeft,
  managerPinMinLength,
  managerPinProblem,
  minutesAndSeconds,
  sessionAlive,
  type Role,
  type WebApp,
} from '../domain/people';
import { LOCALES, type Locale } from '../domain/money';
import { secretHash } from './tills';
import type { Queryable, Store } from './store';

/** argon2id with the library's defaults (OWASP's 19 MiB, 2 passes): 8-12 ms here, native. */
export const hashSecret = (secret: string): Promise<string> => argonHash(secret);

/**
 * A PIN in the tills' own format (main/till/pin.ts: scrypt N=2^14, r=8, p=1, 16-byte salt,
 * 32-byte key), which their users table requires: the tills check PINs offline, with what they
 * pulled. Made here, while the PIN is in hand; the web apps check the argon2id hash.
 */
export function tillPinHash(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
}

async function verifySecret(secret: string, hash: string | null): Promise<boolean> {
  // A person with no such secret still costs one hash, so that timing does not tell who exists.
  if (!hash) {
    await argonHash(secret);
    return false;
  }
  return argonVerify(hash, secret);
}

/** Who made a change: a signed-in person, the admin token (scripts), or the command line. */
export type Actor = { personId: number } | { other: 'admin_token' | 'command_line' };

export interface Person {
  id: number;
  name: string;
  locale: Locale;
  badge: string | null;
  roles: Role[];
  hasPin: boolean;
  hasPassword: boolean;
  disabledAt: string | null;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

const PERSON_COLUMNS = `id, name, locale, badge, roles, pin_hash IS NOT NULL AS "hasPin",
  password_hash IS NOT NULL AS "hasPassword", disabled_at AS "disabledAt",
  locked_until AS "lockedUntil", created_at AS "createdAt", updated_at AS "updatedAt"`;

const name = z.string().trim().min(1, 'a name').max(100);
const roles = z
  .array(z.enum(ROLES))
  .min(1, 'at least one role: admin, manager, stock or cashier')
  .transform((list) => ROLES.filter((role) => list.includes(role)));
const pin = z.string().regex(/^\d{4,8}$/, 'a PIN of 4 to 8 digits');
const password = z
  .string()
  .min(10, 'a password of at least 10 characters')
  .max(200, 'a password of at most 200 characters');
const badge = z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'a badge code: 1 to 64 letters or digits');

export const personSchemas = {
  create: z
    .object({
      name,
      roles,
      locale: z.enum(LOCALES).default('fr-BE'),
      badge: badge.nullable().default(null),
      pin: pin.optional(),
      password: password.optional(),
    })
    .strict(),
  edit: z
    .object({
      name: name.optional(),
      roles: roles.optional(),
      locale: z.enum(LOCALES).optional(),
      badge: badge.nullable().optional(),
      pin: pin.nullable().optional(),
      password: password.nullable().optional(),
      disabled: z.boolean().optional(),
    })
    .strict()
    .refine((edit) => Object.keys(edit).length > 0, 'at least one change'),
};
export type PersonInput = z.infer<typeof personSchemas.create>;
export type PersonEdit = z.infer<typeof personSchemas.edit>;

/** A name or badge another person already holds: 409, in words. */
export class PersonTakenError extends Error {
  readonly statusCode = 409;
}

function taken(error: unknown, input: { name?: string; badge?: string | null }): never {
  const constraint = (error as { constraint?: string }).constraint;
  const message = (error as Error).message ?? '';
  if (constraint === 'people_name' || message.includes('people_name'))
    throw new PersonTakenError(`A person is already named "${input.name ?? ''}"`);
  if (constraint === 'people_badge' || message.includes('people_badge'))
    throw new PersonTakenError(`The badge "${input.badge ?? ''}" is already someone's`);
  throw error;
}

/** A manager's or admin's PIN shorter than the coop allows: 400, in words. */
export class ManagerPinTooShort extends Error {
  readonly statusCode = 400;
}

/** The coop's shortest manager PIN, from its settings (the tills pull the same row). */
export async function readManagerPinMinLength(db: Queryable): Promise<number> {
  const [row] = await db.query<{ value: unknown }>(
    'SELECT value FROM settings WHERE key = $1 AND NOT deleted',
    [MANAGER_PIN_SETTING],
  );
  return managerPinMinLength(row?.value);
}

async function checkManagerPin(
  db: Queryable,
  before: Parameters<typeof managerPinProblem>[0],
  change: Parameters<typeof managerPinProblem>[1],
): Promise<void> {
  const problem = managerPinProblem(before, change, await readManagerPinMinLength(db));
  if (problem) throw new ManagerPinTooShort(problem);
}

async function recordChange(
  tx: Queryable,
  personId: number,
  actor: Actor,
  at: string,
  change: Record<string, unknown>,
): Promise<void> {
  await tx.query(
    `INSERT INTO people_changes (person_id, by_person, by_other, at, change) VALUES ($1, $2, $3, $4, $5)`,
    [
      personId,
      'personId' in actor ? actor.personId : null,
      'other' in actor ? actor.other : null,
      at,
      JSON.stringify(change),
    ],
  );
}

/** What a change records: the fields given, each secret only as "set" or "removed". */
function described(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) =>
        key === 'pin' || key === 'password'
          ? [key, value === null ? 'removed' : 'set']
          : [key, value],
      ),
  );
}

export async function createPerson(
  store: Store,
  input: PersonInput,
  actor: Actor,
  now: Date,
): Promise<Person> {
  const at = now.toISOString();
  await checkManagerPin(store, null, input);
  const pinHash = input.pin ? await hashSecret(input.pin) : null;
  const passwordHash = input.password ? await hashSecret(input.password) : null;
  try {
    return await store.transaction(async (tx) => {
      const [person] = await tx.query<Person>(
        `INSERT INTO people (name, locale, badge, roles, pin_hash, till_pin_hash, password_hash,
           created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ${PERSON_COLUMNS}`,
        [
          input.name,
          input.locale,
          input.badge,
          input.roles,
          pinHash,
          input.pin ? tillPinHash(input.pin) : null,
          passwordHash,
          at,
        ],
      );
      if (!person) throw new Error('The new person was not stored');
      await recordChange(tx, person.id, actor, at, { created: true, ...described(input) });
      return person;
    });
  } catch (error) {
    taken(error, input);
  }
}

export async function editPerson(
  store: Store,
  id: number,
  edit: PersonEdit,
  actor: Actor,
  now: Date,
): Promise<Person | null> {
  const at = now.toISOString();
  if (edit.roles !== undefined || edit.pin !== undefined) {
    const before = await getPerson(store, id);
    if (!before) return null;
    await checkManagerPin(store, before, edit);
  }
  const sets: string[] = [];
  const params: unknown[] = [id, at];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (edit.name !== undefined) set('name', edit.name);
  if (edit.roles !== undefined) set('roles', edit.roles);
  if (edit.locale !== undefined) set('locale', edit.locale);
  if (edit.badge !== undefined) set('badge', edit.badge);
  if (edit.pin !== undefined)
    set('pin_hash', edit.pin === null ? null : await hashSecret(edit.pin));
  if (edit.pin !== undefined)
    set('till_pin_hash', edit.pin === null ? null : tillPinHash(edit.pin));
  if (edit.password !== undefined)
    set('password_hash', edit.password === null ? null : await hashSecret(edit.password));
  if (edit.disabled !== undefined)
    sets.push(edit.disabled ? 'disabled_at = coalesce(disabled_at, $2)' : 'disabled_at = NULL');
  // A new secret, or an admin re-enabling someone, lifts a lockout.
  if (edit.pin || edit.password || edit.disabled === false)
    sets.push('failures = 0, locked_until = NULL');
  try {
    return await store.transaction(async (tx) => {
      const [person] = await tx.query<Person>(
        `UPDATE people SET ${[...sets, 'updated_at = $2', "version = nextval('catalog_version')"].join(', ')} WHERE id = $1 RETURNING ${PERSON_COLUMNS}`,
        params,
      );
      if (!person) return null;
      // Disabled, or given new secrets: the sessions opened before end now.
      if (edit.disabled || edit.pin || edit.password || edit.roles) {
        await tx.query(
          'UPDATE web_sessions SET ended_at = $2 WHERE person_id = $1 AND ended_at IS NULL',
          [id, at],
        );
      }
      await recordChange(tx, id, actor, at, described(edit));
      return person;
    });
  } catch (error) {
    taken(error, edit);
  }
}

/** Ends a person's open web sessions (a lost phone, a shared PC left signed in); kept in changes. */
export async function endPersonSessions(
  store: Store,
  id: number,
  actor: Actor,
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  return store.transaction(async (tx) => {
    const ended = await tx.query(
      'UPDATE web_sessions SET ended_at = $2 WHERE person_id = $1 AND ended_at IS NULL RETURNING person_id',
      [id, at],
    );
    await recordChange(tx, id, actor, at, { sessionsEnded: ended.length });
    return ended.length;
  });
}

export async function listPeople(db: Queryable): Promise<Person[]> {
  return db.query<Person>(`SELECT ${PERSON_COLUMNS} FROM people ORDER BY id`);
}

export async function getPerson(db: Queryable, id: number): Promise<Person | null> {
  const [person] = await db.query<Person>(`SELECT ${PERSON_COLUMNS} FROM people WHERE id = $1`, [
    id,
  ]);
  return person ?? null;
}

export interface PersonChange {
  id: string;
  at: string;
  byPerson: number | null;
  byPersonName: string | null;
  byOther: string | null;
  change: Record<string, unknown>;
}

export async function personChanges(db: Queryable, id: number): Promise<PersonChange[]> {
  return db.query<PersonChange>(
    `SELECT c.id::text AS id, c.at, c.by_person AS "byPerson", p.name AS "byPersonName",
            c.by_other AS "byOther", c.change
       FROM people_changes c LEFT JOIN people p ON p.id = c.by_person
      WHERE c.person_id = $1 ORDER BY c.id`,
    [id],
  );
}

export async function countAdmins(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM people WHERE 'admin' = ANY (roles) AND disabled_at IS NULL",
  );
  return row?.n ?? 0;
}

/** A refused sign-in, told in words; `status` 401 for a wrong secret, 423 locked, 403 no role. */
export class SignInRefused extends Error {
  constructor(
    readonly statusCode: 401 | 403 | 423,
    readonly code: 'wrong' | 'locked' | 'no_role',
    message: string,
    readonly seconds?: number,
  ) {
    super(message);
  }
}

export type Credentials = { name: string; password: string } | { badge: string; pin: string };

interface SecretRow {
  id: number;
  roles: Role[];
  disabledAt: string | null;
  secret: string | null;
  failures: number;
  lockedUntil: string | null;
}

const WRONG = 'Wrong name or password, or wrong badge or PIN';

/**
 * Checks a person's secret. Five wrong ones in a row lock that person for five minutes, counted
 * in the database so that a restart does not reset it; a disabled or unknown person gets the same
 * answer as a wrong secret.
 */
export async function checkCredentials(
  store: Store,
  credentials: Credentials,
  now: Date,
): Promise<{ id: number; roles: Role[] }> {
  const byPassword = 'password' in credentials;
  const [row] = await store.query<SecretRow>(
    `SELECT id, roles, disabled_at AS "disabledAt", failures, locked_until AS "lockedUntil",
            ${byPassword ? 'password_hash' : 'pin_hash'} AS secret
       FROM people WHERE ${byPassword ? 'lower(name) = lower($1)' : 'badge = $1'}`,
    [byPassword ? credentials.name.trim() : credentials.badge],
  );
  const secret = byPassword ? credentials.password : credentials.pin;
  if (!row) {
    await verifySecret(secret, null);
    throw new SignInRefused(401, 'wrong', WRONG);
  }
  const state = {
    failures: row.failures,
    lockedUntil: row.lockedUntil ? Date.parse(row.lockedUntil) : null,
  };
  const left = lockoutLeft(state, now.getTime());
  if (left > 0) {
    throw new SignInRefused(
      423,
      'locked',
      `Too many wrong attempts: this account is locked; try again in ${minutesAndSeconds(left)}`,
      Math.ceil(left / 1000),
    );
  }
  const right = await verifySecret(secret, row.secret);
  if (!right || row.disabledAt) {
    if (right) throw new SignInRefused(401, 'wrong', WRONG);
    const next = afterFailure(state, now.getTime());
    await store.query('UPDATE people SET failures = $2, locked_until = $3 WHERE id = $1', [
      row.id,
      next.failures,
      next.lockedUntil === null ? null : new Date(next.lockedUntil).toISOString(),
    ]);
    if (next.lockedUntil !== null) {
      throw new SignInRefused(
        423,
        'locked',
        `Too many wrong attempts: this account is locked for ${minutesAndSeconds(next.lockedUntil - now.getTime())}`,
        Math.ceil((next.lockedUntil - now.getTime()) / 1000),
      );
    }
    throw new SignInRefused(401, 'wrong', WRONG);
  }
  if (row.failures > 0 || row.lockedUntil) {
    await store.query('UPDATE people SET failures = 0, locked_until = NULL WHERE id = $1', [
      row.id,
    ]);
  }
  return { id: row.id, roles: row.roles };
}

export interface WebSession {
  personId: number;
  app: WebApp;
  name: string;
  locale: Locale;
  roles: Role[];
}

/** A new session: the random id goes in the cookie, its SHA-256 in the database. */
export async function openSession(
  db: Queryable,
  personId: number,
  app: WebApp,
  now: Date,
): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const at = now.toISOString();
  await db.query(
    `INSERT INTO web_sessions (id_hash, person_id, app, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)`,
    [secretHash(id), personId, app, at],
  );
  return id;
}

/** The person behind a live session, whose use is noted (the idle timeout runs from there). */
export async function sessionPerson(
  db: Queryable,
  sessionId: string,
  now: Date,
): Promise<WebSession | null> {
  const [row] = await db.query<
    WebSession & { lastSeenAt: string; endedAt: string | null; disabledAt: string | null }
  >(
    `SELECT s.person_id AS "personId", s.app, s.last_seen_at AS "lastSeenAt", s.ended_at AS "endedAt",
            p.name, p.locale, p.roles, p.disabled_at AS "disabledAt"
       FROM web_sessions s JOIN people p ON p.id = s.person_id WHERE s.id_hash = $1`,
    [secretHash(sessionId)],
  );
  if (!row || row.disabledAt) return null;
  const alive = sessionAlive(
    {
      app: row.app,
      lastSeenAt: Date.parse(row.lastSeenAt),
      endedAt: row.endedAt ? Date.parse(row.endedAt) : null,
    },
    now.getTime(),
  );
  if (!alive) return null;
  await db.query('UPDATE web_sessions SET last_seen_at = $2 WHERE id_hash = $1', [
    secretHash(sessionId),
    now.toISOString(),
  ]);
  return {
    personId: row.personId,
    app: row.app,
    name: row.name,
    locale: row.locale,
    roles: row.roles,
  };
}

export async function endSession(db: Queryable, sessionId: string, now: Date): Promise<void> {
  await db.query('UPDATE web_sessions SET ended_at = $2 WHERE id_hash = $1 AND ended_at IS NULL', [
    secretHash(sessionId),
    now.toISOString(),
  ]);
}
