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
  idleSignOutSeconds: 300,
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

  it('says since when the till is offline, and what the server refused with what to do', async () => {
    const till = openTill({
      syncStatus: () =>
        ok({
          enrolled: false,
          online: false,
          pending: 0,
          rejected: 0,
          lastSyncAt: null,
          lastError: null,
          forked: false,
        }),
    });
    await renderApp(till.bridge);
    const bar = screen.getByRole('banner', { name: 'État de la caisse' });
    expect(within(bar).getByText('Pas liée à un serveur')).toBeTruthy();

    // A quarter past seven this morning in Brussels, whatever the machine's own zone.
    const morning = new Date();
    const brusselsHour = Number(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Brussels',
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(morning),
    );
    const lastSyncAt = new Date(
      morning.getTime() -
        (brusselsHour * 60 + morning.getMinutes()) * 60_000 +
        (7 * 60 + 15) * 60_000,
    );
    lastSyncAt.setSeconds(0, 0);
    await act(async () => {
      till.emit({
        event: 'sync_status',
        payload: {
          enrolled: true,
          online: false,
          pending: 3,
          rejected: 2,
          lastSyncAt: lastSyncAt.toISOString(),
          lastError: 'fetch failed',
          forked: false,
        },
      });
    });
    expect(within(bar).getByText('Hors ligne depuis 07:15 : 3 à envoyer')).toBeTruthy();
    expect(
      within(bar).getByText(
        '2 refusé(s) par le serveur : un responsable les examine dans le back-office (quarantaine)',
      ),
    ).toBeTruthy();
  });

  it('says when the server holds this till as a restored copy, and who looks at it', async () => {
    const till = openTill({});
    await renderApp(till.bridge);
    const bar = screen.getByRole('banner', { name: 'État de la caisse' });
    const status = {
      enrolled: true,
      online: true,
      pending: 4,
      rejected: 0,
      lastSyncAt: new Date().toISOString(),
      lastError: null,
    };
    const forkedWords = /copie restaurée.*l'administrateur/;
    await act(async () => {
      till.emit({ event: 'sync_status', payload: { ...status, forked: false } });
    });
    expect(within(bar).queryByText(forkedWords)).toBeNull();
    await act(async () => {
      till.emit({ event: 'sync_status', payload: { ...status, forked: true } });
    });
    expect(within(bar).getByText(forkedWords)).toBeTruthy();
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

describe('the till’s default name', () => {
  it('is said in the language on screen (a coop’s own name stays as it is, above)', async () => {
    for (const [locale, shown] of [
      ['fr-BE', 'Caisse 3 · Camille'],
      ['nl-BE', 'Kassa 3 · Camille'],
      ['en', 'Till 3 · Camille'],
    ] as const) {
      const till = openTill({
        settings: () => ok({ ...settings, tillName: 'Till 3', locale }),
      });
      await renderApp(till.bridge);
      expect(screen.getByRole('banner').textContent).toContain(shown);
      cleanup();
    }
  });
});
