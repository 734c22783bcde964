import type { Store } from './store';

/**
 * The tables a till pulls, in the order a till must apply them (a product names its category and
 * its tax rate). Each page reads every table from the start, so a category made while a till was
 * pulling reaches it before the products that name it.
 */
/** A person's user id at the tills: theirs on the server plus this. */
export const PERSON_USER_ID = 1_000_000;

const TABLES = [
  {
    name: 'taxRates',
    sql: `SELECT id, name, rate_bp AS "rateBp", deleted, version::text AS row_version FROM tax_rates`,
  },
  {
    name: 'categories',
    sql: `SELECT id, name, name_nl AS "nameNl", deleted, version::text AS row_version FROM categories`,
  },
  {
    name: 'settings',
    sql: `SELECT key, value, deleted, version::text AS row_version FROM settings`,
  },
  {
    name: 'users',
    // The tills' users: those the admin API wrote (legacy), and the people, numbered from
    // PERSON_USER_ID so that both fit in the till's one users table. A person with no PIN, or
    // disabled, is pulled inactive: the till then refuses them.
    sql: `SELECT id, name, role, "pinHash", active, badge, locale, deleted,
            version::text AS row_version FROM (
            SELECT id, name, role, pin_hash AS "pinHash", active, NULL::text AS badge,
                   NULL::text AS locale, deleted, version FROM users
            UNION ALL
            SELECT ${PERSON_USER_ID} + id, name,
                   CASE WHEN roles && ARRAY['admin', 'manager'] THEN 'manager' ELSE 'cashier' END,
                   coalesce(till_pin_hash, 'scrypt$none'), disabled_at IS NULL AND till_pin_hash IS NOT NULL,
                   badge, locale, false, version FROM people) AS till_users`,
  },
  {
    name: 'products',
    sql: `SELECT id, name, name_nl AS "nameNl", category_id AS "categoryId", tax_rate_id AS "taxRateId",
            price, unit, active, barcodes, deleted, version::text AS row_version FROM products`,
  },
  {
    name: 'members',
    sql: `SELECT id, number, name, card_barcode AS "cardBarcode", status, eaters,
            may_shop_override AS "mayShopOverride", eater_names AS "eaterNames",
            member_of AS "memberOf", deleted, version::text AS row_version FROM members`,
  },
  // Last, so that the cursor of a till that pulled before it existed still reads the same.
  {
    name: 'memberStatuses',
    sql: `SELECT code, json_build_object('fr-BE', label_fr, 'nl-BE', label_nl, 'en', label_en)
            AS labels, may_shop AS "mayShop", block, deleted, version::text AS row_version
            FROM member_statuses`,
  },
] as const;

export type PullTable = (typeof TABLES)[number]['name'];

export interface PullPage {
  /** Give it back to get the next page; opaque to the till. */
  cursor: string;
  /** More changes wait beyond this page. */
  more: boolean;
  changes: Record<PullTable, Record<string, unknown>[]>;
}

/** One number per table; a till that pulled before member statuses has one fewer. */
export const CURSOR = /^\d{1,19}(\.\d{1,19}){5,6}$/;

export function parseCursor(cursor: string | undefined): bigint[] {
  if (!cursor) return TABLES.map(() => 0n);
  return cursor.split('.').map((part) => BigInt(part));
}

/** One page of changes after `cursor`, at most `limit` rows, read from one snapshot. */
export async function pullPage(
  store: Store,
  cursor: string | undefined,
  limit: number,
): Promise<PullPage> {
  const marks = parseCursor(cursor);
  return store.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    let left = limit;
    let more = false;
    const changes = {} as PullPage['changes'];
    for (const [index, table] of TABLES.entries()) {
      const since = marks[index] ?? 0n;
      const rows =
        left > 0
          ? await tx.query<Record<string, unknown> & { row_version: string }>(
              `${table.sql} WHERE version > $1 ORDER BY version LIMIT $2`,
              [since.toString(), left + 1],
            )
          : await tx.query<Record<string, unknown> & { row_version: string }>(
              `${table.sql} WHERE version > $1 LIMIT 1`,
              [since.toString()],
            );
      if (rows.length > left) {
        more = true;
        rows.length = left;
      }
      left -= rows.length;
      const last = rows.at(-1);
      if (last) marks[index] = BigInt(last.row_version);
      changes[table.name] = rows.map(({ row_version: _version, ...row }) => row);
    }
    return { cursor: marks.join('.'), more, changes };
  });
}
