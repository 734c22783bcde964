import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { LabelSize, ShelfLabel } from '../../domain/shelf-label';
import { useWords } from '../../renderer/i18n';
import { ActFailure } from './ListParts';
import {
  download,
  fetchLabels,
  pageEvent,
  printLabels,
  reprintLabels,
  type LabelDocument,
  type LabelFormat,
  type PageEvent,
} from './stockApi';

/**
 * The label sizes the server prints, width × height in mm. Named here rather than imported: the
 * shelf-label module brings the barcode code, which would move the handheld's share of it into
 * the chunk the office loads at start (+29 KB gzipped). The record's type keeps it complete.
 */
const LABEL_MM: Record<LabelSize, [number, number]> = {
  '60x38': [60, 38],
  '50x30': [50, 30],
  '70x42': [70, 42],
};
const SIZES = Object.keys(LABEL_MM) as LabelSize[];
const NO_ZONE = '∅';

/** The product numbers typed for a reprint ("12, 14 15"), or null when one is not a number. */
export function productNumbers(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) return null;
  if (!parts.every((part) => /^[1-9]\d{0,9}$/.test(part))) return null;
  return [...new Set(parts.map(Number))];
}

/**
 * The shelf labels waiting, by zone: a zone's sheet printed as a PDF of A4 sheets (in a chosen
 * label size) or as ZPL for a label printer, which marks those labels printed once; any
 * product's label again on demand, leaving the queue as it is.
 */
export function LabelsPage() {
  const { t } = useWords();
  const [labels, setLabels] = useState<ShelfLabel[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [zone, setZone] = useState('');
  const [size, setSize] = useState<string>(SIZES[0] ?? '60x38');
  const [format, setFormat] = useState<LabelFormat>('pdf');
  const [printing, setPrinting] = useState(false);
  const [done, setDone] = useState<LabelDocument | null>(null);
  const [reprint, setReprint] = useState('');
  const [reprintDone, setReprintDone] = useState<LabelDocument | null>(null);
  const print = useRef<PageEvent | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let live = true;
    fetchLabels()
      .then((answer) => {
        if (!live) return;
        setLabels(answer);
        setError(null);
      })
      .catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, [round]);

  const zoneOf = (label: ShelfLabel) => label.zone ?? NO_ZONE;
  const zones = [...new Set((labels ?? []).map(zoneOf))].sort();
  const shown = (labels ?? []).filter((label) => zone === '' || zoneOf(label) === zone);

  const printShown = () => {
    if (printing || shown.length === 0) return;
    // One print id per decision to print these labels: a retry marks nothing twice.
    print.current ??= pageEvent('label.print', {
      productIds: shown.map((label) => label.productId),
    });
    setPrinting(true);
    setError(null);
    printLabels(print.current, format, size)
      .then((document_) => {
        print.current = null;
        setDone(document_);
        download(document_);
        setRound((old) => old + 1);
      })
      .catch(setError)
      .finally(() => setPrinting(false));
  };
  const submitReprint = (event: FormEvent) => {
    event.preventDefault();
    const ids = productNumbers(reprint);
    setReprintDone(null);
    if (ids === null) {
      setError(new Error(t('office.labels.reprintWhich')));
      return;
    }
    setError(null);
    reprintLabels(ids, format, size)
      .then((document_) => {
        setReprintDone(document_);
        download(document_);
      })
      .catch(setError);
  };

  return (
    <div className="office">
      <h2 className="office__title">{t('office.labels.title')}</h2>
      <div className="office-controls">
        <label className="office-field">
          <span>{t('office.stock.zone')}</span>
          <select value={zone} onChange={(e) => setZone(e.target.value)}>
            <option value="">{t('office.stock.allZones')}</option>
            {zones.map((name) => (
              <option key={name} value={name}>
                {name === NO_ZONE ? t('office.labels.noZone') : name}
              </option>
            ))}
          </select>
        </label>
        <label className="office-field">
          <span>{t('office.labels.size')}</span>
          <select value={size} onChange={(e) => setSize(e.target.value)}>
            {SIZES.map((name) => (
              <option key={name} value={name}>
                {t('office.labels.sizeMm', { width: LABEL_MM[name][0], height: LABEL_MM[name][1] })}
              </option>
            ))}
          </select>
        </label>
        <label className="office-field">
          <span>{t('office.labels.format')}</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as LabelFormat)}>
            <option value="pdf">{t('office.labels.pdf')}</option>
            <option value="zpl">{t('office.labels.zpl')}</option>
          </select>
        </label>
        <button
          type="button"
          className="office-choice"
          disabled={printing || shown.length === 0}
          onClick={printShown}
        >
          {t('office.labels.print', { count: shown.length })}
        </button>
      </div>
      {error ? <ActFailure error={error} /> : null}
      {done ? (
        <p role="status">
          {t('office.labels.printed', { count: done.count, marked: done.marked ?? 0 })}{' '}
          <button type="button" className="office-link" onClick={() => download(done)}>
            {t('office.labels.downloadAgain', { file: done.fileName })}
          </button>
        </p>
      ) : null}
      <section className="office-card" aria-label={t('office.labels.queue')}>
        <h3>{t('office.labels.queue')}</h3>
        {labels !== null && shown.length === 0 ? <p>{t('office.labels.none')}</p> : null}
        {shown.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('office.catalogue.number')}</th>
                <th scope="col">{t('office.labels.nameFr')}</th>
                <th scope="col">{t('office.catalogue.nameNl')}</th>
                <th scope="col">{t('office.stock.zone')}</th>
                <th scope="col" className="num">
                  {t('office.catalogue.price')}
                </th>
                <th scope="col">{t('office.labels.unitPrice')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((label) => (
                <tr key={label.productId}>
                  <td>{label.productId}</td>
                  <th scope="row">{label.nameFr}</th>
                  <td>{label.nameNl ?? '—'}</td>
                  <td>{label.zone ?? t('office.labels.noZone')}</td>
                  <td className="num">
                    {label.price}
                    {label.perKg ? '/kg' : ''}
                  </td>
                  <td>{label.unitPrice ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section className="office-card" aria-label={t('office.labels.reprint')}>
        <h3>{t('office.labels.reprint')}</h3>
        <form className="office-controls" onSubmit={submitReprint}>
          <label className="office-field">
            <span>{t('office.labels.reprintNumbers')}</span>
            <input value={reprint} onChange={(e) => setReprint(e.target.value)} />
          </label>
          <button type="submit" className="office-choice">
            {t('office.labels.reprintButton')}
          </button>
        </form>
        {reprintDone ? (
          <p role="status">{t('office.labels.reprinted', { count: reprintDone.count })}</p>
        ) : null}
      </section>
    </div>
  );
}
