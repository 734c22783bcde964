/**
 * Receipts (issue 3, section 9, figures 2 and 3): the tickets are rung up and paid on a test till
 * (test/support/till.ts, its fixture catalogue), their receipts taken from the receipts part (main/till/receipts.ts)
 * as the device hub takes them, and encoded as the hub does (encodeReceipt with width and locale).
 */
import { encodeReceipt } from '../drivers/printer/receipt';
import { type ReceiptDocument } from '../domain/receipt';
import { renderReceiptText, type ReceiptWidth } from '../domain/receipt-text';
import type { Locale } from '../domain/money';
import type { TicketView } from '../main/till/ticket-view';
import { FIXTURE, createTestTill, ean13, type TestTill } from '../test/support/till';
import * as tillReceipts from '../main/till/receipts';

export const RECEIPT_LOCALE: Locale = 'fr-BE';

/** 1.234 kg of apples, from a scale label. */
const WEIGHED_APPLES = ean13('210000101234');
/** Cheese at 5.99 €, from a price label. */
const LABELLED_CHEESE = ean13('230000400599');

export interface Receipts {
  /** 5 lines (one weighed), a member, paid in cash with change. */
  typical: { document: ReceiptDocument };
  /** 100 lines, a member, paid by card. */
  long: { document: ReceiptDocument };
}

function ringUp(t: TestTill, codes: readonly string[]): TicketView {
  for (const code of codes) t.till.addByBarcode({ code });
  const view = t.till.attachMember({ barcode: FIXTURE.memberCard });
  if (view.lines.length !== codes.length) {
    throw new Error(`Rang up ${view.lines.length} lines instead of ${codes.length}`);
  }
  return view;
}

function receiptOf(t: TestTill, paid: TicketView): ReceiptDocument {
  if (paid.status !== 'paid' || paid.number === null) throw new Error('The ticket was not paid');
  return tillReceipts.receipt(t.till.ctx, paid.number);
}

/** Rings up and pays both tickets on a throw-away test till; returns their receipts. */
export function makeReceipts(): Receipts {
  const t = createTestTill();
  try {
    t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
    t.till.openSession({ counts: { '2000': 5, '100': 10 } });

    const typicalCodes = [
      FIXTURE.milk.code,
      WEIGHED_APPLES,
      FIXTURE.soap.code,
      LABELLED_CHEESE,
      FIXTURE.milk.code,
    ];
    const typicalView = ringUp(t, typicalCodes);
    // The next note up from what is due: there is always change.
    const cash = (Math.floor(typicalView.due / 1000) + 1) * 1000;
    const typicalPaid = t.till.pay({ payments: [{ method: 'cash', amount: cash }] });
    if (typicalPaid.change <= 0) throw new Error('The typical ticket has no change');

    const longCodes = Array.from(
      { length: 100 },
      (_, i) => typicalCodes[i % typicalCodes.length] as string,
    );
    const longView = ringUp(t, longCodes);
    const longPaid = t.till.pay({ payments: [{ method: 'card', amount: longView.due }] });

    return {
      typical: { document: receiptOf(t, typicalPaid) },
      long: { document: receiptOf(t, longPaid) },
    };
  } finally {
    t.close();
  }
}

export function encode(document: ReceiptDocument, width: ReceiptWidth): Uint8Array {
  return encodeReceipt(document, { width, locale: RECEIPT_LOCALE });
}

/** The same receipt as plain text, one byte a character (as cp858 would have it), lines ended by LF. */
export function plainText(document: ReceiptDocument, width: ReceiptWidth): string {
  return renderReceiptText(document, { width, locale: RECEIPT_LOCALE }).join('\n') + '\n';
}
