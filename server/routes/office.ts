import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseLocalDay } from '../../domain/dates';
import { localTime } from '../../domain/dashboard';
import { parseWith } from '../app';
import { coopTimeZone, dashboard, productFigures, quarantined, tillStates } from '../office';
import {
  listProductsPage,
  listSessions,
  listTickets,
  salesCsv,
  sessionDetail,
  ticketDetail,
} from '../office-pages';
import type { Store } from '../store';

interface OfficeOptions {
  store: Store;
  clock: () => Date;
}

const MANAGERS = { access: { roles: ['admin', 'manager'] } } as const;

/** Three years and a day: the longest period the dashboard sums at once. */
const MAX_DAYS = 3 * 366;

const day = z
  .string()
  .refine((text) => parseLocalDay(text) !== null, 'must be a day that exists, such as 2026-03-01');

export const dashboardQuerySchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    tillId: z.coerce.number().int().min(1).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  })
  .refine(
    (q) => !q.from || !q.to || (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_DAYS,
    { message: `a period is at most ${MAX_DAYS} days`, path: ['to'] },
  );

const pageFields = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  order: z.enum(['asc', 'desc']).default('desc'),
};

const periodFields = {
  from: day.optional(),
  to: day.optional(),
  tillId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
};

const periodRules = <T extends z.ZodType<{ from?: string | undefined; to?: string | undefined }>>(
  schema: T,
) =>
  schema
    .refine((q) => !q.from || !q.to || q.from <= q.to, {
      message: 'from must not be after to',
      path: ['from'],
    })
    .refine(
      (q) => !q.from || !q.to || (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_DAYS,
      { message: `a period is at most ${MAX_DAYS} days`, path: ['to'] },
    );

export const ticketsQuerySchema = periodRules(
  z
    .object({
      ...periodFields,
      ...pageFields,
      kind: z.enum(['sale', 'refund']).optional(),
      q: z.string().max(100).optional(),
      sort: z.enum(['closedAt', 'total', 'number', 'till']).default('closedAt'),
    })
    .strict(),
);

export const sessionsQuerySchema = periodRules(
  z
    .object({
      ...periodFields,
      ...pageFields,
      sort: z.enum(['openedAt', 'till', 'net', 'difference']).default('openedAt'),
    })
    .strict(),
);

export const productsQuerySchema = z
  .object({
    ...pageFields,
    order: z.enum(['asc', 'desc']).default('asc'),
    q: z.string().max(100).optional(),
    sort: z.enum(['name', 'price', 'category', 'id']).default('name'),
  })
  .strict();

export const csvQuerySchema = periodRules(z.object(periodFields).strict());

/** A till's ticket or session: the till's number and the till's own id for it. */
const itemParams = z
  .object({
    tillId: z.coerce.number().int().min(1).max(2_147_483_647),
    id: z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'an id of letters, digits and dashes'),
  })
  .strict();

const notFound = (what: string) =>
  Object.assign(new Error(`${what} not found`), { statusCode: 404 });

/** The back office's figures (`/v1/office/`): for managers and admins. */
export async function officeRoutes(app: FastifyInstance, options: OfficeOptions): Promise<void> {
  const { store, clock } = options;

  /**
   * Sales, tickets, basket, by hour, weekday, category and payment, VAT; margins, movers, stock
   * value and losses: today unless told.
   */
  app.get('/dashboard', { config: MANAGERS }, async (request) => {
    const query = parseWith(dashboardQuerySchema, request.query);
    const timeZone = await coopTimeZone(store);
    const today = localTime(clock().toISOString(), timeZone).day;
    const from = query.from ?? query.to ?? today;
    const to = query.to ?? (query.from ? from : today);
    const period = { from, to, tillId: query.tillId };
    const [figures, products] = await Promise.all([
      dashboard(store, period),
      productFigures(store, period),
    ]);
    return { today, ...figures, products };
  });

  /** A period's days: today unless told; one day told is that day. */
  const period = async (query: { from?: string | undefined; to?: string | undefined }) => {
    const timeZone = await coopTimeZone(store);
    const today = localTime(clock().toISOString(), timeZone).day;
    const from = query.from ?? query.to ?? today;
    return { today, timeZone, from, to: query.to ?? (query.from ? from : today) };
  };

  /** Paid tickets and refunds of a period: searched by number or product, sorted, a page. */
  app.get('/tickets', { config: MANAGERS }, async (request) => {
    const query = parseWith(ticketsQuerySchema, request.query);
    const days = await period(query);
    return { ...days, ...(await listTickets(store, { ...query, ...days })) };
  });
  app.get('/tickets/:tillId/:id', { config: MANAGERS }, async (request) => {
    const { tillId, id } = parseWith(itemParams, request.params);
    return (await ticketDetail(store, tillId, id)) ?? Promise.reject(notFound(`Ticket ${id}`));
  });
  app.get('/sessions', { config: MANAGERS }, async (request) => {
    const query = parseWith(sessionsQuerySchema, request.query);
    const days = await period(query);
    return { ...days, ...(await listSessions(store, { ...query, ...days })) };
  });
  app.get('/sessions/:tillId/:id', { config: MANAGERS }, async (request) => {
    const { tillId, id } = parseWith(itemParams, request.params);
    return (await sessionDetail(store, tillId, id)) ?? Promise.reject(notFound(`Session ${id}`));
  });
  /** The accountant's CSV: a row per local day and till, summed as the Z sums them. */
  app.get('/sales.csv', { config: MANAGERS }, async (request, reply) => {
    const query = parseWith(csvQuerySchema, request.query);
    const days = await period(query);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="sales-${days.from}-${days.to}.csv"`)
      .send(await salesCsv(store, { from: days.from, to: days.to, tillId: query.tillId }));
  });

  /** The catalogue's products: found by name, code or number, sorted, a page. */
  app.get('/products', { config: MANAGERS }, async (request) =>
    listProductsPage(store, parseWith(productsQuerySchema, request.query)),
  );

  app.get('/tills', { config: MANAGERS }, async () => ({
    tills: await tillStates(store),
    timeZone: await coopTimeZone(store),
  }));

  /** What the tills sent that the books do not hold, waiting for a manager: newest first. */
  app.get('/quarantine', { config: MANAGERS }, async () => ({
    documents: await quarantined(store),
  }));
}
