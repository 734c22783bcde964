import { z } from 'zod';
import { compareReception, type ReceptionOutcome } from '../../domain/hand-flows';
import { salePriceFromCost } from '../../domain/markup';
import { uuidSchema } from '../../domain/sync-wire';
import type { Queryable } from '../store';
import { StockRefusal, type StockEventHandler } from './events';
import { pricingRule, suggestPriceFromCost } from './queues';
import { reviseCounts } from './inventory-lines';

/**
 * Receiving a delivery, as stock events a handheld sends at least once (applied once each):
 * `reception.open` names the delivery (its id is the device's UUID) and the order it answers,
 * `reception.line` adds what was found (a product, or a barcode nobody knows), and
 * `reception.validate` compares it with the order, moves the ledger once and settles the order.
 */

const id = z.number().int().positive().max(2_147_483_647);
/** 100,000 units (pieces or kg) in one scan is a slip of the finger, not a delivery. */
const MAX_RECEIVED = 100_000_000;

const openPayload = z
  .object({ reception: uuidSchema, orderId: id.optional(), supplierId: id.optional() })
  .strict();

const linePayload = z
  .object({
    reception: uuidSchema,
    productId: id.optional(),
    barcode: z
      .string()
      .regex(/^[0-9A-Za-z-]{1,64}$/)
      .optional(),
    quantity: z.number().int().min(0).max(MAX_RECEIVED),
    unitCost: z.number().int().min(0).max(10_000_000).optional(),
    substitutes: id.optional(),
  })
  .strict()
  .refine((line) => (line.productId === undefined) !== (line.barcode === undefined), {
    message: 'one of productId or barcode',
  });

const validatePayload = z
  .object({ reception: uuidSchema, shortages: z.enum(['backorder', 'close']) })
  .strict();

function parse<T extends z.ZodType>(schema: T, payload: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
      .join('; ');
    throw new StockRefusal(`${what}: ${problems}`);
  }
  return parsed.data;
}

async function openReception(tx: Queryable, reception: string) {
  const [row] = await tx.query<{
    status: string;
    orderId: number | null;
    supplierId: number | null;
  }>(
    `SELECT status, order_id AS "orderId", supplier_id AS "supplierId" FROM receptions
      WHERE id = $1 FOR UPDATE`,
    [reception],
  );
  if (!row) throw new StockRefusal(`No reception ${reception}: open it first`);
  if (row.status === 'cancelled') {
    throw new StockRefusal(`Reception ${reception} was cancelled; nothing changed`);
  }
  if (row.status !== 'open') {
    throw new StockRefusal(`Reception ${reception} is already validated; nothing changed`);
  }
  return row;
}

export const receptionOpen: StockEventHandler = async (tx, event, { actor }) => {
  const payload = parse(openPayload, event.payload, 'A reception to open');
  let supplierId = payload.supplierId ?? null;
  if (payload.orderId !== undefined) {
    const [order] = await tx.query<{ status: string; supplierId: number }>(
      'SELECT status, supplier_id AS "supplierId" FROM purchase_orders WHERE id = $1',
      [payload.orderId],
    );
    if (!order) throw new StockRefusal(`No purchase order ${payload.orderId}`);
    if (order.status === 'draft') {
      throw new StockRefusal(
        `Purchase order ${payload.orderId} was never sent: nothing to receive`,
      );
    }
    if (order.status === 'received' || order.status === 'closed') {
      throw new StockRefusal(
        `Purchase order ${payload.orderId} is ${order.status}: nothing more is expected`,
      );
    }
    if (supplierId !== null && supplierId !== order.supplierId) {
      throw new StockRefusal(`Purchase order ${payload.orderId} is another supplier's`);
    }
    supplierId = order.supplierId;
    const [busy] = await tx.query(
      `SELECT 1 FROM receptions WHERE order_id = $1 AND status = 'open'`,
      [payload.orderId],
    );
    if (busy) {
      throw new StockRefusal(`Purchase order ${payload.orderId} is being received already`);
    }
  } else if (supplierId !== null) {
    const [supplier] = await tx.query('SELECT 1 FROM suppliers WHERE id = $1', [supplierId]);
    if (!supplier) throw new StockRefusal(`No supplier ${supplierId}`);
  }
  const inserted = await tx.query(
    `INSERT INTO receptions (id, order_id, supplier_id, opened_at, opened_by)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [payload.reception, payload.orderId ?? null, supplierId, event.at, actor.personId],
  );
  if (inserted.length === 0) {
    throw new StockRefusal(`Reception ${payload.reception} was opened already`);
  }
  return { reception: payload.reception, orderId: payload.orderId ?? null };
};

export const receptionLine: StockEventHandler = async (tx, event, { actor }) => {
  const line = parse(linePayload, event.payload, 'A reception line');
  await openReception(tx, line.reception);
  let productId = line.productId ?? null;
  if (line.barcode !== undefined) {
    const [product] = await tx.query<{ id: number }>(
      'SELECT id FROM products WHERE $1 = ANY(barcodes) AND NOT deleted ORDER BY id LIMIT 1',
      [line.barcode],
    );
    if (!product) {
      // Never a new product made silently: the barcode waits for someone who knows it.
      await tx.query(
        `INSERT INTO unknown_barcodes (barcode, reception_id, quantity, seen_at, seen_by, event_uuid)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [line.barcode, line.reception, line.quantity, event.at, actor.personId, event.uuid],
      );
      return { unknownBarcode: line.barcode };
    }
    productId = product.id;
  }
  const [known] = await tx.query('SELECT 1 FROM products WHERE id = $1 AND NOT deleted', [
    productId,
  ]);
  if (!known) throw new StockRefusal(`No product ${productId}: nothing received`);
  if (line.substitutes !== undefined) {
    const [ordered] = await tx.query('SELECT 1 FROM products WHERE id = $1', [line.substitutes]);
    if (!ordered) throw new StockRefusal(`No product ${line.substitutes} to substitute`);
  }
  await tx.query(
    `INSERT INTO reception_lines (reception_id, product_id, quantity, unit_cost, substitutes, event_uuid)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      line.reception,
      productId,
      line.quantity,
      line.unitCost ?? null,
      line.substitutes ?? null,
      event.uuid,
    ],
  );
  return { productId };
};

interface Result {
  productId: number;
  outcome: ReceptionOutcome;
  ordered: number;
  received: number;
  /** Of an ordered line, what its substitutes settle (one for one, up to what was due). */
  replaced: number;
  orderedCost: number | null;
  unitCost: number | null;
}

export const receptionValidate: StockEventHandler = async (tx, event, { actor, now }) => {
  const payload = parse(validatePayload, event.payload, 'A reception to validate');
  const reception = await openReception(tx, payload.reception);
  const received = await tx.query<{
    productId: number;
    quantity: number;
    unitCost: number | null;
    substitutes: number | null;
  }>(
    // Per product: the sum of its scans, the last cost and substitute a volunteer typed.
    `SELECT product_id AS "productId", sum(quantity)::int AS quantity,
            (array_agg(unit_cost ORDER BY id DESC) FILTER (WHERE unit_cost IS NOT NULL))[1] AS "unitCost",
            (array_agg(substitutes ORDER BY id DESC) FILTER (WHERE substitutes IS NOT NULL))[1] AS substitutes
       FROM reception_lines WHERE reception_id = $1 GROUP BY product_id ORDER BY product_id`,
    [payload.reception],
  );
  const ordered = reception.orderId
    ? await tx.query<{ id: number; productId: number; outstanding: number; unitCost: number }>(
        `SELECT id, product_id AS "productId", greatest(quantity - received, 0) AS outstanding,
                unit_cost AS "unitCost"
           FROM purchase_order_lines WHERE order_id = $1 AND NOT short_closed
            AND received < quantity ORDER BY product_id FOR UPDATE`,
        [reception.orderId],
      )
    : [];
  const receivedOf = new Map(received.map((row) => [row.productId, row]));
  const orderedOf = new Map(ordered.map((row) => [row.productId, row]));
  // Worked out as the handheld works it out before the volunteer validates, so both agree.
  const lines = compareReception(
    ordered,
    received.map((row) => ({
      productId: row.productId,
      quantity: row.quantity,
      substitutes: row.substitutes ?? undefined,
    })),
    reception.orderId !== null,
  );
  const results: Result[] = [];
  for (const line of lines) {
    const orderedLine = orderedOf.get(line.productId);
    const got = receivedOf.get(line.productId);
    const catalogueCost = orderedLine
      ? orderedLine.unitCost
      : await supplierCost(tx, reception.supplierId, line.productId);
    results.push({
      productId: line.productId,
      outcome: line.outcome,
      ordered: line.ordered,
      received: line.received,
      replaced: line.replaced,
      orderedCost: catalogueCost,
      unitCost: got?.unitCost ?? (line.received > 0 || !orderedLine ? catalogueCost : null),
    });
  }

  for (const result of results) {
    await tx.query(
      `INSERT INTO reception_results (reception_id, product_id, outcome, ordered, received,
                                      ordered_cost, unit_cost)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        payload.reception,
        result.productId,
        result.outcome,
        result.ordered,
        result.received,
        result.orderedCost,
        result.unitCost,
      ],
    );
    if (result.received > 0) {
      await tx.query(
        `INSERT INTO stock_moves (product_id, quantity, kind, ref, at, event_uuid, person_id, unit_cost)
         VALUES ($1, $2, 'delivery', $3, $4, $5, $6, $7)`,
        [
          result.productId,
          result.received,
          `reception:${payload.reception}`,
          event.at,
          event.uuid,
          actor.personId,
          result.unitCost,
        ],
      );
    }
  }
  // A delivery received before a count that is already applied (a phone offline until after
  // it): the counter saw the goods on the shelf, so the count is worked out again.
  await reviseCounts(
    tx,
    results
      .filter((result) => result.received > 0)
      .map((result) => ({ productId: result.productId, at: event.at })),
    now,
  );
  const priceChanges = await newCosts(tx, results, {
    supplierId: reception.supplierId,
    source: `Delivery ${reception.orderId ? `for purchase order ${reception.orderId}` : 'without an order'} (reception ${payload.reception})`,
    personId: actor.personId,
    now,
    at: event.at,
  });

  let orderStatus: string | null = null;
  if (reception.orderId) {
    orderStatus = await settleOrder(tx, reception.orderId, results, payload.shortages);
  }
  await tx.query(
    `UPDATE receptions SET status = 'validated', validated_at = $2, validated_by = $3,
            shortages = $4 WHERE id = $1`,
    [payload.reception, event.at, actor.personId, payload.shortages],
  );
  return { orderStatus, results, priceChanges };
};

async function supplierCost(tx: Queryable, supplierId: number | null, productId: number) {
  const [row] = await tx.query<{ cost: number }>(
    `SELECT coalesce(
       (SELECT cost FROM supplier_products WHERE supplier_id = $1 AND product_id = $2),
       (SELECT cost_price FROM products WHERE id = $2)) AS cost`,
    [supplierId, productId],
  );
  return row?.cost ?? null;
}

/**
 * A delivered cost other than the one ordered becomes the product's cost (and the supplier's
 * for it); when it moves the sale price the coop's rule suggests, that price waits for a manager.
 */
async function newCosts(
  tx: Queryable,
  results: readonly Result[],
  context: {
    supplierId: number | null;
    source: string;
    personId: number | null;
    now: Date;
    at: string;
  },
): Promise<{ productId: number; suggested: number; queued: boolean }[]> {
  const changes = [];
  const rule = await pricingRule(tx);
  for (const result of results) {
    if (result.unitCost === null || result.received === 0) continue;
    if (result.unitCost === result.orderedCost) continue;
    await tx.query('UPDATE products SET cost_price = $2 WHERE id = $1', [
      result.productId,
      result.unitCost,
    ]);
    if (context.supplierId !== null) {
      await tx.query(
        `UPDATE supplier_products SET cost = $3, updated_at = $4
          WHERE supplier_id = $1 AND product_id = $2`,
        [context.supplierId, result.productId, result.unitCost, context.now.toISOString()],
      );
    }
    const [product] = await tx.query<{ categoryId: number | null; vatBp: number }>(
      `SELECT p.category_id AS "categoryId", t.rate_bp AS "vatBp"
         FROM products p JOIN tax_rates t ON t.id = p.tax_rate_id WHERE p.id = $1`,
      [result.productId],
    );
    if (!product) continue;
    const before =
      result.orderedCost === null ? null : salePriceFromCost(rule, product, result.orderedCost);
    if (before === salePriceFromCost(rule, product, result.unitCost)) continue;
    const { suggested, queued } = await suggestPriceFromCost(tx, {
      productId: result.productId,
      cost: result.unitCost,
      reason: 'delivery',
      source: context.source,
      effectiveFrom: context.at,
      personId: context.personId,
      now: context.now,
    });
    changes.push({ productId: result.productId, suggested, queued });
  }
  return changes;
}

/**
 * The order learns what came: received quantities (a substitute's counted one for one against
 * the line it replaces), short lines kept on order (backorder) or given up on (close); its
 * status follows.
 */
async function settleOrder(
  tx: Queryable,
  orderId: number,
  results: readonly Result[],
  shortages: 'backorder' | 'close',
): Promise<string> {
  for (const result of results) {
    if (result.ordered === 0) continue;
    // What a substitute brought counts against the line it replaces, so only the rest of that
    // line is short: kept on order or closed like any short line.
    const closes =
      shortages === 'close' && (result.outcome === 'short' || result.outcome === 'missing');
    await tx.query(
      `UPDATE purchase_order_lines SET received = received + $3, short_closed = short_closed OR $4
        WHERE order_id = $1 AND product_id = $2`,
      [orderId, result.productId, result.received + result.replaced, closes],
    );
  }
  const [left] = await tx.query<{ open: number }>(
    `SELECT count(*)::int AS open FROM purchase_order_lines
      WHERE order_id = $1 AND received < quantity AND NOT short_closed`,
    [orderId],
  );
  // An order the buyer closed while its delivery was being received stays closed.
  const [order] = await tx.query<{ status: string }>(
    `UPDATE purchase_orders SET status = CASE WHEN status = 'closed' THEN status ELSE $2 END
      WHERE id = $1 RETURNING status`,
    [orderId, left?.open ? 'partly_received' : 'received'],
  );
  return order?.status ?? 'closed';
}
