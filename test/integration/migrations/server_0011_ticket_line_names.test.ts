import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateServer, serverMigrations } from '../../../server/migrate';
import { listTickets } from '../../../server/office-pages';
import type { Queryable } from '../../../server/store';
import { STORES, freshStore, startTestServer, type TestServer } from '../../support/server';
import { createTestTill, FIXTURE, type TestTill } from '../../support/till';
import { openTill, outboxEvents } from '../../support/sync';

const names = (db: Queryable) =>
  db.query<{ id: string; lineNames: string | null }>(
    `SELECT id, line_names AS "lineNames" FROM tickets ORDER BY till_id, id`,
  );

const search = async (db: Queryable, q: string) =>
  (
    await listTickets(db, {
      from: '2026-03-02',
      to: '2026-03-02',
      sort: 'number',
      order: 'asc',
      page: 1,
      pageSize: 50,
      q,
    })
  ).rows.map((row) => [row.kind, row.number]);

/**
 * Migration 0011 gives each ticket its lines' names for the back office's search: a push writes
 * them, and the migration fills them from the tickets' documents already there, the same text.
 */
describe.each(STORES)('server migration 0011 (tickets’ line names) on %s', (kind) => {
  let server: TestServer;
  let t: TestTill;

  beforeAll(async () => {
    server = await startTestServer(kind);
    t = createTestTill();
    t.clock.now = new Date('2026-03-02T07:00:00.000Z');
    openTill(t);
    for (let i = 0; i < 4; i += 1) {
      t.clock.now = new Date(Date.parse('2026-03-02T09:10:00.000Z') + i * 47 * 60_000);
      t.till.addByBarcode({ code: FIXTURE.milk.code });
      if (i % 2 === 0) t.till.addByBarcode({ code: FIXTURE.soap.code });
      const due = t.till.currentTicket()?.totals.total ?? 0;
      const paid = t.till.pay({ payments: [{ method: 'card', amount: due }] });
      if (i === 3) {
        t.till.refund({
          ticketNumber: paid.number ?? 0,
          method: 'card',
          approval: { userId: t.managerId, pin: FIXTURE.managerPin },
        });
      }
    }
    const { response } = await server.pushAsNewTill('Caisse 1', outboxEvents(t.db));
    expect(response.json<{ rejected: unknown[] }>().rejected).toEqual([]);
  });
  afterAll(async () => {
    t?.close();
    await server.close();
  });

  it('fills the names of the tickets already there as a push writes them', async () => {
    const pushed = await names(server.store);
    expect(pushed).toHaveLength(5);
    // The names as the till printed them (the server's catalogue is not needed for them).
    const milkName = 'Lait demi-écrémé 1 L';
    const soapName = 'Savon de Marseille';
    // Each line's name in lower case, in the ticket's order, one a line.
    expect(pushed.map((row) => row.lineNames).sort()).toEqual(
      [
        `${milkName}\n${soapName}`,
        `${milkName}`,
        `${milkName}\n${soapName}`,
        `${milkName}`,
        `${milkName}`,
      ]
        .map((names) => names.toLowerCase())
        .sort(),
    );
    // Any case, accents too: every ticket holds the milk.
    expect(await search(server.store, 'DEMI-ÉCRÉMÉ')).toHaveLength(5);
    const soapTickets = await search(server.store, soapName.toUpperCase());
    expect(soapTickets).toEqual([
      ['sale', 1],
      ['sale', 3],
    ]);

    const { store, dispose } = await freshStore(kind, null, 10);
    try {
      const copy = async (table: string, columns: string, record: string) => {
        const rows = await server.store.query(`SELECT ${columns} FROM ${table}`);
        await store.query(
          `INSERT INTO ${table} (${columns}) SELECT ${columns}
             FROM jsonb_to_recordset($1::jsonb) AS x(${record})`,
          [JSON.stringify(rows)],
        );
      };
      await copy('tills', 'id, name, created_at', 'id int, name text, created_at text');
      await copy(
        'events',
        'id, till_id, instance, seq, type, journal_seq, hash, document, created_at, received_at',
        'id uuid, till_id int, instance uuid, seq int, type text, journal_seq int, hash text, document jsonb, created_at text, received_at text',
      );
      await copy(
        'tickets',
        'id, till_id, event_id, kind, number, session_id, closed_at, day, total, rounding, due',
        'id text, till_id int, event_id uuid, kind text, number int, session_id text, closed_at text, day text, total int, rounding int, due int',
      );
      expect(await migrateServer(store, serverMigrations().slice(0, 11))).toEqual([11]);
      expect(await names(store)).toEqual(pushed);
      expect(await search(store, soapName)).toEqual(soapTickets);

      // A search holding a line break matches no two lines together.
      expect(await search(store, `${milkName}\n${soapName}`)).toEqual([]);
    } finally {
      await dispose();
    }
  });
});
