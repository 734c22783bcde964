import { describe, expect, it } from 'vitest';
import {
  journalDocumentAnyVersionSchema,
  journalDocumentSchema,
  journalPayloadSchema,
  ticketDocumentAnyVersionSchema,
  type TicketDocument,
} from '../../domain/journal-documents';
import { computeSessionReport } from '../../domain/session';

/**
 * The journal's documents as this version writes them (strict) and as the server reads them from
 * a till of any version: the fields added since tills were in use are optional there, and only
 * there.
 */

const sale: TicketDocument = {
  kind: 'sale',
  ticketId: '0190a1b2-0000-7000-8000-000000000001',
  number: 12,
  refundOf: null,
  sessionId: '0190a1b2-0000-7000-8000-000000000002',
  till: 'Till 1',
  cashierId: 2,
  signedInUserId: 2,
  member: null,
  closedAt: '2026-03-02T10:15:00.000Z',
  lines: [
    {
      lineId: '0190a1b2-0000-7000-8000-000000000003',
      productId: 1,
      name: 'Lait demi-écrémé',
      barcode: '5410000000011',
      unit: 'piece',
      quantity: 1000,
      unitPrice: 129,
      shelfPrice: 129,
      priceOverride: null,
      priceOverrideBy: null,
      discount: null,
      vatRateBp: 600,
      gross: 129,
      lineDiscount: 0,
      ticketDiscountShare: 0,
      net: 129,
      refundOfLine: null,
      stockDelta: -1000,
    },
  ],
  subtotal: 129,
  ticketDiscount: 0,
  ticketDiscountApprovedBy: null,
  total: 129,
  vat: [{ rateBp: 600, gross: 129, vat: 7, net: 122 }],
  payments: [{ method: 'cash', kind: 'cash', amount: 200, rounding: 1 }],
  rounding: 1,
  due: 130,
  change: 70,
  voucherExcess: 0,
  roundedAll: false,
};

/** The object with these fields left out. */
function without(object: object, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

/** The same sale as a till from before payment kinds journaled it. */
function olderSale(): Record<string, unknown> {
  const older = without(sale, 'voucherExcess', 'roundedAll', 'ticketDiscountApprovedBy');
  return { ...older, payments: [{ method: 'cash', amount: 200 }] };
}

const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((issue) => issue.path.join('.')).sort();

describe('a ticket document', () => {
  it('as this version writes it reads the same, strictly and for any version', () => {
    expect(journalDocumentSchema.parse({ docType: 'sale', document: sale }).document).toEqual(sale);
    expect(ticketDocumentAnyVersionSchema.parse(sale)).toEqual(sale);
    const refund = { ...sale, kind: 'refund' as const, refundOf: sale.ticketId };
    expect(ticketDocumentAnyVersionSchema.parse(refund)).toEqual(refund);
    expect(
      journalDocumentAnyVersionSchema.parse({ docType: 'refund', document: refund }).document,
    ).toEqual(refund);
  });

  it('from before payment kinds is refused strictly, and read for any version as it is', () => {
    const older = olderSale();
    const strict = journalDocumentSchema.safeParse({ docType: 'sale', document: older });
    expect(issuePaths(strict)).toEqual([
      'document.payments.0.kind',
      'document.payments.0.rounding',
      'document.roundedAll',
      'document.ticketDiscountApprovedBy',
      'document.voucherExcess',
    ]);
    expect(ticketDocumentAnyVersionSchema.parse(older)).toEqual(older);
    expect(
      journalDocumentAnyVersionSchema.parse({ docType: 'sale', document: older }).document,
    ).toEqual(older);
    // Each later field alone may be missing, and each may be there.
    for (const later of ['voucherExcess', 'roundedAll', 'ticketDiscountApprovedBy'] as const) {
      expect(ticketDocumentAnyVersionSchema.safeParse(without(sale, later)).success, later).toBe(
        true,
      );
    }
    const noRounding = { ...sale, payments: [{ method: 'cash', kind: 'cash', amount: 200 }] };
    expect(ticketDocumentAnyVersionSchema.safeParse(noRounding).success).toBe(true);
  });

  it('of any version still refuses what no till writes, naming the field', () => {
    const refused = (document: Record<string, unknown>) =>
      issuePaths(ticketDocumentAnyVersionSchema.safeParse(document));
    expect(
      refused({ ...sale, payments: [{ method: 'cash', kind: 'bitcoin', amount: 200 }] }),
    ).toEqual(['payments.0.kind']);
    expect(refused({ ...sale, payments: [{ method: '', amount: 200 }] })).toEqual([
      'payments.0.method',
    ]);
    expect(refused({ ...sale, payments: [{ method: 'cash', amount: 2.5 }] })).toEqual([
      'payments.0.amount',
    ]);
    expect(refused({ ...sale, voucherExcess: 0.5 })).toEqual(['voucherExcess']);
    expect(refused({ ...sale, roundedAll: 'no' })).toEqual(['roundedAll']);
    expect(refused({ ...sale, ticketDiscountApprovedBy: 'manager' })).toEqual([
      'ticketDiscountApprovedBy',
    ]);
    expect(refused(without(sale, 'total'))).toEqual(['total']);
    expect(refused({ ...sale, kind: 'gift' })).toEqual(['kind']);
    // Ids and times are bounded: the till's are UUIDs and ISO times.
    expect(refused({ ...sale, ticketId: '' })).toEqual(['ticketId']);
    expect(refused({ ...sale, ticketId: 'x'.repeat(101) })).toEqual(['ticketId']);
    expect(refused({ ...sale, ticketId: 'x'.repeat(100) })).toEqual([]);
    expect(refused({ ...sale, closedAt: '' })).toEqual(['closedAt']);
    expect(refused({ ...sale, closedAt: 'x'.repeat(41) })).toEqual(['closedAt']);
    expect(refused({ ...sale, closedAt: 'x'.repeat(40) })).toEqual([]);
    const line = sale.lines[0] as TicketDocument['lines'][number];
    expect(refused({ ...sale, lines: Array.from({ length: 10_001 }, () => line) })).toEqual([
      'lines',
    ]);
    expect(refused({ ...sale, lines: [{ ...line, unit: 'litre' }] })).toEqual(['lines.0.unit']);
  });

  it('is read under its own type only', () => {
    expect(
      journalDocumentAnyVersionSchema.safeParse({ docType: 'refund', document: sale }).success,
    ).toBe(false);
    expect(
      journalDocumentAnyVersionSchema.safeParse({ docType: 'cash_move', document: sale }).success,
    ).toBe(false);
    expect(
      journalDocumentAnyVersionSchema.safeParse({ docType: 'gift', document: sale }).success,
    ).toBe(false);
  });
});

describe('a Z report document', () => {
  const report = computeSessionReport({
    openingFloat: 10_000,
    cashMoves: [],
    payments: [{ method: 'cash', kind: 'cash', amount: 200 }],
    changeGiven: 70,
    roundingTotal: 1,
    tickets: { sales: 1, refunds: 0, cancellations: 0 },
    sales: [{ rateBp: 600, gross: 129 }],
    refunds: [],
    byCategory: [],
    grandTotalBefore: 0,
  });
  const z = {
    sessionId: sale.sessionId,
    closedAt: '2026-03-02T18:00:00.000Z',
    closedBy: 1,
    report,
  };
  /** As a till from before payment kinds closed it. */
  const older = {
    ...z,
    report: {
      ...Object.fromEntries(
        Object.entries(report).filter(
          ([key]) =>
            ![
              'roundingByKind',
              'voucherExcess',
              'clockSteps',
              'byMethodNet',
              'paymentsNet',
            ].includes(key),
        ),
      ),
      byMethod: report.byMethod.map(({ method, cash, amount }) => ({ method, cash, amount })),
    },
  };

  it('as this version writes it reads the same, strictly and for any version', () => {
    expect(journalDocumentSchema.parse({ docType: 'z_report', document: z }).document).toEqual(z);
    expect(
      journalDocumentAnyVersionSchema.parse({ docType: 'z_report', document: z }).document,
    ).toEqual(z);
  });

  it('from before payment kinds is refused strictly, and read for any version as it is', () => {
    expect(
      issuePaths(journalDocumentSchema.safeParse({ docType: 'z_report', document: older })),
    ).toEqual([
      'document.report.byMethod.0.kind',
      'document.report.clockSteps',
      'document.report.roundingByKind',
      'document.report.voucherExcess',
    ]);
    expect(
      journalDocumentAnyVersionSchema.parse({ docType: 'z_report', document: older }).document,
    ).toEqual(older);
  });

  it('of any version still refuses a kind no till writes, or a figure not in cents', () => {
    const refused = (changes: Record<string, unknown>) =>
      issuePaths(
        journalDocumentAnyVersionSchema.safeParse({
          docType: 'z_report',
          document: { ...older, report: { ...older.report, ...changes } },
        }),
      );
    expect(
      refused({ byMethod: [{ method: 'cash', kind: 'bitcoin', cash: true, amount: 130 }] }),
    ).toEqual(['document.report.byMethod.0.kind']);
    expect(refused({ roundingByKind: [{ kind: 'bitcoin', amount: 1 }] })).toEqual([
      'document.report.roundingByKind.0.kind',
    ]);
    expect(refused({ voucherExcess: 0.5 })).toEqual(['document.report.voucherExcess']);
    expect(refused({ clockSteps: [{ from: '', to: '', stepSeconds: 1 }] })).toEqual([
      'document.report.clockSteps.0.from',
      'document.report.clockSteps.0.to',
    ]);
    expect(refused({ expectedCash: 1.5 })).toEqual(['document.report.expectedCash']);
  });
});

describe('the other documents', () => {
  const move = {
    sessionId: sale.sessionId,
    amount: 500,
    reason: 'Change from the safe',
    userId: 1,
    signedInUserId: null,
    createdAt: '2026-03-02T11:00:00.000Z',
  };
  it('read for any version as strictly: they kept their shape', () => {
    expect(
      journalDocumentAnyVersionSchema.parse({ docType: 'cash_move', document: move }).document,
    ).toEqual(move);
    const noSignedIn = without(move, 'signedInUserId');
    for (const schema of [journalDocumentSchema, journalDocumentAnyVersionSchema]) {
      expect(
        issuePaths(schema.safeParse({ docType: 'cash_move', document: { ...move, amount: 5.5 } })),
      ).toEqual(['document.amount']);
      expect(issuePaths(schema.safeParse({ docType: 'cash_move', document: noSignedIn }))).toEqual([
        'document.signedInUserId',
      ]);
    }
  });
});

describe('every document type', () => {
  const at = '2026-03-02T11:00:00.000Z';
  const session = sale.sessionId;
  const line = sale.lines[0] as TicketDocument['lines'][number];
  const current = {
    id: 7,
    number: '0042',
    name: 'Anne',
    status: 'alert',
    statusLabel: 'Alerte',
    statusKnown: true,
    mayShop: true,
    block: 'soft',
    mayShopOverride: false,
    eaters: 2,
    eaterNames: ['Jo', 'Lou'],
  };
  const past = {
    id: 7,
    number: '0042',
    name: 'Anne',
    status: 'up_to_date',
    eaters: 2,
    canShop: true,
  };
  const report = computeSessionReport({
    openingFloat: 10_000,
    cashMoves: [{ amount: -2000, reason: 'Bank' }],
    payments: [
      { method: 'cash', kind: 'cash', amount: 200 },
      { method: 'iban', kind: 'transfer', amount: 129 },
    ],
    changeGiven: 70,
    roundingTotal: 1,
    tickets: { sales: 2, refunds: 0, cancellations: 0 },
    sales: [{ rateBp: 600, gross: 258 }],
    refunds: [],
    byCategory: [{ category: 'Dairy', amount: 258 }],
    grandTotalBefore: 0,
    countedDenominations: { '2000': 4 },
  });
  const samples: Record<string, Record<string, unknown>[]> = {
    sale: [
      sale,
      {
        ...sale,
        member: current,
        lines: [
          { ...line, unit: 'kg', discount: { kind: 'percent', basisPoints: 1000, approvedBy: 1 } },
          { ...line, discount: { kind: 'amount', cents: 10, label: 'Promo' } },
        ],
        payments: ['cash', 'card', 'voucher', 'transfer', 'other'].map((kind) => ({
          method: kind,
          kind,
          amount: 1,
          rounding: 0,
        })),
      },
      { ...sale, member: { ...current, block: 'hard' } },
      { ...sale, member: { ...current, block: null } },
      { ...sale, member: past },
    ],
    refund: [{ ...sale, kind: 'refund', refundOf: sale.ticketId, member: past }],
    cancellation: [
      {
        ticketId: sale.ticketId,
        sessionId: session,
        cancelledBy: 2,
        closedAt: at,
        lines: [line],
        total: 129,
      },
    ],
    cash_move: [
      {
        sessionId: session,
        amount: -2000,
        reason: 'Bank',
        userId: 1,
        signedInUserId: 2,
        createdAt: at,
      },
    ],
    drawer_open: [{ sessionId: null, reason: 'Change', by: 1, signedInUserId: null, at }],
    session_open: [
      {
        sessionId: session,
        openedAt: at,
        openedBy: 1,
        openingFloat: 10_000,
        counts: { '2000': 5 },
      },
    ],
    z_report: [{ sessionId: session, closedAt: at, closedBy: 1, report }],
    member_consent: [
      {
        ticketId: sale.ticketId,
        reason: 'no_member',
        memberId: null,
        memberNumber: null,
        status: null,
        block: null,
        acknowledged: true,
        approvedBy: null,
        cashierId: 2,
        at,
      },
      {
        ticketId: sale.ticketId,
        reason: 'member_may_not_shop',
        memberId: 7,
        memberNumber: '0042',
        status: 'suspended',
        block: 'soft',
        acknowledged: true,
        approvedBy: 1,
        cashierId: 2,
        at,
      },
      {
        ticketId: sale.ticketId,
        reason: 'member_may_not_shop',
        memberId: 7,
        memberNumber: '0042',
        status: 'blocked',
        block: 'hard',
        acknowledged: false,
        approvedBy: 1,
        cashierId: 2,
        at,
      },
    ],
    clock_step_back: [
      { sessionId: null, from: at, to: '2026-03-02T10:00:00.000Z', stepSeconds: 3600 },
    ],
    sync_enrolment: [
      { act: 'enrol', server: 'https://coop.example', tillId: 3, by: 1, at },
      { act: 'unenrol', server: 'https://coop.example', tillId: null, by: 1, at },
    ],
    training: [
      { act: 'start', by: 1, signedInUserId: 2, sessionId: session, at },
      { act: 'end', by: 1, signedInUserId: null, sessionId: null, at },
    ],
  };

  it('reads as it was written under its own type, strictly and for any version, and under no other', () => {
    expect(
      report.cashMoves.length + (report.countedLines ?? []).length + report.byCategory.length,
    ).toBe(3);
    for (const [docType, documents] of Object.entries(samples)) {
      for (const document of documents) {
        for (const schema of [journalDocumentSchema, journalDocumentAnyVersionSchema]) {
          const read = schema.safeParse({ docType, document });
          expect(read.error, docType).toBeUndefined();
          expect(read.data?.document, docType).toEqual(document);
          for (const other of Object.keys(samples).filter((type) => type !== docType)) {
            expect(
              schema.safeParse({ docType: other, document }).success,
              `${docType} as ${other}`,
            ).toBe(false);
          }
        }
      }
    }
  });

  it('refuses a value its lists do not name', () => {
    const refused = (docType: string, document: Record<string, unknown>) =>
      issuePaths(journalDocumentAnyVersionSchema.safeParse({ docType, document }));
    const consent = samples.member_consent?.[0] ?? {};
    expect(refused('member_consent', { ...consent, reason: 'other' })).toEqual(['document.reason']);
    expect(refused('member_consent', { ...consent, block: 'none' })).toEqual(['document.block']);
    const enrol = samples.sync_enrolment?.[0] ?? {};
    expect(refused('sync_enrolment', { ...enrol, act: 'forget' })).toEqual(['document.act']);
    const training = samples.training?.[0] ?? {};
    expect(refused('training', { ...training, act: 'pause' })).toEqual(['document.act']);
    expect(refused('sale', { ...sale, member: { ...current, block: 'none' } })).toEqual([
      'document.member',
    ]);
    expect(
      refused('sale', { ...sale, lines: [{ ...line, discount: { kind: 'percent', cents: 5 } }] }),
    ).toEqual(['document.lines.0.discount.basisPoints']);
  });

  it("carries the till's grand totals beside the document", () => {
    const totals = { sales: 129, refunds: -129 };
    expect(journalPayloadSchema.parse({ ...sale, grandTotals: totals })).toEqual({
      grandTotals: totals,
    });
    expect(journalPayloadSchema.safeParse({ ...sale, grandTotals: { sales: 129 } }).success).toBe(
      false,
    );
  });
});
