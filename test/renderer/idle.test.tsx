// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_BARCODES } from '../../db/demo-catalog';
import { setSetting } from '../../db/settings';
import {
  CASHIER,
  readyToSell,
  renderApp,
  scanWithWedge,
  sleep,
  startRealTill,
  strike,
  type RealTill,
} from './support';

/** A till left alone signs its cashier out (the coop sets after how long); the ticket waits. */
let till: RealTill;
beforeEach(async () => {
  till = await startRealTill();
  await readyToSell(till);
});
afterEach(async () => {
  cleanup();
  await till.close();
});

function idleAfter(seconds: number) {
  setSetting(till.running.db, 'auth.idleSignOutSeconds', seconds);
  till.running.ctx.reloadSettings();
}

describe('signing out a till left alone', () => {
  it('is 5 minutes unless the coop says otherwise', () => {
    expect(till.running.till.settings().idleSignOutSeconds).toBe(300);
  });

  it('signs the cashier out after the idle time, keeping the ticket for the next sign-in', async () => {
    idleAfter(1);
    await renderApp(till.bridge, till.idle);
    const milk = DEMO_BARCODES.piece;
    await act(async () => {
      scanWithWedge(milk.code);
      await till.idle();
    });
    expect(screen.getByRole('list', { name: 'Lignes du ticket' }).textContent).toContain(milk.name);
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Connexion' })).toBeTruthy(), {
      timeout: 5000,
    });
    expect(await till.bridge.call('signedIn', {})).toEqual({ ok: true, value: null });
    // Back: the same ticket, its line still there.
    await till.bridge.call('signIn', { userId: till.userId(CASHIER.name), pin: CASHIER.pin });
    const ticket = await till.bridge.call('currentTicket', {});
    expect(ticket.ok && ticket.value?.lines.map((line) => line.productId)).toEqual([milk.id]);
  });

  it('never signs out when the coop sets 0', async () => {
    idleAfter(0);
    await renderApp(till.bridge, till.idle);
    await act(() => sleep(1200));
    expect(screen.queryByRole('heading', { name: 'Connexion' })).toBeNull();
    expect((await till.bridge.call('signedIn', {})).ok).toBe(true);
  });

  it('waits while the cashier works: each key starts the idle time again', async () => {
    idleAfter(1);
    await renderApp(till.bridge, till.idle);
    const search = screen.getByRole('searchbox', { name: 'Chercher un produit' });
    search.focus();
    // A key every 400 ms or so for 2 s: twice the idle time. The check holds whatever the
    // machine's load makes of the gaps: signed out only once a full second passed since a key.
    for (const key of 'melk') {
      const struckAt = performance.now();
      strike(key);
      await act(() => sleep(400));
      const signedOut = screen.queryByRole('heading', { name: 'Connexion' }) !== null;
      if (signedOut) expect(performance.now() - struckAt).toBeGreaterThanOrEqual(1000);
    }
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Connexion' })).toBeTruthy(), {
      timeout: 5000,
    });
  });
});
