import { TillError } from '../../domain/errors';
import type { Db } from '../../db/open';
import { getMemberStatus, listMemberStatuses, upsertMemberStatus } from '../../db/members';
import { readNoMemberPolicy, setNoMemberPolicy } from '../till/members';

type Output = (line: string) => void;

const POLICIES = { shop: null, soft: 'soft', hard: 'hard' } as const;

/** `member-statuses`: the coop's table, one status a line. */
export function listStatusesCommand(db: Db, out: Output): number {
  for (const rule of listMemberStatuses(db)) {
    const policy = rule.mayShop ? 'shop' : (rule.block ?? 'soft');
    out(
      `${rule.code.padEnd(14)} ${policy.padEnd(5)} ${rule.labels['fr-BE']} / ${rule.labels['nl-BE']} / ${rule.labels.en}`,
    );
  }
  out(`Tickets with no member: ${readNoMemberPolicy(db)}`);
  return 0;
}

/** `member-status CODE shop|soft|hard [FR NL EN]`: sets, or adds, one of the coop's statuses. */
export function setStatusCommand(db: Db, args: string[], updatedAt: string): string {
  const [code, policy, fr, nl, en] = args;
  if (!code || !policy || !(policy in POLICIES) || code.length > 64) {
    throw new TillError(
      'input.invalid',
      'member-status needs a status code and shop, soft or hard (then, for a new status, its labels in French, Dutch and English)',
      {},
    );
  }
  const block = POLICIES[policy as keyof typeof POLICIES];
  const existing = getMemberStatus(db, code);
  const labels =
    fr && nl && en ? { 'fr-BE': fr, 'nl-BE': nl, en } : existing ? existing.labels : undefined;
  if (!labels) {
    throw new TillError(
      'input.invalid',
      `"${code}" is a new status: give its labels in French, Dutch and English`,
      { code },
    );
  }
  upsertMemberStatus(db, { code, labels, mayShop: block === null, block, updatedAt });
  return `${code}: ${policy === 'shop' ? 'may shop' : `may not shop (${policy} block)`}`;
}

/** `no-member allowed|acknowledge`: whether a ticket with no member needs acknowledging. */
export function noMemberCommand(db: Db, args: string[]): string {
  const [policy] = args;
  if (policy !== 'allowed' && policy !== 'acknowledge') {
    throw new TillError('input.invalid', 'no-member is allowed or acknowledge', {});
  }
  setNoMemberPolicy(db, policy);
  return `Tickets with no member: ${policy}`;
}
