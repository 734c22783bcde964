/**
 * Whether a member may shop, in the coop's own words: each coop names its shift statuses (BEES
 * coop's Obeesdoo says `ok`, La Louve says `up_to_date`) and sets, per status, whether its members
 * may shop and, if not, how the till blocks them. Pure: the statuses come from the database.
 */
import type { Locale } from './money';

/** soft: the cashier sees a warning and acknowledges it; hard: a manager approves the sale. */
export type BlockKind = 'soft' | 'hard';

export interface MemberStatusRule {
  code: string;
  labels: Record<Locale, string>;
  mayShop: boolean;
  /** Null when the status may shop. */
  block: BlockKind | null;
}

export interface ShopDecision {
  status: string;
  /** False when the coop's table does not have this status: the member is shown as unknown. */
  statusKnown: boolean;
  label: string;
  mayShop: boolean;
  block: BlockKind | null;
  /** The member may shop only because the coop said "may shop anyway". */
  overridden: boolean;
}

const UNKNOWN_LABEL: Record<Locale, (status: string) => string> = {
  'fr-BE': (status) => (status ? `Statut inconnu (${status})` : 'Statut inconnu'),
  'nl-BE': (status) => (status ? `Onbekende status (${status})` : 'Onbekende status'),
  en: (status) => (status ? `Unknown status (${status})` : 'Unknown status'),
};

/**
 * What the till does with a member: a status missing from the table may not shop, with a soft
 * block (the cashier can still serve them, having seen the warning), and is never an error.
 * "May shop anyway" lifts any block, the unknown status's too.
 */
export function decideMemberShop(
  status: string,
  rule: MemberStatusRule | undefined,
  mayShopAnyway: boolean,
  locale: Locale,
): ShopDecision {
  const known = rule !== undefined && rule.code === status;
  const mayShopByStatus = known && rule.mayShop;
  const block: BlockKind | null = mayShopByStatus ? null : known ? (rule.block ?? 'soft') : 'soft';
  return {
    status,
    statusKnown: known,
    label: known ? rule.labels[locale] : UNKNOWN_LABEL[locale](status),
    mayShop: mayShopByStatus || mayShopAnyway,
    block: mayShopAnyway ? null : block,
    overridden: mayShopAnyway && !mayShopByStatus,
  };
}

/** Whether a ticket with no member is sold as any other, or needs the cashier to acknowledge it. */
export type NoMemberPolicy = 'allowed' | 'acknowledge';

/** What paying a ticket needs, beyond its money: nothing, the cashier's word, or a manager's. */
export type PayRequirement =
  | { needs: 'nothing' }
  | { needs: 'acknowledgement'; reason: 'no_member' | 'member_may_not_shop' }
  | { needs: 'manager'; reason: 'member_may_not_shop' };

export function payRequirement(
  member: Pick<ShopDecision, 'mayShop' | 'block'> | null,
  noMember: NoMemberPolicy,
): PayRequirement {
  if (member === null) {
    return noMember === 'acknowledge'
      ? { needs: 'acknowledgement', reason: 'no_member' }
      : { needs: 'nothing' };
  }
  if (member.mayShop) return { needs: 'nothing' };
  return member.block === 'hard'
    ? { needs: 'manager', reason: 'member_may_not_shop' }
    : { needs: 'acknowledgement', reason: 'member_may_not_shop' };
}
