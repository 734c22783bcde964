import { z } from 'zod';
import type { Queryable } from '../store';
import { suggestPurchases } from './suggest';

/**
 * Purchase orders: made from a supplier's suggestion (or typed), edited while a draft, then sent
 * (mailed or downloaded), received by deliveries, closed. Quantities are thousandths of the
 * product's unit, costs cents per unit, as the supplier's catalogue (supplier_products) has them.
 */

export type OrderStatus = 'draft' | 'sent' | 'partly_received' | 'received' | 'closed';

/** Refused for what it asks, in words; nothing changed. */
export class PurchasingRefusal extends Error {
  constructor(
    message: string,
    readonly statusCode: 404 | 409 | 422 = 422,
  ) {
    super(message);
  }
}

/** At most 100,000 units (pieces or kg) on one line: more is a typing slip, not an order. */
export const MAX_ORDER_QUANTITY = 100_000_000;

export const orderLineInput = z
  .object({
    productId: z.number().int().positive().max(2_147_483_647),
    /** Thousandths of the product's unit; 0 removes the line from a draft. */
    quantity: z.number().int().min(0).max(MAX_ORDER_QUANTITY, 'at most 100,000 units a line'),
    unitCost: z.number().int().min(0).max(10_000_000).optional(),
  })
  .strict();
export type OrderLineInput = z.infer<typeof orderLineInput>;

export const createOrderInput = z
  .object({
    supplierId: z.number().int().positive().max(2_147_483_647),
    /** Without lines, the order takes the supplier's suggestion. */
    lines: z.array(orderLineInput).min(1).max(5000).optional(),
    windowDays: z.number().int().min(1).max(365).optional(),
  })
  .strict();

export interface OrderLine {
  id: number;
  productId: number;
  name: string;
  /** The product's Dutch name, for a buyer reading Dutch. */
  nameNl?: string | null;
  supplierCode: string | null;
  packSize: number;
  quantity: number;
  unitCost: number;
  cost: number;
  received: number;
  shortClosed: boolean;
  explanation: unknown;
}

export interface Order {
  id: number;
  supplierId: number;
  supplierName: string;
  supplierEmail: string | null;
  status: OrderStatus;
  createdAt: string;
  sentAt: string | null;
  sentTo: string | null;
  closedAt: string | null;
  total: number;
  lines: OrderLine[];
}

async function activeSupplier(tx: Queryable, supplierId: number) {
  const [supplier] = await tx.query<{ name: string; active: boolean }>(
    'SELECT name, active FROM suppliers WHERE id = $1',
    [supplierId],
  );
  if (!supplier) throw new PurchasingRefusal(`No supplier ${supplierId}`, 404);
  if (!supplier.active) {
    throw new PurchasingRefusal(
      `${supplier.name} is an inactive supplier: no purchase order for them; nothing written`,
    );
  }
  return supplier;
}

/** What the supplier sells us of a product, or a refusal naming both. */
async function supplierItem(tx: Queryable, supplierId: number, productId: number) {
  const [item] = await tx.query<{ supplierCode: string; packSize: number; cost: number }>(
    `SELECT sp.supplier_code AS "supplierCode", sp.pack_size AS "packSize", sp.cost
       FROM supplier_products sp JOIN products p ON p.id = sp.product_id
      WHERE sp.supplier_id = $1 AND sp.product_id = $2 AND sp.active AND NOT p.deleted`,
    [supplierId, productId],
  );
  if (!item) {
    throw new PurchasingRefusal(
      `Product ${productId} is not in this supplier's catalogue: nothing written`,
    );
  }
  return item;
}

export async function createOrder(
  tx: Queryable,
  input: z.infer<typeof createOrderInput>,
  context: { personId: number | null; now: Date },
): Promise<Order> {
  const supplier = await activeSupplier(tx, input.supplierId);
  const [order] = await tx.query<{ id: number }>(
    `INSERT INTO purchase_orders (supplier_id, created_at, created_by) VALUES ($1, $2, $3)
     RETURNING id`,
    [input.supplierId, context.now.toISOString(), context.personId],
  );
  const orderId = (order as { id: number }).id;
  if (input.lines) {
    await setLines(tx, orderId, input.supplierId, input.lines);
  } else {
    const suggestions = await suggestPurchases(tx, {
      now: context.now,
      supplierId: input.supplierId,
      ...(input.windowDays ? { windowDays: input.windowDays } : {}),
    });
    const lines = suggestions.suppliers[0]?.lines ?? [];
    if (lines.length === 0) {
      throw new PurchasingRefusal(`Nothing to order from ${supplier.name} today: nothing written`);
    }
    for (const line of lines) {
      await tx.query(
        `INSERT INTO purchase_order_lines (order_id, product_id, supplier_code, pack_size, quantity,
                                           unit_cost, explanation)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          orderId,
          line.productId,
          line.supplierCode,
          line.packSize,
          line.quantity,
          line.unitCost,
          JSON.stringify(line.explanation),
        ],
      );
    }
  }
  return getOrder(tx, orderId);
}

async function setLines(
  tx: Queryable,
  orderId: number,
  supplierId: number,
  lines: readonly OrderLineInput[],
): Promise<void> {
  const seen = new Set<number>();
  for (const line of lines) {
    if (seen.has(line.productId)) {
      throw new PurchasingRefusal(
        `Product ${line.productId} is twice in the lines: nothing written`,
      );
    }
    seen.add(line.productId);
    if (line.quantity === 0) {
      await tx.query('DELETE FROM purchase_order_lines WHERE order_id = $1 AND product_id = $2', [
        orderId,
        line.productId,
      ]);
      continue;
    }
    const item = await supplierItem(tx, supplierId, line.productId);
    await tx.query(
      `INSERT INTO purchase_order_lines (order_id, product_id, supplier_code, pack_size, quantity, unit_cost)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (order_id, product_id)
       DO UPDATE SET quantity = EXCLUDED.quantity, unit_cost = EXCLUDED.unit_cost`,
      [
        orderId,
        line.productId,
        item.supplierCode,
        item.packSize,
        line.quantity,
        line.unitCost ?? item.cost,
      ],
    );
  }
}

/** Locks an order for a change and returns its state, or refuses an unknown one. */
async function lockOrder(tx: Queryable, orderId: number) {
  const [order] = await tx.query<{ status: OrderStatus; supplierId: number }>(
    `SELECT status, supplier_id AS "supplierId" FROM purchase_orders WHERE id = $1 FOR UPDATE`,
    [orderId],
  );
  if (!order) throw new PurchasingRefusal(`No purchase order ${orderId}`, 404);
  return order;
}

/** Changes, adds or (quantity 0) removes lines of a draft; a sent order keeps its lines. */
export async function editLines(
  tx: Queryable,
  orderId: number,
  lines: readonly OrderLineInput[],
): Promise<Order> {
  const order = await lockOrder(tx, orderId);
  if (order.status !== 'draft') {
    throw new PurchasingRefusal(
      `Purchase order ${orderId} is ${order.status.replace('_', ' ')}: its lines no longer change`,
      409,
    );
  }
  await activeSupplier(tx, order.supplierId);
  await setLines(tx, orderId, order.supplierId, lines);
  return getOrder(tx, orderId);
}

/** A draft becomes sent: mailed to `sentTo`, or downloaded (null) for the buyer to send. */
export async function markSent(
  tx: Queryable,
  orderId: number,
  sent: { to: string | null; personId: number | null; now: Date },
): Promise<void> {
  const order = await lockOrder(tx, orderId);
  if (order.status !== 'draft') {
    throw new PurchasingRefusal(`Purchase order ${orderId} was already sent`, 409);
  }
  await activeSupplier(tx, order.supplierId);
  const [lines] = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM purchase_order_lines WHERE order_id = $1',
    [orderId],
  );
  if (!lines?.n) throw new PurchasingRefusal(`Purchase order ${orderId} has no lines to send`);
  await tx.query(
    `UPDATE purchase_orders SET status = 'sent', sent_at = $2, sent_by = $3, sent_to = $4
      WHERE id = $1`,
    [orderId, sent.now.toISOString(), sent.personId, sent.to],
  );
}

/** Nothing more is expected: what is still short is given up on. */
export async function closeOrder(tx: Queryable, orderId: number, now: Date): Promise<Order> {
  const order = await lockOrder(tx, orderId);
  if (order.status === 'closed')
    throw new PurchasingRefusal(`Purchase order ${orderId} is closed`, 409);
  await tx.query(
    `UPDATE purchase_order_lines SET short_closed = true WHERE order_id = $1 AND received < quantity`,
    [orderId],
  );
  await tx.query(`UPDATE purchase_orders SET status = 'closed', closed_at = $2 WHERE id = $1`, [
    orderId,
    now.toISOString(),
  ]);
  return getOrder(tx, orderId);
}

export async function getOrder(db: Queryable, orderId: number): Promise<Order> {
  const [order] = await db.query<Omit<Order, 'lines' | 'total'>>(
    `SELECT o.id, o.supplier_id AS "supplierId", s.name AS "supplierName",
            s.email AS "supplierEmail", o.status, o.created_at AS "createdAt",
            o.sent_at AS "sentAt", o.sent_to AS "sentTo", o.closed_at AS "closedAt"
       FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id WHERE o.id = $1`,
    [orderId],
  );
  if (!order) throw new PurchasingRefusal(`No purchase order ${orderId}`, 404);
  const lines = await db.query<OrderLine>(
    `SELECT l.id, l.product_id AS "productId", p.name, p.name_nl AS "nameNl",
            l.supplier_code AS "supplierCode",
            l.pack_size AS "packSize", l.quantity, l.unit_cost AS "unitCost",
            ((l.quantity::bigint * l.unit_cost + 500) / 1000)::int AS cost,
            l.received, l.short_closed AS "shortClosed", l.explanation
       FROM purchase_order_lines l JOIN products p ON p.id = l.product_id
      WHERE l.order_id = $1 ORDER BY p.name, l.product_id`,
    [orderId],
  );
  return { ...order, total: lines.reduce((sum, line) => sum + line.cost, 0), lines };
}

export async function listOrders(db: Queryable, status: OrderStatus | null) {
  return db.query(
    `SELECT o.id, o.supplier_id AS "supplierId", s.name AS "supplierName", o.status,
            o.created_at AS "createdAt", o.sent_at AS "sentAt"
       FROM purchase_orders o JOIN suppliers s ON s.id = o.supplier_id
      WHERE $1::text IS NULL OR o.status = $1 ORDER BY o.id DESC LIMIT 500`,
    [status],
  );
}
