import { describe, expect, it } from 'vitest';
import { buildReceipt, type ReceiptInput, type ReceiptLineInput } from '../../domain/receipt';
import {
  buildSessionReportDocument,
  type SessionReportContext,
} from '../../domain/report-document';
import {
  formatDateTime,
  formatRate,
  memberStatusLabel,
  renderReceiptText,
  renderSessionReportText,
  wrapText,
} from '../../domain/receipt-text';
import { computeTicket, type Discount } from '../../domain/ticket';
import { settle, type PaymentInput, type PaymentKind } from '../../domain/payment';
import { computeSessionReport, type SessionReportInput } from '../../domain/session';
import { refusal } from '../support/refusal';

const kindOf = (method: string): PaymentKind => (method === 'cash' ? 'cash' : 'card');

/** A card sale of the given lines, as buildReceipt takes it. */
function cardSale(
  lines: ReceiptLineInput[],
  ticketDiscount: Discount | null = null,
  extra: Partial<ReceiptInput> = {},
): ReceiptInput {
  const totals = computeTicket(lines, ticketDiscount);
  const payments: PaymentInput[] = [{ method: 'card', amount: totals.total }];
  return {
    header: { shopName: 'BEES coop', addressLines: [], vatNumber: null },
    kind: 'sale',
    ticketNumber: 'T1-000050',
    dateTime: '2025-03-01 10:00',
    cashierName: 'Alice',
    tillName: 'Caisse 1',
    lines,
    totals,
    ticketDiscount,
    settlement: settle(totals.total, payments, kindOf),
    payments,
    ...extra,
  };
}

const bread: ReceiptLineInput = {
  name: 'Pain complet',
  byWeight: false,
  unitPrice: 350,
  quantity: 1000,
  vatRateBp: 600,
};

const text = (input: ReceiptInput): string[] =>
  renderReceiptText(buildReceipt(input), { width: 42, locale: 'fr-BE' });

describe('receipts that disagree with their figures', () => {
  it('says which figures disagree', () => {
    const input = cardSale([bread, { ...bread, name: 'Pain blanc' }]);
    expect(refusal(() => buildReceipt({ ...input, lines: input.lines.slice(1) }))).toMatchObject({
      code: 'receipt.inconsistent',
      message: '1 lines but totals for 2: pass the same lines',
      details: { lines: 1, totals: 2 },
    });
    expect(
      refusal(() => buildReceipt({ ...input, settlement: { ...input.settlement, total: 699 } })),
    ).toMatchObject({
      message: "The settlement is for 699, the ticket's total is 700",
      details: { settlement: 699, total: 700 },
    });
    expect(
      refusal(() => buildReceipt({ ...input, payments: [{ method: 'card', amount: 600 }] })),
    ).toMatchObject({
      message: 'The payments sum to 600, the settlement to 700',
      details: { payments: 600, settlement: 700 },
    });
  });
});

describe('what a receipt leaves out', () => {
  it('does not mention a regular price when the manager’s price is the same', () => {
    const doc = buildReceipt(cardSale([{ ...bread, priceOverride: 350 }]));
    expect(doc.lines[0]?.originalUnitPrice).toBeNull();
  });

  it('leaves a rate with nothing on it out of the VAT table, and a free ticket without one', () => {
    const gift = { ...bread, name: 'Cadeau', vatRateBp: 2100, priceOverride: 0 };
    const doc = buildReceipt(cardSale([bread, gift]));
    expect(doc.vat.map((row) => row.rateBp)).toEqual([600]);
    // One rate: no total row under the table.
    expect(text(cardSale([bread, gift])).slice(-2)).toEqual([
      'Taux         HTVA         TVA         TVAC',
      'C 6 %        3,30        0,20         3,50',
    ]);
    expect(text(cardSale([gift])).some((line) => line.startsWith('Taux'))).toBe(false);
  });

  it('prints an amount ticket discount without a percentage', () => {
    const lines = text(cardSale([bread], { kind: 'amount', cents: 100 }));
    expect(lines).toContain('Remise ticket                    -1,00 €  ');
  });

  it('prints no empty line for a member without a status', () => {
    const lines = text(
      cardSale([bread], null, { member: { name: 'Jean Dupont', number: '1234', status: '' } }),
    );
    expect(lines.at(-1)).toBe('Membre: Jean Dupont                n° 1234');
  });
});

describe('long words and long lines', () => {
  it('keeps a name that fits on the price line as it was typed', () => {
    expect(text(cardSale([{ ...bread, name: 'Pain  au  levain' }]))).toContain(
      'Pain  au  levain                  3,50 € C',
    );
  });

  it('puts the price after a long name wrapped, or on its own line when it does not fit', () => {
    const lines = text(
      cardSale([
        {
          ...bread,
          name: 'Savon de Marseille artisanal extra-doux au lait de chèvre bio',
        },
        {
          ...bread,
          name: 'Confiture de framboises et de groseilles du jardin partagé',
        },
      ]),
    );
    expect(lines.slice(5, 10)).toEqual([
      'Savon de Marseille artisanal extra-doux au',
      'lait de chèvre bio                3,50 € C',
      'Confiture de framboises et de groseilles',
      'du jardin partagé                 3,50 € C',
      '------------------------------------------',
    ]);
    const longLast = text(
      cardSale([{ ...bread, name: 'Thé vert Sencha biologique du Japon, récolte de printemps' }]),
    );
    expect(longLast.slice(5, 8)).toEqual([
      'Thé vert Sencha biologique du Japon,',
      'récolte de printemps              3,50 € C',
      '------------------------------------------',
    ]);
    const noRoom = text(
      cardSale([
        {
          ...bread,
          name: 'Savon de Marseille artisanal extra-doux au lait de chèvre biologique et miel doux',
        },
      ]),
    );
    expect(noRoom.slice(5, 9)).toEqual([
      'Savon de Marseille artisanal extra-doux au',
      'lait de chèvre biologique et miel doux',
      '                                  3,50 € C',
      '------------------------------------------',
    ]);
  });

  it('puts a right part that does not fit on its own line, cut to the width', () => {
    const lines = text(
      cardSale([bread], null, {
        member: { name: 'Jean Dupont', number: '1234567890'.repeat(5), status: '' },
      }),
    );
    expect(lines.slice(-2)).toEqual([
      'Membre: Jean Dupont',
      `n° ${'1234567890'.repeat(5)}`.slice(0, 42),
    ]);
  });

  it('prints a VAT table too wide for the paper one rate at a time', () => {
    const lines = text(
      cardSale([
        { ...bread, unitPrice: 9_999_999, quantity: 10_000 },
        { ...bread, unitPrice: 9_876_543, quantity: 10_000, vatRateBp: 2100 },
      ]),
    );
    const vat = lines.slice(lines.lastIndexOf('------------------------------------------') + 1);
    expect(vat).toEqual([
      'C 6 %',
      '  HTVA                        943 396,13 €',
      '  TVA                          56 603,77 €',
      '  TVAC                        999 999,90 €',
      'A 21 %',
      '  HTVA                        816 243,22 €',
      '  TVA                         171 411,08 €',
      '  TVAC                        987 654,30 €',
    ]);
  });
});

describe('wrapText', () => {
  it('keeps words in order when a long word follows a short one', () => {
    expect(wrapText('ab cdefgh', 3)).toEqual(['ab', 'cde', 'fgh']);
    expect(wrapText('abcdef', 3)).toEqual(['abc', 'def']);
  });

  it('keeps an indent while eight characters are left, then drops it', () => {
    expect(wrapText('  abc def', 10)).toEqual(['  abc def']);
    expect(wrapText('  abc def', 9)).toEqual(['abc def']);
  });

  it('wraps to one column, and refuses none', () => {
    expect(wrapText('ab', 1)).toEqual(['a', 'b']);
    expect(() => wrapText('ab', 0)).toThrow('Bad width 0');
  });
});

describe('rates and dates', () => {
  it('writes rates with their decimals and sign', () => {
    expect(formatRate(1005, 'fr-BE')).toBe('10,05 %');
    expect(formatRate(505, 'en')).toBe('5.05%');
    expect(formatRate(1050, 'nl-BE')).toBe('10,5%');
    expect(formatRate(-600, 'fr-BE')).toBe('-6 %');
  });

  it('takes a date without an offset as local, with or without seconds', () => {
    expect(formatDateTime('2025-03-01T13:05:07')).toBe('01/03/2025 13:05');
    expect(formatDateTime('2025-03-01T13:05:07.250')).toBe('01/03/2025 13:05');
    expect(formatDateTime('2025-03-01 13:05')).toBe('01/03/2025 13:05');
    expect(formatDateTime('2025-03-01T12:05:07.250Z')).toBe('01/03/2025 13:05');
    expect(formatDateTime('x2025-03-01 13:05')).toBe('x2025-03-01 13:05');
  });
});

describe('member statuses in every language', () => {
  it.each([
    ['alert', 'En alerte', 'Waarschuwing', 'Alert'],
    ['delay', 'Délai accordé', 'Uitstel', 'Extension granted'],
    ['suspended', 'Suspendu', 'Geschorst', 'Suspended'],
    ['unsubscribed', 'Désinscrit', 'Uitgeschreven', 'Unsubscribed'],
    ['exempted', 'Exempté', 'Vrijgesteld', 'Exempt'],
    ['up_to_date', 'À jour', 'In orde', 'Up to date'],
  ])('names %s', (status, fr, nl, en) => {
    expect(memberStatusLabel(status, 'fr-BE')).toBe(fr);
    expect(memberStatusLabel(status, 'nl-BE')).toBe(nl);
    expect(memberStatusLabel(status, 'en')).toBe(en);
  });
});

describe('session report documents', () => {
  const day = (overrides: Partial<SessionReportInput> = {}): SessionReportInput => ({
    openingFloat: 10000,
    cashMoves: [],
    payments: [],
    cashMethods: ['cash'],
    changeGiven: 0,
    roundingTotal: 0,
    tickets: { sales: 0, refunds: 0, cancellations: 0 },
    sales: [],
    refunds: [],
    byCategory: [],
    countedCash: 10000,
    grandTotalBefore: 0,
    ...overrides,
  });
  const context = (overrides: Partial<SessionReportContext> = {}): SessionReportContext => ({
    kind: 'Z',
    header: { shopName: 'BEES coop', addressLines: [], vatNumber: null },
    tillName: 'Caisse 1',
    sessionNumber: '20',
    openedAt: '2025-03-03 08:00',
    openedBy: 'Bob',
    printedAt: '2025-03-03 19:00',
    closedAt: '2025-03-03 19:00',
    closedBy: 'Carol',
    ...overrides,
  });

  it('keeps the closing and the duplicate mark it is given', () => {
    const doc = buildSessionReportDocument(
      computeSessionReport(day()),
      context({ kind: 'X', duplicate: true }),
    );
    expect(doc).toMatchObject({ closedAt: '2025-03-03 19:00', closedBy: 'Carol', duplicate: true });
  });

  it('says what a Z report lacks', () => {
    expect(
      refusal(() =>
        buildSessionReportDocument(computeSessionReport(day({ countedCash: null })), context()),
      ).message,
    ).toBe('A Z report needs the counted cash');
    expect(
      refusal(() =>
        buildSessionReportDocument(computeSessionReport(day()), context({ closedAt: null })),
      ).message,
    ).toBe('A Z report needs the closing time');
  });

  it('prints a quiet day without the lines it has nothing for, marked when reprinted', () => {
    const doc = buildSessionReportDocument(
      computeSessionReport(day()),
      context({ duplicate: true }),
    );
    expect(renderSessionReportText(doc, { width: 42, locale: 'fr-BE' })).toEqual([
      '            *** DUPLICATA ***',
      '                BEES coop',
      '==========================================',
      '                RAPPORT Z',
      '==========================================',
      'Caisse: Caisse 1                Session 20',
      'Ouverture: Bob            03/03/2025 08:00',
      'Clôture: Carol            03/03/2025 19:00',
      'Imprimé:                  03/03/2025 19:00',
      '------------------------------------------',
      'TICKETS',
      'Ventes                                   0',
      'Remboursements                           0',
      'Annulations                              0',
      '------------------------------------------',
      'TOTAUX',
      'Ventes                              0,00 €',
      'Remboursements                      0,00 €',
      'Net                                 0,00 €',
      '------------------------------------------',
      'PAIEMENTS',
      '------------------------------------------',
      'ESPÈCES',
      'Fond de caisse                    100,00 €',
      'Espèces (net)                       0,00 €',
      'Attendu                           100,00 €',
      'Compté                            100,00 €',
      'Écart                               0,00 €',
      '------------------------------------------',
      'Grand total avant                   0,00 €',
      'Grand total après                   0,00 €',
      '            *** DUPLICATA ***',
    ]);
  });
});
