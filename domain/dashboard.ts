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

/** What both ways of summing (tickets, hour rows) add up, and the figures they make. */
function tally() {
  const byHour = buckets(range(0, 24));
  const byWeekday = buckets(range(1, 7));
  const categories = new Map<string, number>();
  const methods = new Map<string, { kind: PaymentKind; amount: number }>();
  const rates = new Map<number, { gross: number; vat: number }>();
  const totals = { sales: 0, refunds: 0, count: 0, refundCount: 0, rounding: 0, changeGiven: 0 };
  return {
    totals,
    at(local: { hour: number; weekday: number }, amount: number, tickets: number) {
      for (const bucket of [byHour[local.hour], byWeekday[local.weekday - 1]]) {
        if (!bucket) continue;
        bucket.amount += amount;
        bucket.tickets += tickets;
      }
    },
    category(category: string, amount: number) {
      addTo(categories, category, amount);
    },
    payment(method: string, kind: PaymentKind, amount: number) {
      const row = methods.get(method) ?? { kind, amount: 0 };
      row.amount += amount;
      methods.set(method, row);
    },
    vat(rateBp: number, gross: number, vat: number) {
      const rate = rates.get(rateBp) ?? { gross: 0, vat: 0 };
      rate.gross += gross;
      rate.vat += vat;
      rates.set(rateBp, rate);
    },
    figures(): DashboardFigures {
      const { sales, refunds, count, refundCount, rounding, changeGiven } = totals;
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
    },
  };
}

export function dashboardFigures(
  tickets: readonly DashboardTicket[],
  options: { timeZone: string; categoryOf: (productId: number | null) => string },
): DashboardFigures {
  const sum = tally();
  const { totals } = sum;
  for (const ticket of tickets) {
    const sale = ticket.kind === 'sale';
    if (sale) {
      totals.sales += ticket.total;
      totals.count += 1;
    } else {
      totals.refunds += ticket.total;
      totals.refundCount += 1;
    }
    totals.rounding += ticket.rounding;
    totals.changeGiven += ticket.change;
    sum.at(localTime(ticket.closedAt, options.timeZone), ticket.total, sale ? 1 : 0);
    for (const line of ticket.lines) sum.category(options.categoryOf(line.productId), line.net);
    // A payment from before kinds: its method named cash was the drawer's.
    for (const payment of ticket.payments) {
      const kind = payment.kind ?? (payment.method === 'cash' ? 'cash' : 'other');
      sum.payment(payment.method, kind, payment.amount);
    }
    for (const row of ticket.vat) sum.vat(row.rateBp, row.gross, row.vat);
  }
  return sum.figures();
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

/**
 * The tickets summed per UTC hour (`2026-03-02T22`), as the server keeps them on push: the
 * dashboard of any period of whole hours is then a sum of a few rows per hour instead of every
 * ticket. A local day of a zone whose offset is whole hours is whole UTC hours.
 */
export interface HourRows {
  hours: {
    hour: string;
    sales: number;
    refunds: number;
    tickets: number;
    refundTickets: number;
    rounding: number;
    changeGiven: number;
  }[];
  payments: { hour: string; method: string; kind: PaymentKind; amount: number }[];
  vat: { hour: string; rateBp: number; gross: number; vat: number }[];
  categories: { hour: string; category: string; amount: number }[];
}

/** The UTC hour of a UTC time: `2026-03-02T22`. */
export function utcHour(iso: string): string {
  return new Date(iso).toISOString().slice(0, 13);
}

/** Tickets as hour rows: what each hour adds to the dashboard. */
export function hourRows(
  tickets: readonly DashboardTicket[],
  categoryOf: (productId: number | null) => string,
): HourRows {
  const hours = new Map<string, HourRows['hours'][number]>();
  const payments = new Map<string, HourRows['payments'][number]>();
  const vat = new Map<string, HourRows['vat'][number]>();
  const categories = new Map<string, HourRows['categories'][number]>();
  for (const ticket of tickets) {
    const hour = utcHour(ticket.closedAt);
    const row = hours.get(hour) ?? {
      hour,
      sales: 0,
      refunds: 0,
      tickets: 0,
      refundTickets: 0,
      rounding: 0,
      changeGiven: 0,
    };
    if (ticket.kind === 'sale') {
      row.sales += ticket.total;
      row.tickets += 1;
    } else {
      row.refunds += ticket.total;
      row.refundTickets += 1;
    }
    row.rounding += ticket.rounding;
    row.changeGiven += ticket.change;
    hours.set(hour, row);
    for (const payment of ticket.payments) {
      const key = `${hour}\n${payment.method}`;
      const kind = payment.kind ?? (payment.method === 'cash' ? 'cash' : 'other');
      const paid = payments.get(key) ?? { hour, method: payment.method, kind, amount: 0 };
      paid.amount += payment.amount;
      payments.set(key, paid);
    }
    for (const rate of ticket.vat) {
      const key = `${hour}\n${rate.rateBp}`;
      const taxed = vat.get(key) ?? { hour, rateBp: rate.rateBp, gross: 0, vat: 0 };
      taxed.gross += rate.gross;
      taxed.vat += rate.vat;
      vat.set(key, taxed);
    }
    for (const line of ticket.lines) {
      const category = categoryOf(line.productId);
      const key = `${hour}\n${category}`;
      const sold = categories.get(key) ?? { hour, category, amount: 0 };
      sold.amount += line.net;
      categories.set(key, sold);
    }
  }
  return {
    hours: [...hours.values()],
    payments: [...payments.values()],
    vat: [...vat.values()],
    categories: [...categories.values()],
  };
}

/**
 * The dashboard's figures from hour rows, the hours read in the coop's time zone: the same
 * figures `dashboardFigures` gives for the tickets of those hours (a method's kind is the one
 * its first row gives, as a method keeps its kind).
 */
export function figuresFromHours(rows: HourRows, timeZone: string): DashboardFigures {
  const localHour = hourReader(timeZone);
  const sum = tally();
  const { totals } = sum;
  for (const row of rows.hours) {
    totals.sales += row.sales;
    totals.refunds += row.refunds;
    totals.count += row.tickets;
    totals.refundCount += row.refundTickets;
    totals.rounding += row.rounding;
    totals.changeGiven += row.changeGiven;
    sum.at(localHour(row.hour), row.sales + row.refunds, row.tickets);
  }
  for (const row of rows.categories) sum.category(row.category, row.amount);
  for (const row of rows.payments) sum.payment(row.method, row.kind, row.amount);
  for (const row of rows.vat) sum.vat(row.rateBp, row.gross, row.vat);
  return sum.figures();
}

/**
 * Reads UTC hours (`2026-03-02T22`) as the local hour and ISO weekday of a zone, fast: Intl is
 * asked twice a UTC day (its first and last hour); a day whose offset does not change within it
 * is then read by adding that offset, a day of a change to or from summer time hour by hour.
 */
export function hourReader(timeZone: string): (hour: string) => { hour: number; weekday: number } {
  const offsets = new Map<string, number | null>();
  const offsetAt = (iso: string) => {
    const local = localTime(iso, timeZone);
    const wall = Date.UTC(
      Number(local.day.slice(0, 4)),
      Number(local.day.slice(5, 7)) - 1,
      Number(local.day.slice(8, 10)),
      local.hour,
    );
    return wall - Date.parse(iso);
  };
  return (hour) => {
    const day = hour.slice(0, 10);
    let offset = offsets.get(day);
    if (offset === undefined) {
      const first = offsetAt(`${day}T00:00:00.000Z`);
      offset = first === offsetAt(`${day}T23:00:00.000Z`) ? first : null;
      offsets.set(day, offset);
    }
    const iso = `${hour}:00:00.000Z`;
    if (offset === null) {
      const local = localTime(iso, timeZone);
      return { hour: local.hour, weekday: local.weekday };
    }
    const local = new Date(Date.parse(iso) + offset);
    return { hour: local.getUTCHours(), weekday: ((local.getUTCDay() + 6) % 7) + 1 };
  };
}
