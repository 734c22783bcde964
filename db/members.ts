import { z } from 'zod';
import type { MemberStatusRule } from '../domain/member-policy';
import { prepare } from './prepare';
import type { Db } from './open';

export interface Member {
  id: number;
  number: string;
  name: string;
  cardBarcode: string | null;
  /** The coop's own word: looked up in member_statuses, never trusted to be there. */
  status: string;
  /** "May shop anyway" (La Louve's force_customer), whatever the status says. */
  mayShopOverride: boolean;
  /** How many shop on the card, the member included. */
  eaters: number;
  /** The household's names, where the coop keeps them. */
  eaterNames: string[];
  /** An associated person's member: the card resolves to them. */
  memberOf: number | null;
  updatedAt: string;
}

/** A member to write: what a coop that records no household or override leaves out. */
export type MemberRow = Omit<Member, 'mayShopOverride' | 'eaterNames' | 'memberOf'> &
  Partial<Pick<Member, 'mayShopOverride' | 'eaterNames' | 'memberOf'>>;

const SELECT_MEMBER = `SELECT id, number, name, card_barcode AS cardBarcode, status,
  may_shop_override AS mayShopOverride, eaters, eater_names AS eaterNames, member_of AS memberOf,
  updated_at AS updatedAt FROM members`;

type MemberSqlRow = Omit<Member, 'mayShopOverride' | 'eaterNames'> & {
  mayShopOverride: number;
  eaterNames: string;
};

const namesSchema = z.array(z.string());

function toMember(row: MemberSqlRow | undefined): Member | undefined {
  if (!row) return undefined;
  // A list the schema let through but that is not one of names shows no names, rather than fail.
  const names = namesSchema.safeParse(JSON.parse(row.eaterNames));
  return {
    ...row,
    mayShopOverride: row.mayShopOverride === 1,
    eaterNames: names.success ? names.data : [],
  };
}

export function findMemberByCard(db: Db, codes: readonly string[]): Member | undefined {
  const statement = prepare(db, `${SELECT_MEMBER} WHERE card_barcode = ?`);
  for (const code of codes) {
    const member = toMember(statement.get(code) as MemberSqlRow | undefined);
    if (member) return member;
  }
  return undefined;
}

export function findMemberByNumber(db: Db, number: string): Member | undefined {
  return toMember(
    prepare(db, `${SELECT_MEMBER} WHERE number = ?`).get(number.trim()) as MemberSqlRow | undefined,
  );
}

export function getMember(db: Db, id: number): Member | undefined {
  return toMember(prepare(db, `${SELECT_MEMBER} WHERE id = ?`).get(id) as MemberSqlRow | undefined);
}

export function maxMemberId(db: Db): number {
  return prepare(db, 'SELECT coalesce(max(id), 0) FROM members').pluck().get() as number;
}

export function upsertMember(db: Db, member: MemberRow): void {
  prepare(
    db,
    `INSERT INTO members (id, number, name, card_barcode, status, may_shop_override, eaters,
       eater_names, member_of, updated_at)
     VALUES (@id, @number, @name, @cardBarcode, @status, @mayShopOverride, @eaters, @eaterNames,
       @memberOf, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET number = excluded.number, name = excluded.name,
       card_barcode = excluded.card_barcode, status = excluded.status,
       may_shop_override = excluded.may_shop_override, eaters = excluded.eaters,
       eater_names = excluded.eater_names, member_of = excluded.member_of,
       updated_at = excluded.updated_at`,
  ).run({
    id: member.id,
    number: member.number,
    name: member.name,
    cardBarcode: member.cardBarcode,
    status: member.status,
    mayShopOverride: member.mayShopOverride === true ? 1 : 0,
    eaters: member.eaters,
    eaterNames: JSON.stringify(member.eaterNames ?? []),
    memberOf: member.memberOf ?? null,
    updatedAt: member.updatedAt,
  });
}

const SELECT_STATUS = `SELECT code, label_fr AS fr, label_nl AS nl, label_en AS en,
  may_shop AS mayShop, block FROM member_statuses`;

interface StatusSqlRow {
  code: string;
  fr: string;
  nl: string;
  en: string;
  mayShop: number;
  block: 'soft' | 'hard' | null;
}

const toRule = (row: StatusSqlRow): MemberStatusRule => ({
  code: row.code,
  labels: { 'fr-BE': row.fr, 'nl-BE': row.nl, en: row.en },
  mayShop: row.mayShop === 1,
  block: row.block,
});

export function getMemberStatus(db: Db, code: string): MemberStatusRule | undefined {
  const row = prepare(db, `${SELECT_STATUS} WHERE code = ?`).get(code) as StatusSqlRow | undefined;
  return row && toRule(row);
}

export function listMemberStatuses(db: Db): MemberStatusRule[] {
  return (prepare(db, `${SELECT_STATUS} ORDER BY code`).all() as StatusSqlRow[]).map(toRule);
}

/** A coop's status and its policy (from the server, or set on a till that has none). */
export function upsertMemberStatus(db: Db, rule: MemberStatusRule & { updatedAt: string }): void {
  prepare(
    db,
    `INSERT INTO member_statuses (code, label_fr, label_nl, label_en, may_shop, block, updated_at)
     VALUES (@code, @fr, @nl, @en, @mayShop, @block, @updatedAt)
     ON CONFLICT (code) DO UPDATE SET label_fr = excluded.label_fr, label_nl = excluded.label_nl,
       label_en = excluded.label_en, may_shop = excluded.may_shop, block = excluded.block,
       updated_at = excluded.updated_at`,
  ).run({
    code: rule.code,
    fr: rule.labels['fr-BE'],
    nl: rule.labels['nl-BE'],
    en: rule.labels.en,
    mayShop: rule.mayShop ? 1 : 0,
    block: rule.mayShop ? null : rule.block,
    updatedAt: rule.updatedAt,
  });
}

/** Takes cards off members, before an import hands them to others (two members swapping cards). */
export function clearMemberCards(db: Db, ids: readonly number[]): void {
  const clear = prepare(db, 'UPDATE members SET card_barcode = NULL WHERE id = ?');
  for (const id of ids) clear.run(id);
}

/** The numbers of a member's associated persons. */
export function associatesOf(db: Db, id: number): string[] {
  return prepare(db, 'SELECT number FROM members WHERE member_of = ? ORDER BY number')
    .pluck()
    .all(id) as string[];
}
