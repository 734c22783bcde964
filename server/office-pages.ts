import { z } from 'zod';
import { localDayStart, parseLocalDay } from '../domain/dates';
import { dashboardFigures, localTime, type DashboardTicket } from '../domain/dashboard';
import { ticketDocumentAnyVersionSchema } from '../domain/journal-documents';
import { centsToDecimalString } from '../domain/money';
import { coopTimeZone, shiftDay } from './office';
import { PERSON_USER_ID } from './pull';
import type { Queryable } from './store';

/**
 * The back office's sales pages: tickets by till and day with their lines, sessions with their Z
 * as the till stored it, and the accountant's CSV. A "day" is a local day of the coop's zone:
 * the stored day (Brussels') is read a day either side so that its index serves, and the UTC
 * bounds of the coop's own days decide, as the dashboard does.
 */

export interface Page {
  page: number;
  pageSize: number;
}

export interface TicketQuery extends Page {
  from: string;
  to: string;
  tillId?: number | undefined;
  kind?: 'sale' | 'refund' | undefined;
  /** A ticket number, or part of a product's name on one of its lines. */
  q?: string | undefined;
  sort: 'closedAt' | 'total' | 'number' | 'till';
  order: 'asc' | 'desc';
}

const TICKET_SORTS: Record<TicketQuery['sort'], string> = {
  closedAt: 't.closed_at',
  total: 't.total',
  number: 't.number',
  till: 'tl.name',
};
/** The same order, on the page's own rows. */
const PAGE_SORTS: Record<TicketQuery['sort'], string> = {
  closedAt: 'f."closedAt"',
  total: 'f.total',
  number: 'f.number',
  till: 'f.till',
};

/** The UTC bounds of a period of local days, both days included. */
async function bounds(db: Queryable, from: string, to: string) {
  const timeZone = await coopTimeZone(db);
  const day = (text: string) => {
    const parsed = parseLocalDay(text);
    if (!parsed) throw Object.assign(new Error(`Not a day: ${text}`), { statusCode: 400 });
    return parsed;
  };
  return {
    timeZone,
    start: localDayStart(day(from), timeZone),
    end: localDayStart(day(shiftDay(to, 1)), timeZone),
  };
}

/** `%` and `_` taken as themselves in a LIKE pattern. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listTickets(db: Queryable, query: TicketQuery) {
  const { start, end } = await bounds(db, query.from, query.to);
  const search = query.q?.trim() ? query.q.trim() : null;
  const number = search && /^\d{1,9}$/.test(search) ? Number(search) : null;
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  const rows = await db.query<{
    tillId: number;
    till: string;
    id: string;
    kind: 'sale' | 'refund';
    number: number | null;
    closedAt: string;
    total: number;
    lines: number;
    count: number;
    event_id: string;
  }>(
    // The page is chosen on the tickets' own columns; only its rows read their documents (the
    // lines), so that a month's list does not open every ticket to show fifty. A search by
    // product matches the names each ticket keeps in lower case (migration 0011, written on
    // push), not its document: no ILIKE, nor a plan costly enough to be compiled (JIT).
    `SELECT f.*, jsonb_array_length(e.document->'lines')::int AS lines
       FROM (SELECT t.till_id AS "tillId", tl.name AS till, t.id, t.kind, t.number,
                    t.closed_at AS "closedAt", t.total, t.event_id, count(*) OVER ()::int AS count
               FROM tickets t JOIN tills tl ON tl.id = t.till_id
              WHERE t.day BETWEEN $1 AND $2 AND t.closed_at >= $3 AND t.closed_at < $4
                AND ($5::int IS NULL OR t.till_id = $5) AND ($6::text IS NULL OR t.kind = $6)
                AND ($7::text IS NULL OR t.number = $8::int
                     OR ($11::boolean AND t.line_names LIKE lower($7)))
              ORDER BY ${TICKET_SORTS[query.sort]} ${direction} NULLS LAST,
                       t.till_id ${direction}, t.id ${direction}
              LIMIT $9 OFFSET $10) f
       JOIN events e ON e.id = f.event_id
      ORDER BY ${PAGE_SORTS[query.sort]} ${direction} NULLS LAST,
               f."tillId" ${direction}, f.id ${direction}`,
    [
      shiftDay(query.from, -1),
      shiftDay(query.to, 1),
      start,
      end,
      query.tillId ?? null,
      query.kind ?? null,
      search === null ? null : likeText(search),
      number,
      query.pageSize,
      (query.page - 1) * query.pageSize,
      // No line's name holds a line break: a search that does is not matched across two lines.
      search === null || !/[\n\r]/.test(search),
    ],
  );
  return {
    total: rows[0]?.count ?? (query.page > 1 ? await countTickets(db, query) : 0),
    page: query.page,
    pageSize: query.pageSize,
    rows: rows.map(({ count: _count, event_id: _event, ...row }) => row),
  };
}

/** The count of a query whose page is past its end (no row to carry it). */
async function countTickets(db: Queryable, query: TicketQuery): Promise<number> {
  const all = await listTickets(db, { ...query, page: 1, pageSize: 1 });
  return all.total;
}

/** A paid ticket as the till journaled it, with its till's name and the refunds made of it. */
export async function ticketDetail(db: Queryable, tillId: number, id: string) {
  const [row] = await db.query<{ till: string; document: unknown }>(
    `SELECT tl.name AS till, e.document FROM tickets t
       JOIN tills tl ON tl.id = t.till_id JOIN events e ON e.id = t.event_id
      WHERE t.till_id = $1 AND t.id = $2`,
    [tillId, id],
  );
  if (!row) return null;
  const ticket = ticketDocumentAnyVersionSchema.parse(row.document);
  const related = await db.query<{ id: string; number: number | null; kind: string }>(
    `SELECT t.id, t.number, t.kind FROM tickets t JOIN events e ON e.id = t.event_id
      WHERE t.till_id = $1 AND (e.document->>'refundOf' = $2 OR t.id = $3)
      ORDER BY t.closed_at`,
    [tillId, id, ticket.refundOf ?? ''],
  );
  return {
    tillId,
    till: row.till,
    timeZone: await coopTimeZone(db),
    ticket,
    refundOf: related.find((other) => other.id === ticket.refundOf) ?? null,
    refunds: related.filter((other) => other.id !== ticket.refundOf),
  };
}

export interface SessionQuery extends Page {
  from: string;
  to: string;
  tillId?: number | undefined;
  sort: 'openedAt' | 'till' | 'net' | 'difference';
  order: 'asc' | 'desc';
}

const SESSION_SORTS: Record<SessionQuery['sort'], string> = {
  openedAt: 's.opened_at',
  till: 'tl.name',
  net: `(s.z_report->'totals'->>'net')::int`,
  difference: `(s.z_report->>'difference')::int`,
};

/** Sessions opened on the days of a period (the till's own day), with their Z's main figures. */
export async function listSessions(db: Queryable, query: SessionQuery) {
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  const rows = await db.query<{
    tillId: number;
    till: string;
    id: string;
    day: string;
    openedAt: string;
    closedAt: string | null;
    sales: number | null;
    refunds: number | null;
    net: number | null;
    difference: number | null;
    count: number;
  }>(
    `SELECT s.till_id AS "tillId", tl.name AS till, s.id, s.day, s.opened_at AS "openedAt",
            s.closed_at AS "closedAt",
            (s.z_report->'totals'->>'sales')::int AS sales,
            (s.z_report->'totals'->>'refunds')::int AS refunds,
            (s.z_report->'totals'->>'net')::int AS net,
            (s.z_report->>'difference')::int AS difference,
            count(*) OVER ()::int AS count
       FROM sessions s JOIN tills tl ON tl.id = s.till_id
      WHERE s.day BETWEEN $1 AND $2 AND ($3::int IS NULL OR s.till_id = $3)
      ORDER BY ${SESSION_SORTS[query.sort]} ${direction} NULLS LAST, s.till_id ${direction}, s.id ${direction}
      LIMIT $4 OFFSET $5`,
    [query.from, query.to, query.tillId ?? null, query.pageSize, (query.page - 1) * query.pageSize],
  );
  return {
    total: rows[0]?.count ?? 0,
    page: query.page,
    pageSize: query.pageSize,
    rows: rows.map(({ count: _count, ...row }) => row),
  };
}

const shopSetting = z.object({
  name: z.string(),
  addressLines: z.array(z.string()),
  vatNumber: z.string(),
});
const methodsSetting = z.array(z.object({ id: z.string(), label: z.string() }).loose());

/**
 * A session with what its Z printout names: the shop, the till, the session's short number (the
 * till's rule: the shortest start of its id, 8 characters at least, that no other session of the
 * till shares), who opened and closed it, and the report as the till stored it. The page prints
 * it with the till's own code (domain/report-document.ts, domain/receipt-text.ts).
 */
export async function sessionDetail(db: Queryable, tillId: number, id: string) {
  const [session] = await db.query<{
    till: string;
    openedAt: string;
    closedAt: string | null;
    day: string;
    zReport: unknown;
  }>(
    `SELECT tl.name AS till, s.opened_at AS "openedAt", s.closed_at AS "closedAt", s.day,
            s.z_report AS "zReport"
       FROM sessions s JOIN tills tl ON tl.id = s.till_id WHERE s.till_id = $1 AND s.id = $2`,
    [tillId, id],
  );
  if (!session) return null;
  const neighbours = await db.query<{ id: string }>(
    `SELECT id FROM (SELECT max(id) AS id FROM sessions WHERE till_id = $1 AND id < $2
                     UNION ALL SELECT min(id) FROM sessions WHERE till_id = $1 AND id > $2) n
      WHERE id IS NOT NULL`,
    [tillId, id],
  );
  let length = 8;
  while (length < id.length && neighbours.some((other) => other.id.startsWith(id.slice(0, length))))
    length += 1;
  const documents = await db.query<{ type: string; by: string | null }>(
    `SELECT type, coalesce(document->>'openedBy', document->>'closedBy') AS by FROM events
      WHERE till_id = $1 AND type IN ('session_open', 'z_report') AND document->>'sessionId' = $2`,
    [tillId, id],
  );
  const idOf = (type: string): number | null => {
    const by = documents.find((document) => document.type === type)?.by;
    return by && /^\d{1,10}$/.test(by) ? Number(by) : null;
  };
  // A person the server knows (pulled to the tills as PERSON_USER_ID + their id), or a user the
  // admin API wrote; a user made on the till itself never reaches the server: null, and the page
  // says "till user N" in the reader's words.
  const nameOf = async (type: string): Promise<string | null> => {
    const by = idOf(type);
    if (by === null) return null;
    const [person] = await db.query<{ name: string }>(
      `SELECT name FROM people WHERE id = $1::int - $2
       UNION ALL SELECT name FROM users WHERE id = $1::int LIMIT 1`,
      [by, PERSON_USER_ID],
    );
    return person?.name ?? null;
  };
  const settings = await db.query<{ key: string; value: unknown }>(
    "SELECT key, value FROM settings WHERE key IN ('shop', 'payment.methods') AND NOT deleted",
  );
  const shop = shopSetting.safeParse(settings.find((row) => row.key === 'shop')?.value);
  const methods = methodsSetting.safeParse(
    settings.find((row) => row.key === 'payment.methods')?.value,
  );
  const tickets = await db.query<{
    id: string;
    number: number | null;
    kind: string;
    closedAt: string;
    total: number;
  }>(
    `SELECT id, number, kind, closed_at AS "closedAt", total FROM tickets
      WHERE till_id = $1 AND session_id = $2 ORDER BY closed_at, id`,
    [tillId, id],
  );
  return {
    tillId,
    id,
    till: session.till,
    day: session.day,
    sessionNumber: id.slice(0, length),
    openedAt: session.openedAt,
    closedAt: session.closedAt,
    openedBy: await nameOf('session_open'),
    openedById: idOf('session_open'),
    closedBy: await nameOf('z_report'),
    closedById: idOf('z_report'),
    zReport: session.zReport,
    header: shop.success
      ? {
          shopName: shop.data.name,
          addressLines: shop.data.addressLines,
          vatNumber: shop.data.vatNumber || null,
        }
      : { shopName: 'EasyMyMarket', addressLines: [], vatNumber: null },
    methodLabels: Object.fromEntries(
      (methods.success ? methods.data : [])
        .filter((method) => method.label)
        .map((method) => [method.id, method.label]),
    ),
    timeZone: await coopTimeZone(db),
    tickets,
  };
}

const csvField = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const euros = (cents: number) => centsToDecimalString(cents);
const percent = (rateBp: number) => `${rateBp / 100}%`;

/**
 * The accountant's CSV: one row per local day and till, summed as the till's Z sums them
 * (domain/dashboard.ts): tickets, sales, refunds, net, each VAT rate's base and tax, each payment
 * method's takings net of change. Euros with a dot; the columns are the period's rates and methods.
 */
export async function salesCsv(
  db: Queryable,
  query: { from: string; to: string; tillId?: number | undefined },
): Promise<string> {
  const { start, end, timeZone } = await bounds(db, query.from, query.to);
  const rows = await db.query<{ till: string; document: unknown }>(
    `SELECT tl.name AS till, e.document FROM tickets t
       JOIN tills tl ON tl.id = t.till_id JOIN events e ON e.id = t.event_id
      WHERE t.day BETWEEN $1 AND $2 AND t.closed_at >= $3 AND t.closed_at < $4
        AND ($5::int IS NULL OR t.till_id = $5)`,
    [shiftDay(query.from, -1), shiftDay(query.to, 1), start, end, query.tillId ?? null],
  );
  const groups = new Map<string, { day: string; till: string; tickets: DashboardTicket[] }>();
  for (const row of rows) {
    const ticket = ticketDocumentAnyVersionSchema.parse(row.document);
    const day = localTime(ticket.closedAt, timeZone).day;
    const key = `${day}\u0000${row.till}`;
    const group = groups.get(key) ?? { day, till: row.till, tickets: [] };
    group.tickets.push(ticket);
    groups.set(key, group);
  }
  const summed = [...groups.values()]
    .sort((a, b) => (a.day === b.day ? a.till.localeCompare(b.till) : a.day < b.day ? -1 : 1))
    .map((group) => ({
      ...group,
      figures: dashboardFigures(group.tickets, { timeZone, categoryOf: () => '' }),
    }));
  const rates = [...new Set(summed.flatMap((g) => g.figures.vat.map((v) => v.rateBp)))].sort(
    (a, b) => a - b,
  );
  const methods = [
    ...new Set(summed.flatMap((g) => g.figures.byPayment.map((p) => p.method))),
  ].sort();
  const header = [
    'day',
    'till',
    'tickets',
    'refund tickets',
    'sales',
    'refunds',
    'net',
    ...rates.flatMap((rate) => [`base ${percent(rate)}`, `VAT ${percent(rate)}`]),
    ...methods.map((method) => `paid ${method}`),
  ];
  const lines = summed.map(({ day, till, figures }) => [
    day,
    till,
    figures.tickets,
    figures.refundTickets,
    euros(figures.sales),
    euros(figures.refunds),
    euros(figures.net),
    ...rates.flatMap((rate) => {
      const vat = figures.vat.find((row) => row.rateBp === rate);
      return [euros(vat?.net ?? 0), euros(vat?.vat ?? 0)];
    }),
    ...methods.map((method) =>
      euros(figures.byPayment.find((row) => row.method === method)?.amount ?? 0),
    ),
  ]);
  return [header, ...lines].map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export interface ProductQuery extends Page {
  /** Part of a name (French or Dutch), or a whole barcode, or a product's number. */
  q?: string | undefined;
  sort: 'name' | 'price' | 'category' | 'id';
  order: 'asc' | 'desc';
}

const PRODUCT_SORTS: Record<ProductQuery['sort'], string> = {
  name: 'lower(p.name)',
  price: 'p.price',
  category: 'lower(c.name)',
  id: 'p.id',
};

/** The catalogue as a list: each product's price, category, codes and a suggestion waiting. */
export async function listProductsPage(db: Queryable, query: ProductQuery) {
  const search = query.q?.trim() ? query.q.trim() : null;
  const number = search && /^\d{1,9}$/.test(search) ? Number(search) : null;
  const direction = query.order === 'asc' ? 'ASC' : 'DESC';
  const rows = await db.query<{
    id: number;
    name: string;
    nameNl: string | null;
    category: string | null;
    categoryNl: string | null;
    price: number;
    costPrice: number | null;
    unit: 'piece' | 'kg';
    active: boolean;
    barcodes: string[];
    suggestedPrice: number | null;
    count: number;
  }>(
    `SELECT p.id, p.name, p.name_nl AS "nameNl", c.name AS category, c.name_nl AS "categoryNl",
            p.price,
            p.cost_price AS "costPrice", p.unit, p.active, p.barcodes,
            pc.new_price AS "suggestedPrice", count(*) OVER ()::int AS count
       FROM products p LEFT JOIN categories c ON c.id = p.category_id AND NOT c.deleted
       LEFT JOIN price_changes pc ON pc.product_id = p.id AND pc.status = 'pending'
      WHERE NOT p.deleted
        AND ($1::text IS NULL OR p.name ILIKE $2 OR p.name_nl ILIKE $2 OR $1 = ANY (p.barcodes)
             OR p.id = $3::int)
      ORDER BY ${PRODUCT_SORTS[query.sort]} ${direction} NULLS LAST, p.id ${direction}
      LIMIT $4 OFFSET $5`,
    [
      search,
      search === null ? null : likeText(search),
      number,
      query.pageSize,
      (query.page - 1) * query.pageSize,
    ],
  );
  return {
    total: rows[0]?.count ?? 0,
    page: query.page,
    pageSize: query.pageSize,
    rows: rows.map(({ count: _count, ...row }) => row),
  };
}
