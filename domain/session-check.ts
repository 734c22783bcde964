/**
 * A till's session documents checked against the tickets the books hold for that session: the
 * server keeps a Z report only when its figures are those of the booked tickets, so that the
 * sessions it serves reconcile with the sales to the cent.
 */
import { z } from 'zod';

export interface BookedTicket {
  kind: 'sale' | 'refund';
  total: number;
  rounding: number;
  change: number;
  voucherExcess?: number | undefined;
  vat: readonly { rateBp: number; gross: number; vat: number }[];
  payments: readonly { method: string; kind?: string | undefined; amount: number }[];
}

export interface SessionBooks {
  /** The session's opening float as its session_open said, or null if the server lacks it. */
  openingFloat: number | null;
  tickets: readonly BookedTicket[];
  /** The session's cash moves (signed). */
  cashMoves: readonly number[];
  cancellations: number;
}

/** The figures of a Z report the books can speak for (domain/session.ts, SessionReport). */
export interface ReportFigures {
  openingFloat: number;
  cashIn: number;
  cashOut: number;
  byMethod: readonly { method: string; cash: boolean; amount: number }[];
  paymentsTotal: number;
  cashReceived: number;
  changeGiven: number;
  cashNet: number;
  roundingTotal: number;
  voucherExcess?: number | undefined;
  expectedCash: number;
  countedCash: number | null;
  difference: number | null;
  tickets: { sales: number; refunds: number; cancellations: number };
  totals: { sales: number; refunds: number; net: number };
  vat: readonly { rateBp: number; gross: number; vat: number }[];
  grandTotalBefore: number;
  grandTotalAfter: number;
}

const cents = z.number().int().safe();

/** What the server reads of a Z report: the figures above; the rest travels untouched. */
export const reportFiguresSchema = z.object({
  openingFloat: cents,
  cashIn: cents,
  cashOut: cents,
  byMethod: z.array(z.object({ method: z.string(), cash: z.boolean(), amount: cents })),
  paymentsTotal: cents,
  cashReceived: cents,
  changeGiven: cents,
  cashNet: cents,
  roundingTotal: cents,
  voucherExcess: cents.optional(),
  expectedCash: cents,
  countedCash: cents.nullable(),
  difference: cents.nullable(),
  tickets: z.object({ sales: cents, refunds: cents, cancellations: cents }),
  totals: z.object({ sales: cents, refunds: cents, net: cents }),
  vat: z.array(z.object({ rateBp: cents, gross: cents, vat: cents })),
  grandTotalBefore: cents,
  grandTotalAfter: cents,
});

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** Sums by key, leaving out the keys that sum to zero (a report lists no empty row). */
function sums<T>(items: readonly T[], key: (item: T) => string, amount: (item: T) => number) {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(key(item), (totals.get(key(item)) ?? 0) + amount(item));
  return new Map([...totals].filter(([, total]) => total !== 0));
}

function sameSums(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([key, total]) => b.get(key) === total);
}

/** What in a Z report differs from the session's booked tickets, in words, or null. */
export function zReportProblem(report: ReportFigures, books: SessionBooks): string | null {
  const sales = books.tickets.filter((ticket) => ticket.kind === 'sale');
  const refunds = books.tickets.filter((ticket) => ticket.kind === 'refund');
  const expected = {
    sales: sales.length,
    refunds: refunds.length,
    cancellations: books.cancellations,
  };
  if (
    report.tickets.sales !== expected.sales ||
    report.tickets.refunds !== expected.refunds ||
    report.tickets.cancellations !== expected.cancellations
  ) {
    return `it counts ${report.tickets.sales} sales, ${report.tickets.refunds} refunds and ${report.tickets.cancellations} cancellations; the books hold ${expected.sales}, ${expected.refunds} and ${expected.cancellations}`;
  }
  const totals = {
    sales: sum(sales.map((ticket) => ticket.total)),
    refunds: sum(refunds.map((ticket) => ticket.total)),
  };
  if (
    report.totals.sales !== totals.sales ||
    report.totals.refunds !== totals.refunds ||
    report.totals.net !== totals.sales + totals.refunds
  ) {
    return `its totals (sales ${report.totals.sales}, refunds ${report.totals.refunds}, net ${report.totals.net}) are not the booked tickets' (${totals.sales}, ${totals.refunds}, ${totals.sales + totals.refunds})`;
  }
  const rows = books.tickets.flatMap((ticket) => ticket.vat);
  if (
    !sameSums(
      sums(
        report.vat,
        (row) => `${row.rateBp}`,
        (row) => row.gross,
      ),
      sums(
        rows,
        (row) => `${row.rateBp}`,
        (row) => row.gross,
      ),
    ) ||
    !sameSums(
      sums(
        report.vat,
        (row) => `${row.rateBp}`,
        (row) => row.vat,
      ),
      sums(
        rows,
        (row) => `${row.rateBp}`,
        (row) => row.vat,
      ),
    )
  ) {
    return "its VAT per rate is not the booked tickets' VAT";
  }
  const payments = books.tickets.flatMap((ticket) => ticket.payments);
  if (
    !sameSums(
      sums(
        report.byMethod,
        (row) => row.method,
        (row) => row.amount,
      ),
      sums(
        payments,
        (payment) => payment.method,
        (payment) => payment.amount,
      ),
    ) ||
    report.paymentsTotal !== sum(report.byMethod.map((row) => row.amount))
  ) {
    return "its payments per method are not the booked tickets' payments";
  }
  if (payments.every((payment) => payment.kind !== undefined)) {
    const cash = sum(payments.filter((p) => p.kind === 'cash').map((p) => p.amount));
    const reportCash = sum(report.byMethod.filter((row) => row.cash).map((row) => row.amount));
    if (report.cashReceived !== cash || reportCash !== cash)
      return `its cash (received ${report.cashReceived}, by method ${reportCash}) is not the booked tickets' ${cash}`;
  }
  const money = {
    changeGiven: sum(books.tickets.map((ticket) => ticket.change)),
    roundingTotal: sum(books.tickets.map((ticket) => ticket.rounding)),
    voucherExcess: sum(books.tickets.map((ticket) => ticket.voucherExcess ?? 0)),
  };
  if (
    report.changeGiven !== money.changeGiven ||
    report.roundingTotal !== money.roundingTotal ||
    (report.voucherExcess ?? 0) !== money.voucherExcess
  ) {
    return `its change, rounding or voucher excess (${report.changeGiven}, ${report.roundingTotal}, ${report.voucherExcess ?? 0}) are not the booked tickets' (${money.changeGiven}, ${money.roundingTotal}, ${money.voucherExcess})`;
  }
  const cashIn = sum(books.cashMoves.filter((amount) => amount > 0));
  const cashOut = sum(books.cashMoves.filter((amount) => amount < 0));
  if (report.cashIn !== cashIn || report.cashOut !== cashOut)
    return `its cash moves (in ${report.cashIn}, out ${report.cashOut}) are not the session's (${cashIn}, ${cashOut})`;
  if (books.openingFloat !== null && report.openingFloat !== books.openingFloat)
    return `its opening float ${report.openingFloat} is not the session's ${books.openingFloat}`;
  const cashNet = report.cashReceived - report.changeGiven;
  const expectedCash = report.openingFloat + cashNet + cashIn + cashOut;
  if (report.cashNet !== cashNet || report.expectedCash !== expectedCash)
    return `its expected cash ${report.expectedCash} does not follow from its figures (${expectedCash})`;
  const difference = report.countedCash === null ? null : report.countedCash - expectedCash;
  if (report.difference !== difference)
    return `its difference ${report.difference} is not counted less expected (${difference})`;
  if (report.grandTotalAfter !== report.grandTotalBefore + report.totals.net)
    return `its grand total after ${report.grandTotalAfter} is not the one before plus the net`;
  return null;
}
