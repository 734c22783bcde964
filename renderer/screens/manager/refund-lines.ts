import { parseMilli, type Milli } from '../../../domain/money';
import { refundLineTotals } from '../../../domain/refund';
import type { LineView } from '../../bridge/types';

/**
 * What of a sold line went back already, in thousandths: the till's ticket view says it as
 * `refunded` on each line of a sale it found (0 when it does not say).
 */
export function refundedOf(line: LineView): Milli {
  return 'refunded' in line && typeof line.refunded === 'number' ? line.refunded : 0;
}

export function leftOf(line: LineView): Milli {
  return Math.max(0, line.quantity - refundedOf(line));
}

export type QuantityCheck =
  { ok: true; quantity: Milli } | { ok: false; problem: 'notQuantity' | 'tooMuch' | 'wholePieces' };

/**
 * A quantity typed for a line: pieces are whole ("2"), weights in kg with up to three decimals
 * ("0,250"); never more than is left to refund. Empty is zero: the line is not refunded.
 */
export function checkQuantity(text: string, line: LineView): QuantityCheck {
  if (text.trim() === '') return { ok: true, quantity: 0 };
  const quantity = parseMilli(text);
  if (quantity === null || quantity < 0) return { ok: false, problem: 'notQuantity' };
  if (line.unit === 'piece' && quantity % 1000 !== 0) return { ok: false, problem: 'wholePieces' };
  if (quantity > leftOf(line)) return { ok: false, problem: 'tooMuch' };
  return { ok: true, quantity };
}

/** What the lines picked come to (positive), before the till rounds what goes back in cash. */
export function linesTotal(lines: readonly { line: LineView; quantity: Milli }[]): number {
  return -lines.reduce(
    (sum, { line, quantity }) =>
      sum +
      refundLineTotals({ ...line.totals, quantity: line.quantity }, refundedOf(line), quantity).net,
    0,
  );
}
