import type { FastifyInstance } from 'fastify';
import type { Store } from '../store';
import type { HandCatalogue, HandProduct } from '../../domain/hand-wire';

interface HandOptions {
  store: Store;
  clock: () => Date;
}

const STOCK_WORK = { access: { roles: ['admin', 'manager', 'stock'] } } as const;

/** The server's setting that holds the coop's barcode rules (checked when written). */
const NOMENCLATURE_SETTING = 'barcode.nomenclature';

/**
 * The handheld's data: the whole catalogue in one compact answer, which it keeps in IndexedDB
 * to look products up and scan offline. Deleted products are left out (one taken off sale can still sit on a shelf to count); stock on hand
 * is the ledger's sum (sales synced from tills, receptions, losses, counts).
 */
export async function handRoutes(app: FastifyInstance, options: HandOptions): Promise<void> {
  const { store, clock } = options;

  app.get('/products', { config: STOCK_WORK }, async (_request, reply): Promise<HandCatalogue> => {
    const at = clock().toISOString();
    const products = await store.query<HandProduct>(
      `SELECT p.id, p.name, p.name_nl AS "nameNl", p.price, p.unit, p.barcodes, p.zone,
              p.net_content AS "netContent", p.content_unit AS "contentUnit",
              coalesce(m.quantity, 0)::int AS "onHand"
         FROM products p
         LEFT JOIN (SELECT product_id, sum(quantity) AS quantity FROM stock_moves
                     GROUP BY product_id) m ON m.product_id = p.id
        WHERE NOT p.deleted
        ORDER BY p.id`,
    );
    const [setting] = await store.query<{ value: unknown }>(
      'SELECT value FROM settings WHERE key = $1 AND NOT deleted',
      [NOMENCLATURE_SETTING],
    );
    // Figures that change with every sale: never a stale copy from a cache between us.
    reply.header('cache-control', 'no-store');
    return { at, nomenclature: setting?.value ?? null, products };
  });
}
