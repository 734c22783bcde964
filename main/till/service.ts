import type { SessionReport } from '../../domain/session';
import type { ReceiptDocument } from '../../domain/receipt';
import type { SessionReportDocument } from '../../domain/report-document';
import type { Product } from '../../db/catalog';
import type { SessionRow } from '../../db/sessions';
import type { TillSettings } from './settings';
import { TillContext, type Input, type SignedInUser, type TillServiceDeps } from './context';
import * as sessions from './sessions';
import * as selling from './selling';
import * as paying from './paying';
import * as receipts from './receipts';
import * as admin from './admin';
import type { MemberStatusView } from './admin';
import type { PrintQueueCounts } from '../../db/print-queue';
import type { UserChoiceRow } from '../../db/users';
import type { LineView, MemberView, TicketView } from './ticket-view';

export type { LineView, MemberStatusView, MemberView, SignedInUser, TicketView, TillServiceDeps };

/** A user as the sign-in picker lists them; `lockedUntil` only while wrong PINs lock them out. */
export type UserChoice = UserChoiceRow;

/**
 * The till: every operation a cashier or a manager does, on the till's database. Each operation
 * validates its input, checks who may do it, and changes the database in one transaction, or
 * refuses with a TillError and changes nothing. The operations live by part (sessions.ts,
 * selling.ts, paying.ts, receipts.ts) as functions of one shared TillContext; this class
 * delegates to them, so that callers see one API.
 */
export class TillService {
  private readonly ctx: TillContext;

  constructor(deps: TillServiceDeps) {
    this.ctx = new TillContext(deps);
  }

  // ---------------------------------------------------------------------------------------
  // Who is at the till

  signIn(input: Input<'signIn'>): SignedInUser {
    return sessions.signIn(this.ctx, input);
  }

  /** A badge (a `cashier` barcode) signs its user in without a PIN. */
  signInByBadge(input: Input<'signInByBadge'>): SignedInUser {
    return sessions.signInByBadge(this.ctx, input);
  }

  /** Whether a scanned code is a badge, to sign in with rather than sell. */
  isBadge(code: string): boolean {
    return sessions.isBadge(this.ctx, code);
  }

  signOut(): void {
    sessions.signOut(this.ctx);
  }

  /** The signed-in user's own language, kept for their next sign-in. */
  setMyLocale(input: Input<'setMyLocale'>): SignedInUser {
    return sessions.setMyLocale(this.ctx, input);
  }

  /** The active users, for the sign-in picker: works signed out. */
  users(): UserChoice[] {
    return sessions.userChoices(this.ctx);
  }

  signedIn(): SignedInUser | null {
    return sessions.signedIn(this.ctx);
  }

  // ---------------------------------------------------------------------------------------
  // Sessions

  currentSession(): SessionRow | null {
    return sessions.currentSession(this.ctx);
  }

  openSession(input: Input<'openSession'>): SessionRow {
    return sessions.openSession(this.ctx, input);
  }

  /** Cash put in the drawer (anyone signed in) or taken out of it (a manager's act). */
  cashMove(input: Input<'cashMove'>): { id: string; amount: number; reason: string } {
    return sessions.cashMove(this.ctx, input);
  }

  /** Opens the cash drawer with no sale: a manager's act, journaled with who did it. */
  openDrawer(input: Input<'openDrawer'>): void {
    sessions.openDrawer(this.ctx, input);
  }

  /** The running figures of the open session (X report): changes nothing. */
  xReport(): SessionReport {
    return sessions.xReport(this.ctx);
  }

  closeSession(input: Input<'closeSession'>): SessionReport {
    return sessions.closeSession(this.ctx, input);
  }

  // ---------------------------------------------------------------------------------------
  // Ringing up a ticket

  /** The ticket being rung up, if any: it survives a restart. */
  currentTicket(): TicketView | null {
    return selling.currentTicket(this.ctx);
  }

  startTicket(): TicketView {
    return selling.startTicket(this.ctx);
  }

  addByBarcode(input: Input<'addByBarcode'>): TicketView {
    return selling.addByBarcode(this.ctx, input);
  }

  /** A container's weight, from its tare label (or a weight label stuck on the empty container). */
  tareFromBarcode(code: string): number {
    return selling.tareFromBarcode(this.ctx, code);
  }

  addProduct(input: Input<'addProduct'>): TicketView {
    return selling.addProduct(this.ctx, input);
  }

  searchProducts(input: Input<'searchProducts'>): Product[] {
    return selling.searchProducts(this.ctx, input);
  }

  setQuantity(input: Input<'setQuantity'>): TicketView {
    return selling.setQuantity(this.ctx, input);
  }

  setPrice(input: Input<'setPrice'>): TicketView {
    return selling.setPrice(this.ctx, input);
  }

  setLineDiscount(input: Input<'setLineDiscount'>): TicketView {
    return selling.setLineDiscount(this.ctx, input);
  }

  setTicketDiscount(input: Input<'setTicketDiscount'>): TicketView {
    return selling.setTicketDiscount(this.ctx, input);
  }

  removeLine(input: Input<'removeLine'>): TicketView {
    return selling.removeLine(this.ctx, input);
  }

  attachMember(input: Input<'attachMember'>): TicketView {
    return selling.attachMember(this.ctx, input);
  }

  detachMember(): TicketView {
    return selling.detachMember(this.ctx);
  }

  /** Cancels the ticket being rung up; the cancellation is journaled and counted on the Z. */
  cancelDraft(): { cancelled: string | null } {
    return selling.cancelDraft(this.ctx);
  }

  // ---------------------------------------------------------------------------------------
  // Paying and refunding

  /** Pays the ticket being rung up: one transaction writes everything, or nothing. */
  pay(input: Input<'pay'>): TicketView {
    return paying.pay(this.ctx, input);
  }

  /** Refunds all or some lines of a paid ticket, as a new refund ticket pointing at it. */
  refund(input: Input<'refund'>): TicketView {
    return paying.refund(this.ctx, input);
  }

  // ---------------------------------------------------------------------------------------
  // Documents

  /** The Z report of a closed session, as a document for printer or screen. */
  zReportDocument(sessionId: string): SessionReportDocument {
    return receipts.zReportDocument(this.ctx, sessionId);
  }

  /** The receipt of a paid ticket (a reprint says DUPLICATA), as a document for printer or screen. */
  receipt(ticketNumber: number, options: { duplicate?: boolean } = {}): ReceiptDocument {
    return receipts.receipt(this.ctx, ticketNumber, options);
  }

  getTicket(ticketId: string): TicketView | null {
    return receipts.getTicket(this.ctx, ticketId);
  }

  getTicketByNumber(number: number): TicketView | null {
    return receipts.getTicketByNumber(this.ctx, number);
  }

  /** A paid ticket by its number typed, or its receipt's barcode scanned. */
  findTicket(input: Input<'findTicket'>): receipts.FoundTicket {
    return receipts.findTicket(this.ctx, input);
  }

  /** Receipts and reports waiting for the printer, and those that may not have printed. */
  printQueue(): PrintQueueCounts {
    return receipts.printQueue(this.ctx);
  }

  // ---------------------------------------------------------------------------------------
  // A manager's settings

  memberStatuses(): MemberStatusView[] {
    return admin.memberStatuses(this.ctx);
  }

  setMemberStatus(input: Input<'setMemberStatus'>): MemberStatusView[] {
    return admin.setMemberStatus(this.ctx, input);
  }

  updateSettings(input: Input<'updateSettings'>): TillSettings {
    return admin.updateSettings(this.ctx, input);
  }

  // ---------------------------------------------------------------------------------------
  // Settings and barcode rules

  /** The till's settings, read once: call reloadSettings() after they change. */
  settings(): TillSettings {
    return this.ctx.settings();
  }

  reloadSettings(): void {
    this.ctx.reloadSettings();
  }

  /** After the nomenclature rules change in the database (a catalogue pull, an import). */
  reloadNomenclature(): void {
    this.ctx.reloadNomenclature();
  }

  /** The manager who allows enrolling (or un-enrolling) the till: signed in or approving. */
  approveEnrolment(
    act: 'enrol' | 'unenrol',
    approval: Input<'updateSettings'>['approval'],
  ): SignedInUser {
    const { id, name, role, locale } = admin.approveEnrolment(this.ctx, act, approval);
    return { id, name, role, locale };
  }

  /** Applies an enrolment change and journals it, in one transaction. */
  journalEnrolment(entry: Parameters<typeof admin.journalEnrolment>[1], change: () => void): void {
    admin.journalEnrolment(this.ctx, entry, change);
  }
}
