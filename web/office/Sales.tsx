import { useEffect, useState, type FormEvent } from 'react';
import { buildSessionReportDocument } from '../../domain/report-document';
import { renderSessionReportText } from '../../domain/receipt-text';
import { storedSessionReport } from '../../domain/session';
import { formatQuantity } from '../../domain/money';
import { useWords } from '../../renderer/i18n';
import {
  dayBefore,
  fetchSession,
  fetchSessions,
  fetchTickets,
  fetchTills,
  queryText,
  type Listing,
  type SessionDetail,
  type SessionRow,
  type TicketDetail,
  type TicketRow,
  type TillState,
  fetchTicket,
} from './api';
import { dateTime, Failure, Pager, SortHeader } from './ListParts';

/** The tills' default methods are named after their kinds: said in the person's words. */
const PAYMENT_KINDS: readonly (string | undefined)[] = [
  'cash',
  'card',
  'voucher',
  'transfer',
  'other',
];

type TicketSort = 'closedAt' | 'total' | 'number' | 'till';
type SessionSort = 'openedAt' | 'till' | 'net' | 'difference';

interface SalesState {
  from: string;
  to: string;
  tillId: string;
  kind: '' | 'sale' | 'refund';
  q: string;
  ticketSort: TicketSort;
  sessionSort: SessionSort;
  order: 'asc' | 'desc';
  page: number;
}

const START: SalesState = {
  from: '',
  to: '',
  tillId: '',
  kind: '',
  q: '',
  ticketSort: 'closedAt',
  sessionSort: 'openedAt',
  order: 'desc',
  page: 1,
};

/** What the lists showed, kept while the person opens a ticket or a Z and comes back. */
let remembered: SalesState = START;

/**
 * Sales: the tickets (sales and refunds) or the sessions of a period, for all tills or one,
 * searched, sorted and paged; each opens its detail; the period leaves as the accountant's CSV.
 */
export function SalesPage({ tab }: { tab: 'tickets' | 'sessions' }) {
  const { t, locale, money } = useWords();
  const [state, setState] = useState<SalesState>(remembered);
  const [search, setSearch] = useState(state.q);
  const [tills, setTills] = useState<TillState[]>([]);
  const [tickets, setTickets] = useState<Listing<TicketRow> | null>(null);
  const [sessions, setSessions] = useState<Listing<SessionRow> | null>(null);
  const [error, setError] = useState<unknown>(null);

  const change = (next: Partial<SalesState>) =>
    setState((old) => {
      const merged = { ...old, page: 1, ...next };
      remembered = merged;
      return merged;
    });

  useEffect(() => {
    fetchTills()
      .then(setTills)
      .catch(() => setTills([]));
  }, []);

  useEffect(() => {
    let live = true;
    setError(null);
    const common = {
      from: state.from,
      to: state.to,
      tillId: state.tillId,
      order: state.order,
      page: state.page,
    };
    const done =
      <T,>(set: (value: T) => void) =>
      (value: T) => {
        if (live) set(value);
      };
    const failed = (failure: unknown) => {
      if (live) setError(failure);
    };
    if (tab === 'tickets') {
      fetchTickets({ ...common, sort: state.ticketSort, kind: state.kind, q: state.q })
        .then(done(setTickets))
        .catch(failed);
    } else {
      fetchSessions({ ...common, sort: state.sessionSort })
        .then(done(setSessions))
        .catch(failed);
    }
    return () => {
      live = false;
    };
  }, [tab, state]);

  const shown = tab === 'tickets' ? tickets : sessions;
  const today = shown?.today ?? null;
  const timeZone = shown?.timeZone ?? 'Europe/Brussels';
  const from = state.from || shown?.from || '';
  const to = state.to || shown?.to || '';
  const csv = `/v1/office/sales.csv?${queryText({ from, to, tillId: state.tillId })}`;

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    change({ q: search });
  };

  return (
    <div className="office">
      <h2 className="office__title">{t('office.nav.sales')}</h2>
      <nav className="office-tabs" aria-label={t('office.sales.views')}>
        <a href="#/sales" aria-current={tab === 'tickets' ? 'page' : undefined}>
          {t('office.sales.tickets')}
        </a>
        <a href="#/sales/sessions" aria-current={tab === 'sessions' ? 'page' : undefined}>
          {t('office.sales.sessions')}
        </a>
      </nav>
      <div className="office-controls">
        <div role="group" aria-label={t('office.period')} className="office-choices">
          <button
            type="button"
            className="office-choice"
            aria-pressed={today !== null && from === today && to === today}
            disabled={!today}
            onClick={() => today && change({ from: today, to: today })}
          >
            {t('office.period.today')}
          </button>
          <button
            type="button"
            className="office-choice"
            aria-pressed={today !== null && from === dayBefore(today) && to === from}
            disabled={!today}
            onClick={() => today && change({ from: dayBefore(today), to: dayBefore(today) })}
          >
            {t('office.period.yesterday')}
          </button>
        </div>
        <label className="office-field">
          <span>{t('office.period.from')}</span>
          <input
            type="date"
            value={from}
            onChange={(event) => event.target.value && change({ from: event.target.value })}
          />
        </label>
        <label className="office-field">
          <span>{t('office.period.to')}</span>
          <input
            type="date"
            value={to}
            onChange={(event) => event.target.value && change({ to: event.target.value })}
          />
        </label>
        <label className="office-field">
          <span>{t('office.till')}</span>
          <select value={state.tillId} onChange={(event) => change({ tillId: event.target.value })}>
            <option value="">{t('office.till.all')}</option>
            {tills.map((till) => (
              <option key={till.id} value={till.id}>
                {till.name}
              </option>
            ))}
          </select>
        </label>
        {tab === 'tickets' ? (
          <>
            <label className="office-field">
              <span>{t('office.sales.kind')}</span>
              <select
                value={state.kind}
                onChange={(event) => change({ kind: event.target.value as SalesState['kind'] })}
              >
                <option value="">{t('office.sales.kind.all')}</option>
                <option value="sale">{t('office.sales.kind.sale')}</option>
                <option value="refund">{t('office.sales.kind.refund')}</option>
              </select>
            </label>
            <form className="office-period" role="search" onSubmit={submitSearch}>
              <label className="office-field">
                <span>{t('office.sales.search')}</span>
                <input
                  type="search"
                  value={search}
                  onChange={(event) => setSearch(event.target.value)}
                />
              </label>
              <button type="submit" className="office-choice">
                {t('office.list.find')}
              </button>
            </form>
          </>
        ) : null}
        <a className="office-choice office-button-link" href={csv} download>
          {t('office.sales.csv')}
        </a>
      </div>
      {error ? <Failure error={error} /> : null}
      {!error && tab === 'tickets' && tickets ? (
        <section className="office-card" aria-label={t('office.sales.tickets')}>
          {tickets.rows.length === 0 ? (
            <p>{t('office.list.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  {(
                    [
                      ['till', 'office.till', false],
                      ['number', 'office.sales.number', false],
                      ['closedAt', 'office.sales.closedAt', false],
                    ] as const
                  ).map(([column, key]) => (
                    <SortHeader
                      key={column}
                      column={column}
                      sort={state.ticketSort}
                      order={state.order}
                      onSort={(sort, order) => change({ ticketSort: sort, order })}
                    >
                      {t(key)}
                    </SortHeader>
                  ))}
                  <th scope="col">{t('office.sales.kind')}</th>
                  <th scope="col" className="num">
                    {t('office.sales.lines')}
                  </th>
                  <SortHeader
                    column="total"
                    numeric
                    sort={state.ticketSort}
                    order={state.order}
                    onSort={(sort, order) => change({ ticketSort: sort, order })}
                  >
                    {t('office.sales.total')}
                  </SortHeader>
                </tr>
              </thead>
              <tbody>
                {tickets.rows.map((row) => (
                  <tr key={`${row.tillId}-${row.id}`}>
                    <th scope="row">{row.till}</th>
                    <td>
                      <a href={`#/ticket/${row.tillId}/${row.id}`}>
                        {t('office.sales.ticketNumber', { number: row.number ?? '?' })}
                      </a>
                    </td>
                    <td>{dateTime(row.closedAt, locale, timeZone)}</td>
                    <td>{t(`office.sales.kind.${row.kind}`)}</td>
                    <td className="num">{row.lines}</td>
                    <td className="num">{money(row.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager
            page={tickets.page}
            pageSize={tickets.pageSize}
            total={tickets.total}
            onPage={(page) => change({ page })}
          />
        </section>
      ) : null}
      {!error && tab === 'sessions' && sessions ? (
        <section className="office-card" aria-label={t('office.sales.sessions')}>
          {sessions.rows.length === 0 ? (
            <p>{t('office.list.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <SortHeader
                    column="till"
                    sort={state.sessionSort}
                    order={state.order}
                    onSort={(sort, order) => change({ sessionSort: sort, order })}
                  >
                    {t('office.till')}
                  </SortHeader>
                  <SortHeader
                    column="openedAt"
                    sort={state.sessionSort}
                    order={state.order}
                    onSort={(sort, order) => change({ sessionSort: sort, order })}
                  >
                    {t('office.sales.opened')}
                  </SortHeader>
                  <th scope="col">{t('office.sales.closed')}</th>
                  <th scope="col" className="num">
                    {t('office.sales')}
                  </th>
                  <th scope="col" className="num">
                    {t('office.refunds')}
                  </th>
                  <SortHeader
                    column="net"
                    numeric
                    sort={state.sessionSort}
                    order={state.order}
                    onSort={(sort, order) => change({ sessionSort: sort, order })}
                  >
                    {t('office.net')}
                  </SortHeader>
                  <SortHeader
                    column="difference"
                    numeric
                    sort={state.sessionSort}
                    order={state.order}
                    onSort={(sort, order) => change({ sessionSort: sort, order })}
                  >
                    {t('office.sales.difference')}
                  </SortHeader>
                </tr>
              </thead>
              <tbody>
                {sessions.rows.map((row) => (
                  <tr key={`${row.tillId}-${row.id}`}>
                    <th scope="row">{row.till}</th>
                    <td>
                      <a href={`#/session/${row.tillId}/${row.id}`}>
                        {dateTime(row.openedAt, locale, timeZone)}
                      </a>
                    </td>
                    <td>
                      {row.closedAt
                        ? dateTime(row.closedAt, locale, timeZone)
                        : t('office.sales.stillOpen')}
                    </td>
                    <td className="num">{row.sales === null ? '' : money(row.sales)}</td>
                    <td className="num">{row.refunds === null ? '' : money(row.refunds)}</td>
                    <td className="num">{row.net === null ? '' : money(row.net)}</td>
                    <td className="num">{row.difference === null ? '' : money(row.difference)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager
            page={sessions.page}
            pageSize={sessions.pageSize}
            total={sessions.total}
            onPage={(page) => change({ page })}
          />
        </section>
      ) : null}
      {!error && !shown ? <p role="status">{t('office.loading')}</p> : null}
    </div>
  );
}

function useDetail<T>(load: () => Promise<T>, keys: readonly unknown[]) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setValue(null);
    setError(null);
    load()
      .then((answer) => live && setValue(answer))
      .catch((failure: unknown) => live && setError(failure));
    return () => {
      live = false;
    };
  }, keys);
  return { value, error };
}

const BackToSales = ({ tab }: { tab: 'tickets' | 'sessions' }) => {
  const { t } = useWords();
  return (
    <p>
      <a href={tab === 'sessions' ? '#/sales/sessions' : '#/sales'}>{t('office.sales.back')}</a>
    </p>
  );
};

/** A paid ticket as the till journaled it: its lines, VAT, payments and refunds. */
export function TicketPage({ tillId, id }: { tillId: number; id: string }) {
  const { t, locale, money } = useWords();
  const { value, error } = useDetail<TicketDetail>(() => fetchTicket(tillId, id), [tillId, id]);
  if (error) {
    return (
      <div className="office">
        <BackToSales tab="tickets" />
        <Failure error={error} />
      </div>
    );
  }
  if (!value) return <p role="status">{t('office.loading')}</p>;
  const { ticket } = value;
  const percent = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : locale, {
    style: 'percent',
    maximumFractionDigits: 2,
  });
  return (
    <div className="office">
      <BackToSales tab="tickets" />
      <h2 className="office__title">
        {t(ticket.kind === 'refund' ? 'office.sales.refundTitle' : 'office.sales.ticketTitle', {
          number: ticket.number,
          till: value.till,
        })}
      </h2>
      <dl className="office-facts">
        <div>
          <dt>{t('office.sales.closedAt')}</dt>
          <dd>{dateTime(ticket.closedAt, locale, value.timeZone)}</dd>
        </div>
        <div>
          <dt>{t('office.sales.total')}</dt>
          <dd>{money(ticket.total)}</dd>
        </div>
        {ticket.member ? (
          <div>
            <dt>{t('office.sales.member')}</dt>
            <dd>
              {ticket.member.name} ({ticket.member.number})
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('office.sales.session')}</dt>
          <dd>
            <a href={`#/session/${tillId}/${ticket.sessionId}`}>{ticket.sessionId.slice(0, 8)}</a>
          </dd>
        </div>
        {value.refundOf ? (
          <div>
            <dt>{t('office.sales.refundOf')}</dt>
            <dd>
              <a href={`#/ticket/${tillId}/${value.refundOf.id}`}>
                {t('office.sales.ticketNumber', { number: value.refundOf.number ?? '?' })}
              </a>
            </dd>
          </div>
        ) : null}
        {value.refunds.length > 0 ? (
          <div>
            <dt>{t('office.sales.refundedBy')}</dt>
            <dd>
              {value.refunds.map((refund) => (
                <a key={refund.id} href={`#/ticket/${tillId}/${refund.id}`}>
                  {t('office.sales.ticketNumber', { number: refund.number ?? '?' })}{' '}
                </a>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      <section className="office-card" aria-label={t('office.sales.lines')}>
        <h3>{t('office.sales.lines')}</h3>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('office.sales.product')}</th>
              <th scope="col" className="num">
                {t('office.sales.quantity')}
              </th>
              <th scope="col" className="num">
                {t('office.sales.unitPrice')}
              </th>
              <th scope="col" className="num">
                {t('office.vat.rate')}
              </th>
              <th scope="col" className="num">
                {t('office.sales.discount')}
              </th>
              <th scope="col" className="num">
                {t('office.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {ticket.lines.map((line) => (
              <tr key={line.lineId}>
                <th scope="row">{line.name}</th>
                <td className="num">{formatQuantity(line.quantity, line.unit === 'kg', locale)}</td>
                <td className="num">{money(line.unitPrice)}</td>
                <td className="num">{percent.format(line.vatRateBp / 10_000)}</td>
                <td className="num">
                  {line.lineDiscount + line.ticketDiscountShare === 0
                    ? ''
                    : money(-(line.lineDiscount + line.ticketDiscountShare))}
                </td>
                <td className="num">{money(line.net)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="office-grid">
        <section className="office-card" aria-label={t('office.vat')}>
          <h3>{t('office.vat')}</h3>
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
              {ticket.vat.map((row) => (
                <tr key={row.rateBp}>
                  <th scope="row">{percent.format(row.rateBp / 10_000)}</th>
                  <td className="num">{money(row.gross)}</td>
                  <td className="num">{money(row.vat)}</td>
                  <td className="num">{money(row.net)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="office-card" aria-label={t('office.sales.payments')}>
          <h3>{t('office.sales.payments')}</h3>
          <table>
            <tbody>
              {ticket.payments.map((payment, index) => (
                <tr key={index}>
                  <th scope="row">
                    {payment.method === payment.kind && PAYMENT_KINDS.includes(payment.kind)
                      ? t(`payment.kind.${payment.kind}`)
                      : payment.method}
                  </th>
                  <td className="num">{money(payment.amount)}</td>
                </tr>
              ))}
              {ticket.change !== 0 ? (
                <tr>
                  <th scope="row">{t('office.sales.change')}</th>
                  <td className="num">{money(-ticket.change)}</td>
                </tr>
              ) : null}
              {ticket.rounding !== 0 ? (
                <tr>
                  <th scope="row">{t('office.sales.rounding')}</th>
                  <td className="num">{money(ticket.rounding)}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}

/** A session and its Z report printed as the till prints it, with the till's own code. */
export function SessionPage({ tillId, id }: { tillId: number; id: string }) {
  const { t, locale, money } = useWords();
  const { value, error } = useDetail<SessionDetail>(() => fetchSession(tillId, id), [tillId, id]);
  if (error) {
    return (
      <div className="office">
        <BackToSales tab="sessions" />
        <Failure error={error} />
      </div>
    );
  }
  if (!value) return <p role="status">{t('office.loading')}</p>;
  // A till's own user the server never heard of: named by their number, in words.
  const userName = (name: string | null, userId: number | null) =>
    name ?? (userId === null ? '' : t('office.sales.tillUser', { id: userId }));
  let zText: string[] | null = null;
  if (value.zReport && value.closedAt) {
    const document = buildSessionReportDocument(storedSessionReport(value.zReport), {
      kind: 'Z',
      header: value.header,
      tillName: value.till,
      sessionNumber: value.sessionNumber,
      openedAt: value.openedAt,
      openedBy: userName(value.openedBy, value.openedById),
      // A reprint: the till prints the time of printing; the Z was made when it closed.
      printedAt: value.closedAt,
      closedAt: value.closedAt,
      closedBy: userName(value.closedBy, value.closedById),
      methodLabels: value.methodLabels,
      duplicate: false,
    });
    zText = renderSessionReportText(document, { width: 48, locale, timeZone: value.timeZone });
  }
  return (
    <div className="office">
      <BackToSales tab="sessions" />
      <h2 className="office__title">
        {t('office.sales.sessionTitle', { number: value.sessionNumber, till: value.till })}
      </h2>
      <div className="office-session">
        <section className="office-card" aria-label={t('office.sales.zReport')}>
          <h3>{t('office.sales.zReport')}</h3>
          {zText ? (
            <pre className="office-z" data-testid="z-report">
              {zText.join('\n')}
            </pre>
          ) : (
            <p>{t('office.sales.noZ')}</p>
          )}
        </section>
        <section className="office-card" aria-label={t('office.sales.tickets')}>
          <h3>{t('office.sales.tickets')}</h3>
          <table>
            <tbody>
              {value.tickets.map((ticket) => (
                <tr key={ticket.id}>
                  <th scope="row">
                    <a href={`#/ticket/${tillId}/${ticket.id}`}>
                      {t('office.sales.ticketNumber', { number: ticket.number ?? '?' })}
                    </a>
                  </th>
                  <td>{dateTime(ticket.closedAt, locale, value.timeZone)}</td>
                  <td className="num">{money(ticket.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
