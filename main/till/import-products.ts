import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { TillError } from '../../domain/errors';
import { parseCents } from '../../domain/money';
import { isValidEan13, isValidEan8, isValidUpca } from '../../domain/barcode';
import type { Db } from '../../db/open';
import {
  listCategories,
  listTaxRates,
  upsertCategory,
  upsertProducts,
  upsertTaxRate,
  type ProductRow,
} from '../../db/catalog';

/** The columns of a product CSV, in the order the export writes them. */
export const PRODUCT_CSV_COLUMNS = [
  'id',
  'name',
  'name_nl',
  'category',
  'vat',
  'price',
  'unit',
  'barcodes',
  'active',
] as const;
const REQUIRED = ['id', 'name', 'vat', 'price', 'unit'] as const;

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

const checkDigitValid = (code: string): boolean =>
  code.length === 13
    ? isValidEan13(code)
    : code.length === 8
      ? isValidEan8(code)
      : code.length === 12
        ? isValidUpca(code)
        : true;

const columnSchemas: Record<string, z.ZodType> = {
  id: z.coerce.number().int('a whole number').positive('a positive number'),
  name: z.string().trim().min(1, 'a name is required').max(200),
  name_nl: z.string().trim().max(200),
  category: z.string().trim().max(100),
  vat: z.enum(['0', '6', '12', '21'], { message: 'a Belgian VAT rate: 0, 6, 12 or 21' }),
  price: z.string().transform((text, context) => {
    const cents = parseCents(text);
    if (cents === null || cents < 0) {
      context.addIssue({ code: 'custom', message: `"${text}" is not a price (e.g. 3.99)` });
      return z.NEVER;
    }
    return cents;
  }),
  unit: z.enum(['piece', 'kg'], { message: 'piece or kg' }),
  barcodes: z
    .string()
    .transform((text) => text.split(/[\s|;]+/).filter(Boolean))
    .pipe(
      z.array(
        z
          .string()
          .regex(/^\d{1,20}$/, 'barcodes are digits, separated by spaces')
          .refine(checkDigitValid, 'a barcode has a wrong check digit'),
      ),
    ),
  active: z.enum(['', '1', '0', 'true', 'false', 'yes', 'no'], { message: '1 or 0' }),
};

/**
 * Imports products from a CSV file, all or nothing: every problem is reported by row and column,
 * and nothing is written unless the whole file is right. Categories are matched by name (and
 * created when new); VAT rates by percent.
 */
export function importProductsCsv(db: Db, text: string, updatedAt: string): { products: number } {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (error) {
    throw new TillError(
      'import.unreadable',
      `The file is not a readable CSV: ${(error as Error).message}`,
      {},
    );
  }
  const [header, ...rows] = records;
  if (!header) throw new TillError('import.empty', 'The file is empty', {});
  const columns = header.map((name) => name.toLowerCase());
  const missing = REQUIRED.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new TillError('import.missing_columns', `Missing columns: ${missing.join(', ')}`, {
      columns: missing.join(', '),
    });
  }
  const problems: ImportProblem[] = [];
  const products: (Omit<ProductRow, 'taxRateId' | 'categoryId'> & {
    vat: number;
    category: string;
  })[] = [];
  const seenIds = new Map<number, number>();
  const seenCodes = new Map<string, number>();
  rows.forEach((cells, index) => {
    const row = index + 2; // the header is line 1
    if (cells.length > columns.length) {
      problems.push({
        row,
        column: '',
        message: `${cells.length} values for ${columns.length} columns`,
      });
      return;
    }
    const value: Record<string, unknown> = {};
    let rowIsValid = true;
    for (const column of PRODUCT_CSV_COLUMNS) {
      const at = columns.indexOf(column);
      const cell = at >= 0 ? (cells[at] ?? '') : '';
      const schema = columnSchemas[column] as z.ZodType;
      const parsed = schema.safeParse(cell);
      if (parsed.success) value[column] = parsed.data;
      else {
        rowIsValid = false;
        problems.push({ row, column, message: parsed.error.issues[0]?.message ?? 'invalid' });
      }
    }
    if (!rowIsValid) return;
    const id = value.id as number;
    if (seenIds.has(id))
      problems.push({ row, column: 'id', message: `id ${id} is also on row ${seenIds.get(id)}` });
    seenIds.set(id, row);
    for (const code of value.barcodes as string[]) {
      if (seenCodes.has(code))
        problems.push({
          row,
          column: 'barcodes',
          message: `${code} is also on row ${seenCodes.get(code)}`,
        });
      seenCodes.set(code, row);
    }
    products.push({
      id,
      name: value.name as string,
      nameNl: (value.name_nl as string) || null,
      category: value.category as string,
      vat: Number(value.vat) * 100,
      price: value.price as number,
      unit: value.unit as 'piece' | 'kg',
      active: !['0', 'false', 'no'].includes(value.active as string),
      barcodes: value.barcodes as string[],
      updatedAt,
    });
  });
  if (problems.length > 0) {
    const list = problems.map(
      (p) => `row ${p.row}${p.column ? `, ${p.column}` : ''}: ${p.message}`,
    );
    const error = new TillError(
      'import.invalid',
      `Nothing imported; ${problems.length} problem(s):\n${list.join('\n')}`,
      {
        problems: problems.length,
      },
    );
    throw Object.assign(error, { problems });
  }
  db.transaction(() => {
    const rates = new Map(listTaxRates(db).map((rate) => [rate.rateBp, rate.id]));
    const categories = new Map(listCategories(db).map((category) => [category.name, category.id]));
    let nextRateId = Math.max(0, ...rates.values()) + 1;
    let nextCategoryId = Math.max(0, ...categories.values()) + 1;
    const rows: ProductRow[] = products.map(({ vat, category, ...product }) => {
      if (!rates.has(vat)) {
        upsertTaxRate(db, { id: nextRateId, name: `${vat / 100} %`, rateBp: vat, updatedAt });
        rates.set(vat, nextRateId++);
      }
      if (category && !categories.has(category)) {
        upsertCategory(db, { id: nextCategoryId, name: category, updatedAt });
        categories.set(category, nextCategoryId++);
      }
      return {
        ...product,
        taxRateId: rates.get(vat) as number,
        categoryId: category ? (categories.get(category) ?? null) : null,
      };
    });
    upsertProducts(db, rows);
  }).immediate();
  return { products: products.length };
}
