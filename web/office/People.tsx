import { useEffect, useState, type FormEvent } from 'react';
import { LOCALES, type Locale } from '../../domain/money';
import { ROLES, type Role } from '../../domain/people';
import { useWords } from '../../renderer/i18n';
import { fetchTillsAndZone, send } from './api';
import { dateTime, Failure } from './ListParts';
import { ChangeList } from './Members';

interface Person {
  id: number;
  name: string;
  locale: Locale;
  badge: string | null;
  roles: Role[];
  hasPin: boolean;
  hasPassword: boolean;
  disabledAt: string | null;
  lockedUntil: string | null;
  updatedAt: string;
}
interface PersonChange {
  id: string;
  at: string;
  byPersonName: string | null;
  byOther: string | null;
  change: Record<string, unknown>;
}

const LANGUAGES: Record<Locale, string> = {
  'fr-BE': 'Français',
  'nl-BE': 'Nederlands',
  en: 'English',
};

function RoleChoice({ roles, onChange }: { roles: Role[]; onChange: (roles: Role[]) => void }) {
  const { t } = useWords();
  return (
    <fieldset className="office-roles">
      <legend>{t('office.people.roles')}</legend>
      {ROLES.map((role) => (
        <label key={role} className="office-check">
          <input
            type="checkbox"
            checked={roles.includes(role)}
            onChange={(event) =>
              onChange(
                event.target.checked ? [...roles, role] : roles.filter((other) => other !== role),
              )
            }
          />{' '}
          {t(`office.people.role.${role}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** People and their roles: an admin's page (the server refuses anyone else, in words). */
export function PeoplePage() {
  const { t, locale } = useWords();
  const [people, setPeople] = useState<Person[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [q, setQ] = useState('');
  const [timeZone, setTimeZone] = useState('Europe/Brussels');
  useEffect(() => {
    fetchTillsAndZone()
      .then((answer) => setTimeZone(answer.timeZone))
      .catch(() => undefined);
  }, []);
  const reload = () =>
    send<Person[]>('GET', '/v1/people')
      .then((list) => {
        setPeople(list);
        setError(null);
      })
      .catch(setError);
  useEffect(() => {
    void reload();
  }, []);
  const shown = (people ?? []).filter((person) =>
    person.name.toLocaleLowerCase().includes(q.trim().toLocaleLowerCase()),
  );
  const current = people?.find((person) => person.id === selected) ?? null;
  return (
    <div className="office">
      <h2 className="office__title">{t('office.people.title')}</h2>
      {error ? <Failure error={error} /> : null}
      {people ? (
        <>
          <NewPerson onCreated={(id) => void reload().then(() => setSelected(id))} />
          <div className="office-controls" role="search">
            <label className="office-field">
              <span>{t('office.people.find')}</span>
              <input type="search" value={q} onChange={(event) => setQ(event.target.value)} />
            </label>
          </div>
          <section className="office-card" aria-label={t('office.people.list')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('office.people.name')}</th>
                  <th scope="col">{t('office.people.roles')}</th>
                  <th scope="col">{t('office.people.language')}</th>
                  <th scope="col">{t('office.people.signIn')}</th>
                  <th scope="col">{t('office.people.state')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((person) => (
                  <tr key={person.id}>
                    <th scope="row">
                      <button
                        type="button"
                        className="office-link"
                        aria-pressed={selected === person.id}
                        onClick={() => setSelected(person.id)}
                      >
                        {person.name}
                      </button>
                    </th>
                    <td>
                      {person.roles.map((role) => t(`office.people.role.${role}`)).join(', ')}
                    </td>
                    <td>{LANGUAGES[person.locale]}</td>
                    <td>
                      {[
                        person.hasPassword ? t('office.people.password') : null,
                        person.badge
                          ? t('office.people.badgeShort', { badge: person.badge })
                          : null,
                        person.hasPin ? t('office.people.pin') : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </td>
                    <td>
                      {person.disabledAt
                        ? t('office.people.locked')
                        : person.lockedUntil && Date.parse(person.lockedUntil) > Date.now()
                          ? t('office.people.lockedOut', {
                              time: dateTime(person.lockedUntil, locale, timeZone),
                            })
                          : t('office.people.active')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {current ? (
            <PersonPanel key={current.id} person={current} timeZone={timeZone} onChanged={reload} />
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function NewPerson({ onCreated }: { onCreated: (id: number) => void }) {
  const { t } = useWords();
  const blank = {
    name: '',
    locale: 'fr-BE' as Locale,
    roles: [] as Role[],
    password: '',
    badge: '',
    pin: '',
  };
  const [form, setForm] = useState(blank);
  const [problem, setProblem] = useState<unknown>(null);
  const [created, setCreated] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      const person = await send<Person>('POST', '/v1/people', {
        name: form.name,
        locale: form.locale,
        roles: form.roles,
        badge: form.badge || null,
        ...(form.pin ? { pin: form.pin } : {}),
        ...(form.password ? { password: form.password } : {}),
      });
      setCreated(person.name);
      setForm(blank);
      onCreated(person.id);
    } catch (failure) {
      setProblem(failure);
    }
  };
  return (
    <form className="office-card office-form" onSubmit={(event) => void submit(event)}>
      <h3>{t('office.people.new')}</h3>
      {problem ? <Failure error={problem} /> : null}
      {created ? <p role="status">{t('office.people.created', { name: created })}</p> : null}
      <label className="office-field">
        <span>{t('office.people.name')}</span>
        <input
          value={form.name}
          required
          maxLength={100}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
        />
      </label>
      <label className="office-field">
        <span>{t('office.people.language')}</span>
        <select
          value={form.locale}
          onChange={(e) => setForm({ ...form, locale: e.target.value as Locale })}
        >
          {LOCALES.map((code) => (
            <option key={code} value={code}>
              {LANGUAGES[code]}
            </option>
          ))}
        </select>
      </label>
      <RoleChoice roles={form.roles} onChange={(roles) => setForm({ ...form, roles })} />
      <label className="office-field">
        <span>{t('office.people.passwordField')}</span>
        <input
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => setForm({ ...form, password: e.target.value })}
        />
      </label>
      <label className="office-field">
        <span>{t('office.people.badge')}</span>
        <input value={form.badge} onChange={(e) => setForm({ ...form, badge: e.target.value })} />
      </label>
      <label className="office-field">
        <span>{t('office.people.pinField')}</span>
        <input
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          value={form.pin}
          onChange={(e) => setForm({ ...form, pin: e.target.value })}
        />
      </label>
      <button type="submit" className="office-choice">
        {t('office.people.create')}
      </button>
    </form>
  );
}

/** One person: roles changed, a password or PIN reset, locked or unlocked; the changes kept. */
function PersonPanel({
  person,
  timeZone,
  onChanged,
}: {
  person: Person;
  timeZone: string;
  onChanged: () => Promise<void>;
}) {
  const { t } = useWords();
  const [roles, setRoles] = useState<Role[]>(person.roles);
  const [password, setPassword] = useState('');
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [changes, setChanges] = useState<PersonChange[]>([]);
  const loadChanges = () =>
    send<PersonChange[]>('GET', `/v1/people/${person.id}/changes`)
      .then((list) => setChanges([...list].reverse()))
      .catch(setProblem);
  useEffect(() => {
    void loadChanges();
  }, [person.id]);
  const edit = async (change: object, what: string) => {
    setProblem(null);
    setSaved('');
    try {
      await send('PATCH', `/v1/people/${person.id}`, change);
      setSaved(what);
      setPassword('');
      setPin('');
      await onChanged();
      await loadChanges();
    } catch (failure) {
      setProblem(failure);
    }
  };
  return (
    <section className="office-card office-form" aria-label={person.name}>
      <h3>{person.name}</h3>
      {problem ? <Failure error={problem} /> : null}
      {saved ? <p role="status">{saved}</p> : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void edit({ roles }, t('office.people.rolesSaved'));
        }}
      >
        <RoleChoice roles={roles} onChange={setRoles} />
        <button type="submit" className="office-choice">
          {t('office.people.saveRoles')}
        </button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void edit({ password }, t('office.people.passwordSaved'));
        }}
      >
        <label className="office-field">
          <span>{t('office.people.newPassword')}</span>
          <input
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="office-choice">
          {t('office.people.resetPassword')}
        </button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void edit({ pin }, t('office.people.pinSaved'));
        }}
      >
        <label className="office-field">
          <span>{t('office.people.newPin')}</span>
          <input
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            required
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
        </label>
        <button type="submit" className="office-choice">
          {t('office.people.resetPin')}
        </button>
      </form>
      <p>{t('office.people.lockHelp')}</p>
      <button
        type="button"
        className={person.disabledAt ? 'office-choice' : 'office-choice office-danger'}
        onClick={() =>
          void edit(
            { disabled: !person.disabledAt },
            t(person.disabledAt ? 'office.people.unlocked' : 'office.people.lockedNow'),
          )
        }
      >
        {t(person.disabledAt ? 'office.people.unlock' : 'office.people.lock', {
          name: person.name,
        })}
      </button>
      <button
        type="button"
        className="office-choice"
        onClick={() => {
          setProblem(null);
          send<{ ended: number }>('POST', `/v1/people/${person.id}/sessions/end`)
            .then(async (answer) => {
              setSaved(t('office.people.sessionsEnded', { count: answer.ended }));
              await loadChanges();
            })
            .catch(setProblem);
        }}
      >
        {t('office.people.endSessions', { name: person.name })}
      </button>
      <ChangeList
        changes={changes.map((change) => ({ ...change, key: String(person.id) }))}
        label={t('office.people.history')}
        timeZone={timeZone}
      />
    </section>
  );
}
