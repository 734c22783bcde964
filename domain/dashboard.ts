/**
 * The back office's dashboard figures, summed from the paid tickets exactly as a till's Z report
 * sums them (db/sessions.ts, domain/session.ts): each ticket's own VAT rows added up, payments
 * per method as tendered with the change handed back taken off the first cash method. So a
 * till's day on the dashboard equals that till's Z to the cent. Pure: no clock, no I/O.
 */
import type { PaymentKind } from './payment';
import { divRound } from './money';

export interface DashboardTicket {
  kind: 'sale' | 'refund';
  /** UTC ISO time the ticket was paid. */
  closedAt: string;
  /** VAT included, after every discount; negative for a refund. */
  total: number;
  change: number;
  rounding: number;
  vat: readonly { rateBp: number; gross: number; vat: number }[];
  payments: readonly { method: string; kind?: PaymentKind | undefined; amount: number }[];
  lines: readonly { productId: number | null; net: number }[];
}

export interface Bucket {
  key: number;
  tickets: number;
  amount: number;
}

export interface DashboardFigures {
  /** Sale tickets' totals (positive). */
  sales: number;
  /** Refund tickets' totals (negative). */
  refunds: number;
  net: number;
  tickets: number;
  refundTickets: number;
  /** Sales per sale ticket, half away from zero on the cent; 0 with no ticket. */
  averageBasket: number;
  /** 24 rows, hour 0 to 23 of the coop's local time: sale tickets and net amount. */
  byHour: Bucket[];
  /** 7 rows, 1 Monday to 7 Sunday (ISO). */
  byWeekday: Bucket[];
  /** Net of the lines per category name ('' for none), largest first. */
  byCategory: { category: string; amount: number }[];
  /** What each method brought in, net of refunds and of the change (as the Z's byMethodNet). */
  byPayment: { method: string; kind: PaymentKind; amount: number }[];
  /** Per rate, net of refunds, as the receipts printed it. */
  vat: { rateBp: number; gross: number; vat: number; net: number }[];
  rounding: number;
  changeGiven: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local day, hour and ISO weekday of a UTC time in a time zone. */
export function localTime(
  iso: string,
  timeZone: string,
): { day: string; hour: number; weekday: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(new Date(iso)).map((part) => [part.type, part.value]),
  );
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    weekday: WEEKDAYS.indexOf(String(parts.weekday)) + 1,
  };
}

function buckets(keys: number[]): Bucket[] {
  return keys.map((key) => ({ key, tickets: 0, amount: 0 }));
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/** Adds `amount` to the row of `key`, making it if needed. */
function addTo<K>(map: Map<K, number>, key: K, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

export function dashboardFigures(
  tickets: readonly DashboardTicket[],
  options: { timeZone: string; categoryOf: (productId: number | null) => string },
): DashboardFigures {
  const byHour = buckets(range(0, 24));
  const byWeekday = buckets(range(1, 7));
  const categories = new Map<string, number>();
  const methods = new Map<string, { kind: PaymentKind; amount: number }>();
  const rates = new Map<number, { gross: number; vat: number }>();
  let sales = 0;
  let refunds = 0;
  let count = 0;
  let refundCount = 0;
  let rounding = 0;
  let changeGiven = 0;
  for (const ticket of tickets) {
    const sale = ticket.kind === 'sale';
    if (sale) {
      sales += ticket.total;
      count += 1;
    } else {
      refunds += ticket.total;
      refundCount += 1;
    }
    rounding += ticket.rounding;
    changeGiven += ticket.change;
    const local = localTime(ticket.closedAt, options.timeZone);
    for (const bucket of [byHour[local.hour], byWeekday[local.weekday - 1]]) {
      if (!bucket) continue;
      bucket.amount += ticket.total;
      if (sale) bucket.tickets += 1;
    }
    for (const line of ticket.lines)
      addTo(categories, options.categoryOf(line.productId), line.net);
    for (const payment of ticket.payments) {
      // A payment from before kinds: its method named cash was the drawer's.
      const kind = payment.kind ?? (payment.method === 'cash' ? 'cash' : 'other');
      const row = methods.get(payment.method) ?? { kind, amount: 0 };
      row.amount += payment.amount;
      methods.set(payment.method, row);
    }
    for (const row of ticket.vat) {
      const rate = rates.get(row.rateBp) ?? { gross: 0, vat: 0 };
      rate.gross += row.gross;
      rate.vat += row.vat;
      rates.set(row.rateBp, rate);
    }
  }
  return {
    sales,
    refunds,
    net: sales + refunds,
    tickets: count,
    refundTickets: refundCount,
    averageBasket: count === 0 ? 0 : divRound(sales, count),
    byHour,
    byWeekday,
    byCategory: [...categories]
      .map(([category, amount]) => ({ category, amount }))
      .sort((a, b) => b.amount - a.amount || a.category.localeCompare(b.category)),
    byPayment: netOfChange(
      [...methods]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([method, row]) => ({ method, kind: row.kind, amount: row.amount })),
      changeGiven,
    ),
    vat: [...rates]
      .sort(([a], [b]) => a - b)
      .map(([rateBp, rate]) => ({ rateBp, ...rate, net: rate.gross - rate.vat })),
    rounding,
    changeGiven,
  };
}

/** As the Z: the change is coins and notes, taken off the first cash method (by name). */
function netOfChange(
  rows: { method: string; kind: PaymentKind; amount: number }[],
  changeGiven: number,
): { method: string; kind: PaymentKind; amount: number }[] {
  if (changeGiven === 0) return rows;
  const cash = rows.find((row) => row.kind === 'cash');
  if (cash) cash.amount -= changeGiven;
  else rows.push({ method: 'cash', kind: 'cash', amount: -changeGiven });
  return rows;
}
