import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { describe, expect, it } from 'vitest';
import { SESSION_DAY } from '../support/session-day';
import { buildReceipt, type ReceiptInput, type ReceiptLineInput } from '../../domain/receipt';
import { buildSessionReportDocument } from '../../domain/report-document';
import {
  renderReceiptText,
  renderSessionReportText,
  type ReceiptWidth,
} from '../../domain/receipt-text';
import { computeTicket } from '../../domain/ticket';
import { settle, type PaymentInput, type PaymentKind } from '../../domain/payment';
import { computeSessionReport } from '../../domain/session';
import { drawerOpen, encodeDrawerPulse } from '../../drivers/drawer/codec';
import { isStatusByte, parseStatusBytes, printerState } from '../../drivers/printer/codec';
import {
  encodeReceipt,
  encodeSessionReport,
  encodeTestPage,
  printableText,
  ticketBarcodeData,
  type EscPosCodepage,
} from '../../drivers/printer/receipt';
import { statusAnswer } from '../../drivers/printer/simulator';
import {
  commandsOf,
  decodeByte,
  decodeEscPos,
  describeEscPos,
  type DecodedEscPos,
} from '../support/escpos-decoder';

const kindOf = (method: string): PaymentKind => (method === 'cash' ? 'cash' : 'card');

const header = {
  shopName: 'La Coop du Quartier',
  addressLines: ['Rue de la Brasserie 12', '1050 Ixelles'],
  vatNumber: 'BE 0123.456.789',
};

const lines: ReceiptLineInput[] = [
  { name: 'Pommes Élstar bio', byWeight: true, unitPrice: 399, quantity: 1234, vatRateBp: 600 },
  {
    name: 'Lait demi-écrémé 1 L',
    byWeight: false,
    unitPrice: 129,
    quantity: 2000,
    vatRateBp: 600,
    discount: { kind: 'percent', basisPoints: 1000 },
  },
  {
    name: 'Crème fraîche épaisse',
    byWeight: false,
    unitPrice: 249,
    quantity: 1000,
    vatRateBp: 600,
  },
  { name: 'Savon à la bière', byWeight: false, unitPrice: 450, quantity: 1000, vatRateBp: 2100 },
];

function receiptInput(
  payments: PaymentInput[],
  overrides: Partial<ReceiptInput> = {},
  ticketLines: ReceiptLineInput[] = lines,
) {
  const totals = computeTicket(ticketLines, null);
  return {
    header,
    kind: 'sale' as const,
    ticketNumber: '1042',
    dateTime: '2026-03-02T13:05:00Z',
    cashierName: 'Hélène',
    tillName: 'Caisse 1',
    lines: ticketLines,
    totals,
    settlement: settle(totals.total, payments, kindOf),
    payments,
    member: { name: 'Anne Peeters', number: '1001', status: 'à jour' },
    journal: { seq: 42, hash: 'abcdef0123456789' },
    footer: ['Merci et à bientôt !', 'Coopérative à finalité sociale'],
    ...overrides,
  } satisfies ReceiptInput;
}

/** Built by each test that prints it: a fixture that threw at load would fail the file with no test. */
const cashDoc = () => buildReceipt(receiptInput([{ method: 'cash', amount: 2000 }]));

function decode(bytes: Uint8Array): DecodedEscPos {
  const decoded = decodeEscPos(bytes);
  expect(decoded.unknown).toEqual([]);
  expect(decoded.incomplete).toBe(false);
  return decoded;
}

/** The decoded lines as a user reads them: runs of spaces collapsed. */
const squeezed = (decoded: DecodedEscPos): string[] =>
  decoded.text.map((line) => line.trim().replace(/ +/g, ' '));

describe('the decoder’s code page tables', () => {
  // Every character of each page's upper half, through the encoder's own tables and back
  // through the decoder's, which were written out separately.
  const pages: { codepage: EscPosCodepage; number: number }[] = [
    { codepage: 'cp858', number: 19 },
    { codepage: 'windows1252', number: 16 },
  ];
  for (const { codepage, number } of pages) {
    it(`agree with the encoder for ${codepage} (ESC t ${number})`, () => {
      const all = Array.from({ length: 128 }, (_, i) => decodeByte(0x80 + i, codepage)).filter(
        (char) => char !== '\uFFFD' && char.trim() !== '' && char !== '\u00ad',
      );
      // printableText keeps every character of the page but two (see below).
      const text = printableText(all.join(''), codepage);
      expect(text.length).toBe(all.length);
      const bytes = new ReceiptPrinterEncoder({ columns: 42, newline: '\n' })
        .initialize()
        .codepage(codepage)
        .text(text)
        .encode();
      const decoded = decode(bytes);
      expect(commandsOf(decoded, 'codepage').map((c) => c.number)).toEqual([number]);
      expect(decoded.text.join('')).toBe(text);
    });
  }

  it('catch the encoder sending § and ¶ as control codes in cp858', () => {
    const raw = new ReceiptPrinterEncoder({ columns: 42, newline: '\n' })
      .initialize()
      .codepage('cp858')
      .text('§¶')
      .encode();
    expect(decodeEscPos(raw).unknown.map((c) => c.bytes)).toEqual([[0x15], [0x14]]);
    expect(printableText('§ 3 ¶')).toBe('S 3 P');
    expect(printableText('§ 3 ¶', 'windows1252')).toBe('§ 3 ¶');
  });

  it('put the euro sign where the printers have it', () => {
    expect(decodeByte(0xd5, 'cp858')).toBe('€');
    expect(decodeByte(0xd5, 'cp850')).toBe('ı');
    expect(decodeByte(0x80, 'windows1252')).toBe('€');
    for (const [char, byte] of [
      ['é', 0x82],
      ['è', 0x8a],
      ['à', 0x85],
      ['ç', 0x87],
      ['ë', 0x89],
      ['É', 0x90],
    ] as const) {
      expect(decodeByte(byte, 'cp858')).toBe(char);
    }
  });
});

describe('encodeReceipt', () => {
  for (const width of [42, 48] as ReceiptWidth[]) {
    it(`prints the screen's layout at ${width} columns, with the words and figures`, () => {
      const decoded = decode(encodeReceipt(cashDoc(), { width }));
      const screen = renderReceiptText(cashDoc(), { width, locale: 'fr-BE' });
      // The shop name is printed large; every other line is the screen's, character for character.
      const printed = decoded.text.filter((line) => line !== '');
      expect(printed.slice(1)).toEqual(screen.slice(1).map((line) => line.trimEnd()));
      for (const line of decoded.lines) {
        expect(line.text.trimEnd().length * line.width).toBeLessThanOrEqual(width);
      }
      const text = squeezed(decoded);
      expect(text).toEqual(
        expect.arrayContaining([
          'La Coop du Quartier',
          'Ticket 1042 02/03/2026 14:05',
          'Caisse: Caisse 1 Caissier: Hélène',
          'Pommes Élstar bio',
          '1,234 kg x 3,99 €/kg 4,92 € C',
          '2 x 1,29 € 2,58 € C',
          'Remise -10 % -0,26 €',
          'Crème fraîche épaisse 2,49 € C',
          'Savon à la bière 4,50 € A',
          'TOTAL 14,23 €',
          'Arrondi +0,02 €',
          'À payer 14,25 €',
          'Espèces 20,00 €',
          'Rendu 5,75 €',
          'Membre: Anne Peeters n° 1001',
          'Journal #42 abcdef01',
          'Merci et à bientôt !',
        ]),
      );
      expect(text.some((line) => /^Taux HTVA TVA TVAC$/.test(line))).toBe(true);
      expect(text.some((line) => /^C 6 % [\d,]+ [\d,]+ 9,73$/.test(line))).toBe(true);
      expect(text.some((line) => /^A 21 % 3,72 0,78 4,50$/.test(line))).toBe(true);
    });
  }

  it('selects cp858 once and prints € as 0xD5', () => {
    const bytes = encodeReceipt(cashDoc());
    const decoded = decode(bytes);
    expect(commandsOf(decoded, 'codepage')).toMatchObject([{ number: 19, name: 'cp858' }]);
    expect(Buffer.from(bytes).includes(Buffer.from('3,99 \xd5/kg', 'latin1'))).toBe(true);
    expect(
      Buffer.from(bytes).includes(Buffer.from('Cr\x8ame fra\x8cche \x82paisse', 'latin1')),
    ).toBe(true);
  });

  it('can print in windows-1252 instead, € as 0x80, œ kept', () => {
    const doc = buildReceipt({
      ...receiptInput([{ method: 'card', amount: 1423 }]),
      footer: ['Œufs frais – bœuf'],
    });
    const bytes = encodeReceipt(doc, { codepage: 'windows1252' });
    const decoded = decode(bytes);
    expect(commandsOf(decoded, 'codepage')).toMatchObject([{ number: 16, name: 'windows1252' }]);
    expect(Buffer.from(bytes).includes(Buffer.from('3,99 \x80/kg', 'latin1'))).toBe(true);
    expect(squeezed(decoded)).toContain('Œufs frais – bœuf');
    // cp858 has no œ: it prints "oe", still centred.
    expect(squeezed(decode(encodeReceipt(doc)))).toContain('OEufs frais - boeuf');
  });

  it('emphasises the shop name and the TOTAL, and ends with the barcode and a cut', () => {
    const decoded = decode(encodeReceipt(cashDoc()));
    const shop = decoded.lines.find((line) => line.text.trim() === 'La Coop du Quartier');
    expect(shop).toMatchObject({ bold: true, width: 2, height: 2 });
    const total = decoded.lines.find((line) => line.text.startsWith('TOTAL '));
    expect(total).toMatchObject({ bold: true, width: 1, height: 2 });
    expect(decoded.lines.find((line) => line.text.startsWith('Rendu'))).toMatchObject({
      bold: false,
      height: 1,
    });
    expect(decoded.commands[0]).toMatchObject({ type: 'init' });
    const barcodes = commandsOf(decoded, 'barcode');
    expect(barcodes).toMatchObject([{ symbology: 'code128', data: '1042' }]);
    const cuts = commandsOf(decoded, 'cut');
    expect(cuts).toMatchObject([{ partial: true }]);
    expect(decoded.commands.at(-1)?.type).toBe('cut');
    expect(cuts[0]?.line).toBeGreaterThan(barcodes[0]?.line ?? Infinity);
    expect(commandsOf(decoded, 'pulse')).toEqual([]);
  });

  it('opens the drawer first when asked, with the pulse timing', () => {
    const decoded = decode(encodeReceipt(cashDoc(), { drawer: { pin: 2, onMs: 120, offMs: 240 } }));
    expect(decoded.commands.slice(0, 4).map((c) => c.type)).toContain('pulse');
    expect(commandsOf(decoded, 'pulse')).toMatchObject([
      { pin: 2, onMs: 120, offMs: 240, realTime: false, line: 0 },
    ]);
  });

  it('says DUPLICATA at the top and at the bottom of a reprint', () => {
    const decoded = decode(encodeReceipt({ ...cashDoc(), duplicate: true }));
    const marks = decoded.lines.filter((line) => line.text.trim() === '*** DUPLICATA ***');
    expect(marks).toHaveLength(2);
    expect(marks[0]).toMatchObject({ bold: true, height: 2 });
    expect(decoded.text.findIndex((line) => line.includes('DUPLICATA'))).toBe(0);
    expect(squeezed(decode(encodeReceipt(cashDoc()))).join('\n')).not.toContain('DUPLICATA');
  });

  it('prints a refund, and in Dutch', () => {
    const refund = buildReceipt(
      receiptInput(
        [{ method: 'cash', amount: -450 }],
        { kind: 'refund', refundOf: '1042', ticketNumber: '1043' },
        [{ ...lines[3], quantity: -1000 } as ReceiptLineInput],
      ),
    );
    const fr = squeezed(decode(encodeReceipt(refund)));
    expect(fr).toEqual(expect.arrayContaining(['REMBOURSEMENT', "Ticket d'origine 1042"]));
    const nl = decode(encodeReceipt(refund, { locale: 'nl-BE' }));
    expect(squeezed(nl)).toEqual(expect.arrayContaining(['TERUGBETALING', 'TOTAAL € -4,50']));
    expect(nl.lines.find((line) => line.text.startsWith('TOTAAL'))).toMatchObject({ bold: true });
    expect(commandsOf(nl, 'barcode')[0]?.data).toBe('1043');
  });

  it('never lets a name send printer commands, and keeps the columns', () => {
    const doc = buildReceipt({
      ...receiptInput([{ method: 'card', amount: 1423 }]),
      cashierName: 'Eve\x1b@\x1dV\x00',
      member: { name: 'Łukasz “Zoë” Nowak', number: '7', status: '' },
    });
    const decoded = decode(encodeReceipt(doc));
    expect(commandsOf(decoded, 'init')).toHaveLength(1);
    expect(commandsOf(decoded, 'cut')).toHaveLength(1);
    expect(squeezed(decoded)).toContain('Membre: Lukasz "Zoë" Nowak n° 7');
    for (const line of decoded.text) expect(line.length).toBeLessThanOrEqual(42);
  });

  it('refuses a width the paper does not have, and a barcode it cannot print', () => {
    expect(() => encodeReceipt(cashDoc(), { width: 40 as ReceiptWidth })).toThrow(RangeError);
    expect(() => ticketBarcodeData('12{C')).toThrow(RangeError);
    const oddNumber = receiptInput([{ method: 'cash', amount: 2000 }], { ticketNumber: '12{C' });
    const odd = decode(encodeReceipt(buildReceipt(oddNumber)));
    expect(commandsOf(odd, 'barcode')).toEqual([]);
    expect(commandsOf(odd, 'cut')).toHaveLength(1);
    expect(ticketBarcodeData('T1-000042')).toBe('T1-000042');
    expect(commandsOf(decode(encodeReceipt(cashDoc(), { barcode: false })), 'barcode')).toEqual([]);
    expect(commandsOf(decode(encodeReceipt(cashDoc(), { cut: 'full' })), 'cut')).toMatchObject([
      { partial: false },
    ]);
  });

  it('encodes a 100-line receipt quickly', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({
      name: `Produit ${i} épicerie`,
      byWeight: i % 3 === 0,
      unitPrice: 100 + i,
      quantity: i % 3 === 0 ? 500 + i : 1000,
      vatRateBp: i % 2 ? 600 : 2100,
    }));
    const total = computeTicket(many, null).total;
    const doc = buildReceipt(receiptInput([{ method: 'card', amount: total }], {}, many));
    const started = performance.now();
    const bytes = encodeReceipt(doc);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(decode(bytes).text.filter((line) => line.startsWith('Produit '))).toHaveLength(100);
  });
});

const countedDay = () =>
  computeSessionReport({
    ...SESSION_DAY,
    byCategory: [{ category: 'Fruits et légumes', amount: 39998 }],
    countedDenominations: { '5000': 1, '2000': 2, '1000': 1 },
  });

describe('encodeSessionReport', () => {
  const context = {
    header,
    tillName: 'Caisse 1',
    sessionNumber: '17',
    openedAt: '2026-03-02T07:00:00Z',
    openedBy: 'Bob',
    printedAt: '2026-03-02T19:00:00Z',
    methodLabels: { card: 'Bancontact' },
    journal: { seq: 99, hash: '0123456789abcdef' },
  };

  it('prints the Z report: title large, sections bold, figures as on screen, a cut', () => {
    const z = buildSessionReportDocument(countedDay(), {
      ...context,
      kind: 'Z',
      closedAt: '2026-03-02T19:00:00Z',
      closedBy: 'Carol',
    });
    const decoded = decode(encodeSessionReport(z));
    const text = squeezed(decoded);
    expect(text).toEqual(
      expect.arrayContaining([
        'RAPPORT Z',
        'Caisse: Caisse 1 Session 17',
        'Bancontact 500,00 €',
        'Fond de caisse 150,00 €',
        'Compté 100,00 €',
        'Journal #99 01234567',
      ]),
    );
    const screen = renderSessionReportText(z, { width: 42, locale: 'fr-BE' }).map((l) =>
      l.trim().replace(/ +/g, ' '),
    );
    expect(text.filter((line) => line !== '')).toEqual(screen.filter((line) => line !== ''));
    expect(decoded.lines.find((line) => line.text.trim() === 'RAPPORT Z')).toMatchObject({
      bold: true,
      width: 2,
    });
    expect(decoded.lines.find((line) => line.text === 'PAIEMENTS')).toMatchObject({ bold: true });
    expect(commandsOf(decoded, 'cut')).toHaveLength(1);
    expect(commandsOf(decoded, 'barcode')).toHaveLength(0);
  });

  it('prints the X report at 48 columns', () => {
    const x = buildSessionReportDocument(countedDay(), { ...context, kind: 'X' });
    const decoded = decode(encodeSessionReport(x, { width: 48 }));
    expect(squeezed(decoded)).toContain('RAPPORT X');
    expect(decoded.text.some((line) => line.length === 48)).toBe(true);
  });
});

describe('the drawer pulse', () => {
  it('is ESC p with the pin and the timing in 2 ms steps', () => {
    expect([...encodeDrawerPulse({ pin: 2, onMs: 100, offMs: 500 })]).toEqual([
      0x1b, 0x70, 0, 50, 250,
    ]);
    expect([...encodeDrawerPulse({ pin: 5, onMs: 50, offMs: 50 })]).toEqual([
      0x1b, 0x70, 1, 25, 25,
    ]);
    expect(
      commandsOf(decode(encodeDrawerPulse({ pin: 5, onMs: 200, offMs: 400 })), 'pulse'),
    ).toMatchObject([{ pin: 5, onMs: 200, offMs: 400 }]);
  });

  it('refuses a pin or a timing a printer cannot do', () => {
    expect(() => encodeDrawerPulse({ pin: 3 as 2, onMs: 100, offMs: 500 })).toThrow(RangeError);
    expect(() => encodeDrawerPulse({ pin: 2, onMs: 0, offMs: 500 })).toThrow(RangeError);
    expect(() => encodeDrawerPulse({ pin: 2, onMs: 100, offMs: 600 })).toThrow(RangeError);
  });
});

describe('printableText', () => {
  it('keeps what the code page has and finds look-alikes for the rest', () => {
    expect(printableText('é è à ç ë € ô ü ï É')).toBe('é è à ç ë € ô ü ï É');
    expect(printableText('Œuf “bio” – 1…2')).toBe('OEuf "bio" - 1...2');
    expect(printableText('Œuf “bio” – 1…2', 'windows1252')).toBe('Œuf “bio” – 1…2');
    expect(printableText('Łódź Ő ș')).toBe('Lódz O s');
    expect(printableText('a\x1bb\x00c\x9bd')).toBe('a b c d');
    expect(printableText('日本')).toBe('??');
  });
});

describe('the decoder', () => {
  it('reads DLE EOT, real-time pulses, feeds and unknown bytes, and a truncated stream', () => {
    const decoded = decodeEscPos(
      Uint8Array.from([
        0x10, 0x04, 0x01, 0x10, 0x14, 0x01, 0x00, 0x02, 0x1b, 0x64, 0x02, 0x41, 0x0a, 0x1b, 0x7e,
        0x1d, 0x56, 0x41, 0x03, 0x1b, 0x70,
      ]),
    );
    expect(decoded.commands.map((c) => c.type)).toEqual([
      'status-request',
      'pulse',
      'feed',
      'unknown',
      'cut',
    ]);
    expect(commandsOf(decoded, 'pulse')[0]).toMatchObject({ pin: 2, onMs: 200, realTime: true });
    expect(decoded.text).toEqual(['', '', 'A']);
    expect(decoded.incomplete).toBe(true);
  });

  it('describes a stream for a person', () => {
    const description = describeEscPos(
      encodeReceipt(cashDoc(), { drawer: { pin: 2, onMs: 100, offMs: 500 } }),
    );
    expect(description).toContain('[drawer pulse pin 2: 100 ms on, 500 ms off]');
    expect(description).toContain('[barcode code128 "1042"]');
    expect(description).toContain('[partial cut]');
    expect(description).toMatch(/\*\^ \|TOTAL +14,23 €/);
  });

  it('decodes the test page', () => {
    const decoded = decode(encodeTestPage());
    expect(squeezed(decoded)).toEqual(
      expect.arrayContaining(['é è à ç ë ê ï ô ù û ü É È À Ç', 'Prix: 3,99 €/kg Total: 12,34 €']),
    );
  });
});

describe('DLE EOT status bytes', () => {
  it('are recognised by their fixed bits', () => {
    expect(isStatusByte(0x12)).toBe(true);
    expect(isStatusByte(0x16)).toBe(true);
    expect(isStatusByte(0x00)).toBe(false);
    expect(isStatusByte(0x92)).toBe(false);
    expect(isStatusByte(0x13)).toBe(false);
  });

  it('tell a ready printer, paper near end, paper out, cover open', () => {
    const parse = (state: Parameters<typeof statusAnswer>[1]) =>
      parseStatusBytes({
        printer: statusAnswer(1, state),
        offline: statusAnswer(2, state),
        paper: statusAnswer(4, state),
      });
    expect(printerState(parse({})).state).toBe('connected');
    expect(printerState(parse({ paperNearEnd: true })).state).toBe('paper_near_end');
    expect(printerState(parse({ paperOut: true })).state).toBe('paper_out');
    expect(printerState(parse({ coverOpen: true })).state).toBe('cover_open');
    expect(printerState(parse({ coverOpen: true, paperOut: true })).state).toBe('cover_open');
    expect(printerState(parse({ error: true })).state).toBe('offline');
    expect(parse({ paperOut: true })).toMatchObject({ online: false, paperOut: true });
    // Real bytes: Epson's answers with paper out (DLE EOT 2 = 0x32, DLE EOT 4 = 0x72).
    expect(parseStatusBytes({ printer: 0x1e, offline: 0x32, paper: 0x72 })).toMatchObject({
      online: false,
      paperOut: true,
      paperNearEnd: false,
      coverOpen: false,
    });
    // A printer that only answers DLE EOT 1.
    expect(printerState(parseStatusBytes({ printer: 0x12 })).state).toBe('connected');
  });

  it('tell the drawer state from pin 3, per the drawer’s wiring', () => {
    const low = parseStatusBytes({ printer: 0x12 });
    const high = parseStatusBytes({ printer: 0x16 });
    expect([drawerOpen(low), drawerOpen(high)]).toEqual([true, false]);
    expect([drawerOpen(low, 'high'), drawerOpen(high, 'high')]).toEqual([false, true]);
  });
});
