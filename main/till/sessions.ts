/**
 * Who is at the till, and the session: sign-in, the float, cash in and out, the drawer, the X and
 * Z reports.
 */
import { TillError } from '../../domain/errors';
import {
  computeSessionReport,
  countTotal,
  storedSessionReport,
  type SessionReport,
} from '../../domain/session';
import * as tickets from '../../db/tickets';
import * as sessions from '../../db/sessions';
import * as users from '../../db/users';
import { grandTotalsAfter } from '../../db/journal';
import { none, schemas, type Parsed } from './schemas';
import { op } from './operation';
import { sessionView } from './views';
import type { SignedInUser, TillContext } from './context';

export function signIn(t: TillContext, input: Parsed<'signIn'>): SignedInUser {
  const { userId, pin } = input;
  // A failed attempt leaves nobody signed in: the till is not left open to whoever comes next.
  t.user = undefined;
  t.user = t.checkPin(userId, pin);
  return signedIn(t) as SignedInUser;
}

/**
 * A badge signs its user in without a PIN: it is something the cashier holds, as a PIN is
 * something they know. A user locked out by wrong PINs stays locked out, badge or not; a manager's
 * act still needs a manager's PIN.
 */
export function signInByBadge(t: TillContext, input: Parsed<'signInByBadge'>): SignedInUser {
  const { code } = input;
  t.user = undefined;
  const user = t.parser(code).type === 'cashier' ? users.findUserByBadge(t.db, code) : undefined;
  if (!user || !user.active) {
    throw new TillError('auth.unknown_badge', 'This badge belongs to no user of this till', {});
  }
  t.checkNotLockedOut(user.id);
  t.user = user;
  return signedIn(t) as SignedInUser;
}

/** Whether a scanned code is a badge (the nomenclature's cashier rule), to sign in with. */
export function isBadge(t: TillContext, code: string): boolean {
  return t.parser(code.trim()).type === 'cashier';
}

export function signOut(t: TillContext): void {
  t.user = undefined;
}

export function signedIn(t: TillContext): SignedInUser | null {
  return t.user
    ? { id: t.user.id, name: t.user.name, role: t.user.role, locale: t.user.locale }
    : null;
}

/** The signed-in user's own language, kept for their next sign-in. */
export function setMyLocale(t: TillContext, input: Parsed<'setMyLocale'>): SignedInUser {
  const { locale } = input;
  const user = t.requireUser();
  t.transaction(() => users.setUserLocale(t.db, user.id, locale));
  t.user = { ...user, locale };
  return signedIn(t) as SignedInUser;
}

/** Who may sign in, for the sign-in picker (before anyone has): never a PIN's hash. */
export function userChoices(t: TillContext): users.UserChoiceRow[] {
  const now = t.clock().getTime();
  return users.listActiveUsers(t.db).map((user) => ({
    ...user,
    lockedUntil:
      user.lockedUntil !== null && Date.parse(user.lockedUntil) > now ? user.lockedUntil : null,
  }));
}

export function currentSession(t: TillContext): sessions.SessionRow | null {
  return sessions.openSessionRow(t.db) ?? null;
}

export function openSession(t: TillContext, input: Parsed<'openSession'>): sessions.SessionRow {
  const { counts } = input;
  const user = t.requireUser();
  const openingFloat = countTotal(counts);
  return t.transaction(() => {
    if (sessions.openSessionRow(t.db)) {
      throw new TillError('session.already_open', 'A session is already open on this till', {});
    }
    const id = t.newId();
    const openedAt = t.now();
    sessions.insertSession(t.db, {
      id,
      openedAt,
      openedBy: user.id,
      openingFloat,
      openingCounts: counts,
    });
    t.record(
      {
        docType: 'session_open',
        document: { sessionId: id, openedAt, openedBy: user.id, openingFloat, counts },
      },
      id,
      openedAt,
    );
    return sessions.getSession(t.db, id) as sessions.SessionRow;
  });
}

/** Cash put in the drawer (anyone signed in) or taken out of it (a manager's act). */
export function cashMove(
  t: TillContext,
  input: Parsed<'cashMove'>,
): { id: string; amount: number; reason: string } {
  const { amount, reason, approval } = input;
  const earlier = t.appliedBefore('cashMove', input);
  if (earlier) {
    const move =
      earlier.resultId === null ? undefined : sessions.getCashMove(t.db, earlier.resultId);
    if (move) return move;
  }
  const user =
    amount < 0 ? t.requireManager(approval, 'take cash out of the drawer') : t.requireUser();
  return t.transaction(() => {
    const session = t.requireSession();
    const id = t.newId();
    const createdAt = t.now();
    sessions.insertCashMove(t.db, {
      id,
      sessionId: session.id,
      amount,
      reason,
      userId: user.id,
      createdAt,
    });
    t.record(
      {
        docType: 'cash_move',
        document: {
          sessionId: session.id,
          amount,
          reason,
          userId: user.id,
          signedInUserId: t.user?.id ?? null,
          createdAt,
        },
      },
      id,
      createdAt,
    );
    t.markApplied('cashMove', input, id);
    return { id, amount, reason };
  });
}

/** Opens the cash drawer with no sale: a manager's act, journaled with who did it. */
export function openDrawer(t: TillContext, input: Parsed<'openDrawer'>): void {
  const { reason, approval } = input;
  // Opened once: a second click must not kick the drawer (nor journal it) again.
  if (t.appliedBefore('openDrawer', input)) return;
  const manager = t.requireManager(approval, 'open the drawer with no sale');
  t.transaction(() => {
    // A technician may test the drawer with the till closed: the act is journaled all the same.
    const sessionId = sessions.openSessionRow(t.db)?.id ?? null;
    const at = t.now();
    const signedInUserId = t.user?.id ?? null;
    t.record(
      {
        docType: 'drawer_open',
        document: { sessionId, reason, by: manager.id, signedInUserId, at },
      },
      t.newId(),
      at,
    );
    t.markApplied('openDrawer', input, null);
    t.announce({ type: 'drawer_opened', reason: 'no_sale', by: manager.id });
  });
}

/** The running figures of the open session (X report): changes nothing. */
export function xReport(t: TillContext): SessionReport {
  t.requireUser();
  // One read transaction: one snapshot, whatever another connection commits meanwhile.
  return t.db.transaction(() => sessionReport(t, t.requireSession(), null)).deferred();
}

export function closeSession(t: TillContext, input: Parsed<'closeSession'>): SessionReport {
  const { counts, approval } = input;
  const earlier = t.appliedBefore('closeSession', input);
  const closed = earlier?.resultId ? sessions.getSession(t.db, earlier.resultId) : undefined;
  if (closed?.zReport) return storedSessionReport(closed.zReport);
  const manager = t.requireManager(approval, 'close the session');
  return t.transaction(() => {
    const session = t.requireSession();
    const draft = tickets.findDraft(t.db, session.id);
    if (draft && draft.lines.length > 0) {
      throw new TillError(
        'session.draft_open',
        'A ticket is still being rung up: pay or cancel it before closing',
        { ticketId: draft.id },
      );
    }
    if (draft) tickets.deleteEmptyDraft(t.db, draft.id);
    const report = sessionReport(t, session, counts);
    const closedAt = t.now();
    sessions.closeSessionRow(t.db, session.id, {
      closedAt,
      closedBy: manager.id,
      countedCash: report.countedCash ?? 0,
      closingCounts: counts,
      expectedCash: report.expectedCash,
      zReport: report,
    });
    t.record(
      {
        docType: 'z_report',
        document: { sessionId: session.id, closedAt, closedBy: manager.id, report },
      },
      session.id,
      closedAt,
    );
    t.markApplied('closeSession', input, session.id);
    t.announce({ type: 'session_closed', sessionId: session.id });
    return report;
  });
}

function sessionReport(
  t: TillContext,
  session: sessions.SessionRow,
  counts: Record<string, number> | null,
): SessionReport {
  const figures = sessions.sessionFigures(t.db, session.id);
  const before = grandTotalsAfter(t.db, 'session_open', session.id) ?? {
    sales: 0,
    refunds: 0,
  };
  return computeSessionReport({
    openingFloat: session.openingFloat,
    cashMoves: figures.cashMoves,
    payments: figures.payments.map((payment) => ({
      ...payment,
      kind: payment.kind ?? t.storedKind(payment.method),
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

/** Who is at the till, the session, the cash: the operations the screens call. */
export const sessionOperations = {
  /** The active users, for the sign-in picker: works signed out. */
  users: op(none, ({ ctx }) => userChoices(ctx)),
  signIn: op(schemas.signIn, ({ ctx }, input) => signIn(ctx, input)),
  signInByBadge: op(schemas.signInByBadge, ({ ctx }, input) => signInByBadge(ctx, input)),
  signOut: op(none, ({ ctx }) => signOut(ctx)),
  signedIn: op(none, ({ ctx }) => signedIn(ctx)),
  setMyLocale: op(schemas.setMyLocale, ({ ctx }, input) => setMyLocale(ctx, input)),
  currentSession: op(none, ({ ctx }) => sessionView(currentSession(ctx))),
  openSession: op(schemas.openSession, ({ ctx }, input) => openSession(ctx, input)),
  xReport: op(none, ({ ctx }) => xReport(ctx)),
  closeSession: op(schemas.closeSession, ({ ctx }, input) => closeSession(ctx, input)),
  cashMove: op(schemas.cashMove, ({ ctx }, input) => cashMove(ctx, input)),
  openDrawer: op(schemas.openDrawer, ({ ctx }, input) => openDrawer(ctx, input)),
};
