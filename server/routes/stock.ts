import type { FastifyInstance } from 'fastify';
import { parseWith } from '../app';
import type { Store } from '../store';
import { applyStockEvents, stockEventBatchSchema } from '../stock/events';
import { STOCK_EVENT_HANDLERS } from '../stock/handlers';

interface StockOptions {
  store: Store;
  clock: () => Date;
}

const STOCK_WORK = { access: { roles: ['admin', 'manager', 'stock'] } } as const;

/** Stock work: the events devices send (scans, counts, losses, receptions), applied once each. */
export async function stockRoutes(app: FastifyInstance, options: StockOptions): Promise<void> {
  const { store, clock } = options;

  app.post('/events', { config: STOCK_WORK }, async (request) => {
    const { events } = parseWith(stockEventBatchSchema, request.body);
    const outcomes = await applyStockEvents(store, events, STOCK_EVENT_HANDLERS, {
      actor: { personId: request.person?.personId ?? null },
      now: clock(),
    });
    return { outcomes };
  });
}
