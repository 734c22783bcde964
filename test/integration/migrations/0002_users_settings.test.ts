import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { hashPin } from '../../../main/till/pin';
import {
  AT,
  CHECK,
  NOT_NULL,
  PRIMARY_KEY,
  UNIQUE,
  columnNames,
  freshDbEachTest,
  insert,
  refusal,
  rows,
  tables,
  userVersion,
} from './helpers';

let db: Db;
const PIN_HASH = hashPin('1234');

freshDbEachTest(2, (fresh) => {
  db = fresh;
});

const user = (overrides: Record<string, unknown> = {}) => ({
  name: 'Camille',
  role: 'cashier',
  pin_hash: PIN_HASH,
  active: 1,
  created_at: AT,
  ...overrides,
});

describe('migration 0002: users and settings', () => {
  it('adds the users and settings tables, and nothing of the later migrations', () => {
    expect(userVersion(db)).toBe(2);
    const all = tables(db);
    expect(all.has('users')).toBe(true);
    expect(all.has('settings')).toBe(true);
    expect(all.get('users')?.strict).toBe(true);
    expect(all.get('settings')?.strict).toBe(true);
    expect(all.get('settings')?.withoutRowid).toBe(true);
    for (const later of ['sessions', 'tickets', 'journal', 'outbox']) {
      expect(all.has(later), later).toBe(false);
    }
    expect(columnNames(db, 'users')).toEqual([
      'id',
      'name',
      'role',
      'pin_hash',
      'active',
      'created_at',
    ]);
    expect(columnNames(db, 'settings')).toEqual(['key', 'value']);
  });

  it('knows two roles only', () => {
    insert(db, 'users', user());
    insert(db, 'users', user({ name: 'Manon', role: 'manager' }));
    expect(refusal(() => insert(db, 'users', user({ name: 'Root', role: 'admin' }))).code).toBe(
      CHECK,
    );
    expect(refusal(() => insert(db, 'users', user({ name: 'Nobody', role: null }))).code).toBe(
      NOT_NULL,
    );
  });

  it('stores a slow hash of the PIN, never the PIN itself', () => {
    expect(refusal(() => insert(db, 'users', user({ pin_hash: '1234' }))).code).toBe(CHECK);
    expect(refusal(() => insert(db, 'users', user({ pin_hash: '' }))).code).toBe(CHECK);
    expect(refusal(() => insert(db, 'users', user({ pin_hash: 'md5$abc' }))).code).toBe(CHECK);
    insert(db, 'users', user());
    expect(
      refusal(() => db.prepare("UPDATE users SET pin_hash = '0000' WHERE name = 'Camille'").run())
        .code,
    ).toBe(CHECK);
    expect((rows(db, 'users')[0] as { pin_hash: string }).pin_hash).toBe(PIN_HASH);
  });

  it('keeps user names unique and the active flag to 0 or 1', () => {
    insert(db, 'users', user());
    expect(refusal(() => insert(db, 'users', user())).code).toBe(UNIQUE);
    expect(refusal(() => insert(db, 'users', user({ name: 'Other', active: 2 }))).code).toBe(CHECK);
    expect(rows(db, 'users')).toHaveLength(1);
  });

  it('stores settings as JSON under unique keys', () => {
    insert(db, 'settings', { key: 'till.name', value: '"Till 1"' });
    insert(db, 'settings', { key: 'payment.methods', value: '[{"id":"cash"}]' });
    expect(
      refusal(() => insert(db, 'settings', { key: 'till.name', value: '"Till 2"' })).code,
    ).toBe(PRIMARY_KEY);
    expect(refusal(() => insert(db, 'settings', { key: 'shop', value: "{name: 'x'}" })).code).toBe(
      CHECK,
    );
    expect(refusal(() => insert(db, 'settings', { key: 'shop', value: '' })).code).toBe(CHECK);
    expect(
      refusal(() =>
        db.prepare("UPDATE settings SET value = 'Till 3' WHERE key = 'till.name'").run(),
      ).code,
    ).toBe(CHECK);
    // A setting is not a document: it can be changed and removed.
    db.prepare(`UPDATE settings SET value = '"Till 3"' WHERE key = 'till.name'`).run();
    db.prepare("DELETE FROM settings WHERE key = 'payment.methods'").run();
    expect(rows(db, 'settings', 'key')).toEqual([{ key: 'till.name', value: '"Till 3"' }]);
  });
});
