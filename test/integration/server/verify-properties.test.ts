import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setSetting } from '../../../db/settings';
import { roundCashAmount } from '../../../domain/payment';
import { SETTING_KEYS } from '../../../main/till/settings';
import type { TicketView } from '../../../main/till/ticket-view';
import {
  GENESIS_HASH,
  recordTicket,
  verifyEvent,
  type ChainState,
  type SaleBook,
} from '../../../server/verify';
import { FIXTURE, createTestTill, ean13 } from '../../support/till';
import { outboxEvents } from '../../support/sync';

/** Long runs: PROPERTY_RUNS=200 npx vitest run test/integration/server/verify-properties.test.ts */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 8);

const sale = fc.record({
  type: fc.constant('sale' as const),
  labels: fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 3 }),
  soap: fc.boolean(),
  ticketDiscountBp: fc.constantFrom(0, 0, 500, 2500),
  pay: fc.constantFrom('cash', 'card', 'voucher', 'card+cash', 'voucher+cash'),
  extra: fc.integer({ min: 0, max: 700 }),
});
const refund = fc.record({
  type: fc.constant('refund' as const),
  sale: fc.nat(),
  line: fc.nat(),
  whole: fc.boolean(),
  method: fc.constantFrom('cash', 'card', 'meal_voucher'),
});

/** Whatever a till sells and refunds, by whatever kinds of payment, the server accepts it all. */
describe('the server verifies every honest day', () => {
  it(
    'accepts every document of random days (split, voucher, rounded-all, partial refunds)',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(sale, refund), { minLength: 1, maxLength: 15 }),
          fc.boolean(),
          (actions, roundAll) => {
            const t = createTestTill();
            try {
              setSetting(t.db, SETTING_KEYS.paymentMethods, [
                { id: 'cash', label: '', kind: 'cash' },
                { id: 'card', label: '', kind: 'card' },
                { id: 'meal_voucher', label: '', kind: 'voucher' },
              ]);
              setSetting(t.db, SETTING_KEYS.voucherExcess, 'keep');
              setSetting(t.db, SETTING_KEYS.roundAll, roundAll);
              t.till.ctx.reloadSettings();
              t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
              t.till.openSession({ counts: { '2000': 5 } });
              const sales: TicketView[] = [];
              for (const step of actions) {
                if (step.type === 'sale') {
                  for (const cents of step.labels) {
                    t.till.addByBarcode({
                      code: ean13(`2300004${String(cents).padStart(5, '0')}`),
                    });
                  }
                  if (step.soap) t.till.addByBarcode({ code: FIXTURE.soap.code });
                  if (step.ticketDiscountBp > 0) {
                    t.till.setTicketDiscount({
                      discount: { kind: 'percent', basisPoints: step.ticketDiscountBp },
                    });
                  }
                  const total = t.till.currentTicket()?.totals.total ?? 0;
                  const owed = roundAll ? roundCashAmount(total) : total;
                  const part = Math.min(Math.floor(owed / 2), 1000);
                  const cash = (amount: number) => roundCashAmount(amount) + step.extra;
                  const payments = {
                    cash: [{ method: 'cash', amount: cash(owed) }],
                    card: [{ method: 'card', amount: owed }],
                    voucher: [{ method: 'meal_voucher', amount: owed + step.extra }],
                    'card+cash': [
                      { method: 'card', amount: part },
                      { method: 'cash', amount: cash(owed - part) },
                    ],
                    'voucher+cash': [
                      { method: 'meal_voucher', amount: part },
                      { method: 'cash', amount: cash(owed - part) },
                    ],
                  }[step.pay];
                  sales.push(t.till.pay({ payments }));
                } else {
                  const sold = sales[step.sale % Math.max(sales.length, 1)];
                  const line = sold?.lines[step.line % sold.lines.length];
                  if (!sold || !line) continue;
                  try {
                    t.till.refund({
                      ticketNumber: sold.number ?? 0,
                      method: step.method,
                      ...(step.whole ? {} : { lines: [{ lineId: line.id, quantity: 1000 }] }),
                    });
                  } catch {
                    // Refunded already: the till says so, and there is nothing to send.
                  }
                }
              }
              t.till.closeSession({ counts: {} });
              const chain: ChainState = { journalSeq: 0, hash: GENESIS_HASH };
              const book: SaleBook = new Map();
              for (const event of outboxEvents(t.db)) {
                const verdict = verifyEvent(event.type, event.payload, chain, book);
                expect(verdict.ok ? 'accepted' : verdict.reason).toBe('accepted');
                if (verdict.ok && verdict.ticket) recordTicket(verdict.ticket, book);
              }
            } finally {
              t.close();
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    Math.max(30_000, RUNS * 3_000),
  );
});
