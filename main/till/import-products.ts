import { z } from 'zod';
import { TillError } from '../../domain/errors';
import { MAX_CENTS, centsToDecimalString, parseCents } from '../../domain/money';
import { ean13CheckDigit, isValidEan13, isValidEan8, isValidUpca } from '../../domain/barcode';
import type { Db } from '../../db/open';
import {
  barcodeOwner,
  barcodesOf,
  getProduct,
  listCategories,
  listTaxRates,
  upsertCategory,
  upsertProducts,
  upsertTaxRate,
  type ProductRow,
} from '../../db/catalog';
import { formatProblems, readTable } from './table-file';

/** The columns of a product file, in the order the export writes them. */
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
type Column = (typeof PRODUCT_CSV_COLUMNS)[number];
const REQUIRED = ['id', 'name', 'vat', 'price', 'unit'] as const;

export interface ImportProblem {
  /** The file's line number. */
  row: number;
  column: string;
  message: string;
}

export interface ImportOptions {
  /** Take a barcode that another product has (each move is listed); refused otherwise. */
  moveBarcodes?: boolean;
}

export interface ImportResult {
  products: number;
  /** Each barcode taken from another product, in words. */
  moves: string[];
}

/** A code of 8, 12 or 13 digits is an EAN-8, UPC-A or EAN-13: its check digit must be right. */
function checkDigitProblem(code: string): string | null {
  const valid =
    code.length === 13
      ? isValidEan13(code)
      : code.length === 8
        ? isValidEan8(code)
        : code.length === 12
          ? isValidUpca(code)
          : true;
  if (valid) return null;
  const expected =
    code.length === 13
      ? ` (an EAN-13 starting ${code.slice(0, 12)} ends in ${ean13CheckDigit(code.slice(0, 12))})`
      : '';
  return `${code} has a wrong check digit${expected}`;
}

const columnSchemas: Record<Column, z.ZodType> = {
  id: z
    .string()
    .regex(/^\d{1,9}$/, 'a product number is a whole number of 1 to 9 digits')
    .transform(Number)
    .refine((id) => id > 0, 'a product number is above 0'),
  name: z.string().min(1, 'a name is required').max(200, 'a name has at most 200 characters'),
  name_nl: z.string().max(200, 'a name has at most 200 characters'),
  category: z.string().max(100, 'a category has at most 100 characters'),
  vat: z
    .string()
    .transform((text) => text.replace(/\s*%$/, ''))
    .pipe(z.enum(['0', '6', '12', '21'], { message: 'a Belgian VAT rate: 0, 6, 12 or 21' })),
  price: z.string().transform((text, context) => {
    const cents = parseCents(text);
    if (cents === null || cents < 0) {
      context.addIssue({ code: 'custom', message: `"${text}" is not a price (e.g. 3.99 or 3,99)` });
      return z.NEVER;
    }
    if (cents > MAX_CENTS) {
      context.addIssue({
        code: 'custom',
        message: `${text} is more than the till takes (${centsToDecimalString(MAX_CENTS)} EUR)`,
      });
      return z.NEVER;
    }
    return cents;
  }),
  unit: z.enum(['piece', 'kg'], { message: 'piece or kg' }),
  barcodes: z.string().transform((text, context) => {
    const codes = text.split(/[\s|,;]+/).filter(Boolean);
    for (const code of codes) {
      const problem = /^\d{1,20}$/.test(code)
        ? checkDigitProblem(code)
        : `"${code}" is not a barcode: barcodes are digits, separated by spaces`;
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }
    return codes;
  }),
  active: z.enum(['', '1', '0', 'true', 'false', 'yes', 'no'], { message: '1 or 0' }),
};

interface ParsedProduct {
  row: number;
  id: number;
  /** Only the columns the file has: the others are left as they are. */
  values: Partial<Record<Column, unknown>>;
}

/**
 * Imports products from a spreadsheet export, all or nothing: every problem is reported by the
 * file's line and column, and nothing is written unless the whole file is right. Only the columns
 * present change an existing product. Categories are matched by name (and created when new), VAT
 * rates by percent. A barcode another product has is refused unless told to move it.
 */
export function importProducts(
  db: Db,
  bytes: Uint8Array,
  updatedAt: string,
  options: ImportOptions = {},
): ImportResult {
  const table = readTable(bytes);
  const missing = REQUIRED.filter((name) => !table.columns.includes(name));
  if (missing.length > 0) {
    throw new TillError(
      'import.missing_columns',
      `Missing columns: ${missing.join(', ')} (the header has: ${table.columns.join(', ')})`,
      { columns: missing.join(', ') },
    );
  }
  const present = PRODUCT_CSV_COLUMNS.filter((column) => table.columns.includes(column));
  const problems: ImportProblem[] = [];
  const products: ParsedProduct[] = [];
  const seenIds = new Map<number, number>();
  const seenCodes = new Map<string, number>();
  for (const { line: row, cells } of table.rows) {
    const values: Partial<Record<Column, unknown>> = {};
    let rowIsValid = true;
    for (const column of present) {
      const parsed = columnSchemas[column].safeParse(cells.get(column) ?? '');
      if (parsed.success) values[column] = parsed.data;
      else {
        rowIsValid = false;
        for (const issue of parsed.error.issues)
          problems.push({ row, column, message: issue.message });
      }
    }
    if (!rowIsValid) continue;
    const id = values.id as number;
    const earlier = seenIds.get(id);
    if (earlier !== undefined)
      problems.push({ row, column: 'id', message: `product ${id} is also on line ${earlier}` });
    seenIds.set(id, row);
    for (const code of (values.barcodes as string[] | undefined) ?? []) {
      const other = seenCodes.get(code);
      if (other !== undefined)
        problems.push({ row, column: 'barcodes', message: `${code} is also on line ${other}` });
      seenCodes.set(code, row);
    }
    products.push({ row, id, values });
  }
  // A barcode moves only when asked: taking a product's (or a scale label's) code from it
  // silently would ring up the wrong product at the till.
  const moves: string[] = [];
  const relisted = new Set(present.includes('barcodes') ? products.map((p) => p.id) : []);
  for (const product of products) {
    for (const code of (product.values.barcodes as string[] | undefined) ?? []) {
      const owner = barcodeOwner(db, code);
      if (!owner || owner.id === product.id || relisted.has(owner.id)) continue;
      const move = `barcode ${code} moves from product ${owner.id} "${owner.name}" to product ${product.id}`;
      if (options.moveBarcodes) moves.push(move);
      else
        problems.push({
          row: product.row,
          column: 'barcodes',
          message: `${code} belongs to product ${owner.id} "${owner.name}" (give --move-barcodes to move it)`,
        });
    }
  }
  if (problems.length > 0) {
    const list = problems.map(
      (p) => `line ${p.row}${p.column ? `, ${p.column}` : ''}: ${p.message}`,
    );
    const error = new TillError(
      'import.invalid',
      `Nothing imported; ${problems.length} problem(s):\n${formatProblems(list)}`,
      { problems: problems.length },
    );
    throw Object.assign(error, { problems });
  }
  db.transaction(() => {
    const rates = new Map(listTaxRates(db).map((rate) => [rate.rateBp, rate.id]));
    const categories = new Map(listCategories(db).map((category) => [category.name, category.id]));
    let nextRateId = Math.max(0, ...rates.values()) + 1;
    let nextCategoryId = Math.max(0, ...categories.values()) + 1;
    const rows: ProductRow[] = products.map(({ id, values }) => {
      const vat = Number(values.vat) * 100;
      if (!rates.has(vat)) {
        upsertTaxRate(db, { id: nextRateId, name: `${vat / 100} %`, rateBp: vat, updatedAt });
        rates.set(vat, nextRateId++);
      }
      const category = values.category as string | undefined;
      if (category && !categories.has(category)) {
        upsertCategory(db, { id: nextCategoryId, name: category, updatedAt });
        categories.set(category, nextCategoryId++);
      }
      const existing = getProduct(db, id);
      return {
        id,
        name: values.name as string,
        nameNl:
          'name_nl' in values ? (values.name_nl as string) || null : (existing?.nameNl ?? null),
        categoryId:
          category === undefined
            ? (existing?.categoryId ?? null)
            : category
              ? (categories.get(category) ?? null)
              : null,
        taxRateId: rates.get(vat) as number,
        price: values.price as number,
        unit: values.unit as 'piece' | 'kg',
        active:
          'active' in values
            ? !['0', 'false', 'no'].includes(values.active as string)
            : (existing?.active ?? true),
        barcodes: (values.barcodes as string[] | undefined) ?? barcodesOf(db, id),
        updatedAt,
      };
    });
    upsertProducts(db, rows);
  }).immediate();
  return { products: products.length, moves };
}
