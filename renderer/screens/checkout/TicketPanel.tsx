import { useMemo } from 'react';
import { AmountLines, type AmountLine } from '../../components/AmountLines';
import { KeyButton } from '../../components/KeyButton';
import { MemberBanner } from '../../components/MemberBanner';
import { TicketLines } from '../../components/TicketLines';
import { useWords } from '../../i18n';
import type { LineView } from '../../bridge/types';
import { productName } from '../../product-name';
import { useStores, useTill } from '../../store/context';

/** The ticket being rung up: its member, its lines (the current one highlighted), its total. */
export function TicketPanel() {
  const { t, money, quantity, statusText, locale } = useWords();
  const { ticket: store } = useStores();
  const ticket = useTill('ticket', (state) => state.ticket);
  const paid = useTill('ticket', (state) => state.paid);
  const selectedLineId = useTill('ticket', (state) => state.selectedLineId);
  const pending = useTill('ticket', (state) => state.pendingScans);
  const member = ticket?.member ?? null;
  const lineWords = useMemo(
    () => ({
      label: t('checkout.lines'),
      empty: t('checkout.empty'),
      lookingUp: (code: string) => t('checkout.lookingUp', { code }),
      money,
      quantity,
      discount: t('checkout.discount'),
      name: (line: LineView) => productName(line, locale),
    }),
    [t, money, quantity, locale],
  );
  const totals = ticket?.totals;

  const amounts: AmountLine[] = [];
  if (totals && totals.ticketDiscount !== 0) {
    amounts.push(
      { id: 'subtotal', label: t('checkout.subtotal'), amount: money(totals.subtotal) },
      {
        id: 'discount',
        label: t('checkout.ticketDiscount'),
        amount: money(-totals.ticketDiscount),
      },
    );
  }
  amounts.push({
    id: 'total',
    label: t('checkout.total'),
    amount: money(totals?.total ?? 0),
    emphasis: true,
  });

  return (
    <section className="checkout__ticket" aria-label={t('checkout.ticket')}>
      {member ? (
        <MemberBanner
          member={member}
          words={{
            label: t('member.label'),
            household: t('member.household', { count: member.eaters }),
            mayNotShop: t(member.block === 'hard' ? 'member.blocked' : 'member.warning'),
            status: statusText(member),
          }}
          action={
            <KeyButton
              label={t('member.remove')}
              onClick={() => void store.getState().detachMember()}
            />
          }
        />
      ) : null}
      <TicketLines
        lines={ticket?.lines ?? []}
        pending={pending}
        selectedId={selectedLineId}
        words={lineWords}
        onSelect={store.getState().selectLine}
      />
      {/* Just after a sale the right side shows its total and change: a "Total 0,00 €" here
          would sit beside them and read as what was paid. */}
      {paid !== null && ticket === null ? null : (
        <AmountLines label={t('checkout.totals')} lines={amounts} />
      )}
    </section>
  );
}
