import { z } from 'zod';
import type { Queryable, Store } from '../store';
import { DEFAULT_TOLERANCE, valueAtCost } from '../../domain/inventory';
import { StockRefusal, type StockEventHandler } from './events';
import {
  inventoryRef,
  loadInventory,
  workOutLines,
  type Inventory,
  type Line,
} from './inventory-lines';
import {
  bestBeforeField,
  parsePayload,
  refuseFractionOfPiece,
  scannedProduct,
  scannedProductFields,
  scannedQuantity,
} from './scanned';

/**
 * Inventory counts by zone: a manager opens one, counters scan (`count.scan` events, blind: a
 * counter never learns what the ledger expects), lines whose counters disagree are counted
 * again, and a manager applies it: one journaled adjustment per product, as of its count's time.
 */

/** A refusal of a whole request (a closed inventory, a zone already being counted). */
export class InventoryRefusal extends Error {
  constructor(
    readonly statusCode: 404 | 409 | 422,
    message: string,
  ) {
    super(message);
  }
}

export const openInventorySchema = z
  .object({
    zone: z.string().regex(/^[A-Za-z0-9 _.-]{1,40}$/, 'a zone: a short name such as A1'),
    /** How far counters may disagree: thousandths of a unit, and basis points of the count. */
    toleranceUnits: z.number().int().min(0).max(1_000_000).optional(),
    toleranceBp: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();

export async function openInventory(
  store: Store,
  request: z.infer<typeof openInventorySchema>,
  personId: number | null,
  now: Date,
) {
  return store.transaction(async (tx) => {
    const [open] = await tx.query<{ id: number }>(
      `SELECT id FROM inventories WHERE zone = $1 AND status = 'open'`,
      [request.zone],
    );
    if (open) {
      throw new InventoryRefusal(
        409,
        `Zone ${request.zone} is already being counted (inventory ${open.id}); nothing opened`,
      );
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO inventories (zone, tolerance_units, tolerance_bp, opened_at, opened_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [
        request.zone,
        request.toleranceUnits ?? DEFAULT_TOLERANCE.units,
        request.toleranceBp ?? DEFAULT_TOLERANCE.basisPoints,
        now.toISOString(),
        personId,
      ],
    );
    return { id: row?.id, zone: request.zone, status: 'open' as const };
  });
}

const countScanPayload = z
  .object({
    inventoryId: z.number().int().positive().max(2_147_483_647),
    ...scannedProductFields,
    quantity: scannedQuantity(0),
    pass: z.enum(['first', 'recount']).default('first'),
    bestBefore: bestBeforeField,
  })
  .strict();

function refuseUnlessOpen(inventory: Inventory | null, id: number): asserts inventory {
  if (!inventory) throw new StockRefusal(`No inventory ${id}; nothing counted`);
  if (inventory.status !== 'open') {
    throw new StockRefusal(
      `Inventory ${id} (zone ${inventory.zone ?? 'none'}) is ${inventory.status} and closed: it takes no more counts`,
    );
  }
}

/**
 * `count.scan`: a counter counted some of a product. The answer is blind: what this counter has
 * counted of it so far, never what the ledger expects.
 */
export const countScanEvent: StockEventHandler = async (tx, event, { actor }) => {
  const scan = parsePayload(countScanPayload, event.payload, 'A count was refused');
  const inventory = await loadInventory(tx, scan.inventoryId, 'FOR SHARE');
  refuseUnlessOpen(inventory, scan.inventoryId);
  const product = await scannedProduct(tx, scan);
  refuseFractionOfPiece(product, scan.quantity);
  const [elsewhere] = await tx.query<{ id: number; zone: string }>(
    `SELECT DISTINCT i.id, i.zone FROM inventory_scans s JOIN inventories i ON i.id = s.inventory_id
      WHERE s.product_id = $1 AND s.undone_by IS NULL AND i.status = 'open' AND i.id <> $2
      LIMIT 1`,
    [product.id, inventory.id],
  );
  if (elsewhere) {
    throw new StockRefusal(
      `${product.name} is being counted in inventory ${elsewhere.id} (zone ${elsewhere.zone}): one open count per product`,
    );
  }
  if (scan.pass === 'recount') {
    const line = (await workOutLines(tx, inventory, [product.id])).get(product.id);
    if (line?.status !== 'recount' && !line?.recount.length) {
      throw new StockRefusal(`${product.name} does not wait for a recount; nothing counted`);
    }
  }
  const counter = counterOf(actor, event.deviceId);
  await tx.query(
    `INSERT INTO inventory_scans (inventory_id, product_id, pass, counter, quantity, best_before,
                                  event_uuid, person_id, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      inventory.id,
      product.id,
      scan.pass,
      counter,
      scan.quantity,
      scan.bestBefore ?? null,
      event.uuid,
      actor.personId,
      event.at,
    ],
  );
  return counterAnswer(tx, {
    inventoryId: inventory.id,
    productId: product.id,
    pass: scan.pass,
    counter,
  });
};

const counterOf = (actor: { personId: number | null }, deviceId: string) =>
  actor.personId === null ? `device:${deviceId}` : `person:${actor.personId}`;

/** The blind answer to a counter: what they have counted of the product so far, nothing more. */
async function counterAnswer(
  tx: Queryable,
  at: { inventoryId: number; productId: number; pass: 'first' | 'recount'; counter: string },
) {
  const [mine] = await tx.query<{ counted: number }>(
    `SELECT coalesce(sum(quantity), 0)::int AS counted FROM inventory_scans
      WHERE inventory_id = $1 AND product_id = $2 AND pass = $3 AND counter = $4
        AND undone_by IS NULL`,
    [at.inventoryId, at.productId, at.pass, at.counter],
  );
  return {
    inventoryId: at.inventoryId,
    productId: at.productId,
    pass: at.pass,
    yourCount: mine?.counted ?? 0,
  };
}

const countUndoPayload = z.object({ scan: z.uuid('the id of the scan to undo') }).strict();

/**
 * `count.undo`: a counter takes back one of their own scans (a wrong quantity, a wrong product)
 * while the inventory is open. The scan stays, marked undone by this event.
 */
export const countUndoEvent: StockEventHandler = async (tx, event, { actor }) => {
  const undo = parsePayload(countUndoPayload, event.payload, 'An undo was refused');
  const [scan] = await tx.query<{
    inventoryId: number;
    productId: number;
    pass: 'first' | 'recount';
    counter: string;
    undone: boolean;
  }>(
    `SELECT inventory_id AS "inventoryId", product_id AS "productId", pass, counter,
            undone_by IS NOT NULL AS undone
       FROM inventory_scans WHERE event_uuid = $1 FOR UPDATE`,
    [undo.scan],
  );
  if (!scan) throw new StockRefusal(`No scan ${undo.scan} to undo; nothing changed`);
  const inventory = await loadInventory(tx, scan.inventoryId, 'FOR SHARE');
  refuseUnlessOpen(inventory, scan.inventoryId);
  const counter = counterOf(actor, event.deviceId);
  if (scan.counter !== counter) {
    throw new StockRefusal('Only the counter who scanned it may undo a scan; nothing changed');
  }
  if (scan.undone) throw new StockRefusal(`Scan ${undo.scan} is already undone; nothing changed`);
  await tx.query('UPDATE inventory_scans SET undone_by = $2 WHERE event_uuid = $1', [
    undo.scan,
    event.uuid,
  ]);
  return counterAnswer(tx, { ...scan, counter });
};

interface ProductFacts {
  id: number;
  name: string;
  unit: 'piece' | 'kg';
  costPrice: number | null;
}

async function productFacts(tx: Queryable, ids: number[]): Promise<Map<number, ProductFacts>> {
  const rows = await tx.query<ProductFacts>(
    `SELECT id, name, unit, cost_price AS "costPrice" FROM products WHERE id = ANY ($1::int[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** The zone's products nobody has scanned yet, beside the lines scanned. */
async function zoneProductIds(tx: Queryable, zone: string | null): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(
    'SELECT id FROM products WHERE zone = $1 AND NOT deleted AND active ORDER BY id',
    [zone],
  );
  return rows.map((row) => row.id);
}

function viewLine(line: Line, facts: ProductFacts | undefined) {
  const unitCost = facts?.costPrice ?? null;
  return {
    productId: line.productId,
    name: facts?.name ?? null,
    unit: facts?.unit ?? 'piece',
    status: line.status,
    countedAt: line.countedAt,
    expected: line.expectedAtCount,
    counted:
      line.variance === null || line.expectedAtCount === null
        ? null
        : line.expectedAtCount + line.variance,
    variance: line.variance,
    unitCost,
    varianceValue:
      line.variance === null || unitCost === null ? null : valueAtCost(line.variance, unitCost),
    counts: { first: line.first, recount: line.recount },
  };
}

/** A manager's view: every line with what the ledger expected, the variance, its value at cost. */
export async function inventoryView(store: Store, id: number) {
  const inventory = await loadInventory(store, id);
  if (!inventory) throw new InventoryRefusal(404, `No inventory ${id}`);
  if (inventory.status === 'applied') {
    const lines = await store.query<Record<string, unknown>>(
      `SELECT l.product_id AS "productId", p.name, p.unit, l.counted, l.counted_at AS "countedAt",
              l.expected, l.adjustment AS variance, l.unit_cost AS "unitCost",
              l.applied_at AS "appliedAt", l.applied_by AS "appliedBy", l.revised_at AS "revisedAt"
         FROM inventory_lines l LEFT JOIN products p ON p.id = l.product_id
        WHERE l.inventory_id = $1 ORDER BY l.product_id`,
      [id],
    );
    return {
      ...inventory,
      lines: lines.map((line) => {
        const { variance, unitCost } = line as { variance: number; unitCost: number | null };
        return {
          ...line,
          status: 'applied',
          varianceValue: unitCost === null ? null : valueAtCost(variance, unitCost),
        };
      }),
    };
  }
  const lines = await workOutLines(store, inventory);
  const ids = [...new Set([...(await zoneProductIds(store, inventory.zone)), ...lines.keys()])];
  const facts = await productFacts(store, ids);
  return {
    ...inventory,
    lines: ids
      .sort((a, b) => a - b)
      .map((productId) =>
        viewLine(
          lines.get(productId) ?? {
            productId,
            first: [],
            recount: [],
            status: 'uncounted',
            variance: null,
            countedAt: null,
            expectedAtCount: null,
          },
          facts.get(productId),
        ),
      ),
  };
}

/** What the counters must count again: the products only, never what the ledger expects. */
export async function recountList(store: Store, id: number) {
  const inventory = await loadInventory(store, id);
  if (!inventory) throw new InventoryRefusal(404, `No inventory ${id}`);
  const lines = await workOutLines(store, inventory);
  const waiting = [...lines.values()].filter((line) => line.status === 'recount');
  const rows = await store.query<{ id: number; name: string; barcodes: string[] }>(
    'SELECT id, name, barcodes FROM products WHERE id = ANY ($1::int[]) ORDER BY id',
    [waiting.map((line) => line.productId)],
  );
  return { inventoryId: id, zone: inventory.zone, status: inventory.status, products: rows };
}

/**
 * Applies an open inventory: each counted line becomes a journal line and, when it differs from
 * the ledger, an adjustment booked as of its count's time, with who applied it and the cost. A
 * line still waiting for a recount holds the whole inventory back; uncounted products stay as
 * the ledger has them.
 */
export async function applyInventory(store: Store, id: number, personId: number | null, now: Date) {
  return store.transaction(async (tx) => applyInventoryIn(tx, id, personId, now));
}

/** `applyInventory` inside a transaction already open (that of an `inventory.apply` event). */
export async function applyInventoryIn(
  tx: Queryable,
  id: number,
  personId: number | null,
  now: Date,
) {
  const inventory = await loadInventory(tx, id, 'FOR UPDATE');
  if (!inventory) throw new InventoryRefusal(404, `No inventory ${id}`);
  if (inventory.status !== 'open') {
    throw new InventoryRefusal(
      409,
      `Inventory ${id} is already ${inventory.status}; nothing changed`,
    );
  }
  const lines = [...(await workOutLines(tx, inventory)).values()];
  const waiting = lines.filter((line) => line.status === 'recount');
  if (waiting.length > 0) {
    throw new InventoryRefusal(
      409,
      `Products ${waiting.map((line) => line.productId).join(', ')} wait for a recount; nothing applied`,
    );
  }
  const facts = await productFacts(
    tx,
    lines.map((line) => line.productId),
  );
  const journal = lines.map((line) => ({
    product_id: line.productId,
    counted: (line.expectedAtCount ?? 0) + (line.variance ?? 0),
    counted_at: line.countedAt,
    expected: line.expectedAtCount,
    adjustment: line.variance,
    unit_cost: facts.get(line.productId)?.costPrice ?? null,
  }));
  await tx.query(
    `INSERT INTO inventory_lines (inventory_id, product_id, counted, counted_at, expected,
                                  adjustment, unit_cost, applied_at, applied_by)
     SELECT $1, l.product_id, l.counted, l.counted_at, l.expected, l.adjustment, l.unit_cost, $3, $4
       FROM jsonb_to_recordset($2::jsonb) AS l(product_id int, counted int, counted_at text,
            expected int, adjustment int, unit_cost int)`,
    [id, JSON.stringify(journal), now.toISOString(), personId],
  );
  await tx.query(
    `INSERT INTO stock_moves (product_id, quantity, kind, ref, at, person_id, unit_cost)
     SELECT l.product_id, l.adjustment, 'adjustment', $1, l.counted_at, $3, l.unit_cost
       FROM jsonb_to_recordset($2::jsonb) AS l(product_id int, counted_at text, adjustment int,
            unit_cost int)
      WHERE l.adjustment <> 0`,
    [inventoryRef(id), JSON.stringify(journal), personId],
  );
  await tx.query(
    `UPDATE inventories SET status = 'applied', closed_at = $2, closed_by = $3 WHERE id = $1`,
    [id, now.toISOString(), personId],
  );
  const counted = new Set(lines.map((line) => line.productId));
  const uncounted = (await zoneProductIds(tx, inventory.zone)).filter((p) => !counted.has(p));
  return {
    id,
    status: 'applied' as const,
    lines: journal.length,
    adjusted: journal.filter((line) => line.adjustment !== 0).length,
    varianceValue: journal.reduce(
      (sum, line) =>
        sum + (line.unit_cost === null ? 0 : valueAtCost(line.adjustment ?? 0, line.unit_cost)),
      0,
    ),
    uncounted,
  };
}

/** Closes an open inventory without touching the ledger. */
export async function cancelInventory(
  store: Store,
  id: number,
  personId: number | null,
  now: Date,
) {
  const rows = await store.query<{ id: number }>(
    `UPDATE inventories SET status = 'cancelled', closed_at = $2, closed_by = $3
      WHERE id = $1 AND status = 'open' RETURNING id`,
    [id, now.toISOString(), personId],
  );
  if (rows.length > 0) return { id, status: 'cancelled' as const };
  const inventory = await loadInventory(store, id);
  if (!inventory) throw new InventoryRefusal(404, `No inventory ${id}`);
  throw new InventoryRefusal(
    409,
    `Inventory ${id} is already ${inventory.status}; nothing changed`,
  );
}

/**
 * The inventories, newest first, each with how far its count has gone: the people (or devices)
 * counting, the products counted of those its zone holds, and, once applied, the lines journaled.
 * Blind: nothing here says what the ledger expects.
 */
export async function listInventories(store: Store) {
  return store.query(
    `SELECT i.id, i.zone, i.status, i.opened_at AS "openedAt", i.closed_at AS "closedAt",
            (SELECT count(DISTINCT s.counter)::int FROM inventory_scans s
              WHERE s.inventory_id = i.id AND s.undone_by IS NULL) AS counters,
            (SELECT count(DISTINCT s.product_id)::int FROM inventory_scans s
              WHERE s.inventory_id = i.id AND s.undone_by IS NULL) AS counted,
            (SELECT count(*)::int FROM products p
              WHERE p.zone = i.zone AND NOT p.deleted AND p.active) AS "zoneProducts",
            (SELECT max(s.at) FROM inventory_scans s
              WHERE s.inventory_id = i.id AND s.undone_by IS NULL) AS "lastScanAt"
       FROM inventories i
      WHERE i.zone IS NOT NULL ORDER BY i.id DESC LIMIT 200`,
  );
}

/** The summary of an applied inventory, as its apply answered: for a repeated apply. */
export async function appliedSummary(db: Queryable, id: number) {
  const [row] = await db.query<{ lines: number; adjusted: number }>(
    `SELECT count(*)::int AS lines, count(*) FILTER (WHERE adjustment <> 0)::int AS adjusted
       FROM inventory_lines WHERE inventory_id = $1`,
    [id],
  );
  const values = await db.query<{ adjustment: number; unitCost: number | null }>(
    `SELECT adjustment, unit_cost AS "unitCost" FROM inventory_lines WHERE inventory_id = $1`,
    [id],
  );
  return {
    id,
    status: 'applied' as const,
    lines: row?.lines ?? 0,
    adjusted: row?.adjusted ?? 0,
    varianceValue: values.reduce(
      (sum, line) =>
        sum + (line.unitCost === null ? 0 : valueAtCost(line.adjustment, line.unitCost)),
      0,
    ),
  };
}
