import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, type Route } from '../../web/office/routes';

/** The back office's addresses: each page has one, and an address names one page. */
describe('the back office’s hash routes', () => {
  const routes: Route[] = [
    { page: 'dashboard' },
    { page: 'sales', tab: 'tickets' },
    { page: 'sales', tab: 'sessions' },
    { page: 'ticket', tillId: 3, id: '01953a2b-7c00-7000-8000-000000000001' },
    { page: 'session', tillId: 12, id: 'a b/c' },
    { page: 'tills' },
    { page: 'quarantine' },
    { page: 'catalogue' },
    { page: 'product', id: 42 },
    { page: 'suppliers' },
    { page: 'supplier', id: 7 },
    { page: 'orders' },
    { page: 'order', id: 1234 },
    { page: 'categories' },
    { page: 'bulk-prices' },
    { page: 'product-import' },
    { page: 'members' },
    { page: 'member', id: 7 },
    { page: 'people' },
    { page: 'settings' },
    { page: 'inventories' },
    { page: 'inventory', id: 7 },
    { page: 'losses' },
    { page: 'labels' },
  ];

  it('reads back every page from its address', () => {
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
    expect(routeHref({ page: 'dashboard' })).toBe('#/');
    expect(routeHref({ page: 'inventory', id: 7 })).toBe('#/inventory/7');
    expect(routeHref({ page: 'sales', tab: 'sessions' })).toBe('#/sales/sessions');
    expect(routeHref({ page: 'session', tillId: 12, id: 'a b/c' })).toBe('#/session/12/a%20b%2Fc');
    expect(routeHref({ page: 'order', id: 5 })).toBe('#/order/5');
    expect(routeHref({ page: 'suppliers' })).toBe('#/suppliers');
  });

  it('takes an address with or without its slash, and a sales tab it does not know as the tickets', () => {
    expect(parseRoute('#sales')).toEqual({ page: 'sales', tab: 'tickets' });
    expect(parseRoute('#/sales/other')).toEqual({ page: 'sales', tab: 'tickets' });
    expect(parseRoute('')).toEqual({ page: 'dashboard' });
    expect(parseRoute('#/')).toEqual({ page: 'dashboard' });
  });

  it('opens the dashboard for an address that names no page or a page without what it needs', () => {
    for (const hash of [
      '#/nowhere',
      '#/ticket/3',
      '#/ticket/0/abc',
      '#/ticket/-1/abc',
      '#/ticket/1.5/abc',
      '#/ticket/x/abc',
      '#/session/07/abc',
      '#/product/',
      '#/product/abc',
      '#/product/0',
      '#/product/12345678901',
      '#/supplier/',
      '#/order/abc',
      '#/order/0',
      '#/member/',
      '#/member/0',
      '#/member/abc',
      '#/inventory/',
      '#/inventory/x',
    ]) {
      expect(parseRoute(hash), hash).toEqual({ page: 'dashboard' });
    }
    expect(parseRoute('#/product/1')).toEqual({ page: 'product', id: 1 });
    expect(parseRoute('#/product/1234567890')).toEqual({ page: 'product', id: 1234567890 });
  });

  it('keeps a stray % of a typed address as it is', () => {
    expect(parseRoute('#/ticket/2/50%')).toEqual({ page: 'ticket', tillId: 2, id: '50%' });
  });
});
