// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_BARCODES } from '../../db/demo-catalog';
import { MANAGER, readyToSell, renderApp, sleep, startRealTill, type RealTill } from './support';

/** The manager's screens on a real till (its SQLite file, the demo catalogue and users). */

let till: RealTill;
beforeEach(async () => {
  till = await startRealTill();
  await readyToSell(till, MANAGER);
  await till.bridge.call('updateSettings', { locale: 'en' });
});
afterEach(async () => {
  cleanup();
  await till.close();
});

const settle = () => act(() => sleep(30));
const press = async (key: string) => {
  fireEvent.keyDown(window, { key });
  await settle();
};

/** Two cartons of milk sold and paid in cash: the sale's number. */
async function sellMilk(): Promise<number> {
  await till.bridge.call('addProduct', { productId: DEMO_BARCODES.piece.id, quantity: 2000 });
  const paid = await till.bridge.call('pay', { payments: [{ method: 'cash', amount: 5000 }] });
  if (!paid.ok || paid.value.number === null) throw new Error('the sale was not paid');
  return paid.value.number;
}

describe('the manager screens on a real till', () => {
  it('refunds one carton of a sale; the till refuses what is no longer left', async () => {
    const number = await sellMilk();
    await renderApp(till.bridge);
    await press('F1');
    await press('F2');
    const find = async () => {
      fireEvent.change(screen.getByRole('textbox', { name: 'Ticket number or receipt barcode' }), {
        target: { value: String(number) },
      });
      fireEvent.click(screen.getByRole('button', { name: 'Find the ticket' }));
      await settle();
    };
    const quantity = () =>
      screen.getByRole('textbox', {
        name: new RegExp(`^Quantity of ${DEMO_BARCODES.piece.name} to refund`),
      });

    await find();
    fireEvent.change(quantity(), { target: { value: '1' } });
    await press('F10');
    const done = screen.getByRole('region', { name: /^Refund \d+ done$/ });
    const price = DEMO_BARCODES.piece.price;
    expect(within(done).getByText('Lines refunded:').nextSibling?.textContent).toBe(
      `€${(price / 100).toFixed(2)}`,
    );
    const report = await till.bridge.call('xReport', {});
    expect(report.ok && report.value.totals.refunds).toBe(-price);

    await find();
    fireEvent.change(quantity(), { target: { value: '2' } });
    await press('F10');
    expect(document.querySelector('.banner--error .banner__text')?.textContent).toBe(
      `Not that much of "${DEMO_BARCODES.piece.name}" is left to refund.`,
    );
  });

  it('closes the session with the count, shows the Z report, then asks for a new float', async () => {
    await sellMilk();
    const running = await till.bridge.call('xReport', {});
    if (!running.ok) throw new Error(running.error.message);
    const { expectedCash } = running.value;
    await renderApp(till.bridge);
    await press('F1');
    await press('F6');
    fireEvent.change(screen.getByRole('textbox', { name: 'Number of €10.00' }), {
      target: { value: '5' },
    });
    await press('F10');
    fireEvent.click(screen.getByRole('button', { name: 'Yes, close' }));
    await settle();

    const z = screen.getByRole('region', { name: 'Z report' });
    expect(within(z).getByText('Counted').nextSibling?.textContent).toBe('€50.00');
    expect(within(z).getByText('Expected in the drawer').nextSibling?.textContent).toBe(
      `€${(expectedCash / 100).toFixed(2)}`,
    );
    expect(within(z).getByText(/^Short by €/)).toBeTruthy();
    expect(await till.bridge.call('currentSession', {})).toEqual({ ok: true, value: null });

    await press('F10');
    expect(screen.getByRole('heading', { name: 'Open the till' })).toBeTruthy();
  });
});
