// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EXPECTED_CASH,
  fakeTill,
  ok,
  openManagerScreen,
  press,
  sessionReport,
  settle,
} from './manager-support';

afterEach(cleanup);

const count = (value: string, how: number) =>
  fireEvent.change(screen.getByRole('textbox', { name: `Number of ${value}` }), {
    target: { value: String(how) },
  });

const OPERATION = expect.stringMatching(
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
);

describe('closing the session', () => {
  it('shows the cash short in red words, over in amber, exact in green', async () => {
    await openManagerScreen(fakeTill(), 'F6');
    expect(screen.getByText('Expected in the drawer').nextSibling?.textContent).toBe('€52.35');

    count('€50.00', 1);
    const difference = () => document.querySelector('.cash-difference');
    expect(difference()?.textContent).toBe('Short by €2.35');
    expect(difference()?.className).toContain('cash-difference--short');

    count('€5.00', 1);
    expect(difference()?.textContent).toBe('Over by €2.65');
    expect(difference()?.className).toContain('cash-difference--over');

    count('€5.00', 0);
    count('€2.00', 1);
    count('€0.20', 1);
    count('€0.10', 1);
    count('€0.05', 1);
    expect(screen.getByText('Counted').nextSibling?.textContent).toBe('€52.35');
    expect(difference()?.textContent).toBe('Exact: the drawer holds what the till expects');
  });

  it('sends the counts once confirmed, then shows the Z report until a new session', async () => {
    let open = true;
    const till = fakeTill({
      currentSession: () =>
        ok(
          open
            ? { id: 's-1', openedAt: '2026-11-28T08:00:00.000Z', openedBy: 2, openingFloat: 5000 }
            : null,
        ),
      closeSession: ({ counts }) => {
        open = false;
        return ok(sessionReport(counts));
      },
    });
    await openManagerScreen(till, 'F6');
    count('€50.00', 1);
    count('€2.00', 1);

    press('F10');
    await settle();
    const question = screen.getByRole('dialog', { name: 'Close the till?' });
    expect(within(question).getByText('Short by €0.35')).toBeTruthy();
    expect(till.callsOf('closeSession')).toEqual([]);
    fireEvent.click(within(question).getByRole('button', { name: 'Yes, close' }));
    await settle();

    expect(till.callsOf('closeSession')).toEqual([
      { counts: { '200': 1, '5000': 1 }, operationId: OPERATION },
    ]);
    // The till's session is closed, yet the Z report stays to be read.
    till.emit({ event: 'session_closed', payload: { sessionId: 's-1' } });
    await settle();
    const z = screen.getByRole('region', { name: 'Z report' });
    expect(within(z).getByText('Counted').nextSibling?.textContent).toBe('€52.00');
    expect(within(z).getByText('Expected in the drawer').nextSibling?.textContent).toBe(
      `€${(EXPECTED_CASH / 100).toFixed(2)}`,
    );
    expect(within(z).getByText('Short by €0.35')).toBeTruthy();
    const vat = within(z).getByRole('table', { name: /VAT by rate/ });
    expect(within(vat).getByRole('row', { name: /^21 %/ }).textContent).toContain('€20.00');
    expect(
      within(z).getByRole('table', { name: 'Payments, net of change and refunds' }).textContent,
    ).toContain('Card');

    press('F10');
    await settle();
    expect(screen.getByRole('heading', { name: 'Open the till' })).toBeTruthy();
  });

  it('leaves the till open when the closing is not confirmed', async () => {
    const till = fakeTill();
    await openManagerScreen(till, 'F6');
    press('F10');
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(till.callsOf('closeSession')).toEqual([]);
  });
});

describe('the X report', () => {
  it('shows the payments net of change, reconciled with the net total and the rounding, and the expected cash', async () => {
    await openManagerScreen(fakeTill(), 'F5');
    // 20 € tendered in cash with 7,65 € of change: 12,35 € of cash payments, not 20 €.
    const payments = screen.getByRole('table', { name: 'Payments, net of change and refunds' });
    expect(within(payments).getByRole('row', { name: /^Cash/ }).textContent).toContain('€12.35');
    expect(within(payments).getByRole('row', { name: /^Card/ }).textContent).toContain('€20.00');
    expect(within(payments).getByRole('row', { name: /^All payments/ }).textContent).toContain(
      '€32.35',
    );
    const reconcile = screen.getByRole('region', { name: 'Net total + rounding = payments' });
    const figure = (label: string) => within(reconcile).getByText(label).nextSibling?.textContent;
    expect(figure('Net total')).toBe('€32.34');
    expect(figure('Rounding')).toBe('€0.01');
    expect(figure('Payments')).toBe('€32.35');
    expect(within(reconcile).queryByText('Not explained by the sales')).toBeNull();
    expect(screen.getAllByText('Sales')[0]?.nextSibling?.textContent).toBe('2');
    const cash = screen.getByRole('region', { name: 'Cash in the drawer' });
    expect(within(cash).getByText('Cash taken out').nextSibling?.textContent).toBe('-€10.00');
    expect(within(cash).getByText('Expected in the drawer').nextSibling?.textContent).toBe(
      '€52.35',
    );
  });
});
