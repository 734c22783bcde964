import { z } from 'zod';
import type { Queryable } from '../store';
import { MAX_MILLI, ONE_PIECE } from '../../domain/money';
import { StockRefusal } from './events';

/** What a scan names: the product's id, or a barcode the device read. */
export const scannedProductFields = {
  productId: z.number().int().positive().max(2_147_483_647).optional(),
  barcode: z
    .string()
    .regex(/^[0-9A-Za-z]{1,64}$/, 'a barcode: letters and digits')
    .optional(),
};

/** A quantity a hand may scan: thousandths of the product's unit, at most 10,000 units. */
export const scannedQuantity = (least: 0 | 1) =>
  z
    .number()
    .int('a whole number of thousandths of the unit')
    .min(least, least === 0 ? 'no negative quantity' : 'a quantity above zero')
    .max(MAX_MILLI, `at most ${MAX_MILLI / ONE_PIECE} units at once`);

export const bestBeforeField = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a best-before date as YYYY-MM-DD')
  .optional();

export interface ScannedProduct {
  id: number;
  name: string;
  unit: 'piece' | 'kg';
  costPrice: number | null;
  zone: string | null;
}

/** Parses an event's payload, or refuses it with the first problem named in words. */
export function parsePayload<T extends z.ZodType>(
  schema: T,
  payload: unknown,
  what: string,
): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new StockRefusal(`${what}: ${where}${issue?.message ?? 'not understood'}; nothing changed`);
}

/** The product a scan names, or a refusal in words: a scan never makes a product up. */
export async function scannedProduct(
  tx: Queryable,
  ref: { productId?: number | undefined; barcode?: string | undefined },
): Promise<ScannedProduct> {
  if ((ref.productId === undefined) === (ref.barcode === undefined)) {
    throw new StockRefusal('A scan names its product by productId or by barcode, one of the two');
  }
  const columns = `SELECT id, name, unit, cost_price AS "costPrice", zone FROM products`;
  // Two queries, not one with OR: by id, the primary key answers at once.
  const [product] =
    ref.productId === undefined
      ? await tx.query<ScannedProduct>(
          `${columns} WHERE NOT deleted AND $1 = ANY (barcodes) ORDER BY id LIMIT 1`,
          [ref.barcode],
        )
      : await tx.query<ScannedProduct>(`${columns} WHERE NOT deleted AND id = $1`, [ref.productId]);
  if (!product) {
    throw new StockRefusal(
      ref.barcode === undefined
        ? `No product ${ref.productId}; nothing changed`
        : `No product has the barcode ${ref.barcode}; nothing changed`,
    );
  }
  return product;
}

/** A product sold by the piece is counted and lost in whole pieces. */
export function refuseFractionOfPiece(product: ScannedProduct, quantity: number): void {
  if (product.unit === 'piece' && quantity % ONE_PIECE !== 0) {
    throw new StockRefusal(
      `${product.name} is sold by the piece: ${quantity / ONE_PIECE} is not a whole number of pieces`,
    );
  }
}
