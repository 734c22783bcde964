// @vitest-environment happy-dom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TillSettingsView, TicketView } from '../../renderer/bridge/types';
import { fakeBridge, ok } from './fake-bridge';
import { renderApp, scanWithWedge, sleep } from './support';

afterEach(cleanup);

const settings = {
  tillName: 'Caisse 2',
  locale: 'fr-BE',
  paymentMethods: [{ id: 'cash', label: '', kind: 'cash' }],
  roundAll: false,
  voucherExcess: 'refuse',
} as unknown as TillSettingsView;

/** A till signed in with its session open: only what the shell asks is answered. */
function openTill(extra: Parameters<typeof fakeBridge>[0] = {}) {
  return fakeBridge({
    settings: () => ok(settings),
    signedIn: () => ok({ id: 1, name: 'Camille', role: 'cashier', locale: null }),
    users: () => ok([]),
    currentSession: () =>
      ok({ id: 's1', openedAt: '2026-11-28T08:00:00Z', openedBy: 1, openingFloat: 5000 }),
    currentTicket: () => ok(null),
    devices: () => ok([{ device: 'printer', state: 'connected', detail: '' }]),
    printQueue: () => ok({ waiting: 0, uncertain: 0 }),
    ...extra,
  });
}

describe('the status bar', () => {
  it('says in words when the printer is out of paper, what waits to print, and the sync', async () => {
    const till = openTill();
    await renderApp(till.bridge);
    const bar = screen.getByRole('banner', { name: 'État de la caisse' });
    expect(within(bar).getByText('Imprimante : connecté')).toBeTruthy();

    await act(async () => {
      till.emit({
        event: 'device_status',
        payload: { device: 'printer', state: 'paper_out', detail: 'paper out' },
      });
      till.emit({ event: 'print_queue', payload: { waiting: 2, uncertain: 0 } });
      till.emit({
        event: 'sync_status',
        payload: {
          enrolled: true,
          online: false,
          pending: 7,
          rejected: 0,
          lastSyncAt: null,
          lastError: null,
          forked: false,
        },
      });
    });
    expect(within(bar).getByText('Imprimante : plus de papier')).toBeTruthy();
    expect(within(bar).getByText('Tickets à imprimer : 2')).toBeTruthy();
    expect(within(bar).getByText('Hors ligne : 7 à envoyer')).toBeTruthy();
    expect(bar.textContent).toContain('Caisse 2 · Camille');
  });
});

describe('a scan', () => {
  it('shows as a line at once, before the till has answered', async () => {
    let answer: (ticket: TicketView) => void = () => {};
    const till = openTill({
      addByBarcode: () => new Promise((resolve) => (answer = (ticket) => resolve(ok(ticket)))),
    });
    await renderApp(till.bridge);
    await act(async () => scanWithWedge('5412003030024'));
    const lines = screen.getByRole('list', { name: 'Lignes du ticket' });
    expect(within(lines).getByText('5412003030024…')).toBeTruthy();

    await act(async () => {
      answer({
        id: 't1',
        status: 'draft',
        member: null,
        totals: { total: 139, subtotal: 139, ticketDiscount: 0, lines: [], vat: [] },
        lines: [
          {
            id: 'l1',
            name: 'Lait demi-écrémé bio 1 L',
            unit: 'piece',
            quantity: 1000,
            totals: { unitPrice: 139, amount: 139, lineDiscount: 0 },
          },
        ],
      } as unknown as TicketView);
      await sleep(10);
    });
    expect(within(lines).queryByText('5412003030024…')).toBeNull();
    expect(within(lines).getByText('Lait demi-écrémé bio 1 L')).toBeTruthy();
  });
});
