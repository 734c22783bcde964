import type { z } from 'zod';
import type { pullPageSchema } from '../domain/sync-wire';
import type { Queryable, Store } from './store';

/** A person's user id at the tills: theirs on the server plus this. */
export const PERSON_USER_ID = 1_000_000;

/** A page as the till's client reads it (domain/sync-wire.ts): the server writes that type. */
export type PullPage = z.input<typeof pullPageSchema>;
type Changes = Required<PullPage['changes']>;
export type PullTable = keyof Changes;
type Row<T extends PullTable> = Changes[T][number];

/**
 * Where a table's rows come from, and the SQL of each field of the till's row: every field the
 * wire declares, and no other, so that a field added on one side and not the other does not
 * compile.
 */
interface Table<T extends PullTable> {
  from: string;
  fields: { [F in keyof Row<T>]-?: string };
}

const TABLES: { [T in PullTable]: Table<T> } = {
  taxRates: {
    from: 'tax_rates',
    fields: { id: 'id', name: 'name', rateBp: 'rate_bp', deleted: 'deleted' },
  },
  categories: {
    from: 'categories',
    fields: { id: 'id', name: 'name', nameNl: 'name_nl', deleted: 'deleted' },
  },
  settings: {
    from: 'settings',
    fields: { key: 'key', value: 'value', deleted: 'deleted' },
  },
  users: {
    // The tills' users: those the admin API wrote (legacy), and the people, numbered from
    // PERSON_USER_ID so that both fit in the till's one users table. A person with no PIN, or
    // disabled, is pulled inactive: the till then refuses them.
    from: `(SELECT id, name, role, pin_hash, active, NULL::text AS badge, NULL::text AS locale,
                   deleted, version FROM users
            UNION ALL
            SELECT ${PERSON_USER_ID} + id, name,
                   CASE WHEN roles && ARRAY['admin', 'manager'] THEN 'manager' ELSE 'cashier' END,
                   coalesce(till_pin_hash, 'scrypt$none'), disabled_at IS NULL AND till_pin_hash IS NOT NULL,
                   badge, locale, false, version FROM people) AS till_users`,
    fields: {
      id: 'id',
      name: 'name',
      role: 'role',
      pinHash: 'pin_hash',
      active: 'active',
      badge: 'badge',
      locale: 'locale',
      deleted: 'deleted',
    },
  },
  products: {
    from: 'products',
    fields: {
      id: 'id',
      name: 'name',
      nameNl: 'name_nl',
      categoryId: 'category_id',
      taxRateId: 'tax_rate_id',
      price: 'price',
      unit: 'unit',
      active: 'active',
      barcodes: 'barcodes',
      deleted: 'deleted',
    },
  },
  members: {
    from: 'members',
    fields: {
      id: 'id',
      number: 'number',
      name: 'name',
      cardBarcode: 'card_barcode',
      status: 'status',
      eaters: 'eaters',
      mayShopOverride: 'may_shop_override',
      eaterNames: 'eater_names',
      memberOf: 'member_of',
      deleted: 'deleted',
    },
  },
  memberStatuses: {
    from: 'member_statuses',
    fields: {
      code: 'code',
      labels: `json_build_object('fr-BE', label_fr, 'nl-BE', label_nl, 'en', label_en)`,
      mayShop: 'may_shop',
      block: 'block',
      deleted: 'deleted',
    },
  },
};

/**
 * The tables in the order a till must apply them (a product names its category and its tax
 * rate), which is also the cursor's. Each page reads every table from the start, so a category
 * made while a till was pulling reaches it before the products that name it. Member statuses
 * last, so that the cursor of a till that pulled before them still reads the same.
 */
const ORDER = [
  'taxRates',
  'categories',
  'settings',
  'users',
  'products',
  'members',
  'memberStatuses',
] as const satisfies readonly PullTable[];
// Every table in the order, or this does not compile.
const ordered: Exclude<PullTable, (typeof ORDER)[number]> extends never ? true : never = true;
void ordered;

/** One number per table; a till that pulled before member statuses has one fewer. */
export const CURSOR = /^\d{1,19}(\.\d{1,19}){5,6}$/;

export function parseCursor(cursor: string | undefined): bigint[] {
  if (!cursor) return ORDER.map(() => 0n);
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
    const page = { left: limit, more: false };
    /** The table's rows changed since its mark, as many as the page has room for. */
    const read = async <T extends PullTable>(name: T): Promise<Row<T>[]> => {
      const index = ORDER.indexOf(name);
      const since = marks[index] ?? 0n;
      const table: Table<T> = TABLES[name];
      const fields = Object.entries(table.fields).map(([field, sql]) => `'${field}', ${sql}`);
      const select = `SELECT json_build_object(${fields.join(', ')}) AS row,
                             version::text AS row_version FROM ${table.from}`;
      const rows =
        page.left > 0
          ? await readRows<T>(tx, `${select} WHERE version > $1 ORDER BY version LIMIT $2`, [
              since.toString(),
              page.left + 1,
            ])
          : await readRows<T>(tx, `${select} WHERE version > $1 LIMIT 1`, [since.toString()]);
      if (rows.length > page.left) {
        page.more = true;
        rows.length = page.left;
      }
      page.left -= rows.length;
      const last = rows.at(-1);
      if (last) marks[index] = BigInt(last.row_version);
      return rows.map((row) => row.row);
    };
    // One after the other, in ORDER: each table takes what room the ones before it left.
    const changes: Changes = {
      taxRates: await read('taxRates'),
      categories: await read('categories'),
      settings: await read('settings'),
      users: await read('users'),
      products: await read('products'),
      members: await read('members'),
      memberStatuses: await read('memberStatuses'),
    };
    return { cursor: marks.join('.'), more: page.more, changes };
  });
}

function readRows<T extends PullTable>(
  tx: Queryable,
  sql: string,
  params: unknown[],
): Promise<{ row: Row<T>; row_version: string }[]> {
  return tx.query<{ row: Row<T>; row_version: string }>(sql, params);
}
