import ExcelJS from 'exceljs';
import { isTillError } from '../../domain/errors';
import { readTable, type Table, type TableRow } from '../../domain/table-file';
import { refusal } from '../suppliers';

/**
 * A supplier's file as sent: a CSV read by the till's own rules (encodings, separators, quoted
 * cells, blank lines), or an XLSX workbook's first sheet. Either becomes the same table: header
 * names lower-cased, each row with the line it starts on. What cannot be read is a 422 in words.
 */
export type FileFormat = 'csv' | 'xlsx';

export async function readSupplierFile(
  bytes: Buffer,
): Promise<{ table: Table; format: FileFormat }> {
  // An XLSX is a ZIP: it starts with "PK\x03\x04", which no CSV does.
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x504b0304) {
    return { table: await readXlsx(bytes), format: 'xlsx' };
  }
  try {
    return { table: readTable(bytes), format: 'csv' };
  } catch (error) {
    if (isTillError(error)) throw refusal(422, `Nothing imported: ${error.message}`);
    throw error;
  }
}

async function readXlsx(bytes: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw refusal(
      422,
      `Nothing imported: the file cannot be read as an XLSX workbook (${(error as Error).message})`,
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) {
    throw refusal(422, 'Nothing imported: the workbook’s first sheet is empty');
  }
  let columns: string[] | null = null;
  let headerLine = 0;
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const values = Array.from({ length: row.cellCount }, (_, index) =>
      cellText(row.getCell(index + 1).value),
    );
    if (values.every((value) => value === '')) return;
    if (columns === null) {
      columns = values.map((name) => name.toLowerCase());
      headerLine = line;
      return;
    }
    const named = columns;
    rows.push({ line, cells: new Map(named.map((name, index) => [name, values[index] ?? ''])) });
  });
  if (columns === null || rows.length === 0) {
    throw refusal(422, `Nothing imported: the sheet has a header (line ${headerLine}) but no rows`);
  }
  return { columns, rows, encoding: 'XLSX', separator: '' };
}

/** A cell as its text: numbers exactly as decimals (never "1e-7"), formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return decimalText(value);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value)
    return value.richText
      .map((part) => part.text)
      .join('')
      .trim();
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text).trim();
  return '';
}

/**
 * A spreadsheet number (a binary float) as the decimal its author typed: suppliers quote at most
 * four decimals, so rounding there gives back 1.25 for 1.2499999999999998.
 */
function decimalText(value: number): string {
  if (Number.isInteger(value)) return value.toFixed(0);
  return value.toFixed(4).replace(/\.?0+$/, '');
}
