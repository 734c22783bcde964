import type { FastifyInstance } from 'fastify';
import type { Store } from '../store';
import { pricesRoutes } from './prices';
import { suppliersRoutes } from './suppliers';

/** The buyer's side of the catalogue: suppliers and their price lists, and sale prices. */
export async function buyingRoutes(
  app: FastifyInstance,
  options: { store: Store; clock: () => Date },
): Promise<void> {
  const { store, clock } = options;
  await app.register(suppliersRoutes, { store, clock, prefix: '/suppliers' });
  await app.register(pricesRoutes, { store, clock });
}
