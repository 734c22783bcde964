import type { ReactNode } from 'react';
import type { MemberView } from '../bridge/types';

/** Who the ticket is for: name, number, shift status, household; a warning when they may not shop. */
export function MemberBanner({
  member,
  words,
  action,
}: {
  member: MemberView;
  words: { label: string; household: string; mayNotShop: string; status: string };
  action?: ReactNode;
}) {
  const tone = member.mayShop ? 'ok' : member.block === 'hard' ? 'error' : 'warning';
  return (
    <section className={`member member--${tone}`} aria-label={words.label}>
      <div className="member__who">
        <strong className="member__name">{member.name}</strong>
        <span className="member__number">#{member.number}</span>
      </div>
      <div className="member__facts">
        <span className="member__status">{words.status}</span>
        <span className="member__household">{words.household}</span>
        {member.mayShop ? null : <strong className="member__refusal">{words.mayNotShop}</strong>}
      </div>
      {action}
    </section>
  );
}
