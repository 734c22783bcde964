import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isTimeZone, localDayStart, parseLocalDay } from '../domain/dates';
import {
  dashboardFigures,
  figuresFromHours,
  type DashboardFigures,
  type DashboardTicket,
  type HourRows,
} from '../domain/dashboard';
import { ticketDocumentAnyVersionSchema } from '../domain/journal-documents';
import {
  marginsBy,
  movers,
  stockValue,
  type Mover,
  type ProductSales,
  wholeMonths,
} from '../domain/office-figures';
import type { Queryable } from './store';

/** The back office's dashboard: the paid tickets of a period, summed as the tills' Z sum them. */

/** The coop's time zone: the server's setting 'till.timeZone' (each till keeps its own), Brussels when unset. */
export async function coopTimeZone(db: Queryable): Promise<string> {
  const [row] = await db.query<{ value: unknown }>(
    "SELECT value FROM settings WHERE key = 'till.timeZone' AND NOT deleted",
  );
  const zone = z.string().safeParse(row?.value);
  return zone.success && isTimeZone(zone.data) ? zone.data : DEFAULT_TIME_ZONE;
}

/** The calendar day after (or before) a local day, as text. */
export function shiftDay(day: string, days: number): string {
  const parsed = parseLocalDay(day);
  if (!parsed) throw new Error(`Not a day: ${day}`);
  const date = new Date(Date.UTC(parsed.year, parsed.month - 1, parsed.day + days));
  return date.toISOString().slice(0, 10);
}

export interface DashboardQuery {
  /** Local days, both included. */
  from: string;
  to: string;
  tillId?: number | undefined;
}

export async function dashboard(db: Queryable, query: DashboardQuery) {
  const timeZone = await coopTimeZone(db);
  const start = localDayStart(parseDay(query.from), timeZone);
  const end = localDayStart(parseDay(shiftDay(query.to, 1)), timeZone);
  // The tills' category is its French name (as on the Z); the Dutch one, to show in Dutch.
  const dutchNames = await db.query<{ category: string; nameNl: string }>(
    'SELECT name AS category, name_nl AS "nameNl" FROM categories WHERE name_nl IS NOT NULL',
  );
  const dutch = Object.fromEntries(dutchNames.map((row) => [row.category, row.nameNl]));
  const answer = (figures: DashboardFigures) => ({
    from: query.from,
    to: query.to,
    tillId: query.tillId ?? null,
    timeZone,
    ...figures,
    categoryNamesNl: dutch,
  });
  // The coop's days in whole UTC hours (every zone but a few): summed from the hours kept on push.
  if (wholeHour(start) && wholeHour(end)) {
    return answer(figuresFromHours(await ticketHours(db, start, end, query.tillId), timeZone));
  }
  // The stored day is Brussels': a day either side keeps the index in use for any zone, and
  // the UTC bounds of the coop's own days decide.
  const rows = await db.query<{ document: unknown }>(
    `SELECT e.document FROM tickets t JOIN events e ON e.id = t.event_id
      WHERE t.day BETWEEN $1 AND $2 AND t.closed_at >= $3 AND t.closed_at < $4
        AND ($5::int IS NULL OR t.till_id = $5)`,
    [shiftDay(query.from, -1), shiftDay(query.to, 1), start, end, query.tillId ?? null],
  );
  const tickets: DashboardTicket[] = rows.map((row) =>
    ticketDocumentAnyVersionSchema.parse(row.document),
  );
  const categories = await db.query<{ id: number; category: string }>(
    `SELECT p.id, coalesce(c.name, '') AS category FROM products p
       LEFT JOIN categories c ON c.id = p.category_id`,
  );
  const names = new Map(categories.map((row) => [row.id, row.category]));
  const figures = dashboardFigures(tickets, {
    timeZone,
    categoryOf: (productId) => (productId === null ? '' : (names.get(productId) ?? '')),
  });
  return answer(figures);
}

const wholeHour = (iso: string) => iso.slice(13) === ':00:00.000Z';

/**
 * The hour rows of [start, end) (UTC times on the hour), of one till or all: the hours
 * themselves, and the payments, VAT and categories of the whole UTC days inside from the days'
 * rows, of the hours at the edges from the hours'.
 */
export async function ticketHours(
  db: Queryable,
  start: string,
  end: string,
  tillId: number | undefined,
): Promise<HourRows> {
  const startHour = start.slice(0, 13);
  const endHour = end.slice(0, 13);
  // The whole UTC days: from the first midnight at or after start to the last at or before end.
  const firstDay =
    start.slice(11, 13) === '00' ? start.slice(0, 10) : shiftDay(start.slice(0, 10), 1);
  const endDay = end.slice(0, 10);
  const days = firstDay < endDay;
  const till = tillId ?? null;
  const hours = 'hour >= $1 AND hour < $2 AND ($3::int IS NULL OR till_id = $3)';
  // $4 and $5 the hours where the whole days begin and end, $6 and $7 those days (none: empty).
  const edges = `($3::int IS NULL OR till_id = $3)
                 AND ((hour >= $1 AND hour < $4) OR (hour >= $5 AND hour < $2))`;
  const inside = 'day >= $6 AND day < $7 AND ($3::int IS NULL OR till_id = $3)';
  const bounds = days
    ? [startHour, endHour, till, `${firstDay}T00`, `${endDay}T00`, firstDay, endDay]
    : [startHour, endHour, till, endHour, endHour, '', ''];
  /** The rows of one kind, its columns summed in `select` and grouped by `key`. */
  const both = async <T>(kind: string, columns: string, key: string, select: string) =>
    db.query<T>(
      `SELECT ${select} FROM (
         SELECT ${columns} FROM ticket_hour_${kind} WHERE ${edges}
         UNION ALL
         SELECT ${columns} FROM ticket_day_${kind} WHERE ${inside}
       ) r GROUP BY ${key}`,
      bounds,
    );
  const [hourRows, payments, vat, categories] = await Promise.all([
    db.query<HourRows['hours'][number]>(
      `SELECT hour, sum(sales)::float8 AS sales, sum(refunds)::float8 AS refunds,
              sum(tickets)::float8 AS tickets, sum(refund_tickets)::float8 AS "refundTickets",
              sum(rounding)::float8 AS rounding, sum(change_given)::float8 AS "changeGiven"
         FROM ticket_hours WHERE ${hours} GROUP BY hour`,
      [startHour, endHour, till],
    ),
    both<HourRows['payments'][number]>(
      'payments',
      'method, kind, amount',
      'method',
      `'' AS hour, method, min(kind) AS kind, sum(amount)::float8 AS amount`,
    ),
    both<HourRows['vat'][number]>(
      'vat',
      'rate_bp, gross, vat',
      'rate_bp',
      `'' AS hour, rate_bp AS "rateBp", sum(gross)::float8 AS gross, sum(vat)::float8 AS vat`,
    ),
    both<HourRows['categories'][number]>(
      'categories',
      'category, amount',
      'category',
      `'' AS hour, category, sum(amount)::float8 AS amount`,
    ),
  ]);
  return { hours: hourRows, payments, vat, categories };
}

function parseDay(text: string) {
  const day = parseLocalDay(text);
  if (!day) throw new Error(`Not a day: ${text}`);
  return day;
}

/** Each till: when it last pushed, events held for review (a fork) and quarantined ones. */
export async function tillStates(db: Queryable) {
  return db.query<{
    id: number;
    name: string;
    lastSyncAt: string | null;
    revoked: boolean;
    waiting: number;
    quarantined: number;
  }>(
    `SELECT t.id, t.name, t.last_push_at AS "lastSyncAt", t.revoked_at IS NOT NULL AS revoked,
            count(q.id) FILTER (WHERE q.kind = 'fork')::int AS waiting,
            count(q.id) FILTER (WHERE q.kind <> 'fork')::int AS quarantined
       FROM tills t LEFT JOIN quarantine q ON q.till_id = t.id AND q.accepted_at IS NULL
      GROUP BY t.id ORDER BY t.name`,
  );
}

/** The documents held back and not accepted, with the server's reason (no payload: read the
 * admin route for it). */
export async function quarantined(db: Queryable) {
  return db.query<{
    tillId: number;
    till: string;
    kind: string;
    seq: number;
    type: string;
    reason: string;
    receivedAt: string;
  }>(
    `SELECT q.till_id AS "tillId", t.name AS till, q.kind, q.seq, q.type, q.reason,
            q.received_at AS "receivedAt"
       FROM quarantine q JOIN tills t ON t.id = q.till_id
      WHERE q.accepted_at IS NULL ORDER BY q.received_at DESC, q.till_id, q.seq LIMIT 500`,
  );
}

/** What the product figures need of each product: its names, category, main supplier, stock. */
interface ProductFacts {
  id: number;
  name: string;
  nameNl: string | null;
  unit: 'piece' | 'kg';
  category: string;
  supplier: string;
  active: boolean;
  cost: number | null;
  onHand: number;
}

/**
 * Each product with its category (French name, as the tills' Z), its main supplier (the active
 * link with the lowest cost, then the lowest supplier id; '' for none) and its stock on hand.
 */
async function productFacts(db: Queryable): Promise<ProductFacts[]> {
  return db.query<ProductFacts>(
    `SELECT p.id, p.name, p.name_nl AS "nameNl", p.unit, coalesce(c.name, '') AS category,
            coalesce(s.name, '') AS supplier, p.active AND NOT p.deleted AS active,
            p.cost_price AS cost, coalesce(l.on_hand, 0)::int AS "onHand"
       FROM products p
       LEFT JOIN categories c ON c.id = p.category_id
       LEFT JOIN (
         SELECT DISTINCT ON (product_id) product_id, supplier_id FROM supplier_products
          WHERE active ORDER BY product_id, cost, supplier_id) m ON m.product_id = p.id
       LEFT JOIN suppliers s ON s.id = m.supplier_id
       LEFT JOIN stock_levels l ON l.product_id = p.id`,
  );
}

/**
 * Each product's sales of a period of the coop's days, from the rows kept on push: the whole
 * months from the months', the days at the edges from the days'.
 */
export async function productSales(db: Queryable, query: DashboardQuery): Promise<ProductSales[]> {
  const months = wholeMonths(query.from, query.to);
  // Summed as float8, exact for whole numbers below 2^53 (cents and thousandths of any coop),
  // and much cheaper than numeric over a year's rows.
  const sums = `sum(quantity::float8) AS quantity, sum(amount::float8) AS amount,
                sum(amount_ex_vat::float8) AS ex_vat, sum(costed_ex_vat::float8) AS costed,
                sum(cost::float8) AS cost`;
  // The months of all tills have their own rows (migration 0012): a third of one per till.
  const monthRows =
    (query.tillId ?? null) === null
      ? 'product_month_totals WHERE month BETWEEN $4 AND $5'
      : 'product_sales_months WHERE month BETWEEN $4 AND $5 AND till_id = $3';
  return db.query<ProductSales>(
    `SELECT product_id AS "productId", sum(quantity)::float8 AS quantity,
            sum(amount)::float8 AS amount, sum(ex_vat)::float8 AS "amountExVat",
            sum(costed)::float8 AS "costedExVat", sum(cost)::float8 AS cost
       FROM (SELECT product_id, ${sums} FROM product_sales_days
              WHERE day BETWEEN $1 AND $2 AND ($3::int IS NULL OR till_id = $3)
                AND ($4::text IS NULL OR day < $4 OR day > $5 || '-99')
              GROUP BY product_id
             UNION ALL
             SELECT product_id, ${sums} FROM ${monthRows}
              GROUP BY product_id) s
      GROUP BY product_id`,
    [query.from, query.to, query.tillId ?? null, months?.first ?? null, months?.last ?? null],
  );
}

/** Losses of a period by reason: how many, how much, their value at cost when they left. */
export async function lossesByReason(db: Queryable, query: DashboardQuery) {
  const timeZone = await coopTimeZone(db);
  const start = localDayStart(parseDay(query.from), timeZone);
  const end = localDayStart(parseDay(shiftDay(query.to, 1)), timeZone);
  const rows = await db.query<{
    reason: string;
    count: number;
    quantity: number;
    value: number;
    unvalued: number;
  }>(
    `SELECT reason, count(*)::int AS count, sum(quantity)::int AS quantity,
            coalesce(sum(value), 0)::int AS value, count(*) FILTER (WHERE value IS NULL)::int AS unvalued
       FROM losses WHERE at >= $1 AND at < $2 GROUP BY reason ORDER BY value DESC, reason`,
    [start, end],
  );
  return { total: rows.reduce((sum, row) => sum + row.value, 0), byReason: rows };
}

const MOVERS = 10;

/**
 * Margins by category and supplier at the cost of the day of sale, top and slow movers over the
 * period; stock value at today's cost (now, whatever the period); losses over the period.
 */
export async function productFigures(db: Queryable, query: DashboardQuery) {
  const [sales, facts, losses] = await Promise.all([
    productSales(db, query),
    productFacts(db),
    lossesByReason(db, query),
  ]);
  const byId = new Map(facts.map((row) => [row.id, row]));
  const named = (row: Mover) => {
    const fact = byId.get(row.productId);
    return {
      ...row,
      name: fact?.name ?? `#${row.productId}`,
      nameNl: fact?.nameNl ?? null,
      unit: fact?.unit ?? 'piece',
    };
  };
  const { top, slow } = movers(
    sales,
    facts.filter((row) => row.active).map((row) => row.id),
    MOVERS,
  );
  return {
    marginByCategory: marginsBy(sales, (id) => byId.get(id)?.category ?? ''),
    marginBySupplier: marginsBy(sales, (id) => byId.get(id)?.supplier ?? ''),
    topMovers: top.map(named),
    slowMovers: slow.map(named),
    stockValue: stockValue(
      facts.map((row) => ({
        productId: row.id,
        onHand: row.onHand,
        cost: row.cost,
        key: row.category,
      })),
    ),
    losses,
  };
}
