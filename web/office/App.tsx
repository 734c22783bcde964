import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { hasAnyRole, MANAGER_ROLES, type Role } from '../../domain/people';
import { Failure } from './ListParts';
import { ApiError } from './api';
import type { Person } from '../shell/api';
import { useWords, type ScreenKey } from '../../renderer/i18n';
import { OrderPage, OrdersPage } from './Buying';
import { CataloguePage } from './Catalogue';
import { BulkPricePage } from './BulkPrice';
import { CategoriesPage } from './Categories';
import { ProductEditPage } from './ProductEdit';
import { ProductImportPage } from './ProductImport';
import { DashboardPage } from './Dashboard';
import { MemberPage, MembersPage } from './Members';
import { PeoplePage } from './People';
import { QuarantinePage } from './Quarantine';
import { SettingsPage } from './Settings';
import { SalesPage, SessionPage, TicketPage } from './Sales';
import { SupplierPage, SuppliersPage } from './Suppliers';
import { parseRoute, type Route } from './routes';
import { TillsPage } from './Tills';

// The stock pages load when first opened: the office's start stays as small as it was.
const InventoriesPage = lazy(() =>
  import('./Inventories').then((m) => ({ default: m.InventoriesPage })),
);
const InventoryPage = lazy(() =>
  import('./Inventories').then((m) => ({ default: m.InventoryPage })),
);
const LossesPage = lazy(() => import('./Losses').then((m) => ({ default: m.LossesPage })));
const LabelsPage = lazy(() => import('./Labels').then((m) => ({ default: m.LabelsPage })));

/** Stock volunteers open the stock pages only; the sales, figures and people stay refused. */
const STOCK: readonly Role[] = ['admin', 'manager', 'stock'];

/** The navigation; a person sees the entries one of their roles may open (the server checks too). */
const NAV: readonly { page: string; key: ScreenKey; href: string; roles: readonly Role[] }[] = [
  { page: 'dashboard', key: 'office.dashboard.title', href: '#/', roles: MANAGER_ROLES },
  { page: 'sales', key: 'office.nav.sales', href: '#/sales', roles: MANAGER_ROLES },
  { page: 'tills', key: 'office.tills.title', href: '#/tills', roles: MANAGER_ROLES },
  { page: 'quarantine', key: 'office.quarantine.page', href: '#/quarantine', roles: MANAGER_ROLES },
  { page: 'catalogue', key: 'office.nav.catalogue', href: '#/catalogue', roles: MANAGER_ROLES },
  { page: 'suppliers', key: 'office.buying.suppliers', href: '#/suppliers', roles: MANAGER_ROLES },
  { page: 'orders', key: 'office.buying.orders', href: '#/orders', roles: MANAGER_ROLES },
  { page: 'members', key: 'office.members.title', href: '#/members', roles: MANAGER_ROLES },
  { page: 'people', key: 'office.people.title', href: '#/people', roles: ['admin'] },
  { page: 'settings', key: 'office.settings.title', href: '#/settings', roles: MANAGER_ROLES },
  { page: 'inventories', key: 'office.stock.inventories', href: '#/inventories', roles: STOCK },
  { page: 'losses', key: 'office.stock.losses', href: '#/losses', roles: STOCK },
  { page: 'labels', key: 'office.labels.title', href: '#/labels', roles: STOCK },
];

/** Which entry of the navigation a page belongs to. */
const section = (route: Route): string =>
  route.page === 'ticket' || route.page === 'session'
    ? 'sales'
    : ['product', 'categories', 'bulk-prices', 'product-import'].includes(route.page)
      ? 'catalogue'
      : route.page === 'supplier' || route.page === 'order'
        ? `${route.page}s`
        : route.page === 'member'
          ? 'members'
          : route.page === 'inventory'
            ? 'inventories'
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
  const hashRoute = useHashRoute();
  const allowed = NAV.filter((entry) => hasAnyRole(person.roles, entry.roles));
  const isManager = hasAnyRole(person.roles, MANAGER_ROLES);
  // The office's own address opens the first page a person may see (a stock volunteer's is
  // the inventories); any other page not theirs is refused in words, as the server refuses it.
  const home = hashRoute.page === 'dashboard' && /^#?\/?$/.test(window.location.hash);
  const route = home && allowed[0] ? parseRoute(allowed[0].href) : hashRoute;
  const current = section(route);
  let page: ReactNode = (
    <div className="office">
      <Failure error={new ApiError('refused', 403)} />
    </div>
  );
  if (allowed.some((entry) => entry.page === current)) {
    switch (route.page) {
      case 'inventories':
        page = <InventoriesPage isManager={isManager} />;
        break;
      case 'inventory':
        page = <InventoryPage id={route.id} isManager={isManager} />;
        break;
      case 'losses':
        page = <LossesPage />;
        break;
      case 'labels':
        page = <LabelsPage />;
        break;
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
        page = <ProductEditPage id={route.id} />;
        break;
      case 'categories':
        page = <CategoriesPage />;
        break;
      case 'bulk-prices':
        page = <BulkPricePage />;
        break;
      case 'product-import':
        page = <ProductImportPage />;
        break;
      case 'suppliers':
        page = <SuppliersPage />;
        break;
      case 'supplier':
        page = <SupplierPage id={route.id} />;
        break;
      case 'orders':
        page = <OrdersPage />;
        break;
      case 'order':
        page = <OrderPage id={route.id} />;
        break;
      case 'members':
        page = <MembersPage />;
        break;
      case 'member':
        page = <MemberPage id={route.id} />;
        break;
      case 'people':
        page = <PeoplePage />;
        break;
      case 'settings':
        page = <SettingsPage isAdmin={person.roles.includes('admin')} />;
        break;
      default:
        page = <DashboardPage />;
    }
  }
  return (
    <>
      <nav className="office-nav" aria-label={t('office.nav')}>
        <ul>
          {allowed.map((entry) => (
            <li key={entry.page}>
              <a href={entry.href} aria-current={current === entry.page ? 'page' : undefined}>
                {t(entry.key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main>
        <Suspense fallback={null}>{page}</Suspense>
      </main>
    </>
  );
}
