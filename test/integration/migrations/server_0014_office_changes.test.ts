import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { STORES, freshStore } from '../../support/server';

// Found by name: a merge may renumber the file, the test follows it.
const VERSION =
  serverMigrations().find((migration) => migration.name === 'office_changes')?.version ?? 0;

describe.each(STORES)(
  'server migration office_changes (office changes, tills’ last pull) on %s',
  (kind) => {
    it('keeps who changed a member, a status or a setting, and leaves tills never pulled', async () => {
      const { store, dispose } = await freshStore(kind, null, VERSION - 1);
      try {
        await store.exec(
          `INSERT INTO tills (name, created_at) VALUES ('Caisse 1', '2026-03-01T08:00:00Z');
         INSERT INTO people (name, locale, roles, created_at, updated_at)
           VALUES ('Ada', 'fr-BE', ARRAY['admin'], '2026-03-01T08:00:00Z', '2026-03-01T08:00:00Z')`,
        );
        expect(await migrateServer(store, serverMigrations().slice(0, VERSION))).toEqual([VERSION]);
        expect(await store.query('SELECT name, last_pull_at FROM tills')).toEqual([
          { name: 'Caisse 1', last_pull_at: null },
        ]);
        await store.query(
          `INSERT INTO office_changes (subject, subject_key, by_person, at, change)
         VALUES ('member', '2', 1, '2026-03-02T08:00:00Z', '{"status":{"from":"ok","to":"alert"}}')`,
        );
        await store.query(
          `INSERT INTO office_changes (subject, subject_key, by_other, at, change)
         VALUES ('setting', 'shop', 'admin_token', '2026-03-02T08:00:00Z', '{"to":1}')`,
        );
        expect(
          await store.query('SELECT subject, subject_key FROM office_changes ORDER BY id'),
        ).toEqual([
          { subject: 'member', subject_key: '2' },
          { subject: 'setting', subject_key: 'shop' },
        ]);
        // Each change names one author, a known subject, and is an object.
        const insert = (values: string) =>
          store.query(
            `INSERT INTO office_changes (subject, subject_key, by_person, by_other, at, change)
           VALUES ${values}`,
          );
        await expect(insert(`('member', '2', NULL, NULL, 'x', '{}')`)).rejects.toThrow(/check/i);
        await expect(insert(`('member', '2', 1, 'admin_token', 'x', '{}')`)).rejects.toThrow(
          /check/i,
        );
        await expect(insert(`('product', '2', 1, NULL, 'x', '{}')`)).rejects.toThrow(/check/i);
        await expect(insert(`('member', '2', 1, NULL, 'x', '[]')`)).rejects.toThrow(/check/i);
        await expect(insert(`('member', '2', 99, NULL, 'x', '{}')`)).rejects.toThrow(
          /foreign key/i,
        );
      } finally {
        await dispose();
      }
    });
  },
);
