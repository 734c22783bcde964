import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeTicket } from '../../domain/ticket';
import { upsertProducts } from '../../db/catalog';
import { setSetting } from '../../db/settings';
import { runCli } from '../../main/cli/till';
import { FIXTURE, createTestTill, type TestTill } from '../support/till';
import { refusal } from '../support/refusal';

let t: TestTill;
beforeEach(() => {
  t = createTestTill();
});
afterEach(() => t.close());

const manager = () => ({ userId: t.managerId, pin: FIXTURE.managerPin });

function openWithMilk(): string {
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  t.till.openSession({ counts: {} });
  return t.till.addByBarcode({ code: FIXTURE.milk.code }).lines[0]?.id as string;
}

const journalDocument = (seq: number) =>
  JSON.parse(
    t.db.prepare('SELECT payload FROM journal WHERE seq = ?').pluck().get(seq) as string,
  ) as Record<string, unknown> & { lines: { discount: unknown }[] };

describe('the PIN lockout lives in the database', () => {
  it('holds across a restart and on the command line beside the till', async () => {
    t.clock.now = new Date(); // the command line reads the real clock
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(refusal(() => t.till.signIn({ userId: t.managerId, pin: '0000' })).code).toBe(
        'auth.wrong_pin',
      );
    }
    t.reopen(); // a restart: a new connection, a new till service
    expect(refusal(() => t.till.signIn(manager())).code).toBe('auth.locked');
    t.db.close();
    const err: string[] = [];
    const code = await runCli(
      [
        'devices',
        'open-drawer',
        '--user',
        String(t.managerId),
        '--pin',
        FIXTURE.managerPin,
        '--db',
        t.path,
      ],
      () => {},
      (line) => err.push(line),
    );
    t.reopen();
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/^Too many wrong PINs: try again in \d+ seconds$/);
    t.clock.advance(61_000);
    expect(t.till.signIn(manager()).role).toBe('manager');
  });
});

describe('discount policy', () => {
  it('a cashier gives up to 20 %; above, a manager approves, and the journal says who', () => {
    const lineId = openWithMilk();
    t.till.setLineDiscount({ lineId, discount: { kind: 'percent', basisPoints: 2000 } });
    for (const discount of [
      { kind: 'percent' as const, basisPoints: 10_000 },
      { kind: 'percent' as const, basisPoints: 2001 },
      { kind: 'amount' as const, cents: 26 }, // of 1.29: 20.2 %
    ]) {
      expect(refusal(() => t.till.setLineDiscount({ lineId, discount })).code).toBe(
        'auth.manager_required',
      );
      expect(refusal(() => t.till.setTicketDiscount({ discount })).code).toBe(
        'auth.manager_required',
      );
    }
    expect(t.till.currentTicket()?.totals.total).toBe(103);
    const view = t.till.setLineDiscount({
      lineId,
      discount: { kind: 'percent', basisPoints: 10_000 },
      approval: manager(),
    });
    expect(view.totals.total).toBe(0);
    const paid = t.till.pay({ payments: [{ method: 'card', amount: 0 }] });
    expect(journalDocument(paid.journalSeq as number).lines[0]?.discount).toEqual({
      kind: 'percent',
      basisPoints: 10_000,
      approvedBy: t.managerId,
    });
  });

  it("a coop's printed discount label is its own authority, kept in the journal", () => {
    openWithMilk();
    const label = '2250'; // 50 %
    const view = t.till.addByBarcode({ code: label });
    expect(view.totals.total).toBe(64);
    const paid = t.till.pay({ payments: [{ method: 'card', amount: 64 }] });
    expect(journalDocument(paid.journalSeq as number).lines[0]?.discount).toEqual({
      kind: 'percent',
      basisPoints: 5000,
      label,
    });
  });

  it('a discount a cashier gave cannot grow past the threshold by shrinking what it discounts', () => {
    const lineId = openWithMilk();
    t.till.setQuantity({ lineId, quantity: 3000 }); // 3.87
    t.till.setLineDiscount({ lineId, discount: { kind: 'amount', cents: 70 } }); // 18 %
    expect(refusal(() => t.till.setQuantity({ lineId, quantity: 1000 })).code).toBe(
      'auth.manager_required',
    );
    const soap = t.till.addByBarcode({ code: FIXTURE.soap.code }).lines[1]?.id as string;
    t.till.setTicketDiscount({ discount: { kind: 'amount', cents: 150 } }); // of 7.67: 19.6 %
    expect(refusal(() => t.till.removeLine({ lineId: soap })).code).toBe('auth.manager_required');
    const kept = t.till.currentTicket();
    expect(kept?.lines.map((line) => line.quantity)).toEqual([3000, 1000]);
    expect(kept?.totals.total).toBe(767 - 150);
  });

  it("the threshold is the coop's setting", () => {
    setSetting(t.db, 'discount.approvalAboveBp', 5000);
    t.till.ctx.reloadSettings();
    openWithMilk();
    expect(
      t.till.setTicketDiscount({ discount: { kind: 'percent', basisPoints: 5000 } }).totals.total,
    ).toBe(64);
    expect(
      refusal(() => t.till.setTicketDiscount({ discount: { kind: 'percent', basisPoints: 5001 } }))
        .code,
    ).toBe('auth.manager_required');
    t.till.setTicketDiscount({
      discount: { kind: 'percent', basisPoints: 6000 },
      approval: manager(),
    });
    const paid = t.till.pay({ payments: [{ method: 'card', amount: 52 }] });
    expect(journalDocument(paid.journalSeq as number)).toMatchObject({
      ticketDiscount: 77,
      ticketDiscountApprovedBy: t.managerId,
    });
  });
});

describe('members and search', () => {
  it("a refund keeps the sale's member; a member number is trimmed", () => {
    openWithMilk();
    t.till.attachMember({ number: ' 1001 ' });
    const sale = t.till.pay({ payments: [{ method: 'card', amount: 129 }] });
    expect(sale.member?.number).toBe('1001');
    const refund = t.till.refund({
      ticketNumber: sale.number as number,
      method: 'card',
      approval: manager(),
    });
    expect(refund.member).toEqual(sale.member);
    expect(journalDocument(refund.journalSeq as number).member).toEqual(sale.member);
  });

  it('folds ligatures and accents both ways, in any case', () => {
    upsertProducts(t.db, [
      {
        id: 20,
        name: 'Œufs frais x6',
        nameNl: 'Verse eieren x6',
        taxRateId: 1,
        price: 320,
        unit: 'piece',
        barcodes: [],
        updatedAt: '2026-01-01',
      },
      {
        id: 21,
        name: 'Oeufs durs',
        nameNl: 'Hardgekookte Eieren',
        taxRateId: 1,
        price: 250,
        unit: 'piece',
        barcodes: [],
        updatedAt: '2026-01-01',
      },
    ]);
    const ids = (query: string) =>
      t.till
        .searchProducts({ query })
        .map((product) => product.id)
        .sort();
    expect(ids('oeufs')).toEqual([20, 21]);
    expect(ids('Œufs')).toEqual([20, 21]);
    expect(ids('eieren')).toEqual([20, 21]);
    expect(ids('EIEREN')).toEqual([20, 21]);
    expect(ids('élstar')).toEqual([1]);
  });
});

describe('limits', () => {
  it('a price times a quantity the till cannot hold is a TillError, not a RangeError', () => {
    const error = refusal(() =>
      computeTicket([{ unitPrice: 9_999_999_900, quantity: 10_000_000, vatRateBp: 600 }]),
    );
    expect(error.code).toBe('ticket.amount_too_large');
  });
});
