import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ErrorView } from '../../main/api';
import { KeyButton } from '../components/KeyButton';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { UserPicker } from '../components/UserPicker';
import { useWords } from '../i18n';
import { useWedgeScanner } from '../input/wedge';
import { useStores, useTill } from '../store/context';
import type { UserChoice } from '../bridge/types';

/** Who is at the till: their name and PIN, or their cashier badge scanned; in their language. */
export function SignIn() {
  const { t, errorText } = useWords();
  const { auth } = useStores();
  const locale = useTill('auth', (state) => state.locale);
  const users = useTill('auth', (state) => state.users);
  const [chosenId, setChosenId] = useState<number | null>(null);
  const [pin, setPin] = useState('');
  const [refusal, setRefusal] = useState<ErrorView | null>(null);
  const pinField = useRef<HTMLInputElement>(null);
  const chosen = users.find((user) => user.id === chosenId) ?? null;

  useWedgeScanner((code) => {
    void auth
      .getState()
      .signInByBadge(code)
      .then((error) => setRefusal(error));
  });
  useEffect(() => {
    if (chosenId !== null) pinField.current?.focus();
  }, [chosenId]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (chosenId === null || pin === '') return;
    const error = await auth.getState().signIn(chosenId, pin);
    setRefusal(error);
    if (error) {
      setPin('');
      pinField.current?.focus();
    }
  };

  const describe = (user: UserChoice) =>
    user.lockedUntil !== null
      ? t('signIn.lockedUntil', { minutes: minutesUntil(user.lockedUntil) })
      : t(user.role === 'manager' ? 'signIn.manager' : 'signIn.cashier');

  return (
    <form className="panel sign-in" onSubmit={(event) => void submit(event)}>
      <h1>{t('signIn.title')}</h1>
      <LanguageSwitch
        label={t('signIn.language')}
        current={locale}
        onChoose={(code) => void auth.getState().chooseLocale(code)}
      />
      <UserPicker
        label={t('signIn.who')}
        users={users}
        chosenId={chosenId}
        describe={describe}
        onChoose={(id) => {
          setChosenId(id);
          setRefusal(null);
        }}
      />
      <label className="field">
        <span>{chosen ? t('signIn.pinOf', { name: chosen.name }) : t('signIn.pin')}</span>
        <input
          ref={pinField}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          disabled={chosen === null}
          value={pin}
          onChange={(event) => setPin(event.target.value)}
        />
      </label>
      {refusal ? (
        <p className="sign-in__refusal" role="alert">
          {errorText(refusal)}
        </p>
      ) : null}
      <div className="actions">
        <KeyButton
          type="submit"
          tone="primary"
          label={t('signIn.submit')}
          shortcut="Enter"
          disabled={chosen === null}
        />
      </div>
      <p className="sign-in__badge">{t('signIn.badge')}</p>
    </form>
  );
}

function minutesUntil(iso: string): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - Date.now()) / 60_000));
}
