import type { Queryable } from './store';

/** The back office's reading of the books: stock from the ledger, sales from the tickets. */

export async function listProducts(db: Queryable, after: number, limit: number) {
  return db.query(
    `SELECT id, name, name_nl AS "nameNl", category_id AS "categoryId", tax_rate_id AS "taxRateId",
            price, unit, active, barcodes FROM products WHERE id > $1 AND NOT deleted ORDER BY id LIMIT $2`,
    [after, limit],
  );
}

export async function listMembers(db: Queryable, after: number, limit: number) {
  return db.query(
    `SELECT id, number, name, card_barcode AS "cardBarcode", status, eaters,
            may_shop_override AS "mayShopOverride", eater_names AS "eaterNames",
            member_of AS "memberOf"
       FROM members WHERE id > $1 AND NOT deleted ORDER BY id LIMIT $2`,
    [after, limit],
  );
}

export async function priceHistory(db: Queryable, productId: number) {
  return db.query('SELECT price, at FROM price_history WHERE product_id = $1 ORDER BY at', [
    productId,
  ]);
}

/** Stock levels: the sum of the ledger's deltas (thousandths). */
export async function stockLevels(db: Queryable, productId: number | null) {
  return db.query<{ productId: number; quantity: number }>(
    `SELECT product_id AS "productId", sum(quantity)::int AS quantity FROM stock_moves
      WHERE $1::int IS NULL OR product_id = $1 GROUP BY product_id ORDER BY product_id`,
    [productId],
  );
}

export async function stockMoves(db: Queryable, productId: number) {
  return db.query(
    `SELECT id::int AS id, quantity, kind, till_id AS "tillId", ref, at FROM stock_moves
      WHERE product_id = $1 ORDER BY at, id LIMIT 10000`,
    [productId],
  );
}

export async function addStockMove(
  db: Queryable,
  move: { productId: number; quantity: number; kind: 'delivery' | 'waste'; at: string },
) {
  // Waste always takes away and a delivery always adds, whatever sign was typed.
  const quantity = move.kind === 'waste' ? -Math.abs(move.quantity) : Math.abs(move.quantity);
  await db.query(
    'INSERT INTO stock_moves (product_id, quantity, kind, at) VALUES ($1, $2, $3, $4)',
    [move.productId, quantity, move.kind, move.at],
  );
}

interface Period {
  from?: string | undefined;
  to?: string | undefined;
  tillId?: number | undefined;
}

export async function salesByTillAndDay(db: Queryable, period: Period) {
  return db.query(
    `SELECT t.day, t.till_id AS "tillId", tl.name AS till,
            count(*) FILTER (WHERE kind = 'sale')::int AS sales,
            count(*) FILTER (WHERE kind = 'refund')::int AS refunds,
            coalesce(sum(total) FILTER (WHERE kind = 'sale'), 0)::int AS "salesTotal",
            coalesce(sum(total) FILTER (WHERE kind = 'refund'), 0)::int AS "refundsTotal",
            sum(rounding)::int AS rounding, sum(due)::int AS due
       FROM tickets t JOIN tills tl ON tl.id = t.till_id
      WHERE ($1::text IS NULL OR t.day >= $1) AND ($2::text IS NULL OR t.day <= $2)
        AND ($3::int IS NULL OR t.till_id = $3)
      GROUP BY t.day, t.till_id, tl.name ORDER BY t.day, t.till_id`,
    [period.from ?? null, period.to ?? null, period.tillId ?? null],
  );
}

/** Sessions with their Z report once closed. */
export async function sessions(db: Queryable, period: Period) {
  return db.query(
    `SELECT s.id, s.till_id AS "tillId", s.day, s.opened_at AS "openedAt", s.closed_at AS "closedAt",
            s.z_report AS "zReport"
       FROM sessions s
      WHERE ($1::text IS NULL OR s.day >= $1) AND ($2::text IS NULL OR s.day <= $2)
        AND ($3::int IS NULL OR s.till_id = $3)
      ORDER BY s.opened_at`,
    [period.from ?? null, period.to ?? null, period.tillId ?? null],
  );
}

export async function quarantine(db: Queryable, tillId: number | null) {
  return db.query(
    `SELECT q.till_id AS "tillId", t.name AS till, q.instance, q.kind, q.seq,
            q.event_id AS "eventId", q.type, q.reason, q.received_at AS "receivedAt",
            q.accepted_at AS "acceptedAt", q.payload
       FROM quarantine q JOIN tills t ON t.id = q.till_id
      WHERE $1::int IS NULL OR q.till_id = $1 ORDER BY q.received_at, q.till_id, q.seq LIMIT 1000`,
    [tillId],
  );
}
