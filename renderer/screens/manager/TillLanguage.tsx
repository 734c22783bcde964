import { useEffect, useState } from 'react';
import { LOCALES, type Locale } from '../../../domain/money';
import { KeyButton } from '../../components/KeyButton';
import { LANGUAGE_NAMES } from '../../components/LanguageSwitch';
import { useWords } from '../../i18n';
import { callWithApproval } from '../../store/approval';
import { useStores, useTill } from '../../store/context';
import { useManagerShortcuts } from './shortcuts';

/** The till's own language: receipts, the customer display, and the screens before sign-in. */
export function TillLanguage() {
  const { t } = useWords();
  const stores = useStores();
  const current = useTill('auth', (state) => state.settings?.locale ?? null);
  const [chosen, setChosen] = useState<Locale | null>(current);
  const [saved, setSaved] = useState(false);
  useEffect(() => setChosen(current), [current]);

  const save = async () => {
    if (chosen === null) return;
    setSaved(false);
    const settings = await callWithApproval(stores, 'updateSettings', { locale: chosen });
    if (settings === undefined) return;
    stores.auth.setState({ settings });
    setSaved(true);
  };
  useManagerShortcuts({ F8: () => void save() });

  return (
    <section aria-labelledby="till-language-title" className="settings__section">
      <h2 id="till-language-title">{t('manager.language.title')}</h2>
      <fieldset className="choices">
        <legend>{t('manager.language.legend')}</legend>
        {LOCALES.map((locale) => (
          <label key={locale} className="choice" lang={locale}>
            <input
              type="radio"
              name="till-language"
              value={locale}
              checked={chosen === locale}
              onChange={() => {
                setSaved(false);
                setChosen(locale);
              }}
            />
            <span>{LANGUAGE_NAMES[locale]}</span>
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <KeyButton label={t('manager.language.save')} shortcut="F8" onClick={() => void save()} />
        {saved ? (
          <p className="done" role="status">
            {t('manager.saved')}
          </p>
        ) : null}
      </div>
    </section>
  );
}
