import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/till';
import { FIXTURE, createTestTill, type TestTill } from '../support/till';

let t: TestTill;
beforeEach(() => {
  t = createTestTill();
  const manager = { userId: t.managerId, pin: FIXTURE.managerPin };
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  t.till.openSession({ counts: { '1000': 5 } });
  t.till.addByBarcode({ code: FIXTURE.milk.code });
  const soap = t.till.addByBarcode({ code: FIXTURE.soap.code }).lines[1]?.id as string;
  t.till.setLineDiscount({ lineId: soap, discount: { kind: 'percent', basisPoints: 1000 } });
  t.till.attachMember({ number: '1001' });
  const sale = t.till.pay({ payments: [{ method: 'cash', amount: 1000 }] }); // 1.29 + 4.05
  t.till.refund({ ticketNumber: sale.number as number, method: 'cash', approval: manager });
  t.till.cashMove({ amount: 2000, reason: 'change from the bank' });
  t.till.closeSession({ counts: { '1000': 7 }, approval: manager });
});
afterEach(() => t.close());

async function verify(): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  t.db.close();
  const code = await runCli(
    ['verify-journal', '--db', t.path],
    (line) => out.push(line),
    (line) => err.push(line),
  );
  t.reopen();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Tampering as someone with the file and sqlite3 would: the triggers dropped first. */
function tamper(sql: string): void {
  for (const trigger of t.db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
    .pluck()
    .all() as string[]) {
    if (/no_update|no_delete|frozen|closed_update|closed_delete/.test(trigger))
      t.db.exec(`DROP TRIGGER ${trigger}`);
  }
  t.db.exec(sql);
}

describe('verify-journal checks the books against the journal', () => {
  it('a day as the till wrote it verifies', async () => {
    const result = await verify();
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^The journal verifies: 5 entries, .*; the books agree with it$/);
  });

  it('an edited line amount is reported as such', async () => {
    tamper('UPDATE ticket_lines SET net = 10 WHERE position = 1 AND quantity > 0');
    const result = await verify();
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'Ticket 1, line 1 "Lait demi-écrémé 1 L": net amount is 10 in the tables but 129 in the journal',
    );
  });

  it('an edited payment, ticket total, cash move or Z report is reported', async () => {
    tamper(`UPDATE payments SET amount = 500 WHERE amount = 1000;
            UPDATE tickets SET total = 1 WHERE number = 2;
            UPDATE cash_moves SET amount = 200;
            UPDATE sessions SET counted_cash = 99999`);
    const result = await verify();
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'Ticket 1: payments is ["cash:500"] in the tables but ["cash:1000"] in the journal',
    );
    expect(result.err).toMatch(/Ticket 2: total is 1 in the tables but -\d+ in the journal/);
    expect(result.err).toMatch(/Cash move .*: amount is 200 in the tables but 2000 in the journal/);
    expect(result.err).toMatch(
      /Session .*: the counted cash in the tables differs from the journal/,
    );
  });

  it('a ticket deleted from the tables is missing; the last entries deleted are seen by the anchor', async () => {
    tamper(`DELETE FROM payments WHERE ticket_id IN (SELECT id FROM tickets WHERE number = 2);
            DELETE FROM stock_moves WHERE ticket_id IN (SELECT id FROM tickets WHERE number = 2);
            DELETE FROM ticket_lines WHERE ticket_id IN (SELECT id FROM tickets WHERE number = 2);
            DELETE FROM tickets WHERE number = 2`);
    const missing = await verify();
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/seq 3: The refund .* of the journal is missing from the tables/);

    // Remove the Z report and the cash move from the journal and the tables: the chain that is
    // left is whole, but the anchor remembers how far it went.
    tamper(`DELETE FROM journal WHERE seq > 3; DELETE FROM cash_moves;
            UPDATE sessions SET status = 'open', closed_at = NULL, closed_by = NULL,
              counted_cash = NULL, closing_counts = NULL, expected_cash = NULL, z_report = NULL`);
    const truncated = await verify();
    expect(truncated.code).toBe(1);
    expect(truncated.err).toContain(
      'seq 4: Entries 4 to 5 were removed: the journal reached seq 5',
    );
  });
});
