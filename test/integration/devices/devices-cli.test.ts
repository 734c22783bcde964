import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open';
import { getSetting } from '../../../db/settings';
import { DisplayEmulator } from '../../../drivers/display/emulator';
import { runCli } from '../../../main/cli/till';
import { DEMO_USERS } from '../../../main/till/first-run';
import { createPtyPair, type PtyPair } from '../../support/pty';
import { commandsOf, fakePrinter } from '../../support/escpos-decoder';
import { startFakeScale } from '../../support/fake-scale';

let dir: string;
let dbPath: string;
const cleanups: (() => Promise<void> | void)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emm-devices-cli-'));
  dbPath = join(dir, 'till.db');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function pty(): Promise<PtyPair> {
  const pair = await createPtyPair();
  cleanups.push(() => pair.kill());
  return pair;
}

async function till(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    [...args, '--db', dbPath],
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run till -- devices', () => {
  it('stores a device URI only once it is valid, naming what is wrong', async () => {
    const bad = await till('devices', 'set', 'printer', 'serial:/dev/ttyUSB0?baudRate=fast');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Invalid printer URI "serial:\/dev\/ttyUSB0\?baudRate=fast"/);
    expect((await till('devices', 'set', 'printer', 'tcp:192.168.1.50:9100')).code).toBe(0);
    for (const path of ['/etc/passwd', '/root/.bashrc', '/dev/sda']) {
      const refused = await till('devices', 'set', 'printer', `file:${path}`);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain(`file:${path} is not allowed`);
    }
    const traversal = await till('devices', 'set', 'printer', 'file:/dev/usb/../../etc/cron.d/x');
    expect(traversal.err).toMatch(/goes through "\." or "\.\."/);
    expect((await till('devices', 'set', 'printer', 'file:/dev/usb/lp0')).code).toBe(0);
    expect((await till('devices', 'set', 'printer', 'tcp:192.168.1.50:9100')).code).toBe(0);
    const db = openDatabase(dbPath);
    expect(getSetting(db, 'devices')).toEqual({ printer: 'tcp:192.168.1.50:9100' });
    db.close();
  });

  it('stores a URI normalised, and reports a simulated drawer as it reports a real one', async () => {
    expect(await till('devices', 'set', 'drawer', ' SIM ')).toMatchObject({
      code: 0,
      out: 'drawer: sim',
    });
    const db = openDatabase(dbPath);
    expect(getSetting(db, 'devices')).toEqual({ drawer: 'sim' });
    const manager = db
      .prepare('SELECT id FROM users WHERE name = ?')
      .pluck()
      .get(DEMO_USERS[1].name);
    db.close();
    const opened = await till(
      'devices',
      'open-drawer',
      '--user',
      String(manager),
      '--pin',
      DEMO_USERS[1].pin,
    );
    expect(opened).toMatchObject({ code: 0, out: 'Drawer: drawer_open (the drawer is open)' });
  });

  it('prints a test page with accents and the euro sign', async () => {
    const line = await pty();
    const printer = fakePrinter(line);
    await till('devices', 'set', 'printer', `serial:${line.device}?baudRate=19200`);
    const result = await till('devices', 'test-print', '--timeout', '10');
    expect(result).toMatchObject({ code: 0, out: 'Test page printed' });
    const page = await printer.waitFor((decoded) => commandsOf(decoded, 'cut').length > 0);
    expect(page.text.join('\n')).toContain('€');
    expect(page.text.join('\n')).toMatch(/é/);
  });

  it('lets a manager open the drawer through the printer, and journals it', async () => {
    const line = await pty();
    const printer = fakePrinter(line);
    await till('devices', 'set', 'printer', `serial:${line.device}?baudRate=19200`);
    await till('devices', 'set', 'drawer', 'printer');
    const db = openDatabase(dbPath);
    const manager = db.prepare('SELECT id FROM users WHERE name = ?').get(DEMO_USERS[1].name) as {
      id: number;
    };
    const cashier = db.prepare('SELECT id FROM users WHERE name = ?').get(DEMO_USERS[0].name) as {
      id: number;
    };
    db.close();
    const refused = await till(
      'devices',
      'open-drawer',
      '--user',
      String(cashier.id),
      '--pin',
      DEMO_USERS[0].pin,
    );
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/manager must approve/) });
    const opened = await till(
      'devices',
      'open-drawer',
      '--user',
      String(manager.id),
      '--pin',
      DEMO_USERS[1].pin,
    );
    expect(opened.code).toBe(0);
    await printer.waitFor((decoded) => commandsOf(decoded, 'pulse').length === 1);
    const check = openDatabase(dbPath);
    const entry = check
      .prepare("SELECT payload FROM journal WHERE doc_type = 'drawer_open'")
      .get() as { payload: string };
    check.close();
    expect(JSON.parse(entry.payload)).toMatchObject({ by: manager.id, reason: 'device test' });
  });

  it('waits for a scan and says what the code is', async () => {
    const line = await pty();
    await till('devices', 'set', 'scanner', `serial:${line.device}?baudRate=9600&suffix=CR`);
    // The scanner keeps scanning until the command has opened its line and read one.
    const scanning = setInterval(() => line.peerWrite('2100001012342\r'), 100);
    const result = await till('devices', 'wait-scan', '--timeout', '10');
    clearInterval(scanning);
    expect(result.code).toBe(0);
    expect(result.out).toContain('2100001012342: weight');
  });

  it('reads a stable weight from a Toledo scale', async () => {
    const line = await pty();
    const scale = startFakeScale(line);
    cleanups.push(() => scale.stop());
    scale.weigh('01.234');
    await till('devices', 'set', 'scale', `serial:${line.device}?protocol=toledo8217`);
    const result = await till('devices', 'read-weight', '--timeout', '10');
    expect(result).toMatchObject({ code: 0, out: '1234 g' });
  });

  it('shows two lines on the customer display', async () => {
    const line = await pty();
    const reader = line.peerReader();
    await till('devices', 'set', 'display', `serial:${line.device}?baudRate=9600`);
    expect(
      (await till('devices', 'show-text', 'Bonjour !', 'Welkom!', '--timeout', '10')).code,
    ).toBe(0);
    await reader.waitFor((received) => {
      const emulator = new DisplayEmulator();
      emulator.feed(received);
      return (
        emulator.lines()[0].startsWith('Bonjour !') && emulator.lines()[1].startsWith('Welkom!')
      );
    }, 60_000);
  });

  it('says when a device is not configured', async () => {
    const result = await till('devices', 'read-weight', '--timeout', '1');
    expect(result).toMatchObject({ code: 1, err: 'No scale is configured' });
  });
});
