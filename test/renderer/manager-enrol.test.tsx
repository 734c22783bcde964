// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../main/sync/client';
import {
  CASHIER,
  fakeTill,
  ok,
  openManagerScreen,
  press,
  refused,
  settle,
} from './manager-support';

afterEach(cleanup);

const status = (enrolled: boolean): SyncStatus => ({
  enrolled,
  online: enrolled,
  pending: 0,
  rejected: 0,
  lastSyncAt: null,
  lastError: null,
  forked: false,
});

const section = () => screen.getByRole('form', { name: 'Central server' });
const type = (label: string, value: string) =>
  fireEvent.change(within(section()).getByRole('textbox', { name: label }), {
    target: { value },
  });

describe('enrolling the till from Settings', () => {
  it('says why the server refused, in words, and keeps what was typed', async () => {
    const till = fakeTill({
      syncStatus: () => ok(status(false)),
      enrol: () =>
        refused('sync.enrol_refused', 'The server refused this enrolment code', { status: 401 }),
    });
    await openManagerScreen(till, 'F7');
    press('F7');
    await settle();
    expect(within(section()).getByRole('alert').textContent).toBe(
      "Type the server's address and the one-time code.",
    );
    expect(till.callsOf('enrol')).toEqual([]);

    type('Server address (for example 192.168.1.10:8080)', '192.168.1.10:8080');
    type('One-time code (typed, or scanned from the back office)', 'K7P2-9QXM');
    press('F7');
    await settle();
    expect(till.callsOf('enrol')).toEqual([{ server: '192.168.1.10:8080', code: 'K7P2-9QXM' }]);
    expect(within(section()).getByRole('alert').textContent).toBe(
      'The server refused the enrolment (status 401): the code may be unknown, already used or expired.',
    );
  });

  it("asks a manager's PIN when a cashier enrols, then says which till it became", async () => {
    const till = fakeTill(
      {
        syncStatus: () => ok(status(false)),
        enrol: (input) =>
          input.approval
            ? ok({ tillId: 4, name: 'Caisse 3' })
            : refused('auth.manager_required', 'A manager must approve', {
                act: 'enrol the till with a server',
              }),
      },
      CASHIER,
    );
    await openManagerScreen(till, 'F7');
    type('Server address (for example 192.168.1.10:8080)', 'http://192.168.1.10:8080');
    type('One-time code (typed, or scanned from the back office)', 'K7P2-9QXM');
    fireEvent.click(within(section()).getByRole('button', { name: /Enrol the till/ }));
    await settle();

    const question = screen.getByRole('dialog', { name: 'Manager approval' });
    fireEvent.change(within(question).getByLabelText('PIN of Manon'), {
      target: { value: '9876' },
    });
    fireEvent.click(within(question).getByRole('button', { name: 'Approve' }));
    await settle();
    expect(till.callsOf('enrol').at(-1)).toEqual({
      server: 'http://192.168.1.10:8080',
      code: 'K7P2-9QXM',
      approval: { userId: 2, pin: '9876' },
    });
    expect(within(section()).getByRole('status').textContent).toBe(
      'Enrolled with http://192.168.1.10:8080 as till “Caisse 3” (no. 4): sales now go to the server.',
    );

    // The till says it syncs: the section offers to un-enrol instead.
    await act(async () => till.emit({ event: 'sync_status', payload: status(true) }));
    expect(
      within(section()).getByText(
        'This till is enrolled with the central server and syncs with it.',
      ),
    ).toBeTruthy();
    expect(within(section()).queryByRole('textbox')).toBeNull();
  });

  it('un-enrols an enrolled till', async () => {
    const till = fakeTill({
      syncStatus: () => ok(status(true)),
      unenrol: () => ok(undefined),
    });
    await openManagerScreen(till, 'F7');
    press('F7');
    await settle();
    expect(till.callsOf('unenrol')).toEqual([]);
    fireEvent.click(within(section()).getByRole('button', { name: 'Un-enrol the till' }));
    await settle();
    expect(till.callsOf('unenrol')).toEqual([{}]);
    expect(within(section()).getByRole('status').textContent).toBe(
      'The till is no longer enrolled: its sales wait in the till until it is enrolled again.',
    );
  });
});
