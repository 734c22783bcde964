import { describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { loadMigrations } from '../../../db/migrate';
import {
  AT,
  CHECK,
  PRIMARY_KEY,
  TRIGGER,
  columnNames,
  freshDbEachTest,
  insert,
  refusal,
  rows,
  schemaObjects,
  tables,
  userVersion,
} from './helpers';

// Found by name: the lead renumbers the file at merge, the test follows it.
const MIGRATIONS = loadMigrations('till');
const VERSION =
  MIGRATIONS.find((migration) => migration.name === 'applied_operations')?.version ?? 0;

let db: Db;
freshDbEachTest(VERSION, (fresh) => {
  db = fresh;
});

const operation = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: 'cashMove',
  input_hash: 'a'.repeat(64),
  result_id: 'm1',
  applied_at: AT,
  ...extra,
});

describe('migration applied_operations: each money-moving act kept by its operation id', () => {
  it('adds a strict table and its append-only triggers', () => {
    expect(VERSION).toBeGreaterThan(0);
    expect(userVersion(db)).toBe(VERSION);
    expect(tables(db).get('applied_operations')?.strict).toBe(true);
    expect(columnNames(db, 'applied_operations')).toEqual([
      'id',
      'name',
      'input_hash',
      'result_id',
      'applied_at',
    ]);
    expect(schemaObjects(db, 'trigger')).toEqual(
      expect.arrayContaining(['applied_operations_no_delete', 'applied_operations_no_update']),
    );
  });

  it('takes an id once, and no empty id, name or short hash', () => {
    insert(db, 'applied_operations', operation('op-1'));
    insert(db, 'applied_operations', operation('op-2', { result_id: null }));
    expect(refusal(() => insert(db, 'applied_operations', operation('op-1'))).code).toBe(
      PRIMARY_KEY,
    );
    expect(refusal(() => insert(db, 'applied_operations', operation(''))).code).toBe(CHECK);
    expect(
      refusal(() => insert(db, 'applied_operations', operation('op-3', { name: '' }))).code,
    ).toBe(CHECK);
    expect(
      refusal(() => insert(db, 'applied_operations', operation('op-4', { input_hash: 'ab' }))).code,
    ).toBe(CHECK);
    expect(rows(db, 'applied_operations')).toHaveLength(2);
  });

  it('refuses to change or forget an applied operation', () => {
    insert(db, 'applied_operations', operation('op-1'));
    const update = refusal(() =>
      db.prepare("UPDATE applied_operations SET result_id = 'm2' WHERE id = 'op-1'").run(),
    );
    expect(update).toEqual({ code: TRIGGER, message: 'applied operations are append-only' });
    expect(refusal(() => db.prepare('DELETE FROM applied_operations').run()).code).toBe(TRIGGER);
    expect(rows(db, 'applied_operations')).toEqual([operation('op-1')]);
  });
});
