// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_BARCODES } from '../../db/demo-catalog';
import { ean13CheckDigit } from '../../domain/barcode';
import { seededRandom } from '../support/random';
import type { TillBridge } from '../../main/api';
import {
  readyToSell,
  renderApp,
  scanWithWedge,
  startRealTill,
  strike,
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
    await till.idle();
  });
}

/** An amount as read on screen (Intl puts narrow no-break spaces in "1,40 €"). */
const ean13 = (first12: string) => first12 + String(ean13CheckDigit(first12));

async function press(key: string) {
  await act(async () => {
    fireEvent.keyDown(document.activeElement ?? document.body, { key });
    await till.idle();
  });
}

function amount(group: HTMLElement, label: string): string {
  const term = within(group).getByText(label, { selector: 'dt' });
  return (term.nextElementSibling?.textContent ?? '').replace(/\s/g, ' ');
}

describe('the checkout', () => {
  it('shows a scanned product as the highlighted last line, and the total', async () => {
    await renderApp(till.bridge, till.idle);
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
    await renderApp(till.bridge, till.idle);
    const search = screen.getByRole('searchbox', { name: 'Chercher un produit' });
    search.focus();
    await typeSlowly(search, 'sav');
    await scan(milk.code);
    await typeSlowly(search, 'on');
    await act(() => till.idle());
    expect((search as HTMLInputElement).value).toBe('savon');
    expect(within(lines()).getByText(milk.name)).toBeTruthy();
    const results = screen.getByRole('list', { name: 'Produits trouvés' });
    expect(within(results).getByText(soap.name)).toBeTruthy();
  });

  it('types a person’s key into the field at once, not after a wait', async () => {
    await renderApp(till.bridge, till.idle);
    const search = screen.getByRole('searchbox', { name: 'Chercher un produit' });
    search.focus();
    strike('s');
    expect((search as HTMLInputElement).value).toBe('s');
    // With nothing focused, the key goes to the search, in order.
    search.blur();
    strike('a');
    expect(document.activeElement).toBe(search);
    expect((search as HTMLInputElement).value).toBe('sa');
  });

  it('makes one scan of "541", a 40 ms stall, then the rest of the code', async () => {
    await renderApp(till.bridge, till.idle);
    const search = screen.getByRole('searchbox', { name: 'Chercher un produit' });
    (document.activeElement as HTMLElement | null)?.blur();
    const code = milk.code;
    await act(async () => {
      let time = 1000;
      [...code, 'Enter'].forEach((key, index) => {
        time += index === 3 ? 40 : 2;
        strike(key, time);
      });
      await till.idle();
    });
    expect((search as HTMLInputElement).value).toBe('');
    expect(within(lines()).getByText(milk.name)).toBeTruthy();
    expect(document.querySelector('.banner--error')).toBeNull();
  });

  it('charges every item of scans typed with random stalls up to 100 ms (seeded)', async () => {
    await renderApp(till.bridge, till.idle);
    const search = screen.getByRole('searchbox', { name: 'Chercher un produit' });
    const random = seededRandom(7);
    const scanned = { [milk.id]: 0, [soap.id]: 0 };
    let time = 10_000;
    for (let scan = 0; scan < 30; scan++) {
      const product = random() < 0.5 ? milk : soap;
      scanned[product.id] = (scanned[product.id] ?? 0) + 1;
      // The focus in the search or nowhere, as after a click on the ticket.
      if (random() < 0.5) search.focus();
      else search.blur();
      const stalls = new Set([2 + Math.floor(random() * 12), 2 + Math.floor(random() * 12)]);
      await act(async () => {
        [...product.code, 'Enter'].forEach((key, index) => {
          time += stalls.has(index) ? 31 + Math.floor(random() * 70) : Math.floor(random() * 8);
          strike(key, time);
        });
        await till.idle();
      });
      time += 200 + Math.floor(random() * 800);
      expect((search as HTMLInputElement).value).toBe('');
    }
    const ticket = await till.bridge.call('currentTicket', {});
    const charged: Record<number, number> = {};
    for (const line of (ticket.ok && ticket.value?.lines) || []) {
      if (line.productId !== null) {
        charged[line.productId] = (charged[line.productId] ?? 0) + line.quantity / 1000;
      }
    }
    expect(charged).toEqual(scanned);
    expect(document.querySelector('.banner--error')).toBeNull();
  });

  it('asks before cancelling the ticket; Escape keeps it', async () => {
    await renderApp(till.bridge, till.idle);
    await scan(milk.code);
    await act(async () => {
      fireEvent.keyDown(document.activeElement ?? document.body, { key: 'F8', shiftKey: true });
      await till.idle();
    });
    const question = screen.getByRole('dialog', { name: 'Annuler ce ticket ?' });
    expect(question.textContent).toContain('Ses 1 lignes');
    expect(document.activeElement?.textContent).toContain('Garder le ticket');
    await press('Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(within(lines()).getByText(milk.name)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Annuler le ticket' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: "Oui, l'annuler" }));
      await till.idle();
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    const ticket = await till.bridge.call('currentTicket', {});
    expect(ticket.ok && (ticket.value?.lines ?? [])).toEqual([]);
  });

  it('asks the weight of a product sold by weight scanned by its own barcode', async () => {
    await renderApp(till.bridge, till.idle);
    const apples = DEMO_BARCODES.kg;
    await scan(apples.code);
    expect(document.querySelector('.banner--error')).toBeNull();
    fireEvent.change(screen.getByRole('textbox', { name: `Poids de ${apples.name} (kg)` }), {
      target: { value: '0,532' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'OK' }));
      await till.idle();
    });
    const line = within(lines()).getByText(apples.name).closest('li') as HTMLElement;
    expect(line.textContent?.replace(/\s/g, ' ')).toContain('0,532 kg');
  });

  it('takes a container’s tare typed in grams and has the scale weigh less it', async () => {
    const asked: unknown[] = [];
    const bridge: TillBridge = {
      call: (name, input) => {
        if (name === 'sellByWeight') asked.push(input);
        return till.bridge.call(name, input);
      },
      subscribe: (listener) => till.bridge.subscribe(listener),
    };
    await renderApp(bridge, till.idle);
    const apples = DEMO_BARCODES.kg;
    await scan(apples.code);
    fireEvent.change(screen.getByRole('textbox', { name: `Poids de ${apples.name} (kg)` }), {
      target: { value: '250 g' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'OK' }));
      await till.idle();
    });
    expect(asked).toEqual([{ productId: apples.id, tareGrams: 250 }]);
  });

  it('says why a scan was refused, and the next scan still goes through', async () => {
    await renderApp(till.bridge, till.idle);
    const wrongCheckDigit = milk.code.slice(0, 12) + String((Number(milk.code[12]) + 1) % 10);
    await scan(wrongCheckDigit);
    const banner = screen.getByRole('status');
    expect(banner.textContent).toContain(`Le code-barres « ${wrongCheckDigit} »`);
    await scan(milk.code);
    expect(within(lines()).getByText(milk.name)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain(wrongCheckDigit);
  });

  it('shows the cash rounding and the change, then starts an empty ticket', async () => {
    await renderApp(till.bridge, till.idle);
    await scan(milk.code);
    await act(async () => {
      fireEvent.keyDown(document.activeElement ?? document.body, { key: 'F10' });
      await till.idle();
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
      await till.idle();
    });
    const paid = screen.getByRole('region', { name: 'Vente payée' });
    const receipt = within(paid).getByRole('group', { name: 'Montants' });
    expect(amount(receipt, 'Arrondi (espèces)')).toBe('0,01 €');
    expect(amount(receipt, 'À rendre')).toBe('18,60 €');
    // No "Total 0,00 €" of the next, empty ticket beside the change.
    expect(screen.queryByRole('group', { name: 'Totaux du ticket' })).toBeNull();

    await act(async () => {
      fireEvent.keyDown(document.body, { key: 'Enter' });
      await till.idle();
    });
    expect(screen.queryByRole('region', { name: 'Vente payée' })).toBeNull();
    expect(screen.getByText('Scannez un produit pour commencer.')).toBeTruthy();
  });

  it('opens the payment with Enter (nothing typed) after a scan, wherever the focus was', async () => {
    await renderApp(till.bridge, till.idle);
    (document.activeElement as HTMLElement | null)?.blur();
    await scan(milk.code);
    await act(async () => {
      fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Enter' });
      await till.idle();
    });
    expect(screen.getByRole('region', { name: 'Paiement' })).toBeTruthy();
  });

  it('pays nothing on Enter, Enter in the search until a method is chosen', async () => {
    await renderApp(till.bridge, till.idle);
    const search = screen.getByRole('searchbox', { name: 'Chercher un produit' });
    search.focus();
    await scan(milk.code);
    await act(async () => {
      fireEvent.keyDown(search, { key: 'Enter' });
      await till.idle();
    });
    const payment = screen.getByRole('region', { name: 'Paiement' });
    const given = within(payment).getByRole('textbox', { name: 'Espèces reçues' });
    // The second Enter lands in the cash field: what a browser does with it is submit its form.
    await act(async () => {
      fireEvent.keyDown(given, { key: 'Enter' });
      fireEvent.submit(given.closest('form') as HTMLFormElement);
      await till.idle();
    });
    expect(screen.queryByRole('region', { name: 'Vente payée' })).toBeNull();
    expect(within(payment).getByRole('alert').textContent).toContain(
      'Choisissez comment le client paie',
    );
    const report = await till.bridge.call('xReport', {});
    expect(report.ok && report.value.tickets.sales).toBe(0);

    // The card chosen, the sale is paid by card: nothing in the drawer's figures.
    await press('F7');
    const paid = within(screen.getByRole('region', { name: 'Vente payée' })).getByRole('group', {
      name: 'Montants',
    });
    expect(amount(paid, 'Carte')).toBe('1,39 €');
    const after = await till.bridge.call('xReport', {});
    expect(after.ok && after.value.cashReceived).toBe(0);
    expect(after.ok && after.value.byMethod.map((row) => row.method)).toEqual(['card']);
  });

  it('asks a manager to approve a price change by a cashier, then changes it', async () => {
    await renderApp(till.bridge, till.idle);
    await scan(milk.code);
    await press('F4');
    fireEvent.change(screen.getByRole('textbox', { name: `Nouveau prix de ${milk.name}` }), {
      target: { value: '1' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'OK' }));
      await till.idle();
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
      await till.idle();
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(amount(screen.getByRole('group', { name: 'Totaux du ticket' }), 'Total')).toBe('1,00 €');
  });

  it('shows the member scanned, and has the cashier acknowledge one who may not shop', async () => {
    await renderApp(till.bridge, till.idle);
    await scan(DEMO_BARCODES.members.suspended);
    const member = screen.getByRole('region', { name: 'Membre' });
    expect(member.textContent).toContain('Nour Haddad');
    expect(member.textContent).toContain('Foyer : 2');
    expect(member.textContent).toContain('Ne peut pas faire ses courses');
    await scan(milk.code);

    await press('F10');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Espèces, compte juste' }));
      await till.idle();
    });
    const dialog = screen.getByRole('dialog', { name: 'À vérifier' });
    expect(dialog.textContent).toContain('Nour Haddad');
    await act(async () => {
      fireEvent.click(within(dialog).getByRole('button', { name: "J'ai vérifié, continuer" }));
      await till.idle();
    });
    const paid = screen.getByRole('region', { name: 'Vente payée' });
    expect(amount(within(paid).getByRole('group', { name: 'Montants' }), 'À payer')).toBe('1,40 €');
  });

  it('sells a product by weight: the scale when there is one, else the weight typed', async () => {
    await renderApp(till.bridge, till.idle);
    const apples = DEMO_BARCODES.kg; // 2,99 € / kg
    const pickApples = async () => {
      const search = screen.getByRole('searchbox', { name: 'Chercher un produit' });
      fireEvent.change(search, { target: { value: 'Jonagold' } });
      await act(() => till.idle());
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: /Pommes Jonagold/ }));
        await till.idle();
      });
    };
    await pickApples();
    const weight = screen.getByRole('textbox', { name: `Poids de ${apples.name} (kg)` });
    // Enter alone reads the scale: this till has none, and says so.
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'OK' }));
      await till.idle();
    });
    expect(screen.getByRole('status').textContent).toContain("n'est pas configuré");

    await pickApples();
    fireEvent.change(screen.getByRole('textbox', { name: `Poids de ${apples.name} (kg)` }), {
      target: { value: '0,532' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'OK' }));
      await till.idle();
    });
    const line = within(lines()).getByText(apples.name).closest('li') as HTMLElement;
    expect(line.textContent?.replace(/\s/g, ' ')).toContain('0,532 kg × 2,99 €');
    expect(line.textContent?.replace(/\s/g, ' ')).toContain('1,59 €');
    expect(weight.isConnected).toBe(false);
  });

  it('splits a payment between a card and cash, rounding only the cash part', async () => {
    await renderApp(till.bridge, till.idle);
    await scan(milk.code);
    await press('F10');
    const payment = screen.getByRole('region', { name: 'Paiement' });
    fireEvent.change(within(payment).getByRole('textbox', { name: 'Espèces reçues' }), {
      target: { value: '1' },
    });
    await press('F7');
    const amounts = within(payment).getByRole('group', { name: 'Montants' });
    expect(amount(amounts, 'Carte')).toBe('1,00 €');
    expect(amount(amounts, 'À payer en espèces')).toBe('0,40 €');
    expect(amount(amounts, 'Arrondi (espèces)')).toBe('0,01 €');

    await act(async () => {
      fireEvent.click(within(payment).getByRole('button', { name: 'Espèces, compte juste' }));
      await till.idle();
    });
    const paid = within(screen.getByRole('region', { name: 'Vente payée' })).getByRole('group', {
      name: 'Montants',
    });
    expect(amount(paid, 'Carte')).toBe('1,00 €');
    expect(amount(paid, 'Espèces')).toBe('0,40 €');
    expect(amount(paid, 'À rendre')).toBe('0,00 €');
  });

  it('reads the price on a price label and the weight on a scale label', async () => {
    await renderApp(till.bridge, till.idle);
    const labelled = DEMO_BARCODES.priceLabel;
    await scan(ean13(labelled.priceBase.slice(0, 7) + '01234'));
    await scan(ean13(DEMO_BARCODES.kg.weightBase.slice(0, 7) + '00750'));
    const [cheese, apples] = within(lines()).getAllByRole('listitem');
    expect(cheese?.textContent).toContain(labelled.name);
    expect(cheese?.querySelector('.line__amount')?.textContent?.replace(/\s/g, ' ')).toBe(
      '12,34 €',
    );
    expect(apples?.textContent?.replace(/\s/g, ' ')).toContain('0,750 kg × 2,99 €');
  });
});

describe('the words of the coop on screen', () => {
  it('are named in the cashier’s language, not in both', async () => {
    await till.bridge.call('setMyLocale', { locale: 'nl-BE' });
    await renderApp(till.bridge, till.idle);
    await scan(milk.code);
    await press('F10');
    const payment = screen.getByRole('region', { name: 'Betaling' });
    expect(within(payment).getByRole('button', { name: 'Kaart' })).toBeTruthy();
    expect(within(payment).queryByText(/Carte/)).toBeNull();
  });

  it('and the products on the ticket: their Dutch names in Dutch, French in English', async () => {
    await till.bridge.call('setMyLocale', { locale: 'nl-BE' });
    const view = await renderApp(till.bridge, till.idle);
    await scan(milk.code);
    const ticket = screen.getByRole('list', { name: 'Lijnen van het kasticket' });
    expect(ticket.textContent).toContain('Halfvolle melk bio 1 L');
    expect(ticket.textContent).not.toContain(milk.name);
    view.stop();
    cleanup();
    await till.bridge.call('setMyLocale', { locale: 'en' });
    await renderApp(till.bridge, till.idle);
    expect(screen.getByRole('list', { name: 'Lines of the ticket' }).textContent).toContain(
      milk.name,
    );
  });

  it('and a member’s status too, though the till speaks French', async () => {
    await till.bridge.call('setMyLocale', { locale: 'nl-BE' });
    await renderApp(till.bridge, till.idle);
    await scan(DEMO_BARCODES.members.suspended);
    const member = screen.getByRole('region', { name: 'Lid' });
    expect(member.textContent).toContain('Geschorst');
    expect(member.textContent).not.toContain('Suspendu');
  });
});
