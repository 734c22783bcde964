import { KeyButton } from '../../renderer/components/KeyButton';
import { useWords } from '../../renderer/i18n';
import type { OutboxStatus } from './outbox';

/**
 * Always on screen: whether the server answers, how many scans wait on this device, when the
 * last ones went, and each refusal in the server's words until the volunteer has read it.
 */
export function StatusLine({
  online,
  status,
  products,
  onSend,
  onUnderstood,
}: {
  online: boolean;
  status: OutboxStatus;
  products: number | null;
  onSend: () => void;
  onUnderstood: (uuid: string) => void;
}) {
  const { t, locale } = useWords();
  const clock = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
    timeStyle: 'short',
  });
  return (
    <section className="hand-status" aria-label={t('web.hand.status')}>
      <p
        role="status"
        className={online ? 'hand-status__line' : 'hand-status__line hand-status__line--off'}
      >
        <span className="hand-status__net">
          {online ? t('web.hand.online') : t('web.hand.offline')}
        </span>
        <span>{t('web.hand.waiting', { count: status.waiting })}</span>
        <span>
          {status.lastSentAt
            ? t('web.hand.lastSent', { time: clock.format(new Date(status.lastSentAt)) })
            : t('web.hand.neverSent')}
        </span>
      </p>
      {status.waiting > 0 && online ? (
        <KeyButton label={t('web.hand.sendNow')} onClick={onSend} />
      ) : null}
      {products === 0 ? <p className="banner banner--warning">{t('web.hand.noProducts')}</p> : null}
      {status.refusals.map((refusal) => (
        <div key={refusal.uuid} className="banner banner--error hand-status__refusal" role="alert">
          <p>{t('web.hand.refused', { error: refusal.error ?? '' })}</p>
          <KeyButton label={t('web.hand.understood')} onClick={() => onUnderstood(refusal.uuid)} />
        </div>
      ))}
    </section>
  );
}
