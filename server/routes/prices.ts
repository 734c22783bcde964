import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseWith } from '../app';
import type { Store } from '../store';
import { getProductStock, productStockSchema } from '../catalog';
import { refusal } from '../suppliers';
import { updateProductStock } from '../stock/product-stock';
import {
  applyDuePriceChanges,
  decidePriceChange,
  listPriceChanges,
  lowestPrice,
  priceHistory,
} from '../stock/price-changes';

interface PricesOptions {
  store: Store;
  clock: () => Date;
}

const MANAGERS = { access: { roles: ['admin', 'manager'] } } as const;
const STOCK_WORK = { access: { roles: ['admin', 'manager', 'stock'] } } as const;

const id = z.coerce.number().int().positive().max(2_147_483_647);
const idParam = z.object({ id }).strict();

/** Sale prices waiting for a manager, the price history, and what stock needs of a product. */
export async function pricesRoutes(app: FastifyInstance, options: PricesOptions): Promise<void> {
  const { store, clock } = options;
  const personId = (request: { person: { personId: number } | null }) =>
    request.person?.personId ?? null;

  // Prices approved for a later day reach the catalogue when it comes: checked each minute, and
  // before the list is read, so that a manager never sees one late.
  const timer = setInterval(() => {
    applyDuePriceChanges(store, clock()).catch((error: unknown) => {
      app.log.error({ err: error }, 'scheduled prices not applied; retried in a minute');
    });
  }, 60_000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.get('/price-changes', { config: MANAGERS }, async (request) => {
    const { status } = parseWith(
      z
        .object({
          status: z.enum(['pending', 'scheduled', 'approved', 'rejected']).default('pending'),
        })
        .strict(),
      request.query,
    );
    await applyDuePriceChanges(store, clock());
    return listPriceChanges(store, status);
  });
  for (const [verb, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    app.post(`/price-changes/:id/${verb}`, { config: MANAGERS }, async (request) => {
      const { id: changeId } = parseWith(idParam, request.params);
      return decidePriceChange(store, {
        id: changeId,
        approve,
        personId: personId(request),
        now: clock(),
      });
    });
  }

  app.get('/products/:id/prices', { config: STOCK_WORK }, async (request) => {
    const { current, prices } = await priceHistory(store, parseWith(idParam, request.params).id);
    return { current, prices };
  });
  app.get('/products/:id/lowest-price', { config: STOCK_WORK }, async (request) => {
    const { id: productId } = parseWith(idParam, request.params);
    const query = parseWith(
      z
        .object({
          before: z.iso.datetime({ offset: true }).optional(),
          days: z.coerce.number().int().min(1).max(365).default(30),
        })
        .strict(),
      request.query,
    );
    const before = query.before ? new Date(query.before).toISOString() : clock().toISOString();
    return lowestPrice(store, productId, before, query.days);
  });

  app.get('/products/:id/stock', { config: STOCK_WORK }, async (request) => {
    const { id: productId } = parseWith(idParam, request.params);
    return (
      (await getProductStock(store, productId)) ??
      Promise.reject(refusal(404, `No product ${productId}`))
    );
  });
  // A new content changes the shelf label's unit price; a new cost suggests a sale price.
  app.put('/products/:id/stock', { config: MANAGERS }, async (request) =>
    updateProductStock(store, {
      productId: parseWith(idParam, request.params).id,
      stock: parseWith(productStockSchema, request.body),
      personId: personId(request),
      now: clock(),
    }),
  );
}
