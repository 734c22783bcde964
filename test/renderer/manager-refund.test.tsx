// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fakeTill,
  ok,
  openManagerScreen,
  paidSale,
  press,
  refundTicket,
  refused,
  settle,
  CASHIER,
} from './manager-support';

afterEach(cleanup);

async function findSale(reference: string) {
  const field = screen.getByRole('textbox', { name: 'Ticket number or receipt barcode' });
  fireEvent.change(field, { target: { value: reference } });
  fireEvent.click(screen.getByRole('button', { name: 'Find the ticket' }));
  await settle();
}

const quantityField = (name: string) =>
  screen.getByRole('textbox', { name: new RegExp(`^Quantity of ${name} to refund`) });

const OPERATION = expect.stringMatching(
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
);

describe('the refund screen', () => {
  it('refunds exactly the line and quantity picked, and says what went back', async () => {
    const till = fakeTill({
      findTicket: () => ok(paidSale()),
      refund: () => ok(refundTicket(-500, -500)),
    });
    await openManagerScreen(till, 'F2');
    await findSale('42');

    expect(till.callsOf('findTicket')).toEqual([{ reference: '42' }]);
    const yoghurt = screen.getByRole('row', { name: /Yoghurt/ });
    expect(
      within(yoghurt)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['3', '0', '€7.50', '']);
    fireEvent.change(quantityField('Yoghurt'), { target: { value: '2' } });
    expect(screen.getByText('Lines refunded:').parentElement?.textContent).toContain('€5.00');
    expect(screen.getByRole('radio', { name: 'Cash' })).toHaveProperty('checked', true);
    press('F10');
    await settle();

    expect(till.callsOf('refund')).toEqual([
      {
        ticketNumber: 42,
        lines: [{ lineId: 'l-yog', quantity: 2000 }],
        method: 'cash',
        operationId: OPERATION,
      },
    ]);
    const done = screen.getByRole('region', { name: 'Refund 43 done' });
    expect(within(done).getByText('Given back (Cash)').nextSibling?.textContent).toBe('€5.00');
    expect(within(done).getByText('The drawer opens: give the cash back.')).toBeTruthy();

    // The till tells every window of the refund paid; back at the checkout, selling goes on.
    till.emit({
      event: 'ticket_paid',
      payload: { ticket: refundTicket(-500, -500), cashPaid: true },
    });
    await settle();
    press('Escape');
    await settle();
    press('F1');
    await settle();
    expect(screen.getByRole('heading', { name: 'Manager' })).toBeTruthy();
  });

  it('shows the cash rounding of what goes back as its own line', async () => {
    const rounded = fakeTill({
      findTicket: () => ok(paidSale()),
      refund: () => ok(refundTicket(-153, -155)),
    });
    await openManagerScreen(rounded, 'F2');
    await findSale('42');
    fireEvent.change(quantityField('Apples'), { target: { value: '0,5' } });
    press('F10');
    await settle();

    expect(rounded.callsOf('refund')[0]?.lines).toEqual([{ lineId: 'l-app', quantity: 500 }]);
    const done = screen.getByRole('region', { name: 'Refund 43 done' });
    expect(within(done).getByText('Lines refunded:').nextSibling?.textContent).toBe('€1.53');
    expect(within(done).getByText('Cash rounding').nextSibling?.textContent).toBe('€0.02');
    expect(within(done).getByText('Given back (Cash)').nextSibling?.textContent).toBe('€1.55');
  });

  it('refuses, in words, more than is left to refund, and sends nothing', async () => {
    const till = fakeTill({ findTicket: () => ok(paidSale({ 'l-yog': 2000 })) });
    await openManagerScreen(till, 'F2');
    await findSale('42');

    const yoghurt = screen.getByRole('row', { name: /Yoghurt/ });
    expect(within(yoghurt).getAllByRole('cell')[1]?.textContent).toBe('2');
    fireEvent.change(quantityField('Yoghurt'), { target: { value: '2' } });
    expect(screen.getByRole('alert').textContent).toBe('Only 1 of Yoghurt is left to refund.');
    press('F10');
    await settle();
    expect(till.callsOf('refund')).toEqual([]);
  });

  it('says so when no paid ticket has that number', async () => {
    const till = fakeTill({
      findTicket: ({ reference }) =>
        refused('ticket.unknown_reference', 'No paid ticket', { reference }),
    });
    await openManagerScreen(till, 'F2');
    await findSale('999');
    expect(document.querySelector('.banner--error .banner__text')?.textContent).toBe(
      'No paid ticket has the number or receipt barcode "999".',
    );
    expect(screen.queryByRole('table')).toBeNull();
  });

  it("asks a manager's PIN when a cashier refunds, then refunds with the approval", async () => {
    const till = fakeTill(
      {
        findTicket: () => ok(paidSale()),
        refund: (input) =>
          input.approval
            ? ok(refundTicket(-250, -250))
            : refused('auth.manager_required', 'A manager must approve', { act: 'refund' }),
      },
      CASHIER,
    );
    await openManagerScreen(till, 'F2');
    await findSale('42');
    fireEvent.change(quantityField('Yoghurt'), { target: { value: '1' } });
    press('F10');
    await settle();

    const question = screen.getByRole('dialog', { name: 'Manager approval' });
    fireEvent.change(within(question).getByLabelText('PIN of Manon'), {
      target: { value: '9876' },
    });
    fireEvent.click(within(question).getByRole('button', { name: 'Approve' }));
    await settle();

    const [first, approved] = till.callsOf('refund');
    expect(approved).toEqual({
      ticketNumber: 42,
      lines: [{ lineId: 'l-yog', quantity: 1000 }],
      method: 'cash',
      approval: { userId: 2, pin: '9876' },
      operationId: OPERATION,
    });
    // The try with the PIN is the same act as the one refused: one id for both.
    expect(approved?.operationId).toBe(first?.operationId);
    expect(screen.getByRole('region', { name: 'Refund 43 done' })).toBeTruthy();
  });
});
