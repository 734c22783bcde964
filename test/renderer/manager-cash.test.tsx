// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeTill, ok, openManagerScreen, press, settle } from './manager-support';

afterEach(cleanup);

/** Each money-moving act carries the operation id its screen made. */
const OPERATION = expect.stringMatching(
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
);

function fill(amount: string, reason: string) {
  fireEvent.change(screen.getByRole('textbox', { name: 'Amount (€)' }), {
    target: { value: amount },
  });
  fireEvent.change(screen.getByRole('textbox', { name: 'Reason' }), { target: { value: reason } });
}

describe('cash in and out', () => {
  it('takes cash out as a negative amount with its reason', async () => {
    const till = fakeTill({ cashMove: (input) => ok({ id: 'm-1', ...input }) });
    await openManagerScreen(till, 'F3');
    fill('12,50', 'To the bank');
    press('F10');
    await settle();
    expect(till.callsOf('cashMove')).toEqual([
      { amount: -1250, reason: 'To the bank', operationId: OPERATION },
    ]);
    expect(screen.getByText('€12.50 taken out of the drawer: To the bank.')).toBeTruthy();
  });

  it('puts cash in as a positive amount', async () => {
    const till = fakeTill({ cashMove: (input) => ok({ id: 'm-1', ...input }) });
    await openManagerScreen(till, 'F3');
    fill('20', 'Change from the bank');
    fireEvent.click(screen.getByRole('button', { name: 'Put cash in' }));
    await settle();
    expect(till.callsOf('cashMove')).toEqual([
      { amount: 2000, reason: 'Change from the bank', operationId: OPERATION },
    ]);
  });

  it('refuses an amount that is not one, or no reason, in words', async () => {
    const till = fakeTill();
    await openManagerScreen(till, 'F3');
    fill('12,505', 'Bank');
    press('F10');
    await settle();
    expect(screen.getByRole('alert').textContent).toBe(
      'Type an amount above zero, such as 20 or 12,50.',
    );
    fill('5', ' ');
    press('F10');
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('Give a reason.');
    expect(till.callsOf('cashMove')).toEqual([]);
  });
});

describe('opening the drawer', () => {
  it('opens it with the reason given', async () => {
    const till = fakeTill({ openDrawer: () => ok(undefined) });
    await openManagerScreen(till, 'F4');
    fireEvent.change(screen.getByRole('textbox', { name: 'Reason' }), {
      target: { value: 'Customer change' },
    });
    press('F10');
    await settle();
    expect(till.callsOf('openDrawer')).toEqual([
      { reason: 'Customer change', operationId: OPERATION },
    ]);
    expect(screen.getByText('The drawer was opened.')).toBeTruthy();
  });
});
