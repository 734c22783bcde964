import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isTimeZone, localDayStart, parseLocalDay } from '../domain/dates';
import { dashboardFigures, type DashboardTicket } from '../domain/dashboard';
import { ticketDocumentAnyVersionSchema } from '../domain/journal-documents';
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
  const categories = await db.query<{ id: number; category: string; nameNl: string | null }>(
    `SELECT p.id, coalesce(c.name, '') AS category, c.name_nl AS "nameNl" FROM products p
       LEFT JOIN categories c ON c.id = p.category_id`,
  );
  // The tills' category is its French name (as on the Z); the Dutch one, to show in Dutch.
  const dutch = Object.fromEntries(
    categories.flatMap((row) => (row.nameNl ? [[row.category, row.nameNl]] : [])),
  );
  const names = new Map(categories.map((row) => [row.id, row.category]));
  const figures = dashboardFigures(tickets, {
    timeZone,
    categoryOf: (productId) => (productId === null ? '' : (names.get(productId) ?? '')),
  });
  return {
    from: query.from,
    to: query.to,
    tillId: query.tillId ?? null,
    timeZone,
    ...figures,
    categoryNamesNl: dutch,
  };
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
