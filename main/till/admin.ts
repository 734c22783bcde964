/**
 * A manager's settings from the screens: the member statuses' policy and the till's language and
 * shop. None is a sale: they are not journaled (the journal keeps what was sold and the cash),
 * but each needs a manager, signed in or approving.
 */
import { TillError } from '../../domain/errors';
import type { BlockKind } from '../../domain/member-policy';
import * as members from '../../db/members';
import { setSetting } from '../../db/settings';
import { none, schemas, type Parsed } from './schemas';
import { op } from './operation';
import { SETTING_KEYS, type TillSettings } from './settings';
import type { TillContext } from './context';
import type { SyncEnrolmentDocument } from '../../domain/journal-documents';
import type { User } from '../../db/users';

export interface MemberStatusView {
  code: string;
  /** In the till's language. */
  label: string;
  mayShop: boolean;
  /** How paying is held back when the status may not shop ('soft' for one that may). */
  block: BlockKind;
}

export function memberStatuses(t: TillContext): MemberStatusView[] {
  t.requireUser();
  const locale = t.settings().locale;
  return members.listMemberStatuses(t.db).map((rule) => ({
    code: rule.code,
    label: rule.labels[locale],
    mayShop: rule.mayShop,
    block: rule.block ?? 'soft',
  }));
}

/** Whether a status may shop and how it is blocked; its labels stay (a new status comes with its own). */
export function setMemberStatus(
  t: TillContext,
  input: Parsed<'setMemberStatus'>,
): MemberStatusView[] {
  const { code, mayShop, block, approval } = input;
  t.requireManager(approval, 'change what a member status allows');
  t.transaction(() => {
    const rule = members.getMemberStatus(t.db, code);
    if (!rule) {
      throw new TillError('member.unknown_status', `The coop has no member status "${code}"`, {
        status: code,
      });
    }
    members.upsertMemberStatus(t.db, { ...rule, mayShop, block, updatedAt: t.now() });
  });
  return memberStatuses(t);
}

/** The till's language and the shop printed atop and below each receipt. */
export function updateSettings(t: TillContext, input: Parsed<'updateSettings'>): TillSettings {
  const { locale, shop, approval } = input;
  t.requireManager(approval, 'change the settings');
  const current = t.settings();
  t.transaction(() => {
    if (locale !== undefined) setSetting(t.db, SETTING_KEYS.locale, locale);
    if (shop !== undefined) setSetting(t.db, SETTING_KEYS.shop, { ...current.shop, ...shop });
  });
  t.reloadSettings();
  return t.settings();
}

/** Enrolling the till with a server, or un-enrolling it, is a manager's act. */
export function approveEnrolment(
  t: TillContext,
  act: SyncEnrolmentDocument['act'],
  approval: Parsed<'updateSettings'>['approval'],
): User {
  return t.requireManager(
    approval,
    act === 'enrol' ? 'enrol the till with a server' : 'un-enrol the till from its server',
  );
}

/** Journals an enrolment or un-enrolment, with the manager who allowed it. */
export function journalEnrolment(
  t: TillContext,
  entry: Omit<SyncEnrolmentDocument, 'at'>,
  change: () => void,
): void {
  t.transaction(() => {
    change();
    const at = t.now();
    t.record({ docType: 'sync_enrolment', document: { ...entry, at } }, t.newId(), at);
  });
}

/** A manager's settings and the link with the central server: the operations the screens call. */
export const adminOperations = {
  settings: op(none, ({ ctx }) => ctx.settings()),
  updateSettings: op(schemas.updateSettings, ({ ctx }, input) => updateSettings(ctx, input)),
  memberStatuses: op(none, ({ ctx }) => memberStatuses(ctx)),
  setMemberStatus: op(schemas.setMemberStatus, ({ ctx }, input) => setMemberStatus(ctx, input)),
  /** What the status bar shows of the sync, also for a till not enrolled. */
  syncStatus: op(none, (scope) => scope.syncStatus()),
  /** Settings (manager): enrol with the server, from its address and one-time code. */
  enrol: op(schemas.enrol, (scope, input) => scope.enrol(input.server, input.code, input.approval)),
  unenrol: op(schemas.unenrol, (scope, input) => scope.unenrol(input.approval)),
};
