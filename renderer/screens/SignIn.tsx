import { useState, type FormEvent } from 'react';
import { KeyButton } from '../components/KeyButton';
import { useWords } from '../i18n';
import { LOCALES, type Locale } from '../../domain/money';
import { useStores, useTill } from '../store/context';
import type { ErrorView } from '../../main/api';

const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = {
  'fr-BE': 'Français',
  'nl-BE': 'Nederlands',
  en: 'English',
};

/** Who is at the till: their name and PIN, in the language they read. */
export function SignIn() {
  const { t, errorText } = useWords();
  const { auth } = useStores();
  const locale = useTill('auth', (state) => state.locale);
  const [userId, setUserId] = useState('');
  const [pin, setPin] = useState('');
  const [refusal, setRefusal] = useState<ErrorView | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const error = await auth.getState().signIn(Number(userId), pin);
    setRefusal(error);
    if (error) setPin('');
  };

  return (
    <form className="panel sign-in" onSubmit={(event) => void submit(event)}>
      <h1>{t('signIn.title')}</h1>
      <div className="languages" role="group" aria-label={t('signIn.language')}>
        {LOCALES.map((code) => (
          <button
            key={code}
            type="button"
            lang={code}
            className="language"
            aria-pressed={code === locale}
            onClick={() => void auth.getState().chooseLocale(code)}
          >
            {LANGUAGE_NAMES[code]}
          </button>
        ))}
      </div>
      <label className="field">
        <span>{t('signIn.user')}</span>
        <input
          type="text"
          inputMode="numeric"
          value={userId}
          onChange={(event) => setUserId(event.target.value)}
        />
      </label>
      <label className="field">
        <span>{t('signIn.pin')}</span>
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          onChange={(event) => setPin(event.target.value)}
        />
      </label>
      {refusal ? (
        <p className="sign-in__refusal" role="alert">
          {errorText(refusal)}
        </p>
      ) : null}
      <KeyButton type="submit" tone="primary" label={t('signIn.submit')} shortcut="Enter" />
    </form>
  );
}
