import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ean13 } from '../support/till';
import { FIXTURE, createTestTill, type TestTill } from '../support/till';
import { TillError } from '../../domain/errors';
import { verifyJournal } from '../../db/journal';
import { renderReceiptText } from '../../domain/receipt-text';
import { bareTill } from '../../main/bare-till';
import type { TillEvent } from '../../main/till/events';
import { createIdGenerator } from '../../main/ids';
import * as tillReceipts from '../../main/till/receipts';

let t: TestTill;
beforeEach(() => {
  t = createTestTill();
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  t.till.openSession({ counts: { '2000': 5, '100': 10 } });
});
afterEach(() => t.close());

function tillError(work: () => unknown): TillError {
  try {
    work();
  } catch (error) {
    if (error instanceof TillError) return error;
    throw error;
  }
  throw new Error('expected a TillError');
}

describe('ringing up a ticket', () => {
  it('adds a product by its barcode and a weighed item by its scale label', () => {
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    // Scale label: 1.234 kg of apples at 3.99 EUR/kg.
    const ticket = t.till.addByBarcode({ code: ean13('210000101234') });
    expect(ticket.lines.map((line) => [line.name, line.quantity, line.totals.net])).toEqual([
      ['Lait demi-écrémé 1 L', 1000, 129],
      ['Pommes Élstar bio', 1234, 492], // 3.99 * 1.234 = 4.92366
    ]);
    expect(ticket.totals.total).toBe(621);
  });

  it('takes the price from a price label and a discount label applies to the last line', () => {
    t.till.addByBarcode({ code: ean13('230000400599') });
    const ticket = t.till.addByBarcode({ code: '2220' });
    expect(ticket.lines[0]?.totals.gross).toBe(599);
    expect(ticket.lines[0]?.totals.net).toBe(479); // 20 % off 5.99: 1.198 -> 1.20
  });

  it('refuses an unknown or invalid code, naming it, and adds nothing', () => {
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    const unknown = tillError(() => t.till.addByBarcode({ code: ean13('541999999999') }));
    expect(unknown.code).toBe('scan.unknown_product');
    expect(unknown.message).toContain(ean13('541999999999'));
    const badCheck = FIXTURE.milk.code.slice(0, 12) + ((Number(FIXTURE.milk.code[12]) + 1) % 10);
    const invalid = tillError(() => t.till.addByBarcode({ code: badCheck }));
    expect(invalid.code).toBe('scan.unrecognised');
    expect(invalid.message).toContain(badCheck);
    expect(t.till.currentTicket()?.lines).toHaveLength(1);
  });

  it('pays in cash with rounding to 5 cents and gives change', () => {
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    t.till.addByBarcode({ code: FIXTURE.soap.code }); // 1.29 + 4.50 = 5.79
    const paid = t.till.pay({ payments: [{ method: 'cash', amount: 1000 }] });
    expect(paid.status).toBe('paid');
    expect(paid.number).toBe(1);
    expect(paid.totals.total).toBe(579);
    expect(paid.rounding).toBe(1);
    expect(paid.due).toBe(580);
    expect(paid.change).toBe(420);
    expect(t.till.currentTicket()).toBeNull();
    expect(verifyJournal(t.db).ok).toBe(true);

    const receipt = tillReceipts.receipt(t.till.ctx, 1);
    const text = renderReceiptText(receipt, { width: 42, locale: 'fr-BE' }).join('\n');
    expect(text).toContain('Savon de Marseille');
    expect(text).toMatch(/5,80 €/);
    expect(text).toMatch(/4,20 €/);
    expect(receipt.journal?.hashPrefix).toMatch(/^[0-9a-f]{8}$/);
    expect(receipt.duplicate).toBe(false);
    expect(
      renderReceiptText(tillReceipts.receipt(t.till.ctx, 1, { duplicate: true }), {
        width: 42,
        locale: 'fr-BE',
      }).join('\n'),
    ).toContain('DUPLICATA');
  });

  it('refunds part of a paid ticket with a manager approval', () => {
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    const line = t.till.addByBarcode({ code: FIXTURE.milk.code }).lines[1];
    t.till.setQuantity({ lineId: line?.id ?? '', quantity: 3000 });
    const sale = t.till.pay({ payments: [{ method: 'card', amount: 516 }] });
    const refused = tillError(() =>
      t.till.refund({ ticketNumber: sale.number ?? 0, method: 'card' }),
    );
    expect(refused.code).toBe('auth.manager_required');
    const refund = t.till.refund({
      ticketNumber: sale.number ?? 0,
      lines: [{ lineId: sale.lines[1]?.id ?? '', quantity: 2000 }],
      method: 'card',
      approval: { userId: t.managerId, pin: FIXTURE.managerPin },
    });
    expect(refund.kind).toBe('refund');
    expect(refund.totals.total).toBe(-258);
    expect(refund.payments).toEqual([{ method: 'card', amount: -258 }]);
  });

  it('brings the ticket being rung up back after a restart', () => {
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    t.till.attachMember({ barcode: FIXTURE.memberCard });
    t.reopen();
    const ticket = t.till.currentTicket();
    expect(ticket?.lines.map((line) => line.name)).toEqual(['Lait demi-écrémé 1 L']);
    expect(ticket?.member?.name).toBe('Anne Peeters');
  });
});

describe('what the till announces once a change has committed', () => {
  it('tells listeners of each change, of the payment with its cash, and of a manager opening the drawer', () => {
    const events: TillEvent[] = [];
    const till = bareTill({
      db: t.db,
      clock: () => t.clock.now,
      newId: createIdGenerator(),
      onEvent: (event) => events.push(event),
    });
    till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    till.addByBarcode({ code: FIXTURE.milk.code });
    expect(() => till.addByBarcode({ code: ean13('541999999999') })).toThrow();
    till.pay({ payments: [{ method: 'cash', amount: 200 }] });
    expect(() => till.openDrawer({ reason: 'change for the next shift' })).toThrow(/manager/);
    till.openDrawer({
      reason: 'change for the next shift',
      approval: { userId: t.managerId, pin: FIXTURE.managerPin },
    });
    expect(events.map((event) => event.type)).toEqual([
      'ticket_changed',
      'ticket_paid',
      'drawer_opened',
    ]);
    expect(events[1]).toMatchObject({
      type: 'ticket_paid',
      cashPaid: true,
      ticket: { number: 1, change: 70 },
    });
    const journal = t.db
      .prepare("SELECT payload FROM journal WHERE doc_type = 'drawer_open'")
      .get() as {
      payload: string;
    };
    expect(JSON.parse(journal.payload)).toMatchObject({
      by: t.managerId,
      reason: 'change for the next shift',
    });
  });

  it('a listener that throws changes nothing of the sale', () => {
    const till = bareTill({
      db: t.db,
      clock: () => t.clock.now,
      newId: createIdGenerator(),
      onEvent: () => {
        throw new Error('printer on fire');
      },
    });
    till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    till.addByBarcode({ code: FIXTURE.milk.code });
    expect(till.pay({ payments: [{ method: 'card', amount: 129 }] }).status).toBe('paid');
    expect(verifyJournal(t.db).ok).toBe(true);
  });
});

describe('refunding a cash sale line by line', () => {
  it('never gives back more than the customer paid, however the refund is split', () => {
    // Two price labels of 0.53: 1.06, paid 1.05 in cash (rounded down).
    t.till.addByBarcode({ code: ean13('230000400053') });
    t.till.addByBarcode({ code: ean13('230000400053') });
    const sale = t.till.pay({ payments: [{ method: 'cash', amount: 105 }] });
    expect(sale.due).toBe(105);
    const approval = { userId: t.managerId, pin: FIXTURE.managerPin };
    const first = t.till.refund({
      ticketNumber: sale.number ?? 0,
      lines: [{ lineId: sale.lines[0]?.id ?? '', quantity: 1000 }],
      method: 'cash',
      approval,
    });
    const second = t.till.refund({
      ticketNumber: sale.number ?? 0,
      lines: [{ lineId: sale.lines[1]?.id ?? '', quantity: 1000 }],
      method: 'cash',
      approval,
    });
    // Each rounded alone, -0.53 would give -0.55 twice: 1.10 back for 1.05 paid. Worked out on
    // the cash refunds together, never above what they are worth so far: 0.50, then 0.55.
    expect(first.due).toBe(-50);
    expect(second.due).toBe(-55);
    expect(first.due + second.due).toBe(-sale.due);
    expect(first.totals.total + first.rounding).toBe(first.due);
    expect(verifyJournal(t.db).ok).toBe(true);
  });
});
