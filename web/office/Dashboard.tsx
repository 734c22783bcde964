import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Locale } from '../../domain/money';
import { useWords } from '../../renderer/i18n';
import type { MarginRow } from '../../domain/office-figures';
import {
  dayBefore,
  fetchDashboard,
  fetchTills,
  type Dashboard,
  type ProductMover,
  type TillState,
} from './api';
import { FigureChart, type Column, type FigureRow } from './FigureChart';
import { QuarantineSection } from './Quarantine';

type Choice = 'today' | 'yesterday' | 'chosen';

const KINDS = ['cash', 'card', 'voucher', 'transfer', 'other'] as const;
const isKind = (kind: string): kind is (typeof KINDS)[number] =>
  (KINDS as readonly string[]).includes(kind);

const LOSS_REASONS = ['breakage', 'expiry', 'theft', 'internal_use', 'donation'] as const;
const isLossReason = (reason: string): reason is (typeof LOSS_REASONS)[number] =>
  (LOSS_REASONS as readonly string[]).includes(reason);

const intlLocale = (locale: Locale) => (locale === 'en' ? 'en-GB' : locale);

/** A local day ("2026-03-02") in the person's words: "lundi 2 mars 2026". */
function longDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** ISO weekday 1 (Monday) to 7 in the person's words; 2024-01-01 was a Monday. */
function weekdayName(weekday: number, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, weekday)),
  );
}

/**
 * The dashboard: today, yesterday or a chosen period, for all tills or one; the figures, then
 * each chart with its table and CSV, then the tills' state. The coop's day and hours come from
 * the server (its time zone); the page only names them in the person's language.
 */
export function DashboardPage() {
  const { t, locale, money } = useWords();
  const [choice, setChoice] = useState<Choice>('today');
  const [today, setToday] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [tillId, setTillId] = useState<number | null>(null);
  const [figures, setFigures] = useState<Dashboard | null>(null);
  const [tills, setTills] = useState<TillState[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = (period: { from?: string; to?: string }, till: number | null) => {
    setError(null);
    fetchDashboard({ ...period, tillId: till })
      .then((answer) => {
        setFigures(answer);
        setToday(answer.today);
      })
      .catch((failure: unknown) => setError(String((failure as Error).message)));
  };

  useEffect(() => {
    load({}, null);
    fetchTills()
      .then(setTills)
      .catch(() => setTills([]));
  }, []);

  const choose = (next: Choice, till = tillId) => {
    setChoice(next);
    if (next === 'today') load({}, till);
    if (next === 'yesterday' && today) {
      const day = dayBefore(today);
      load({ from: day, to: day }, till);
    }
    if (next === 'chosen' && today) {
      const start = from || dayBefore(today);
      const end = to || today;
      setFrom(start);
      setTo(end);
      load({ from: start, to: end }, till);
    }
  };

  const submitPeriod = (event: FormEvent) => {
    event.preventDefault();
    load({ from, to }, tillId);
  };

  const charts = useMemo(() => {
    if (!figures) return null;
    const amount: Column = { title: t('office.amount'), money: true };
    const tickets: Column = { title: t('office.tickets') };
    const hours: FigureRow[] = figures.byHour
      .filter((row) => row.tickets !== 0 || row.amount !== 0)
      .map((row) => ({
        label: `${String(row.key).padStart(2, '0')}:00`,
        values: [row.amount, row.tickets],
      }));
    const weekdays: FigureRow[] = figures.byWeekday.map((row) => ({
      label: weekdayName(row.key, locale),
      values: [row.amount, row.tickets],
    }));
    // A method named after its kind (the tills' default cash and card) in the person's words.
    const payments: FigureRow[] = figures.byPayment.map((row) => ({
      label:
        row.method === row.kind && isKind(row.kind) ? t(`payment.kind.${row.kind}`) : row.method,
      values: [row.amount],
    }));
    const categories: FigureRow[] = figures.byCategory.map((row) => ({
      label:
        (locale === 'nl-BE' ? figures.categoryNamesNl[row.category] : undefined) ??
        (row.category || t('office.noCategory')),
      values: [row.amount],
    }));
    const { products } = figures;
    const categoryName = (category: string) =>
      (locale === 'nl-BE' ? figures.categoryNamesNl[category] : undefined) ??
      (category || t('office.noCategory'));
    const margin = (rows: MarginRow[], name: (key: string) => string): FigureRow[] =>
      rows.map((row) => ({
        label: name(row.key),
        values: [row.amountExVat, row.cost, row.margin, row.marginBp, row.costedBp],
      }));
    const marginColumns: Column[] = [
      { title: t('office.salesExVat'), money: true },
      { title: t('office.cost'), money: true },
      { title: t('office.margin'), money: true },
      { title: t('office.marginRate'), basisPoints: true },
      { title: t('office.costedShare'), basisPoints: true },
    ];
    // A product's name in Dutch where it has one; two products of one name told apart by id.
    const mover = (rows: ProductMover[]): FigureRow[] =>
      rows.map((row) => ({
        label: `${(locale === 'nl-BE' ? row.nameNl : null) ?? row.name} (#${row.productId})`,
        values: [row.amount, row.quantity],
      }));
    const moverColumns: Column[] = [amount, { title: t('office.quantity'), quantity: true }];
    return {
      amount,
      tickets,
      hours,
      weekdays,
      payments,
      categories,
      marginColumns,
      marginByCategory: margin(products.marginByCategory, categoryName),
      marginBySupplier: margin(products.marginBySupplier, (key) => key || t('office.noSupplier')),
      moverColumns,
      topMovers: mover(products.topMovers),
      slowMovers: mover(products.slowMovers),
      stockValue: products.stockValue.byCategory.map((row) => ({
        label: categoryName(row.key),
        values: [row.value, row.quantity],
      })),
      stockColumns: [
        { title: t('office.value'), money: true },
        { title: t('office.quantity'), quantity: true },
      ] satisfies Column[],
      losses: products.losses.byReason.map((row) => ({
        label: isLossReason(row.reason) ? t(`office.loss.${row.reason}`) : row.reason,
        values: [row.value, row.quantity, row.count],
      })),
      lossColumns: [
        { title: t('office.value'), money: true },
        { title: t('office.quantity'), quantity: true },
        { title: t('office.count') },
      ] satisfies Column[],
    };
  }, [figures, t, locale]);

  const periodText = figures
    ? figures.from === figures.to
      ? longDay(figures.from, locale)
      : `${longDay(figures.from, locale)} – ${longDay(figures.to, locale)}`
    : '';
  const file = (what: string) => `${what}-${figures?.from ?? ''}-${figures?.to ?? ''}.csv`;

  return (
    <div className="office">
      <h2 className="office__title">{t('office.dashboard.title')}</h2>
      <div className="office-controls">
        <div role="group" aria-label={t('office.period')} className="office-choices">
          {(['today', 'yesterday', 'chosen'] as const).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={choice === option}
              className="office-choice"
              onClick={() => choose(option)}
            >
              {t(`office.period.${option}`)}
            </button>
          ))}
        </div>
        <label className="office-field">
          <span>{t('office.till')}</span>
          <select
            value={tillId ?? ''}
            onChange={(event) => {
              const till = event.target.value === '' ? null : Number(event.target.value);
              setTillId(till);
              if (choice === 'chosen') load({ from, to }, till);
              else choose(choice, till);
            }}
          >
            <option value="">{t('office.till.all')}</option>
            {tills.map((till) => (
              <option key={till.id} value={till.id}>
                {till.name}
              </option>
            ))}
          </select>
        </label>
        {choice === 'chosen' ? (
          <form className="office-period" onSubmit={submitPeriod}>
            <label className="office-field">
              <span>{t('office.period.from')}</span>
              <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
            </label>
            <label className="office-field">
              <span>{t('office.period.to')}</span>
              <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
            </label>
            <button type="submit" className="office-choice">
              {t('office.period.show')}
            </button>
          </form>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="office-error">
          {t('office.failed', { error })}
        </p>
      ) : null}
      {!figures || !charts ? (
        <p role="status">{t('office.loading')}</p>
      ) : (
        <>
          <p className="office-period-text" data-testid="period">
            {periodText}
          </p>
          <dl className="office-kpis">
            {(
              [
                ['office.sales', money(figures.sales)],
                ['office.tickets', String(figures.tickets)],
                ['office.basket', money(figures.averageBasket)],
                ['office.refunds', money(figures.refunds)],
                ['office.net', money(figures.net)],
              ] as const
            ).map(([key, value]) => (
              <div key={key} className="office-kpi">
                <dt>{t(key)}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {figures.tickets === 0 && figures.refundTickets === 0 ? <p>{t('office.empty')}</p> : null}
          <div className="office-grid">
            <FigureChart
              title={t('office.byHour')}
              kind="bar"
              labelTitle={t('office.hour')}
              columns={[charts.amount, charts.tickets]}
              rows={charts.hours}
              file={file('hours')}
            />
            <FigureChart
              title={t('office.byPayment')}
              kind="doughnut"
              labelTitle={t('office.method')}
              columns={[charts.amount]}
              rows={charts.payments}
              file={file('payments')}
            />
            <FigureChart
              title={t('office.byCategory')}
              kind="bar"
              labelTitle={t('office.category')}
              columns={[charts.amount]}
              rows={charts.categories}
              file={file('categories')}
            />
            <FigureChart
              title={t('office.byWeekday')}
              kind="bar"
              labelTitle={t('office.weekday')}
              columns={[charts.amount, charts.tickets]}
              rows={charts.weekdays}
              file={file('weekdays')}
            />
          </div>
          <div className="office-grid">
            <FigureChart
              title={t('office.marginByCategory')}
              kind="bar"
              labelTitle={t('office.category')}
              columns={charts.marginColumns}
              rows={charts.marginByCategory}
              file={file('margin-categories')}
              plot={2}
            />
            <FigureChart
              title={t('office.marginBySupplier')}
              kind="bar"
              labelTitle={t('office.supplier')}
              columns={charts.marginColumns}
              rows={charts.marginBySupplier}
              file={file('margin-suppliers')}
              plot={2}
            />
          </div>
          <p className="office-note">{t('office.marginNote')}</p>
          <div className="office-grid">
            <FigureChart
              title={t('office.topMovers')}
              kind="bar"
              labelTitle={t('office.product')}
              columns={charts.moverColumns}
              rows={charts.topMovers}
              file={file('top-movers')}
            />
            <FigureChart
              title={t('office.slowMovers')}
              kind="bar"
              labelTitle={t('office.product')}
              columns={charts.moverColumns}
              rows={charts.slowMovers}
              file={file('slow-movers')}
            />
            <div>
              <FigureChart
                title={t('office.stockValue')}
                kind="doughnut"
                labelTitle={t('office.category')}
                columns={charts.stockColumns}
                rows={charts.stockValue}
                file={`stock-value-${figures.today}.csv`}
              />
              <p className="office-note" data-testid="stock-value">
                {t('office.stockValueNote', {
                  total: money(figures.products.stockValue.total),
                  uncosted: figures.products.stockValue.uncosted,
                  negative: figures.products.stockValue.negative,
                })}
              </p>
            </div>
            <div>
              <FigureChart
                title={t('office.losses')}
                kind="doughnut"
                labelTitle={t('office.reason')}
                columns={charts.lossColumns}
                rows={charts.losses}
                file={file('losses')}
              />
              <p className="office-note" data-testid="losses">
                {t('office.lossesNote', { total: money(figures.products.losses.total) })}
              </p>
            </div>
          </div>
          <section className="office-card" aria-label={t('office.vat')}>
            <h2>{t('office.vat')}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('office.vat.rate')}</th>
                  <th scope="col" className="num">
                    {t('office.vat.gross')}
                  </th>
                  <th scope="col" className="num">
                    {t('office.vat.vat')}
                  </th>
                  <th scope="col" className="num">
                    {t('office.vat.net')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {figures.vat.map((row) => (
                  <tr key={row.rateBp}>
                    <th scope="row">
                      {new Intl.NumberFormat(intlLocale(locale), {
                        style: 'percent',
                        maximumFractionDigits: 2,
                      }).format(row.rateBp / 10_000)}
                    </th>
                    <td className="num">{money(row.gross)}</td>
                    <td className="num">{money(row.vat)}</td>
                    <td className="num">{money(row.net)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
      <section className="office-card" aria-label={t('office.tills.title')}>
        <h2>{t('office.tills.title')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('office.till')}</th>
              <th scope="col">{t('office.tills.lastSync')}</th>
              <th scope="col" className="num">
                {t('office.tills.waiting')}
              </th>
              <th scope="col" className="num">
                {t('office.tills.quarantined')}
              </th>
            </tr>
          </thead>
          <tbody>
            {tills.map((till) => (
              <tr key={till.id}>
                <th scope="row">{till.name}</th>
                <td>
                  {till.lastSyncAt
                    ? new Intl.DateTimeFormat(intlLocale(locale), {
                        dateStyle: 'medium',
                        timeStyle: 'short',
                        timeZone: figures?.timeZone ?? 'Europe/Brussels',
                      }).format(new Date(till.lastSyncAt))
                    : t('office.tills.never')}
                </td>
                <td className="num">{till.waiting}</td>
                <td className="num">{till.quarantined}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <QuarantineSection
        timeZone={figures?.timeZone ?? 'Europe/Brussels'}
        locale={intlLocale(locale)}
      />
    </div>
  );
}
