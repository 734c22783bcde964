import { z } from 'zod';
import { isTimeZone } from '../domain/dates';
import { LOCALES } from '../domain/money';
import { PAYMENT_KINDS } from '../domain/payment';
import { MANAGER_PIN_SETTING, managerPinSettingProblem } from '../domain/people';
import { validateNomenclature } from '../domain/barcode';
import { isTillError } from '../domain/errors';
import {
  catalogTransaction,
  listMemberStatuses,
  schemas,
  setSetting,
  upsertMemberStatus,
  type MemberStatusInput,
} from './catalog';
import { importMembers } from './csv-import';
import { coopTimeZone } from './office';
import type { Actor } from './people';
import type { Queryable, Store } from './store';

/**
 * The coop's own records a back office edits beside the catalogue: members and their statuses,
 * and the settings the tills pull; every change is kept in office_changes with who and when.
 */

export type ChangeSubject = 'member' | 'member_status' | 'setting';

export async function recordOfficeChange(
  tx: Queryable,
  subject: ChangeSubject,
  key: string,
  actor: Actor,
  at: string,
  change: Record<string, unknown>,
): Promise<void> {
  await tx.query(
    `INSERT INTO office_changes (subject, subject_key, by_person, by_other, at, change)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      subject,
      key,
      'personId' in actor ? actor.personId : null,
      'other' in actor ? actor.other : null,
      at,
      JSON.stringify(change),
    ],
  );
}

export interface OfficeChange {
  id: string;
  key: string;
  at: string;
  byPerson: number | null;
  byPersonName: string | null;
  byOther: string | null;
  change: Record<string, unknown>;
}

/** The changes to a subject (one key, or all of its kind), newest first. */
export async function officeChanges(
  db: Queryable,
  subject: ChangeSubject,
  key: string | null,
  limit = 100,
): Promise<OfficeChange[]> {
  return db.query<OfficeChange>(
    `SELECT c.id::text AS id, c.subject_key AS key, c.at, c.by_person AS "byPerson",
            p.name AS "byPersonName", c.by_other AS "byOther", c.change
       FROM office_changes c LEFT JOIN people p ON p.id = c.by_person
      WHERE c.subject = $1 AND ($2::text IS NULL OR c.subject_key = $2)
      ORDER BY c.id DESC LIMIT $3`,
    [subject, key, limit],
  );
}

// Members

export interface MemberQuery {
  q?: string | undefined;
  status?: string | undefined;
  sort: 'name' | 'number' | 'status' | 'id';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const MEMBER_SORTS: Record<MemberQuery['sort'], string> = {
  name: 'm.name',
  number: 'm.number',
  status: 'm.status',
  id: 'm.id',
};

const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface MemberRow {
  id: number;
  number: string;
  name: string;
  cardBarcode: string | null;
  status: string;
  eaters: number;
  mayShopOverride: boolean;
}

const MEMBER_COLUMNS = `m.id, m.number, m.name, m.card_barcode AS "cardBarcode", m.status,
  m.eaters, m.may_shop_override AS "mayShopOverride"`;

/** Members found by name, number or card, of a status, sorted, a page. */
export async function listMembersPage(db: Queryable, query: MemberQuery) {
  const search = query.q?.trim() ? query.q.trim() : null;
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  const rows = await db.query<MemberRow & { count: number }>(
    `SELECT ${MEMBER_COLUMNS}, count(*) OVER ()::int AS count
       FROM members m
      WHERE NOT m.deleted
        AND ($1::text IS NULL OR m.name ILIKE $2 OR m.number ILIKE $2 OR m.card_barcode = $1)
        AND ($3::text IS NULL OR m.status = $3)
      ORDER BY ${MEMBER_SORTS[query.sort]} ${direction}, m.id ${direction}
      LIMIT $4 OFFSET $5`,
    [
      search,
      search === null ? null : likeText(search),
      query.status ?? null,
      query.pageSize,
      (query.page - 1) * query.pageSize,
    ],
  );
  return {
    total: rows[0]?.count ?? 0,
    page: query.page,
    pageSize: query.pageSize,
    rows: rows.map(({ count: _count, ...row }) => row),
  };
}

export async function memberDetail(db: Queryable, id: number) {
  const [member] = await db.query<
    MemberRow & { eaterNames: string[]; memberOf: number | null; memberOfName: string | null }
  >(
    `SELECT ${MEMBER_COLUMNS}, m.eater_names AS "eaterNames", m.member_of AS "memberOf",
            o.name AS "memberOfName"
       FROM members m LEFT JOIN members o ON o.id = m.member_of
      WHERE m.id = $1 AND NOT m.deleted`,
    [id],
  );
  if (!member) return null;
  return {
    ...member,
    changes: await officeChanges(db, 'member', String(id)),
    timeZone: await coopTimeZone(db),
  };
}

export const memberStatusChangeSchema = z
  .object({
    status: z
      .string()
      .regex(/^[a-z0-9_]{1,40}$/, 'a status code: lowercase letters, digits, _')
      .optional(),
    mayShopOverride: z.boolean().optional(),
  })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'a status or "may shop anyway"');

/** A refusal in words, with its HTTP status. */
export const refused = (statusCode: number, message: string) =>
  Object.assign(new Error(message), { statusCode });

/** A member's status or "may shop anyway" changed: the tills pull it; who and when are kept. */
export async function changeMemberStatus(
  store: Store,
  id: number,
  change: z.infer<typeof memberStatusChangeSchema>,
  actor: Actor,
  now: Date,
): Promise<boolean> {
  return catalogTransaction(store, async (tx) => {
    const [member] = await tx.query<{ status: string; mayShopOverride: boolean }>(
      `SELECT status, may_shop_override AS "mayShopOverride" FROM members
        WHERE id = $1 AND NOT deleted FOR UPDATE`,
      [id],
    );
    if (!member) return false;
    if (change.status !== undefined) {
      const [known] = await tx.query(
        'SELECT code FROM member_statuses WHERE code = $1 AND NOT deleted',
        [change.status],
      );
      if (!known) {
        throw refused(
          400,
          `The status "${change.status}" is not one of the coop's statuses: add it first`,
        );
      }
    }
    await tx.query(
      `UPDATE members SET status = coalesce($2, status),
              may_shop_override = coalesce($3, may_shop_override),
              version = nextval('catalog_version')
        WHERE id = $1`,
      [id, change.status ?? null, change.mayShopOverride ?? null],
    );
    const described: Record<string, unknown> = {};
    if (change.status !== undefined && change.status !== member.status)
      described.status = { from: member.status, to: change.status };
    if (change.mayShopOverride !== undefined && change.mayShopOverride !== member.mayShopOverride)
      described.mayShopOverride = { from: member.mayShopOverride, to: change.mayShopOverride };
    if (Object.keys(described).length > 0)
      await recordOfficeChange(tx, 'member', String(id), actor, now.toISOString(), described);
    return true;
  });
}

/** The statuses, with how many members hold each (a status in use is kept, not deleted). */
export async function memberStatusesWithCounts(db: Queryable) {
  const statuses = (await listMemberStatuses(db)) as (MemberStatusInput & { members?: number })[];
  const counts = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM members WHERE NOT deleted GROUP BY status',
  );
  const byStatus = new Map(counts.map((row) => [row.status, row.n]));
  const unknown = counts
    .filter((row) => !statuses.some((status) => status.code === row.status))
    .map((row) => ({ code: row.status, members: row.n }));
  return {
    statuses: statuses.map((status) => ({ ...status, members: byStatus.get(status.code) ?? 0 })),
    /** Statuses members hold that the coop's table lacks: the tills treat them as soft-blocked. */
    unknown,
    changes: await officeChanges(db, 'member_status', null, 50),
    timeZone: await coopTimeZone(db),
  };
}

export async function saveMemberStatus(
  store: Store,
  status: MemberStatusInput,
  actor: Actor,
  now: Date,
): Promise<void> {
  await catalogTransaction(store, async (tx) => {
    await upsertMemberStatus(tx, status);
    await recordOfficeChange(tx, 'member_status', status.code, actor, now.toISOString(), {
      labels: status.labels,
      mayShop: status.mayShop,
      block: status.block,
    });
  });
}

export const memberStatusSchema = schemas.memberStatus;

// Member import: a preview that writes nothing, then the same import applied.

class PreviewDone extends Error {}

/**
 * What importing the file would do, written nothing: the same checks as the import (every
 * refusal in words, with its row), then the rows new, changed and unchanged, and the statuses
 * the coop's table lacks. The import runs in a transaction that is rolled back.
 */
export async function previewMemberImport(store: Store, text: string) {
  let result: {
    rows: number;
    created: number;
    changed: number;
    unchanged: number;
    unknownStatuses: string[];
    sample: MemberRow[];
  } | null = null;
  try {
    await store.transaction(async (tx) => {
      const before = await tx.query<MemberRow & { deleted: boolean }>(
        `SELECT ${MEMBER_COLUMNS}, m.deleted FROM members m`,
      );
      // The import's own code, in this transaction: its checks and clashes are the import's.
      const inside: Store = {
        kind: store.kind,
        query: (sql, params) => tx.query(sql, params),
        transaction: (work) => work(tx),
        exec: (sql) => tx.exec(sql),
        close: () => Promise.resolve(),
      };
      const { members: rows } = await importMembers(inside, text);
      const after = await tx.query<MemberRow>(
        `SELECT ${MEMBER_COLUMNS} FROM members m WHERE NOT m.deleted ORDER BY m.id`,
      );
      const old = new Map(before.map(({ deleted, ...row }) => [row.id, { row, deleted }]));
      const statuses = new Set(
        (
          await tx.query<{ code: string }>('SELECT code FROM member_statuses WHERE NOT deleted')
        ).map((row) => row.code),
      );
      const isNew = (row: MemberRow) => {
        const was = old.get(row.id);
        return !was || was.deleted;
      };
      const touched = after.filter(
        (row) => isNew(row) || JSON.stringify(old.get(row.id)?.row) !== JSON.stringify(row),
      );
      const created = touched.filter(isNew).length;
      result = {
        rows,
        created,
        changed: touched.length - created,
        unchanged: rows - touched.length,
        unknownStatuses: [...new Set(after.map((row) => row.status))].filter(
          (code) => !statuses.has(code),
        ),
        sample: touched.slice(0, 20),
      };
      throw new PreviewDone();
    });
  } catch (error) {
    if (!(error instanceof PreviewDone)) throw error;
  }
  if (!result) throw new Error('The preview did not run');
  return result;
}

export async function applyMemberImport(store: Store, text: string, actor: Actor, now: Date) {
  const result = await importMembers(store, text);
  await recordOfficeChange(store, 'member', 'import', actor, now.toISOString(), {
    imported: result.members,
  });
  return result;
}

// Settings the tills pull

type SettingKind = 'number' | 'boolean' | 'choice' | 'text' | 'json';

export interface SettingDefinition {
  key: string;
  kind: SettingKind;
  choices?: readonly string[];
  /** The value a till uses when the coop never set it. */
  fallback: unknown;
  schema: z.ZodType;
  /** Only an admin may change it (who may sign in as a manager at the tills, the barcodes). */
  adminOnly?: boolean;
}

const nomenclature = z.unknown().superRefine((value, context) => {
  try {
    validateNomenclature(value);
  } catch (error) {
    if (!isTillError(error)) throw error;
    context.addIssue({ code: 'custom', message: error.message });
  }
});

/** The settings every till pulls, with what a till does when unset (main/till/settings.ts). */
export const TILL_SETTINGS: readonly SettingDefinition[] = [
  {
    key: 'till.locale',
    kind: 'choice',
    choices: LOCALES,
    fallback: 'fr-BE',
    schema: z.enum(LOCALES, { message: `one of ${LOCALES.join(', ')}` }),
  },
  {
    key: 'till.timeZone',
    kind: 'text',
    fallback: 'Europe/Brussels',
    schema: z.string().refine(isTimeZone, 'a time zone such as Europe/Brussels'),
  },
  {
    key: 'discount.approvalAboveBp',
    kind: 'number',
    fallback: 2000,
    schema: z
      .number({ message: 'a whole number' })
      .int('a whole number')
      .min(0, 'from 0')
      .max(10_000, 'at most 10000 (100 %)'),
  },
  {
    key: 'payment.roundAll',
    kind: 'boolean',
    fallback: false,
    schema: z.boolean({ message: 'yes or no' }),
  },
  {
    key: 'payment.voucherExcess',
    kind: 'choice',
    choices: ['refuse', 'keep'],
    fallback: 'refuse',
    schema: z.enum(['refuse', 'keep'], { message: 'refuse or keep' }),
  },
  {
    key: 'auth.idleSignOutSeconds',
    kind: 'number',
    fallback: 300,
    schema: z
      .number({ message: 'a whole number of seconds' })
      .int('a whole number of seconds')
      .min(0, 'from 0 (never)')
      .max(86_400, 'at most 86400 seconds (a day)'),
  },
  {
    key: MANAGER_PIN_SETTING,
    kind: 'number',
    fallback: 6,
    adminOnly: true,
    schema: z.unknown().superRefine((value, context) => {
      const problem = managerPinSettingProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  },
  {
    key: 'shop',
    kind: 'json',
    fallback: { name: 'EasyMyMarket', addressLines: [], vatNumber: '', footerLines: [] },
    schema: z
      .object({
        name: z.string().min(1, 'the shop’s name'),
        addressLines: z.array(z.string()),
        vatNumber: z.string(),
        footerLines: z.array(z.string()),
      })
      .strict(),
  },
  {
    key: 'payment.methods',
    kind: 'json',
    fallback: [
      { id: 'cash', label: '', kind: 'cash' },
      { id: 'card', label: '', kind: 'card' },
    ],
    schema: z
      .array(
        z
          .object({
            id: z.string().min(1).max(32),
            label: z.string(),
            labels: z
              .object({ 'fr-BE': z.string(), 'nl-BE': z.string(), en: z.string() })
              .partial()
              .strict()
              .optional(),
            kind: z.enum(PAYMENT_KINDS, { message: `a kind: ${PAYMENT_KINDS.join(', ')}` }),
          })
          .strict(),
      )
      .min(1, 'at least one payment method'),
  },
  {
    key: 'barcode.nomenclature',
    kind: 'json',
    fallback: null,
    adminOnly: true,
    schema: nomenclature,
  },
];

export const settingByKey = (key: string) => TILL_SETTINGS.find((setting) => setting.key === key);

/** Each setting the tills pull: its value (or the tills' fallback), its last change, the tills. */
export async function tillSettings(db: Queryable) {
  const rows = await db.query<{ key: string; value: unknown }>(
    'SELECT key, value FROM settings WHERE NOT deleted',
  );
  const changes = await officeChanges(db, 'setting', null, 500);
  const tills = await db.query<{ id: number; name: string; lastPullAt: string | null }>(
    `SELECT id, name, last_pull_at AS "lastPullAt" FROM tills WHERE revoked_at IS NULL
      ORDER BY name`,
  );
  return {
    settings: TILL_SETTINGS.map((setting) => {
      const row = rows.find((candidate) => candidate.key === setting.key);
      return {
        key: setting.key,
        kind: setting.kind,
        choices: setting.choices ?? null,
        adminOnly: setting.adminOnly ?? false,
        set: row !== undefined,
        value: row ? row.value : setting.fallback,
        lastChange: changes.find((change) => change.key === setting.key) ?? null,
      };
    }),
    tills,
    timeZone: await coopTimeZone(db),
  };
}

/** A value refused in words: "discount.approvalAboveBp: at most 10000 (100 %)". */
export function settingProblem(key: string, value: unknown): string | null {
  const setting = settingByKey(key);
  if (!setting) return null;
  const parsed = setting.schema.safeParse(value);
  if (parsed.success) return null;
  return parsed.error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ` : '') + issue.message)
    .join('; ');
}

export async function changeSetting(
  store: Store,
  key: string,
  value: unknown,
  actor: Actor,
  now: Date,
): Promise<void> {
  await catalogTransaction(store, async (tx) => {
    const [before] = await tx.query<{ value: unknown }>(
      'SELECT value FROM settings WHERE key = $1 AND NOT deleted',
      [key],
    );
    await setSetting(tx, key, value);
    await recordOfficeChange(tx, 'setting', key, actor, now.toISOString(), {
      from: before ? before.value : null,
      to: value,
    });
  });
}
