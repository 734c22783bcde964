/**
 * The documents the till's journal keeps, one schema per document type, joined in one
 * discriminated union on `docType`. The till builds each document with its type (a document
 * missing a field does not compile) and the central server verifies what it receives with the
 * same schemas, so both read one definition.
 *
 * The schemas describe the documents this version writes. The journal is append-only: an entry
 * written by an older till keeps its older shape (a ticket's member before member statuses, for
 * one, which is why `memberSnapshotSchema` names both).
 *
 * In the journal, each payload is the document followed by the till's grand totals
 * (`journalPayloadSchema`).
 */
import { z } from 'zod';

const cents = z.number().int();
// Bounded so that what the server keeps of a document stays small; the till's are UUIDs and ISO times.
const id = z.string().min(1).max(100);
const userId = z.number().int();
const timestamp = z.string().min(1).max(40);
const paymentKind = z.enum(['cash', 'card', 'voucher', 'transfer', 'other']);

/**
 * A discount as kept on a line or a ticket: approvedBy, the manager who allowed a large one;
 * label, the coop's discount label it was scanned from (the label is its authority).
 */
export const storedDiscountSchema = z.intersection(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('percent'), basisPoints: z.number().int() }),
    z.object({ kind: z.literal('amount'), cents }),
  ]),
  z.object({ approvedBy: userId.optional(), label: z.string().optional() }),
);
export type StoredDiscount = z.infer<typeof storedDiscountSchema>;

export const vatRowSchema = z.object({
  rateBp: z.number().int(),
  gross: cents,
  vat: cents,
  net: cents,
});

/** How many of each denomination: the key is the denomination in cents ("2000"). */
export const denominationCountsSchema = z.record(z.string(), z.number().int());

/** The member on a ticket as the till showed them when it was paid. */
const currentMemberSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  name: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  statusKnown: z.boolean(),
  mayShop: z.boolean(),
  block: z.enum(['soft', 'hard']).nullable(),
  mayShopOverride: z.boolean(),
  eaters: z.number().int(),
  eaterNames: z.array(z.string()),
});
/** The member as tickets kept them before the coop's own statuses (migration 0008). */
const pastMemberSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  name: z.string(),
  status: z.string(),
  eaters: z.number().int(),
  canShop: z.boolean(),
});
export const memberSnapshotSchema = z.union([currentMemberSchema, pastMemberSchema]);
export type MemberSnapshot = z.infer<typeof memberSnapshotSchema>;

/** A line as the journal keeps it: what was sold, at what price, and who changed the price. */
export const journalLineSchema = z.object({
  lineId: id,
  productId: z.number().int().nullable(),
  name: z.string(),
  barcode: z.string().nullable(),
  unit: z.enum(['piece', 'kg']),
  quantity: z.number().int(),
  unitPrice: cents,
  shelfPrice: cents,
  priceOverride: cents.nullable(),
  priceOverrideBy: userId.nullable(),
  discount: storedDiscountSchema.nullable(),
  vatRateBp: z.number().int(),
  gross: cents,
  lineDiscount: cents,
  ticketDiscountShare: cents,
  net: cents,
  refundOfLine: id.nullable(),
  /**
   * What the line did to the shelf, as the till wrote it in its stock ledger (a sale negative, a
   * refund positive; a price label on a kg product the weight its price bought at the price per
   * kg of the moment): the server books this delta, never recomputing it. Null for a line with
   * no product; absent from documents written before it.
   */
  stockDelta: z.number().int().nullable().optional(),
});
export type JournalLine = z.infer<typeof journalLineSchema>;

const paymentSchema = z.object({
  method: z.string().min(1),
  kind: paymentKind,
  amount: cents,
  rounding: cents,
});

/** A paid sale or refund: a refund's amounts are negative and it names the sale it refunds. */
const ticketDocumentFields = {
  ticketId: id,
  number: z.number().int(),
  refundOf: id.nullable(),
  sessionId: id,
  till: z.string(),
  cashierId: userId,
  /** Who was at the till when a manager approved (a refund): both are on record. */
  signedInUserId: userId.nullable(),
  member: memberSnapshotSchema.nullable(),
  closedAt: timestamp,
  lines: z.array(journalLineSchema).max(10_000),
  subtotal: cents,
  ticketDiscount: cents,
  ticketDiscountApprovedBy: userId.nullable(),
  total: cents,
  vat: z.array(vatRowSchema),
  payments: z.array(paymentSchema),
  rounding: cents,
  due: cents,
  change: cents,
  voucherExcess: cents,
  roundedAll: z.boolean(),
};
export const saleDocumentSchema = z.object({ kind: z.literal('sale'), ...ticketDocumentFields });
export const refundDocumentSchema = z.object({
  kind: z.literal('refund'),
  ...ticketDocumentFields,
});
export type TicketDocument =
  z.infer<typeof saleDocumentSchema> | z.infer<typeof refundDocumentSchema>;

/**
 * The ticket fields an older till did not write yet, as this version reads them. The journal is
 * append-only, so a document keeps the shape of the till that wrote it: before payment kinds
 * (till migration 0006) a payment had neither kind nor share of the rounding, and a ticket no
 * voucher excess nor rounded-all flag; before approved ticket discounts (0007), no approver.
 * These are the strict fields made optional, here only: the till writes with the strict schemas,
 * the server reads with these, and a field added to one reaches the other.
 */
const earlierTicketFields = {
  payments: z.array(paymentSchema.partial({ kind: true, rounding: true })),
  voucherExcess: cents.optional(),
  roundedAll: z.boolean().optional(),
  ticketDiscountApprovedBy: userId.nullable().optional(),
};
/** A sale or refund as a till of any version wrote it (what the central server reads). */
export const ticketDocumentAnyVersionSchema = z.discriminatedUnion('kind', [
  saleDocumentSchema.extend(earlierTicketFields),
  refundDocumentSchema.extend(earlierTicketFields),
]);
export type TicketDocumentAnyVersion = z.infer<typeof ticketDocumentAnyVersionSchema>;

/** A ticket cancelled while being rung up: counted on the Z report. */
export const cancellationDocumentSchema = z.object({
  ticketId: id,
  sessionId: id,
  cancelledBy: userId,
  closedAt: timestamp,
  lines: z.array(journalLineSchema),
  total: cents,
});

/** Cash put in the drawer (positive) or taken out of it (negative). */
export const cashMoveDocumentSchema = z.object({
  sessionId: id,
  amount: cents,
  reason: z.string(),
  userId,
  signedInUserId: userId.nullable(),
  createdAt: timestamp,
});

/** The drawer opened with no sale, by a manager; with the till closed, no session. */
export const drawerOpenDocumentSchema = z.object({
  sessionId: id.nullable(),
  reason: z.string(),
  by: userId,
  signedInUserId: userId.nullable(),
  at: timestamp,
});

export const sessionOpenDocumentSchema = z.object({
  sessionId: id,
  openedAt: timestamp,
  openedBy: userId,
  openingFloat: cents,
  counts: denominationCountsSchema,
});

/** Who let a ticket be paid that its member's status (or its lack of a member) held back. */
export const memberConsentDocumentSchema = z.object({
  ticketId: id,
  reason: z.enum(['no_member', 'member_may_not_shop']),
  memberId: z.number().int().nullable(),
  memberNumber: z.string().nullable(),
  status: z.string().nullable(),
  block: z.enum(['soft', 'hard']).nullable(),
  acknowledged: z.boolean(),
  approvedBy: userId.nullable(),
  cashierId: userId,
  at: timestamp,
});

/** The clock went back against the journal by more than a few minutes. */
export const clockStepBackDocumentSchema = z.object({
  sessionId: id.nullable(),
  from: timestamp,
  to: timestamp,
  stepSeconds: z.number(),
});

/** The till enrolled with a server, or forgot it: a manager's act, kept with who did it. */
export const syncEnrolmentDocumentSchema = z.object({
  act: z.enum(['enrol', 'unenrol']),
  /** The server's origin (never the token). */
  server: z.string(),
  /** The till's id on that server, once known. */
  tillId: z.number().int().nullable(),
  by: userId,
  at: timestamp,
});

/**
 * The till went into training or came out of it: a manager's act, kept with who did it. What is
 * sold in training is kept in a training copy of the database, never here; no money is in this.
 */
export const trainingDocumentSchema = z.object({
  act: z.enum(['start', 'end']),
  by: userId,
  signedInUserId: userId.nullable(),
  /** The real session open at the time, if any. */
  sessionId: id.nullable(),
  at: timestamp,
});

const methodTotalSchema = z.object({
  method: z.string(),
  kind: paymentKind,
  cash: z.boolean(),
  amount: cents,
});

/** The X/Z figures of a session (domain/session.ts, SessionReport). */
export const sessionReportSchema = z.object({
  openingFloat: cents,
  cashMoves: z.array(z.object({ amount: cents, reason: z.string() })),
  cashIn: cents,
  cashOut: cents,
  byMethod: z.array(methodTotalSchema),
  paymentsTotal: cents,
  // Absent from the Z reports closed before them.
  byMethodNet: z.array(methodTotalSchema).optional(),
  paymentsNet: cents.optional(),
  cashReceived: cents,
  changeGiven: cents,
  cashNet: cents,
  roundingTotal: cents,
  roundingByKind: z.array(z.object({ kind: paymentKind, amount: cents })),
  voucherExcess: cents,
  clockSteps: z.array(z.object({ from: timestamp, to: timestamp, stepSeconds: z.number() })),
  expectedCash: cents,
  countedCash: cents.nullable(),
  countedLines: z
    .array(z.object({ denomination: cents, count: z.number().int(), amount: cents }))
    .nullable(),
  difference: cents.nullable(),
  tickets: z.object({
    sales: z.number().int(),
    refunds: z.number().int(),
    cancellations: z.number().int(),
  }),
  totals: z.object({ sales: cents, refunds: cents, net: cents }),
  vat: z.array(vatRowSchema),
  salesVat: z.array(vatRowSchema),
  refundsVat: z.array(vatRowSchema),
  byCategory: z.array(z.object({ category: z.string(), amount: cents })),
  grandTotalBefore: cents,
  grandTotalAfter: cents,
  unexplained: cents,
});

/** The session closed, with its Z report. */
export const zReportDocumentSchema = z.object({
  sessionId: id,
  closedAt: timestamp,
  closedBy: userId,
  report: sessionReportSchema,
});

/** Every document the journal keeps, by its type: the journal's doc_type and the outbox's type. */
export const journalDocumentSchema = z.discriminatedUnion('docType', [
  z.object({ docType: z.literal('sale'), document: saleDocumentSchema }),
  z.object({ docType: z.literal('refund'), document: refundDocumentSchema }),
  z.object({ docType: z.literal('cancellation'), document: cancellationDocumentSchema }),
  z.object({ docType: z.literal('cash_move'), document: cashMoveDocumentSchema }),
  z.object({ docType: z.literal('drawer_open'), document: drawerOpenDocumentSchema }),
  z.object({ docType: z.literal('session_open'), document: sessionOpenDocumentSchema }),
  z.object({ docType: z.literal('z_report'), document: zReportDocumentSchema }),
  z.object({ docType: z.literal('member_consent'), document: memberConsentDocumentSchema }),
  z.object({ docType: z.literal('clock_step_back'), document: clockStepBackDocumentSchema }),
  z.object({ docType: z.literal('sync_enrolment'), document: syncEnrolmentDocumentSchema }),
  z.object({ docType: z.literal('training'), document: trainingDocumentSchema }),
]);
export type JournalDocument = z.infer<typeof journalDocumentSchema>;

/**
 * The Z report fields a till from before payment kinds (migration 0006) did not write: its
 * methods had no kind, its rounding was all on cash, it had no voucher excess and no clock steps
 * (domain/session.ts, storedSessionReport, reads such a report for printing).
 */
const earlierReportFields = {
  byMethod: z.array(methodTotalSchema.partial({ kind: true })),
  roundingByKind: sessionReportSchema.shape.roundingByKind.optional(),
  voucherExcess: cents.optional(),
  clockSteps: sessionReportSchema.shape.clockSteps.optional(),
};

/**
 * Every document as a till of any version wrote it: the strict schemas, with the fields added
 * since tills were in use optional (tickets and Z reports; the other documents kept their shape).
 * The central server verifies what it receives with this.
 */
export const journalDocumentAnyVersionSchema = z.discriminatedUnion('docType', [
  z.object({ docType: z.literal('sale'), document: ticketDocumentAnyVersionSchema.options[0] }),
  z.object({ docType: z.literal('refund'), document: ticketDocumentAnyVersionSchema.options[1] }),
  z.object({ docType: z.literal('cancellation'), document: cancellationDocumentSchema }),
  z.object({ docType: z.literal('cash_move'), document: cashMoveDocumentSchema }),
  z.object({ docType: z.literal('drawer_open'), document: drawerOpenDocumentSchema }),
  z.object({ docType: z.literal('session_open'), document: sessionOpenDocumentSchema }),
  z.object({
    docType: z.literal('z_report'),
    document: zReportDocumentSchema.extend({
      report: sessionReportSchema.extend(earlierReportFields),
    }),
  }),
  z.object({ docType: z.literal('member_consent'), document: memberConsentDocumentSchema }),
  z.object({ docType: z.literal('clock_step_back'), document: clockStepBackDocumentSchema }),
  z.object({ docType: z.literal('sync_enrolment'), document: syncEnrolmentDocumentSchema }),
  z.object({ docType: z.literal('training'), document: trainingDocumentSchema }),
]);
export type JournalDocumentAnyVersion = z.infer<typeof journalDocumentAnyVersionSchema>;
export type CancellationDocument = z.infer<typeof cancellationDocumentSchema>;
export type CashMoveDocument = z.infer<typeof cashMoveDocumentSchema>;
export type DrawerOpenDocument = z.infer<typeof drawerOpenDocumentSchema>;
export type SessionOpenDocument = z.infer<typeof sessionOpenDocumentSchema>;
export type ZReportDocument = z.infer<typeof zReportDocumentSchema>;
export type MemberConsentDocument = z.infer<typeof memberConsentDocumentSchema>;
export type ClockStepBackDocument = z.infer<typeof clockStepBackDocumentSchema>;
export type SyncEnrolmentDocument = z.infer<typeof syncEnrolmentDocumentSchema>;
export type TrainingDocument = z.infer<typeof trainingDocumentSchema>;
export type JournalDocType = JournalDocument['docType'];

/** The till's perpetual totals since its first sale, carried in every entry (cents). */
export const grandTotalsSchema = z.object({ sales: cents, refunds: cents });
export type GrandTotals = z.infer<typeof grandTotalsSchema>;

/**
 * A journal entry's payload is its document with the grand totals after it: this reads the
 * totals (the document is read by journalDocumentSchema).
 */
export const journalPayloadSchema = z.object({ grandTotals: grandTotalsSchema });
export type JournalPayload = JournalDocument['document'] & { grandTotals: GrandTotals };

/**
 * What the till sends the server for each journal entry (the outbox's payload, as JSON). The
 * entry's hash is SHA-256(previous hash + the canonical JSON (RFC 8785) of `document`): the
 * server canonicalises the document it receives to check it.
 */
export interface OutboxJournalPayload {
  journalSeq: number;
  hash: string;
  document: JournalPayload;
}
