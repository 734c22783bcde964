import { describe, expect, it } from 'vitest';
import {
  MAX_TICKET_CENTS,
  ticketBoundsProblem,
  type BoundedLine,
  type BoundedTicket,
} from '../../domain/ticket-bounds';

const saleLine = (extra: Partial<BoundedLine> = {}): BoundedLine => ({
  quantity: 2000,
  shelfPrice: 129,
  unitPrice: 129,
  gross: 258,
  net: 258,
  ...extra,
});
const sale = (extra: Partial<BoundedTicket> = {}): BoundedTicket => ({
  kind: 'sale',
  lines: [saleLine()],
  subtotal: 258,
  total: 258,
  due: 260,
  change: 40,
  payments: [{ amount: 300 }],
  ...extra,
});
const refund = (extra: Partial<BoundedTicket> = {}): BoundedTicket => ({
  kind: 'refund',
  lines: [saleLine({ quantity: -1000, gross: -129, net: -129 })],
  subtotal: -129,
  total: -129,
  due: -130,
  change: 0,
  payments: [{ amount: -130 }],
  ...extra,
});

describe('what a real till can have sold', () => {
  it('takes an ordinary sale and refund, a free sale, and every figure at its limit', () => {
    expect(ticketBoundsProblem(sale())).toBeNull();
    expect(ticketBoundsProblem(refund())).toBeNull();
    const free = sale({
      lines: [saleLine({ shelfPrice: 0, unitPrice: 0, gross: 0, net: 0 })],
      subtotal: 0,
      total: 0,
      due: 0,
      change: 0,
      payments: [],
    });
    expect(ticketBoundsProblem(free)).toBeNull();
    const M = MAX_TICKET_CENTS;
    const atLimit = sale({
      lines: [
        saleLine({
          quantity: 10_000_000,
          shelfPrice: 10_000_000,
          unitPrice: 10_000_000,
          gross: M,
          net: M,
        }),
      ],
      subtotal: M,
      total: M,
      due: M,
      change: M,
      payments: [{ amount: M }],
    });
    expect(ticketBoundsProblem(atLimit)).toBeNull();
    const refundAtLimit = refund({
      lines: [saleLine({ quantity: -10_000_000, gross: -M, net: -M })],
      subtotal: -M,
      total: -M,
      due: -M,
      payments: [{ amount: -M }],
    });
    expect(ticketBoundsProblem(refundAtLimit)).toBeNull();
    expect(MAX_TICKET_CENTS).toBe(1_000_000_000);
  });

  it('refuses a ticket with no line', () => {
    expect(ticketBoundsProblem(sale({ lines: [] }))).toBe('a sale has at least one line');
    expect(ticketBoundsProblem(refund({ lines: [] }))).toBe('a refund has at least one line');
  });

  it("refuses a line past the till's limits, naming it", () => {
    const second = (line: Partial<BoundedLine>) =>
      ticketBoundsProblem(sale({ lines: [saleLine(), saleLine(line)] }));
    expect(second({ quantity: 10_000_001 })).toBe(
      "line 2: a quantity of 10000.001 is beyond the till's limit (10000)",
    );
    expect(ticketBoundsProblem(refund({ lines: [saleLine({ quantity: -10_000_001 })] }))).toMatch(
      /^line 1: a quantity of -10000.001 is beyond/,
    );
    expect(second({ shelfPrice: 10_000_001 })).toBe(
      "line 2: a price above 100000 EUR is beyond the till's limit",
    );
    expect(second({ unitPrice: 10_000_001 })).toMatch(/line 2: a price above/);
    expect(second({ shelfPrice: -1 })).toBe('line 2: a price is never negative');
    expect(second({ unitPrice: -1 })).toBe('line 2: a price is never negative');
    expect(second({ gross: MAX_TICKET_CENTS + 1 })).toBe(
      'line 2: an amount beyond 10000000 EUR is more than a ticket holds',
    );
    expect(second({ net: -MAX_TICKET_CENTS - 1 })).toMatch(/line 2: an amount beyond/);
  });

  it('refuses a sale that gives goods or money back, and a refund that takes them', () => {
    const saleWith = (line: Partial<BoundedLine>) =>
      ticketBoundsProblem(sale({ lines: [saleLine(line)] }));
    for (const line of [{ quantity: 0 }, { quantity: -1000 }, { gross: -1 }, { net: -1 }]) {
      expect(saleWith(line), JSON.stringify(line)).toBe(
        "line 1: a sale's quantities and amounts are positive (a refund gives goods back)",
      );
    }
    expect(saleWith({ gross: 0, net: 0 })).toBeNull();
    const refundWith = (line: Partial<BoundedLine>) =>
      ticketBoundsProblem(
        refund({ lines: [saleLine({ quantity: -1000, gross: -129, net: -129, ...line })] }),
      );
    for (const line of [{ quantity: 0 }, { quantity: 1000 }, { gross: 1 }, { net: 1 }]) {
      expect(refundWith(line), JSON.stringify(line)).toBe(
        'line 1: a refund gives goods back (its quantities and amounts are negative)',
      );
    }
    expect(refundWith({ gross: 0, net: 0 })).toBeNull();
  });

  it("refuses a stock change past the till's limits or the wrong way, and takes none", () => {
    const saleWith = (stockDelta: number | null | undefined) =>
      ticketBoundsProblem(sale({ lines: [saleLine({ stockDelta })] }));
    expect(saleWith(-1295)).toBeNull();
    expect(saleWith(0)).toBeNull();
    expect(saleWith(null)).toBeNull();
    expect(saleWith(undefined)).toBeNull();
    expect(saleWith(-10_000_000)).toBeNull();
    expect(saleWith(-10_000_001)).toBe(
      "line 1: a stock change of -10000.001 is beyond the till's limit (10000)",
    );
    expect(saleWith(1)).toBe('line 1: a sale takes goods off the shelf, never the other way');
    const refundWith = (stockDelta: number) =>
      ticketBoundsProblem(
        refund({ lines: [saleLine({ quantity: -1000, gross: -129, net: -129, stockDelta })] }),
      );
    expect(refundWith(1000)).toBeNull();
    expect(refundWith(0)).toBeNull();
    expect(refundWith(10_000_001)).toMatch(/^line 1: a stock change of 10000.001 is beyond/);
    expect(refundWith(-1)).toBe(
      'line 1: a refund puts goods back on the shelf, never the other way',
    );
  });

  it('refuses totals and payments going the wrong way or past what a ticket holds', () => {
    const over = MAX_TICKET_CENTS + 1;
    for (const extra of [
      { subtotal: over },
      { total: -over },
      { due: over },
      { change: over },
      { payments: [{ amount: 1 }, { amount: over }] },
    ]) {
      expect(ticketBoundsProblem(sale(extra)), JSON.stringify(extra)).toBe(
        'an amount beyond 10000000 EUR is more than a ticket holds',
      );
    }
    expect(ticketBoundsProblem(sale({ change: -1 }))).toBe('change is never negative');
    expect(ticketBoundsProblem(sale({ total: -1 }))).toBe("a sale's total and due are positive");
    expect(ticketBoundsProblem(sale({ due: -1 }))).toBe("a sale's total and due are positive");
    expect(ticketBoundsProblem(sale({ payments: [{ amount: 300 }, { amount: -40 }] }))).toBe(
      "a sale's payments are positive",
    );
    expect(ticketBoundsProblem(refund({ total: 1 }))).toBe(
      "a refund's total and due are negative (money goes back)",
    );
    expect(ticketBoundsProblem(refund({ due: 1 }))).toMatch(/^a refund's total and due/);
    expect(ticketBoundsProblem(refund({ payments: [{ amount: 130 }] }))).toBe(
      "a refund's payment is negative (money goes back)",
    );
    expect(ticketBoundsProblem(refund({ total: 0, due: 0, payments: [{ amount: 0 }] }))).toBeNull();
  });
});
