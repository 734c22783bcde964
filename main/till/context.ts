import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { TillError } from '../../domain/errors';
import {
  DEFAULT_NOMENCLATURE,
  compileNomenclature,
  validateNomenclature,
  type BarcodeParser,
} from '../../domain/barcode';
import { clockStepBack } from '../../domain/clock';
import type { JournalDocument } from '../../domain/journal-documents';
import type { Db } from '../../db/open';
import * as catalog from '../../db/catalog';
import * as tickets from '../../db/tickets';
import * as sessions from '../../db/sessions';
import { appendJournal, canonicalJson, lastJournalTime } from '../../db/journal';
import { findAppliedOperation, insertAppliedOperation } from '../../db/operations';
import { enqueueOutbox } from '../../db/outbox';
import type { User } from '../../db/users';
import { PinChecker } from './pin';
import { schemas } from './schemas';
import { readTillSettings, type TillSettings } from './settings';
import type { TillEvent, TillEventListener } from './events';
import { TillMembers } from './members';
import { ticketView, type TicketView } from './ticket-view';

export type Input<K extends keyof typeof schemas> = z.input<(typeof schemas)[K]>;

/** An act's input as the screen sent it: its operation id, its figures, and who consented. */
export interface OnceInput {
  operationId?: string | undefined;
  approval?: unknown;
  acknowledged?: unknown;
}

/**
 * What an act asked for, as one fingerprint: the PIN and the consent are left out (a retry may
 * add the manager's approval the first try lacked; a PIN is never stored).
 */
const NOT_FIGURES = new Set(['operationId', 'approval', 'acknowledged']);

function onceHash(name: string, input: OnceInput): string {
  const figures = Object.fromEntries(
    Object.entries(input).filter(([key]) => !NOT_FIGURES.has(key)),
  );
  return createHash('sha256').update(canonicalJson({ name, figures })).digest('hex');
}

export type SignedInUser = Pick<User, 'id' | 'name' | 'role' | 'locale'>;

export interface TillDeps {
  db: Db;
  /** The time of day; injected so that tests can run a whole day in a second. */
  clock: () => Date;
  /** Time-ordered unique ids (UUIDv7). */
  newId: () => string;
  /** Told of each change after it commits (devices, the renderer). */
  onEvent?: TillEventListener;
  /** A training till's context (a training copy of the database): its receipts say so. */
  training?: boolean;
}

/**
 * What every part of the till shares: the database, the clock, who is signed in, the settings,
 * the barcode rules, and the wrappers every operation goes through (one transaction, events
 * after it commits, the journal). The parts (sessions, selling, paying, receipts) are functions
 * of it; each part exports its operations, which main/api.ts joins.
 */
export class TillContext {
  readonly db: Db;
  readonly clock: () => Date;
  readonly newId: () => string;
  /** Whether this context sells on the training copy: nothing it does is a sale. */
  readonly training: boolean;
  parser: BarcodeParser;
  user: User | undefined;
  private cachedSettings: TillSettings | undefined;
  private readonly onEvent: TillEventListener | undefined;
  private pendingEvents: TillEvent[] = [];
  private readonly pins: PinChecker;
  /**
   * The views' revision. It starts at the wall clock's milliseconds, so that a till restarted
   * under an open screen still counts above what the screen holds (a till makes far fewer than
   * one view a millisecond); a screen reloading the ticket takes it whatever its revision.
   */
  private revision = Date.now();
  readonly members: TillMembers;

  constructor(deps: TillDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.newId = deps.newId;
    this.training = deps.training ?? false;
    this.onEvent = deps.onEvent;
    this.pins = new PinChecker(deps.db);
    this.members = new TillMembers(deps.db, () => this.settings().locale);
    this.parser = compileNomenclature(this.loadNomenclature());
  }

  /**
   * Goes on counting views above another context's (training mode switches contexts under an
   * open screen, which drops a ticket whose revision is below one it holds).
   */
  continueRevisionsFrom(other: TillContext): void {
    this.revision = Math.max(this.revision, other.revision);
  }

  checkPin(userId: number, pin: string): User {
    return this.pins.check(userId, pin, this.clock().getTime());
  }

  checkNotLockedOut(userId: number): void {
    this.pins.checkNotLockedOut(userId, this.clock().getTime());
  }

  requireUser(): User {
    if (!this.user) throw new TillError('auth.required', 'Sign in first', {});
    return this.user;
  }

  /** The manager who allows an act: the signed-in user if a manager, else the one who approves. */
  requireManager(approval: { userId: number; pin: string } | undefined, act: string): User {
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

  /** The till's settings, read once: call reloadSettings() after they change. */
  settings(): TillSettings {
    this.cachedSettings ??= readTillSettings(this.db);
    return this.cachedSettings;
  }

  reloadSettings(): void {
    this.cachedSettings = undefined;
  }

  /** The kind of a method a past payment used (before kinds were stored): 'other' if gone. */
  storedKind(method: string) {
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

  now(): string {
    return this.clock().toISOString();
  }

  /** Runs one operation's writes in one transaction; its events go out once it has committed. */
  transaction<T>(work: () => T): T {
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

  /**
   * What an act sent with an operation id made the first time (its result's id), when it was
   * applied already: the caller answers with that and does nothing again. The same id sent for
   * another act, or with other figures, is refused: it cannot be a retry.
   */
  appliedBefore(name: string, input: OnceInput): { resultId: string | null } | undefined {
    if (input.operationId === undefined) return undefined;
    const earlier = findAppliedOperation(this.db, input.operationId);
    if (!earlier) return undefined;
    if (earlier.name !== name || earlier.inputHash !== onceHash(name, input)) {
      throw new TillError(
        'operation.reused',
        `Operation ${input.operationId} was applied already, as another act`,
        { operation: input.operationId },
      );
    }
    return { resultId: earlier.resultId };
  }

  /** Records an act sent with an operation id as applied, in the act's own transaction. */
  markApplied(name: string, input: OnceInput, resultId: string | null): void {
    if (input.operationId === undefined) return;
    insertAppliedOperation(this.db, {
      id: input.operationId,
      name,
      inputHash: onceHash(name, input),
      resultId,
      appliedAt: this.now(),
    });
  }

  announce(event: TillEvent): void {
    this.pendingEvents.push(event);
  }

  /** Journals a closed document and queues it for the server, in the caller's transaction. */
  record(
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

  paid(ticket: tickets.Ticket): TicketView {
    const view = this.view(ticket);
    const cashPaid = ticket.payments.some((payment) => payment.kind === 'cash');
    this.announce({ type: 'ticket_paid', ticket: view, cashPaid });
    return view;
  }

  touch(ticketId: string): TicketView {
    tickets.updateDraft(this.db, ticketId, { updatedAt: this.now() });
    const view = this.view(tickets.getTicket(this.db, ticketId) as tickets.Ticket);
    this.announce({ type: 'ticket_changed', ticket: view });
    return view;
  }

  view(ticket: tickets.Ticket): TicketView {
    const member = ticket.status === 'draft' ? this.members.view(ticket.memberId) : null;
    const ids = ticket.lines.flatMap((line) => (line.productId === null ? [] : [line.productId]));
    return ticketView(ticket, member, ++this.revision, catalog.dutchNames(this.db, ids));
  }

  requireSession(): sessions.SessionRow {
    const session = sessions.openSessionRow(this.db);
    if (!session) throw new TillError('session.not_open', 'Open the till (a session) first', {});
    return session;
  }
}
