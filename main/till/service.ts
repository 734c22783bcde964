import type { z } from 'zod';
import { TillError } from '../../domain/errors';
import {
  DEFAULT_NOMENCLATURE,
  compileNomenclature,
  lookupCodes,
  validateNomenclature,
  type BarcodeParser,
  type ParsedBarcode,
} from '../../domain/barcode';
import { discountAmount, type LineTotals, type TicketTotals } from '../../domain/ticket';
import { settle, type Settlement } from '../../domain/payment';
import { refundLineTotals, refundMoney, refundSettlement, refundVat } from '../../domain/refund';
import { clockStepBack } from '../../domain/clock';
import { divRound } from '../../domain/money';
import { computeSessionReport, countTotal, type SessionReport } from '../../domain/session';
import type { ReceiptDocument } from '../../domain/receipt';
import type { SessionReportDocument } from '../../domain/report-document';
import type {
  JournalDocument,
  MemberSnapshot,
  TicketDocument,
} from '../../domain/journal-documents';
import type { Db } from '../../db/open';
import * as catalog from '../../db/catalog';
import type { Member } from '../../db/members';
import * as tickets from '../../db/tickets';
import * as sessions from '../../db/sessions';
import { insertStockMove } from '../../db/stock';
import { appendJournal, grandTotalsAfter, lastJournalTime } from '../../db/journal';
import { enqueueOutbox } from '../../db/outbox';
import type { User } from '../../db/users';
import { PinChecker } from './pin';
import { schemas, validate } from './schemas';
import { paymentKindOf, readTillSettings, type TillSettings } from './settings';
import { receiptDocument, zReportDocument } from './documents';
import type { TillEvent, TillEventListener } from './events';
import { TillMembers, type PayConsent } from './members';
import {
  draftTotals,
  journalLine,
  lineView,
  soldLine,
  ticketView,
  type LineView,
  type MemberView,
  type TicketView,
} from './ticket-view';

export type { LineView, MemberView, TicketView };

export interface TillServiceDeps {
  db: Db;
  /** The time of day; injected so that tests can run a whole day in a second. */
  clock: () => Date;
  /** Time-ordered unique ids (UUIDv7). */
  newId: () => string;
  /** Told of each change after it commits (devices, the renderer). */
  onEvent?: TillEventListener;
}

type Input<K extends keyof typeof schemas> = z.input<(typeof schemas)[K]>;

export type SignedInUser = Pick<User, 'id' | 'name' | 'role'>;

/**
 * The till: every operation a cashier or a manager does, on the till's database. Each operation
 * validates its input, checks who may do it, and changes the database in one transaction, or
 * refuses with a TillError and changes nothing.
 */
export class TillService {
  private readonly db: Db;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private parser: BarcodeParser;
  private user: User | undefined;
  private cachedSettings: TillSettings | undefined;
  private readonly onEvent: TillEventListener | undefined;
  private pendingEvents: TillEvent[] = [];
  private readonly pins: PinChecker;
  private readonly members: TillMembers;

  constructor(deps: TillServiceDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.newId = deps.newId;
    this.onEvent = deps.onEvent;
    this.pins = new PinChecker(deps.db);
    this.members = new TillMembers(deps.db, () => this.settings().locale);
    this.parser = compileNomenclature(this.loadNomenclature());
  }

  // ---------------------------------------------------------------------------------------
  // Who is at the till

  signIn(input: Input<'signIn'>): SignedInUser {
    const { userId, pin } = validate(schemas.signIn, input);
    // A failed attempt leaves nobody signed in: the till is not left open to whoever comes next.
    this.user = undefined;
    this.user = this.checkPin(userId, pin);
    return this.signedIn() as SignedInUser;
  }

  signOut(): void {
    this.user = undefined;
  }

  signedIn(): SignedInUser | null {
    return this.user ? { id: this.user.id, name: this.user.name, role: this.user.role } : null;
  }

  private checkPin(userId: number, pin: string): User {
    return this.pins.check(userId, pin, this.clock().getTime());
  }

  private requireUser(): User {
    if (!this.user) throw new TillError('auth.required', 'Sign in first', {});
    return this.user;
  }

  /** The manager who allows an act: the signed-in user if a manager, else the one who approves. */
  private requireManager(approval: { userId: number; pin: string } | undefined, act: string): User {
    const user = this.requireUser();
    if (user.role === 'manager') return user;
    if (!approval) {
      throw new TillError('auth.manager_required', `A manager must approve: ${act}`, { act });
    }
    const manager = this.checkPin(approval.userId, approval.pin);
    if (manager.role !== 'manager') {
      throw new TillError('auth.manager_required', `A manager must approve: ${act}`, { act });
    }
    return manager;
  }

  // ---------------------------------------------------------------------------------------
  // Sessions

  currentSession(): sessions.SessionRow | null {
    return sessions.openSessionRow(this.db) ?? null;
  }

  openSession(input: Input<'openSession'>): sessions.SessionRow {
    const { counts } = validate(schemas.openSession, input);
    const user = this.requireUser();
    const openingFloat = countTotal(counts);
    return this.transaction(() => {
      if (sessions.openSessionRow(this.db)) {
        throw new TillError('session.already_open', 'A session is already open on this till', {});
      }
      const id = this.newId();
      const openedAt = this.now();
      sessions.insertSession(this.db, {
        id,
        openedAt,
        openedBy: user.id,
        openingFloat,
        openingCounts: counts,
      });
      this.record(
        {
          docType: 'session_open',
          document: { sessionId: id, openedAt, openedBy: user.id, openingFloat, counts },
        },
        id,
        openedAt,
      );
      return sessions.getSession(this.db, id) as sessions.SessionRow;
    });
  }

  private requireSession(): sessions.SessionRow {
    const session = sessions.openSessionRow(this.db);
    if (!session) throw new TillError('session.not_open', 'Open the till (a session) first', {});
    return session;
  }

  /** Cash put in the drawer (anyone signed in) or taken out of it (a manager's act). */
  cashMove(input: Input<'cashMove'>): { id: string; amount: number; reason: string } {
    const { amount, reason, approval } = validate(schemas.cashMove, input);
    const user =
      amount < 0
        ? this.requireManager(approval, 'take cash out of the drawer')
        : this.requireUser();
    return this.transaction(() => {
      const session = this.requireSession();
      const id = this.newId();
      const createdAt = this.now();
      sessions.insertCashMove(this.db, {
        id,
        sessionId: session.id,
        amount,
        reason,
        userId: user.id,
        createdAt,
      });
      this.record(
        {
          docType: 'cash_move',
          document: {
            sessionId: session.id,
            amount,
            reason,
            userId: user.id,
            signedInUserId: this.user?.id ?? null,
            createdAt,
          },
        },
        id,
        createdAt,
      );
      return { id, amount, reason };
    });
  }

  /** Opens the cash drawer with no sale: a manager's act, journaled with who did it. */
  openDrawer(input: Input<'openDrawer'>): void {
    const { reason, approval } = validate(schemas.openDrawer, input);
    const manager = this.requireManager(approval, 'open the drawer with no sale');
    this.transaction(() => {
      // A technician may test the drawer with the till closed: the act is journaled all the same.
      const sessionId = sessions.openSessionRow(this.db)?.id ?? null;
      const at = this.now();
      const signedInUserId = this.user?.id ?? null;
      this.record(
        {
          docType: 'drawer_open',
          document: { sessionId, reason, by: manager.id, signedInUserId, at },
        },
        this.newId(),
        at,
      );
      this.announce({ type: 'drawer_opened', reason: 'no_sale', by: manager.id });
    });
  }

  /** The running figures of the open session (X report): changes nothing. */
  xReport(): SessionReport {
    this.requireUser();
    // One read transaction: one snapshot, whatever another connection commits meanwhile.
    return this.db.transaction(() => this.sessionReport(this.requireSession(), null)).deferred();
  }

  closeSession(input: Input<'closeSession'>): SessionReport {
    const { counts, approval } = validate(schemas.closeSession, input);
    const manager = this.requireManager(approval, 'close the session');
    return this.transaction(() => {
      const session = this.requireSession();
      const draft = tickets.findDraft(this.db, session.id);
      if (draft && draft.lines.length > 0) {
        throw new TillError(
          'session.draft_open',
          'A ticket is still being rung up: pay or cancel it before closing',
          { ticketId: draft.id },
        );
      }
      if (draft) tickets.deleteEmptyDraft(this.db, draft.id);
      const report = this.sessionReport(session, counts);
      const closedAt = this.now();
      sessions.closeSessionRow(this.db, session.id, {
        closedAt,
        closedBy: manager.id,
        countedCash: report.countedCash ?? 0,
        closingCounts: counts,
        expectedCash: report.expectedCash,
        zReport: report,
      });
      this.record(
        {
          docType: 'z_report',
          document: { sessionId: session.id, closedAt, closedBy: manager.id, report },
        },
        session.id,
        closedAt,
      );
      this.announce({ type: 'session_closed', sessionId: session.id });
      return report;
    });
  }

  private sessionReport(
    session: sessions.SessionRow,
    counts: Record<string, number> | null,
  ): SessionReport {
    const figures = sessions.sessionFigures(this.db, session.id);
    const before = grandTotalsAfter(this.db, 'session_open', session.id) ?? {
      sales: 0,
      refunds: 0,
    };
    return computeSessionReport({
      openingFloat: session.openingFloat,
      cashMoves: figures.cashMoves,
      payments: figures.payments.map((payment) => ({
        ...payment,
        kind: payment.kind ?? this.storedKind(payment.method),
      })),
      changeGiven: figures.totals.changeGiven,
      roundingTotal: figures.totals.rounding,
      roundingByKind: figures.roundingByKind,
      voucherExcess: figures.totals.voucherExcess,
      clockSteps: figures.clockSteps,
      tickets: figures.counts,
      sales: figures.salesByVatRate,
      refunds: figures.refundsByVatRate,
      byCategory: figures.byCategory,
      countedDenominations: counts,
      grandTotalBefore: before.sales + before.refunds,
    });
  }

  // ---------------------------------------------------------------------------------------
  // Ringing up a ticket

  /** The ticket being rung up, if any: it survives a restart. */
  currentTicket(): TicketView | null {
    const session = sessions.openSessionRow(this.db);
    const draft = session && tickets.findDraft(this.db, session.id);
    return draft ? this.view(draft) : null;
  }

  startTicket(): TicketView {
    const user = this.requireUser();
    return this.transaction(() => this.view(this.draftFor(user)));
  }

  private draftFor(user: User): tickets.Ticket {
    const session = this.requireSession();
    const existing = tickets.findDraft(this.db, session.id);
    if (existing) return existing;
    const id = this.newId();
    tickets.insertTicket(this.db, {
      id,
      sessionId: session.id,
      kind: 'sale',
      refundOf: null,
      cashierId: user.id,
      createdAt: this.now(),
    });
    return tickets.getTicket(this.db, id) as tickets.Ticket;
  }

  addByBarcode(input: Input<'addByBarcode'>): TicketView {
    const { code } = validate(schemas.addByBarcode, input);
    const user = this.requireUser();
    const parsed = this.parser(code.trim());
    return this.transaction(() => {
      const draft = this.draftFor(user);
      switch (parsed.type) {
        case 'error':
          throw new TillError(
            'scan.unrecognised',
            `The barcode "${printable(code)}" is not valid (unknown format or wrong check digit)`,
            { code },
          );
        case 'tare':
          throw new TillError(
            'scan.tare_alone',
            'A tare label is scanned when weighing a product, to take off the container',
            { code },
          );
        case 'cashier':
          throw new TillError(
            'scan.cashier_card',
            'A cashier card cannot be sold: sign in with your PIN',
            {
              code,
            },
          );
        case 'member':
          this.attachMemberTo(draft, this.memberByCard(parsed));
          break;
        case 'discount':
          this.discountLastLine(draft, parsed);
          break;
        default:
          this.addScannedProduct(draft, parsed);
      }
      return this.touch(draft.id);
    });
  }

  private addScannedProduct(draft: tickets.Ticket, parsed: ParsedBarcode): void {
    const product = catalog.findProductByBarcode(this.db, lookupCodes(parsed));
    if (!product) {
      throw new TillError('scan.unknown_product', `No product has the barcode "${parsed.code}"`, {
        code: parsed.code,
      });
    }
    this.assertSellable(product);
    if (parsed.type === 'weight') {
      const grams = scaleValue(parsed, 3);
      if (grams <= 0) {
        throw new TillError('scan.zero_weight', `The scale label "${parsed.code}" weighs nothing`, {
          code: parsed.code,
        });
      }
      this.insertLine(draft, product, grams, { barcode: parsed.code });
    } else if (parsed.type === 'price') {
      // A price label (pre-packed cheese, a cut of meat) says what the item costs.
      this.insertLine(draft, product, 1000, {
        barcode: parsed.code,
        unitPrice: scaleValue(parsed, 2),
        unit: 'piece',
      });
    } else if (product.unit === 'kg') {
      throw new TillError(
        'scan.needs_weight',
        `"${product.name}" is sold by weight: weigh it first`,
        {
          product: product.name,
        },
      );
    } else {
      this.insertLine(draft, product, 1000, { barcode: parsed.code });
    }
  }

  private discountLastLine(draft: tickets.Ticket, parsed: ParsedBarcode): void {
    const last = draft.lines.at(-1);
    if (!last) {
      throw new TillError(
        'scan.discount_without_line',
        'Scan the product before its discount label',
        {
          code: parsed.code,
        },
      );
    }
    const basisPoints = scaleValue(parsed, 2);
    if (basisPoints > 10_000) {
      throw new TillError('ticket.discount_too_large', 'A discount cannot exceed 100 %', {
        basisPoints,
      });
    }
    tickets.updateLine(this.db, last.id, {
      discount: { kind: 'percent', basisPoints, label: parsed.code },
    });
    this.checkDraftTotals(draft.id);
  }

  /** A container's weight, from its tare label (or a weight label stuck on the empty container). */
  tareFromBarcode(code: string): number {
    const parsed = this.parser(code.trim());
    if (parsed.type !== 'tare' && parsed.type !== 'weight') {
      throw new TillError('scan.not_a_tare', `"${printable(code)}" is not a tare label`, { code });
    }
    return scaleValue(parsed, 3);
  }

  addProduct(input: Input<'addProduct'>): TicketView {
    const { productId, quantity } = validate(schemas.addProduct, input);
    const user = this.requireUser();
    return this.transaction(() => {
      const product = catalog.getProduct(this.db, productId);
      if (!product)
        throw new TillError('product.unknown', `No product number ${productId}`, { productId });
      this.assertSellable(product);
      if (product.unit === 'kg' && quantity === undefined) {
        throw new TillError(
          'scan.needs_weight',
          `"${product.name}" is sold by weight: give its weight`,
          {
            product: product.name,
          },
        );
      }
      const draft = this.draftFor(user);
      this.insertLine(draft, product, quantity ?? 1000, { barcode: null });
      return this.touch(draft.id);
    });
  }

  searchProducts(input: Input<'searchProducts'>): catalog.Product[] {
    const { query, limit } = validate(schemas.searchProducts, input);
    return catalog.searchProducts(this.db, query, limit);
  }

  setQuantity(input: Input<'setQuantity'>): TicketView {
    const { lineId, quantity } = validate(schemas.setQuantity, input);
    return this.editLine(lineId, (line) => {
      assertWholePieces(line.unit, quantity);
      tickets.updateLine(this.db, line.id, { quantity });
    });
  }

  setPrice(input: Input<'setPrice'>): TicketView {
    const { lineId, price, approval } = validate(schemas.setPrice, input);
    const manager = this.requireManager(approval, 'change a price');
    return this.editLine(lineId, (line) => {
      tickets.updateLine(this.db, line.id, { priceOverride: price, priceOverrideBy: manager.id });
    });
  }

  setLineDiscount(input: Input<'setLineDiscount'>): TicketView {
    const { lineId, discount, approval } = validate(schemas.setLineDiscount, input);
    this.requireUser();
    const gross = this.currentTicket()?.lines.find((line) => line.id === lineId)?.totals.gross;
    const approved = this.approveDiscount(discount, gross ?? 0, approval);
    return this.editLine(lineId, (line) =>
      tickets.updateLine(this.db, line.id, { discount: approved }),
    );
  }

  setTicketDiscount(input: Input<'setTicketDiscount'>): TicketView {
    const { discount, approval } = validate(schemas.setTicketDiscount, input);
    const user = this.requireUser();
    const approved = this.approveDiscount(
      discount,
      this.currentTicket()?.totals.subtotal ?? 0,
      approval,
    );
    return this.transaction(() => {
      const draft = this.draftFor(user);
      tickets.updateDraft(this.db, draft.id, { updatedAt: this.now(), ticketDiscount: approved });
      this.checkDraftTotals(draft.id);
      return this.touch(draft.id);
    });
  }

  /**
   * A discount above the coop's threshold (setting discount.approvalAboveBp, 20 % by default) of
   * what it discounts needs a manager, who is kept with it (and so in the journal), as for a
   * price override.
   */
  private approveDiscount(
    discount: tickets.StoredDiscount | null,
    base: number,
    approval: { userId: number; pin: string } | undefined,
  ): tickets.StoredDiscount | null {
    if (!discount) return null;
    discountAmount(base, discount); // an impossible discount is refused as such, before any PIN
    if (!this.discountAboveThreshold(discount, base)) return discount;
    const manager = this.requireManager(approval, this.discountAct());
    return { ...discount, approvedBy: manager.id };
  }

  private discountAboveThreshold(discount: tickets.StoredDiscount, base: number): boolean {
    const threshold = this.settings().discountApprovalAboveBp;
    return discount.kind === 'percent'
      ? discount.basisPoints > threshold
      : discount.cents * 10_000 > threshold * Math.abs(base);
  }

  private discountAct(): string {
    const threshold = this.settings().discountApprovalAboveBp;
    return `a discount above ${threshold / 100} % (the coop's limit for a cashier)`;
  }

  removeLine(input: Input<'removeLine'>): TicketView {
    const { lineId } = validate(schemas.removeLine, input);
    return this.editLine(lineId, (line) => tickets.deleteLine(this.db, line.id));
  }

  attachMember(input: Input<'attachMember'>): TicketView {
    const { barcode, number } = validate(schemas.attachMember, input);
    const user = this.requireUser();
    return this.transaction(() => {
      const draft = this.draftFor(user);
      const member =
        barcode !== undefined
          ? this.memberByCard(this.parser(barcode.trim()))
          : this.members.byNumber(number ?? '', printable(number ?? ''));
      this.attachMemberTo(draft, member);
      return this.touch(draft.id);
    });
  }

  detachMember(): TicketView {
    const user = this.requireUser();
    return this.transaction(() => {
      const draft = this.draftFor(user);
      tickets.updateDraft(this.db, draft.id, { updatedAt: this.now(), memberId: null });
      return this.touch(draft.id);
    });
  }

  private memberByCard(parsed: ParsedBarcode): Member {
    return this.members.byCard(lookupCodes(parsed), printable(parsed.code));
  }

  private attachMemberTo(draft: tickets.Ticket, member: Member): void {
    tickets.updateDraft(this.db, draft.id, { updatedAt: this.now(), memberId: member.id });
  }

  /** Cancels the ticket being rung up; the cancellation is journaled and counted on the Z. */
  cancelDraft(): { cancelled: string | null } {
    const user = this.requireUser();
    return this.transaction(() => {
      const session = this.requireSession();
      const draft = tickets.findDraft(this.db, session.id);
      if (!draft) return { cancelled: null };
      if (draft.lines.length === 0) {
        tickets.deleteEmptyDraft(this.db, draft.id);
        return { cancelled: null };
      }
      const view = this.view(draft);
      const closedAt = this.now();
      const entry = this.record(
        {
          docType: 'cancellation',
          document: {
            ticketId: draft.id,
            sessionId: session.id,
            cancelledBy: user.id,
            closedAt,
            lines: view.lines.map(journalLine),
            total: view.totals.total,
          },
        },
        draft.id,
        closedAt,
      );
      tickets.closeTicket(this.db, draft.id, {
        status: 'cancelled',
        number: null,
        closedAt,
        closedBy: user.id,
        member: null,
        subtotal: view.totals.subtotal,
        discountTotal: view.totals.ticketDiscount,
        total: view.totals.total,
        rounding: 0,
        due: 0,
        paid: 0,
        changeGiven: 0,
        journalSeq: entry.seq,
        vat: null,
        voucherExcess: 0,
        roundedAll: false,
      });
      this.announce({ type: 'ticket_cancelled', ticketId: draft.id });
      return { cancelled: draft.id };
    });
  }

  // ---------------------------------------------------------------------------------------
  // Paying and refunding

  /** Pays the ticket being rung up: one transaction writes everything, or nothing. */
  pay(input: Input<'pay'>): TicketView {
    const { payments, acknowledged, approval } = validate(schemas.pay, input);
    const user = this.requireUser();
    const consent = this.payConsent(acknowledged, approval);
    return this.transaction(() => {
      const session = this.requireSession();
      const draft = tickets.findDraft(this.db, session.id);
      if (!draft || draft.lines.length === 0) {
        throw new TillError('ticket.empty', 'There is nothing to pay: scan a product first', {});
      }
      const totals = draftTotals(draft);
      const allowed = this.members.consentToPay(draft.id, draft.memberId, consent);
      if (allowed) {
        const at = this.now();
        this.record(
          { docType: 'member_consent', document: { ...allowed, cashierId: user.id, at } },
          draft.id,
          at,
        );
      }
      const settings = this.settings();
      const settlement = settle(totals.total, payments, paymentKindOf(settings), settings);
      return this.paid(this.finalize(draft, totals, payments, user, settlement));
    });
  }

  /** Who lets a held-back ticket be paid; a manager's PIN is checked before the transaction. */
  private payConsent(
    acknowledged: boolean,
    approval: { userId: number; pin: string } | undefined,
  ): PayConsent {
    const user = this.requireUser();
    const manager =
      approval !== undefined
        ? this.requireManager(approval, 'sell to a member who may not shop')
        : user.role === 'manager' && acknowledged
          ? user
          : null;
    return { acknowledged, manager };
  }

  /** Refunds all or some lines of a paid ticket, as a new refund ticket pointing at it. */
  refund(input: Input<'refund'>): TicketView {
    const { ticketNumber, lines: wanted, method, approval } = validate(schemas.refund, input);
    const manager = this.requireManager(approval, 'refund a ticket');
    const kind = paymentKindOf(this.settings())(method);
    return this.transaction(() => {
      const session = this.requireSession();
      const original = tickets.getTicketByNumber(this.db, ticketNumber);
      if (!original || original.kind !== 'sale' || original.status !== 'paid') {
        throw new TillError(
          'refund.unknown_ticket',
          `No paid sale has the number ${ticketNumber}`,
          { ticketNumber },
        );
      }
      const refunded = tickets.refundedQuantities(this.db, original.id);
      const requests =
        wanted ??
        original.lines
          .map((line) => ({
            lineId: line.id,
            quantity: line.quantity - (refunded.get(line.id) ?? 0),
          }))
          .filter((request) => request.quantity > 0);
      if (requests.length === 0) {
        throw new TillError(
          'refund.nothing_left',
          `Ticket ${ticketNumber} has been refunded in full already`,
          { ticketNumber },
        );
      }
      const id = this.newId();
      tickets.insertTicket(this.db, {
        id,
        sessionId: session.id,
        kind: 'refund',
        refundOf: original.id,
        cashierId: manager.id,
        createdAt: this.now(),
      });
      if (original.memberId !== null)
        tickets.updateDraft(this.db, id, { updatedAt: this.now(), memberId: original.memberId });
      const lineTotals: LineTotals[] = [];
      const seen = new Set<string>();
      for (const request of requests) {
        const line = original.lines.find((candidate) => candidate.id === request.lineId);
        if (!line || seen.has(request.lineId)) {
          throw new TillError(
            'refund.unknown_line',
            `Line ${request.lineId} is not on ticket ${ticketNumber} (or is named twice)`,
            { lineId: request.lineId },
          );
        }
        seen.add(line.id);
        const already = refunded.get(line.id) ?? 0;
        if (request.quantity > line.quantity - already) {
          throw new TillError(
            'refund.too_much',
            `Only ${line.quantity - already} thousandths of "${line.name}" are left to refund`,
            { line: line.name, left: line.quantity - already },
          );
        }
        assertWholePieces(line.unit, request.quantity);
        lineTotals.push(refundLineTotals(soldLine(line), already, request.quantity));
        tickets.insertLine(this.db, {
          ...line,
          id: this.newId(),
          ticketId: id,
          refundOfLine: line.id,
          quantity: -request.quantity,
        });
      }
      const total = lineTotals.reduce((sum, line) => sum + line.net, 0);
      const earlier = tickets.refundsOf(this.db, original.id);
      const totals: TicketTotals = {
        lines: lineTotals,
        subtotal: lineTotals.reduce((sum, line) => sum + line.amount, 0),
        ticketDiscount: lineTotals.reduce((sum, line) => sum + line.ticketDiscountShare, 0),
        total,
        vat: refundVat(
          earlier.flatMap((refund) => refund.vat),
          lineTotals.map((line) => ({ rateBp: line.vatRateBp, amount: line.net })),
        ),
      };
      const draft = tickets.getTicket(this.db, id) as tickets.Ticket;
      const roundAll = this.settings().roundAll;
      const money = refundMoney({
        sale: { total: original.total ?? 0, rounding: original.rounding ?? 0 },
        earlier: earlier.map((refund) => ({
          total: refund.total,
          paidBack: refund.due,
          rounded:
            refund.roundedAll ||
            refund.methods.some((paid) => (paid.kind ?? this.storedKind(paid.method)) === 'cash'),
        })),
        total,
        rounded: roundAll || kind === 'cash',
      });
      const settlement = refundSettlement(total, kind, money);
      return this.paid(
        this.finalize(draft, totals, [{ method, amount: money.due }], manager, settlement),
      );
    });
  }

  private finalize(
    draft: tickets.Ticket,
    totals: TicketTotals,
    payments: { method: string; amount: number }[],
    user: User,
    settlement: Settlement,
  ): tickets.Ticket {
    const settings = this.settings();
    const kindOf = paymentKindOf(settings);
    if (settlement.remaining !== 0) {
      throw new TillError(
        'payment.insufficient',
        `${Math.abs(settlement.remaining)} cents are still due`,
        { remaining: settlement.remaining },
      );
    }
    const closedAt = this.now();
    const lines = draft.lines.map((line, index) => {
      const { gross, lineDiscount, amount, ticketDiscountShare, net } = totals.lines[
        index
      ] as LineTotals;
      return { ...line, gross, lineDiscount, amount, ticketDiscountShare, net };
    });
    for (const line of lines) {
      tickets.fixLineAmounts(this.db, line.id, line);
      if (line.productId !== null) {
        insertStockMove(this.db, {
          id: this.newId(),
          productId: line.productId,
          quantity: -this.stockQuantity(line),
          kind: draft.kind,
          ticketId: draft.id,
          userId: user.id,
          createdAt: closedAt,
        });
      }
    }
    const paymentRows = payments.map((payment, index) => ({
      id: this.newId(),
      ticketId: draft.id,
      method: payment.method,
      kind: kindOf(payment.method),
      amount: payment.amount,
      rounding: settlement.paymentRounding[index] ?? 0,
      createdAt: closedAt,
    }));
    for (const payment of paymentRows) tickets.insertPayment(this.db, payment);
    // A refund keeps the member as they were on the sale it refunds.
    const member: MemberSnapshot | null =
      draft.refundOf !== null
        ? (tickets.getTicket(this.db, draft.refundOf)?.member ?? null)
        : this.members.view(draft.memberId);
    const number = tickets.nextTicketNumber(this.db);
    const document: Omit<TicketDocument, 'kind'> = {
      ticketId: draft.id,
      number,
      refundOf: draft.refundOf,
      sessionId: draft.sessionId,
      till: settings.tillName,
      cashierId: user.id,
      // Who was at the till when a manager approved (a refund): both are on record.
      signedInUserId: this.user?.id ?? null,
      member,
      closedAt,
      lines: draft.lines.map((line, index) => ({
        ...journalLine({ ...lineView(line), totals: totals.lines[index] as LineTotals }),
      })),
      subtotal: totals.subtotal,
      ticketDiscount: totals.ticketDiscount,
      ticketDiscountApprovedBy: draft.ticketDiscount?.approvedBy ?? null,
      total: totals.total,
      vat: totals.vat,
      payments: paymentRows.map(({ method, kind, amount, rounding }) => ({
        method,
        kind,
        amount,
        rounding,
      })),
      rounding: settlement.rounding,
      due: settlement.due,
      change: settlement.change,
      voucherExcess: settlement.voucherExcess,
      roundedAll: settings.roundAll,
    };
    const entry = this.record(
      draft.kind === 'sale'
        ? { docType: 'sale', document: { kind: 'sale', ...document } }
        : { docType: 'refund', document: { kind: 'refund', ...document } },
      draft.id,
      closedAt,
      draft.kind === 'sale' ? { sales: totals.total } : { refunds: totals.total },
    );
    const close = {
      status: 'paid' as const,
      number,
      closedAt,
      closedBy: user.id,
      member,
      subtotal: totals.subtotal,
      discountTotal: totals.ticketDiscount,
      total: totals.total,
      rounding: settlement.rounding,
      due: settlement.due,
      paid: settlement.paid,
      changeGiven: settlement.change,
      journalSeq: entry.seq,
      vat: totals.vat,
      voucherExcess: settlement.voucherExcess,
      roundedAll: settings.roundAll,
    };
    tickets.closeTicket(this.db, draft.id, close);
    // What was just written, without reading it back.
    return { ...draft, ...close, updatedAt: closedAt, lines, payments: paymentRows };
  }

  /** The Z report of a closed session, as a document for printer or screen. */
  zReportDocument(sessionId: string): SessionReportDocument {
    return zReportDocument(this.db, this.settings(), sessionId, this.now());
  }

  /** The receipt of a paid ticket (a reprint says DUPLICATA), as a document for printer or screen. */
  receipt(ticketNumber: number, options: { duplicate?: boolean } = {}): ReceiptDocument {
    const ticket = tickets.getTicketByNumber(this.db, ticketNumber);
    if (!ticket || ticket.status !== 'paid') {
      throw new TillError(
        'receipt.unknown_ticket',
        `No paid ticket has the number ${ticketNumber}`,
        { ticketNumber },
      );
    }
    return receiptDocument(this.db, this.settings(), {
      ticket,
      view: this.view(ticket),
      duplicate: options.duplicate ?? false,
    });
  }

  getTicket(ticketId: string): TicketView | null {
    const ticket = tickets.getTicket(this.db, ticketId);
    return ticket ? this.view(ticket) : null;
  }

  getTicketByNumber(number: number): TicketView | null {
    const ticket = tickets.getTicketByNumber(this.db, number);
    return ticket ? this.view(ticket) : null;
  }

  // ---------------------------------------------------------------------------------------
  // Helpers

  /** The till's settings, read once: call reloadSettings() after they change. */
  settings(): TillSettings {
    this.cachedSettings ??= readTillSettings(this.db);
    return this.cachedSettings;
  }

  reloadSettings(): void {
    this.cachedSettings = undefined;
  }

  /** The kind of a method a past payment used (before kinds were stored): 'other' if gone. */
  private storedKind(method: string) {
    return this.settings().paymentMethods.find((known) => known.id === method)?.kind ?? 'other';
  }

  private loadNomenclature() {
    const rules = catalog.listNomenclatureRules(this.db);
    return rules.length === 0 ? DEFAULT_NOMENCLATURE : validateNomenclature({ rules });
  }

  /** After the nomenclature rules change in the database (a catalogue pull, an import). */
  reloadNomenclature(): void {
    this.parser = compileNomenclature(this.loadNomenclature());
  }

  private now(): string {
    return this.clock().toISOString();
  }

  /** Runs one operation's writes in one transaction; its events go out once it has committed. */
  private transaction<T>(work: () => T): T {
    this.pendingEvents = [];
    let result: T;
    try {
      result = this.db.transaction(work).immediate();
    } catch (error) {
      this.pendingEvents = [];
      throw error;
    }
    const events = this.pendingEvents;
    this.pendingEvents = [];
    for (const event of events) {
      try {
        this.onEvent?.(event);
      } catch {
        // A device or a screen that fails must not undo, nor fail, what was sold.
      }
    }
    return result;
  }

  private announce(event: TillEvent): void {
    this.pendingEvents.push(event);
  }

  /** Journals a closed document and queues it for the server, in the caller's transaction. */
  private record(
    journal: JournalDocument,
    docId: string,
    createdAt: string,
    adds?: { sales?: number; refunds?: number },
  ) {
    this.journalClockStep(createdAt);
    return this.append(journal, docId, createdAt, adds);
  }

  private append(
    journal: JournalDocument,
    docId: string,
    createdAt: string,
    adds?: { sales?: number; refunds?: number },
  ) {
    const entry = appendJournal(this.db, {
      ...journal,
      docId,
      createdAt,
      ...(adds ? { adds } : {}),
    });
    enqueueOutbox(this.db, {
      id: this.newId(),
      type: entry.docType,
      payload: { journalSeq: entry.seq, hash: entry.hash, document: entry.document },
      createdAt,
    });
    return entry;
  }

  /**
   * The journal, not the clock, is the order of events: a clock that went back more than a few
   * minutes since the last entry is journaled (and told) before the next document.
   */
  private journalClockStep(now: string): void {
    const last = lastJournalTime(this.db);
    if (last === undefined) return;
    const step = clockStepBack(last, now);
    if (step === null) return;
    const sessionId = sessions.openSessionRow(this.db)?.id ?? null;
    this.append(
      {
        docType: 'clock_step_back',
        document: { sessionId, from: last, to: now, stepSeconds: step },
      },
      this.newId(),
      now,
    );
    this.announce({ type: 'clock_stepped_back', from: last, to: now, stepSeconds: step });
  }

  private assertSellable(product: catalog.Product): void {
    if (!product.active) {
      throw new TillError('product.inactive', `"${product.name}" is no longer sold`, {
        product: product.name,
      });
    }
  }

  private insertLine(
    draft: tickets.Ticket,
    product: catalog.Product,
    quantity: number,
    options: { barcode: string | null; unitPrice?: number; unit?: catalog.Unit },
  ): void {
    const unit = options.unit ?? product.unit;
    assertWholePieces(unit, quantity);
    tickets.insertLine(this.db, {
      id: this.newId(),
      ticketId: draft.id,
      productId: product.id,
      refundOfLine: null,
      name: product.name,
      barcode: options.barcode,
      unit,
      categoryId: product.categoryId,
      category: product.category,
      vatRateBp: product.vatRateBp,
      unitPrice: options.unitPrice ?? product.price,
      quantity,
      priceOverride: null,
      priceOverrideBy: null,
      discount: null,
    });
    this.checkDraftTotals(draft.id);
  }

  /**
   * What a line takes from the shelf: its quantity, except a price label on a product sold by the
   * kg, which stands for the weight its price buys (price / price per kg, to the gram).
   */
  private stockQuantity(line: tickets.TicketLineRow): number {
    if (line.unit !== 'piece' || line.productId === null || line.barcode === null) {
      return line.quantity;
    }
    if (this.parser(line.barcode).type !== 'price') return line.quantity;
    const product = catalog.getProduct(this.db, line.productId);
    if (!product || product.unit !== 'kg' || product.price <= 0) return line.quantity;
    return divRound(line.unitPrice * line.quantity, product.price);
  }

  private editLine(lineId: string, change: (line: tickets.TicketLineRow) => void): TicketView {
    const user = this.requireUser();
    return this.transaction(() => {
      const draft = this.draftFor(user);
      const line = draft.lines.find((candidate) => candidate.id === lineId);
      if (!line)
        throw new TillError('line.unknown', 'This line is not on the current ticket', { lineId });
      change(line);
      this.checkDraftTotals(draft.id);
      return this.touch(draft.id);
    });
  }

  /** Computing the totals refuses an impossible discount: inside the transaction, it undoes the change. */
  private checkDraftTotals(ticketId: string): void {
    const ticket = tickets.getTicket(this.db, ticketId) as tickets.Ticket;
    const totals = draftTotals(ticket);
    // An amount discount a cashier gave alone must not grow past the threshold when the line
    // or the ticket shrinks under it (fewer pieces, a line removed).
    const unapproved = (discount: tickets.StoredDiscount | null, base: number) =>
      discount !== null &&
      discount.approvedBy === undefined &&
      discount.label === undefined &&
      this.discountAboveThreshold(discount, base);
    if (
      ticket.lines.some((line, index) =>
        unapproved(line.discount, totals.lines[index]?.gross ?? 0),
      ) ||
      unapproved(ticket.ticketDiscount, totals.subtotal)
    ) {
      throw new TillError(
        'auth.manager_required',
        `A manager must approve: ${this.discountAct()}`,
        {
          act: this.discountAct(),
        },
      );
    }
  }

  private paid(ticket: tickets.Ticket): TicketView {
    const view = this.view(ticket);
    const cashPaid = ticket.payments.some((payment) => payment.kind === 'cash');
    this.announce({ type: 'ticket_paid', ticket: view, cashPaid });
    return view;
  }

  private touch(ticketId: string): TicketView {
    tickets.updateDraft(this.db, ticketId, { updatedAt: this.now() });
    const view = this.view(tickets.getTicket(this.db, ticketId) as tickets.Ticket);
    this.announce({ type: 'ticket_changed', ticket: view });
    return view;
  }

  private view(ticket: tickets.Ticket): TicketView {
    const member = ticket.status === 'draft' ? this.members.view(ticket.memberId) : null;
    return ticketView(ticket, member);
  }
}

/** Scanner noise shown in a message: control characters written out, not sent to the screen. */
function printable(text: string): string {
  return text.replace(
    /\p{Cc}/gu,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A barcode's value in a unit with `decimals` decimals (thousandths: 3, cents: 2). */
function scaleValue(parsed: ParsedBarcode, decimals: number): number {
  if (parsed.decimals <= decimals) return parsed.value * 10 ** (decimals - parsed.decimals);
  const divisor = 10 ** (parsed.decimals - decimals);
  return Math.round(parsed.value / divisor);
}

function assertWholePieces(unit: catalog.Unit, quantity: number): void {
  if (unit === 'piece' && quantity % 1000 !== 0) {
    throw new TillError(
      'line.fractional_pieces',
      'A product sold by the piece needs a whole number of pieces',
      { quantity },
    );
  }
}
