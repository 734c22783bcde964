// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderApp, scanWithWedge, sleep, startRealTill, type RealTill } from './support';

let till: RealTill;
beforeEach(async () => {
  till = await startRealTill();
});
afterEach(async () => {
  cleanup();
  await till.close();
});

async function settle() {
  await act(() => sleep(30));
}

async function signInAs(name: RegExp, pin: string, words = { submit: 'Se connecter' }) {
  fireEvent.click(screen.getByRole('button', { name }));
  const field = screen.getByLabelText(/Code PIN de|PIN of|Pincode van/);
  fireEvent.change(field, { target: { value: pin } });
  fireEvent.click(screen.getByRole('button', { name: words.submit }));
  await settle();
}

describe('signing in', () => {
  it('lists who may sign in, refuses a wrong PIN in words, and opens on the float count', async () => {
    await renderApp(till.bridge);
    const picker = screen.getByRole('group', { name: 'Qui êtes-vous ?' });
    expect(
      within(picker)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['CamilleCaissier·ère', 'ManonResponsable']);

    await signInAs(/Camille/, '0000');
    expect(screen.getByRole('alert').textContent).toBe('Utilisateur ou code PIN erroné.');
    expect(screen.getByRole('heading', { name: 'Connexion' })).toBeTruthy();

    await signInAs(/Camille/, '1234');
    expect(screen.getByRole('heading', { name: 'Ouvrir la caisse' })).toBeTruthy();
  });

  it('tells a locked-out user for how long', async () => {
    await renderApp(till.bridge);
    for (let attempt = 0; attempt < 5; attempt++) await signInAs(/Camille/, '0000');
    await signInAs(/Camille/, '1234');
    expect(screen.getByRole('alert').textContent).toMatch(
      /^Trop de codes PIN erronés : réessayez dans \d+ secondes\.$/,
    );
    expect(screen.getByRole('button', { name: /Camille/ }).textContent).toContain(
      'Bloqué·e pour 1 min',
    );
  });

  it('signs in with a cashier badge scanned', async () => {
    await renderApp(till.bridge);
    await act(async () => {
      scanWithWedge('0410000000014');
      await sleep(30);
    });
    expect(screen.getByRole('heading', { name: 'Ouvrir la caisse' })).toBeTruthy();
    expect(screen.getByRole('banner', { name: 'État de la caisse' }).textContent).toContain(
      'Camille',
    );
  });

  it('speaks the language picked, and keeps it as the cashier’s own', async () => {
    await renderApp(till.bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Nederlands' }));
    await settle();
    expect(screen.getByRole('heading', { name: 'Aanmelden' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Wie bent u?' })).toBeTruthy();

    await signInAs(/Camille/, '1234', { submit: 'Aanmelden' });
    expect(screen.getByRole('heading', { name: 'De kassa openen' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Afmelden' }));
    await settle();
    // Signed out, the till speaks its own language again; Camille's comes back with her.
    expect(screen.getByRole('heading', { name: 'Connexion' })).toBeTruthy();
    await signInAs(/Camille/, '1234');
    expect(screen.getByRole('heading', { name: 'De kassa openen' })).toBeTruthy();
  });
});

describe('opening the session', () => {
  it('adds up the float as the coins and notes are counted, then opens the checkout', async () => {
    await renderApp(till.bridge);
    await signInAs(/Camille/, '1234');
    const count = (value: string, how: string) =>
      fireEvent.change(screen.getByRole('textbox', { name: `Nombre de ${value}` }), {
        target: { value: how },
      });
    count('0,05\u00a0€', '3');
    count('2,00\u00a0€', '4');
    count('20,00\u00a0€', '2');
    const total = screen.getByText('Fond de caisse :').querySelector('output');
    expect(total?.textContent?.replace(/\s/g, ' ')).toBe('48,15 €');

    fireEvent.click(screen.getByRole('button', { name: 'Ouvrir la caisse' }));
    await settle();
    expect(screen.getByRole('searchbox', { name: 'Chercher un produit' })).toBeTruthy();
    const session = await till.bridge.call('currentSession', {});
    expect(session.ok && session.value?.openingFloat).toBe(4815);
  });
});
