import { prepare } from './prepare';
import type { Db } from './open';

export type StockMoveKind = 'sale' | 'refund' | 'delivery' | 'waste' | 'count';

export interface StockMove {
  id: string;
  productId: number;
  quantity: number;
  kind: StockMoveKind;
  ticketId: string | null;
  userId: number | null;
  createdAt: string;
}

export function insertStockMove(db: Db, move: StockMove): void {
  prepare<StockMove>(
    db,
    `INSERT INTO stock_moves (id, product_id, quantity, kind, ticket_id, user_id, created_at)
     VALUES (@id, @productId, @quantity, @kind, @ticketId, @userId, @createdAt)`,
  ).run(move);
}

/** The till's own view of the stock: the sum of its deltas (the server holds the truth). */
export function stockDelta(db: Db, productId: number): number {
  return (
    prepare<[number], number>(
      db,
      'SELECT coalesce(sum(quantity), 0) FROM stock_moves WHERE product_id = ?',
    )
      .pluck()
      .get(productId) ?? 0
  );
}
