import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { parseCents } from '../domain/money';
import { isValidEan13, isValidEan8, isValidUpca } from '../domain/barcode';
import {
  catalogTransaction,
  upsertCategory,
  upsertMembers,
  upsertProducts,
  upsertTaxRate,
  type MemberFileRow,
  type ProductInput,
} from './catalog';
import type { Queryable, Store } from './store';

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

export class ImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super(
      `Nothing imported; ${problems.length} problem(s):\n` +
        problems
          .map((p) => `row ${p.row}${p.column ? `, ${p.column}` : ''}: ${p.message}`)
          .join('\n'),
    );
  }
}

const checkDigitValid = (code: string): boolean =>
  code.length === 13
    ? isValidEan13(code)
    : code.length === 8
      ? isValidEan8(code)
      : code.length === 12
        ? isValidUpca(code)
        : true;

const idColumn = z.coerce
  .number()
  .int('a whole number')
  .positive('a positive number')
  .max(2_147_483_647);
const codes = z
  .string()
  .transform((text) => text.split(/[\s|]+/).filter(Boolean))
  .pipe(
    z.array(
      z
        .string()
        .regex(/^\d{1,20}$/, 'barcodes are digits, separated by spaces')
        .refine(checkDigitValid, 'a barcode has a wrong check digit'),
    ),
  );

const PRODUCT_COLUMNS: Record<string, z.ZodType> = {
  id: idColumn,
  name: z.string().trim().min(1, 'a name is required').max(200),
  name_nl: z.string().trim().max(200),
  category: z.string().trim().max(100),
  vat: z.enum(['0', '6', '12', '21'], { message: 'a Belgian VAT rate: 0, 6, 12 or 21' }),
  price: z.string().transform((text, context) => {
    const value = parseCents(text);
    if (value === null || value < 0) {
      context.addIssue({ code: 'custom', message: `"${text}" is not a price (e.g. 3.99 or 3,99)` });
      return z.NEVER;
    }
    return value;
  }),
  unit: z.enum(['piece', 'kg'], { message: 'piece or kg' }),
  barcodes: codes,
  active: z.enum(['', '1', '0', 'true', 'false', 'yes', 'no'], { message: '1 or 0' }),
};

const MEMBER_COLUMNS: Record<string, z.ZodType> = {
  id: idColumn,
  number: z.string().trim().min(1, 'a member number is required').max(50),
  name: z.string().trim().min(1, 'a name is required').max(200),
  card: z
    .string()
    .trim()
    .regex(/^(\d{1,20})?$/, 'a card barcode is digits'),
  status: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,40}$/, 'a status code: lowercase letters, digits, _'),
  eaters: z.union([z.literal('').transform(() => 1), z.coerce.number().int().min(0).max(50)]),
};

/**
 * Reads a CSV as Excel writes it in Belgium too: a BOM, `;` between fields when the header has
 * no comma, a decimal comma. Each row is checked against its columns; every problem is named.
 */
function readRows(
  text: string,
  columnSchemas: Record<string, z.ZodType>,
  required: string[],
): { rows: { row: number; value: Record<string, unknown> }[]; problems: ImportProblem[] } {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (error) {
    throw new ImportError([
      { row: 0, column: '', message: `not a readable CSV: ${(error as Error).message}` },
    ]);
  }
  const [header, ...body] = records;
  if (!header) throw new ImportError([{ row: 1, column: '', message: 'the file is empty' }]);
  const columns = header.map((name) => name.toLowerCase());
  const missing = required.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new ImportError([{ row: 1, column: missing.join(', '), message: 'missing column(s)' }]);
  }
  const problems: ImportProblem[] = [];
  const rows: { row: number; value: Record<string, unknown> }[] = [];
  body.forEach((cells, index) => {
    const row = index + 2;
    if (cells.length > columns.length) {
      problems.push({
        row,
        column: '',
        message: `${cells.length} values for ${columns.length} columns`,
      });
      return;
    }
    const value: Record<string, unknown> = {};
    let valid = true;
    for (const [column, schema] of Object.entries(columnSchemas)) {
      const at = columns.indexOf(column);
      const parsed = schema.safeParse(at >= 0 ? (cells[at] ?? '') : '');
      if (parsed.success) value[column] = parsed.data;
      else {
        valid = false;
        problems.push({ row, column, message: parsed.error.issues[0]?.message ?? 'invalid' });
      }
    }
    if (valid) rows.push({ row, value });
  });
  return { rows, problems };
}

function uniqueBy(
  rows: { row: number; value: Record<string, unknown> }[],
  column: string,
  problems: ImportProblem[],
  values: (value: Record<string, unknown>) => unknown[] = (value) => [value[column]],
): void {
  const seen = new Map<unknown, number>();
  for (const { row, value } of rows) {
    for (const key of values(value)) {
      if (key === '' || key === null) continue;
      const before = seen.get(key);
      if (before !== undefined)
        problems.push({ row, column, message: `${String(key)} is also on row ${before}` });
      seen.set(key, row);
    }
  }
}

function readProductRows(text: string) {
  const { rows, problems } = readRows(text, PRODUCT_COLUMNS, [
    'id',
    'name',
    'vat',
    'price',
    'unit',
  ]);
  uniqueBy(rows, 'id', problems);
  uniqueBy(rows, 'barcodes', problems, (value) => value.barcodes as string[]);
  return { rows, problems };
}

export interface ImportPreviewLine {
  row: number;
  id: number;
  name: string;
  price: number;
  /** The catalogue's price today, null for a new product. */
  oldPrice: number | null;
  change: 'new' | 'changed' | 'same';
}

/**
 * What a products file would do, written nowhere: each valid line (new, changed or the same as
 * the catalogue) and each refusal, in words with its row and column. A file that cannot be read
 * at all throws its ImportError as the import does.
 */
export async function previewProducts(
  db: Queryable,
  text: string,
): Promise<{ lines: ImportPreviewLine[]; problems: ImportProblem[] }> {
  const { rows, problems } = readProductRows(text);
  const existing = await db.query<{
    id: number;
    name: string;
    nameNl: string | null;
    price: number;
    unit: string;
    active: boolean;
    barcodes: string[];
  }>(
    `SELECT id, name, name_nl AS "nameNl", price, unit, active, barcodes FROM products
      WHERE NOT deleted AND id = ANY($1::int[])`,
    [rows.map(({ value }) => value.id as number)],
  );
  const byId = new Map(existing.map((product) => [product.id, product]));
  const lines = rows.map(({ row, value }): ImportPreviewLine => {
    const before = byId.get(value.id as number);
    const same =
      before !== undefined &&
      before.name === value.name &&
      (before.nameNl ?? '') === value.name_nl &&
      before.price === value.price &&
      before.unit === value.unit &&
      before.active === !['0', 'false', 'no'].includes(value.active as string) &&
      before.barcodes.join(' ') === (value.barcodes as string[]).join(' ');
    return {
      row,
      id: value.id as number,
      name: value.name as string,
      price: value.price as number,
      oldPrice: before?.price ?? null,
      change: before === undefined ? 'new' : same ? 'same' : 'changed',
    };
  });
  return { lines, problems };
}

/** Products from a CSV, all or nothing; categories by name and VAT rates by percent, made when new. */
export async function importProducts(
  store: Store,
  text: string,
  now: Date,
  personId: number | null = null,
): Promise<{ products: number }> {
  const { rows, problems } = readProductRows(text);
  if (problems.length > 0) throw new ImportError(problems);
  await catalogTransaction(store, async (tx) => {
    const rates = new Map(
      (
        await tx.query<{ id: number; rateBp: number }>(
          'SELECT id, rate_bp AS "rateBp" FROM tax_rates',
        )
      ).map((rate) => [rate.rateBp, rate.id]),
    );
    const categories = new Map(
      (await tx.query<{ id: number; name: string }>('SELECT id, name FROM categories')).map(
        (category) => [category.name, category.id],
      ),
    );
    let nextRate = Math.max(0, ...rates.values()) + 1;
    let nextCategory = Math.max(0, ...categories.values()) + 1;
    const products: ProductInput[] = [];
    for (const { value } of rows) {
      const rateBp = Number(value.vat) * 100;
      if (!rates.has(rateBp)) {
        await upsertTaxRate(tx, { id: nextRate, name: `${rateBp / 100} %`, rateBp });
        rates.set(rateBp, nextRate++);
      }
      const category = value.category as string;
      if (category && !categories.has(category)) {
        await upsertCategory(tx, { id: nextCategory, name: category, nameNl: null });
        categories.set(category, nextCategory++);
      }
      products.push({
        id: value.id as number,
        name: value.name as string,
        nameNl: (value.name_nl as string) || null,
        categoryId: category ? (categories.get(category) ?? null) : null,
        taxRateId: rates.get(rateBp) as number,
        price: value.price as number,
        unit: value.unit as 'piece' | 'kg',
        active: !['0', 'false', 'no'].includes(value.active as string),
        barcodes: value.barcodes as string[],
      });
    }
    for (let start = 0; start < products.length; start += 5000) {
      await upsertProducts(tx, products.slice(start, start + 5000), now.toISOString(), personId);
    }
  });
  return { products: rows.length };
}

/** Members from a CSV (id, number, name, card, status, eaters), all or nothing. */
export async function importMembers(store: Store, text: string): Promise<{ members: number }> {
  const { rows, problems } = readRows(text, MEMBER_COLUMNS, ['id', 'number', 'name', 'status']);
  uniqueBy(rows, 'id', problems);
  uniqueBy(rows, 'number', problems);
  uniqueBy(rows, 'card', problems);
  if (problems.length > 0) throw new ImportError(problems);
  const members: MemberFileRow[] = rows.map(({ value }) => ({
    id: value.id as number,
    number: value.number as string,
    name: value.name as string,
    cardBarcode: (value.card as string) || null,
    status: value.status as string,
    eaters: value.eaters as number,
  }));
  await catalogTransaction(store, async (tx) => {
    for (let start = 0; start < members.length; start += 5000) {
      await upsertMembers(tx, members.slice(start, start + 5000));
    }
  });
  return { members: members.length };
}
