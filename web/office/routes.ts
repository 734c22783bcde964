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
  | { page: 'product'; id: number }
  | { page: 'suppliers' }
  | { page: 'supplier'; id: number }
  | { page: 'orders' }
  | { page: 'order'; id: number }
  | { page: 'categories' }
  | { page: 'bulk-prices' }
  | { page: 'product-import' }
  | { page: 'members' }
  | { page: 'member'; id: number }
  | { page: 'people' }
  | { page: 'settings' }
  | { page: 'inventories' }
  | { page: 'inventory'; id: number }
  | { page: 'losses' }
  | { page: 'labels' };

/** A part of an address as typed: a stray '%' is kept as it is rather than breaking the page. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The page an address names; the dashboard for any other. */
export function parseRoute(hash: string): Route {
  const [first, second = '', third] = hash.replace(/^#\/?/, '').split('/').map(decoded);
  const number = /^[1-9]\d{0,9}$/.test(second) ? Number(second) : null;
  const item = number !== null && third ? { tillId: number, id: third } : null;
  if (first === 'sales')
    return { page: 'sales', tab: second === 'sessions' ? 'sessions' : 'tickets' };
  if (first === 'ticket' && item) return { page: 'ticket', ...item };
  if (first === 'session' && item) return { page: 'session', ...item };
  if (first === 'tills') return { page: 'tills' };
  if (first === 'quarantine') return { page: 'quarantine' };
  if (first === 'catalogue') return { page: 'catalogue' };
  if (first === 'product' && number !== null) return { page: 'product', id: number };
  if (first === 'suppliers' || first === 'orders') return { page: first };
  if ((first === 'supplier' || first === 'order') && number !== null)
    return { page: first, id: number };
  if (first === 'categories' || first === 'bulk-prices' || first === 'product-import')
    return { page: first };
  if (first === 'members' || first === 'people' || first === 'settings') return { page: first };
  if (first === 'member' && number !== null) return { page: 'member', id: number };
  if (first === 'inventories') return { page: 'inventories' };
  if (first === 'inventory' && number !== null) return { page: 'inventory', id: number };
  if (first === 'losses' || first === 'labels') return { page: first };
  return { page: 'dashboard' };
}

/** The address of a page: `parseRoute(routeHref(route))` is the route. */
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
    case 'supplier':
    case 'order':
    case 'member':
    case 'inventory':
      return `#/${route.page}/${route.id}`;
    default:
      return `#/${route.page}`;
  }
}
