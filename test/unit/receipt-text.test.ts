import { describe, expect, it } from 'vitest';
import { buildReceipt, type ReceiptDocument, type ReceiptLineInput } from '../../domain/receipt';
import {
  buildSessionReportDocument,
  type SessionReportDocument,
} from '../../domain/report-document';
import { renderReceiptText, renderSessionReportText } from '../../domain/receipt-text';
import { computeTicket, type Discount } from '../../domain/ticket';
import { settle, type PaymentInput, type PaymentKind } from '../../domain/payment';
import { computeSessionReport } from '../../domain/session';
import { LOCALES, type Locale } from '../../domain/money';

// What the customer and the manager read, line by line, in each language: every label, every
// column and every sign of these three documents. Checked by hand against the figures.

const kindOf = (method: string): PaymentKind => (method === 'cash' ? 'cash' : 'card');

/** A cash sale: a weighed line at a manager's price, a piece, discounts of each kind. */
function saleReceipt(): ReceiptDocument {
  const lines: ReceiptLineInput[] = [
    {
      name: 'Pommes Jonagold',
      byWeight: true,
      unitPrice: 399,
      quantity: 532,
      vatRateBp: 600,
      priceOverride: 299,
    },
    { name: 'Pain complet', byWeight: false, unitPrice: 350, quantity: 1000, vatRateBp: 600 },
    {
      name: 'Lait entier 1L',
      byWeight: false,
      unitPrice: 109,
      quantity: 3000,
      vatRateBp: 600,
      discount: { kind: 'percent', basisPoints: 1050 },
    },
    {
      name: 'Savon',
      byWeight: false,
      unitPrice: 450,
      quantity: 2000,
      vatRateBp: 2100,
      discount: { kind: 'amount', cents: 100 },
    },
  ];
  const ticketDiscount: Discount = { kind: 'percent', basisPoints: 500 };
  const totals = computeTicket(lines, ticketDiscount);
  const payments: PaymentInput[] = [{ method: 'cash', amount: 2000 }];
  return buildReceipt({
    header: {
      shopName: 'BEES coop',
      addressLines: ['Rue Van Volxem 19', '1190 Forest'],
      vatNumber: 'BE 0123.456.789',
    },
    kind: 'sale',
    ticketNumber: 'T1-000042',
    dateTime: '2025-03-01T13:05:00Z',
    cashierName: 'Alice',
    tillName: 'Caisse 1',
    lines,
    totals,
    ticketDiscount,
    settlement: settle(totals.total, payments, kindOf),
    payments,
    member: { name: 'Jean Dupont', number: '1234', status: 'up_to_date' },
    journal: { seq: 42, hash: 'abcdef0123456789' },
    footer: ['Merci et à bientôt !'],
  });
}

/** A reprinted cash refund, rounded as the service rounds a refund (on all its refunds). */
function refundReceipt(): ReceiptDocument {
  const lines: ReceiptLineInput[] = [
    { name: 'Vin rouge', byWeight: false, unitPrice: 1299, quantity: -1000, vatRateBp: 2100 },
    { name: 'Farine', byWeight: true, unitPrice: 250, quantity: -1500, vatRateBp: 0 },
  ];
  const totals = computeTicket(lines, null);
  const rounding = -1;
  const payments: PaymentInput[] = [{ method: 'cash', amount: totals.total + rounding }];
  return buildReceipt({
    header: { shopName: 'BEES coop', addressLines: ['Rue Van Volxem 19'], vatNumber: null },
    kind: 'refund',
    refundOf: 'T1-000042',
    ticketNumber: 'T1-000043',
    dateTime: '2025-03-01 15:30',
    cashierName: 'Alice',
    tillName: 'Caisse 1',
    lines,
    totals,
    settlement: {
      ...settle(totals.total + rounding, payments, () => 'card'),
      total: totals.total,
      rounding,
    },
    payments,
    duplicate: true,
  });
}

/** A closed day: cash in and out, three methods, a count, and 4 cents nobody sold. */
function closedDay(): SessionReportDocument {
  const report = computeSessionReport({
    openingFloat: 15000,
    cashMoves: [
      { amount: 2000, reason: 'Appoint' },
      { amount: -5000, reason: 'Dépôt banque' },
    ],
    payments: [
      { method: 'cash', amount: 12345 },
      { method: 'card', amount: 50000 },
      { method: 'voucher', amount: 1000 },
    ],
    cashMethods: ['cash'],
    changeGiven: 2345,
    roundingTotal: -2,
    tickets: { sales: 10, refunds: 1, cancellations: 2 },
    sales: [
      { rateBp: 600, gross: 40000 },
      { rateBp: 2100, gross: 21000 },
      { rateBp: 0, gross: 1000 },
    ],
    refunds: [{ rateBp: 600, gross: -1002 }],
    byCategory: [
      { category: 'Vrac', amount: 39998 },
      { category: 'Boissons', amount: 21000 },
      { category: 'Livres', amount: 1000 },
    ],
    countedDenominations: { '5000': 4, '1000': 2, '5': 1 },
    grandTotalBefore: 1_000_000,
  });
  return buildSessionReportDocument(report, {
    kind: 'Z',
    header: { shopName: 'BEES coop', addressLines: ['Rue Van Volxem 19'], vatNumber: null },
    tillName: 'Caisse 1',
    sessionNumber: '17',
    openedAt: '2025-03-01T07:00:00Z',
    openedBy: 'Bob',
    printedAt: '2025-03-01T19:00:00Z',
    closedAt: '2025-03-01T19:00:00Z',
    closedBy: 'Carol',
    methodLabels: { card: 'Bancontact' },
    journal: { seq: 99, hash: '0123456789abcdef' },
  });
}

const SALE: Record<Locale, string[]> = {
  'fr-BE': [
    '                BEES coop',
    '            Rue Van Volxem 19',
    '               1190 Forest',
    '           TVA BE 0123.456.789',
    '------------------------------------------',
    'Ticket T1-000042          01/03/2025 14:05',
    'Caisse: Caisse 1           Caissier: Alice',
    '------------------------------------------',
    'Pommes Jonagold',
    '  0,532 kg x 2,99 €/kg            1,59 € C',
    '  (Prix normal 3,99 €/kg)',
    'Pain complet                      3,50 € C',
    'Lait entier 1L',
    '  3 x 1,09 €                      3,27 € C',
    '  Remise -10,5 %                 -0,34 €  ',
    'Savon',
    '  2 x 4,50 €                      9,00 € A',
    '  Remise                         -1,00 €  ',
    '------------------------------------------',
    'Sous-total                       16,02 €  ',
    'Remise ticket -5 %               -0,80 €  ',
    'TOTAL                            15,22 €  ',
    'Arrondi                          -0,02 €  ',
    'À payer                          15,20 €  ',
    'Espèces                          20,00 €  ',
    'Rendu                             4,80 €  ',
    '------------------------------------------',
    'Taux          HTVA         TVA        TVAC',
    'C 6 %         7,19        0,43        7,62',
    'A 21 %        6,28        1,32        7,60',
    '             13,47        1,75       15,22',
    '------------------------------------------',
    'Membre: Jean Dupont                n° 1234',
    'À jour',
    '------------------------------------------',
    'Journal #42                       abcdef01',
    '------------------------------------------',
    '           Merci et à bientôt !',
  ],
  'nl-BE': [
    '                BEES coop',
    '            Rue Van Volxem 19',
    '               1190 Forest',
    '           BTW BE 0123.456.789',
    '------------------------------------------',
    'Ticket T1-000042          01/03/2025 14:05',
    'Kassa: Caisse 1             Kassier: Alice',
    '------------------------------------------',
    'Pommes Jonagold',
    '  0,532 kg x € 2,99/kg            € 1,59 C',
    '  (Normale prijs € 3,99/kg)',
    'Pain complet                      € 3,50 C',
    'Lait entier 1L',
    '  3 x € 1,09                      € 3,27 C',
    '  Korting -10,5%                 € -0,34  ',
    'Savon',
    '  2 x € 4,50                      € 9,00 A',
    '  Korting                        € -1,00  ',
    '------------------------------------------',
    'Subtotaal                        € 16,02  ',
    'Korting ticket -5%               € -0,80  ',
    'TOTAAL                           € 15,22  ',
    'Afronding                        € -0,02  ',
    'Te betalen                       € 15,20  ',
    'Contant                          € 20,00  ',
    'Wisselgeld                        € 4,80  ',
    '------------------------------------------',
    'Tarief       Excl.         BTW       Incl.',
    'C 6%          7,19        0,43        7,62',
    'A 21%         6,28        1,32        7,60',
    '             13,47        1,75       15,22',
    '------------------------------------------',
    'Lid: Jean Dupont                  nr. 1234',
    'In orde',
    '------------------------------------------',
    'Journaal #42                      abcdef01',
    '------------------------------------------',
    '           Merci et à bientôt !',
  ],
  en: [
    '                BEES coop',
    '            Rue Van Volxem 19',
    '               1190 Forest',
    '           VAT BE 0123.456.789',
    '------------------------------------------',
    'Ticket T1-000042          01/03/2025 14:05',
    'Till: Caisse 1              Cashier: Alice',
    '------------------------------------------',
    'Pommes Jonagold',
    '  0.532 kg x €2.99/kg              €1.59 C',
    '  (Regular price €3.99/kg)',
    'Pain complet                       €3.50 C',
    'Lait entier 1L',
    '  3 x €1.09                        €3.27 C',
    '  Discount -10.5%                 -€0.34  ',
    'Savon',
    '  2 x €4.50                        €9.00 A',
    '  Discount                        -€1.00  ',
    '------------------------------------------',
    'Subtotal                          €16.02  ',
    'Ticket discount -5%               -€0.80  ',
    'TOTAL                             €15.22  ',
    'Rounding                          -€0.02  ',
    'To pay                            €15.20  ',
    'Cash                              €20.00  ',
    'Change                             €4.80  ',
    '------------------------------------------',
    'Rate          Net         VAT        Gross',
    'C 6%         7.19        0.43         7.62',
    'A 21%        6.28        1.32         7.60',
    '            13.47        1.75        15.22',
    '------------------------------------------',
    'Member: Jean Dupont               no. 1234',
    'Up to date',
    '------------------------------------------',
    'Journal #42                       abcdef01',
    '------------------------------------------',
    '           Merci et à bientôt !',
  ],
};

const REFUND: Record<Locale, string[]> = {
  'fr-BE': [
    '               *** DUPLICATA ***',
    '                   BEES coop',
    '               Rue Van Volxem 19',
    '------------------------------------------------',
    '                 REMBOURSEMENT',
    "Ticket d'origine                       T1-000042",
    'Ticket T1-000043                01/03/2025 15:30',
    'Caisse: Caisse 1                 Caissier: Alice',
    '------------------------------------------------',
    'Vin rouge',
    '  -1 x 12,99 €                        -12,99 € A',
    'Farine',
    '  -1,500 kg x 2,50 €/kg                -3,75 € D',
    '------------------------------------------------',
    'TOTAL                                 -16,74 €  ',
    'Arrondi                                -0,01 €  ',
    'À rembourser                          -16,75 €  ',
    'Espèces                               -16,75 €  ',
    '------------------------------------------------',
    'Taux            HTVA           TVA          TVAC',
    'D 0 %          -3,75          0,00         -3,75',
    'A 21 %        -10,74         -2,25        -12,99',
    '              -14,49         -2,25        -16,74',
    '               *** DUPLICATA ***',
  ],
  'nl-BE': [
    '               *** DUPLICAAT ***',
    '                   BEES coop',
    '               Rue Van Volxem 19',
    '------------------------------------------------',
    '                 TERUGBETALING',
    'Oorspronkelijk ticket                  T1-000042',
    'Ticket T1-000043                01/03/2025 15:30',
    'Kassa: Caisse 1                   Kassier: Alice',
    '------------------------------------------------',
    'Vin rouge',
    '  -1 x € 12,99                        € -12,99 A',
    'Farine',
    '  -1,500 kg x € 2,50/kg                € -3,75 D',
    '------------------------------------------------',
    'TOTAAL                                € -16,74  ',
    'Afronding                              € -0,01  ',
    'Terug te betalen                      € -16,75  ',
    'Contant                               € -16,75  ',
    '------------------------------------------------',
    'Tarief         Excl.           BTW         Incl.',
    'D 0%           -3,75          0,00         -3,75',
    'A 21%         -10,74         -2,25        -12,99',
    '              -14,49         -2,25        -16,74',
    '               *** DUPLICAAT ***',
  ],
  en: [
    '               *** DUPLICATE ***',
    '                   BEES coop',
    '               Rue Van Volxem 19',
    '------------------------------------------------',
    '                     REFUND',
    'Original ticket                        T1-000042',
    'Ticket T1-000043                01/03/2025 15:30',
    'Till: Caisse 1                    Cashier: Alice',
    '------------------------------------------------',
    'Vin rouge',
    '  -1 x €12.99                          -€12.99 A',
    'Farine',
    '  -1.500 kg x €2.50/kg                  -€3.75 D',
    '------------------------------------------------',
    'TOTAL                                  -€16.74  ',
    'Rounding                                -€0.01  ',
    'To refund                              -€16.75  ',
    'Cash                                   -€16.75  ',
    '------------------------------------------------',
    'Rate            Net           VAT          Gross',
    'D 0%          -3.75          0.00          -3.75',
    'A 21%        -10.74         -2.25         -12.99',
    '             -14.49         -2.25         -16.74',
    '               *** DUPLICATE ***',
  ],
};

const Z_REPORT: Record<Locale, string[]> = {
  'fr-BE': [
    '                BEES coop',
    '            Rue Van Volxem 19',
    '==========================================',
    '                RAPPORT Z',
    '==========================================',
    'Caisse: Caisse 1                Session 17',
    'Ouverture: Bob            01/03/2025 08:00',
    'Clôture: Carol            01/03/2025 20:00',
    'Imprimé:                  01/03/2025 20:00',
    '------------------------------------------',
    'TICKETS',
    'Ventes                                  10',
    'Remboursements                           1',
    'Annulations                              2',
    '------------------------------------------',
    'TOTAUX',
    'Ventes                            620,00 €',
    'Remboursements                    -10,02 €',
    'Net                               609,98 €',
    '------------------------------------------',
    'TVA',
    'Taux          HTVA         TVA        TVAC',
    'D 0 %        10,00        0,00       10,00',
    'C 6 %       367,91       22,07      389,98',
    'A 21 %      173,55       36,45      210,00',
    '            551,46       58,52      609,98',
    '------------------------------------------',
    'PAIEMENTS',
    'Espèces                           123,45 €',
    'Bancontact                        500,00 €',
    'voucher                            10,00 €',
    'Rendu                             -23,45 €',
    'Arrondi                            -0,02 €',
    '  espèces                          -0,02 €',
    'Non justifié                        0,04 €',
    '------------------------------------------',
    'ESPÈCES',
    'Fond de caisse                    150,00 €',
    'Espèces (net)                     100,00 €',
    'Entrées                            20,00 €',
    'Sorties                           -50,00 €',
    '  Appoint                          20,00 €',
    '  Dépôt banque                    -50,00 €',
    'Attendu                           220,00 €',
    '  4 x 50,00 €                     200,00 €',
    '  2 x 10,00 €                      20,00 €',
    '  1 x 0,05 €                        0,05 €',
    'Compté                            220,05 €',
    'Écart                              +0,05 €',
    '------------------------------------------',
    'PAR CATÉGORIE',
    'Vrac                              399,98 €',
    'Boissons                          210,00 €',
    'Livres                             10,00 €',
    '------------------------------------------',
    'Grand total avant              10 000,00 €',
    'Grand total après              10 609,98 €',
    'Journal #99                       01234567',
  ],
  'nl-BE': [
    '                BEES coop',
    '            Rue Van Volxem 19',
    '==========================================',
    '                Z-RAPPORT',
    '==========================================',
    'Kassa: Caisse 1                  Sessie 17',
    'Geopend: Bob              01/03/2025 08:00',
    'Gesloten: Carol           01/03/2025 20:00',
    'Afgedrukt:                01/03/2025 20:00',
    '------------------------------------------',
    'TICKETS',
    'Verkopen                                10',
    'Terugbetalingen                          1',
    'Annuleringen                             2',
    '------------------------------------------',
    'TOTALEN',
    'Verkopen                          € 620,00',
    'Terugbetalingen                   € -10,02',
    'Netto                             € 609,98',
    '------------------------------------------',
    'BTW',
    'Tarief       Excl.         BTW       Incl.',
    'D 0%         10,00        0,00       10,00',
    'C 6%        367,91       22,07      389,98',
    'A 21%       173,55       36,45      210,00',
    '            551,46       58,52      609,98',
    '------------------------------------------',
    'BETALINGEN',
    'Contant                           € 123,45',
    'Bancontact                        € 500,00',
    'voucher                            € 10,00',
    'Wisselgeld                        € -23,45',
    'Afronding                          € -0,02',
    '  contant                          € -0,02',
    'Onverklaard                         € 0,04',
    '------------------------------------------',
    'CONTANTEN',
    'Kassafonds                        € 150,00',
    'Contant (netto)                   € 100,00',
    'Stortingen                         € 20,00',
    'Opnames                           € -50,00',
    '  Appoint                          € 20,00',
    '  Dépôt banque                    € -50,00',
    'Verwacht                          € 220,00',
    '  4 x € 50,00                     € 200,00',
    '  2 x € 10,00                      € 20,00',
    '  1 x € 0,05                        € 0,05',
    'Geteld                            € 220,05',
    'Verschil                           € +0,05',
    '------------------------------------------',
    'PER CATEGORIE',
    'Vrac                              € 399,98',
    'Boissons                          € 210,00',
    'Livres                             € 10,00',
    '------------------------------------------',
    'Totaal generaal vóór           € 10.000,00',
    'Totaal generaal na             € 10.609,98',
    'Journaal #99                      01234567',
  ],
  en: [
    '                BEES coop',
    '            Rue Van Volxem 19',
    '==========================================',
    '                 Z REPORT',
    '==========================================',
    'Till: Caisse 1                  Session 17',
    'Opened: Bob               01/03/2025 08:00',
    'Closed: Carol             01/03/2025 20:00',
    'Printed:                  01/03/2025 20:00',
    '------------------------------------------',
    'TICKETS',
    'Sales                                   10',
    'Refunds                                  1',
    'Cancellations                            2',
    '------------------------------------------',
    'TOTALS',
    'Sales                              €620.00',
    'Refunds                            -€10.02',
    'Net                                €609.98',
    '------------------------------------------',
    'VAT',
    'Rate          Net         VAT        Gross',
    'D 0%        10.00        0.00        10.00',
    'C 6%       367.91       22.07       389.98',
    'A 21%      173.55       36.45       210.00',
    '           551.46       58.52       609.98',
    '------------------------------------------',
    'PAYMENTS',
    'Cash                               €123.45',
    'Bancontact                         €500.00',
    'voucher                             €10.00',
    'Change                             -€23.45',
    'Rounding                            -€0.02',
    '  cash                              -€0.02',
    'Unexplained                          €0.04',
    '------------------------------------------',
    'CASH',
    'Opening float                      €150.00',
    'Cash (net)                         €100.00',
    'Cash in                             €20.00',
    'Cash out                           -€50.00',
    '  Appoint                           €20.00',
    '  Dépôt banque                     -€50.00',
    'Expected                           €220.00',
    '  4 x €50.00                       €200.00',
    '  2 x €10.00                        €20.00',
    '  1 x €0.05                          €0.05',
    'Counted                            €220.05',
    'Difference                          +€0.05',
    '------------------------------------------',
    'BY CATEGORY',
    'Vrac                               €399.98',
    'Boissons                           €210.00',
    'Livres                              €10.00',
    '------------------------------------------',
    'Grand total before              €10,000.00',
    'Grand total after               €10,609.98',
    'Journal #99                       01234567',
  ],
};

describe('receipts and reports as printed, in every language', () => {
  it.each(LOCALES)(
    'prints a cash sale with discounts and a manager price (%s, 42 columns)',
    (locale) => {
      expect(renderReceiptText(saleReceipt(), { width: 42, locale })).toEqual(SALE[locale]);
    },
  );

  it.each(LOCALES)('prints a reprinted cash refund (%s, 48 columns)', (locale) => {
    expect(renderReceiptText(refundReceipt(), { width: 48, locale })).toEqual(REFUND[locale]);
  });

  it.each(LOCALES)('prints a Z report (%s, 42 columns)', (locale) => {
    expect(renderSessionReportText(closedDay(), { width: 42, locale })).toEqual(Z_REPORT[locale]);
  });

  it.each([
    ['fr-BE', 'RAPPORT X'],
    ['nl-BE', 'X-RAPPORT'],
    ['en', 'X REPORT'],
  ] as const)('titles an X report (%s)', (locale, title) => {
    const x: SessionReportDocument = { ...closedDay(), kind: 'X' };
    const text = renderSessionReportText(x, { width: 42, locale }).map((line) => line.trim());
    expect(text[3]).toBe(title);
  });
});

describe('what training mode prints', () => {
  const MARKS = {
    'fr-BE': '*** FORMATION — PAS UNE VENTE ***',
    'nl-BE': '*** OPLEIDING — GEEN VERKOOP ***',
    en: '*** TRAINING — NOT A SALE ***',
  } as const;
  const centred = (mark: string, width: number) =>
    ' '.repeat(Math.floor((width - mark.length) / 2)) + mark;

  it.each(LOCALES)('marks a sale of training mode as no sale, first and last (%s)', (locale) => {
    const real = renderReceiptText(saleReceipt(), { width: 42, locale });
    const text = renderReceiptText({ ...saleReceipt(), training: true }, { width: 42, locale });
    expect(text).toEqual([centred(MARKS[locale], 42), ...real, centred(MARKS[locale], 42)]);
  });

  it('marks a reprint of training mode as both, the duplicate first', () => {
    const text = renderReceiptText(
      { ...refundReceipt(), training: true },
      { width: 48, locale: 'en' },
    );
    const marks = [centred('*** DUPLICATE ***', 48), centred(MARKS.en, 48)];
    expect(text.slice(0, 2)).toEqual(marks);
    expect(text.slice(-2)).toEqual(marks);
    expect(text.filter((line) => line.includes('TRAINING'))).toHaveLength(2);
  });

  it('marks the Z report of a training session', () => {
    const real = renderSessionReportText(closedDay(), { width: 42, locale: 'nl-BE' });
    const text = renderSessionReportText(
      { ...closedDay(), training: true },
      { width: 42, locale: 'nl-BE' },
    );
    expect(text).toEqual([centred(MARKS['nl-BE'], 42), ...real, centred(MARKS['nl-BE'], 42)]);
  });

  it('prints a sale with training: false as a real one', () => {
    expect(
      renderReceiptText({ ...saleReceipt(), training: false }, { width: 42, locale: 'en' }),
    ).toEqual(SALE.en);
  });
});
