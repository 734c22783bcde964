import type { ReactNode } from 'react';
import type { Locale } from '../../domain/money';
import { useWords } from '../../renderer/i18n';
import { ApiError } from './api';

export const intlLocale = (locale: Locale) => (locale === 'en' ? 'en-GB' : locale);

/** A time in the coop's zone, in the person's words: "2 Mar 2026, 09:00". */
export function dateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}

/** A failed call in words: a 403 says the person's role does not open the page. */
export function Failure({ error }: { error: unknown }) {
  const { t } = useWords();
  const refused = error instanceof ApiError && error.status === 403;
  return (
    <p role="alert" className="office-error">
      {refused
        ? t('office.refused')
        : t('office.failed', { error: error instanceof Error ? error.message : String(error) })}
    </p>
  );
}

/** Something a person asked that was not done, in words: a 403 says their role does not allow it. */
export function ActFailure({ error }: { error: unknown }) {
  const { t } = useWords();
  const refused = error instanceof ApiError && error.status === 403;
  return (
    <p role="alert" className="office-error">
      {refused
        ? t('office.refused')
        : t('office.notDone', { error: error instanceof Error ? error.message : String(error) })}
    </p>
  );
}

/** A column header that sorts its list: pressed again, the other way. */
export function SortHeader<S extends string>({
  column,
  sort,
  order,
  onSort,
  numeric = false,
  children,
}: {
  column: S;
  sort: S;
  order: 'asc' | 'desc';
  onSort: (column: S, order: 'asc' | 'desc') => void;
  numeric?: boolean;
  children: ReactNode;
}) {
  const { t } = useWords();
  const active = sort === column;
  return (
    <th
      scope="col"
      className={numeric ? 'num' : undefined}
      aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        className="office-sort"
        onClick={() => onSort(column, active && order === 'desc' ? 'asc' : 'desc')}
      >
        {children}
        <span aria-hidden="true">{active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
        <span className="visually-hidden">{t('office.list.sortBy')}</span>
      </button>
    </th>
  );
}

/** Previous and next page, and where the list stands. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const { t } = useWords();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="office-pager" aria-label={t('office.list.pages')}>
      <button
        type="button"
        className="office-choice"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      >
        {t('office.list.previous')}
      </button>
      <span role="status">{t('office.list.page', { page, pages, total })}</span>
      <button
        type="button"
        className="office-choice"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        {t('office.list.next')}
      </button>
    </nav>
  );
}
