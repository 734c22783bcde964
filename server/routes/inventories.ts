import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseWith } from '../app';
import type { Store } from '../store';
import {
  applyInventory,
  applyInventoryIn,
  appliedSummary,
  cancelInventory,
  inventoryView,
  listInventories,
  openInventory,
  openInventorySchema,
  recountList,
} from '../stock/inventories';
import { applyStockEvents, stockEventSchema, type StockEventHandler } from '../stock/events';
import { lossReport, lossReportQuery } from '../stock/losses';
import { nearExpiry, nearExpiryQuery } from '../stock/near-expiry';

interface InventoryOptions {
  store: Store;
  clock: () => Date;
}

/** Counters see what to count; only managers see what the ledger expects and apply. */
const STOCK_WORK = { access: { roles: ['admin', 'manager', 'stock'] } } as const;
const MANAGERS = { access: { roles: ['admin', 'manager'] } } as const;
const applyEvent = stockEventSchema.extend({
  kind: z.literal('inventory.apply', {
    error: 'An apply is a stock event of kind inventory.apply',
  }),
  payload: z.object({ inventoryId: z.number().int().positive().max(2_147_483_647) }).strict(),
});
const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }).strict();

/** Inventories by zone and the losses report; the scans themselves are stock events. */
export async function inventoryRoutes(app: FastifyInstance, options: InventoryOptions) {
  const { store, clock } = options;
  const personOf = (request: { person: { personId: number } | null }) =>
    request.person?.personId ?? null;

  app.post('/inventories', { config: MANAGERS }, async (request, reply) => {
    const body = parseWith(openInventorySchema, request.body);
    return reply.code(201).send(await openInventory(store, body, personOf(request), clock()));
  });
  app.get('/inventories', { config: STOCK_WORK }, async () => listInventories(store));
  app.get('/inventories/:id', { config: MANAGERS }, async (request) =>
    inventoryView(store, parseWith(idParam, request.params).id),
  );
  app.get('/inventories/:id/recount', { config: STOCK_WORK }, async (request) =>
    recountList(store, parseWith(idParam, request.params).id),
  );
  // With no body, applied at once (scripts). The back office sends an `inventory.apply` event
  // whose UUID its page made: sent again (a double click, a lost answer), it is applied once and
  // the second answer is the first one's summary.
  app.post('/inventories/:id/apply', { config: MANAGERS }, async (request, reply) => {
    const { id } = parseWith(idParam, request.params);
    const body = request.body as Record<string, unknown> | undefined;
    if (body === undefined || body === null || Object.keys(body).length === 0) {
      return applyInventory(store, id, personOf(request), clock());
    }
    const event = parseWith(applyEvent, body);
    if (event.payload.inventoryId !== id) {
      return reply
        .code(422)
        .send({ error: `This apply names inventory ${event.payload.inventoryId}, not ${id}` });
    }
    const apply: StockEventHandler = (tx, _event, { actor, now }) =>
      applyInventoryIn(tx, id, actor.personId, now);
    const [outcome] = await applyStockEvents(
      store,
      [event],
      { 'inventory.apply': apply },
      { actor: { personId: personOf(request) }, now: clock() },
    );
    if (!outcome || outcome.status === 'refused') {
      return reply.code(422).send({ error: outcome?.error ?? 'The apply was not recorded' });
    }
    reply.header('x-apply-status', outcome.status);
    return outcome.status === 'applied' ? outcome.result : appliedSummary(store, id);
  });
  app.post('/inventories/:id/cancel', { config: MANAGERS }, async (request) =>
    cancelInventory(store, parseWith(idParam, request.params).id, personOf(request), clock()),
  );
  app.get('/near-expiry', { config: STOCK_WORK }, async (request) =>
    nearExpiry(store, parseWith(nearExpiryQuery, request.query), clock()),
  );
  // Stock volunteers record losses and read them back; they are valued at cost, not at a count.
  app.get('/losses', { config: STOCK_WORK }, async (request) =>
    lossReport(store, parseWith(lossReportQuery, request.query)),
  );
}
