import { z } from 'zod';
import { divRound, MAX_CENTS, MAX_MILLI, parseMilli, type Cents, type Milli } from './money';

/**
 * A supplier's price list, read with the column mapping saved for that supplier, then compared
 * with what the coop buys from them today: which lines link a product for the first time, which
 * change a cost or a pack, which products the supplier no longer lists, and which lines match no
 * product of ours (left to the buyer, never made into products unseen).
 */

const column = z
  .string()
  .trim()
  .min(1, 'a column name')
  .max(100)
  .transform((name) => name.toLowerCase());

/** Which column of the supplier's file holds what; names as the file's header writes them. */
export const priceListMappingSchema = z
  .object({
    code: column,
    cost: column,
    barcode: column.optional(),
    name: column.optional(),
    packSize: column.optional(),
    minimumPacks: column.optional(),
    /** The cost column is per sale unit (piece or kg), or per pack (divided by the pack size). */
    costPer: z.enum(['unit', 'pack']).default('unit'),
  })
  .strict();
export type PriceListMapping = z.infer<typeof priceListMappingSchema>;

const MAPPED_FIELDS = ['code', 'cost', 'barcode', 'name', 'packSize', 'minimumPacks'] as const;

/** The mapping's columns this file's header lacks, in words; empty when all are there. */
export function missingColumns(mapping: PriceListMapping, header: readonly string[]): string[] {
  return MAPPED_FIELDS.flatMap((field) => {
    const name = mapping[field];
    return name === undefined || header.includes(name) ? [] : [`${field} ("${name}")`];
  });
}

/**
 * A supplier's price in euros as their files write it ("1,2345", "12.5", "3 €"), in cents
 * rounded half up: suppliers quote up to four decimals. Null when it is not a price.
 */
export function parseSupplierCost(text: string): Cents | null {
  const match = /^(-?)(\d{1,9})(?:[.,](\d{1,4}))?$/.exec(text.replace(/€/g, '').trim());
  if (!match) return null;
  const [, sign, units, decimals = ''] = match;
  const tenThousandths = Number(units) * 10_000 + Number(decimals.padEnd(4, '0'));
  const cents = divRound(tenThousandths, 100);
  return sign === '-' ? -cents : cents;
}

export interface PriceListLine {
  /** The file's line, to point at it. */
  line: number;
  code: string;
  barcode: string | null;
  name: string | null;
  /** Per sale unit (piece or kg), before VAT. */
  cost: Cents;
  /** Thousandths of the product's unit in one pack. */
  packSize: Milli;
  minimumPacks: number;
}

/** Rows as the table reader gives them: the line and the cells by lower-cased header. */
export interface TableRowLike {
  line: number;
  cells: ReadonlyMap<string, string>;
}

/** Every row read with the mapping; each problem names its line and column. */
export function readPriceList(
  rows: readonly TableRowLike[],
  mapping: PriceListMapping,
): { lines: PriceListLine[]; problems: string[] } {
  const lines: PriceListLine[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    const cell = (field: (typeof MAPPED_FIELDS)[number]) => {
      const name = mapping[field];
      return name === undefined ? '' : (cells.get(name) ?? '');
    };
    const before = problems.length;
    const problem = (field: string, message: string) =>
      problems.push(`line ${line}, ${field}: ${message}`);

    const code = cell('code');
    if (code === '') problem('code', 'the supplier’s code is empty');
    else if (code.length > 64) problem('code', 'a code of more than 64 characters');
    const barcode = cell('barcode');
    if (!/^(\d{1,20})?$/.test(barcode)) problem('barcode', `"${barcode}" is not a barcode`);
    const name = cell('name');
    const packText = cell('packSize');
    const packSize = packText === '' ? 1000 : parseMilli(packText);
    if (packSize === null || packSize <= 0 || packSize > MAX_MILLI)
      problem('packSize', `"${packText}" is not a pack size (e.g. 12 or 2,5)`);
    const minimumText = cell('minimumPacks');
    const minimumPacks = minimumText === '' ? 1 : Number(minimumText);
    if (!/^\d{1,6}$/.test(minimumText || '1') || minimumPacks < 1)
      problem('minimumPacks', `"${minimumText}" is not a number of packs, 1 or more`);
    const costText = cell('cost');
    const quoted = parseSupplierCost(costText);
    if (quoted === null) problem('cost', `"${costText}" is not a price (e.g. 1,25 or 1.25)`);
    else if (quoted < 0) problem('cost', `a negative cost (${costText})`);
    else if (quoted > MAX_CENTS) problem('cost', `a cost of more than 100 000 € (${costText})`);
    if (code !== '') {
      const first = seen.get(code);
      if (first !== undefined) problem('code', `${code} is also on line ${first}`);
      else seen.set(code, line);
    }
    if (problems.length > before) continue;
    const pack = packSize as Milli;
    lines.push({
      line,
      code,
      barcode: barcode || null,
      name: name || null,
      cost:
        mapping.costPer === 'pack' ? divRound((quoted as Cents) * 1000, pack) : (quoted as Cents),
      packSize: pack,
      minimumPacks,
    });
  }
  return { lines, problems };
}

/** What the coop buys from the supplier today. */
export interface SupplierLink {
  productId: number;
  code: string;
  cost: Cents;
  packSize: Milli;
  minimumPacks: number;
  active: boolean;
}

export interface CatalogProductRef {
  id: number;
  barcodes: readonly string[];
}

export interface LinkTerms {
  code: string;
  cost: Cents;
  packSize: Milli;
  minimumPacks: number;
}

export interface PriceListDiff {
  /** Lines that link a product of ours (found by barcode) to this supplier for the first time. */
  added: (LinkTerms & { line: number; productId: number })[];
  /** Lines whose code, cost, pack or minimum differ from the link, or that bring it back. */
  changed: {
    line: number;
    productId: number;
    before: LinkTerms & { active: boolean };
    after: LinkTerms;
  }[];
  unchanged: number;
  /** Products the supplier listed and no longer does. */
  gone: (LinkTerms & { productId: number })[];
  /** Lines matching no product: the buyer creates or links them; nothing is made unseen. */
  unknown: PriceListLine[];
  problems: string[];
}

const terms = (from: LinkTerms): LinkTerms => ({
  code: from.code,
  cost: from.cost,
  packSize: from.packSize,
  minimumPacks: from.minimumPacks,
});

/**
 * The price list against today's links: a line finds its product by the supplier's code, else
 * by its barcode among our products. Two lines for one product is a problem, not a guess.
 */
export function diffPriceList(
  lines: readonly PriceListLine[],
  links: readonly SupplierLink[],
  products: readonly CatalogProductRef[],
): PriceListDiff {
  const byCode = new Map(links.map((link) => [link.code, link]));
  const byProduct = new Map(links.map((link) => [link.productId, link]));
  const byBarcode = new Map<string, number>();
  for (const product of products) {
    for (const barcode of product.barcodes) byBarcode.set(barcode, product.id);
  }
  const diff: PriceListDiff = {
    added: [],
    changed: [],
    unchanged: 0,
    gone: [],
    unknown: [],
    problems: [],
  };
  const listedOn = new Map<number, number>();
  for (const line of lines) {
    const productId =
      byCode.get(line.code)?.productId ??
      (line.barcode === null ? undefined : byBarcode.get(line.barcode));
    if (productId === undefined) {
      diff.unknown.push(line);
      continue;
    }
    const first = listedOn.get(productId);
    if (first !== undefined) {
      diff.problems.push(
        `line ${line.line}: product ${productId} is also on line ${first} (code ${line.code})`,
      );
      continue;
    }
    listedOn.set(productId, line.line);
    const link = byProduct.get(productId);
    const after = terms(line);
    if (!link) diff.added.push({ line: line.line, productId, ...after });
    else if (
      !link.active ||
      link.code !== after.code ||
      link.cost !== after.cost ||
      link.packSize !== after.packSize ||
      link.minimumPacks !== after.minimumPacks
    ) {
      diff.changed.push({
        line: line.line,
        productId,
        before: { ...terms(link), active: link.active },
        after,
      });
    } else diff.unchanged += 1;
  }
  for (const link of links) {
    if (link.active && !listedOn.has(link.productId)) {
      diff.gone.push({ productId: link.productId, ...terms(link) });
    }
  }
  return diff;
}
