import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { toString as qrSvg } from 'qrcode';
import { useWords } from '../../renderer/i18n';
import { createTill, fetchTillsAndZone, renewEnrolment, revokeTill, type TillState } from './api';
import { dateTime, Failure, Pager, SortHeader } from './ListParts';

type TillSort = 'name' | 'lastSync' | 'quarantined';
const PAGE_SIZE = 20;

interface Enrolment {
  till: string;
  code: string;
  expiresAt: string;
  /** The code as a QR code, an SVG in a data URL (the CSP allows data: images, no inline SVG). */
  qr: string;
}

async function enrolmentOf(till: string, code: string, expiresAt: string): Promise<Enrolment> {
  // What a till's scanner reads is what it would type: the code itself, nothing around it.
  const svg = await qrSvg(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    till,
    code,
    expiresAt,
    qr: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
  };
}

/**
 * The tills: each one's last sync, documents held for review and quarantined, found by name,
 * sorted and paged; an admin creates one (its enrolment code shown once, as text and as a QR
 * code), gives a fresh code, or revokes one, through the admin API.
 */
export function TillsPage({ isAdmin }: { isAdmin: boolean }) {
  const { t, locale } = useWords();
  const [tills, setTills] = useState<TillState[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<TillSort>('name');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [page, setPage] = useState(1);
  const [name, setName] = useState('');
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [revoking, setRevoking] = useState<TillState | null>(null);
  const [timeZone, setTimeZone] = useState('Europe/Brussels');

  const reload = () =>
    fetchTillsAndZone()
      .then((answer) => {
        setTills(answer.tills);
        setTimeZone(answer.timeZone);
        setError(null);
      })
      .catch(setError);
  useEffect(() => {
    void reload();
  }, []);

  const shown = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    const found = (tills ?? []).filter((till) => till.name.toLocaleLowerCase().includes(needle));
    const value = (till: TillState): string | number =>
      sort === 'name'
        ? till.name
        : sort === 'lastSync'
          ? (till.lastSyncAt ?? '')
          : till.quarantined;
    found.sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      const compared =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return order === 'asc' ? compared : -compared;
    });
    return found;
  }, [tills, search, sort, order]);

  const act = async (action: () => Promise<void>) => {
    setActionError(null);
    try {
      await action();
    } catch (failure) {
      setActionError(failure);
    }
    await reload();
  };

  const submitCreate = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const created = await createTill(name.trim());
      setEnrolment(await enrolmentOf(created.till.name, created.enrolmentCode, created.expiresAt));
      setName('');
    });
  };

  const onSort = (column: TillSort, next: 'asc' | 'desc') => {
    setSort(column);
    setOrder(next);
    setPage(1);
  };
  const rows = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  return (
    <div className="office">
      <h2 className="office__title">{t('office.tills.title')}</h2>
      {error ? <Failure error={error} /> : null}
      {actionError ? <Failure error={actionError} /> : null}
      {enrolment ? (
        <section className="office-card office-enrolment" aria-label={t('office.tills.code')}>
          <h3>{t('office.tills.codeFor', { till: enrolment.till })}</h3>
          <img
            src={enrolment.qr}
            width={192}
            height={192}
            alt={t('office.tills.qr', { code: enrolment.code })}
          />
          <div>
            <p className="office-code" data-testid="enrolment-code">
              {enrolment.code}
            </p>
            <p>
              {t('office.tills.expires', {
                time: dateTime(enrolment.expiresAt, locale, timeZone),
              })}
            </p>
            <p>{t('office.tills.codeOnce')}</p>
            <button type="button" className="office-choice" onClick={() => setEnrolment(null)}>
              {t('office.tills.done')}
            </button>
          </div>
        </section>
      ) : null}
      {isAdmin ? (
        <form className="office-controls" onSubmit={submitCreate}>
          <label className="office-field">
            <span>{t('office.tills.name')}</span>
            <input
              value={name}
              maxLength={100}
              required
              onChange={(event) => setName(event.target.value)}
            />
          </label>
          <button type="submit" className="office-choice">
            {t('office.tills.create')}
          </button>
        </form>
      ) : (
        <p>{t('office.tills.adminOnly')}</p>
      )}
      {revoking ? (
        <div role="alertdialog" aria-labelledby="revoke-question" className="office-card">
          <p id="revoke-question">{t('office.tills.revokeQuestion', { till: revoking.name })}</p>
          <button
            type="button"
            className="office-choice office-danger"
            onClick={() => {
              const till = revoking;
              setRevoking(null);
              void act(async () => {
                await revokeTill(till.id);
              });
            }}
          >
            {t('office.tills.revokeConfirm', { till: revoking.name })}
          </button>{' '}
          <button type="button" className="office-choice" onClick={() => setRevoking(null)}>
            {t('office.tills.cancel')}
          </button>
        </div>
      ) : null}
      <div className="office-controls" role="search">
        <label className="office-field">
          <span>{t('office.tills.find')}</span>
          <input
            type="search"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setPage(1);
            }}
          />
        </label>
      </div>
      {tills ? (
        <section className="office-card" aria-label={t('office.tills.list')}>
          {rows.length === 0 ? (
            <p>{t('office.list.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <SortHeader column="name" sort={sort} order={order} onSort={onSort}>
                    {t('office.till')}
                  </SortHeader>
                  <SortHeader column="lastSync" sort={sort} order={order} onSort={onSort}>
                    {t('office.tills.lastSync')}
                  </SortHeader>
                  <th scope="col" className="num">
                    {t('office.tills.waiting')}
                  </th>
                  <SortHeader
                    column="quarantined"
                    numeric
                    sort={sort}
                    order={order}
                    onSort={onSort}
                  >
                    {t('office.tills.quarantined')}
                  </SortHeader>
                  <th scope="col">{t('office.tills.state')}</th>
                  {isAdmin ? <th scope="col">{t('office.tills.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((till) => (
                  <tr key={till.id}>
                    <th scope="row">{till.name}</th>
                    <td>
                      {till.lastSyncAt
                        ? dateTime(till.lastSyncAt, locale, timeZone)
                        : t('office.tills.never')}
                    </td>
                    <td className="num">{till.waiting}</td>
                    <td className="num">
                      {till.quarantined > 0 ? (
                        <a href="#/quarantine">{till.quarantined}</a>
                      ) : (
                        till.quarantined
                      )}
                    </td>
                    <td>{t(till.revoked ? 'office.tills.revoked' : 'office.tills.active')}</td>
                    {isAdmin ? (
                      <td className="office-actions">
                        <button
                          type="button"
                          className="office-link"
                          onClick={() =>
                            void act(async () => {
                              const renewed = await renewEnrolment(till.id);
                              setEnrolment(
                                await enrolmentOf(
                                  till.name,
                                  renewed.enrolmentCode,
                                  renewed.expiresAt,
                                ),
                              );
                            })
                          }
                        >
                          {t('office.tills.renew', { till: till.name })}
                        </button>
                        {till.revoked ? null : (
                          <button
                            type="button"
                            className="office-link"
                            onClick={() => setRevoking(till)}
                          >
                            {t('office.tills.revoke', { till: till.name })}
                          </button>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager page={page} pageSize={PAGE_SIZE} total={shown.length} onPage={setPage} />
        </section>
      ) : null}
    </div>
  );
}
