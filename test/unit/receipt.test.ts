import { describe, expect, it } from 'vitest';
import { SESSION_DAY } from '../support/session-day';
import {
  memberStatusLabel,
  asDuplicate,
  buildReceipt,
  buildSessionReportDocument,
  formatDateTime,
  formatRate,
  renderReceiptText,
  renderSessionReportText,
  wrapText,
  type ReceiptInput,
  type ReceiptLineInput,
  type ReceiptWidth,
  type SessionReportContext,
} from '../../domain/receipt';
import { computeTicket, type Discount } from '../../domain/ticket';
import { settle, type PaymentInput, type PaymentKind } from '../../domain/payment';
import { computeSessionReport, type SessionReportInput } from '../../domain/session';
import { LOCALES, type Locale } from '../../domain/money';
import { TillError } from '../../domain/errors';

const kindOf = (method: string): PaymentKind => (method === 'cash' ? 'cash' : 'card');
const WIDTHS: ReceiptWidth[] = [42, 48];

function codeOf(attempt: () => unknown): string | undefined {
  try {
    attempt();
  } catch (error) {
    if (error instanceof TillError) return error.code;
    throw error;
  }
  return undefined;
}

const header = {
  shopName: 'BEES coop',
  addressLines: ['Rue Van Volxem 19', '1190 Forest'],
  vatNumber: 'BE 0123.456.789',
};

const lines: ReceiptLineInput[] = [
  { name: 'Pommes Jonagold', byWeight: true, unitPrice: 399, quantity: 532, vatRateBp: 600 },
  {
    name: 'Lait entier 1L',
    byWeight: false,
    unitPrice: 109,
    quantity: 3000,
    vatRateBp: 600,
    discount: { kind: 'percent', basisPoints: 1000 },
  },
  {
    name: 'Savon de Marseille artisanal extra-doux au lait de chèvre bio',
    byWeight: false,
    unitPrice: 450,
    quantity: 1000,
    vatRateBp: 2100,
  },
  {
    name: 'Bière blonde',
    byWeight: false,
    unitPrice: 150,
    quantity: 1000,
    vatRateBp: 2100,
    priceOverride: 120,
  },
];

function saleInput(
  payments: PaymentInput[],
  ticketDiscount: Discount | null = { kind: 'percent', basisPoints: 500 },
  ticketLines: ReceiptLineInput[] = lines,
): ReceiptInput {
  const totals = computeTicket(ticketLines, ticketDiscount);
  return {
    header,
    kind: 'sale',
    ticketNumber: 'T1-000042',
    dateTime: '2025-03-01T13:05:00Z',
    cashierName: 'Alice',
    tillName: 'Caisse 1',
    lines: ticketLines,
    totals,
    ticketDiscount,
    settlement: settle(totals.total, payments, kindOf),
    payments,
    member: { name: 'Jean Dupont', number: '1234', status: 'active' },
    journal: { seq: 42, hash: 'abcdef0123456789abcdef' },
    footer: ['Merci et à bientôt !'],
  };
}

/** The lines with the given start, trimmed, to compare with what a user reads. */
function find(text: string[], start: string): string[] {
  return text.filter((line) => line.trimStart().startsWith(start)).map((line) => line.trim());
}

/** Collapses runs of spaces so that assertions don't depend on the alignment. */
function squeeze(text: string[]): string[] {
  return text.map((line) => line.trim().replace(/ +/g, ' '));
}

describe('buildReceipt', () => {
  const doc = buildReceipt(saleInput([{ method: 'cash', amount: 2000 }]));

  it('carries every figure of the ticket', () => {
    expect(doc.lines.map((l) => [l.gross, l.discount, l.amount, l.net, l.vatLetter])).toEqual([
      [212, 0, 212, 201, 'C'],
      [327, 33, 294, 279, 'C'],
      [450, 0, 450, 428, 'A'],
      [120, 0, 120, 114, 'A'],
    ]);
    expect(doc.lines[0]).toMatchObject({ byWeight: true, pricePerKg: 399, quantity: 532 });
    expect(doc.lines[1]).toMatchObject({ pricePerKg: null, discountBasisPoints: 1000 });
    expect(doc.lines[3]).toMatchObject({ unitPrice: 120, originalUnitPrice: 150 });
    expect(doc).toMatchObject({
      subtotal: 1076,
      ticketDiscount: 54,
      ticketDiscountBasisPoints: 500,
      total: 1022,
      rounding: -2,
      due: 1020,
      paid: 2000,
      change: 980,
      remaining: 0,
      duplicate: false,
      refundOf: null,
    });
    expect(doc.vat).toEqual([
      { rateBp: 600, letter: 'C', base: 453, vat: 27, gross: 480 },
      { rateBp: 2100, letter: 'A', base: 448, vat: 94, gross: 542 },
    ]);
    expect(doc.journal).toEqual({ seq: 42, hashPrefix: 'abcdef01' });
    expect(doc.payments).toEqual([{ method: 'cash', label: null, amount: 2000 }]);
  });

  it('is plain data that survives JSON', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('refuses figures that disagree', () => {
    const input = saleInput([{ method: 'cash', amount: 2000 }]);
    expect(codeOf(() => buildReceipt({ ...input, lines: input.lines.slice(1) }))).toBe(
      'receipt.inconsistent',
    );
    expect(
      codeOf(() => buildReceipt({ ...input, payments: [{ method: 'cash', amount: 1000 }] })),
    ).toBe('receipt.inconsistent');
    expect(
      codeOf(() => buildReceipt({ ...input, settlement: settle(999, input.payments, kindOf) })),
    ).toBe('receipt.inconsistent');
  });

  it('marks a reprint as a duplicate without touching the original', () => {
    const copy = asDuplicate(doc);
    expect(copy.duplicate).toBe(true);
    expect(doc.duplicate).toBe(false);
  });
});

describe('renderReceiptText', () => {
  const doc = buildReceipt(saleInput([{ method: 'cash', amount: 2000 }]));

  it('never prints a line wider than the paper, in any locale', () => {
    for (const locale of LOCALES) {
      for (const width of WIDTHS) {
        const text = renderReceiptText(asDuplicate(doc), { width, locale });
        for (const line of text) expect(line.length).toBeLessThanOrEqual(width);
        // The long product name is wrapped, not cut.
        expect(text.join(' ').replace(/ +/g, ' ')).toContain(
          'Savon de Marseille artisanal extra-doux au lait de chèvre bio',
        );
        // Plain spaces only: printers' code pages have no narrow no-break space.
        expect(text.join('')).not.toMatch(/[\u00a0\u202f]/);
      }
    }
  });

  it('prints a French receipt', () => {
    const text = squeeze(renderReceiptText(doc, { width: 42, locale: 'fr-BE' }));
    expect(text).toContain('BEES coop');
    expect(text).toContain('TVA BE 0123.456.789');
    expect(text).toContain('Ticket T1-000042 01/03/2025 14:05');
    expect(text).toContain('Caisse: Caisse 1 Caissier: Alice');
    expect(text).toContain('Pommes Jonagold');
    expect(text).toContain('0,532 kg x 3,99 €/kg 2,12 € C');
    expect(text).toContain('3 x 1,09 € 3,27 € C');
    expect(text).toContain('Remise -10 % -0,33 €');
    expect(text).toContain('Bière blonde 1,20 € A');
    expect(text).toContain('(Prix normal 1,50 €)');
    expect(text).toContain('Sous-total 10,76 €');
    expect(text).toContain('Remise ticket -5 % -0,54 €');
    expect(text).toContain('TOTAL 10,22 €');
    expect(text).toContain('Arrondi -0,02 €');
    expect(text).toContain('À payer 10,20 €');
    expect(text).toContain('Espèces 20,00 €');
    expect(text).toContain('Rendu 9,80 €');
    expect(text).toContain('Taux HTVA TVA TVAC');
    expect(text).toContain('C 6 % 4,53 0,27 4,80');
    expect(text).toContain('A 21 % 4,48 0,94 5,42');
    expect(text).toContain('9,01 1,21 10,22');
    expect(text).toContain('Membre: Jean Dupont n° 1234');
    expect(text).toContain('Journal #42 abcdef01');
    expect(text).toContain('Merci et à bientôt !');
    expect(text).not.toContain('*** DUPLICATA ***');
  });

  it('prints a Dutch receipt', () => {
    const text = squeeze(renderReceiptText(doc, { width: 48, locale: 'nl-BE' }));
    expect(text).toContain('BTW BE 0123.456.789');
    expect(text).toContain('Kassa: Caisse 1 Kassier: Alice');
    expect(text).toContain('0,532 kg x € 3,99/kg € 2,12 C');
    expect(text).toContain('Korting -10% € -0,33');
    expect(text).toContain('TOTAAL € 10,22');
    expect(text).toContain('Afronding € -0,02');
    expect(text).toContain('Te betalen € 10,20');
    expect(text).toContain('Contant € 20,00');
    expect(text).toContain('Wisselgeld € 9,80');
    expect(text).toContain('Tarief Excl. BTW Incl.');
    expect(text).toContain('C 6% 4,53 0,27 4,80');
  });

  it('prints an English receipt', () => {
    const text = squeeze(renderReceiptText(doc, { width: 42, locale: 'en' }));
    expect(text).toContain('0.532 kg x €3.99/kg €2.12 C');
    expect(text).toContain('TOTAL €10.22');
    expect(text).toContain('Rounding -€0.02');
    expect(text).toContain('To pay €10.20');
    expect(text).toContain('Cash €20.00');
    expect(text).toContain('Change €9.80');
    expect(text).toContain('A 21% 4.48 0.94 5.42');
  });

  it('aligns the amounts in one right-hand column', () => {
    const text = renderReceiptText(doc, { width: 42, locale: 'fr-BE' });
    const total = find(text, 'TOTAL')[0];
    const line = text.find((l) => l.includes('2,12 € C'));
    expect(total).toBeDefined();
    expect(line?.indexOf('2,12 €')).toBe(42 - '2,12 € C'.length);
    const totalLine = text.find((l) => l.startsWith('TOTAL'));
    expect(totalLine?.indexOf('10,22 €')).toBe(42 - '10,22 €  '.length);
  });

  it('prints no rounding on a card payment, and no ticket discount when there is none', () => {
    const card = buildReceipt(saleInput([{ method: 'card', amount: 1076 }], null));
    const text = squeeze(renderReceiptText(card, { width: 42, locale: 'fr-BE' }));
    expect(text).toContain('TOTAL 10,76 €');
    expect(text).toContain('Carte 10,76 €');
    expect(text.some((l) => l.startsWith('Arrondi'))).toBe(false);
    expect(text.some((l) => l.startsWith('Rendu'))).toBe(false);
    expect(text.some((l) => l.startsWith('Sous-total'))).toBe(false);
  });

  it('prints a split payment with configured method names', () => {
    const payments = [
      { method: 'card', amount: 1000, label: 'Bancontact' },
      { method: 'cash', amount: 500 },
    ];
    const input = saleInput(payments);
    const text = squeeze(renderReceiptText(buildReceipt(input), { width: 42, locale: 'nl-BE' }));
    expect(text).toContain('TOTAAL € 10,22');
    expect(text).toContain('Bancontact € 10,00');
    expect(text).toContain('Contant € 5,00');
    // The cash part 0.22 is rounded to 0.20 (Belgian law since 2019, also in a split payment):
    // the receipt shows the unrounded total, the rounding and the rounded amount.
    expect(text).toContain('Te betalen € 10,20');
    expect(text.find((l) => l.startsWith('Afronding'))).toMatch(/-€ 0,02|€ -0,02/);
    expect(text).toContain('Wisselgeld € 4,80');
  });

  it('prints DUPLICATA at the top and the bottom of a reprint', () => {
    for (const [locale, word] of [
      ['fr-BE', 'DUPLICATA'],
      ['nl-BE', 'DUPLICAAT'],
      ['en', 'DUPLICATE'],
    ] as [Locale, string][]) {
      const text = squeeze(renderReceiptText(asDuplicate(doc), { width: 42, locale }));
      expect(text[0]).toBe(`*** ${word} ***`);
      expect(text[text.length - 1]).toBe(`*** ${word} ***`);
    }
  });

  it('prints a refund with negative figures and its original ticket', () => {
    const refundLines = lines.slice(0, 2).map((l) => ({ ...l, quantity: -l.quantity }));
    const totals = computeTicket(refundLines);
    const payments = [{ method: 'cash', amount: -505 }];
    const refund = buildReceipt({
      ...saleInput(payments, null, refundLines),
      kind: 'refund',
      refundOf: 'T1-000042',
      ticketNumber: 'T1-000043',
      totals,
      settlement: settle(totals.total, payments, kindOf),
      member: null,
      journal: null,
      footer: [],
    });
    expect(refund).toMatchObject({ total: -506, rounding: 1, due: -505, change: 0 });
    const text = squeeze(renderReceiptText(refund, { width: 42, locale: 'fr-BE' }));
    expect(text).toContain('REMBOURSEMENT');
    expect(text).toContain("Ticket d'origine T1-000042");
    expect(text).toContain('-0,532 kg x 3,99 €/kg -2,12 € C');
    expect(text).toContain('-3 x 1,09 € -3,27 € C');
    expect(text).toContain('Remise -10 % 0,33 €');
    expect(text).toContain('TOTAL -5,06 €');
    expect(text).toContain('Arrondi +0,01 €');
    expect(text).toContain('À rembourser -5,05 €');
    expect(text).toContain('Espèces -5,05 €');
    expect(text.some((l) => l.startsWith('Membre'))).toBe(false);
    const en = squeeze(renderReceiptText(refund, { width: 48, locale: 'en' }));
    expect(en).toContain('REFUND');
    expect(en).toContain('To refund -€5.05');
  });

  it('shows what is left to pay on an unpaid ticket', () => {
    const partial = buildReceipt(saleInput([{ method: 'card', amount: 1000 }]));
    const text = squeeze(renderReceiptText(partial, { width: 42, locale: 'fr-BE' }));
    expect(text).toContain('Reste à payer 0,22 €');
  });

  it('shows the rates that are not Belgian without a letter', () => {
    const odd: ReceiptLineInput[] = [
      { name: 'Import', byWeight: false, unitPrice: 1055, quantity: 1000, vatRateBp: 550 },
    ];
    const d = buildReceipt(saleInput([{ method: 'card', amount: 1055 }], null, odd));
    const text = squeeze(renderReceiptText(d, { width: 42, locale: 'fr-BE' }));
    expect(text).toContain('Import 10,55 €');
    expect(text).toContain('5,5 % 10,00 0,55 10,55');
  });
});

describe('text helpers', () => {
  it('shows a date in Brussels time, summer and winter', () => {
    expect(formatDateTime('2025-03-01T13:05:00Z')).toBe('01/03/2025 14:05');
    expect(formatDateTime('2025-07-01T12:00:00.000Z')).toBe('01/07/2025 14:00');
    expect(formatDateTime('2025-12-31T23:30:00+01:00')).toBe('31/12/2025 23:30');
    expect(formatDateTime('2025-12-31T23:30:00Z', 'UTC')).toBe('31/12/2025 23:30');
  });

  it('keeps a local date as written and an unreadable one as is', () => {
    expect(formatDateTime('2025-03-01T09:07:30')).toBe('01/03/2025 09:07');
    expect(formatDateTime('yesterday')).toBe('yesterday');
  });

  it('writes rates the way each language does', () => {
    expect(formatRate(600, 'fr-BE')).toBe('6 %');
    expect(formatRate(2100, 'nl-BE')).toBe('21%');
    expect(formatRate(550, 'en')).toBe('5.5%');
    expect(formatRate(1234, 'fr-BE')).toBe('12,34 %');
    expect(formatRate(0, 'en')).toBe('0%');
  });

  it('wraps words and cuts a word longer than the line', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('abcdefghijkl', 10)).toEqual(['abcdefghij', 'kl']);
    expect(wrapText('  indented text here', 12)).toEqual(['  indented', '  text here']);
    expect(wrapText('', 10)).toEqual(['']);
  });
});

describe('session report documents', () => {
  const input: SessionReportInput = {
    ...SESSION_DAY,
    byCategory: [
      { category: 'Fruits et légumes', amount: 39998 },
      { category: 'Boissons', amount: 21000 },
    ],
  };
  const context: SessionReportContext = {
    kind: 'Z',
    header,
    tillName: 'Caisse 1',
    sessionNumber: '17',
    openedAt: '2025-03-01T07:00:00Z',
    openedBy: 'Bob',
    printedAt: '2025-03-01T19:00:00Z',
    closedAt: '2025-03-01T19:00:00Z',
    closedBy: 'Carol',
    methodLabels: { card: 'Bancontact' },
    journal: { seq: 99, hash: '0123456789abcdef' },
  };

  it('builds a Z report only from a counted drawer and a closing time', () => {
    const uncounted = computeSessionReport(input);
    expect(codeOf(() => buildSessionReportDocument(uncounted, context))).toBe(
      'report.z_needs_count',
    );
    const counted = computeSessionReport({ ...input, countedCash: 20000 });
    expect(codeOf(() => buildSessionReportDocument(counted, { ...context, closedAt: null }))).toBe(
      'report.z_needs_close_time',
    );
    const z = buildSessionReportDocument(counted, context);
    expect(z.kind).toBe('Z');
    expect(z.journal).toEqual({ seq: 99, hashPrefix: '01234567' });
  });

  it('builds an X report of an open session without a count', () => {
    const x = buildSessionReportDocument(computeSessionReport(input), {
      ...context,
      kind: 'X',
      closedAt: null,
      closedBy: null,
    });
    expect(x.kind).toBe('X');
    const text = squeeze(renderSessionReportText(x, { width: 42, locale: 'fr-BE' }));
    expect(text).toContain('RAPPORT X');
    expect(text).toContain('Attendu 200,00 €');
    expect(text.some((l) => l.startsWith('Compté'))).toBe(false);
    expect(text.some((l) => l.startsWith('Clôture'))).toBe(false);
  });

  it('prints the Z report figures in French', () => {
    const report = computeSessionReport({
      ...input,
      countedDenominations: { '5000': 3, '2000': 2, '1000': 1, '5': 1 },
    });
    expect(report.expectedCash).toBe(20000);
    expect(report.difference).toBe(5);
    const z = buildSessionReportDocument(report, context);
    const text = squeeze(renderSessionReportText(z, { width: 42, locale: 'fr-BE' }));
    expect(text).toContain('RAPPORT Z');
    expect(text).toContain('Caisse: Caisse 1 Session 17');
    expect(text).toContain('Ouverture: Bob 01/03/2025 08:00');
    expect(text).toContain('Clôture: Carol 01/03/2025 20:00');
    expect(text).toContain('Ventes 10');
    expect(text).toContain('Remboursements 1');
    expect(text).toContain('Ventes 610,00 €');
    expect(text).toContain('Remboursements -10,02 €');
    expect(text).toContain('Net 599,98 €');
    expect(text).toContain('C 6 % 367,91 22,07 389,98');
    expect(text).toContain('A 21 % 173,55 36,45 210,00');
    expect(text).toContain('Espèces 123,45 €');
    expect(text).toContain('Bancontact 500,00 €');
    expect(text).toContain('Rendu -23,45 €');
    expect(text).toContain('Arrondi +0,02 €');
    expect(text).toContain('Fond de caisse 150,00 €');
    expect(text).toContain('Espèces (net) 100,00 €');
    expect(text).toContain('Sorties -50,00 €');
    expect(text).toContain('Dépôt banque -50,00 €');
    expect(text).toContain('Attendu 200,00 €');
    expect(text).toContain('3 x 50,00 € 150,00 €');
    expect(text).toContain('1 x 0,05 € 0,05 €');
    expect(text).toContain('Compté 200,05 €');
    expect(text).toContain('Écart +0,05 €');
    expect(text).toContain('Fruits et légumes 399,98 €');
    expect(text).toContain('Grand total avant 10 000,00 €');
    expect(text).toContain('Grand total après 10 599,98 €');
    expect(text).toContain('Journal #99 01234567');
    expect(text.some((l) => l.startsWith('Non justifié'))).toBe(false);
  });

  it('prints a missing amount as a negative difference, in Dutch and English', () => {
    const report = computeSessionReport({ ...input, countedCash: 19990 });
    const z = buildSessionReportDocument(report, context);
    const nl = squeeze(renderSessionReportText(z, { width: 48, locale: 'nl-BE' }));
    expect(nl).toContain('Z-RAPPORT');
    expect(nl).toContain('Verwacht € 200,00');
    expect(nl).toContain('Geteld € 199,90');
    expect(nl).toContain('Verschil € -0,10');
    expect(nl).toContain('Totaal generaal na € 10.599,98');
    const en = squeeze(renderSessionReportText(z, { width: 42, locale: 'en' }));
    expect(en).toContain('Z REPORT');
    expect(en).toContain('Difference -€0.10');
    expect(en).toContain('Net €599.98');
  });

  it('never prints a line wider than the paper', () => {
    const report = computeSessionReport({
      ...input,
      cashMoves: [
        { amount: -5000, reason: 'Dépôt à la banque du fond de caisse excédentaire de la journée' },
      ],
      byCategory: [{ category: 'Produits d’entretien écologiques et cosmétiques', amount: 999999 }],
      countedCash: 123456789,
    });
    const z = buildSessionReportDocument(report, { ...context, duplicate: true });
    for (const locale of LOCALES) {
      for (const width of WIDTHS) {
        const text = renderSessionReportText(z, { width, locale });
        for (const line of text) expect(line.length).toBeLessThanOrEqual(width);
        expect(text.join('')).not.toMatch(/[\u00a0\u202f]/);
      }
    }
  });
});

describe('wrapText on narrow widths', () => {
  it('still wraps (and drops an indent that leaves no room)', () => {
    expect(wrapText('abc def', 3)).toEqual(['abc', 'def']);
    expect(wrapText('    abcdef', 6)).toEqual(['abcdef']);
    expect(() => wrapText('abc', 0)).toThrow(RangeError);
  });
});

describe('member status on the receipt', () => {
  it('is written in the receipt language, not as a code', () => {
    expect(memberStatusLabel('up_to_date', 'fr-BE')).toBe('À jour');
    expect(memberStatusLabel('suspended', 'nl-BE')).toBe('Geschorst');
    expect(memberStatusLabel('something_new', 'en')).toBe('something_new');
  });
});
