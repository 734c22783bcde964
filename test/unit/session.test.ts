import { describe, expect, it } from 'vitest';
import {
  computeSessionReport,
  countLines,
  countTotal,
  EURO_DENOMINATIONS,
  storedSessionReport,
  type RateAmount,
  type SessionReportInput,
} from '../../domain/session';
import { computeTicket, type LineInput } from '../../domain/ticket';
import { settle, type PaymentInput, type PaymentKind } from '../../domain/payment';
import { TillError } from '../../domain/errors';
import { buildSessionReportDocument } from '../../domain/report-document';
import { renderSessionReportText } from '../../domain/receipt-text';

function codeOf(attempt: () => unknown): string | undefined {
  try {
    attempt();
  } catch (error) {
    if (error instanceof TillError) return error.code;
    throw error;
  }
  return undefined;
}

const kindOf = (method: string): PaymentKind => (method === 'cash' ? 'cash' : 'card');

describe('countTotal', () => {
  it('adds up a drawer count', () => {
    expect(countTotal({ '50000': 1, '2000': 3, '5': 2 })).toBe(56010);
    expect(countTotal({ '1': 7, '2': 1, '10': 4 })).toBe(49);
    expect(countTotal({})).toBe(0);
    expect(countTotal({ '500': 0 })).toBe(0);
  });

  it('knows every euro note and coin', () => {
    const all = Object.fromEntries(EURO_DENOMINATIONS.map((d) => [String(d), 1]));
    expect(countTotal(all)).toBe(88888);
    expect(countLines(all).map((l) => l.denomination)).toEqual([...EURO_DENOMINATIONS]);
  });

  it('lists the counted lines largest first, leaving out zero counts', () => {
    expect(countLines({ '5': 2, '2000': 3, '100': 0 })).toEqual([
      { denomination: 2000, count: 3, amount: 6000 },
      { denomination: 5, count: 2, amount: 10 },
    ]);
  });

  it('refuses what is not a euro denomination', () => {
    for (const key of ['300', '0', '-500', '05', '5.0', 'abc', '100000']) {
      expect(codeOf(() => countTotal({ [key]: 1 }))).toBe('session.invalid_count');
    }
  });

  it('refuses negative or fractional counts', () => {
    expect(codeOf(() => countTotal({ '2000': -1 }))).toBe('session.invalid_count');
    expect(codeOf(() => countTotal({ '2000': 1.5 }))).toBe('session.invalid_count');
    expect(codeOf(() => countTotal({ '2000': Number.NaN }))).toBe('session.invalid_count');
  });
});

/** A day of tickets, aggregated the way the till service aggregates them from SQL. */
interface DayTicket {
  kind: 'sale' | 'refund';
  lines: (LineInput & { category: string })[];
  payments: PaymentInput[];
}

function aggregate(
  tickets: DayTicket[],
): Omit<SessionReportInput, 'openingFloat' | 'cashMoves' | 'countedCash' | 'grandTotalBefore'> {
  const payments = new Map<string, number>();
  const sales: RateAmount[] = [];
  const refunds: RateAmount[] = [];
  const categories = new Map<string, number>();
  let changeGiven = 0;
  let roundingTotal = 0;
  for (const ticket of tickets) {
    const totals = computeTicket(ticket.lines);
    const settlement = settle(totals.total, ticket.payments, kindOf);
    expect(settlement.remaining).toBe(0);
    changeGiven += settlement.change;
    roundingTotal += settlement.rounding;
    for (const p of ticket.payments)
      payments.set(p.method, (payments.get(p.method) ?? 0) + p.amount);
    for (const row of totals.vat) {
      (ticket.kind === 'sale' ? sales : refunds).push({
        rateBp: row.rateBp,
        gross: row.gross,
        vat: row.vat,
      });
    }
    ticket.lines.forEach((line, i) => {
      const net = totals.lines[i]?.net ?? 0;
      categories.set(line.category, (categories.get(line.category) ?? 0) + net);
    });
  }
  return {
    payments: [...payments].map(([method, amount]) => ({ method, amount })),
    cashMethods: ['cash'],
    changeGiven,
    roundingTotal,
    tickets: {
      sales: tickets.filter((t) => t.kind === 'sale').length,
      refunds: tickets.filter((t) => t.kind === 'refund').length,
      cancellations: 0,
    },
    sales,
    refunds,
    byCategory: [...categories].map(([category, amount]) => ({ category, amount })),
  };
}

const day: DayTicket[] = [
  {
    // 2.12 + 3.27 = 5.39 in cash: rounded to 5.40, paid with a 10 € note.
    kind: 'sale',
    lines: [
      { unitPrice: 399, quantity: 532, vatRateBp: 600, category: 'Fruits' },
      { unitPrice: 109, quantity: 3000, vatRateBp: 600, category: 'Dairy' },
    ],
    payments: [{ method: 'cash', amount: 1000 }],
  },
  {
    // 4.50 + 12.99 = 17.49 by card.
    kind: 'sale',
    lines: [
      { unitPrice: 450, quantity: 1000, vatRateBp: 2100, category: 'Hygiene' },
      { unitPrice: 1299, quantity: 1000, vatRateBp: 2100, category: 'Wine' },
    ],
    payments: [{ method: 'card', amount: 1749 }],
  },
  {
    // 3 x 1.09 = 3.27: 2 € card + the cash part 1.27, rounded to 1.25 (Belgian law).
    kind: 'sale',
    lines: [{ unitPrice: 109, quantity: 3000, vatRateBp: 600, category: 'Dairy' }],
    payments: [
      { method: 'card', amount: 200 },
      { method: 'cash', amount: 125 },
    ],
  },
  {
    // The wine comes back: 12.99 refunded in cash, rounded to 13.00.
    kind: 'refund',
    lines: [{ unitPrice: 1299, quantity: -1000, vatRateBp: 2100, category: 'Wine' }],
    payments: [{ method: 'cash', amount: -1300 }],
  },
];

/** The day above as the service hands it to the report (built in each test, not at load). */
function dayInput(): SessionReportInput {
  return {
    ...aggregate(day),
    openingFloat: 15000,
    cashMoves: [
      { amount: 2000, reason: 'Float top-up' },
      { amount: -5000, reason: 'Bank deposit' },
    ],
    grandTotalBefore: 1_000_000,
  };
}

describe('computeSessionReport', () => {
  it('reconciles the drawer to the cent', () => {
    const input = dayInput();
    // Float 150.00 + cash tendered (10.00 + 1.25 - 13.00) - change 4.60 + 20.00 - 50.00.
    const report = computeSessionReport({ ...input, countedCash: 11365 });
    expect(report.cashReceived).toBe(-175);
    expect(report.changeGiven).toBe(460);
    expect(report.cashNet).toBe(-635);
    expect(report.cashIn).toBe(2000);
    expect(report.cashOut).toBe(-5000);
    expect(report.expectedCash).toBe(11365);
    expect(report.difference).toBe(0);
  });

  it('shows missing cash as a negative difference, extra cash as positive', () => {
    const input = dayInput();
    expect(computeSessionReport({ ...input, countedCash: 11360 }).difference).toBe(-5);
    expect(computeSessionReport({ ...input, countedCash: 11465 }).difference).toBe(100);
  });

  it('totals sales, refunds, net and the grand total', () => {
    const input = dayInput();
    const report = computeSessionReport(input);
    expect(report.totals).toEqual({ sales: 539 + 1749 + 327, refunds: -1299, net: 1316 });
    expect(report.grandTotalAfter).toBe(1_001_316);
    expect(report.tickets).toEqual({ sales: 3, refunds: 1, cancellations: 0 });
    // +0.01 and -0.02 on the sales, -0.01 on the refund.
    expect(report.roundingTotal).toBe(1 - 2 - 1);
    expect(report.roundingByKind).toEqual([{ kind: 'cash', amount: -2 }]);
  });

  it('explains every cent of the payments by the sales', () => {
    const input = dayInput();
    const report = computeSessionReport(input);
    expect(report.paymentsTotal - report.changeGiven).toBe(
      report.totals.net + report.roundingTotal,
    );
    expect(report.unexplained).toBe(0);
    // A ticket left unpaid would show up.
    const short = computeSessionReport({
      ...input,
      payments: [...input.payments, { method: 'card', amount: -100 }],
    });
    expect(short.unexplained).toBe(-100);
  });

  it('gives the VAT per rate, net of refunds, agreeing with the receipts', () => {
    const input = dayInput();
    const report = computeSessionReport(input);
    expect(report.vat).toEqual([
      // 5.39 (VAT 0.31) + 3.27 (VAT 0.19) as printed on the two receipts.
      { rateBp: 600, gross: 866, vat: 50, net: 816 },
      // 17.49 (VAT 3.04) - 12.99 (VAT 2.25).
      { rateBp: 2100, gross: 450, vat: 79, net: 371 },
    ]);
    expect(report.salesVat.map((r) => r.gross)).toEqual([866, 1749]);
    expect(report.refundsVat).toEqual([{ rateBp: 2100, gross: -1299, vat: -225, net: -1074 }]);
    expect(report.vat.reduce((s, r) => s + r.gross, 0)).toBe(report.totals.net);
  });

  it('computes the VAT from the rate totals when the tickets VAT is not given', () => {
    const input = dayInput();
    const report = computeSessionReport({
      ...input,
      sales: [
        { rateBp: 2100, gross: 10 },
        { rateBp: 2100, gross: 10 },
        { rateBp: 2100, gross: 10 },
      ],
      refunds: [],
    });
    expect(report.vat).toEqual([{ rateBp: 2100, gross: 30, vat: 5, net: 25 }]);
  });

  it('sums the categories to the net sales', () => {
    const input = dayInput();
    const report = computeSessionReport(input);
    expect(report.byCategory).toEqual([
      { category: 'Fruits', amount: 212 },
      { category: 'Dairy', amount: 327 + 327 },
      { category: 'Hygiene', amount: 450 },
      { category: 'Wine', amount: 0 },
    ]);
    expect(report.byCategory.reduce((s, c) => s + c.amount, 0)).toBe(report.totals.net);
  });

  it('lists payments per method, merging repeated rows', () => {
    const input = dayInput();
    const report = computeSessionReport({
      ...input,
      payments: [
        { method: 'card', amount: 100 },
        { method: 'cash', amount: 50 },
        { method: 'card', amount: 25 },
      ],
    });
    expect(report.byMethod).toEqual([
      { method: 'card', kind: 'other', cash: false, amount: 125 },
      { method: 'cash', kind: 'cash', cash: true, amount: 50 },
    ]);
  });

  it('has no count and no difference for an X report', () => {
    const input = dayInput();
    const report = computeSessionReport(input);
    expect(report.countedCash).toBeNull();
    expect(report.difference).toBeNull();
    expect(report.countedLines).toBeNull();
    expect(report.expectedCash).toBe(11365);
  });

  it('takes the count from the denominations counted', () => {
    const input = dayInput();
    const report = computeSessionReport({
      ...input,
      countedDenominations: {
        '5000': 2,
        '1000': 1,
        '200': 1,
        '100': 1,
        '50': 1,
        '10': 1,
        '5': 1,
      },
    });
    expect(report.countedCash).toBe(11365);
    expect(report.difference).toBe(0);
    expect(report.countedLines?.[0]).toEqual({ denomination: 5000, count: 2, amount: 10000 });
  });

  it('refuses a counted cash that disagrees with its denominations', () => {
    const input = dayInput();
    expect(
      codeOf(() =>
        computeSessionReport({ ...input, countedCash: 100, countedDenominations: { '200': 1 } }),
      ),
    ).toBe('session.invalid_count');
  });

  it('refuses float amounts and negative counts', () => {
    const input = dayInput();
    expect(codeOf(() => computeSessionReport({ ...input, openingFloat: 150.5 }))).toBe(
      'session.invalid_input',
    );
    expect(
      codeOf(() =>
        computeSessionReport({ ...input, tickets: { sales: -1, refunds: 0, cancellations: 0 } }),
      ),
    ).toBe('session.invalid_input');
    expect(
      codeOf(() => computeSessionReport({ ...input, cashMoves: [{ amount: 0.1, reason: 'x' }] })),
    ).toBe('session.invalid_input');
  });

  it('reports an empty session', () => {
    const report = computeSessionReport({
      openingFloat: 10000,
      cashMoves: [],
      payments: [],
      cashMethods: ['cash'],
      changeGiven: 0,
      roundingTotal: 0,
      tickets: { sales: 0, refunds: 0, cancellations: 0 },
      sales: [],
      refunds: [],
      byCategory: [],
      countedCash: 10000,
      grandTotalBefore: 5,
    });
    expect(report).toMatchObject({
      expectedCash: 10000,
      difference: 0,
      totals: { sales: 0, refunds: 0, net: 0 },
      vat: [],
      grandTotalAfter: 5,
      unexplained: 0,
    });
  });
});

/** A closed session with nothing in it but what each test adds. */
function quietDay(overrides: Partial<SessionReportInput> = {}): SessionReportInput {
  return {
    openingFloat: 10000,
    cashMoves: [],
    payments: [],
    cashMethods: ['cash'],
    changeGiven: 0,
    roundingTotal: 0,
    tickets: { sales: 0, refunds: 0, cancellations: 0 },
    sales: [],
    refunds: [],
    byCategory: [],
    grandTotalBefore: 0,
    ...overrides,
  };
}

describe('the Z report', () => {
  it('computes a rate once from its total when only some tickets carry their VAT', () => {
    // Stored: 0.61 on the first ticket; the second has none. Not 0.61 + 0.30 = 0.91: the rate's
    // 15.90 computed once, 0.90.
    const mixed = computeSessionReport(
      quietDay({
        sales: [
          { rateBp: 600, gross: 1060, vat: 61 },
          { rateBp: 600, gross: 530 },
          { rateBp: 2100, gross: 121, vat: 22 },
        ],
      }),
    );
    expect(mixed.vat).toEqual([
      { rateBp: 600, gross: 1590, vat: 90, net: 1500 },
      { rateBp: 2100, gross: 121, vat: 22, net: 99 },
    ]);
    const stored = computeSessionReport(
      quietDay({
        sales: [
          { rateBp: 600, gross: 1060, vat: 61 },
          { rateBp: 600, gross: 530, vat: 30 },
        ],
      }),
    );
    expect(stored.vat).toEqual([{ rateBp: 600, gross: 1590, vat: 91, net: 1499 }]);
  });

  it('keeps the sales and refunds VAT apart, each from its own tickets', () => {
    const report = computeSessionReport(
      quietDay({
        sales: [{ rateBp: 2100, gross: 1210, vat: 210 }],
        refunds: [{ rateBp: 2100, gross: -121 }],
      }),
    );
    expect(report.salesVat).toEqual([{ rateBp: 2100, gross: 1210, vat: 210, net: 1000 }]);
    expect(report.refundsVat).toEqual([{ rateBp: 2100, gross: -121, vat: -21, net: -100 }]);
    expect(report.vat).toEqual([{ rateBp: 2100, gross: 1089, vat: 189, net: 900 }]);
  });

  it('merges duplicate categories, in the order they first appear', () => {
    const report = computeSessionReport(
      quietDay({
        byCategory: [
          { category: 'Vrac', amount: 1000 },
          { category: 'Boissons', amount: 500 },
          { category: 'Vrac', amount: -300 },
          { category: 'Boissons', amount: 20 },
        ],
      }),
    );
    expect(report.byCategory).toEqual([
      { category: 'Vrac', amount: 700 },
      { category: 'Boissons', amount: 520 },
    ]);
  });

  it('shows money the sales do not explain', () => {
    // 10.00 paid in cash and 2.00 change for a 7.00 sale: 1.00 nobody sold.
    const report = computeSessionReport(
      quietDay({
        payments: [{ method: 'cash', amount: 1000 }],
        changeGiven: 200,
        roundingTotal: 0,
        sales: [{ rateBp: 600, gross: 700 }],
      }),
    );
    expect(report.unexplained).toBe(100);
    expect(report.expectedCash).toBe(10800);
    const rounded = computeSessionReport(
      quietDay({
        payments: [{ method: 'card', amount: 705 }],
        roundingTotal: 2,
        sales: [{ rateBp: 600, gross: 703 }],
        refunds: [{ rateBp: 600, gross: -100 }],
      }),
    );
    expect(rounded.unexplained).toBe(100);
  });

  it('separates cash put in from cash taken out, keeping each move', () => {
    const report = computeSessionReport(
      quietDay({
        cashMoves: [
          { amount: 500, reason: 'Top-up' },
          { amount: -200, reason: 'Window cleaner' },
          { amount: 300, reason: 'Top-up' },
        ],
        countedCash: 10600,
      }),
    );
    expect(report).toMatchObject({ cashIn: 800, cashOut: -200, expectedCash: 10600 });
    expect(report.cashMoves).toHaveLength(3);
    expect(report.difference).toBe(0);
  });

  it('names the field that is not a whole number of cents', () => {
    const refused = (input: SessionReportInput): TillError => {
      try {
        computeSessionReport(input);
      } catch (error) {
        if (error instanceof TillError) return error;
      }
      throw new Error('expected a TillError');
    };
    expect(refused(quietDay({ changeGiven: 0.5 }))).toMatchObject({
      code: 'session.invalid_input',
      message: 'changeGiven must be an integer, got 0.5',
      details: { field: 'changeGiven' },
    });
    expect(refused(quietDay({ roundingTotal: 0.5 })).details).toEqual({ field: 'roundingTotal' });
    expect(refused(quietDay({ grandTotalBefore: 0.5 })).details).toEqual({
      field: 'grandTotalBefore',
    });
    expect(refused(quietDay({ payments: [{ method: 'cash', amount: 0.5 }] })).details).toEqual({
      field: 'payments.amount',
    });
    expect(refused(quietDay({ sales: [{ rateBp: 600, gross: 0.5 }] })).details).toEqual({
      field: 'gross',
    });
    expect(refused(quietDay({ refunds: [{ rateBp: 600, gross: -1, vat: 0.5 }] })).details).toEqual({
      field: 'vat',
    });
    expect(refused(quietDay({ byCategory: [{ category: 'x', amount: 0.5 }] })).details).toEqual({
      field: 'byCategory.amount',
    });
    expect(refused(quietDay({ countedCash: 0.5 })).details).toEqual({ field: 'countedCash' });
    expect(
      refused(quietDay({ tickets: { sales: 0, refunds: 1.5, cancellations: 0 } })),
    ).toMatchObject({
      message: 'tickets.refunds must be a count',
      details: { field: 'tickets.refunds' },
    });
    expect(refused(quietDay({ sales: [{ rateBp: 650.5, gross: 1 }] })).code).toBe(
      'tax.invalid_rate',
    );
  });

  it('names a count that disagrees with its denominations', () => {
    try {
      computeSessionReport(quietDay({ countedCash: 100, countedDenominations: { '200': 1 } }));
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toMatchObject({
        code: 'session.invalid_count',
        message: 'The counted cash (100) disagrees with the denominations counted (200)',
        details: { countedCash: 100, fromCount: 200 },
      });
    }
    const agreeing = computeSessionReport(
      quietDay({ countedCash: 200, countedDenominations: { '200': 1 } }),
    );
    expect(agreeing.countedCash).toBe(200);
  });
});

describe('a drawer count refused in words', () => {
  it('names what is not a denomination, and a bad count', () => {
    const refusal = (attempt: () => unknown): TillError => {
      try {
        attempt();
      } catch (error) {
        if (error instanceof TillError) return error;
      }
      throw new Error('expected a TillError');
    };
    expect(refusal(() => countTotal({ '300': 1 }))).toMatchObject({
      message: '300 is not a euro denomination in cents',
      details: { denomination: '300' },
    });
    expect(refusal(() => countTotal({ '2000': -1 }))).toMatchObject({
      message: 'The count of 2000 must be a whole number, 0 or more, got -1',
      details: { denomination: '2000', count: '-1' },
    });
    expect(refusal(() => computeSessionReport(quietDay({ openingFloat: 0.5 }))).details).toEqual({
      field: 'openingFloat',
    });
    expect(
      refusal(() => computeSessionReport(quietDay({ cashMoves: [{ amount: 0.5, reason: 'x' }] })))
        .details,
    ).toEqual({ field: 'cashMoves.amount' });
  });
});

describe('a Z report stored before payment kinds', () => {
  it('reads with its rounding on cash, no voucher excess and no clock step, and prints', () => {
    const report = computeSessionReport({
      ...aggregate(day),
      openingFloat: 0,
      cashMoves: [],
      grandTotalBefore: 0,
    });
    const old = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
    delete old.roundingByKind;
    delete old.voucherExcess;
    delete old.clockSteps;
    const read = storedSessionReport(old);
    expect(read).toEqual({
      ...report,
      roundingByKind: [{ kind: 'cash', amount: report.roundingTotal }],
    });
    const text = renderSessionReportText(
      buildSessionReportDocument(read, {
        kind: 'X',
        header: { shopName: 'BEES coop', addressLines: [], vatNumber: null },
        tillName: 'Till 1',
        sessionNumber: '1',
        openedAt: '2026-03-02T08:00:00.000Z',
        openedBy: 'Manon',
        printedAt: '2026-03-02T18:00:00.000Z',
      }),
      { width: 42, locale: 'en' },
    );
    expect(text.map((line) => line.replace(/ +/g, ' ').trim())).toContain('cash -€0.02');
  });
});

describe('payments net of change and refunds', () => {
  /**
   * The day the issue found: 54,45 € tendered in cash with 8,35 € of change, 2 € by card, a
   * 0,07 € cash rounding: 48,03 € of sales. All payments as tendered (56,45 €) do not reconcile;
   * net of the change (48,10 €) they are the net total plus the rounding.
   */
  const input: SessionReportInput = {
    openingFloat: 5000,
    cashMoves: [{ amount: -1800, reason: 'Bank' }],
    payments: [
      { method: 'cash', kind: 'cash', amount: 5445 },
      { method: 'card', kind: 'card', amount: 500 },
      { method: 'card', kind: 'card', amount: -300 },
    ],
    changeGiven: 835,
    roundingTotal: 7,
    tickets: { sales: 3, refunds: 1, cancellations: 0 },
    sales: [{ rateBp: 600, gross: 5103 }],
    refunds: [{ rateBp: 600, gross: -300 }],
    byCategory: [],
    grandTotalBefore: 0,
  };

  it('deducts the change from the cash and the refunds from their method', () => {
    const report = computeSessionReport(input);
    expect(report.paymentsTotal).toBe(5645);
    expect(report.byMethodNet).toEqual([
      { method: 'cash', kind: 'cash', cash: true, amount: 4610 },
      { method: 'card', kind: 'card', cash: false, amount: 200 },
    ]);
    expect(report.paymentsNet).toBe(4810);
    expect(report.totals.net).toBe(4803);
    expect(report.paymentsNet).toBe(report.totals.net + report.roundingTotal);
    expect(report.unexplained).toBe(0);
    // The drawer: the float, the cash net of change, the cash taken out.
    expect(report.expectedCash).toBe(5000 + 4610 - 1800);
    // As tendered, for whoever compares with the receipts.
    expect(report.byMethod.map((row) => row.amount)).toEqual([5445, 200]);
  });

  it('puts change given with no cash payment on a cash row of its own', () => {
    const report = computeSessionReport({
      ...input,
      payments: [{ method: 'card', kind: 'card', amount: 1000 }],
      changeGiven: 100,
    });
    expect(report.byMethodNet).toEqual([
      { method: 'card', kind: 'card', cash: false, amount: 1000 },
      { method: 'cash', kind: 'cash', cash: true, amount: -100 },
    ]);
    expect(computeSessionReport({ ...input, changeGiven: 0 }).byMethodNet).toEqual(
      computeSessionReport({ ...input, changeGiven: 0 }).byMethod,
    );
    // No change, no cash: no cash row made up.
    const cardOnly = computeSessionReport({
      ...input,
      payments: [{ method: 'card', kind: 'card', amount: 1000 }],
      changeGiven: 0,
    });
    expect(cardOnly.byMethodNet).toEqual([
      { method: 'card', kind: 'card', cash: false, amount: 1000 },
    ]);
  });

  it('deducts the change from the first cash method only', () => {
    const report = computeSessionReport({
      ...input,
      payments: [
        { method: 'card', kind: 'card', amount: 100 },
        { method: 'cash', kind: 'cash', amount: 2000 },
        { method: 'cash-eur', kind: 'cash', amount: 1000 },
      ],
    });
    expect(report.byMethodNet.map((row) => row.amount)).toEqual([100, 2000 - 835, 1000]);
  });

  it('computes them again for a Z report stored before them', () => {
    const report = computeSessionReport(input);
    const old = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
    delete old.byMethodNet;
    delete old.paymentsNet;
    expect(storedSessionReport(old)).toEqual(report);
  });
});
