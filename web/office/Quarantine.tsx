import { useEffect, useMemo, useState } from 'react';
import {
  QUARANTINE_KINDS,
  quarantineKind,
  type QuarantineKind,
} from '../../domain/quarantine-reason';
import { useWords } from '../../renderer/i18n';
import { fetchQuarantine, fetchTillsAndZone, type HeldDocument } from './api';
import { Failure, intlLocale, Pager } from './ListParts';

const PAGE_SIZE = 50;

/**
 * What the tills sent that the books do not hold: each document's reason said as a kind, with
 * what to do, in the person's language; the server's own words kept as the detail. On the
 * dashboard as a card; on its own page with a filter by till and by kind, and pages.
 */
export function QuarantineSection({
  timeZone,
  locale,
  filters = false,
}: {
  timeZone: string;
  locale: string;
  filters?: boolean;
}) {
  const { t } = useWords();
  const [documents, setDocuments] = useState<HeldDocument[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [till, setTill] = useState('');
  const [kind, setKind] = useState<'' | QuarantineKind>('');
  const [page, setPage] = useState(1);
  useEffect(() => {
    fetchQuarantine()
      .then(setDocuments)
      .catch((failure: unknown) => {
        setError(failure);
        setDocuments([]);
      });
  }, []);
  const shown = useMemo(
    () =>
      (documents ?? []).filter(
        (document) =>
          (till === '' || document.till === till) &&
          (kind === '' || quarantineKind(document) === kind),
      ),
    [documents, till, kind],
  );
  if (documents === null) return null;
  const when = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  });
  const tills = [...new Set(documents.map((document) => document.till))].sort();
  const rows = filters ? shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) : shown;
  return (
    <section className="office-card" aria-label={t('office.quarantine.title')}>
      <h2>{t('office.quarantine.title')}</h2>
      {error ? <Failure error={error} /> : null}
      {filters && documents.length > 0 ? (
        <div className="office-controls">
          <label className="office-field">
            <span>{t('office.till')}</span>
            <select
              value={till}
              onChange={(event) => {
                setTill(event.target.value);
                setPage(1);
              }}
            >
              <option value="">{t('office.till.all')}</option>
              {tills.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="office-field">
            <span>{t('office.quarantine.why')}</span>
            <select
              value={kind}
              onChange={(event) => {
                setKind(event.target.value as '' | QuarantineKind);
                setPage(1);
              }}
            >
              <option value="">{t('office.quarantine.allKinds')}</option>
              {QUARANTINE_KINDS.map((option) => (
                <option key={option} value={option}>
                  {t(`office.quarantine.${option}.why`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : null}
      {error ? null : documents.length === 0 ? (
        <p>{t('office.quarantine.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('office.till')}</th>
              <th scope="col">{t('office.quarantine.received')}</th>
              <th scope="col">{t('office.quarantine.document')}</th>
              <th scope="col">{t('office.quarantine.why')}</th>
              <th scope="col">{t('office.quarantine.todo')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((document) => {
              const reason = quarantineKind(document);
              return (
                <tr
                  key={`${document.tillId}-${document.kind}-${document.seq}-${document.receivedAt}`}
                >
                  <th scope="row">{document.till}</th>
                  <td>{when.format(new Date(document.receivedAt))}</td>
                  <td>
                    {document.type} #{document.seq}
                  </td>
                  <td>
                    {t(`office.quarantine.${reason}.why`)}
                    <details>
                      <summary>{t('office.quarantine.detail')}</summary>
                      <code>{document.reason}</code>
                    </details>
                  </td>
                  <td>{t(`office.quarantine.${reason}.todo`)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {filters && documents.length > 0 ? (
        <Pager page={page} pageSize={PAGE_SIZE} total={shown.length} onPage={setPage} />
      ) : null}
    </section>
  );
}

/** The quarantine on its own page: every held document, its reason and what to do. */
export function QuarantinePage() {
  const { t, locale } = useWords();
  const [timeZone, setTimeZone] = useState<string | null>(null);
  useEffect(() => {
    fetchTillsAndZone()
      .then((answer) => setTimeZone(answer.timeZone))
      .catch(() => setTimeZone('Europe/Brussels'));
  }, []);
  if (timeZone === null) return null;
  return (
    <div className="office">
      <h2 className="office__title">{t('office.quarantine.page')}</h2>
      <p>{t('office.quarantine.intro')}</p>
      <QuarantineSection timeZone={timeZone} locale={intlLocale(locale)} filters />
    </div>
  );
}
