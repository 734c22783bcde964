import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { Locale } from '../../domain/money';
import { useWords } from '../../renderer/i18n';
import { ActFailure, dateTime, Failure } from './ListParts';
import {
  applyInventory,
  cancelInventory,
  fetchInventories,
  fetchInventory,
  fetchRecount,
  openInventory,
  pageEvent,
  type AppliedInventory,
  type InventoryLine,
  type InventoryRow,
  type InventoryView,
  type PageEvent,
  type RecountList,
} from './stockApi';

const TIME_ZONE = 'Europe/Brussels';
/** How often an open inventory is read again while counters scan. */
export const FOLLOW_MS = 3000;

/**
 * Reads `load` now and every FOLLOW_MS while `follow` holds (and the page is shown): the
 * figures change in place, the page is never reloaded. A read that fails is said once, and
 * the next one tries again.
 */
function useFollowed<T>(load: () => Promise<T>, follow: (value: T | null) => boolean) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = () => {
      load()
        .then((answer) => {
          if (!live) return;
          setValue(answer);
          setError(null);
          if (follow(answer)) timer = setTimeout(read, FOLLOW_MS);
        })
        .catch((failure: unknown) => {
          if (!live) return;
          setError(failure);
          if (follow(latest.current)) timer = setTimeout(read, FOLLOW_MS);
        });
    };
    read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `load` and `follow` are read once per round: a new round reads again at once.
  }, [round]);
  const again = useCallback(() => setRound((old) => old + 1), []);
  return { value, error, again };
}

/**
 * Inventories by zone: each with its state, its counters and how far the count has gone,
 * followed live while one is open; a manager opens one for a zone.
 */
export function InventoriesPage({ isManager }: { isManager: boolean }) {
  const { t, locale } = useWords();
  const list = useFollowed(fetchInventories, () => true);
  const [zone, setZone] = useState('');
  const [units, setUnits] = useState('1');
  const [percent, setPercent] = useState('5');
  const [openError, setOpenError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const open = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setOpenError(null);
    openInventory({
      zone: zone.trim(),
      toleranceUnits: Math.round(Number(units.replace(',', '.')) * 1000),
      toleranceBp: Math.round(Number(percent.replace(',', '.')) * 100),
    })
      .then((opened) => {
        window.location.hash = `#/inventory/${opened.id}`;
      })
      .catch(setOpenError)
      .finally(() => setBusy(false));
  };

  const rows = list.value ?? [];
  return (
    <div className="office">
      <h2 className="office__title">{t('office.stock.inventories')}</h2>
      <p>{t(isManager ? 'office.stock.inventoriesIntro' : 'office.stock.inventoriesIntroStock')}</p>
      {isManager ? (
        <section className="office-card" aria-label={t('office.stock.open')}>
          <h3>{t('office.stock.open')}</h3>
          <form className="office-controls" onSubmit={open}>
            <label className="office-field">
              <span>{t('office.stock.zone')}</span>
              <input
                value={zone}
                required
                maxLength={40}
                pattern="[A-Za-z0-9 _.\-]{1,40}"
                onChange={(event) => setZone(event.target.value)}
              />
            </label>
            <label className="office-field">
              <span>{t('office.stock.toleranceUnits')}</span>
              <input
                value={units}
                inputMode="decimal"
                onChange={(event) => setUnits(event.target.value)}
              />
            </label>
            <label className="office-field">
              <span>{t('office.stock.tolerancePercent')}</span>
              <input
                value={percent}
                inputMode="decimal"
                onChange={(event) => setPercent(event.target.value)}
              />
            </label>
            <button type="submit" className="office-choice" disabled={busy}>
              {t('office.stock.openButton')}
            </button>
          </form>
          <p className="office-hint">{t('office.stock.blindHint')}</p>
          {openError ? <ActFailure error={openError} /> : null}
        </section>
      ) : null}
      <section className="office-card" aria-label={t('office.stock.list')}>
        <h3>{t('office.stock.list')}</h3>
        {list.error ? <Failure error={list.error} /> : null}
        {list.value !== null && rows.length === 0 ? <p>{t('office.stock.none')}</p> : null}
        {rows.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('office.stock.zone')}</th>
                <th scope="col">{t('office.stock.state')}</th>
                <th scope="col">{t('office.stock.openedAt')}</th>
                <th scope="col" className="num">
                  {t('office.stock.counters')}
                </th>
                <th scope="col">{t('office.stock.progress')}</th>
                <th scope="col">{t('office.stock.lastScan')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <InventoryListRow key={row.id} row={row} locale={locale} />
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}

function InventoryListRow({ row, locale }: { row: InventoryRow; locale: Locale }) {
  const { t } = useWords();
  const whole = Math.max(row.zoneProducts, row.counted);
  return (
    <tr>
      <th scope="row">
        <a href={`#/inventory/${row.id}`}>
          {t('office.stock.inventoryOf', { zone: row.zone, id: row.id })}
        </a>
      </th>
      <td>{t(`office.stock.status.${row.status}`)}</td>
      <td>{dateTime(row.openedAt, locale, TIME_ZONE)}</td>
      <td className="num">{row.counters}</td>
      <td>
        <progress
          max={whole || 1}
          value={row.counted}
          aria-label={t('office.stock.progressOf', { zone: row.zone })}
        />{' '}
        {t('office.stock.countedOf', { counted: row.counted, total: whole })}
      </td>
      <td>{row.lastScanAt ? dateTime(row.lastScanAt, locale, TIME_ZONE) : '—'}</td>
    </tr>
  );
}

/** The sums a manager reviews before applying: net, what is missing and what is found. */
export function varianceTotals(lines: readonly InventoryLine[]) {
  let net = 0;
  let missing = 0;
  let found = 0;
  let unvalued = 0;
  for (const line of lines) {
    if (line.variance === null || line.variance === 0) continue;
    if (line.varianceValue === null) {
      unvalued += 1;
      continue;
    }
    net += line.varianceValue;
    if (line.varianceValue < 0) missing += line.varianceValue;
    else found += line.varianceValue;
  }
  return { net, missing, found, unvalued };
}

/**
 * One inventory: its progress and recount list (for everyone who counts), and for a manager
 * every line with what the ledger expected, the variance in units and in euros at cost, the
 * totals, apply (once) and cancel. Followed live while open.
 */
export function InventoryPage({ id, isManager }: { id: number; isManager: boolean }) {
  const { t, money, quantity } = useWords();
  const open = (status: string | undefined) => status === undefined || status === 'open';
  const recount = useFollowed<RecountList>(
    () => fetchRecount(id),
    (answer) => open(answer?.status),
  );
  const view = useFollowed<InventoryView | null>(
    () => (isManager ? fetchInventory(id) : Promise.resolve(null)),
    (answer) => isManager && open(answer?.status),
  );
  const operation = useRef<PageEvent | null>(null);
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState<AppliedInventory | null>(null);
  const [actError, setActError] = useState<unknown>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);

  const apply = () => {
    if (applying) return;
    // One operation id per decision to apply: a second click, or a retry after a lost
    // answer, sends the same event and the server applies it once.
    operation.current ??= pageEvent('inventory.apply', { inventoryId: id });
    setApplying(true);
    setActError(null);
    applyInventory(id, operation.current)
      .then((answer) => {
        setApplied(answer);
        operation.current = null;
        view.again();
        recount.again();
      })
      .catch(setActError)
      .finally(() => setApplying(false));
  };
  const cancel = () => {
    setActError(null);
    cancelInventory(id)
      .then(() => {
        setConfirmCancel(false);
        view.again();
        recount.again();
      })
      .catch(setActError);
  };

  const status = view.value?.status ?? recount.value?.status;
  const zone = view.value?.zone ?? recount.value?.zone ?? '';
  const waiting = recount.value?.products ?? [];
  const lines = view.value?.lines ?? [];
  const totals = varianceTotals(lines);
  const signed = (cents: number) => (cents > 0 ? `+${money(cents)}` : money(cents));
  const units = (line: InventoryLine, milli: number | null) =>
    milli === null ? '—' : quantity(milli, line.unit === 'kg');
  const signedUnits = (line: InventoryLine) =>
    line.variance === null
      ? '—'
      : `${line.variance > 0 ? '+' : ''}${quantity(line.variance, line.unit === 'kg')}`;

  return (
    <div className="office">
      <p>
        <a href="#/inventories">{t('office.stock.back')}</a>
      </p>
      <h2 className="office__title">{t('office.stock.inventoryOf', { zone, id })}</h2>
      {status ? (
        <p role="status" className="office-period-text">
          {t(`office.stock.status.${status}`)}
          {status === 'open' ? ` · ${t('office.stock.followed')}` : ''}
        </p>
      ) : null}
      {recount.error ? <Failure error={recount.error} /> : null}
      {view.error ? <Failure error={view.error} /> : null}
      <section className="office-card" aria-label={t('office.stock.recount')}>
        <h3>{t('office.stock.recount')}</h3>
        {waiting.length === 0 ? (
          <p>{t('office.stock.recountNone')}</p>
        ) : (
          <ul>
            {waiting.map((product) => (
              <li key={product.id}>
                {product.name} <span className="office-hint">{product.barcodes.join(', ')}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {isManager && view.value ? (
        <section className="office-card" aria-label={t('office.stock.variances')}>
          <h3>{t('office.stock.variances')}</h3>
          <dl className="office-facts" aria-label={t('office.stock.totals')}>
            <dt>{t('office.stock.netVariance')}</dt>
            <dd data-testid="net-variance">{signed(totals.net)}</dd>
            <dt>{t('office.stock.missing')}</dt>
            <dd>{signed(totals.missing)}</dd>
            <dt>{t('office.stock.found')}</dt>
            <dd>{signed(totals.found)}</dd>
            {totals.unvalued > 0 ? (
              <>
                <dt>{t('office.stock.unvalued')}</dt>
                <dd>{totals.unvalued}</dd>
              </>
            ) : null}
          </dl>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('office.sales.product')}</th>
                <th scope="col">{t('office.stock.lineState')}</th>
                <th scope="col" className="num">
                  {t('office.stock.expected')}
                </th>
                <th scope="col" className="num">
                  {t('office.stock.counted')}
                </th>
                <th scope="col" className="num">
                  {t('office.stock.variance')}
                </th>
                <th scope="col" className="num">
                  {t('office.catalogue.cost')}
                </th>
                <th scope="col" className="num">
                  {t('office.stock.varianceValue')}
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.productId}>
                  <th scope="row">{line.name ?? `#${line.productId}`}</th>
                  <td>{t(`office.stock.line.${line.status}`)}</td>
                  <td className="num">{units(line, line.expected)}</td>
                  <td className="num">{units(line, line.counted)}</td>
                  <td className="num">{signedUnits(line)}</td>
                  <td className="num">{line.unitCost === null ? '—' : money(line.unitCost)}</td>
                  <td className="num">
                    {line.varianceValue === null ? '—' : signed(line.varianceValue)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {status === 'open' ? (
            <div className="office-actions">
              <button
                type="button"
                className="office-choice"
                disabled={applying || waiting.length > 0}
                aria-describedby={waiting.length > 0 ? 'apply-waits' : undefined}
                onClick={apply}
              >
                {t('office.stock.apply', { zone })}
              </button>
              {waiting.length > 0 ? (
                <span id="apply-waits" className="office-hint">
                  {t('office.stock.applyWaits')}
                </span>
              ) : null}
              {confirmCancel ? (
                <>
                  <span>{t('office.stock.cancelQuestion')}</span>
                  <button type="button" className="office-choice office-danger" onClick={cancel}>
                    {t('office.stock.cancelConfirm')}
                  </button>
                  <button
                    type="button"
                    className="office-choice"
                    onClick={() => setConfirmCancel(false)}
                  >
                    {t('office.tills.cancel')}
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  className="office-choice"
                  onClick={() => setConfirmCancel(true)}
                >
                  {t('office.stock.cancel')}
                </button>
              )}
            </div>
          ) : null}
          {actError ? <ActFailure error={actError} /> : null}
          {applied ? (
            <p role="status">
              {t('office.stock.applied', {
                adjusted: applied.adjusted,
                value: signed(applied.varianceValue),
              })}
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
