import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE, createTestTill, type TestTill } from '../support/till';
import { journalDocumentSchema, journalPayloadSchema } from '../../domain/journal-documents';

/**
 * The journal's documents as the central server will read them: every document type the till
 * writes, from real operations, checked with the schemas domain/ exports for the server.
 */

interface JournalRow {
  seq: number;
  docType: string;
  payload: string;
  prevHash: string;
  hash: string;
}

let t: TestTill;
beforeEach(() => {
  t = createTestTill();
});
afterEach(() => t.close());

const journal = (): JournalRow[] =>
  t.db
    .prepare<[], JournalRow>(
      'SELECT seq, doc_type AS docType, payload, prev_hash AS prevHash, hash FROM journal ORDER BY seq',
    )
    .all();

/** A day that journals each kind of document at least once. */
function aDayWithEveryDocument(): void {
  const manager = { userId: t.managerId, pin: FIXTURE.managerPin };
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  t.till.openSession({ counts: { '2000': 5 } }); // session_open
  t.till.cashMove({ amount: 500, reason: 'Change from the safe' }); // cash_move
  t.till.openDrawer({ reason: 'Change for the market stall', approval: manager }); // drawer_open
  t.till.addByBarcode({ code: FIXTURE.milk.code });
  t.till.cancelTicket(); // cancellation
  t.clock.advance(60_000);
  t.till.addByBarcode({ code: FIXTURE.suspendedCard });
  t.till.addByBarcode({ code: FIXTURE.milk.code });
  t.till.addByBarcode({ code: FIXTURE.soap.code });
  // member_consent, then the sale
  const sale = t.till.pay({ payments: [{ method: 'cash', amount: 1000 }], acknowledged: true });
  t.clock.advance(-30 * 60_000);
  // clock_step_back, then the refund
  t.till.refund({ ticketNumber: sale.number ?? 0, method: 'cash', approval: manager });
  t.clock.advance(60 * 60_000);
  t.till.closeSession({ counts: { '2000': 5, '500': 1 }, approval: manager }); // z_report
}

describe('the journal documents', () => {
  it('are each described in full by the schema the server reads', () => {
    aDayWithEveryDocument();
    const rows = journal();
    expect(new Set(rows.map((row) => row.docType))).toEqual(
      new Set([
        'session_open',
        'cash_move',
        'drawer_open',
        'cancellation',
        'member_consent',
        'sale',
        'clock_step_back',
        'refund',
        'z_report',
      ]),
    );
    for (const row of rows) {
      const stored: unknown = JSON.parse(row.payload);
      const parsed = journalDocumentSchema.safeParse({ docType: row.docType, document: stored });
      expect(parsed.error, `entry ${row.seq} (${row.docType})`).toBeUndefined();
      const { grandTotals } = journalPayloadSchema.parse(stored);
      // Nothing the till wrote is unknown to the schema: read back, it is the same document.
      expect(canonicalize({ ...parsed.data?.document, grandTotals })).toBe(row.payload);
    }
  });

  it('reach the outbox so that the server can check each one against its hash', () => {
    aDayWithEveryDocument();
    const rows = journal();
    const outbox = t.db
      .prepare<[], { type: string; payload: string }>(
        'SELECT type, payload FROM outbox ORDER BY seq',
      )
      .all();
    expect(outbox.map((event) => event.type)).toEqual(rows.map((row) => row.docType));
    outbox.forEach((event, index) => {
      const row = rows[index];
      const sent = JSON.parse(event.payload) as {
        journalSeq: number;
        hash: string;
        document: unknown;
      };
      const hash = createHash('sha256')
        .update(row?.prevHash ?? '')
        .update(canonicalize(sent.document) ?? '')
        .digest('hex');
      expect({ journalSeq: sent.journalSeq, hash: sent.hash }).toEqual({
        journalSeq: row?.seq,
        hash: row?.hash,
      });
      expect(hash).toBe(row?.hash);
    });
  });

  it('refuse a document that lacks a field, or is filed under another type', () => {
    aDayWithEveryDocument();
    const sale = journal().find((row) => row.docType === 'sale');
    const document = JSON.parse(sale?.payload ?? '{}') as Record<string, unknown>;
    expect(journalDocumentSchema.safeParse({ docType: 'sale', document }).success).toBe(true);
    const withoutTotal = { ...document };
    delete withoutTotal.total;
    expect(
      journalDocumentSchema.safeParse({ docType: 'sale', document: withoutTotal }).success,
    ).toBe(false);
    expect(journalDocumentSchema.safeParse({ docType: 'refund', document }).success).toBe(false);
    expect(journalDocumentSchema.safeParse({ docType: 'cash_move', document }).success).toBe(false);
  });
});
