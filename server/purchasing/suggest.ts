import { DEFAULT_TIME_ZONE, localDayStart, type LocalDay } from '../../domain/dates';
import {
  salesRate,
  suggestOrder,
  type LedgerDay,
  type ProductToOrder,
  type SuggestedLine,
  type SuggestedOrder,
  type SupplierTerms,
} from '../../domain/purchasing';
import type { Queryable } from '../store';

/**
 * Reads what suggestions need from the server's ledger and catalogue, in a handful of queries
 * for every supplier at once (a BEES-sized shop has 3,500 products): each product's level, its
 * sales and moves per local day of the window, what is already on order, and what each
 * supplier sells us. The maths is domain/purchasing.ts.
 */

export const DEFAULT_WINDOW_DAYS = 14;

export interface SupplierSuggestion extends SuggestedOrder {
  supplierId: number;
  supplierName: string;
  terms: SupplierTerms;
  lines: (SuggestedLine & {
    name: string;
    nameNl: string | null;
    supplierCode: string;
    packSize: number;
  })[];
}

export interface Suggestions {
  windowDays: number;
  /** The window's first local day's start and the end (today's start, excluded), UTC ISO. */
  from: string;
  to: string;
  suppliers: SupplierSuggestion[];
}

interface Item {
  supplierId: number;
  productId: number;
  name: string;
  nameNl: string | null;
  supplierCode: string;
  packSize: number;
  minimumPacks: number;
  cost: number;
}

/** The local calendar day of an instant in the zone, and the one `days` before it. */
function localDayOf(at: Date, timeZone: string, daysBefore = 0): LocalDay {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(at)
    .split('-')
    .map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year, month - 1, day - daysBefore));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/**
 * The starts of the window's local days, oldest first, then today's start: days[i] runs from
 * bounds[i] to bounds[i + 1]. Moves are bucketed by `width_bucket` on these ISO strings.
 */
export function windowBounds(now: Date, windowDays: number, timeZone = DEFAULT_TIME_ZONE) {
  const bounds: string[] = [];
  for (let back = windowDays; back >= 0; back -= 1) {
    bounds.push(localDayStart(localDayOf(now, timeZone, back), timeZone));
  }
  return bounds;
}

/** A store's pool runs queries side by side; a transaction is one connection: one at a time. */
async function together<T extends readonly (() => Promise<unknown>)[]>(
  db: Queryable,
  queries: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  type Results = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  if ('transaction' in db) return (await Promise.all(queries.map((query) => query()))) as Results;
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results as Results;
}

export async function suggestPurchases(
  db: Queryable,
  options: { now: Date; windowDays?: number; supplierId?: number },
): Promise<Suggestions> {
  const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  const bounds = windowBounds(options.now, windowDays);
  const supplierId = options.supplierId ?? null;
  // One supplier's products are found by the ledger's product index; every supplier at once
  // reads the whole ledger in one pass (a parallel scan and a hash aggregate) and the window's
  // days by the ledger's time index. The queries run side by side on a pool, one after the other
  // on a transaction's one connection (which runs one query at a time anyway: the pg driver
  // warns of queries queued on a busy client).
  const onlySupplier = (param: string) =>
    supplierId === null
      ? ''
      : `AND product_id IN (SELECT product_id FROM supplier_products WHERE supplier_id = ${param})`;
  const [suppliers, items, levels, days, onOrder] = await together(db, [
    () =>
      db.query<{
        id: number;
        name: string;
        leadDays: number;
        reviewDays: number;
        safetyDays: number;
        minimumOrder: number;
        freeDelivery: number | null;
      }>(
        `SELECT id, name, lead_days AS "leadDays", review_days AS "reviewDays",
              safety_days AS "safetyDays", minimum_order AS "minimumOrder",
              free_delivery AS "freeDelivery"
         FROM suppliers WHERE active AND ($1::int IS NULL OR id = $1) ORDER BY name`,
        [supplierId],
      ),
    () =>
      db.query<Item>(
        `SELECT sp.supplier_id AS "supplierId", sp.product_id AS "productId", p.name,
              p.name_nl AS "nameNl",
              sp.supplier_code AS "supplierCode", sp.pack_size AS "packSize",
              sp.minimum_packs AS "minimumPacks", sp.cost
         FROM supplier_products sp
         JOIN suppliers s ON s.id = sp.supplier_id
         JOIN products p ON p.id = sp.product_id
        WHERE sp.active AND s.active AND NOT p.deleted AND ($1::int IS NULL OR sp.supplier_id = $1)
        ORDER BY sp.supplier_id, sp.product_id`,
        [supplierId],
      ),
    () =>
      db.query<{ productId: number; level: number }>(
        `SELECT product_id AS "productId", sum(quantity)::int AS level
         FROM stock_moves WHERE true ${onlySupplier('$1')}
        GROUP BY product_id`,
        supplierId === null ? [] : [supplierId],
      ),
    // Bucket windowDays + 1 holds today's moves (and any dated later): after the window.
    () =>
      db.query<{ productId: number; bucket: number; sold: number; net: number }>(
        `SELECT product_id AS "productId", width_bucket(at, $1::text[]) AS bucket,
              (-coalesce(sum(quantity) FILTER (WHERE kind IN ('sale', 'refund')), 0))::int AS sold,
              sum(quantity)::int AS net
         FROM stock_moves WHERE at >= $2 ${onlySupplier('$3')}
        GROUP BY 1, 2`,
        [bounds, bounds[0], ...(supplierId === null ? [] : [supplierId])],
      ),
    () =>
      db.query<{ productId: number; quantity: number }>(
        `SELECT l.product_id AS "productId", sum(greatest(l.quantity - l.received, 0))::int AS quantity
         FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.order_id
        WHERE o.status IN ('sent', 'partly_received') AND NOT l.short_closed
        GROUP BY l.product_id`,
      ),
  ] as const);

  const levelOf = new Map(levels.map((row) => [row.productId, row.level]));
  const onOrderOf = new Map(onOrder.map((row) => [row.productId, row.quantity]));
  // Each product's days of the window, and what moved since the window began (today included).
  const daysOf = new Map<number, LedgerDay[]>();
  const sinceOf = new Map<number, number>();
  for (const row of days) {
    sinceOf.set(row.productId, (sinceOf.get(row.productId) ?? 0) + row.net);
    if (row.bucket > windowDays) continue;
    let series = daysOf.get(row.productId);
    if (!series) {
      series = Array.from({ length: windowDays }, () => ({ sold: 0, net: 0 }));
      daysOf.set(row.productId, series);
    }
    series[row.bucket - 1] = { sold: row.sold, net: row.net };
  }
  const empty = Array.from({ length: windowDays }, () => ({ sold: 0, net: 0 }));

  const itemsOf = new Map<number, Item[]>();
  for (const item of items) {
    const list = itemsOf.get(item.supplierId) ?? [];
    list.push(item);
    itemsOf.set(item.supplierId, list);
  }
  const result: SupplierSuggestion[] = [];
  for (const supplier of suppliers) {
    const supplied = itemsOf.get(supplier.id) ?? [];
    const products: ProductToOrder[] = supplied.map((item) => {
      const level = levelOf.get(item.productId) ?? 0;
      return {
        productId: item.productId,
        packSize: item.packSize,
        minimumPacks: item.minimumPacks,
        unitCost: item.cost,
        onHand: level,
        onOrder: onOrderOf.get(item.productId) ?? 0,
        rate: salesRate({
          // Today's moves are after the window: the level at its start leaves them out too.
          levelAtStart: level - (sinceOf.get(item.productId) ?? 0),
          days: daysOf.get(item.productId) ?? empty,
        }),
      };
    });
    const terms: SupplierTerms = {
      leadDays: supplier.leadDays,
      reviewDays: supplier.reviewDays,
      safetyDays: supplier.safetyDays,
      minimumOrder: supplier.minimumOrder,
      freeDelivery: supplier.freeDelivery,
    };
    const order = suggestOrder(products, terms);
    if (order.lines.length === 0 && supplierId === null) continue;
    const itemOf = new Map(supplied.map((item) => [item.productId, item]));
    result.push({
      ...order,
      supplierId: supplier.id,
      supplierName: supplier.name,
      terms,
      lines: order.lines.map((line) => {
        const item = itemOf.get(line.productId) as Item;
        return {
          ...line,
          name: item.name,
          nameNl: item.nameNl,
          supplierCode: item.supplierCode,
          packSize: item.packSize,
        };
      }),
    });
  }
  return {
    windowDays,
    from: bounds[0] ?? '',
    to: bounds[bounds.length - 1] ?? '',
    suppliers: result,
  };
}
