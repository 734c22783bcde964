import { useEffect, useMemo, useState } from 'react';
import { useWords } from '../../renderer/i18n';
import { dateTime, Failure } from './ListParts';
import {
  download,
  fetchLosses,
  fetchNearExpiry,
  type LossReport,
  type NearExpiry,
} from './stockApi';

const TIME_ZONE = 'Europe/Brussels';
const REASONS = ['breakage', 'expiry', 'theft', 'internal_use', 'donation'] as const;

/** Today in the coop's zone, "2026-03-03". */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());

/** Whole cents as a CSV's decimal: "-1.60", never a float. */
export function csvDecimal(value: number, places: 2 | 3): string {
  const scale = places === 2 ? 100 : 1000;
  const whole = Math.trunc(Math.abs(value) / scale);
  const part = String(Math.abs(value) % scale).padStart(places, '0');
  return `${value < 0 ? '-' : ''}${whole}.${part}`;
}

const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** The losses shown, one row each, for a spreadsheet: money in euros, quantities in units. */
export function lossesCsv(report: LossReport): string {
  const rows = [
    ['at', 'product no.', 'product', 'zone', 'reason', 'quantity', 'unit cost', 'value'],
    ...report.losses.map((loss) => [
      loss.at,
      String(loss.productId),
      loss.name,
      loss.zone ?? '',
      loss.reason,
      csvDecimal(loss.quantity, 3),
      loss.unitCost === null ? '' : csvDecimal(loss.unitCost, 2),
      loss.value === null ? '' : csvDecimal(loss.value, 2),
    ]),
  ];
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Losses over a period, by reason, each valued at cost, with a CSV of what is shown; and what
 * will pass its date soon, per zone, from the counters' best-before dates.
 */
export function LossesPage() {
  const { t, locale, money, quantity } = useWords();
  const [from, setFrom] = useState(() => `${today().slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [reason, setReason] = useState('');
  const [report, setReport] = useState<LossReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [zone, setZone] = useState('');
  const [days, setDays] = useState(7);
  const [expiring, setExpiring] = useState<NearExpiry[] | null>(null);
  const [expiryError, setExpiryError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    fetchLosses({ from, to })
      .then((answer) => {
        if (!live) return;
        setReport(answer);
        setError(null);
      })
      .catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, [from, to]);
  useEffect(() => {
    let live = true;
    fetchNearExpiry({ days, ...(zone ? { zone } : {}) })
      .then((answer) => {
        if (!live) return;
        setExpiring(answer);
        setExpiryError(null);
      })
      .catch((failure: unknown) => live && setExpiryError(failure));
    return () => {
      live = false;
    };
  }, [zone, days]);

  const shown = useMemo(
    () =>
      report && {
        losses: report.losses.filter((loss) => reason === '' || loss.reason === reason),
        byReason: report.byReason.filter((row) => reason === '' || row.reason === reason),
      },
    [report, reason],
  );
  const total = shown?.byReason.reduce((sum, row) => sum + row.value, 0) ?? 0;
  const zones = [...new Set((expiring ?? []).map((row) => row.zone ?? ''))].filter(Boolean).sort();
  const reasonWords = (code: string) =>
    (REASONS as readonly string[]).includes(code)
      ? t(`web.hand.loss.reason.${code as (typeof REASONS)[number]}`)
      : code;

  return (
    <div className="office">
      <h2 className="office__title">{t('office.stock.losses')}</h2>
      <div className="office-controls">
        <label className="office-field">
          <span>{t('office.period.from')}</span>
          <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="office-field">
          <span>{t('office.period.to')}</span>
          <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label className="office-field">
          <span>{t('web.hand.loss.reason')}</span>
          <select value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">{t('office.stock.allReasons')}</option>
            {REASONS.map((code) => (
              <option key={code} value={code}>
                {reasonWords(code)}
              </option>
            ))}
          </select>
        </label>
        {shown ? (
          <button
            type="button"
            className="office-choice"
            onClick={() =>
              download({
                blob: new Blob([lossesCsv(shown as LossReport)], { type: 'text/csv' }),
                fileName: `losses-${from}-${to}.csv`,
              })
            }
          >
            {t('office.stock.lossesCsv')}
          </button>
        ) : null}
      </div>
      {error ? <Failure error={error} /> : null}
      {shown ? (
        <>
          <section className="office-card" aria-label={t('office.stock.byReason')}>
            <h3>{t('office.stock.byReason')}</h3>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('web.hand.loss.reason')}</th>
                  <th scope="col" className="num">
                    {t('office.stock.lossCount')}
                  </th>
                  <th scope="col" className="num">
                    {t('office.stock.valueAtCost')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.byReason.map((row) => (
                  <tr key={row.reason}>
                    <th scope="row">{reasonWords(row.reason)}</th>
                    <td className="num">{row.losses}</td>
                    <td className="num">
                      {money(row.value)}
                      {row.withoutCost > 0
                        ? ` ${t('office.stock.withoutCost', { count: row.withoutCost })}`
                        : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('office.stock.total')}</th>
                  <td className="num">{shown.losses.length}</td>
                  <td className="num" data-testid="losses-total">
                    {money(total)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </section>
          <section className="office-card" aria-label={t('office.stock.lossList')}>
            <h3>{t('office.stock.lossList')}</h3>
            {shown.losses.length === 0 ? (
              <p>{t('office.list.none')}</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('office.sales.product')}</th>
                    <th scope="col">{t('office.stock.when')}</th>
                    <th scope="col">{t('office.stock.zone')}</th>
                    <th scope="col">{t('web.hand.loss.reason')}</th>
                    <th scope="col" className="num">
                      {t('office.stock.quantity')}
                    </th>
                    <th scope="col" className="num">
                      {t('office.stock.valueAtCost')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.losses.map((loss) => (
                    <tr key={loss.id}>
                      <th scope="row">{loss.name}</th>
                      <td>{dateTime(loss.at, locale, TIME_ZONE)}</td>
                      <td>{loss.zone ?? '—'}</td>
                      <td>{reasonWords(loss.reason)}</td>
                      <td className="num">{quantity(loss.quantity, false)}</td>
                      <td className="num">{loss.value === null ? '—' : money(loss.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      ) : null}
      <section className="office-card" aria-label={t('office.stock.nearExpiry')}>
        <h3>{t('office.stock.nearExpiry')}</h3>
        <div className="office-controls">
          <label className="office-field">
            <span>{t('office.stock.zone')}</span>
            <select value={zone} onChange={(e) => setZone(e.target.value)}>
              <option value="">{t('office.stock.allZones')}</option>
              {[...new Set([...zones, zone].filter(Boolean))].map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="office-field">
            <span>{t('office.stock.withinDays')}</span>
            <input
              type="number"
              min={0}
              max={365}
              value={days}
              onChange={(e) => setDays(Math.max(0, Math.min(365, Number(e.target.value) || 0)))}
            />
          </label>
        </div>
        {expiryError ? <Failure error={expiryError} /> : null}
        {expiring && expiring.length === 0 ? <p>{t('office.stock.nearExpiryNone')}</p> : null}
        {expiring && expiring.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('office.sales.product')}</th>
                <th scope="col">{t('office.stock.zone')}</th>
                <th scope="col">{t('office.stock.bestBefore')}</th>
                <th scope="col">{t('office.stock.seenAt')}</th>
              </tr>
            </thead>
            <tbody>
              {expiring.map((row) => (
                <tr key={row.productId}>
                  <th scope="row">{row.name}</th>
                  <td>{row.zone ?? '—'}</td>
                  <td>
                    {new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
                      dateStyle: 'medium',
                      timeZone: 'UTC',
                    }).format(new Date(`${row.bestBefore}T00:00:00Z`))}
                  </td>
                  <td>{dateTime(row.seenAt, locale, TIME_ZONE)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
