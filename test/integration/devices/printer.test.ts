import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSessionReportDocument } from '../../../domain/report-document';
import { textMoney } from '../../../domain/receipt-text';
import {
  encodeReceipt,
  encodeSessionReport,
  encodeTestPage,
} from '../../../drivers/printer/receipt';
import { Drawer } from '../../../drivers/drawer/driver';
import { KICK_WAIT_MS, Printer, type PrinterLine } from '../../../drivers/printer/driver';
import type { DeviceState, DeviceStatus } from '../../../drivers/types';
import { TillError } from '../../../domain/errors';
import {
  commandsOf,
  fakePrinter,
  printerPty,
  serialPrinterLine,
  type DecodedEscPos,
  type PrinterPty,
} from '../../support/escpos-decoder';
import { createPtyPair } from '../../support/pty';
import { FIXTURE, createTestTill, ean13, type TestTill } from '../../support/till';
import * as tillReceipts from '../../../main/till/receipts';

const WAIT = 15_000;
/**
 * How long a printer that answers may take to, in the tests where one that does not is taken
 * offline: short enough to keep them quick, and far enough from the few milliseconds an answer
 * takes on an idle machine that a busy machine's slow answer is not taken for a silent printer.
 */
const ANSWER_MS = 1000;

let t: TestTill;
let pty: PrinterPty;
const stops: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  t = createTestTill();
  t.till.signIn({ userId: t.cashierId, pin: FIXTURE.cashierPin });
  t.till.openSession({ counts: { '2000': 5, '100': 10 } });
  pty = await printerPty();
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await pty.close();
  t.close();
});

function startPrinter(options: ConstructorParameters<typeof Printer>[1] = {}): Printer {
  const printer = new Printer(serialPrinterLine(pty.path), options);
  printer.start();
  stops.push(() => printer.stop());
  return printer;
}

/** Resolves once `device` reports `state` (at once if it does). */
function reaches(
  device: { status(): DeviceStatus; onStatus(listener: (s: DeviceStatus) => void): () => void },
  state: DeviceState,
  timeoutMs = WAIT,
): Promise<DeviceStatus> {
  return new Promise((resolve, reject) => {
    if (device.status().state === state) return resolve(device.status());
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`still ${JSON.stringify(device.status())}, not ${state}`));
    }, timeoutMs);
    const stop = device.onStatus((status) => {
      if (status.state !== state) return;
      clearTimeout(timer);
      stop();
      resolve(status);
    });
  });
}

const squeezed = (decoded: DecodedEscPos): string[] =>
  decoded.text.map((line) => line.trim().replace(/ +/g, ' '));

const cuts = (decoded: DecodedEscPos) => commandsOf(decoded, 'cut').length;

/** The demo sale: a weighed line, a discounted line, a member, cash with change and rounding. */
function demoSale(): number {
  t.till.addByBarcode({ code: ean13('210000101234') }); // 1.234 kg of apples at 3.99 EUR/kg
  const ticket = t.till.addByBarcode({ code: FIXTURE.milk.code });
  const milk = ticket.lines[1]?.id ?? '';
  t.till.setLineDiscount({ lineId: milk, discount: { kind: 'percent', basisPoints: 1000 } });
  t.till.attachMember({ barcode: FIXTURE.memberCard });
  const paid = t.till.pay({ payments: [{ method: 'cash', amount: 2000 }] });
  return paid.number ?? 0;
}

describe('a receipt printer on a serial line', () => {
  it('prints the demo receipt: words, figures, barcode, cut and drawer pulse decode back', async () => {
    const number = demoSale();
    const receipt = tillReceipts.receipt(t.till.ctx, number);
    expect(receipt).toMatchObject({ total: 608, rounding: 2, due: 610, change: 1390 });
    const printer = startPrinter({ status: { intervalMs: 200, timeoutMs: 2000 } });
    await reaches(printer, 'connected');

    await printer.print(encodeReceipt(receipt, { drawer: { pin: 2, onMs: 100, offMs: 500 } }));
    const decoded = await pty.peer.waitFor((d) => cuts(d) === 1, WAIT);

    expect(decoded.unknown).toEqual([]);
    const text = squeezed(decoded);
    const cash = receipt.payments[0]?.label ?? 'Espèces';
    expect(text).toEqual(
      expect.arrayContaining([
        'Pommes Élstar bio',
        '1,234 kg x 3,99 €/kg 4,92 € C',
        'Lait demi-écrémé 1 L 1,29 € C',
        'Remise -10 % -0,13 €',
        'TOTAL 6,08 €',
        'Arrondi +0,02 €',
        'À payer 6,10 €',
        `${cash} 20,00 €`,
        'Rendu 13,90 €',
        'Taux HTVA TVA TVAC',
        'C 6 % 5,74 0,34 6,08',
        'Membre: Anne Peeters n° 1001',
        `Journal #${receipt.journal?.seq} ${receipt.journal?.hashPrefix}`,
      ]),
    );
    expect(text.some((line) => line.startsWith(`Ticket ${number} 02/03/2026`))).toBe(true);
    expect(text).toContain(`Caisse: ${receipt.tillName} Caissier: Camille`);
    expect(decoded.lines.find((l) => l.text.startsWith('TOTAL'))).toMatchObject({ bold: true });
    expect(commandsOf(decoded, 'codepage')).toMatchObject([{ name: 'cp858' }]);
    expect(commandsOf(decoded, 'barcode')).toMatchObject([
      { symbology: 'code128', data: String(number) },
    ]);
    expect(commandsOf(decoded, 'pulse')).toMatchObject([{ pin: 2, onMs: 100, offMs: 500 }]);
    expect(commandsOf(decoded, 'cut')).toMatchObject([{ partial: true }]);
    // The pulse comes first (the drawer opens as the receipt starts), the cut last.
    const pulse = commandsOf(decoded, 'pulse')[0];
    const firstText = commandsOf(decoded, 'codepage')[0];
    expect(pulse?.offset).toBeLessThan(firstText?.offset ?? 0);
    const jobCommands = decoded.commands.filter((c) => c.type !== 'status-request');
    expect(jobCommands.at(-1)?.type).toBe('cut');
    expect(text.join('\n')).not.toContain('DUPLICATA');
  });

  it('reprints a receipt as DUPLICATA, 48 columns wide', async () => {
    const number = demoSale();
    const printer = startPrinter();
    await reaches(printer, 'connected');
    await printer.print(
      encodeReceipt(tillReceipts.receipt(t.till.ctx, number, { duplicate: true }), { width: 48 }),
    );
    const decoded = await pty.peer.waitFor((d) => cuts(d) === 1, WAIT);
    const marks = decoded.text.filter((line) => line.trim() === '*** DUPLICATA ***');
    expect(marks).toHaveLength(2);
    expect(decoded.text.some((line) => line.length === 48)).toBe(true);
    expect(decoded.text.every((line) => line.length <= 48)).toBe(true);
    expect(squeezed(decoded)).toContain('TOTAL 6,08 €');
  });

  it('prints the X report, then the Z report after closing', async () => {
    demoSale();
    const printer = startPrinter();
    await reaches(printer, 'connected');
    const settings = t.till.settings();
    const header = {
      shopName: settings.shop.name,
      addressLines: settings.shop.addressLines,
      vatNumber: settings.shop.vatNumber || null,
    };
    const context = {
      header,
      tillName: settings.tillName,
      sessionNumber: '1',
      openedAt: '2026-03-02T08:00:00Z',
      openedBy: 'Camille',
      printedAt: t.clock.now.toISOString(),
    };
    const x = buildSessionReportDocument(t.till.xReport(), { ...context, kind: 'X' });
    await printer.print(encodeSessionReport(x));
    const report = t.till.closeSession({
      counts: { '2000': 5, '100': 10, '500': 1, '10': 1 },
      approval: { userId: t.managerId, pin: FIXTURE.managerPin },
    });
    const z = buildSessionReportDocument(report, {
      ...context,
      kind: 'Z',
      closedAt: t.clock.now.toISOString(),
      closedBy: 'Manon',
    });
    await printer.print(encodeSessionReport(z, { width: 48 }));
    const decoded = await pty.peer.waitFor((d) => cuts(d) === 2, WAIT);
    const text = squeezed(decoded);
    expect(text).toEqual(
      expect.arrayContaining([
        'RAPPORT X',
        'RAPPORT Z',
        'Ventes 1',
        'Ventes 6,08 €',
        `Attendu ${textMoney(report.expectedCash, 'fr-BE')}`,
        `Compté ${textMoney(report.countedCash ?? 0, 'fr-BE')}`,
      ]),
    );
    expect(text.indexOf('RAPPORT X')).toBeLessThan(text.indexOf('RAPPORT Z'));
  });

  it('reports paper near end, paper out and an open cover from DLE EOT, and holds jobs', async () => {
    const printer = startPrinter({ status: { intervalMs: 100, timeoutMs: 2000 } });
    await reaches(printer, 'connected');
    expect(printer.report()).toMatchObject({ online: true, paperOut: false, coverOpen: false });

    pty.peer.state.paperNearEnd = true;
    await reaches(printer, 'paper_near_end');
    await printer.print(encodeTestPage());
    await pty.peer.waitFor((d) => cuts(d) === 1, WAIT);

    pty.peer.state.paperOut = true;
    expect((await reaches(printer, 'paper_out')).detail).toBe('out of paper');
    const refused = await printer.print(encodeTestPage()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TillError);
    expect((refused as TillError).code).toBe('printer.paper_out');

    pty.peer.state = { coverOpen: true };
    await reaches(printer, 'cover_open');
    const cover = await printer.print(encodeTestPage()).catch((error: unknown) => error);
    expect((cover as TillError).code).toBe('printer.cover_open');

    pty.peer.state = {};
    await reaches(printer, 'connected');
    await printer.print(encodeTestPage());
    const decoded = await pty.peer.waitFor((d) => cuts(d) === 2, WAIT);
    // Only the two accepted jobs reached the printer; the refused ones sent nothing.
    expect(commandsOf(decoded, 'init')).toHaveLength(2);
    expect(commandsOf(decoded, 'status-request').length).toBeGreaterThan(6);
  });

  it('says offline when the printer stops answering, and when its line goes away', async () => {
    const printer = startPrinter({ status: { intervalMs: 100, timeoutMs: ANSWER_MS } });
    await reaches(printer, 'connected');
    pty.peer.state.silent = true;
    expect((await reaches(printer, 'offline')).detail).toMatch(/does not answer/);
    pty.peer.state.silent = false;
    await reaches(printer, 'connected');

    await pty.unplug();
    await reaches(printer, 'offline');
    const refused = await printer.print(encodeTestPage()).catch((error: unknown) => error);
    expect((refused as TillError).code).toBe('printer.offline');
    const peer = await pty.plug();
    await reaches(printer, 'connected');
    await printer.print(encodeTestPage());
    await peer.waitFor((d) => cuts(d) === 1, WAIT);
  });
});

describe('the cash drawer', () => {
  it('opens through the printer with its pulse timing, and shows open where the printer tells', async () => {
    const printer = startPrinter({ status: { intervalMs: 100, timeoutMs: 2000 } });
    const drawer = new Drawer({
      kind: 'printer',
      printer,
      pulse: { pin: 5, onMs: 60, offMs: 240 },
    });
    drawer.start();
    stops.push(() => drawer.stop());
    await reaches(drawer, 'connected');
    expect(drawer.isOpen()).toBe(false);

    expect(await drawer.open()).toMatchObject({ opened: true });
    const decoded = await pty.peer.waitFor((d) => commandsOf(d, 'pulse').length === 1, WAIT);
    expect(commandsOf(decoded, 'pulse')).toMatchObject([
      { pin: 5, onMs: 60, offMs: 240, realTime: false },
    ]);
    // The drawer's switch pulls pin 3 low while it is open (Epson's default wiring).
    pty.peer.state.drawerPin3High = false;
    await reaches(drawer, 'drawer_open');
    expect(drawer.isOpen()).toBe(true);
    expect(printer.status().state).toBe('connected');
    pty.peer.state.drawerPin3High = true;
    await reaches(drawer, 'connected');

    await pty.unplug();
    await reaches(drawer, 'offline');
    const result = await drawer.open();
    expect(result.opened).toBe(false);
    expect(result.detail).toMatch(/could not be opened/);
  });

  it('never kicks through a printer that does not answer, nor later when it answers again', async () => {
    const printer = startPrinter({ status: { intervalMs: 100, timeoutMs: ANSWER_MS } });
    const drawer = new Drawer({ kind: 'printer', printer });
    drawer.start();
    stops.push(() => drawer.stop());
    await reaches(drawer, 'connected');
    // Switched off behind its USB-serial adapter: the line is up, the printer says nothing.
    pty.peer.state.silent = true;
    await reaches(printer, 'offline');
    for (let sale = 0; sale < 3; sale++) {
      const result = await drawer.open();
      expect(result.opened).toBe(false);
      expect(result.detail).toMatch(/does not answer/);
    }
    // Switched back on: no pulse was kept for it.
    pty.peer.state.silent = false;
    await reaches(printer, 'connected');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(commandsOf(pty.peer.decoded(), 'pulse')).toHaveLength(0);
    expect(await drawer.open()).toMatchObject({ opened: true });
    await pty.peer.waitFor((d) => commandsOf(d, 'pulse').length === 1, WAIT);
  });

  it('drops a pulse stuck behind a job rather than send it late', async () => {
    // A printer that stops taking a job mid-way (flow control held): its job's writes wait.
    const inner = serialPrinterLine(pty.path);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const line: PrinterLine = {
      get status() {
        return inner.status;
      },
      onStatus: (listener) => inner.onStatus(listener),
      onData: (listener) => inner.onData(listener),
      start: () => inner.start(),
      close: () => inner.close(),
      // Three bytes are a status request, five a pulse: only the job's bytes are held.
      write: async (bytes, options) => {
        if (bytes.length > 5) await held;
        return inner.write(bytes, options);
      },
    };
    const printer = new Printer(line, { status: { intervalMs: 100, timeoutMs: 2000 } });
    printer.start();
    stops.push(() => printer.stop());
    const drawer = new Drawer({ kind: 'printer', printer });
    drawer.start();
    stops.push(() => drawer.stop());
    await reaches(drawer, 'connected');
    const job = printer.print(encodeTestPage({ width: 42, locale: 'fr-BE' }));
    const result = drawer.open();
    await new Promise((resolve) => setTimeout(resolve, KICK_WAIT_MS + 300));
    release();
    await job;
    expect(await result).toMatchObject({ opened: false });
    expect((await result).detail).toMatch(/dropped, not sent late/);
    const decoded = await pty.peer.waitFor((d) => cuts(d) === 1, WAIT);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(commandsOf(pty.peer.decoded(), 'pulse')).toHaveLength(0);
    expect(commandsOf(decoded, 'pulse')).toHaveLength(0);
  });

  it('opens on its own serial line', async () => {
    const pair = await createPtyPair();
    stops.push(() => pair.kill());
    const peer = fakePrinter(pair);
    stops.push(() => peer.stop());
    const drawer = new Drawer({ kind: 'line', line: serialPrinterLine(pair.device) });
    drawer.start();
    stops.push(() => drawer.stop());
    await reaches(drawer, 'connected');
    expect(drawer.isOpen()).toBeNull();
    expect(await drawer.open()).toMatchObject({ opened: true });
    const decoded = await peer.waitFor((d) => commandsOf(d, 'pulse').length === 1, WAIT);
    expect(commandsOf(decoded, 'pulse')).toMatchObject([{ pin: 2, onMs: 100, offMs: 500 }]);
    expect(decoded.text.join('')).toBe('');
  });

  it('simulates one', async () => {
    const drawer = new Drawer({ kind: 'sim' });
    drawer.start();
    expect(drawer.status().state).toBe('connected');
    expect(await drawer.open()).toMatchObject({ opened: true });
    expect(drawer.status().state).toBe('drawer_open');
    drawer.simulateClose();
    expect(drawer.isOpen()).toBe(false);
    await drawer.stop();
  });
});
