import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE, createTestTill, ean13, type TestTill } from '../support/till';
import { verifyJournal } from '../../db/journal';

/**
 * The journal as the till writes it from real operations, checked against the rules in
 * DESIGN.md with our own SHA-256 and canonical JSON (not the till's), then tampered with
 * through a plain SQLite connection, as someone with the file and a SQLite shell would.
 */

const GENESIS = '0'.repeat(64);

interface Row {
  seq: number;
  doc_type: string;
  doc_id: string;
  payload: string;
  prev_hash: string;
  hash: string;
  created_at: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * RFC 8785 for the values the till writes (strings, integers, booleans, null, arrays, objects):
 * object keys sorted by UTF-16 code units, no whitespace, JSON.stringify's string escaping.
 */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new Error(`money and quantities are integers, found ${value}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
}

let t: TestTill;
afterEach(() => t.close());

const journal = (): Row[] => t.db.prepare('SELECT * FROM journal ORDER BY seq').all() as Row[];

/** A day at the till: open, three sales, a refund, a cash move, close. */
function aDayAtTheTill() {
  const manager = { userId: t.managerId, pin: FIXTURE.managerPin };
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  t.till.openSession({ counts: { '2000': 5, '100': 10 } });
  t.clock.advance(60_000);
  t.till.addByBarcode({ code: FIXTURE.milk.code });
  t.till.addByBarcode({ code: FIXTURE.soap.code });
  const cashSale = t.till.pay({ payments: [{ method: 'cash', amount: 1000 }] }); // 5.79 -> 5.80
  t.clock.advance(60_000);
  t.till.addByBarcode({ code: ean13('210000101234') }); // 1.234 kg of apples: 4.92
  const milk = t.till.addByBarcode({ code: FIXTURE.milk.code }).lines[1];
  t.till.setQuantity({ lineId: milk?.id ?? '', quantity: 3000 });
  const cardSale = t.till.pay({ payments: [{ method: 'card', amount: 879 }] }); // 4.92 + 3.87
  t.clock.advance(60_000);
  t.till.addByBarcode({ code: FIXTURE.soap.code });
  t.till.setLineDiscount({
    lineId: t.till.currentTicket()?.lines[0]?.id ?? '',
    discount: { kind: 'percent', basisPoints: 1000 },
  });
  const discounted = t.till.pay({ payments: [{ method: 'card', amount: 405 }] }); // 4.50 - 0.45
  t.clock.advance(60_000);
  const refund = t.till.refund({
    ticketNumber: cardSale.number ?? 0,
    lines: [{ lineId: cardSale.lines[1]?.id ?? '', quantity: 2000 }],
    method: 'card',
    approval: manager,
  });
  t.clock.advance(60_000);
  t.till.cashMove({ amount: -500, reason: 'Coffee for the volunteers', approval: manager });
  t.clock.advance(60_000);
  t.till.closeSession({ counts: { '2000': 5, '100': 10, '50': 1, '20': 1 }, approval: manager });
  return { cashSale, cardSale, discounted, refund };
}

describe('the journal of a day at the till', () => {
  let day: ReturnType<typeof aDayAtTheTill>;
  beforeEach(() => {
    t = createTestTill();
    day = aDayAtTheTill();
  });

  it('verifies', () => {
    const verification = verifyJournal(t.db);
    expect(verification.problems).toEqual([]);
    expect(verification.ok).toBe(true);
    expect(verification.entries).toBe(7);
    expect(verification.lastHash).toBe(journal().at(-1)?.hash);
  });

  it('has one entry per closed document, numbered 1, 2, 3... with no gap', () => {
    const rows = journal();
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows.map((row) => row.doc_type)).toEqual([
      'session_open',
      'sale',
      'sale',
      'sale',
      'refund',
      'cash_move',
      'z_report',
    ]);
    expect(rows.slice(1, 5).map((row) => row.doc_id)).toEqual([
      day.cashSale.id,
      day.cardSale.id,
      day.discounted.id,
      day.refund.id,
    ]);
    // Each paid ticket points at its own entry.
    for (const ticket of [day.cashSale, day.cardSale, day.discounted, day.refund]) {
      const entry = rows.find((row) => row.seq === ticket.journalSeq);
      expect(entry?.doc_id).toBe(ticket.id);
    }
  });

  it('chains each entry: hash = SHA-256(prev_hash + payload), from 64 zeros', () => {
    let prevHash = GENESIS;
    for (const row of journal()) {
      expect(row.prev_hash, `entry ${row.seq}`).toBe(prevHash);
      expect(row.hash, `entry ${row.seq}`).toBe(sha256(row.prev_hash + row.payload));
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      prevHash = row.hash;
    }
  });

  it('writes each payload as canonical JSON (RFC 8785): sorted keys, no whitespace', () => {
    for (const row of journal()) {
      const document = JSON.parse(row.payload) as unknown;
      expect(row.payload, `entry ${row.seq}`).toBe(canonical(document));
    }
    const sale = JSON.parse(journal()[1]?.payload ?? '{}') as Record<string, unknown>;
    expect(Object.keys(sale)).toEqual(Object.keys(sale).sort());
    expect(journal()[1]?.payload).not.toMatch(/[:,]\s|\n/);
  });

  it('carries the document and the perpetual grand totals in every payload', () => {
    const rows = journal();
    const payloads = rows.map(
      (row) =>
        JSON.parse(row.payload) as {
          total?: number;
          number?: number;
          grandTotals: { sales: number; refunds: number };
        },
    );
    expect(day.cashSale.totals.total).toBe(579);
    expect(day.cardSale.totals.total).toBe(879);
    expect(day.discounted.totals.total).toBe(405);
    expect(day.refund.totals.total).toBe(-258);
    expect(payloads.map((payload) => payload.grandTotals)).toEqual([
      { sales: 0, refunds: 0 },
      { sales: 579, refunds: 0 },
      { sales: 579 + 879, refunds: 0 },
      { sales: 579 + 879 + 405, refunds: 0 },
      { sales: 1863, refunds: -258 },
      { sales: 1863, refunds: -258 },
      { sales: 1863, refunds: -258 },
    ]);
    expect(payloads.slice(1, 5).map((payload) => [payload.number, payload.total])).toEqual([
      [1, 579],
      [2, 879],
      [3, 405],
      [4, -258],
    ]);
    // The grand totals are what the tickets table says was sold and refunded.
    const sums = t.db
      .prepare(
        `SELECT coalesce(sum(total) FILTER (WHERE kind = 'sale'), 0) AS sales,
                coalesce(sum(total) FILTER (WHERE kind = 'refund'), 0) AS refunds
           FROM tickets WHERE status = 'paid'`,
      )
      .get();
    expect(payloads.at(-1)?.grandTotals).toEqual(sums);
  });

  it('queues each entry for the server with its seq and hash', () => {
    const events = t.db.prepare('SELECT type, payload FROM outbox ORDER BY seq').all() as {
      type: string;
      payload: string;
    }[];
    const rows = journal();
    expect(events.map((event) => event.type)).toEqual(rows.map((row) => row.doc_type));
    events.forEach((event, index) => {
      const payload = JSON.parse(event.payload) as {
        journalSeq: number;
        hash: string;
        document: unknown;
      };
      const row = rows[index] as Row;
      expect(payload.journalSeq).toBe(row.seq);
      expect(payload.hash).toBe(row.hash);
      expect(canonical(payload.document)).toBe(row.payload);
    });
  });

  it('survives a restart and carries on from the last entry', () => {
    t.reopen();
    t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    t.till.openSession({ counts: { '2000': 5 } });
    const rows = journal();
    expect(rows.at(-1)?.seq).toBe(8);
    expect(rows.at(-1)?.prev_hash).toBe(rows.at(-2)?.hash);
    expect(JSON.parse(rows.at(-1)?.payload ?? '{}').grandTotals).toEqual({
      sales: 1863,
      refunds: -258,
    });
    expect(verifyJournal(t.db).ok).toBe(true);
  });
});

describe('a tampered journal', () => {
  let attacker: Database.Database;

  beforeEach(() => {
    t = createTestTill();
    aDayAtTheTill();
    expect(verifyJournal(t.db).ok).toBe(true);
    // Someone with the file and a SQLite shell: the triggers are no obstacle to them.
    attacker = new Database(t.path);
    attacker.exec(`DROP TRIGGER journal_no_update;
                   DROP TRIGGER journal_no_delete;
                   DROP TRIGGER journal_gapless;`);
  });
  afterEach(() => attacker.close());

  const entry = (seq: number) =>
    attacker.prepare('SELECT * FROM journal WHERE seq = ?').get(seq) as Row;
  const problems = () =>
    verifyJournal(t.db).problems.map((problem) => ({ seq: problem.seq, problem: problem.problem }));

  it('finds an edited payload', () => {
    const sale = entry(3);
    attacker
      .prepare('UPDATE journal SET payload = ? WHERE seq = 3')
      .run(sale.payload.replace('"total":879', '"total":79'));
    expect(entry(3).payload).not.toBe(sale.payload);
    const verification = verifyJournal(t.db);
    expect(verification.ok).toBe(false);
    expect(problems()).toEqual([{ seq: 3, problem: 'hash_mismatch' }]);
    expect(verification.problems[0]?.message).toMatch(/3/);
  });

  it('finds a deleted entry', () => {
    attacker.prepare('DELETE FROM journal WHERE seq = 4').run();
    const verification = verifyJournal(t.db);
    expect(verification.ok).toBe(false);
    expect(verification.entries).toBe(6);
    expect(problems()).toContainEqual({ seq: 4, problem: 'missing' });
    expect(problems()[0]).toEqual({ seq: 4, problem: 'missing' });
  });

  it('finds a deleted entry even when the ones after it are renumbered to close the gap', () => {
    attacker.exec(`DELETE FROM journal WHERE seq = 4;
                   UPDATE journal SET seq = seq - 1 WHERE seq > 4;`);
    expect(problems()).toEqual([{ seq: 4, problem: 'broken_link' }]);
  });

  it('finds the first entry deleted', () => {
    attacker.prepare('DELETE FROM journal WHERE seq = 1').run();
    expect(problems()[0]).toEqual({ seq: 1, problem: 'missing' });
  });

  it('finds two entries swapped', () => {
    attacker.exec(`UPDATE journal SET seq = 1000 WHERE seq = 3;
                   UPDATE journal SET seq = 3 WHERE seq = 2;
                   UPDATE journal SET seq = 2 WHERE seq = 1000;`);
    expect(verifyJournal(t.db).ok).toBe(false);
    expect(problems()).toEqual([
      { seq: 2, problem: 'broken_link' },
      { seq: 3, problem: 'broken_link' },
      { seq: 4, problem: 'broken_link' },
    ]);
  });

  it('finds two entries’ contents swapped under their numbers', () => {
    const second = entry(2);
    const third = entry(3);
    const swap = attacker.prepare(
      'UPDATE journal SET doc_type = ?, doc_id = ?, payload = ?, prev_hash = ?, hash = ? WHERE seq = ?',
    );
    attacker.transaction(() => {
      swap.run(
        third.doc_type,
        third.doc_id,
        third.payload,
        third.prev_hash,
        'tmp'.padEnd(64, '0'),
        2,
      );
      swap.run(second.doc_type, second.doc_id, second.payload, second.prev_hash, second.hash, 3);
      attacker.prepare('UPDATE journal SET hash = ? WHERE seq = 2').run(third.hash);
    })();
    expect(problems()[0]).toEqual({ seq: 2, problem: 'broken_link' });
    expect(problems().every((problem) => problem.problem === 'broken_link')).toBe(true);
  });

  it('finds a rewritten hash', () => {
    attacker.prepare('UPDATE journal SET hash = ? WHERE seq = 5').run('f'.repeat(64));
    expect(problems()).toEqual([
      { seq: 5, problem: 'hash_mismatch' },
      { seq: 6, problem: 'broken_link' },
    ]);
  });

  it('finds an edited payload whose hash was recomputed, at the next link', () => {
    const sale = entry(3);
    const payload = sale.payload.replace('"total":879', '"total":79');
    attacker
      .prepare('UPDATE journal SET payload = ?, hash = ? WHERE seq = 3')
      .run(payload, sha256(sale.prev_hash + payload));
    expect(problems()).toEqual([{ seq: 4, problem: 'broken_link' }]);
  });

  it('finds a last entry rewritten as non-canonical JSON with a matching hash', () => {
    const last = entry(7);
    const payload = JSON.stringify(JSON.parse(last.payload), null, 1);
    attacker
      .prepare('UPDATE journal SET payload = ?, hash = ? WHERE seq = 7')
      .run(payload, sha256(last.prev_hash + payload));
    expect(problems()).toEqual([{ seq: 7, problem: 'not_canonical' }]);
  });
});
