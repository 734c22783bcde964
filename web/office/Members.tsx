import { useEffect, useState, type FormEvent } from 'react';
import type { Locale } from '../../domain/money';
import { useWords } from '../../renderer/i18n';
import { send, queryText } from './api';
import { dateTime, Failure, Pager, SortHeader } from './ListParts';

export interface MemberStatus {
  code: string;
  labels: Record<Locale, string>;
  mayShop: boolean;
  block: 'soft' | 'hard' | null;
  members: number;
}
interface Change {
  id: string;
  key: string;
  at: string;
  byPersonName: string | null;
  byOther: string | null;
  change: Record<string, unknown>;
}
interface Statuses {
  timeZone: string;
  statuses: MemberStatus[];
  unknown: { code: string; members: number }[];
  changes: Change[];
}
interface MemberRow {
  id: number;
  number: string;
  name: string;
  cardBarcode: string | null;
  status: string;
  eaters: number;
  mayShopOverride: boolean;
}
interface MemberDetail extends MemberRow {
  timeZone: string;
  eaterNames: string[];
  memberOfName: string | null;
  changes: Change[];
}
interface Preview {
  rows: number;
  created: number;
  changed: number;
  unchanged: number;
  unknownStatuses: string[];
  sample: MemberRow[];
}

type MemberSort = 'name' | 'number' | 'status' | 'id';

const fetchStatuses = () => send<Statuses>('GET', '/v1/office/member-statuses');

/** The status in the reader's language, as the coop named it; an unknown code as it is. */
function useStatusName(statuses: MemberStatus[]) {
  const { locale } = useWords();
  return (code: string) => statuses.find((s) => s.code === code)?.labels[locale] ?? code;
}

const shown = (value: unknown) =>
  typeof value === 'string' ? value : value === null ? '—' : JSON.stringify(value);

/** A recorded change as "status: ok → suspended; roles: stock", secrets only as set. */
function describeChange(change: Record<string, unknown>): string {
  return Object.entries(change)
    .map(([key, value]) =>
      value !== null && typeof value === 'object' && 'to' in value
        ? `${key}: ${'from' in value ? `${shown(value.from)} → ` : ''}${shown(value.to)}`
        : `${key}: ${shown(value)}`,
    )
    .join('; ');
}

/** Who made a change and when, in words. */
export function ChangeList({
  changes,
  label,
  timeZone,
}: {
  changes: Change[];
  label: string;
  timeZone: string;
}) {
  const { t, locale } = useWords();
  return (
    <section className="office-card" aria-label={label}>
      <h3>{label}</h3>
      {changes.length === 0 ? (
        <p>{t('office.people.noChanges')}</p>
      ) : (
        <ul className="office-changes">
          {changes.map((change) => (
            <li key={change.id}>
              {t('office.people.changeBy', {
                time: dateTime(change.at, locale, timeZone),
                who: change.byPersonName ?? t('office.people.script'),
              })}{' '}
              {describeChange(change.change)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The members: found by name, number or card, filtered by status, sorted, paged. */
export function MembersPage() {
  const { t } = useWords();
  const [statuses, setStatuses] = useState<Statuses | null>(null);
  const [list, setList] = useState<{ total: number; rows: MemberRow[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [sort, setSort] = useState<MemberSort>('name');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [page, setPage] = useState(1);
  const [tab, setTab] = useState<'list' | 'statuses' | 'import'>('list');
  const pageSize = 25;
  const statusName = useStatusName(statuses?.statuses ?? []);

  const reloadStatuses = () => fetchStatuses().then(setStatuses).catch(setError);
  useEffect(() => {
    void reloadStatuses();
  }, []);
  useEffect(() => {
    send<{ total: number; rows: MemberRow[] }>(
      'GET',
      `/v1/office/members?${queryText({ q, status, sort, order, page, pageSize })}`,
    )
      .then((answer) => {
        setList(answer);
        setError(null);
      })
      .catch(setError);
  }, [q, status, sort, order, page]);

  return (
    <div className="office">
      <h2 className="office__title">{t('office.members.title')}</h2>
      <nav className="office-tabs" aria-label={t('office.members.title')}>
        {(['list', 'statuses', 'import'] as const).map((name) => (
          <button
            key={name}
            type="button"
            className="office-choice"
            aria-pressed={tab === name}
            onClick={() => setTab(name)}
          >
            {t(`office.members.tab.${name}`)}
          </button>
        ))}
      </nav>
      {error ? <Failure error={error} /> : null}
      {tab === 'statuses' && statuses ? (
        <StatusesPanel statuses={statuses} onSaved={reloadStatuses} />
      ) : null}
      {tab === 'import' ? <ImportPanel statusName={statusName} /> : null}
      {tab === 'list' ? (
        <>
          <div className="office-controls" role="search">
            <label className="office-field">
              <span>{t('office.members.find')}</span>
              <input
                type="search"
                value={q}
                onChange={(event) => {
                  setQ(event.target.value);
                  setPage(1);
                }}
              />
            </label>
            <label className="office-field">
              <span>{t('office.members.status')}</span>
              <select
                value={status}
                onChange={(event) => {
                  setStatus(event.target.value);
                  setPage(1);
                }}
              >
                <option value="">{t('office.members.allStatuses')}</option>
                {(statuses?.statuses ?? []).map((s) => (
                  <option key={s.code} value={s.code}>
                    {statusName(s.code)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {list ? (
            <section className="office-card" aria-label={t('office.members.list')}>
              {list.rows.length === 0 ? (
                <p>{t('office.list.none')}</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      {(['number', 'name', 'status'] as const).map((column) => (
                        <SortHeader
                          key={column}
                          column={column}
                          sort={sort}
                          order={order}
                          onSort={(next, nextOrder) => {
                            setSort(next);
                            setOrder(nextOrder);
                            setPage(1);
                          }}
                        >
                          {t(`office.members.${column}`)}
                        </SortHeader>
                      ))}
                      <th scope="col">{t('office.members.mayShop')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.rows.map((member) => {
                      const rule = statuses?.statuses.find((s) => s.code === member.status);
                      return (
                        <tr key={member.id}>
                          <td>{member.number}</td>
                          <th scope="row">
                            <a href={`#/member/${member.id}`}>{member.name}</a>
                          </th>
                          <td>{statusName(member.status)}</td>
                          <td>{mayShopText(t, rule, member.mayShopOverride)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
              <Pager page={page} pageSize={pageSize} total={list.total} onPage={setPage} />
            </section>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

type Words = ReturnType<typeof useWords>['t'];

function mayShopText(t: Words, rule: MemberStatus | undefined, override: boolean): string {
  if (override) return t('office.members.anyway');
  if (!rule) return t('office.members.unknownStatus');
  if (rule.mayShop) return t('office.members.yes');
  return t(rule.block === 'hard' ? 'office.members.hard' : 'office.members.soft');
}

/** The coop's statuses: each one's words in three languages, may shop, soft or hard block. */
function StatusesPanel({ statuses, onSaved }: { statuses: Statuses; onSaved: () => void }) {
  const { t } = useWords();
  const blank = { code: '', fr: '', nl: '', en: '', rule: 'shop' };
  const [form, setForm] = useState(blank);
  const [problem, setProblem] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      await send('PUT', `/v1/office/member-statuses/${encodeURIComponent(form.code)}`, {
        labels: { 'fr-BE': form.fr, 'nl-BE': form.nl, en: form.en },
        mayShop: form.rule === 'shop',
        block: form.rule === 'shop' ? null : form.rule,
      });
      setSaved(form.code);
      setForm(blank);
      onSaved();
    } catch (failure) {
      setProblem(failure);
    }
  };
  return (
    <>
      <section className="office-card" aria-label={t('office.members.statuses')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('office.members.code')}</th>
              <th scope="col">Français</th>
              <th scope="col">Nederlands</th>
              <th scope="col">English</th>
              <th scope="col">{t('office.members.mayShop')}</th>
              <th scope="col" className="num">
                {t('office.members.count')}
              </th>
              <th scope="col">{t('office.tills.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {statuses.statuses.map((s) => (
              <tr key={s.code}>
                <th scope="row">{s.code}</th>
                <td>{s.labels['fr-BE']}</td>
                <td>{s.labels['nl-BE']}</td>
                <td>{s.labels.en}</td>
                <td>{mayShopText(t, s, false)}</td>
                <td className="num">{s.members}</td>
                <td>
                  <button
                    type="button"
                    className="office-link"
                    onClick={() =>
                      setForm({
                        code: s.code,
                        fr: s.labels['fr-BE'],
                        nl: s.labels['nl-BE'],
                        en: s.labels.en,
                        rule: s.mayShop ? 'shop' : (s.block ?? 'soft'),
                      })
                    }
                  >
                    {t('office.members.edit', { code: s.code })}
                  </button>
                </td>
              </tr>
            ))}
            {statuses.unknown.map((s) => (
              <tr key={s.code}>
                <th scope="row">{s.code}</th>
                <td colSpan={4}>{t('office.members.unknownStatus')}</td>
                <td className="num">{s.members}</td>
                <td />
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <form className="office-card office-form" onSubmit={(event) => void submit(event)}>
        <h3>{t('office.members.statusForm')}</h3>
        {problem ? <Failure error={problem} /> : null}
        {saved ? <p role="status">{t('office.members.statusSaved', { code: saved })}</p> : null}
        <label className="office-field">
          <span>{t('office.members.code')}</span>
          <input
            value={form.code}
            required
            pattern="[a-z0-9_]{1,40}"
            title={t('office.members.codeRule')}
            onChange={(event) => setForm({ ...form, code: event.target.value })}
          />
        </label>
        {(
          [
            ['fr', 'Français'],
            ['nl', 'Nederlands'],
            ['en', 'English'],
          ] as const
        ).map(([field, language]) => (
          <label key={field} className="office-field">
            <span>{t('office.members.labelIn', { language })}</span>
            <input
              value={form[field]}
              required
              onChange={(event) => setForm({ ...form, [field]: event.target.value })}
            />
          </label>
        ))}
        <label className="office-field">
          <span>{t('office.members.mayShop')}</span>
          <select
            value={form.rule}
            onChange={(event) => setForm({ ...form, rule: event.target.value })}
          >
            <option value="shop">{t('office.members.yes')}</option>
            <option value="soft">{t('office.members.soft')}</option>
            <option value="hard">{t('office.members.hard')}</option>
          </select>
        </label>
        <button type="submit" className="office-choice">
          {t('office.members.saveStatus')}
        </button>
      </form>
      <ChangeList
        changes={statuses.changes}
        label={t('office.people.history')}
        timeZone={statuses.timeZone}
      />
    </>
  );
}

/** A CSV or XLSX of members: previewed (what it would do, or every refusal), then applied. */
function ImportPanel({ statusName }: { statusName: (code: string) => string }) {
  const { t } = useWords();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [done, setDone] = useState<number | null>(null);
  const post = async <T,>(url: string): Promise<T> => {
    if (!file) throw new Error(t('office.members.chooseFile'));
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': file.name.endsWith('.xlsx') ? 'application/octet-stream' : 'text/csv',
      },
      body: await file.arrayBuffer(),
    });
    const body = (await response.json().catch(() => ({}))) as {
      error?: string;
      problems?: { row: number; column: string; message: string }[];
    };
    if (!response.ok) {
      throw new Error(
        body.problems?.length
          ? body.problems
              .map((p) => `${t('office.members.row', { row: p.row })} ${p.column}: ${p.message}`)
              .join('\n')
          : (body.error ?? `HTTP ${response.status}`),
      );
    }
    return body as T;
  };
  const run = async (action: () => Promise<void>) => {
    setProblem(null);
    try {
      await action();
    } catch (failure) {
      setProblem(failure);
    }
  };
  return (
    <section className="office-card office-form" aria-label={t('office.members.tab.import')}>
      <p>{t('office.members.importHelp')}</p>
      <label className="office-field">
        <span>{t('office.members.file')}</span>
        <input
          type="file"
          accept=".csv,.xlsx,text/csv"
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setPreview(null);
            setDone(null);
          }}
        />
      </label>
      <button
        type="button"
        className="office-choice"
        disabled={!file}
        onClick={() =>
          void run(async () => setPreview(await post<Preview>('/v1/office/members/import/preview')))
        }
      >
        {t('office.members.preview')}
      </button>
      {problem ? (
        <p role="alert" className="office-error office-pre">
          {t('office.members.refused')}{' '}
          {problem instanceof Error ? problem.message : String(problem)}
        </p>
      ) : null}
      {preview ? (
        <div role="status">
          <p>
            {t('office.members.previewText', {
              rows: preview.rows,
              created: preview.created,
              changed: preview.changed,
              unchanged: preview.unchanged,
            })}
          </p>
          {preview.unknownStatuses.length > 0 ? (
            <p className="office-error">
              {t('office.members.unknownStatuses', { codes: preview.unknownStatuses.join(', ') })}
            </p>
          ) : null}
          <table>
            <tbody>
              {preview.sample.map((row) => (
                <tr key={row.id}>
                  <td>{row.number}</td>
                  <th scope="row">{row.name}</th>
                  <td>{statusName(row.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            className="office-choice"
            onClick={() =>
              void run(async () => {
                const result = await post<{ members: number }>('/v1/office/members/import');
                setDone(result.members);
                setPreview(null);
              })
            }
          >
            {t('office.members.apply', { count: preview.rows })}
          </button>
        </div>
      ) : null}
      {done !== null ? <p role="status">{t('office.members.imported', { count: done })}</p> : null}
    </section>
  );
}

/** A member: who they are, their status changed (the tills pull it), and the changes kept. */
export function MemberPage({ id }: { id: number }) {
  const { t } = useWords();
  const [member, setMember] = useState<MemberDetail | null>(null);
  const [statuses, setStatuses] = useState<Statuses | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [status, setStatus] = useState('');
  const [anyway, setAnyway] = useState(false);
  const statusName = useStatusName(statuses?.statuses ?? []);
  useEffect(() => {
    Promise.all([send<MemberDetail>('GET', `/v1/office/members/${id}`), fetchStatuses()])
      .then(([found, all]) => {
        setMember(found);
        setStatus(found.status);
        setAnyway(found.mayShopOverride);
        setStatuses(all);
      })
      .catch(setError);
  }, [id]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const next = await send<MemberDetail>('PATCH', `/v1/office/members/${id}`, {
        status,
        mayShopOverride: anyway,
      });
      setMember(next);
      setSaved(true);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <div className="office">
      <a href="#/members">{t('office.members.back')}</a>
      {error ? <Failure error={error} /> : null}
      {member ? (
        <>
          <h2 className="office__title">
            {t('office.members.memberTitle', { name: member.name, number: member.number })}
          </h2>
          <dl className="office-facts">
            <dt>{t('office.members.status')}</dt>
            <dd>{statusName(member.status)}</dd>
            <dt>{t('office.members.mayShop')}</dt>
            <dd>
              {mayShopText(
                t,
                statuses?.statuses.find((s) => s.code === member.status),
                member.mayShopOverride,
              )}
            </dd>
            <dt>{t('office.members.card')}</dt>
            <dd>{member.cardBarcode ?? '—'}</dd>
            <dt>{t('office.members.eaters')}</dt>
            <dd>{[String(member.eaters), ...member.eaterNames].join(' · ')}</dd>
            {member.memberOfName ? (
              <>
                <dt>{t('office.members.memberOf')}</dt>
                <dd>{member.memberOfName}</dd>
              </>
            ) : null}
          </dl>
          <form className="office-card office-form" onSubmit={(event) => void submit(event)}>
            <h3>{t('office.members.changeStatus')}</h3>
            <label className="office-field">
              <span>{t('office.members.newStatus')}</span>
              <select value={status} onChange={(event) => setStatus(event.target.value)}>
                {(statuses?.statuses ?? []).map((s) => (
                  <option key={s.code} value={s.code}>
                    {statusName(s.code)}
                  </option>
                ))}
              </select>
            </label>
            <label className="office-check">
              <input
                type="checkbox"
                checked={anyway}
                onChange={(event) => setAnyway(event.target.checked)}
              />{' '}
              {t('office.members.anywayLabel')}
            </label>
            <button type="submit" className="office-choice">
              {t('office.members.save')}
            </button>
            {saved ? <p role="status">{t('office.members.saved')}</p> : null}
          </form>
          <ChangeList
            changes={member.changes}
            label={t('office.people.history')}
            timeZone={member.timeZone}
          />
        </>
      ) : null}
    </div>
  );
}
