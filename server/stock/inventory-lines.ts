import type { Queryable } from '../store';
import {
  counterCounts,
  lineOutcome,
  revision,
  type CounterCount,
  type LineOutcome,
  type Scan,
  type Tolerance,
} from '../../domain/inventory';

/**
 * Where each line of an inventory stands, worked out from its scans and the ledger: every
 * counter's count beside the ledger's level at that count's own time. The inventory's own
 * adjustments are left out of that level, so a line worked out again after it was applied (a
 * late sale) compares the counts with the ledger, not with themselves.
 */

export interface Inventory {
  id: number;
  zone: string | null;
  status: 'open' | 'applied' | 'cancelled';
  tolerance: Tolerance;
}

export type CountSeen = CounterCount & { expected: number };

export interface Line extends LineOutcome {
  productId: number;
  first: CountSeen[];
  recount: CountSeen[];
  /** The count's time: the last scan of the pass that decides (its adjustment is booked then). */
  countedAt: string | null;
  /** The ledger's level at countedAt, without this inventory's own adjustments. */
  expectedAtCount: number | null;
}

export const inventoryRef = (id: number) => `inventory:${id}`;

export async function loadInventory(
  tx: Queryable,
  id: number,
  lock: '' | 'FOR SHARE' | 'FOR UPDATE' = '',
): Promise<Inventory | null> {
  const [row] = await tx.query<{
    id: number;
    zone: string | null;
    status: Inventory['status'];
    units: number;
    bp: number;
  }>(
    `SELECT id, zone, status, tolerance_units AS units, tolerance_bp AS bp FROM inventories
      WHERE id = $1 ${lock}`,
    [id],
  );
  return row
    ? {
        id: row.id,
        zone: row.zone,
        status: row.status,
        tolerance: { units: row.units, basisPoints: row.bp },
      }
    : null;
}

/** The lines of an inventory (of these products only, when named). */
export async function workOutLines(
  tx: Queryable,
  inventory: Inventory,
  productIds: readonly number[] | null = null,
): Promise<Map<number, Line>> {
  const scans = await tx.query<Scan & { productId: number; pass: 'first' | 'recount' }>(
    `SELECT product_id AS "productId", pass, counter, quantity, at FROM inventory_scans
      WHERE inventory_id = $1 AND undone_by IS NULL
        AND ($2::int[] IS NULL OR product_id = ANY ($2::int[]))
      ORDER BY id`,
    [inventory.id, productIds],
  );
  const grouped = new Map<number, { first: Scan[]; recount: Scan[] }>();
  for (const scan of scans) {
    let held = grouped.get(scan.productId);
    if (!held) grouped.set(scan.productId, (held = { first: [], recount: [] }));
    held[scan.pass].push(scan);
  }
  const counts: { productId: number; pass: 'first' | 'recount'; count: CounterCount }[] = [];
  for (const [productId, passes] of grouped) {
    for (const pass of ['first', 'recount'] as const) {
      for (const count of counterCounts(passes[pass])) counts.push({ productId, pass, count });
    }
  }
  const levels = await levelsAt(
    tx,
    counts.map(({ productId, count }) => ({ p: productId, at: count.at })),
    inventoryRef(inventory.id),
  );
  const lines = new Map<number, Line>();
  counts.forEach(({ productId, pass, count }, index) => {
    let line = lines.get(productId);
    if (!line) {
      line = {
        productId,
        first: [],
        recount: [],
        status: 'uncounted',
        variance: null,
        countedAt: null,
        expectedAtCount: null,
      };
      lines.set(productId, line);
    }
    line[pass].push({ ...count, expected: levels[index] ?? 0 });
  });
  for (const line of lines.values()) {
    Object.assign(line, lineOutcome(line.first, line.recount, inventory.tolerance));
    const decisive = line.recount.length > 0 ? line.recount : line.first;
    const last = decisive.reduce((a, b) => (b.at > a.at ? b : a));
    line.countedAt = last.at;
    line.expectedAtCount = last.expected;
  }
  return lines;
}

/** The ledger's level of each product at each time, leaving out the moves under `ref`. */
async function levelsAt(
  tx: Queryable,
  points: { p: number; at: string }[],
  ref: string,
): Promise<number[]> {
  if (points.length === 0) return [];
  const rows = await tx.query<{ i: number; level: number }>(
    `SELECT c.i, (SELECT coalesce(sum(m.quantity), 0) FROM stock_moves m
                   WHERE m.product_id = c.p AND m.at <= c.at AND m.ref IS DISTINCT FROM $2)::int AS level
       FROM jsonb_to_recordset($1::jsonb) AS c(i int, p int, at text)`,
    [JSON.stringify(points.map((point, i) => ({ i, ...point }))), ref],
  );
  const levels: number[] = [];
  for (const row of rows) levels[row.i] = row.level;
  return levels;
}

/**
 * Moves just written to the ledger with their own time (a till's sales synced late, a loss, a
 * back-dated delivery): every applied count taken after such a move is worked out again, and the
 * difference booked beside its adjustment, so the sale is not subtracted twice.
 */
export async function reviseCounts(
  tx: Queryable,
  moves: readonly { productId: number; at: string }[],
  now: Date,
): Promise<number> {
  if (moves.length === 0) return 0;
  const affected = await tx.query<{ inventoryId: number; productId: number; adjustment: number }>(
    `SELECT DISTINCT l.inventory_id AS "inventoryId", l.product_id AS "productId", l.adjustment,
            l.counted_at
       FROM inventory_lines l
       JOIN inventories i ON i.id = l.inventory_id AND i.zone IS NOT NULL
       JOIN jsonb_to_recordset($1::jsonb) AS m(p int, at text)
         ON m.p = l.product_id AND m.at <= l.counted_at
      ORDER BY l.counted_at, l.inventory_id, l.product_id`,
    [JSON.stringify(moves.map((move) => ({ p: move.productId, at: move.at })))],
  );
  let revised = 0;
  for (const row of affected) {
    const inventory = await loadInventory(tx, row.inventoryId);
    if (!inventory) continue;
    const line = (await workOutLines(tx, inventory, [row.productId])).get(row.productId);
    if (!line || line.variance === null || line.expectedAtCount === null) continue;
    const difference = revision(line.variance, row.adjustment);
    if (difference === 0) continue;
    const [booked] = await tx.query<{ unitCost: number | null }>(
      `UPDATE inventory_lines SET adjustment = $3::int, expected = $4::int, counted = $4::int + $3::int, revised_at = $5
        WHERE inventory_id = $1 AND product_id = $2 RETURNING unit_cost AS "unitCost"`,
      [row.inventoryId, row.productId, line.variance, line.expectedAtCount, now.toISOString()],
    );
    await tx.query(
      `INSERT INTO stock_moves (product_id, quantity, kind, ref, at, unit_cost)
       VALUES ($1, $2, 'adjustment', $3, $4, $5)`,
      [row.productId, difference, inventoryRef(row.inventoryId), line.countedAt, booked?.unitCost],
    );
    revised += 1;
  }
  return revised;
}
