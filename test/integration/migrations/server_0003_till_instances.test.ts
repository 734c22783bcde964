import { describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { STORES, freshStore } from '../../support/server';

const NIL = '00000000-0000-0000-0000-000000000000';
const AT = '2026-01-01T00:00:00.000Z';

describe.each(STORES)('server migration 0003 on %s', (kind) => {
  it('keeps what tills pushed under the nil instance, and keys events by till, instance and seq', async () => {
    const { store, dispose } = await freshStore(kind, null, 2);
    try {
      await store.query(`INSERT INTO tills (id, name, created_at, last_seq, last_journal_seq, last_hash, last_push_at)
                         VALUES (1, 'Caisse 1', '${AT}', 1, 1, repeat('a', 64), '${AT}'),
                                (2, 'Caisse 2', '${AT}', 0, 0, repeat('0', 64), NULL)`);
      await store.query(`INSERT INTO events (id, till_id, seq, type, journal_seq, hash, document, created_at, received_at)
                         VALUES ('0190a0a0-0000-7000-8000-000000000001', 1, 1, 'session_open', 1,
                                 repeat('a', 64), '{}', '${AT}', '${AT}')`);
      await store.query(`INSERT INTO quarantine (till_id, seq, event_id, type, payload, reason, received_at)
                         VALUES (1, 2, 'x', 'sale', '{}', 'journal', '${AT}')`);
      expect(await migrateServer(store, serverMigrations().slice(0, 3))).toEqual([3]);
      expect(
        await store.query(
          `SELECT till_id, instance::text, last_seq, last_journal_seq, last_hash, first_push_at, fork_seq
             FROM till_instances ORDER BY till_id`,
        ),
      ).toEqual([
        {
          till_id: 1,
          instance: NIL,
          last_seq: 1,
          last_journal_seq: 1,
          last_hash: 'a'.repeat(64),
          first_push_at: AT,
          fork_seq: null,
        },
      ]);
      expect(await store.query('SELECT instance::text FROM events')).toEqual([{ instance: NIL }]);
      expect(await store.query('SELECT instance::text, kind, accepted_at FROM quarantine')).toEqual(
        [{ instance: NIL, kind: 'refused', accepted_at: null }],
      );

      // Another instance may use the same sequence; the same instance may not.
      const event = (id: string, instance: string) =>
        store.query(
          `INSERT INTO events (id, till_id, instance, seq, type, journal_seq, hash, document, created_at, received_at)
           VALUES ($1, 1, $2, 1, 'session_open', 1, repeat('b', 64), '{}', $3, $3)`,
          [id, instance, AT],
        );
      await event('0190a0a0-0000-7000-8000-000000000002', '0190a0a0-0000-4000-8000-0000000000aa');
      await expect(event('0190a0a0-0000-7000-8000-000000000003', NIL)).rejects.toThrow(
        /duplicate key|unique/,
      );
      await expect(
        store.query(`INSERT INTO events (id, till_id, seq, type, journal_seq, hash, document, created_at, received_at)
                     VALUES ('0190a0a0-0000-7000-8000-000000000004', 1, 9, 'sale', 1, 'h', '{}', '${AT}', '${AT}')`),
      ).rejects.toThrow(/null value|not-null/);
      // A refused event once per sequence, a fork's event once per id.
      const held = (kind: string, seq: number, eventId: string) =>
        store.query(
          `INSERT INTO quarantine (till_id, instance, kind, seq, event_id, type, payload, reason, received_at)
           VALUES (1, $1, $2, $3, $4, 'sale', '{}', 'r', $5)`,
          [NIL, kind, seq, eventId, AT],
        );
      await expect(held('refused', 2, 'y')).rejects.toThrow(/duplicate key|unique/);
      await held('fork', 2, 'z');
      await held('fork', 3, 'w');
      await expect(held('fork', 4, 'z')).rejects.toThrow(/duplicate key|unique/);
      await expect(held('lost', 5, 'v')).rejects.toThrow(/check constraint/);
    } finally {
      await dispose();
    }
  });
});
