/**
 * Imports a nomenclature from a CSV or JSON export of Odoo's barcode rules (model barcode.rule).
 *
 * Columns (CSV headers or JSON keys, case-insensitive) are recognised under Odoo's technical
 * names and their labels: name / "Rule Name", sequence / "Sequence", type / "Type",
 * encoding / "Encoding", pattern / "Barcode Pattern". Other columns (id, alias,
 * barcode_nomenclature_id…) are ignored. sequence defaults to 100 and encoding to any, as in Odoo.
 *
 * Types and encodings are read from Odoo's technical values or labels; Odoo's `client`
 * ("Client", "Customer") is our `member`. Any other type (alias, lot, package, location, coupon…)
 * is refused, as is any pattern `validatePattern` refuses.
 *
 * Every refusal is a TillError `barcode.import_error` naming the data row (1-based, the header
 * is not a row) and the column as written in the file.
 *
 * Pure code: the caller reads the file.
 */
import { parse } from 'csv-parse/sync';
import { TillError, isTillError, errorMessage } from './errors';
import {
  BARCODE_ENCODINGS,
  BARCODE_RULE_TYPES,
  validateNomenclature,
  validatePattern,
  type BarcodeEncoding,
  type BarcodeRule,
  type BarcodeRuleType,
  type Nomenclature,
} from './barcode';

type Field = 'name' | 'sequence' | 'type' | 'encoding' | 'pattern';

const FIELD_ALIASES: Record<string, Field> = {
  name: 'name',
  'rule name': 'name',
  sequence: 'sequence',
  type: 'type',
  'rule type': 'type',
  encoding: 'encoding',
  pattern: 'pattern',
  'barcode pattern': 'pattern',
};

const REQUIRED: readonly Field[] = ['name', 'type', 'pattern'];

/** Odoo's default for a rule without a sequence. */
const DEFAULT_SEQUENCE = 100;

const TYPE_ALIASES: Record<string, BarcodeRuleType> = {
  product: 'product',
  'unit product': 'product',
  weight: 'weight',
  'weighted product': 'weight',
  price: 'price',
  'priced product': 'price',
  discount: 'discount',
  'discounted product': 'discount',
  member: 'member',
  client: 'member',
  customer: 'member',
  cashier: 'cashier',
};

const ENCODING_ALIASES: Record<string, BarcodeEncoding> = {
  ean13: 'ean13',
  'ean-13': 'ean13',
  ean8: 'ean8',
  'ean-8': 'ean8',
  upca: 'upca',
  'upc-a': 'upca',
  any: 'any',
};

/** An own entry of an alias table: never an inherited key such as "constructor". */
function lookup<T>(table: Record<string, T>, text: string): T | undefined {
  const key = normalize(text);
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function normalize(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');
}

function importError(message: string, details: Record<string, string | number> = {}): TillError {
  return new TillError(
    'barcode.import_error',
    `Cannot import the nomenclature: ${message}`,
    details,
  );
}

function cellError(row: number, column: string, why: string): TillError {
  return importError(`row ${row}, column "${column}": ${why}`, { row, column });
}

/** Which source column holds each field, refusing duplicates and missing required columns. */
function mapColumns(headers: readonly string[], row?: number): Map<Field, string> {
  const where = row === undefined ? '' : `row ${row}: `;
  const rowDetails: Record<string, number> = row === undefined ? {} : { row };
  const columns = new Map<Field, string>();
  for (const header of headers) {
    const field = lookup(FIELD_ALIASES, header);
    if (!field) continue;
    const previous = columns.get(field);
    if (previous !== undefined) {
      throw importError(
        `${where}columns "${previous}" and "${header}" both give the rule ${field}`,
        {
          ...rowDetails,
          column: header,
        },
      );
    }
    columns.set(field, header);
  }
  const missing = REQUIRED.filter((field) => !columns.has(field));
  if (missing.length > 0) {
    throw importError(
      `${where}missing column ${missing.map((field) => `"${field}"`).join(', ')} (found ${headers
        .map((h) => `"${h}"`)
        .join(', ')})`,
      { ...rowDetails, column: missing.join(',') },
    );
  }
  return columns;
}

/** A cell as text; '' for an empty cell (JSON null or false, as Odoo writes empty fields). */
function cellText(value: unknown, row: number, column: string): string {
  if (value === undefined || value === null || value === false) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw cellError(row, column, `expected text, found ${JSON.stringify(value)}`);
}

function toRule(
  record: Record<string, unknown>,
  row: number,
  columns: Map<Field, string>,
): BarcodeRule {
  const cell = (field: Field): { column: string; text: string } => {
    const column = columns.get(field) ?? field;
    return { column, text: cellText(record[column], row, column) };
  };

  const name = cell('name');
  if (name.text === '') throw cellError(row, name.column, 'the rule name is empty');

  const sequence = cell('sequence');
  let sequenceValue = DEFAULT_SEQUENCE;
  if (sequence.text !== '') {
    if (!/^-?\d{1,9}$/.test(sequence.text)) {
      throw cellError(row, sequence.column, `"${sequence.text}" is not a whole number`);
    }
    sequenceValue = Number(sequence.text);
  }

  const type = cell('type');
  const typeValue = lookup(TYPE_ALIASES, type.text);
  if (!typeValue) {
    const why =
      normalize(type.text) === 'alias'
        ? 'alias rules are not supported'
        : `unknown type "${type.text}" (expected one of ${BARCODE_RULE_TYPES.join(', ')})`;
    throw cellError(row, type.column, why);
  }

  const encoding = cell('encoding');
  let encodingValue: BarcodeEncoding = 'any';
  if (encoding.text !== '') {
    const found = lookup(ENCODING_ALIASES, encoding.text);
    if (!found) {
      throw cellError(
        row,
        encoding.column,
        `unknown encoding "${encoding.text}" (expected one of ${BARCODE_ENCODINGS.join(', ')})`,
      );
    }
    encodingValue = found;
  }

  const pattern = cell('pattern');
  try {
    validatePattern(name.text, pattern.text);
  } catch (error) {
    if (isTillError(error)) throw cellError(row, pattern.column, error.message);
    throw error;
  }

  return {
    name: name.text,
    sequence: sequenceValue,
    type: typeValue,
    encoding: encodingValue,
    pattern: pattern.text,
  };
}

function finish(rules: BarcodeRule[]): Nomenclature {
  if (rules.length === 0) throw importError('the file has no rules');
  return validateNomenclature({ rules });
}

/** A nomenclature from a CSV export of Odoo's barcode rules (header row first). */
export function importNomenclatureCsv(text: string): Nomenclature {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    const message = errorMessage(error);
    throw importError(`the CSV cannot be read: ${message}`);
  }
  const [first, ...data] = rows;
  if (!first) throw importError('the file is empty');
  const headers = first.map((header) => header.trim());
  const columns = mapColumns(headers);
  return finish(
    data.map((cells, index) => {
      const row = index + 1;
      if (cells.length !== headers.length) {
        throw importError(
          `row ${row} has ${cells.length} cells but the header has ${headers.length} columns`,
          { row },
        );
      }
      const record: Record<string, unknown> = {};
      headers.forEach((header, i) => {
        record[header] = cells[i];
      });
      return toRule(record, row, columns);
    }),
  );
}

/** A nomenclature from JSON: `{ "rules": [...] }` or an array of rules (e.g. Odoo's search_read). */
export function importNomenclatureJson(text: string): Nomenclature {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    const message = errorMessage(error);
    throw importError(`the JSON cannot be read: ${message}`);
  }
  const list: unknown =
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? (input as Record<string, unknown>).rules
      : input;
  if (!Array.isArray(list)) {
    throw importError('expected an array of rules or an object with a "rules" array');
  }
  return finish(
    list.map((item: unknown, index) => {
      const row = index + 1;
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw importError(`row ${row}: a rule must be an object`, { row });
      }
      const record = item as Record<string, unknown>;
      return toRule(record, row, mapColumns(Object.keys(record), row));
    }),
  );
}
