import type { Cents } from './money';
import { TillError, type TillErrorValues } from './errors';
import { vatBreakdown, assertVatRate, type VatRow } from './tax';
import { PAYMENT_KINDS, type PaymentKind } from './payment';

/** Euro notes and coins, in cents, largest first. */
export const EURO_DENOMINATIONS: readonly Cents[] = [
  50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1,
];

/** How many of each denomination: the key is the denomination in cents as a string ("2000"). */
export type DenominationCounts = Record<string, number>;

export interface DenominationLine {
  denomination: Cents;
  count: number;
  amount: Cents;
}

function invalidCount(
  message: string,
  details: TillErrorValues['session.invalid_count'],
): TillError {
  return new TillError('session.invalid_count', message, details);
}

/** The counted lines, largest denomination first, validated; zero counts are left out. */
export function countLines(counts: DenominationCounts): DenominationLine[] {
  const lines: DenominationLine[] = [];
  for (const [key, count] of Object.entries(counts)) {
    const denomination = Number(key);
    if (String(denomination) !== key || !EURO_DENOMINATIONS.includes(denomination)) {
      throw invalidCount(`${key} is not a euro denomination in cents`, { denomination: key });
    }
    if (!Number.isSafeInteger(count) || count < 0) {
      throw invalidCount(`The count of ${key} must be a whole number, 0 or more, got ${count}`, {
        denomination: key,
        count: String(count),
      });
    }
    if (count > 0) lines.push({ denomination, count, amount: denomination * count });
  }
  return lines.sort((a, b) => b.denomination - a.denomination);
}

/** The cash a drawer count amounts to. */
export function countTotal(counts: DenominationCounts): Cents {
  return countLines(counts).reduce((sum, line) => sum + line.amount, 0);
}

// ---------------------------------------------------------------------------------------------
// X and Z reports

export interface CashMove {
  /** Signed: positive when cash is put in the drawer, negative when taken out. */
  amount: Cents;
  reason: string;
}

export interface MethodAmount {
  method: string;
  /** The method's kind when paid; else cash if named in cashMethods, other if not. */
  kind?: PaymentKind;
  /** As tendered (change not deducted: the change is given separately). */
  amount: Cents;
}

/** A VAT-inclusive total at one rate, for a kind of document. */
export interface RateAmount {
  rateBp: number;
  /** VAT included. Negative for refunds. */
  gross: Cents;
  /**
   * Optional: the VAT already computed on the tickets (sum of their VAT rows at this rate), so
   * that the report agrees with the receipts to the cent. When absent, the VAT is computed once
   * from the rate's total.
   */
  vat?: Cents;
}

export interface CategoryAmount {
  category: string;
  /** Sum of the lines' net (after every discount). Negative for refunds. */
  amount: Cents;
}

export interface TicketCounts {
  sales: number;
  refunds: number;
  cancellations: number;
}

export interface SessionReportInput {
  openingFloat: Cents;
  cashMoves: readonly CashMove[];
  /** Payments received per method, as tendered (refunds paid back are negative). */
  payments: readonly MethodAmount[];
  /** The methods whose payments go into the drawer, for payments that carry no kind. */
  cashMethods?: readonly string[];
  /** Sum of the cash change handed back (positive; negative if a refund was over-returned). */
  changeGiven: Cents;
  /** Sum of the tickets' cash rounding. */
  roundingTotal: Cents;
  /** The rounding per payment kind (sums to roundingTotal); all on cash when absent. */
  roundingByKind?: readonly KindAmount[];
  /** What vouchers paid beyond the due and the coop kept. */
  voucherExcess?: Cents;
  /** The clock going back against the journal, as journaled during the session. */
  clockSteps?: readonly ClockStep[];
  tickets: TicketCounts;
  /** Sale tickets' totals per VAT rate (positive). */
  sales: readonly RateAmount[];
  /** Refund and cancellation tickets' totals per VAT rate (negative). */
  refunds: readonly RateAmount[];
  byCategory: readonly CategoryAmount[];
  /** The counted drawer, for a closing (Z); null or absent for an X report. */
  countedCash?: Cents | null;
  /** The count by denomination; when given, countedCash is computed from it (and must agree). */
  countedDenominations?: DenominationCounts | null;
  /** The till's perpetual grand total when the session opened. */
  grandTotalBefore: Cents;
}

export interface MethodTotal {
  method: string;
  kind: PaymentKind;
  cash: boolean;
  amount: Cents;
}

export interface KindAmount {
  kind: PaymentKind;
  amount: Cents;
}

export interface ClockStep {
  /** The last journal entry's time, and the clock's time after it (ISO 8601). */
  from: string;
  to: string;
  stepSeconds: number;
}

export interface SessionTotals {
  /** Sum of sale tickets' totals. */
  sales: Cents;
  /** Sum of refund tickets' totals (negative). */
  refunds: Cents;
  /** sales + refunds. */
  net: Cents;
}

export interface SessionReport {
  openingFloat: Cents;
  cashMoves: CashMove[];
  cashIn: Cents;
  /** Negative. */
  cashOut: Cents;
  byMethod: MethodTotal[];
  /** Sum of all payments, as tendered. */
  paymentsTotal: Cents;
  /**
   * What each method really brought in: refunds paid back deducted, and the change handed back
   * deducted from the cash (the change is always cash). This is what a manager reconciles.
   */
  byMethodNet: MethodTotal[];
  /** paymentsTotal - changeGiven: totals.net + roundingTotal + voucherExcess + unexplained. */
  paymentsNet: Cents;
  cashReceived: Cents;
  changeGiven: Cents;
  /** cashReceived - changeGiven. */
  cashNet: Cents;
  roundingTotal: Cents;
  /** Non-zero rounding per payment kind, in the order of PAYMENT_KINDS. */
  roundingByKind: KindAmount[];
  voucherExcess: Cents;
  clockSteps: ClockStep[];
  /** openingFloat + cashNet + cashIn + cashOut. */
  expectedCash: Cents;
  countedCash: Cents | null;
  countedLines: DenominationLine[] | null;
  /** counted - expected: negative when cash is missing. Null while not counted. */
  difference: Cents | null;
  tickets: TicketCounts;
  totals: SessionTotals;
  /** Net of refunds, per rate. */
  vat: VatRow[];
  salesVat: VatRow[];
  refundsVat: VatRow[];
  byCategory: CategoryAmount[];
  grandTotalBefore: Cents;
  /** grandTotalBefore + totals.net. */
  grandTotalAfter: Cents;
  /**
   * paymentsTotal - changeGiven - (totals.net + roundingTotal + voucherExcess): 0 when every ticket was paid
   * exactly; anything else is money the sales don't explain (shown on the report).
   */
  unexplained: Cents;
}

function assertAmount(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TillError(
      'session.invalid_input',
      `${what} must be an integer, got ${String(value)}`,
      {
        field: what,
      },
    );
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Merges rows per key, keeping the order of first appearance. */
function mergeBy<T>(rows: readonly T[], key: (row: T) => string, add: (a: T, b: T) => T): T[] {
  const merged = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    const previous = merged.get(k);
    merged.set(k, previous === undefined ? row : add(previous, row));
  }
  return [...merged.values()];
}

function vatRows(rows: readonly RateAmount[]): VatRow[] {
  const computed = vatBreakdown(rows.map((r) => ({ rateBp: r.rateBp, amount: r.gross })));
  return computed.map((row) => {
    const atRate = rows.filter((r) => r.rateBp === row.rateBp);
    if (!atRate.every((r) => r.vat !== undefined)) return row;
    const vat = sum(atRate.map((r) => r.vat ?? 0));
    return { ...row, vat, net: row.gross - vat };
  });
}

/** The X (running) or Z (closing) figures of a session, from the aggregates the service reads. */
export function computeSessionReport(input: SessionReportInput): SessionReport {
  assertAmount(input.openingFloat, 'openingFloat');
  assertAmount(input.changeGiven, 'changeGiven');
  assertAmount(input.roundingTotal, 'roundingTotal');
  assertAmount(input.grandTotalBefore, 'grandTotalBefore');
  for (const move of input.cashMoves) assertAmount(move.amount, 'cashMoves.amount');
  for (const p of input.payments) assertAmount(p.amount, 'payments.amount');
  for (const r of [...input.sales, ...input.refunds]) {
    assertVatRate(r.rateBp);
    assertAmount(r.gross, 'gross');
    if (r.vat !== undefined) assertAmount(r.vat, 'vat');
  }
  for (const c of input.byCategory) assertAmount(c.amount, 'byCategory.amount');
  for (const [what, count] of Object.entries(input.tickets)) {
    if (!Number.isSafeInteger(count) || count < 0)
      throw new TillError('session.invalid_input', `tickets.${what} must be a count`, {
        field: `tickets.${what}`,
      });
  }

  const cashMethods = new Set(input.cashMethods ?? []);
  const voucherExcess = input.voucherExcess ?? 0;
  assertAmount(voucherExcess, 'voucherExcess');
  const byMethod = mergeBy(
    input.payments.map((p) => {
      const kind = p.kind ?? (cashMethods.has(p.method) ? 'cash' : 'other');
      return { method: p.method, kind, cash: kind === 'cash', amount: p.amount };
    }),
    (row) => row.method,
    (a, b) => ({ ...a, amount: a.amount + b.amount }),
  );
  const paymentsTotal = sum(byMethod.map((m) => m.amount));
  const byMethodNet = netOfChange(byMethod, input.changeGiven);
  const cashReceived = sum(byMethod.filter((m) => m.cash).map((m) => m.amount));
  const cashNet = cashReceived - input.changeGiven;
  const cashIn = sum(input.cashMoves.filter((m) => m.amount > 0).map((m) => m.amount));
  const cashOut = sum(input.cashMoves.filter((m) => m.amount < 0).map((m) => m.amount));
  const expectedCash = input.openingFloat + cashNet + cashIn + cashOut;

  let countedLines: DenominationLine[] | null = null;
  let countedCash = input.countedCash ?? null;
  if (input.countedDenominations) {
    countedLines = countLines(input.countedDenominations);
    const fromCount = sum(countedLines.map((l) => l.amount));
    if (countedCash !== null && countedCash !== fromCount) {
      throw new TillError(
        'session.invalid_count',
        `The counted cash (${countedCash}) disagrees with the denominations counted (${fromCount})`,
        { countedCash, fromCount },
      );
    }
    countedCash = fromCount;
  }
  if (countedCash !== null) assertAmount(countedCash, 'countedCash');

  const sales = sum(input.sales.map((r) => r.gross));
  const refunds = sum(input.refunds.map((r) => r.gross));
  const net = sales + refunds;

  return {
    openingFloat: input.openingFloat,
    cashMoves: input.cashMoves.map((m) => ({ ...m })),
    cashIn,
    cashOut,
    byMethod,
    paymentsTotal,
    byMethodNet,
    paymentsNet: paymentsTotal - input.changeGiven,
    cashReceived,
    changeGiven: input.changeGiven,
    cashNet,
    roundingTotal: input.roundingTotal,
    roundingByKind: roundingPerKind(
      input.roundingByKind ?? [{ kind: 'cash', amount: input.roundingTotal }],
    ),
    voucherExcess,
    clockSteps: (input.clockSteps ?? []).map((step) => ({ ...step })),
    expectedCash,
    countedCash,
    countedLines,
    difference: countedCash === null ? null : countedCash - expectedCash,
    tickets: { ...input.tickets },
    totals: { sales, refunds, net },
    vat: vatRows([...input.sales, ...input.refunds]),
    salesVat: vatRows(input.sales),
    refundsVat: vatRows(input.refunds),
    byCategory: mergeBy(
      input.byCategory.map((c) => ({ category: c.category, amount: c.amount })),
      (c) => c.category,
      (a, b) => ({ category: a.category, amount: a.amount + b.amount }),
    ),
    grandTotalBefore: input.grandTotalBefore,
    grandTotalAfter: input.grandTotalBefore + net,
    unexplained: paymentsTotal - input.changeGiven - (net + input.roundingTotal + voucherExcess),
  };
}

/**
 * The methods' amounts with the change deducted from the first cash method (a till hands change
 * back in coins and notes only); with no cash payment, the change is a cash row of its own.
 */
function netOfChange(byMethod: readonly MethodTotal[], changeGiven: Cents): MethodTotal[] {
  const rows = byMethod.map((row) => ({ ...row }));
  if (changeGiven === 0) return rows;
  const cash = rows.find((row) => row.cash);
  if (cash) cash.amount -= changeGiven;
  else rows.push({ method: 'cash', kind: 'cash', cash: true, amount: -changeGiven });
  return rows;
}

function roundingPerKind(rows: readonly KindAmount[]): KindAmount[] {
  for (const row of rows) assertAmount(row.amount, 'roundingByKind.amount');
  return PAYMENT_KINDS.map((kind) => ({
    kind,
    amount: sum(rows.filter((row) => row.kind === kind).map((row) => row.amount)),
  })).filter((row) => row.amount !== 0);
}

/**
 * A report as stored with its session: those closed before payment kinds (migration 0006) have no
 * rounding per kind (their rounding was all on cash), no voucher excess and no clock steps; those
 * closed before the payments net of change have them computed again from what they kept.
 */
export function storedSessionReport(stored: unknown): SessionReport {
  type Later = 'roundingByKind' | 'voucherExcess' | 'clockSteps' | 'byMethodNet' | 'paymentsNet';
  const report = stored as Omit<SessionReport, Later> & Partial<Pick<SessionReport, Later>>;
  return {
    ...report,
    byMethodNet: report.byMethodNet ?? netOfChange(report.byMethod, report.changeGiven),
    paymentsNet: report.paymentsNet ?? report.paymentsTotal - report.changeGiven,
    roundingByKind:
      report.roundingByKind ?? roundingPerKind([{ kind: 'cash', amount: report.roundingTotal }]),
    voucherExcess: report.voucherExcess ?? 0,
    clockSteps: report.clockSteps ?? [],
  };
}
