import { divRound, type Cents, type Milli } from './money';
import { roundCashRefund, type PaymentKind, type Settlement } from './payment';
import { vatIncluded, type VatRow } from './tax';
import type { LineTotals } from './ticket';

/** A paid line as it was sold: its quantity and the amounts it was paid at. */
export interface SoldLine {
  quantity: Milli;
  unitPrice: Cents;
  gross: Cents;
  lineDiscount: Cents;
  amount: Cents;
  ticketDiscountShare: Cents;
  net: Cents;
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
    divRound(value * alreadyRefunded, sold.quantity) -
    divRound(value * (alreadyRefunded + quantity), sold.quantity);
  // gross, amount and net are shared themselves (each share has the sold value's sign, so a
  // refund line is never positive); the discounts are what lies between them.
  const gross = share(sold.gross);
  const amount = share(sold.amount);
  const net = share(sold.net);
  return {
    unitPrice: sold.unitPrice,
    gross,
    lineDiscount: gross - amount,
    amount,
    ticketDiscountShare: amount - net,
    net,
    vatRateBp: sold.vatRateBp,
  };
}

/** A paid refund of a sale, as the next refund of that sale needs to know it. */
export interface EarlierRefund {
  /** Its total (negative). */
  total: Cents;
  /** What went back (negative): the sum of its payments less change. */
  paidBack: Cents;
  /** Paid back in a rounded method (coins and notes, or any method when the coop rounds all). */
  rounded: boolean;
}

export interface RefundMoneyInput {
  /** The sale's total and its rounding: the customer paid total + rounding. */
  sale: { total: Cents; rounding: Cents };
  /** The sale's paid refunds so far, in the till's order. */
  earlier: readonly EarlierRefund[];
  /** This refund's total (negative). */
  total: Cents;
  rounded: boolean;
}

/**
 * What a refund gives back (`due`, negative) and its rounding. Across all the refunds of a sale,
 * what goes back is what the customer paid for the lines refunded (the sale's own rounding shared
 * in proportion, so that refunding a cash-rounded sale gives back the rounded amount); what goes
 * back in coins and notes is rounded on the sale's cash refunds taken together, and never above
 * what they are worth. So no sequence of refunds gives back more than was paid.
 */
export function refundMoney(input: RefundMoneyInput): { due: Cents; rounding: Cents } {
  const { sale } = input;
  // What the customer paid for the first `c` cents of the sale's total refunded.
  const paidFor = (c: Cents): Cents =>
    sale.total === 0 ? c : c + divRound(sale.rounding * c, sale.total);
  let refunded = 0;
  let roundedOwed = 0;
  let roundedBack = 0;
  for (const refund of input.earlier) {
    const owed = paidFor(refunded - refund.total) - paidFor(refunded);
    refunded -= refund.total;
    if (refund.rounded) {
      roundedOwed += owed;
      roundedBack -= refund.paidBack;
    }
  }
  const owed = paidFor(refunded - input.total) - paidFor(refunded);
  const back = input.rounded
    ? Math.max(0, roundCashRefund(roundedOwed + owed) - roundedBack)
    : Math.max(0, owed);
  // 0 - x, not -x: no negative zero in the journal or the tables.
  return { due: 0 - back, rounding: 0 - back - input.total };
}

/** The settlement of a refund paid back in one payment of `kind`, as refundMoney worked it out. */
export function refundSettlement(
  total: Cents,
  kind: PaymentKind,
  money: { due: Cents; rounding: Cents },
): Settlement {
  return {
    total,
    rounding: money.rounding,
    due: money.due,
    paid: money.due,
    cashPaid: kind === 'cash' ? money.due : 0,
    change: 0,
    remaining: 0,
    cashOnly: kind === 'cash',
    voucherExcess: 0,
    paymentRounding: [money.rounding],
  };
}

/**
 * A refund's VAT per rate: the VAT of everything refunded so far at that rate less the VAT
 * refunded before, so that a sale refunded in parts gives back exactly its VAT per rate.
 * `before` holds the earlier refunds' gross and VAT per rate (negative); `lines` this refund's.
 */
export function refundVat(
  before: readonly { rateBp: number; gross: Cents; vat: Cents }[],
  lines: readonly { rateBp: number; amount: Cents }[],
): VatRow[] {
  const rates = new Map<number, { gross: Cents; before: Cents; vatBefore: Cents }>();
  for (const line of lines) {
    const rate = rates.get(line.rateBp) ?? { gross: 0, before: 0, vatBefore: 0 };
    rate.gross += line.amount;
    rates.set(line.rateBp, rate);
  }
  for (const row of before) {
    const rate = rates.get(row.rateBp);
    if (!rate) continue;
    rate.before += row.gross;
    rate.vatBefore += row.vat;
  }
  return [...rates.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rateBp, rate]) => {
      const vat = vatIncluded(rate.before + rate.gross, rateBp) - rate.vatBefore;
      return { rateBp, gross: rate.gross, vat, net: rate.gross - vat };
    });
}
