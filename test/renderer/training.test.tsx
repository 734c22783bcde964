// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message } from '../../domain/i18n';
import { MANAGER, readyToSell, renderApp, startRealTill, type RealTill } from './support';

/** Training mode's banner and its ways in and out, on a real till (its SQLite files). */

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

const words = (key: Parameters<typeof message<'screens'>>[2]) => message('en', 'screens', key);
// Until the till has answered every call the screen made: a busy machine answers late.
const settle = () => act(() => till.idle());

describe('training mode on the screens', () => {
  it('is switched on from the manager menu (F8), and the banner shows on every screen', async () => {
    await renderApp(till.bridge);
    expect(screen.queryByText(words('training.banner'))).toBeNull();
    fireEvent.keyDown(window, { key: 'F1' });
    await settle();
    fireEvent.keyDown(window, { key: 'F8' });
    await settle();
    expect(screen.getByRole('heading', { name: words('manager.training') })).toBeTruthy();
    expect(screen.getByText(words('manager.training.offText'))).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: words('manager.training.start') }));
    await settle();
    await till.idle();
    expect(screen.getByText(words('training.banner')).closest('[role="status"]')).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: words('checkout.search') })).toBeTruthy();
    expect(await till.bridge.call('training', {})).toEqual({ ok: true, value: { active: true } });

    // Signed out, the sign-in screen says it too.
    fireEvent.click(screen.getByRole('button', { name: words('signIn.signOut') }));
    await settle();
    await till.idle();
    expect(screen.getByRole('heading', { name: words('signIn.title') })).toBeTruthy();
    expect(screen.getByText(words('training.banner'))).toBeTruthy();
  });

  it('with the training session closed, the banner itself ends training', async () => {
    await till.bridge.call('startTraining', {});
    await till.bridge.call('closeSession', { counts: { '1000': 5 } });
    await renderApp(till.bridge);
    await till.idle();
    // No checkout, so no manager menu: the float count, under the banner and its way out.
    expect(screen.getByRole('heading', { name: words('openSession.title') })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: words('manager.training.end') }));
    await settle();
    await till.idle();
    expect(screen.queryByText(words('training.banner'))).toBeNull();
    expect(till.running.training.active()).toBe(false);
    // Back on the real till, whose session is still open: the checkout.
    expect(screen.getByRole('searchbox', { name: words('checkout.search') })).toBeTruthy();
  });
});
