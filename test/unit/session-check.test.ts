import { describe, expect, it } from 'vitest';
import {
  reportFiguresSchema,
  zReportProblem,
  type BookedTicket,
  type ReportFigures,
  type SessionBooks,
} from '../../domain/session-check';

const sale = (extra: Partial<BookedTicket> = {}): BookedTicket => ({
  kind: 'sale',
  total: 1000,
  rounding: 0,
  change: 0,
  voucherExcess: 0,
  vat: [{ rateBp: 600, gross: 1000, vat: 57 }],
  payments: [{ method: 'card', kind: 'card', amount: 1000 }],
  ...extra,
});
const cashSale = sale({
  total: 498,
  rounding: 2,
  change: 100,
  vat: [
    { rateBp: 600, gross: 248, vat: 14 },
    { rateBp: 2100, gross: 250, vat: 43 },
  ],
  payments: [{ method: 'cash', kind: 'cash', amount: 600 }],
});
const refund = sale({
  kind: 'refund',
  total: -250,
  vat: [{ rateBp: 2100, gross: -250, vat: -43 }],
  payments: [{ method: 'card', kind: 'card', amount: -250 }],
});

const books = (extra: Partial<SessionBooks> = {}): SessionBooks => ({
  openingFloat: 10_000,
  tickets: [sale(), cashSale, refund],
  cashMoves: [500, -2000],
  cancellations: 1,
  ...extra,
});

/** The Z report a till writes for books(): every figure agrees. */
const report = (extra: Partial<ReportFigures> = {}): ReportFigures => ({
  openingFloat: 10_000,
  cashIn: 500,
  cashOut: -2000,
  byMethod: [
    { method: 'card', cash: false, amount: 750 },
    { method: 'cash', cash: true, amount: 600 },
  ],
  paymentsTotal: 1350,
  cashReceived: 600,
  changeGiven: 100,
  cashNet: 500,
  roundingTotal: 2,
  voucherExcess: 0,
  expectedCash: 9000,
  countedCash: 8990,
  difference: -10,
  tickets: { sales: 2, refunds: 1, cancellations: 1 },
  totals: { sales: 1498, refunds: -250, net: 1248 },
  vat: [
    { rateBp: 600, gross: 1248, vat: 71 },
    { rateBp: 2100, gross: 0, vat: 0 },
  ],
  grandTotalBefore: 50_000,
  grandTotalAfter: 51_248,
  ...extra,
});

describe('a Z report checked against the booked tickets', () => {
  it('takes the report whose every figure is the books', () => {
    expect(zReportProblem(report(), books())).toBeNull();
    expect(reportFiguresSchema.safeParse(report()).success).toBe(true);
    // A session with nothing in it, not counted; and one the server saw no opening of.
    const empty = report({
      cashIn: 0,
      cashOut: 0,
      byMethod: [],
      paymentsTotal: 0,
      cashReceived: 0,
      changeGiven: 0,
      cashNet: 0,
      roundingTotal: 0,
      voucherExcess: undefined,
      expectedCash: 10_000,
      countedCash: null,
      difference: null,
      tickets: { sales: 0, refunds: 0, cancellations: 0 },
      totals: { sales: 0, refunds: 0, net: 0 },
      vat: [],
      grandTotalAfter: 50_000,
    });
    expect(
      zReportProblem(empty, books({ tickets: [], cashMoves: [], cancellations: 0 })),
    ).toBeNull();
    expect(zReportProblem(report(), books({ openingFloat: null }))).toBeNull();
  });

  it('refuses counts of tickets that are not the books', () => {
    for (const tickets of [
      { sales: 3, refunds: 1, cancellations: 1 },
      { sales: 2, refunds: 0, cancellations: 1 },
      { sales: 2, refunds: 1, cancellations: 0 },
    ]) {
      expect(zReportProblem(report({ tickets }), books())).toBe(
        `it counts ${tickets.sales} sales, ${tickets.refunds} refunds and ${tickets.cancellations} cancellations; the books hold 2, 1 and 1`,
      );
    }
  });

  it('refuses totals that are not the books', () => {
    for (const totals of [
      { sales: 2996, refunds: -500, net: 2496 },
      { sales: 1498, refunds: -251, net: 1247 },
      { sales: 1498, refunds: -250, net: 1249 },
    ]) {
      expect(zReportProblem(report({ totals }), books())).toBe(
        `its totals (sales ${totals.sales}, refunds ${totals.refunds}, net ${totals.net}) are not the booked tickets' (1498, -250, 1248)`,
      );
    }
  });

  it('refuses VAT per rate that is not the books', () => {
    const vat = "its VAT per rate is not the booked tickets' VAT";
    for (const rows of [
      [{ rateBp: 600, gross: 1248, vat: 72 }],
      [{ rateBp: 600, gross: 1249, vat: 71 }],
      [{ rateBp: 1200, gross: 1248, vat: 71 }],
      [
        { rateBp: 600, gross: 1248, vat: 71 },
        { rateBp: 2100, gross: 1, vat: 0 },
      ],
      [
        { rateBp: 600, gross: 1248, vat: 71 },
        { rateBp: 2100, gross: 0, vat: 1 },
      ],
      [],
    ]) {
      expect(zReportProblem(report({ vat: rows }), books()), JSON.stringify(rows)).toBe(vat);
    }
  });

  it('refuses payments per method that are not the books, or that do not add up', () => {
    const payments = "its payments per method are not the booked tickets' payments";
    const byMethod = (card: number, cash: number) => [
      { method: 'card', cash: false, amount: card },
      { method: 'cash', cash: true, amount: cash },
    ];
    expect(zReportProblem(report({ byMethod: byMethod(1500, 600) }), books())).toBe(payments);
    expect(zReportProblem(report({ byMethod: byMethod(750, 600).slice(0, 1) }), books())).toBe(
      payments,
    );
    expect(zReportProblem(report({ paymentsTotal: 1351 }), books())).toBe(payments);
    const renamed = [
      { method: 'carte', cash: false, amount: 750 },
      { method: 'cash', cash: true, amount: 600 },
    ];
    expect(zReportProblem(report({ byMethod: renamed }), books())).toBe(payments);
  });

  it('refuses cash received that is not the cash payments', () => {
    expect(zReportProblem(report({ cashReceived: 601 }), books())).toBe(
      "its cash (received 601, by method 600) is not the booked tickets' 600",
    );
    const cardAsCash = [
      { method: 'card', cash: true, amount: 750 },
      { method: 'cash', cash: true, amount: 600 },
    ];
    expect(zReportProblem(report({ byMethod: cardAsCash }), books())).toBe(
      "its cash (received 600, by method 1350) is not the booked tickets' 600",
    );
    // Tickets from before payment kinds: their cash cannot be told, the rest is still checked.
    const legacy = books({
      tickets: [sale({ payments: [{ method: 'card', amount: 1000 }] }), cashSale, refund],
    });
    expect(
      zReportProblem(
        report({ cashReceived: 601, cashNet: 501, expectedCash: 9001, difference: -11 }),
        legacy,
      ),
    ).toBeNull();
  });

  it('refuses change, rounding or voucher excess that are not the books', () => {
    const money = (change: number, rounding: number, excess: number) =>
      `its change, rounding or voucher excess (${change}, ${rounding}, ${excess}) are not the booked tickets' (100, 2, 0)`;
    expect(zReportProblem(report({ changeGiven: 101 }), books())).toBe(money(101, 2, 0));
    expect(zReportProblem(report({ roundingTotal: 3 }), books())).toBe(money(100, 3, 0));
    expect(zReportProblem(report({ voucherExcess: 5 }), books())).toBe(money(100, 2, 5));
    const excess = books({ tickets: [sale({ voucherExcess: 7 }), cashSale, refund] });
    expect(zReportProblem(report({ voucherExcess: 7 }), excess)).toBeNull();
    expect(zReportProblem(report({ voucherExcess: undefined }), excess)).toBe(
      "its change, rounding or voucher excess (100, 2, 0) are not the booked tickets' (100, 2, 7)",
    );
    const legacyExcess = books({ tickets: [sale({ voucherExcess: undefined }), cashSale, refund] });
    expect(zReportProblem(report(), legacyExcess)).toBeNull();
  });

  it("refuses cash moves and an opening float that are not the session's", () => {
    expect(zReportProblem(report({ cashIn: 1000, expectedCash: 9500 }), books())).toBe(
      "its cash moves (in 1000, out -2000) are not the session's (500, -2000)",
    );
    expect(zReportProblem(report({ cashOut: 0 }), books())).toBe(
      "its cash moves (in 500, out 0) are not the session's (500, -2000)",
    );
    // A move of zero is neither in nor out.
    expect(zReportProblem(report(), books({ cashMoves: [500, -2000, 0] }))).toBeNull();
    expect(zReportProblem(report({ openingFloat: 20_000 }), books())).toBe(
      "its opening float 20000 is not the session's 10000",
    );
  });

  it('refuses figures that do not follow from the others', () => {
    expect(zReportProblem(report({ cashNet: 600 }), books())).toBe(
      'its expected cash 9000 does not follow from its figures (9000)',
    );
    expect(zReportProblem(report({ expectedCash: 9010 }), books())).toBe(
      'its expected cash 9010 does not follow from its figures (9000)',
    );
    expect(zReportProblem(report({ difference: 0 }), books())).toBe(
      'its difference 0 is not counted less expected (-10)',
    );
    expect(zReportProblem(report({ countedCash: null }), books())).toBe(
      'its difference -10 is not counted less expected (null)',
    );
    expect(zReportProblem(report({ grandTotalAfter: 52_496 }), books())).toBe(
      'its grand total after 52496 is not the one before plus the net',
    );
  });
});
