import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE, createTestTill, type TestTill } from '../support/till';
import { TillError } from '../../domain/errors';
import { verifyJournal } from '../../db/journal';

/**
 * Every money-moving act carries the operation id its screen made: the till applies an id once,
 * and a repeat (a double-click, a retry after a lost answer, after a restart) gets the first
 * answer and books nothing.
 */
let t: TestTill;
const manager = () => ({ userId: t.managerId, pin: FIXTURE.managerPin });
beforeEach(() => {
  t = createTestTill();
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  t.till.openSession({ counts: { '2000': 5 } });
});
afterEach(() => t.close());

const count = (table: string): number =>
  t.db.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get() ?? 0;

/** Everything an act may write: a repeat must leave every count as it was. */
const written = () => ({
  journal: count('journal'),
  outbox: count('outbox'),
  tickets: count('tickets'),
  payments: count('payments'),
  stockMoves: count('stock_moves'),
  cashMoves: count('cash_moves'),
});

function refusal(work: () => unknown): TillError {
  try {
    work();
  } catch (error) {
    if (error instanceof TillError) return error;
    throw error;
  }
  throw new Error('expected a TillError');
}

function sellMilk(operationId = randomUUID()) {
  t.till.addProduct({ productId: FIXTURE.milk.id, quantity: 2000 });
  return t.till.pay({ payments: [{ method: 'cash', amount: 500 }], operationId });
}

describe('an act sent twice with one operation id is applied once', () => {
  it('pay: the second call answers with the paid ticket and pays nothing new', () => {
    const operationId = randomUUID();
    const first = sellMilk(operationId);
    const before = written();
    // The cashier goes on: a new ticket is rung up before the late repeat arrives.
    t.till.addByBarcode({ code: FIXTURE.soap.code });
    const again = t.till.pay({ payments: [{ method: 'cash', amount: 500 }], operationId });
    // The same ticket as answered the first time; only its view's revision is newer.
    expect({ ...again, revision: first.revision }).toEqual(first);
    expect(written()).toEqual({ ...before, tickets: before.tickets + 1 });
    expect(t.till.currentTicket()?.lines.map((line) => line.productId)).toEqual([FIXTURE.soap.id]);
  });

  it('refund: a double-click refunds once; the X report counts one refund', () => {
    const sale = sellMilk();
    const operationId = randomUUID();
    const line = sale.lines[0]?.id ?? '';
    const input = {
      ticketNumber: sale.number ?? 0,
      lines: [{ lineId: line, quantity: 1000 }],
      method: 'cash',
      approval: manager(),
      operationId,
    };
    const first = t.till.refund(input);
    const before = written();
    expect({ ...t.till.refund(input), revision: first.revision }).toEqual(first);
    expect(written()).toEqual(before);
    expect(t.till.xReport().tickets.refunds).toBe(1);
    expect(t.till.xReport().totals.refunds).toBe(-FIXTURE.milk.price);
    // Without the id, the same click is a second refund: the id is what tells them apart.
    t.till.refund({ ...input, operationId: undefined });
    expect(t.till.xReport().tickets.refunds).toBe(2);
  });

  it('cash out: a double-click takes 18 € out once, and the X report says −18 €', () => {
    const input = { amount: -1800, reason: 'Bank', approval: manager(), operationId: randomUUID() };
    const first = t.till.cashMove(input);
    const before = written();
    expect(t.till.cashMove(input)).toEqual(first);
    expect(written()).toEqual(before);
    expect(t.till.xReport().cashMoves).toEqual([{ amount: -1800, reason: 'Bank' }]);
  });

  it('cash in: a retry after the answer was lost puts the money in once', () => {
    const input = { amount: 1000, reason: 'Change', operationId: randomUUID() };
    const first = t.till.cashMove(input);
    t.reopen();
    t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    expect(t.till.cashMove(input)).toEqual(first);
    expect(count('cash_moves')).toBe(1);
  });

  it('open drawer: journaled once', () => {
    const input = {
      reason: 'Change for a customer',
      approval: manager(),
      operationId: randomUUID(),
    };
    t.till.openDrawer(input);
    const before = written();
    t.till.openDrawer(input);
    expect(written()).toEqual(before);
    const opened = t.db
      .prepare<[], number>("SELECT count(*) FROM journal WHERE doc_type = 'drawer_open'")
      .pluck()
      .get();
    expect(opened).toBe(1);
  });

  it('close: the second call answers with the first Z report, not "no session open"', () => {
    sellMilk();
    const input = {
      counts: { '2000': 5, '500': 1 },
      approval: manager(),
      operationId: randomUUID(),
    };
    const first = t.till.closeSession(input);
    const before = written();
    expect(t.till.closeSession(input)).toEqual(first);
    expect(written()).toEqual(before);
    expect(verifyJournal(t.db).ok).toBe(true);
  });
});

describe('an operation id is not a free pass', () => {
  it('refuses the same id sent with other figures, in words, and changes nothing', () => {
    const operationId = randomUUID();
    t.till.cashMove({ amount: 1000, reason: 'Change', operationId });
    const before = written();
    const reused = refusal(() => t.till.cashMove({ amount: 2000, reason: 'Change', operationId }));
    expect(reused.code).toBe('operation.reused');
    expect(reused.message).toContain(operationId);
    const otherAct = refusal(() =>
      t.till.openDrawer({ reason: 'Change', approval: manager(), operationId }),
    );
    expect(otherAct.code).toBe('operation.reused');
    expect(written()).toEqual(before);
  });

  it('an act refused the first time (no approval) is done by the retry with the same id', () => {
    const operationId = randomUUID();
    const input = { amount: -500, reason: 'Bank', operationId };
    expect(refusal(() => t.till.cashMove(input)).code).toBe('auth.manager_required');
    expect(count('cash_moves')).toBe(0);
    t.till.cashMove({ ...input, approval: manager() });
    t.till.cashMove({ ...input, approval: manager() });
    expect(count('cash_moves')).toBe(1);
  });

  it('a pay refused (too little) stores nothing: the corrected retry pays', () => {
    const operationId = randomUUID();
    t.till.addByBarcode({ code: FIXTURE.milk.code });
    expect(
      refusal(() => t.till.pay({ payments: [{ method: 'card', amount: 100 }], operationId })).code,
    ).toBe('payment.insufficient');
    const paid = t.till.pay({
      payments: [{ method: 'card', amount: FIXTURE.milk.price }],
      operationId,
    });
    expect(paid.status).toBe('paid');
    expect(count('applied_operations')).toBe(1);
  });

  it('refuses an operation id that is not a UUID', () => {
    const bad = refusal(() =>
      t.till.cashMove({ amount: 100, reason: 'Change', operationId: 'click-1' }),
    );
    expect(bad.code).toBe('input.invalid');
    expect(count('cash_moves')).toBe(0);
  });
});
