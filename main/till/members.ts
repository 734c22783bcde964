import { z } from 'zod';
import { TillError } from '../../domain/errors';
import type { Locale } from '../../domain/money';
import {
  decideMemberShop,
  payRequirement,
  type BlockKind,
  type NoMemberPolicy,
} from '../../domain/member-policy';
import type { MemberConsentDocument } from '../../domain/journal-documents';
import type { Db } from '../../db/open';
import * as members from '../../db/members';
import { getSetting, setSetting } from '../../db/settings';

/** What the till shows of the member on a ticket: who, in what status, and may they shop. */
export interface MemberView {
  id: number;
  number: string;
  name: string;
  /** The coop's own code. */
  status: string;
  /** The status in the till's language; "unknown status (code)" when the coop's table lacks it. */
  statusLabel: string;
  statusKnown: boolean;
  mayShop: boolean;
  /** How paying is held back when the member may not shop; null when they may. */
  block: BlockKind | null;
  /** The member may shop only because the coop said "may shop anyway". */
  mayShopOverride: boolean;
  /** How many shop on the card, the member included, and the names the coop keeps. */
  eaters: number;
  eaterNames: string[];
}

export const NO_MEMBER_SETTING = 'members.no_member';
const noMemberSchema = z.enum(['allowed', 'acknowledge']);

/** Whether a ticket with no member is allowed, or needs the cashier to acknowledge it. */
export function readNoMemberPolicy(db: Db): NoMemberPolicy {
  const parsed = noMemberSchema.safeParse(getSetting(db, NO_MEMBER_SETTING));
  return parsed.success ? parsed.data : 'allowed';
}

export function setNoMemberPolicy(db: Db, policy: NoMemberPolicy): void {
  setSetting(db, NO_MEMBER_SETTING, noMemberSchema.parse(policy));
}

/** Who let a ticket be paid that its member's status (or its lack of a member) held back. */
export interface PayConsent {
  /** The cashier said so, having seen the warning. */
  acknowledged: boolean;
  /** The manager who approved: the one signed in, or one who typed their PIN. */
  manager: { id: number } | null;
}

/**
 * The till's side of members: finding the member behind a card or a number (an associated
 * person's card is their member's), deciding whether they may shop, and holding paying back.
 */
export class TillMembers {
  constructor(
    private readonly db: Db,
    private readonly locale: () => Locale,
  ) {}

  byCard(codes: readonly string[], shown: string): members.Member {
    const member = members.findMemberByCard(this.db, codes);
    if (!member) {
      throw new TillError('member.unknown', `No member has the card "${shown}"`, {
        member: shown,
      });
    }
    return this.holder(member);
  }

  byNumber(number: string, shown: string): members.Member {
    const member = members.findMemberByNumber(this.db, number);
    if (!member) {
      throw new TillError('member.unknown', `No member with number "${shown}"`, { member: shown });
    }
    return this.holder(member);
  }

  /** The member whose card it is: an associated person shops as their member, in their status. */
  private holder(member: members.Member): members.Member {
    if (member.memberOf === null) return member;
    return members.getMember(this.db, member.memberOf) ?? member;
  }

  view(memberId: number | null): MemberView | null {
    if (memberId === null) return null;
    const member = members.getMember(this.db, memberId);
    if (!member) return null;
    const decision = decideMemberShop(
      member.status,
      members.getMemberStatus(this.db, member.status),
      member.mayShopOverride,
      this.locale(),
    );
    return {
      id: member.id,
      number: member.number,
      name: member.name,
      status: member.status,
      statusLabel: decision.label,
      statusKnown: decision.statusKnown,
      mayShop: decision.mayShop,
      block: decision.block,
      mayShopOverride: decision.overridden,
      eaters: member.eaters,
      eaterNames: member.eaterNames,
    };
  }

  /**
   * Refuses to pay a ticket its member may not shop on (or with no member, if the coop says so)
   * unless the cashier acknowledged it (soft) or a manager approved (hard). Returns what the
   * journal keeps of who let it through, or null when nothing held it back.
   */
  consentToPay(
    ticketId: string,
    memberId: number | null,
    consent: PayConsent,
  ): Omit<MemberConsentDocument, 'cashierId' | 'at'> | null {
    const member = this.view(memberId);
    // The setting is read only for a ticket with no member: paying reads no more than it must.
    const requirement = payRequirement(
      member,
      member === null ? readNoMemberPolicy(this.db) : 'allowed',
    );
    if (requirement.needs === 'nothing') return null;
    const who = member ? `${member.name} (${member.statusLabel})` : '';
    if (requirement.needs === 'manager' && consent.manager === null) {
      throw new TillError(
        'member.manager_required',
        `A manager must approve: ${who} may not shop`,
        { member: named(member), status: member?.status ?? '' },
      );
    }
    if (requirement.needs === 'acknowledgement' && !consent.acknowledged && !consent.manager) {
      throw requirement.reason === 'no_member'
        ? new TillError(
            'member.none_acknowledge',
            'This ticket has no member: acknowledge it to pay',
            {},
          )
        : new TillError('member.acknowledge', `${who} may not shop: acknowledge it to pay`, {
            member: named(member),
            status: member?.status ?? '',
          });
    }
    return {
      ticketId,
      reason: requirement.reason,
      memberId: member?.id ?? null,
      memberNumber: member?.number ?? null,
      status: member?.status ?? null,
      block: member?.block ?? null,
      acknowledged: consent.acknowledged,
      approvedBy: consent.manager?.id ?? null,
    };
  }
}

/** A member as the cashier's question names them: by name, their number beside it. */
function named(member: { name: string; number: string } | null): string {
  return member ? `${member.name} (${member.number})` : '';
}
