import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseLocalDay } from '../../domain/dates';
import { localTime } from '../../domain/dashboard';
import { parseWith } from '../app';
import { coopTimeZone, dashboard, productFigures, quarantined, tillStates } from '../office';
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

  app.get('/tills', { config: MANAGERS }, async () => ({ tills: await tillStates(store) }));

  /** What the tills sent that the books do not hold, waiting for a manager: newest first. */
  app.get('/quarantine', { config: MANAGERS }, async () => ({
    documents: await quarantined(store),
  }));
}
