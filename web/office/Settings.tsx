import { useEffect, useState, type FormEvent } from 'react';
import { useWords, type ScreenKey } from '../../renderer/i18n';
import { send } from './api';
import { dateTime, Failure } from './ListParts';

interface Setting {
  key: string;
  kind: 'number' | 'boolean' | 'choice' | 'text' | 'json';
  choices: string[] | null;
  adminOnly: boolean;
  set: boolean;
  value: unknown;
  lastChange: { at: string; byPersonName: string | null } | null;
}
interface Answer {
  timeZone: string;
  settings: Setting[];
  tills: { id: number; name: string; lastPullAt: string | null }[];
}

/** A setting's words key: "payment.roundAll" -> "office.settings.k.payment_roundAll". */
const meaningKey = (key: string) => `office.settings.k.${key.replace(/\./g, '_')}` as ScreenKey;

/** The settings every till pulls: what each means, its value, edited, and when tills pulled. */
export function SettingsPage({ isAdmin }: { isAdmin: boolean }) {
  const { t, locale } = useWords();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = () =>
    send<Answer>('GET', '/v1/office/settings')
      .then((found) => {
        setAnswer(found);
        setError(null);
      })
      .catch(setError);
  useEffect(() => {
    void reload();
  }, []);
  return (
    <div className="office">
      <h2 className="office__title">{t('office.settings.title')}</h2>
      {error ? <Failure error={error} /> : null}
      {answer ? (
        <>
          <section className="office-card" aria-label={t('office.settings.tills')}>
            <h3>{t('office.settings.tills')}</h3>
            <table>
              <tbody>
                {answer.tills.map((till) => (
                  <tr key={till.id}>
                    <th scope="row">{till.name}</th>
                    <td>
                      {till.lastPullAt
                        ? t('office.settings.pulledAt', {
                            time: dateTime(till.lastPullAt, locale, answer.timeZone),
                          })
                        : t('office.settings.neverPulled')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {answer.settings.map((setting) => (
            <SettingForm
              key={setting.key}
              setting={setting}
              tills={answer.tills}
              timeZone={answer.timeZone}
              mayEdit={isAdmin || !setting.adminOnly}
              onSaved={reload}
            />
          ))}
        </>
      ) : null}
    </div>
  );
}

const asText = (setting: Setting) =>
  setting.kind === 'json'
    ? JSON.stringify(setting.value, null, 2)
    : setting.value === null || setting.value === undefined
      ? ''
      : String(setting.value);

function SettingForm({
  setting,
  tills,
  timeZone,
  mayEdit,
  onSaved,
}: {
  setting: Setting;
  tills: Answer['tills'];
  timeZone: string;
  mayEdit: boolean;
  onSaved: () => Promise<void>;
}) {
  const { t, locale } = useWords();
  const [text, setText] = useState(asText(setting));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const id = `setting-${setting.key.replace(/\./g, '-')}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setSaved(false);
    let value: unknown = text;
    if (setting.kind === 'number') {
      value = text.trim() === '' ? NaN : Number(text);
      if (!Number.isFinite(value)) {
        setProblem(t('office.settings.notNumber'));
        return;
      }
    } else if (setting.kind === 'boolean') {
      value = text === 'true';
    } else if (setting.kind === 'json') {
      try {
        value = JSON.parse(text);
      } catch {
        setProblem(t('office.settings.notJson'));
        return;
      }
    }
    try {
      await send('PUT', `/v1/office/settings/${setting.key}`, { value });
      setSaved(true);
      await onSaved();
    } catch (failure) {
      setProblem(failure instanceof Error ? failure.message : String(failure));
    }
  };
  const behind = setting.lastChange
    ? tills.filter((till) => !till.lastPullAt || till.lastPullAt < (setting.lastChange?.at ?? ''))
    : [];
  return (
    <form
      className="office-card office-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => void submit(event)}
    >
      <h3 id={`${id}-title`}>
        <code>{setting.key}</code>
      </h3>
      <p>{t(meaningKey(setting.key))}</p>
      <label className="office-field" htmlFor={id}>
        <span>{t(setting.set ? 'office.settings.value' : 'office.settings.fallback')}</span>
      </label>
      {setting.kind === 'boolean' || setting.kind === 'choice' ? (
        <select id={id} value={text} disabled={!mayEdit} onChange={(e) => setText(e.target.value)}>
          {(setting.kind === 'boolean' ? ['true', 'false'] : (setting.choices ?? [])).map(
            (choice) => (
              <option key={choice} value={choice}>
                {setting.kind === 'boolean'
                  ? t(choice === 'true' ? 'office.members.yes' : 'office.settings.no')
                  : choice}
              </option>
            ),
          )}
        </select>
      ) : setting.kind === 'json' ? (
        <textarea
          id={id}
          rows={6}
          cols={60}
          value={text}
          disabled={!mayEdit}
          onChange={(e) => setText(e.target.value)}
        />
      ) : (
        <input
          id={id}
          value={text}
          inputMode={setting.kind === 'number' ? 'numeric' : undefined}
          disabled={!mayEdit}
          onChange={(e) => setText(e.target.value)}
        />
      )}
      {mayEdit ? (
        <button type="submit" className="office-choice">
          {t('office.settings.save')}
        </button>
      ) : (
        <p>{t('office.settings.adminOnly')}</p>
      )}
      {problem ? (
        <p role="alert" className="office-error">
          {t('office.settings.refused', { problem })}
        </p>
      ) : null}
      {saved ? <p role="status">{t('office.settings.saved')}</p> : null}
      {setting.lastChange ? (
        <p>
          {t('office.people.changeBy', {
            time: dateTime(setting.lastChange.at, locale, timeZone),
            who: setting.lastChange.byPersonName ?? t('office.people.script'),
          })}{' '}
          {behind.length > 0
            ? t('office.settings.waiting', { tills: behind.map((till) => till.name).join(', ') })
            : t('office.settings.reached')}
        </p>
      ) : null}
    </form>
  );
}
