import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE, createTestTill, ean13, type TestTill } from '../support/till';
import { setSetting } from '../../db/settings';
import { renderReceiptText, renderSessionReportText } from '../../domain/receipt-text';
import { TillError } from '../../domain/errors';
import { SETTING_KEYS } from '../../main/till/settings';
import * as tillReceipts from '../../main/till/receipts';

let t: TestTill;
beforeEach(() => {
  t = createTestTill();
  setSetting(t.db, SETTING_KEYS.paymentMethods, [
    { id: 'cash', label: '', kind: 'cash' },
    { id: 'card', label: '', kind: 'card' },
    { id: 'meal_voucher', label: 'Chèque-repas', kind: 'voucher' },
    { id: 'transfer', label: 'Virement', kind: 'transfer' },
  ]);
  t.till.ctx.reloadSettings();
  t.till.signIn({ userId: t.managerId, pin: FIXTURE.managerPin });
  t.till.openSession({ counts: { '2000': 5, '100': 10 } });
});
afterEach(() => t.close());

/** A ticket of exactly `cents`, from a price label (6 % VAT). */
function ringUp(cents: number): void {
  t.till.addByBarcode({ code: ean13(`2300004${String(cents).padStart(5, '0')}`) });
}

function receiptText(number: number | null): string[] {
  const receipt = tillReceipts.receipt(t.till.ctx, number ?? 0);
  return renderReceiptText(receipt, { width: 42, locale: 'en' }).map(squeeze);
}

const squeeze = (line: string) => line.replace(/ +/g, ' ').trim();
const money = (cents: number) => `€${(cents / 100).toFixed(2)}`;
const signed = (cents: number) => `${cents > 0 ? '+' : '-'}€${(Math.abs(cents) / 100).toFixed(2)}`;

interface Case {
  what: string;
  total: number;
  payments: { method: string; amount: number }[];
  rounding: number;
  change: number;
  /** Rounding on the Z per payment kind. */
  byKind: Record<string, number>;
}

const CASES: Case[] = [
  {
    what: '10.04: 5.00 by card, the cash part 5.04 paid 5.05',
    total: 1004,
    payments: [
      { method: 'card', amount: 500 },
      { method: 'cash', amount: 505 },
    ],
    rounding: 1,
    change: 0,
    byKind: { cash: 1 },
  },
  {
    what: '10.04: 5.00 in cash first, the rest 5.04 by card: no rounding',
    total: 1004,
    payments: [
      { method: 'cash', amount: 500 },
      { method: 'card', amount: 504 },
    ],
    rounding: 0,
    change: 0,
    byKind: {},
  },
  // The law's table: endings 1, 2 -> 0; 3 to 7 -> 5; 8, 9 -> 10.
  ...[
    [1, -1],
    [2, -2],
    [3, 2],
    [4, 1],
    [5, 0],
    [6, -1],
    [7, -2],
    [8, 2],
    [9, 1],
  ].map(([ending = 0, rounding = 0]): Case => ({
    what: `12.3${ending} in cash`,
    total: 1230 + ending,
    payments: [{ method: 'cash', amount: 2000 }],
    rounding,
    change: 2000 - (1230 + ending + rounding),
    byKind: rounding === 0 ? {} : { cash: rounding },
  })),
  {
    what: '0.02 in cash: not rounded away (5 cents or less)',
    total: 2,
    payments: [{ method: 'cash', amount: 10 }],
    rounding: 0,
    change: 8,
    byKind: {},
  },
  {
    what: '0.07 in cash: above 5 cents, 0.05',
    total: 7,
    payments: [{ method: 'cash', amount: 5 }],
    rounding: -2,
    change: 0,
    byKind: { cash: -2 },
  },
  {
    what: '12.34 by meal voucher: never rounded',
    total: 1234,
    payments: [{ method: 'meal_voucher', amount: 1234 }],
    rounding: 0,
    change: 0,
    byKind: {},
  },
  {
    what: '12.34 by transfer: never rounded',
    total: 1234,
    payments: [{ method: 'transfer', amount: 1234 }],
    rounding: 0,
    change: 0,
    byKind: {},
  },
  {
    what: '12.34: a 10.00 meal voucher, 2.34 left in cash paid 2.35 from a 5 € note',
    total: 1234,
    payments: [
      { method: 'meal_voucher', amount: 1000 },
      { method: 'cash', amount: 500 },
    ],
    rounding: 1,
    change: 265,
    byKind: { cash: 1 },
  },
];

describe('cash rounding through pay, the receipt and the Z report', () => {
  it.each(CASES)('$what', ({ total, payments, rounding, change, byKind }) => {
    ringUp(total);
    const paid = t.till.pay({ payments });
    expect(paid.totals.total).toBe(total);
    expect(paid.rounding).toBe(rounding);
    expect(paid.due).toBe(total + rounding);
    expect(paid.change).toBe(change);
    // The receipt shows the unrounded total, then the rounding and the rounded amount.
    const text = receiptText(paid.number);
    expect(text).toContain(`TOTAL ${money(total)}`);
    if (rounding === 0) expect(text.some((line) => line.startsWith('Rounding'))).toBe(false);
    else {
      expect(text).toContain(`Rounding ${signed(rounding)}`);
      expect(text).toContain(`To pay ${money(total + rounding)}`);
    }
    expect(text.some((line) => line.includes('always rounded'))).toBe(false);
    // The Z counts the rounding per payment kind, and every cent is explained.
    const z = t.till.closeSession({ counts: {} });
    expect(Object.fromEntries(z.roundingByKind.map((row) => [row.kind, row.amount]))).toEqual(
      byKind,
    );
    expect(z.roundingTotal).toBe(rounding);
    expect(z.unexplained).toBe(0);
    const session = t.till.currentSession() ?? t.db.prepare('SELECT id FROM sessions').get();
    const zText = renderSessionReportText(
      tillReceipts.zReportDocument(t.till.ctx, (session as { id: string }).id),
      {
        width: 42,
        locale: 'en',
      },
    ).map(squeeze);
    for (const [kind, amount] of Object.entries(byKind)) {
      expect(zText).toContain(`${kind} ${signed(amount)}`);
    }
  });

  it('refuses a voucher worth more than is left, or keeps the excess when the coop says so', () => {
    ringUp(850);
    const refused = (() => {
      try {
        t.till.pay({ payments: [{ method: 'meal_voucher', amount: 1000 }] });
      } catch (error) {
        if (error instanceof TillError) return error;
      }
      throw new Error('a voucher gave change');
    })();
    expect(refused.code).toBe('payment.voucher_excess');
    setSetting(t.db, SETTING_KEYS.voucherExcess, 'keep');
    t.till.ctx.reloadSettings();
    const paid = t.till.pay({ payments: [{ method: 'meal_voucher', amount: 1000 }] });
    expect(paid).toMatchObject({ due: 850, change: 0, voucherExcess: 150 });
    expect(receiptText(paid.number)).toContain('Voucher excess (no change) €1.50');
    const z = t.till.closeSession({ counts: {} });
    expect(z.voucherExcess).toBe(150);
    expect(z.unexplained).toBe(0);
  });

  it('rounds every method when the coop chooses to, with the legal notice on the receipt', () => {
    setSetting(t.db, SETTING_KEYS.roundAll, true);
    t.till.ctx.reloadSettings();
    ringUp(1004);
    const paid = t.till.pay({ payments: [{ method: 'card', amount: 1005 }] });
    expect(paid).toMatchObject({ rounding: 1, due: 1005 });
    const notices = {
      'fr-BE': 'Le montant total est toujours arrondi',
      'nl-BE': 'Het totaalbedrag wordt steeds afgerond',
      en: 'The total is always rounded',
    } as const;
    for (const [locale, notice] of Object.entries(notices)) {
      const text = renderReceiptText(tillReceipts.receipt(t.till.ctx, paid.number ?? 0), {
        width: 42,
        locale: locale as keyof typeof notices,
      });
      expect(text.map((line) => line.trim())).toContain(notice);
    }
    // A reprint keeps the notice once the coop stops rounding every method; new tickets don't.
    setSetting(t.db, SETTING_KEYS.roundAll, false);
    t.till.ctx.reloadSettings();
    expect(receiptText(paid.number)).toContain(notices.en);
    ringUp(1004);
    const card = t.till.pay({ payments: [{ method: 'card', amount: 1004 }] });
    expect(card.rounding).toBe(0);
    expect(receiptText(card.number)).not.toContain(notices.en);
    const z = t.till.closeSession({ counts: {} });
    expect(z.roundingByKind).toEqual([{ kind: 'card', amount: 1 }]);
  });
});

describe('payment methods stored before kinds', () => {
  it('are read by their cash flag: cash, a meal voucher as a voucher, anything else as other', () => {
    setSetting(t.db, SETTING_KEYS.paymentMethods, [
      { id: 'cash', label: 'Espèces', cash: true },
      { id: 'meal_voucher', label: 'Chèque-repas', cash: false },
      { id: 'card', label: 'Carte', cash: false },
    ]);
    t.till.ctx.reloadSettings();
    expect(t.till.settings().paymentMethods.map((method) => method.kind)).toEqual([
      'cash',
      'voucher',
      'other',
    ]);
    // Paid as before: a non-cash method is not rounded and can't be overpaid.
    ringUp(1004);
    expect(t.till.pay({ payments: [{ method: 'card', amount: 1004 }] }).rounding).toBe(0);
  });
});
