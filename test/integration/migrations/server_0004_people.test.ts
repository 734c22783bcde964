import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { STORES, freshStore } from '../../support/server';

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA';

describe.each(STORES)('server migration 0004 (people) on %s', (kind) => {
  it('adds people, their changes and web sessions, with their rules, past tables unchanged', async () => {
    const { store, dispose } = await freshStore(kind, null, 3);
    try {
      await store.query(
        `INSERT INTO tills (name, created_at) VALUES ('Till 1', '2026-01-01T00:00:00Z')`,
      );
      expect(await migrateServer(store, serverMigrations().slice(0, 4))).toEqual([4]);
      expect(await store.query('SELECT name FROM tills')).toEqual([{ name: 'Till 1' }]);
      const insert = (values: string) =>
        store.query(`INSERT INTO people (name, locale, badge, roles, pin_hash, password_hash,
                       created_at, updated_at, till_pin_hash) VALUES ${values}`);
      await insert(
        `('Anne', 'nl-BE', 'B001', ARRAY['admin', 'stock'], '${HASH}', NULL, 'now', 'now', 'scrypt$1$2')`,
      );
      const [anne] = await store.query<{
        id: number;
        roles: string[];
        locale: string;
        failures: number;
      }>('SELECT id, roles, locale, failures FROM people');
      expect(anne).toEqual({ id: 1, roles: ['admin', 'stock'], locale: 'nl-BE', failures: 0 });
      // Each person takes the catalogue's next number, for the tills' pull.
      const [numbers] = await store.query<{ person: string; last: string }>(
        `SELECT version::text AS person, (SELECT last_value::text FROM catalog_version) AS last
           FROM people`,
      );
      expect(numbers?.person).toBe(numbers?.last);
      // A PIN has both hashes or none, the tills' one in their scrypt format.
      await expect(
        insert(`('Bob', 'en', NULL, ARRAY['cashier'], '${HASH}', NULL, 'now', 'now', NULL)`),
      ).rejects.toThrow(/check/i);
      await expect(
        insert(`('Bob', 'en', NULL, ARRAY['cashier'], '${HASH}', NULL, 'now', 'now', '${HASH}')`),
      ).rejects.toThrow(/check/i);
      // One name per person whatever its case; one badge per person; known roles only, at least
      // one; known languages; only argon2id hashes.
      await expect(
        insert(`('ANNE', 'en', NULL, ARRAY['cashier'], NULL, NULL, 'now', 'now', NULL)`),
      ).rejects.toThrow(/people_name/);
      await expect(
        insert(`('Bob', 'en', 'B001', ARRAY['cashier'], NULL, NULL, 'now', 'now', NULL)`),
      ).rejects.toThrow(/people_badge/);
      await expect(
        insert(`('Bob', 'en', NULL, ARRAY['boss'], NULL, NULL, 'now', 'now', NULL)`),
      ).rejects.toThrow(/check/i);
      await expect(
        insert(`('Bob', 'en', NULL, ARRAY[]::text[], NULL, NULL, 'now', 'now', NULL)`),
      ).rejects.toThrow(/check/i);
      await expect(
        insert(`('Bob', 'de', NULL, ARRAY['cashier'], NULL, NULL, 'now', 'now', NULL)`),
      ).rejects.toThrow(/check/i);
      await expect(
        insert(`('Bob', 'en', NULL, ARRAY['cashier'], 'scrypt$1', NULL, 'now', 'now', NULL)`),
      ).rejects.toThrow(/check/i);
      await expect(
        insert(`('Bob', 'en', NULL, ARRAY['cashier'], NULL, '1234', 'now', 'now', NULL)`),
      ).rejects.toThrow(/check/i);
      // A change names exactly one author.
      const change = (by: string) =>
        store.query(`INSERT INTO people_changes (person_id, by_person, by_other, at, change)
                     VALUES (1, ${by}, 'now', '{"name": "Anne"}')`);
      await change(`1, NULL`);
      await change(`NULL, 'command_line'`);
      await expect(change(`1, 'admin_token'`)).rejects.toThrow(/check/i);
      await expect(change(`NULL, NULL`)).rejects.toThrow(/check/i);
      await expect(change(`NULL, 'someone'`)).rejects.toThrow(/check/i);
      // A session keeps a SHA-256, never the id itself, for a known app.
      const session = (hash: string, app: string) =>
        store.query(`INSERT INTO web_sessions (id_hash, person_id, app, created_at, last_seen_at)
                     VALUES ('${hash}', 1, '${app}', 'now', 'now')`);
      await session('a'.repeat(64), 'office');
      await expect(session('raw-session-id', 'office')).rejects.toThrow(/check/i);
      await expect(session('b'.repeat(64), 'till')).rejects.toThrow(/check/i);
    } finally {
      await dispose();
    }
  });
});
