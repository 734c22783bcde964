import { stringify } from 'csv-stringify/sync';
import { centsToDecimalString, milliToDecimalString } from '../../domain/money';
import type { SaleExportRow } from '../../db/tickets';

export const SALES_EXPORT_COLUMNS = [
  'ticket',
  'kind',
  'closed_at',
  'cashier',
  'member',
  'line',
  'product',
  'barcode',
  'quantity',
  'unit_price',
  'gross',
  'line_discount',
  'ticket_discount',
  'amount',
  'vat_rate',
] as const;

/**
 * A spreadsheet runs a cell that begins with = + - or @ as a formula (CSV injection): a product
 * or cashier named so is written with a leading apostrophe, which the spreadsheet shows as text.
 */
export function spreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * The paid lines as CSV, in euros and kg: quantity x unit_price = gross, and gross -
 * line_discount - ticket_discount = amount on every line.
 */
export function salesCsv(rows: readonly SaleExportRow[]): string {
  return stringify(
    rows.map((row) => ({
      ticket: row.number,
      kind: row.kind,
      closed_at: row.closedAt,
      cashier: spreadsheetText(row.cashier),
      member: spreadsheetText(row.member ?? ''),
      line: row.position,
      product: spreadsheetText(row.product),
      barcode: spreadsheetText(row.barcode ?? ''),
      quantity: milliToDecimalString(row.quantity),
      unit_price: centsToDecimalString(row.unitPrice),
      gross: centsToDecimalString(row.gross),
      line_discount: centsToDecimalString(row.lineDiscount),
      ticket_discount: centsToDecimalString(row.ticketDiscountShare),
      amount: centsToDecimalString(row.net),
      vat_rate: row.vatRateBp / 100,
    })),
    { header: true, columns: [...SALES_EXPORT_COLUMNS] },
  );
}
