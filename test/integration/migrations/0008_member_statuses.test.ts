import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/open';
import { loadMigrations } from '../../../db/migrate';
import {
  AT,
  CHECK,
  FOREIGN_KEY,
  TRIGGER,
  UNIQUE,
  columnNames,
  insert,
  insertCashierAndSession,
  refusal,
  rows,
  userVersion,
} from './helpers';

// Found by name: the lead renumbers the file at merge, the test follows it.
const MIGRATIONS = loadMigrations('till');
const VERSION = MIGRATIONS.find((migration) => migration.name === 'member_statuses')?.version ?? 0;
const before = MIGRATIONS.slice(0, VERSION - 1);
const upTo = MIGRATIONS.slice(0, VERSION);

const OLD_STATUSES = ['up_to_date', 'alert', 'delay', 'suspended', 'unsubscribed', 'exempted'];

let dir: string;
let path: string;
let db: Db;

/** Objects SQLite keeps for a table (its indexes and triggers), but not its automatic ones. */
const objectsOn = (table: string): string[] =>
  db
    .prepare(
      "SELECT type || ' ' || name FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name",
    )
    .pluck()
    .all(table) as string[];

const schemaSql = (name: string): string =>
  db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').pluck().get(name) as string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emm-members-'));
  path = join(dir, 'till.db');
  db = openDatabase(path, { migrations: before });
  // A till that has sold for a while: members of every old status, tickets that name them.
  OLD_STATUSES.forEach((status, index) =>
    insert(db, 'members', {
      id: index + 1,
      number: String(1001 + index),
      name: `Membre ${index + 1}`,
      card_barcode: index % 2 === 0 ? `04200000${1001 + index}` : null,
      status,
      eaters: index,
      updated_at: AT,
    }),
  );
  insertCashierAndSession(db);
  for (const [id, memberId] of [
    ['t1', 1],
    ['t2', 4],
    ['t3', null],
    ['t4', 2],
  ] as const) {
    insert(db, 'tickets', {
      id,
      session_id: 's1',
      kind: 'sale',
      status: 'draft',
      cashier_id: 1,
      member_id: memberId,
      created_at: AT,
      updated_at: AT,
    });
  }
  // t1..t3 paid (append-only from then on), t4 still being rung up.
  ['t1', 't2', 't3'].forEach((id, index) =>
    db
      .prepare(
        `UPDATE tickets SET status = 'paid', number = ?, closed_at = ?, closed_by = 1, total = 0,
           journal_seq = ?, member = ? WHERE id = ?`,
      )
      .run(index + 1, AT, index + 1, '{"number":"1001","status":"up_to_date"}', id),
  );
});

afterEach(() => {
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function migrateToVersion(): void {
  db.close();
  db = openDatabase(path, { migrations: upTo });
}

describe(`migration ${VERSION}: member statuses in the coop's own words`, () => {
  it('keeps every member, ticket, index and trigger, and the tickets still point at their members', () => {
    const membersBefore = rows(db, 'members', 'id');
    const ticketsBefore = rows(db, 'tickets', 'id');
    const columnsBefore = columnNames(db, 'members');
    const objectsBefore = objectsOn('members');
    const ticketsSql = schemaSql('tickets');

    migrateToVersion();

    expect(userVersion(db)).toBe(VERSION);
    expect(rows(db, 'tickets', 'id')).toEqual(ticketsBefore);
    expect(schemaSql('tickets')).toBe(ticketsSql);
    const after = rows(db, 'members', 'id') as Record<string, unknown>[];
    expect(after.map((row) => Object.fromEntries(columnsBefore.map((c) => [c, row[c]])))).toEqual(
      membersBefore,
    );
    for (const row of after) {
      expect(row).toMatchObject({ may_shop_override: 0, eater_names: '[]', member_of: null });
    }
    expect(columnNames(db, 'members')).toEqual(expect.arrayContaining(columnsBefore));
    expect(objectsOn('members')).toEqual(expect.arrayContaining(objectsBefore));
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // The foreign key from tickets still holds, on the rebuilt table.
    expect(refusal(() => db.prepare('DELETE FROM members WHERE id = 1').run()).code).toBe(
      FOREIGN_KEY,
    );
    expect(
      refusal(() =>
        insert(db, 'tickets', {
          id: 't9',
          session_id: 's1',
          kind: 'sale',
          status: 'draft',
          cashier_id: 1,
          member_id: 99,
          created_at: AT,
          updated_at: AT,
        }),
      ).code,
    ).toBe(FOREIGN_KEY);
    // Paid tickets are still append-only.
    expect(
      refusal(() => db.prepare("UPDATE tickets SET member_id = 3 WHERE id = 't1'").run()).code,
    ).toBe(TRIGGER);
    expect(db.prepare('SELECT count(*) FROM temp.sqlite_schema').pluck().get()).toBe(0);
  });

  it('takes any status word, and still keeps numbers and cards unique', () => {
    migrateToVersion();
    const member = (overrides: Record<string, unknown>) => ({
      number: '2001',
      name: 'Bee',
      status: 'ok',
      updated_at: AT,
      ...overrides,
    });
    insert(db, 'members', member({ id: 20 }));
    insert(db, 'members', member({ id: 21, number: '2002', status: 'statut maison' }));
    expect(refusal(() => insert(db, 'members', member({ id: 22 }))).code).toBe(UNIQUE);
    expect(
      refusal(() =>
        insert(db, 'members', member({ id: 22, number: '2003', card_barcode: '042000001001' })),
      ).code,
    ).toBe(UNIQUE);
    expect(
      refusal(() => insert(db, 'members', member({ id: 22, number: '2003', eaters: -1 }))).code,
    ).toBe(CHECK);
  });

  it('keeps household names as a JSON list, and an associated person pointing at a real member', () => {
    migrateToVersion();
    const person = (overrides: Record<string, unknown>) => ({
      id: 30,
      number: '3001',
      name: 'Associée',
      status: '',
      updated_at: AT,
      ...overrides,
    });
    insert(db, 'members', person({ member_of: 1, eater_names: '["Léa","Tom"]' }));
    expect(
      refusal(() => insert(db, 'members', person({ id: 31, number: '3002', member_of: 99 }))).code,
    ).toBe(FOREIGN_KEY);
    expect(
      refusal(() => insert(db, 'members', person({ id: 31, number: '3002', member_of: 31 }))).code,
    ).toBe(CHECK);
    for (const names of ['"Léa"', '{"a":1}', 'not json']) {
      expect(
        refusal(() => insert(db, 'members', person({ id: 31, number: '3002', eater_names: names })))
          .code,
      ).toBe(CHECK);
    }
    expect(
      refusal(() => insert(db, 'members', person({ id: 31, number: '3002', may_shop_override: 2 })))
        .code,
    ).toBe(CHECK);
  });

  it("seeds Obeesdoo's and La Louve's statuses, each with its labels and whether it may shop", () => {
    migrateToVersion();
    const statuses = db
      .prepare('SELECT code, may_shop AS mayShop, block FROM member_statuses ORDER BY code')
      .all() as { code: string; mayShop: number; block: string | null }[];
    const mayShop = (codes: string[]) =>
      codes.map((code) => statuses.find((status) => status.code === code)?.mayShop);
    // DESIGN.md, Members.
    expect(mayShop(['ok', 'alert', 'extension', 'exempted'])).toEqual([1, 1, 1, 1]);
    expect(mayShop(['suspended', 'holiday', 'resigning', 'unsubscribed'])).toEqual([0, 0, 0, 0]);
    expect(mayShop(['up_to_date', 'alert', 'delay', 'exempted'])).toEqual([1, 1, 1, 1]);
    expect(
      mayShop(['suspended', 'vacation', 'blocked', 'unpayed', 'unsubscribed', 'not_concerned']),
    ).toEqual([0, 0, 0, 0, 0, 0]);
    expect(statuses).toHaveLength(14);
    for (const status of statuses) expect(status.block === null).toBe(status.mayShop === 1);
    const blank = db
      .prepare(
        "SELECT count(*) FROM member_statuses WHERE label_fr = '' OR label_nl = '' OR label_en = ''",
      )
      .pluck()
      .get();
    expect(blank).toBe(0);
  });

  it('refuses a status that may shop with a block, or may not shop without one', () => {
    migrateToVersion();
    const status = (overrides: Record<string, unknown>) => ({
      code: 'maison',
      label_fr: 'Maison',
      label_nl: 'Huis',
      label_en: 'House',
      may_shop: 1,
      block: null,
      updated_at: AT,
      ...overrides,
    });
    expect(refusal(() => insert(db, 'member_statuses', status({ block: 'soft' }))).code).toBe(
      CHECK,
    );
    expect(refusal(() => insert(db, 'member_statuses', status({ may_shop: 0 }))).code).toBe(CHECK);
    expect(
      refusal(() => insert(db, 'member_statuses', status({ may_shop: 0, block: 'maybe' }))).code,
    ).toBe(CHECK);
    insert(db, 'member_statuses', status({ may_shop: 0, block: 'hard' }));
  });
});
