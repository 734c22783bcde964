import { useState, type FormEvent } from 'react';
import { KeyButton } from '../components/KeyButton';
import { useWords } from '../i18n';
import { useShortcuts } from '../input/shortcuts';
import { useStores } from '../store/context';
import { countedTotal, DENOMINATIONS, type Counts } from '../store/session';

/** The float counted coin by coin and note by note, its total always in view. */
export function OpenSession() {
  const { t, money } = useWords();
  const { session } = useStores();
  const [counts, setCounts] = useState<Counts>({});
  const total = countedTotal(counts);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    await session.getState().open(counts);
  };
  useShortcuts({ F10: () => void submit() });

  return (
    <form className="panel open-session" onSubmit={(event) => void submit(event)}>
      <h1>{t('openSession.title')}</h1>
      <p>{t('openSession.hint')}</p>
      <div className="denominations">
        {DENOMINATIONS.map((cents) => (
          <label key={cents} className="denomination">
            <span className="denomination__value">{money(cents)}</span>
            <input
              type="text"
              inputMode="numeric"
              aria-label={t('openSession.countOf', { value: money(cents) })}
              value={counts[String(cents)] ?? ''}
              onChange={(event) => {
                const count = Number.parseInt(event.target.value, 10);
                setCounts({
                  ...counts,
                  [String(cents)]: Number.isFinite(count) && count >= 0 ? count : 0,
                });
              }}
            />
          </label>
        ))}
      </div>
      <p className="open-session__total" aria-live="polite">
        {t('openSession.total')} <output>{money(total)}</output>
      </p>
      <div className="actions">
        <KeyButton type="submit" tone="primary" label={t('openSession.open')} shortcut="F10" />
      </div>
    </form>
  );
}
