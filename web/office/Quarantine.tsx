import { useEffect, useState } from 'react';
import { quarantineKind } from '../../domain/quarantine-reason';
import { useWords } from '../../renderer/i18n';
import { fetchQuarantine, type HeldDocument } from './api';

/**
 * What the tills sent that the books do not hold: each document's reason said as a kind, with
 * what to do, in the person's language; the server's own words kept as the detail.
 */
export function QuarantineSection({ timeZone, locale }: { timeZone: string; locale: string }) {
  const { t } = useWords();
  const [documents, setDocuments] = useState<HeldDocument[] | null>(null);
  useEffect(() => {
    fetchQuarantine()
      .then(setDocuments)
      .catch(() => setDocuments([]));
  }, []);
  if (documents === null) return null;
  const when = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  });
  return (
    <section className="office-card" aria-label={t('office.quarantine.title')}>
      <h2>{t('office.quarantine.title')}</h2>
      {documents.length === 0 ? (
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
            {documents.map((document) => {
              const kind = quarantineKind(document);
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
                    {t(`office.quarantine.${kind}.why`)}
                    <details>
                      <summary>{t('office.quarantine.detail')}</summary>
                      <code>{document.reason}</code>
                    </details>
                  </td>
                  <td>{t(`office.quarantine.${kind}.todo`)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
