import type { SessionReportInput } from '../../domain/session';

/** A session's figures that the report tests share; each adds its own categories and count. */
export const SESSION_DAY: Omit<SessionReportInput, 'byCategory'> = {
  openingFloat: 15000,
  cashMoves: [{ amount: -5000, reason: 'Dépôt banque' }],
  payments: [
    { method: 'cash', amount: 12345 },
    { method: 'card', amount: 50000 },
  ],
  cashMethods: ['cash'],
  changeGiven: 2345,
  roundingTotal: 2,
  tickets: { sales: 10, refunds: 1, cancellations: 0 },
  sales: [
    { rateBp: 600, gross: 40000 },
    { rateBp: 2100, gross: 21000 },
  ],
  refunds: [{ rateBp: 600, gross: -1002 }],
  grandTotalBefore: 1_000_000,
};
