import { describe, expect, it, vi } from 'vitest';
import { createStores } from '../../renderer/store';
import type { ProductView, TicketView } from '../../renderer/bridge/types';
import { fakeBridge, ok, refused } from './fake-bridge';

/** vi.waitFor's own deadline is 1 s, which a busy machine overruns: a last guard only. */
const WAIT_GUARD = { timeout: 60_000 };

const product = (id: number, name: string): ProductView => ({
  id,
  name,
  nameNl: null,
  barcode: null,
  unitPrice: 100,
  unit: 'piece',
  vatRateBp: 600,
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('the search store', () => {
  it('shows the answer to the latest query, even when an older one answers last', async () => {
    const slow = deferred<true>();
    const { bridge, calls } = fakeBridge({
      searchProducts: async ({ query }) => {
        if (query === 'p') await slow.promise;
        return ok([product(1, `${query} result`)]);
      },
    });
    const { search } = createStores(bridge);
    const first = search.getState().search('p');
    await search.getState().search('pa');
    slow.resolve(true);
    await first;
    expect(search.getState().results.map((found) => found.name)).toEqual(['pa result']);
    expect(search.getState().query).toBe('pa');
    // A limit keeps a 200 000-product catalogue's answer small.
    expect(calls.map((call) => call.input)).toEqual([
      { query: 'p', limit: 8 },
      { query: 'pa', limit: 8 },
    ]);
  });

  it('asks nothing for an empty query, and forgets an answer still on its way', async () => {
    const slow = deferred<true>();
    const { bridge, calls } = fakeBridge({
      searchProducts: async () => {
        await slow.promise;
        return ok([product(1, 'late')]);
      },
    });
    const { search } = createStores(bridge);
    const pending = search.getState().search('la');
    await search.getState().search('  ');
    slow.resolve(true);
    await pending;
    expect(search.getState().results).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});

describe('the till events', () => {
  const draft = { id: 't1', status: 'draft', lines: [] } as unknown as TicketView;

  it('show a serial scanner’s line and a refused scan’s reason without any call', () => {
    const { bridge, emit, calls } = fakeBridge({});
    const stores = createStores(bridge);
    stores.start();
    const before = calls.length;
    emit({ event: 'ticket_changed', payload: { ticket: draft } });
    emit({
      event: 'scan_refused',
      payload: { code: 'scan.unknown_product', message: 'Aucun produit' },
    });
    expect(stores.ticket.getState().ticket?.id).toBe('t1');
    expect(stores.banners.getState().banners).toMatchObject([
      { tone: 'error', error: { code: 'scan.unknown_product', message: 'Aucun produit' } },
    ]);
    expect(calls.length).toBe(before);
  });

  it('keep the print queue and device states for the status bar', () => {
    const { bridge, emit } = fakeBridge({});
    const stores = createStores(bridge);
    stores.start();
    emit({ event: 'print_queue', payload: { waiting: 2, uncertain: 1 } });
    emit({
      event: 'device_status',
      payload: { device: 'printer', state: 'paper_out', detail: '' },
    });
    emit({
      event: 'device_status',
      payload: { device: 'printer', state: 'connected', detail: '' },
    });
    expect(stores.status.getState().printQueue).toEqual({ waiting: 2, uncertain: 1 });
    expect(stores.status.getState().devices).toEqual([
      { device: 'printer', state: 'connected', detail: '' },
    ]);
  });
});

describe('a manager approval', () => {
  it('calls again with the approval given, and not at all when it is declined', async () => {
    const priced = { ...({} as TicketView), status: 'draft', lines: [] } as TicketView;
    const { bridge, calls } = fakeBridge({
      setPrice: (input) =>
        input.approval
          ? ok(priced)
          : refused('A manager must approve this.', 'auth.manager_required'),
    });
    const stores = createStores(bridge);
    const approved = stores.ticket.getState().setPrice('l1', 250);
    await vi.waitFor(
      () => expect(stores.approvals.getState().question?.kind).toBe('approval'),
      WAIT_GUARD,
    );
    stores.approvals.getState().answer({ approval: { userId: 2, pin: '9876' } });
    expect(await approved).toBe(true);
    expect(calls.filter((call) => call.name === 'setPrice').map((call) => call.input)).toEqual([
      { lineId: 'l1', price: 250 },
      { lineId: 'l1', price: 250, approval: { userId: 2, pin: '9876' } },
    ]);

    const declined = stores.ticket.getState().setPrice('l1', 300);
    await vi.waitFor(() => expect(stores.approvals.getState().question).not.toBeNull(), WAIT_GUARD);
    stores.approvals.getState().answer(null);
    expect(await declined).toBe(false);
    expect(calls.filter((call) => call.name === 'setPrice')).toHaveLength(3);
    // No "Sign in first" banner: the sign-in screen says it.
    expect(stores.banners.getState().banners).not.toContainEqual(
      expect.objectContaining({ error: expect.objectContaining({ code: 'auth.required' }) }),
    );
  });
});

describe('the operation id of a payment', () => {
  const paidTicket = { status: 'paid', lines: [] } as unknown as TicketView;

  it('is one id for every try of one payment, and a new one for the next payment', async () => {
    const first = deferred<true>();
    let answers = 0;
    const { bridge, calls } = fakeBridge({
      pay: async () => {
        answers++;
        if (answers === 1) return refused('Too little', 'payment.insufficient', { remaining: 5 });
        if (answers === 2) await first.promise;
        return ok(paidTicket);
      },
    });
    const { ticket } = createStores(bridge);
    const payments = [{ method: 'cash', amount: 500 }];
    // Refused: the same payment tried again is the same act.
    expect(await ticket.getState().pay(payments)).toBe(false);
    // A double press: both tries leave before the till answers the first.
    const pressed = ticket.getState().pay(payments);
    const again = ticket.getState().pay(payments);
    first.resolve(true);
    expect(await pressed).toBe(true);
    expect(await again).toBe(true);
    await ticket.getState().pay(payments);
    const ids = calls.map((call) => (call.input as { operationId?: string }).operationId);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids.slice(0, 3)).toEqual([ids[0], ids[0], ids[0]]);
    expect(ids[3]).not.toBe(ids[0]);
  });
});

describe('a till that forgot who was signed in (it restarted)', () => {
  it('takes the screens back to the sign-in instead of refusing every key', async () => {
    const cashier = { id: 1, name: 'Camille', role: 'cashier' as const, locale: null };
    let restarted = false;
    const { bridge } = fakeBridge({
      settings: () => refused('no settings in this test'),
      users: () => ok([]),
      signedIn: () => ok(restarted ? null : cashier),
      addByBarcode: () => refused('Sign in first', 'auth.required'),
    });
    const stores = createStores(bridge);
    await stores.auth.getState().load();
    expect(stores.auth.getState().user).toEqual(cashier);
    restarted = true;
    await stores.ticket.getState().scan('5412006060103');
    await vi.waitFor(() => expect(stores.auth.getState().user).toBeNull());
    // No "Sign in first" banner: the sign-in screen says it.
    expect(stores.banners.getState().banners).not.toContainEqual(
      expect.objectContaining({ error: expect.objectContaining({ code: 'auth.required' }) }),
    );
  });
});

describe('the banners', () => {
  it('show one at a time, the newest, and are cleared when the cashier signs out', async () => {
    const cashier = { id: 1, name: 'Camille', role: 'cashier' as const, locale: null };
    const { bridge } = fakeBridge({
      settings: () => refused('no settings in this test', 'test.quiet'),
      users: () => ok([]),
      signedIn: () => ok(cashier),
      signOut: () => ok(undefined),
    });
    const stores = createStores(bridge);
    await stores.auth.getState().load();
    const { banners } = stores;
    banners.getState().push('error', { key: 'checkout.empty' });
    banners.getState().push('warning', { key: 'checkout.search' });
    expect(banners.getState().banners).toMatchObject([{ tone: 'warning', key: 'checkout.search' }]);
    await stores.auth.getState().signOut();
    expect(stores.auth.getState().user).toBeNull();
    expect(banners.getState().banners).toEqual([]);
  });
});
