import { describe, expect, it } from 'vitest';
import { buildReceipt, type ReceiptLineInput } from '../../domain/receipt';
import { buildSessionReportDocument } from '../../domain/report-document';
import { renderReceiptText, renderSessionReportText } from '../../domain/receipt-text';
import { computeTicket } from '../../domain/ticket';
import { settle, type PaymentInput, type PaymentKind } from '../../domain/payment';
import { computeSessionReport } from '../../domain/session';

const kindOf = (method: string): PaymentKind => method as PaymentKind;

function zText(): string[] {
  const report = computeSessionReport({
    openingFloat: 0,
    cashMoves: [],
    payments: [
      { method: 'cash', amount: 1005 },
      { method: 'voucher', amount: 1150 },
    ],
    cashMethods: ['cash'],
    changeGiven: 0,
    roundingTotal: 2,
    roundingByKind: [
      { kind: 'cash', amount: 2 },
      { kind: 'card', amount: 1 },
      { kind: 'voucher', amount: -1 },
      { kind: 'transfer', amount: 1 },
      { kind: 'other', amount: -1 },
    ],
    voucherExcess: 150,
    clockSteps: [{ from: '2025-03-01T15:00:00Z', to: '2025-03-01T14:00:00Z', stepSeconds: 3600 }],
    tickets: { sales: 2, refunds: 0, cancellations: 0 },
    sales: [{ rateBp: 600, gross: 2003 }],
    refunds: [],
    byCategory: [{ category: 'Vrac', amount: 2003 }],
    countedDenominations: { '1000': 1, '5': 1 },
    grandTotalBefore: 0,
  });
  const doc = buildSessionReportDocument(report, {
    kind: 'Z',
    header: { shopName: 'BEES coop', addressLines: [], vatNumber: null },
    tillName: 'Caisse 1',
    sessionNumber: '18',
    openedAt: '2025-03-01T07:00:00Z',
    openedBy: 'Bob',
    printedAt: '2025-03-01T19:00:00Z',
    closedAt: '2025-03-01T19:00:00Z',
    closedBy: 'Carol',
  });
  return renderSessionReportText(doc, { width: 42, locale: 'en' });
}

describe('the Z report', () => {
  it('prints the rounding per payment kind, the vouchers kept and a clock set back', () => {
    const text = zText();
    const from = text.indexOf('PAYMENTS');
    // Checked by hand: 15:00 UTC is 16:00 in Brussels in March; 3600 s is 60 minutes.
    expect(text.slice(from, from + 12)).toEqual([
      'PAYMENTS',
      'Cash                                €10.05',
      'voucher                             €11.50',
      'Rounding                            +€0.02',
      '  cash                              +€0.02',
      '  card                              +€0.01',
      '  vouchers                          -€0.01',
      '  transfer                          +€0.01',
      '  other                             -€0.01',
      'Voucher excess (no change)           €1.50',
      'Clock set back                     -60 min',
      '  01/03/2025 16:00 -> 01/03/2025 15:00',
    ]);
  });
});

describe('a receipt', () => {
  it('prints what a voucher paid beyond the total, and that the coop rounds every total', () => {
    const lines: ReceiptLineInput[] = [
      { name: 'Pain complet', byWeight: false, unitPrice: 1003, quantity: 1000, vatRateBp: 600 },
    ];
    const totals = computeTicket(lines);
    const payments: PaymentInput[] = [{ method: 'voucher', amount: 1100 }];
    const doc = buildReceipt({
      header: { shopName: 'BEES coop', addressLines: [], vatNumber: null },
      kind: 'sale',
      ticketNumber: 'T1-000043',
      dateTime: '2025-03-01T13:05:00Z',
      cashierName: 'Alice',
      tillName: 'Caisse 1',
      lines,
      totals,
      ticketDiscount: null,
      settlement: settle(totals.total, payments, kindOf, { roundAll: true, voucherExcess: 'keep' }),
      payments,
      member: null,
      journal: null,
      footer: [],
      roundAll: true,
    });
    const text = renderReceiptText(doc, { width: 42, locale: 'en' });
    const from = text.indexOf('TOTAL                             €10.03  ');
    // 10.03 rounded to 10.05 (the coop rounds all); an 11.00 voucher leaves 0.95 with the coop.
    expect(text.slice(from, from + 7)).toEqual([
      'TOTAL                             €10.03  ',
      'Rounding                          +€0.02  ',
      'To pay                            €10.05  ',
      'voucher                           €11.00  ',
      'Voucher excess (no change)         €0.95  ',
      '       The total is always rounded',
      '-'.repeat(42),
    ]);
  });
});
