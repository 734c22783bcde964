import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseWith } from '../app';
import type { Store } from '../store';
import {
  applyInventory,
  cancelInventory,
  inventoryView,
  listInventories,
  openInventory,
  openInventorySchema,
  recountList,
} from '../stock/inventories';
import { lossReport, lossReportQuery } from '../stock/losses';
import { nearExpiry, nearExpiryQuery } from '../stock/near-expiry';

interface InventoryOptions {
  store: Store;
  clock: () => Date;
}

/** Counters see what to count; only managers see what the ledger expects and apply. */
const STOCK_WORK = { access: { roles: ['admin', 'manager', 'stock'] } } as const;
const MANAGERS = { access: { roles: ['admin', 'manager'] } } as const;
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
  app.post('/inventories/:id/apply', { config: MANAGERS }, async (request) =>
    applyInventory(store, parseWith(idParam, request.params).id, personOf(request), clock()),
  );
  app.post('/inventories/:id/cancel', { config: MANAGERS }, async (request) =>
    cancelInventory(store, parseWith(idParam, request.params).id, personOf(request), clock()),
  );
  app.get('/near-expiry', { config: STOCK_WORK }, async (request) =>
    nearExpiry(store, parseWith(nearExpiryQuery, request.query), clock()),
  );
  app.get('/losses', { config: MANAGERS }, async (request) =>
    lossReport(store, parseWith(lossReportQuery, request.query)),
  );
}
