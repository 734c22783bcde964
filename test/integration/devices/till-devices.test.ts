import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DisplayEmulator } from '../../../drivers/display/emulator';
import { divRound } from '../../../domain/money';
import { message } from '../../../domain/i18n';
import { DEFAULT_NOMENCLATURE } from '../../../domain/barcode';
import { replaceNomenclatureRules } from '../../../db/catalog';
import { ean13 } from '../../support/till';
import { startTill, type RunningTill } from '../../../main/index';
import { DEMO_USERS } from '../../../main/till/first-run';
import { DEMO_BARCODES } from '../../../db/demo-catalog';
import { createPtyPair, type PtyPair } from '../../support/pty';
import { commandsOf, fakePrinter } from '../../support/escpos-decoder';
import { startFakeScale } from '../../support/fake-scale';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function pty(): Promise<PtyPair> {
  const pair = await createPtyPair();
  cleanups.push(() => pair.kill());
  return pair;
}

/** A till with its scanner, printer (and the drawer on it) and display on real serial lines. */
async function tillWithDevices() {
  const [scanner, printer, display] = [await pty(), await pty(), await pty()];
  const printerEnd = fakePrinter(printer);
  const displayEnd = display.peerReader();
  const dir = mkdtempSync(join(tmpdir(), 'emm-devices-'));
  const env = {
    EMM_SCANNER: `serial:${scanner.device}?baudRate=9600&suffix=CR`,
    EMM_PRINTER: `serial:${printer.device}?baudRate=19200`,
    EMM_DRAWER: 'printer',
    EMM_DISPLAY: `serial:${display.device}?baudRate=9600`,
  };
  const before = { ...process.env };
  Object.assign(process.env, env);
  const refused: string[] = [];
  const running: RunningTill = startTill({
    dbPath: join(dir, 'till.db'),
    devices: true,
    send: (message) => {
      if (message.event === 'scan_refused') refused.push(message.payload.message);
    },
  });
  cleanups.push(async () => {
    await running.stop();
    process.env = before;
    rmSync(dir, { recursive: true, force: true });
  });
  const users = running.db.prepare('SELECT id, name FROM users').all() as {
    id: number;
    name: string;
  }[];
  const cashier = users.find((user) => user.name === DEMO_USERS[0].name);
  running.till.signIn({ userId: cashier?.id ?? 0, pin: DEMO_USERS[0].pin });
  running.till.openSession({ counts: { '1000': 10 } });
  // Scans sent before the scanner's line is open would be lost, as with a real scanner.
  await until(
    () =>
      ['scanner', 'printer', 'display'].every(
        (kind) => running.devices?.statusOf(kind as 'scanner').state === 'connected',
      ),
    'the devices to connect',
  );
  const screen = () => {
    const emulator = new DisplayEmulator();
    emulator.feed(displayEnd.received());
    return emulator.lines();
  };
  return { running, scanner, printerEnd, screen, refused };
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a till with its devices on serial lines', () => {
  it('rings up a scan, prints the receipt, kicks the drawer on cash and shows the change', async () => {
    const { running, scanner, printerEnd, screen } = await tillWithDevices();
    const milk = DEMO_BARCODES.piece;
    scanner.peerWrite(`${milk.code}\r`);
    await until(() => running.till.currentTicket()?.lines.length === 1, 'the scanned line');
    const ticket = running.till.currentTicket();
    expect(ticket?.lines[0]?.name).toBe(milk.name);
    await until(() => screen()[0].startsWith(milk.name.slice(0, 10)), 'the line on the display');

    const due = Math.ceil((ticket?.totals.total ?? 0) / 5) * 5;
    running.till.pay({ payments: [{ method: 'cash', amount: due + 500 }] });
    const receipt = await printerEnd.waitFor(
      (decoded) => commandsOf(decoded, 'cut').length > 0 && commandsOf(decoded, 'pulse').length > 0,
    );
    const text = receipt.text.join('\n');
    expect(text).toContain(milk.name);
    expect(text).toMatch(/Rendu\s+5,00 €/);
    expect(commandsOf(receipt, 'barcode')[0]?.data).toContain('1');
    expect(commandsOf(receipt, 'pulse')[0]).toMatchObject({ pin: 2 });
    await until(() => /RENDU/.test(screen()[1]), 'the change on the display');
    expect(screen()[1]).toContain('5,00');
  });

  it('tells the cashier about a scan it cannot sell, and adds nothing', async () => {
    const { running, scanner, refused } = await tillWithDevices();
    scanner.peerWrite('5410000000000\r'); // a wrong check digit
    scanner.peerWrite('\u001b\u0000garbage\r');
    await until(() => refused.length >= 1, 'the refusal');
    // In the till's language (the demo till's is French), as the screen shows it.
    expect(refused[0]).toBe(
      message('fr-BE', 'error', 'scan.unrecognised', { code: '5410000000000' }),
    );
    expect(running.till.currentTicket()?.lines ?? []).toHaveLength(0);
  });
});

describe('a device whose URI cannot be read', () => {
  it('is left out, says why, and the till still sells', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emm-baduri-'));
    const before = { ...process.env };
    process.env.EMM_PRINTER = 'serial:';
    const running = startTill({ dbPath: join(dir, 'till.db'), devices: true });
    cleanups.push(async () => {
      await running.stop();
      process.env = before;
      rmSync(dir, { recursive: true, force: true });
    });
    expect(running.devices?.statusOf('printer')).toMatchObject({
      state: 'disabled',
      detail: expect.stringMatching(/Invalid printer URI "serial:"/),
    });
    const users = running.db
      .prepare('SELECT id FROM users WHERE name = ?')
      .get(DEMO_USERS[0].name) as { id: number };
    running.till.signIn({ userId: users.id, pin: DEMO_USERS[0].pin });
    running.till.openSession({ counts: { '1000': 1 } });
    running.till.addByBarcode({ code: DEMO_BARCODES.piece.code });
    expect(
      running.till.pay({ payments: [{ method: 'card', amount: DEMO_BARCODES.piece.price }] })
        .status,
    ).toBe('paid');
  });
});

describe('a receipt whose sale committed just before a power cut', () => {
  it('is queued and printed when the till starts again', async () => {
    const line = await pty();
    const printerEnd = fakePrinter(line);
    const dir = mkdtempSync(join(tmpdir(), 'emm-recovery-'));
    const dbPath = join(dir, 'till.db');
    // The sale commits with no device running: as if the power went before its receipt was queued.
    const first = startTill({ dbPath });
    const cashier = first.db
      .prepare('SELECT id FROM users WHERE name = ?')
      .get(DEMO_USERS[0].name) as { id: number };
    first.till.signIn({ userId: cashier.id, pin: DEMO_USERS[0].pin });
    first.till.openSession({ counts: { '1000': 1 } });
    first.till.addByBarcode({ code: DEMO_BARCODES.vat21.code });
    first.till.pay({ payments: [{ method: 'card', amount: DEMO_BARCODES.vat21.price }] });
    await first.stop();

    const before = { ...process.env };
    process.env.EMM_PRINTER = `serial:${line.device}?baudRate=19200`;
    const second = startTill({ dbPath, devices: true });
    cleanups.push(async () => {
      await second.stop();
      process.env = before;
      rmSync(dir, { recursive: true, force: true });
    });
    const printed = await printerEnd.waitFor((decoded) => commandsOf(decoded, 'cut').length > 0);
    expect(printed.text.join('\n')).toContain(DEMO_BARCODES.vat21.name);
    expect(printed.text.join('\n')).not.toContain('DUPLICATA');
  });
});

describe('selling by weight on a Toledo scale', () => {
  it('adds the stable weight less the container, and refuses a scale still moving', async () => {
    const line = await pty();
    const scale = startFakeScale(line);
    cleanups.push(() => scale.stop());
    const dir = mkdtempSync(join(tmpdir(), 'emm-scale-'));
    const before = { ...process.env };
    process.env.EMM_SCALE = `serial:${line.device}?protocol=toledo8217`;
    const running = startTill({ dbPath: join(dir, 'till.db'), devices: true });
    cleanups.push(async () => {
      await running.stop();
      process.env = before;
      rmSync(dir, { recursive: true, force: true });
    });
    const cashier = running.db
      .prepare('SELECT id FROM users WHERE name = ?')
      .get(DEMO_USERS[0].name) as { id: number };
    running.till.signIn({ userId: cashier.id, pin: DEMO_USERS[0].pin });
    running.till.openSession({ counts: { '1000': 1 } });
    const apples = DEMO_BARCODES.kg;

    scale.weigh('00.682');
    const ticket = await running.till.sellByWeight({ productId: apples.id, tareGrams: 150 });
    expect(ticket.lines[0]).toMatchObject({ name: apples.name, quantity: 532 });
    expect(ticket.lines[0]?.totals.gross).toBe(divRound(apples.price * 532, 1000));

    // A jar whose tare label says 150 g, under the coop's own tare rule.
    replaceNomenclatureRules(running.db, [
      { name: 'Tare', sequence: 1, type: 'tare', encoding: 'ean13', pattern: '24.....{NNDDD}' },
      ...DEFAULT_NOMENCLATURE.rules,
    ]);
    running.ctx.reloadNomenclature();
    scale.weigh('00.650');
    const jar = await running.till.sellByWeight({
      productId: apples.id,
      tareBarcode: ean13('240000100150'),
    });
    expect(jar.lines[1]).toMatchObject({ name: apples.name, quantity: 500 });
    await expect(
      running.till.sellByWeight({ productId: apples.id, tareBarcode: apples.code }),
    ).rejects.toMatchObject({
      code: 'scan.not_a_tare',
    });
    expect(() => running.till.addByBarcode({ code: ean13('240000100150') })).toThrow(/tare label/);

    scale.status('A'); // status bit 0: in motion
    await expect(
      running.till.sellByWeight({ productId: apples.id, timeoutMs: 1000 }),
    ).rejects.toMatchObject({
      code: 'scale.unstable',
    });
    expect(running.till.currentTicket()?.lines).toHaveLength(2);
  });
});

describe('closing the till with a printer', () => {
  it('prints the Z report', async () => {
    const line = await pty();
    const printerEnd = fakePrinter(line);
    const dir = mkdtempSync(join(tmpdir(), 'emm-z-'));
    const before = { ...process.env };
    process.env.EMM_PRINTER = `serial:${line.device}?baudRate=19200`;
    const running = startTill({ dbPath: join(dir, 'till.db'), devices: true });
    cleanups.push(async () => {
      await running.stop();
      process.env = before;
      rmSync(dir, { recursive: true, force: true });
    });
    const manager = running.db
      .prepare('SELECT id FROM users WHERE name = ?')
      .get(DEMO_USERS[1].name) as { id: number };
    running.till.signIn({ userId: manager.id, pin: DEMO_USERS[1].pin });
    running.till.openSession({ counts: { '1000': 2 } });
    running.till.addByBarcode({ code: DEMO_BARCODES.piece.code });
    running.till.pay({ payments: [{ method: 'card', amount: DEMO_BARCODES.piece.price }] });
    running.till.closeSession({ counts: { '1000': 2 } });
    const printed = await printerEnd.waitFor((decoded) => commandsOf(decoded, 'cut').length >= 2);
    const text = printed.text.join('\n');
    expect(text).toMatch(/Z/);
    expect(text).toContain(DEMO_BARCODES.piece.name); // the sale's receipt, then the report
    expect(text).toMatch(/20,00 €/); // the counted drawer
  });
});
