import type { FastifyInstance } from 'fastify';
import type { Store } from '../store';
import type { HandCatalogue, HandProduct, HandWork } from '../../domain/hand-wire';
import { inventoryRef, loadInventory, workOutLines } from '../stock/inventory-lines';
import { nearExpiry } from '../stock/near-expiry';

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

  /**
   * The stock work a volunteer may do offline: open purchase orders with what each line still
   * expects, zones being counted, the lines this person counted that wait for a recount (with
   * the ledger's level, shown only then) and what is near its best-before date.
   */
  app.get('/work', { config: STOCK_WORK }, async (request, reply): Promise<HandWork> => {
    const now = clock();
    const personId = request.person?.personId ?? null;
    const orderRows = await store.query<{
      id: number;
      supplierName: string;
      status: 'sent' | 'partly_received';
      sentAt: string | null;
      beingReceived: boolean;
      productId: number | null;
      outstanding: number | null;
    }>(
      `SELECT o.id, s.name AS "supplierName", o.status, o.sent_at AS "sentAt",
              EXISTS (SELECT 1 FROM receptions r WHERE r.order_id = o.id AND r.status = 'open')
                AS "beingReceived",
              l.product_id AS "productId", greatest(l.quantity - l.received, 0) AS outstanding
         FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id
         LEFT JOIN purchase_order_lines l
           ON l.order_id = o.id AND NOT l.short_closed AND l.received < l.quantity
        WHERE o.status IN ('sent', 'partly_received')
        ORDER BY o.sent_at DESC NULLS LAST, o.id DESC, l.product_id`,
    );
    const orders: HandWork['orders'] = [];
    for (const row of orderRows) {
      let order = orders.at(-1);
      if (order?.id !== row.id) {
        order = {
          id: row.id,
          supplierName: row.supplierName,
          status: row.status,
          sentAt: row.sentAt,
          beingReceived: row.beingReceived,
          lines: [],
        };
        orders.push(order);
      }
      if (row.productId !== null && row.outstanding !== null) {
        order.lines.push({ productId: row.productId, outstanding: row.outstanding });
      }
    }
    const inventories = await store.query<{ id: number; zone: string }>(
      `SELECT id, zone FROM inventories WHERE status = 'open' AND zone IS NOT NULL ORDER BY zone, id`,
    );
    const recounts: HandWork['recounts'] = [];
    if (personId !== null) {
      const counter = `person:${personId}`;
      for (const { id } of inventories) {
        const inventory = await loadInventory(store, id);
        if (!inventory) continue;
        const mine = [...(await workOutLines(store, inventory)).values()].filter(
          (line) =>
            line.status === 'recount' && line.first.some((count) => count.counter === counter),
        );
        if (mine.length === 0) continue;
        const levels = await store.query<{ productId: number; level: number }>(
          `SELECT p.id AS "productId", coalesce(sum(m.quantity), 0)::int AS level
             FROM unnest($1::int[]) AS p(id)
             LEFT JOIN stock_moves m ON m.product_id = p.id AND m.ref IS DISTINCT FROM $2
            GROUP BY p.id ORDER BY p.id`,
          [mine.map((line) => line.productId), inventoryRef(id)],
        );
        for (const { productId, level } of levels) {
          recounts.push({ inventoryId: id, productId, expected: level });
        }
      }
    }
    const soon = await nearExpiry(store, { days: 7 }, now);
    reply.header('cache-control', 'no-store');
    return {
      at: now.toISOString(),
      orders,
      inventories,
      recounts,
      nearExpiry: (soon as { productId: number; bestBefore: string }[]).map((row) => ({
        productId: row.productId,
        bestBefore: row.bestBefore,
      })),
    };
  });
}
