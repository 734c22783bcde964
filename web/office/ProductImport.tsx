import { useState, type ChangeEvent } from 'react';
import { useWords } from '../../renderer/i18n';
import { applyImport, previewImport, type ImportPreview } from './catalogue-api';
import { CatalogueLinks } from './CatalogueLinks';
import { Failure, Pager } from './ListParts';

const PAGE_SIZE = 50;

/** A file's bytes in base64, as the import routes take them. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/**
 * A products file (CSV or XLSX) from the office: its lines and refusals first, in words, nothing
 * written; then the import, all or nothing, once no line is refused.
 */
export function ProductImportPage() {
  const { t, money } = useWords();
  const [file, setFile] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [page, setPage] = useState(1);
  const [done, setDone] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    setPreview(null);
    setDone(null);
    setError(null);
    if (!chosen) return;
    setBusy(true);
    base64Of(chosen)
      .then(async (content) => {
        setFile(content);
        setPreview(await previewImport(content));
        setPage(1);
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  const apply = () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    applyImport(file)
      .then((answer) => {
        setDone(answer.products);
        setPreview(null);
        setFile(null);
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };

  return (
    <div className="office">
      <h2 className="office__title">{t('office.import.title')}</h2>
      <CatalogueLinks />
      <p>{t('office.import.columns')}</p>
      <div className="office-controls">
        <label className="office-field">
          <span>{t('office.import.file')}</span>
          <input
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={choose}
          />
        </label>
      </div>
      {error ? <Failure error={error} /> : null}
      {done !== null ? (
        <p role="status" className="office-notice">
          {t('office.import.done', { count: done })}
        </p>
      ) : null}
      {preview && preview.problems.length > 0 ? (
        <section className="office-card" aria-label={t('office.import.problems')}>
          <h3>{t('office.import.problems')}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('office.import.line')}
                </th>
                <th scope="col">{t('office.import.column')}</th>
                <th scope="col">{t('office.import.why')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.problems.map((problem, index) => (
                <tr key={`${problem.row}-${problem.column}-${index}`}>
                  <td className="num">{problem.row}</td>
                  <td>{problem.column || '–'}</td>
                  <td>{problem.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {preview ? (
        <section className="office-card" aria-label={t('office.import.lines')}>
          <h3>{t('office.import.lines')}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('office.import.line')}
                </th>
                <th scope="col" className="num">
                  {t('office.catalogue.number')}
                </th>
                <th scope="col">{t('office.sales.product')}</th>
                <th scope="col" className="num">
                  {t('office.catalogue.now')}
                </th>
                <th scope="col" className="num">
                  {t('office.bulk.newPrice')}
                </th>
                <th scope="col">{t('office.import.change')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.lines.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((line) => (
                <tr key={line.row}>
                  <td className="num">{line.row}</td>
                  <td className="num">{line.id}</td>
                  <th scope="row">{line.name}</th>
                  <td className="num">{line.oldPrice === null ? '–' : money(line.oldPrice)}</td>
                  <td className="num">{money(line.price)}</td>
                  <td>{t(`office.import.change.${line.change}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pageSize={PAGE_SIZE} total={preview.lines.length} onPage={setPage} />
          {preview.problems.length > 0 ? (
            <p>{t('office.import.fixFirst')}</p>
          ) : (
            <button
              type="button"
              className="office-choice office-primary"
              disabled={busy || preview.lines.length === 0}
              onClick={apply}
            >
              {t('office.import.apply', { count: preview.lines.length })}
            </button>
          )}
        </section>
      ) : null}
    </div>
  );
}
