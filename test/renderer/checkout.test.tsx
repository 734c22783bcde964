// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_BARCODES } from '../../db/demo-catalog';
import {
  readyToSell,
  renderApp,
  scanWithWedge,
  sleep,
  startRealTill,
  typeSlowly,
  type RealTill,
} from './support';

let till: RealTill;
beforeEach(async () => {
  till = await startRealTill();
  await readyToSell(till);
});
afterEach(async () => {
  cleanup();
  await till.close();
});

const milk = DEMO_BARCODES.piece; // 1,39 €
const soap = DEMO_BARCODES.vat21; // 4,50 €

const lines = () => screen.getByRole('list', { name: 'Lignes du ticket' });

async function scan(code: string) {
  await act(async () => {
    scanWithWedge(code);
    await sleep(20);
  });
}

/** An amount as read on screen (Intl puts narrow no-break spaces in "1,40 €"). */
async function press(key: string) {
  await act(async () => {
    fireEvent.keyDown(document.activeElement ?? document.body, { key });
    await sleep(10);
  });
}

function amount(group: HTMLElement, label: string): string {
  const term = within(group).getByText(label, { selector: 'dt' });
  return (term.nextElementSibling?.textContent ?? '').replace(/\s/g, ' ');
}

describe('the checkout', () => {
  it('shows a scanned product as the highlighted last line, and the total', async () => {
    await renderApp(till.bridge);
    await scan(milk.code);
    await scan(soap.code);
    const items = within(lines()).getAllByRole('listitem');
    expect(items.map((item) => item.querySelector('.line__name')?.textContent)).toEqual([
      milk.name,
      soap.name,
    ]);
    expect(items[1]?.getAttribute('aria-current')).toBe('true');
    expect(items[0]?.getAttribute('aria-current')).toBeNull();
    expect(amount(screen.getByRole('group', { name: 'Totaux du ticket' }), 'Total')).toBe('5,89 €');
  });

  it('takes a wedge scan while the cashier types in the search, and keeps what they typed', async () => {
    await renderApp(till.bridge);
    const search = screen.getByRole('searchbox', { name: 'Chercher un produit' });
    search.focus();
    await typeSlowly(search, 'sav');
    await scan(milk.code);
    await typeSlowly(search, 'on');
    await act(() => sleep(60));
    expect((search as HTMLInputElement).value).toBe('savon');
    expect(within(lines()).getByText(milk.name)).toBeTruthy();
    const results = screen.getByRole('list', { name: 'Produits trouvés' });
    expect(within(results).getByText(soap.name)).toBeTruthy();
  });

  it('says why a scan was refused, and the next scan still goes through', async () => {
    await renderApp(till.bridge);
    const wrongCheckDigit = milk.code.slice(0, 12) + String((Number(milk.code[12]) + 1) % 10);
    await scan(wrongCheckDigit);
    const banner = screen.getByRole('status');
    expect(banner.textContent).toContain(`Le code-barres « ${wrongCheckDigit} »`);
    await scan(milk.code);
    expect(within(lines()).getByText(milk.name)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain(wrongCheckDigit);
  });

  it('shows the cash rounding and the change, then starts an empty ticket', async () => {
    await renderApp(till.bridge);
    await scan(milk.code);
    await act(async () => {
      fireEvent.keyDown(document.activeElement ?? document.body, { key: 'F10' });
      await sleep(10);
    });
    const payment = screen.getByRole('region', { name: 'Paiement' });
    const given = within(payment).getByRole('textbox', { name: 'Espèces reçues' });
    fireEvent.change(given, { target: { value: '20' } });
    const amounts = within(payment).getByRole('group', { name: 'Montants' });
    expect(amount(amounts, 'Arrondi (espèces)')).toBe('0,01 €');
    expect(amount(amounts, 'À payer')).toBe('1,40 €');
    expect(amount(amounts, 'À rendre')).toBe('18,60 €');

    await act(async () => {
      fireEvent.click(within(payment).getByRole('button', { name: 'Payer en espèces' }));
      await sleep(30);
    });
    const paid = screen.getByRole('region', { name: 'Vente payée' });
    const receipt = within(paid).getByRole('group', { name: 'Montants' });
    expect(amount(receipt, 'Arrondi (espèces)')).toBe('0,01 €');
    expect(amount(receipt, 'À rendre')).toBe('18,60 €');

    await act(async () => {
      fireEvent.keyDown(document.body, { key: 'Enter' });
      await sleep(10);
    });
    expect(screen.queryByRole('region', { name: 'Vente payée' })).toBeNull();
    expect(screen.getByText('Scannez un produit pour commencer.')).toBeTruthy();
  });

  it('asks a manager to approve a price change by a cashier, then changes it', async () => {
    await renderApp(till.bridge);
    await scan(milk.code);
    await press('F4');
    fireEvent.change(screen.getByRole('textbox', { name: `Nouveau prix de ${milk.name}` }), {
      target: { value: '1' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'OK' }));
      await sleep(30);
    });
    const dialog = screen.getByRole('dialog', { name: "Accord d'un responsable" });
    expect(
      within(dialog).getByText('Un ou une responsable doit approuver cette opération.'),
    ).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: /Manon/ }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    fireEvent.change(within(dialog).getByLabelText('Code PIN de Manon'), {
      target: { value: '9876' },
    });
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: 'Approuver' }));
      await sleep(30);
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(amount(screen.getByRole('group', { name: 'Totaux du ticket' }), 'Total')).toBe('1,00 €');
  });

  it('shows the member scanned, and has the cashier acknowledge one who may not shop', async () => {
    await renderApp(till.bridge);
    await scan(DEMO_BARCODES.members.suspended);
    const member = screen.getByRole('region', { name: 'Membre' });
    expect(member.textContent).toContain('Nour Haddad');
    expect(member.textContent).toContain('Foyer : 2');
    expect(member.textContent).toContain('Ne peut pas faire ses courses');
    await scan(milk.code);

    await press('F10');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Espèces, compte juste' }));
      await sleep(30);
    });
    const dialog = screen.getByRole('dialog', { name: 'À vérifier' });
    expect(dialog.textContent).toContain('Nour Haddad');
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: "J'ai vérifié, continuer" }));
      await sleep(30);
    });
    const paid = screen.getByRole('region', { name: 'Vente payée' });
    expect(amount(within(paid).getByRole('group', { name: 'Montants' }), 'À payer')).toBe('1,40 €');
  });
});
