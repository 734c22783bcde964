import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { message } from '../../../domain/i18n';
import { openDatabase } from '../../../db/open';
import { setSetting } from '../../../db/settings';
import type { ErrorView, TillEventMessage } from '../../../main/api';
import { DEMO_USERS, seedDemoIfEmpty } from '../../../main/till/first-run';
import type { TicketView } from '../../../main/till/ticket-view';
import type { FoundTicket } from '../../../main/till/receipts';
import { startKiosk, type KioskHost } from '../../../main/kiosk/host';
import { statusAnswer } from '../../../drivers/printer/simulator';
import { commandsOf, decodeEscPos, type DecodedEscPos } from '../../support/escpos-decoder';
import { tableSnapshot } from '../../support/snapshot';

/**
 * The operations the screens use, through the kiosk host on a real SQLite file: each does what
 * the screen needs, and each refusal says why in words and changes nothing.
 */

const CAMILLE = { id: 1, pin: '1234', badge: DEMO_USERS[0].badge };
const MANON = { id: 2, pin: '9876', badge: DEMO_USERS[1].badge };

let dir: string;
let dbPath: string;
let kiosk: KioskHost;

async function start(devices?: Record<string, string>): Promise<void> {
  if (devices) {
    // The devices are the till's settings: written before it starts, as a technician would.
    const db = openDatabase(dbPath);
    seedDemoIfEmpty(db, new Date().toISOString());
    setSetting(db, 'devices', devices);
    db.close();
  }
  kiosk = await startKiosk({ dbPath, port: 0, till: { devices: devices !== undefined } });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emm-screens-'));
  dbPath = join(dir, 'till.db');
});
afterEach(async () => {
  await kiosk.stop();
  rmSync(dir, { recursive: true, force: true });
});

function readDb<T>(read: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every row a refused request could have written, member statuses included. */
const snapshot = () =>
  readDb((db) => ({
    ...tableSnapshot(db),
    member_statuses: db.prepare('SELECT * FROM member_statuses ORDER BY code').all(),
    print_jobs: db.prepare('SELECT * FROM print_jobs ORDER BY seq').all(),
  }));

const pieceBarcode = () =>
  readDb(
    (db) =>
      (
        db
          .prepare(
            `SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id
             WHERE p.unit = 'piece' AND p.price > 0 AND length(b.code) = 13 ORDER BY b.code LIMIT 1`,
          )
          .get() as { code: string }
      ).code,
  );

type Envelope = { ok: true; value: unknown } | { ok: false; error: ErrorView };

async function call(operation: string, input: unknown = {}): Promise<Envelope> {
  const response = await fetch(`http://127.0.0.1:${kiosk.port}/api/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${kiosk.token}` },
    body: JSON.stringify(input),
  });
  return (await response.json()) as Envelope;
}

async function value<T>(operation: string, input: unknown = {}): Promise<T> {
  const result = await call(operation, input);
  if (!result.ok) throw new Error(`${operation}: ${result.error.message}`);
  return result.value as T;
}

async function refusal(operation: string, input: unknown = {}): Promise<ErrorView> {
  const result = await call(operation, input);
  if (result.ok) throw new Error(`${operation} was not refused`);
  expect(result.error.message).toMatch(/\p{L}{3,}/u);
  return result.error;
}

async function events(): Promise<{ messages: TillEventMessage[]; close(): void }> {
  const socket = new WebSocket(`ws://127.0.0.1:${kiosk.port}/events?token=${kiosk.token}`);
  const messages: TillEventMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as TillEventMessage));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { messages, close: () => socket.close() };
}

/** Waits for `check` to hold; the deadline is a last guard for a busy machine, not a premise. */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A receipt printer on the network (port 9100 style): records what it is sent, answers DLE EOT. */
async function networkPrinter(): Promise<{
  port: number;
  decoded(): DecodedEscPos;
  close(): Promise<void>;
}> {
  const received: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (bytes) => {
      received.push(bytes);
      for (let i = 0; i + 2 < bytes.length; i++) {
        const n = bytes[i + 2] ?? 0;
        if (bytes[i] === 0x10 && bytes[i + 1] === 0x04 && n >= 1 && n <= 4) {
          socket.write(Uint8Array.of(statusAnswer(n, {})));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    decoded: () => decodeEscPos(Buffer.concat(received)),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function sellOne(): Promise<TicketView> {
  await value('signIn', { userId: CAMILLE.id, pin: CAMILLE.pin });
  if ((await value('currentSession')) === null) await value('openSession', { counts: {} });
  await value('addByBarcode', { code: pieceBarcode() });
  return value<TicketView>('pay', {
    payments: [{ method: 'card', amount: (await value<TicketView>('currentTicket')).totals.total }],
    acknowledged: true,
  });
}

describe('who signs in', () => {
  beforeEach(() => start());

  it('lists the active users, signed out, with no PIN hash', async () => {
    expect(await value('signedIn')).toBeNull();
    expect(await value('users')).toEqual([
      { id: 1, name: 'Camille', role: 'cashier', locale: null, lockedUntil: null },
      { id: 2, name: 'Manon', role: 'manager', locale: null, lockedUntil: null },
    ]);
  });

  it('shows a user locked out by wrong PINs, until when', async () => {
    for (let i = 0; i < 5; i++) await refusal('signIn', { userId: CAMILLE.id, pin: '0000' });
    const [camille, manon] = await value<{ lockedUntil: string | null }[]>('users');
    expect(Date.parse(camille?.lockedUntil ?? '')).toBeGreaterThan(Date.now());
    expect(manon?.lockedUntil).toBeNull();
  });

  it('signs in with a badge, no PIN, and tells the screens', async () => {
    const socket = await events();
    expect(await value('signInByBadge', { code: CAMILLE.badge })).toEqual({
      id: 1,
      name: 'Camille',
      role: 'cashier',
      locale: null,
    });
    expect(await value('signedIn')).toMatchObject({ id: 1 });
    await until(() => socket.messages.some((m) => m.event === 'signed_in'), 'signed_in');
    expect(socket.messages.find((m) => m.event === 'signed_in')?.payload).toEqual({ userId: 1 });
    socket.close();
  });

  it('keeps manager acts for a manager PIN after a badge sign-in', async () => {
    await value('signInByBadge', { code: CAMILLE.badge });
    await value('openSession', { counts: {} });
    const before = snapshot();
    const refused = await refusal('cashMove', { amount: -500, reason: 'bank' });
    expect(refused.code).toBe('auth.manager_required');
    expect(snapshot()).toEqual(before);
    await value('cashMove', {
      amount: -500,
      reason: 'bank',
      approval: { userId: MANON.id, pin: MANON.pin },
    });
  });

  it.each([
    ['a cashier code no user has', '0410000000038'],
    ['a product barcode', '5410000000001'],
    ['anything else', 'hello'],
  ])('refuses %s as a badge, signing the user before out', async (_name, code) => {
    await value('signIn', { userId: MANON.id, pin: MANON.pin });
    const before = snapshot();
    const refused = await refusal('signInByBadge', { code });
    expect(refused.code).toBe('auth.unknown_badge');
    expect(refused.message).toBe(message('fr-BE', 'error', 'auth.unknown_badge'));
    expect(await value('signedIn')).toBeNull();
    expect(snapshot()).toEqual(before);
  });

  it('refuses the badge of a user locked out by wrong PINs', async () => {
    for (let i = 0; i < 5; i++) await refusal('signIn', { userId: CAMILLE.id, pin: '0000' });
    const before = snapshot();
    expect((await refusal('signInByBadge', { code: CAMILLE.badge })).code).toBe('auth.locked');
    expect(await value('signedIn')).toBeNull();
    expect(snapshot()).toEqual(before);
  });

  it("keeps each user's language for their next sign-in", async () => {
    await value('signIn', { userId: CAMILLE.id, pin: CAMILLE.pin });
    expect(await value('setMyLocale', { locale: 'nl-BE' })).toEqual({
      id: 1,
      name: 'Camille',
      role: 'cashier',
      locale: 'nl-BE',
    });
    await value('signOut');
    expect(await value('signInByBadge', { code: CAMILLE.badge })).toMatchObject({
      locale: 'nl-BE',
    });
    expect(await value('users')).toMatchObject([{ locale: 'nl-BE' }, { locale: null }]);
  });

  it('refuses a language signed out, or one the till does not speak, changing nothing', async () => {
    const before = snapshot();
    expect((await refusal('setMyLocale', { locale: 'en' })).code).toBe('auth.required');
    await value('signIn', { userId: CAMILLE.id, pin: CAMILLE.pin });
    expect((await refusal('setMyLocale', { locale: 'de-DE' })).code).toBe('input.invalid');
    expect(snapshot()).toEqual(before);
  });
});

describe('what the screens show', () => {
  beforeEach(() => start());

  it('gives the session and the products as views', async () => {
    await value('signIn', { userId: CAMILLE.id, pin: CAMILLE.pin });
    expect(await value('currentSession')).toBeNull();
    await value('openSession', { counts: { '1000': 2, '50': 3 } });
    const session = await value<Record<string, unknown>>('currentSession');
    expect(Object.keys(session).sort()).toEqual(['id', 'openedAt', 'openedBy', 'openingFloat']);
    expect(session).toMatchObject({ openedBy: 1, openingFloat: 2150 });

    const code = pieceBarcode();
    const [product] = await value<Record<string, unknown>[]>('searchProducts', { query: code });
    expect(Object.keys(product ?? {}).sort()).toEqual([
      'barcode',
      'id',
      'name',
      'nameNl',
      'unit',
      'unitPrice',
      'vatRateBp',
    ]);
    expect(product).toMatchObject({ barcode: code, unit: 'piece' });
    const lentils = await value<{ name: string; unit: string }[]>('searchProducts', {
      query: 'lentilles',
    });
    expect(lentils.map((p) => p.name)).toContain('Lentilles vertes bio');
  });

  it('finds a paid ticket by its number typed', async () => {
    const paid = await sellOne();
    const number = String(paid.number);
    for (const typed of [number, ` ${number} `, `#${number}`, `000${number}`]) {
      expect((await value<TicketView>('findTicket', { reference: typed })).id).toBe(paid.id);
    }
  });

  it('tells, line by line, how much of a sale was refunded already', async () => {
    const paid = await sellOne();
    const [line] = paid.lines;
    if (!line) throw new Error('no line');
    expect(
      (await value<FoundTicket>('findTicket', { reference: String(paid.number) })).lines,
    ).toMatchObject([{ id: line.id, quantity: 1000, refunded: 0 }]);
    await value('refund', {
      ticketNumber: paid.number,
      lines: [{ lineId: line.id, quantity: 1000 }],
      method: 'card',
      approval: { userId: MANON.id, pin: MANON.pin },
    });
    expect(
      (await value<FoundTicket>('findTicket', { reference: String(paid.number) })).lines,
    ).toMatchObject([{ id: line.id, quantity: 1000, refunded: 1000 }]);
  });

  it('refuses a reference no paid ticket has, and anyone signed out, changing nothing', async () => {
    const paid = await sellOne();
    await value('addByBarcode', { code: pieceBarcode() });
    const before = snapshot();
    for (const reference of [String((paid.number ?? 0) + 1), 'abc', '0', '-1']) {
      const refused = await refusal('findTicket', { reference });
      expect(refused.code).toBe('ticket.unknown_reference');
      expect(refused.values).toEqual({ reference });
    }
    await value('signOut');
    const signedOut = await refusal('findTicket', { reference: String(paid.number) });
    expect(signedOut.code).toBe('auth.required');
    expect(snapshot()).toEqual(before);
  });

  it('counts an empty print queue on a till with no printer', async () => {
    expect(await value('printQueue')).toEqual({ waiting: 0, uncertain: 0 });
  });
});

describe("a manager's settings", () => {
  beforeEach(() => start());

  const approval = { userId: MANON.id, pin: MANON.pin };

  it("lists the member statuses in the till's language", async () => {
    await value('signIn', { userId: CAMILLE.id, pin: CAMILLE.pin });
    const statuses = await value<{ code: string }[]>('memberStatuses');
    expect(statuses).toContainEqual({ code: 'ok', label: 'À jour', mayShop: true, block: 'soft' });
    expect(statuses).toContainEqual({
      code: 'unsubscribed',
      label: 'Désinscrit',
      mayShop: false,
      block: 'hard',
    });
  });

  it('lets a manager change what a status allows, and a cashier with approval', async () => {
    await value('signIn', { userId: MANON.id, pin: MANON.pin });
    const changed = await value<{ code: string }[]>('setMemberStatus', {
      code: 'suspended',
      mayShop: false,
      block: 'hard',
    });
    expect(changed.find((s) => s.code === 'suspended')).toMatchObject({ block: 'hard' });
    await value('signIn', { userId: CAMILLE.id, pin: CAMILLE.pin });
    await value('setMemberStatus', { code: 'suspended', mayShop: true, block: 'soft', approval });
    expect(
      readDb((db) => db.prepare("SELECT * FROM member_statuses WHERE code = 'suspended'").get()),
    ).toMatchObject({ may_shop: 1, block: null, label_fr: 'Suspendu' });
  });

  it('refuses a cashier, a wrong approval and an unknown status, changing nothing', async () => {
    await value('signIn', { userId: CAMILLE.id, pin: CAMILLE.pin });
    const before = snapshot();
    const input = { code: 'suspended', mayShop: true, block: 'soft' };
    expect((await refusal('setMemberStatus', input)).code).toBe('auth.manager_required');
    expect((await refusal('updateSettings', { locale: 'en' })).code).toBe('auth.manager_required');
    const cashierApproves = { userId: CAMILLE.id, pin: CAMILLE.pin };
    expect((await refusal('setMemberStatus', { ...input, approval: cashierApproves })).code).toBe(
      'auth.manager_required',
    );
    const unknown = await refusal('setMemberStatus', { ...input, code: 'gone', approval });
    expect(unknown).toMatchObject({ code: 'member.unknown_status', values: { status: 'gone' } });
    expect(
      (await refusal('updateSettings', { shop: { name: '', addressLines: [], footerLines: [] } }))
        .code,
    ).toBe('input.invalid');
    // Manon's PIN checked for the unknown status: her failures were not counted, nothing else moved.
    expect(snapshot()).toEqual(before);
  });

  it("changes the till's language and the shop on the next receipt", async () => {
    await value('signIn', { userId: MANON.id, pin: MANON.pin });
    const settings = await value<{ locale: string; shop: Record<string, unknown> }>(
      'updateSettings',
      {
        locale: 'nl-BE',
        shop: { name: 'Coop Gent', addressLines: ['Veldstraat 1'], footerLines: ['Tot ziens'] },
      },
    );
    expect(settings.locale).toBe('nl-BE');
    // The VAT number is not the screen's to change: it stays.
    expect(settings.shop).toEqual({
      name: 'Coop Gent',
      addressLines: ['Veldstraat 1'],
      vatNumber: 'BE 0000.000.097',
      footerLines: ['Tot ziens'],
    });
    expect((await refusal('findTicket', { reference: '999' })).message).toBe(
      message('nl-BE', 'error', 'ticket.unknown_reference', { reference: '999' }),
    );
    const paid = await sellOne();
    const receipt = await value<{ header: { shopName: string } }>('reprintReceipt', {
      ticketNumber: paid.number,
    });
    expect(receipt.header.shopName).toBe('Coop Gent');
  });
});

describe('with devices', () => {
  it("signs in by a badge scanned and says a refused scan in the till's language", async () => {
    await start({
      scanner: 'sim',
      printer: 'none',
      drawer: 'none',
      scale: 'none',
      display: 'none',
    });
    const socket = await events();
    const scan = (code: string) => {
      const scanner = kiosk.running.devices?.scanner;
      if (!scanner) throw new Error('no scanner');
      scanner.simulateScan(code);
    };
    await kiosk.running.devices?.whenReady('scanner');
    scan(MANON.badge);
    await until(() => socket.messages.some((m) => m.event === 'signed_in'), 'signed_in');
    expect(await value('signedIn')).toMatchObject({ id: 2 });
    await value('updateSettings', { locale: 'en' });
    await value('openSession', { counts: {} });
    scan('0410000000038');
    await until(() => socket.messages.some((m) => m.event === 'scan_refused'), 'scan_refused');
    expect(socket.messages.find((m) => m.event === 'scan_refused')?.payload).toEqual({
      code: '0410000000038',
      message: message('en', 'error', 'auth.unknown_badge'),
    });
    socket.close();
  });

  it("prints the receipt's barcode, which finds the ticket when scanned", async () => {
    const printer = await networkPrinter();
    try {
      await start({
        scanner: 'none',
        printer: `tcp:127.0.0.1:${printer.port}`,
        drawer: 'none',
        scale: 'none',
        display: 'none',
      });
      const socket = await events();
      const paid = await sellOne();
      await until(() => commandsOf(printer.decoded(), 'cut').length > 0, 'the receipt on paper');
      const [barcode] = commandsOf(printer.decoded(), 'barcode');
      expect(barcode?.symbology).toMatch(/code128/i);
      const found = await value<TicketView>('findTicket', { reference: barcode?.data ?? '' });
      expect(found.id).toBe(paid.id);
      const queue = () => socket.messages.filter((m) => m.event === 'print_queue');
      await until(
        () => JSON.stringify(queue().at(-1)?.payload) === '{"waiting":0,"uncertain":0}',
        'the queue drained',
      );
      expect(queue().map((m) => m.payload)).toContainEqual({ waiting: 1, uncertain: 0 });
      expect(await value('printQueue')).toEqual({ waiting: 0, uncertain: 0 });
      socket.close();
    } finally {
      await printer.close();
    }
  });

  it('counts the receipts waiting for a printer that does not answer', async () => {
    await start({
      scanner: 'none',
      printer: 'tcp:127.0.0.1:1',
      drawer: 'none',
      scale: 'none',
      display: 'none',
    });
    const socket = await events();
    await sellOne();
    await until(() => socket.messages.some((m) => m.event === 'print_queue'), 'print_queue');
    expect(socket.messages.find((m) => m.event === 'print_queue')?.payload).toEqual({
      waiting: 1,
      uncertain: 0,
    });
    expect(await value('printQueue')).toEqual({ waiting: 1, uncertain: 0 });
    socket.close();
  });
});
