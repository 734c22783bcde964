// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_BARCODES } from '../../db/demo-catalog';
import type { OperationName, TillBridge } from '../../main/api';
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

/** A key, then time for its answers over the slow wire below. */
const pressSlow = async (key: string) => {
  fireEvent.keyDown(window, { key });
  await act(() => sleep(150));
};

/**
 * The kiosk's wire, with the answers of one operation held until the test releases them: a
 * double-click's second click leaves while the first one's answer is still on its way, however
 * busy the machine (a wire that merely slept 40 ms let a loaded machine answer the first click
 * before the second, and the test no longer tested a double-click).
 */
function heldWire(bridge: TillBridge, held: OperationName) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const wire = {
    async call<K extends OperationName>(name: K, input: Parameters<TillBridge['call']>[1]) {
      if (name === held) calls += 1;
      const answer = await bridge.call(name, input as never);
      if (name === held) await gate;
      return answer as Awaited<ReturnType<TillBridge['call']>>;
    },
    subscribe: (listener) => bridge.subscribe(listener),
  } as TillBridge;
  return { wire, release, calls: () => calls };
}

/** Two cartons of milk sold and paid in cash: the sale's number. */
async function sellMilk(): Promise<number> {
  await till.bridge.call('addProduct', { productId: DEMO_BARCODES.piece.id, quantity: 2000 });
  const paid = await till.bridge.call('pay', { payments: [{ method: 'cash', amount: 5000 }] });
  if (!paid.ok || paid.value.number === null) throw new Error('the sale was not paid');
  return paid.value.number;
}

describe('the manager screens on a real till', () => {
  it('refunds one carton of a sale; found again, only what is left can be refunded', async () => {
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

    // Found again, the sale says what went back already: the screen refuses more than is left
    // before asking the till, and nothing more is refunded.
    await find();
    fireEvent.change(quantity(), { target: { value: '2' } });
    await press('F10');
    expect(
      screen.getByText(`Only 1 of ${DEMO_BARCODES.piece.name} is left to refund.`),
    ).toBeTruthy();
    const after = await till.bridge.call('xReport', {});
    expect(after.ok && after.value.totals.refunds).toBe(-price);
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

  it('a double-click on "Take cash out" takes 18 € out once', async () => {
    const held = heldWire(till.bridge, 'cashMove');
    await renderApp(held.wire, () => sleep(300));
    await pressSlow('F1');
    await pressSlow('F3');
    fireEvent.change(screen.getByRole('textbox', { name: 'Amount (€)' }), {
      target: { value: '18' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'Reason' }), {
      target: { value: 'To the bank' },
    });
    const takeOut = screen.getByRole('button', { name: /^Take cash out/ });
    fireEvent.click(takeOut);
    await act(() => sleep(5));
    fireEvent.click(takeOut);
    await act(() => sleep(5));
    held.release();
    await act(() => till.idle());
    const report = await till.bridge.call('xReport', {});
    expect(report.ok && report.value.cashMoves).toEqual([{ amount: -1800, reason: 'To the bank' }]);
    expect(
      await screen.findByText(
        '€18.00 taken out of the drawer: To the bank.',
        {},
        { timeout: 60_000 },
      ),
    ).toBeTruthy();
    expect(held.calls()).toBeGreaterThanOrEqual(1);
  });

  it('a double press of "Refund F10" refunds once', async () => {
    const number = await sellMilk();
    const held = heldWire(till.bridge, 'refund');
    await renderApp(held.wire, () => sleep(300));
    await pressSlow('F1');
    await pressSlow('F2');
    fireEvent.change(screen.getByRole('textbox', { name: 'Ticket number or receipt barcode' }), {
      target: { value: String(number) },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Find the ticket' }));
    await act(() => sleep(100));
    fireEvent.change(
      screen.getByRole('textbox', {
        name: new RegExp(`^Quantity of ${DEMO_BARCODES.piece.name} to refund`),
      }),
      { target: { value: '1' } },
    );
    fireEvent.keyDown(window, { key: 'F10' });
    await act(() => sleep(5));
    fireEvent.keyDown(window, { key: 'F10' });
    await act(() => sleep(5));
    held.release();
    await act(() => till.idle());
    await settle();
    const report = await till.bridge.call('xReport', {});
    expect(report.ok && report.value.tickets.refunds).toBe(1);
    expect(report.ok && report.value.totals.refunds).toBe(-DEMO_BARCODES.piece.price);
  });

  it('a double press of "Open the drawer" opens it once', async () => {
    const held = heldWire(till.bridge, 'openDrawer');
    await renderApp(held.wire, () => sleep(300));
    await pressSlow('F1');
    await pressSlow('F4');
    fireEvent.change(screen.getByRole('textbox', { name: 'Reason' }), {
      target: { value: 'Change' },
    });
    fireEvent.keyDown(window, { key: 'F10' });
    await act(() => sleep(5));
    fireEvent.keyDown(window, { key: 'F10' });
    await act(() => sleep(5));
    held.release();
    await act(() => till.idle());
    await settle();
    const opened = till.running.db
      .prepare<[], number>("SELECT count(*) FROM journal WHERE doc_type = 'drawer_open'")
      .pluck()
      .get();
    expect(opened).toBe(1);
  });
});
