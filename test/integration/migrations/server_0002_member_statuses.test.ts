import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { STORES, freshStore } from '../../support/server';

describe.each(STORES)('server migration 0002 on %s', (kind) => {
  it("adds the coop's member statuses and the members' household columns, past rows unchanged", async () => {
    const { store, dispose } = await freshStore(kind, null, 1);
    try {
      await store.query(`INSERT INTO members (id, number, name, card_barcode, status, eaters, version)
                         VALUES (1, '1001', 'Anne Peeters', '0420000000013', 'ok', 2, 1),
                                (2, '1002', 'Marc Dubois', NULL, 'suspended', 1, 2)`);
      // Up to this migration only: later ones are their own tests'.
      expect(await migrateServer(store, serverMigrations().slice(0, 2))).toEqual([2]);
      const members = await store.query(
        `SELECT id, number, name, card_barcode, status, eaters, may_shop_override, eater_names,
                member_of, version::int FROM members ORDER BY id`,
      );
      expect(members).toEqual([
        {
          id: 1,
          number: '1001',
          name: 'Anne Peeters',
          card_barcode: '0420000000013',
          status: 'ok',
          eaters: 2,
          may_shop_override: false,
          eater_names: [],
          member_of: null,
          version: 1,
        },
        {
          id: 2,
          number: '1002',
          name: 'Marc Dubois',
          card_barcode: null,
          status: 'suspended',
          eaters: 1,
          may_shop_override: false,
          eater_names: [],
          member_of: null,
          version: 2,
        },
      ]);
      // The tills' seed, each with a version for the pull.
      const statuses = await store.query<{ code: string; may_shop: boolean; block: string | null }>(
        'SELECT code, may_shop, block FROM member_statuses WHERE version > 0 ORDER BY version',
      );
      expect(statuses).toHaveLength(14);
      expect(statuses[0]).toEqual({ code: 'ok', may_shop: true, block: null });
      expect(statuses.find((status) => status.code === 'unsubscribed')).toEqual({
        code: 'unsubscribed',
        may_shop: false,
        block: 'hard',
      });
      // A status that may not shop needs its block; a member cannot be their own associate; an
      // associate's member must exist by the commit.
      await expect(
        store.query(`INSERT INTO member_statuses (code, label_fr, label_nl, label_en, may_shop, version)
                     VALUES ('x', 'x', 'x', 'x', false, 99)`),
      ).rejects.toThrow(/check/i);
      await expect(store.query('UPDATE members SET member_of = 1 WHERE id = 1')).rejects.toThrow(
        /check/i,
      );
      await expect(store.query('UPDATE members SET member_of = 42 WHERE id = 2')).rejects.toThrow(
        /foreign key/i,
      );
      await expect(
        store.query(`UPDATE members SET eater_names = '{"a": 1}'::jsonb WHERE id = 2`),
      ).rejects.toThrow(/check/i);
    } finally {
      await dispose();
    }
  });
});
