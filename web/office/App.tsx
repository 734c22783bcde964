import { useEffect, useState, type ReactNode } from 'react';
import type { Person } from '../shell/api';
import { useWords } from '../../renderer/i18n';
import { CataloguePage, ProductPage } from './Catalogue';
import { DashboardPage } from './Dashboard';
import { QuarantinePage } from './Quarantine';
import { SalesPage, SessionPage, TicketPage } from './Sales';
import { TillsPage } from './Tills';

/**
 * The back office's pages, one per hash route (#/sales, #/tills/…), so that a page has an
 * address to keep, share and go back to, with no router to load.
 */
export type Route =
  | { page: 'dashboard' }
  | { page: 'sales'; tab: 'tickets' | 'sessions' }
  | { page: 'ticket'; tillId: number; id: string }
  | { page: 'session'; tillId: number; id: string }
  | { page: 'tills' }
  | { page: 'quarantine' }
  | { page: 'catalogue' }
  | { page: 'product'; id: number };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const [first, second, third] = parts;
  const tillId = Number(second);
  const item = Number.isInteger(tillId) && tillId > 0 && third ? { tillId, id: third } : null;
  if (first === 'sales')
    return { page: 'sales', tab: second === 'sessions' ? 'sessions' : 'tickets' };
  if (first === 'ticket' && item) return { page: 'ticket', ...item };
  if (first === 'session' && item) return { page: 'session', ...item };
  if (first === 'tills') return { page: 'tills' };
  if (first === 'quarantine') return { page: 'quarantine' };
  if (first === 'catalogue') return { page: 'catalogue' };
  if (first === 'product' && Number.isInteger(tillId) && tillId > 0)
    return { page: 'product', id: tillId };
  return { page: 'dashboard' };
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'dashboard':
      return '#/';
    case 'sales':
      return route.tab === 'sessions' ? '#/sales/sessions' : '#/sales';
    case 'ticket':
    case 'session':
      return `#/${route.page}/${route.tillId}/${encodeURIComponent(route.id)}`;
    case 'product':
      return `#/product/${route.id}`;
    default:
      return `#/${route.page}`;
  }
}

const NAV = [
  { page: 'dashboard', key: 'office.dashboard.title', href: '#/' },
  { page: 'sales', key: 'office.nav.sales', href: '#/sales' },
  { page: 'tills', key: 'office.tills.title', href: '#/tills' },
  { page: 'quarantine', key: 'office.quarantine.title', href: '#/quarantine' },
  { page: 'catalogue', key: 'office.nav.catalogue', href: '#/catalogue' },
] as const;

/** Which entry of the navigation a page belongs to. */
const section = (route: Route): string =>
  route.page === 'ticket' || route.page === 'session'
    ? 'sales'
    : route.page === 'product'
      ? 'catalogue'
      : route.page;

function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}

export function OfficeApp({ person }: { person: Person }) {
  const { t } = useWords();
  const route = useHashRoute();
  const current = section(route);
  let page: ReactNode;
  switch (route.page) {
    case 'sales':
      page = <SalesPage tab={route.tab} />;
      break;
    case 'ticket':
      page = <TicketPage tillId={route.tillId} id={route.id} />;
      break;
    case 'session':
      page = <SessionPage tillId={route.tillId} id={route.id} />;
      break;
    case 'tills':
      page = <TillsPage isAdmin={person.roles.includes('admin')} />;
      break;
    case 'quarantine':
      page = <QuarantinePage />;
      break;
    case 'catalogue':
      page = <CataloguePage />;
      break;
    case 'product':
      page = <ProductPage id={route.id} />;
      break;
    default:
      page = <DashboardPage />;
  }
  return (
    <>
      <nav className="office-nav" aria-label={t('office.nav')}>
        <ul>
          {NAV.map((entry) => (
            <li key={entry.page}>
              <a href={entry.href} aria-current={current === entry.page ? 'page' : undefined}>
                {t(entry.key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main>{page}</main>
    </>
  );
}
