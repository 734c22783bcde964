import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../domain/money';
import type { WebApp } from '../../domain/people';
import { KeyButton } from '../../renderer/components/KeyButton';
import { LanguageSwitch } from '../../renderer/components/LanguageSwitch';
import { useWords, type ScreenKey } from '../../renderer/i18n';
import { currentPerson, saveLocale, signIn, signOut, type Person, type Refusal } from './api';

const TITLES: Record<WebApp, ScreenKey> = { office: 'web.office.title', hand: 'web.hand.title' };
const EMPTY: Record<WebApp, ScreenKey> = { office: 'web.office.empty', hand: 'web.hand.empty' };
export const LOCALE_KEY = 'emm.locale';

/**
 * A web app's shell: who is signed in, the language, signing out; the app's pages come inside.
 * The back office signs in with a name and password, the handheld with a badge and PIN.
 */
export function Shell({ app, page }: { app: WebApp; page?: (() => ReactNode) | undefined }) {
  const { t, locale } = useWords();
  const { i18n } = useTranslation();
  const [person, setPerson] = useState<Person | null | 'loading'>('loading');
  const [signedOut, setSignedOut] = useState(false);

  const chooseLocale = (next: Locale) => {
    void i18n.changeLanguage(next);
    localStorage.setItem(LOCALE_KEY, next);
    if (person !== 'loading' && person !== null) {
      setPerson({ ...person, locale: next });
      void saveLocale(next);
    }
  };

  useEffect(() => {
    void currentPerson().then((found) => {
      setPerson(found);
      if (found) void i18n.changeLanguage(found.locale);
    });
  }, [i18n]);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${t(TITLES[app])} · EasyMyMarket`;
  }, [locale, app, t]);

  if (person === 'loading') return null;
  const languages = (
    <LanguageSwitch label={t('signIn.language')} current={locale} onChoose={chooseLocale} />
  );
  if (person === null) {
    return (
      <main className="web-shell">
        <SignInForm
          app={app}
          languages={languages}
          notice={signedOut ? t('web.signedOut') : null}
          onSignedIn={(signedIn) => {
            setSignedOut(false);
            setPerson(signedIn);
            void i18n.changeLanguage(signedIn.locale);
          }}
        />
      </main>
    );
  }
  return (
    <div className="web-shell">
      <header className="web-shell__bar">
        <h1>{t(TITLES[app])}</h1>
        <p className="web-shell__who">{t('web.signedInAs', { name: person.name })}</p>
        {languages}
        <KeyButton
          label={t('signIn.signOut')}
          onClick={() => {
            void signOut().then(() => {
              setSignedOut(true);
              setPerson(null);
            });
          }}
        />
      </header>
      {page ? (
        <main>{page()}</main>
      ) : (
        <main className="panel">
          <p>{t(EMPTY[app])}</p>
        </main>
      )}
    </div>
  );
}

function SignInForm({
  app,
  languages,
  notice,
  onSignedIn,
}: {
  app: WebApp;
  languages: ReactNode;
  notice: string | null;
  onSignedIn: (person: Person) => void;
}) {
  const { t } = useWords();
  const [who, setWho] = useState('');
  const [secret, setSecret] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const secretField = useRef<HTMLInputElement>(null);
  const byPassword = app === 'office';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (who === '' || secret === '' || busy) return;
    setBusy(true);
    const result = await signIn(
      app,
      byPassword ? { name: who, password: secret } : { badge: who, pin: secret },
    );
    setBusy(false);
    if (result.ok) {
      onSignedIn(result.person);
      return;
    }
    setRefusal(result.refusal);
    setSecret('');
    secretField.current?.focus();
  };

  const refusalText = (shown: Refusal): string => {
    switch (shown.kind) {
      case 'wrong':
        return t(byPassword ? 'web.signIn.wrongPassword' : 'web.signIn.wrongPin');
      case 'locked':
        return t('web.signIn.locked', { minutes: Math.max(1, Math.ceil(shown.seconds / 60)) });
      case 'no_role':
        return t('web.signIn.noRole');
      case 'too_many':
        return t('web.signIn.tooMany');
      case 'failed':
        return t('web.signIn.failed');
    }
  };

  return (
    <form className="panel sign-in" onSubmit={(event) => void submit(event)}>
      <h1>
        {t(app === 'office' ? 'web.office.title' : 'web.hand.title')} — {t('signIn.title')}
      </h1>
      {languages}
      {notice ? <p role="status">{notice}</p> : null}
      <label className="field">
        <span>{t(byPassword ? 'signIn.user' : 'web.signIn.badge')}</span>
        <input
          name={byPassword ? 'name' : 'badge'}
          autoComplete={byPassword ? 'username' : 'off'}
          value={who}
          onChange={(event) => setWho(event.target.value)}
        />
      </label>
      <label className="field">
        <span>{t(byPassword ? 'web.signIn.password' : 'signIn.pin')}</span>
        <input
          ref={secretField}
          name={byPassword ? 'password' : 'pin'}
          type="password"
          inputMode={byPassword ? 'text' : 'numeric'}
          autoComplete={byPassword ? 'current-password' : 'off'}
          value={secret}
          onChange={(event) => setSecret(event.target.value)}
        />
      </label>
      {refusal ? (
        <p className="sign-in__refusal" role="alert">
          {refusalText(refusal)}
        </p>
      ) : null}
      <div className="actions">
        <KeyButton type="submit" tone="primary" label={t('signIn.submit')} disabled={busy} />
      </div>
    </form>
  );
}
