import { AmountLines, type AmountLine } from '../../components/AmountLines';
import { KeyButton } from '../../components/KeyButton';
import { useWords } from '../../i18n';
import { useShortcuts } from '../../input/shortcuts';
import { useStores } from '../../store/context';
import type { TicketView } from '../../bridge/types';
import { useMethodLabel } from '../methods';

/** The sale just paid: the change to hand back, large; the receipt again on request. */
export function PaidPanel({ paid }: { paid: TicketView }) {
  const { t, money } = useWords();
  const methodLabel = useMethodLabel();
  const { ticket } = useStores();
  const next = () => ticket.getState().dismissPaid();
  const reprint = () => {
    if (paid.number !== null) void ticket.getState().reprint(paid.number);
  };
  useShortcuts({ Enter: next, Escape: next, F9: reprint });

  const lines: AmountLine[] = [
    { id: 'total', label: t('payment.total'), amount: money(paid.totals.total) },
  ];
  if (paid.rounding !== 0) {
    lines.push(
      { id: 'rounding', label: t('payment.rounding'), amount: money(paid.rounding) },
      { id: 'due', label: t('payment.due'), amount: money(paid.due) },
    );
  }
  paid.payments.forEach((payment, index) =>
    lines.push({
      id: `payment-${index}`,
      label: methodLabel(payment.method),
      amount: money(payment.amount),
    }),
  );
  lines.push({
    id: 'change',
    label: t('payment.change'),
    amount: money(paid.change),
    emphasis: true,
  });

  return (
    <section className="paid" aria-label={t('paid.label')}>
      <h2>{t('paid.title', { number: paid.number ?? '' })}</h2>
      <AmountLines label={t('payment.amounts')} lines={lines} />
      <div className="actions">
        <KeyButton label={t('paid.next')} shortcut="Enter" tone="primary" onClick={next} />
        <KeyButton label={t('paid.reprint')} shortcut="F9" onClick={reprint} />
      </div>
    </section>
  );
}
