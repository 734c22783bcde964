import { divRound, type Cents, type Milli } from './money';
import type { LineTotals } from './ticket';

/** A paid line as it was sold: its quantity and the amounts it was paid at. */
export interface SoldLine {
  quantity: Milli;
  unitPrice: Cents;
  gross: Cents;
  lineDiscount: Cents;
  ticketDiscountShare: Cents;
  vatRateBp: number;
}

/**
 * The refund of `quantity` of a sold line, of which `alreadyRefunded` went back before: its
 * amounts are the sold amounts pro rata, negated, computed on the cumulative quantity so that
 * refunding a line in several goes gives back exactly what was paid, to the cent.
 */
export function refundLineTotals(
  sold: SoldLine,
  alreadyRefunded: Milli,
  quantity: Milli,
): LineTotals {
  const share = (value: Cents): Cents =>
    -(
      divRound(value * (alreadyRefunded + quantity), sold.quantity) -
      divRound(value * alreadyRefunded, sold.quantity)
    );
  const gross = share(sold.gross);
  const lineDiscount = share(sold.lineDiscount);
  const ticketDiscountShare = share(sold.ticketDiscountShare);
  // Derived rather than shared, so that gross - discounts = net holds on every refund line.
  const amount = gross - lineDiscount;
  return {
    unitPrice: sold.unitPrice,
    gross,
    lineDiscount,
    amount,
    ticketDiscountShare,
    net: amount - ticketDiscountShare,
    vatRateBp: sold.vatRateBp,
  };
}
